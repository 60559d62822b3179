#!/usr/bin/env python3
"""check-resource.py - smbneg under floods and trickles stays within its caps.

1. flood: one million SYN-only flows, then real negotiations (lab captures).
   With small caps, the peak RSS stays within the caps plus the RSS of a run
   on a tiny capture plus a small slack, the flow table's peak accounting
   stays within flow.memcap, flows are evicted (none still negotiating), and
   every negotiation is decoded exactly as without the flood.
2. trickle: many flows sending one byte per packet of an NBSS frame that
   never completes: reassembly memory stays within stream.memcap, the
   refusals are counted and reported as stream.reassembly_memcap anomalies.
3. one trickling flow: its buffer stops at its own limit (smb.max-pdu).
"""
import argparse
import collections
import json
import os
import resource
import subprocess
import sys
import tempfile

MiB = 1 << 20
FAILS = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILS.append(what)


def run(smbneg, pcap, logdir, *sets):
    """Run smbneg; (records, peak RSS in bytes of this child)."""
    os.makedirs(logdir, exist_ok=True)
    eve = os.path.join(logdir, "eve.json")
    if os.path.exists(eve):
        os.unlink(eve)
    args = [smbneg, "-r", pcap, "-l", logdir, "--set", "outputs.fast.enabled=no"]
    for s in sets:
        args += ["--set", s]
    # Peak RSS of this child alone: a fresh python wrapper reports its own
    # RUSAGE_CHILDREN (the wrapper itself is not counted).
    code = ("import resource,subprocess,sys;"
            "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE);"
            "sys.stderr.buffer.write(r.stderr);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);"
            "sys.exit(r.returncode)")
    r = subprocess.run([sys.executable, "-c", code] + args, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"smbneg failed ({r.returncode}): {r.stderr}")
    rss = int(r.stdout.strip()) * 1024
    with open(eve) as fp:
        recs = [json.loads(line) for line in fp]
    return recs, rss


def stats(recs):
    return [r for r in recs if r["event_type"] == "stats"][-1]["stats"]


