/* smb1-negotiate.c - SMB1 header and SMB_COM_NEGOTIATE request/response
 * (MS-CIFS 2.2.3.1, 2.2.4.52.1, 2.2.4.52.2; MS-SMB 2.2.4.5.2.1). */
#include "app/smb/smb-msg.h"

#include <string.h>

#include "util/bytes.h"

#define SMB1_DIALECT_BUFFER_FORMAT 0x02   /* MS-CIFS 2.2.4.52.1 */
#define SMB1_CAP_EXTENDED_SECURITY 0x80000000u /* MS-SMB 2.2.4.5.2.1 */
#define SMB1_SERVER_GUID_LEN 16
#define SMB1_WC_CORE 1    /* DialectIndex only */
#define SMB1_WC_LANMAN 13 /* LANMAN1.0 .. LANMAN2.1 */
#define SMB1_WC_NT 17     /* NT LM 0.12 */
#define SMB1_NO_DIALECT 0xFFFF

static const uint8_t smb1_protocol_id[4] = {0xFF, 'S', 'M', 'B'};

static void neg1_flag(uint32_t *anomalies, enum smb_anomaly a)
{
    *anomalies |= 1u << a;
}

/* Parse the 32-byte SMB1 header at `msg`.  A ProtocolId that differs from
 * \xFF"SMB" in the bytes present is PARSE_INVALID; fewer than 32 bytes
 * otherwise give PARSE_TRUNCATED.  `out` is zeroed first; pid is PIDLow. */
enum parse_status smb1_hdr_parse(const uint8_t *msg, size_t len, struct smb1_hdr *out)
{
    memset(out, 0, sizeof(*out));
    size_t magic = len < sizeof(smb1_protocol_id) ? len : sizeof(smb1_protocol_id);
    if (magic > 0 && memcmp(msg, smb1_protocol_id, magic) != 0)
        return PARSE_INVALID;
    if (len < SMB1_HDR_LEN)
        return PARSE_TRUNCATED;

    struct rd r = rd_make(msg, SMB1_HDR_LEN);
    rd_skip(&r, 4);
    out->command = rd_u8(&r);
    out->status = rd_le32(&r);
    out->flags = rd_u8(&r);
    out->flags2 = rd_le16(&r);
    rd_skip(&r, 2 + 8 + 2); /* PIDHigh, SecurityFeatures, Reserved */
    out->tid = rd_le16(&r);
    out->pid = rd_le16(&r);
    out->uid = rd_le16(&r);
    out->mid = rd_le16(&r);
    return r.bad ? PARSE_TRUNCATED : PARSE_OK;
}

/* Header check shared by both NEGOTIATE parsers: the command must be
 * SMB_COM_NEGOTIATE (0x72). */
static enum parse_status neg1_check_hdr(const uint8_t *msg, size_t len, uint32_t *anomalies)
{
    struct smb1_hdr h;
    enum parse_status st = smb1_hdr_parse(msg, len, &h);
    if (st == PARSE_OK && h.command != SMB1_COM_NEGOTIATE)
        st = PARSE_INVALID;
    if (st == PARSE_TRUNCATED)
        neg1_flag(anomalies, SMB_AN_TRUNCATED);
    else if (st == PARSE_INVALID)
        neg1_flag(anomalies, SMB_AN_BAD_HEADER);
    return st;
}

/* ------------------------------------------------------------------------
 * Request (MS-CIFS 2.2.4.52.1)
 * ------------------------------------------------------------------------ */

/* Copy one NUL-terminated string from `b` into dst (NULL: drop it), cutting
 * it at SMB1_DIALECT_MAX - 1 bytes with SMB_AN_LIST_TRUNCATED.  Returns
 * whether the NUL was found. */
static bool neg1_read_string(struct rd *b, char *dst, uint32_t *anomalies)
{
    size_t n = 0;
    while (rd_left(b) > 0) {
        uint8_t ch = rd_u8(b);
        if (ch == 0) {
            if (dst)
                dst[n] = '\0';
            return true;
        }
        if (n < SMB1_DIALECT_MAX - 1) {
            if (dst)
                dst[n] = (char)ch;
            n++;
        } else {
            neg1_flag(anomalies, SMB_AN_LIST_TRUNCATED);
        }
    }
    if (dst)
        dst[n] = '\0';
    return false;
}

