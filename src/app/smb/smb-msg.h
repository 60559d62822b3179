/* smb-msg.h - decoded SMB NEGOTIATE messages (MS-SMB2 2.2.1, 2.2.3, 2.2.4,
 * 2.2.3.1; MS-SMB 2.2.4.52; MS-CIFS 2.2.4.52) and their pure parsers.
 *
 * Every parser reads untrusted bytes through util/bytes.h, never past the
 * length it is given, fills a caller-owned struct and returns a
 * `enum parse_status`.  Malformed details that do not stop the parse are
 * reported as bits in the struct's `anomalies` (enum smb_anomaly). */
#ifndef SMBNEG_SMB_MSG_H
#define SMBNEG_SMB_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum parse_status {
    PARSE_OK = 0,
    PARSE_TRUNCATED, /* the bytes end before the structure does */
    PARSE_INVALID,   /* the bytes contradict the specification */
};

/* Bounded list sizes.  A longer list on the wire is cut, flagged and
 * reported with SMB_AN_LIST_TRUNCATED. */
#define SMB2_MAX_DIALECTS 64
#define SMB2_MAX_CONTEXTS 16
#define SMB2_MAX_ALGS 16
#define SMB2_NETNAME_MAX 256 /* UTF-8 bytes, including the NUL */
#define SMB2_SALT_MAX 256    /* preauth Salt bytes kept (longer: cut, flagged) */
#define SMB1_MAX_DIALECTS 32
#define SMB1_DIALECT_MAX 48 /* bytes, including the NUL */

/* Every named SMB anomaly: one registry, names in smb-anomaly.c
 * (smb_anomaly_name()).  The first SMB_AN_MSG_COUNT are found by the pure
 * message parsers and reported as bits (1u << a) of a message's
 * `anomalies`, so that a parser can report several; the rest are found by
 * the connection parser (smb-state.c) and reported as they happen.  A new
 * anomaly is one member here and one row in smb-anomaly.c. */
enum smb_anomaly {
    SMB_AN_TRUNCATED = 0,         /* message shorter than its structure */
    SMB_AN_BAD_STRUCTURE_SIZE,    /* StructureSize / WordCount not as specified */
    SMB_AN_ZERO_DIALECTS,         /* DialectCount 0 or no dialect strings */
    SMB_AN_DIALECTS_PAST_END,     /* dialect list runs past the message */
    SMB_AN_NEGCTX_OFFSET_PAST_END,/* NegotiateContextOffset outside the message */
    SMB_AN_NEGCTX_PAST_END,       /* a context's DataLength runs past the message */
    SMB_AN_NEGCTX_COUNT_MISMATCH, /* a context's inner count disagrees with DataLength */
    SMB_AN_NEGCTX_BAD_ALIGNMENT,  /* NegotiateContextOffset not 8-byte aligned */
    SMB_AN_SECBUF_PAST_END,       /* security buffer outside the message */
    SMB_AN_LIST_TRUNCATED,        /* a list exceeded smbneg's bound */
    SMB_AN_BAD_DIALECT_INDEX,     /* SMB1 DialectIndex beyond the request's list */
    SMB_AN_BAD_DIALECT_STRING,    /* SMB1 dialect buffer not 0x02 ... NUL */
    SMB_AN_BAD_HEADER,            /* SMB2 header StructureSize != 64 */
    SMB_AN_NBSS_LENGTH_EXCEEDS_DATA, /* decoded from an NBSS frame never completed */
    /* the follow-up's messages (smb-follow-msg.h) */
    SMB_AN_SESSION_SETUP_TRUNCATED,  /* fixed part or security buffer past the end */
    SMB_AN_SESSION_SETUP_BAD_STRUCTURE_SIZE,
    SMB_AN_TREE_CONNECT_TRUNCATED,   /* fixed part or path past the end */
    SMB_AN_TREE_CONNECT_BAD_STRUCTURE_SIZE,
    SMB_AN_IOCTL_TRUNCATED,          /* fixed part, input or output past the end */
    SMB_AN_IOCTL_BAD_STRUCTURE_SIZE,
    SMB_AN_VALIDATE_NEGOTIATE_SHORT, /* input/output smaller than VALIDATE_NEGOTIATE_INFO */
    SMB_AN_TREE_CONNECT_PATH_TRUNCATED, /* a path longer than smbneg keeps */
    SMB_AN_MSG_COUNT,             /* the message-level anomalies end here */
    /* connection level (smb-state.c) */
    SMB_AN_TOO_MANY_TRANSACTIONS = SMB_AN_MSG_COUNT, /* over smb.max-transactions */
    SMB_AN_MEMCAP,                /* smb.memcap refused a transaction */
    SMB_AN_SMB2_TRUNCATED_HEADER, /* an SMB2 message shorter than its header */
    SMB_AN_NEXT_COMMAND_PAST_END, /* SMB2 NextCommand beyond the NBSS frame */
    SMB_AN_NEXT_COMMAND_TOO_SMALL,/* SMB2 NextCommand inside the header */
    SMB_AN_SMB1_TRUNCATED_HEADER, /* an SMB1 message shorter than its header */
    SMB_AN_UNKNOWN_PROTOCOL_ID,   /* neither \xFF, \xFE, \xFD nor \xFC SMB */
    SMB_AN_NBSS_INVALID_FRAME,    /* not an NBSS frame header */
    SMB_AN_PDU_TOO_LARGE,         /* an NBSS frame over smb.max-pdu */
    SMB_AN_FOLLOW_LIST_FULL,      /* sessions or tree connects beyond the follow-up's bound */
    SMB_AN_SECURITY_BUFFER_UNDECODED, /* a SESSION_SETUP security buffer smb_gss_parse refused */
    SMB_AN_COUNT
};
_Static_assert(SMB_AN_MSG_COUNT <= 32, "message anomalies are bits of a uint32_t");

