#!/bin/sh
# The replay cases (automake TESTS): `smbneg verify` over tests/verify/*/,
# with a JUnit report in tests/verify/junit.xml.  Captures of the shared
# corpus (${SHARED} in expect.yaml) come from $SMBNEG_SHARED or
# ../shared; without it those cases are skipped.
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
shared=${SMBNEG_SHARED:-$top/../shared}
mkdir -p tests/verify
exec ./smbneg verify --shared "$shared" --junit tests/verify/junit.xml "$top"/tests/verify/*/
