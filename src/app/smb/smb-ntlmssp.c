/* smb-ntlmssp.c - NTLMSSP messages inside SMB2 SESSION_SETUP security
 * buffers (MS-NLMP 2.2.1.1 NEGOTIATE, 2.2.1.2 CHALLENGE, 2.2.1.3
 * AUTHENTICATE, 2.2.2.10 VERSION). */
#include <stdio.h>
#include <string.h>

#include "app/smb/smb-gss-int.h"
#include "util/bytes.h"

/* MS-NLMP 2.2.1.x MessageType */
#define NTLMSSP_NEGOTIATE 1u
#define NTLMSSP_CHALLENGE 2u
#define NTLMSSP_AUTH 3u
/* MS-NLMP 2.2.2.5 NegotiateFlags */
#define NTLMSSP_NEGOTIATE_UNICODE 0x00000001u
#define NTLMSSP_NEGOTIATE_VERSION 0x02000000u

#define NTLMSSP_NEGOTIATE_LEN \
    32 /* Signature, MessageType, NegotiateFlags,
                                  * DomainNameFields, WorkstationFields */
#define NTLMSSP_CHALLENGE_LEN \
    48                      /* ... TargetNameFields, NegotiateFlags,
                                  * ServerChallenge, Reserved, TargetInfoFields */
#define NTLMSSP_AUTH_MIN 64 /* ... six payload fields, NegotiateFlags */
#define NTLMSSP_VERSION_LEN 8

/* A payload field descriptor (2.2.1.3: Len, MaxLen, BufferOffset), the
 * offset counted from the start of the message. */
struct ntlmssp_field {
    uint16_t len;
    uint32_t off;
};

static struct ntlmssp_field ntlmssp_read_field(struct rd *r)
{
    struct ntlmssp_field f;
    f.len = rd_le16(r);
    (void)rd_le16(r); /* MaxLen: not used */
    f.off = rd_le32(r);
    return f;
}

/* The field's bytes inside tok[0..len), or NULL when it runs past the end
 * (an empty field is always present). */
static const uint8_t *ntlmssp_field_bytes(const uint8_t *tok, size_t len,
                                          const struct ntlmssp_field *f)
{
    static const uint8_t empty[1];
    if (f->len == 0)
        return empty;
    struct rd r = rd_at(tok, len, f->off);
    return rd_take(&r, f->len);
}

static bool ntlmssp_field_ok(const uint8_t *tok, size_t len, const struct ntlmssp_field *f)
{
    return ntlmssp_field_bytes(tok, len, f) != NULL;
}

/* Copy a field that ntlmssp_field_ok() accepted. */
static void ntlmssp_copy(char *dst, size_t cap, const uint8_t *tok, size_t len,
                         const struct ntlmssp_field *f, bool unicode)
{
    const uint8_t *s = ntlmssp_field_bytes(tok, len, f);
    if (unicode)
        gss_str_utf16le(dst, cap, s, f->len);
    else
        gss_str_bytes(dst, cap, s, f->len);
}

/* AUTHENTICATE (2.2.1.3): LmChallengeResponseFields, NtChallengeResponseFields,
 * DomainNameFields, UserNameFields, WorkstationFields,
 * EncryptedRandomSessionKeyFields, NegotiateFlags, then Version when
 * NEGOTIATE_VERSION is set. */
