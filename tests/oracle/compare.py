#!/usr/bin/python3
"""compare.py - prove smbneg's SMB NEGOTIATE decoding against tshark's.

Usage: compare.py --smbneg PATH [--shared DIR] [--report FILE] [--keep DIR] [-v] [CAPTURE...]

For every capture (default: every capture under DIR/captures that has an
oracle/<file>.jsonl beside it) smbneg is run into a temporary directory, every
negotiate message is pulled out of its `smb` records and matched to the
oracle's messages (tshark 4.0.17, made by tools/smblab/oracle.py) by frame
number (== pcap_cnt), direction and protocol, then field by field compared.
The five places where tshark is not the whole truth (captures/README.md) are
encoded below in EXCEPTIONS and reported as "known tshark limitation".
See README.md next to this file.  Standard library only.
"""
import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile

# ---------------------------------------------------------------- name tables
# smbneg's EVE names (src/app/smb/smb-names.c) -> wire values (MS-SMB2).
CAPS = {"dfs": 0x1, "leasing": 0x2, "large_mtu": 0x4, "multi_channel": 0x8,
        "persistent_handles": 0x10, "directory_leasing": 0x20, "encryption": 0x40,
        "notifications": 0x80}
HASHES = {"SHA-512": 1}
CIPHERS = {"AES-128-CCM": 1, "AES-128-GCM": 2, "AES-256-CCM": 3, "AES-256-GCM": 4}
SIGNING = {"HMAC-SHA256": 0, "AES-CMAC": 1, "AES-GMAC": 2}
COMPRESSION = {"NONE": 0, "LZNT1": 1, "LZ77": 2, "LZ77+Huffman": 3, "Pattern_V1": 4, "LZ4": 5}

CTX_PREAUTH, CTX_ENCRYPTION, CTX_COMPRESSION, CTX_NETNAME, CTX_SIGNING = 1, 2, 3, 5, 8

# Fields compared, per message kind (see README.md for the tshark field behind each).
FIELDS = {
    ("smb2", False): ["msg_id", "dialects", "sec_mode", "capabilities", "client_guid",
                      "contexts", "ciphers", "hashes", "signing", "compression", "netname"],
    ("smb2", True): ["msg_id", "dialect", "sec_mode", "capabilities", "server_guid", "status",
                     "max_transact_size", "max_read_size", "max_write_size",
                     "contexts", "ciphers", "hashes", "signing", "compression"],
    "smb2_error": ["msg_id", "status"],
    ("smb1", False): ["dialects"],
    ("smb1", True): ["index", "status"],
}
# Fields that are lists in tshark's output, concatenated over every message of a frame.
LIST_FIELDS = {"dialects", "contexts", "ciphers", "hashes", "signing", "compression", "netname"}

