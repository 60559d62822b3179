#!/usr/bin/env python3
"""gen-load.py - captures that load smbneg's resource bounds (deterministic).

  flood   N SYN-only flows (distinct client address/port) in a burst, then
          the packets of real captures appended unchanged: the flow table
          must stay within flow.memcap and the real negotiations must still
          be decoded.
  trickle M flows whose client sends an NBSS frame header announcing LEN
          bytes and then one byte per packet, round robin over the flows,
          never completing the frame: reassembly must stay within its caps.
  scale   N copies of the first negotiation of a real capture (its request
          and response payloads) on fresh 5-tuples, C flows open at a time:
          handshake, request, response, FIN both ways.  For per-flow cost
          curves (bench/) at 1x, 10x, 100x the flow count.

Output: classic pcap, Ethernet, microsecond timestamps.  Only the Python
standard library is used.
"""
import argparse
import struct
import sys

PCAP_HDR = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1)
SRV_IP = bytes([192, 168, 99, 1])
ETH = bytes.fromhex("020000000002" "020000000001" "0800")
ETH_REV = bytes.fromhex("020000000001" "020000000002" "0800")
SYN, ACK, FIN, PSH = 0x02, 0x10, 0x01, 0x08


def ip_checksum(hdr):
    s = sum(struct.unpack("!10H", hdr))
    s = (s & 0xFFFF) + (s >> 16)
    s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def frame(src, dst, sport, dport, seq, ack, flags, payload=b"", to_server=True):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF,
                      5 << 4, flags, 65535, 0, 0)
    total = 20 + len(tcp) + len(payload)
    ip = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, 0, total, 0, 0x4000, 64, 6, 0, src, dst))
    struct.pack_into("!H", ip, 10, ip_checksum(bytes(ip)))
    return (ETH if to_server else ETH_REV) + bytes(ip) + tcp + payload