static enum parse_status ntlmssp_auth(const uint8_t *tok, size_t len, struct rd *r,
                                      struct smb_session *out)
{
    struct ntlmssp_field lm, nt, dom, user, host, key;
    if (rd_left(r) < NTLMSSP_AUTH_MIN - 12)
        return PARSE_TRUNCATED;
    lm = ntlmssp_read_field(r);
    nt = ntlmssp_read_field(r);
    dom = ntlmssp_read_field(r);
    user = ntlmssp_read_field(r);
    host = ntlmssp_read_field(r);
    key = ntlmssp_read_field(r);
    uint32_t flags = rd_le32(r);
    const uint8_t *ver = NULL;
    if (flags & NTLMSSP_NEGOTIATE_VERSION) {
        ver = rd_take(r, NTLMSSP_VERSION_LEN);
        if (!ver)
            return PARSE_TRUNCATED;
    }
    if (!ntlmssp_field_ok(tok, len, &lm) || !ntlmssp_field_ok(tok, len, &nt) ||
        !ntlmssp_field_ok(tok, len, &dom) || !ntlmssp_field_ok(tok, len, &user) ||
        !ntlmssp_field_ok(tok, len, &host) || !ntlmssp_field_ok(tok, len, &key))
        return PARSE_TRUNCATED;
    bool unicode = (flags & NTLMSSP_NEGOTIATE_UNICODE) != 0;
    ntlmssp_copy(out->ntlmssp_user, sizeof(out->ntlmssp_user), tok, len, &user, unicode);
    ntlmssp_copy(out->ntlmssp_domain, sizeof(out->ntlmssp_domain), tok, len, &dom, unicode);
    ntlmssp_copy(out->ntlmssp_host, sizeof(out->ntlmssp_host), tok, len, &host, unicode);
    if (ver) {
        /* 2.2.2.10: ProductMajorVersion, ProductMinorVersion,
         * ProductBuild (LE), Reserved(3), NTLMRevisionCurrent; written as
         * Suricata's ntlmssp.version */
        unsigned build = (unsigned)ver[2] | (unsigned)ver[3] << 8;
        snprintf(out->ntlmssp_version, sizeof(out->ntlmssp_version), "%u.%u build %u rev %u",
                 (unsigned)ver[0], (unsigned)ver[1], build, (unsigned)ver[7]);
    }
    /* 3.2.5.1.2: anonymous = no user, no NT response, LM response empty or
     * Z(1) */
    bool lm_empty = lm.len == 0 || (lm.len == 1 && ntlmssp_field_bytes(tok, len, &lm)[0] == 0);
    out->auth = (user.len == 0 && nt.len == 0 && lm_empty) ? SMB_AUTH_ANONYMOUS : SMB_AUTH_NTLMSSP;
    return PARSE_OK;
}

/* The version field (2.2.2.10) follows the fixed part when
 * NEGOTIATE_VERSION is set. */
static enum parse_status ntlmssp_version(struct rd *r, uint32_t flags)
{
    if ((flags & NTLMSSP_NEGOTIATE_VERSION) && !rd_take(r, NTLMSSP_VERSION_LEN))
        return PARSE_TRUNCATED;
    return PARSE_OK;
}

/* NEGOTIATE (2.2.1.1): NegotiateFlags, DomainNameFields,
 * WorkstationFields, Version.  Nothing kept: the fields are checked so
 * that a cut message is told. */
static enum parse_status ntlmssp_negotiate(const uint8_t *tok, size_t len, struct rd *r)
{
    if (len < NTLMSSP_NEGOTIATE_LEN)
        return PARSE_TRUNCATED;
    uint32_t flags = rd_le32(r);
    struct ntlmssp_field dom = ntlmssp_read_field(r);
    struct ntlmssp_field ws = ntlmssp_read_field(r);
    if (!ntlmssp_field_ok(tok, len, &dom) || !ntlmssp_field_ok(tok, len, &ws))
        return PARSE_TRUNCATED;
    return ntlmssp_version(r, flags);
}

/* CHALLENGE (2.2.1.2): TargetNameFields, NegotiateFlags, ServerChallenge(8),
 * Reserved(8), TargetInfoFields, Version. */
static enum parse_status ntlmssp_challenge(const uint8_t *tok, size_t len, struct rd *r)
{
    if (len < NTLMSSP_CHALLENGE_LEN)
        return PARSE_TRUNCATED;
    struct ntlmssp_field target = ntlmssp_read_field(r);
    uint32_t flags = rd_le32(r);
    rd_skip(r, 16);
    struct ntlmssp_field info = ntlmssp_read_field(r);
    if (!ntlmssp_field_ok(tok, len, &target) || !ntlmssp_field_ok(tok, len, &info))
        return PARSE_TRUNCATED;
    return ntlmssp_version(r, flags);
}

enum parse_status ntlmssp_parse(const uint8_t *tok, size_t len, struct smb_session *out)
{
    struct rd r = rd_make(tok, len);
    const uint8_t *sig = rd_take(&r, NTLMSSP_SIGNATURE_LEN);
    if (!sig)
        return PARSE_TRUNCATED;
    if (memcmp(sig, NTLMSSP_SIGNATURE, NTLMSSP_SIGNATURE_LEN) != 0)
        return PARSE_INVALID;
    out->mech = SMB_MECH_NTLMSSP;
    if (rd_left(&r) < 4)
        return PARSE_TRUNCATED;
    uint32_t type = rd_le32(&r);
    switch (type) {
    case NTLMSSP_NEGOTIATE:
        return ntlmssp_negotiate(tok, len, &r);
    case NTLMSSP_CHALLENGE:
        return ntlmssp_challenge(tok, len, &r);
    case NTLMSSP_AUTH:
        return ntlmssp_auth(tok, len, &r, out);
    default:
        return PARSE_OK; /* a message type this decoder does not read */
    }
}
