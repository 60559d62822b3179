#!/bin/sh
# smbneg-rules(7) rendered by groff: every rule example, as a reader sees
# it, parses with smbneg -T; Syntax lines render as --list-keywords says;
# the documents' sids are shipped or local (tests/docs/check-man-examples.py).
srcdir=${srcdir:-.}
command -v groff > /dev/null || { echo "groff not installed (package groff-base)"; exit 77; }
exec python3 "$srcdir/tests/docs/check-man-examples.py" ./smbneg "$srcdir"
