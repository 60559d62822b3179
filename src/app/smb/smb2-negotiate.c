/* smb2-negotiate.c - SMB2 NEGOTIATE request and response bodies (MS-SMB2
 * 2.2.3 request, 2.2.4 response, 2.2.2 ERROR response). */
#include "app/smb/smb-msg.h"

#include <string.h>

#include "util/bytes.h"

#define SMB2_DIALECT_311 0x0311
#define NEG_REQ_STRUCTURE_SIZE 36  /* 2.2.3 */
#define NEG_RESP_STRUCTURE_SIZE 65 /* 2.2.4: 64 fixed bytes + 1 of Buffer */
#define ERROR_STRUCTURE_SIZE 9     /* 2.2.2: 8 fixed bytes + 1 of ErrorData */

static void neg_flag(uint32_t *anomalies, enum smb_anomaly a)
{
    *anomalies |= 1u << a;
}

/* Validate the SMB2 header in front of a NEGOTIATE body: a header cut short
 * is PARSE_TRUNCATED (SMB_AN_TRUNCATED); a bad ProtocolId, a header
 * StructureSize other than 64 or a command other than NEGOTIATE is
 * PARSE_INVALID (SMB_AN_BAD_HEADER). */
static enum parse_status neg_check_hdr(const uint8_t *msg, size_t len, uint32_t *anomalies)
{
    struct smb2_hdr h;
    enum parse_status st = smb2_hdr_parse(msg, len, &h);
    if (st == PARSE_OK && h.command != SMB2_CMD_NEGOTIATE)
        st = PARSE_INVALID;
    if (st == PARSE_TRUNCATED)
        neg_flag(anomalies, SMB_AN_TRUNCATED);
    else if (st == PARSE_INVALID)
        neg_flag(anomalies, SMB_AN_BAD_HEADER);
    return st;
}

/* A context list that runs past the message means the bytes ended early. */
static enum parse_status neg_ctx_status(uint32_t anomalies)
{
    uint32_t past = 1u << SMB_AN_NEGCTX_OFFSET_PAST_END | 1u << SMB_AN_NEGCTX_PAST_END;
    return (anomalies & past) ? PARSE_TRUNCATED : PARSE_OK;
}

/* ------------------------------------------------------------------------
 * Request (2.2.3)
 * ------------------------------------------------------------------------ */

/* Read DialectCount dialects, keeping the first SMB2_MAX_DIALECTS; *has_311
 * is set when 0x0311 is among those present (kept or not).  A list that
 * runs past the message keeps what fits and is PARSE_TRUNCATED. */
static enum parse_status neg_req_dialects(struct rd *r, struct smb2_negotiate_req *out,
                                          bool *has_311)
{
    uint32_t i;
    for (i = 0; i < out->dialect_count && rd_left(r) >= 2; i++) {
        uint16_t d = rd_le16(r);
        if (d == SMB2_DIALECT_311)
            *has_311 = true;
        if (out->n_dialects < SMB2_MAX_DIALECTS)
            out->dialects[out->n_dialects++] = d;
        else
            neg_flag(&out->anomalies, SMB_AN_LIST_TRUNCATED);
    }
    if (i < out->dialect_count) {
        neg_flag(&out->anomalies, SMB_AN_DIALECTS_PAST_END);
        return PARSE_TRUNCATED;
    }
    return PARSE_OK;
}

/* The 8 bytes after ClientGuid: NegotiateContextOffset(4)
 * NegotiateContextCount(2) Reserved2(2) when 3.1.1 is offered, else
 * ClientStartTime(8). */
static void neg_req_tail(struct rd *tail, bool has_311, struct smb2_negotiate_req *out)
{
    out->has_negctx = has_311;
    if (has_311) {
        out->negctx_offset = rd_le32(tail);
        out->negctx_count = rd_le16(tail);
    } else {
        out->client_start_time = rd_le64(tail);
    }
}

/* Parse an SMB2 NEGOTIATE request; `msg` starts at the SMB2 header and
 * `len` is the message length.  `out` is cleared, then filled as far as the
 * bytes allow.  PARSE_TRUNCATED: the header, fixed part, dialect list or a
 * context runs past `len`.  PARSE_INVALID: bad header, StructureSize != 36
 * or DialectCount 0.  Reads nothing outside [msg, msg + len). */
enum parse_status smb2_negotiate_req_parse(const uint8_t *msg, size_t len,
                                           struct smb2_negotiate_req *out)
{
    memset(out, 0, sizeof(*out));
    enum parse_status st = neg_check_hdr(msg, len, &out->anomalies);
    if (st != PARSE_OK)
        return st;