# ------------------------------------------------------- known tshark limits
# Keyed by the capture's path relative to DIR/captures.  `add`: messages the
# truth has and tshark misses (normalized form, as from norm_oracle);
# `drop`: (frame, proto, response) the truth does not have; `check`:
# (frame, proto, response) the truth must contain (asserted against the oracle).
EXCEPTIONS = {
    "public/suricata-verify/tests/smb-eicar-file-segmentation-random/input.pcap": {
        "n": 1,
        "why": "SMB1 NEGOTIATE request arrives in 29 segments, the first one byte long; tshark "
               "never decodes it. Truth: the request (10 dialects ending in \"NT LM 0.12\", "
               "complete at frame 41) and its response (index 9, frame 44).",
        "add": [{"frame": 41, "proto": "smb1", "response": False,
                 "dialects": ["PC NETWORK PROGRAM 1.0", "MICROSOFT NETWORKS 1.03",
                              "MICROSOFT NETWORKS 3.0", "LANMAN1.0", "LM1.2X002",
                              "DOS LANMAN2.1", "LANMAN2.1", "Samba", "NT LANMAN 1.0",
                              "NT LM 0.12"]}],
        "check": [(44, "smb1", True)],
    },
    "public/eternalsafety/tests/traces/shadowbrokers/eternalblue-success-unpatched-win7.pcap": {
        "n": 2,
        "why": "EternalBlue heap-grooming messages (\"\\xFESMB\"+zeros, command 0, StructureSize 0, "
               "NBSS length 0xfff7 never completed) are not negotiations. Truth: only the 6 SMB1 "
               "request/response pairs; any SMB2 message from smbneg here is wrong.",
        "forbid_proto": "smb2",
    },
    "public/eternalsafety/tests/traces/shadowbrokers/metasploit-ms017-010-win7x64.pcap": {
        "n": 2,
        "why": "Metasploit MS17-010 heap grooming (\"\\xFESMB\"+zeros, StructureSize 0) is not a "
               "negotiation. Truth: only the 3 SMB1 request/response pairs; any SMB2 message "
               "from smbneg here is wrong.",
        "forbid_proto": "smb2",
    },
    "public/arkime/tests/pcap/arkime_synthetic.pcap": {
        "n": 3,
        "why": "frame 432 is an SMB2 NEGOTIATE response whose NBSS length (192) exceeds the bytes "
               "captured (182); tshark waits forever. The header, the 64-byte body and the "
               "48-byte security blob are all present. Truth: response msg_id 0, dialect 0x0210, "
               "sec_mode 1, caps 0x7, zero server GUID, 1 MiB max sizes.",
        "add": [{"frame": 432, "proto": "smb2", "response": True, "msg_id": 0,
                 "dialect": "0x0210", "sec_mode": 1, "capabilities": 7,
                 "server_guid": "00000000-0000-0000-0000-000000000000", "status": 0,
                 "max_transact_size": 1048576, "max_read_size": 1048576,
                 "max_write_size": 1048576, "contexts": [], "ciphers": [], "hashes": [],
                 "signing": [], "compression": [], "dialects": ["0x0210"], "netname": []}],
    },
    # Derived by tools/smblab/derive.py: default-3.1.1's requests re-segmented
    # into 1..7-byte pieces.  tshark, like in #1, gives up on them; the bytes
    # are those of lab/default-3.1.1.pcap frame 4, whose oracle record is the
    # truth here.
    "generated/tiny-segments.pcap": {
        "n": 6,
        "why": "the NEGOTIATE request arrives in 1..7-byte segments; tshark never decodes it. "
               "Truth: lab/default-3.1.1.pcap's request (oracle of frame 4), complete at frame 59.",
        "add": [{"frame": 59, "proto": "smb2", "response": False, "msg_id": 0,
                 "dialects": ["0x0202", "0x0210", "0x0300", "0x0302", "0x0311"],
                 "sec_mode": 1, "capabilities": 0x7f,
                 "client_guid": "62d0c89c-cfee-47d9-8c95-f17d0c413f19",
                 "contexts": [1, 2, 8, 5], "ciphers": [2, 1, 4, 3], "hashes": [1],
                 "signing": [2, 1, 0], "compression": [], "netname": ["srv"]}],
    },
    "public/suricata-verify/tests/dcerpc/zerologon/input.pcap": {
        "n": 4,
        "why": "frame 737 is a (spurious) retransmission of the SMB1 NEGOTIATE request of frame "
               "735: one message, not two. Truth: request at 735 only.",
        "drop": [(737, "smb1", False)],
        "check": [(735, "smb1", False)],
    },
    "public/suricata-verify/tests/smb1-02/smb1_osx.pcap": {
        "n": 5,
        "why": "the server's ACK precedes the client's request in the file; only out-of-order "
               "reassembly finds the request (the oracle was made with "
               "tcp.reassemble_out_of_order:TRUE). Truth: requests at frames 9, 35, 60.",
        "check": [(9, "smb1", False), (35, "smb1", False), (60, "smb1", False)],
    },
}


# ------------------------------------------------------------- normalizing
def hexint(s):
    return int(s, 16) if isinstance(s, str) and s.lower().startswith("0x") else int(s)


def first(lst, conv=lambda x: x):
    return conv(lst[0]) if lst else None


