#!/bin/sh
# Resource bounds (automake TESTS): flood and trickle captures generated at
# test time stay within flow.memcap, stream.memcap and smb.memcap.
srcdir=${srcdir:-.}
exec python3 "$srcdir/tests/resource/check-resource.py" --smbneg ./smbneg \
    --gen "$srcdir/tests/resource/gen-load.py" --captures "$srcdir/tests/captures/lab" \
    --validate "$srcdir/tests/schema/validate.py"
