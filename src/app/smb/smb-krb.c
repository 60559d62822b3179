/* smb-krb.c - Kerberos 5 tokens inside SMB2 SESSION_SETUP security buffers:
 * the GSS-API krb5 inner token (RFC 4121 4.1.1: TOK_ID then the KRB
 * message) and the AP-REQ ticket's realm and sname (RFC 4120 5.3, 5.5.1),
 * which Suricata logs as smb.kerberos {realm, snames}. */
#include "app/smb/smb-der.h"
#include "app/smb/smb-gss-int.h"
#include "util/bytes.h"

#define KRB_TOK_AP_REQ 0x0100u /* RFC 4121 4.1: TOK_ID 01 00 */
#define KRB_TAG_AP_REQ 14u     /* [APPLICATION 14] */
#define KRB_TAG_TICKET 1u      /* [APPLICATION 1] */

/* [n] EXPLICIT wrapper: the context tag, then the one TLV inside. */
static enum parse_status krb_explicit(struct rd *r, uint32_t n, struct der_tlv *inner)
{
    struct der_tlv w;
    enum parse_status st = der_expect(r, DER_CONTEXT, true, n, &w);
    if (st != PARSE_OK)
        return st;
    return der_inner(der_read(&w.val, inner));
}

/* Skip context-tagged elements until [n]; PARSE_INVALID when it is absent
 * or out of order. */
static enum parse_status krb_seek(struct rd *r, uint32_t n, struct der_tlv *inner)
{
    for (;;) {
        struct rd peek = *r;
        struct der_tlv w;
        enum parse_status st = der_read(&peek, &w);
        if (st != PARSE_OK)
            return st;
        if (w.cls != DER_CONTEXT || w.tag > n)
            return PARSE_INVALID;
        if (w.tag == n)
            return krb_explicit(r, n, inner);
        *r = peek;
    }
}

/* KerberosString (GeneralString, RFC 4120 5.2.1); other string types are
 * taken as bytes too. */
static bool krb_is_string(const struct der_tlv *t)
{
    return t->cls == DER_UNIVERSAL && !t->constructed;
}

/* Ticket ::= [APPLICATION 1] SEQUENCE { tkt-vno [0], realm [1] Realm,
 * sname [2] PrincipalName, enc-part [3] }; PrincipalName ::= SEQUENCE {
 * name-type [0], name-string [1] SEQUENCE OF KerberosString }.  Decoded
 * into locals first: *out changes only when the whole header was read. */
static enum parse_status krb_ticket(struct rd *r, struct smb_session *out)
{
    struct der_tlv app, seq, realm, pn, ns, s;
    enum parse_status st = der_expect(r, DER_APPLICATION, true, KRB_TAG_TICKET, &app);
    if (st == PARSE_OK)
        st = der_inner(der_expect(&app.val, DER_UNIVERSAL, true, DER_TAG_SEQUENCE, &seq));
    if (st == PARSE_OK)
        st = der_inner(krb_seek(&seq.val, 1, &realm));
    if (st == PARSE_OK)
        st = der_inner(krb_seek(&seq.val, 2, &pn));
    if (st != PARSE_OK)
        return st;
    if (!krb_is_string(&realm) || pn.cls != DER_UNIVERSAL || pn.tag != DER_TAG_SEQUENCE)
        return PARSE_INVALID;
    st = der_inner(krb_seek(&pn.val, 1, &ns));
    if (st != PARSE_OK)
        return st;
    if (ns.cls != DER_UNIVERSAL || ns.tag != DER_TAG_SEQUENCE)
        return PARSE_INVALID;
    struct rd names[SMB_KRB_MAX_SNAMES];
    uint8_t n = 0;
    while (rd_left(&ns.val) > 0) {
        st = der_inner(der_read(&ns.val, &s));
        if (st != PARSE_OK)
            return st;
        if (!krb_is_string(&s))
            return PARSE_INVALID;
        if (n < SMB_KRB_MAX_SNAMES)
            names[n++] = s.val;
    }
    gss_str_bytes(out->krb_realm, sizeof(out->krb_realm), realm.val.p, rd_left(&realm.val));
    for (uint8_t i = 0; i < n; i++)
        gss_str_bytes(out->krb_snames[i], sizeof(out->krb_snames[i]), names[i].p,
                      rd_left(&names[i]));
    out->n_snames = n;
    out->auth = SMB_AUTH_KERBEROS;
    return PARSE_OK;
}

/* AP-REQ ::= [APPLICATION 14] SEQUENCE { pvno [0], msg-type [1],
 * ap-options [2], ticket [3] Ticket, authenticator [4] } */
enum parse_status krb_ap_req_parse(const uint8_t *tok, size_t len, struct smb_session *out)
{
    struct rd r = rd_make(tok, len);
    struct der_tlv app, seq, w;
    out->mech = SMB_MECH_KERBEROS;
    enum parse_status st = der_expect(&r, DER_APPLICATION, true, KRB_TAG_AP_REQ, &app);
    if (st == PARSE_OK)
        st = der_inner(der_expect(&app.val, DER_UNIVERSAL, true, DER_TAG_SEQUENCE, &seq));
    if (st != PARSE_OK)
        return st;
    /* find [3] and hand its whole content (the Ticket TLV) over */
    for (;;) {
        st = der_inner(der_read(&seq.val, &w));
        if (st != PARSE_OK)
            return st;
        if (w.cls != DER_CONTEXT || !w.constructed || w.tag > 3)
            return PARSE_INVALID;
        if (w.tag == 3)
            return der_inner(krb_ticket(&w.val, out));
    }
}

enum parse_status krb_token_parse(const uint8_t *tok, size_t len, struct smb_session *out)
{
    struct rd r = rd_make(tok, len);
    out->mech = SMB_MECH_KERBEROS;
    uint16_t tok_id = rd_be16(&r);
    if (r.bad)
        return PARSE_TRUNCATED;
    if (tok_id != KRB_TOK_AP_REQ)
        return PARSE_OK; /* AP-REP, KRB-ERROR, TGT-REQ: the mechanism only */
    return krb_ap_req_parse(r.p, rd_left(&r), out);
}