def norm_oracle(o):
    """One oracle line -> the normalized message (ints, lowercase strings)."""
    m = {"frame": o["frame"], "proto": o["proto"], "response": bool(o["response"]),
         "src": "%s:%s" % (o["src"], o["sport"]), "dst": "%s:%s" % (o["dst"], o["dport"]),
         "oracle": True}
    if o["proto"] == "smb1":
        m["dialects"] = list(o.get("dialects", []))
        m["index"] = first(o.get("index", []), int)
        m["status"] = first(o.get("status", []), hexint)
        return m
    m["msg_id"] = o.get("msg_id")
    m["dialects"] = [d.lower() for d in o.get("dialects", [])]
    m["dialect"] = m["dialects"][0] if m["dialects"] else None
    m["sec_mode"] = first(o.get("sec_mode", []), hexint)
    m["capabilities"] = first(o.get("capabilities", []), hexint)
    m["client_guid"] = first(o.get("client_guid", []), str.lower)
    m["server_guid"] = first(o.get("server_guid", []), str.lower)
    m["status"] = first(o.get("status", []), hexint)
    ms = o.get("max_sizes", [[], [], []])
    for k, v in zip(("max_transact_size", "max_read_size", "max_write_size"), ms):
        m[k] = first(v, int)
    for k in ("contexts", "ciphers", "hashes", "signing", "compression"):
        m[k] = [hexint(x) for x in o.get(k, [])]
    m["netname"] = list(o.get("netname", []))
    return m


def name_ids(names, table):
    out = []
    for n in names or []:
        if n in table:
            out.append(table[n])
        else:
            try:
                out.append(hexint(n))
            except ValueError:
                out.append(n)  # unknown name: kept as is, will show as a mismatch
    return out


def caps_mask(names):
    v = 0
    for n in names or []:
        v |= CAPS[n] if n in CAPS else hexint(n)
    return v


def norm_contexts(m, ctxs):
    m["contexts"] = []
    for k in ("ciphers", "hashes", "signing", "compression", "netname"):
        m[k] = []
    for c in ctxs or []:
        t = c.get("type_id")
        m["contexts"].append(t)
        if t == CTX_PREAUTH:
            m["hashes"] += name_ids(c.get("hash_algorithms"), HASHES)
        elif t == CTX_ENCRYPTION:
            m["ciphers"] += name_ids(c.get("ciphers"), CIPHERS)
        elif t == CTX_SIGNING:
            m["signing"] += name_ids(c.get("algorithms"), SIGNING)
        elif t == CTX_COMPRESSION:
            m["compression"] += name_ids(c.get("algorithms"), COMPRESSION)
        elif t == CTX_NETNAME and "name" in c:
            m["netname"].append(c["name"])


def norm_smbneg(rec):
    """One EVE smb record -> 0, 1 or 2 normalized messages."""
    smb = rec.get("smb", {})
    neg = smb.get("negotiate", {})
    ends = sorted(["%s:%s" % (rec.get("src_ip"), rec.get("src_port")),
                   "%s:%s" % (rec.get("dest_ip"), rec.get("dest_port"))])
    out = []
    q = neg.get("request")
    if q is not None:
        m = {"frame": q.get("pcap_cnt"), "response": False, "ends": ends,
             "partial": bool(q.get("partial")), "tx": smb.get("id")}
        if "smb1_dialects" in q:
            m.update(proto="smb1", dialects=list(q["smb1_dialects"]))
        else:
            m.update(proto="smb2", msg_id=q.get("message_id"),
                     dialects=[d.lower() for d in q.get("dialects", [])],
                     sec_mode=q.get("security_mode"),
                     capabilities=caps_mask(q.get("capabilities")),
                     client_guid=(q.get("client_guid") or "").lower() or None)
            norm_contexts(m, q.get("contexts"))
        out.append(m)
    r = neg.get("response")
    if r is not None:
        m = {"frame": r.get("pcap_cnt"), "response": True, "ends": ends,
             "partial": bool(r.get("partial")), "tx": smb.get("id"),
             "status": hexint(r["status_code"]) if "status_code" in r else None}
        if "smb1_dialect_index" in r:
            m.update(proto="smb1", index=r["smb1_dialect_index"])
        else:
            d = r.get("dialect")
            m.update(proto="smb2", msg_id=r.get("message_id"),
                     dialect=d.lower() if d else None, dialects=[d.lower()] if d else [],
                     sec_mode=r.get("security_mode"),
                     capabilities=caps_mask(r.get("capabilities")) if "capabilities" in r else None,
                     server_guid=(r.get("server_guid") or "").lower() or None,
                     max_transact_size=r.get("max_transact_size"),
                     max_read_size=r.get("max_read_size"),
                     max_write_size=r.get("max_write_size"))
            norm_contexts(m, r.get("contexts"))
        out.append(m)
    return out


