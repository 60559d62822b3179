/* smb-state.c - the SMB app parser: NBSS frames -> SMB1/SMB2 messages ->
 * negotiate transactions (RFC 1002 4.3; MS-SMB2 2.2.1, 3.2.5.2, 3.3.5.3;
 * MS-SMB 2.2.4.5).  Stops once the negotiation is over, or, for an SMB2
 * negotiation when the engine wants it, once its follow-up ends
 * (smb-follow.h). */
#include <stdlib.h>
#include <string.h>

#include "app/smb/nbss.h"
#include "app/smb/smb-state-int.h"
#include "app/smb/smb-names.h"
#include "app/smb/smb.h"
#include "util/bytes.h"
#include "util/mem.h"

/* ---------------------------------------------------------------- txs */

static void smb_anomalies_emit(const struct smb_call *c, uint32_t bits)
{
    for (int a = 0; a < SMB_AN_MSG_COUNT; a++)
        if (bits & (1u << a))
            c->sink->on_anomaly(c->sink->ctx, c->f, c->p, smb_anomaly_name((enum smb_anomaly)a),
                                "app");
}

static void smb_anomaly_emit(const struct smb_call *c, enum smb_anomaly a)
{
    c->sink->on_anomaly(c->sink->ctx, c->f, c->p, smb_anomaly_name(a), "app");
}

void smb_tx_unlink(struct smb_state *st, struct smb_tx *tx)
{
    struct smb_tx **pp = &st->txs;
    while (*pp && *pp != tx)
        pp = &(*pp)->next;
    if (*pp) {
        *pp = tx->next;
        st->n_tx--;
    }
}

void smb_tx_complete(const struct smb_call *c, struct smb_tx *tx, enum flow_dir dir)
{
    smb_tx_unlink(c->st, tx);
    c->sink->on_tx_complete(c->sink->ctx, c->f, c->p, tx, dir);
    mem_cap_free(c->st->mc, tx, sizeof(*tx));
}

static struct smb_tx *smb_tx_new(const struct smb_call *c)
{
    struct smb_state *st = c->st;
    if (st->n_tx >= c->cfg->max_tx && st->txs) {
        smb_anomaly_emit(c, SMB_AN_TOO_MANY_TRANSACTIONS);
        smb_tx_complete(c, st->txs, DIR_TOSERVER);
    }
    st->mc = c->cfg->mc;
    struct smb_tx *tx = mem_cap_calloc(st->mc, sizeof(*tx));
    if (!tx) { /* smb.memcap: the message is not recorded */
        smb_anomaly_emit(c, SMB_AN_MEMCAP);
        return NULL;
    }
    tx->id = ++st->next_id;
    struct smb_tx **pp = &st->txs;
    while (*pp)
        pp = &(*pp)->next;
    *pp = tx;
    st->n_tx++;
    return tx;
}

/* The oldest pending tx a response answers: same SMB2 MessageId, or an SMB1
 * request (answered by SMB1, or by SMB2 in a multi-protocol negotiation). */
static struct smb_tx *smb_tx_for_response(struct smb_state *st, int version, uint64_t msg_id)
{
    for (struct smb_tx *tx = st->txs; tx; tx = tx->next) {
        if (tx->resp_version)
            continue;
        if (tx->req_version == 1 || (version == 2 && tx->req_hdr2.message_id == msg_id))
            return tx;
    }
    return NULL;
}

/* The packet that completed the message; for a frame decoded at flow end,
 * the last packet that carried bytes on that side. */
static void smb_tx_stamp(const struct smb_call *c, struct smb_tx *tx, bool response)
{
    const struct stream_dir *sd = &c->f->stream[c->side];
    uint64_t cnt = c->p ? c->p->pcap_cnt : sd->last_pcap_cnt;
    int64_t sec = c->p ? c->p->ts_sec : sd->last_sec;
    int32_t usec = c->p ? c->p->ts_usec : sd->last_usec;
    if (response) {
        tx->resp_pcap_cnt = cnt;
        tx->resp_ts_sec = sec;
        tx->resp_ts_usec = usec;
        tx->resp_partial = c->partial;
    } else {
        tx->req_pcap_cnt = cnt;
        tx->req_ts_sec = sec;
        tx->req_ts_usec = usec;
        tx->req_partial = c->partial;
    }
}

