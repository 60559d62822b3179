/* smb-gss.c - SMB2 SESSION_SETUP security buffers: the GSS-API initial
 * context token (RFC 2743 3.1), SPNEGO NegTokenInit/NegTokenInit2/
 * NegTokenResp (RFC 4178 4.2, MS-SPNG 2.2) and the dispatch of the
 * mechanism token to NTLMSSP (smb-ntlmssp.c) or Kerberos (smb-krb.c). */
#include "app/smb/smb-gss.h"

#include <string.h>

#include "app/smb/smb-der.h"
#include "app/smb/smb-gss-int.h"
#include "util/bytes.h"

/* OID content octets (X.690 8.19) */
static const uint8_t oid_spnego[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x02}; /* 1.3.6.1.5.5.2 */
/* 1.2.840.113554.1.2.2, RFC 4121 */
static const uint8_t oid_krb5[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02};
/* 1.2.840.48018.1.2.2, MS-KILE 3.1.5.1 (the "MS KRB5" OID Windows offers first) */
static const uint8_t oid_mskrb5[] = {0x2a, 0x86, 0x48, 0x82, 0xf7, 0x12, 0x01, 0x02, 0x02};
/* 1.2.840.113554.1.2.2.3, krb5 user-to-user */
static const uint8_t oid_krb5u2u[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02, 0x03};
/* 1.3.6.1.5.2.5, IAKERB (RFC draft-ietf-kitten-iakerb): Apple's LKDC
 * clients send their AP-REQ under it */
static const uint8_t oid_iakerb[] = {0x2b, 0x06, 0x01, 0x05, 0x02, 0x05};
/* 1.3.6.1.4.1.311.2.2.10, MS-NLMP 1.9 */
static const uint8_t oid_ntlmssp[] = {0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a};

#define GSS_TAG_AP_REQ 14u /* [APPLICATION 14], RFC 4120 5.5.1 */
/* Mechanism tokens nested inside SPNEGO tokens: real buffers have one
 * level; a deeper one is PARSE_INVALID, which bounds the recursion. */
#define GSS_MAX_NEST 3

static enum smb_auth_mech gss_mech_of_oid(const struct rd *oid)
{
    if (der_oid_is(oid, oid_krb5, sizeof(oid_krb5)) ||
        der_oid_is(oid, oid_mskrb5, sizeof(oid_mskrb5)) ||
        der_oid_is(oid, oid_krb5u2u, sizeof(oid_krb5u2u)) ||
        der_oid_is(oid, oid_iakerb, sizeof(oid_iakerb)))
        return SMB_MECH_KERBEROS;
    if (der_oid_is(oid, oid_ntlmssp, sizeof(oid_ntlmssp)))
        return SMB_MECH_NTLMSSP;
    return SMB_MECH_UNKNOWN;
}

static void gss_set_mech(struct smb_session *out, enum smb_auth_mech m)
{
    if (m != SMB_MECH_UNKNOWN)
        out->mech = m;
}

static bool gss_is_ntlmssp(const struct rd *r)
{
    return rd_left(r) >= NTLMSSP_SIGNATURE_LEN &&
           memcmp(r->p, NTLMSSP_SIGNATURE, NTLMSSP_SIGNATURE_LEN) == 0;
}

/* The GSS-API initial context token's contents after [APPLICATION 0]: the
 * mechanism OID, then the inner token.  `*spnego` is set when the
 * mechanism is SPNEGO (the caller reads the NegotiationToken from r), else
 * *named is the mechanism the OID names. */
static enum parse_status gss_initial(struct rd *r, struct smb_session *out, bool *spnego,
                                     enum smb_auth_mech *named)
{
    struct der_tlv oid;
    enum parse_status st = der_expect(r, DER_UNIVERSAL, false, DER_TAG_OID, &oid);
    if (st != PARSE_OK)
        return st;
    *spnego = der_oid_is(&oid.val, oid_spnego, sizeof(oid_spnego));
    if (*spnego)
        return PARSE_OK;
    enum smb_auth_mech m = gss_mech_of_oid(&oid.val);
    *named = m;
    if (m == SMB_MECH_KERBEROS)
        return krb_token_parse(r->p, rd_left(r), out);
    gss_set_mech(out, m); /* another mechanism: named, not decoded */
    return PARSE_OK;
}

static enum parse_status gss_token(struct rd r, unsigned depth, bool top, struct smb_session *out,
                                   enum smb_auth_mech *named);

/* MechTypeList ::= SEQUENCE OF MechType: the first one (the initiator's
 * preferred mechanism). */
