# common.sh - sourced by tests/suricata/run-*.sh (automake TESTS): the
# checks that Suricata's tools and configuration work with smbneg.
# shellcheck disable=SC2034  # the variables are the sourcing script's
# Sets: here (this directory), top (source tree), caps (the lab captures),
# smbneg (absolute path of the binary: $SMBNEG, ./smbneg or ../../smbneg),
# t (a private temporary directory, removed on exit).  Functions: ok/ko/
# check NAME CMD... (counting), finish (exit 0 or 1).
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
caps=$top/tests/captures/lab
smbneg=${SMBNEG:-}
for c in ./smbneg ../../smbneg; do
    if [ -z "$smbneg" ] && [ -x "$c" ] && [ ! -d "$c" ]; then smbneg=$(cd "$(dirname "$c")" && pwd)/smbneg; fi
done
if [ -z "$smbneg" ]; then
    echo "ERROR: smbneg binary not found (set SMBNEG=path)"
    exit 99
fi
t=$(mktemp -d "${TMPDIR:-/tmp}/smbneg-suricata.XXXXXX") || exit 99
trap "${KEEP:+:} rm -rf \"$t\"" EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; }
check() { name=$1; shift; if "$@"; then ok "$name"; else ko "$name"; fi; }
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
