#!/bin/sh
# run-live-test.sh - the live sensor for real (automake TESTS): two network
# namespaces joined by a veth pair; smbneg -i captures on one end while
# tcpreplay sends the lab captures from the other.  Checks that live and
# offline (-r) runs see the same negotiations and alerts, SIGHUP after a
# rotation, SIGUSR2 with a broken and with a changed rule file, periodic
# stats with libpcap's counters, SIGTERM, the pidfile and --user, and a
# Redis restart with every alert accounted for.
#
# Environment: srcdir (set by make check), SMBNEG (default ./smbneg),
# PYTHON (default /usr/bin/python3).
# Exit: 0 pass, 1 fail, 77 skip (not root, no ip netns or tcpreplay), 99 error.
set -u
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
smbneg=${SMBNEG:-./smbneg}
python=${PYTHON:-/usr/bin/python3}
lab=$top/tests/captures/lab
gen=$top/tests/captures/generated

skip() { echo "SKIP: $*"; exit 77; }
[ -x "$smbneg" ] || { echo "ERROR: $smbneg not found (set SMBNEG=path)"; exit 99; }
smbneg=$(cd "$(dirname "$smbneg")" && pwd)/$(basename "$smbneg")
[ "$(id -u)" = 0 ] || skip "needs root (network namespaces and packet capture)"
command -v ip > /dev/null 2>&1 || skip "ip(8) (iproute2) is not installed"
command -v tcpreplay > /dev/null 2>&1 || skip "tcpreplay is not installed"
command -v sqlite3 > /dev/null 2>&1 || skip "sqlite3 is not installed"
"$python" -c 'import json' 2> /dev/null || skip "$python is not usable"
query() { "$python" "$top/tests/live/eve-query.py" "$@"; }

tag=sl$$                 # namespaces ${tag}s (sensor) and ${tag}c (client)
t=$(mktemp -d /tmp/smbneg-live.XXXXXX) || exit 99
chmod 711 "$t"           # --user nobody must reach its directory below
pid=
rpid=
cleanup() {
    [ -n "$pid" ] && kill -KILL "$pid" 2> /dev/null
    [ -n "$rpid" ] && kill -KILL "$rpid" 2> /dev/null
    ip netns del "${tag}s" 2> /dev/null
    ip netns del "${tag}c" 2> /dev/null
    rm -rf "$t"
}
trap cleanup EXIT
trap 'exit 99' INT TERM HUP

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; }
check() { name=$1; shift; if "$@"; then ok "$name"; else ko "$name"; fi; }
# wait_for SECONDS CMD...: poll CMD every 0.1 s; 1 on timeout
wait_for() {
    n=$(($1 * 10)); shift
    while [ "$n" -gt 0 ]; do
        "$@" && return 0
        sleep 0.1; n=$((n - 1))
    done
    return 1
}

# ------------------------------------------------------------ set-up
if ! { ip netns add "${tag}s" && ip netns add "${tag}c"; } 2> /dev/null; then
    skip "cannot create network namespaces (ip netns add failed)"
fi
ip link add "${tag}a" type veth peer name "${tag}b" 2> /dev/null ||
    skip "cannot create a veth pair"
ip link set "${tag}a" netns "${tag}s" && ip link set "${tag}b" netns "${tag}c" || exit 99
for n in s c; do   # no IPv6 autoconfiguration chatter on the link
    ip netns exec "${tag}$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
        net.ipv6.conf.default.disable_ipv6=1 > /dev/null 2>&1
done
# MTU above every frame of the captures (tcpreplay sends them as recorded)
ip -n "${tag}s" link set "${tag}a" mtu 9000 up && ip -n "${tag}c" link set "${tag}b" mtu 9000 up ||
    exit 99
# Offloads off on the capture side, as on a sensor: with them on, libpcap
# sizes every ring slot for a 64 KiB aggregate (doc/live.md).
ip netns exec "${tag}s" ethtool -K "${tag}a" gro off tso off gso off > /dev/null 2>&1 ||
    echo "note: offloads left on (no ethtool)"
