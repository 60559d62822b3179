#!/bin/sh
# doc/rules.md's alert counts of the shipped rules against the engine
# (tests/docs/shipped-rules-counts.py says what is counted).
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
exec python3 "$top/tests/docs/shipped-rules-counts.py" ./smbneg "$top" \
    --shared "${SMBNEG_SHARED:-$top/../shared}"
