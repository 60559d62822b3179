#!/bin/sh
# Community ID of every record, against an independent implementation.
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
exec /usr/bin/python3 "$top/tests/schema/check-community-id.py" ./smbneg \
    "$top/tests/captures/lab" "$top/tests/captures/generated"
