/* smb2-header.c - the 64-byte SMB2 packet header (MS-SMB2 2.2.1.1 sync,
 * 2.2.1.2 async). */
#include "app/smb/smb-follow-msg.h"

#include <string.h>

#include "util/bytes.h"

static const uint8_t smb2_protocol_id[4] = {0xFE, 'S', 'M', 'B'};

/* Parse the SMB2 header at `msg`.  The ProtocolId is compared over the bytes
 * present, so a wrong magic is PARSE_INVALID even in a short buffer; fewer
 * than 64 bytes otherwise give PARSE_TRUNCATED; a StructureSize other than
 * 64 is PARSE_INVALID.  `out` is zeroed first and filled on PARSE_OK (and as
 * far as read otherwise).  The MS-SMB2 3.x request fields ChannelSequence /
 * Reserved share the Status word and are returned in `status`. */
enum parse_status smb2_hdr_parse(const uint8_t *msg, size_t len, struct smb2_hdr *out)
{
    memset(out, 0, sizeof(*out));
    size_t magic = len < sizeof(smb2_protocol_id) ? len : sizeof(smb2_protocol_id);
    if (magic > 0 && memcmp(msg, smb2_protocol_id, magic) != 0)
        return PARSE_INVALID;
    if (len < SMB2_HDR_LEN)
        return PARSE_TRUNCATED;

    struct rd r = rd_make(msg, SMB2_HDR_LEN);
    rd_skip(&r, 4); /* ProtocolId */
    uint16_t structure_size = rd_le16(&r);
    out->credit_charge = rd_le16(&r);
    out->status = rd_le32(&r);
    out->command = rd_le16(&r);
    out->credits = rd_le16(&r);
    out->flags = rd_le32(&r);
    out->next_command = rd_le32(&r);
    out->message_id = rd_le64(&r);
    if (out->flags & SMB2_FLAGS_ASYNC_COMMAND) {
        out->async_id = rd_le64(&r);
    } else {
        out->process_id = rd_le32(&r); /* Reserved in MS-SMB2, kept for Zeek parity */
        out->tree_id = rd_le32(&r);
    }
    out->session_id = rd_le64(&r);
    rd_copy(&r, out->signature, sizeof(out->signature));
    if (r.bad)
        return PARSE_TRUNCATED; /* unreachable: len >= 64 was checked */
    return structure_size == SMB2_HDR_LEN ? PARSE_OK : PARSE_INVALID;
}

/* The header of a message expected to carry `command`. */
enum parse_status smb2_hdr_expect(const uint8_t *msg, size_t len, uint16_t command,
                                  struct smb2_hdr *h)
{
    enum parse_status st = smb2_hdr_parse(msg, len, h);
    if (st == PARSE_OK && h->command != command)
        return PARSE_INVALID;
    return st;
}
