#!/bin/sh
# run-fever-test.sh - automake TESTS entry: every smbneg alert arrives
# intact through fever (DCSO's EVE event router, Debian package fever):
#   socket: smbneg unix_stream -> fever -i -> fever's output socket;
#   redis:  smbneg redis list "suricata" -> fever -r (it RPOPs the list)
#           -> fever's output socket.
# Alerts are compared by signature_id, flow_id and the whole alert object,
# and every forwarded record must be byte-identical to one of eve.json
# (compare-alerts.py).  fever forwards through a `multi-forward` output with
# a buffer: its legacy `-o SOCKET` output has none and drops what arrives
# while it is writing (doc/eve.md "fever"); the last case shows that, and
# only requires what does arrive to be intact.
# Exit 77 (skip) without fever, redis-server or hiredis.
set -u
. "$(dirname "$0")/common.sh"

need_redis fever redis-server redis-cli

# listen NAME: a line listener at $t/NAME.sock writing $t/NAME.out.
listen() {
    "$python" "$here/listen.py" stream "$t/$1.sock" "$t/$1.out" & own $!
    wait_file "$t/$1.out.ready" || { fail "listener $1 did not start"; finish; exit 1; }
    listen_pid=$!
}

# fever_run NAME ARGS...: fever forwarding alert and stats events to
# $t/NAME.sock through a buffered multi-forward output (fever.yaml), with
# its own management socket and log file.
fever_run() {
    name=$1; shift
    cat > "$t/$name-fever.yaml" <<YAML
multi-forward:
  out:
    socket: $t/$name.sock
    all: false
    buffer-length: 100000
    types: [alert, stats]
YAML
    fever run --config "$t/$name-fever.yaml" --mgmt-socket "$t/$name-mgmt.sock" \
        --logfile "$t/$name-fever.log" "$@" 2> "$t/$name-fever.err" & own $!
    fever_pid=$!
}

# settle FILE WANT: wait until FILE has WANT alert lines, or 3 s without
# growth once the first arrived (fever may take long to start on a loaded
# machine: up to 60 s in all).
settle() {
    last=-1 same=0 i=0
    while [ $i -lt 600 ]; do
        n=$(grep -c '"event_type":"alert"' "$1" 2>/dev/null || true)
        [ "${n:-0}" -ge "$2" ] && break
        if [ "${n:-0}" -gt 0 ] && [ "$n" = "$last" ]; then same=$((same + 1)); else same=0; fi
        [ $same -ge 30 ] && break
        last=$n; sleep 0.1; i=$((i + 1))
    done
}

# compare NAME EVE FORWARDED [--subset]
compare() {
    name=$1; shift
    if "$python" "$here/compare-alerts.py" "$@" > "$t/cmp"; then
        pass "$name: $(head -1 "$t/cmp")"
    else
        fail "$name: $(cat "$t/cmp")"
    fi
}

# ---- unix_stream: smbneg -> fever -i
mkdir "$t/s"
listen fwd-s
fever_run fwd-s -i "$t/fever-in.sock"
wait_file "$t/fever-in.sock" || fail "fever did not create its input socket"
cat > "$t/s.yaml" <<YAML
outputs:
  - eve-log:
      filename: eve.json
  - eve-log:
      filetype: unix_stream
      filename: $t/fever-in.sock
YAML
"$smbneg" -c "$t/s.yaml" -r "$caps" -l "$t/s" 2> "$t/s.err"
check "unix_stream: smbneg exits 0" [ $? -eq 0 ]
nalerts=$(grep -c '"event_type":"alert"' "$t/s/eve.json")
check "unix_stream: smbneg delivered every record to fever's socket" \
    grep -q "fever-in.sock: $(wc -l < "$t/s/eve.json") records written, 0 dropped" "$t/s.err"
settle "$t/fwd-s.out" "$nalerts"
kill "$fever_pid" "$listen_pid"; wait "$fever_pid" "$listen_pid" 2>/dev/null
compare "unix_stream -> fever -i -> output socket" "$t/s/eve.json" "$t/fwd-s.out"

# ---- redis: smbneg -> list "suricata" -> fever -r
port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir "$t/redis"
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$t/redis" \
    --logfile "$t/redis/log" & own $!
i=0
until redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; do
    i=$((i + 1)); [ $i -gt 50 ] && { fail "redis-server did not start"; finish; exit 1; }
    sleep 0.1
done
mkdir "$t/r"
cat > "$t/r.yaml" <<YAML
outputs:
  - eve-log:
      filename: eve.json
  - eve-log:
      filetype: redis
      redis: {server: 127.0.0.1, port: $port, mode: list, key: suricata}
YAML
"$smbneg" -c "$t/r.yaml" -r "$caps" -l "$t/r" 2> "$t/r.err"
check "redis: smbneg exits 0" [ $? -eq 0 ]
redis-cli -p "$port" lrange suricata 0 -1 | tac > "$t/r.list"
same "redis: the list, oldest last = eve.json" "$t/r/eve.json" "$t/r.list"
listen fwd-r
fever_run fwd-r -r "127.0.0.1:$port"
settle "$t/fwd-r.out" "$nalerts"
check "redis: fever took every record off the list" [ "$(redis-cli -p "$port" llen suricata)" -eq 0 ]
kill "$fever_pid" "$listen_pid"; wait "$fever_pid" "$listen_pid" 2>/dev/null
compare "redis list -> fever -r -> output socket" "$t/r/eve.json" "$t/fwd-r.out"

# ---- fever's legacy -o output (no buffer): what arrives is intact
mkdir "$t/d"
listen fwd-d
fever run -i "$t/fever-in2.sock" -o "$t/fwd-d.sock" --mgmt-socket "$t/d-mgmt.sock" \
    --logfile "$t/d-fever.log" 2> "$t/d-fever.err" & own $!
fever_pid=$!
wait_file "$t/fever-in2.sock" || fail "fever did not create its input socket"
sed "s|$t/fever-in.sock|$t/fever-in2.sock|" "$t/s.yaml" > "$t/d.yaml"
"$smbneg" -c "$t/d.yaml" -r "$caps" -l "$t/d" 2> "$t/d.err"
check "legacy -o: smbneg delivered every record to fever's socket" \
    grep -q "fever-in2.sock: $(wc -l < "$t/d/eve.json") records written, 0 dropped" "$t/d.err"
settle "$t/fwd-d.out" "$nalerts"
kill "$fever_pid" "$listen_pid"; wait "$fever_pid" "$listen_pid" 2>/dev/null
compare "fever -o (no buffer: drops while busy), forwarded alerts intact" "$t/d/eve.json" \
    "$t/fwd-d.out" --subset
finish
