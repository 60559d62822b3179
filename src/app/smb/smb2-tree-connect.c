/* smb2-tree-connect.c - SMB2 TREE_CONNECT request and response bodies
 * (MS-SMB2 2.2.9, 2.2.10; 2.2.2 ERROR response). */
#include "app/smb/smb-follow-msg.h"

#include <string.h>

#include "util/bytes.h"
#include "util/utf16.h"

#define TC_REQ_STRUCTURE_SIZE 9   /* 8 fixed bytes + 1 of Buffer */
#define TC_RESP_STRUCTURE_SIZE 16

static void tc_flag(uint32_t *anomalies, enum smb_anomaly a)
{
    *anomalies |= 1u << a;
}

static enum parse_status tc_hdr(const uint8_t *msg, size_t len, struct smb2_hdr *h,
                                uint32_t *anomalies)
{
    enum parse_status st = smb2_hdr_expect(msg, len, SMB2_CMD_TREE_CONNECT, h);
    if (st == PARSE_TRUNCATED)
        tc_flag(anomalies, SMB_AN_TREE_CONNECT_TRUNCATED);
    else if (st == PARSE_INVALID)
        tc_flag(anomalies, SMB_AN_BAD_HEADER);
    return st;
}

/* Parse a TREE_CONNECT request (2.2.9): StructureSize(2) Flags(2)
 * PathOffset(2) PathLength(2) Buffer.  The path (PathOffset from the
 * header, PathLength bytes of UTF-16LE) must lie inside the message; one
 * longer than out->path is cut (SMB_AN_TREE_CONNECT_PATH_TRUNCATED).  With
 * the 3.1.1 extension flag PathOffset still locates the path (2.2.9.1). */
enum parse_status smb2_tree_connect_req_parse(const uint8_t *msg, size_t len,
                                              struct smb2_tree_connect_req *out)
{
    memset(out, 0, sizeof(*out));
    struct smb2_hdr h;
    enum parse_status st = tc_hdr(msg, len, &h, &out->anomalies);
    if (st != PARSE_OK)
        return st;
    struct rd r = rd_at(msg, len, SMB2_HDR_LEN);
    out->structure_size = rd_le16(&r);
    if (!r.bad && out->structure_size != TC_REQ_STRUCTURE_SIZE) {
        tc_flag(&out->anomalies, SMB_AN_TREE_CONNECT_BAD_STRUCTURE_SIZE);
        return PARSE_INVALID;
    }
    out->flags = rd_le16(&r);
    out->path_offset = rd_le16(&r);
    out->path_length = rd_le16(&r);
    if (r.bad) {
        tc_flag(&out->anomalies, SMB_AN_TREE_CONNECT_TRUNCATED);
        return PARSE_TRUNCATED;
    }
    if (out->path_length == 0)
        return PARSE_OK;
    struct rd p = rd_at(msg, len, out->path_offset);
    struct rd path = rd_sub(&p, out->path_length);
    if (p.bad) {
        tc_flag(&out->anomalies, SMB_AN_TREE_CONNECT_TRUNCATED);
        return PARSE_TRUNCATED;
    }
    if (!utf16le_to_utf8(&path, out->path, sizeof(out->path)))
        tc_flag(&out->anomalies, SMB_AN_TREE_CONNECT_PATH_TRUNCATED);
    return PARSE_OK;
}

/* Parse a TREE_CONNECT response (2.2.10): StructureSize(2) ShareType(1)
 * Reserved(1) ShareFlags(4) Capabilities(4) MaximalAccess(4); an error
 * status with the 9-byte ERROR body sets is_error. */
enum parse_status smb2_tree_connect_resp_parse(const uint8_t *msg, size_t len,
                                               struct smb2_tree_connect_resp *out)
{
    memset(out, 0, sizeof(*out));
    struct smb2_hdr h;
    enum parse_status st = tc_hdr(msg, len, &h, &out->anomalies);
    if (st != PARSE_OK)
        return st;
    struct rd r = rd_at(msg, len, SMB2_HDR_LEN);
    out->structure_size = rd_le16(&r);
    if (!r.bad && smb2_resp_is_error(h.status, out->structure_size)) {
        out->is_error = true;
        if (smb2_error_body_whole(len))
            return PARSE_OK;
        tc_flag(&out->anomalies, SMB_AN_TREE_CONNECT_TRUNCATED);
        return PARSE_TRUNCATED;
    }
    if (!r.bad && out->structure_size != TC_RESP_STRUCTURE_SIZE) {
        tc_flag(&out->anomalies, SMB_AN_TREE_CONNECT_BAD_STRUCTURE_SIZE);
        return PARSE_INVALID;
    }
    out->share_type = rd_u8(&r);
    rd_skip(&r, 1); /* Reserved */
    out->share_flags = rd_le32(&r);
    out->capabilities = rd_le32(&r);
    out->maximal_access = rd_le32(&r);
    if (r.bad) {
        tc_flag(&out->anomalies, SMB_AN_TREE_CONNECT_TRUNCATED);
        return PARSE_TRUNCATED;
    }
    return PARSE_OK;
}
