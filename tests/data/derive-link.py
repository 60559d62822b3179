#!/usr/bin/env python3
"""derive-link.py - rewrite an Ethernet pcap into another link type.

Usage: derive-link.py IN.pcap OUT.pcap KIND
KIND: sll | sll2 | null-le | null-be | loop | raw | ipv4 | ipv6

Each Ethernet II header (no VLAN tags expected) is replaced by the new link
header; caplen and wirelen shrink or grow by the same amount.  Frames that
the new link type cannot carry (non-IP for null/loop/raw) are dropped.
Only the Python standard library is used.
"""
import struct
import sys

LINKTYPE = {"sll": 113, "sll2": 276, "null-le": 0, "null-be": 0, "loop": 108,
            "raw": 101, "ipv4": 228, "ipv6": 229}
AF_INET = 2
AF_INET6 = {"null-le": 30, "null-be": 24, "loop": 24}  # Darwin, OpenBSD


def link_header(kind, frame):
    dst, src, etype = frame[0:6], frame[6:12], struct.unpack(">H", frame[12:14])[0]
    pkttype = 0  # PACKET_HOST: direction is not known from Ethernet alone
    if kind == "sll":
        return struct.pack(">HHH", pkttype, 1, 6) + src + b"\0\0" + struct.pack(">H", etype)
    if kind == "sll2":
        return struct.pack(">HHIHBB", etype, 0, 2, 1, pkttype, 6) + src + b"\0\0"
    if etype not in (0x0800, 0x86DD):
        return None
    if kind in ("raw", "ipv4", "ipv6"):
        return b""
    af = AF_INET if etype == 0x0800 else AF_INET6[kind]
    return struct.pack("<I" if kind == "null-le" else ">I", af)


def main():
    src, dst, kind = sys.argv[1:4]
    data = open(src, "rb").read()
    magic = data[0:4]
    endian = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    hdr = list(struct.unpack(endian + "IHHiIII", data[0:24]))
    assert hdr[6] == 1, "input must be Ethernet"
    hdr[6] = LINKTYPE[kind]
    out = [struct.pack(endian + "IHHiIII", *hdr)]
    off = 24
    while off + 16 <= len(data):
        sec, frac, caplen, wirelen = struct.unpack(endian + "IIII", data[off:off + 16])
        frame = data[off + 16:off + 16 + caplen]
        off += 16 + caplen
        lh = link_header(kind, frame)
        if lh is None:
            continue
        body = lh + frame[14:]
        delta = len(lh) - 14
        out.append(struct.pack(endian + "IIII", sec, frac, len(body), wirelen + delta) + body)
    open(dst, "wb").write(b"".join(out))


if __name__ == "__main__":
    main()
