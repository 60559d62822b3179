#!/bin/sh
# The Debian package (automake TESTS): `dpkg-buildpackage -us -uc -b` builds
# smbneg_*.deb from a copy of the source tree, lintian reports no error, dpkg
# installs it (the system user, the binary in /usr/bin, the policy and the
# ruleset as conffiles in /etc/smbneg, man pages, the systemd unit, the
# logrotate snippet in /etc/logrotate.d), the installed smbneg decodes a
# capture, and `dpkg --purge` leaves nothing behind.
# Skipped (77) when not root, without the Debian build tools, in a
# sanitizer build (the package is built with Debian's own flags; the normal
# build runs it) or when an smbneg package is already installed here.
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "not root (dpkg -i needs root)"
for t in dpkg-buildpackage dh lintian fakeroot; do
    command -v $t >/dev/null || skip "$t not installed (scripts/setup.sh installs it)"
done
grep -q '^WARN_CFLAGS = .*fsanitize' Makefile 2>/dev/null &&
    skip "sanitizer build: the package test runs in the normal build"
# One package test per machine at a time (dpkg -i and purge are
# machine-wide; parallel checkouts would replace each other's package).
exec 9>/tmp/smbneg-deb-test.lock
flock 9
dpkg-query -W -f='${Status}' smbneg 2>/dev/null | grep -q 'ok installed' &&
    skip "an smbneg package is already installed on this machine; not replacing it"

