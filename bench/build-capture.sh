#!/bin/bash
# Build the benchmark capture as ../shared/bench/README.md describes (root;
# samba, smbclient, tcpdump, tcpreplay, wireshark-common, python3-impacket,
# curl, ethtool, bc; two private network namespaces).
# Usage: build-capture.sh OUTDIR   -> OUTDIR/bench.pcap
set -eu
shared=$(cd "$(dirname "$0")/../../shared" && pwd)
out=$(realpath -m "${1:?usage: build-capture.sh OUTDIR}")
mkdir -p "$out"
if ! command -v smbd >/dev/null || ! command -v mergecap >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q && apt-get install -y -q samba smbclient tcpdump tcpreplay wireshark-common \
        python3-impacket curl ethtool bc iproute2
fi
[ -f "$out/lab/bulk.pcap" ] || bash "$shared/tools/smblab/gen.sh" "$out/lab"
[ -f "$out/http.pcap" ] || bash "$shared/bench/http-capture.sh" "$out/http.pcap"
(cd "$shared/bench" && bash make-bench.sh "$out/lab" "$out/http.pcap" "$out/bench.pcap")