static enum parse_status gss_mech_types(struct rd v, enum smb_auth_mech *first)
{
    struct der_tlv seq, oid;
    enum parse_status st = der_expect(&v, DER_UNIVERSAL, true, DER_TAG_SEQUENCE, &seq);
    if (st != PARSE_OK)
        return der_inner(st);
    bool have_first = false;
    while (rd_left(&seq.val) > 0) {
        st = der_expect(&seq.val, DER_UNIVERSAL, false, DER_TAG_OID, &oid);
        if (st != PARSE_OK)
            return der_inner(st);
        if (!have_first)
            *first = gss_mech_of_oid(&oid.val);
        have_first = true;
    }
    return PARSE_OK;
}

/* NegTokenInit (which 0: [0] mechTypes, [1] reqFlags, [2] mechToken,
 * [3] mechListMIC or NegTokenInit2's negHints, [4] mechListMIC) or
 * NegTokenResp (which 1: [0] negState, [1] supportedMech,
 * [2] responseToken, [3] mechListMIC).  Elements are read in any order,
 * unknown ones skipped.  The token names the mechanism; without one,
 * supportedMech or the first mechType does. */
static enum parse_status gss_spnego_body(struct rd v, uint32_t which, unsigned depth,
                                         struct smb_session *out, enum smb_auth_mech *named)
{
    struct der_tlv seq, el;
    enum parse_status st = der_expect(&v, DER_UNIVERSAL, true, DER_TAG_SEQUENCE, &seq);
    if (st != PARSE_OK)
        return der_inner(st);
    enum smb_auth_mech listed = SMB_MECH_UNKNOWN, in_token = SMB_MECH_UNKNOWN;
    while (rd_left(&seq.val) > 0) {
        st = der_read(&seq.val, &el);
        if (st != PARSE_OK)
            return der_inner(st);
        if (el.cls != DER_CONTEXT || !el.constructed)
            return PARSE_INVALID;
        if (which == 0 && el.tag == 0) {
            st = gss_mech_types(el.val, &listed);
        } else if (which == 1 && el.tag == 1) {
            struct der_tlv oid;
            st = der_inner(der_expect(&el.val, DER_UNIVERSAL, false, DER_TAG_OID, &oid));
            if (st == PARSE_OK)
                listed = gss_mech_of_oid(&oid.val);
        } else if (el.tag == 2) {
            struct der_tlv os;
            st = der_inner(der_expect(&el.val, DER_UNIVERSAL, false, DER_TAG_OCTET_STRING, &os));
            if (st == PARSE_OK)
                st = der_inner(gss_token(os.val, depth + 1, false, out, &in_token));
        }
        if (st != PARSE_OK)
            return st;
    }
    *named = in_token != SMB_MECH_UNKNOWN ? in_token : listed;
    return PARSE_OK;
}

/* One token in r: the whole security buffer (top) or a mechanism token
 * inside SPNEGO (a complete OCTET STRING), decoded by its own framing:
 * the NTLMSSP signature, a GSS-API initial context token ([APPLICATION 0]
 * with the SPNEGO, a Kerberos or another mechanism's OID), a bare SPNEGO
 * NegTokenInit [0] or NegTokenResp [1], or a bare AP-REQ.  A mechanism
 * token is decoded by this same function one level deeper (depth), at most
 * GSS_MAX_NEST levels.  *named gets the mechanism found.
 * Unknown framing is PARSE_INVALID for the whole buffer, and an opaque
 * token of some other mechanism (PARSE_OK) inside SPNEGO. */
static enum parse_status gss_token(struct rd r, unsigned depth, bool top, struct smb_session *out,
                                   enum smb_auth_mech *named)
{
    struct der_tlv t;
    if (gss_is_ntlmssp(&r)) {
        *named = SMB_MECH_NTLMSSP;
        return ntlmssp_parse(r.p, rd_left(&r), out);
    }
    if (depth > GSS_MAX_NEST)
        return PARSE_INVALID;
    const uint8_t *start = r.p;
    enum parse_status st = der_read(&r, &t);
    if (st != PARSE_OK)
        return top ? st : PARSE_OK;
    if (t.cls == DER_APPLICATION && t.constructed && t.tag == 0) {
        bool spnego = false;
        st = der_inner(gss_initial(&t.val, out, &spnego, named));
        if (st != PARSE_OK || !spnego)
            return st;
        /* RFC 4178 4.2: the NegotiationToken follows the SPNEGO OID */
        struct der_tlv neg;
        st = der_inner(der_read(&t.val, &neg));
        if (st != PARSE_OK)
            return st;
        if (neg.cls != DER_CONTEXT || !neg.constructed || neg.tag > 1)
            return PARSE_INVALID;
        t = neg;
    }
    if (t.cls == DER_CONTEXT && t.constructed && t.tag <= 1)
        return gss_spnego_body(t.val, t.tag, depth, out, named);
    if (t.cls == DER_APPLICATION && t.constructed && t.tag == GSS_TAG_AP_REQ) {
        *named = SMB_MECH_KERBEROS;
        return der_inner(krb_ap_req_parse(start, (size_t)(r.p - start), out));
    }
    return top ? PARSE_INVALID : PARSE_OK;
}

