#!/bin/sh
# run-sqlite-test.sh - the SQLite baseline store (automake TESTS): a run
# learns into --baseline FILE, the sqlite3 CLI reads the tables, a second
# run (a restart) alerts from what the first learnt, a run killed with
# SIGKILL in the middle leaves a consistent store that the next run uses
# (losing at most the batch not yet committed), and one stopped by SIGTERM
# commits everything it logged; a store of schema version 1 gets the
# columns added since.
# Expected values are tshark's (tests/captures/lab/oracle/*.jsonl).
set -u
. "$(dirname "$0")/../outputs/common.sh"
command -v sqlite3 >/dev/null || { echo "SKIP: no sqlite3 (apt-get install sqlite3)"; exit 77; }
db=$t/base.sqlite
q() { sqlite3 "$db" "$1"; }
oracle=$top/tests/captures/lab/oracle

# ---- learn: two captures where 10.77.0.2 chooses 3.1.1 with AES-128-GCM
"$smbneg" --baseline "$db" -r "$caps/default-3.1.1.pcap" -r "$caps/segmented.pcap" -l "$t" \
    2> "$t/learn.err"
check "learn run exits 0" [ $? -eq 0 ]
# tshark: the responses' dialect 0x0311, cipher 0x0002, server GUID
sguid=$(jq -r 'select(.response) | .server_guid[0]' "$oracle/default-3.1.1.pcap.jsonl")
check "tshark: the two captures' server GUID is the same ($sguid)" \
    [ "$(jq -r 'select(.response) | .server_guid[0]' "$oracle/segmented.pcap.jsonl")" = "$sguid" ]
got=$(q "SELECT ip, negotiations, best_dialect, dialects, best_cipher, smb1, guids FROM servers")
check "servers row: $got" [ "$got" = "10.77.0.2|2|3.1.1|3.1.1|AES-128-GCM|0|$sguid" ]
got=$(q "SELECT negotiations, best_offered, offered FROM clients WHERE client = '10.77.0.1'")
check "client 10.77.0.1: $got" [ "$got" = "2|3.1.1|2.0.2,2.1,3.0,3.0.2,3.1.1" ]
for c in default-3.1.1 segmented; do
    g=$(jq -r 'select(.response | not) | .client_guid[0]' "$oracle/$c.pcap.jsonl")
    got=$(q "SELECT negotiations FROM clients WHERE client = 'guid:$g'")
    check "client GUID $g of $c: one negotiation" [ "$got" = 1 ]
done
check "first_seen/last_seen are the responses' packet times (tshark ts)" [ \
    "$(q "SELECT first_seen || ' ' || last_seen FROM servers")" = \
    "$(jq -r 'select(.response) | .ts | split(".")[0]' "$oracle/default-3.1.1.pcap.jsonl") $(jq -r 'select(.response) | .ts | split(".")[0]' "$oracle/segmented.pcap.jsonl")" ]
check "the database is in WAL mode" [ "$(q 'PRAGMA journal_mode')" = wal ]

# ---- smbneg hosts lists the file: one row per server and per client
got=$("$smbneg" hosts --baseline "$db" --format csv | grep '^server,')
check "hosts csv: $got" [ "$got" = \
    "server,10.77.0.2,$sguid,3.1.1,3.1.1,no,AES-128-GCM,no,2026-11-24T08:41:55Z,2026-11-24T08:42:19Z,2" ]
check "hosts: 1 server, 1 client IP and 2 client GUIDs" \
    [ "$("$smbneg" hosts --baseline "$db" --format json | jq -r .kind | sort | uniq -c | tr -s ' ' | tr '\n' ';')" = " 3 client; 1 server;" ]
check "hosts json: the client's best offer and count" [ \
    "$("$smbneg" hosts --baseline "$db" --format json | jq -c 'select(.host == "10.77.0.1") | [.best_dialect, .count, .signing_required]')" = '["3.1.1",2,false]' ]
check "hosts table: a header and 4 rows" \
    [ "$("$smbneg" hosts --baseline "$db" | awk 'NR == 1 { h = $1 " " $2 } END { print h, NR }')" = "kind host 5" ]
