#!/usr/bin/env python3
"""Malformed capture corpus (doc/fuzzing.md): generated deterministically at
test time, each file run through smbneg on its own.

  run-malformed.py SMBNEG TOP_SRCDIR [--keep DIR]

Families:
  mut-*    test captures with bytes corrupted by `editcap -E P --seed S`
           (packet data only; record headers intact)
  cut-*    a capture cut at many offsets: inside the file header, inside
           record headers, inside record data
  junk-*   random bytes, an empty file, text, hostile pcap/pcapng headers
           (snaplen 0x7fffffff, caplen 0xffffffff, bogus block lengths),
           corrupt and truncated gzip

Every file must give exit status 0 or 1 (1 with an error line naming the
file), no signal, no sanitizer report, peak RSS within the bound, and an
eve.json of valid JSON objects one per line.  A mutated capture keeps its
record headers, so it must read to the end: exit 0 and the final stats
record written."""
import gzip
import json
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile

RSS_LIMIT_KIB = 64 * 1024


def le_pcap_header(snaplen=65535, linktype=1, magic=0xA1B2C3D4):
    return struct.pack('<IHHiIII', magic, 2, 4, 0, 0, snaplen, linktype)


def record(data, caplen=None, wirelen=None, sec=1700000000, usec=0):
    n = len(data)
    return struct.pack('<IIII', sec, usec, n if caplen is None else caplen,
                       n if wirelen is None else wirelen) + data


def record_offsets(blob):
    """Offsets of the record headers of a little- or big-endian pcap."""
    e = '<' if blob[:4] in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1') else '>'
    offs, off = [], 24
    while off + 16 <= len(blob):
        offs.append(off)
        incl = struct.unpack(e + 'I', blob[off + 8:off + 12])[0]
        off += 16 + incl
    return offs


