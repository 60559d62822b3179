/* check_smb_state.c - the SMB app parser over real stream bytes: one-shot
 * versus every split point versus one byte at a time (the INCOMPLETE
 * contract), tx matching in a multi-protocol negotiation, and the cases that
 * end negotiation tracking.  Expected values: tshark's decode of
 * smb1-multiproto.pcap (../shared/captures/lab/oracle/smb1-multiproto.pcap.jsonl). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/smb/smb.h"
#include "vectors/stream_multiproto.h"
#include "helpers/run.h"

#define MAX_SEEN 8

struct seen_tx {
    uint64_t id;
    uint8_t req_version, resp_version;
    uint16_t n_offered;
    uint16_t offered[8];
    uint8_t n_smb1;
    char smb1_last[SMB1_DIALECT_MAX];
    uint16_t chosen;
    uint16_t n_req_ctx, n_resp_ctx;
    uint16_t req_ctx_types[8];
    uint32_t anomalies;
};

struct seen {
    int n_tx, n_msg, n_anom;
    struct seen_tx tx[MAX_SEEN];
    char anom[MAX_SEEN][64];
};

static void on_message(void *ctx, struct flow *f, const struct packet *p, const struct smb_tx *tx,
                       enum flow_dir dir)
{
    (void)f, (void)p, (void)tx, (void)dir;
    ((struct seen *)ctx)->n_msg++;
}

static void on_tx(void *ctx, struct flow *f, const struct packet *p, const struct smb_tx *tx,
                  enum flow_dir dir)
{
    struct seen *s = ctx;
    (void)f, (void)p, (void)dir;
    ck_assert_int_lt(s->n_tx, MAX_SEEN);
    struct seen_tx *t = &s->tx[s->n_tx++];
    memset(t, 0, sizeof(*t));
    t->id = tx->id;
    t->req_version = tx->req_version;
    t->resp_version = tx->resp_version;
    t->n_offered = tx->n_offered;
    for (int i = 0; i < tx->n_offered && i < 8; i++)
        t->offered[i] = tx->offered[i];
    if (tx->req_version == 1) {
        t->n_smb1 = tx->req1.n_dialects;
        if (t->n_smb1)
            strcpy(t->smb1_last, tx->req1.dialects[t->n_smb1 - 1]);
    }
    if (tx->req_version == 2) {
        t->n_req_ctx = tx->req2.ctx.n;
        for (int i = 0; i < tx->req2.ctx.n && i < 8; i++)
            t->req_ctx_types[i] = tx->req2.ctx.ctx[i].type;
    }
    t->chosen = smb_tx_chosen_dialect(tx);
    if (tx->resp_version == 2)
        t->n_resp_ctx = tx->resp2.ctx.n;
    t->anomalies = tx->anomalies;
}

static void on_anomaly(void *ctx, struct flow *f, const struct packet *p, const char *ev,
                       const char *layer)
{
    struct seen *s = ctx;
    (void)f, (void)p, (void)layer;
    if (s->n_anom < MAX_SEEN)
        snprintf(s->anom[s->n_anom], sizeof(s->anom[0]), "%s", ev);
    s->n_anom++;
}

/* A minimal stream: per side, unconsumed bytes are kept and offered again
 * with the next chunk, as stream-reasm.c does. */
struct harness {
    struct seen seen;
    struct app_sink sink;
    struct app_cfg cfg;
    struct flow flow;
    void *state;
    uint8_t buf[2][4096];
    size_t len[2];
};

static void h_init(struct harness *h)
{
    memset(h, 0, sizeof(*h));
    h->sink = (struct app_sink){&h->seen, on_message, on_tx, on_anomaly, NULL};
    h->cfg = (struct app_cfg){.max_pdu = 65536, .max_tx = 8};
    h->state = app_smb.state_new();
    ck_assert_ptr_nonnull(h->state);
}

static void h_feed(struct harness *h, int side, const uint8_t *b, size_t n)
{
    ck_assert_uint_le(h->len[side] + n, sizeof(h->buf[side]));
    memcpy(h->buf[side] + h->len[side], b, n);
    h->len[side] += n;
    size_t c = app_smb.parse(h->state, &h->cfg, &h->sink, &h->flow, NULL, side, h->buf[side],
                             h->len[side]);
    ck_assert_uint_le(c, h->len[side]);
    memmove(h->buf[side], h->buf[side] + c, h->len[side] - c);
    h->len[side] -= c;
}