# dpkg does not wait for its lock: an apt-get of another process (setup.sh,
# a package install beside the tests) would fail the test, so wait for it
# (up to 5 minutes) as apt's DPkg::Lock::Timeout does.
dpkg_logged() { dpkg "$@" >"$log" 2>&1; }
dpkg_waiting() {
    for _ in $(seq 300); do
        "$@" && return 0
        grep -q 'dpkg frontend lock' "$log" 2>/dev/null || return 1
        sleep 1
    done
    return 1
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/smbneg-deb.XXXXXX")
installed=0
cleanup() {
    [ $installed = 1 ] && dpkg --purge smbneg >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }

# A clean copy of the sources: the tracked files of a git checkout, or the
# whole tree of a release tarball (which holds only sources).
src=$tmp/smbneg-src
mkdir -p "$src"
if [ -d "$top/.git" ] || [ -f "$top/.git" ]; then
    (cd "$top" && git ls-files -z | tar --null --no-recursion -T - -cf -) | (cd "$src" && tar xf -)
else
    (cd "$top" && tar cf - --exclude='*.log' --exclude='*.trs' .) | (cd "$src" && tar xf -)
fi
[ -f "$src/debian/control" ] || { echo "FAIL no debian/ in the source copy"; exit 1; }

if (cd "$src" && dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1; then
    ok "dpkg-buildpackage -us -uc -b"
else
    tail -30 "$tmp/build.log"; echo "FAIL dpkg-buildpackage"; exit 1
fi
deb=$(ls "$tmp"/smbneg_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { echo "FAIL no smbneg_*.deb built"; exit 1; }

# lintian: no errors (warnings are printed, not fatal)
if lintian --fail-on error "$tmp"/smbneg_*.changes >"$tmp/lintian.log" 2>&1; then
    ok "lintian: no errors ($(grep -c '^[EW]:' "$tmp/lintian.log") errors/warnings listed)"
else
    cat "$tmp/lintian.log"; bad "lintian reports errors"
fi
grep '^[EW]:' "$tmp/lintian.log"

# install
log=$tmp/install.log
if dpkg_waiting dpkg_logged -i "$deb"; then
    installed=1; ok "dpkg -i $(basename "$deb")"
else
    cat "$tmp/install.log"; echo "FAIL dpkg -i"; exit 1
fi
for f in /usr/bin/smbneg /etc/smbneg/smbneg.yaml /etc/smbneg/smb-negotiate.rules \
         /usr/share/man/man1/smbneg.1.gz /usr/share/man/man5/smbneg.yaml.5.gz \
         /usr/share/man/man7/smbneg-rules.7.gz /lib/systemd/system/smbneg@.service \
         /etc/logrotate.d/smbneg /usr/share/doc/smbneg/copyright; do
    [ -f "$f" ] && ok "installed $f" || bad "not installed: $f"
done
conf=$(dpkg-query -W -f='${Conffiles}' smbneg)
for f in /etc/smbneg/smbneg.yaml /etc/smbneg/smb-negotiate.rules /etc/logrotate.d/smbneg; do
    case $conf in *"$f "*) ok "conffile $f" ;; *) bad "not a conffile: $f" ;; esac
done
getent passwd smbneg >/dev/null && ok "system user smbneg" || bad "no smbneg user"
owner=$(stat -c %U /var/log/smbneg 2>/dev/null)
[ "$owner" = smbneg ] && ok "/var/log/smbneg owned by smbneg" || bad "/var/log/smbneg owner: '$owner'"
grep -q '^ExecStart=/usr/bin/smbneg -i %i -c /etc/smbneg/smbneg.yaml' /lib/systemd/system/smbneg@.service &&
    ok "unit runs /usr/bin/smbneg with /etc/smbneg/smbneg.yaml" || bad "unit ExecStart paths"
grep -q '^User=smbneg' /lib/systemd/system/smbneg@.service && ok "unit runs as smbneg" || bad "unit User="
if command -v systemd-analyze >/dev/null; then
    w=$(systemd-analyze verify /lib/systemd/system/smbneg@eth0.service 2>&1 | grep -v 'Failed to\|/run/systemd\|is not a directory' )
    [ -z "$w" ] && ok "systemd-analyze verify smbneg@eth0.service" || bad "systemd-analyze: $w"
fi

# the installed program: policy check, then a real capture as the smbneg user
out=$(/usr/bin/smbneg -T -c /etc/smbneg/smbneg.yaml 2>&1) && ok "smbneg -T: $out" || bad "smbneg -T: $out"
mkdir -p "$tmp/out" && chown smbneg "$tmp/out" && chmod 755 "$tmp"
cp "$top/tests/captures/lab/default-3.1.1.pcap" "$tmp/in.pcap" && chmod 644 "$tmp/in.pcap"
if runuser -u smbneg -- /usr/bin/smbneg -r "$tmp/in.pcap" -l "$tmp/out" --no-progress 2>"$tmp/run.err"; then
    n=$(grep -c '"event_type":"smb"' "$tmp/out/eve.json")
    a=$(grep -c '"event_type":"alert"' "$tmp/out/eve.json")
    # the capture holds one SMB2 negotiation that ends in 3.1.1
    [ "$n" = 1 ] && grep -q '"dialect":"3.11"' "$tmp/out/eve.json" &&
        ok "installed smbneg as user smbneg: $n smb record (3.11), $a alerts" ||
        bad "installed smbneg wrote $n smb records"
else
    cat "$tmp/run.err"; bad "installed smbneg -r failed"
fi

# purge: nothing left
log=$tmp/purge.log
if dpkg_waiting dpkg_logged --purge smbneg; then
    installed=0; ok "dpkg --purge smbneg"
else
    cat "$tmp/purge.log"; bad "dpkg --purge"
fi
for f in /usr/bin/smbneg /etc/smbneg /etc/logrotate.d/smbneg /lib/systemd/system/smbneg@.service \
         /usr/share/man/man1/smbneg.1.gz /usr/share/doc/smbneg /var/log/smbneg; do
    [ -e "$f" ] && bad "left after purge: $f" || ok "gone after purge: $f"
done
getent passwd smbneg >/dev/null && bad "user smbneg left after purge" || ok "user smbneg removed"
dpkg-query -W smbneg >/dev/null 2>&1 && bad "dpkg still knows smbneg" || ok "dpkg forgot smbneg"
exit $fail