def gen_mutated(top, out, have_editcap):
    """editcap -E with fixed seeds: corrupt bytes inside packets."""
    files = []
    if not have_editcap:
        return files
    caps = ['captures/lab/default-3.1.1.pcap', 'captures/lab/impacket-default.pcap',
            'captures/lab/ipv6.pcap', 'captures/generated/tiny-segments.pcap',
            'captures/generated/impacket-smb1.pcap', 'captures/generated/cooked-v1.pcap',
            'captures/generated/reordered-retrans.pcap', 'data/v4-sll2.pcap',
            'data/v6-null-le.pcap', 'data/v4-raw.pcap']
    for c in caps:
        src = os.path.join(top, 'tests', c)
        if not os.path.exists(src):
            continue
        base = os.path.basename(c).rsplit('.', 1)[0]
        for seed, p in ((1, '0.02'), (2, '0.02'), (3, '0.02'), (4, '0.1'), (5, '0.3')):
            dst = os.path.join(out, 'mut-%s-E%s-s%d.pcap' % (base, p, seed))
            subprocess.run(['editcap', '-E', p, '--seed', str(seed), src, dst], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            files.append(dst)
    return files


def gen_cut(top, out):
    """One capture cut everywhere interesting, another at a stride."""
    files = []
    src = open(os.path.join(top, 'tests/captures/lab/default-3.1.1.pcap'), 'rb').read()
    offs = set(range(0, 25))                      # inside / at the end of the file header
    for r in record_offsets(src)[:12]:
        offs.update(range(r + 1, r + 16))         # inside a record header
        offs.add(r + 16 + 7)                      # inside the record's data
    offs.update(range(0, len(src), 211))
    for o in sorted(offs):
        if o >= len(src):
            continue
        dst = os.path.join(out, 'cut-default-3.1.1-%05d.pcap' % o)
        open(dst, 'wb').write(src[:o])
        files.append(dst)
    ng = os.path.join(top, 'tests/data/v6-sll2.pcapng')
    if os.path.exists(ng):
        blob = open(ng, 'rb').read()
        for o in list(range(0, 40, 3)) + list(range(40, len(blob), 97)):
            dst = os.path.join(out, 'cut-v6-sll2-%05d.pcapng' % o)
            open(dst, 'wb').write(blob[:o])
            files.append(dst)
    gz = gzip.compress(src, mtime=0)
    for o in (5, 10, 20, len(gz) // 2, len(gz) - 4):
        dst = os.path.join(out, 'cut-default-3.1.1-%05d.pcap.gz' % o)
        open(dst, 'wb').write(gz[:o])
        files.append(dst)
    return files


def gen_junk(top, out):
    rnd = random.Random(20261124)
    files = {}
    files['junk-empty.pcap'] = b''
    files['junk-text.pcap'] = b'this is not a capture file\nsecond line\n'
    for i, n in enumerate((1, 3, 24, 100, 4096, 65536)):
        files['junk-random-%d.pcap' % i] = bytes(rnd.getrandbits(8) for _ in range(n))
    tcp = bytes.fromhex('00112233445566778899aabb0800'
                        '450000280001000040060000c0a80001c0a80002'
                        'c00001bd00000001000000005002ffff00000000')
    files['junk-snaplen-7fffffff.pcap'] = le_pcap_header(snaplen=0x7fffffff) + record(tcp)
    files['junk-caplen-ffffffff.pcap'] = (le_pcap_header(snaplen=0x7fffffff) +
                                          record(tcp) + record(tcp, caplen=0xffffffff))
    files['junk-caplen-gt-snaplen.pcap'] = le_pcap_header(snaplen=64) + record(tcp * 4)
    files['junk-caplen-gt-wirelen.pcap'] = le_pcap_header() + record(tcp, wirelen=10)
    files['junk-caplen-zero.pcap'] = le_pcap_header() + record(b'') * 3 + record(tcp)
    files['junk-snaplen-zero.pcap'] = le_pcap_header(snaplen=0) + record(tcp)
    files['junk-linktype-unknown.pcap'] = le_pcap_header(linktype=0xfffe) + record(tcp)
    files['junk-version-99.pcap'] = struct.pack('<IHHiIII', 0xA1B2C3D4, 99, 0, 0, 0,
                                                65535, 1) + record(tcp)
    files['junk-nsec-bad-usec.pcap'] = (le_pcap_header(magic=0xA1B23C4D) +
                                        record(tcp, usec=0xffffffff))
    files['junk-big-endian-caplen-huge.pcap'] = (
        struct.pack('>IHHiIII', 0xA1B2C3D4, 2, 4, 0, 0, 0x7fffffff, 1) +
        struct.pack('>IIII', 0, 0, 0xfffffff0, 0xfffffff0) + tcp)
    shb = struct.pack('<IIIHHq', 0x0A0D0D0A, 28, 0x1A2B3C4D, 1, 0, -1) + struct.pack('<I', 28)
    idb = struct.pack('<IIHHI', 1, 20, 1, 0, 65535) + struct.pack('<I', 20)
    files['junk-pcapng-shb-len-huge.pcapng'] = (
        struct.pack('<IIIHHq', 0x0A0D0D0A, 0xfffffff0, 0x1A2B3C4D, 1, 0, -1) + b'\0' * 64)
    files['junk-pcapng-shb-len-7.pcapng'] = (
        struct.pack('<IIIHHq', 0x0A0D0D0A, 7, 0x1A2B3C4D, 1, 0, -1) + b'\0' * 64)
    epb_bad = struct.pack('<IIIIIII', 6, 0x7ffffff0, 0, 0, 0, 40, 40) + tcp[:40]
    files['junk-pcapng-epb-len-huge.pcapng'] = shb + idb + epb_bad
    epb_cap = struct.pack('<IIIIIII', 6, 32 + 40, 0, 0, 0, 0xffffffff, 40) + tcp[:40] + \
        struct.pack('<I', 32 + 40)
    files['junk-pcapng-epb-caplen-huge.pcapng'] = shb + idb + epb_cap
    files['junk-pcapng-no-idb.pcapng'] = shb + struct.pack('<IIIIIII', 6, 72, 3, 0, 0, 40, 40) \
        + tcp[:40] + struct.pack('<I', 72)
    good = open(os.path.join(top, 'tests/captures/lab/default-3.1.1.pcap'), 'rb').read()
    gz = bytearray(gzip.compress(good, mtime=0))
    for i in range(len(gz) // 3, len(gz) // 3 + 16):
        gz[i] ^= 0x5a
    files['junk-gzip-corrupt.pcap.gz'] = bytes(gz)
    files['junk-gzip-random.pcap.gz'] = gzip.compress(bytes(rnd.getrandbits(8)
                                                            for _ in range(5000)), mtime=0)
    files['junk-gzip-header-only.pcap.gz'] = b'\x1f\x8b\x08\x00' + b'\0' * 6
    files['junk-gzip-bomb-zeros.pcap.gz'] = gzip.compress(b'\0' * (8 << 20), mtime=0)
    paths = []
    for name, data in sorted(files.items()):
        p = os.path.join(out, name)
        open(p, 'wb').write(data)
        paths.append(p)
    return paths


def main():
    smbneg, top = sys.argv[1], sys.argv[2]
    keep = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == '--keep' else None
    tmp = tempfile.mkdtemp(prefix='smbneg-malformed.')
    try:
        corpus = keep or os.path.join(tmp, 'corpus')
        os.makedirs(corpus, exist_ok=True)
        logdir = os.path.join(tmp, 'log')
        os.makedirs(logdir)
        have_editcap = shutil.which('editcap') is not None
        files = gen_mutated(top, corpus, have_editcap) + gen_cut(top, corpus) + \
            gen_junk(top, corpus)
        # A sanitizer build maps shadow memory: bound the growth over a
        # clean run of the same binary instead of the absolute RSS.
        base = subprocess.run([smbneg, '-r', os.path.join(top, 'tests/captures/lab/'
                               'default-3.1.1.pcap'), '-l', logdir], capture_output=True)
        base_rss = resource_children_max()
        asan = b'__asan_init' in open(smbneg, 'rb').read()
        limit = base_rss + RSS_LIMIT_KIB if asan else RSS_LIMIT_KIB
        if base.returncode != 0:
            print('FAIL baseline run: exit %d' % base.returncode)
            return 1
        fail = 0
        counts = {'mut': 0, 'cut': 0, 'junk': 0}
        exits = {0: 0, 1: 0}
        peak = 0
        for p in files:
            why, n, rc, rss = run_one_rss(smbneg, p, logdir)
            peak = max(peak, rss)
            name = os.path.basename(p)
            if why is None and rss > limit:
                why = 'peak RSS %d KiB > %d KiB' % (rss, limit)
            if why is None and name.startswith('mut-') and (rc != 0 or n == 0):
                why = 'mutated capture: exit %d, %d stats record(s); want 0 and 1' % (rc, n)
            if why:
                fail += 1
                print('FAIL %s: %s' % (name, why))
            else:
                counts[name.split('-')[0]] += 1
                exits[rc] += 1
        print('malformed: %d files (%d mutated, %d cut, %d junk) passed, %d failed; '
              'exit 0: %d, exit 1: %d; peak RSS %d KiB (limit %d KiB)%s'
              % (sum(counts.values()), counts['mut'], counts['cut'], counts['junk'], fail,
                 exits[0], exits[1], peak, limit, '' if have_editcap else
                 '; editcap missing: no mutated captures'))
        if counts['cut'] == 0 or counts['junk'] == 0:
            return 1
        return 1 if fail else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def resource_children_max():
    import resource
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def run_one_rss(smbneg, path, logdir):
    """(why, stats records in eve.json, exit status, peak RSS KiB) of one run."""
    for f in os.listdir(logdir):
        os.unlink(os.path.join(logdir, f))
    with open(os.path.join(logdir, '.stderr'), 'w+b') as ef:
        proc = subprocess.Popen([smbneg, '-r', path, '-l', logdir],
                                stdout=subprocess.DEVNULL, stderr=ef)
        try:
            _, status, ru = os.wait4(proc.pid, 0)
        except ChildProcessError:
            return 'lost the child', 0, -1, 0
        proc.returncode = os.waitstatus_to_exitcode(status)
        ef.seek(0)
        err = ef.read().decode('utf-8', 'replace')
    os.unlink(os.path.join(logdir, '.stderr'))
    rc = proc.returncode
    rss = ru.ru_maxrss
    if rc < 0:
        return 'killed by signal %d' % -rc, 0, rc, rss
    if 'Sanitizer' in err or 'runtime error:' in err:
        return 'sanitizer report: ' + err[:400], 0, rc, rss
    if rc not in (0, 1):
        return 'exit status %d: %s' % (rc, err[:300]), 0, rc, rss
    if rc == 1:
        lines = [l for l in err.splitlines() if ': error: ' in l]
        if len(lines) != 1 or path not in lines[0]:
            return 'exit 1 without one error line naming the file: %r' % err[:300], 0, rc, rss
    eve = os.path.join(logdir, 'eve.json')
    n = 0
    if os.path.exists(eve):
        for i, line in enumerate(open(eve, 'rb')):
            try:
                o = json.loads(line)
            except ValueError as ex:
                return 'eve.json line %d is not JSON (%s)' % (i + 1, ex), n, rc, rss
            if not isinstance(o, dict) or 'event_type' not in o or 'timestamp' not in o:
                return 'eve.json line %d is not an EVE record' % (i + 1), n, rc, rss
            n += o['event_type'] == 'stats'
    return None, n, rc, rss


if __name__ == '__main__':
    sys.exit(main())
