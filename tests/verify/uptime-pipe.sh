#!/bin/sh
# stats.uptime and a closed pipe (automake TESTS): uptime is the run's
# wall-clock duration (doc/eve.md), not the span of packet time, with and
# without -j; `smbneg -r X -l - | head -1` ends quietly, exit 0, with the
# summary on stderr.
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
lab=$top/tests/captures/lab
out=$(mktemp -d "${TMPDIR:-/tmp}/smbneg-uptime.XXXXXX") || exit 99
trap 'rm -rf "$out"' EXIT
fail=0

# A capture whose packets span 1,000,000 s: the lab capture with its last
# packet moved a million seconds later (classic pcap, records rewritten).
/usr/bin/env python3 - "$lab/default-3.1.1.pcap" "$out/span.pcap" <<'PY' || exit 99
import struct, sys
b = bytearray(open(sys.argv[1], 'rb').read())
assert struct.unpack_from('<I', b, 0)[0] == 0xa1b2c3d4, 'little-endian classic pcap'
off, last = 24, None
while off + 16 <= len(b):
    last = off
    off += 16 + struct.unpack_from('<I', b, off + 8)[0]
sec = struct.unpack_from('<I', b, last)[0]
struct.pack_into('<I', b, last, sec + 1000000)
open(sys.argv[2], 'wb').write(bytes(b))
PY
mkdir "$out/many"
for i in $(seq 1 120); do ln -s "$lab/many-flows.pcap" "$out/many/m$i.pcap"; done

# uptime must be the run's own duration: within a second of the elapsed
# time of the summary line, and never above the time measured around it.
check_uptime() { # WHAT ARGS...
    what=$1
    shift
    rm -rf "$out/l" && mkdir "$out/l"
    t0=$(date +%s.%N)
    ./smbneg "$@" -l "$out/l" 2>"$out/err"
    t1=$(date +%s.%N)
    if /usr/bin/env python3 - "$out/l/eve.json" "$out/err" "$t0" "$t1" <<'PY'
import json, re, sys
st = [json.loads(l) for l in open(sys.argv[1]) if '"event_type":"stats"' in l]
assert len(st) == 1, '%d stats records' % len(st)
up = st[0]['stats']['uptime']
m = re.search(r', ([0-9.]+) s(,|$)', open(sys.argv[2]).read(), re.M)
assert m, 'no summary line'
elapsed, outer = float(m.group(1)), float(sys.argv[4]) - float(sys.argv[3])
assert abs(up - elapsed) <= 1 and up <= outer + 1, \
    'uptime %d, summary %.3f s, measured %.3f s' % (up, elapsed, outer)
print('uptime %d s, summary %.3f s, measured %.3f s' % (up, elapsed, outer))
PY
    then echo "PASS $what"; else echo "FAIL $what"; fail=1; fi
}
check_uptime "uptime, packets 1e6 s apart" -r "$out/span.pcap"
check_uptime "uptime, packets 1e6 s apart, -j 2" -j 2 -r "$out/span.pcap" -r "$lab/ipv6.pcap"
check_uptime "uptime, a longer run" -r "$out/many"
check_uptime "uptime, a longer run, -j 2" -j 2 -r "$out/many"

# `| head -1`: one whole record, exit 0, the summary, no error.
for j in "" "-j 2"; do
    { ./smbneg $j -r "$out/many" -l - 2>"$out/err"; echo $? > "$out/rc"; } | head -1 > "$out/one"
    rc=$(cat "$out/rc")
    if [ "$rc" = 0 ] && [ "$(wc -l < "$out/one")" = 1 ] &&
        /usr/bin/env python3 -c 'import json,sys; json.loads(open(sys.argv[1]).read())' "$out/one" &&
        grep -q '^smbneg: [0-9]* file(s)' "$out/err" && ! grep -qi 'error\|warn' "$out/err"; then
        echo "PASS -l - | head -1 $j: exit 0, the summary on stderr, no error"
    else
        echo "FAIL -l - | head -1 $j: exit $rc"; sed 's/^/  /' "$out/err" | head -5; fail=1
    fi
done
exit $fail
