#!/usr/bin/python3
"""check-fast-log.py - check smbneg's fast.log against Suricata's format and
against the eve.json alert records written in the same run.

Usage: check-fast-log.py [--smbneg PATH] [--keep] [CAPTURE]

Runs `smbneg -r CAPTURE -l TMPDIR` (default capture: tests/captures/lab/
only-2.0.2.pcap under the repository top) and checks that
  1. every fast.log line matches Suricata's fast.log format exactly:
       MM/DD/YYYY-HH:MM:SS.uuuuuu  [**] [gid:sid:rev] msg [**]
       [Classification: x] [Priority: n] {TCP} src:port -> dst:port
  2. fast.log lines and eve.json alert records correspond one to one: the
     same gid:sid:rev, src ip:port, dest ip:port and time, and the same msg
     (alert.signature), classification (alert.category, the Classification
     part being absent exactly when category is "") and priority
     (alert.severity);
  3. the run produced at least one alert (an empty fast.log proves nothing).

One line per failure; the last line is "N passed, M failed" (N: fast.log
lines that match the format and an alert record; M: lines or alert records
that do not, plus setup failures).  Exit status 0 when nothing failed, 1
otherwise, 99 when smbneg cannot be run.
"""
import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
DEFAULT_CAPTURE = os.path.join(TOP, "tests", "captures", "lab", "only-2.0.2.pcap")

# The format regex given for Suricata's fast.log, verbatim.
FAST_RE = re.compile(
    r"^\d{2}/\d{2}/\d{4}-\d{2}:\d{2}:\d{2}\.\d{6}  \[\*\*\] \[\d+:\d+:\d+\] .* \[\*\*\] "
    r"(\[Classification: [^\]]+\] )?\[Priority: \d+\] \{TCP\} \S+:\d+ -> \S+:\d+$")
# The same line, with the fields captured.  msg is matched greedily up to the
# last " [**] " so a msg containing "[**]" still parses.
FAST_FIELDS = re.compile(
    r"^(?P<mo>\d{2})/(?P<d>\d{2})/(?P<y>\d{4})-(?P<hms>\d{2}:\d{2}:\d{2}\.\d{6})  \[\*\*\] "
    r"\[(?P<gid>\d+):(?P<sid>\d+):(?P<rev>\d+)\] (?P<msg>.*) \[\*\*\] "
    r"(\[Classification: (?P<cls>[^\]]+)\] )?\[Priority: (?P<prio>\d+)\] \{TCP\} "
    r"(?P<src>\S+):(?P<sp>\d+) -> (?P<dst>\S+):(?P<dp>\d+)$")
EVE_TS = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2}\.\d{6})\+0000$")


def find_smbneg():
    for c in ("./smbneg", "../../smbneg", "../smbneg", "/tmp/build/smbneg"):
        if os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    return None


def eve_key(rec):
    """(time, gid, sid, rev, src, sport, dst, dport) of an eve alert record,
    time in fast.log's form; None when the record lacks a field."""
    try:
        m = EVE_TS.match(rec["timestamp"])
        if not m:
            return None
        ts = "%s/%s/%s-%s" % (m.group(2), m.group(3), m.group(1), m.group(4))
        a = rec["alert"]
        return (ts, int(a["gid"]), int(a["signature_id"]), int(a["rev"]),
                rec["src_ip"], int(rec["src_port"]), rec["dest_ip"], int(rec["dest_port"]))
    except (KeyError, TypeError, ValueError):
        return None


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--smbneg", default=os.environ.get("SMBNEG") or None,
                    help="the smbneg binary (default: $SMBNEG, ./smbneg, ../../smbneg)")
    ap.add_argument("--keep", action="store_true", help="keep the output directory")
    ap.add_argument("capture", nargs="?", default=DEFAULT_CAPTURE)
    args = ap.parse_args(argv)

    smbneg = args.smbneg or find_smbneg()
    if not smbneg or not os.access(smbneg, os.X_OK):
        print("ERROR: smbneg binary not found (set SMBNEG=path or --smbneg)")
        return 99
    if not os.path.isfile(args.capture):
        print("ERROR: %s: no such capture" % args.capture)
        return 99

    out = tempfile.mkdtemp(prefix="smbneg-fastlog.")
    try:
        return check(smbneg, args.capture, out)
    finally:
        if args.keep:
            print("output kept in %s" % out)
        else:
            shutil.rmtree(out, ignore_errors=True)


