/* smb-session.h - what happened after the negotiation: the bounded
 * follow-up of one SMB2 connection through SESSION_SETUP (all legs), the
 * first TREE_CONNECTs and IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO (MS-SMB2
 * 2.2.5-2.2.10, 2.2.31.4, 2.2.32.6, 3.3.5.15.12).
 *
 * The parser fills one struct smb_follow per connection and reports it once,
 * when the follow-up ends, through app_sink.on_follow_end with the
 * connection's negotiate transaction (tx->follow points here).  Detection
 * (session keywords), EVE and the report read it through this header only.
 * Strings are UTF-8 (UTF-16LE on the wire converted), NUL-terminated, cut at
 * their buffer size ("" when absent). */
#ifndef SMBNEG_SMB_SESSION_H
#define SMBNEG_SMB_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#define SMB_NAME_MAX 128         /* NTLMSSP user/domain/host, Kerberos names */
#define SMB_PATH_MAX 256         /* tree connect path "\\srv\share" */
#define SMB_FOLLOW_MAX_SESSIONS 4
#define SMB_FOLLOW_MAX_TREES 8
#define SMB_KRB_MAX_SNAMES 4

/* The security mechanism of a SESSION_SETUP's security buffer (SPNEGO
 * unwrapped). */
enum smb_auth_mech {
    SMB_MECH_UNKNOWN = 0, /* no buffer, or not decodable */
    SMB_MECH_NTLMSSP,
    SMB_MECH_KERBEROS,
};

/* What a rule's smb.session.auth tests: one value per session, decided in
 * this order: guest (SessionFlags IS_GUEST), anonymous (IS_NULL, or an
 * NTLMSSP AUTHENTICATE with an empty user and an empty NT response), then
 * the mechanism. */
enum smb_auth {
    SMB_AUTH_UNKNOWN = 0,
    SMB_AUTH_NTLMSSP,
    SMB_AUTH_KERBEROS,
    SMB_AUTH_ANONYMOUS,
    SMB_AUTH_GUEST,
};

/* MS-SMB2 2.2.6 SessionFlags */
#define SMB2_SESSION_FLAG_IS_GUEST 0x0001u
#define SMB2_SESSION_FLAG_IS_NULL 0x0002u
#define SMB2_SESSION_FLAG_ENCRYPT_DATA 0x0004u
/* MS-SMB2 2.2.10 ShareFlags */
#define SMB2_SHAREFLAG_ENCRYPT_DATA 0x00008000u

/* One session, from its first SESSION_SETUP request to its final response. */
struct smb_session {
    uint64_t session_id;
    uint32_t status;          /* the last SESSION_SETUP response's status */
    uint8_t legs;             /* SESSION_SETUP requests seen */
    bool established;         /* a final STATUS_SUCCESS response was seen */
    uint8_t security_mode;    /* the first request's SecurityMode (2.2.5) */
    uint16_t session_flags;   /* the final response's SessionFlags (2.2.6) */
    enum smb_auth_mech mech;
    enum smb_auth auth;
    /* NTLMSSP AUTHENTICATE (MS-NLMP 2.2.1.3), as Suricata writes them */
    char ntlmssp_user[SMB_NAME_MAX];
    char ntlmssp_domain[SMB_NAME_MAX];
    char ntlmssp_host[SMB_NAME_MAX];   /* Workstation */
    char ntlmssp_version[32];          /* "10.0 build 19041 rev 15", "" when absent */
    /* Kerberos AP-REQ ticket (RFC 4120 5.3) */
    char krb_realm[SMB_NAME_MAX];
    uint8_t n_snames;
    char krb_snames[SMB_KRB_MAX_SNAMES][SMB_NAME_MAX];
    /* the packets of the first request and the final response (EVE) */
    uint64_t req_pcap_cnt, resp_pcap_cnt;
    int64_t req_ts_sec, resp_ts_sec;
    int32_t req_ts_usec, resp_ts_usec;
};

/* One TREE_CONNECT request and its response (2.2.9, 2.2.10). */
struct smb_tree {
    uint64_t session_id;
    uint32_t tree_id;         /* from the response */
    uint32_t status;
    bool answered;
    char path[SMB_PATH_MAX];
    uint8_t share_type;       /* 1 disk, 2 pipe, 3 print */
    uint32_t share_flags;
    uint32_t capabilities;
    uint64_t req_pcap_cnt, resp_pcap_cnt;
    int64_t req_ts_sec, resp_ts_sec;
    int32_t req_ts_usec, resp_ts_usec;
};

enum smb_tri {
    SMB_TRI_UNKNOWN = 0, /* nothing to judge by */
    SMB_TRI_YES,
    SMB_TRI_NO,
};

enum smb_validate {
    SMB_VALIDATE_ABSENT = 0, /* no FSCTL_VALIDATE_NEGOTIATE_INFO request */
    SMB_VALIDATE_MATCH,      /* it repeats the negotiation */
    SMB_VALIDATE_MISMATCH,   /* validate_diff says what differs */
};
/* validate_diff bits: what the validation request or its response differs
 * in from the negotiate request/response the flow carried. */
#define SMB_VALIDATE_DIFF_DIALECTS 0x1u
#define SMB_VALIDATE_DIFF_CAPABILITIES 0x2u
#define SMB_VALIDATE_DIFF_GUID 0x4u
#define SMB_VALIDATE_DIFF_SECURITY_MODE 0x8u
/* the request was never answered and the connection closed: what a server
 * does when the validation disagrees with what it negotiated (MS-SMB2
 * 3.3.5.15.12), seen from a client-side capture of a tampered negotiation */
#define SMB_VALIDATE_DIFF_UNANSWERED 0x10u

/* Why the follow-up stopped. */
enum smb_follow_end {
    SMB_FOLLOW_END_BOUND = 0,     /* first session has a tree answered and the validation, if any */
    SMB_FOLLOW_END_MAX_MESSAGES,  /* smb.follow.max-messages */
    SMB_FOLLOW_END_ENCRYPTED,     /* a transform header (0xFD) */
    SMB_FOLLOW_END_FLOW_END,      /* flow end, timeout or a gap */
};

struct smb_follow {
    uint32_t n_messages;      /* SMB2 messages read after the negotiation */
    uint8_t n_sessions;
    struct smb_session sess[SMB_FOLLOW_MAX_SESSIONS];
    uint8_t n_trees;
    struct smb_tree tree[SMB_FOLLOW_MAX_TREES];
    /* yes: every followed message after the first session setup completed
     * is signed (or encrypted); no: at least one ordinary request or
     * response is neither signed nor encrypted */
    enum smb_tri is_signed;
    enum smb_tri encrypted;   /* a transform header (0xFD) was seen */
    enum smb_tri compressed;  /* a compression transform (0xFC) was seen */
    enum smb_validate validate;
    uint32_t validate_diff;
    bool validate_answered;   /* the validation IOCTL got its response */
    uint32_t validate_status; /* ... and this status */
    enum smb_follow_end end;
};

#endif
