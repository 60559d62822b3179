#!/bin/bash
# Capture real SMB negotiations between Samba's smbd and real clients
# (smbclient, impacket) in two private network namespaces, or three with a
# man-in-the-middle namespace routing between them (relay.py).
# Usage: gen.sh OUTDIR [scenario...]   (no scenario: all)
# The scenarios of the session and attack captures are in scenarios.sh.
set -u
HERE=$(dirname "$(realpath "$0")")
OUT=$(realpath -m "${1:?usage: gen.sh OUTDIR [scenario...]}"); shift
mkdir -p "$OUT"
LAB=$(mktemp -d /tmp/smblab.XXXX)
SRV=smbsrv$$ CLI=smbcli$$ PRX=smbprx$$
SIP=10.77.0.2 CIP=10.77.0.1 SIP6=fd77::2 CIP6=fd77::1
PY=/usr/bin/python3
PASS=Lab-Passw0rd   # alice's password (USERS=1)

up() {   # $1 = mtu
  ip netns add $SRV; ip netns add $CLI
  ip link add vs$$ type veth peer name vc$$
  ip link set vs$$ netns $SRV; ip link set vc$$ netns $CLI
  ip -n $SRV addr add $SIP/24 dev vs$$; ip -n $CLI addr add $CIP/24 dev vc$$
  ip -n $SRV addr add $SIP6/64 dev vs$$ nodad; ip -n $CLI addr add $CIP6/64 dev vc$$ nodad
  ip -n $SRV link set vs$$ mtu "$1" up; ip -n $CLI link set vc$$ mtu "$1" up
  ip -n $SRV link set lo up; ip -n $CLI link set lo up
  # turn off offloads so the capture shows wire-sized segments
  ip netns exec $CLI ethtool -K vc$$ tso off gso off gro off >/dev/null 2>&1
  ip netns exec $SRV ethtool -K vs$$ tso off gso off gro off >/dev/null 2>&1
}
down() { ip netns del $SRV 2>/dev/null; ip netns del $CLI 2>/dev/null; ip netns del $PRX 2>/dev/null; }

# Three namespaces: the client and the server keep their addresses and
# subnet; the man-in-the-middle namespace PRX routes between them (proxy ARP
# answers for each side on the other's behalf), so a packet between them
# crosses PRX.  The client side is captured on vc, the server side on vs.
up3() {  # $1 = mtu
  local MTU=$1
  ip netns add $SRV; ip netns add $CLI; ip netns add $PRX
  ip link add vc$$ type veth peer name pa$$; ip link add vs$$ type veth peer name pb$$
  ip link set vc$$ netns $CLI; ip link set pa$$ netns $PRX
  ip link set vs$$ netns $SRV; ip link set pb$$ netns $PRX
  ip -n $CLI addr add $CIP/24 dev vc$$; ip -n $SRV addr add $SIP/24 dev vs$$
  ip -n $PRX addr add 10.77.0.254/32 dev pa$$; ip -n $PRX addr add 10.77.0.254/32 dev pb$$
  for i in pa$$ pb$$; do
    ip netns exec $PRX sysctl -qw net.ipv4.conf.$i.proxy_arp=1 net.ipv4.neigh.$i.proxy_delay=0 net.ipv4.conf.$i.rp_filter=0
  done
  ip netns exec $PRX sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0
  for n in "$CLI vc$$" "$SRV vs$$" "$PRX pa$$" "$PRX pb$$"; do set -- $n
    ip -n $1 link set $2 mtu "$MTU" up; ip -n $1 link set lo up
    ip netns exec $1 ethtool -K $2 tso off gso off gro off >/dev/null 2>&1
  done
  ip -n $PRX route add $CIP/32 dev pa$$; ip -n $PRX route add $SIP/32 dev pb$$
}
# Turn the man in the middle on: TCP 445 crossing PRX is delivered to
# relay.py (policy routes to the local table), which rewrites negotiations.
mitm_on() {  # relay.py options
  ip -n $PRX route add local 0.0.0.0/0 dev lo table 100
  ip -n $PRX rule add iif pa$$ ipproto tcp dport 445 lookup 100
  ip -n $PRX rule add iif pb$$ ipproto tcp sport 445 lookup 100
  setsid ip netns exec $PRX $PY -u "$HERE/relay.py" "$@" >> $LAB/relay.log 2>&1 &
  RELAY=$!
  for i in $(seq 50); do ip netns exec $PRX ss -ltn | grep -q ':445 ' && break; sleep 0.1; done
}
mitm_off() {
  kill $RELAY 2>/dev/null; wait $RELAY 2>/dev/null
  ip -n $PRX rule del iif pa$$ ipproto tcp dport 445 lookup 100
  ip -n $PRX rule del iif pb$$ ipproto tcp sport 445 lookup 100
  ip -n $PRX route del local 0.0.0.0/0 dev lo table 100
}

