#!/usr/bin/env python3
"""`smbneg --dump-config` is Suricata's format: every line splits on " = "
into exactly a key and a value (what suricata-update's engine.py does with
each line), and the lines say what `--dump-config=yaml` says, flattened as
Suricata flattens its YAML tree: a node with children is "(null)", list
items are numbered keys, an item of `outputs` is "outputs.N = NAME" with its
settings under "outputs.N.NAME.KEY".

Usage: check-dump-kv.py KV_DUMP YAML_DUMP"""
import sys

import yaml


def scalar(v):
    if isinstance(v, bool):
        return "yes" if v else "no"
    return "" if v is None else str(v)


def flatten(node, key, out):
    if isinstance(node, dict):
        if key:
            out.append((key, "(null)"))
        for k, v in node.items():
            flatten(v, f"{key}.{k}" if key else str(k), out)
    elif isinstance(node, list):
        out.append((key, "(null)"))
        for i, v in enumerate(node):
            if isinstance(v, dict) and len(v) == 1:  # `- eve-log:` items
                name, body = next(iter(v.items()))
                out.append((f"{key}.{i}", name))
                flatten(body if body is not None else {}, f"{key}.{i}.{name}", out)
                if not body:
                    out.append((f"{key}.{i}.{name}", "(null)"))
            else:
                flatten(v, f"{key}.{i}", out)
    else:
        out.append((key, scalar(node)))


def main():
    kv_text, yaml_text = (open(p, encoding="utf-8").read() for p in sys.argv[1:3])
    kv, bad = [], 0
    for line in kv_text.splitlines():
        parts = line.split(" = ")
        if len(parts) != 2:
            print(f"FAIL not 'key = value' (suricata-update cannot parse it): {line!r}")
            bad += 1
            continue
        kv.append((parts[0], parts[1]))
    want = []
    flatten(yaml.safe_load(yaml_text), "", want)
    if kv != want:
        for i, (a, b) in enumerate(zip(kv + [None] * len(want), want + [None] * len(kv))):
            if a != b:
                print(f"FAIL line {i + 1}: --dump-config says {a!r}, the YAML dump {b!r}")
                break
        bad += 1
    print(f"{len(kv)} lines, {bad} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
