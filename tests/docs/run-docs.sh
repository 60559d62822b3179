#!/bin/sh
# The documentation runs as written (automake TESTS): every `sh` block of the
# README (Quick start), doc/getting-started.md, doc/rules.md and
# doc/ci-replay.md, the jq recipes of doc/siem.md and the replay example of
# doc/live.md (as root) runs in a scratch copy of the tree and the outputs the
# pages show are compared (tests/docs/run-docs.py says how blocks are marked).
# Skipped in a sanitizer build: the README's block builds the tree again.
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
grep -q '^WARN_CFLAGS = .*fsanitize' Makefile 2>/dev/null &&
    { echo "SKIP: sanitizer build: the docs test runs in the normal build"; exit 77; }
command -v jq >/dev/null || { echo "SKIP: jq not installed (scripts/setup.sh installs it)"; exit 77; }
exec python3 "$top/tests/docs/run-docs.py" --top "$top" --smbneg "$(pwd)/smbneg" \
    README.md doc/getting-started.md doc/rules.md doc/ci-replay.md doc/siem.md doc/live.md