def drop_empty(m):
    """oracle.py splits tshark's '|'-joined lists and drops empty items, so an empty
    SMB1 dialect string (nmap's probe ends with one; tshark does show it) or an empty
    netname cannot appear in the oracle.  Drop them on smbneg's side too; -> count."""
    n = 0
    for k in ("dialects", "netname"):
        if k in m and any(x == "" for x in m[k]):
            n += sum(1 for x in m[k] if x == "")
            m[k] = [x for x in m[k] if x != ""]
    return n


def field_list(m):
    if m["proto"] == "smb2" and m["response"] and m.get("status") not in (None, 0) \
            and not m.get("dialect"):
        return FIELDS["smb2_error"]
    return FIELDS[(m["proto"], m["response"])]


def merge(msgs):
    """Several smbneg messages of one frame -> what tshark shows for that frame:
    list fields concatenated in message order, scalar fields from the first."""
    if len(msgs) == 1:
        return dict(msgs[0])
    m = dict(msgs[0])
    for k in LIST_FIELDS:
        if any(k in x for x in msgs):
            m[k] = [v for x in msgs for v in x.get(k, [])]
    return m


def diff(exp, act):
    """-> (fields compared, [(field, expected, actual)])."""
    bad, n = [], 0
    for f in field_list(exp):
        e, a = exp.get(f), act.get(f)
        if f == "status" and exp["proto"] == "smb1" and e is None:
            continue  # tshark shows no NT status (DOS error class in use): nothing to compare
        n += 1
        if e != a:
            bad.append((f, e, a))
    return n, bad


def compare_frame(exp, group):
    """Best order of the smbneg messages of one frame against the oracle's line."""
    best = None
    perms = itertools.permutations(group) if len(group) <= 5 else [group]
    for p in perms:
        n, bad = diff(exp, merge(list(p)))
        if best is None or len(bad) < len(best[1]):
            best = (n, bad)
        if not bad:
            break
    return best


# ------------------------------------------------------------------ running
def find_captures(shared):
    caps = []
    for root, dirs, files in os.walk(os.path.join(shared, "captures")):
        dirs.sort()
        if os.path.basename(root) != "oracle":
            continue
        for f in sorted(files):
            if f.endswith(".jsonl"):
                c = os.path.join(os.path.dirname(root), f[:-len(".jsonl")])
                if os.path.exists(c):
                    caps.append(c)
    return sorted(caps)


def oracle_path(cap):
    return os.path.join(os.path.dirname(cap), "oracle", os.path.basename(cap) + ".jsonl")


def run_smbneg(smbneg, cap, keep=None):
    d = tempfile.mkdtemp(prefix="smbneg-cmp-") if keep is None else keep
    os.makedirs(d, exist_ok=True)
    p = subprocess.run([smbneg, "-r", cap, "-l", d], capture_output=True, text=True)
    msgs = []
    ev = os.path.join(d, "eve.json")
    if os.path.exists(ev):
        with open(ev) as fh:
            for line in fh:
                line = line.strip()
                if not line:
                    continue
                rec = json.loads(line)
                if rec.get("event_type") == "smb":
                    msgs += norm_smbneg(rec)
    if keep is None:
        for f in os.listdir(d):
            os.unlink(os.path.join(d, f))
        os.rmdir(d)
    return p.returncode, p.stderr.strip(), msgs


def describe(m):
    kind = "%s %s" % (m["proto"], "resp" if m["response"] else "req")
    extra = []
    if m.get("msg_id") is not None:
        extra.append("mid=%s" % m["msg_id"])
    if m["proto"] == "smb2" and m["response"]:
        extra.append("dialect=%s status=0x%x" % (m.get("dialect"), m.get("status") or 0))
    elif m["proto"] == "smb2":
        extra.append("dialects=%s" % ",".join(m.get("dialects", [])))
    elif m["response"]:
        extra.append("index=%s" % m.get("index"))
    else:
        extra.append("%d dialects" % len(m.get("dialects", [])))
    if m.get("partial"):
        extra.append("partial")
    return "frame %s %s (%s)" % (m["frame"] if m["frame"] else "-", kind, " ".join(extra))