server() {  # extra smb.conf global lines on stdin-like args
  mkdir -p $LAB/{share,private,lock,state,cache,pid,log}
  [ -f $LAB/share/big.bin ] || head -c 20000000 /dev/urandom > $LAB/share/big.bin
  echo hello > $LAB/share/hello.txt; chmod 755 $LAB $LAB/share; chmod 644 $LAB/share/hello.txt
  { cat <<CONF
[global]
  server role = standalone server
  map to guest = Bad User
  guest account = root
  bind interfaces only = no
  smb ports = ${PORTS:-445}
  disable netbios = yes
  private dir = $LAB/private
  lock directory = $LAB/lock
  state directory = $LAB/state
  cache directory = $LAB/cache
  pid directory = $LAB/pid
  log file = $LAB/log/log.%m
  load printers = no
  printing = bsd
  printcap name = /dev/null
  disable spoolss = yes
CONF
    for l in "$@"; do echo "  $l"; done
    cat <<CONF
[pub]
  path = $LAB/share
  guest ok = yes
  read only = no
CONF
  } > $LAB/smb.conf
  if [ -n "${USERS:-}" ]; then  # a real account: unix user + passdb entry
    id alice >/dev/null 2>&1 || useradd -M -N -s /usr/sbin/nologin alice
    printf '%s\n%s\n' "$PASS" "$PASS" | pdbedit -s $LAB/smb.conf -a -u alice -t >/dev/null 2>&1
  fi
  setsid ip netns exec $SRV smbd -F --no-process-group -s $LAB/smb.conf > $LAB/smbd.out 2>&1 &
  SMBD=$!
  for i in $(seq 50); do ip netns exec $SRV ss -ltn | grep -q ':445 \|:139 \|:4445 ' && break; sleep 0.1; done
}
stop_server() {  # smbd, and the RPC helpers it started on demand (samba-dcerpcd, rpcd_*)
  kill $SMBD 2>/dev/null; wait $SMBD 2>/dev/null
  local p; for p in $(pgrep -f -- "--configfile=$LAB/smb.conf"); do kill "$p" 2>/dev/null; done
  rm -rf $LAB/lock $LAB/state $LAB/pid
}

capture() {  # $1 = file name; rest = snaplen etc
  ip netns exec $CLI tcpdump -i ${CAPIF:-vc$$} ${SLL1:+-y LINUX_SLL} --immediate-mode -B 262144 -U -w "$OUT/$1" ${SNAP:+-s $SNAP} 'tcp port 445 or tcp port 139 or tcp port 4445' >/dev/null 2>$LAB/tcpdump.err &
  TCPD=$!
  for i in $(seq 100); do grep -q listening $LAB/tcpdump.err 2>/dev/null && break; sleep 0.05; done; sleep 0.2
}
stop_capture() { sleep 0.5; kill $TCPD; wait $TCPD 2>/dev/null; }
# Both sides at once (three namespaces): $1-client.pcap on vc, $1-server.pcap on vs.
capture2() {
  mkdir -p "$(dirname "$OUT/$1")"
  ip netns exec $CLI tcpdump -i vc$$ --immediate-mode -U -w "$OUT/$1-client.pcap" 'tcp port 445' >/dev/null 2>$LAB/tcpdump.err &
  TCPD=$!
  ip netns exec $SRV tcpdump -i vs$$ --immediate-mode -U -w "$OUT/$1-server.pcap" 'tcp port 445' >/dev/null 2>$LAB/tcpdump2.err &
  TCPD2=$!
  for i in $(seq 100); do grep -q listening $LAB/tcpdump.err 2>/dev/null && grep -q listening $LAB/tcpdump2.err 2>/dev/null && break; sleep 0.05; done; sleep 0.2
}
stop_capture2() { sleep 0.5; kill $TCPD $TCPD2; wait $TCPD $TCPD2 2>/dev/null; }

cli() { ip netns exec $CLI timeout 20 smbclient "//srv/pub" -I "${HOST:-$SIP}" -N "$@" >>$LAB/client.log 2>&1; }