enum parse_status smb_gss_parse(const uint8_t *buf, size_t len, struct smb_session *out)
{
    enum smb_auth_mech named = SMB_MECH_UNKNOWN;
    if (len == 0)
        return PARSE_OK;
    if (len < NTLMSSP_SIGNATURE_LEN && memcmp(buf, NTLMSSP_SIGNATURE, len) == 0)
        return PARSE_TRUNCATED;
    enum parse_status st = gss_token(rd_make(buf, len), 0, true, out, &named);
    gss_set_mech(out, named);
    return st;
}

/* ------------------------------------------------------------------------
 * Strings
 * ------------------------------------------------------------------------ */

/* Append code point cp as UTF-8 at dst[*at], keeping room for the NUL;
 * false (nothing written) when it does not fit. */
static bool gss_utf8_put(char *dst, size_t cap, size_t *at, uint32_t cp)
{
    uint8_t b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (uint8_t)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (uint8_t)(0xC0 | cp >> 6);
        b[1] = (uint8_t)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (uint8_t)(0xE0 | cp >> 12);
        b[1] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
        b[2] = (uint8_t)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (uint8_t)(0xF0 | cp >> 18);
        b[1] = (uint8_t)(0x80 | (cp >> 12 & 0x3F));
        b[2] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
        b[3] = (uint8_t)(0x80 | (cp & 0x3F));
        n = 4;
    }
    if (*at >= cap || n > cap - 1 - *at)
        return false;
    memcpy(dst + *at, b, n);
    *at += n;
    return true;
}

void gss_str_utf16le(char *dst, size_t cap, const uint8_t *src, size_t n)
{
    struct rd r = rd_make(src, n);
    size_t at = 0;
    if (cap == 0)
        return;
    while (rd_left(&r) > 0) {
        uint32_t cp = 0xFFFD;
        if (rd_left(&r) >= 2) {
            uint16_t u = rd_le16(&r);
            cp = u;
            if (u >= 0xDC00 && u <= 0xDFFF) {
                cp = 0xFFFD;
            } else if (u >= 0xD800 && u <= 0xDBFF) {
                struct rd peek = r;
                uint16_t lo = rd_le16(&peek);
                cp = 0xFFFD;
                if (!peek.bad && lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((uint32_t)(u - 0xD800) << 10) + (uint32_t)(lo - 0xDC00);
                    r = peek;
                }
            }
        } else {
            rd_skip(&r, 1);
        }
        if (cp != 0 && !gss_utf8_put(dst, cap, &at, cp))
            break;
    }
    dst[at] = '\0';
}

/* Length of the valid UTF-8 sequence at s[0..n) (RFC 3629 table), 0 when
 * invalid. */
static size_t gss_utf8_len(const uint8_t *s, size_t n)
{
    uint8_t c = s[0];
    size_t k;
    uint8_t lo = 0x80, hi = 0xBF;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        k = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        k = 3;
    else if (c >= 0xF0 && c <= 0xF4)
        k = 4;
    else
        return 0;
    if (c == 0xE0)
        lo = 0xA0;
    else if (c == 0xED)
        hi = 0x9F;
    else if (c == 0xF0)
        lo = 0x90;
    else if (c == 0xF4)
        hi = 0x8F;
    if (k > n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < k; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return k;
}

void gss_str_bytes(char *dst, size_t cap, const uint8_t *src, size_t n)
{
    size_t at = 0, i = 0;
    if (cap == 0)
        return;
    while (i < n) {
        size_t k = gss_utf8_len(src + i, n - i);
        if (k == 0) {
            if (!gss_utf8_put(dst, cap, &at, 0xFFFD))
                break;
            i++;
            continue;
        }
        if (!(k == 1 && src[i] == 0)) {
            if (at >= cap || k > cap - 1 - at)
                break;
            memcpy(dst + at, src + i, k);
            at += k;
        }
        i += k;
    }
    dst[at] = '\0';
}