sensor() { ip netns exec "${tag}s" "$smbneg" "$@"; }
sent=0
# replay FILE...: send the captures (4000 packets/s); add the packets to $sent
replay() {
    ip netns exec "${tag}c" tcpreplay --pps=4000 -i "${tag}b" "$@" > "$t/replay.out" 2>&1 ||
        { cat "$t/replay.out"; return 1; }
    n=$(sed -n 's/^[[:space:]]*Successful packets:[[:space:]]*\([0-9]*\).*/\1/p' "$t/replay.out")
    sent=$((sent + ${n:-0}))
}

# ------------------------------------------- errors before the capture
mkdir "$t/e"
sensor -i nosuchif0 -l "$t/e" 2> "$t/e/err"; rc=$?
check "interface that does not exist: exit 1, one line" \
    sh -c "[ $rc -eq 1 ] && grep -q 'nosuchif0: cannot open: no such interface' '$t/e/err'"
sensor -i "${tag}a" -l "$t/e" --set 'capture.bpf-filter=tcp port' 2> "$t/e/err"; rc=$?
check "bad BPF filter: exit 2" sh -c "[ $rc -eq 2 ] && grep -q 'capture.bpf-filter: bad BPF filter' '$t/e/err'"
sensor -i "${tag}a" -l "$t/e" --user no-such-user-x 2> "$t/e/err"; rc=$?
check "unknown --user: exit 2" sh -c "[ $rc -eq 2 ] && grep -q 'no such user' '$t/e/err'"
"$smbneg" -r "$lab/default-3.1.1.pcap" -l "$t/e" --pidfile "$t/e/pid" 2> "$t/e/err"; rc=$?
check "--pidfile without -i: exit 2" [ "$rc" -eq 2 ]

# --------------------------------------------------- offline reference
# The shipped rules load with every -s file: how many there are is the
# engine's own count (`-T`), not a number kept here.
shipped=$("$smbneg" -T 2>&1 | sed -n 's/.*policy ok; \([0-9]*\) rules loaded.*/\1/p')
[ -n "$shipped" ] || { echo "smbneg -T gave no rule count"; exit 99; }
cat > "$t/v1.rules" <<'EOF'
alert smb any any -> any any (msg:"live test: 3.1.1 chosen"; smb.dialect:3.1.1; sid:9100001; rev:1;)
EOF
# Not here: captures whose 5-tuples repeat those of another (each file is
# its own flow offline, one live stream merges them), cooked-v1 (not an
# Ethernet capture) and truncated.pcap (its 90-byte snaps go out as 90-byte
# frames, really truncated on the wire: decoder anomalies live only).
set1="$lab/default-3.1.1.pcap $lab/impacket-default.pcap $lab/ipv6.pcap $lab/many-flows.pcap
 $lab/only-2.0.2.pcap $lab/port-139.pcap $lab/reject-old.pcap $lab/segmented.pcap
 $lab/smb1-multiproto.pcap $lab/smb1-only.pcap $lab/srv-max-2.0.2.pcap $lab/srv-max-3.0.pcap
 $gen/port-4445.pcap $gen/impacket-2.0.2.pcap $gen/impacket-smb1.pcap $gen/signing-required.pcap
 $gen/ccm-only.pcap"
mkdir "$t/off"
# shellcheck disable=SC2046,SC2086 # word splitting of the list is wanted
set -- $(for f in $set1; do printf -- '-r %s ' "$f"; done)
"$smbneg" "$@" -s "$t/v1.rules" -l "$t/off" 2> "$t/off/err" || { cat "$t/off/err"; exit 99; }
query canon "$t/off/eve.json" > "$t/off.canon"
off_smb=$(query count "$t/off/eve.json" smb)
off_alert=$(query count "$t/off/eve.json" alert)

# ----------------------------------------------------------- the sensor
mkdir "$t/live" "$t/run"
cp "$t/v1.rules" "$t/rules"
ip netns exec "${tag}s" "$smbneg" -i "${tag}a" -l "$t/live" -s "$t/rules" --pidfile "$t/run/smbneg.pid" \
    --set stats.interval=1 --set flow.timeouts.new=1 --set flow.timeouts.established=2 \
    --set flow.timeouts.closed=0 --set sensor-name=live-test 2> "$t/live.err" &