/* ------------------------------------------------------------- roles */

/* The first SMB message decides the client when nothing better did. */
static void smb_role_hint(const struct smb_call *c, bool is_response)
{
    struct flow *f = c->f;
    if (f->role_source != ROLE_GUESSED)
        return;
    f->client_side = (uint8_t)(is_response ? 1 - c->side : c->side);
    f->role_source = ROLE_FROM_SMB;
}

/* A non-negotiate SMB message: negotiation is over once no negotiation is
 * pending, or once both sides have moved on. */
static void smb_side_moved_on(const struct smb_call *c)
{
    struct smb_state *st = c->st;
    st->side[c->side].stopped = true;
    if (!st->txs || (st->side[0].stopped && st->side[1].stopped))
        st->done = true;
}

/* ------------------------------------------------------ SMB2 messages */

/* The anomalies of a parsed message: the parser's, plus what a frame cut
 * short at flow end adds (decoded from fewer bytes than NBSS announced, or
 * not decodable at all). */
static uint32_t smb_msg_anomalies(const struct smb_call *c, enum parse_status ps, uint32_t bits)
{
    if (c->partial)
        bits |= 1u << (ps == PARSE_OK ? SMB_AN_NBSS_LENGTH_EXCEEDS_DATA : SMB_AN_TRUNCATED);
    return bits;
}

/* A parsed request or response is a negotiation message unless its
 * structure size is wrong (e.g. EternalBlue grooming) or a cut-short frame
 * did not hold all of it. */
static bool smb_msg_counts(const struct smb_call *c, enum parse_status ps, uint32_t bits)
{
    return !(bits & (1u << SMB_AN_BAD_STRUCTURE_SIZE)) && !(c->partial && ps != PARSE_OK);
}

/* A message was added to tx: anomalies, frame number and time, event. */
static void smb_tx_recorded(const struct smb_call *c, struct smb_tx *tx, uint32_t an,
                            bool response)
{
    tx->anomalies |= an;
    smb_tx_stamp(c, tx, response);
    c->sink->on_message(c->sink->ctx, c->f, c->p, tx, response ? DIR_TOCLIENT : DIR_TOSERVER);
}

static void smb2_request(const struct smb_call *c, const struct smb2_hdr *h, const uint8_t *msg,
                         size_t len)
{
    struct smb2_negotiate_req req;
    enum parse_status ps = smb2_negotiate_req_parse(msg, len, &req);
    uint32_t an = smb_msg_anomalies(c, ps, req.anomalies);
    smb_anomalies_emit(c, an);
    if (!smb_msg_counts(c, ps, req.anomalies))
        return;
    struct smb_tx *tx = smb_tx_new(c);
    if (!tx)
        return;
    tx->req_version = 2;
    tx->req_hdr2 = *h;
    tx->req2 = req;
    uint16_t n = req.n_dialects;
    memcpy(tx->offered, req.dialects, n * sizeof(req.dialects[0]));
    tx->n_offered = n;
    smb_tx_recorded(c, tx, an, false);
}

static void smb2_response(const struct smb_call *c, const struct smb2_hdr *h, const uint8_t *msg,
                          size_t len)
{
    struct smb2_negotiate_resp resp;
    enum parse_status ps = smb2_negotiate_resp_parse(msg, len, &resp);
    uint32_t an = smb_msg_anomalies(c, ps, resp.anomalies);
    smb_anomalies_emit(c, an);
    if (!smb_msg_counts(c, ps, resp.anomalies))
        return;
    struct smb_tx *tx = smb_tx_for_response(c->st, 2, h->message_id);
    if (!tx && !(tx = smb_tx_new(c)))
        return;
    tx->resp_version = 2;
    tx->resp_hdr2 = *h;
    tx->resp2 = resp;
    smb_tx_recorded(c, tx, an, true);
    if (!resp.is_error && resp.dialect != SMB2_DIALECT_WILDCARD)
        smb_follow_begin(c, tx);
    else
        smb_tx_complete(c, tx, DIR_TOCLIENT);
}

