#!/usr/bin/python3
"""A transparent SMB2 relay for the lab's man-in-the-middle namespace.

Run inside the proxy namespace, which routes between the client and the
server namespaces.  gen.sh's `mitm_on` adds policy routes that deliver
TCP port 445 traffic crossing the namespace locally; this relay accepts the
client's connection addressed to the server (IP_TRANSPARENT listener, so the
client keeps talking to the server's address) and opens its own connection
to the server from the client's address and port (IP_TRANSPARENT bind),
so both captures show the same TCP connection addresses.  The first SMB2 NEGOTIATE request and
response of each connection may be rewritten; every other byte passes
through unchanged.

Usage: relay.py [--strip D,D] [--max-dialect D] [--resp-secmode-clear M]
                [--resp-caps-xor M] [--resp-dialect D] [--resp-cipher C]
                [--resp-guid GUID] [--port 445]
Dialects are hex (0x0311).  Prints one line per rewrite on stdout."""
import argparse
import socket
import struct
import sys
import threading
import uuid

IP_TRANSPARENT = 19
HDR = 64                     # SMB2 header size


def read_nbss(sock, buf):
    """Return (message, rest) once buf+socket hold one whole NBSS message."""
    while True:
        if len(buf) >= 4:
            n = struct.unpack(">I", b"\0" + buf[1:4])[0]
            if len(buf) >= 4 + n:
                return buf[:4 + n], buf[4 + n:]
        d = sock.recv(65536)
        if not d:
            return None, buf
        buf += d


def is_negotiate(msg):
    p = msg[4:]
    return len(p) >= HDR + 2 and p[:4] == b"\xfeSMB" and struct.unpack_from("<H", p, 12)[0] == 0


def rewrite_request(msg, a, log):
    """Drop dialects from an SMB2 NEGOTIATE request; rebuilds the body."""
    p = bytearray(msg[4:])
    cnt = struct.unpack_from("<H", p, HDR + 2)[0]
    dial = list(struct.unpack_from("<%dH" % cnt, p, HDR + 36))
    keep = [d for d in dial if d not in a.strip and (a.max_dialect is None or d <= a.max_dialect)]
    if keep == dial:
        return msg
    ctx = b""
    if 0x0311 in dial and 0x0311 in keep:
        off, n = struct.unpack_from("<IH", p, HDR + 28)
        ctx = bytes(p[off:]) if n else b""
    body = bytearray(p[HDR:HDR + 36])
    struct.pack_into("<H", body, 2, len(keep))
    body += struct.pack("<%dH" % len(keep), *keep)
    if ctx:
        pad = (-(HDR + len(body))) % 8
        body += b"\0" * pad
        struct.pack_into("<IHH", body, 28, HDR + len(body), struct.unpack_from("<H", p, HDR + 32)[0], 0)
        body += ctx
    else:
        body[28:36] = b"\0" * 8          # ClientStartTime (no contexts below 3.1.1)
    out = bytes(p[:HDR]) + bytes(body)
    log("request dialects %s -> %s" % (fmt(dial), fmt(keep)))
    return b"\0" + struct.pack(">I", len(out))[1:] + out


def rewrite_response(msg, a, log):
    """Change fields of an SMB2 NEGOTIATE response in place."""
    p = bytearray(msg[4:])
    if len(p) < HDR + 64 or struct.unpack_from("<I", p, 8)[0] != 0:
        return msg
    sm, = struct.unpack_from("<H", p, HDR + 2)
    caps, = struct.unpack_from("<I", p, HDR + 24)
    if a.resp_secmode_clear:
        struct.pack_into("<H", p, HDR + 2, sm & ~a.resp_secmode_clear)
        log("response security mode 0x%02x -> 0x%02x" % (sm, sm & ~a.resp_secmode_clear))
    if a.resp_caps_xor:
        struct.pack_into("<I", p, HDR + 24, caps ^ a.resp_caps_xor)
        log("response capabilities 0x%08x -> 0x%08x" % (caps, caps ^ a.resp_caps_xor))
    if a.resp_dialect:
        old, = struct.unpack_from("<H", p, HDR + 4)
        struct.pack_into("<H", p, HDR + 4, a.resp_dialect)
        log("response dialect 0x%04x -> 0x%04x" % (old, a.resp_dialect))
    if a.resp_cipher is not None:
        cnt, = struct.unpack_from("<H", p, HDR + 6)
        off, = struct.unpack_from("<I", p, HDR + 60)
        for _ in range(cnt if struct.unpack_from("<H", p, HDR + 4)[0] == 0x0311 else 0):
            typ, ln = struct.unpack_from("<HH", p, off)
            if typ == 2 and ln >= 4:              # SMB2_ENCRYPTION_CAPABILITIES: count, ciphers
                old, = struct.unpack_from("<H", p, off + 10)
                struct.pack_into("<H", p, off + 10, a.resp_cipher)
                log("response cipher 0x%04x -> 0x%04x" % (old, a.resp_cipher))
            off += 8 + ln + (-(8 + ln) % 8)
    if a.resp_guid:
        old = uuid.UUID(bytes_le=bytes(p[HDR + 8:HDR + 24]))
        p[HDR + 8:HDR + 24] = a.resp_guid.bytes_le
        log("response server GUID %s -> %s" % (old, a.resp_guid))
    return msg[:4] + bytes(p)


def fmt(ds):
    return ",".join("0x%04x" % d for d in ds)


def pump(src, dst, rewrite, a, log):
    buf, first = b"", True
    try:
        while first:
            msg, buf = read_nbss(src, buf)
            if msg is None:
                break
            if is_negotiate(msg):
                msg, first = rewrite(msg, a, log), False
            dst.sendall(msg)
        if not first:
            dst.sendall(buf)
            while True:
                d = src.recv(65536)
                if not d:
                    break
                dst.sendall(d)
    except OSError:
        pass
    for s in (dst, src):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve(conn, peer, a):
    here = conn.getsockname()                      # the server's address, as the client sees it
    up = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    up.setsockopt(socket.SOL_IP, IP_TRANSPARENT, 1)
    up.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    up.bind(peer)                                  # the client's own address and port
    up.connect(here)

    def log(s):
        print("%s:%d -> %s:%d %s" % (peer[0], peer[1], here[0], here[1], s), flush=True)
    t = threading.Thread(target=pump, args=(up, conn, rewrite_response, a, log))
    t.start()
    pump(conn, up, rewrite_request, a, log)
    t.join()
    conn.close()
    up.close()


def main():
    ap = argparse.ArgumentParser()
    hexes = lambda s: {int(x, 16) for x in s.split(",") if x}
    ap.add_argument("--strip", type=hexes, default=set())
    ap.add_argument("--max-dialect", type=lambda s: int(s, 16))
    ap.add_argument("--resp-secmode-clear", type=lambda s: int(s, 16), default=0)
    ap.add_argument("--resp-caps-xor", type=lambda s: int(s, 16), default=0)
    ap.add_argument("--resp-dialect", type=lambda s: int(s, 16))
    ap.add_argument("--resp-cipher", type=lambda s: int(s, 16))
    ap.add_argument("--resp-guid", type=uuid.UUID)
    ap.add_argument("--port", type=int, default=445)
    a = ap.parse_args()
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.setsockopt(socket.SOL_IP, IP_TRANSPARENT, 1)
    ls.bind(("0.0.0.0", a.port))
    ls.listen(64)
    print("listening", flush=True)
    while True:
        c, peer = ls.accept()
        threading.Thread(target=serve, args=(c, peer, a), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
