#!/usr/bin/env python3
"""The posture page as a user sees it: rendered by headless Chromium.

usage: check-render.py PAGE.html WORKDIR [SCREENSHOT_COPY]

Checks the rendered DOM (charts with bars, one row per host as in the
page), the screenshot's pixels (not blank: a share of it is drawn), and
Chromium's NetLog: the page loads nothing but itself."""
import json
import os
import re
import struct
import subprocess
import sys
import zlib


def chromium():
    for c in ("chromium", "chromium-browser", "google-chrome"):
        for d in os.environ.get("PATH", "").split(":"):
            if os.access(os.path.join(d, c), os.X_OK):
                return os.path.join(d, c)
    return None


def png_pixels(path):
    """(width, height, share of pixels that are not white) of an 8-bit RGB(A) PNG."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, w, h, bpp = 8, b"", 0, 0, 3
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), f"PNG type {ctype}/{depth}"
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    drawn = 0
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        for x in range(0, stride, bpp):
            if line[x] < 240 or line[x + 1] < 240 or line[x + 2] < 240:
                drawn += 1
        prev = line
    return w, h, drawn / float(w * h)


def page_fetches(netlog):
    """URLs a page asked for (requests whose initiator is a page's origin:
    "null" for file pages), other than file:// ones; Chromium's own
    background requests have the initiator "not an origin".  None when
    there is no NetLog."""
    if not os.path.exists(netlog):
        return None
    try:
        events = json.load(open(netlog, encoding="utf-8", errors="replace")).get("events", [])
    except ValueError:  # a NetLog cut short still has its events: read them line by line
        events = []
        for line in open(netlog, encoding="utf-8", errors="replace"):
            line = line.strip().rstrip(",")
            if line.startswith("{") and '"url"' in line:
                try:
                    events.append(json.loads(line))
                except ValueError:
                    pass
    out = set()
    for e in events:
        p = e.get("params") or {}
        url, init = p.get("url"), p.get("initiator")
        if url and init is not None and init != "not an origin" and not url.startswith("file://"):
            out.add(url)
    return sorted(out)


def main():
    page, work = os.path.abspath(sys.argv[1]), sys.argv[2]
    chrome = chromium()
    if not chrome:
        print("SKIP: no chromium (scripts/setup.sh installs Debian's chromium)")
        return 77
    url = "file://" + page
    common = [chrome, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
              "--disable-extensions", "--disable-background-networking",
              f"--user-data-dir={work}/profile"]
    shot, netlog = os.path.join(work, "page.png"), os.path.join(work, "net.json")
    subprocess.run(common + ["--window-size=1280,2400", f"--screenshot={shot}",
                             f"--log-net-log={netlog}", url],
                   capture_output=True, timeout=120)
    dom = subprocess.run(common + ["--dump-dom", url], capture_output=True, text=True,
                         timeout=120).stdout
    html = open(page, encoding="utf-8").read()
    bad = []

    def check(ok, what):
        print(("PASS " if ok else "FAIL ") + what)
        if not ok:
            bad.append(what)

    check("<svg" in dom and dom.count('class="bar"') >= 5, "the rendered DOM has the charts' bars")
    rows = len(re.findall(r'<tr class="host', html))
    check(rows > 0 and len(re.findall(r'<tr class="host', dom)) == rows,
          f"the rendered DOM has the {rows} host rows")
    check(os.path.exists(shot), "a screenshot was taken")
    if os.path.exists(shot):
        w, h, share = png_pixels(shot)
        check(w == 1280 and share > 0.02, f"the screenshot is drawn ({w}x{h}, {share:.1%} not white)")
        if len(sys.argv) > 3:
            import shutil
            shutil.copyfile(shot, sys.argv[3])
    fetched = page_fetches(netlog)
    check(fetched is not None, "Chromium wrote its NetLog")
    check(fetched == [], f"the page makes no request ({(fetched or [])[:5]})")
    # the same check must see a page that does fetch (a canary, so the
    # check above cannot pass by accident)
    canary = os.path.join(work, "canary.html")
    with open(canary, "w") as f:
        f.write('<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/x.png"></body></html>')
    cnet = os.path.join(work, "canary-net.json")
    subprocess.run(common + [f"--screenshot={work}/canary.png", f"--log-net-log={cnet}",
                             "file://" + canary], capture_output=True, timeout=120)
    seen = page_fetches(cnet) or []
    check(any(u.startswith("http://127.0.0.1:9/") for u in seen),
          "the same NetLog check sees a page that fetches an image")
    print(f"{len(bad)} failed" if bad else "all passed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
