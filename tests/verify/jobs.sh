#!/bin/sh
# -j N (automake TESTS): the merged eve.json and fast.log are byte-identical
# for -j1, -j2 and -j4 and to a run without -j, over every capture of
# tests/captures and of ../shared/captures/public when present; one stats
# record with the summed counters; the progress line appears with
# --progress and under a terminal, and never when stderr is a file.
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
shared=${SMBNEG_SHARED:-$top/../shared}
out=$(mktemp -d "${TMPDIR:-/tmp}/smbneg-jobs.XXXXXX") || exit 99
trap 'rm -rf "$out"' EXIT
# The captures of tests/captures as one tree of links (-r DIR reads every
# file below it, and the manifests and oracle files beside them are not
# captures).
for d in lab generated corrupt; do
    mkdir -p "$out/caps/$d"
    ln -s "$top/tests/captures/$d"/*.pcap "$out/caps/$d/"
done
set -- -r "$out/caps"
if [ -d "$shared/captures/public" ]; then
    for f in $(find "$shared/captures/public" -name '*.pcap*' ! -name '*.jsonl' | sort); do
        set -- "$@" -r "$f"
    done
fi
# byte-identical but for stats.uptime (the run's wall-clock seconds)
same() {
    sed 's/"uptime":[0-9]*/"uptime":0/' "$1" > "$1.same"
    sed 's/"uptime":[0-9]*/"uptime":0/' "$2" > "$2.same"
    cmp -s "$1.same" "$2.same"
}
fail=0
for j in none 1 2 4; do
    mkdir "$out/$j"
    if [ "$j" = none ]; then
        ./smbneg "$@" -l "$out/$j" 2>"$out/$j.err"
    else
        ./smbneg -j "$j" "$@" -l "$out/$j" 2>"$out/$j.err"
    fi
    rc=$?
    # the corrupt capture makes every run exit 1, with its records kept
    [ "$rc" -eq 1 ] || { echo "FAIL -j $j: exit status $rc, expected 1"; fail=1; }
done
for j in 1 2 4; do
    for f in eve.json fast.log; do
        if same "$out/none/$f" "$out/$j/$f"; then
            echo "PASS -j $j: $f identical to the run without -j ($(wc -l < "$out/$j/$f") lines)"
        else
            echo "FAIL -j $j: $f differs from the run without -j"; fail=1
        fi
    done
done
n=$(grep -c '"event_type":"stats"' "$out/4/eve.json")
[ "$n" -eq 1 ] && echo "PASS one stats record" || { echo "FAIL $n stats records"; fail=1; }
# The summed counters equal the sums of one run per file.
if /usr/bin/env python3 - "$out/4/eve.json" "$out/caps/lab" <<'PY'
import json, os, subprocess, sys, tempfile
recs = [json.loads(l) for l in open(sys.argv[1])]
stats = [r for r in recs if r['event_type'] == 'stats'][0]['stats']
smb = sum(1 for r in recs if r['event_type'] == 'smb')
alerts = sum(1 for r in recs if r['event_type'] == 'alert')
assert stats['app_layer']['tx']['smb'] == smb, (stats['app_layer']['tx']['smb'], smb)
assert stats['detect']['alert'] == alerts, (stats['detect']['alert'], alerts)
# decoder.pkts: the sum over single-file runs of the lab captures
lab = sys.argv[2]
total = 0
for name in sorted(os.listdir(lab)):
    if not name.endswith('.pcap'):
        continue
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(['./smbneg', '-r', os.path.join(lab, name), '-l', d],
                       stderr=subprocess.DEVNULL, check=True)
        for l in open(os.path.join(d, 'eve.json')):
            r = json.loads(l)
            if r['event_type'] == 'stats':
                total += r['stats']['decoder']['pkts']
with tempfile.TemporaryDirectory() as d:
    subprocess.run(['./smbneg', '-j', '3', '-r', lab, '-l', d], stderr=subprocess.DEVNULL,
                   check=True)
    st = [json.loads(l) for l in open(os.path.join(d, 'eve.json'))][-1]['stats']
assert st['decoder']['pkts'] == total, (st['decoder']['pkts'], total)
print('PASS stats: %d negotiations, %d alerts; lab decoder.pkts %d = sum of single runs'
      % (smb, alerts, total))
PY
then :; else echo "FAIL summed stats"; fail=1; fi
grep -q '^smbneg: .* file(s) (1 failed), .* 4 worker(s)$' "$out/4.err" &&
    echo "PASS summary line" || { echo "FAIL summary line: $(tail -1 "$out/4.err")"; fail=1; }

# -l -: the records on stdout, the same with -j (through a pipe, too).
./smbneg "$@" -l - 2>/dev/null > "$out/stdout-none"
./smbneg -j 3 "$@" -l - 2>/dev/null | cat > "$out/stdout-3"
if [ -s "$out/stdout-none" ] && same "$out/stdout-none" "$out/stdout-3"; then
    echo "PASS -l - with -j 3 through a pipe: identical ($(wc -l < "$out/stdout-3") lines)"
else
    echo "FAIL -l - with -j 3 differs"; fail=1
fi

# The workers' messages come out in input order, as without -j.
grep 'error' "$out/none.err" > "$out/none.msg"
grep 'error' "$out/4.err" > "$out/4.msg"
if [ -s "$out/none.msg" ] && same "$out/none.msg" "$out/4.msg"; then
    echo "PASS -j 4: error messages as without -j"
else
    echo "FAIL -j 4: error messages differ"; diff "$out/none.msg" "$out/4.msg"; fail=1
fi

# Progress: never on a file without --progress, present with it.
if grep -q "$(printf '\r')" "$out/2.err"; then
    echo "FAIL a progress line was written to a non-terminal"; fail=1
else
    echo "PASS no progress line when stderr is a file"
fi
if grep -q "$(printf '\r')" "$out/none.err"; then
    echo "FAIL a progress line was written to a non-terminal (no -j)"; fail=1
fi
for j in "-j 2" ""; do
    rm -rf "$out/p" && mkdir "$out/p"
    ./smbneg $j --progress "$@" -l "$out/p" 2>"$out/p.err"
    if tr '\r' '\n' < "$out/p.err" |
        grep -q '^.\[K[0-9]*/[0-9]* files, [0-9.]*/[0-9.]* MB, [0-9.]* MB/s'; then
        echo "PASS --progress $j: progress line"
    else
        echo "FAIL --progress $j: no progress line"; fail=1
    fi
    same "$out/none/eve.json" "$out/p/eve.json" ||
        { echo "FAIL --progress $j changed eve.json"; fail=1; }
done
if command -v script >/dev/null 2>&1; then
    mkdir "$out/t"
    script -qec "./smbneg -j 2 $* -l $out/t" /dev/null >"$out/t.tty" 2>&1
    if tr '\r' '\n' < "$out/t.tty" | grep -q 'files, .* MB/s'; then
        echo "PASS progress line on a terminal (script)"
    else
        echo "FAIL no progress line on a terminal"; fail=1
    fi
fi
exit $fail
