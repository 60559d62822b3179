#!/usr/bin/env python3
"""Run the command blocks of the documentation exactly as written.

Usage: run-docs.py --top SRCDIR --smbneg BINARY DOC.md [DOC.md ...]

For each document, a scratch copy of the source tree (the git-tracked files,
or the whole tree of a release tarball) is made, and every fenced block
whose info string is `sh` runs there, in document order, as
`bash -e -o pipefail -c BLOCK`, the working directory being the top of the
copy (the docs say "from the top of the source tree"); ../shared beside the
copy is the shared capture corpus beside the tree (or $SMBNEG_SHARED), when there is one.  Files a block
creates are there for the next block; shell variables are not.  `smbneg` on
PATH is the binary under test (it stands for `make install`); `./smbneg`
exists in the copy only once a block built it (the README's Quick start).

Markers (HTML comments, invisible when the page is rendered), on the line
before the fence:
  <!-- doc-test: skip REASON -->   the next block is not run; REASON is printed
  <!-- doc-test: output -->        the next block (any info string) is the
                                   output of the last block that ran: each of
                                   its non-empty lines must occur in that
                                   block's output (stdout and stderr as
                                   interleaved), in order; `...`
                                   inside a line matches any text.
  <!-- doc-test: exit N -->        the next block must exit with N (default 0)
  <!-- doc-test: first N REASON --> run only the first N lines of the next
                                   block (the rest, e.g. the test suite
                                   itself, is left out for REASON)
  <!-- doc-test: root -->          the next block needs root (network
                                   namespaces): skipped, with the reason, when
                                   the test does not run as root

Prints one line per block (ok / FAIL / skip) and exits 1 if any failed."""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^(\s*)```(\S*)\s*$")
MARK = re.compile(r"^\s*<!--\s*doc-test:\s*(skip|output|exit|root|first)\s*(.*?)\s*-->\s*$")


def blocks(path):
    """(line, info, text, marks) for every fenced block of a markdown file."""
    out, marks, lines = [], {}, open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        m = MARK.match(lines[i])
        if m:
            marks[m.group(1)] = m.group(2)
            i += 1
            continue
        f = FENCE.match(lines[i])
        if not f:
            if lines[i].strip():
                marks = {}
            i += 1
            continue
        indent, info, start, body = f.group(1), f.group(2), i + 1, []
        i += 1
        while i < len(lines) and not re.match(r"^\s*```\s*$", lines[i]):
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i])
            i += 1
        out.append((start, info, "\n".join(body) + "\n", marks))
        marks = {}
        i += 1
    return out


def copy_tree(top, dest):
    """The source tree without build products: git's tracked files, or all."""
    if os.path.exists(os.path.join(top, ".git")):
        files = subprocess.run(["git", "-C", top, "ls-files", "-z"], capture_output=True,
                               check=True).stdout.decode().split("\0")
        for f in filter(None, files):
            src, dst = os.path.join(top, f), os.path.join(dest, f)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            if os.path.islink(src):
                os.symlink(os.readlink(src), dst)
            elif os.path.isfile(src):
                shutil.copy2(src, dst)
    else:
        shutil.copytree(top, dest, symlinks=True, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("*.log", "*.trs", "*.o"))


def matches(expected, actual):
    """Every non-empty expected line occurs in actual, in order ('...' is a
    wildcard inside a line).  Returns None or the first line not found."""
    lines, pos = actual.split("\n"), 0
    for want in expected.split("\n"):
        want = want.strip()
        if not want or want == "...":
            continue
        rx = re.compile(".*".join(re.escape(p) for p in want.split("...")))
        while pos < len(lines) and not rx.search(lines[pos]):
            pos += 1
        if pos == len(lines):
            return want
        pos += 1
    return None


def run_doc(doc, top, smbneg, scratch):
    work = os.path.join(scratch, "tree")
    os.makedirs(work)
    copy_tree(top, work)
    # the shared capture corpus beside the checkout, as beside the tree
    # (SMBNEG_SHARED names it when the tree is elsewhere: make distcheck)
    shared = os.environ.get("SMBNEG_SHARED") or os.path.join(os.path.dirname(top), "shared")
    if os.path.isdir(shared):
        os.symlink(shared, os.path.join(scratch, "shared"))
    bindir = os.path.join(scratch, "bin")
    os.makedirs(bindir)
    os.symlink(smbneg, os.path.join(bindir, "smbneg"))
    env = dict(os.environ, PATH=bindir + ":" + os.environ["PATH"], HOME=scratch,
               TMPDIR=os.path.join(scratch, "tmp"))
    os.makedirs(env["TMPDIR"])
    env.pop("MAKEFLAGS", None)
    env.pop("MFLAGS", None)
    failed, last = 0, None
    name = os.path.relpath(doc, top)
    for line, info, text, marks in blocks(doc):
        where = f"{name}:{line}"
        if "output" in marks:
            if last is None:
                print(f"FAIL {where}: an output block with no command block before it")
                failed += 1
                continue
            miss = matches(text, last)
            if miss is None:
                print(f"ok   {where}: output as shown")
            else:
                print(f"FAIL {where}: output line not found: {miss!r}\n--- actual:\n{last}---")
                failed += 1
            continue
        if info != "sh":
            continue
        if "skip" in marks:
            print(f"skip {where}: {marks['skip']}")
            last = None
            continue
        if "root" in marks and os.geteuid() != 0:
            print(f"skip {where}: needs root")
            last = None
            continue
        if "first" in marks:
            n = int(marks["first"].split()[0])
            text = "\n".join(text.split("\n")[:n]) + "\n"
        want = int(marks.get("exit") or 0)
        p = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", text], cwd=work, env=env,
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=900)
        last = p.stdout
        first = text.strip().split("\n")[0]
        if p.returncode == want:
            print(f"ok   {where}: {first}")
        else:
            print(f"FAIL {where}: exit {p.returncode}, expected {want}: {first}\n{last}")
            failed += 1
    return failed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--top", required=True)
    ap.add_argument("--smbneg", required=True)
    ap.add_argument("docs", nargs="+")
    a = ap.parse_args()
    top, smbneg = os.path.abspath(a.top), os.path.abspath(a.smbneg)
    failed = 0
    for doc in a.docs:
        with tempfile.TemporaryDirectory(prefix="smbneg-docs.") as scratch:
            failed += run_doc(os.path.join(top, doc), top, smbneg, scratch)
    print(f"{'FAIL' if failed else 'PASS'}: {failed} block(s) failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
