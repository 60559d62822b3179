# common.sh - sourced by the tests/schema/run-*.sh TESTS entries, after
# `set -u`, as `. "$(dirname "$0")/common.sh"`.
#
# Sets:
#   here     this directory (absolute)
#   top      the source tree's top (absolute): $srcdir when it is the top
#            or tests/schema (`make check` sets it), else derived from $here
#   python   ${PYTHON:-/usr/bin/python3}
# Functions:
#   schema_need_python CODE MSG  exit 77 (skip), printing "SKIP: $python MSG",
#                                unless "$python" -c CODE succeeds
#   schema_find_smbneg           set smbneg to $SMBNEG, else the first of
#                                ./smbneg ../../smbneg ../smbneg (relative to
#                                the build directory); exit 99 if none

here=$(cd "$(dirname "$0")" && pwd)
top=${srcdir:-}
if [ -n "$top" ] && [ -f "$top/tests/schema/common.sh" ]; then
    top=$(cd "$top" && pwd)
elif [ -n "$top" ] && [ -f "$top/common.sh" ]; then
    top=$(cd "$top/../.." && pwd)           # srcdir = tests/schema
else
    top=$(cd "$here/../.." && pwd)
fi
python=${PYTHON:-/usr/bin/python3}

schema_need_python() {
    if ! "$python" -c "$1" 2>/dev/null; then
        echo "SKIP: $python $2"
        exit 77
    fi
}

schema_find_smbneg() {
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
}
