#!/bin/sh
# The tshark oracle comparison over every capture in ../shared/captures
# (automake TESTS; SKIP when the shared corpus is not beside the checkout).
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
shared=${SMBNEG_SHARED:-$top/../shared}
if [ ! -d "$shared/captures" ]; then
    echo "SKIP: $shared/captures not present"
    exit 77
fi
exec /usr/bin/python3 "$top/tests/oracle/compare.py" --smbneg ./smbneg --shared "$shared"