pid=$!
if ! wait_for 10 test -s "$t/run/smbneg.pid"; then
    ko "pidfile written at start"; cat "$t/live.err"; exit 1
fi
check "pidfile holds the pid" [ "$(cat "$t/run/smbneg.pid")" = "$pid" ]
check "BPF filter derived from the policy (detect-any-port: all TCP)" \
    grep -q 'filter "tcp or (vlan and (tcp))"' "$t/live.err"
mkdir "$t/second"
sensor -i "${tag}a" -l "$t/second" --pidfile "$t/run/smbneg.pid" 2> "$t/second/err"; rc=$?
check "second instance refused by the pidfile: exit 1" \
    sh -c "[ $rc -eq 1 ] && grep -q 'refusing to start: process $pid' '$t/second/err'"
stats_seen() { [ "$(query count "$t/live/eve.json" stats)" -ge 1 ]; }
check "a periodic stats record while idle" wait_for 5 stats_seen

# Phase 1: the same captures live and offline.
# shellcheck disable=SC2086
replay $set1 || ko "tcpreplay"
# Idle link: the flows end by the wall clock (flow.timeouts.* above).
flows_ended() {
    query stats "$t/live/eve.json" |
        awk -v n="$sent" '$3 == n && $5 == n && $9 == 0 { f = 1 } END { exit !f }'
}
check "idle: periodic stats count the $sent packets; flows ended by wall clock (flow.active 0)" \
    wait_for 10 flows_ended

# Then every flow has ended and been logged; live and offline must agree.
live_caught_up() {
    [ "$(query count "$t/live/eve.json" smb)" -ge "$off_smb" ] &&
        [ "$(query count "$t/live/eve.json" alert)" -ge "$off_alert" ]
}
wait_for 20 live_caught_up
query canon "$t/live/eve.json" > "$t/live1.canon"
if cmp -s "$t/off.canon" "$t/live1.canon"; then
    ok "live = offline: $off_smb smb and $off_alert alert records (and anomalies)"
else
    ko "live differs from offline (< offline, > live):"; diff "$t/off.canon" "$t/live1.canon" | head -20
fi

# The live sensor keeps its host baselines in a SQLite file in its log
# directory, committed about once a second.
bl_learnt() {
    [ "$(sqlite3 "$t/live/baseline.sqlite" \
        "SELECT best_dialect FROM servers WHERE ip = '10.77.0.2'" 2>/dev/null)" = 3.1.1 ]
}
check "live: baselines in \$LOGDIR/baseline.sqlite (10.77.0.2's best: 3.1.1)" wait_for 5 bl_learnt

# Telling sensors apart: in_iface (after flow_id) on the records of flows
# and packets, host (sensor-name) last in every record.
if query sensor "$t/live/eve.json" "${tag}a" live-test > "$t/sensor.out"; then
    ok "in_iface ${tag}a after flow_id, host last: $(head -1 "$t/sensor.out")"
else
    ko "in_iface / host:"; cat "$t/sensor.out"
fi

# SIGHUP after a rotation: a new eve.json gets what follows.
mv "$t/live/eve.json" "$t/live/eve.json.1"
mv "$t/live/fast.log" "$t/live/fast.log.1"
kill -HUP "$pid"
check "SIGHUP: eve.json reopened" wait_for 5 test -f "$t/live/eve.json"
check "SIGHUP: fast.log reopened" wait_for 5 test -f "$t/live/fast.log"
sleep 0.3
rotated=$(wc -l < "$t/live/eve.json.1")
replay "$gen/srv-max-2.1.pcap" || ko "tcpreplay"
new_smb() { grep -q '"event_type":"smb".*"dialect":"2.10"' "$t/live/eve.json"; }
check "SIGHUP: records that follow go to the new eve.json" wait_for 10 new_smb
check "SIGHUP: nothing more in the rotated file" [ "$(wc -l < "$t/live/eve.json.1")" -eq "$rotated" ]

