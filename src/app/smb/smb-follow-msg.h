/* smb-follow-msg.h - the SMB2 messages read after the negotiation, decoded:
 * SESSION_SETUP (MS-SMB2 2.2.5, 2.2.6), TREE_CONNECT (2.2.9, 2.2.10) and
 * IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO (2.2.31, 2.2.31.4, 2.2.32, 2.2.32.6),
 * and their pure parsers.
 *
 * As in smb-msg.h: `msg` starts at the SMB2 header's ProtocolId, `len` is
 * the message's length (NBSS frame or compound element); nothing outside
 * [msg, msg + len) is read; `out` is cleared, then filled as far as the
 * bytes allow; PARSE_TRUNCATED means the bytes end before a structure (or a
 * buffer its offset/length declare) does, PARSE_INVALID a bad header, a
 * command other than the parser's or a wrong StructureSize.  Pointers in
 * `out` borrow from `msg`.  A response whose status is an NT error (or
 * STATUS_PENDING) and whose body is the ERROR response (2.2.2,
 * StructureSize 9, at least its 8 fixed bytes: servers leave out the one
 * byte of ErrorData the specification asks for) sets is_error and nothing
 * else. */
#ifndef SMBNEG_SMB_FOLLOW_MSG_H
#define SMBNEG_SMB_FOLLOW_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/smb/smb-msg.h"
#include "app/smb/smb-session.h"

#define SMB2_CMD_SESSION_SETUP 0x0001
#define SMB2_CMD_TREE_CONNECT 0x0003
#define SMB2_CMD_IOCTL 0x000B
#define SMB2_FLAGS_SIGNED 0x00000008u
#define SMB2_STATUS_PENDING 0x00000103u
#define SMB2_STATUS_MORE_PROCESSING_REQUIRED 0xC0000016u
#define FSCTL_VALIDATE_NEGOTIATE_INFO 0x00140204u

/* 2.2.5 */
struct smb2_session_setup_req {
    uint16_t structure_size;
    uint8_t flags;              /* SMB2_SESSION_FLAG_BINDING 0x01 */
    uint8_t security_mode;
    uint32_t capabilities;
    uint32_t channel;
    uint16_t secbuf_offset, secbuf_length;
    uint64_t previous_session_id;
    const uint8_t *secbuf;      /* the security buffer (NULL when empty) */
    uint32_t anomalies;         /* 1u << enum smb_anomaly */
};

/* 2.2.6 (STATUS_MORE_PROCESSING_REQUIRED carries this body too) */
struct smb2_session_setup_resp {
    uint16_t structure_size;
    bool is_error;
    uint16_t session_flags;
    uint16_t secbuf_offset, secbuf_length;
    const uint8_t *secbuf;
    uint32_t anomalies;
};

/* 2.2.9: the path (UTF-16LE) converted to UTF-8, cut to SMB_PATH_MAX */
struct smb2_tree_connect_req {
    uint16_t structure_size;
    uint16_t flags;             /* 3.1.1: CLUSTER_RECONNECT, REDIRECT_TO_OWNER, EXTENSION_PRESENT */
    uint16_t path_offset, path_length;
    char path[SMB_PATH_MAX];
    uint32_t anomalies;
};

/* 2.2.10 */
struct smb2_tree_connect_resp {
    uint16_t structure_size;
    bool is_error;
    uint8_t share_type;
    uint32_t share_flags;
    uint32_t capabilities;
    uint32_t maximal_access;
    uint32_t anomalies;
};

/* 2.2.31.4 VALIDATE_NEGOTIATE_INFO request (the IOCTL's input) */
struct smb2_validate_req {
    uint32_t capabilities;
    uint8_t guid[16];
    uint16_t security_mode;
    uint16_t dialect_count;
    uint16_t n_dialects;
    uint16_t dialects[SMB2_MAX_DIALECTS];
};

/* 2.2.32.6 VALIDATE_NEGOTIATE_INFO response (the IOCTL's output) */
struct smb2_validate_resp {
    uint32_t capabilities;
    uint8_t guid[16];
    uint16_t security_mode;
    uint16_t dialect;
};

/* 2.2.31; the input is decoded when CtlCode is FSCTL_VALIDATE_NEGOTIATE_INFO */
struct smb2_ioctl_req {
    uint16_t structure_size;
    uint32_t ctl_code;
    uint32_t input_offset, input_count;
    uint32_t output_offset, output_count;
    uint32_t max_output_response;
    uint32_t flags;             /* SMB2_0_IOCTL_IS_FSCTL 0x1 */
    bool has_validate;
    struct smb2_validate_req validate;
    uint32_t anomalies;
};

/* 2.2.32; the output is decoded when CtlCode is FSCTL_VALIDATE_NEGOTIATE_INFO */
struct smb2_ioctl_resp {
    uint16_t structure_size;
    bool is_error;
    uint32_t ctl_code;
    uint32_t input_offset, input_count;
    uint32_t output_offset, output_count;
    uint32_t flags;
    bool has_validate;
    struct smb2_validate_resp validate;
    uint32_t anomalies;
};

/* The SMB2 header in front of a body of `command`: PARSE_TRUNCATED when
 * shorter than 64 bytes, PARSE_INVALID when not an SMB2 header or another
 * command.  Fills *h on PARSE_OK (smb2-header.c). */
enum parse_status smb2_hdr_expect(const uint8_t *msg, size_t len, uint16_t command,
                                  struct smb2_hdr *h);
/* An NT status of severity error (MS-ERREF 2.3: the top two bits set). */
static inline bool smb2_status_is_error(uint32_t status)
{
    return (status >> 30) == 3;
}
/* A response with this status carries the ERROR body (2.2.2): an error, or
 * an interim STATUS_PENDING response (3.3.4.2). */
static inline bool smb2_status_has_error_body(uint32_t status)
{
    return smb2_status_is_error(status) || status == SMB2_STATUS_PENDING;
}
#define SMB2_ERROR_STRUCTURE_SIZE 9 /* 2.2.2: 8 fixed bytes + 1 of ErrorData */
/* Is a response with this status and body StructureSize the ERROR response? */
static inline bool smb2_resp_is_error(uint32_t status, uint16_t structure_size)
{
    return smb2_status_has_error_body(status) && structure_size == SMB2_ERROR_STRUCTURE_SIZE;
}
/* Is the ERROR body of a len-byte message (header included) whole: its 8
 * fixed bytes (servers, Samba among them, omit the ErrorData byte)? */
static inline bool smb2_error_body_whole(size_t len)
{
    return len >= SMB2_HDR_LEN + 8;
}

enum parse_status smb2_session_setup_req_parse(const uint8_t *msg, size_t len,
                                               struct smb2_session_setup_req *out);
enum parse_status smb2_session_setup_resp_parse(const uint8_t *msg, size_t len,
                                                struct smb2_session_setup_resp *out);
enum parse_status smb2_tree_connect_req_parse(const uint8_t *msg, size_t len,
                                              struct smb2_tree_connect_req *out);
enum parse_status smb2_tree_connect_resp_parse(const uint8_t *msg, size_t len,
                                               struct smb2_tree_connect_resp *out);
enum parse_status smb2_ioctl_req_parse(const uint8_t *msg, size_t len, struct smb2_ioctl_req *out);
enum parse_status smb2_ioctl_resp_parse(const uint8_t *msg, size_t len,
                                        struct smb2_ioctl_resp *out);

#endif