/* Walk the Dialects buffer: each entry is BufferFormat 0x02 then a
 * NUL-terminated OEM string.  A wrong BufferFormat or (when the buffer was
 * not cut by the message end, `cut` false) a missing NUL is
 * SMB_AN_BAD_DIALECT_STRING; the entry is kept so that DialectIndex still
 * counts positions.  Entries beyond SMB1_MAX_DIALECTS are dropped. */
static void neg1_req_dialects(struct rd *b, bool cut, struct smb1_negotiate_req *out)
{
    while (rd_left(b) > 0) {
        if (rd_u8(b) != SMB1_DIALECT_BUFFER_FORMAT)
            neg1_flag(&out->anomalies, SMB_AN_BAD_DIALECT_STRING);
        char *dst = NULL;
        if (out->n_dialects < SMB1_MAX_DIALECTS)
            dst = out->dialects[out->n_dialects++];
        else
            neg1_flag(&out->anomalies, SMB_AN_LIST_TRUNCATED);
        if (!neg1_read_string(b, dst, &out->anomalies) && !cut)
            neg1_flag(&out->anomalies, SMB_AN_BAD_DIALECT_STRING);
    }
}

/* Parse an SMB1 NEGOTIATE request; `msg` starts at the SMB1 header.  `out`
 * is cleared, then filled.  PARSE_INVALID: bad header, command not 0x72,
 * WordCount != 0 (SMB_AN_BAD_STRUCTURE_SIZE) or no dialect at all
 * (SMB_AN_ZERO_DIALECTS).  PARSE_TRUNCATED: the message ends inside the
 * header or WordCount/ByteCount, or before ByteCount bytes
 * (SMB_AN_DIALECTS_PAST_END, the dialects present are kept). */
enum parse_status smb1_negotiate_req_parse(const uint8_t *msg, size_t len,
                                           struct smb1_negotiate_req *out)
{
    memset(out, 0, sizeof(*out));
    enum parse_status st = neg1_check_hdr(msg, len, &out->anomalies);
    if (st != PARSE_OK)
        return st;

    struct rd r = rd_at(msg, len, SMB1_HDR_LEN);
    uint8_t word_count = rd_u8(&r);
    if (!r.bad && word_count != 0) {
        neg1_flag(&out->anomalies, SMB_AN_BAD_STRUCTURE_SIZE);
        return PARSE_INVALID;
    }
    size_t byte_count = rd_le16(&r);
    if (r.bad) {
        neg1_flag(&out->anomalies, SMB_AN_TRUNCATED);
        return PARSE_TRUNCATED;
    }
    bool cut = byte_count > rd_left(&r);
    if (cut) {
        neg1_flag(&out->anomalies, SMB_AN_DIALECTS_PAST_END);
        byte_count = rd_left(&r);
        st = PARSE_TRUNCATED;
    }
    struct rd b = rd_sub(&r, byte_count);
    neg1_req_dialects(&b, cut, out);
    if (out->n_dialects == 0 && !cut) {
        neg1_flag(&out->anomalies, SMB_AN_ZERO_DIALECTS);
        return PARSE_INVALID;
    }
    return st;
}

/* ------------------------------------------------------------------------
 * Response (MS-CIFS 2.2.4.52.2, MS-SMB 2.2.4.5.2.1)
 * ------------------------------------------------------------------------ */

/* LANMAN words: DialectIndex(2) SecurityMode(2) MaxBufferSize(2)
 * MaxMpxCount(2) MaxNumberVcs(2) RawMode(2) SessionKey(4) ServerTime(2)
 * ServerDate(2) ServerTimeZone(2) EncryptionKeyLength(2) Reserved(2).
 * SecurityMode's defined bits all sit in its low byte. */
