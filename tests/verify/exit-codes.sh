#!/bin/sh
# Exit status (automake TESTS): 0 ok, 1 input error, 2 usage or policy
# error, N with --alert-exit-code N when something alerted and no input
# failed, 130 / 143 when SIGINT / SIGTERM stopped -r; with and without -j;
# and `smbneg verify`'s 0/1/2.
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
cap=$top/tests/captures
out=$(mktemp -d "${TMPDIR:-/tmp}/smbneg-exit.XXXXXX") || exit 99
trap 'rm -rf "$out"' EXIT
fail=0
expect() { # expect STATUS WHAT ARGS...
    want=$1 what=$2
    shift 2
    rm -rf "$out/l" && mkdir "$out/l"
    "$@" >/dev/null 2>"$out/err"
    rc=$?
    if [ "$rc" -eq "$want" ]; then
        echo "PASS $what: exit $rc"
    else
        echo "FAIL $what: exit $rc, expected $want"; sed 's/^/  /' "$out/err"; fail=1
    fi
}
alerting=$cap/lab/default-3.1.1.pcap  # the shipped rules alert twice on it
quiet=$cap/generated/truncated.pcap   # no SMB transaction, no alert
for j in "" "-j 2"; do
    expect 0 "ok run $j" ./smbneg $j -r "$alerting" -l "$out/l"
    expect 1 "missing capture $j" ./smbneg $j -r "$out/none.pcap" -l "$out/l"
    expect 1 "not a capture $j" ./smbneg $j -r "$top/README.md" -l "$out/l"
    expect 3 "--alert-exit-code 3, alerts $j" ./smbneg $j --alert-exit-code 3 -r "$alerting" -l "$out/l"
    expect 0 "--alert-exit-code 3, no alert $j" ./smbneg $j --alert-exit-code 3 -r "$quiet" -l "$out/l"
    expect 1 "--alert-exit-code 3, alerts and an input error $j" \
        ./smbneg $j --alert-exit-code 3 -r "$alerting" -r "$out/none.pcap" -l "$out/l"
    expect 2 "missing log dir $j" ./smbneg $j -r "$alerting" -l "$out/no-such-dir"
    expect 2 "bad --set $j" ./smbneg $j --set no.such.key=1 -r "$alerting" -l "$out/l"
done
# rule and policy errors end the run (engine.rule-errors: fatal, the default)
printf 'alert smb any any -> any any (msg:"ok"; smb.dialect:3.1.1; sid:2269040;)\n%s\n' \
    'alert smb any any -> any any (msg:"bad"; smb.dialect:9.9; sid:2269041;)' > "$out/one-bad.rules"
printf 'thresholds:\n  - "threshold gen_id 1, sig_id 2260001, type nonsense"\n' > "$out/bad-th.yaml"
for j in "" "-j 2"; do
    expect 2 "a rule file with one bad rule $j" ./smbneg $j -S "$out/one-bad.rules" \
        -r "$alerting" -l "$out/l"
    expect 2 "-s with one bad rule $j" ./smbneg $j -s "$out/one-bad.rules" -r "$alerting" -l "$out/l"
    expect 2 "-S a missing rule file $j" ./smbneg $j -S "$out/no-such.rules" -r "$alerting" -l "$out/l"
    expect 2 "a bad thresholds line $j" ./smbneg $j -c "$out/bad-th.yaml" -r "$alerting" -l "$out/l"
    expect 0 "engine.rule-errors: warn runs the rules that loaded $j" ./smbneg $j \
        --set engine.rule-errors=warn -S "$out/one-bad.rules" -r "$alerting" -l "$out/l"
done
expect 2 "a bad rule, live" ./smbneg -S "$out/one-bad.rules" -i smbneg-nosuch0 -l "$out/l"
# fatal: nothing is read, nothing written; warn: the good rule alerts
./smbneg -S "$out/one-bad.rules" -r "$alerting" -l - >"$out/eve" 2>"$out/err"
if [ ! -s "$out/eve" ] && grep -q 'bad.rules:2:.*error: smb.dialect' "$out/err" &&
    grep -q 'engine.rule-errors' "$out/err"; then
    echo "PASS a bad rule: the error, a line naming engine.rule-errors, no record"
else
    echo "FAIL a bad rule: records written or messages missing"; cat "$out/err"; fail=1
fi
./smbneg --set engine.rule-errors=warn -S "$out/one-bad.rules" -r "$alerting" -l - \
    >"$out/eve" 2>"$out/err"
if grep -q '"signature_id":2269040' "$out/eve"; then
    echo "PASS engine.rule-errors: warn: the good rule alerts"
