#!/usr/bin/env python3
"""build-captures.py - captures for tests/flow/run-flow-test.sh, made from
the lab captures at test time (classic little-endian pcap, Ethernet + IPv4).

Usage: build-captures.py LABDIR OUTDIR

Writes into OUTDIR:
  reuse-fin.pcap     default-3.1.1.pcap 4 times over, each copy starting
                     0.5 s after the previous one's last packet (its FIN
                     handshake): the same 4-tuple, each copy with the
                     client's sequence numbers moved (a new ISN each time)
  reuse-rst.pcap     the same, each copy ended by the client's RST instead
                     of the FIN handshake (its packets 1-31, then packet 32
                     turned into RST+ACK), the next copy 0.2 s later
  loop-fin.pcap      default-3.1.1.pcap 4 times over, 0.5 s apart, as
                     recorded (the same ISN: a capture replayed in a loop)
  loop-many.pcap     many-flows.pcap 3 times over, 0.1 s apart, as
                     recorded: its 40 connections' 4-tuples repeat within a
                     second
  hole-middle.pcap   default-3.1.1.pcap with the Negotiate request (frame 4,
                     218 bytes) sent as 3 segments of 100, 50 and 68 bytes,
                     the middle one lost before the capture point; the
                     server's response (which acknowledges all 218) is whole
  hole-tail.pcap     the same with the request as 2 segments of 150 and 68,
                     the last one lost (no data queued behind the hole)
"""
import os
import struct
import sys


def read_pcap(path):
    with open(path, "rb") as fp:
        data = fp.read()
    magic, = struct.unpack_from("<I", data, 0)
    if magic != 0xA1B2C3D4:
        sys.exit("%s: not a little-endian microsecond pcap" % path)
    head, off, recs = data[:24], 24, []
    while off + 16 <= len(data):
        sec, usec, incl, orig = struct.unpack_from("<IIII", data, off)
        recs.append([sec * 1000000 + usec, bytearray(data[off + 16:off + 16 + incl])])
        off += 16 + incl
    return head, recs


def write_pcap(path, head, recs):
    with open(path, "wb") as fp:
        fp.write(head)
        for ts, pkt in recs:
            fp.write(struct.pack("<IIII", ts // 1000000, ts % 1000000, len(pkt), len(pkt)))
            fp.write(pkt)


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


IP = 14  # Ethernet header


def tcp_off(pkt):
    return IP + (pkt[IP] & 0x0F) * 4


def fix(pkt):
    """IPv4 total length, IPv4 and TCP checksums after an edit."""
    struct.pack_into("!H", pkt, IP + 2, len(pkt) - IP)
    struct.pack_into("!H", pkt, IP + 10, 0)
    struct.pack_into("!H", pkt, IP + 10, csum(bytes(pkt[IP:tcp_off(pkt)])))
    t = tcp_off(pkt)
    struct.pack_into("!H", pkt, t + 16, 0)
    pseudo = bytes(pkt[IP + 12:IP + 20]) + struct.pack("!BBH", 0, 6, len(pkt) - t)
    struct.pack_into("!H", pkt, t + 16, csum(pseudo + bytes(pkt[t:])))
    return pkt


def fields(pkt):
    t = tcp_off(pkt)
    sport, dport, seq, ack = struct.unpack_from("!HHII", pkt, t)
    hl = (pkt[t + 12] >> 4) * 4
    return sport, dport, seq, ack, pkt[t + 13], t + hl


def shift_client_isn(pkt, client_port, delta):
    """Move the client's sequence space by delta (its seq, the server's ack)."""
    pkt = bytearray(pkt)
    sport, dport, seq, ack, flags, _ = fields(pkt)
    t = tcp_off(pkt)
    if sport == client_port:
        struct.pack_into("!I", pkt, t + 4, (seq + delta) & 0xFFFFFFFF)
    elif flags & 0x10:
        struct.pack_into("!I", pkt, t + 8, (ack + delta) & 0xFFFFFFFF)
    return fix(pkt)


def copies(recs, n, gap_us, isn_delta=None, client_port=None):
    """n copies of recs back to back, each gap_us after the previous end;
    copy i with the client's sequence space moved by isn_delta * i."""
    out, base = [], recs[0][0]
    span = recs[-1][0] - base
    for i in range(n):
        start = base + i * (span + gap_us)
        for ts, pkt in recs:
            if isn_delta and i:
                pkt = shift_client_isn(pkt, client_port, isn_delta * i)
            out.append([start + ts - base, bytearray(pkt)])
    return out


def split_request(recs, frame, sizes, drop):
    """Frame `frame` (1-based) as segments of `sizes`; leave out index drop."""
    out = []
    for i, (ts, pkt) in enumerate(recs, 1):
        if i != frame:
            out.append([ts, pkt])
            continue
        _, _, seq, _, _, data_at = fields(pkt)
        payload, off = pkt[data_at:], 0
        assert sum(sizes) == len(payload), (sizes, len(payload))
        for k, size in enumerate(sizes):
            seg = bytearray(pkt[:data_at]) + payload[off:off + size]
            struct.pack_into("!I", seg, tcp_off(seg) + 4, (seq + off) & 0xFFFFFFFF)
            if k != drop:
                out.append([ts + k, fix(seg)])
            off += size
    return out


def main(lab, out):
    head, rec = read_pcap(os.path.join(lab, "default-3.1.1.pcap"))
    client = fields(rec[0][1])[0]
    write_pcap(os.path.join(out, "reuse-fin.pcap"), head,
               copies(rec, 4, 500000, 0x10000000, client))
    write_pcap(os.path.join(out, "loop-fin.pcap"), head, copies(rec, 4, 500000))
    rst = [list(r) for r in rec[:31]]
    last = bytearray(rec[31][1])  # frame 32: the client's FIN+ACK
    last[tcp_off(last) + 13] = 0x14  # RST+ACK
    rst.append([rec[31][0], fix(last)])
    write_pcap(os.path.join(out, "reuse-rst.pcap"), head,
               copies(rst, 4, 200000, 0x10000000, client))
    mhead, many = read_pcap(os.path.join(lab, "many-flows.pcap"))
    write_pcap(os.path.join(out, "loop-many.pcap"), mhead, copies(many, 3, 100000))
    write_pcap(os.path.join(out, "hole-middle.pcap"), head,
               split_request(rec, 4, [100, 50, 68], 1))
    write_pcap(os.path.join(out, "hole-tail.pcap"), head,
               split_request(rec, 4, [150, 68], 1))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
