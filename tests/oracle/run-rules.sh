#!/bin/sh
# The shipped ruleset against tshark (automake TESTS): rules-compare.py
# evaluates rules/smb-negotiate.rules independently over the oracle's decode
# and compares with smbneg's alerts, over the captures of this project
# (tests/captures/lab, its session and baseline subdirectories, and
# tests/captures/generated, always present; each capture one run, so a
# baseline capture's history is its own) and over
# every capture of the shared corpus (../shared/captures) when it is beside
# the checkout.
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
shared=${SMBNEG_SHARED:-$top/../shared}
rc=0
/usr/bin/python3 "$top/tests/oracle/rules-compare.py" --smbneg ./smbneg \
    "$top"/tests/captures/lab/*.pcap "$top"/tests/captures/lab/*/*.pcap \
    "$top"/tests/captures/generated/*.pcap || rc=1
if [ -d "$shared/captures" ]; then
    /usr/bin/python3 "$top/tests/oracle/rules-compare.py" --smbneg ./smbneg --shared "$shared" || rc=1
else
    echo "note: $shared/captures not present: shared corpus not compared"
fi
exit $rc
