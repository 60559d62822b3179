#!/bin/sh
# make-seeds.sh - build seed corpora for the fuzz targets from the test
# captures, rule files and policies (doc/fuzzing.md).
#
#   fuzz/make-seeds.sh [OUTDIR]      (default: fuzz/seeds, not in git)
#
# OUTDIR/fuzz_packet/      one seed per capture: the fuzz_packet record format
#                          (link-type byte, then LE16 caplen + 1-byte time step
#                          + bytes per record), first 64 records
# OUTDIR/fuzz_smb_stream/  one seed per TCP stream and split schedule: the
#                          reassembled client and server bytes (tshark's
#                          follow,tcp,raw) in fuzz_smb_stream's layout
# OUTDIR/fuzz_rule/        one rule (or threshold/suppress line) per seed
# OUTDIR/fuzz_policy/      etc/smbneg.yaml and the test policies
# OUTDIR/fuzz_gss/         every distinct SMB2 SESSION_SETUP security buffer
#                          (tshark's smb2.security_blob) of the test captures
# Needs python3; tshark for the stream seeds (skipped without it).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/fuzz/seeds}
mkdir -p "$out/fuzz_packet" "$out/fuzz_smb_stream" "$out/fuzz_rule" "$out/fuzz_policy" \
    "$out/fuzz_gss"

caps=$(find "$top/tests/captures" "$top/tests/data" -type f \( -name '*.pcap' -o -name '*.pcapng' \) | sort)

# ---- fuzz_packet and fuzz_smb_stream
python3 - "$out" $caps <<'EOF'
import os, re, struct, subprocess, sys, shutil
out, caps = sys.argv[1], sys.argv[2:]
# fuzz_packet.c's link-type table
LINK_INDEX = {1: 0, 113: 1, 276: 2, 0: 3, 101: 4, 108: 5, 228: 6, 229: 7, 12: 4, 14: 4}

def pcap_records(path):
    """(linktype, [(ts_sec, bytes)]) of a classic pcap; None otherwise."""
    data = open(path, 'rb').read()
    if len(data) < 24:
        return None
    magic = data[:4]
    if magic in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1'):
        e = '<'
    elif magic in (b'\xa1\xb2\xc3\xd4', b'\xa1\xb2\x3c\x4d'):
        e = '>'
    else:
        return None
    lt = struct.unpack(e + 'I', data[20:24])[0] & 0xffff
    recs, off = [], 24
    while off + 16 <= len(data):
        sec, _, incl, _ = struct.unpack(e + 'IIII', data[off:off + 16])
        off += 16
        if incl > len(data) - off:
            break
        recs.append((sec, data[off:off + incl]))
        off += incl
    return lt, recs

def packet_seed(path):
    r = pcap_records(path)
    if r is None:  # pcapng: convert with editcap when it is there
        if not shutil.which('editcap'):
            return None
        tmp = os.path.join(out, '.tmp.pcap')
        subprocess.run(['editcap', '-F', 'pcap', path, tmp], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        r = pcap_records(tmp)
        os.unlink(tmp)
        if r is None:
            return None
    lt, recs = r
    if lt not in LINK_INDEX:
        return None
    seed, prev = bytearray([LINK_INDEX[lt]]), None
    for sec, b in recs[:64]:
        b = b[:65535]
        dt = 0 if prev is None else max(0, min(255, sec - prev))
        prev = sec
        seed += struct.pack('<HB', len(b), dt) + b
    return bytes(seed)

def streams(path):
    """[(client_bytes, server_bytes)] per TCP stream, via tshark."""
    if not shutil.which('tshark'):
        return []
    ids = subprocess.run(['tshark', '-r', path, '-T', 'fields', '-e', 'tcp.stream'],
                         capture_output=True, text=True).stdout.split()
    res = []
    for sid in sorted(set(ids), key=int)[:8]:
        txt = subprocess.run(['tshark', '-r', path, '-q', '-z', 'follow,tcp,raw,' + sid],
                             capture_output=True, text=True).stdout
        cli, srv, body = bytearray(), bytearray(), False
        for line in txt.splitlines():
            if line.startswith('Node 1:'):
                body = True
                continue
            if not body or line.startswith('='):
                continue
            h = line.strip()
            if not re.fullmatch(r'[0-9a-fA-F]+', h or 'x'):
                continue
            (srv if line.startswith('\t') else cli).extend(bytes.fromhex(h))
        if cli or srv:
            res.append((bytes(cli[:8192]), bytes(srv[:8192])))
    return res

n_pkt = n_str = 0
for path in caps:
    name = os.path.basename(path).rsplit('.', 1)[0]
    s = packet_seed(path)
    if s:
        open(os.path.join(out, 'fuzz_packet', name), 'wb').write(s)
        n_pkt += 1
    for i, (cli, srv) in enumerate(streams(path)):
        for flags, sched in ((0x00, 0), (0x00, 7), (0x10, 200), (0x04, 31)):
            seed = bytes([flags, sched, 0]) + struct.pack('<H', len(cli)) + cli + srv
            fn = '%s-s%d-f%02x-%d' % (name, i, flags, sched)
            open(os.path.join(out, 'fuzz_smb_stream', fn), 'wb').write(seed)
            n_str += 1
print('fuzz_packet: %d seeds, fuzz_smb_stream: %d seeds' % (n_pkt, n_str))
EOF

# ---- fuzz_rule: one rule / threshold line per seed
n=0
for f in "$top"/rules/*.rules $(find "$top/tests" -name '*.rules' | sort); do
    grep -v '^[[:space:]]*\(#\|$\)' "$f" | while IFS= read -r line; do
        n=$((n + 1))
        printf '%s\n' "$line" > "$out/fuzz_rule/$(basename "$f" .rules)-$(printf '%s' "$line" | cksum | cut -d' ' -f1)"
    done
done
printf '%s\n' 'threshold gen_id 1, sig_id 2100001, type limit, track by_src, count 1, seconds 60' \
    > "$out/fuzz_rule/threshold-limit"
printf '%s\n' 'suppress gen_id 1, sig_id 2100002, track by_dst, ip [10.0.0.0/8,!10.1.0.0/16]' \
    > "$out/fuzz_rule/suppress-ip"
printf '%s\n' 'config classification: smb-downgrade,SMB dialect downgrade,2' \
    > "$out/fuzz_rule/classification"
echo "fuzz_rule: $(ls "$out/fuzz_rule" | wc -l) seeds"

# ---- fuzz_policy
cp "$top/etc/smbneg.yaml" "$out/fuzz_policy/smbneg.yaml"
for f in $(find "$top/tests" -name 'policy*.yaml' | sort); do
    cp "$f" "$out/fuzz_policy/$(echo "${f#$top/tests/}" | tr '/' '_')"
done
echo "fuzz_policy: $(ls "$out/fuzz_policy" | wc -l) seeds"

# ---- fuzz_gss
if command -v tshark >/dev/null 2>&1; then
    for f in $caps; do
        tshark -r "$f" -o tcp.reassemble_out_of_order:TRUE -Y 'smb2.cmd == 1 && smb2.security_blob' \
            -T fields -e smb2.security_blob 2>/dev/null
    done | tr ',;' '\n\n' | grep -E '^([0-9a-f]{2})+$' | sort -u | while IFS= read -r hex; do
        printf '%s' "$hex" | python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.stdin.read()))' \
            > "$out/fuzz_gss/$(printf '%s' "$hex" | cksum | cut -d' ' -f1)"
    done
fi
echo "fuzz_gss: $(ls "$out/fuzz_gss" | wc -l) seeds"