"$smbneg" hosts --baseline "$t/none.sqlite" > /dev/null 2> "$t/none.err"
st=$?
check "hosts on a missing file: exit 1, named, nothing created" \
    sh -c "[ $st -eq 1 ] && grep -q none.sqlite '$t/none.err' && [ ! -e '$t/none.sqlite' ]"
"$smbneg" hosts --format xml > /dev/null 2>&1
check "hosts --format xml: usage error (exit 2)" [ $? -eq 2 ]

# ---- restart: another process judges srv-max-2.0.2 against the file
mkdir "$t/judge"
"$smbneg" --baseline "$db" -r "$caps/srv-max-2.0.2.pcap" -l "$t/judge" 2> "$t/judge.err"
check "judge run exits 0" [ $? -eq 0 ]
ev=$(jq -c 'select(.event_type == "alert" and .alert.signature_id == 2260016) | .alert.baseline' \
    "$t/judge/eve.json")
check "dialect drop after a restart: $ev" [ "$ev" = \
    "{\"condition\":\"server-dialect-drop\",\"host\":\"10.77.0.2\",\"was\":\"3.1.1\",\"now\":\"2.0.2\",\"observations\":2,\"first_seen\":\"2026-11-24T08:41:55.000000+0000\",\"last_seen\":\"2026-11-24T08:42:19.000000+0000\"}" ]
check "the store learnt the third negotiation" \
    [ "$(q "SELECT negotiations || ' ' || best_dialect || ' ' || dialects FROM servers")" = "3 3.1.1 2.0.2,3.1.1" ]
mkdir "$t/mem"
"$smbneg" -r "$caps/srv-max-2.0.2.pcap" -l "$t/mem" 2> /dev/null
check "without --baseline the same capture alone does not alert (memory, empty)" \
    [ "$(grep -c '"signature_id":2260016' "$t/mem/eve.json")" -eq 0 ]

# ---- SIGKILL in the middle of a long run: a consistent store
"$python" "$top/tests/resource/gen-load.py" scale --flows 20000 --concurrency 200 \
    --source "$caps/default-3.1.1.pcap" -o "$t/load.pcap" > /dev/null
set --
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do set -- "$@" -r "$t/load.pcap"; done
kdb=$t/kill.sqlite
mkdir "$t/k"
"$smbneg" --baseline "$kdb" "$@" -l "$t/k" 2> /dev/null &
pid=$!
committed() { [ -e "$kdb" ] && [ "$(sqlite3 "$kdb" 'SELECT count(*) FROM clients' 2>/dev/null || echo 0)" -gt 0 ]; }
i=0
while ! committed && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
kill -9 "$pid"
wait "$pid"
st=$?
check "the run was killed in the middle (status $st = 128 + SIGKILL)" [ "$st" -eq 137 ]
check "integrity_check after SIGKILL: ok" [ "$(sqlite3 "$kdb" 'PRAGMA integrity_check')" = ok ]
n_srv=$(sqlite3 "$kdb" "SELECT negotiations FROM servers WHERE ip = '192.168.99.1'")
n_cli=$(sqlite3 "$kdb" "SELECT sum(negotiations) FROM clients WHERE client NOT LIKE 'guid:%'")
whole() { [ -n "$n_srv" ] && [ "$n_srv" = "$n_cli" ] && [ "$n_srv" -gt 0 ] && [ "$n_srv" -lt 400000 ]; }
check "the server's count ($n_srv) equals its clients' ($n_cli): whole negotiations, cut short" whole
"$smbneg" --baseline "$kdb" -r "$t/load.pcap" -l "$t/k" 2> /dev/null
check "the next run opens the killed store and adds its 20000 negotiations" \
    [ "$(sqlite3 "$kdb" "SELECT negotiations FROM servers WHERE ip = '192.168.99.1'")" -eq $((n_srv + 20000)) ]

