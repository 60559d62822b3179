#!/bin/sh
# run-schema-test.sh - automake TESTS entry: run smbneg over every capture
# and validate each eve.json against doc/eve.schema.json and Suricata's EVE
# schema (tests/schema/validate.py).
#
# Environment:
#   srcdir     the source tree's top (set by `make check`; default: derived
#              from this script's location)
#   SMBNEG     the smbneg binary (default: ./smbneg, then ../../smbneg,
#              relative to the current (build) directory)
#   CAPTURES   a directory of captures (default: ../shared/captures beside the
#              source tree, or $SMBNEG_SHARED/captures, when
#              present, else $srcdir/tests/data)
#   SURICATA_SCHEMA  Suricata's schema (default: validate.py's default)
#   PYTHON     the interpreter (default: /usr/bin/python3)
#
# Exit: 0 pass, 1 fail, 77 skip (no python3-jsonschema), 99 hard error.
set -u

# shellcheck source=common.sh source-path=SCRIPTDIR
. "$(dirname "$0")/common.sh"
validate="$top/tests/schema/validate.py"
schema_need_python 'import jsonschema' \
    'has no jsonschema module (apt-get install python3-jsonschema)'
schema_find_smbneg

if [ -n "${CAPTURES:-}" ]; then
    capdir=$CAPTURES
elif [ -d "${SMBNEG_SHARED:-$top/../shared}/captures" ]; then
    capdir=${SMBNEG_SHARED:-$top/../shared}/captures
else
    capdir=$top/tests/data
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/smbneg-schema.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT INT TERM

find "$capdir" -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \
    -o -name '*.pcap.gz' -o -name '*.pcapng.gz' \) | LC_ALL=C sort > "$work/list"
n=$(wc -l < "$work/list")
if [ "$n" -eq 0 ]; then
    echo "ERROR: no captures under $capdir"
    exit 99
fi
echo "smbneg: $smbneg; captures: $n under $capdir"

rc=0
i=0
: > "$work/eves"
while IFS= read -r cap; do
    i=$((i + 1))
    out="$work/$i"
    mkdir "$out" || exit 99
    if ! "$smbneg" -r "$cap" -l "$out" > "$out/stdout" 2> "$out/stderr"; then
        echo "FAIL: smbneg exited non-zero on $cap:"
        sed 's/^/    /' "$out/stderr"
        rc=1
    fi
    if [ -s "$out/eve.json" ]; then
        # Name the file after the capture so failures say where they came from.
        name=$(printf '%s' "$cap" | sed "s|^$capdir/||; s|/|__|g")
        mv "$out/eve.json" "$out/$name.eve.json"
        printf '%s\n' "$out/$name.eve.json" >> "$work/eves"
    fi
done < "$work/list"

set --
while IFS= read -r f; do set -- "$@" "$f"; done < "$work/eves"
if [ $# -eq 0 ]; then
    echo "FAIL: no eve.json written"
    exit 1
fi
if [ -n "${SURICATA_SCHEMA:-}" ]; then
    set -- --suricata-schema "$SURICATA_SCHEMA" "$@"
fi
"$python" "$validate" --schema "$top/doc/eve.schema.json" "$@" > "$work/report" 2>&1 || rc=1
sed "s|$work/[0-9]*/||" "$work/report"
exit $rc
