#!/bin/sh
# run-redis-test.sh - automake TESTS entry: the EVE redis output against a
# real redis-server (private, in a temporary directory, on free ports):
#   list (LPUSH, as Suricata) and rpush hold exactly the records of
#   eve.json (list: newest first, so an RPOP consumer reads them in order);
#   channel (PUBLISH) reaches a subscriber intact; stream (XADD, alias
#   xadd) holds them in field eve, trimmed to stream-maxlen;
#   outages: redis down for the whole run (every record counted as dropped),
#   down at start and started during the run (drain-timeout: all delivered
#   after one reconnect), and gone in mid-run (redis-proxy.py refuses
#   connections after K records; all delivered after it comes back, or the
#   first K delivered and the rest counted as dropped when it does not).
# Every case checks that written + dropped = the records of eve.json.
# Exit 77 (skip) without redis-server/redis-cli or without hiredis.
set -u
. "$(dirname "$0")/common.sh"

need_redis redis-server redis-cli

free_port() {
    "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_redis PORT: a private redis-server, registered for cleanup.
start_redis() {
    mkdir -p "$t/redis-$1"
    redis-server --port "$1" --bind 127.0.0.1 --save '' --appendonly no \
        --dir "$t/redis-$1" --logfile "$t/redis-$1/log" & own $!
    i=0
    until redis-cli -p "$1" ping 2>/dev/null | grep -q PONG; do
        i=$((i + 1))
        if [ $i -gt 50 ]; then fail "redis-server on port $1 did not start"; finish; exit 1; fi
        sleep 0.1
    done
}

# policy FILE PORT KEY MODE [extra eve-log lines]: eve.json plus one redis output.
policy() {
    f=$1 port=$2 key=$3 mode=$4; shift 4
    {
        printf 'outputs:\n  - eve-log:\n      filename: eve.json\n'
        printf '  - eve-log:\n      filetype: redis\n'
        printf '      redis: {server: 127.0.0.1, port: %s, mode: %s, key: %s}\n' "$port" "$mode" "$key"
        for l in "$@"; do printf '      %s\n' "$l"; done
    } > "$f"
}

# accounted NAME STDERR PORT WRITTEN DROPPED: the sink's summary line says so.
accounted() {
    line=$(grep -F "eve redis 127.0.0.1:$3:" "$2")
    want="$4 records written, $5 dropped while down"
    case $line in
    *"$want"*) pass "$1: $want" ;;
    *) fail "$1: expected '$want', got '$line'" ;;
    esac
}

P=$(free_port)
start_redis "$P"

# ---- list, lpush and channel: exact equality with eve.json
redis-cli -p "$P" subscribe evech > "$t/sub.out" & own $!
sub_pid=$!
i=0
until [ "$(redis-cli -p "$P" pubsub numsub evech | sed -n 2p)" = 1 ] || [ $i -gt 50 ]; do
    sleep 0.1; i=$((i + 1))
done
policy "$t/list.yaml" "$P" suricata list
cat >> "$t/list.yaml" <<YAML
  - eve-log:
      filetype: redis
      redis: {port: $P, mode: rpush, key: everp}
  - eve-log:
      filetype: redis
      redis: {port: $P, mode: channel, key: evech}
YAML
mkdir "$t/list"
"$smbneg" -c "$t/list.yaml" -r "$caps" -l "$t/list" 2> "$t/list.err"
check "list: smbneg exits 0" [ $? -eq 0 ]
eve=$t/list/eve.json
n=$(wc -l < "$eve")
redis-cli -p "$P" lrange suricata 0 -1 | tac > "$t/list.out"
same "list (LPUSH), read from the tail = eve.json" "$eve" "$t/list.out"
redis-cli -p "$P" lrange everp 0 -1 > "$t/rpush.out"
same "rpush = eve.json" "$eve" "$t/rpush.out"
i=0
until [ "$(grep -c '^message$' "$t/sub.out")" -ge "$n" ] || [ $i -gt 50 ]; do sleep 0.1; i=$((i + 1)); done
kill "$sub_pid"
awk 'prev2 == "message" && prev1 == "evech" { print } { prev2 = prev1; prev1 = $0 }' "$t/sub.out" \
    > "$t/channel.out"
same "channel (PUBLISH) = eve.json" "$eve" "$t/channel.out"
accounted "list" "$t/list.err" "$P" "$n" 0
if "$python" "$here/compare-alerts.py" "$eve" "$t/list.out" > "$t/cmp"; then
    pass "list: alerts by signature_id, flow_id and alert object: $(head -1 "$t/cmp")"
else
    fail "list: alerts differ: $(cat "$t/cmp")"
fi

# ---- stream (XADD, as Suricata 7; `xadd` is the same): every entry is one
# record in field `eve`, in order; stream-maxlen trims (exactly with
# stream-trim-exact) to the newest records; 0 keeps all
cat > "$t/stream.yaml" <<YAML
outputs:
  - eve-log:
      filename: eve.json
  - eve-log:
      filetype: redis
      redis: {port: $P, mode: stream, key: evs}
  - eve-log:
      filetype: redis
      redis: {port: $P, mode: xadd, key: evs5, stream-maxlen: 5, stream-trim-exact: yes}
  - eve-log:
      filetype: redis
      redis: {port: $P, mode: stream, key: evs0, stream-maxlen: 0}
