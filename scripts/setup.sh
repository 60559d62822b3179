#!/bin/sh
# Set up a fresh Debian 12 machine (as root) and build smbneg in place:
# install the build and test dependencies, generate ./configure, configure
# with warnings as errors, build.
set -eu
cd "$(dirname "$0")/.."
# build: compiler, autotools, libraries; test: Check, the schema validator,
# and the real peers `make check` runs against (redis-server and fever for
# the outputs, tcpreplay and iproute2 for the live sensor in network
# namespaces, editcap for the malformed corpus, groff/systemd-analyze/
# logrotate for the packaging checks, the Debian build tools and lintian
# for the .deb test, jq for the docs, PostgreSQL and rsyslog for the SIEM
# recipes, suricata-update and its Python modules for the Suricata tooling
# tests)
PKGS="build-essential autoconf automake libtool pkg-config libpcap-dev libyaml-dev
      libjansson-dev libpcre2-dev libhiredis-dev libsqlite3-dev sqlite3 check python3 python3-jsonschema gzip
      redis-server redis-tools fever tcpreplay iproute2 wireshark-common groff-base
      systemd logrotate debhelper dpkg-dev fakeroot lintian adduser jq ethtool
      postgresql rsyslog suricata-update python3-yaml chromium"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends $missing
fi
./autogen.sh >/dev/null 2>&1 || ./autogen.sh
[ -f Makefile ] || ./configure --enable-werror -q
make -j"$(nproc)" -s