# SIGUSR2 with a broken rule file: the current rules stay.
cat "$t/v1.rules" > "$t/rules"
echo 'alert smb any any -> any any (msg:"broken"; smb.dialectz:3.1.1; sid:9100009;)' >> "$t/rules"
kill -USR2 "$pid"
failed_msg() { grep -q "reload failed, keeping the current rules ($((shipped + 1)) loaded)" "$t/live.err"; }
check "SIGUSR2, broken rule: 'reload failed, keeping the current rules ($((shipped + 1)) loaded)'" \
    wait_for 5 failed_msg
check "SIGUSR2, broken rule: the error is logged with its place" \
    grep -q "rules:2:[0-9]*: error: unknown keyword 'smb.dialectz'" "$t/live.err"
replay "$gen/encrypted.pcap" || ko "tcpreplay"
old_rule() { [ "$(query count "$t/live/eve.json" alert 9100001)" -ge 1 ]; }
check "SIGUSR2, broken rule: the old rule still fires" wait_for 10 old_rule

# SIGUSR2 with a changed, valid rule file: the new rule fires.
cat > "$t/rules" <<'EOF'
alert smb any any -> any any (msg:"live test: 3.0.2 chosen"; smb.dialect:3.0.2; sid:9100002; rev:1;)
EOF
kill -USR2 "$pid"
reloaded() { grep -q "rules reloaded: $((shipped + 1)) loaded" "$t/live.err"; }
check "SIGUSR2, valid rules: reloaded" wait_for 5 reloaded
replay "$gen/srv-max-3.0.2.pcap" || ko "tcpreplay"
new_rule() { [ "$(query count "$t/live/eve.json" alert 9100002)" -ge 1 ]; }
check "SIGUSR2, valid rules: the new rule fires" wait_for 10 new_rule
check "SIGUSR2, valid rules: the old rule is gone" \
    [ "$(query count "$t/live/eve.json" alert 9100001)" -eq 1 ]
check "SIGUSR2, same policy: no 'restart to apply' warning" \
    sh -c "! grep -q 'restart to apply' '$t/live.err'"
sleep 1.2                  # one more periodic record after the last replay

# SIGTERM: final stats, summary, exit 0, pidfile removed.
kill -TERM "$pid"
gone() { ! kill -0 "$pid" 2> /dev/null; }
wait_for 10 gone || ko "SIGTERM: smbneg still running after 10 s"
wait "$pid"; rc=$?
pid=
check "SIGTERM: exit 0" [ "$rc" -eq 0 ]
check "SIGTERM: summary line" grep -q "^smbneg: live on ${tag}a: $sent packets" "$t/live.err"
check "SIGTERM: the reloads in the summary: '2 reloads: 1 applied, 1 failed'" \
    grep -q "^smbneg: capture: .*; 2 reloads: 1 applied, 1 failed$" "$t/live.err"
check "SIGTERM: pidfile removed" [ ! -e "$t/run/smbneg.pid" ]
check "SIGTERM: the last record is stats" sh -c "tail -n 1 '$t/live/eve.json' | grep -q '\"event_type\":\"stats\"'"
query stats "$t/live/eve.json.1" "$t/live/eve.json" > "$t/stats"
last=$(tail -n 1 "$t/stats")
# shellcheck disable=SC2086 # the fields of the line
set -- $last
check "final stats: capture.kernel_packets = $sent replayed packets (got $3)" [ "$3" -eq "$sent" ]
check "final stats: decoder.pkts = $sent (got $5), kernel_drops = 0 (got $4)" \
    [ "$5" -eq "$sent" -a "$4" -eq 0 ]
