#!/bin/sh
# Malformed captures (automake TESTS): mutated, cut and junk files generated
# deterministically by run-malformed.py; each must end cleanly (0, or 1 with
# one error line naming it), without a sanitizer report, within the memory
# bound, with valid EVE JSON lines.
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }
exec python3 "$top/tests/malformed/run-malformed.py" ./smbneg "$top"
