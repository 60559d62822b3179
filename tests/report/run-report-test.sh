#!/bin/sh
# smbneg report (tests/report): the page of the lab captures against an
# independent reading of the same eve.json (check-report.py), then rendered
# by headless Chromium (check-render.py: DOM, pixels, no network request).
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
smbneg=$(pwd)/smbneg
work=$(mktemp -d "${TMPDIR:-/tmp}/smbneg-report.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT INT TERM
set --
for f in "$top"/tests/captures/lab/*.pcap; do set -- "$@" -r "$f"; done
"$smbneg" "$@" -l "$work" 2>"$work/run.err" ||
    { cat "$work/run.err"; echo "FAIL smbneg -r tests/captures/lab"; exit 1; }
python3 "$top/tests/report/check-report.py" "$smbneg" "$work/eve.json" "$work" || exit 1
python3 "$top/tests/report/check-render.py" "$work/report.html" "$work"
