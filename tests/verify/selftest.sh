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
expect '2 passed, 13 failed, 1 skipped'

# The JUnit report parses and has the right counts and messages.
if /usr/bin/env python3 - "$out/junit.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suite = root.find('testsuite')
assert suite is not None, 'no testsuite'
got = {k: suite.get(k) for k in ('tests', 'failures', 'skipped', 'errors')}
assert got == {'tests': '16', 'failures': '13', 'skipped': '1', 'errors': '0'}, got
cases = {c.get('name'): c for c in suite.findall('testcase')}
assert len(cases) == 16, sorted(cases)
assert cases['passes'].find('failure') is None and cases['passes'].find('skipped') is None
assert cases['skips'].find('skipped') is not None
f = cases['stderr-missing'].find('failure')
assert f.get('message') == 'stderr does not contain "<no & such \'text\' "here">"', f.get('message')
f = cases['wrong-signature-id'].find('failure')
assert 'alert.signature_id: expected 2260001, got 2260006' in f.text, f.text
print('PASS junit.xml: 16 tests, 13 failures, 1 skipped; escaping round-trips')
PY
then :; else echo "FAIL junit.xml"; fail=1; fi
[ "$fail" -eq 0 ] || { echo "--- report:"; cat "$out/stdout"; }

# Cases are found recursively: `nested/` holds no expect.yaml, its case
# nested/deeper/found does (named by its path below the argument); the case
# inside that case is not one, and a directory without any case fails.
expect_in() { # expect_in FILE LINE
    if grep -qxF -- "$2" "$1"; then echo "PASS line: $2"; else echo "FAIL missing line: $2"; fail=1; fi
}
expect_in "$out/stdout" 'PASS deeper/found'
if grep -q 'inner' "$out/stdout"; then echo "FAIL a case inside a case was run"; fail=1
else echo "PASS a case inside a case is not run"; fi
./smbneg verify "$top"/tests/verify-selftest/nested/no-case >"$out/nocase" 2>&1
rc=$?
[ "$rc" -eq 1 ] && echo "PASS no case under a directory: exit 1" ||
    { echo "FAIL no case under a directory: exit $rc, expected 1"; fail=1; }
expect_in "$out/nocase" 'FAIL no-case: no expect.yaml in it or in any directory below it'

# --shard I/N over the whole tree (one argument, searched recursively): the
# three shards are disjoint, cover every case, and shard I holds the cases
# whose rank in path order is I-1 modulo 3; each writes its own JUnit file.
./smbneg verify --shared "$out" --junit "$out/all.xml" "$top"/tests/verify-selftest >"$out/all" 2>&1
for i in 1 2 3; do
    ./smbneg verify --shared "$out" --shard "$i/3" --junit "$out/shard-$i.xml" \
        "$top"/tests/verify-selftest >"$out/shard-$i" 2>&1
done
if /usr/bin/env python3 - "$top/tests/verify-selftest" "$out" <<'PY'
import os, re, sys, xml.etree.ElementTree as ET
root, out = sys.argv[1], sys.argv[2]
# The cases, found independently: directories holding expect.yaml, not
# searched below a case.
paths = []
for d, subdirs, files in os.walk(root):
    subdirs.sort()
    if d != root and 'expect.yaml' in files:
        paths.append(d)
        subdirs[:] = []
paths.sort()  # bytewise: every path is ASCII
names = [os.path.relpath(p, root) for p in paths]
def report(f):
    lines = open(os.path.join(out, f)).read().splitlines()
    return lines, [re.match(r'(PASS|FAIL|SKIP) ([^ :]+)', l).group(2)
                   for l in lines if re.match(r'(PASS|FAIL|SKIP) ', l)]
_, all_names = report('all')
assert sorted(all_names) == sorted(names), (all_names, names)
assert 'nested/deeper/found' in names and not any('inner' in n for n in names), names
seen = []
for i in (1, 2, 3):
    lines, got = report('shard-%d' % i)
    want = [n for r, n in enumerate(names) if r % 3 == i - 1]
    assert sorted(got) == sorted(want), (i, got, want)
    assert 'shard %d/3: %d of %d case(s)' % (i, len(want), len(names)) in lines, lines[:2]
    suite = ET.parse(os.path.join(out, 'shard-%d.xml' % i)).getroot().find('testsuite')
    assert int(suite.get('tests')) == len(want), (i, suite.get('tests'))
    assert sorted(c.get('name') for c in suite.findall('testcase')) == sorted(want)
    seen += got
assert sorted(seen) == sorted(names), 'shards overlap or miss cases'
print('PASS --shard 1/3, 2/3, 3/3: disjoint, cover all %d cases, by rank in path order' % len(names))
PY
then :; else echo "FAIL --shard"; fail=1; fi
# More shards than cases: the extra ones run nothing and pass.
./smbneg verify --shard 2/2 "$top"/tests/verify-selftest/passes >"$out/empty" 2>&1
rc=$?
[ "$rc" -eq 0 ] && expect_in "$out/empty" '0 passed, 0 failed, 0 skipped' ||
    { echo "FAIL --shard 2/2 of one case: exit $rc"; fail=1; }
for bad in 0/3 4/3 1/0 3 a/b 1/3x /3 -1/3; do
    ./smbneg verify --shard "$bad" "$top"/tests/verify-selftest/passes >"$out/bad" 2>&1
    rc=$?
    if [ "$rc" -eq 2 ] && grep -qF -- "--shard: expected I/N with 1 <= I <= N, got '$bad'" "$out/bad"; then
        echo "PASS --shard $bad: usage error"
    else echo "FAIL --shard $bad: exit $rc"; cat "$out/bad"; fail=1; fi
done

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
