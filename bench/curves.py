#!/usr/bin/python3
"""curves.py - smbneg's cost per flow and per negotiation as the flow count
grows 1x, 10x and 100x (must stay flat).

Two families of generated captures (tests/resource/gen-load.py):
  scale  N real negotiations (the request and response of a Samba capture)
         on fresh 5-tuples, 1,000 flows open at a time: every flow is
         decoded, detected and logged;
  flood  N SYN-only flows, then the same real negotiations: the cost of
         flows that never carry SMB, with the flow table full.
For each: wall and CPU time (medians of --runs), peak RSS, and (with
--callgrind) instructions counted by valgrind, which do not depend on what
else the machine is doing.  Prints a markdown table.

Usage: curves.py --smbneg PATH --gen tests/resource/gen-load.py
                 --source CAPTURE --dir DIR [--base 3424] [--runs 5] [--callgrind]
"""
import argparse, os, re, shutil, statistics, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import peak_rss, run_once  # noqa: E402  (bench/run.py)


def instructions(argv):
    out = tempfile.mktemp(prefix="callgrind.")
    r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out] + argv,
                       capture_output=True, text=True)
    os.unlink(out)
    m = re.search(r"Collected : (\d+)", r.stderr)
    if not m:
        sys.exit("callgrind: no instruction count:\n" + r.stderr[-2000:])
    return int(m.group(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--smbneg", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--source", required=True, help="capture whose first negotiation is copied")
    ap.add_argument("--append", nargs="*", default=[], help="real captures after the flood")
    ap.add_argument("--dir", required=True, help="where the generated captures are kept")
    ap.add_argument("--base", type=int, default=3424, help="1x flow count (the bench capture's)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--callgrind", action="store_true")
    ap.add_argument("--spawn-rss", help="bench/spawn-rss.c, built: exact peak RSS")
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    smbneg = os.path.abspath(a.smbneg)
    logdir = tempfile.mkdtemp(prefix="smbneg-curves.")
    rows = []
    for family in ("scale", "flood"):
        for mult in (1, 10, 100):
            n = a.base * mult
            pcap = os.path.join(a.dir, "%s-%d.pcap" % (family, n))
            if not os.path.exists(pcap):
                if family == "scale":
                    cmd = [sys.executable, a.gen, "scale", "--flows", str(n), "--concurrency", "1000",
                           "--source", a.source, "-o", pcap]
                else:
                    cmd = [sys.executable, a.gen, "flood", "--syn", str(n), "--span", "10",
                           "--append"] + a.append + ["-o", pcap]
                subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            argv = [smbneg, "-r", pcap, "-l", logdir, "--set", "outputs.fast.enabled=no"]
            # one checked run: the number of negotiations logged
            for f in os.listdir(logdir):
                os.unlink(os.path.join(logdir, f))
            subprocess.run(argv, check=True, capture_output=True)
            with open(os.path.join(logdir, "eve.json")) as fp:
                negs = sum(1 for line in fp if '"event_type":"smb"' in line)
            res = []
            for _ in range(a.runs):
                for f in os.listdir(logdir):
                    os.unlink(os.path.join(logdir, f))
                res.append(run_once(argv))
            wall = statistics.median(r[0] for r in res)
            cpu = statistics.median(r[1] for r in res)
            rss = statistics.median(r[2] for r in res)
            if a.spawn_rss:
                for f in os.listdir(logdir):
                    os.unlink(os.path.join(logdir, f))
                rss = peak_rss(a.spawn_rss, argv)
            ins = None
            if a.callgrind:
                for f in os.listdir(logdir):
                    os.unlink(os.path.join(logdir, f))
                ins = instructions(argv)
            rows.append((family, mult, n, negs, os.path.getsize(pcap), wall, cpu, rss, ins))
    shutil.rmtree(logdir, ignore_errors=True)
    print("| capture | flows | negotiations | MB | wall s | cpu s | peak RSS MiB | "
          "µs cpu / flow | µs cpu / negotiation | instructions / flow |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for family, mult, n, negs, size, wall, cpu, rss, ins in rows:
        print("| %s %dx | %d | %d | %.0f | %.3f | %.3f | %.1f | %.2f | %.2f | %s |" % (
            family, mult, n, negs, size / 1e6, wall, cpu, rss, cpu / n * 1e6,
            cpu / negs * 1e6 if negs else 0.0, "%.0f" % (ins / n) if ins else "-"))
    for family in ("scale", "flood"):
        r = [x for x in rows if x[0] == family]
        per = [x[6] / x[2] for x in r]
        line = "%s: cpu per flow at 10x = %.2fx and at 100x = %.2fx the 1x cost" % (
            family, per[1] / per[0], per[2] / per[0])
        if a.callgrind:
            ip = [x[8] / x[2] for x in r]
            line += "; instructions per flow %.2fx and %.2fx" % (ip[1] / ip[0], ip[2] / ip[0])
        print(line)


if __name__ == "__main__":
    main()
