#!/bin/sh
# SIGINT / SIGTERM during -r, with and without -j (automake TESTS): the run
# stops at a packet boundary and exits 130 / 143 (smbneg(1) EXIT STATUS);
# eve.json and fast.log hold whole lines only, the final stats record is
# the last line and agrees with the records written (none lost), the
# summary says what was not read, and the -j work directory under TMPDIR is
# gone.  With -j only the parent is signalled: it passes the signal on.
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
out=$(mktemp -d "${TMPDIR:-/tmp}/smbneg-signals.XXXXXX") || exit 99
trap 'rm -rf "$out"' EXIT
fail=0
mkdir "$out/many" "$out/tmp"
n=0
while [ $n -lt 2000 ]; do
    n=$((n + 1))
    ln -s "$top/tests/captures/lab/many-flows.pcap" "$out/many/m$n.pcap"
done
all=$((2000 * 1544)) # packets in the whole input

for case in "INT 130" "TERM 143" "INT 130 -j 2" "TERM 143 -j 3"; do
    set -- $case
    sig=$1 want=$2
    shift 2
    rm -rf "$out/l" && mkdir "$out/l"
    TMPDIR=$out/tmp ./smbneg "$@" -r "$out/many" -l "$out/l" 2>"$out/err" &
    pid=$!
    # signal once records are being written (the run is well under way)
    i=0
    while [ ! -s "$out/l/eve.json" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    kill -"$sig" $pid
    wait $pid
    rc=$?
    what="SIG$sig $*"
    [ "$rc" = "$want" ] && echo "PASS $what: exit $rc" ||
        { echo "FAIL $what: exit $rc, expected $want"; fail=1; }
    if /usr/bin/env python3 - "$out/l" "$all" <<'PY'
import json, sys
d, total = sys.argv[1], int(sys.argv[2])
eve = open(d + '/eve.json', 'rb').read()
fast = open(d + '/fast.log', 'rb').read()
assert eve.endswith(b'\n') and (not fast or fast.endswith(b'\n')), 'a torn last line'
recs = [json.loads(l) for l in eve.decode().splitlines()]
assert recs[-1]['event_type'] == 'stats', 'the last line is not the stats record'
assert sum(r['event_type'] == 'stats' for r in recs) == 1
st = recs[-1]['stats']
smb = sum(r['event_type'] == 'smb' for r in recs)
alerts = sum(r['event_type'] == 'alert' for r in recs)
assert st['app_layer']['tx']['smb'] == smb, ('smb', st['app_layer']['tx']['smb'], smb)
assert st['detect']['alert'] == alerts == len(fast.splitlines()), \
    ('alerts', st['detect']['alert'], alerts, len(fast.splitlines()))
assert 0 < st['decoder']['pkts'] < total, ('pkts', st['decoder']['pkts'], total)
print('  %d packets of %d read, %d negotiations, %d alerts' % (st['decoder']['pkts'], total, smb, alerts))
PY
    then echo "PASS $what: whole lines, the stats record last and true"
    else echo "FAIL $what: the outputs"; fail=1; fi
    if grep -q "^smbneg: stopped by SIG$sig at a packet boundary: [0-9]* file(s) read in part, [1-9][0-9]* not read$" "$out/err" &&
        grep -q '^smbneg: [0-9]* file(s)' "$out/err" && ! grep -q 'error' "$out/err"; then
        echo "PASS $what: the summary says what was not read, no error"
    else
        echo "FAIL $what: stderr:"; sed 's/^/  /' "$out/err" | head -5; fail=1
    fi
    if [ -z "$(ls "$out/tmp")" ]; then echo "PASS $what: nothing left under TMPDIR"
    else echo "FAIL $what: left under TMPDIR: $(ls "$out/tmp")"; fail=1; rm -rf "$out/tmp"/*; fi
done
exit $fail