static void h_end(struct harness *h)
{
    for (int s = 0; s < 2; s++) { /* flow_end reads the stream's leftovers */
        h->flow.stream[s].buf = h->buf[s];
        h->flow.stream[s].buf_len = (uint32_t)h->len[s];
    }
    app_smb.flow_end(h->state, &h->cfg, &h->sink, &h->flow);
    for (int s = 0; s < 2; s++)
        h->flow.stream[s].buf = NULL;
    app_smb.state_free(h->state);
}

/* Side 0 is the client (first sender), as in the capture. */
static int msg_side(const struct stream_msg *m)
{
    return m->from_client ? 0 : 1;
}

#define N_MSGS (sizeof(multiproto_msgs) / sizeof(multiproto_msgs[0]))

/* Feed all messages, message `split_msg` in chunks of `chunk` bytes after a
 * first chunk of `first` bytes (first 0: whole). */
static void run_split(struct seen *out, size_t split_msg, size_t first, size_t chunk)
{
    struct harness h;
    h_init(&h);
    for (size_t i = 0; i < N_MSGS; i++) {
        const struct stream_msg *m = &multiproto_msgs[i];
        if (i != split_msg || (first == 0 && chunk == 0)) {
            h_feed(&h, msg_side(m), m->bytes, m->len);
            continue;
        }
        size_t off = 0;
        if (first) {
            h_feed(&h, msg_side(m), m->bytes, first);
            off = first;
        }
        while (off < m->len) {
            size_t n = chunk && chunk < m->len - off ? chunk : m->len - off;
            h_feed(&h, msg_side(m), m->bytes + off, n);
            off += n;
        }
    }
    ck_assert(app_smb.done(h.state));
    ck_assert(app_smb.detected(h.state));
    h_end(&h);
    *out = h.seen;
}

START_TEST(test_multiproto_oneshot)
{
    struct seen s;
    run_split(&s, N_MSGS, 0, 0);
    ck_assert_int_eq(s.n_tx, 2);
    ck_assert_int_eq(s.n_msg, 4);
    ck_assert_int_eq(s.n_anom, 0);
    /* tx 1: SMB1 request (frame 4) answered by the SMB2 wildcard (frame 6) */
    ck_assert_uint_eq(s.tx[0].id, 1);
    ck_assert_int_eq(s.tx[0].req_version, 1);
    ck_assert_int_eq(s.tx[0].resp_version, 2);
    ck_assert_int_eq(s.tx[0].n_smb1, 4);
    ck_assert_str_eq(s.tx[0].smb1_last, "SMB 2.???");
    ck_assert_int_eq(s.tx[0].n_offered, 2);
    ck_assert_uint_eq(s.tx[0].offered[0], 0x0202);
    ck_assert_uint_eq(s.tx[0].offered[1], 0x02FF);
    ck_assert_uint_eq(s.tx[0].chosen, 0x02FF);
    /* tx 2: SMB2 request (frame 8) answered with 3.1.1 (frame 9) */
    ck_assert_uint_eq(s.tx[1].id, 2);
    ck_assert_int_eq(s.tx[1].req_version, 2);
    ck_assert_int_eq(s.tx[1].n_offered, 5);
    ck_assert_uint_eq(s.tx[1].offered[4], 0x0311);
    ck_assert_int_eq(s.tx[1].n_req_ctx, 4);
    ck_assert_uint_eq(s.tx[1].req_ctx_types[0], 0x0001);
    ck_assert_uint_eq(s.tx[1].req_ctx_types[1], 0x0002);
    ck_assert_uint_eq(s.tx[1].req_ctx_types[2], 0x0008);
    ck_assert_uint_eq(s.tx[1].req_ctx_types[3], 0x0005);
    ck_assert_uint_eq(s.tx[1].chosen, 0x0311);
    ck_assert_int_eq(s.tx[1].n_resp_ctx, 3);
}
END_TEST