def smb_key(r):
    """A negotiation, without the packet numbers (the flood shifts them)."""
    smb = json.loads(json.dumps(r["smb"]))
    for m in ("request", "response"):
        smb.get("negotiate", {}).get(m, {}).pop("pcap_cnt", None)
    return (r["flow_id"], json.dumps(smb, sort_keys=True))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--smbneg", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--captures", required=True, help="tests/captures/lab")
    ap.add_argument("--syn", type=int, default=1000000)
    ap.add_argument("--validate", help="tests/schema/validate.py: check every record written")
    a = ap.parse_args()
    lab = a.captures
    real = [os.path.join(lab, n) for n in
            ("default-3.1.1.pcap", "many-flows.pcap", "smb1-multiproto.pcap", "impacket-default.pcap")]
    with tempfile.TemporaryDirectory(prefix="smbneg-resource.") as tmp:
        # Baseline: the RSS of a run on a tiny capture (binary, libraries,
        # rules, hash table) and the negotiations of the real captures.
        _, base_rss = run(a.smbneg, real[2], os.path.join(tmp, "tiny"))
        # Under ASan (configure --enable-sanitizers) freed blocks sit in a
        # quarantine and every block has redzones, so the flood's RSS says
        # nothing about the caps; the memuse counters are still checked.
        with open(a.smbneg, "rb") as fp:
            asan = b"__asan_init" in fp.read()
        if asan:
            print("sanitizer build: the peak RSS bounds are not checked (counters are)")
        ref = []
        real_flows = 0
        for p in real:
            recs, _ = run(a.smbneg, p, os.path.join(tmp, "ref"))
            ref += [smb_key(r) for r in recs if r["event_type"] == "smb"]
            real_flows += stats(recs)["flow"]["total"]
        print(f"baseline: {base_rss / MiB:.1f} MiB peak RSS; {len(ref)} negotiations in "
              f"{len(real)} real captures")

        flood = os.path.join(tmp, "flood.pcap")
        subprocess.run([sys.executable, a.gen, "flood", "--syn", str(a.syn), "--append"] + real +
                       ["-o", flood], check=True)
        caps = {"flow.memcap": 4 * MiB, "stream.memcap": 4 * MiB, "smb.memcap": 1 * MiB}
        sets = [f"{k}={v}" for k, v in caps.items()]
        recs, rss = run(a.smbneg, flood, os.path.join(tmp, "flood"), *sets)
        st = stats(recs)
        got = [smb_key(r) for r in recs if r["event_type"] == "smb"]
        limit = base_rss + sum(caps.values()) + 2 * MiB
        print(f"flood: {rss / MiB:.1f} MiB peak RSS (limit {limit / MiB:.1f}: baseline + caps "
              f"{sum(caps.values()) / MiB:.0f} MiB + 2 MiB); flow memuse peak "
              f"{st['flow']['memuse']}; {st['flow']['mgr']['flows_evicted']} flows evicted")
        check(st["flow"]["total"] == a.syn + real_flows,
              f"flood: {a.syn} SYN flows + {real_flows} real flows seen (got {st['flow']['total']})")
        check(asan or rss <= limit, "flood: peak RSS within caps + baseline + 2 MiB")
        check(st["flow"]["memuse"] <= caps["flow.memcap"], "flood: flow memory within flow.memcap")
        check(st["flow"]["mgr"]["flows_evicted"] > a.syn // 2, "flood: flows were evicted")
        check(st["flow"]["mgr"]["flows_evicted_needs_work"] == 0,
              "flood: no flow still negotiating was evicted")
        check(st["flow"]["memcap"] >= st["flow"]["mgr"]["flows_evicted"],
              "flood: flow.memcap counts every time the cap was reached")
        check(sorted(got) == sorted(ref),
              f"flood: every negotiation decoded as without the flood ({len(got)}/{len(ref)})")
        # Default caps: the same negotiations, within the default caps.
        recs, rss = run(a.smbneg, flood, os.path.join(tmp, "flood-default"))
        got = [smb_key(r) for r in recs if r["event_type"] == "smb"]
        check(sorted(got) == sorted(ref), "flood (default caps): every negotiation decoded")
        check(asan or rss <= base_rss + (64 + 64 + 32) * MiB + 2 * MiB,
              f"flood (default caps): peak RSS {rss / MiB:.1f} MiB within the default caps")
        os.unlink(flood)

        trickle = os.path.join(tmp, "trickle.pcap")
        subprocess.run([sys.executable, a.gen, "trickle", "--flows", "400", "--bytes", "1200",
                        "--frame-len", "60000", "-o", trickle], check=True)
        cap = 256 * 1024
        recs, rss = run(a.smbneg, trickle, os.path.join(tmp, "trickle"), f"stream.memcap={cap}")
        st = stats(recs)
        an = collections.Counter(r["anomaly"]["event"] for r in recs if r["event_type"] == "anomaly")
        print(f"trickle: reassembly peak {st['tcp']['reassembly_memuse']} bytes (cap {cap}); "
              f"{st['tcp']['segment_memcap_drop']} refusals; anomalies {dict(an)}; "
              f"{rss / MiB:.1f} MiB peak RSS")
        check(st["tcp"]["reassembly_memuse"] <= cap, "trickle: reassembly memory within stream.memcap")
        check(st["tcp"]["segment_memcap_drop"] > 0, "trickle: the cap was reached and counted")
        check(an["stream.reassembly_memcap"] == st["tcp"]["segment_memcap_drop"],
              "trickle: every refusal reported as a stream.reassembly_memcap anomaly")
        check(an["stream.app_buffer_overflow"] == 0, "trickle: no refusal misreported as overflow")
        check(asan or rss <= base_rss + 2 * MiB + cap,
              "trickle: peak RSS within the cap + baseline + 2 MiB")

        one = os.path.join(tmp, "trickle-one.pcap")
        subprocess.run([sys.executable, a.gen, "trickle", "--flows", "1", "--bytes", "50000",
                        "--frame-len", "60000", "-o", one], check=True)
        recs, _ = run(a.smbneg, one, os.path.join(tmp, "one"))
        st = stats(recs)
        check(st["tcp"]["reassembly_memuse"] <= 65536 + 132,
              f"one trickling flow: buffer {st['tcp']['reassembly_memuse']} bytes within "
              f"smb.max-pdu + 132")
        recs, _ = run(a.smbneg, one, os.path.join(tmp, "one-small"), "smb.max-pdu=16kb")
        st = stats(recs)
        an = collections.Counter(r["anomaly"]["event"] for r in recs if r["event_type"] == "anomaly")
        check(st["tcp"]["reassembly_memuse"] <= 512 and an["smb.pdu_too_large"] == 1,
              "one trickling flow, frame over smb.max-pdu: only its header buffered "
              f"({st['tcp']['reassembly_memuse']} bytes), smb.pdu_too_large")
        if a.validate:
            eves = [os.path.join(tmp, d, "eve.json") for d in
                    ("flood", "flood-default", "trickle", "one", "one-small")]
            r = subprocess.run([sys.executable, a.validate] + eves, capture_output=True, text=True)
            print(r.stdout.strip().splitlines()[-1] if r.stdout.strip() else r.stderr.strip())
            check(r.returncode == 0, "every record of these runs validates against the schemas")
    if FAILS:
        print(f"{len(FAILS)} check(s) failed")
        return 1
    print("all resource checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
