/* smb-gss-int.h - private to the security-buffer decoder (smb-gss.c,
 * smb-ntlmssp.c, smb-krb.c): the per-mechanism token decoders and the
 * string copies they share.  Not for use outside these files. */
#ifndef SMBNEG_SMB_GSS_INT_H
#define SMBNEG_SMB_GSS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "app/smb/smb-msg.h"
#include "app/smb/smb-session.h"

#define NTLMSSP_SIGNATURE "NTLMSSP\0"
#define NTLMSSP_SIGNATURE_LEN 8

/* One NTLMSSP message (MS-NLMP 2.2.1) in tok[0..len), starting with the
 * signature.  Sets mech; an AUTHENTICATE also the names, version and auth.
 * A field outside tok is PARSE_TRUNCATED (the caller makes it INVALID when
 * tok was a complete DER value). */
enum parse_status ntlmssp_parse(const uint8_t *tok, size_t len, struct smb_session *out);

/* A Kerberos 5 GSS token's inner part (RFC 4121 4.1): TOK_ID then the KRB
 * message, in tok[0..len).  Sets mech; an AP-REQ (TOK_ID 01 00) also
 * krb_realm, krb_snames and auth. */
enum parse_status krb_token_parse(const uint8_t *tok, size_t len, struct smb_session *out);

/* A bare KRB AP-REQ ([APPLICATION 14]) in tok[0..len). */
enum parse_status krb_ap_req_parse(const uint8_t *tok, size_t len, struct smb_session *out);

/* Copy a wire string into dst[cap] as NUL-terminated UTF-8: from UTF-16LE
 * (a lone surrogate or odd trailing byte becomes U+FFFD) or from bytes
 * (valid UTF-8 kept, any other byte U+FFFD).  NUL code units are dropped
 * (Suricata logs names with their NULs removed); a string that does not
 * fit is cut at a code point. */
void gss_str_utf16le(char *dst, size_t cap, const uint8_t *src, size_t n);
void gss_str_bytes(char *dst, size_t cap, const uint8_t *src, size_t n);

#endif
