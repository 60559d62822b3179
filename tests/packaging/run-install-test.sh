#!/bin/sh
# Packaging (automake TESTS): `make install DESTDIR=...` puts every file in
# place; the installed binary runs with the installed policy and rules; the
# man pages render without warnings and document every option, policy key
# and rule keyword the program knows; the systemd unit and the logrotate
# snippet pass their own tools' checks; `make uninstall` removes it all.
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/smbneg-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }
MAKE=${MAKE:-make}

# the prefix and sysconfdir this build was configured with
prefix=$(sed -n 's/^prefix = //p' Makefile)
sysconfdir=$(sed -n 's/^sysconfdir = //p' Makefile | sed "s|\${prefix}|$prefix|")
unitdir=$(sed -n 's/^systemdsystemunitdir = //p' Makefile | sed "s|\${prefix}|$prefix|")
mandir=$(sed -n 's/^mandir = //p' Makefile | sed "s|\${datarootdir}|$prefix/share|")
bindir=$prefix/bin
d=$tmp/root
if ! $MAKE -s install DESTDIR="$d" >"$tmp/install.log" 2>&1; then
    cat "$tmp/install.log"
    echo "FAIL make install"
    exit 1
fi
for f in "$bindir/smbneg" "$sysconfdir/smbneg/smbneg.yaml" "$sysconfdir/smbneg/smb-negotiate.rules" \
         "$mandir/man1/smbneg.1" "$mandir/man5/smbneg.yaml.5" "$mandir/man7/smbneg-rules.7" \
         "$unitdir/smbneg@.service" "$sysconfdir/logrotate.d/smbneg"; do
    [ -f "$d$f" ] && ok "installed $f" || bad "not installed: $f"
done

# the installed binary with the installed policy and ruleset
out=$("$d$bindir/smbneg" -T -c "$d$sysconfdir/smbneg/smbneg.yaml" 2>&1)
case $out in
*"policy ok; 25 rules loaded, 0 error(s)"*) ok "installed policy and rules load: $out" ;;
*) bad "installed policy: $out" ;;
esac

# man pages: no groff warnings, and complete
for m in smbneg.1 smbneg.yaml.5 smbneg-rules.7; do
    w=$(groff -man -ww -z "$top/doc/man/$m" 2>&1)
    [ -z "$w" ] && ok "$m renders without warnings" || bad "$m: $w"
done
# smbneg.yaml(5): every default the page states is what --dump-config says,
# and every setting --dump-config prints is on the page
python3 "$top/tests/packaging/check-man-defaults.py" "$top/doc/man/smbneg.yaml.5" ./smbneg || fail=1
python3 - "$top/doc/man" ./smbneg <<'PY' || fail=1
import re, subprocess, sys
man, smbneg = sys.argv[1], sys.argv[2]
def text(name):
    t = open(f"{man}/{name}").read()
    return t.replace("\\-", "-").replace("\\(rs", "\\")
bad = 0
def check(cond, what):
    global bad
    print(("ok   " if cond else "FAIL ") + what)
    bad += not cond
# every long option of the usage text is in smbneg(1)
usage = subprocess.run([smbneg, "-h"], capture_output=True, text=True).stdout
usage += subprocess.run([smbneg, "verify", "--help"], capture_output=True, text=True).stdout
opts = sorted(set(re.findall(r"(--[a-z][a-z-]+)", usage)))
page = text("smbneg.1")
missing = [o for o in opts if o not in page]
check(not missing, f"smbneg.1 documents all {len(opts)} long options {missing or ''}")
# every policy key of --dump-config is in smbneg.yaml(5)
dump = subprocess.run([smbneg, "--dump-config=yaml"], capture_output=True, text=True).stdout
keys, stack = [], []
for line in dump.splitlines():
    m = re.match(r"^( *)(- )?([A-Za-z0-9_-]+):", line)
    if not m:
        continue
    col = len(m.group(1)) + (2 if m.group(2) else 0)  # "- key:" items: the key's column
    depth = col // 2
    stack += [None] * (depth - len(stack))
    stack[depth:] = [m.group(3)]
    if m.group(2):
        stack[depth - 1] = None  # the list itself has no key
    keys.append(".".join(k for k in stack if k))
page = text("smbneg.yaml.5")
# variables (vars.address-groups.HOME_NET) are values, not settings
keys = [k for k in keys if not re.match(r"vars\.[a-z-]+\.", k)]
missing = [k for k in keys if k not in page and k.split(".")[-1] not in page]
check(not missing, f"smbneg.yaml.5 documents all {len(keys)} policy keys {missing or ''}")
# every rule keyword is in smbneg-rules(7), and every example there parses
kw = subprocess.run([smbneg, "--list-keywords"], capture_output=True, text=True).stdout
names = re.findall(r"^  (\S+): ", kw, re.M)
page = text("smbneg-rules.7")
missing = [n for n in names if f".B {n}\n" not in page]
check(not missing, f"smbneg-rules.7 documents all {len(names)} keywords {missing or ''}")
# the source's escapes as groff prints them (rendering itself: tests/docs/check-man-examples.py)
ex = [e.replace("\\(dq", '"').replace("\\-", "-").replace("\\e", "\\")
      for e in re.findall(r"Example:\n\.B (.*)", page)]
rules = "".join('alert smb any any -> any any (msg:"example %d"; %s sid:%d;)\n' % (i, e, 2269900 + i)
                for i, e in enumerate(ex))
import tempfile, os
with tempfile.NamedTemporaryFile("w", suffix=".rules", delete=False) as fp:
    fp.write(rules)
r = subprocess.run([smbneg, "-T", "-S", fp.name], capture_output=True, text=True)
os.unlink(fp.name)
check(r.returncode == 0 and f"{len(ex)} rules loaded, 0 error" in r.stderr,
      f"all {len(ex)} keyword examples of smbneg-rules.7 parse: {r.stderr.strip()}")
sys.exit(1 if bad else 0)
PY

# the systemd unit: systemd's own checker (paths pointed into DESTDIR)
if command -v systemd-analyze >/dev/null; then
    sed -e "s|$bindir/smbneg|$d$bindir/smbneg|g" -e "s|$sysconfdir|$d$sysconfdir|g" \
        "$d$unitdir/smbneg@.service" > "$tmp/smbneg@.service"
    grep -q "ExecStart=$d$bindir/smbneg -i %i" "$tmp/smbneg@.service" && ok "unit runs the installed binary" \
        || bad "unit ExecStart does not name the installed binary"
    if out=$(cd "$tmp" && systemd-analyze verify --man=no "$tmp/smbneg@eth0.service" 2>&1 \
            || cd "$tmp" && SYSTEMD_UNIT_PATH="$tmp:" systemd-analyze verify --man=no "smbneg@eth0.service" 2>&1); then
        ok "systemd-analyze verify smbneg@eth0.service"
    else
        bad "systemd-analyze verify: $out"
    fi
else
    echo "skip systemd-analyze not installed"
fi
# the logrotate snippet parses (debug mode: nothing is rotated)
if command -v logrotate >/dev/null; then
    if out=$(logrotate -d -s "$tmp/lr.state" "$d$sysconfdir/logrotate.d/smbneg" 2>&1); then
        ok "logrotate -d accepts the snippet"
    else
        bad "logrotate: $out"
    fi
else
    echo "skip logrotate not installed"
fi

$MAKE -s uninstall DESTDIR="$d" >/dev/null 2>&1 || bad "make uninstall"
left=$(find "$d" -type f | sed "s|^$d||")
[ -z "$left" ] && ok "make uninstall removes every file" || bad "left after uninstall: $left"
exit $fail
