#!/bin/sh
# suricata-update (Debian's package) manages smbneg's rules with smbneg as
# the engine (automake TESTS), offline: a source given as a file:// URL and a
# --local file, disable.conf and modify.conf, in a private directory.
# suricata-update reads smbneg's --build-info and --dump-config, runs its
# `-T -l DIR -c POLICY -S OUTPUT` as the test (a rule smbneg rejects makes
# the update fail and keeps the previous rules), and its --reload-command
# reloads a running sensor with SIGUSR2 (as root: a live capture on lo).
# The rules written are run on a capture: the disabled sid is silent, the
# modified ones changed.
set -u
. "$(dirname "$0")/common.sh"
py=/usr/bin/python3   # Debian's, where suricata-update's module lives
su=$(command -v suricata-update) || { echo "SKIP: suricata-update is not installed (scripts/setup.sh installs it)"; exit 77; }
cap=$caps/default-3.1.1.pcap  # MANIFEST.md: dialect 3.1.1 chosen, 10.77.0.1 -> 10.77.0.2

# What suricata-update itself makes of --build-info and --dump-config.
check "suricata-update reads --build-info: version, directories, no warning" \
    "$py" - "$smbneg" "$top/etc/smbneg.yaml" <<'PY'
import logging, sys
from suricata.update import engine
warnings = []
class H(logging.Handler):
    def emit(self, r):
        if r.levelno >= logging.WARNING:
            warnings.append(r.getMessage())
logging.getLogger().addHandler(H())
bi = engine.get_build_info(sys.argv[1])
conf = engine.Configuration.load(sys.argv[2], suricata_path=sys.argv[1])
ok = (bi.get("version") is not None and bi["version"].major >= 5
      and all(bi.get(k, "").startswith("/") for k in ("prefix", "sysconfdir", "localstatedir"))
      and conf.get("vars.address-groups.HOME_NET") == "[192.168.0.0/16,10.0.0.0/8,172.16.0.0/12]"
      and conf.get("rule-files.0") == "smb-negotiate.rules" and not warnings)
if not ok:
    print("  build-info:", bi, "warnings:", warnings)
sys.exit(0 if ok else 1)
PY

mkdir -p "$t/src" "$t/data" "$t/out" "$t/etc"
# The source: sids 2269001-2269006 all about the capture's dialect.
cat > "$t/src/smbneg-test.rules" <<'RULES'
alert smb any any -> any any (msg:"TEST 3.1.1 kept"; smb.dialect:3.1.1; sid:2269001; rev:1;)
alert smb any any -> any any (msg:"TEST 3.1.1 to be disabled"; smb.dialect:3.1.1; sid:2269002; rev:1;)
alert smb any any -> any any (msg:"TEST message before modify"; smb.dialect:3.1.1; sid:2269003; rev:1;)
alert smb any any -> any any (msg:"TEST 2.0.2 made 3.1.1"; smb.dialect:2.0.2; sid:2269004; rev:1;)
alert smb $HOME_NET any -> any any (msg:"TEST HOME_NET client"; smb.dialect:3.1.1; sid:2269005; rev:1;)
alert smb $NO_SUCH_NET any -> any any (msg:"TEST unknown variable"; smb.dialect:3.1.1; sid:2269006; rev:1;)
RULES
cat > "$t/local.rules" <<'RULES'
alert smb any any -> any any (msg:"TEST local rule"; smb.dialect:3.1.1; sid:2269010; rev:1;)
RULES
printf '2269002\n' > "$t/disable.conf"
printf '2269003 "before modify" "after modify"\n2269004 "smb.dialect:2.0.2" "smb.dialect:3.1.1"\n' \
    > "$t/modify.conf"