/* One SMB2 message of a compound chain. */
static void smb2_message(const struct smb_call *c, const uint8_t *msg, size_t len)
{
    struct smb2_hdr h;
    if (smb2_hdr_parse(msg, len, &h) != PARSE_OK) {
        smb_anomaly_emit(c, len < SMB2_HDR_LEN ? SMB_AN_SMB2_TRUNCATED_HEADER : SMB_AN_BAD_HEADER);
        c->st->side[c->side].stopped = true;
        return;
    }
    bool is_response = h.flags & SMB2_FLAGS_SERVER_TO_REDIR;
    smb_role_hint(c, is_response);
    if (c->st->fw) {
        smb_follow_message(c, &h, msg, len);
        return;
    }
    if (h.command != SMB2_CMD_NEGOTIATE) {
        smb_side_moved_on(c);
        return;
    }
    if (is_response)
        smb2_response(c, &h, msg, len);
    else
        smb2_request(c, &h, msg, len);
}

/* An SMB2 frame: follow NextCommand through a compound chain. */
static void smb2_frame(const struct smb_call *c, const uint8_t *msg, size_t len)
{
    size_t off = 0;
    for (int i = 0; i < SMB2_MAX_COMPOUND && off < len; i++) {
        size_t elen = len - off;
        struct rd r = rd_at(msg + off, elen, 20); /* NextCommand (MS-SMB2 2.2.1) */
        uint32_t next = rd_le32(&r);              /* 0 when the header is short */
        if (next > elen) {
            smb_anomaly_emit(c, SMB_AN_NEXT_COMMAND_PAST_END);
            next = 0;
        } else if (next != 0 && next < SMB2_HDR_LEN) {
            smb_anomaly_emit(c, SMB_AN_NEXT_COMMAND_TOO_SMALL);
            next = 0;
        }
        smb2_message(c, msg + off, next ? next : elen);
        if (!next || c->st->done || c->st->side[c->side].stopped)
            return;
        off += next;
    }
}

/* ------------------------------------------------------ SMB1 messages */

static void smb1_request(const struct smb_call *c, const struct smb1_hdr *h, const uint8_t *msg,
                         size_t len)
{
    struct smb1_negotiate_req req;
    enum parse_status ps = smb1_negotiate_req_parse(msg, len, &req);
    uint32_t an = smb_msg_anomalies(c, ps, req.anomalies);
    smb_anomalies_emit(c, an);
    if (!smb_msg_counts(c, ps, req.anomalies))
        return;
    struct smb_tx *tx = smb_tx_new(c);
    if (!tx)
        return;
    tx->req_version = 1;
    tx->req_hdr1 = *h;
    tx->req1 = req;
    for (int i = 0; i < req.n_dialects && tx->n_offered < SMB2_MAX_DIALECTS; i++) {
        uint16_t d = smb1_string_to_smb2_dialect(req.dialects[i]);
        if (d)
            tx->offered[tx->n_offered++] = d;
    }
    smb_tx_recorded(c, tx, an, false);
}

static void smb1_response(const struct smb_call *c, const struct smb1_hdr *h, const uint8_t *msg,
                          size_t len)
{
    struct smb1_negotiate_resp resp;
    enum parse_status ps = smb1_negotiate_resp_parse(msg, len, &resp);
    uint32_t an = smb_msg_anomalies(c, ps, resp.anomalies);
    struct smb_tx *tx = smb_tx_for_response(c->st, 1, 0);
    if (tx && tx->req_version == 1 && resp.dialect_index != 0xFFFF &&
        resp.dialect_index >= tx->req1.n_dialects)
        an |= 1u << SMB_AN_BAD_DIALECT_INDEX;
    smb_anomalies_emit(c, an);
    if (c->partial && ps != PARSE_OK) /* WordCount 0 error replies still count */
        return;
    if (!tx && !(tx = smb_tx_new(c)))
        return;
    tx->resp_version = 1;
    tx->resp_hdr1 = *h;
    tx->resp1 = resp;
    smb_tx_recorded(c, tx, an, true);
    bool chosen = resp.dialect_index != 0xFFFF && h->status == 0 &&
                  (ps == PARSE_OK || resp.word_count > 0);
    smb_tx_complete(c, tx, DIR_TOCLIENT);
    if (chosen)
        c->st->done = true;
}

