#!/bin/sh
# run-flow-test.sh - flows (automake TESTS): a 4-tuple reused after FIN or
# RST is a new flow and every negotiation on it is decoded; a request with a
# hole whose response came gets a stream.reassembly_gap anomaly.  The
# captures are built here from the lab captures (tests/flow/build-captures.py
# says how); the expected counts are tshark's: on the reused captures
# directly (tshark splits a reused port when the ISN changes), on the loops
# (the same ISN again, which tshark merges) the copies times tshark's count
# for the original capture.
#
# Environment: srcdir (set by make check), SMBNEG (default ./smbneg).
# Exit: 0 pass, 1 fail, 77 skip (no tshark or python3), 99 error.
set -u
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
smbneg=${SMBNEG:-./smbneg}
lab=$top/tests/captures/lab
[ -x "$smbneg" ] || { echo "ERROR: $smbneg not found"; exit 99; }
command -v tshark > /dev/null 2>&1 || { echo "SKIP: tshark is not installed"; exit 77; }
command -v python3 > /dev/null 2>&1 || { echo "SKIP: python3 is not installed"; exit 77; }
t=$(mktemp -d "${TMPDIR:-/tmp}/smbneg-flow.XXXXXX") || exit 99
trap 'rm -rf "$t"' EXIT
python3 "$top/tests/flow/build-captures.py" "$lab" "$t" || exit 99

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; }
# tshark_count FILE REQ|RESP: SMB2 NEGOTIATE requests or responses tshark decodes
tshark_count() {
    r=0; [ "$2" = RESP ] && r=1
    tshark -r "$1" -Y "smb2.cmd == 0 && smb2.flags.response == $r" 2> /dev/null | wc -l
}
# summary FILE: "SMB REQ RESP FLOWS GAPS" from smbneg's EVE of FILE: smb
# records, those with the request, with the response, distinct flow ids,
# stream.reassembly_gap anomalies
summary() {
    "$smbneg" -r "$1" -l - 2> /dev/null | python3 -c '
import json, sys
recs = [json.loads(line) for line in sys.stdin]
smb = [r for r in recs if r["event_type"] == "smb"]
print(len(smb), sum("client_dialects" in r["smb"] for r in smb),
      sum("dialect" in r["smb"] for r in smb), len({r["flow_id"] for r in smb}),
      sum(r["event_type"] == "anomaly" and r["anomaly"]["event"] == "stream.reassembly_gap"
          for r in recs))'
}
# expect_all NAME FILE REQ RESP FLOWS: every negotiation decoded, one flow each, no gap
expect_all() {
    got=$(summary "$2")
    want="$4 $3 $4 $5 0"
    if [ "$got" = "$want" ]; then
        ok "$1: $4 negotiations, request and response each, $5 flows (smbneg: $got)"
    else
        ko "$1: smb records, with request, with response, flows, gaps: got '$got', want '$want'"
    fi
}

# A 4-tuple reused with a new ISN: tshark's counts.
for c in reuse-fin reuse-rst; do
    req=$(tshark_count "$t/$c.pcap" REQ); resp=$(tshark_count "$t/$c.pcap" RESP)
    [ "$req" -eq 4 ] && [ "$resp" -eq 4 ] || ko "$c: tshark decodes $req requests, $resp responses (4 expected)"
    expect_all "$c (4 connections, 4-tuple reused within 1 s, new ISN)" "$t/$c.pcap" "$req" "$resp" 4
done

# The same capture again and again (the same ISN: a replay loop).
one=$(tshark_count "$lab/default-3.1.1.pcap" RESP)
expect_all "loop-fin (default-3.1.1 4 times, 0.5 s apart)" "$t/loop-fin.pcap" \
    $((4 * one)) $((4 * one)) $((4 * one))
many=$(tshark_count "$lab/many-flows.pcap" RESP)
[ "$many" -eq 40 ] || ko "many-flows.pcap: tshark decodes $many responses (40 expected)"
expect_all "loop-many (many-flows 3 times, 0.1 s apart)" "$t/loop-many.pcap" \
    $((3 * many)) $((3 * many)) $((3 * many))

# A request with a hole, then the complete response: the response is
# decoded (as tshark does), the request is not (tshark neither), and the
# gap is reported.
for c in hole-middle hole-tail; do
    req=$(tshark_count "$t/$c.pcap" REQ); resp=$(tshark_count "$t/$c.pcap" RESP)
    got=$(summary "$t/$c.pcap")
    if [ "$req" -eq 0 ] && [ "$resp" -eq 1 ] && [ "$got" = "1 0 1 1 1" ]; then
        ok "$c: the response decoded, no request, one stream.reassembly_gap (smbneg: $got)"
    else
        ko "$c: tshark $req requests, $resp responses; smbneg smb/req/resp/flows/gaps '$got' (want '1 0 1 1 1')"
    fi
done
# The gap record comes from the packet that ended the negotiation.
"$smbneg" -r "$t/hole-middle.pcap" -l - 2> /dev/null > "$t/hole.eve"
resp_frame=$(tshark -r "$t/hole-middle.pcap" -Y 'smb2.cmd == 0 && smb2.flags.response == 1' \
    -T fields -e frame.number 2> /dev/null)
if grep '"stream.reassembly_gap"' "$t/hole.eve" | grep -q "\"pcap_cnt\":$resp_frame,"; then
    ok "hole-middle: the gap anomaly names the response's frame ($resp_frame)"
else
    ko "hole-middle: no gap anomaly at frame $resp_frame"; grep anomaly "$t/hole.eve"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
