#!/usr/bin/python3
"""rules-compare.py - prove smbneg's alerts for the shipped ruleset against an
independent evaluation of the same rules over tshark's decode.

Usage: rules-compare.py --smbneg PATH [--shared DIR] [--keep DIR] [-v] [CAPTURE...]

For every capture (default: every capture under DIR/captures with an
oracle/<file>.jsonl beside it) the oracle's negotiate messages (tshark 4.0.17,
tools/smblab/oracle.py) are grouped by TCP connection and paired into
transactions (an SMB2 response answers the unanswered SMB2 request of the same
MessageId; an SMB1 request is answered by the next response, SMB1 or SMB2).
The 20 negotiation rules of rules/smb-negotiate.rules (2260001-2260020;
the session rules 2260021-2260025 need the session setups, which the
oracle does not decode: tests/verify/session-* check them against the lab
manifest) are then evaluated here, from
tshark's fields only, with the semantics of doc/rules.md (re-implemented
below, not borrowed from smbneg), giving the expected alerts
(request frame, response frame, sid).  smbneg is run on the capture and its
alert records give (smb.negotiate.request.pcap_cnt, .response.pcap_cnt,
alert.signature_id); the two multisets are compared.

SMB1 signing bits come from smb1-signing.tsv (tshark too).  Where the oracle
does not carry a field a rule needs (a message tshark never decoded, ...) the (transaction, sid) is
"not decidable from the oracle": it is left out of the comparison on both
sides and counted.  tshark's known limits come from compare.py's EXCEPTIONS.
Standard library only.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402  (EXCEPTIONS, norm_oracle, find_captures, oracle_path)

# ------------------------------------------------------------------ constants
WILDCARD = 0x02FF
SMB1_TO_SMB2 = {"SMB 2.002": 0x0202, "SMB 2.???": 0x02FF}   # MS-SMB2 3.3.5.3.1
STATUS_NOT_SUPPORTED = 0xC00000BB
CTX_ENCRYPTION, CTX_COMPRESSION = 2, 3
AES_128_CCM, AES_128_GCM, AES_256_CCM, AES_256_GCM = 1, 2, 3, 4
ZERO_GUID = "00000000-0000-0000-0000-000000000000"

SIDS = list(range(2260001, 2260021))
# The baseline rules (smb.baseline) and their condition; smbneg runs with
# its defaults: baseline.min-observations 2, no max-age, one capture per run.
BASELINE_SIDS = {2260016: "server-dialect-drop", 2260017: "client-offer-drop",
                 2260018: "server-signing-drop", 2260019: "server-cipher-drop",
                 2260020: "server-guid-change"}
MIN_OBS = 2
CIPHER_RANK = {AES_256_GCM: 4, AES_128_GCM: 3, AES_256_CCM: 2, AES_128_CCM: 1}
UNDECIDABLE = None    # third truth value: the oracle cannot tell
# tshark's SMB1 signing bits (smb1-signing.tsv; the .jsonl oracle lacks them):
# (capture as display_name() names it, frame, response) -> row
SMB1_SIGNING = {}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "smb1-signing.tsv")) as _fh:
    _rows = [l.rstrip("\n").split("\t") for l in _fh if not l.startswith("#")]
for _r in _rows[1:]:
    _r = dict(zip(_rows[0], _r))
    _name = _r["capture"].split("shared:", 1)[-1].split("tests/captures/", 1)[-1]
    SMB1_SIGNING[(_name, int(_r["frame"]), _r["response"] == "1")] = _r


def t_and(*vals):
    """Three-valued AND: False wins, then None (undecidable), then True."""
    if any(v is False for v in vals):
        return False
    if any(v is None for v in vals):
        return None
    return True


# ------------------------------------------------------------- transactions
class Tx:
    def __init__(self, req=None, resp=None):
        self.req, self.resp = req, resp
        self.unknown = None   # why the whole transaction is undecidable

    def key(self):
        return (self.req["frame"] if self.req else None,
                self.resp["frame"] if self.resp else None)


def conn_key(m):
    return tuple(sorted([m["src"], m["dst"]]))


def build_txs(msgs):
    """Oracle messages (normalized, with src/dst) -> transactions, per connection."""
    conns = collections.OrderedDict()
    for m in sorted(msgs, key=lambda m: (m["frame"], m["response"])):
        conns.setdefault(conn_key(m), []).append(m)
    txs = []
    for ms in conns.values():
        pending = []    # unanswered request transactions, oldest first
        for m in ms:
            if not m["response"]:
                tx = Tx(req=m)
                pending.append(tx)
                txs.append(tx)
                continue
            tx = None
            if m["proto"] == "smb2":
                tx = next((t for t in pending if t.req["proto"] == "smb2"
                           and t.req.get("msg_id") == m.get("msg_id")), None)
            if tx is None:
                tx = next((t for t in pending if t.req["proto"] == "smb1"), None)
            if tx is None:
                tx = Tx()
                txs.append(tx)
            else:
                pending.remove(tx)
            tx.resp = m
    return txs


# ------------------------------------------------------------- tx accessors
def is_smb2_error(r):
    return r["proto"] == "smb2" and r.get("status") not in (None, 0) and not r.get("dialect")


def offered(tx):
    """The SMB2 dialects the request offers (ints), [] without a request."""
    q = tx.req
    if q is None:
        return []
    if q["proto"] == "smb2":
        return [int(d, 16) for d in q.get("dialects", [])]
    return [SMB1_TO_SMB2[s] for s in q.get("dialects", []) if s in SMB1_TO_SMB2]


def chosen_smb2(tx):
    """The SMB2 dialect the response chose, 0 if none (no/SMB1/error response)."""
    r = tx.resp
    if r is None or r["proto"] != "smb2" or is_smb2_error(r) or not r.get("dialect"):
        return 0
    return int(r["dialect"], 16)


def chosen_smb1(tx):
    """-> dialect string, False (no SMB1 dialect chosen) or None (undecidable)."""
    q, r = tx.req, tx.resp
    if r is None or q is None or r["proto"] != "smb1" or q["proto"] != "smb1":
        return False
    i = r.get("index")
    if i is None or i == 0xFFFF:
        return False
    if i < len(q.get("dialects", [])):
        return q["dialects"][i]
    # oracle.py drops empty dialect strings, so an index past tshark's list is
    # either a real bad index or one counted over a dropped "" entry.
    return None


def is_wildcard(tx):
    return chosen_smb2(tx) == WILDCARD


def client_not_required(tx):
    q = tx.req
    if q is None:
        return False
    if q["proto"] == "smb1":   # Flags2 never says "required" (MS-SMB 2.2.3.1)
        return True
    if q.get("sec_mode") is None:
        return None
    return not (q["sec_mode"] & 0x2)


def server_not_required(tx):
    r = tx.resp
    if r is None:
        return False
    if r["proto"] == "smb2":
        if is_smb2_error(r):
            return False
        if r.get("sec_mode") is None:
            return None
        return not (r["sec_mode"] & 0x2)
    # SMB1: the NT LM 0.12 response's SecurityMode (WordCount 17), from
    # tshark's smb1-signing.tsv; a message it lacks is undecidable.
    t = r.get("smb1_signing")
    return None if t is None else (t["wct"] == "17" and t["sm_sig_required"] == "0")


def server_cipher(tx):
    """-> cipher id (0: none) or False when the keyword cannot match."""
    r = tx.resp
    if r is None or r["proto"] != "smb2" or is_smb2_error(r):
        return False
    c = r.get("ciphers", [])
    return c[0] if c else 0


def client_ciphers(tx):
    q = tx.req
    if q is None or q["proto"] != "smb2":
        return []
    return q.get("ciphers", [])


# --------------------------------------------------------------- the rules
def rule_results(tx):
    """-> {sid: True|False|None} for one transaction."""
    wc = is_wildcard(tx)
    off = offered(tx)
    has_req = tx.req is not None
    best_nw = max([d for d in off if d != WILDCARD], default=0)
    res = {}

    # 2260001 smb.version:2; smb.dialects:only 2.0.2 (an SMB2 request)
    res[2260001] = (not wc) and has_req and tx.req["proto"] == "smb2" and bool(off) \
        and all(d == 0x0202 for d in off)
    # 2260002 smb.dialects.max:<=2.1 (an offer holding the wildcard has no
    # known highest dialect: never matches)
    known_max = bool(off) and WILDCARD not in off
    res[2260002] = (not wc) and known_max and max(off) <= 0x0210
    # 2260003 smb.version:1 (the request's header; the response's without one)
    ver = tx.req["proto"] if tx.req else (tx.resp["proto"] if tx.resp else None)
    res[2260003] = ver == "smb1"
    # 2260004 smb1.dialect:any
    c1 = chosen_smb1(tx)
    res[2260004] = None if c1 is None else bool(c1)
    # 2260005 smb.downgrade
    if wc:
        res[2260005] = False
    elif tx.resp is not None and tx.resp["proto"] == "smb1":
        res[2260005] = t_and(None if c1 is None else bool(c1), bool(off))
    else:
        ch = chosen_smb2(tx)
        res[2260005] = ch not in (0, WILDCARD) and ch < best_nw
    # 2260006 smb.server.signing:not_required
    srv = server_not_required(tx)
    res[2260006] = srv
    # 2260007 + smb.client.signing:not_required
    res[2260007] = t_and(client_not_required(tx), srv)
    # 2260008 smb.dialect:3.1.1; smb.server.cipher:none
    res[2260008] = chosen_smb2(tx) == 0x0311 and server_cipher(tx) == 0
    # 2260009 / 2260010 CCM chosen although GCM offered
    gcm = any(c in (AES_128_GCM, AES_256_GCM) for c in client_ciphers(tx))
    res[2260009] = server_cipher(tx) == AES_128_CCM and gcm
    res[2260010] = server_cipher(tx) == AES_256_CCM and gcm
    # 2260011 smb.client.contexts:any compression
    res[2260011] = bool(tx.req and tx.req["proto"] == "smb2"
                        and CTX_COMPRESSION in tx.req.get("contexts", []))
    # 2260012 smb.server.compression:any LZNT1,LZ77,LZ77+Huffman,Pattern_V1,LZ4
    r = tx.resp
    res[2260012] = bool(r and r["proto"] == "smb2" and not is_smb2_error(r)
                        and any(a in (1, 2, 3, 4, 5) for a in r.get("compression", [])))
    # 2260013 smb.dialects:any 0x0222,0x0224,0x0310
    res[2260013] = (not wc) and any(d in (0x0222, 0x0224, 0x0310) for d in off)
    # 2260014 zero client GUID; smb.dialects.max:>2.0.2
    q = tx.req
    res[2260014] = (not wc) and bool(q and q["proto"] == "smb2"
                                     and q.get("client_guid") == ZERO_GUID
                                     and known_max and max(off) > 0x0202)
    # 2260015 smb.status:STATUS_NOT_SUPPORTED
    if r is None:
        res[2260015] = False
    else:
        # SMB1 without an NT status (DOS error class): never 0xC00000BB.
        res[2260015] = r.get("status") == STATUS_NOT_SUPPORTED

    if tx.unknown:
        res = {s: None for s in res}
    return res


# --------------------------------------------------------------- baselines
def ip_of(endpoint):
    return endpoint.rsplit(":", 1)[0]


def observe(tx):
    """A completed negotiation as doc/rules.md's baselines see it: a dict, or
    False when it teaches nothing (no request or response, an error, the
    wildcard step), or None when the oracle cannot tell."""
    q, r = tx.req, tx.resp
    if q is None or r is None or tx.unknown:
        return None if tx.unknown else False
    o = {"server": ip_of(r["src"]), "client": ip_of(q["src"]), "smb1": False, "chosen": 0}
    if r["proto"] == "smb1":
        c1 = chosen_smb1(tx)
        if c1 is None:
            return None
        if not c1:
            return False
        o["smb1"] = True
    else:
        d = chosen_smb2(tx)
        if d in (0, WILDCARD):
            return False
        if r.get("sec_mode") is None:
            return None
        o["chosen"] = d
        o["signing_required"] = bool(r["sec_mode"] & 0x2)
        o["guid"] = r.get("server_guid")
        o["cipher"] = server_cipher(tx)
    off = offered(tx)
    o["offered"] = set(off)
    o["offered_max"] = max([d for d in off if d != WILDCARD], default=0)
    o["ciphers"] = set(client_ciphers(tx)) if q["proto"] == "smb2" else set()
    g = q.get("client_guid") if q["proto"] == "smb2" else None
    o["client_guid"] = g if g and g != ZERO_GUID else None
    return o


def judge(o, srv, cl_ip, cl_guid):
    """-> {sid: bool} for one observation against the records so far."""
    res = {sid: False for sid in BASELINE_SIDS}
    if srv["n"] >= MIN_OBS:
        best = srv["best"]
        res[2260016] = bool(best) and best in o["offered"] and (o["smb1"] or o["chosen"] < best)
        res[2260018] = (srv["required"] > 0 and "signing_required" in o
                        and not o["signing_required"])
        bc = srv["best_cipher"]
        res[2260019] = (bc > 0 and not o["smb1"] and CIPHER_RANK.get(o.get("cipher"), 0) < bc
                        and any(CIPHER_RANK.get(c, 0) >= bc for c in o["ciphers"]))
        res[2260020] = bool(o.get("guid")) and bool(srv["guids"]) and \
            o["guid"] not in srv["guids"]
    # client-offer-drop: a request with a client GUID seen at least MIN_OBS
    # times against that GUID's history; with a GUID seen less, against its
    # IP's whole history; without a GUID, against its IP's GUID-less history
    if cl_guid is not None:
        c = cl_guid if cl_guid["n"] >= MIN_OBS else cl_ip
    else:
        c = cl_ip["guidless"]
    if c["n"] >= MIN_OBS and c["best"] > o["offered_max"]:
        res[2260017] = True
    return res


def learn(o, srv, cl_ip, cl_guid):
    srv["n"] += 1
    srv["best"] = max(srv["best"], o["chosen"])
    if "signing_required" in o:
        srv["required"] += o["signing_required"]
    if not o["smb1"] and o["ciphers"]:
        srv["best_cipher"] = max(srv["best_cipher"], CIPHER_RANK.get(o["cipher"], 0))
    if o.get("guid"):
        if o["guid"] in srv["guids"]:
            srv["guids"].remove(o["guid"])
        srv["guids"].insert(0, o["guid"])
        del srv["guids"][4:]
    for c in (cl_ip, cl_guid if cl_guid is not None else cl_ip["guidless"]):
        c["n"] += 1
        c["best"] = max(c["best"], o["offered_max"])


def baseline_results(txs):
    """-> {id(tx): {sid: True|False|None}}: the baseline rules over one
    capture, transactions judged in the order their responses arrived, each
    against the earlier ones only, then learnt."""
    out = {}
    servers = collections.defaultdict(lambda: {"n": 0, "best": 0, "required": 0,
                                               "best_cipher": 0, "guids": []})
    clients = collections.defaultdict(lambda: {"n": 0, "best": 0,
                                               "guidless": {"n": 0, "best": 0}})
    blind = False    # an undecidable observation was skipped: later ones are unsure
    done = [t for t in txs if t.resp is not None]
    for tx in sorted(done, key=lambda t: t.resp["frame"]):
        o = observe(tx)
        if o is None:
            blind = True
        if not o:
            out[id(tx)] = {sid: (None if o is None else False) for sid in BASELINE_SIDS}
            continue
        srv, cip = servers[o["server"]], clients[("ip", o["client"])]
        cg = clients[("guid", o["client_guid"])] if o["client_guid"] else None
        res = judge(o, srv, cip, cg)
        out[id(tx)] = {s: (None if blind else v) for s, v in res.items()}
        learn(o, srv, cip, cg)
    return out


# ------------------------------------------------------------------ oracle
def load_truth(cap, name):
    """-> (normalized messages, notes) with compare.py's EXCEPTIONS applied."""
    with open(compare.oracle_path(cap)) as fh:
        raw = [json.loads(l) for l in fh if l.strip()]
    msgs = []
    for o in raw:
        m = compare.norm_oracle(o)
        m["src"], m["dst"] = "%s:%s" % (o["src"], o["sport"]), "%s:%s" % (o["dst"], o["dport"])
        msgs.append(m)
    for m in msgs:
        if m["proto"] == "smb1":
            m["smb1_signing"] = SMB1_SIGNING.get((name, m["frame"], m["response"]))
    notes, unknown_frames = [], []
    exc = next((v for k, v in compare.EXCEPTIONS.items()
                if name == k or name.endswith("/" + k)), None)
    if exc:
        notes.append("known tshark limitation #%d applied" % exc["n"])
        drops = set(exc.get("drop", []))
        msgs = [m for m in msgs if (m["frame"], m["proto"], m["response"]) not in drops]
        if exc.get("forbid_proto"):
            msgs = [m for m in msgs if m["proto"] != exc["forbid_proto"]]
        for a in exc.get("add", []) + [
                {"frame": f, "proto": p, "response": r, "placeholder": True}
                for f, p, r in exc.get("check", [])]:
            if any((m["frame"], m["proto"], m["response"]) ==
                   (a["frame"], a["proto"], a["response"]) for m in msgs):
                continue
            a = dict(a)
            # the connection: that of the nearest oracle message (swapped if
            # it goes the other way)
            near = min(msgs, key=lambda m: abs(m["frame"] - a["frame"]), default=None)
            if near is None:
                continue
            s, d = near["src"], near["dst"]
            if near["response"] != a["response"]:
                s, d = d, s
            a["src"], a["dst"] = s, d
            a.setdefault("dialects", [])
            if a.get("placeholder"):
                unknown_frames.append(a["frame"])
            msgs.append(a)
    return msgs, notes, unknown_frames


