#!/usr/bin/env python3
"""smbneg report checked against an independent reading of the same EVE.

usage: check-report.py SMBNEG EVE.json WORKDIR [STORE.sqlite EVE2.json]

The expected host tables are computed here from the smb records'
smb.negotiate.summary (doc/eve.md), not from smbneg's report: the servers
(dest_ip of answered negotiations), the clients (src_ip), each host's count
and best dialect, and the relay targets (servers that stated a signing mode
other than `required` at least once).  Then the page: every host has a row,
every chart is drawn, bad input is counted, an empty input says so.

With STORE (a baseline store written by `smbneg --baseline`) and EVE2:
`report --baseline STORE` alone lists the store's servers and client
addresses as Python's sqlite3 reads them, and with EVE2 merges them: a host
in both has the larger count and the higher best dialect."""
import json
import os
import re
import sqlite3
import subprocess
import sys

RANK = ["SMB1", "2.0.2", "2.1", "3.0", "3.0.2", "3.1.1"]


def expected(eve):
    servers, clients = {}, {}
    for line in open(eve, encoding="utf-8"):
        r = json.loads(line)
        if r.get("event_type") != "smb":
            continue
        s = r["smb"]["negotiate"].get("summary")
        if s is None:
            continue
        c = clients.setdefault(r["src_ip"], {"n": 0, "best": -1, "weak": False})
        c["n"] += 1
        d = RANK.index(s["offered_max_dialect"]) if s.get("offered_max_dialect") in RANK else -1
        if s.get("smb1_offered"):
            d = max(d, 0)
        c["best"] = max(c["best"], d)
        if "dialect" not in s:
            continue
        v = servers.setdefault(r["dest_ip"], {"n": 0, "best": -1, "weak": False})
        v["n"] += 1
        d = 0 if s.get("smb1_chosen") else (RANK.index(s["dialect"]) if s["dialect"] in RANK else -1)
        v["best"] = max(v["best"], d)
        if s.get("server_signing") in ("enabled", "disabled"):
            v["weak"] = True
    return servers, clients


def store_hosts(path):
    """-> {(role, ip): {"n", "best", "weak"}} from the store's tables."""
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    out = {}
    for ip, n, best, smb1, smb2, req in db.execute(
            "SELECT ip, negotiations, best_dialect, smb1, smb2_responses, signing_required "
            "FROM servers"):
        b = RANK.index(best) if best in RANK else (0 if smb1 else -1)
        out[("server", ip)] = {"n": n, "best": b, "weak": req < smb2}
    for ip, n, best in db.execute("SELECT client, negotiations, best_offered FROM clients "
                                  "WHERE client NOT LIKE 'guid:%'"):
        out[("client", ip)] = {"n": n, "best": RANK.index(best) if best in RANK else -1,
                               "weak": False}
    guids = db.execute("SELECT count(*) FROM clients WHERE client LIKE 'guid:%'").fetchone()[0]
    db.close()
    return out, guids


def check_hosts(check, got, want, what):
    check(set(got) == set(want), f"{what}: host set {sorted(want)}")
    for k, v in want.items():
        h = got.get(k)
        best = RANK[v["best"]] if v["best"] >= 0 else "-"
        check(h is not None and h["negotiations"] == v["n"] and h["best_dialect"] == best,
              f"{what}: {k[0]} {k[1]}: {v['n']} negotiations, best {best} "
              f"(report: {h and h['negotiations']}, {h and h['best_dialect']})")