/* MS-SMB2 2.2.1.1/2.2.1.2: the fields of Zeek's SMB2::Header and more. */
struct smb2_hdr {
    uint16_t credit_charge;
    uint32_t status;
    uint16_t command;
    uint16_t credits;
    uint32_t flags;
    uint32_t next_command;
    uint64_t message_id;
    uint32_t process_id; /* sync header only */
    uint32_t tree_id;    /* sync header only */
    uint64_t async_id;   /* async header only (SMB2_FLAGS_ASYNC_COMMAND) */
    uint64_t session_id;
    uint8_t signature[16];
};

#define SMB2_HDR_LEN 64
#define SMB2_FLAGS_SERVER_TO_REDIR 0x00000001u
#define SMB2_FLAGS_ASYNC_COMMAND 0x00000002u
#define SMB2_CMD_NEGOTIATE 0x0000

/* MS-SMB2 2.2.3.1: one negotiate context, decoded. */
enum smb2_negctx_type {
    SMB2_PREAUTH_INTEGRITY_CAPABILITIES = 0x0001,
    SMB2_ENCRYPTION_CAPABILITIES = 0x0002,
    SMB2_COMPRESSION_CAPABILITIES = 0x0003,
    SMB2_NETNAME_NEGOTIATE_CONTEXT_ID = 0x0005,
    SMB2_TRANSPORT_CAPABILITIES = 0x0006,
    SMB2_RDMA_TRANSFORM_CAPABILITIES = 0x0007,
    SMB2_SIGNING_CAPABILITIES = 0x0008,
    SMB2_POSIX_EXTENSIONS_AVAILABLE = 0x0100,
};

struct smb2_negctx {
    uint16_t type;
    uint16_t length;       /* DataLength */
    uint16_t count;        /* the list's count as sent (HashAlgorithmCount,
                              CipherCount, ...): differs from n_algs only
                              on malformed input or past SMB2_MAX_ALGS */
    uint16_t n_algs;       /* entries in algs[] */
    uint16_t algs[SMB2_MAX_ALGS]; /* hash algs, ciphers, compression algs,
                                     rdma transforms or signing algs */
    uint16_t salt_length;  /* preauth integrity SaltLength */
    uint16_t n_salt;       /* Salt bytes present in salt[] (<= salt_length) */
    uint32_t flags;        /* compression Flags, transport Flags */
    bool decoded;          /* the type's fields were read (known type, enough bytes) */
    union {                /* by type: netname or preauth integrity */
        char netname[SMB2_NETNAME_MAX]; /* UTF-16LE converted to UTF-8 */
        uint8_t salt[SMB2_SALT_MAX];    /* Salt, the first n_salt bytes */
    };
};

struct smb2_negctx_list {
    uint16_t n;
    struct smb2_negctx ctx[SMB2_MAX_CONTEXTS];
};

