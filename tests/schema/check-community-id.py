#!/usr/bin/python3
"""check-community-id.py - every record's community_id equals Community ID v1
computed here independently with hashlib from the record's own endpoints
(https://github.com/corelight/community-id-spec: SHA-1 over seed, the
endpoints ordered smaller first, protocol 6, a zero byte, ports; base64).

Usage: check-community-id.py SMBNEG CAPTURE_DIR...   Prints N passed, M failed."""
import base64, hashlib, ipaddress, json, os, struct, subprocess, sys, tempfile


def community_id(sip, sport, dip, dport, proto=6, seed=0):
    a, b = ipaddress.ip_address(sip).packed, ipaddress.ip_address(dip).packed
    if (a, sport) > (b, dport):
        a, b, sport, dport = b, a, dport, sport
    data = struct.pack("!H", seed) + a + b + struct.pack("!BBHH", proto, 0, sport, dport)
    return "1:" + base64.b64encode(hashlib.sha1(data).digest()).decode()


def main():
    smbneg, dirs = sys.argv[1], sys.argv[2:]
    ok = bad = 0
    with tempfile.TemporaryDirectory() as out:
        args = [smbneg, "-l", out]
        for d in dirs:
            args += ["-r", d]
        subprocess.run(args, stderr=subprocess.DEVNULL)
        with open(os.path.join(out, "eve.json")) as fh:
            for n, line in enumerate(fh, 1):
                r = json.loads(line)
                if "community_id" not in r:
                    continue
                want = community_id(r["src_ip"], r["src_port"], r["dest_ip"], r["dest_port"])
                if r["community_id"] == want:
                    ok += 1
                else:
                    bad += 1
                    print("eve.json:%d: community_id %s, expected %s" % (n, r["community_id"], want))
    print("%d passed, %d failed" % (ok, bad))
    sys.exit(1 if bad or ok == 0 else 0)


if __name__ == "__main__":
    main()