/* smb.memcap: with room for one transaction, the first negotiation is
 * recorded whole; while it is pending, the second request is refused (an
 * smb.memcap anomaly, no tx) and every byte charged is given back. */
START_TEST(test_memcap_refuses_tx)
{
    struct harness h;
    struct memcap mc = {.limit = sizeof(struct smb_tx)};
    h_init(&h);
    h.cfg.mc = &mc;
    const struct stream_msg *m = multiproto_msgs;
    /* frame 4 (SMB1 request) is pending: the tx uses the whole cap */
    h_feed(&h, msg_side(&m[0]), m[0].bytes, m[0].len);
    ck_assert_uint_eq(mc.used, sizeof(struct smb_tx));
    h_end(&h);
    ck_assert_uint_eq(mc.used, 0);
    ck_assert_uint_eq(mc.hits, 0);
    ck_assert_int_eq(h.seen.n_tx, 1);

    mc.limit = sizeof(struct smb_tx) - 1;
    h_init(&h);
    h.cfg.mc = &mc;
    h_feed(&h, msg_side(&m[0]), m[0].bytes, m[0].len);
    ck_assert_int_eq(h.seen.n_anom, 1);
    ck_assert_str_eq(h.seen.anom[0], "smb.memcap");
    ck_assert_uint_eq(mc.hits, 1);
    ck_assert_uint_eq(mc.used, 0);
    h_end(&h);
    ck_assert_int_eq(h.seen.n_tx, 0);
}
END_TEST

/* Every split point of every message gives the one-shot result. */
START_TEST(test_multiproto_split)
{
    struct seen ref;
    run_split(&ref, N_MSGS, 0, 0);
    size_t i = (size_t)_i;
    for (size_t k = 1; k < multiproto_msgs[i].len; k++) {
        struct seen s;
        run_split(&s, i, k, 0);
        ck_assert_int_eq(s.n_tx, ref.n_tx);
        ck_assert_int_eq(s.n_anom, ref.n_anom);
        ck_assert_mem_eq(s.tx, ref.tx, sizeof(ref.tx[0]) * (size_t)ref.n_tx);
    }
}
END_TEST

START_TEST(test_multiproto_bytewise)
{
    struct seen ref;
    run_split(&ref, N_MSGS, 0, 0);
    for (size_t i = 0; i < N_MSGS; i++) {
        struct seen s;
        run_split(&s, i, 0, 1);
        ck_assert_int_eq(s.n_tx, ref.n_tx);
        ck_assert_mem_eq(s.tx, ref.tx, sizeof(ref.tx[0]) * (size_t)ref.n_tx);
    }
}
END_TEST

/* The request alone, cut at every length, then the flow ends: the whole
 * request is one tx without response; any shorter prefix is no tx. */
START_TEST(test_request_prefix_then_end)
{
    const struct stream_msg *m = &multiproto_msgs[2]; /* frame 8, SMB2 NEGOTIATE */
    for (size_t k = 0; k <= m->len; k++) {
        struct harness h;
        h_init(&h);
        h_feed(&h, 0, m->bytes, k);
        h_end(&h);
        if (k == m->len) {
            ck_assert_int_eq(h.seen.n_tx, 1);
            ck_assert_int_eq(h.seen.tx[0].req_version, 2);
            ck_assert_int_eq(h.seen.tx[0].resp_version, 0);
        } else {
            ck_assert_int_eq(h.seen.n_tx, 0);
        }
    }
}
END_TEST

/* NBSS session request, positive response and keep-alives precede SMB on
 * port 139 (RFC 1002 4.3.2, 4.3.7). */
START_TEST(test_nbss_control_frames)
{
    static const uint8_t sreq[] = {0x81, 0, 0, 4, 'a', 'b', 'c', 'd', 0x85, 0, 0, 0};
    static const uint8_t sresp[] = {0x82, 0, 0, 0};
    struct harness h;
    h_init(&h);
    h_feed(&h, 0, sreq, sizeof(sreq));
    h_feed(&h, 1, sresp, sizeof(sresp));
    for (size_t i = 0; i < 4; i++)
        h_feed(&h, msg_side(&multiproto_msgs[i]), multiproto_msgs[i].bytes,
               multiproto_msgs[i].len);
    ck_assert(app_smb.done(h.state));
    h_end(&h);
    ck_assert_int_eq(h.seen.n_tx, 2);
    ck_assert_uint_eq(h.seen.tx[1].chosen, 0x0311);
}
END_TEST

