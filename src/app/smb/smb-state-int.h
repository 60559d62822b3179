/* smb-state-int.h - the SMB parser's state, shared by smb-state.c (frames,
 * negotiation) and smb-state-follow.c (the follow-up after an SMB2
 * negotiation).  Private to the SMB room. */
#ifndef SMBNEG_SMB_STATE_INT_H
#define SMBNEG_SMB_STATE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "app/smb/smb-follow.h"
#include "app/smb/smb.h"

#define SMB2_MAX_COMPOUND 64

struct smb_side {
    uint32_t skip;  /* bytes of an oversized frame still to discard */
    bool stopped;   /* past negotiation, or a gap: nothing more to parse */
};

struct smb_state {
    struct smb_side side[2];
    bool is_smb;    /* an SMB message was seen */
    bool done;      /* negotiation over, or not SMB */
    struct smb_tx *txs; /* pending transactions, oldest first */
    struct memcap *mc;  /* what the txs are charged to (app_cfg.mc) */
    uint32_t n_tx;
    uint64_t next_id;
    struct smb_fw *fw;  /* the follow-up after an SMB2 negotiation, or NULL */
};

/* What one parse call needs, passed down explicitly. */
struct smb_call {
    struct smb_state *st;
    const struct app_cfg *cfg;
    const struct app_sink *sink;
    struct flow *f;
    const struct packet *p;
    int side;
    bool partial;   /* the frame was cut short (flow end) */
};

/* smb-state.c */
/* Take tx out of the pending list (a no-op when it is not there). */
void smb_tx_unlink(struct smb_state *st, struct smb_tx *tx);
/* Report tx complete, then free it. */
void smb_tx_complete(const struct smb_call *c, struct smb_tx *tx, enum flow_dir dir);

/* smb-state-follow.c */
/* A final SMB2 negotiate response completed tx: report it, then keep it
 * and follow the connection, or free it and stop. */
void smb_follow_begin(const struct smb_call *c, struct smb_tx *tx);
/* One SMB2 message while following (st->fw set). */
void smb_follow_message(const struct smb_call *c, const struct smb2_hdr *h, const uint8_t *msg,
                        size_t len);
/* A transform header (0xFD, 0xFC). */
void smb_transform(const struct smb_call *c, uint8_t protocol_byte);
/* End the follow-up (no-op without one): report it, free it, done. */
void smb_follow_end(struct smb_state *st, const struct app_sink *sink, struct flow *f,
                    const struct packet *p, enum smb_follow_end end);

#endif