def compare_capture(args, cap):
    rel = os.path.relpath(cap, os.path.join(args.shared, "captures"))
    res = {"capture": rel, "oracle": 0, "smbneg": 0, "matched": 0, "fields": 0,
           "mismatches": [], "only_tshark": [], "only_smbneg": [], "shifted": [],
           "notes": [], "error": None}
    with open(oracle_path(cap)) as fh:
        truth = [norm_oracle(json.loads(l)) for l in fh if l.strip()]

    exc = EXCEPTIONS.get(rel) or next(
        (v for k, v in EXCEPTIONS.items() if cap.endswith("/" + k)), None)
    if exc:
        note = "known tshark limitation #%d: %s" % (exc["n"], exc["why"])
        for key in exc.get("check", []):
            if not any((t["frame"], t["proto"], t["response"]) == key for t in truth):
                note += " [oracle lacks %s; truth added]" % (key,)
                truth.append({"frame": key[0], "proto": key[1], "response": key[2],
                              "expected_only": True})
        drops = set(exc.get("drop", []))
        if drops:
            nd = len(truth)
            truth = [t for t in truth if (t["frame"], t["proto"], t["response"]) not in drops]
            note += " [%d oracle message(s) dropped]" % (nd - len(truth))
        for a in exc.get("add", []):
            if not any((t["frame"], t["proto"], t["response"]) ==
                       (a["frame"], a["proto"], a["response"]) for t in truth):
                truth.append(dict(a, oracle=False))
        res["notes"].append(note)

    keep = os.path.join(args.keep, rel.replace("/", "__")) if args.keep else None
    rc, err, mine = run_smbneg(args.smbneg, cap, keep)
    if rc != 0:
        res["error"] = "smbneg exit %d: %s" % (rc, err[-300:])
    if exc and exc.get("forbid_proto"):
        bad = [m for m in mine if m["proto"] == exc["forbid_proto"]]
        if bad:
            res["notes"].append("smbneg reports %d %s message(s) the truth forbids"
                                % (len(bad), exc["forbid_proto"]))
    res["oracle"] = len(truth)
    res["smbneg"] = len(mine)
    empties = sum(drop_empty(m) for m in mine)
    if empties:
        res["notes"].append("%d empty list item(s) (e.g. an empty SMB1 dialect string) left out of "
                            "the comparison: oracle.py drops empty values" % empties)

    groups = {}
    for m in mine:
        groups.setdefault((m["frame"], m["proto"], m["response"]), []).append(m)
    used = set()
    unmatched_truth = []
    for t in sorted(truth, key=lambda t: (t["frame"], t["response"])):
        key = (t["frame"], t["proto"], t["response"])
        g = groups.get(key)
        if not g:
            unmatched_truth.append(t)
            continue
        used.add(key)
        res["matched"] += 1
        if len(g) > 1:
            res["notes"].append("frame %d carries %d %s %s messages: compared against tshark's "
                                "concatenated fields" % (t["frame"], len(g), t["proto"],
                                                         "responses" if t["response"] else "requests"))
        if t.get("expected_only"):
            continue
        n, bad = compare_frame(t, g)
        res["fields"] += n
        for f, e, a in bad:
            res["mismatches"].append((describe(t), f, e, a))
    extra = [m for k, g in sorted(groups.items(), key=lambda kv: (kv[0][0] if isinstance(kv[0][0], int) else -1, kv[0][2]))
             if k not in used for m in g]
    # Pair what is left by proto/direction/msg id/endpoints: the same message seen
    # at a different frame (reassembly finished elsewhere).  Still a failure.
    for t in unmatched_truth:
        cand = None
        for m in extra:
            if m["proto"] != t["proto"] or m["response"] != t["response"]:
                continue
            if "src" in t and sorted([t["src"], t["dst"]]) != m["ends"]:
                continue
            if t.get("msg_id") is not None and m.get("msg_id") != t.get("msg_id"):
                continue
            if t["proto"] == "smb1" and not t["response"] and m.get("dialects") != t.get("dialects"):
                continue
            cand = m
            break
        if cand is not None and not t.get("expected_only"):
            extra.remove(cand)
            n, bad = diff(t, cand)
            res["fields"] += n
            res["shifted"].append((describe(t), cand["frame"], bad))
        else:
            res["only_tshark"].append(describe(t) + ("" if t.get("oracle", True) else " [truth]"))
    res["only_smbneg"] = [describe(m) for m in extra]
    res["ok"] = (res["error"] is None and not res["mismatches"] and not res["only_tshark"]
                 and not res["only_smbneg"] and not res["shifted"])
    return res


def fmt(v):
    return json.dumps(v) if not isinstance(v, int) or isinstance(v, bool) else \
        ("%d (0x%x)" % (v, v) if v > 9 else str(v))