: > "$t/update.yaml"
# The policy smbneg runs with: the rules suricata-update writes.
printf 'default-rule-path: %s\nrule-files: [suricata.rules]\n' "$t/out" > "$t/etc/smbneg.yaml"
update() {
    "$su" -c "$t/update.yaml" -D "$t/data" -o "$t/out" --suricata "$smbneg" \
        --suricata-conf "$t/etc/smbneg.yaml" --url "file://$t/src/smbneg-test.rules" \
        --local "$t/local.rules" --disable-conf "$t/disable.conf" --modify-conf "$t/modify.conf" \
        --no-check-certificate "$@"
}
update > "$t/su.log" 2>&1; rc=$?
check "suricata-update exits 0" test $rc -eq 0
check "suricata-update found smbneg's build info" sh -c "! grep -q 'not found in build-info' '$t/su.log'"
check "suricata-update tested with smbneg -T" grep -q "Testing with suricata -T" "$t/su.log"
check "suricata-update: the unknown variable disabled (smbneg's --dump-config has the vars)" \
    sh -c "grep -q '^# alert.*sid:2269006;' '$t/out/suricata.rules' && grep -q '^alert.*sid:2269005;' '$t/out/suricata.rules'"
[ $rc -eq 0 ] || sed 's/^/  | /' "$t/su.log"
"$smbneg" -c "$t/etc/smbneg.yaml" -T 2> "$t/T.err"; rc=$?
check "the output loads: smbneg -T (5 rules enabled)" sh -c "[ $rc -eq 0 ] && grep -q ' 5 rules loaded, 0 error' '$t/T.err'"
mkdir "$t/run"
"$smbneg" -c "$t/etc/smbneg.yaml" -r "$cap" -l "$t/run" --no-progress 2> /dev/null
alerts() { jq -r 'select(.event_type=="alert") | "\(.alert.signature_id) \(.alert.signature)"' "$t/run/eve.json"; }
alerts > "$t/alerts"
check "kept rule fires" grep -qx "2269001 TEST 3.1.1 kept" "$t/alerts"
check "disabled sid is silent" sh -c "! grep -q '^2269002 ' '$t/alerts'"
check "modified message" grep -qx "2269003 TEST message after modify" "$t/alerts"
check "modified match: 2.0.2 made 3.1.1 fires" grep -qx "2269004 TEST 2.0.2 made 3.1.1" "$t/alerts"
check "HOME_NET rule fires (10.77.0.1 is in it)" grep -qx "2269005 TEST HOME_NET client" "$t/alerts"
check "the --local rule fires" grep -qx "2269010 TEST local rule" "$t/alerts"
check "exactly those alerts" test "$(wc -l < "$t/alerts")" -eq 5

# smbneg's -T is the gate: a rule smbneg rejects fails the update and the
# previous rules stay.  (--force: the source was fetched less than 15
# minutes ago and would be taken from suricata-update's cache.)
cp "$t/out/suricata.rules" "$t/before.rules"
echo 'alert smb any any -> any any (msg:"TEST bad"; smb.no_such_keyword:1; sid:2269020; rev:1;)' \
    >> "$t/src/smbneg-test.rules"
update --force > "$t/su2.log" 2>&1; rc=$?
check "a rule smbneg rejects: suricata-update fails" test $rc -ne 0
check "  because smbneg -T said so (file:line:col)" grep -q "suricata.rules:[0-9]*:[0-9]*: error: .*smb.no_such_keyword" "$t/su2.log"
check "  and the previous rules are restored" cmp -s "$t/before.rules" "$t/out/suricata.rules"
sed -i '/sid:2269020;/d' "$t/src/smbneg-test.rules"

# --reload-command: a running sensor reloads (SIGUSR2) the rules written.
if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP --reload-command: not root (needs a live capture on lo)"
else
    mkdir "$t/live"
    "$smbneg" -i lo -c "$t/etc/smbneg.yaml" -l "$t/live" --pidfile "$t/live/pid" \
        --set capture.bpf-filter="tcp port 1" 2> "$t/live.err" &
    pid=$!
    n=0; while [ ! -s "$t/live/pid" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
    echo 'alert smb any any -> any any (msg:"TEST new"; smb.dialect:3.0; sid:2269030; rev:1;)' \
        >> "$t/src/smbneg-test.rules"
    update --force --reload-command "kill -USR2 \$(cat '$t/live/pid')" > "$t/su3.log" 2>&1; rc=$?
    n=0; while ! grep -q "rules reloaded" "$t/live.err" && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
    kill "$pid"; wait "$pid"
    check "--reload-command: suricata-update exits 0" test $rc -eq 0
    check "--reload-command: the sensor reloaded the new rule set" \
        grep -q "rules reloaded: 6 loaded (were 5)" "$t/live.err"
fi
finish
