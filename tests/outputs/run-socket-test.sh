#!/bin/sh
# run-socket-test.sh - automake TESTS entry: unix_stream, unix_dgram and
# syslog EVE outputs deliver exactly the records of the file output (python
# listeners, listen.py), a listener that is absent is counted as dropped,
# and -l - / filetype: stdout put the records, and only them, on stdout.
set -u
. "$(dirname "$0")/common.sh"

# listen KIND SOCK OUT [--syslog]: start listen.py, wait until it is bound.
listen() {
    "$python" "$here/listen.py" "$@" & own $!
    wait_file "$3.ready" || { fail "listener $2 did not start"; finish; exit 1; }
    lpid=$!
}

listen stream "$t/stream.sock" "$t/stream.out"; spid=$lpid
listen dgram "$t/dgram.sock" "$t/dgram.out"; dpid=$lpid
listen dgram "$t/log.sock" "$t/syslog.out" --syslog; lgpid=$lpid
cat > "$t/p.yaml" <<YAML
outputs:
  - eve-log:
      filename: eve.json
  - eve-log:
      filetype: unix_stream
      filename: stream.sock
  - eve-log:
      filetype: unix_dgram
      filename: $t/dgram.sock
  - eve-log:
      filetype: syslog
      syslog-socket: $t/log.sock
      identity: smbneg-test
      facility: local3
      level: notice
      types: [alert]
  - eve-log:
      filetype: unix_stream
      filename: nobody.sock
      types: [alert, smb]
      buffer-size: 64kb
YAML
"$smbneg" -c "$t/p.yaml" -r "$caps" -l "$t" > "$t/stdout" 2> "$t/stderr"
check "smbneg exits 0" [ $? -eq 0 ]
kill "$spid" "$dpid" "$lgpid"; wait "$spid" "$dpid" "$lgpid" 2>/dev/null
same "unix_stream = eve.json" "$t/eve.json" "$t/stream.out"
same "unix_dgram = eve.json" "$t/eve.json" "$t/dgram.out"
records "$t/eve.json" alert > "$t/alerts"
same "syslog (alerts only) = eve.json alerts" "$t/alerts" "$t/syslog.out"
# <PRI> = facility local3 (19) * 8 + notice (5) = 157
check "syslog header: <157> smbneg-test[pid]" \
    sh -c "! grep -v '^157 smbneg-test [0-9][0-9]*\$' '$t/syslog.out.hdr' && [ -s '$t/syslog.out.hdr' ]"
n=$(records "$t/eve.json" alert | wc -l); m=$(records "$t/eve.json" smb | wc -l)
want="eve unix_stream $t/nobody.sock: 0 records written, $((n + m)) dropped while down"
check "absent listener: every record counted as dropped ($((n + m)))" grep -qF "$want" "$t/stderr"
check "absent listener: one warning" [ "$(grep -c 'nobody.sock: down at start' "$t/stderr")" -eq 1 ]
check "nothing on stdout" [ ! -s "$t/stdout" ]

# -l -: records on stdout, nothing else; the summary stays on stderr.
mkdir "$t/cwd"
(cd "$t/cwd" && "$smbneg" -r "$caps" -l - > "$t/stdout" 2> "$t/stderr2")
check "-l - exits 0" [ $? -eq 0 ]
same "-l -: stdout = eve.json" "$t/eve.json" "$t/stdout"
check "-l -: summary on stderr" grep -q '^smbneg: 12 file(s)' "$t/stderr2"
check "-l -: no file written (no fast.log)" [ -z "$(ls -A "$t/cwd")" ]
mkdir "$t/d"
"$smbneg" -r "$caps" -l "$t/d" --set outputs.eve-log.filetype=stdout > "$t/stdout3" 2> /dev/null
same "filetype: stdout = eve.json" "$t/eve.json" "$t/stdout3"
check "filetype: stdout writes no eve.json" [ ! -e "$t/d/eve.json" ]
"$smbneg" -r "$caps" -l - --set outputs.eve-log.1.filetype=stdout > /dev/null 2> "$t/err4"
check "two stdout outputs are refused" grep -q 'only one EVE output may write to stdout' "$t/err4"

# Two files with different options in one run: each equals a run with that
# output alone (the smb object is serialised once per transaction and
# reused; a cache keyed wrongly would mix the variants).
mkdir "$t/two" "$t/compat"
"$smbneg" -r "$caps" -l "$t/two" --set outputs.eve-log.1.filename=compat.json \
    --set outputs.eve-log.1.suricata-compatible=yes 2> /dev/null
"$smbneg" -r "$caps" -l "$t/compat" --set outputs.eve-log.suricata-compatible=yes 2> /dev/null
same "two outputs: the full one = eve.json alone" "$t/eve.json" "$t/two/eve.json"
same "two outputs: the suricata-compatible one = that output alone" "$t/compat/eve.json" \
    "$t/two/compat.json"
check "suricata-compatible output has no smb.negotiate" \
    sh -c "! grep -q '\"negotiate\"' '$t/two/compat.json'"
check "the full output has smb.negotiate" grep -q '"negotiate"' "$t/two/eve.json"
finish
