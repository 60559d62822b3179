/* smb2-session-setup.c - SMB2 SESSION_SETUP request and response bodies
 * (MS-SMB2 2.2.5, 2.2.6; 2.2.2 ERROR response). */
#include "app/smb/smb-follow-msg.h"

#include <string.h>

#include "util/bytes.h"

#define SS_REQ_STRUCTURE_SIZE 25  /* 24 fixed bytes + 1 of Buffer */
#define SS_RESP_STRUCTURE_SIZE 9  /* 8 fixed bytes + 1 of Buffer */

static void ss_flag(uint32_t *anomalies, enum smb_anomaly a)
{
    *anomalies |= 1u << a;
}

/* The header check shared by both directions. */
static enum parse_status ss_hdr(const uint8_t *msg, size_t len, struct smb2_hdr *h,
                                uint32_t *anomalies)
{
    enum parse_status st = smb2_hdr_expect(msg, len, SMB2_CMD_SESSION_SETUP, h);
    if (st == PARSE_TRUNCATED)
        ss_flag(anomalies, SMB_AN_SESSION_SETUP_TRUNCATED);
    else if (st == PARSE_INVALID)
        ss_flag(anomalies, SMB_AN_BAD_HEADER);
    return st;
}

/* Locate the security buffer: empty when its length is 0, else it must lie
 * inside the message (PARSE_TRUNCATED otherwise). */
static enum parse_status ss_secbuf(const uint8_t *msg, size_t len, uint16_t off, uint16_t n,
                                   const uint8_t **out, uint32_t *anomalies)
{
    if (n == 0)
        return PARSE_OK;
    if (off > len || n > len - off) {
        ss_flag(anomalies, SMB_AN_SESSION_SETUP_TRUNCATED);
        return PARSE_TRUNCATED;
    }
    *out = msg + off;
    return PARSE_OK;
}

/* Parse a SESSION_SETUP request (2.2.5): StructureSize(2) Flags(1)
 * SecurityMode(1) Capabilities(4) Channel(4) SecurityBufferOffset(2)
 * SecurityBufferLength(2) PreviousSessionId(8) Buffer. */
enum parse_status smb2_session_setup_req_parse(const uint8_t *msg, size_t len,
                                               struct smb2_session_setup_req *out)
{
    memset(out, 0, sizeof(*out));
    struct smb2_hdr h;
    enum parse_status st = ss_hdr(msg, len, &h, &out->anomalies);
    if (st != PARSE_OK)
        return st;
    struct rd r = rd_at(msg, len, SMB2_HDR_LEN);
    out->structure_size = rd_le16(&r);
    if (!r.bad && out->structure_size != SS_REQ_STRUCTURE_SIZE) {
        ss_flag(&out->anomalies, SMB_AN_SESSION_SETUP_BAD_STRUCTURE_SIZE);
        return PARSE_INVALID;
    }
    out->flags = rd_u8(&r);
    out->security_mode = rd_u8(&r);
    out->capabilities = rd_le32(&r);
    out->channel = rd_le32(&r);
    out->secbuf_offset = rd_le16(&r);
    out->secbuf_length = rd_le16(&r);
    out->previous_session_id = rd_le64(&r);
    if (r.bad) {
        ss_flag(&out->anomalies, SMB_AN_SESSION_SETUP_TRUNCATED);
        return PARSE_TRUNCATED;
    }
    return ss_secbuf(msg, len, out->secbuf_offset, out->secbuf_length, &out->secbuf,
                     &out->anomalies);
}

/* Parse a SESSION_SETUP response (2.2.6): StructureSize(2) SessionFlags(2)
 * SecurityBufferOffset(2) SecurityBufferLength(2) Buffer.  An error status
 * other than STATUS_MORE_PROCESSING_REQUIRED carries the ERROR body (2.2.2,
 * the same StructureSize 9): is_error, nothing else read. */
enum parse_status smb2_session_setup_resp_parse(const uint8_t *msg, size_t len,
                                                struct smb2_session_setup_resp *out)
{
    memset(out, 0, sizeof(*out));
    struct smb2_hdr h;
    enum parse_status st = ss_hdr(msg, len, &h, &out->anomalies);
    if (st != PARSE_OK)
        return st;
    struct rd r = rd_at(msg, len, SMB2_HDR_LEN);
    out->structure_size = rd_le16(&r);
    if (!r.bad && out->structure_size != SS_RESP_STRUCTURE_SIZE) {
        ss_flag(&out->anomalies, SMB_AN_SESSION_SETUP_BAD_STRUCTURE_SIZE);
        return PARSE_INVALID;
    }
    if (smb2_status_has_error_body(h.status) &&
        h.status != SMB2_STATUS_MORE_PROCESSING_REQUIRED) {
        out->is_error = true;
        if (smb2_error_body_whole(len))
            return PARSE_OK;
        ss_flag(&out->anomalies, SMB_AN_SESSION_SETUP_TRUNCATED);
        return PARSE_TRUNCATED;
    }
    out->session_flags = rd_le16(&r);
    out->secbuf_offset = rd_le16(&r);
    out->secbuf_length = rd_le16(&r);
    if (r.bad) {
        ss_flag(&out->anomalies, SMB_AN_SESSION_SETUP_TRUNCATED);
        return PARSE_TRUNCATED;
    }
    return ss_secbuf(msg, len, out->secbuf_offset, out->secbuf_length, &out->secbuf,
                     &out->anomalies);
}
