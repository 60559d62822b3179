#!/bin/sh
# The keyword reference of doc/rules.md and smbneg-rules(7) against the
# keyword table (tests/docs/check-keyword-docs.py says what is checked).
srcdir=${srcdir:-.}
exec python3 "$srcdir/tests/docs/check-keyword-docs.py" ./smbneg "$srcdir"
