#!/usr/bin/env python3
"""redis-proxy.py - a TCP proxy in front of redis that fakes an outage.

usage: redis-proxy.py LISTEN_PORT REDIS_PORT K DOWN_SECONDS READY_FILE

Relays between clients and 127.0.0.1:REDIS_PORT.  Once K replies have been
relayed, the next command is not forwarded: every connection is closed and
nothing listens for DOWN_SECONDS (connects are refused, as when the server
is killed), then relaying resumes.  One outage only.  Commands are
answered one at a time by smbneg, so each reply is one "\\r\\n"-terminated
line (RPUSH/LPUSH/PUBLISH reply with an integer).
"""
import select
import socket
import sys
import time


def listener(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(8)
    return s


def main():
    port, rport, k, down = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    lst = listener(port)
    open(sys.argv[5], "w").close()
    pairs = []  # [client, upstream]
    relayed = 0
    outage_done = False
    while True:
        socks = [lst] + [s for p in pairs for s in p]
        ready, _, _ = select.select(socks, [], [], 0.5)
        for s in ready:
            if s is lst:
                c, _ = lst.accept()
                pairs.append([c, socket.create_connection(("127.0.0.1", rport))])
                continue
            pair = next((p for p in pairs if s in p), None)
            if pair is None:
                continue
            c, u = pair
            data = s.recv(1 << 16)
            if not data:
                c.close()
                u.close()
                pairs.remove(pair)
            elif s is c and not outage_done and relayed >= k:
                for p in pairs:
                    p[0].close()
                    p[1].close()
                pairs = []
                lst.close()
                time.sleep(down)
                lst = listener(port)
                outage_done = True
                break
            elif s is c:
                u.sendall(data)
            else:
                relayed += data.count(b"\r\n")
                c.sendall(data)


if __name__ == "__main__":
    main()
