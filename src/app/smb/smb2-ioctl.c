/* smb2-ioctl.c - SMB2 IOCTL request and response bodies (MS-SMB2 2.2.31,
 * 2.2.32; 2.2.2 ERROR response) and the FSCTL_VALIDATE_NEGOTIATE_INFO
 * structures they carry (2.2.31.4, 2.2.32.6). */
#include "app/smb/smb-follow-msg.h"

#include <string.h>

#include "util/bytes.h"

#define IOCTL_REQ_STRUCTURE_SIZE 57  /* 56 fixed bytes + 1 of Buffer */
#define IOCTL_RESP_STRUCTURE_SIZE 49 /* 48 fixed bytes + 1 of Buffer */
#define VNEG_REQ_FIXED 24            /* Capabilities Guid SecurityMode DialectCount */
#define VNEG_RESP_LEN 24             /* Capabilities Guid SecurityMode Dialect */

static void ioctl_flag(uint32_t *anomalies, enum smb_anomaly a)
{
    *anomalies |= 1u << a;
}

static enum parse_status ioctl_hdr(const uint8_t *msg, size_t len, struct smb2_hdr *h,
                                   uint32_t *anomalies)
{
    enum parse_status st = smb2_hdr_expect(msg, len, SMB2_CMD_IOCTL, h);
    if (st == PARSE_TRUNCATED)
        ioctl_flag(anomalies, SMB_AN_IOCTL_TRUNCATED);
    else if (st == PARSE_INVALID)
        ioctl_flag(anomalies, SMB_AN_BAD_HEADER);
    return st;
}

/* A reader over the count bytes at off from the header: bad when they do
 * not lie inside the message. */
static struct rd ioctl_buffer(const uint8_t *msg, size_t len, uint32_t off, uint32_t count)
{
    struct rd p = rd_at(msg, len, off);
    struct rd b = rd_sub(&p, count);
    b.bad = p.bad;
    return b;
}

/* 2.2.31.4: Capabilities(4) Guid(16) SecurityMode(2) DialectCount(2)
 * Dialects[DialectCount]; false when the input is too small for that. */
static bool ioctl_validate_req(struct rd *in, struct smb2_validate_req *v, uint32_t *anomalies)
{
    v->capabilities = rd_le32(in);
    rd_copy(in, v->guid, sizeof(v->guid));
    v->security_mode = rd_le16(in);
    v->dialect_count = rd_le16(in);
    if (in->bad || (size_t)v->dialect_count * 2 > rd_left(in)) {
        ioctl_flag(anomalies, SMB_AN_VALIDATE_NEGOTIATE_SHORT);
        return false;
    }
    for (uint32_t i = 0; i < v->dialect_count; i++) {
        uint16_t d = rd_le16(in);
        if (v->n_dialects < SMB2_MAX_DIALECTS)
            v->dialects[v->n_dialects++] = d;
        else
            ioctl_flag(anomalies, SMB_AN_LIST_TRUNCATED);
    }
    return true;
}

/* 2.2.32.6: Capabilities(4) Guid(16) SecurityMode(2) Dialect(2). */
static bool ioctl_validate_resp(struct rd *out, struct smb2_validate_resp *v,
                                uint32_t *anomalies)
{
    v->capabilities = rd_le32(out);
    rd_copy(out, v->guid, sizeof(v->guid));
    v->security_mode = rd_le16(out);
    v->dialect = rd_le16(out);
    if (out->bad) {
        memset(v, 0, sizeof(*v));
        ioctl_flag(anomalies, SMB_AN_VALIDATE_NEGOTIATE_SHORT);
        return false;
    }
    return true;
}

/* Parse an IOCTL request (2.2.31): StructureSize(2) Reserved(2) CtlCode(4)
 * FileId(16) InputOffset(4) InputCount(4) MaxInputResponse(4)
 * OutputOffset(4) OutputCount(4) MaxOutputResponse(4) Flags(4) Reserved2(4)
 * Buffer.  The input must lie inside the message; for
 * FSCTL_VALIDATE_NEGOTIATE_INFO it is decoded into `validate` (an input too
 * small for it: SMB_AN_VALIDATE_NEGOTIATE_SHORT, has_validate false). */