def expected_alerts(msgs, unknown_frames):
    """-> (Counter of (req_frame, resp_frame, sid), set of undecidable (req, resp, sid))."""
    exp, undecided = collections.Counter(), collections.Counter()
    txs = build_txs(msgs)
    for tx in txs:
        if any(m is not None and m.get("placeholder") for m in (tx.req, tx.resp)):
            tx.unknown = "message tshark never decoded"
    bl = baseline_results(txs)
    for tx in txs:
        rq, rs = tx.key()
        res = rule_results(tx)
        res.update(bl.get(id(tx), {sid: False for sid in BASELINE_SIDS}))
        for sid, v in res.items():
            if v is None:
                undecided[(rq, rs, sid)] += 1
            elif v:
                exp[(rq, rs, sid)] += 1
    return exp, undecided, txs


# ------------------------------------------------------------------ smbneg
def smbneg_alerts(smbneg, cap, keep=None):
    d = tempfile.mkdtemp(prefix="smbneg-rules-") if keep is None else keep
    os.makedirs(d, exist_ok=True)
    p = subprocess.run([smbneg, "-r", cap, "-l", d], capture_output=True, text=True)
    got = collections.Counter()
    ev = os.path.join(d, "eve.json")
    if os.path.exists(ev):
        with open(ev) as fh:
            for line in fh:
                if not line.strip():
                    continue
                rec = json.loads(line)
                if rec.get("event_type") != "alert":
                    continue
                neg = rec.get("smb", {}).get("negotiate", {})
                rq = (neg.get("request") or {}).get("pcap_cnt")
                rs = (neg.get("response") or {}).get("pcap_cnt")
                if rec["alert"]["signature_id"] in SIDS:  # the session rules: tests/verify
                    got[(rq, rs, rec["alert"]["signature_id"])] += 1
    if keep is None:
        for f in os.listdir(d):
            os.unlink(os.path.join(d, f))
        os.rmdir(d)
    return p.returncode, p.stderr.strip(), got


