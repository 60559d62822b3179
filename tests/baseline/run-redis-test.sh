#!/bin/sh
# run-redis-test.sh - sensors sharing one baseline through a real
# redis-server (automake TESTS): one smbneg process learns two lab captures
# into redis, another process judges a third against what the first learnt;
# a third with another key prefix shares nothing.  Expected values are
# tshark's (tests/captures/lab/oracle/*.jsonl).  Exit 77 without
# redis-server/redis-cli or without hiredis.
set -u
. "$(dirname "$0")/../outputs/common.sh"
need_redis redis-server redis-cli
port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir "$t/redis"
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$t/redis" \
    --logfile "$t/redis/log" & own $!
i=0
until redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; do
    i=$((i + 1))
    if [ $i -gt 50 ]; then fail "redis-server did not start"; finish; exit 1; fi
    sleep 0.1
done
r() { redis-cli -p "$port" "$@"; }
set -- --set baseline.store=redis --set baseline.redis.port="$port"
oracle=$top/tests/captures/lab/oracle

# ---- sensor A learns
mkdir "$t/a" "$t/b" "$t/c"
"$smbneg" "$@" -r "$caps/default-3.1.1.pcap" -r "$caps/segmented.pcap" -l "$t/a" 2> "$t/a.err"
check "sensor A exits 0" [ $? -eq 0 ]
k=smbneg:baseline:server:10.77.0.2
check "A wrote $k: 2 negotiations" [ "$(r hget "$k" negotiations)" = 2 ]
check "best_dialect 3.1.1 (tshark: dialect 0x0311)" [ "$(r hget "$k" best_dialect)" = 3.1.1 ]
check "best_cipher AES-128-GCM (tshark: cipher 0x0002)" [ "$(r hget "$k" best_cipher)" = AES-128-GCM ]
sguid=$(jq -r 'select(.response) | .server_guid[0]' "$oracle/segmented.pcap.jsonl")
check "guids: $sguid" [ "$(r hget "$k" guids)" = "$sguid" ]
g=$(jq -r 'select(.response | not) | .client_guid[0]' "$oracle/default-3.1.1.pcap.jsonl")
check "client GUID $g has its own hash" \
    [ "$(r hget "smbneg:baseline:client:guid:$g" best_offered)" = 3.1.1 ]
check "A raised no baseline alert" [ "$(grep -c '"baseline":' "$t/a/eve.json")" -eq 0 ]

# ---- sensor B, another process, judges what A learnt
"$smbneg" "$@" -r "$caps/srv-max-2.0.2.pcap" -l "$t/b" 2> "$t/b.err"
check "sensor B exits 0" [ $? -eq 0 ]
ev=$(jq -c 'select(.event_type == "alert" and .alert.signature_id == 2260016) | .alert.baseline' \
    "$t/b/eve.json")
check "B alerts on the dialect drop A's data shows: $ev" [ "$ev" = \
    "{\"condition\":\"server-dialect-drop\",\"host\":\"10.77.0.2\",\"was\":\"3.1.1\",\"now\":\"2.0.2\",\"observations\":2,\"first_seen\":\"2026-11-24T08:41:55.000000+0000\",\"last_seen\":\"2026-11-24T08:42:19.000000+0000\"}" ]
check "B added its negotiation: 3" [ "$(r hget "$k" negotiations)" = 3 ]

check "smbneg hosts --redis lists the shared baseline: 10.77.0.2, 3 negotiations" [ \
    "$("$smbneg" hosts --redis "127.0.0.1:$port" --format json | jq -c 'select(.kind == "server") | [.host, .best_dialect, .count]')" = '["10.77.0.2","3.1.1",3]' ]

# ---- sensor C with another prefix shares nothing
"$smbneg" "$@" --set baseline.redis.key-prefix=other: -r "$caps/srv-max-2.0.2.pcap" -l "$t/c" \
    2> "$t/c.err"
check "another key prefix: no baseline alert" \
    [ "$(grep -c '"signature_id":2260016' "$t/c/eve.json")" -eq 0 ]
check "another key prefix: its own keys" [ "$(r exists other:server:10.77.0.2)" = 1 ]

# ---- a redis that is not there: a one-line error, exit 2
"$smbneg" --set baseline.store=redis --set baseline.redis.port=1 -r "$caps/default-3.1.1.pcap" \
    -l "$t/c" 2> "$t/down.err"
st=$?
check "no redis: exit 2 ($st), 'redis 127.0.0.1:1' named" \
    sh -c "[ $st -eq 2 ] && grep -q 'redis 127.0.0.1:1' '$t/down.err'"
finish