else
    echo "FAIL engine.rule-errors: warn: no alert of the good rule"; cat "$out/err"; fail=1
fi
for pol in "" "--set engine.rule-errors=warn"; do
    ./smbneg $pol -T -S "$out/one-bad.rules" >/dev/null 2>"$out/err"; rc=$?
    if [ $rc -eq 2 ] && ! grep -q 'policy ok' "$out/err" && grep -q '1 error(s)' "$out/err"; then
        echo "PASS -T with a bad rule $pol: exit 2, not 'ok'"
    else
        echo "FAIL -T with a bad rule $pol: exit $rc"; cat "$out/err"; fail=1
    fi
done
expect 2 "-T with a missing rule file" ./smbneg -T -S "$out/no-such.rules"
expect 2 "-T with a bad thresholds line" ./smbneg -T -c "$out/bad-th.yaml"
expect 2 "engine.rule-errors: neither fatal nor warn" ./smbneg --set engine.rule-errors=maybe -T
expect 2 "-j with a syslog EVE output" ./smbneg -j 2 --set outputs.eve-log.0.filetype=syslog \
    -r "$alerting" -l "$out/l"
expect 2 "unknown option" ./smbneg --no-such-option
expect 2 "-j 0" ./smbneg -j 0 -r "$alerting"
expect 2 "-j x" ./smbneg -j x -r "$alerting"
expect 2 "--alert-exit-code 0" ./smbneg --alert-exit-code 0 -r "$alerting"
expect 2 "--alert-exit-code 256" ./smbneg --alert-exit-code 256 -r "$alerting"
# every row of smbneg(1)'s EXIT STATUS
printf 'smb:\n  ports: [445\n' > "$out/bad.yaml"
expect 2 "policy that is not YAML" ./smbneg -c "$out/bad.yaml" -r "$alerting" -l "$out/l"
printf 'alert smb any any -> any any (msg:"x"; smb.dialectz:3.1.1; sid:1;)\n' > "$out/bad.rules"
expect 2 "-T with a rule that does not parse" ./smbneg -T -S "$out/bad.rules"
expect 1 "an output that could not be written (/dev/full)" ./smbneg -r "$alerting" -l "$out/l" \
    --set outputs.eve-log.0.filename=/dev/full
expect 1 "an interface that cannot be opened" ./smbneg -i smbneg-nosuch0 -l "$out/l"
if [ "$(id -u)" = 0 ]; then
    # a pidfile in use: a sensor on lo holds it, a second one exits 1; the
    # first ends with 0 on SIGTERM
    ./smbneg -i lo --pidfile "$out/pid" -l "$out" --no-progress 2>"$out/live.err" &
    live=$!
    n=0; while [ ! -s "$out/pid" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
    expect 1 "a pidfile in use" ./smbneg -i lo --pidfile "$out/pid" -l "$out/l"
    kill -TERM $live; wait $live; rc=$?
    [ $rc -eq 0 ] && echo "PASS live sensor on SIGTERM: exit 0" ||
        { echo "FAIL live sensor on SIGTERM: exit $rc"; cat "$out/live.err"; fail=1; }
else
    echo "SKIP a pidfile in use: not root (capturing on lo needs it)"
fi
# a stop signal during -r: 128 + its number (SIGINT 130, SIGTERM 143)
mkdir "$out/many"
n=0; while [ $n -lt 1500 ]; do n=$((n + 1)); ln -s "$cap/lab/many-flows.pcap" "$out/many/m$n.pcap"; done
stopped() { # stopped SIG STATUS ARGS...
    sig=$1 want=$2
    shift 2
    rm -rf "$out/l" && mkdir "$out/l"
    ./smbneg "$@" -r "$out/many" -l "$out/l" 2>"$out/err" &
    p=$!
    n=0; while [ ! -s "$out/l/eve.json" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
    kill -"$sig" $p; wait $p; rc=$?
    if [ "$rc" -eq "$want" ]; then echo "PASS SIG$sig during -r $*: exit $rc"
    else echo "FAIL SIG$sig during -r $*: exit $rc, expected $want"; fail=1; fi
}
stopped INT 130
stopped TERM 143
stopped TERM 143 -j 2
expect 2 "verify without a case" ./smbneg verify
expect 2 "verify --no-such-option" ./smbneg verify --no-such-option "$top/tests/verify/lab-ipv6"
expect 0 "verify, a passing case" ./smbneg verify "$top/tests/verify/lab-ipv6"
expect 1 "verify, a failing case" ./smbneg verify "$top/tests/verify-selftest/wrong-count"
exit $fail
