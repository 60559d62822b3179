#!/bin/sh
# A suricata.yaml eve-log block pasted into the policy loads (automake
# TESTS): Suricata 6.0.10's own `outputs:` list (data/, with provenance)
# runs as it is; `types:` items with options (`- alert: {metadata: no}`)
# are applied, options smbneg has not are warned about with file:line:col;
# `prefix` is written before each record; `--set outputs.N.eve-log.KEY`
# takes Suricata's numbering (N: the place in the outputs list).
set -u
. "$(dirname "$0")/common.sh"
block=$here/data/suricata-6.0.10-outputs.yaml
cap=$caps/default-3.1.1.pcap
# line:col of a key in the block (1-based column of its value, as libyaml
# marks it): found in the file itself
at() { grep -n "$1" "$block" | head -1 | awk -F: -v k="$2" '{ i = index($0, k); sub(/^[0-9]+:/, ""); print $1 ":" index($0, k) + length(k) + 1 }'; }

"$smbneg" -c "$block" -T > "$t/out" 2> "$t/err"; rc=$?
check "Suricata 6.0.10's outputs block: -T exits 0" test $rc -eq 0
check "  no error" sh -c "! grep -q ': error:' '$t/err'"
l=$(grep -n '      pcap-file: false' "$block" | cut -d: -f1)
check "  an eve-log key smbneg has not: warned at its line:col" \
    grep -q "^$block:$l:18: warning: unknown key 'outputs.eve-log.pcap-file' (ignored)" "$t/err"
l=$(grep -n '            extended: yes     # enable this for extended logging information' "$block" | head -1 | cut -d: -f1)
check "  a types option smbneg has not: warned at its line:col" \
    grep -q "^$block:$l:23: warning: 'outputs.eve-log.types.http.extended': not an option" "$t/err"
check "  tagged-packets and the stats options it has: no warning" \
    sh -c "! grep -Eq 'tagged-packets|totals|threads|deltas' '$t/err'"
"$smbneg" -c "$block" --dump-config > "$t/kv"
check "  places as in suricata.yaml: outputs.0 = fast" grep -qx "outputs.0 = fast" "$t/kv"
check "  places as in suricata.yaml: outputs.1 = eve-log" grep -qx "outputs.1 = eve-log" "$t/kv"
check "  the block's values: community-id = no" grep -qx "outputs.1.eve-log.community-id = no" "$t/kv"

# The records: those of the shipped policy with the block's settings
# (community-id: false); the block's types hold smb, alert, anomaly, stats.
mkdir "$t/a" "$t/b"
"$smbneg" -c "$block" -r "$cap" -l "$t/a" --no-progress 2> /dev/null
"$smbneg" --set outputs.eve-log.community-id=no -r "$cap" -l "$t/b" --no-progress 2> /dev/null
nostats() { grep -v '"event_type":"stats"' "$1"; }
check "the block's records = the shipped policy's with community-id off" \
    sh -c "[ -s '$t/a/eve.json' ] && [ \"\$(grep -v '\"event_type\":\"stats\"' '$t/a/eve.json')\" = \"\$(grep -v '\"event_type\":\"stats\"' '$t/b/eve.json')\" ]"
check "  and fast.log" cmp -s "$t/a/fast.log" "$t/b/fast.log"

# The block with `metadata: no` beside the alert item's tagged-packets and
# its rsyslog prefix uncommented: alerts lose flow, smb and the rule's
# metadata, as in Suricata; every record starts with the prefix.
sed -e 's/^            tagged-packets: yes$/            metadata: no\n            tagged-packets: yes/' \
    -e 's/^      #prefix: "@cee: "/      prefix: "@cee: "/' "$block" > "$t/lean.yaml"
check "  (the edited block has both)" sh -c "grep -q '^            metadata: no' '$t/lean.yaml' && grep -q '^      prefix:' '$t/lean.yaml'"
mkdir "$t/c"
"$smbneg" -c "$t/lean.yaml" -r "$cap" -l "$t/c" --no-progress 2> "$t/c.err"
check "  loads (exit 0 run)" test -s "$t/c/eve.json"
check "prefix: every record starts with '@cee: '" sh -c "! grep -v '^@cee: {' '$t/c/eve.json'"
sed 's/^@cee: //' "$t/c/eve.json" > "$t/c/plain.json"
check "  the rest of each line is the record" sh -c "jq -c . '$t/c/plain.json' > /dev/null"
check "metadata: no: alerts without flow, smb, alert.metadata" \
    sh -c "[ \"\$(jq -c 'select(.event_type==\"alert\") | [has(\"flow\"), has(\"smb\"), (.alert|has(\"metadata\"))]' '$t/c/plain.json' | sort -u)\" = '[false,false,false]' ]"
check "  the records validate against doc/eve.schema.json and Suricata's schema" \
    /usr/bin/python3 "$top/tests/schema/validate.py" --schema "$top/doc/eve.schema.json" \
    --suricata-schema "$top/../shared/schema/suricata-eve-schema.json" "$t/c/plain.json"
