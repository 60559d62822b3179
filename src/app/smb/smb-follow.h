/* smb-follow.h - the follow-up of one SMB2 connection after its negotiation
 * (inside the SMB room: smb-state.c drives it, smb-session.h is what it
 * produces).  MS-SMB2 3.2.5.3, 3.2.5.5, 3.3.5.15.12.
 *
 * The follow-up owns the negotiate transaction the connection completed and
 * reads every SMB2 message after it: SESSION_SETUP legs, TREE_CONNECT and
 * IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO are decoded, every message counts
 * against max-messages and, once a session is established, towards the
 * signing verdict.  It ends (smb_fw_over) at one of:
 *   - the bound: the first established session has a TREE_CONNECT answered,
 *     the signing verdict is settled (an ordinary message unsigned, or an
 *     ordinary request and response judged) and the validation is settled:
 *     answered; or not expected (3.1.1 uses
 *     preauth integrity instead, MS-SMB2 3.2.5.5); or not sent within
 *     SMB_FW_VALIDATE_GRACE messages after that TREE_CONNECT response (a
 *     3.0/3.0.2 client sends it right after its first tree connect; a
 *     request seen is waited for until its response or max-messages);
 *   - max-messages SMB2 messages (transform frames included);
 *   - a transform header (0xFD): encrypted from there on;
 *   - flow end or a gap (smb_fw_finish from smb-state.c). */
#ifndef SMBNEG_SMB_FOLLOW_H
#define SMBNEG_SMB_FOLLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/smb/smb-follow-msg.h"
#include "app/smb/smb.h"
#include "util/mem.h"

#define SMB_FW_VALIDATE_GRACE 4

struct smb_fw;

/* Where a message came from (its completing packet). */
struct smb_fw_origin {
    uint64_t pcap_cnt;
    int64_t sec;
    int32_t usec;
};

/* What one message found that the connection reports as anomalies:
 * message-level bits (1u << enum smb_anomaly) and connection-level ones. */
struct smb_fw_report {
    uint32_t bits;
    bool list_full;        /* SMB_AN_FOLLOW_LIST_FULL */
    bool secbuf_undecoded; /* SMB_AN_SECURITY_BUFFER_UNDECODED */
};

/* Can mc afford one more follow-up?  Follow-ups (the kept negotiate tx and
 * this state, about 20 KiB per connection until its follow-up ends) may use
 * at most half of smb.memcap, so that idle connections never starve new
 * negotiations of memory; beyond it a connection is not followed. */
bool smb_fw_affordable(const struct memcap *mc);
/* Start following after tx (the final SMB2 negotiate); takes ownership of
 * tx, charged to mc, in every case: on NULL (memcap) tx has been freed. */
struct smb_fw *smb_fw_new(struct memcap *mc, struct smb_tx *tx, uint32_t max_messages);
/* Free fw and its tx (NULL: no-op). */
void smb_fw_free(struct smb_fw *fw, struct memcap *mc);

/* One SMB2 message (header h already parsed, msg[0..len) the message). */
void smb_fw_message(struct smb_fw *fw, const struct smb2_hdr *h, const uint8_t *msg, size_t len,
                    const struct smb_fw_origin *o, struct smb_fw_report *rep);
/* A transform header: 0xFD (encrypted, ends the follow-up) or 0xFC
 * (compressed, counted). */
void smb_fw_transform(struct smb_fw *fw, uint8_t protocol_byte);

/* The follow-up ended by itself (bound, max-messages, encryption). */
bool smb_fw_over(const struct smb_fw *fw);
/* Settle the verdicts (signed, encrypted, compressed, validation) and the
 * end reason (`end` unless the follow-up already ended by itself); returns
 * the negotiate tx with tx->follow set, still owned by fw.  closed: the
 * connection was closed (FIN or RST): a validation request it never
 * answered is a mismatch (SMB_VALIDATE_DIFF_UNANSWERED), as a server drops
 * the connection when the validation disagrees (MS-SMB2 3.3.5.15.12). */
const struct smb_tx *smb_fw_finish(struct smb_fw *fw, enum smb_follow_end end, bool closed);

#endif
