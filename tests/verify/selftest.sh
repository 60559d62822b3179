#!/bin/sh
# `smbneg verify` fails when it should (automake TESTS): the cases under
# tests/verify-selftest/ are wrong on purpose (one passes, one skips); check
# the FAIL/PASS/SKIP lines, the diagnostics, the exit status and the JUnit
# report.
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
out=$(mktemp -d "${TMPDIR:-/tmp}/smbneg-selftest.XXXXXX") || exit 99
trap 'rm -rf "$out"' EXIT
fail=0
# --shared points at an empty directory: the `skips` case needs a file in it.
./smbneg verify --shared "$out" --junit "$out/junit.xml" "$top"/tests/verify-selftest/*/ \
    >"$out/stdout" 2>"$out/stderr"
rc=$?
if [ "$rc" -eq 1 ]; then echo "PASS exit status 1"; else echo "FAIL exit status $rc, expected 1"; fail=1; fi

expect() { # expect LINE: a line of the report, verbatim
    if grep -qxF -- "$1" "$out/stdout"; then
        echo "PASS line: $1"
    else
        echo "FAIL missing line: $1"; fail=1
    fi
}
expect 'PASS passes'
expect 'SKIP skips: capture '"$(cd "$out" && pwd -P)"'/no-such-dir/absent.pcap: No such file or directory'
expect 'FAIL wrong-signature-id: check 1 (expect.yaml:4): count 1, found 0'
expect '      closest record (eve.json line 1, 2 of 3 keys match):'
expect '        alert.signature_id: expected 2260001, got 2260006'
expect '        alert.signature_id: expected 2260001, got 2260007'
expect 'FAIL wrong-count: check 2 (expect.yaml:6): count 2, found 1'
expect 'FAIL too-many: check 1 (expect.yaml:3): max 1, found 2'
expect '      matching records at eve.json line(s): 1 2'
expect 'FAIL number-not-string: check 1 (expect.yaml:4): min 1, found 0'
expect '        smb.dialect: expected 3.11, got "3.11" (string, not number)'
expect 'FAIL not-present-violated: check 1 (expect.yaml:3): count 1, found 0'
expect '        smb.dialect: expected not present, got "3.11"'
expect 'FAIL wrong-exit: exit status 1, expected 0'
expect '    smbneg: error: /nonexistent/selftest.pcap: No such file or directory'
expect 'FAIL stderr-missing: stderr does not contain "<no & such '"'text'"' "here">"'
expect "FAIL unknown-key: unknown-key/expect.yaml:6: unknown key 'chekcs' (captures, rules, args, exit, stderr, stderr-not-contains, checks, description)"
expect "FAIL yaml-syntax: yaml-syntax/expect.yaml:6: did not find expected ',' or '}'"
expect "FAIL bad-count: bad-count/expect.yaml:4: count: expected an integer from 0 to 1099511627776, got '-1'"
expect 'FAIL missing-capture: capture no-such-capture.pcap: No such file or directory'
expect 'FAIL rules-missing: rules ../no-such.rules: No such file or directory'
expect 'FAIL stderr-unwanted: stderr contains "1 file(s) (0 failed)"'
expect '    stderr: expected not to contain "1 file(s) (0 failed)"'
expect '1 passed, 13 failed, 1 skipped'

# The JUnit report parses and has the right counts and messages.
if /usr/bin/env python3 - "$out/junit.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suite = root.find('testsuite')
assert suite is not None, 'no testsuite'
got = {k: suite.get(k) for k in ('tests', 'failures', 'skipped', 'errors')}
assert got == {'tests': '15', 'failures': '13', 'skipped': '1', 'errors': '0'}, got
cases = {c.get('name'): c for c in suite.findall('testcase')}
assert len(cases) == 15, sorted(cases)
assert cases['passes'].find('failure') is None and cases['passes'].find('skipped') is None
assert cases['skips'].find('skipped') is not None
f = cases['stderr-missing'].find('failure')
assert f.get('message') == 'stderr does not contain "<no & such \'text\' "here">"', f.get('message')
f = cases['wrong-signature-id'].find('failure')
assert 'alert.signature_id: expected 2260001, got 2260006' in f.text, f.text
print('PASS junit.xml: 15 tests, 13 failures, 1 skipped; escaping round-trips')
PY
then :; else echo "FAIL junit.xml"; fail=1; fi
[ "$fail" -eq 0 ] || { echo "--- report:"; cat "$out/stdout"; }

# --strict: the skipped case fails (exit 1, FAIL line, <failure> in JUnit);
# the passing case still passes.
./smbneg verify --strict --shared "$out" --junit "$out/strict.xml" \
    "$top"/tests/verify-selftest/passes "$top"/tests/verify-selftest/skips >"$out/strict" 2>&1
rc=$?
if [ "$rc" -eq 1 ]; then echo "PASS --strict: exit status 1"; else echo "FAIL --strict: exit status $rc, expected 1"; fail=1; fi
for line in 'PASS passes' \
    'FAIL skips: skipped under --strict: capture '"$(cd "$out" && pwd -P)"'/no-such-dir/absent.pcap: No such file or directory' \
    '1 passed, 1 failed, 0 skipped'; do
    if grep -qxF -- "$line" "$out/strict"; then echo "PASS --strict line: $line"
    else echo "FAIL --strict: missing line: $line"; fail=1; fi
done
if /usr/bin/env python3 - "$out/strict.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
suite = ET.parse(sys.argv[1]).getroot().find('testsuite')
got = {k: suite.get(k) for k in ('tests', 'failures', 'skipped')}
assert got == {'tests': '2', 'failures': '1', 'skipped': '0'}, got
cases = {c.get('name'): c for c in suite.findall('testcase')}
assert cases['skips'].find('skipped') is None
f = cases['skips'].find('failure')
assert f is not None and f.get('message').startswith('skipped under --strict: capture '), f
print('PASS --strict junit: the skipped case is a <failure>')
PY
then :; else echo "FAIL --strict junit"; cat "$out/strict"; fail=1; fi
# Without a skip, --strict changes nothing.
./smbneg verify --strict "$top"/tests/verify-selftest/passes >/dev/null 2>&1
rc=$?
if [ "$rc" -eq 0 ]; then echo "PASS --strict, nothing skipped: exit 0"; else echo "FAIL --strict, nothing skipped: exit $rc"; fail=1; fi
exit $fail
