#!/usr/bin/env python3
"""listen.py - a unix socket listener for the EVE output tests.

usage: listen.py stream|dgram SOCKET OUT [--syslog]

Binds SOCKET, then appends every record received to OUT, one per line:
stream connections are read as lines (a torn last line of a connection is
dropped, as a line reader does); each datagram is one record (--syslog: the
"<PRI>Mmm dd hh:mm:ss ident[pid]: " prefix is checked, written to OUT.hdr,
and stripped).  Runs until SIGTERM, then flushes and exits 0.
"""
import os
import re
import selectors
import signal
import socket
import sys

SYSLOG_RE = re.compile(rb"^<(\d+)>([A-Z][a-z]{2} [ 1-3]\d \d\d:\d\d:\d\d) ([^\[]+)\[(\d+)\]: ")


def main():
    kind, path, out_path = sys.argv[1:4]
    syslog = "--syslog" in sys.argv[4:]
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    if os.path.exists(path):
        os.unlink(path)
    out = open(out_path, "wb", buffering=0)
    hdr = open(out_path + ".hdr", "w") if syslog else None
    sel = selectors.DefaultSelector()
    if kind == "stream":
        srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        srv.bind(path)
        srv.listen(16)
    else:
        srv = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        srv.bind(path)
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    srv.setblocking(False)
    sel.register(srv, selectors.EVENT_READ)
    bufs = {}
    open(out_path + ".ready", "w").close()
    idle = 0
    while not stop or idle < 3:  # after SIGTERM: until nothing more arrives
        events = sel.select(timeout=0.1)
        idle = 0 if events else idle + 1
        for key, _ in events:
            s = key.fileobj
            if kind == "stream" and s is srv:
                c, _ = srv.accept()
                c.setblocking(False)
                bufs[c] = b""
                sel.register(c, selectors.EVENT_READ)
            elif kind == "stream":
                data = s.recv(1 << 16)
                if not data:
                    sel.unregister(s)
                    s.close()
                    del bufs[s]  # a torn last line is dropped
                    continue
                bufs[s] += data
                *lines, bufs[s] = bufs[s].split(b"\n")
                for line in lines:
                    out.write(line + b"\n")
            else:
                while True:
                    try:
                        data = srv.recv(1 << 20)
                    except BlockingIOError:
                        break
                    if syslog:
                        m = SYSLOG_RE.match(data)
                        if not m:
                            hdr.write("BAD %r\n" % data[:80])
                            continue
                        hdr.write("%s %s %s\n" % (m.group(1).decode(), m.group(3).decode(),
                                                  m.group(4).decode()))
                        data = data[m.end():]
                    out.write(data + b"\n")
    out.close()
    if hdr:
        hdr.close()


if __name__ == "__main__":
    main()
