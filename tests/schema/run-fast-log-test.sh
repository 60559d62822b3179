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

# shellcheck source=common.sh source-path=SCRIPTDIR
. "$(dirname "$0")/common.sh"
check="$top/tests/schema/check-fast-log.py"
schema_need_python 'import sys; sys.exit(sys.version_info < (3, 5))' 'is not a usable python3'
schema_find_smbneg

capture=${CAPTURE:-$top/tests/captures/lab/only-2.0.2.pcap}
if [ ! -f "$capture" ]; then
    echo "ERROR: $capture not found"
    exit 99
fi

exec "$python" "$check" --smbneg "$smbneg" "$capture"
