#!/usr/bin/python3
"""Ground truth for what follows an SMB2 negotiation, read with tshark.

Prints one JSON object per SMB2 message (and per transform or compression
header) in capture order, so that a test can derive what a connection's
session enforced (signed, encrypted, guest, null, validation) from tshark
alone.  Every message: frame, ts, src, sport, dst, dport, protocol_id
("0xfe534d42" plain, "0xfd534d42" transform, "0xfc534d42" compression),
and for plain messages cmd, response, msg_id, sesid, status, signed.
SESSION_SETUP: sec_mode (request), session_flags (response), ntlmssp_user,
ntlmssp_domain, ntlmssp_host (the AUTHENTICATE message), krb_realm,
krb_sname (the ticket's service name components); TREE_CONNECT: tree (request), share_type, share_flags,
share_caps (response); IOCTL: function, and for FSCTL_VALIDATE_NEGOTIATE_INFO
(0x00140204) the validation: capabilities, guid, sec_mode, dialects
(request) or dialect (response).  Absent fields are left out; tshark writes
an empty NTLMSSP name (anonymous) as "NULL".
Usage: session-oracle.py FILE.pcap [tshark -o options...]"""
import json
import subprocess
import sys

CMDS = {"1": "session_setup", "3": "tree_connect", "11": "ioctl"}


class Rep(list):
    """A key tshark's JSON repeats in one object: all its values."""


def pairs(kv):
    """json object hook keeping every value of a repeated key."""
    d = {}
    for k, v in kv:
        if k not in d:
            d[k] = v
        else:
            if not isinstance(d[k], Rep):
                d[k] = Rep([d[k]])
            d[k].append(v)
    return d


def find(node, key):
    """Every value of `key` anywhere below node, in document order."""
    out = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                out += v if isinstance(v, list) else [v]
            else:
                out += find(v, key)
    elif isinstance(node, list):
        for v in node:
            out += find(v, key)
    return out


def one(node, key):
    v = find(node, key)
    return v[0] if v else None


def pdus(layer):
    """tshark puts several SMB2 PDUs of a frame in a list."""
    return layer if isinstance(layer, list) else [layer]


def message(pdu):
    rec = {"protocol_id": one(pdu, "smb2.protocol_id")}
    if rec["protocol_id"] != "0xfe534d42":
        rec["sesid"] = one(pdu, "smb2.header.transform.sesid") or one(pdu, "smb2.sesid")
        return {k: v for k, v in rec.items() if v is not None}
    hdr = pdu.get("SMB2 Header", {})
    cmd = one(hdr, "smb2.cmd")
    rec.update(cmd=int(cmd), response=one(hdr, "smb2.flags.response") == "1",
               msg_id=int(one(hdr, "smb2.msg_id")), sesid=one(hdr, "smb2.sesid"),
               status=one(hdr, "smb2.nt_status"), signed=one(hdr, "smb2.flags.signature") == "1")
    body = {k: v for k, v in pdu.items() if k != "SMB2 Header"}
    kind = CMDS.get(cmd)
    if kind == "session_setup":
        rec.update(sec_mode=None if rec["response"] else one(body, "smb2.sec_mode"),
                   session_flags=one(body, "smb2.session_flags"),
                   ntlmssp_user=one(body, "ntlmssp.auth.username"),
                   ntlmssp_domain=one(body, "ntlmssp.auth.domain"),
                   ntlmssp_host=one(body, "ntlmssp.auth.hostname"),
                   krb_realm=one(body, "kerberos.realm"), krb_sname=find(body, "kerberos.SNameString") or None)
    elif kind == "tree_connect":
        rec.update(tree=one(body, "smb2.tree"), share_type=one(body, "smb2.share_type"),
                   share_flags=one(body, "smb2.share_flags"), share_caps=one(body, "smb2.share_caps"))
    elif kind == "ioctl":
        fn = one(body, "smb2.ioctl.function")
        rec["function"] = fn
        if fn == "0x00140204":
            data = find(body, "smb2.ioctl.in" if not rec["response"] else "smb2.ioctl.out")
            data = [d for d in data if isinstance(d, dict) and d] or [body]
            v = data[0]
            rec["validate"] = {k: x for k, x in {
                "capabilities": one(v, "smb2.capabilities"),
                "guid": one(v, "smb2.client_guid") or one(v, "smb2.server_guid"),
                "sec_mode": one(v, "smb2.sec_mode"),
                "dialects": find(v, "smb2.dialect") if not rec["response"] else None,
                "dialect": one(v, "smb2.dialect") if rec["response"] else None}.items() if x is not None}
    return {k: v for k, v in rec.items() if v is not None}


def run(path, opts):
    cmd = ["tshark", "-n", "-r", path, *opts, "-Y", "smb2", "-T", "json"]
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    for pkt in json.loads(out or "[]", object_pairs_hook=pairs):
        l = pkt["_source"]["layers"]
        f = l["frame"]
        ip = l.get("ip") or l.get("ipv6") or {}
        tcp = l.get("tcp", {})
        base = {"frame": int(one(f, "frame.number")), "ts": one(f, "frame.time_epoch"),
                "src": one(ip, "ip.src") or one(ip, "ipv6.src"), "sport": int(one(tcp, "tcp.srcport")),
                "dst": one(ip, "ip.dst") or one(ip, "ipv6.dst"), "dport": int(one(tcp, "tcp.dstport"))}
        for pdu in pdus(l["smb2"]):
            if one(pdu, "smb2.protocol_id") is None:
                continue
            print(json.dumps({**base, **message(pdu)}, sort_keys=True))


if __name__ == "__main__":
    run(sys.argv[1], sys.argv[2:])