# ---- SIGTERM in the middle: the run stops at a packet and commits what is
# pending (baseline.h: the batch is committed at exit), so the store holds
# every negotiation the run logged: one per smb record with a response.
tdb=$t/term.sqlite
mkdir "$t/term"
"$smbneg" --baseline "$tdb" "$@" -l "$t/term" 2> /dev/null &
pid=$!
committed() { [ -e "$tdb" ] && [ "$(sqlite3 "$tdb" 'SELECT count(*) FROM clients' 2>/dev/null || echo 0)" -gt 0 ]; }
i=0
while ! committed && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
kill -TERM "$pid"
wait "$pid"
st=$?
check "the run was stopped in the middle by SIGTERM (status $st = 143)" [ "$st" -eq 143 ]
n_srv=$(sqlite3 "$tdb" "SELECT negotiations FROM servers WHERE ip = '192.168.99.1'")
n_eve=$(jq -c 'select(.event_type == "smb" and .smb.negotiate.response)' "$t/term/eve.json" | wc -l)
check "after SIGTERM the store holds every negotiation logged ($n_srv = $n_eve), fewer than 400000" \
    sh -c "[ '$n_srv' = '$n_eve' ] && [ '$n_srv' -gt 0 ] && [ '$n_srv' -lt 400000 ]"

# ---- a store written before schema version 2 (no guidless_* columns):
# opened, the columns added, its rows kept and learnt on; GUID-less
# requests then fill the new columns (smb1-only: an SMB1-only request)
odb=$t/v1.sqlite
sqlite3 "$odb" "CREATE TABLE servers (ip TEXT PRIMARY KEY, negotiations INTEGER, first_seen INTEGER, last_seen INTEGER, best_dialect TEXT, dialects TEXT, smb2_responses INTEGER, signing_required INTEGER, best_cipher TEXT, ciphers TEXT, signing_algs TEXT, smb1 INTEGER, guids TEXT);
CREATE TABLE clients (client TEXT PRIMARY KEY, negotiations INTEGER, first_seen INTEGER, last_seen INTEGER, best_offered TEXT, offered TEXT, signing_required INTEGER, ciphers TEXT, contexts TEXT, guid TEXT);
INSERT INTO servers VALUES ('10.77.0.2', 5, 1795509000, 1795509100, '3.1.1', '3.1.1', 5, 0, 'AES-128-GCM', 'AES-128-GCM', 'AES-GMAC', 0, '$sguid');
INSERT INTO clients VALUES ('10.77.0.1', 5, 1795509000, 1795509100, '3.1.1', '3.1.1', 0, '', '', '');
PRAGMA user_version = 1;"
mkdir "$t/v1"
"$smbneg" --baseline "$odb" -r "$caps/smb1-only.pcap" -l "$t/v1" 2> "$t/v1.err"
st=$?
got=$(sqlite3 "$odb" "SELECT negotiations FROM servers WHERE ip = '10.77.0.2'")
check "a version 1 store is opened (exit $st) and learnt on: 5 + 1 = $got" \
    sh -c "[ $st -eq 0 ] && [ '$got' = 6 ]"
check "version 1 store: user_version 2, the guidless columns added" [ \
    "$(sqlite3 "$odb" "PRAGMA user_version; SELECT count(*) FROM pragma_table_info('clients') WHERE name LIKE 'guidless_%'" | tr '\n' ' ')" = "2 4 " ]
got=$(sqlite3 "$odb" "SELECT negotiations, guidless_negotiations, best_offered FROM clients WHERE client = '10.77.0.1'")
check "version 1 store: the SMB1-only request is the address's first GUID-less one ($got)" \
    [ "$got" = "6|1|3.1.1" ]

# ---- errors: an unusable file is a one-line error and exit 2
echo "not a database" > "$t/bad.sqlite"
"$smbneg" --baseline "$t/bad.sqlite" -r "$caps/default-3.1.1.pcap" -l "$t" 2> "$t/bad.err"
st=$?
check "a file that is not a database: exit 2 ($st), message names it" \
    sh -c "[ $st -eq 2 ] && grep -q 'bad.sqlite' '$t/bad.err'"
"$smbneg" -j 2 --baseline "$db" -r "$caps/default-3.1.1.pcap" -l "$t" 2> "$t/j.err"
st=$?
check "-j with a sqlite store is refused (exit $st)" sh -c "[ $st -eq 2 ] && grep -q -- '-j:' '$t/j.err'"
finish
