#!/bin/sh
# Policy and command line (automake TESTS): the embedded policy equals
# etc/smbneg.yaml, --dump-config round-trips, --set overrides, and bad
# policies and rules give one located error each and exit status 2.
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
t=$(mktemp -d /tmp/smbneg-config.XXXXXX) || exit 99
trap 'rm -rf "$t"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; }
check() { name=$1; shift; if "$@"; then ok "$name"; else ko "$name"; fi; }
# expect NAME STATUS PATTERN ARGS...: smbneg exits STATUS and stderr matches PATTERN
expect() {
    name=$1 want=$2 pat=$3; shift 3
    ./smbneg "$@" > "$t/out" 2> "$t/err"; got=$?
    if [ "$got" -eq "$want" ] && grep -Eq -- "$pat" "$t/err"; then ok "$name"
    else ko "$name (exit $got, stderr: $(head -3 "$t/err"))"; fi
}

./smbneg --dump-config=yaml > "$t/embedded.yaml"
./smbneg -c "$top/etc/smbneg.yaml" --dump-config=yaml > "$t/file.yaml"
check "embedded policy = etc/smbneg.yaml" cmp -s "$t/embedded.yaml" "$t/file.yaml"
./smbneg -c "$t/embedded.yaml" --dump-config=yaml > "$t/again.yaml"
check "--dump-config round-trips" cmp -s "$t/embedded.yaml" "$t/again.yaml"
# Strings with quotes, backslashes, control characters and YAML line breaks
# (U+0085, U+2028) are escaped, so the dump loads back as the same values.
./smbneg -c "$top/tests/fuzz-regress/fuzz_policy/dump-escapes" --dump-config=yaml > "$t/esc.yaml"
./smbneg -c "$t/esc.yaml" --dump-config=yaml > "$t/esc2.yaml"
check "--dump-config escapes strings" grep -Fq '"odd name: #1": "a\ny\"z\\w\Nv\Lu\Pt\x01"' "$t/esc.yaml"
check "--dump-config round-trips escaped strings" cmp -s "$t/esc.yaml" "$t/esc2.yaml"
./smbneg --set smb.ports=[445,4445] --set flow.timeouts.new=5 --set vars.address-groups.HOME_NET=[10.77.0.0/16] \
    --dump-config=yaml > "$t/set.yaml"
check "--set smb.ports" grep -q "ports: \[445, 4445\]" "$t/set.yaml"
check "--set flow.timeouts.new" grep -q "new: 5 " "$t/set.yaml"
check "--set a variable" grep -q 'HOME_NET: "\[10.77.0.0/16\]"' "$t/set.yaml"

expect "-T on the defaults" 0 "25 rules loaded, 0 error" -T
printf 'smb:\n  max-pdu: lots\n  portz: [1]\nflow:\n  timeouts:\n    new: [1, 2]\n' > "$t/bad.yaml"
expect "wrong type: file:line:col: key" 2 "bad.yaml:2:12: error: smb.max-pdu: expected a size" -c "$t/bad.yaml" -T
expect "unknown key is a warning" 2 "bad.yaml:3:11: warning: unknown key 'smb.portz'" -c "$t/bad.yaml" -T
expect "list where a scalar is due" 2 "bad.yaml:6:10: error: flow.timeouts.new: expected a scalar" -c "$t/bad.yaml" -T
printf 'smb:\n  detect-any-port: maybe\n' > "$t/bool.yaml"
expect "not a boolean" 2 "bool.yaml:2:20: error: smb.detect-any-port: expected a boolean" -c "$t/bool.yaml" -T
printf 'smb:\n  ports: [445\n' > "$t/yaml.yaml"
expect "not YAML" 2 "yaml.yaml:3:1: error: invalid YAML" -c "$t/yaml.yaml" -T
printf 'smb:\n  ports: [70000]\n' > "$t/port.yaml"
expect "port out of range" 2 "port.yaml:2:11: error: smb.ports: expected a port" -c "$t/port.yaml" -T
expect "missing policy file" 2 "nonexistent.yaml: cannot open policy" -c "$t/nonexistent.yaml" -T
expect "--set unknown key" 2 "unknown key 'nosuch.key'" --set nosuch.key=1 -T
expect "--set bad value" 2 "smb.max-pdu=abc: expected a size" --set smb.max-pdu=abc -T