run() {  # name mtu server-lines... -- client-args...
  local name=$1 mtu=$2; shift 2
  local s=() ; while [ $# -gt 0 ] && [ "$1" != -- ]; do s+=("$1"); shift; done; shift
  up "$mtu"; server "${s[@]}"; capture "$name.pcap"
  "$@"
  stop_capture; stop_server; down
  printf '%-34s %s\n' "$name" "$(tshark -r "$OUT/$name.pcap" -Y 'smb2.cmd==0 || smb.cmd==0x72' 2>/dev/null | wc -l) negotiate packets"
}

want() { [ ${#SCEN[@]} -eq 0 ] && return 0; for s in "${SCEN[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }
SCEN=("$@")
trap 'kill ${RELAY:-} 2>/dev/null; stop_capture2 2>/dev/null; stop_capture 2>/dev/null; stop_server 2>/dev/null; down; rm -rf $LAB' EXIT

want only-2.0.2     && run only-2.0.2 1500 "server min protocol = NT1" -- cli -m SMB2_02 --option='client min protocol=SMB2_02' -c ls
want default-3.1.1  && run default-3.1.1 1500 "server min protocol = NT1" -- cli -c 'get hello.txt /dev/null'
want srv-max-2.0.2  && run srv-max-2.0.2 1500 "server max protocol = SMB2_02" -- cli -c ls
want srv-max-2.1    && run srv-max-2.1 1500 "server max protocol = SMB2_10" -- cli -c ls
want srv-max-3.0    && run srv-max-3.0 1500 "server max protocol = SMB3_00" -- cli -c ls
want srv-max-3.0.2  && run srv-max-3.0.2 1500 "server max protocol = SMB3_02" -- cli -c ls
want smb1-only      && run smb1-only 1500 "server min protocol = NT1" -- cli -m NT1 --option='client min protocol=NT1' -c ls
want smb1-multiproto && run smb1-multiproto 1500 "server min protocol = NT1" -- cli --option='client min protocol=NT1' -c ls
want reject-old     && run reject-old 1500 "server min protocol = SMB3_00" -- cli -m SMB2_10 -c ls
want signing-required && run signing-required 1500 "server signing = mandatory" -- cli -c ls
want encrypted      && run encrypted 1500 "server smb encrypt = required" -- cli --client-protection=encrypt -c 'get hello.txt /dev/null'
want ccm-only       && run ccm-only 1500 "server smb3 encryption algorithms = AES-128-CCM" -- cli --option='client smb3 encryption algorithms=AES-128-CCM' --option='client smb3 signing algorithms=HMAC-SHA256' -c ls
want ipv6           && HOST="$SIP6" run ipv6 1500 "server min protocol = NT1" -- cli -c ls
want port-139       && PORTS=139 run port-139 1500 "server min protocol = NT1" -- cli -p 139 -c ls
want segmented      && run segmented 200 "server min protocol = NT1" -- cli -c ls
want truncated      && SNAP=90 run truncated 1500 "server min protocol = NT1" -- cli -c ls
want cooked-any     && CAPIF=any run cooked-any 1500 "server min protocol = NT1" -- cli -m SMB3_02 -c ls
want port-4445      && PORTS=4445 run port-4445 1500 "server min protocol = NT1" -- cli -p 4445 -m SMB3_11 --option='client min protocol=SMB3_00' -c ls
want cooked-v1      && CAPIF=any SLL1=1 run cooked-v1 1500 "server min protocol = NT1" -- cli -m SMB2_10 -c ls
want bulk           && run bulk 1500 "server min protocol = NT1" -- cli -c 'get big.bin /dev/null'
want many-flows     && run many-flows 1500 "server min protocol = NT1" -- bash -c 'for i in $(seq 40); do ip netns exec '$CLI' timeout 20 smbclient //'$SIP'/pub -N -m $(echo SMB2_02 SMB2_10 SMB3_00 SMB3_02 SMB3_11 | cut -d" " -f$((i%5+1))) -c ls >/dev/null 2>&1 & done; wait'
# The session and attack scenarios (issues 12 and 13).
. "$HERE/scenarios.sh"

impk() { ip netns exec $CLI $PY -c "
from impacket.smbconnection import SMBConnection
from impacket import smb
import sys
d = {'smb1':smb.SMB_DIALECT, '2.0.2':'SMB2_DIALECT_002', '2.1':'SMB2_DIALECT_21', '3.0':'SMB2_DIALECT_30', 'default':None}[sys.argv[1]]
from impacket import smb3structs as s3
if d and d.startswith('SMB2'): d = getattr(s3, d)
c = SMBConnection('$SIP', '$SIP', preferredDialect=d, timeout=10)
c.login('', '')
print(c.getDialect()); c.close()
" "$1" >>$LAB/client.log 2>&1; }
want impacket-default && run impacket-default 1500 "server min protocol = NT1" -- impk default
want impacket-2.0.2 && run impacket-2.0.2 1500 "server min protocol = NT1" -- impk 2.0.2
want impacket-2.1   && run impacket-2.1 1500 "server min protocol = NT1" -- impk 2.1
want impacket-3.0   && run impacket-3.0 1500 "server min protocol = NT1" -- impk 3.0
want impacket-smb1  && run impacket-smb1 1500 "server min protocol = NT1" -- impk smb1
exit 0
