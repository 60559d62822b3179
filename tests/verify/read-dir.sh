#!/bin/sh
# -r DIR (automake TESTS): the captures of a directory and of every
# directory below it, in byte order of their paths; a directory without a
# capture is an error; a file in it that is not a capture, a dangling link
# or a special file is named and counted as failed (exit 1), as when it is
# given directly; `-r ""` is a usage error.  With and without -j.
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
cap=$top/tests/captures
out=$(mktemp -d "${TMPDIR:-/tmp}/smbneg-readdir.XXXXXX") || exit 99
trap 'rm -rf "$out"' EXIT
fail=0
pass() { echo "PASS $*"; }
failed() { echo "FAIL $*"; sed 's/^/  /' "$out/err"; fail=1; }
run() { # run ARGS...: stdout to $out/eve, stderr to $out/err, status in $rc
    ./smbneg "$@" -l - >"$out/eve" 2>"$out/err"
    rc=$?
}
files() { # the pcap_filename of the records, in order, each once
    python3 -c '
import json, sys
seen = []
for l in open(sys.argv[1]):
    f = json.loads(l).get("pcap_filename")
    if f and f not in seen:
        seen.append(f)
print(" ".join(seen))' "$out/eve"
}

# A tree: the captures sit two levels down too; "a.pcap" sorts before
# "a/..." by path ('.' < '/'), "B" before "a" (bytes, not locale).
t=$out/tree
mkdir -p "$t/a/deep" "$t/B" "$t/empty-sub" "$t/.hidden"
cp "$cap/lab/default-3.1.1.pcap" "$t/a.pcap"
cp "$cap/lab/only-2.0.2.pcap" "$t/a/deep/z.pcap"
cp "$cap/lab/smb1-only.pcap" "$t/a/m.pcap"
cp "$cap/lab/port-139.pcap" "$t/B/b.pcap"
cp "$cap/lab/ipv6.pcap" "$t/.hidden/h.pcap"
ln -s ../B "$t/a/loop-to-B"          # a link to a directory is followed
ln -s .. "$t/a/deep/up"              # a loop is not followed forever
want="$t/B/b.pcap $t/a.pcap $t/a/deep/z.pcap $t/a/loop-to-B/b.pcap $t/a/m.pcap"
for j in "" "-j 2"; do
    run $j -r "$t"
    got=$(files)
    if [ "$rc" -eq 0 ] && [ "$got" = "$want" ]; then
        pass "-r DIR $j: every capture below it, sorted by path"
    else
        echo "  got:  $got"; echo "  want: $want"; failed "-r DIR $j: exit $rc"
    fi
    grep -q ' 5 file(s) (0 failed)' "$out/err" && pass "-r DIR $j: 5 files in the summary" ||
        failed "-r DIR $j: summary"
done
rm "$t/a/loop-to-B" "$t/a/deep/up"

mkdir -p "$out/e1" "$out/e2/sub/sub2"
for j in "" "-j 2"; do
    for d in "$out/e1" "$out/e2"; do
        run $j -r "$d"
        if [ "$rc" -eq 1 ] && grep -q "error: $d: no capture" "$out/err"; then
            pass "-r ${d#$out/} $j (no capture in it): exit 1, named"
        else
            failed "-r ${d#$out/} $j (no capture in it): exit $rc"
        fi
    done
done

# A file that is not a capture, a dangling link, a FIFO: each named and
# failed, the captures still read (as when given directly).
echo "notes" > "$t/a/README.txt"
ln -s "$out/gone.pcap" "$t/B/dangling.pcap"
mkfifo "$t/fifo.pcap"
for j in "" "-j 2"; do
    run $j -r "$t"
    got=$(files)
    if [ "$rc" -eq 1 ] && grep -q "$t/a/README.txt: not a readable capture" "$out/err" &&
        grep -q "$t/B/dangling.pcap: .*dangling" "$out/err" &&
        grep -q "$t/fifo.pcap: not a regular file" "$out/err" &&
        grep -q ' (3 failed)' "$out/err" &&
        [ "$got" = "$t/B/b.pcap $t/a.pcap $t/a/deep/z.pcap $t/a/m.pcap" ]; then
        pass "-r DIR $j: a non-capture, a dangling link and a FIFO named, 3 failed, exit 1"
    else
        echo "  got: $got"; failed "-r DIR $j with bad entries: exit $rc"
    fi
done
run -r "$t/B/dangling.pcap"
[ "$rc" -eq 1 ] && grep -q "$t/B/dangling.pcap: .*dangling" "$out/err" &&
    pass "a dangling link given directly: exit 1, named" || failed "dangling link given directly"

run -r ""
if [ "$rc" -eq 2 ] && grep -q -- '-r "": empty path' "$out/err"; then
    pass '-r "": a usage error with a clear message'
else
    failed "-r \"\": exit $rc"
fi
exit $fail