cat > "$t/bad.rules" <<'RULES'
alert smb any any -> any any (msg:"unknown keyword"; smb.dialectz:3.1.1; sid:2269101;)
alert smb any any -> any any (msg:"bad value"; smb.dialect:9.9; sid:2269102;)
alert smb any any -> any any (msg:"missing sid"; smb.dialect:3.1.1;)
alert smb any any -> any any (msg:"good"; smb.dialect:3.1.1; sid:2269104;)
alert smb any any -> any any (msg:"duplicate"; smb.dialect:3.0; \
    sid:2269104;)
alert smb 10.0.0.300 any -> any any (msg:"bad address"; smb.dialect:3.1.1; sid:2269106;)
alert smb any 99999 -> any any (msg:"bad port"; smb.dialect:3.1.1; sid:2269107;)
alert tcp any any -> any any (msg:"bad proto"; sid:2269108;)
alert smb any any -> any any (msg:"unterminated"; sid:2269109;
RULES
expect "unknown keyword at its column" 2 "bad.rules:1:54: error: unknown keyword 'smb.dialectz'" -T -S "$t/bad.rules"
expect "bad value" 2 "bad.rules:2:60: error: smb.dialect: unknown dialect '9.9'" -T -S "$t/bad.rules"
expect "missing sid" 2 "bad.rules:3:1: error: missing sid" -T -S "$t/bad.rules"
expect "duplicate sid (continued line)" 2 "bad.rules:5:[0-9]+: error: duplicate sid" -T -S "$t/bad.rules"
expect "bad address" 2 "bad.rules:7:[0-9]+: error: .*address" -T -S "$t/bad.rules"
expect "bad port" 2 "bad.rules:8:[0-9]+: error: .*port" -T -S "$t/bad.rules"
expect "bad proto" 2 "bad.rules:9:[0-9]+: error: .*proto" -T -S "$t/bad.rules"
expect "unterminated options" 2 "bad.rules:10:[0-9]+: error: " -T -S "$t/bad.rules"
expect "the good rule still loads" 2 "1 rules loaded, 8 error" -T -S "$t/bad.rules"
expect "-s adds to the shipped rules" 2 "26 rules loaded, 8 error" -T -s "$t/bad.rules"
./smbneg --list-keywords > "$t/kw"
for k in smb.dialects smb.dialects.max smb.dialects.min smb.dialect smb.downgrade smb.version \
    smb1.dialects smb1.dialect smb.client.signing smb.server.signing smb.client.capabilities \
    smb.server.capabilities smb.client.ciphers smb.server.cipher smb.client.signing_algs \
    smb.server.signing_alg smb.client.compression smb.server.compression smb.client.contexts \
    smb.status smb.client_guid smb.server_guid smb.netname smb.baseline msg sid rev gid classtype priority \
    metadata reference flow threshold; do
    grep -q "^ *$k[: ]" "$t/kw" || ko "--list-keywords lacks $k"
done
ok "--list-keywords lists every keyword"
# Several `- eve-log:` outputs (doc/eve.md, "Outputs").
cat > "$t/multi.yaml" <<'YAML'
outputs:
  - eve-log:
      filename: eve.json
  - eve-log:
      filetype: redis
      redis: {server: 10.0.0.9, port: 6380, mode: channel}
      types: [alert]
  - fast:
      enabled: no
YAML
./smbneg -c "$t/multi.yaml" --dump-config=yaml > "$t/multi.dump"
check "two eve-log items are both kept" [ "$(grep -c '^  - eve-log:$' "$t/multi.dump")" -eq 2 ]
check "the second item's settings" grep -q 'server: "10.0.0.9"' "$t/multi.dump"
check "the first item keeps its defaults" grep -q 'filetype: "regular"' "$t/multi.dump"
./smbneg -c "$t/multi.dump" --dump-config=yaml > "$t/multi.again"
check "--dump-config of two eve-log items round-trips" cmp -s "$t/multi.dump" "$t/multi.again"
./smbneg --set outputs.eve-log.1.filetype=unix_stream --set outputs.eve-log.1.filename=e.sock \
    --dump-config=yaml > "$t/set1.dump"
check "--set outputs.eve-log.1.KEY adds an item" grep -q 'filetype: "unix_stream"' "$t/set1.dump"
expect "--set outputs.eve-log.5: no such item" 2 "no such eve-log output" \
    --set outputs.eve-log.5.filetype=regular -T
printf 'outputs:\n  - eve-log:\n      filetype: kafka\n' > "$t/ft.yaml"
expect "unknown filetype: file:line:col" 2 "ft.yaml:3:17: error: outputs.eve-log.filetype: not one of" -c "$t/ft.yaml" -T
printf 'outputs:\n  - eve-log:\n  - eve-log:\n      redis:\n        mode: queue\n' > "$t/rm.yaml"
expect "unknown redis mode in the second item" 2 "rm.yaml:5:15: error: outputs.eve-log.redis.mode: not one of" -c "$t/rm.yaml" -T

# A misspelled top-level section is an error (its settings would silently
# stay at their defaults); a suricata.yaml section smbneg does not use is a
# warning; the live test checks the same policy on a SIGUSR2 reload.
printf 'outptus:\n  fast:\n    enabled: no\nsmb:\n  portz: [1]\n' > "$t/sect.yaml"
expect "misspelled section: an error with a suggestion" 2 \
    "^.*sect.yaml:1:1: error: unknown section 'outptus' \(did you mean 'outputs'\?\)$" -c "$t/sect.yaml" -T
check "misspelled section: no warning for each key below it" \
    sh -c "! grep -q 'outptus.fast' '$t/err'"
check "misspelled section: the keys of known sections are still checked" \
    grep -q "sect.yaml:5:11: warning: unknown key 'smb.portz'" "$t/err"
printf 'xyzzy: 1\n' > "$t/sect2.yaml"
expect "unknown section far from any name" 2 "sect2.yaml:1:1: error: unknown section 'xyzzy' \(smbneg --dump-config lists them\)" \
    -c "$t/sect2.yaml" -T
printf 'af-packet:\n  - interface: eth0\napp-layer:\n  protocols: {}\n' > "$t/suri.yaml"
expect "suricata.yaml sections smbneg does not use: warnings, policy ok" 0 \
    "suri.yaml:3:1: warning: section 'app-layer' of suricata.yaml is not used by smbneg" -c "$t/suri.yaml" -T

# sensor-name (Suricata's key): "host" is the last key of every record, in
# -r runs with and without -j; none without it.
cap=$top/tests/captures/lab/default-3.1.1.pcap
printf 'sensor-name: "branch \\"1\\""\n' > "$t/sensor.yaml"
mkdir "$t/sn" "$t/snj" "$t/nosn"
./smbneg -c "$t/sensor.yaml" -r "$cap" -l "$t/sn" 2> /dev/null
./smbneg -c "$t/sensor.yaml" -j 2 -r "$cap" -r "$top/tests/captures/lab/ipv6.pcap" -l "$t/snj" 2> /dev/null
./smbneg -r "$cap" -l "$t/nosn" 2> /dev/null
# every_host FILE: each line ends with the host, holds it once; smb, alert and stats are there
every_host() {
    [ "$(grep -c '' "$1")" -ge 4 ] &&
        [ "$(grep -c ',"host":"branch \\"1\\""}$' "$1")" -eq "$(grep -c '' "$1")" ] &&
        [ "$(grep -c '"host"' "$1")" -eq "$(grep -c '' "$1")" ] &&
        grep -q '"event_type":"smb"' "$1" && grep -q '"event_type":"alert"' "$1" &&
        grep -q '"event_type":"stats"' "$1"
}
check "sensor-name: host last in every record (-r)" every_host "$t/sn/eve.json"
check "sensor-name: host last in every record (-j 2, merged stats included)" every_host "$t/snj/eve.json"
check "no sensor-name: no host" sh -c "! grep -q '\"host\"' '$t/nosn/eve.json'"
check "sensor-name: the same records otherwise" \
    sh -c "sed 's/,\"host\":\"branch \\\\\"1\\\\\"\"}\$/}/' '$t/sn/eve.json' | cmp -s - '$t/nosn/eve.json'"
check "sensor-name: no in_iface offline" sh -c "! grep -q in_iface '$t/sn/eve.json'"
if /usr/bin/python3 -c 'import jsonschema' 2> /dev/null; then
    check "sensor-name: records valid (smbneg's and Suricata's schemas)" \
        /usr/bin/python3 "$top/tests/schema/validate.py" "$t/sn/eve.json" "$t/snj/eve.json"
fi
# Types: a known key with the wrong type, a tag, a duplicate key, a root that
# is not a mapping: one located error each, the policy refused.
printf 'smb: [445]\n' > "$t/seq.yaml"
expect "a list where a mapping is due" 2 "seq.yaml:1:6: error: smb: expected a mapping" -c "$t/seq.yaml" -T
printf 'flow:\n  timeouts: [1, 2]\n' > "$t/seq2.yaml"
expect "a list where a nested mapping is due" 2 "seq2.yaml:2:13: error: flow.timeouts: expected a mapping" -c "$t/seq2.yaml" -T
printf 'vars:\n  address-groups: [10.0.0.0/8]\n' > "$t/vars.yaml"
expect "a list where the variables are due" 2 "vars.yaml:2:19: error: vars.address-groups: expected a mapping" -c "$t/vars.yaml" -T
printf 'smb: 5\n' > "$t/scal.yaml"
expect "a scalar where a mapping is due" 2 "scal.yaml:1:6: error: smb: expected a mapping" -c "$t/scal.yaml" -T
printf 'smb:\n' > "$t/null.yaml"
expect "an empty section is no error" 0 "0 error" -c "$t/null.yaml" -T
printf 'smb:\n  max-pdu: !!int 65536\n' > "$t/tag.yaml"
expect "a tagged scalar (!!int)" 2 "tag.yaml:2:12: error: smb.max-pdu: tags .* are not supported" -c "$t/tag.yaml" -T
printf 'smb:\n  detect-any-port: !foo yes\n' > "$t/tag2.yaml"
expect "a tagged scalar (!foo)" 2 "tag2.yaml:2:20: error: smb.detect-any-port: tags .* are not supported" -c "$t/tag2.yaml" -T
printf 'flow: !!map\n  memcap: 1mb\n' > "$t/tag3.yaml"
expect "a tagged mapping" 2 "tag3.yaml:1:7: error: flow: tags .* are not supported" -c "$t/tag3.yaml" -T
printf 'smb:\n  max-pdu: 64kb\n  max-pdu: 32kb\n' > "$t/dup.yaml"
expect "a duplicate key" 2 "dup.yaml:3:3: error: smb.max-pdu: duplicate key" -c "$t/dup.yaml" -T
printf 'smb:\n  ports: [445]\nflow:\n  memcap: 1mb\nsmb:\n  max-pdu: 64kb\n' > "$t/dup2.yaml"
expect "a duplicate section" 2 "dup2.yaml:5:1: error: smb: duplicate key" -c "$t/dup2.yaml" -T
printf 'vars:\n  address-groups:\n    HOME_NET: "[10.0.0.0/8]"\n    HOME_NET: "[10.1.0.0/16]"\n' > "$t/dup3.yaml"
expect "a duplicate variable" 2 "dup3.yaml:4:5: error: vars.address-groups.HOME_NET: duplicate key" -c "$t/dup3.yaml" -T
printf 'just a string\n' > "$t/root.yaml"
expect "a scalar document root" 2 "root.yaml:1:1: error: the policy must be a mapping" -c "$t/root.yaml" -T
printf -- '- smb\n- flow\n' > "$t/root2.yaml"
expect "a list as the document root" 2 "root2.yaml:1:1: error: the policy must be a mapping" -c "$t/root2.yaml" -T
printf 'outputs: [fast]\n' > "$t/outs.yaml"
expect "an output that is not a mapping" 2 "outs.yaml:1:11: error: outputs: expected" -c "$t/outs.yaml" -T
printf 'rule-files: [[a.rules]]\n' > "$t/nested-list.yaml"
expect "a list inside a list" 2 "nested-list.yaml:1:14: error: rule-files: expected a scalar" -c "$t/nested-list.yaml" -T
# Nesting deeper than the limit: one error line, at once (libyaml's scanner
# is quadratic in the depth: 100,000 brackets took 29 s and 99,969 lines).
python3 -c 'print("[" * 100000)' > "$t/deep.yaml"
python3 -c 'print("smb:" + " {a:" * 100000)' > "$t/deep2.yaml"
python3 -c 'print("smb:\n" + "".join("  " * i + "k%d:\n" % i for i in range(1, 5000)), end="")' > "$t/deep3.yaml"
for f in deep deep2 deep3; do
    s0=$(date +%s)
    timeout 60 ./smbneg -c "$t/$f.yaml" -T > /dev/null 2> "$t/err"; got=$?
    s1=$(date +%s)
    if [ "$got" -eq 2 ] && [ "$(wc -l < "$t/err")" -eq 1 ] &&
        grep -Eq "$f.yaml:[0-9]+:[0-9]+: error: .*nested deeper than 64" "$t/err" &&
        [ $((s1 - s0)) -le 5 ]; then
        ok "$f.yaml: too deep, one error line, $((s1 - s0)) s"
    else
        ko "$f.yaml: exit $got, $(wc -l < "$t/err") lines in $((s1 - s0)) s: $(head -c 200 "$t/err")"
    fi
done
python3 -c 'print("smb:\n  x:" + " [" * 62 + "1" + "]" * 62)' > "$t/d64.yaml"
expect "64 levels are fine (an unknown key)" 0 "warning: unknown key 'smb.x'" -c "$t/d64.yaml" -T
python3 -c 'print("smb:\n  x:" + " [" * 63 + "1" + "]" * 63)' > "$t/d65.yaml"
expect "65 levels are not" 2 "d65.yaml:2:130: error: smb.x: nested deeper than 64" -c "$t/d65.yaml" -T

# alert.rule (a types item's option): `- alert: {rule: yes}` adds the rule's
# text to that output only; a bad value is a located error; --dump-config
# keeps the option and round-trips.
printf 'outputs:\n  - eve-log:\n      filename: a.json\n      types:\n        - alert: {rule: yes}\n        - smb\n  - eve-log:\n      filename: b.json\n      types: [alert]\n' > "$t/ty.yaml"
mkdir "$t/ty"
./smbneg -c "$t/ty.yaml" -r "$top/tests/captures/lab/default-3.1.1.pcap" -l "$t/ty" 2> "$t/ty.err"
check "alert: {rule: yes}: alert.rule in that output" grep -q '"rule":"alert smb ' "$t/ty/a.json"
check "alert: {rule: yes}: its type and the next item are written" \
    sh -c "grep -q '\"event_type\":\"alert\"' '$t/ty/a.json' && grep -q '\"event_type\":\"smb\"' '$t/ty/a.json'"
check "alert: {rule: yes}: not in the other output" \
    sh -c "grep -q '\"event_type\":\"alert\"' '$t/ty/b.json' && ! grep -q '\"rule\":' '$t/ty/b.json'"
./smbneg -c "$t/ty.yaml" --dump-config=yaml > "$t/ty-dump.yaml"
check "alert: {rule: yes}: --dump-config keeps it" grep -Fq '[{"alert": {"rule": yes}}, "smb"]' "$t/ty-dump.yaml"
./smbneg -c "$t/ty-dump.yaml" --dump-config=yaml > "$t/ty-again.yaml"
check "alert: {rule: yes}: --dump-config round-trips" cmp -s "$t/ty-dump.yaml" "$t/ty-again.yaml"
printf 'outputs:\n  - eve-log:\n      types:\n        - alert:\n            rule: maybe\n' > "$t/ty2.yaml"
expect "alert.rule: a bad value is a located error" 2 \
    "ty2.yaml:5:19: error: outputs.eve-log.types.alert.rule: expected a boolean" -c "$t/ty2.yaml" -T
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