check "  the alerts themselves unchanged" sh -c "[ \"\$(jq -c 'select(.event_type==\"alert\") | del(.flow, .smb, .alert.metadata)' '$t/a/eve.json')\" = \"\$(jq -c 'select(.event_type==\"alert\")' '$t/c/plain.json')\" ]"
check "  smb records unchanged" sh -c "[ \"\$(jq -c 'select(.event_type==\"smb\")' '$t/a/eve.json')\" = \"\$(jq -c 'select(.event_type==\"smb\")' '$t/c/plain.json')\" ]"
"$smbneg" -c "$t/lean.yaml" --dump-config > "$t/lean.kv"
check "  --dump-config shows the option" grep -qx "outputs.1.eve-log.types.0.alert.metadata = no" "$t/lean.kv"
"$smbneg" -c "$t/lean.yaml" --dump-config=yaml > "$t/lean.dump"
"$smbneg" -c "$t/lean.dump" --dump-config=yaml > "$t/lean.again"
check "  --dump-config=yaml round-trips it" cmp -s "$t/lean.dump" "$t/lean.again"
check "  --dump-config = --dump-config=yaml" "${PYTHON:-python3}" "$here/check-dump-kv.py" "$t/lean.kv" "$t/lean.dump"
check "-j refuses a prefix (it merges plain records)" \
    sh -c "'$smbneg' -c '$t/lean.yaml' -j 2 -r '$cap' -l '$t/c' 2>&1 | grep -q 'has a prefix'"

# The flow form, as the issue has it, gives the same policy.
printf 'outputs:\n  - eve-log:\n      types:\n        - alert: {metadata: no, tagged-packets: yes}\n        - smb\n' > "$t/flow.yaml"
printf 'outputs:\n  - eve-log:\n      types:\n        - alert:\n            metadata: no\n            tagged-packets: yes\n        - smb\n' > "$t/blockform.yaml"
check "- alert: {metadata: no, tagged-packets: yes} = the block form" \
    sh -c "'$smbneg' -c '$t/flow.yaml' --dump-config > '$t/f1' 2>&1 && '$smbneg' -c '$t/blockform.yaml' --dump-config > '$t/f2' 2>&1 && cmp -s '$t/f1' '$t/f2' && grep -qx 'outputs.0.eve-log.types.0.alert.metadata = no' '$t/f1'"

# `enabled: no` on a type takes it out; a non-boolean option is an error.
printf 'outputs:\n  - eve-log:\n      types:\n        - smb\n        - anomaly:\n            enabled: no\n        - alert\n' > "$t/off.yaml"
check "- anomaly: {enabled: no}: no anomaly records" \
    sh -c "'$smbneg' -c '$t/off.yaml' --dump-config | grep '^outputs.0.eve-log.types' | tr '\n' ' ' | grep -q 'types.0 = smb outputs.0.eve-log.types.1 = alert \$'"
printf 'outputs:\n  - eve-log:\n      types:\n        - alert: {metadata: maybe}\n' > "$t/bad.yaml"
"$smbneg" -c "$t/bad.yaml" -T 2> "$t/bad.err"; rc=$?
check "a non-boolean option: exit 2, file:line:col" \
    sh -c "[ $rc -eq 2 ] && grep -q '^$t/bad.yaml:4:29: error: outputs.eve-log.types.alert.metadata: expected a boolean' '$t/bad.err'"

# --set in Suricata's numbering: outputs.1 is the block's eve-log, 0 fast.
mkdir "$t/d"
"$smbneg" -c "$block" --set 'outputs.1.eve-log.prefix=@cee: ' --set outputs.0.fast.enabled=no \
    --set outputs.2.eve-log.filename=second.json -r "$cap" -l "$t/d" --no-progress 2> "$t/d.err"
check "--set outputs.1.eve-log.prefix: the eve-log item" sh -c "grep -q '^@cee: {' '$t/d/eve.json' && ! grep -v '^@cee: ' '$t/d/eve.json'"
check "--set outputs.0.fast.enabled=no: no fast.log" test ! -e "$t/d/fast.log"
check "--set outputs.2.eve-log.KEY: a new item at the next place, with the defaults" \
    sh -c "[ \"\$(sed 's/^@cee: //' '$t/d/eve.json' | jq -c 'select(.event_type != \"stats\")')\" = \"\$(jq -c 'select(.event_type != \"stats\") | del(.community_id)' '$t/d/second.json')\" ] && grep -q community_id '$t/d/second.json'"
"$smbneg" -c "$block" --set outputs.0.eve-log.prefix=x -T 2> "$t/e.err"; rc=$?
check "--set outputs.0.eve-log.KEY where 0 is fast: exit 2" \
    sh -c "[ $rc -eq 2 ] && grep -q 'no eve-log output at that place' '$t/e.err'"
"$smbneg" -c "$block" --set outputs.1.fast.enabled=no -T 2> "$t/e.err"; rc=$?
check "--set outputs.1.fast.KEY where 1 is eve-log: exit 2" \
    sh -c "[ $rc -eq 2 ] && grep -q 'fast output is not at that place' '$t/e.err'"
"$smbneg" --set outputs.0.eve-log.community-id=no --dump-config > "$t/f.kv"
check "the shipped policy: outputs.0 is its eve-log" grep -qx "outputs.0.eve-log.community-id = no" "$t/f.kv"
finish
