#!/usr/bin/python3
"""check-man-examples.py - the rule examples of smbneg-rules(7) as a reader
sees them, parsed by smbneg.

usage: check-man-examples.py SMBNEG TOP

doc/man/smbneg-rules.7 is rendered with groff (-man -Tutf8, no SGR or
overstrike, lines long enough not to wrap an example), as man(1) shows it;
from the rendered text:
  - every "Example: OPTIONS" line becomes `alert smb any any -> any any
    (OPTIONS sid:2269999; rev:1;)` (no sid added when OPTIONS has one);
  - every full rule (a line starting "alert|pass|drop|reject smb", joined
    with its "\\"-continued lines) is taken as it is;
and each must pass `SMBNEG -T -S FILE` with the embedded policy (its vars:
$HOME_NET, $SMB_SERVERS).  So an example troff mangles (quotes eaten by
.B, a \\- that renders as U+2212) fails here.  Every "Syntax:" line of an
SMB keyword must also render as `SMBNEG --list-keywords` prints its syntax.
Finally every sid a document's examples use (doc/*.md, README.md, the man
pages) is a shipped one (2260001-2260099) or in the one local range,
2269000-2269999.  Standard library only.
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

RULE_START = re.compile(r"^\s*(alert|pass|drop|reject) smb ")
LOCAL = range(2269000, 2270000)
SHIPPED = range(2260001, 2260100)


def render(top):
    page = os.path.join(top, "doc", "man", "smbneg-rules.7")
    p = subprocess.run(["groff", "-man", "-Tutf8", "-rLL=250n", "-P-cbou", page],
                       capture_output=True, text=True, check=True)
    return p.stdout


def examples(text):
    """-> [(what, rule text)] from the rendered page."""
    out = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^\s*Example:\s*(.*\S)\s*$", line)
        if m:
            opts = m.group(1)
            tail = "" if re.search(r"(^|;\s*)sid:", opts) else " sid:2269999; rev:1;"
            out.append(("Example: " + opts, "alert smb any any -> any any (%s%s)" % (opts, tail)))
        elif RULE_START.match(line):
            rule = line.strip()
            while rule.endswith("\\") and i + 1 < len(lines):
                i += 1
                rule = rule[:-1].rstrip() + " " + lines[i].strip()
            out.append(("rule: " + rule[:60], rule))
        i += 1
    return out


def check_rule(smbneg, rule, d):
    path = os.path.join(d, "example.rules")
    with open(path, "w") as fh:
        fh.write(rule + "\n")
    p = subprocess.run([smbneg, "-T", "-S", path], capture_output=True, text=True)
    return p.returncode == 0 and " 0 error(s)" in p.stderr + p.stdout, (p.stderr + p.stdout).strip()


def keyword_syntax(smbneg):
    out = subprocess.run([smbneg, "--list-keywords"], capture_output=True, text=True,
                         check=True).stdout
    syn, name = {}, None
    for line in out.splitlines():
        m = re.match(r"^  (\S+): ", line)
        if m:
            name = m.group(1)
        elif line.startswith("      ") and name:
            syn.setdefault(name, line.strip())  # smb.netname: the keyword's, listed first
    return syn


def rendered_syntax(text):
    """-> {keyword: rendered Syntax line} for the SMB keyword entries."""
    out, name = {}, None
    for line in text.splitlines():
        m = re.match(r"^       (smb\S*|pcre|content)\s*$", line) or \
            re.match(r"^       (smb\S+)\s{2,}", line)
        if m:
            name = m.group(1)
        m = re.match(r"^\s*Syntax:\s*(.*\S)\s*$", line)
        if m and name:
            out[name] = m.group(1)
            name = None
    return out


def doc_sids(top):
    """-> [(file, sid)] of every sid an example in the documents uses."""
    files = glob.glob(os.path.join(top, "doc", "*.md")) + [os.path.join(top, "README.md")] + \
        glob.glob(os.path.join(top, "doc", "man", "*.[157]"))
    out = []
    pat = re.compile(r"\bsid:\s*(\d+)|signature_id:\s*(\d+)|sig_id,?\s+(\d+)")
    for f in sorted(files):
        with open(f, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                for m in pat.finditer(line):
                    sid = int(next(g for g in m.groups() if g))
                    out.append(("%s:%d" % (os.path.relpath(f, top), n), sid))
    return out


def main():
    smbneg, top = sys.argv[1], sys.argv[2]
    text = render(top)
    bad = []
    exs = examples(text)
    with tempfile.TemporaryDirectory(prefix="smbneg-man-") as d:
        for what, rule in exs:
            ok, msg = check_rule(smbneg, rule, d)
            if not ok:
                bad.append("smbneg-rules(7), %s: smbneg -T refuses %r: %s"
                           % (what, rule, msg.splitlines()[0] if msg else "?"))
    syn = keyword_syntax(smbneg)
    shown = rendered_syntax(text)
    for name, s in sorted(shown.items()):
        if name in syn and s != syn[name]:
            bad.append("smbneg-rules(7), %s: Syntax renders as %r, --list-keywords says %r"
                       % (name, s, syn[name]))
    sids = doc_sids(top)
    for where, sid in sids:
        if sid not in LOCAL and sid not in SHIPPED:
            bad.append("%s: sid %d is neither shipped (2260001-2260099) nor local "
                       "(2269000-2269999)" % (where, sid))
    for b in bad:
        print(b)
    n_rules = sum(1 for w, _ in exs if w.startswith("rule:"))
    print("smbneg-rules(7): %d examples (%d full rules), %d Syntax lines compared; "
          "%d document sids: %d problems" % (len(exs), n_rules,
                                             len([n for n in shown if n in syn]), len(sids),
                                             len(bad)))
    return 1 if bad or len(exs) < 20 else 0


if __name__ == "__main__":
    sys.exit(main())
