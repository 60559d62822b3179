#!/usr/bin/env python3
"""eve-query.py - read eve.json files for tests/live/run-live-test.sh.

  eve-query.py canon FILE...      one sorted line per smb, alert and anomaly
                                  record, without what differs between a live
                                  and an offline run (timestamps, flow_id,
                                  pcap_cnt, pcap_filename, flow counters)
  eve-query.py count FILE TYPE [SID]
                                  records of event_type TYPE (alerts: of
                                  signature_id SID)
  eve-query.py stats FILE...      one line per stats record: timestamp (epoch),
                                  uptime, capture.kernel_packets,
                                  capture.kernel_drops, decoder.pkts,
                                  app_layer.tx.smb, detect.alert,
                                  detect.engines[0].rules_loaded, flow.active
                                  (-1: key absent)
  eve-query.py sensor FILE IFACE HOST
                                  every record ends with "host": HOST; smb,
                                  alert and anomaly records carry "in_iface":
                                  IFACE right after flow_id (after timestamp
                                  without a flow), stats records none; prints
                                  "N records, M wrong" and the first wrong
                                  one; exit 1 when one is wrong or none is seen

A line that is not JSON (the last one, while smbneg is writing it) is skipped.
"""
import calendar
import json
import sys
import time


def records(paths):
    for path in paths:
        try:
            with open(path, encoding="utf-8") as fp:
                for line in fp:
                    try:
                        yield json.loads(line)
                    except ValueError:
                        continue
        except FileNotFoundError:
            continue


def strip(v):
    """v without pcap_cnt keys (packet numbers differ: one live stream
    against several files)."""
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if k != "pcap_cnt"}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v


def canon(rec):
    t = rec.get("event_type")
    key = {k: rec.get(k) for k in ("src_ip", "src_port", "dest_ip", "dest_port", "proto")}
    key["event_type"] = t
    if t == "smb":
        key["smb"] = rec.get("smb")
    elif t == "alert":
        a = rec.get("alert", {})
        key["alert"] = {k: a.get(k) for k in ("gid", "signature_id", "rev", "action")}
        key["direction"] = rec.get("direction")
        key["smb"] = rec.get("smb")
    elif t == "anomaly":
        key["anomaly"] = rec.get("anomaly")
    else:
        return None
    return json.dumps(strip(key), sort_keys=True)


def sensor_wrong(rec, iface, host):
    """Why rec's in_iface or host is not as Suricata places it, or None."""
    keys = list(rec)
    if keys[-1:] != ["host"] or rec["host"] != host:
        return "host is not the last key or not %r" % host
    if rec.get("event_type") == "stats":
        return "in_iface in a stats record" if "in_iface" in rec else None
    want = keys.index("flow_id") + 1 if "flow_id" in rec else 1
    if keys.index("in_iface") != want if "in_iface" in rec else True:
        return "in_iface missing or not at position %d" % want
    return None if rec["in_iface"] == iface else "in_iface is not %r" % iface


def epoch(ts):
    """'2026-11-24T11:27:49.250000+0000' -> 1795519669.25"""
    return calendar.timegm(time.strptime(ts[:19], "%Y-%m-%dT%H:%M:%S")) + float(ts[19:26])


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    cmd = argv[1]
    if cmd == "canon":
        lines = [c for c in (canon(r) for r in records(argv[2:])) if c]
        for c in sorted(lines):
            print(c)
    elif cmd == "count":
        t = argv[3]
        sid = int(argv[4]) if len(argv) > 4 else None
        n = 0
        for r in records([argv[2]]):
            if r.get("event_type") != t:
                continue
            if sid is not None and r.get("alert", {}).get("signature_id") != sid:
                continue
            n += 1
        print(n)
    elif cmd == "stats":
        for r in records(argv[2:]):
            if r.get("event_type") != "stats":
                continue
            s = r["stats"]
            eng = s.get("detect", {}).get("engines", [{}])[0]
            print(epoch(r["timestamp"]), s.get("uptime"),
                  s.get("capture", {}).get("kernel_packets", -1),
                  s.get("capture", {}).get("kernel_drops", -1),
                  s["decoder"]["pkts"], s["app_layer"]["tx"]["smb"],
                  s.get("detect", {}).get("alert", -1), eng.get("rules_loaded", -1),
                  s["flow"].get("active", -1))
    elif cmd == "sensor":
        n, wrong, first = 0, 0, None
        for r in records([argv[2]]):
            n += 1
            why = sensor_wrong(r, argv[3], argv[4])
            if why:
                wrong += 1
                first = first or "%s: %s" % (why, json.dumps(r)[:300])
        print("%d records, %d wrong" % (n, wrong))
        if first:
            print(first)
        return 1 if wrong or not n else 0
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
