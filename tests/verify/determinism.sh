#!/bin/sh
# Output is deterministic: two runs over the same captures give
# byte-identical eve.json and fast.log, but for stats.uptime (automake TESTS).
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
shared=${SMBNEG_SHARED:-$top/../shared}
set --
for f in "$top"/tests/captures/lab/*.pcap "$top"/tests/captures/generated/*.pcap; do
    set -- "$@" -r "$f"
done
if [ -d "$shared/captures/public" ]; then
    for f in $(find "$shared/captures/public" -name '*.pcap*' ! -name '*.jsonl' | sort); do
        set -- "$@" -r "$f"
    done
fi
out=$(mktemp -d /tmp/smbneg-det.XXXXXX) || exit 99
trap 'rm -rf "$out"' EXIT
mkdir "$out/a" "$out/b"
./smbneg "$@" -l "$out/a" 2>/dev/null
./smbneg "$@" -l "$out/b" 2>/dev/null
# byte-identical but for stats.uptime (the run's wall-clock seconds)
same() {
    sed 's/"uptime":[0-9]*/"uptime":0/' "$1" > "$1.same"
    sed 's/"uptime":[0-9]*/"uptime":0/' "$2" > "$2.same"
    cmp -s "$1.same" "$2.same"
}
fail=0
for f in eve.json fast.log; do
    if same "$out/a/$f" "$out/b/$f"; then
        echo "PASS $f identical ($(wc -l < "$out/a/$f") lines)"
    else
        echo "FAIL $f differs between two runs"; fail=1
    fi
done
[ -s "$out/a/eve.json" ] || { echo "FAIL no EVE output"; fail=1; }
exit $fail