    struct rd r = rd_at(msg, len, SMB2_HDR_LEN);
    out->structure_size = rd_le16(&r);
    if (!r.bad && out->structure_size != NEG_REQ_STRUCTURE_SIZE) {
        neg_flag(&out->anomalies, SMB_AN_BAD_STRUCTURE_SIZE);
        return PARSE_INVALID;
    }
    out->dialect_count = rd_le16(&r);
    out->security_mode = rd_le16(&r);
    rd_skip(&r, 2); /* Reserved */
    out->capabilities = rd_le32(&r);
    rd_copy(&r, out->client_guid, sizeof(out->client_guid));
    struct rd tail = rd_sub(&r, 8);
    if (r.bad) {
        neg_flag(&out->anomalies, SMB_AN_TRUNCATED);
        return PARSE_TRUNCATED;
    }
    if (out->dialect_count == 0) {
        neg_flag(&out->anomalies, SMB_AN_ZERO_DIALECTS);
        return PARSE_INVALID;
    }

    bool has_311 = false;
    st = neg_req_dialects(&r, out, &has_311);
    neg_req_tail(&tail, has_311, out);
    if (st != PARSE_OK)
        return st; /* the contexts follow the dialects: none can be present */
    if (out->has_negctx && out->negctx_count > 0) {
        smb2_negctx_parse(msg, len, out->negctx_offset, out->negctx_count, &out->ctx,
                          &out->anomalies);
        st = neg_ctx_status(out->anomalies);
    }
    return st;
}

/* ------------------------------------------------------------------------
 * Response (2.2.4) and ERROR response (2.2.2)
 * ------------------------------------------------------------------------ */

/* 2.2.2 after StructureSize: ErrorContextCount(1) Reserved(1) ByteCount(4)
 * ErrorData[ByteCount], which is one byte when ByteCount is 0.  The status
 * itself is in the SMB2 header. */
static enum parse_status neg_resp_error(struct rd *r, struct smb2_negotiate_resp *out)
{
    out->is_error = true;
    rd_skip(r, 2);
    uint32_t byte_count = rd_le32(r);
    size_t data_len = byte_count ? byte_count : 1;
    if (r->bad || data_len > rd_left(r)) {
        neg_flag(&out->anomalies, SMB_AN_TRUNCATED);
        return PARSE_TRUNCATED;
    }
    return PARSE_OK;
}

/* The 62 bytes after StructureSize.  NegotiateContextCount/Offset are kept
 * only for dialect 0x0311; otherwise they are Reserved/Reserved2. */
static void neg_resp_fixed(struct rd *r, struct smb2_negotiate_resp *out)
{
    out->security_mode = rd_le16(r);
    out->dialect = rd_le16(r);
    uint16_t negctx_count = rd_le16(r);
    rd_copy(r, out->server_guid, sizeof(out->server_guid));
    out->capabilities = rd_le32(r);
    out->max_transact_size = rd_le32(r);
    out->max_read_size = rd_le32(r);
    out->max_write_size = rd_le32(r);
    out->system_time = rd_le64(r);
    out->server_start_time = rd_le64(r);
    out->secbuf_offset = rd_le16(r);
    out->secbuf_length = rd_le16(r);
    uint32_t negctx_offset = rd_le32(r);
    if (out->dialect == SMB2_DIALECT_311) {
        out->negctx_count = negctx_count;
        out->negctx_offset = negctx_offset;
    }
}

/* Parse an SMB2 NEGOTIATE response (or the ERROR response a server sends in
 * its place); `msg` starts at the SMB2 header.  `out` is cleared, then
 * filled as far as the bytes allow.  A security buffer or context list
 * outside the message is flagged and makes the result PARSE_TRUNCATED, but
 * the rest is still decoded.  PARSE_INVALID: bad header or a StructureSize
 * other than 65 or 9.  Reads nothing outside [msg, msg + len). */
enum parse_status smb2_negotiate_resp_parse(const uint8_t *msg, size_t len,
                                            struct smb2_negotiate_resp *out)
{
    memset(out, 0, sizeof(*out));
    enum parse_status st = neg_check_hdr(msg, len, &out->anomalies);
    if (st != PARSE_OK)
        return st;

    struct rd r = rd_at(msg, len, SMB2_HDR_LEN);
    out->structure_size = rd_le16(&r);
    if (r.bad) {
        neg_flag(&out->anomalies, SMB_AN_TRUNCATED);
        return PARSE_TRUNCATED;
    }
    if (out->structure_size == ERROR_STRUCTURE_SIZE)
        return neg_resp_error(&r, out);
    if (out->structure_size != NEG_RESP_STRUCTURE_SIZE) {
        neg_flag(&out->anomalies, SMB_AN_BAD_STRUCTURE_SIZE);
        return PARSE_INVALID;
    }
    neg_resp_fixed(&r, out);
    if (r.bad) {
        neg_flag(&out->anomalies, SMB_AN_TRUNCATED);
        return PARSE_TRUNCATED;
    }

    size_t off = out->secbuf_offset, n = out->secbuf_length;
    if (n > 0 && (off > len || n > len - off)) {
        neg_flag(&out->anomalies, SMB_AN_SECBUF_PAST_END);
        st = PARSE_TRUNCATED;
    }
    if (out->negctx_count > 0) {
        smb2_negctx_parse(msg, len, out->negctx_offset, out->negctx_count, &out->ctx,
                          &out->anomalies);
        if (neg_ctx_status(out->anomalies) != PARSE_OK)
            st = PARSE_TRUNCATED;
    }
    return st;
}
