#!/usr/bin/python3
"""What each SMB2 connection's session enforced, from the tshark oracles only.

Reads oracle/NAME.pcap.jsonl (negotiate messages, oracle.py) and
oracle/NAME.pcap.session.jsonl (session-oracle.py) beside each capture and
prints one line per TCP connection: the dialect, the authentication
(ntlmssp / kerberos / anonymous: empty NTLMSSP user / guest: session flag 0x1), the
session flags, whether the messages after the session setup were signed
(yes: all of them; no: the first unsigned frame), encrypted (transform
headers), the trees, and the negotiate validation against the negotiation as
seen in this capture (match / mismatch: the fields / absent; "no answer"
when the request was not answered).  A reference for tests and docs, not
smbneg's algorithm.  Usage: session-facts.py CAPTURE...
"""
import json
import os
import sys


def load(path):
    with open(path) as fh:
        return [json.loads(l) for l in fh if l.strip()]


def conn_key(r):
    a, b = (r["src"], r["sport"]), (r["dst"], r["dport"])
    return (a, b) if r.get("dport") == 445 or (r.get("sport") != 445 and a < b) else (b, a)


def hexint(v):
    return int(v, 16) if isinstance(v, str) else v


def validate(neg_req, neg_resp, msgs):
    reqs = [m for m in msgs if m.get("function") == "0x00140204" and not m["response"] and "validate" in m]
    if not reqs:
        return "absent"
    q = reqs[0]["validate"]
    diff = []
    if neg_req:
        if q.get("dialects") != neg_req["dialects"]:
            diff.append("dialects")
        if hexint(q.get("capabilities")) != hexint(neg_req["capabilities"][0]):
            diff.append("capabilities(request)")
        if q.get("guid") != neg_req["client_guid"][0]:
            diff.append("guid(request)")
        if hexint(q.get("sec_mode")) != hexint(neg_req["sec_mode"][0]):
            diff.append("security mode(request)")
    resp = [m for m in msgs if m["response"] and m.get("msg_id") == reqs[0]["msg_id"] and m.get("cmd") == 11]
    if not resp or "validate" not in resp[0]:
        return ("mismatch: " + ",".join(diff) if diff else "match") + " (no answer)"
    s = resp[0]["validate"]
    if neg_resp:
        if s.get("dialect") != neg_resp["dialects"][0]:
            diff.append("dialect")
        if hexint(s.get("capabilities")) != hexint(neg_resp["capabilities"][0]):
            diff.append("capabilities")
        if s.get("guid") != neg_resp["server_guid"][0]:
            diff.append("guid")
        if hexint(s.get("sec_mode")) != hexint(neg_resp["sec_mode"][0]):
            diff.append("security mode")
    return "mismatch: " + ",".join(diff) if diff else "match"


def facts(cap):
    d, b = os.path.dirname(cap), os.path.basename(cap)
    neg = load(os.path.join(d, "oracle", b + ".jsonl"))
    ses = load(os.path.join(d, "oracle", b + ".session.jsonl"))
    conns = {}
    for r in ses:
        conns.setdefault(conn_key(r), []).append(r)
    for key, msgs in conns.items():
        nq = [n for n in neg if n["proto"] == "smb2" and not n["response"] and conn_key(n) == key]
        ns = [n for n in neg if n["proto"] == "smb2" and n["response"] and conn_key(n) == key and n["dialects"]]
        nq, ns = (nq[-1] if nq else None), (ns[-1] if ns else None)
        setup = [m for m in msgs if m.get("cmd") == 1 and m["response"] and m.get("status") == "0x00000000"]
        auth = [m for m in msgs if m.get("cmd") == 1 and not m["response"] and "ntlmssp_user" in m]
        krb = [m for m in msgs if m.get("cmd") == 1 and not m["response"] and "krb_realm" in m]
        out = {"dialect": ns["dialects"][0] if ns else None}
        if setup:
            flags = hexint(setup[0].get("session_flags", "0"))
            user = auth[-1]["ntlmssp_user"] if auth else None
            out["auth"] = ("guest" if flags & 1 else "anonymous" if user == "NULL" else
                           "ntlmssp %s\\%s" % (auth[-1].get("ntlmssp_domain"), user) if auth else
                           "kerberos %s %s" % (krb[-1]["krb_realm"], "/".join(krb[-1].get("krb_sname", [])))
                           if krb else "?")
            out["session_flags"] = "0x%04x" % flags
            after = [m for m in msgs if m["frame"] > setup[0]["frame"]]
            plain = [m for m in after if m.get("protocol_id") == "0xfe534d42"]
            unsigned = [m["frame"] for m in plain if not m["signed"]]
            out["signed"] = ("no (first unsigned: frame %d)" % unsigned[0]) if unsigned else ("yes" if plain else "-")
            out["encrypted"] = "yes" if any(m.get("protocol_id") == "0xfd534d42" for m in after) else "no"
        out["trees"] = [m["tree"] for m in msgs if m.get("cmd") == 3 and not m["response"] and "tree" in m]
        out["validation"] = validate(nq, ns, msgs)
        print("%s %s:%d -> %s:%d %s" % (os.path.relpath(cap), key[0][0], key[0][1], key[1][0], key[1][1],
                                       json.dumps(out)))


if __name__ == "__main__":
    for c in sys.argv[1:]:
        facts(c)
