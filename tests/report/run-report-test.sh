#!/bin/sh
# smbneg report (tests/report): the page of the lab captures against an
# independent reading of the same eve.json (check-report.py), then rendered
# by headless Chromium (check-render.py: DOM, pixels, no network request);
# --baseline with a store written by real runs, alone and merged.
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
smbneg=$(pwd)/smbneg
work=$(mktemp -d "${TMPDIR:-/tmp}/smbneg-report.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT INT TERM
set --
for f in "$top"/tests/captures/lab/*.pcap; do set -- "$@" -r "$f"; done
"$smbneg" "$@" -l "$work" 2>"$work/run.err" ||
    { cat "$work/run.err"; echo "FAIL smbneg -r tests/captures/lab"; exit 1; }
# --baseline: a store learnt from the lab captures twice (twice the
# negotiations), merged with the EVE of the lab captures but ipv6.pcap.
mkdir "$work/bl1" "$work/bl2" "$work/eve2"
"$smbneg" --baseline "$work/bl.sqlite" "$@" -l "$work/bl1" 2>/dev/null &&
    "$smbneg" --baseline "$work/bl.sqlite" "$@" -l "$work/bl2" 2>/dev/null ||
    { echo "FAIL smbneg --baseline (the store for report --baseline)"; exit 1; }
set --
for f in "$top"/tests/captures/lab/*.pcap; do
    case $f in */ipv6.pcap) ;; *) set -- "$@" -r "$f" ;; esac
done
"$smbneg" "$@" -l "$work/eve2" 2>/dev/null || { echo "FAIL smbneg -r (EVE2)"; exit 1; }
python3 "$top/tests/report/check-report.py" "$smbneg" "$work/eve.json" "$work" \
    "$work/bl.sqlite" "$work/eve2/eve.json" || exit 1
python3 "$top/tests/report/check-render.py" "$work/report.html" "$work"