static void smb1_frame(const struct smb_call *c, const uint8_t *msg, size_t len)
{
    struct smb1_hdr h;
    if (smb1_hdr_parse(msg, len, &h) != PARSE_OK) {
        smb_anomaly_emit(c, SMB_AN_SMB1_TRUNCATED_HEADER);
        c->st->side[c->side].stopped = true;
        return;
    }
    bool is_response = h.flags & SMB1_FLAGS_REPLY;
    smb_role_hint(c, is_response);
    if (h.command != SMB1_COM_NEGOTIATE) {
        smb_side_moved_on(c);
        return;
    }
    if (is_response)
        smb1_response(c, &h, msg, len);
    else
        smb1_request(c, &h, msg, len);
}

/* ------------------------------------------------------------ frames */

/* One NBSS session message's payload. */
static void smb_frame(const struct smb_call *c, const uint8_t *msg, size_t len)
{
    struct smb_state *st = c->st;
    if (len < 4 || memcmp(msg + 1, "SMB", 3) != 0 ||
        (msg[0] != 0xFE && msg[0] != 0xFF && msg[0] != 0xFD && msg[0] != 0xFC)) {
        if (!st->is_smb) {
            st->done = true; /* shown not to be SMB */
        } else {
            smb_anomaly_emit(c, SMB_AN_UNKNOWN_PROTOCOL_ID);
            st->side[c->side].stopped = true;
        }
        return;
    }
    st->is_smb = true;
    switch (msg[0]) {
    case 0xFD: /* transform header (MS-SMB2 2.2.41): encrypted from here on */
    case 0xFC: /* compression transform header (2.2.42) */
        smb_transform(c, msg[0]);
        return;
    case 0xFF:
        if (!st->fw) /* SMB1 after an SMB2 negotiation: not followed */
            smb1_frame(c, msg, len);
        return;
    default:
        smb2_frame(c, msg, len);
        return;
    }
}

/* An NBSS header that is not one: the end of SMB on this side. */
static void smb_bad_nbss(const struct smb_call *c)
{
    struct smb_state *st = c->st;
    if (!st->is_smb) {
        st->done = true;
        return;
    }
    smb_anomaly_emit(c, SMB_AN_NBSS_INVALID_FRAME);
    st->side[c->side].stopped = true;
    if (st->side[0].stopped && st->side[1].stopped)
        st->done = true;
}

/* Classify an oversized frame from its first bytes, then skip it. */
static void smb_oversized(const struct smb_call *c, const uint8_t *msg, size_t avail)
{
    bool neg = false;
    if (avail >= SMB2_HDR_LEN && msg[0] == 0xFE && memcmp(msg + 1, "SMB", 3) == 0)
        neg = msg[12] == 0 && msg[13] == 0;
    else if (avail >= SMB1_HDR_LEN && msg[0] == 0xFF && memcmp(msg + 1, "SMB", 3) == 0)
        neg = msg[4] == SMB1_COM_NEGOTIATE;
    if (neg) {
        c->st->is_smb = true;
        smb_anomaly_emit(c, SMB_AN_PDU_TOO_LARGE);
        return;
    }
    smb_frame(c, msg, avail); /* a non-negotiate header is all we need */
}

#define SMB_CLASSIFY_LEN (NBSS_HDR_LEN + SMB2_HDR_LEN + 4)

