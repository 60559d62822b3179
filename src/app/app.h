/* app.h - the application-layer parser interface and the events parsers
 * report to the engine.
 *
 * A parser is fed in-order stream bytes per side and returns how many it
 * consumed (the stream keeps the rest and offers it again with more).  It
 * reports what it decodes through struct app_sink, which the engine
 * implements (detection, EVE); parsers know nothing of outputs. */
#ifndef SMBNEG_APP_H
#define SMBNEG_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/decode.h"
#include "flow/flow.h"
#include "util/mem.h"

struct smb_tx;

/* Callbacks into the engine.  `p` is the packet whose bytes completed the
 * message, or NULL when a flow ends or times out. */
struct app_sink {
    void *ctx;
    /* A negotiate request or response was decoded into tx. */
    void (*on_message)(void *ctx, struct flow *f, const struct packet *p,
                       const struct smb_tx *tx, enum flow_dir dir);
    /* tx is complete (its response was seen, or the flow ended without
     * one): detect and log it.  dir: the message that completed it. */
    void (*on_tx_complete)(void *ctx, struct flow *f, const struct packet *p,
                           const struct smb_tx *tx, enum flow_dir dir);
    /* A named anomaly ("smb.negotiate.zero_dialects"). */
    void (*on_anomaly)(void *ctx, struct flow *f, const struct packet *p, const char *event,
                       const char *layer);
    /* The follow-up of an SMB2 connection after its negotiation ended
     * (app/smb/smb-session.h): tx is the negotiate transaction the
     * connection completed, tx->follow what came after it.  Called once per
     * followed connection; NULL: the engine does not want it. */
    void (*on_follow_end)(void *ctx, struct flow *f, const struct packet *p,
                          const struct smb_tx *tx);
};

/* Limits the SMB parser enforces (from the policy). */
struct app_cfg {
    uint32_t max_pdu;    /* largest NBSS frame buffered whole */
    uint32_t max_tx;     /* negotiate transactions pending per flow */
    struct memcap *mc;   /* transactions of all flows (smb.memcap); NULL: none */
    uint32_t follow_max; /* SMB2 messages followed after a negotiation
                            (smb.follow.max-messages); 0: none */
};

struct app_parser {
    const char *name;
    /* Bytes of one state (charged to flow.memcap with every flow). */
    size_t state_size;
    /* Do these first bytes of a side look like this protocol? (any-port
     * detection; called only on the first data of a side) */
    bool (*probe)(const uint8_t *buf, size_t len);
    void *(*state_new)(void);
    void (*state_free)(void *state);
    /* Parse in-order bytes of one side; returns the number consumed. */
    size_t (*parse)(void *state, const struct app_cfg *cfg, const struct app_sink *sink,
                    struct flow *f, const struct packet *p, int side, const uint8_t *buf,
                    size_t len);
    /* Reassembly of `side` ended with a gap: no more bytes will come. */
    void (*gap)(void *state, const struct app_sink *sink, struct flow *f, int side);
    /* The flow ends: complete whatever is pending (partial frames, txs). */
    void (*flow_end)(void *state, const struct app_cfg *cfg, const struct app_sink *sink,
                     struct flow *f);
    /* Nothing more to parse on this flow. */
    bool (*done)(const void *state);
    /* The negotiation is over; what is parsed from here on is its
     * follow-up, whose stream troubles (gaps, memcap) end the follow-up
     * without being reported as anomalies of the negotiation. */
    bool (*negotiated)(const void *state);
    /* The flow was shown to carry this protocol. */
    bool (*detected)(const void *state);
};

/* app-table.c: THE parser list, and lookup by name. */
const struct app_parser *app_table_get(size_t i);
const struct app_parser *app_table_find(const char *name);
/* The largest state_size of the table: what a flow is charged for its
 * parser's state (flow.memcap). */
size_t app_table_state_size(void);

#endif
