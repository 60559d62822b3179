#!/bin/sh
# The SIEM recipes of doc/siem.md, run against the real programs (automake
# TESTS): PostgreSQL (eve.json into a JSONB table with COPY in CSV mode) and
# rsyslog (imfile + mmjsonparse), on records whose rule message holds double
# quotes, backslashes and a semicolon -- what a plain text-mode COPY of
# eve.json gets wrong -- and the queries that tell two sensors apart
# (sensor-name, `host`).  Each part skips (77 overall when both do) when its
# program is missing; PostgreSQL runs as the postgres or nobody user (initdb
# refuses root) on a private socket directory, rsyslog in the foreground with
# a private configuration.  Both are stopped at the end.
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
t=$(mktemp -d "${TMPDIR:-/tmp}/smbneg-siem.XXXXXX") || exit 99
chmod 755 "$t"
pgdata=$t/pg pgsock=$t/pgsock pgpid="" rspid=""
cleanup() {
    [ -n "$pgpid" ] && runuser -u "$pguser" -- "$pgbin/pg_ctl" -D "$pgdata" -m immediate stop >/dev/null 2>&1
    [ -n "$rspid" ] && kill "$rspid" 2>/dev/null
    rm -rf "$t"
}
trap cleanup EXIT
fail=0 ran=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }

# The records: the lab capture with a rule whose message needs escaping.
msg='LOCAL "quoted" C:\share\path; end'
cat > "$t/q.rules" <<'EOF'
alert smb any any -> any any (msg:"LOCAL \"quoted\" C:\\share\\path; end"; smb.dialect:3.1.1; sid:2269002; rev:1;)
EOF
mkdir "$t/log" && chmod 755 "$t/log"
./smbneg -S "$t/q.rules" -r "$top/tests/captures/lab/default-3.1.1.pcap" -l "$t/log" 2>/dev/null ||
    { echo "FAIL smbneg run"; exit 1; }
chmod 644 "$t/log/eve.json"
records=$(wc -l < "$t/log/eve.json")
grep -q '"signature":"LOCAL \\"quoted\\" C:\\\\share\\\\path; end"' "$t/log/eve.json" ||
    { echo "FAIL the alert record does not carry the escaped message"; exit 1; }

# ------------------------------------------------------------ PostgreSQL
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
    echo "skip PostgreSQL: not installed (scripts/setup.sh installs postgresql)"
elif [ "$(id -u)" != 0 ]; then
    echo "skip PostgreSQL: not root (the server runs as the postgres user)"
else
    pguser=postgres
    getent passwd postgres >/dev/null || pguser=nobody
    mkdir -p "$pgdata" "$pgsock" && chown "$pguser" "$pgdata" "$pgsock"
    if runuser -u "$pguser" -- "$pgbin/initdb" -D "$pgdata" -A trust -U smbneg >"$t/initdb.log" 2>&1 &&
       runuser -u "$pguser" -- "$pgbin/pg_ctl" -D "$pgdata" -l "$pgsock/pg.log" -w -t 60 \
           -o "-k $pgsock -c listen_addresses='' -p 54329" start >/dev/null 2>&1; then
        pgpid=$(head -1 "$pgdata/postmaster.pid")
        ran=1
        psql="psql -X -q -At -h $pgsock -p 54329 -U smbneg -d postgres -v ON_ERROR_STOP=1"
        # the recipe of doc/siem.md, as written there
        cat > "$t/load.sql" <<EOF
