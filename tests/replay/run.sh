#!/bin/sh
# Replay tests (automake TESTS): every case under tests/replay/cases.
# Captures from ../shared (the project's shared corpus) are used when present.
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
shared=${SMBNEG_SHARED:-$top/../shared}
exec ./tests/replay/run-replay --smbneg ./smbneg --shared "$shared" "$top"/tests/replay/cases/*/