/* MS-SMB2 2.2.3 */
struct smb2_negotiate_req {
    uint16_t structure_size;
    uint16_t dialect_count;
    uint16_t security_mode;
    uint32_t capabilities;
    uint8_t client_guid[16];
    bool has_negctx;            /* 0x0311 offered: the next 8 bytes are offset/count */
    uint32_t negctx_offset;
    uint16_t negctx_count;
    uint64_t client_start_time; /* when !has_negctx */
    uint16_t n_dialects;
    uint16_t dialects[SMB2_MAX_DIALECTS];
    struct smb2_negctx_list ctx;
    uint32_t anomalies; /* 1u << enum smb_anomaly */
};

/* MS-SMB2 2.2.4 (and 2.2.2 ERROR response, StructureSize 9) */
struct smb2_negotiate_resp {
    uint16_t structure_size;
    bool is_error;            /* an SMB2 ERROR response: only status is meaningful */
    uint16_t security_mode;
    uint16_t dialect;
    uint16_t negctx_count;
    uint8_t server_guid[16];
    uint32_t capabilities;
    uint32_t max_transact_size;
    uint32_t max_read_size;
    uint32_t max_write_size;
    uint64_t system_time;
    uint64_t server_start_time;
    uint16_t secbuf_offset;
    uint16_t secbuf_length;
    uint32_t negctx_offset;
    struct smb2_negctx_list ctx;
    uint32_t anomalies;
};

/* MS-SMB 2.2.3.1 header, the fields we keep */
struct smb1_hdr {
    uint8_t command;
    uint32_t status;
    uint8_t flags;
    uint16_t flags2;
    uint16_t tid;
    uint16_t pid;
    uint16_t uid;
    uint16_t mid;
};

#define SMB1_HDR_LEN 32
#define SMB1_COM_NEGOTIATE 0x72
#define SMB1_FLAGS_REPLY 0x80
/* Flags2 bits (MS-CIFS 2.2.3.1, MS-SMB 2.2.3.1) */
#define SMB1_FLAGS2_SECURITY_SIGNATURE 0x0004
#define SMB1_FLAGS2_EXTENDED_SECURITY 0x0800

/* MS-CIFS 2.2.4.52.1 */
struct smb1_negotiate_req {
    uint8_t n_dialects;
    char dialects[SMB1_MAX_DIALECTS][SMB1_DIALECT_MAX];
    uint32_t anomalies;
};

/* MS-CIFS 2.2.4.52.2 / MS-SMB 2.2.4.5.2: the selected index always; the
 * rest when WordCount is 17 (NT LM 0.12) or 13 (LANMAN) */
struct smb1_negotiate_resp {
    uint8_t word_count;
    uint16_t dialect_index;    /* 0xFFFF: none of the offered dialects */
    bool has_nt;               /* WordCount 17: the NT LM 0.12 fields below */
    uint8_t security_mode;
    uint16_t max_mpx_count;
    uint32_t max_buffer_size;
    uint32_t capabilities;
    uint64_t system_time;
    bool has_server_guid;      /* CAP_EXTENDED_SECURITY and 16 bytes present */
    uint8_t server_guid[16];
    uint32_t anomalies;
};

/* --- parsers (src/app/smb/smb2-header.c, smb2-negotiate.c, smb2-negctx.c,
 *     smb1-negotiate.c).  `msg` starts at the SMB header's protocol id and
 *     `len` is the SMB message's length (NBSS frame or compound element). */

enum parse_status smb2_hdr_parse(const uint8_t *msg, size_t len, struct smb2_hdr *out);
enum parse_status smb2_negotiate_req_parse(const uint8_t *msg, size_t len,
                                           struct smb2_negotiate_req *out);
enum parse_status smb2_negotiate_resp_parse(const uint8_t *msg, size_t len,
                                            struct smb2_negotiate_resp *out);
/* Walk `count` contexts starting at `offset` from the SMB2 header. */
void smb2_negctx_parse(const uint8_t *msg, size_t len, uint32_t offset, uint16_t count,
                       struct smb2_negctx_list *out, uint32_t *anomalies);
enum parse_status smb1_hdr_parse(const uint8_t *msg, size_t len, struct smb1_hdr *out);
enum parse_status smb1_negotiate_req_parse(const uint8_t *msg, size_t len,
                                           struct smb1_negotiate_req *out);
enum parse_status smb1_negotiate_resp_parse(const uint8_t *msg, size_t len,
                                            struct smb1_negotiate_resp *out);

#endif