YAML
mkdir "$t/stream"
"$smbneg" -c "$t/stream.yaml" -r "$caps" -l "$t/stream" 2> "$t/stream.err"
check "stream: smbneg exits 0" [ $? -eq 0 ]
# XRANGE prints id, field, value per entry
xrecords() { redis-cli -p "$P" xrange "$1" - + | awk 'NR % 3 == 2 && $0 != "eve" { bad = 1 } NR % 3 == 0 { print } END { exit bad }'; }
xrecords evs > "$t/stream.out"
check "stream: every entry's field is eve" [ $? -eq 0 ]
same "stream (XADD) = eve.json" "$t/stream/eve.json" "$t/stream.out"
xrecords evs0 > "$t/stream0.out"
same "stream, stream-maxlen 0 (no trimming) = eve.json" "$t/stream/eve.json" "$t/stream0.out"
tail -5 "$t/stream/eve.json" > "$t/last5"
xrecords evs5 > "$t/stream5.out"
same "xadd, stream-maxlen 5, exact: the newest 5 records" "$t/last5" "$t/stream5.out"
check "stream: the default stream-maxlen is Suricata's 100000" \
    sh -c "'$smbneg' -c '$t/stream.yaml' --dump-config | grep -qx 'outputs.1.eve-log.redis.stream-maxlen = 100000'"

# ---- down for the whole run: everything dropped and counted
Q=$(free_port)
policy "$t/down.yaml" "$Q" suricata list "buffer-size: 16kb"
mkdir "$t/down"
"$smbneg" -c "$t/down.yaml" -r "$caps" -l "$t/down" 2> "$t/down.err"
check "down: smbneg exits 0" [ $? -eq 0 ]
accounted "down all run" "$t/down.err" "$Q" 0 "$(wc -l < "$t/down/eve.json")"
check "down: one warning naming the sink" \
    [ "$(grep -c "eve redis 127.0.0.1:$Q: down at start" "$t/down.err")" -eq 1 ]

# ---- down at start, started during the run: queued, then all delivered
R=$(free_port)
policy "$t/late.yaml" "$R" suricata list "drain-timeout: 20"
mkdir "$t/late"
"$smbneg" -c "$t/late.yaml" -r "$caps" -l "$t/late" 2> "$t/late.err" &
smb_pid=$!
i=0
until grep -q 'down at start' "$t/late.err" 2>/dev/null || [ $i -gt 50 ]; do sleep 0.1; i=$((i + 1)); done
start_redis "$R"
wait "$smb_pid"
check "late start: smbneg exits 0" [ $? -eq 0 ]
redis-cli -p "$R" lrange suricata 0 -1 | tac > "$t/late.out"
same "late start: list = eve.json" "$t/late/eve.json" "$t/late.out"
accounted "late start" "$t/late.err" "$R" "$(wc -l < "$t/late/eve.json")" 0
check "late start: 1 reconnect" grep -q "127.0.0.1:$R: .* 1 reconnects" "$t/late.err"

# ---- gone in mid-run (after 40 records) for 1.5 s, then back
X=$(free_port)
"$python" "$here/redis-proxy.py" "$X" "$P" 40 1.5 "$t/proxy1.ready" & own $!
wait_file "$t/proxy1.ready"
policy "$t/mid.yaml" "$X" mid list "drain-timeout: 20"
mkdir "$t/mid"
"$smbneg" -c "$t/mid.yaml" -r "$caps" -l "$t/mid" 2> "$t/mid.err"
check "mid-run outage: smbneg exits 0" [ $? -eq 0 ]
redis-cli -p "$P" lrange mid 0 -1 | tac > "$t/mid.out"
same "mid-run outage, back: list = eve.json" "$t/mid/eve.json" "$t/mid.out"
accounted "mid-run outage, back" "$t/mid.err" "$X" "$(wc -l < "$t/mid/eve.json")" 0
check "mid-run outage: 'connection lost' warned" grep -q "127.0.0.1:$X: connection lost" "$t/mid.err"

# ---- gone in mid-run and not back: the first 40 delivered, the rest counted
Y=$(free_port)
"$python" "$here/redis-proxy.py" "$Y" "$P" 40 3600 "$t/proxy2.ready" & own $!
wait_file "$t/proxy2.ready"
policy "$t/gone.yaml" "$Y" gone list "buffer-size: 8kb"
mkdir "$t/gone"
"$smbneg" -c "$t/gone.yaml" -r "$caps" -l "$t/gone" 2> "$t/gone.err"
check "mid-run outage, gone: smbneg exits 0" [ $? -eq 0 ]
redis-cli -p "$P" lrange gone 0 -1 | tac > "$t/gone.out"
head -n 40 "$t/gone/eve.json" > "$t/gone.first"
same "mid-run outage, gone: list = first 40 records" "$t/gone.first" "$t/gone.out"
accounted "mid-run outage, gone" "$t/gone.err" "$Y" 40 $(($(wc -l < "$t/gone/eve.json") - 40))
finish
