#!/bin/sh
# The shipped ruleset has one rule per line, as Suricata's rulesets do
# (automake TESTS): line-based tools (aristotle, suricata-update's
# disable.conf/modify.conf, grep) see every rule whole.  Each line that is
# neither blank nor a comment is a complete rule on its own for
# suricata-update's rule parser and for `smbneg -T`, and together they are
# the rules smbneg loads from the whole file.
set -u
. "$(dirname "$0")/common.sh"
rules=$top/rules/smb-negotiate.rules
py=/usr/bin/python3   # Debian's, where suricata-update's module lives

check "no line ends in a backslash" sh -c "! grep -n '\\\\\$' '$rules'"
grep -v '^[[:space:]]*#' "$rules" | grep -v '^[[:space:]]*$' > "$t/lines"
n=$(wc -l < "$t/lines")
check "the ruleset has rules ($n lines)" test "$n" -gt 0
i=0 bad=0
while IFS= read -r line; do
    i=$((i + 1))
    printf '%s\n' "$line" > "$t/one.rules"
    if ! "$smbneg" -S "$t/one.rules" -T > /dev/null 2> "$t/err" ||
        ! grep -q "1 rules loaded, 0 error" "$t/err"; then
        echo "  line $i is not one rule for smbneg -T: $(head -2 "$t/err")"
        bad=$((bad + 1))
    fi
done < "$t/lines"
check "every line is one rule for smbneg -T ($i lines)" test "$bad" -eq 0
"$smbneg" -S "$rules" -T 2> "$t/all.err"
check "the whole file: the same number of rules" grep -q "^smbneg: policy ok; $n rules loaded, 0 error" "$t/all.err"
if "$py" -c 'import suricata.update.rule' 2> /dev/null; then
    # suricata-update's line parser (rule.parse): one line in, one rule out;
    # the sids, in order, are those of its whole-file parser.
    check "every line is one rule for suricata-update" "$py" - "$t/lines" "$rules" <<'PY'
import sys
from suricata.update import rule
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
per_line = [rule.parse(l) for l in lines]
bad = [i + 1 for i, r in enumerate(per_line) if r is None]
whole = rule.parse_file(sys.argv[2])
if bad:
    print("  lines suricata-update cannot parse alone:", bad)
if [r.sid for r in per_line if r] != [r.sid for r in whole]:
    print("  sids differ:", [r.sid for r in per_line if r], [r.sid for r in whole])
    bad.append(0)
sys.exit(1 if bad else 0)
PY
else
    ko "suricata-update's Python module is not installed (scripts/setup.sh installs suricata-update)"
fi
finish
