#!/usr/bin/env python3
"""compare-alerts.py - alerts that went through fever against eve.json.

usage: compare-alerts.py EVE_JSON FORWARDED [--subset]

Every record of FORWARDED must be byte-identical to a record of EVE_JSON
(intact).  The alerts are compared by (signature_id, flow_id, the whole
`alert` object): without --subset the two multisets must be equal (every
alert arrived), with --subset FORWARDED's must be contained in EVE_JSON's.
Prints one line of counts; exit 0 on success, 1 otherwise.
"""
import collections
import json
import sys


def main():
    eve_path, fwd_path = sys.argv[1], sys.argv[2]
    subset = "--subset" in sys.argv[3:]
    eve_lines = set(open(eve_path, "rb").read().splitlines())
    ok = True

    def alerts(lines):
        c = collections.Counter()
        for line in lines:
            r = json.loads(line)
            if r.get("event_type") == "alert":
                c[(r["alert"]["signature_id"], r["flow_id"],
                   json.dumps(r["alert"], sort_keys=True))] += 1
        return c

    fwd = open(fwd_path, "rb").read().splitlines()
    altered = [line for line in fwd if line not in eve_lines]
    if altered:
        ok = False
        print("%d forwarded record(s) differ from every eve.json record, e.g. %s"
              % (len(altered), altered[0][:160]))
    a = alerts(open(eve_path, "rb").read().splitlines())
    b = alerts(fwd)
    missing = a - b
    extra = b - a
    print("eve.json: %d alerts; forwarded: %d alerts, %d missing, %d unexpected, %d altered"
          % (sum(a.values()), sum(b.values()), sum(missing.values()), sum(extra.values()),
             len(altered)))
    if missing and not subset:
        for (sid, flow_id, _), n in sorted(missing.items())[:5]:
            print("  missing: signature_id %d flow_id %d (x%d)" % (sid, flow_id, n))
    if extra or (missing and not subset) or not b:
        ok = False
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
