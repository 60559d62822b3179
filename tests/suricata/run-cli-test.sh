#!/bin/sh
# Suricata's command line (automake TESTS): --dump-config prints Suricata's
# "key = value" lines (what suricata-update parses), --dump-config=yaml the
# YAML, --list-keywords=KW one keyword, -v (repeatable) more messages.
set -u
. "$(dirname "$0")/common.sh"
py=${PYTHON:-python3}

# --dump-config against --dump-config=yaml, on the defaults and on a policy
# with two eve-log items, --set values and a variable.
"$smbneg" --dump-config > "$t/kv" 2> "$t/err"
"$smbneg" --dump-config=yaml > "$t/yaml"
check "--dump-config = --dump-config=yaml, in Suricata's key = value form" \
    "$py" "$here/check-dump-kv.py" "$t/kv" "$t/yaml"
check "--dump-config: nothing on stderr" test ! -s "$t/err"
# Values as Suricata prints them: the shipped defaults (etc/smbneg.yaml,
# smbneg.yaml(5)): max-pdu 64kb, the first rule file, the first output.
check "--dump-config: smb.max-pdu = 65536" grep -qx "smb.max-pdu = 65536" "$t/kv"
check "--dump-config: rule-files.0" grep -qx "rule-files.0 = smb-negotiate.rules" "$t/kv"
check "--dump-config: outputs.0 = eve-log" grep -qx "outputs.0 = eve-log" "$t/kv"
check "--dump-config: outputs.0.eve-log.types.1 = alert" grep -qx "outputs.0.eve-log.types.1 = alert" "$t/kv"
check "--dump-config: a node with children is (null)" grep -qx "flow.timeouts = (null)" "$t/kv"
cat > "$t/multi.yaml" <<'YAML'
vars:
  address-groups:
    HOME_NET: "[10.1.0.0/16]"
outputs:
  - eve-log:
      filename: a.json
  - eve-log:
      filetype: redis
      redis: {server: 10.0.0.9, port: 6380, mode: channel}
      types: [alert]
YAML
"$smbneg" -c "$t/multi.yaml" --set flow.timeouts.new=5 --dump-config > "$t/kv2"
"$smbneg" -c "$t/multi.yaml" --set flow.timeouts.new=5 --dump-config=yaml > "$t/yaml2"
check "--dump-config with two eve-log items = the YAML" "$py" "$here/check-dump-kv.py" "$t/kv2" "$t/yaml2"
check "--dump-config: the second item" grep -qx "outputs.1.eve-log.redis.port = 6380" "$t/kv2"
check "--dump-config: fast after the eve-log items" grep -qx "outputs.2 = fast" "$t/kv2"
check "--dump-config: --set" grep -qx "flow.timeouts.new = 5" "$t/kv2"
check "--dump-config: a variable" grep -qx "vars.address-groups.HOME_NET = \[10.1.0.0/16\]" "$t/kv2"
"$smbneg" --dump-config=json > "$t/out" 2> "$t/err"
check "--dump-config=json: usage error" test $? -eq 2
check "--dump-config=json: says which formats" grep -q "kv (the default) and yaml" "$t/err"

# --list-keywords=KW: the keyword's block, whose syntax is the one the full
# list prints; case-insensitive; generic options too; unknown: exit 2.
"$smbneg" --list-keywords > "$t/all"
"$smbneg" --list-keywords=smb.dialect > "$t/one"; rc=$?
check "--list-keywords=smb.dialect: exit 0" test $rc -eq 0
check "--list-keywords=smb.dialect: its block" grep -qx "= smb.dialect =" "$t/one"
syn=$(grep -A1 '^  smb.dialect:' "$t/all" | sed -n '2s/^ *//p')
check "--list-keywords=smb.dialect: the syntax of the full list" grep -qxF "Syntax: $syn" "$t/one"
check "--list-keywords=smb.dialect: one keyword" test "$(grep -c '^= ' "$t/one")" -eq 1
"$smbneg" --list-keywords=SMB.Dialect > "$t/one2"
check "--list-keywords=KW is case-insensitive" cmp -s "$t/one" "$t/one2"
"$smbneg" --list-keywords=sid > "$t/sid"
check "--list-keywords=sid: a generic option" grep -qx "= sid =" "$t/sid"
"$smbneg" --list-keywords=all > "$t/all2"
check "--list-keywords=all: the full list" cmp -s "$t/all" "$t/all2"
"$smbneg" --list-keywords=smb.nosuch > "$t/out" 2> "$t/err"; rc=$?
check "--list-keywords=smb.nosuch: exit 2" test $rc -eq 2
check "--list-keywords=smb.nosuch: an error, nothing on stdout" \
    sh -c "grep -q 'error: --list-keywords=smb.nosuch: no such keyword' '$t/err' && test ! -s '$t/out'"

# -v, -vv: more messages on stderr; the records are the same.
cap=$caps/default-3.1.1.pcap
for v in 0 1 2; do
    mkdir "$t/v$v"
    case $v in 0) opt= ;; 1) opt=-v ;; 2) opt=-vv ;; esac
    # shellcheck disable=SC2086
    "$smbneg" $opt -r "$cap" -l "$t/v$v" --no-progress 2> "$t/v$v.err"
done
check "-v: the policy" grep -q "info: policy: the embedded default" "$t/v1.err"
check "-v: the rules loaded" grep -q "info: 25 rules loaded, 0 failed" "$t/v1.err"
check "-v: the eve-log output opened" grep -q "info: eve-log output 0: regular $t/v1/eve.json" "$t/v1.err"
check "-v: not each capture file" sh -c "! grep -q 'default-3.1.1.pcap: reading' '$t/v1.err'"
check "-vv: each capture file" grep -q "info: $cap: reading" "$t/v2.err"
check "-v -v = -vv" sh -c "'$smbneg' -v -v -r '$cap' -l - --no-progress 2>&1 >/dev/null | grep -q 'pcap: reading'"
check "no -v: none of those" sh -c "! grep -q 'info:' '$t/v0.err'"
check "-v and -vv: the same records" sh -c "cmp -s '$t/v0/eve.json' '$t/v1/eve.json' && cmp -s '$t/v0/eve.json' '$t/v2/eve.json'"
finish