def check_baseline(smbneg, store, eve2, work, check):
    want, guids = store_hosts(store)
    check(len(want) >= 4 and guids > 0,
          f"the store has servers and client addresses ({len(want)}) and GUID records ({guids})")
    # alone: the store's hosts only; stdin is not read (it holds another host)
    p = run([smbneg, "report", "--baseline", store, "--format", "json"],
            input='{"event_type":"smb","src_ip":"192.0.2.9","dest_ip":"192.0.2.10",'
                  '"smb":{"negotiate":{"summary":{"offered_max_dialect":"2.1"}}}}\n')
    check(p.returncode == 0, f"report --baseline alone exits 0 ({p.stderr.strip()})")
    got = {(h["role"], h["ip"]): h for h in json.loads(p.stdout or "[]")}
    check_hosts(check, got, want, "store alone")
    check(all(h["baseline"] for h in got.values()), "store alone: every host marked baseline")
    check(f"{guids} client GUID records not shown" in p.stderr,
          f"the GUID records are counted, not shown: {p.stderr.strip()}")
    relay = os.path.join(work, "bl-relay.txt")
    run([smbneg, "report", "--baseline", store, "-o", os.path.join(work, "bl.html"),
         "--relay-list", relay])
    want_relay = sorted(ip for (role, ip), v in want.items() if role == "server" and v["weak"])
    check(sorted(open(relay).read().split()) == want_relay,
          f"store alone: relay list = servers that answered without requiring signing {want_relay}")
    html = open(os.path.join(work, "bl.html"), encoding="utf-8").read()
    check('id="empty"' not in html and 'id="baseline"' in html and
          len(re.findall(r'<tr class="host[^"]* baseline"', html)) == len(want),
          "store alone: a page with one marked row per host, no 'empty' note")
    # merged with EVE2 (fewer negotiations, not every host)
    servers, clients = expected(eve2)
    eve = {("server", ip): v for ip, v in servers.items()}
    eve.update({("client", ip): v for ip, v in clients.items()})
    check(any(k not in eve for k in want) and any(eve[k]["n"] < want[k]["n"] for k in eve if k in want),
          "EVE2 lacks a host of the store and has fewer negotiations of another")
    merged = {}
    for k in set(want) | set(eve):
        a, b = want.get(k, {"n": 0, "best": -1}), eve.get(k, {"n": 0, "best": -1})
        merged[k] = {"n": max(a["n"], b["n"]), "best": max(a["best"], b["best"])}
    p = run([smbneg, "report", "--baseline", store, "--format", "json", eve2])
    check(p.returncode == 0, f"report --baseline STORE EVE2 exits 0 ({p.stderr.strip()})")
    got = {(h["role"], h["ip"]): h for h in json.loads(p.stdout or "[]")}
    check_hosts(check, got, merged, "store + EVE2")
    missing = os.path.join(work, "none.sqlite")
    p = run([smbneg, "report", "--baseline", missing, "-o", os.path.join(work, "none.html")])
    check(p.returncode == 1 and "none.sqlite" in p.stderr and not os.path.exists(missing),
          "a missing store is named, exit 1, nothing created")


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def main():
    smbneg, eve, work = sys.argv[1:4]
    bad = []

    def check(ok, what):
        print(("PASS " if ok else "FAIL ") + what)
        if not ok:
            bad.append(what)

    servers, clients = expected(eve)
    check(len(servers) > 0 and len(clients) > 0, f"the EVE has servers ({len(servers)}) and clients ({len(clients)})")
    page, relay, js = (os.path.join(work, n) for n in ("report.html", "relay.txt", "hosts.json"))
    p = run([smbneg, "report", "-o", page, "--relay-list", relay, eve])
    check(p.returncode == 0, f"report exits 0 ({p.returncode}: {p.stderr.strip()})")
    want_relay = sorted(ip for ip, v in servers.items() if v["weak"])
    got_relay = open(relay).read().split()
    check(sorted(got_relay) == want_relay, f"relay list = servers not requiring signing {want_relay}")
    p = run([smbneg, "report", "--format", "json", "-o", js, eve])
    hosts = json.load(open(js))
    got = {(h["role"], h["ip"]): h for h in hosts}
    want = {("server", ip): v for ip, v in servers.items()}
    want.update({("client", ip): v for ip, v in clients.items()})
    check(set(got) == set(want), f"host set: {len(want)} hosts")
    for k, v in want.items():
        h = got.get(k)
        if h is None:
            continue
        best = RANK[v["best"]] if v["best"] >= 0 else "-"
        check(h["negotiations"] == v["n"] and h["best_dialect"] == best,
              f"{k[0]} {k[1]}: {v['n']} negotiations, best {best} "
              f"(report: {h['negotiations']}, {h['best_dialect']})")
    html = open(page, encoding="utf-8").read()
    check(len(re.findall(r'<tr class="host', html)) == len(want), "one table row per host")
    for ip in servers:
        check(f"<td>{ip}</td>" in html, f"server {ip} has a row")
    for cid in ("chart-server-dialect", "chart-client-dialect", "chart-server-signing",
                "chart-client-signing", "chart-cipher", "chart-sigalg", "chart-smb1",
                "chart-alert-signature", "chart-alert-hour"):
        check(f'id="{cid}"' in html, f"chart {cid} is on the page")
    check(html.count('<rect class="bar"') >= 5, "bars are drawn")
    check(not re.search(r'(src|href)\s*=\s*"(?!#)', html), "nothing is fetched (no src/href)")
    check("default-src 'none'" in html, "a Content-Security-Policy forbids every fetch")
    # bad input: counted and skipped, one summary line, not fatal
    mixed = os.path.join(work, "mixed.json")
    with open(mixed, "w") as f:
        f.write(open(eve).read())
        f.write("not json at all\n{\"event_type\":\"flow\",\"src_ip\":\"1.2.3.4\"}\n{\"event_ty\n")
    p = run([smbneg, "report", "-o", os.path.join(work, "mixed.html"), mixed])
    check(p.returncode == 0, "bad lines are not fatal")
    m = re.search(r"(\d+) not JSON, (\d+) other types", p.stderr)
    check(m is not None and m.group(1) == "2", f"two lines that are not JSON are counted: {p.stderr.strip()}")
    check(len(p.stderr.strip().splitlines()) == 1, "one summary line on stderr")
    empty = os.path.join(work, "empty.json")
    open(empty, "w").close()
    p = run([smbneg, "report", "-o", os.path.join(work, "empty.html"), empty])
    check(p.returncode == 0 and 'id="empty"' in open(os.path.join(work, "empty.html")).read(),
          "an empty input gives a page that says so")
    p = run([smbneg, "report", "-o", os.path.join(work, "x.html"), os.path.join(work, "missing.json")])
    check(p.returncode == 1 and "missing.json" in p.stderr, "a missing input is named, exit 1")
    if len(sys.argv) > 5:
        check_baseline(smbneg, sys.argv[4], sys.argv[5], work, check)
    print(f"{len(bad)} failed" if bad else "all passed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