check "final stats: detect.engines[0].rules_loaded = $((shipped + 1)) (got $8)" [ "$8" -eq $((shipped + 1)) ]
n_stats=$(wc -l < "$t/stats")
# Periodic records on a 1 s grid (the final one excepted): on average one
# interval apart, none missing; each may be late under load.
spacing_ok() {
    [ "$n_stats" -ge 5 ] &&
        awk -v n="$n_stats" 'NR == 1 { first = $1 }
                             NR > 1 && NR < n && $1 - p > 2.5 {
                                 printf "stats %d: %.3f s after the one before\n", NR, $1 - p; b = 1 }
                             NR < n { p = $1 }
                             END { avg = (p - first) / (n - 2)
                                   if (avg < 0.9 || avg > 1.2) {
                                       printf "stats: %.3f s apart on average\n", avg; b = 1 }
                                   exit b }' "$t/stats"
}
check "periodic stats every stats.interval (1 s): $n_stats records" spacing_ok
if "$python" -c 'import jsonschema' 2> /dev/null; then
    if "$python" "$top/tests/schema/validate.py" --schema "$top/doc/eve.schema.json" \
        "$t/live/eve.json.1" "$t/live/eve.json" > "$t/validate" 2>&1; then
        ok "live eve.json valid (smbneg's and Suricata's schemas)"
    else
        ko "live eve.json invalid:"; grep -v passed "$t/validate" | head -10
    fi
else
    echo "note: no python3-jsonschema, live records not validated"
fi

# --user nobody: capture and logs opened as root, then running as nobody.
if nobody_uid=$(id -u nobody 2> /dev/null); then
    mkdir "$t/nob" && chown nobody "$t/nob"
    cp "$top/etc/smbneg.yaml" "$t/policy.yaml" && chmod 644 "$t/policy.yaml"
    ip netns exec "${tag}s" "$smbneg" -i "${tag}a" -l "$t/nob" --pidfile "$t/nob/pid" \
        -c "$t/policy.yaml" --set stats.interval=1 --user nobody 2> "$t/nob.err" &
    pid=$!
    if wait_for 10 test -s "$t/nob/pid"; then
        # A negotiation left pending: the request, not the response.
        replay --limit=5 "$lab/default-3.1.1.pcap" || ko "tcpreplay"
        five_seen() { query stats "$t/nob/eve.json" | awk '$5 == 5 { f = 1 } END { exit !f }'; }
        wait_for 5 five_seen
        check "--user nobody: a request without its response is pending (no smb record yet)" \
            [ "$(query count "$t/nob/eve.json" smb)" -eq 0 ]
        uids=$(awk '/^Uid:/ { print $2, $3, $4, $5 }' "/proc/$pid/status")
        check "--user nobody: running as uid $nobody_uid (Uid: $uids)" \
            [ "$uids" = "$nobody_uid $nobody_uid $nobody_uid $nobody_uid" ]
        groups=$(awk '/^Groups:/ { $1 = ""; print }' "/proc/$pid/status")
        check "--user nobody: no supplementary group of root (Groups:$groups)" \
            sh -c "! echo '$groups' | grep -qw 0"
        mv "$t/nob/eve.json" "$t/nob/eve.json.1"
        kill -HUP "$pid"
        check "--user nobody: SIGHUP creates the new eve.json in a directory of nobody's" \
            wait_for 5 test -f "$t/nob/eve.json"
        sed -i 's/^  memcap: 64mb$/  memcap: 32mb/' "$t/policy.yaml"
        kill -USR2 "$pid"
        restart_warned() { grep -q 'restart to apply them' "$t/nob.err"; }
        check "--user nobody: SIGUSR2 reloads; a changed flow.memcap is reported as needing a restart" \
            wait_for 5 restart_warned
        # A misspelled section is an error on reload as at start.
        sed -i 's/^outputs:$/outptus:/' "$t/policy.yaml"
        kill -USR2 "$pid"
        section_refused() {
            grep -q "policy.yaml:[0-9]*:1: error: unknown section 'outptus' (did you mean 'outputs'?)" \
                "$t/nob.err" &&
                [ "$(grep -c "reload failed, keeping the current rules ($shipped loaded)" "$t/nob.err")" -eq 1 ]
        }
        check "--user nobody: SIGUSR2 with a misspelled top-level section fails, rules kept" \
            wait_for 5 section_refused
        printf 'smb:\n  ports: [445\n' > "$t/policy.yaml"
        kill -USR2 "$pid"
        policy_refused() {
            grep -q 'policy.yaml:3:1: error: invalid YAML' "$t/nob.err" &&
                [ "$(grep -c "reload failed, keeping the current rules ($shipped loaded)" "$t/nob.err")" -eq 2 ]
        }
        check "--user nobody: SIGUSR2 with a broken policy keeps the rules" wait_for 5 policy_refused
        kill -INT "$pid"; wait "$pid"; rc=$?; pid=
        check "--user nobody: SIGINT exit 0, pidfile removed" \
            sh -c "[ $rc -eq 0 ] && [ ! -e '$t/nob/pid' ]"
        check "--user nobody: summary '3 reloads: 1 applied, 2 failed'" \
            grep -q "; 3 reloads: 1 applied, 2 failed$" "$t/nob.err"
        check "--user nobody: SIGINT ends the flow: the pending request is logged" \
            sh -c "grep -q '\"event_type\":\"smb\".*\"client_dialects\"' '$t/nob/eve.json'"
    else
        ko "--user nobody: did not start"; cat "$t/nob.err"
    fi