# ----------------------------------------------------------------- compare
def fr(v):
    return "-" if v is None else str(v)


def akey(k):
    return "sid %d req %s resp %s" % (k[2], fr(k[0]), fr(k[1]))


def compare_capture(args, cap, name):
    msgs, notes, unknown_frames = load_truth(cap, name)
    exp, und, txs = expected_alerts(msgs, unknown_frames)
    keep = os.path.join(args.keep, name.replace("/", "__")) if args.keep else None
    rc, err, got = smbneg_alerts(args.smbneg, cap, keep)
    res = {"capture": name, "txs": len(txs), "notes": notes, "error": None,
           "expected": sum(exp.values()), "found": 0, "undecidable": sum(und.values()),
           "excluded_smbneg": 0, "missing": [], "unexpected": [], "shifted": [],
           "exp_by_sid": collections.Counter(), "got_by_sid": collections.Counter()}
    if rc != 0:
        res["error"] = "smbneg exit %d: %s" % (rc, err[-300:])
    # undecidable (tx, sid): smbneg's alert there is not judged
    for k in list(got):
        if k in und:
            res["excluded_smbneg"] += got[k]
            del got[k]
    res["found"] = sum(got.values())
    for k, n in exp.items():
        res["exp_by_sid"][k[2]] += n
    for k, n in got.items():
        res["got_by_sid"][k[2]] += n
    missing = exp - got
    unexpected = got - exp
    # Same sid, one frame the same: the same transaction seen at another frame.
    for m in list(missing.elements()):
        cand = next((u for u in unexpected.elements() if u[2] == m[2] and
                     ((m[0] is not None and u[0] == m[0]) or
                      (m[1] is not None and u[1] == m[1]))), None)
        if cand is not None:
            missing[m] -= 1
            unexpected[cand] -= 1
            missing += collections.Counter()
            unexpected += collections.Counter()
            res["shifted"].append((m, cand))
    res["missing"] = sorted(missing.elements(), key=lambda k: (k[2], k[0] or 0, k[1] or 0))
    res["unexpected"] = sorted(unexpected.elements(), key=lambda k: (k[2], k[0] or 0, k[1] or 0))
    res["ok"] = (res["error"] is None and not res["missing"] and not res["unexpected"]
                 and not res["shifted"])
    if args.verbose:
        res["detail"] = [(tx.key(), tx.req and tx.req["proto"], tx.resp and tx.resp["proto"])
                         for tx in txs]
    return res


