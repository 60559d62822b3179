/* smb-gss.h - the security buffer of an SMB2 SESSION_SETUP request or
 * response (MS-SMB2 2.2.5, 2.2.6): GSS-API/SPNEGO (RFC 2743 3.1, RFC 4178,
 * MS-SPNG), NTLMSSP (MS-NLMP 2.2.1) and Kerberos 5 (RFC 4121 4.1,
 * RFC 4120 5.3, 5.5.1), decoded into struct smb_session.
 *
 * Accepted buffers: raw NTLMSSP ("NTLMSSP\0"); a GSS-API initial context
 * token ([APPLICATION 0]) carrying SPNEGO NegTokenInit/NegTokenInit2 or a
 * bare Kerberos 5 token; a bare SPNEGO NegTokenResp ([1]) or NegTokenInit
 * ([0]).  The mechanism token is decoded by what it is (the NTLMSSP
 * signature, or a Kerberos GSS token with TOK_ID 01 00 = AP-REQ), not by
 * the mechTypes list; without one, SPNEGO's supportedMech or first mechType
 * names the mechanism. */
#ifndef SMBNEG_SMB_GSS_H
#define SMBNEG_SMB_GSS_H

#include <stddef.h>
#include <stdint.h>

#include "app/smb/smb-msg.h"
#include "app/smb/smb-session.h"

/* Decode the security buffer buf[0..len) (len 0: nothing to do, PARSE_OK)
 * into *out, reading nothing outside it.  Pure; may be called on every leg
 * of one session: it only SETS what the buffer shows and leaves the rest of
 * *out alone.
 *   - mech: set to SMB_MECH_NTLMSSP or SMB_MECH_KERBEROS when the buffer
 *     names one (any leg); never reset to SMB_MECH_UNKNOWN.
 *   - NTLMSSP AUTHENTICATE: ntlmssp_user, _domain, _host (UTF-16LE
 *     converted to UTF-8 when NEGOTIATE_UNICODE is set, else OEM bytes;
 *     NULs dropped and invalid UTF-8 replaced by U+FFFD as Suricata does;
 *     cut at a code point to fit), ntlmssp_version ("6.1 build 7601 rev
 *     15", only when NEGOTIATE_VERSION is set) and auth: SMB_AUTH_ANONYMOUS
 *     for an anonymous AUTHENTICATE (MS-NLMP 3.2.5.1.2: empty UserName,
 *     empty NtChallengeResponse, LmChallengeResponse empty or one zero
 *     byte), else SMB_AUTH_NTLMSSP.
 *   - Kerberos AP-REQ: krb_realm, krb_snames[0..n_snames) (the ticket's
 *     realm and sname name-strings, at most SMB_KRB_MAX_SNAMES kept) and
 *     auth = SMB_AUTH_KERBEROS.
 * Names are written only when the whole AUTHENTICATE or ticket header was
 * read; mech may already be set when a later part is truncated or invalid.
 * Returns PARSE_OK (an unknown mechanism included), PARSE_TRUNCATED (buf
 * ends before a structure it declares) or PARSE_INVALID (the bytes
 * contradict the encoding, e.g. a field past the end of the token whose
 * length was complete). */
enum parse_status smb_gss_parse(const uint8_t *buf, size_t len, struct smb_session *out);

#endif
