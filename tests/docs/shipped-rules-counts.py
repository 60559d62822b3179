#!/usr/bin/python3
"""shipped-rules-counts.py - doc/rules.md's "What the shipped rules find"
table, from running the engine.

usage: shipped-rules-counts.py SMBNEG TOP [--shared DIR] [--update]

Every rule of TOP/rules/smb-negotiate.rules gets a row: its alert count over
the lab captures (TOP/tests/captures/lab and its subdirectories, each capture
run alone), over the shared corpus (every capture under DIR/captures, default
TOP/../shared, each alone) and over the lab's own recordings as one timeline
(TOP/tests/captures/lab/*.pcap in one run, each given with -r, in name order:
the baselines learn across them; the subdirectories hold scenarios of their
own, each a history by itself), with smbneg's embedded default policy.  The last column, why the rule fires there, is prose kept
from the document; every row must have one.

Without --update the table in doc/rules.md must equal the computed one (the
test: the numbers cannot drift from the engine); with --update the
document's table is rewritten in place, its reasons kept (re-run it after a
rule, a capture or a decoder change).  Without the shared corpus the check
compares the lab columns only.  Standard library only.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

HEAD = "| sid | lab, each alone | shared corpus, each alone | lab as one timeline | why it fires there |"
EXTS = (".pcap", ".pcapng", ".pcap.gz", ".cap")


def shipped_sids(top):
    with open(os.path.join(top, "rules", "smb-negotiate.rules")) as fh:
        return [int(m.group(1)) for line in fh if not line.lstrip().startswith("#")
                for m in [re.search(r"\bsid:\s*(\d+)", line)] if m]


def captures(d):
    out = []
    for root, dirs, files in os.walk(d):
        dirs.sort()
        out += [os.path.join(root, f) for f in files if f.endswith(EXTS)]
    return sorted(out)


def alerts(smbneg, caps):
    """Alert counts by sid of one smbneg run over caps (in this order)."""
    with tempfile.TemporaryDirectory(prefix="smbneg-counts-") as d:
        args = [smbneg]
        for c in caps:
            args += ["-r", c]
        subprocess.run(args + ["-l", d], capture_output=True, check=False)
        n = collections.Counter()
        ev = os.path.join(d, "eve.json")
        for line in open(ev) if os.path.exists(ev) else []:
            rec = json.loads(line)
            if rec.get("event_type") == "alert":
                n[rec["alert"]["signature_id"]] += 1
        return n


def each_alone(smbneg, caps):
    n = collections.Counter()
    for c in caps:
        n += alerts(smbneg, [c])
    return n


def doc_table(text):
    """-> (start, end) line indexes of the table body, {sid: [cells]}."""
    lines = text.split("\n")
    try:
        start = lines.index(HEAD) + 2
    except ValueError:
        sys.exit("doc/rules.md: no table headed %r" % HEAD)
    end = start
    rows = {}
    while end < len(lines) and lines[end].startswith("|"):
        cells = [c.strip() for c in lines[end].strip("|").split(" | ")]
        rows[int(cells[0])] = cells
        end += 1
    return lines, start, end, rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("smbneg")
    ap.add_argument("top")
    ap.add_argument("--shared")
    ap.add_argument("--update", action="store_true")
    a = ap.parse_args()
    shared = os.path.join(a.shared or os.path.join(a.top, "..", "shared"), "captures")
    have_shared = os.path.isdir(shared)
    labdir = os.path.join(a.top, "tests", "captures", "lab")
    lab = captures(labdir)
    cols = [each_alone(a.smbneg, lab),
            each_alone(a.smbneg, captures(shared)) if have_shared else None,
            alerts(a.smbneg, [c for c in lab if os.path.dirname(c) == labdir])]
    path = os.path.join(a.top, "doc", "rules.md")
    with open(path) as fh:
        lines, start, end, rows = doc_table(fh.read())
    bad = []
    body = []
    for sid in sorted(shipped_sids(a.top)):
        old = rows.get(sid, [str(sid), "", "", "", ""])
        got = [str(c[sid]) if c is not None else old[i + 1] for i, c in enumerate(cols)]
        why = old[4] if len(old) > 4 else ""
        if not why:
            bad.append("sid %d: no reason in the last column" % sid)
        for i, name in enumerate(["lab", "shared", "lab timeline"]):
            if cols[i] is not None and (len(old) < 4 or old[i + 1] != got[i]):
                bad.append("sid %d: %s: doc/rules.md says %s, the engine %s"
                           % (sid, name, old[i + 1] if len(old) > i + 1 else "nothing", got[i]))
        body.append("| %d | %s | %s | %s | %s |" % (sid, got[0], got[1], got[2], why))
    for sid in set(rows) - set(shipped_sids(a.top)):
        bad.append("sid %d: in the table, not in rules/smb-negotiate.rules" % sid)
    if a.update:
        lines[start:end] = body
        with open(path, "w") as fh:
            fh.write("\n".join(lines))
        print("doc/rules.md: %d rows written (%d lab, %s shared captures)"
              % (len(body), len(lab), len(captures(shared)) if have_shared else "no"))
        return 0
    for b in bad:
        print("doc/rules.md, What the shipped rules find: " + b)
    if bad:
        print("(tests/docs/shipped-rules-counts.py ./smbneg . --update rewrites the numbers)")
    if not have_shared:
        print("note: %s not present: the shared corpus column was not checked" % shared)
    print("%d shipped rules, %d lab captures, %s shared: %d problems"
          % (len(body), len(lab), len(captures(shared)) if have_shared else "no", len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
