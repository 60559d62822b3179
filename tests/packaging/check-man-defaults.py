#!/usr/bin/env python3
"""smbneg.yaml(5) says what the program does: every default the page
states ("(default X)") equals the value `smbneg --dump-config` prints for
that key, and every scalar key of --dump-config is documented on the page.

Usage: check-man-defaults.py MANPAGE SMBNEG"""
import re
import subprocess
import sys

UNITS = {"kb": 1 << 10, "mb": 1 << 20, "gb": 1 << 30}


def norm(v):
    """A value as written in the page or the dump -> comparable form."""
    v = v.strip().strip('"').replace("\\-", "-")
    m = re.fullmatch(r"(\d+)\s*(kb|mb|gb)", v, re.I)
    if m:
        return str(int(m.group(1)) * UNITS[m.group(2).lower()])
    if v.lower() in ("empty", "none", '""'):
        return ""
    if v.startswith("["):
        return "[" + ", ".join(norm(x) for x in v.strip("[]").split(",") if x.strip()) + "]"
    return v


def dump(smbneg):
    """--dump-config (YAML) -> {dotted.key: value}; eve-log items as
    outputs.eve-log.KEY (the first item)."""
    out = subprocess.run([smbneg, "--dump-config", "--dump-config=yaml"],
                         capture_output=True, text=True)
    if out.returncode != 0:  # before the format option existed
        out = subprocess.run([smbneg, "--dump-config"], capture_output=True, text=True)
    keys, stack = {}, []
    for line in out.stdout.splitlines():
        m = re.match(r"^(\s*)(- )?([A-Za-z0-9_.-]+):\s*(.*?)\s*(#.*)?$", line)
        if not m:
            continue
        indent = len(m.group(1)) + (2 if m.group(2) else 0)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        name, val = m.group(3), m.group(4)
        path = ".".join([s[1] for s in stack] + [name])
        if val == "":
            stack.append((indent, name))
        else:
            keys[path] = norm(val)
    return keys


def first_value(text, is_list):
    """The value at the start of a "(default ...)" text: up to the first
    ';' or ': ', and for a scalar up to the first ','."""
    v = re.split(r";|: ", text)[0]
    if not is_list:
        v = v.split(",")[0]
    return v.strip()


def page(man):
    """(key, default or None) for every key a `.TP` paragraph heads: `.B key`
    or `.BR k1 ", " k2 ...` (a name without a dot is a sibling of k1),
    with "(default X)" for one key, "(defaults X, Y, ...)" for several."""
    text = open(man).read()
    pairs = []
    for para in re.split(r"^\.TP\n", text, flags=re.M)[1:]:
        head = para.split("\n", 1)[0]
        if not re.match(r"^\.BR? [a-z]", head):
            continue
        names = [n.replace("\\-", "-") for n in re.findall(r"[a-z][a-z0-9\\.-]*", head[3:])]
        parent = names[0].rsplit(".", 1)[0] + "." if "." in names[0] else ""
        keys = [n if ("." in n or not parent) else parent + n for n in names]
        flat = re.sub(r"^\.(BR|B|IR|I|RB) ", "", para, flags=re.M).replace("\n", " ")
        flat = flat.replace('"', "").replace("\\-", "-")
        one = re.search(r"\(default\s+(\[[^]]*\]|[^)]*)\)", flat)
        many = re.search(r"\(defaults\s+([^)]*)\)", flat)
        if many and len(keys) > 1:
            vals = [v.strip() for v in many.group(1).split(",")]
            if len(vals) != len(keys):
                print(f"FAIL {head}: {len(keys)} keys, {len(vals)} defaults")
                vals = [None] * len(keys)
            pairs += [(k, None if v is None else norm(v)) for k, v in zip(keys, vals)]
        elif one and len(keys) == 1:
            val = one.group(1)
            pairs.append((keys[0], norm(first_value(val, val.startswith("[")))))
        else:
            pairs += [(k, None) for k in keys]
    return pairs


def main():
    man, smbneg = sys.argv[1], sys.argv[2]
    keys = dump(smbneg)
    bad = 0
    documented = set()
    for key, default in page(man):
        full = key if key in keys else "outputs.eve-log." + key
        documented.add(full)
        if default is None:
            continue
        if full not in keys:
            print(f"FAIL {key}: documented with default {default!r} but unknown to --dump-config")
            bad += 1
        elif keys[full] != default:
            print(f"FAIL {key}: page says default {default!r}, --dump-config says {keys[full]!r}")
            bad += 1
        else:
            print(f"ok   {key} = {default!r}")
    for k in sorted(keys):
        if k not in documented and not k.startswith(("vars.", "rule-files")):
            print(f"FAIL {k}: printed by --dump-config, not documented in {man}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
