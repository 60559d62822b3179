#!/usr/bin/python3
"""validate.py - check smbneg EVE output against two JSON Schemas.

Usage: validate.py [--schema PATH] [--suricata-schema PATH] EVE.json...

Every line of every file is validated
  1. against smbneg's schema (doc/eve.schema.json), which describes every
     record smbneg writes, smb.negotiate included, and
  2. against Suricata's EVE schema (default: ../shared/schema/
     suricata-eve-schema.json relative to the repository top) after
     deleting `smb.negotiate`, `smb.session_setup`, `smb.tree_connect`,
     `smb.session` and `alert.baseline`, smbneg's extensions:
     Suricata's schema is the contract for every other key.  `smb` is a
     top-level key both in `smb` records and in `alert` records (the
     alerting transaction's smb object), so one deletion covers both.

One line per failure: FILE:LINE: [ours|suricata] PATH: MESSAGE.  The last
line is "N passed, M failed" (records).  Exit status 0 when every record
passes, 1 when one fails, 2 on a usage error or an unreadable schema.
A missing Suricata schema is reported as skipped, not as a failure.
"""
import argparse
import copy
import json
import os
import sys

try:
    import jsonschema
    from jsonschema.exceptions import best_match
except ImportError:  # pragma: no cover
    sys.stderr.write("validate.py: python3-jsonschema is not installed\n")
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
DEFAULT_OURS = os.path.join(TOP, "doc", "eve.schema.json")
DEFAULT_SURICATA = os.path.join(os.path.dirname(TOP), "shared", "schema",
                                "suricata-eve-schema.json")


def load_validator(path, default_cls):
    with open(path, encoding="utf-8") as fp:
        schema = json.load(fp)
    cls = jsonschema.validators.validator_for(schema, default=default_cls)
    cls.check_schema(schema)
    return cls(schema)


def json_path(err):
    parts = ["$"]
    for p in err.absolute_path:
        parts.append("[%d]" % p if isinstance(p, int) else "." + str(p))
    return "".join(parts)


def leaf_errors(validator, record):
    """Every error, with oneOf/anyOf failures narrowed to the most relevant
    sub-error so that a message names the offending field."""
    out = []
    for err in validator.iter_errors(record):
        if err.context:
            err = best_match([err]) or err
        out.append(err)
    out.sort(key=lambda e: (json_path(e), e.message))
    return out


def short(msg, limit=300):
    return msg if len(msg) <= limit else msg[:limit] + "..."


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--schema", default=DEFAULT_OURS,
                    help="smbneg's schema (default: %(default)s)")
    ap.add_argument("--suricata-schema", default=DEFAULT_SURICATA,
                    help="Suricata's EVE schema (default: %(default)s)")
    ap.add_argument("files", nargs="+", metavar="EVE.json")
    args = ap.parse_args(argv)

    try:
        ours = load_validator(args.schema, jsonschema.Draft202012Validator)
    except (OSError, ValueError, jsonschema.SchemaError) as e:
        sys.stderr.write("validate.py: %s: %s\n" % (args.schema, e))
        return 2
    suricata = None
    if os.path.exists(args.suricata_schema):
        try:
            suricata = load_validator(args.suricata_schema, jsonschema.Draft202012Validator)
        except (OSError, ValueError, jsonschema.SchemaError) as e:
            sys.stderr.write("validate.py: %s: %s\n" % (args.suricata_schema, e))
            return 2
    else:
        print("validate.py: %s not found: Suricata schema check SKIPPED "
              "(validating against %s only)" % (args.suricata_schema, args.schema))

    passed = failed = 0
    for path in args.files:
        try:
            fp = open(path, encoding="utf-8", errors="strict")
        except OSError as e:
            print("%s: cannot open: %s" % (path, e.strerror))
            failed += 1
            continue
        with fp:
            try:
                lines = fp.read().split("\n")
            except UnicodeDecodeError as e:
                print("%s: not UTF-8: %s" % (path, e))
                failed += 1
                continue
        if lines and lines[-1] == "":
            lines.pop()
        elif lines:
            print("%s:%d: $: last line has no newline" % (path, len(lines)))
        for n, line in enumerate(lines, 1):
            problems = []
            try:
                rec = json.loads(line)
            except ValueError as e:
                problems.append("$: not JSON: %s" % e)
                rec = None
            if rec is not None:
                for e in leaf_errors(ours, rec):
                    problems.append("[ours] %s: %s" % (json_path(e), short(e.message)))
                if suricata is not None:
                    sr = copy.deepcopy(rec)
                    # smb records and alert records alike carry the
                    # transaction as the top-level `smb` object.
                    if isinstance(sr, dict) and isinstance(sr.get("smb"), dict):
                        for ext in ("negotiate", "session_setup", "tree_connect", "session"):
                            sr["smb"].pop(ext, None)
                    if isinstance(sr, dict) and isinstance(sr.get("alert"), dict):
                        sr["alert"].pop("baseline", None)
                    for e in leaf_errors(suricata, sr):
                        problems.append("[suricata] %s: %s" % (json_path(e), short(e.message)))
            if problems:
                failed += 1
                seen = set()
                problems = [p for p in problems if not (p in seen or seen.add(p))]
                for p in problems:
                    print("%s:%d: %s" % (path, n, p))
            else:
                passed += 1
    if suricata is None:
        print("note: Suricata schema part skipped")
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