START_TEST(test_not_smb)
{
    static const uint8_t http[] = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    struct harness h;
    h_init(&h);
    h_feed(&h, 0, http, sizeof(http) - 1);
    ck_assert(app_smb.done(h.state));
    ck_assert(!app_smb.detected(h.state));
    h_end(&h);
    ck_assert_int_eq(h.seen.n_tx, 0);
    ck_assert_int_eq(h.seen.n_anom, 0);
}
END_TEST

/* A transform header (MS-SMB2 2.2.41) ends tracking with no anomaly. */
START_TEST(test_transform_header)
{
    uint8_t fr[4 + 52] = {0, 0, 0, 52, 0xFD, 'S', 'M', 'B'};
    struct harness h;
    h_init(&h);
    h_feed(&h, 0, fr, sizeof(fr));
    ck_assert(app_smb.done(h.state));
    ck_assert(app_smb.detected(h.state));
    h_end(&h);
    ck_assert_int_eq(h.seen.n_tx, 0);
    ck_assert_int_eq(h.seen.n_anom, 0);
}
END_TEST

/* EternalBlue-style grooming: \xFESMB and zeros under an NBSS length that
 * is never completed.  Not a negotiation: an anomaly, no tx. */
START_TEST(test_grooming_not_negotiation)
{
    uint8_t fr[4 + 200] = {0x00, 0x00, 0xff, 0xf7, 0xFE, 'S', 'M', 'B'};
    struct harness h;
    h_init(&h);
    h_feed(&h, 0, fr, sizeof(fr));
    ck_assert(!app_smb.done(h.state));
    h_end(&h);
    ck_assert_int_eq(h.seen.n_tx, 0);
    ck_assert_int_ge(h.seen.n_anom, 1);
}
END_TEST

/* A non-negotiate command first (mid-stream pickup): negotiation is over. */
START_TEST(test_midstream_non_negotiate)
{
    const struct stream_msg *m = &multiproto_msgs[4]; /* frame 10, SESSION_SETUP */
    struct harness h;
    h_init(&h);
    h_feed(&h, 0, m->bytes, m->len);
    ck_assert(app_smb.done(h.state));
    ck_assert(app_smb.detected(h.state));
    h_end(&h);
    ck_assert_int_eq(h.seen.n_tx, 0);
}
END_TEST

/* The response's flag decides roles when nothing else did. */
START_TEST(test_role_from_response_flag)
{
    struct harness h;
    h_init(&h);
    h.flow.role_source = ROLE_GUESSED;
    h_feed(&h, 0, multiproto_msgs[1].bytes, multiproto_msgs[1].len); /* a response first */
    ck_assert_int_eq(h.flow.client_side, 1);
    ck_assert_int_eq(h.flow.role_source, ROLE_FROM_SMB);
    h_end(&h);
    ck_assert_int_eq(h.seen.n_tx, 1);
    ck_assert_int_eq(h.seen.tx[0].req_version, 0);
    ck_assert_int_eq(h.seen.tx[0].resp_version, 2);
}
END_TEST

static Suite *smb_state_suite(void)
{
    Suite *s = suite_create("smb_state");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_memcap_refuses_tx);
    tcase_add_test(tc, test_multiproto_oneshot);
    tcase_add_loop_test(tc, test_multiproto_split, 0, (int)N_MSGS);
    tcase_add_test(tc, test_multiproto_bytewise);
    tcase_add_test(tc, test_request_prefix_then_end);
    tcase_add_test(tc, test_nbss_control_frames);
    tcase_add_test(tc, test_not_smb);
    tcase_add_test(tc, test_transform_header);
    tcase_add_test(tc, test_grooming_not_negotiation);
    tcase_add_test(tc, test_midstream_non_negotiate);
    tcase_add_test(tc, test_role_from_response_flag);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(smb_state_suite());
}