CREATE TABLE eve (rec jsonb NOT NULL);
\\copy eve (rec) FROM '$t/log/eve.json' WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')
EOF
        if $psql -f "$t/load.sql" 2>"$t/psql.err"; then
            n=$($psql -c "SELECT count(*) FROM eve")
            [ "$n" = "$records" ] && ok "PostgreSQL: COPY loaded $n of $records records into jsonb" ||
                bad "PostgreSQL: $n rows for $records records"
            got=$($psql -c "SELECT rec->'alert'->>'signature' FROM eve WHERE rec->>'event_type' = 'alert'")
            [ "$got" = "$msg" ] && ok "PostgreSQL: the message round-trips: $got" ||
                bad "PostgreSQL: signature is '$got', expected '$msg'"
            # the recipe's first query: the lab server enables but does not require signing
            srv=$($psql -c "SELECT rec->>'dest_ip' AS server, count(*) AS negotiations FROM eve
                WHERE rec->>'event_type' = 'smb'
                  AND rec->'smb'->'negotiate'->'response'->>'signing' <> 'required'
                GROUP BY 1 ORDER BY 2 DESC")
            [ "$srv" = "10.77.0.2|1" ] && ok "PostgreSQL: servers not requiring signing: $srv" ||
                bad "PostgreSQL: signing query gave '$srv'"
            d=$($psql -c "SELECT rec->'smb'->>'dialect' FROM eve WHERE rec->>'event_type' = 'smb'")
            [ "$d" = "3.11" ] && ok "PostgreSQL: smb.dialect = 3.11" || bad "PostgreSQL: smb.dialect '$d'"
        else
            cat "$t/psql.err"; bad "PostgreSQL: the COPY recipe failed"
        fi
        # the pitfall the recipe avoids: text-mode COPY reads \" and \\ as escapes
        printf 'CREATE TABLE eve_text (rec jsonb);\n\\copy eve_text (rec) FROM %s\n' \
            "'$t/log/eve.json'" > "$t/text.sql"
        if $psql -f "$t/text.sql" >/dev/null 2>&1; then
            bad "PostgreSQL: plain text-mode COPY unexpectedly loaded the records"
        else
            ok "PostgreSQL: plain text-mode COPY fails on the escaped message (why CSV mode)"
        fi
        # "Telling sensors apart": two sensors (sensor-name) in one table; both
        # saw default-3.1.1.pcap, a an SMB1-only client, b a 2.0.2-only one
        lab=$top/tests/captures/lab
        mkdir "$t/sa" "$t/sb" && chmod 755 "$t/sa" "$t/sb"
        ./smbneg --set sensor-name=branch-a -r "$lab/default-3.1.1.pcap" -r "$lab/smb1-only.pcap" \
            -l "$t/sa" 2>/dev/null
        ./smbneg --set sensor-name=branch-b -r "$lab/default-3.1.1.pcap" -r "$lab/only-2.0.2.pcap" \
            -l "$t/sb" 2>/dev/null
        chmod 644 "$t/sa/eve.json" "$t/sb/eve.json"
        cat > "$t/two.sql" <<EOF
DROP TABLE eve;
CREATE TABLE eve (rec jsonb NOT NULL);
\\copy eve (rec) FROM '$t/sa/eve.json' WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')
\\copy eve (rec) FROM '$t/sb/eve.json' WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')
EOF
        if $psql -f "$t/two.sql" 2>"$t/psql.err"; then
            # the two queries of doc/siem.md, as written there
            per=$($psql -c "SELECT rec->>'host' AS sensor, rec->>'in_iface' AS iface,
                       rec->'smb'->>'dialect' AS dialect, count(*) AS negotiations
                  FROM eve
                 WHERE rec->>'event_type' = 'smb'
                 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3" | tr '\n' ';')
            want='branch-a||3.11|1;branch-a||NT LANMAN 1.0|1;branch-b||2.02|1;branch-b||3.11|1;'
            [ "$per" = "$want" ] && ok "PostgreSQL: negotiations per sensor: $per" ||
                bad "PostgreSQL: per-sensor query gave '$per', expected '$want'"
            both=$($psql -c "SELECT rec->>'community_id' AS connection,
                       string_agg(DISTINCT rec->>'host', ',') AS sensors
                  FROM eve
                 WHERE rec->>'event_type' = 'smb'
                 GROUP BY 1 HAVING count(DISTINCT rec->>'host') > 1")
            cid=$(grep -o '"community_id":"[^"]*"' "$t/sa/eve.json" | head -1 | cut -d'"' -f4)
            [ "$both" = "$cid|branch-a,branch-b" ] && ok "PostgreSQL: seen by both sensors: $both" ||
                bad "PostgreSQL: both-sensors query gave '$both', expected '$cid|branch-a,branch-b'"
        else
            cat "$t/psql.err"; bad "PostgreSQL: loading two sensors failed"
        fi
    else
        cat "$pgsock/pg.log" 2>/dev/null | tail -20
        bad "PostgreSQL: the server did not start"
    fi
fi

# ------------------------------------------------------------ rsyslog
if ! command -v rsyslogd >/dev/null; then
    echo "skip rsyslog: not installed (scripts/setup.sh installs rsyslog)"
else
    ran=1
    out=$t/rsyslog.out
    # the recipe of doc/siem.md with the paths of this test
    cat > "$t/rsyslog.conf" <<EOF
global(workDirectory="$t")
module(load="imfile")
module(load="mmjsonparse")
template(name="smbneg_fields" type="list") {
    property(name="\$!event_type") constant(value="|")
    property(name="\$!src_ip") constant(value="|")
    property(name="\$!alert!signature_id") constant(value="|")
    property(name="\$!alert!signature") constant(value="\\n")
}
input(type="imfile" File="$t/log/eve.json" Tag="smbneg:" ruleset="smbneg")
ruleset(name="smbneg") {
    action(type="mmjsonparse" cookie="")
    if \$parsesuccess == "OK" then {
        action(type="omfile" file="$out" template="smbneg_fields")
    }
}
EOF
    rsyslogd -n -f "$t/rsyslog.conf" -i "$t/rsyslog.pid" >"$t/rsyslog.log" 2>&1 &
    rspid=$!
    n=0
    while [ "$(cat "$out" 2>/dev/null | wc -l)" -lt "$records" ] && [ $n -lt 100 ]; do
        sleep 0.1; n=$((n + 1))
    done
    lines=$(cat "$out" 2>/dev/null | wc -l)
    [ "$lines" = "$records" ] && ok "rsyslog: imfile + mmjsonparse parsed $lines of $records records" ||
        { cat "$t/rsyslog.log"; bad "rsyslog: $lines lines for $records records"; }
    want="alert|10.77.0.1|2269002|$msg"
    grep -qxF "$want" "$out" 2>/dev/null && ok "rsyslog: the alert's fields: $want" ||
        { cat "$out" 2>/dev/null; bad "rsyslog: no line '$want'"; }
    kill "$rspid" 2>/dev/null; wait "$rspid" 2>/dev/null; rspid=""
fi

[ $ran = 0 ] && { echo "SKIP: neither PostgreSQL nor rsyslog is installed"; exit 77; }
exit $fail
