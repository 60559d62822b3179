#!/bin/sh
# run-fast-log-test.sh - automake TESTS entry: run smbneg over
# tests/captures/lab/only-2.0.2.pcap and check that fast.log is in Suricata's
# fast.log format and matches the eve.json alert records one to one
# (tests/schema/check-fast-log.py).
#
# Environment:
#   srcdir     the source tree's top (set by `make check`; default: derived
#              from this script's location)
#   SMBNEG     the smbneg binary (default: ./smbneg, then ../../smbneg,
#              relative to the current (build) directory)
#   CAPTURE    the capture (default: $srcdir/tests/captures/lab/only-2.0.2.pcap)
#   PYTHON     the interpreter (default: /usr/bin/python3)
#
# Exit: 0 pass, 1 fail, 77 skip (no python3), 99 hard error.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=${srcdir:-}
if [ -n "$top" ] && [ -f "$top/tests/schema/check-fast-log.py" ]; then
    top=$(cd "$top" && pwd)
elif [ -n "$top" ] && [ -f "$top/check-fast-log.py" ]; then
    top=$(cd "$top/../.." && pwd)           # srcdir = tests/schema
else
    top=$(cd "$here/../.." && pwd)
fi
check="$top/tests/schema/check-fast-log.py"
python=${PYTHON:-/usr/bin/python3}

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 5))' 2>/dev/null; then
    echo "SKIP: $python is not a usable python3"
    exit 77
fi

smbneg=${SMBNEG:-}
if [ -z "$smbneg" ]; then
    for c in ./smbneg ../../smbneg ../smbneg; do
        if [ -x "$c" ] && [ ! -d "$c" ]; then smbneg=$c; break; fi
    done
fi
if [ -z "$smbneg" ] || [ ! -x "$smbneg" ]; then
    echo "ERROR: smbneg binary not found (set SMBNEG=path)"
    exit 99
fi

capture=${CAPTURE:-$top/tests/captures/lab/only-2.0.2.pcap}
if [ ! -f "$capture" ]; then
    echo "ERROR: $capture not found"
    exit 99
fi

exec "$python" "$check" --smbneg "$smbneg" "$capture"
