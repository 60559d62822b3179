#!/bin/sh
# Write errors (automake TESTS): a full disk (a 64 KiB tmpfs, as root) or
# /dev/full loses whole records only.  The output is cut back to its last
# complete line, the one error line per output gives the records written
# (= the lines in the file) and lost (written + lost = what a run to a
# roomy disk writes) and the reason, the exit status is 1; with -j too,
# and when the -j spool under TMPDIR fills up, the capture files that lost
# their output are named with the reason.  A run appending to a file whose
# last line is torn starts on a new line.
set -u
. "$(dirname "$0")/common.sh"
cd "$t" || exit 99

mkdir many ref refj
for i in $(seq 1 120); do ln -s "$caps/many-flows.pcap" "many/m$i.pcap"; done
# The reference runs on a roomy disk, one per mode: -j reads each file with
# fresh flow, threshold and host-baseline state, one engine reads them as
# one timeline, so their alerts differ.
"$smbneg" -r many -l ref 2>/dev/null || { echo "ERROR: the reference run failed"; exit 99; }
"$smbneg" -j 2 -r many -l refj 2>/dev/null || { echo "ERROR: the -j reference run failed"; exit 99; }

# check_file WHAT FILE ERR REF: FILE holds whole lines only (JSON for
# eve.json), and ERR has exactly one line about it whose counts add up.
check_file() {
    if "$python" - "$2" "$3" "$4" <<'PY'
import json, re, sys
path, err, ref = sys.argv[1], open(sys.argv[2]).read(), int(sys.argv[3])
data = open(path, 'rb').read()
assert not data or data.endswith(b'\n'), 'a torn last line'
lines = data.decode().splitlines()
if path.endswith('.json'):
    for l in lines:
        json.loads(l)
rx = re.escape(path) + r': (\d+) (?:records|alerts) written, (\d+) lost: No space left on device'
m = re.findall(rx, err)
assert len(m) == 1, '%d messages about %s:\n%s' % (len(m), path, err)
written, lost = int(m[0][0]), int(m[0][1])
assert written == len(lines), 'reported %d written, the file has %d lines' % (written, len(lines))
assert written + lost == ref, '%d + %d != %d' % (written, lost, ref)
assert lost > 0
print('  %s: %d lines, %d lost, of %d' % (path, written, lost, ref))
PY
    then pass "$1"; else fail "$1"; fi
}

if [ "$(id -u)" = 0 ]; then
    mkdir full spool l
    mount -t tmpfs -o size=64k smbneg-full "$t/full" || exit 99
    mount -t tmpfs -o size=256k smbneg-spool "$t/spool" || { umount "$t/full"; exit 99; }
    trap 'umount "$t/full" "$t/spool"; cleanup' EXIT
    for j in "" "-j 2"; do
        rm -f full/*
        "$smbneg" $j -r many -l "$t/full" 2>err
        rc=$?
        check "full disk $j: exit 1" [ "$rc" = 1 ]
        r=ref; [ -n "$j" ] && r=refj
        check_file "full disk $j: eve.json whole lines, true counts" "$t/full/eve.json" err \
            "$(wc -l < $r/eve.json)"
        check_file "full disk $j: fast.log whole lines, true counts" "$t/full/fast.log" err \
            "$(wc -l < $r/fast.log)"
        check "full disk $j: no other message" [ "$(grep -c 'error\|warn' err)" = 2 ]
    done
    # The -j spool fills up: a 128 KiB TMPDIR, one worker, captures whose
    # output (about 290 KiB) cannot fit between ones whose output can.
    mkdir mix small
    for i in 1 2 3 4 5 6; do
        ln -s "$caps/default-3.1.1.pcap" "mix/a$i-fits.pcap"
        ln -s "$caps/default-3.1.1.pcap" "small/a$i-fits.pcap"
        ln -s "$caps/many-flows.pcap" "mix/a$i-huge.pcap"
    done
    "$smbneg" -j 1 -r small -l small 2>/dev/null
    for j in 1 2; do
        rm -rf l && mkdir l
        TMPDIR=$t/spool "$smbneg" -j $j -r mix -l l 2>err
        rc=$?
        check "-j $j, full spool: exit 1" [ "$rc" = 1 ]
        grep "could not write" err > named
        n=$(grep -c "^smbneg: error: mix/a[1-6]-[a-z]*\.pcap: worker [01] could not write its output under $t/spool/smbneg-files\.[^ ]*: No space left on device; this file's output is left out$" named)
        check "-j $j, full spool: the files that lost their output are named, with the reason ($n)" \
            test "$n" -gt 0 -a "$n" = "$(wc -l < named)"
        check "-j $j, full spool: nothing else said" [ "$(grep -c 'error\|warn' err)" = "$n" ]
        # (with two workers every file may lose its output: no eve.json)
        check "-j $j, full spool: eve.json is whole JSON lines" "$python" -c '
import json, os, sys
for l in open(sys.argv[1]) if os.path.exists(sys.argv[1]) else []: json.loads(l)' l/eve.json
        check "-j $j, full spool: the spool is removed" [ -z "$(ls spool)" ]
        [ $j = 1 ] || continue
        # one worker: exactly the huge ones, and the others' records as a
        # run of them alone
        check "-j 1, full spool: the six huge files named" [ "$(grep -c 'huge.pcap: worker' named)" = 6 ]
        grep -v '"event_type":"stats"' l/eve.json | sed 's|mix/a\([1-6]\)-fits|small/a\1-fits|' > l.eve
        grep -v '"event_type":"stats"' small/eve.json > small.eve
        same "-j 1, full spool: the other files' records, as a run of them alone" small.eve l.eve
    done
else
    echo "SKIP full disk and full spool: not root (they mount a tmpfs)"
fi

# /dev/full: every record lost, counted, one message
"$smbneg" -r "$caps/many-flows.pcap" -l "$t" --set outputs.eve-log.0.filename=/dev/full \
    2>err >/dev/null
rc=$?
check "/dev/full: exit 1" [ "$rc" = 1 ]
check "/dev/full: one message with the count and the reason" \
    grep -q '^smbneg: error: eve file /dev/full: 0 records written, [1-9][0-9]* lost: No space left on device' err
check "/dev/full: nothing else said" [ "$(grep -c 'error\|warn' err)" = 1 ]

# A torn last line (a run killed mid-write): the next run starts a new line.
for j in "" "-j 2"; do
    rm -rf torn && mkdir torn
    printf '{"timestamp":"2026-11-24T08:4' > torn/eve.json
    printf '11/24/2026-08:42:26.516294  [**] [1:22' > torn/fast.log
    "$smbneg" $j -r "$caps/default-3.1.1.pcap" -l torn 2>/dev/null
    check "torn eve.json $j: the run starts on a new line" "$python" -c '
import json, sys
lines = open(sys.argv[1]).read().split("\n")
assert lines[0] == sys.argv[2] and lines[-1] == "" and len(lines) > 2, lines[0][:80]
for l in lines[1:-1]: json.loads(l)' torn/eve.json '{"timestamp":"2026-11-24T08:4'
    check "torn fast.log $j: the run starts on a new line" \
        [ "$(head -1 torn/fast.log)" = '11/24/2026-08:42:26.516294  [**] [1:22' ]
done
finish