else
    echo "note: no user nobody, --user not tested"
fi

# A Redis restart under a live sensor: alerts go to eve.json and to a Redis
# list; Redis is stopped while traffic flows and started again; smbneg
# keeps the alerts in its queue and delivers them when Redis is back, and
# at the stop every alert is accounted for (written + dropped = alerts).
if command -v redis-server > /dev/null && command -v redis-cli > /dev/null &&
    ! "$smbneg" --set outputs.eve-log.filetype=redis -T 2>&1 | grep -q 'without hiredis'; then
    ip -n "${tag}s" link set lo up
    rport=6391
    rcli() { ip netns exec "${tag}s" redis-cli -p "$rport" "$@"; }
    start_redis() {
        ip netns exec "${tag}s" redis-server --port "$rport" --bind 127.0.0.1 --save '' \
            --appendonly no --dir "$t" > "$t/redis.log" 2>&1 &
        rpid=$!
        wait_for 10 sh -c "ip netns exec '${tag}s' redis-cli -p $rport ping 2> /dev/null | grep -q PONG"
    }
    start_redis || ko "redis-server did not start"
    mkdir "$t/rd"
    ip netns exec "${tag}s" "$smbneg" -i "${tag}a" -l "$t/rd" --pidfile "$t/rd/pid" \
        --set outputs.eve-log.1.filetype=redis --set outputs.eve-log.1.redis.port=$rport \
        --set 'outputs.eve-log.1.types=[alert]' --set stats.interval=1 \
        --set flow.timeouts.new=1 --set flow.timeouts.established=2 \
        --set flow.timeouts.closed=0 2> "$t/rd.err" &
    pid=$!
    if wait_for 10 test -s "$t/rd/pid"; then
        replay "$lab/default-3.1.1.pcap" "$lab/srv-max-2.0.2.pcap" || ko "tcpreplay"
        first_in() { [ "$(rcli llen suricata)" -ge 1 ] && [ "$(rcli llen suricata)" -eq \
                       "$(query count "$t/rd/eve.json" alert)" ]; }
        check "redis (live): alerts delivered while Redis is up" wait_for 10 first_in
        rcli lrange suricata 0 -1 > "$t/rd.before"
        rcli shutdown nosave > /dev/null 2>&1
        wait "$rpid" 2> /dev/null
        n_before=$(query count "$t/rd/eve.json" alert)
        replay "$lab/smb1-multiproto.pcap" "$lab/only-2.0.2.pcap" "$gen/srv-max-3.0.2.pcap" ||
            ko "tcpreplay"
        more_alerts() { [ "$(query count "$t/rd/eve.json" alert)" -gt "$n_before" ]; }
        wait_for 10 more_alerts
        check "redis (live): Redis down: the outage is noticed" \
            wait_for 10 grep -q "127.0.0.1:$rport: .*\(connection lost\|down\)" "$t/rd.err"
        start_redis || ko "redis-server did not restart"
        all_in() { [ "$(rcli llen suricata)" -eq "$(($(query count "$t/rd/eve.json" alert) - \
                       $(wc -l < "$t/rd.before")))" ]; }
        check "redis (live): after the restart the queued alerts arrive" wait_for 20 all_in
        rcli lrange suricata 0 -1 > "$t/rd.after"
        kill -TERM "$pid"; wait "$pid"; rc=$?; pid=
        check "redis (live): SIGTERM exit 0" [ "$rc" -eq 0 ]
        n_alerts=$(query count "$t/rd/eve.json" alert)
        # Redis lists are LPUSHed (newest first, as Suricata does): restore order.
        cat "$t/rd.before" "$t/rd.after" | "$python" -c '