static void neg1_resp_lanman(struct rd *w, struct smb1_negotiate_resp *out)
{
    out->dialect_index = rd_le16(w);
    out->security_mode = (uint8_t)(rd_le16(w) & 0xFF);
    out->max_buffer_size = rd_le16(w);
    out->max_mpx_count = rd_le16(w);
}

/* NT LM 0.12 words: DialectIndex(2) SecurityMode(1) MaxMpxCount(2)
 * MaxNumberVcs(2) MaxBufferSize(4) MaxRawSize(4) SessionKey(4)
 * Capabilities(4) SystemTime(8) ServerTimeZone(2) ChallengeLength(1). */
static void neg1_resp_nt(struct rd *w, struct smb1_negotiate_resp *out)
{
    out->has_nt = true;
    out->dialect_index = rd_le16(w);
    out->security_mode = rd_u8(w);
    out->max_mpx_count = rd_le16(w);
    rd_skip(w, 2); /* MaxNumberVcs */
    out->max_buffer_size = rd_le32(w);
    rd_skip(w, 4 + 4); /* MaxRawSize, SessionKey */
    out->capabilities = rd_le32(w);
    out->system_time = rd_le64(w);
}

/* SMB_Data: ByteCount(2) then, with extended security, ServerGUID(16) and
 * the security blob; otherwise the challenge and domain name.  The GUID is
 * kept only when its 16 bytes are present. */
static enum parse_status neg1_resp_bytes(struct rd *r, struct smb1_negotiate_resp *out)
{
    size_t byte_count = rd_le16(r);
    if (r->bad || byte_count > rd_left(r)) {
        neg1_flag(&out->anomalies, SMB_AN_TRUNCATED);
        return PARSE_TRUNCATED;
    }
    if (out->has_nt && (out->capabilities & SMB1_CAP_EXTENDED_SECURITY) &&
        byte_count >= SMB1_SERVER_GUID_LEN) {
        rd_copy(r, out->server_guid, SMB1_SERVER_GUID_LEN);
        out->has_server_guid = true;
    }
    return PARSE_OK;
}

/* Parse an SMB1 NEGOTIATE response; `msg` starts at the SMB1 header.  `out`
 * is cleared and dialect_index starts as 0xFFFF ("none") until read.
 * WordCount 1, 13 and 17 are decoded; any other WordCount keeps
 * DialectIndex when present and is PARSE_INVALID with
 * SMB_AN_BAD_STRUCTURE_SIZE.  PARSE_TRUNCATED: the words or the ByteCount
 * bytes run past the message.  DialectIndex is not checked against the
 * request here (the caller owns that pairing: SMB_AN_BAD_DIALECT_INDEX). */
enum parse_status smb1_negotiate_resp_parse(const uint8_t *msg, size_t len,
                                            struct smb1_negotiate_resp *out)
{
    memset(out, 0, sizeof(*out));
    out->dialect_index = SMB1_NO_DIALECT;
    enum parse_status st = neg1_check_hdr(msg, len, &out->anomalies);
    if (st != PARSE_OK)
        return st;

    struct rd r = rd_at(msg, len, SMB1_HDR_LEN);
    out->word_count = rd_u8(&r);
    struct rd w = rd_sub(&r, (size_t)out->word_count * 2);
    if (r.bad) {
        neg1_flag(&out->anomalies, SMB_AN_TRUNCATED);
        return PARSE_TRUNCATED;
    }
    switch (out->word_count) {
    case SMB1_WC_CORE:
        out->dialect_index = rd_le16(&w);
        break;
    case SMB1_WC_LANMAN:
        neg1_resp_lanman(&w, out);
        break;
    case SMB1_WC_NT:
        neg1_resp_nt(&w, out);
        break;
    default:
        if (rd_left(&w) >= 2)
            out->dialect_index = rd_le16(&w);
        neg1_flag(&out->anomalies, SMB_AN_BAD_STRUCTURE_SIZE);
        return PARSE_INVALID;
    }
    return neg1_resp_bytes(&r, out);
}
