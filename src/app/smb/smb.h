/* smb.h - the SMB room's public face: negotiate transactions and the
 * parser that produces them (MS-SMB2 3.2.4.2, 3.3.5.3; MS-SMB 3.2.4.2).
 *
 * A transaction is one NEGOTIATE request and its response.  An SMB1
 * multi-protocol request answered with SMB2 and the client's following SMB2
 * request are two transactions.  Detection and EVE read transactions
 * through this header only. */
#ifndef SMBNEG_SMB_H
#define SMBNEG_SMB_H

#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "app/smb/smb-msg.h"
#include "app/smb/smb-session.h"

#define SMB2_DIALECT_WILDCARD 0x02FF

struct smb_tx {
    uint64_t id;             /* 1-based, per flow */
    uint8_t req_version;     /* 1, 2, or 0: request not seen */
    uint8_t resp_version;    /* 1, 2, or 0: response not seen */
    uint64_t req_pcap_cnt, resp_pcap_cnt;
    int64_t req_ts_sec, resp_ts_sec;
    int32_t req_ts_usec, resp_ts_usec;
    bool req_partial, resp_partial; /* decoded from an NBSS frame cut short */

    struct smb1_hdr req_hdr1, resp_hdr1;
    struct smb2_hdr req_hdr2, resp_hdr2;
    struct smb1_negotiate_req req1;
    struct smb2_negotiate_req req2;
    struct smb1_negotiate_resp resp1;
    struct smb2_negotiate_resp resp2;

    /* The SMB2 dialects offered: the SMB2 request's list, or what an SMB1
     * request's "SMB 2.002" / "SMB 2.???" strings stand for. */
    uint16_t n_offered;
    uint16_t offered[SMB2_MAX_DIALECTS];

    uint32_t anomalies;      /* union of the messages' anomaly bits */
    /* What followed the negotiation (smb-session.h): NULL except when the
     * tx is reported through app_sink.on_follow_end. */
    const struct smb_follow *follow;
    struct smb_tx *next;
};

/* ---- accessors (pure) ---- */

/* The status of the response (0 when none or SMB1 without NT status). */
uint32_t smb_tx_status(const struct smb_tx *tx);
/* The SMB2 dialect the server chose (0 when none: SMB1 chosen, error or no
 * response). */
uint16_t smb_tx_chosen_dialect(const struct smb_tx *tx);
/* The SMB1 dialect string the server chose, or NULL. */
const char *smb_tx_chosen_smb1(const struct smb_tx *tx);
/* The response is the wildcard 0x02FF: a step, not a conclusion. */
bool smb_tx_is_wildcard(const struct smb_tx *tx);
/* Highest / lowest offered SMB2 dialect (0 when none); the wildcard counts as 0x02FF. */
uint16_t smb_tx_offered_max(const struct smb_tx *tx);
uint16_t smb_tx_offered_min(const struct smb_tx *tx);
/* Signing words: "disabled", "enabled", "required" (NULL when absent).  The
 * client's: an SMB2 request's SecurityMode, or an SMB1 request's Flags2
 * (never "required": a NEGOTIATE cannot say it, MS-SMB 2.2.3.1).  The
 * server's: an SMB2 response's SecurityMode, or an NT LM 0.12 response's. */
const char *smb_tx_client_signing(const struct smb_tx *tx);
const char *smb_tx_server_signing(const struct smb_tx *tx);
/* The cipher a concluded SMB2 negotiation (a successful response, not the
 * wildcard step) gives the connection, MS-SMB2 3.2.5.2: 3.1.1, the cipher
 * of the response's encryption context (0: none in common, or no context);
 * 3.0 and 3.0.2 with SMB2_GLOBAL_CAP_ENCRYPTION, AES-128-CCM (0x0001); 0
 * for anything else, and when no SMB2 negotiation concluded. */
uint16_t smb_tx_cipher(const struct smb_tx *tx);
/* The negotiation concluded in a connection that cannot be encrypted: an
 * SMB2 dialect chosen (not the wildcard) with smb_tx_cipher() 0, or an SMB1
 * dialect accepted (SMB1 has no encryption).  False with no response, an
 * error, the wildcard step or an SMB1 DialectIndex 0xFFFF. */
bool smb_tx_cannot_encrypt(const struct smb_tx *tx);
/* The response's (or request's) negotiate context of a type, or NULL. */
const struct smb2_negctx *smb_tx_resp_ctx(const struct smb_tx *tx, uint16_t type);
const struct smb2_negctx *smb_tx_req_ctx(const struct smb_tx *tx, uint16_t type);

/* Anomaly names for EVE ("smb.negotiate.zero_dialects"). */
const char *smb_anomaly_name(enum smb_anomaly a);

/* The SMB parser (smb-state.c). */
extern const struct app_parser app_smb;

#endif