import json, sys
print("\n".join(sorted(json.dumps([r["flow_id"], r["alert"]["signature_id"], r["timestamp"]])
                       for r in map(json.loads, filter(None, sys.stdin.read().splitlines())))))' \
            > "$t/rd.redis"
        "$python" -c '
import json, sys
print("\n".join(sorted(json.dumps([r["flow_id"], r["alert"]["signature_id"], r["timestamp"]])
                       for r in map(json.loads, open(sys.argv[1])) if r["event_type"] == "alert")))' \
            "$t/rd/eve.json" > "$t/rd.file"
        check "redis (live): every one of the $n_alerts alerts of eve.json is in Redis, once" \
            cmp -s "$t/rd.file" "$t/rd.redis"
        check "redis (live): accounted: $n_alerts written, 0 dropped" \
            grep -q "127.0.0.1:$rport: $n_alerts records written, 0 dropped while down" "$t/rd.err"
    else
        ko "redis (live): did not start"; cat "$t/rd.err"
    fi
    rcli shutdown nosave > /dev/null 2>&1
    wait "$rpid" 2> /dev/null
    rpid=
else
    echo "note: no redis-server or no hiredis: Redis restart under a live sensor not tested"
fi

# The same capture replayed in a loop: its 4-tuple and ISNs come back
# within milliseconds of its FIN; each repetition is a new flow, and every
# negotiation is logged with its request and response.
mkdir "$t/loop"
ip netns exec "${tag}s" "$smbneg" -i "${tag}a" -l "$t/loop" --pidfile "$t/loop/pid" 2> "$t/loop.err" &
pid=$!
if wait_for 10 test -s "$t/loop/pid"; then
    replay --loop=50 "$lab/default-3.1.1.pcap" || ko "tcpreplay"
    sleep 0.5
    kill -TERM "$pid"; wait "$pid"; pid=
    n_loop=$(grep '"event_type":"smb"' "$t/loop/eve.json" | grep '"client_dialects"' |
        grep -c '"dialect":"3.11"')
    check "a capture replayed 50 times in a loop: 50 negotiations, each whole (got $n_loop)" \
        [ "$n_loop" -eq 50 ]
else
    ko "loop: did not start"; cat "$t/loop.err"
fi

# The interface goes away while running: one error line, the final stats,
# exit 1.  (Last: it removes the veth pair.)
mkdir "$t/gone"
ip netns exec "${tag}s" "$smbneg" -i "${tag}a" -l "$t/gone" --pidfile "$t/gone/pid" \
    2> "$t/gone.err" &
pid=$!
if wait_for 10 test -s "$t/gone/pid"; then
    ip -n "${tag}s" link del "${tag}a"
    wait_for 10 gone
    wait "$pid"; rc=$?; pid=
    check "interface removed: exit 1, 'capture failed', final stats, pidfile removed" \
        sh -c "[ $rc -eq 1 ] && grep -q '${tag}a: capture failed' '$t/gone.err' &&
               tail -n 1 '$t/gone/eve.json' | grep -q '\"event_type\":\"stats\"' &&
               [ ! -e '$t/gone/pid' ]"
else
    ko "interface removed: did not start"; cat "$t/gone.err"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
