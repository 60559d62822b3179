#!/bin/sh
# run-community-id-test.sh - automake TESTS entry: the Community ID of every
# record, against an independent implementation (check-community-id.py),
# over tests/captures/lab and tests/captures/generated.
#
# Environment: srcdir, SMBNEG, PYTHON as in common.sh.
# Exit: 0 pass, 1 fail, 77 skip (no python3), 99 hard error.
set -u

# shellcheck source=common.sh source-path=SCRIPTDIR
. "$(dirname "$0")/common.sh"
schema_need_python 'import sys; sys.exit(sys.version_info < (3, 5))' 'is not a usable python3'
schema_find_smbneg

exec "$python" "$top/tests/schema/check-community-id.py" "$smbneg" \
    "$top/tests/captures/lab" "$top/tests/captures/generated"
