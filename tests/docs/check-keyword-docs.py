#!/usr/bin/env python3
"""The keyword reference is checked against the keyword table, so a keyword
cannot be undocumented or documented with another syntax.

`smbneg --list-keywords` prints every rule option, SMB keyword, content
matching option and sticky buffer from the tables in src/detect/
(rule-parse.c, kw-table.c, rule-parse-buffer.c, kw-buffer.c): its name,
description and syntax (a name listed twice, smb.netname, is checked with
its first syntax, the keyword's).  For each one, doc/rules.md must have a table row and
doc/man/smbneg-rules.7 an entry (`.B name`); where the man page gives a
"Syntax:" line for it, the line must be the table's syntax; and no row of
doc/rules.md's keyword tables may name a keyword the table does not have.
A default the table states ("(default 0)") is the default doc/rules.md's
row and the man page's entry state.

usage: check-keyword-docs.py SMBNEG TOP"""
import re
import subprocess
import sys


def keywords(smbneg):
    out = subprocess.run([smbneg, "--list-keywords"], capture_output=True, text=True,
                         check=True).stdout
    kws, name = {}, None
    for line in out.splitlines():
        m = re.match(r"^  (\S+): (.*)$", line)
        if m and m.group(1) in kws:
            name = None  # smb.netname: a keyword, then a sticky buffer; the keyword's syntax
        elif m:
            name = m.group(1)
            kws[name] = {"desc": m.group(2), "syntax": None}
        elif line.startswith("      ") and name:
            kws[name]["syntax"] = line.strip()
    return kws


def man_entries(text):
    """name -> syntax line (or None) of each .TP entry."""
    entries, cur, want_syntax = {}, None, False
    for line in text.splitlines():
        m = re.match(r"^\.B (\S+)$", line)
        if m and cur is None:
            cur = m.group(1).replace("\\-", "-")
            entries.setdefault(cur, None)
            continue
        if line == "Syntax:" and cur:
            want_syntax = True
            continue
        if want_syntax and line.startswith(".B "):
            entries[cur] = line[3:].replace("\\-", "-").replace("\\(dq", "\"").replace("\\e", "\\")
            want_syntax = False
            continue
        if line.startswith(".TP") or line.startswith(".SH"):
            cur, want_syntax = None, False
    return entries


def main():
    smbneg, top = sys.argv[1], sys.argv[2]
    kws = keywords(smbneg)
    rules_md = open(f"{top}/doc/rules.md", encoding="utf-8").read()
    man_text = open(f"{top}/doc/man/smbneg-rules.7", encoding="utf-8").read()
    man = man_entries(man_text)
    rows = set(re.findall(r"^\| `([a-z0-9_.]+)` \|", rules_md, re.M))
    bad = []
    if len(kws) < 10:
        bad.append(f"--list-keywords printed only {len(kws)} keywords")
    for name, k in kws.items():
        if name not in rows:
            bad.append(f"doc/rules.md: no table row for `{name}` ({k['desc']})")
        if name not in man:
            bad.append(f"doc/man/smbneg-rules.7: no entry (.B {name}) for {name}")
        elif man[name] is not None and k["syntax"] and man[name] != k["syntax"]:
            bad.append(f"doc/man/smbneg-rules.7: {name}: syntax {man[name]!r}, "
                       f"the keyword table says {k['syntax']!r}")
    for name, k in kws.items():
        d = re.search(r"\(default ([^)]+)\)", k["desc"])
        if not d:
            continue
        row = re.search(r"^\| `" + re.escape(name) + r"` \|.*$", rules_md, re.M)
        said = re.findall(r"default ([0-9A-Za-z_.-]+)", row.group(0)) if row else []
        if row and said != [d.group(1)]:
            bad.append(f"doc/rules.md: `{name}` says default {said}, the table {d.group(1)}")
        entry = re.search(r"^\.B " + re.escape(name.replace("-", "\\-")) + r"\n(.*)$", man_text,
                          re.M)
        said = re.findall(r"default ([0-9A-Za-z_.\\-]+)\)", entry.group(1)) if entry else []
        if entry and said != [d.group(1)]:
            bad.append(f"doc/man/smbneg-rules.7: {name} says default {said}, "
                       f"the table {d.group(1)}")
    for name in sorted(rows - set(kws)):
        bad.append(f"doc/rules.md: a row for `{name}`, which is no keyword or option")
    for b in bad:
        print(b)
    print(f"{len(kws)} keywords and options checked" + (f", {len(bad)} problem(s)" if bad else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
