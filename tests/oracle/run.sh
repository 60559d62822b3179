#!/bin/sh
# The tshark oracle comparison (automake TESTS): over the captures generated
# for this project (tests/captures/generated and the lab's session and
# baseline captures, tests/captures/lab/*/, always present) and over every
# capture of the shared corpus (../shared/captures) when it is beside the
# checkout.
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
shared=${SMBNEG_SHARED:-$top/../shared}
rc=0
/usr/bin/python3 "$top/tests/oracle/compare.py" --smbneg ./smbneg --shared "$shared" \
    "$top"/tests/captures/generated/*.pcap "$top"/tests/captures/lab/*/*.pcap || rc=1
if [ -d "$shared/captures" ]; then
    /usr/bin/python3 "$top/tests/oracle/compare.py" --smbneg ./smbneg --shared "$shared" || rc=1
else
    echo "note: $shared/captures not present: shared corpus not compared"
fi
exit $rc
