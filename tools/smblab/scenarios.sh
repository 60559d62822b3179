# Scenarios of the session captures (issue 13: what a session enforced) and
# the baseline captures (issue 12: downgrades seen against history), sourced
# by gen.sh.  Every server here has a real account, alice (pdbedit), in
# workgroup LAB, and netbios name SRV (Samba derives its server GUID from
# the netbios name: SRV gives 00767273-0000-...).
# Session captures: OUT/session/NAME.pcap, client side; with the man in the
# middle: OUT/session/NAME-client.pcap and NAME-server.pcap.
# Baseline captures: OUT/baseline/NAME[-client|-server].pcap, every
# connection of a scenario in one capture, in time order.

G="netbios name = SRV"
W="workgroup = LAB"
# smbclient as alice (NTLMSSP), as a guest (an unknown user mapped to guest)
ucli() { ip netns exec $CLI timeout 20 smbclient //srv/pub -I $SIP -U "alice%$PASS" -W LAB "$@" >>$LAB/client.log 2>&1; }
gcli() { ip netns exec $CLI timeout 20 smbclient //srv/pub -I $SIP -U "mallory%nopass" -W LAB "$@" >>$LAB/client.log 2>&1; }
repeat() { local n=$1; shift; for i in $(seq "$n"); do "$@"; sleep 0.2; done; }

count() {  # print the negotiations of the captures just made
  local f; for f in "$@"; do
    printf '%-40s %s negotiate packets, %s KB\n' "${f#$OUT/}" \
      "$(tshark -r "$f" -Y 'smb2.cmd==0 || smb.cmd==0x72' 2>/dev/null | wc -l)" "$(( $(stat -c %s "$f") / 1024 ))"
  done
}
# run2 NAME server-lines... -- commands: two namespaces, client side captured
run2() {
  local name=$1; shift
  local s=(); while [ $# -gt 0 ] && [ "$1" != -- ]; do s+=("$1"); shift; done; shift
  mkdir -p "$(dirname "$OUT/$name")"
  up 1500; USERS=1 server "$G" "$W" "${s[@]}"; capture "$name.pcap"
  "$@"
  stop_capture; stop_server; down; count "$OUT/$name.pcap"
}
# run3 NAME server-lines... -- commands: three namespaces, both sides captured
run3() {
  local name=$1; shift
  local s=(); while [ $# -gt 0 ] && [ "$1" != -- ]; do s+=("$1"); shift; done; shift
  up3 1500; USERS=1 server "$G" "$W" "${s[@]}"; capture2 "$name"
  "$@"
  stop_capture2; stop_server; down; count "$OUT/$name-client.pcap" "$OUT/$name-server.pcap"
}
# through the man in the middle: mitm RELAY-OPTIONS -- command...
mitm() {
  local r=(); while [ $# -gt 0 ] && [ "$1" != -- ]; do r+=("$1"); shift; done; shift
  mitm_on "${r[@]}"; "$@"; sleep 0.3; mitm_off
}
# the same server restarted with other settings: restart server-lines...
restart() { stop_server; USERS=1 server "$G" "$W" "$@"; }

# ---- issue 13: sessions
want session/signing-mandatory && run2 session/signing-mandatory "server signing = mandatory" -- ucli -c 'get hello.txt /dev/null'
want session/encrypt-required && run2 session/encrypt-required "server smb encrypt = required" -- ucli -c 'get hello.txt /dev/null'
want session/signing-off && run2 session/signing-off "server signing = disabled" -- ucli --option='client signing=disabled' -c 'get hello.txt /dev/null'
# signing off at 2.1: Samba's client still signs the tree connect and
# validates the negotiation (at 2.1 too), then sends everything unsigned
want session/signing-off-2.1 && run2 session/signing-off-2.1 "server signing = disabled" -- ucli -m SMB2_10 --option='client signing=disabled' -c 'get hello.txt /dev/null'
# a guest session at 3.0.2: no session key, so no validation
want session/guest-3.0.2 && run2 session/guest-3.0.2 -- gcli -m SMB3_02 -c 'get hello.txt /dev/null'
want session/guest && run2 session/guest -- gcli -c 'get hello.txt /dev/null'
want session/anonymous && run2 session/anonymous -- ip netns exec $CLI timeout 20 smbclient -N -U% -L //srv -I $SIP
want session/validate-3.0.2 && run2 session/validate-3.0.2 -- ucli -m SMB3_02 --client-protection=sign -c 'get hello.txt /dev/null'
# the man in the middle flips DFS in the 3.0.2 response's capabilities: the
# client's validation (signed, so untouchable) returns the real ones
want session/validate-caps-mitm && run3 session/validate-caps-mitm -- mitm --resp-caps-xor 0x1 -- ucli -m SMB3_02 --client-protection=sign -c ls
# the man in the middle removes 3.1.1 from the request: the server chooses
# 3.0.2, then receives the client's validation listing all five dialects
want session/validate-strip-mitm && run3 session/validate-strip-mitm -- mitm --strip 0x0311 -- ucli --client-protection=sign -c ls

# Kerberos: a Samba AD DC (realm LAB.TEST, host dc1, provisioned afresh in
# the lab directory; its own smbd, KDC and winbindd) and smbclient getting
# a ticket for cifs/dc1.lab.test as Administrator.  Only TCP 445 is captured.
DCPASS='Lab-Passw0rd1!'
dc_server() {
  local c=$LAB/dc/etc/smb.conf
  samba-tool domain provision --realm=LAB.TEST --domain=LAB --server-role=dc --dns-backend=NONE \
    --adminpass="$DCPASS" --targetdir=$LAB/dc --host-name=dc1 --host-ip=$SIP \
    --option="disable netbios = yes" >$LAB/provision.log 2>&1
  sed -i "s|server services = .*|server services = s3fs, rpc, ldap, cldap, kdc, winbindd|; s|log file = .*|log file = $LAB/log/dc.%m\n\tpid directory = $LAB/dc/pid|" $c
  printf '[pub]\n\tpath = %s/share\n\tread only = no\n' $LAB >> $c
  mkdir -p $LAB/dc/pid $LAB/share $LAB/log; echo hello > $LAB/share/hello.txt; chmod 755 $LAB $LAB/share
  printf '[libdefaults]\n default_realm = LAB.TEST\n dns_lookup_kdc = false\n[realms]\n LAB.TEST = {\n  kdc = %s\n }\n' $SIP > $LAB/krb5.conf
  setsid ip netns exec $SRV samba -F -s $c > $LAB/samba.out 2>&1 &
  SMBD=$!
  for i in $(seq 150); do ip netns exec $SRV ss -ltn | grep -q ':445 ' && ip netns exec $SRV ss -ltn | grep -q ':88 ' && break; sleep 0.2; done
}
stop_dc() { kill $SMBD 2>/dev/null; wait $SMBD 2>/dev/null; local p; for p in $(pgrep -f -- "$LAB/dc/etc/smb.conf"); do kill "$p" 2>/dev/null; done; }
kcli() { KRB5_CONFIG=$LAB/krb5.conf ip netns exec $CLI timeout 30 smbclient //dc1.lab.test/pub -I $SIP -U "Administrator%$DCPASS" --realm=LAB.TEST --use-kerberos=required "$@" >>$LAB/client.log 2>&1; }
if want session/kerberos; then
  up 1500; dc_server; capture session/kerberos.pcap
  kcli -c 'get hello.txt /dev/null'
  stop_capture; stop_dc; down; count "$OUT/session/kerberos.pcap"
fi

# ---- issue 12: downgrades against history, and old servers that are not
# 4 connections at 3.1.1, then one through a man in the middle keeping only
# 2.0.2 and 2.1 of the client's offer (server side: a client offering less;
# client side: a server choosing less), then one direct again
s_offer_strip() { repeat 4 ucli -c ls; mitm --max-dialect 0x0210 -- ucli -c ls; ucli -c ls; }
want baseline/offer-strip && run3 baseline/offer-strip -- s_offer_strip
# The same with impacket, whose client GUID is fixed here (random.seed: the
# same GUID every connection, as a Windows machine keeps one): its offer
# (SMB1 multi-protocol, then SMB2 2.0.2-3.0) loses 3.0; client-offer-drop
# judges a request with a client GUID by that GUID's past.
icli() { ip netns exec $CLI timeout 20 $PY -c "
import random; random.seed(12)
from impacket.smbconnection import SMBConnection
c = SMBConnection('$SIP', '$SIP', timeout=10)
c.login('alice', '$PASS', 'LAB'); c.listPath('pub', '*'); c.close()" >>$LAB/client.log 2>&1; }
s_offer_strip_guid() { repeat 4 icli; mitm --max-dialect 0x0210 -- icli; icli; }
want baseline/offer-strip-guid && run3 baseline/offer-strip-guid -- s_offer_strip_guid
# the man in the middle rewrites the response's dialect 3.1.1 to 2.0.2 (the
# connection then fails; the server side saw an ordinary 3.1.1 negotiation)
s_resp_dialect() { repeat 4 ucli -c ls; mitm --resp-dialect 0x0202 -- ucli -c ls; ucli -c ls; }
want baseline/resp-dialect && run3 baseline/resp-dialect -- s_resp_dialect
# the man in the middle rewrites the cipher the 3.1.1 response selected,
# AES-128-GCM (0x0002), to AES-128-CCM (0x0001) (the session then fails:
# the preauth hash covers the response)
s_resp_cipher() { repeat 4 ucli -c ls; mitm --resp-cipher 0x0001 -- ucli -c ls; ucli -c ls; }
want baseline/resp-cipher && run3 baseline/resp-cipher -- s_resp_cipher
# a server requiring signing; the man in the middle clears
# SMB2_NEGOTIATE_SIGNING_REQUIRED in one response
s_signing_drop() { repeat 4 ucli -c ls; mitm --resp-secmode-clear 0x2 -- ucli -c ls; ucli -c ls; }
want baseline/signing-drop && run3 baseline/signing-drop "server signing = mandatory" -- s_signing_drop
# a rogue smbd (netbios name ROGUE: another server GUID) takes over the
# server's address after 4 connections; the client connects twice
s_rogue() { repeat 4 ucli -c ls; stop_server; USERS=1 server "netbios name = ROGUE" "$W"; repeat 2 ucli -c ls; }
want baseline/rogue-server && run2 baseline/rogue-server -- s_rogue
# the server is reconfigured from 3.1.1 to at most 2.0.2 after 4 connections
s_reconfig() { repeat 4 ucli -c ls; restart "server max protocol = SMB2_02"; repeat 2 ucli -c ls; }
want baseline/server-max-2.0.2 && run2 baseline/server-max-2.0.2 -- s_reconfig
# controls: an old server (at most 2.1) from its first connection on, and
# one upgraded from 2.1 to 3.1.1: no baseline alert
want baseline/old-server && run2 baseline/old-server "server max protocol = SMB2_10" -- repeat 5 ucli -c ls
s_upgrade() { repeat 3 ucli -c ls; restart; repeat 2 ucli -c ls; }
want baseline/server-upgrade && run2 baseline/server-upgrade "server max protocol = SMB2_10" -- s_upgrade
