/* nbss.h - NetBIOS session service framing (RFC 1002 4.3; MS-SMB2 2.1 direct
 * TCP transport: a zero byte and a 24-bit length). */
#ifndef SMBNEG_NBSS_H
#define SMBNEG_NBSS_H

#include <stddef.h>
#include <stdint.h>

#include "app/smb/smb-msg.h"

#define NBSS_HDR_LEN 4

enum nbss_type {
    NBSS_SESSION_MESSAGE = 0x00,
    NBSS_SESSION_REQUEST = 0x81,
    NBSS_POSITIVE_RESPONSE = 0x82,
    NBSS_NEGATIVE_RESPONSE = 0x83,
    NBSS_RETARGET_RESPONSE = 0x84,
    NBSS_KEEP_ALIVE = 0x85,
};

struct nbss_frame {
    uint8_t type;
    uint32_t length; /* payload bytes after the 4-byte header */
};

/* Read the frame header at buf.  PARSE_TRUNCATED when fewer than 4 bytes;
 * PARSE_INVALID when the type is not an NBSS type (or a control frame
 * carries an impossible length).  The payload need not be present. */
enum parse_status nbss_frame_parse(const uint8_t *buf, size_t len, struct nbss_frame *out);

/* Does buf start like SMB over NBSS: a session message whose payload
 * starts with \xFESMB, \xFFSMB, \xFDSMB or \xFCSMB (or a session request)? */
int nbss_probe(const uint8_t *buf, size_t len);

#endif
