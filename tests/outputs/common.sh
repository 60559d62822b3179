# common.sh - sourced by tests/outputs/run-*.sh (automake TESTS) after
# `set -u`.
# shellcheck disable=SC2034  # the variables are the sourcing script's  Sets: here (this directory), top (source tree), python, smbneg
# (the binary: $SMBNEG, ./smbneg or ../../smbneg), caps (a directory of links to the lab captures),
# t (a private temporary directory, removed on exit together with every
# process registered with `own PID`).  Functions: pass/fail/finish (TAP-ish
# counting, exit 0 or 1), wait_file PATH (up to 5 s), records FILE [TYPE]
# (the records of eve.json, all or of one event_type).

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
python=${PYTHON:-/usr/bin/python3}
caps=$top/tests/captures/lab
smbneg=${SMBNEG:-}
for c in ./smbneg ../../smbneg; do
    if [ -z "$smbneg" ] && [ -x "$c" ] && [ ! -d "$c" ]; then smbneg=$(pwd)/$c; fi
done
if [ -z "$smbneg" ]; then
    echo "ERROR: smbneg binary not found (set SMBNEG=path)"
    exit 99
fi
t=$(mktemp -d "${TMPDIR:-/tmp}/smbneg-outputs.XXXXXX") || exit 99
owned=""
own() { owned="$owned $1"; }
cleanup() {
    for p in $owned; do kill "$p" 2>/dev/null; done
    for p in $owned; do wait "$p" 2>/dev/null; done
    rm -rf "$t"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
# the lab captures without the manifest and oracle files beside them (-r DIR
# reads every file below DIR)
mkdir "$t/lab" && ln -s "$caps"/*.pcap "$t/lab/" && caps=$t/lab || exit 99

npass=0 nfail=0
pass() { npass=$((npass + 1)); echo "PASS $1"; }
fail() { nfail=$((nfail + 1)); echo "FAIL $1"; }
check() { name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }
finish() { echo "$npass passed, $nfail failed"; [ "$nfail" -eq 0 ]; }

wait_file() {
    i=0
    while [ ! -e "$1" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    [ -e "$1" ]
}

# records FILE [TYPE]: FILE's lines, or those of event_type TYPE.
records() {
    if [ $# -gt 1 ]; then grep -F "\"event_type\":\"$2\"" "$1" || true; else cat "$1"; fi
}

# same NAME A B: files A and B hold the same lines in the same order.
same() {
    if cmp -s "$2" "$3"; then pass "$1 ($(wc -l < "$2") records)"
    else fail "$1: $(wc -l < "$2") vs $(wc -l < "$3") records; first difference:"
        diff "$2" "$3" | head -4 | cut -c1-200; fi
}

# need_redis PROGRAM...: skip (exit 77) unless each program is installed and
# smbneg was built with hiredis.
need_redis() {
    for p in "$@"; do
        if ! command -v "$p" > /dev/null; then
            echo "SKIP: $p is not installed (apt-get install fever redis-server redis-tools)"
            exit 77
        fi
    done
    if "$smbneg" --set outputs.eve-log.filetype=redis -T 2>&1 | grep -q 'without hiredis'; then
        echo "SKIP: smbneg was built without hiredis (libhiredis-dev)"
        exit 77
    fi
}
