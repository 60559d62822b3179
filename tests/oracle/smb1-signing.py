#!/usr/bin/python3
"""smb1-signing.py - prove smbneg's SMB1 signing fields against tshark's.

Usage: smb1-signing.py --smbneg PATH [--shared DIR] [--table FILE] [-v]

smb1-signing.tsv (made by smb1-signing-oracle.sh from tshark 4.0.17) holds
every SMB1 NEGOTIATE message of the captures that have one.  smbneg is run on
each capture (the shared corpus's only when DIR/captures exists) and every
SMB1 message of its `smb` records is matched to the table by frame
(== pcap_cnt) and direction, then:
  request:  flags2 == Flags2; signing == "enabled" iff smb.flags2.sec_sig
            (never "required", MS-SMB 2.2.3.1); extended_security == esn;
  response: an NT LM 0.12 response (WordCount 17) has security_mode == smb.sm
            and signing "required" iff smb.sm.sig_required, else "enabled" iff
            smb.sm.signatures, else "disabled"; any other has neither;
  summary:  client_signing / server_signing repeat the messages' words.
A table row smbneg has no message for fails, but for the messages that
compare.py's EXCEPTIONS say are not there (a retransmission).  Standard
library only.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402  (EXCEPTIONS)


def load_table(path):
    rows = collections.OrderedDict()
    with open(path) as fh:
        lines = [l.rstrip("\n") for l in fh if not l.startswith("#")]
    head = lines[0].split("\t")
    for l in lines[1:]:
        r = dict(zip(head, l.split("\t")))
        rows.setdefault(r["capture"], []).append(r)
    return rows


def run(smbneg, cap):
    """-> {(pcap_cnt, response): (message object, summary)} of smbneg's SMB1 messages."""
    d = tempfile.mkdtemp(prefix="smbneg-smb1sig-")
    try:
        subprocess.run([smbneg, "-r", cap, "-l", d], capture_output=True, check=False)
        out = {}
        ev = os.path.join(d, "eve.json")
        for line in open(ev) if os.path.exists(ev) else []:
            rec = json.loads(line)
            if rec.get("event_type") != "smb":
                continue
            neg = rec["smb"].get("negotiate", {})
            for key, resp in (("request", False), ("response", True)):
                m = neg.get(key)
                smb1 = m is not None and ("smb1_dialects" in m if not resp
                                          else "smb1_dialect_index" in m)
                if smb1 and m.get("pcap_cnt"):
                    out[(m["pcap_cnt"], resp)] = (m, neg.get("summary", {}))
        return out
    finally:
        for f in os.listdir(d):
            os.unlink(os.path.join(d, f))
        os.rmdir(d)


def expect(r):
    """The fields a table row says smbneg must write (None: must be absent)."""
    if r["response"] == "0":
        return {"flags2": int(r["flags2"], 16),
                "signing": "enabled" if r["sec_sig"] == "1" else "disabled",
                "extended_security": r["esn"] == "1"}
    if r["wct"] != "17":
        return {"security_mode": None, "signing": None}
    word = ("required" if r["sm_sig_required"] == "1"
            else "enabled" if r["sm_signatures"] == "1" else "disabled")
    return {"security_mode": int(r["sm"], 16), "signing": word}


def check_capture(smbneg, cap, rel, rows):
    got = run(smbneg, cap)
    exc = compare.EXCEPTIONS.get(rel.split(":", 1)[-1], {})
    dropped = {(f, resp) for f, proto, resp in exc.get("drop", []) if proto == "smb1"}
    errs = []
    for r in rows:
        key = (int(r["frame"]), r["response"] == "1")
        if key not in got:
            if key not in dropped:
                errs.append("frame %s %s: no SMB1 message in smbneg's EVE"
                            % (r["frame"], "resp" if key[1] else "req"))
            continue
        m, summary = got[key]
        for k, v in expect(r).items():
            if m.get(k) != v:
                errs.append("frame %s %s: %s: tshark %r, smbneg %r"
                            % (r["frame"], "resp" if key[1] else "req", k, v, m.get(k)))
        sk = "server_signing" if key[1] else "client_signing"
        if summary.get(sk) != m.get("signing"):
            errs.append("frame %s: summary.%s %r != %r"
                        % (r["frame"], sk, summary.get(sk), m.get("signing")))
    return errs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--smbneg", required=True)
    ap.add_argument("--shared")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--table", default=os.path.join(here, "smb1-signing.tsv"))
    ap.add_argument("-v", action="store_true")
    a = ap.parse_args()
    top = os.path.dirname(os.path.dirname(here))
    table = load_table(a.table)
    n_caps = n_rows = 0
    words = collections.Counter()
    failed = []
    for rel, rows in table.items():
        if rel.startswith("shared:"):
            if not a.shared or not os.path.isdir(os.path.join(a.shared, "captures")):
                continue
            cap = os.path.join(a.shared, "captures", rel[len("shared:"):])
        else:
            cap = os.path.join(top, rel)
        errs = check_capture(a.smbneg, cap, rel, rows)
        n_caps += 1
        n_rows += len(rows)
        for r in rows:
            words[("resp " if r["response"] == "1" else "req ") + str(expect(r)["signing"])] += 1
        if errs:
            failed.append(rel)
            print("FAIL %s" % rel)
            for e in errs:
                print("    " + e)
        elif a.v:
            print("ok   %s (%d messages)" % (rel, len(rows)))
    print("smb1-signing: %d captures, %d SMB1 messages (%s): %d failed"
          % (n_caps, n_rows, ", ".join("%s %d" % kv for kv in sorted(words.items())),
             len(failed)))
    return 1 if failed or n_rows == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