static size_t smb_parse(void *state, const struct app_cfg *cfg, const struct app_sink *sink,
                        struct flow *f, const struct packet *p, int side, const uint8_t *buf,
                        size_t len)
{
    struct smb_state *st = state;
    struct smb_side *sd = &st->side[side];
    struct smb_call c = {st, cfg, sink, f, p, side, false};
    size_t used = 0;
    while (used < len && !st->done && !sd->stopped) {
        size_t left = len - used;
        if (sd->skip) {
            size_t n = sd->skip < left ? sd->skip : left;
            sd->skip -= (uint32_t)n;
            used += n;
            continue;
        }
        struct nbss_frame fr;
        enum parse_status ps = nbss_frame_parse(buf + used, left, &fr);
        if (ps == PARSE_TRUNCATED)
            return used;
        if (ps == PARSE_INVALID) {
            smb_bad_nbss(&c);
            break;
        }
        size_t total = NBSS_HDR_LEN + (size_t)fr.length;
        if (fr.type != NBSS_SESSION_MESSAGE || fr.length == 0) {
            sd->skip = (uint32_t)total;
            continue;
        }
        if (fr.length > cfg->max_pdu) {
            if (left < SMB_CLASSIFY_LEN)
                return used;
            smb_oversized(&c, buf + used + NBSS_HDR_LEN, SMB_CLASSIFY_LEN - NBSS_HDR_LEN);
            sd->skip = (uint32_t)total;
            continue;
        }
        if (left < total)
            return used;
        smb_frame(&c, buf + used + NBSS_HDR_LEN, fr.length);
        used += total;
    }
    if (st->fw && sd->stopped) /* this side cannot be read on */
        smb_follow_end(st, sink, f, p, SMB_FOLLOW_END_FLOW_END);
    return len; /* done or stopped: the rest is not needed */
}

/* ------------------------------------------------------ end of a flow */

/* The flow ends with part of a frame buffered on `side`: decode what the
 * bytes hold (an NBSS length larger than the data sent). */
static void smb_partial_frame(struct smb_call *c)
{
    const struct stream_dir *d = &c->f->stream[c->side];
    struct smb_side *sd = &c->st->side[c->side];
    if (sd->stopped || sd->skip || c->st->done || c->st->fw || d->buf_len <= NBSS_HDR_LEN)
        return;
    struct nbss_frame fr;
    if (nbss_frame_parse(d->buf, d->buf_len, &fr) != PARSE_OK ||
        fr.type != NBSS_SESSION_MESSAGE || fr.length <= d->buf_len - NBSS_HDR_LEN)
        return;
    c->partial = true;
    smb_frame(c, d->buf + NBSS_HDR_LEN, d->buf_len - NBSS_HDR_LEN);
    c->partial = false;
}

static void smb_flow_end(void *state, const struct app_cfg *cfg, const struct app_sink *sink,
                         struct flow *f)
{
    struct smb_state *st = state;
    struct smb_call c = {st, cfg, sink, f, NULL, f->client_side, false};
    smb_partial_frame(&c);
    c.side = 1 - f->client_side;
    smb_partial_frame(&c);
    smb_follow_end(st, sink, f, NULL, SMB_FOLLOW_END_FLOW_END);
    while (st->txs)
        smb_tx_complete(&c, st->txs, st->txs->req_version ? DIR_TOSERVER : DIR_TOCLIENT);
}

static void smb_gap(void *state, const struct app_sink *sink, struct flow *f, int side)
{
    struct smb_state *st = state;
    st->side[side].stopped = true;
    smb_follow_end(st, sink, f, NULL, SMB_FOLLOW_END_FLOW_END);
    if (st->side[0].stopped && st->side[1].stopped)
        st->done = true;
}

static void *smb_state_new(void)
{
    return mem_calloc(1, sizeof(struct smb_state));
}

static void smb_state_free(void *state)
{
    struct smb_state *st = state;
    if (!st)
        return;
    smb_fw_free(st->fw, st->mc);
    while (st->txs) {
        struct smb_tx *n = st->txs->next;
        mem_cap_free(st->mc, st->txs, sizeof(*st->txs));
        st->txs = n;
    }
    mem_free(st);
}

static bool smb_done(const void *state)
{
    return ((const struct smb_state *)state)->done;
}

static bool smb_negotiated(const void *state)
{
    const struct smb_state *st = state;
    return st->done || st->fw;
}

static bool smb_detected(const void *state)
{
    return ((const struct smb_state *)state)->is_smb;
}

static bool smb_probe(const uint8_t *buf, size_t len)
{
    return nbss_probe(buf, len) != 0;
}

const struct app_parser app_smb = {
    .name = "smb",
    .state_size = sizeof(struct smb_state),
    .probe = smb_probe,
    .state_new = smb_state_new,
    .state_free = smb_state_free,
    .parse = smb_parse,
    .gap = smb_gap,
    .flow_end = smb_flow_end,
    .done = smb_done,
    .negotiated = smb_negotiated,
    .detected = smb_detected,
};
