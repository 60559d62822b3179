/* nbss.c - NetBIOS session service framing (RFC 1002 4.3.1; MS-SMB2 2.1). */
#include <string.h>

#include "app/smb/nbss.h"
#include "util/bytes.h"

enum parse_status nbss_frame_parse(const uint8_t *buf, size_t len, struct nbss_frame *out)
{
    struct rd r = rd_make(buf, len);
    uint8_t type = rd_u8(&r);
    uint32_t length = rd_be24(&r);
    if (r.bad)
        return PARSE_TRUNCATED;
    switch (type) {
    case NBSS_SESSION_MESSAGE:
        break;
    case NBSS_SESSION_REQUEST: /* two encoded NetBIOS names: 2 * (1 + 32 + 1) typically */
    case NBSS_NEGATIVE_RESPONSE:
    case NBSS_RETARGET_RESPONSE:
        if (length > 1024)
            return PARSE_INVALID;
        break;
    case NBSS_POSITIVE_RESPONSE:
    case NBSS_KEEP_ALIVE:
        if (length != 0)
            return PARSE_INVALID;
        break;
    default:
        return PARSE_INVALID;
    }
    out->type = type;
    out->length = length;
    return PARSE_OK;
}

int nbss_probe(const uint8_t *buf, size_t len)
{
    struct nbss_frame fr;
    if (nbss_frame_parse(buf, len, &fr) != PARSE_OK)
        return 0;
    if (fr.type == NBSS_SESSION_REQUEST)
        return 1;
    if (fr.type != NBSS_SESSION_MESSAGE || len < NBSS_HDR_LEN + 4)
        return 0;
    const uint8_t *m = buf + NBSS_HDR_LEN;
    return (m[0] == 0xFE || m[0] == 0xFF || m[0] == 0xFD || m[0] == 0xFC) &&
           memcmp(m + 1, "SMB", 3) == 0;
}