def print_result(r, verbose):
    status = "PASS" if r["ok"] else "FAIL"
    if r["ok"] and not verbose and not r["notes"]:
        print("%s %s  oracle=%d smbneg=%d matched=%d fields=%d" % (
            status, r["capture"], r["oracle"], r["smbneg"], r["matched"], r["fields"]))
        return
    print("%s %s  oracle=%d smbneg=%d matched=%d fields=%d" % (
        status, r["capture"], r["oracle"], r["smbneg"], r["matched"], r["fields"]))
    for n in r["notes"]:
        print("    note: " + n)
    if r["error"]:
        print("    error: " + r["error"])
    for d, f, e, a in r["mismatches"]:
        print("    mismatch %s: %s expected %s actual %s" % (d, f, fmt(e), fmt(a)))
    for d, fr, bad in r["shifted"]:
        print("    frame differs %s: smbneg reports it %s%s" % (
            d, "at frame %s" % fr if fr else "with no pcap_cnt (decoded at flow end)", "" if not bad else "; also " + "; ".join(
                "%s expected %s actual %s" % (f, fmt(e), fmt(a)) for f, e, a in bad)))
    for d in r["only_tshark"]:
        print("    only in tshark: " + d)
    for d in r["only_smbneg"]:
        print("    only in smbneg: " + d)


def md_escape(s):
    return str(s).replace("|", "\\|").replace("\n", " ")


def write_report(path, results, summary):
    with open(path, "w") as fh:
        fh.write("# smbneg vs tshark 4.0.17: SMB NEGOTIATE decoding\n\n")
        fh.write(summary + "\n\n")
        fh.write("| capture | result | oracle msgs | smbneg msgs | matched | fields | "
                 "field mismatches (field: expected / actual) | only in tshark | only in smbneg | notes |\n")
        fh.write("|---|---|---|---|---|---|---|---|---|---|\n")
        for r in results:
            mm = ["%s — %s: %s / %s" % (d, f, fmt(e), fmt(a)) for d, f, e, a in r["mismatches"]]
            mm += ["%s — frame: %s / %s%s" % (d, d.split()[1], fr, "".join(
                "; %s: %s / %s" % (f, fmt(e), fmt(a)) for f, e, a in bad)) for d, fr, bad in r["shifted"]]
            notes = list(r["notes"]) + ([r["error"]] if r["error"] else [])
            fh.write("| %s |\n" % " | ".join(md_escape(x) for x in [
                r["capture"], "pass" if r["ok"] else "**FAIL**", r["oracle"], r["smbneg"],
                r["matched"], r["fields"], "<br>".join(mm), "<br>".join(r["only_tshark"]),
                "<br>".join(r["only_smbneg"]), "<br>".join(notes)]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--smbneg", required=True, help="the smbneg binary")
    ap.add_argument("--shared", required=True, help="the shared dir (holds captures/): ../shared beside the tree")
    ap.add_argument("--report", help="write a markdown table here")
    ap.add_argument("--keep", help="keep each capture's eve.json under this directory")
    ap.add_argument("-v", "--verbose", action="store_true", help="detail for passing captures too")
    ap.add_argument("captures", nargs="*")
    args = ap.parse_args()
    args.shared = os.path.abspath(args.shared)
    caps = [os.path.abspath(c) for c in args.captures] or find_captures(args.shared)
    if not caps:
        print("no captures found", file=sys.stderr)
        return 2
    results = []
    for cap in caps:
        if not os.path.exists(oracle_path(cap)):
            print("SKIP %s: no oracle/%s.jsonl" % (cap, os.path.basename(cap)))
            continue
        r = compare_capture(args, cap)
        results.append(r)
        print_result(r, args.verbose)
    passed = sum(r["ok"] for r in results)
    failed = len(results) - passed
    tot = lambda k: sum(r[k] if isinstance(r[k], int) else len(r[k]) for r in results)
    summary = ("%d passed, %d failed (messages: %d oracle, %d smbneg, %d matched; "
               "fields compared %d, %d mismatched; %d at another frame; %d only in tshark; "
               "%d only in smbneg)" % (passed, failed, tot("oracle"), tot("smbneg"), tot("matched"),
                                       tot("fields"), tot("mismatches"), tot("shifted"),
                                       tot("only_tshark"), tot("only_smbneg")))
    print(summary)
    if args.report:
        write_report(args.report, results, summary)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