def print_result(r, verbose):
    print("%s %s  txs=%d expected=%d smbneg=%d undecidable=%d%s" % (
        "PASS" if r["ok"] else "FAIL", r["capture"], r["txs"], r["expected"], r["found"],
        r["undecidable"],
        " (smbneg alerts excluded: %d)" % r["excluded_smbneg"] if r["excluded_smbneg"] else ""))
    if r["ok"] and not verbose:
        return
    for n in r["notes"]:
        print("    note: " + n)
    if r["error"]:
        print("    error: " + r["error"])
    for k in r["missing"]:
        print("    missing (expected, smbneg silent): " + akey(k))
    for k in r["unexpected"]:
        print("    unexpected (smbneg only): " + akey(k))
    for e, g in r["shifted"]:
        print("    frames differ: expected %s, smbneg %s" % (akey(e), akey(g)))
    if verbose:
        for (rq, rs), pq, ps in r.get("detail", []):
            print("    tx req %s (%s) resp %s (%s)" % (fr(rq), pq, fr(rs), ps))


def find_all(args):
    caps = []
    for base in args.bases:
        for c in compare.find_captures(base):
            caps.append(c)
    return caps


def display_name(cap):
    parts = os.path.abspath(cap).split(os.sep)
    if "captures" in parts:
        i = len(parts) - 1 - parts[::-1].index("captures")
        return "/".join(parts[i + 1:])
    return os.path.basename(cap)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--smbneg", required=True, help="the smbneg binary")
    ap.add_argument("--shared", default=None,
                    help="a directory holding captures/ (default: ../shared beside the source tree); repeatable",
                    action="append", dest="bases")
    ap.add_argument("--keep", help="keep each capture's eve.json under this directory")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("captures", nargs="*")
    args = ap.parse_args()
    if not args.bases:
        args.bases = [os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared")]
    args.bases = [os.path.abspath(b) for b in args.bases]
    caps = [os.path.abspath(c) for c in args.captures] or find_all(args)
    if not caps:
        print("no captures found", file=sys.stderr)
        return 2
    results = []
    for cap in caps:
        if not os.path.exists(compare.oracle_path(cap)):
            print("SKIP %s: no oracle/%s.jsonl" % (cap, os.path.basename(cap)))
            continue
        r = compare_capture(args, cap, display_name(cap))
        results.append(r)
        print_result(r, args.verbose)
    passed = sum(r["ok"] for r in results)
    failed = len(results) - passed
    exp_sid, got_sid = collections.Counter(), collections.Counter()
    for r in results:
        exp_sid += r["exp_by_sid"]
        got_sid += r["got_by_sid"]
    tot = lambda k: sum(r[k] if isinstance(r[k], int) else len(r[k]) for r in results)
    print("per sid (expected/smbneg): " + ", ".join(
        "%d %d/%d" % (s, exp_sid[s], got_sid[s]) for s in SIDS))
    print("alerts: %d expected, %d from smbneg; %d missing, %d unexpected, %d at other frames; "
          "%d (tx, sid) not decidable from the oracle excluded (%d smbneg alerts among them)"
          % (tot("expected"), tot("found"), tot("missing"), tot("unexpected"), tot("shifted"),
             tot("undecidable"), tot("excluded_smbneg")))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
