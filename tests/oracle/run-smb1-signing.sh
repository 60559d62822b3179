#!/bin/sh
# SMB1 signing against tshark (automake TESTS): smb1-signing.py compares the
# SMB1 NEGOTIATE messages' Flags2 / SecurityMode words in smbneg's EVE with
# tshark's decode committed in smb1-signing.tsv (this project's captures,
# and the shared corpus's when ../shared is beside the checkout).
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
shared=${SMBNEG_SHARED:-$top/../shared}
[ -d "$shared/captures" ] || echo "note: $shared/captures not present: shared corpus not compared"
exec /usr/bin/python3 "$top/tests/oracle/smb1-signing.py" --smbneg ./smbneg --shared "$shared"