class Writer:
    def __init__(self, path):
        self.fp = open(path, "wb")
        self.fp.write(PCAP_HDR)
        self.n = 0

    def put(self, ts_us, data):
        self.fp.write(struct.pack("<IIII", ts_us // 1000000, ts_us % 1000000, len(data), len(data)))
        self.fp.write(data)
        self.n += 1

    def put_raw(self, rec_hdr, data):
        self.fp.write(rec_hdr)
        self.fp.write(data)
        self.n += 1

    def close(self):
        self.fp.close()


def read_pcap(path):
    """(ts_us, record header, data) of every record of a classic pcap."""
    with open(path, "rb") as fp:
        hdr = fp.read(24)
        magic = struct.unpack("<I", hdr[:4])[0]
        if magic not in (0xA1B2C3D4, 0xA1B23C4D):
            sys.exit(f"{path}: not a little-endian classic pcap")
        if struct.unpack("<I", hdr[20:24])[0] != 1:
            sys.exit(f"{path}: not Ethernet")
        nano = magic == 0xA1B23C4D
        while True:
            rh = fp.read(16)
            if len(rh) < 16:
                return
            sec, frac, incl, orig = struct.unpack("<IIII", rh)
            data = fp.read(incl)
            us = frac // 1000 if nano else frac
            yield sec * 1000000 + us, struct.pack("<IIII", sec, us, incl, orig), data


def client_addr(i):
    return bytes([10, 100 + (i >> 24) % 100, (i >> 16) & 0xFF, (i >> 8) & 0xFF]), 1024 + (i & 0xFF) * 251 % 64000


def flood(a):
    appended = [list(read_pcap(p)) for p in a.append]
    first = min((r[0][0] for r in appended if r), default=1700000000 * 1000000)
    start = first - (a.span + 1) * 1000000
    w = Writer(a.output)
    step = max(1, a.span * 1000000 // max(1, a.syn))
    for i in range(a.syn):
        ip, port = client_addr(i)
        w.put(start + i * step, frame(ip, SRV_IP, port, 445, i * 7919, 0, SYN))
    for recs in appended:
        for _, rh, data in recs:
            w.put_raw(rh, data)
    w.close()
    print(f"{a.output}: {a.syn} SYN-only flows, then {sum(len(r) for r in appended)} packets of "
          f"{len(appended)} capture(s); {w.n} packets")


def trickle(a):
    w = Writer(a.output)
    ts = 1700000000 * 1000000
    isn = [1000 + 17 * i for i in range(a.flows)]
    for i in range(a.flows):
        ip, port = client_addr(i)
        w.put(ts, frame(ip, SRV_IP, port, 445, isn[i], 0, SYN)); ts += 1
        w.put(ts, frame(SRV_IP, ip, 445, port, 5000, isn[i] + 1, SYN | ACK, to_server=False)); ts += 1
        w.put(ts, frame(ip, SRV_IP, port, 445, isn[i] + 1, 5001, ACK)); ts += 1
    # NBSS session message announcing a.frame_len bytes, then an SMB2 header
    # start and zeros: never complete.
    stream = bytes([0, (a.frame_len >> 16) & 0xFF, (a.frame_len >> 8) & 0xFF, a.frame_len & 0xFF])
    stream += b"\xfeSMB" + bytes(max(0, a.bytes - 8))
    stream = stream[: a.bytes]
    for off in range(len(stream)):
        for i in range(a.flows):
            ip, port = client_addr(i)
            w.put(ts, frame(ip, SRV_IP, port, 445, isn[i] + 1 + off, 5001, ACK | PSH,
                            stream[off:off + 1]))
            ts += 10
    w.close()
    print(f"{a.output}: {a.flows} flows x {len(stream)} one-byte segments "
          f"(NBSS frame of {a.frame_len} announced); {w.n} packets")


def first_negotiation(path):
    """The first client and server TCP payloads of a capture (IPv4/TCP)."""
    req = resp = None
    for _, _, data in read_pcap(path):
        if len(data) < 54 or data[12:14] != b"\x08\x00" or data[23] != 6:
            continue
        ihl = (data[14] & 0x0F) * 4
        tcp = 14 + ihl
        sport, dport = struct.unpack("!HH", data[tcp:tcp + 4])
        doff = (data[tcp + 12] >> 4) * 4
        total = struct.unpack("!H", data[16:18])[0]
        payload = data[tcp + doff:14 + total]
        if not payload:
            continue
        if dport in (445, 139) and req is None:
            req = payload
        elif sport in (445, 139) and req is not None and resp is None:
            resp = payload
        if req and resp:
            return req, resp
    sys.exit(f"{path}: no request/response pair found")


def scale(a):
    req, resp = first_negotiation(a.source)
    w = Writer(a.output)
    ts = 1700000000 * 1000000

    def flow_packets(i):
        ip, port = client_addr(i)
        c, s = 1000 + i * 3, 90000 + i * 5
        return [
            frame(ip, SRV_IP, port, 445, c, 0, SYN),
            frame(SRV_IP, ip, 445, port, s, c + 1, SYN | ACK, to_server=False),
            frame(ip, SRV_IP, port, 445, c + 1, s + 1, ACK),
            frame(ip, SRV_IP, port, 445, c + 1, s + 1, ACK | PSH, req),
            frame(SRV_IP, ip, 445, port, s + 1, c + 1 + len(req), ACK | PSH, resp, to_server=False),
            frame(ip, SRV_IP, port, 445, c + 1 + len(req), s + 1 + len(resp), ACK | FIN),
            frame(SRV_IP, ip, 445, port, s + 1 + len(resp), c + 2 + len(req), ACK | FIN, to_server=False),
            frame(ip, SRV_IP, port, 445, c + 2 + len(req), s + 2 + len(resp), ACK),
        ]

    # C flows open at a time: each round sends the next packet of every open
    # flow; a flow that finishes is replaced by the next one.
    open_flows = []
    nxt = 0
    while nxt < a.flows or open_flows:
        while len(open_flows) < a.concurrency and nxt < a.flows:
            open_flows.append([flow_packets(nxt), 0])
            nxt += 1
        still = []
        for pk in open_flows:
            w.put(ts, pk[0][pk[1]])
            ts += 7
            pk[1] += 1
            if pk[1] < len(pk[0]):
                still.append(pk)
        open_flows = still
    w.close()
    print(f"{a.output}: {a.flows} negotiations ({len(req)}-byte request, {len(resp)}-byte "
          f"response from {a.source}), {a.concurrency} open at a time; {w.n} packets")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("flood")
    f.add_argument("--syn", type=int, default=1000000)
    f.add_argument("--span", type=int, default=10, help="seconds of packet time for the flood")
    f.add_argument("--append", nargs="*", default=[])
    f.add_argument("-o", "--output", required=True)
    t = sub.add_parser("trickle")
    t.add_argument("--flows", type=int, default=1000)
    t.add_argument("--bytes", type=int, default=2048, help="bytes sent per flow, one per packet")
    t.add_argument("--frame-len", type=int, default=60000)
    t.add_argument("-o", "--output", required=True)
    s = sub.add_parser("scale")
    s.add_argument("--flows", type=int, required=True)
    s.add_argument("--concurrency", type=int, default=1000)
    s.add_argument("--source", required=True)
    s.add_argument("-o", "--output", required=True)
    a = ap.parse_args()
    {"flood": flood, "trickle": trickle, "scale": scale}[a.cmd](a)


if __name__ == "__main__":
    main()