def check(smbneg, capture, out):
    passed = failed = 0
    print("smbneg: %s; capture: %s" % (smbneg, capture))
    try:
        r = subprocess.run([smbneg, "-r", capture, "-l", out], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, universal_newlines=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as e:
        print("ERROR: cannot run %s: %s" % (smbneg, e))
        return 99
    if r.returncode != 0:
        print("FAIL: smbneg exited %d:" % r.returncode)
        for line in r.stdout.splitlines():
            print("    " + line)
        failed += 1

    fast_path = os.path.join(out, "fast.log")
    eve_path = os.path.join(out, "eve.json")
    try:
        with open(fast_path, encoding="utf-8") as fp:
            fast = fp.read()
    except (OSError, UnicodeDecodeError) as e:
        print("FAIL: fast.log: %s" % e)
        print("%d passed, %d failed" % (passed, failed + 1))
        return 1
    alerts = []
    try:
        with open(eve_path, encoding="utf-8") as fp:
            for n, line in enumerate(fp, 1):
                try:
                    rec = json.loads(line)
                except ValueError as e:
                    print("FAIL: eve.json:%d: not JSON: %s" % (n, e))
                    failed += 1
                    continue
                if isinstance(rec, dict) and rec.get("event_type") == "alert":
                    alerts.append((n, rec))
    except (OSError, UnicodeDecodeError) as e:
        print("FAIL: eve.json: %s" % e)
        failed += 1

    lines = fast.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    elif lines:
        print("FAIL: fast.log:%d: last line has no newline" % len(lines))
        failed += 1
    if not lines:
        print("FAIL: fast.log is empty: %s raised no alert" % os.path.basename(capture))
        failed += 1

    # eve alert records by key, in file order.
    by_key = collections.defaultdict(list)
    for n, rec in alerts:
        k = eve_key(rec)
        if k is None:
            print("FAIL: eve.json:%d: alert record lacks timestamp/alert/endpoint fields" % n)
            failed += 1
            continue
        by_key[k].append((n, rec))

    for n, line in enumerate(lines, 1):
        where = "fast.log:%d" % n
        if not FAST_RE.match(line):
            print("FAIL: %s: not in Suricata's fast.log format: %r" % (where, line))
            failed += 1
            continue
        m = FAST_FIELDS.match(line)
        if not m:  # pragma: no cover - FAST_FIELDS accepts what FAST_RE does
            print("FAIL: %s: cannot split into fields: %r" % (where, line))
            failed += 1
            continue
        k = ("%s/%s/%s-%s" % (m.group("mo"), m.group("d"), m.group("y"), m.group("hms")),
             int(m.group("gid")), int(m.group("sid")), int(m.group("rev")),
             m.group("src"), int(m.group("sp")), m.group("dst"), int(m.group("dp")))
        if not by_key.get(k):
            print("FAIL: %s: no eve alert record with time %s, [%d:%d:%d], %s:%d -> %s:%d"
                  % ((where,) + k))
            failed += 1
            continue
        en, rec = by_key[k].pop(0)
        a = rec["alert"]
        problems = []
        if m.group("msg") != a.get("signature"):
            problems.append("msg %r != alert.signature %r" % (m.group("msg"), a.get("signature")))
        cat = a.get("category", "")
        if (m.group("cls") or "") != cat:
            problems.append("classification %r != alert.category %r" % (m.group("cls"), cat))
        if int(m.group("prio")) != a.get("severity"):
            problems.append("priority %s != alert.severity %r" % (m.group("prio"), a.get("severity")))
        if problems:
            for p in problems:
                print("FAIL: %s (eve.json:%d): %s" % (where, en, p))
            failed += 1
        else:
            passed += 1

    for k in sorted(by_key):
        for en, rec in by_key[k]:
            print("FAIL: eve.json:%d: alert [%d:%d:%d] %s:%d -> %s:%d at %s has no fast.log line"
                  % ((en,) + k[1:] + (rec.get("timestamp"),)))
            failed += 1

    print("%d fast.log lines, %d eve alert records" % (len(lines), len(alerts)))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