enum parse_status smb2_ioctl_req_parse(const uint8_t *msg, size_t len, struct smb2_ioctl_req *out)
{
    memset(out, 0, sizeof(*out));
    struct smb2_hdr h;
    enum parse_status st = ioctl_hdr(msg, len, &h, &out->anomalies);
    if (st != PARSE_OK)
        return st;
    struct rd r = rd_at(msg, len, SMB2_HDR_LEN);
    out->structure_size = rd_le16(&r);
    if (!r.bad && out->structure_size != IOCTL_REQ_STRUCTURE_SIZE) {
        ioctl_flag(&out->anomalies, SMB_AN_IOCTL_BAD_STRUCTURE_SIZE);
        return PARSE_INVALID;
    }
    rd_skip(&r, 2); /* Reserved */
    out->ctl_code = rd_le32(&r);
    rd_skip(&r, 16); /* FileId */
    out->input_offset = rd_le32(&r);
    out->input_count = rd_le32(&r);
    rd_skip(&r, 4); /* MaxInputResponse */
    out->output_offset = rd_le32(&r);
    out->output_count = rd_le32(&r);
    out->max_output_response = rd_le32(&r);
    out->flags = rd_le32(&r);
    rd_skip(&r, 4); /* Reserved2 */
    struct rd in = ioctl_buffer(msg, len, out->input_offset, out->input_count);
    if (r.bad || in.bad) {
        ioctl_flag(&out->anomalies, SMB_AN_IOCTL_TRUNCATED);
        return PARSE_TRUNCATED;
    }
    if (out->ctl_code == FSCTL_VALIDATE_NEGOTIATE_INFO)
        out->has_validate = ioctl_validate_req(&in, &out->validate, &out->anomalies);
    return PARSE_OK;
}

/* Parse an IOCTL response (2.2.32): StructureSize(2) Reserved(2) CtlCode(4)
 * FileId(16) InputOffset(4) InputCount(4) OutputOffset(4) OutputCount(4)
 * Flags(4) Reserved2(4) Buffer; an error status with the 9-byte ERROR body
 * sets is_error.  The output must lie inside the message; for
 * FSCTL_VALIDATE_NEGOTIATE_INFO it is decoded into `validate`. */
enum parse_status smb2_ioctl_resp_parse(const uint8_t *msg, size_t len,
                                        struct smb2_ioctl_resp *out)
{
    memset(out, 0, sizeof(*out));
    struct smb2_hdr h;
    enum parse_status st = ioctl_hdr(msg, len, &h, &out->anomalies);
    if (st != PARSE_OK)
        return st;
    struct rd r = rd_at(msg, len, SMB2_HDR_LEN);
    out->structure_size = rd_le16(&r);
    if (!r.bad && smb2_resp_is_error(h.status, out->structure_size)) {
        out->is_error = true;
        if (smb2_error_body_whole(len))
            return PARSE_OK;
        ioctl_flag(&out->anomalies, SMB_AN_IOCTL_TRUNCATED);
        return PARSE_TRUNCATED;
    }
    if (!r.bad && out->structure_size != IOCTL_RESP_STRUCTURE_SIZE) {
        ioctl_flag(&out->anomalies, SMB_AN_IOCTL_BAD_STRUCTURE_SIZE);
        return PARSE_INVALID;
    }
    rd_skip(&r, 2); /* Reserved */
    out->ctl_code = rd_le32(&r);
    rd_skip(&r, 16); /* FileId */
    out->input_offset = rd_le32(&r);
    out->input_count = rd_le32(&r);
    out->output_offset = rd_le32(&r);
    out->output_count = rd_le32(&r);
    out->flags = rd_le32(&r);
    rd_skip(&r, 4); /* Reserved2 */
    struct rd o = ioctl_buffer(msg, len, out->output_offset, out->output_count);
    if (r.bad || o.bad) {
        ioctl_flag(&out->anomalies, SMB_AN_IOCTL_TRUNCATED);
        return PARSE_TRUNCATED;
    }
    if (out->ctl_code == FSCTL_VALIDATE_NEGOTIATE_INFO && !smb2_status_is_error(h.status))
        out->has_validate = ioctl_validate_resp(&o, &out->validate, &out->anomalies);
    return PARSE_OK;
}
