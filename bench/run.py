#!/usr/bin/python3
"""run.py - time smbneg side by side with the libpcap floor, ndpiReader and
(optionally) tshark on one capture, in one run; medians of repeated runs.
smbneg runs three ways: host baselines in memory (the -r default), off,
and in a SQLite file (--baseline); the ratios to "off" are printed.

Usage: run.py --smbneg PATH --pcapcount PATH --pcap FILE [--runs N] [--tshark]
Wall and CPU time come from the child's rusage (os.wait4), peak RSS from
ru_maxrss.  Every program reads the same file, which the warm-up run puts in
the page cache."""
import argparse, os, re, shutil, statistics, subprocess, sys, tempfile, time


def run_once(argv):
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        try:
            os.execv(argv[0], argv)
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    wall = time.monotonic() - t0
    rc = os.waitstatus_to_exitcode(status)
    if rc not in (0,):
        sys.exit("%s exited with %d" % (" ".join(argv), rc))
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0


def peak_rss(spawn_rss, argv):
    """Peak RSS in MiB of one run through bench/spawn-rss.c (a child forked
    from Python would count Python's own pages, see that file)."""
    r = subprocess.run([spawn_rss] + argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True)
    m = re.search(r"maxrss_kib (\d+)", r.stderr)
    if r.returncode != 0 or not m:
        sys.exit("%s failed: %s" % (" ".join(argv), r.stderr[-500:]))
    return int(m.group(1)) / 1024.0


def measure(name, argv, runs, spawn_rss=None, before=None):
    run_once(argv)  # warm-up
    res = []
    for _ in range(runs):
        if before:
            before()
        res.append(run_once(argv))
    if before:
        before()
    return {"name": name, "wall": statistics.median(r[0] for r in res),
            "cpu": statistics.median(r[1] for r in res),
            "rss": peak_rss(spawn_rss, argv) if spawn_rss else statistics.median(r[2] for r in res)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--smbneg", required=True)
    ap.add_argument("--pcapcount", required=True)
    ap.add_argument("--buffered-floor", help="the floor with a 1 MiB stdio buffer")
    ap.add_argument("--pcap", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--tshark", action="store_true", help="also time tshark (slow)")
    ap.add_argument("--spawn-rss", help="bench/spawn-rss.c, built: exact peak RSS per program")
    ap.add_argument("--rules", help="the shipped ruleset: also time baselines on/off with its "
                    "smb.baseline rules left out (the same alerts either way)")
    ap.add_argument("--expect-messages", type=int,
                    help="negotiate messages in the capture (../shared/bench/README.md: 5324)")
    a = ap.parse_args()
    size = os.path.getsize(a.pcap)
    out = tempfile.mkdtemp(prefix="smbneg-bench.")
    progs = [("pcapcount (libpcap floor)", [a.pcapcount, a.pcap]),
             ("smbneg (shipped ruleset, EVE)",
              [os.path.abspath(a.smbneg), "-r", a.pcap, "-l", out]),
             # host baselines (doc/rules.md): off, and in a SQLite file that
             # starts empty every run (the default above keeps them in memory)
             ("smbneg, baselines off",
              [os.path.abspath(a.smbneg), "-r", a.pcap, "-l", out,
               "--set", "baseline.enabled=no"]),
             ("smbneg, baselines in SQLite",
              [os.path.abspath(a.smbneg), "-r", a.pcap, "-l", out,
               "--baseline", os.path.join(out, "baseline.sqlite")])]
    if a.rules:  # the cost of keeping baselines alone, without the alerts they add
        nobl = os.path.join(tempfile.mkdtemp(prefix="smbneg-bench-rules."), "nobl.rules")
        with open(a.rules) as src, open(nobl, "w") as dst:
            dst.writelines(l for l in src if "smb.baseline:" not in l)
        for name, extra in (("off", ["--set", "baseline.enabled=no"]), ("in memory", []),
                            ("in SQLite", ["--baseline", os.path.join(out, "b.sqlite")])):
            progs.append(("smbneg, no baseline rules, baselines " + name,
                          [os.path.abspath(a.smbneg), "-r", a.pcap, "-l", out, "-S", nobl] + extra))
    if a.buffered_floor:
        progs.append(("pcapfloor-buffered (floor, 1 MiB buffer)", [a.buffered_floor, a.pcap]))
    nd = shutil.which("ndpiReader")
    if nd:
        progs.append(("ndpiReader -q (nDPI)", [nd, "-q", "-i", a.pcap]))
    ts = shutil.which("tshark")
    if a.tshark and ts:
        progs.append(("tshark negotiate fields", [ts, "-n", "-r", a.pcap, "-Y",
                      "smb2.cmd==0 || smb.cmd==0x72", "-T", "fields", "-e", "frame.number"]))
    # One checked run: packets and negotiate messages, from smbneg's summary.
    r = subprocess.run([os.path.abspath(a.smbneg), "-r", a.pcap, "-l", out],
                       capture_output=True, text=True)
    m = re.search(r"(\d+) packets, .* \((\d+) requests, (\d+) responses\)", r.stderr)
    if r.returncode != 0 or not m:
        sys.exit("smbneg failed: " + r.stderr)
    pkts, msgs = int(m.group(1)), int(m.group(2)) + int(m.group(3))
    for f in os.listdir(out):
        os.unlink(os.path.join(out, f))
    def empty_out():  # EVE is appended to: start empty every run
        for f in os.listdir(out):
            os.unlink(os.path.join(out, f))

    rows = []
    for name, argv in progs:
        rows.append(measure(name, argv, a.runs, a.spawn_rss, empty_out))
        empty_out()
    shutil.rmtree(out, ignore_errors=True)
    floor = rows[0]
    print("capture: %s (%.0f MB), %d runs each, medians" % (a.pcap, size / 1e6, a.runs))
    print("| program | wall s | cpu s | Mpkt/s | Gbit/s | peak RSS MiB | wall / floor | cpu / floor |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print("| %s | %.3f | %.3f | %.2f | %.2f | %.1f | %.2f | %.2f |" % (
            r["name"], r["wall"], r["cpu"], pkts / r["wall"] / 1e6, size * 8 / r["wall"] / 1e9,
            r["rss"], r["wall"] / floor["wall"], r["cpu"] / floor["cpu"]))
    print("smbneg found %d negotiate messages in %d packets" % (msgs, pkts))
    if a.expect_messages is not None:
        print("every negotiation found: %s (expected %d)" % (
            "yes" if msgs == a.expect_messages else "NO", a.expect_messages))
    smb = next(r for r in rows if r["name"].startswith("smbneg"))
    for prefix in ("smbneg, baselines ", "smbneg, no baseline rules, baselines "):
        off = next((r for r in rows if r["name"] == prefix + "off"), None)
        for r in rows:
            if off and r is not off and r["name"].startswith(prefix.split(",")[0]) and \
                    ("no baseline rules" in r["name"]) == ("no baseline rules" in prefix):
                print("%s / off: %.2fx wall, %.2fx cpu" % (
                    r["name"], r["wall"] / off["wall"], r["cpu"] / off["cpu"]))
    for r in rows:
        if r["name"].startswith("ndpiReader"):
            print("smbneg is %.2fx faster than ndpiReader (wall)" % (r["wall"] / smb["wall"]))


if __name__ == "__main__":
    main()
