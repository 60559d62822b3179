#!/bin/sh
# Every anomaly name of the three registries (decoder: src/decode/decode.c,
# stream: src/stream/stream-anomaly.c, SMB: src/app/smb/smb-anomaly.c) is
# documented in doc/eve.md, and doc/eve.md names no anomaly the registries
# do not have; no anomaly name is written as a string literal outside them.
top=${srcdir:-.}
python3 - "$top" <<'PY'
import re, sys, pathlib
top = pathlib.Path(sys.argv[1])
regs = ["src/decode/decode.c", "src/stream/stream-anomaly.c", "src/app/smb/smb-anomaly.c"]
names = set()
for r in regs:
    names |= set(re.findall(r'\]\s*=\s*"((?:decoder|stream|smb)\.[a-z0-9_.]+)"', (top / r).read_text()))
doc = (top / "doc/eve.md").read_text()
rows = [l for l in doc.splitlines() if l.startswith("| `decode` |") or l.startswith("| `stream` |")
        or l.startswith("| `applayer` |")]
documented = set()
for l in rows:
    documented |= set(re.findall(r'`((?:decoder|stream|smb)\.[a-z0-9_]+(?:\.[a-z0-9_]+)*)`', l))
settings = {"stream.memcap", "smb.memcap", "flow.memcap", "smb.negotiate.anomalies"}
bad = 0
for n in sorted(names - documented):
    print(f"doc/eve.md: anomaly {n} is not in the anomaly table"); bad = 1
for n in sorted(documented - names):
    if n in settings:
        continue
    print(f"doc/eve.md: the anomaly table names {n}, which no registry has"); bad = 1
lit = re.compile(r'"(?:stream|smb)\.[a-z0-9_]+(?:\.[a-z0-9_]+)*"')
for p in sorted((top / "src").rglob("*.c")):
    rel = str(p.relative_to(top))
    if rel in regs or "/detect/" in rel or "/config/" in rel or "/output/" in rel:
        continue
    for i, line in enumerate(p.read_text().splitlines(), 1):
        for m in lit.findall(line):
            if "anomal" in line or "emit" in line:
                print(f"{rel}:{i}: anomaly name {m} outside the registries"); bad = 1
print(f"{len(names)} anomaly names, all documented" if not bad else "FAIL")
sys.exit(bad)
PY
