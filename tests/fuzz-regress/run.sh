#!/bin/sh
# Fuzz regressions (automake TESTS): every target's LLVMFuzzerTestOneInput,
# linked with fuzz/standalone-main.c, runs on its regression inputs
# (tests/fuzz-regress/<target>/) and its seed corpus (fuzz/corpus/<target>/).
# An input that crashes is a signal or a sanitizer exit; every input must
# be counted as run.
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
pass=0 fail=0
for t in fuzz_smb_stream fuzz_packet fuzz_rule fuzz_policy fuzz_gss; do
    for d in "$top/tests/fuzz-regress/$t" "$top/fuzz/corpus/$t"; do
        [ -d "$d" ] || continue
        want=$(find "$d" -maxdepth 1 -type f ! -name '.*' | wc -l)
        [ "$want" -gt 0 ] || continue
        out=$(./fuzz/run_$t "$d" 2>/dev/null); rc=$?
        name="$t on ${d#$top/} ($want inputs)"
        if [ "$rc" -eq 0 ] && [ "$out" = "$want inputs" ]; then
            pass=$((pass + 1)); echo "PASS $name"
        else
            fail=$((fail + 1)); echo "FAIL $name: exit $rc, \"$out\""
            ./fuzz/run_$t "$d" 2>&1 >/dev/null | tail -30
        fi
    done
done
echo "$pass passed, $fail failed"
[ "$pass" -gt 0 ] && [ "$fail" -eq 0 ]
