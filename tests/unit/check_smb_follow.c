/* check_smb_follow.c - the follow-up after an SMB2 negotiation
 * (src/app/smb/smb-follow.c through the app parser, smb-state.c): where it
 * ends (bound, smb.follow.max-messages, encryption, flow end), that
 * on_follow_end comes exactly once with the negotiate tx, and what it found.
 * Expected values: tshark's decode of suricata-verify
 * tests/smb-length-5786/input.pcap frames 6-27 (vectors/stream_follow.h). */
#include <check.h>
#include <string.h>

#include "app/smb/smb.h"
#include "helpers/run.h"
#include "vectors/stream_follow.h"

#define NFRAMES (sizeof(follow_5786) / sizeof(follow_5786[0]))

struct seen {
    int n_tx, n_follow, n_anom;
    int follow_at_frame;      /* the frame being fed when on_follow_end came */
    int cur_frame;
    uint16_t dialect;
    struct smb_follow fw;     /* a copy of what on_follow_end reported */
};

static void on_message(void *ctx, struct flow *f, const struct packet *p, const struct smb_tx *tx,
                       enum flow_dir dir)
{
    (void)ctx, (void)f, (void)p, (void)tx, (void)dir;
}

static void on_tx(void *ctx, struct flow *f, const struct packet *p, const struct smb_tx *tx,
                  enum flow_dir dir)
{
    (void)f, (void)p, (void)dir;
    ck_assert_ptr_null(tx->follow); /* the negotiate record is as it always was */
    ((struct seen *)ctx)->n_tx++;
}

static void on_anomaly(void *ctx, struct flow *f, const struct packet *p, const char *ev,
                       const char *layer)
{
    (void)f, (void)p, (void)ev, (void)layer;
    ((struct seen *)ctx)->n_anom++;
}

static void on_follow_end(void *ctx, struct flow *f, const struct packet *p,
                          const struct smb_tx *tx)
{
    struct seen *s = ctx;
    (void)f, (void)p;
    ck_assert_ptr_nonnull(tx->follow);
    s->n_follow++;
    s->follow_at_frame = s->cur_frame;
    s->dialect = smb_tx_chosen_dialect(tx);
    s->fw = *tx->follow;
}

struct harness {
    struct seen seen;
    struct app_sink sink;
    struct app_cfg cfg;
    struct flow flow;
    void *state;
    size_t next;              /* the next frame of follow_5786 to feed */
};

static void h_init(struct harness *h, uint32_t follow_max)
{
    memset(h, 0, sizeof(*h));
    h->sink = (struct app_sink){&h->seen, on_message, on_tx, on_anomaly, on_follow_end};
    h->cfg = (struct app_cfg){.max_pdu = 65536, .max_tx = 8, .follow_max = follow_max};
    h->state = app_smb.state_new();
    ck_assert_ptr_nonnull(h->state);
}

/* Feed the next whole frames (each holds whole NBSS messages) up to `last`. */
static void h_feed_to(struct harness *h, int last)
{
    for (; h->next < NFRAMES && follow_5786[h->next].frame <= last; h->next++) {
        const struct follow_frame *fr = &follow_5786[h->next];
        h->seen.cur_frame = fr->frame;
        size_t c = app_smb.parse(h->state, &h->cfg, &h->sink, &h->flow, NULL, fr->side,
                                 fr->bytes, fr->len);
        ck_assert_uint_eq(c, fr->len);
    }
}

static void h_end(struct harness *h)
{
    h->seen.cur_frame = 0;
    app_smb.flow_end(h->state, &h->cfg, &h->sink, &h->flow);
    app_smb.state_free(h->state);
}

/* 98f04f29-bf8c-8254-abba-de7ef764c3d3 (tshark: both GUIDs, loopback) */
START_TEST(test_bound_after_validation)
{
    struct harness h;
    h_init(&h, 32);
    h_feed_to(&h, 25);
    ck_assert_int_eq(h.seen.n_follow, 0); /* signing not judged: 22-25 are signed by rule */
    h_feed_to(&h, 27);
    ck_assert_int_eq(h.seen.n_tx, 1);
    ck_assert_int_eq(h.seen.n_follow, 1);
    ck_assert_int_eq(h.seen.follow_at_frame, 27); /* its first response judged */
    ck_assert(app_smb.done(h.state));
    const struct smb_follow *fw = &h.seen.fw;
    ck_assert_uint_eq(h.seen.dialect, 0x0302);
    ck_assert_int_eq(fw->end, SMB_FOLLOW_END_BOUND);
    ck_assert_uint_eq(fw->n_messages, 22); /* frames 8..25, 26's three, 27's first */
    ck_assert_uint_eq(fw->n_sessions, 1);
    const struct smb_session *s = &fw->sess[0];
    ck_assert_uint_eq(s->session_id, 0xadc209fb00000005ull);
    ck_assert_uint_eq(s->legs, 7);
    ck_assert(s->established);
    ck_assert_uint_eq(s->status, 0);
    ck_assert_uint_eq(s->security_mode, 0x01);
    ck_assert_uint_eq(s->session_flags, 0);
    ck_assert_uint_eq(fw->n_trees, 1);
    ck_assert_str_eq(fw->tree[0].path, "\\\\127.0.0.1\\PUBLIC");
    ck_assert(fw->tree[0].answered);
    ck_assert_uint_eq(fw->tree[0].tree_id, 1);
    ck_assert_uint_eq(fw->tree[0].share_type, 1);
    ck_assert_uint_eq(fw->tree[0].share_flags, 0x830);
    ck_assert_int_eq(fw->validate, SMB_VALIDATE_MATCH);
    ck_assert_uint_eq(fw->validate_diff, 0);
    ck_assert(fw->validate_answered);
    ck_assert_int_eq(fw->is_signed, SMB_TRI_YES); /* 26, 27 signed */
    ck_assert_int_eq(fw->encrypted, SMB_TRI_NO);
    ck_assert_int_eq(fw->compressed, SMB_TRI_NO);
    ck_assert_int_eq(h.seen.n_anom, 0);
    h_end(&h);
    ck_assert_int_eq(h.seen.n_follow, 1); /* once, not again at flow end */
}
END_TEST

/* 3.0.2 with the tree answered: the validation is waited for (grace). */
START_TEST(test_flow_end_before_validation)
{
    struct harness h;
    h_init(&h, 32);
    h_feed_to(&h, 23);
    ck_assert_int_eq(h.seen.n_follow, 0);
    ck_assert(!app_smb.done(h.state));
    h_end(&h);
    ck_assert_int_eq(h.seen.n_follow, 1);
    ck_assert_int_eq(h.seen.fw.end, SMB_FOLLOW_END_FLOW_END);
    ck_assert_int_eq(h.seen.fw.validate, SMB_VALIDATE_ABSENT);
    ck_assert_uint_eq(h.seen.fw.n_messages, 16);
}
END_TEST

START_TEST(test_max_messages)
{
    struct harness h;
    h_init(&h, 5);
    h_feed_to(&h, 25);
    ck_assert_int_eq(h.seen.n_follow, 1);
    ck_assert_int_eq(h.seen.follow_at_frame, 12); /* frames 8-12 */
    ck_assert_int_eq(h.seen.fw.end, SMB_FOLLOW_END_MAX_MESSAGES);
    ck_assert_uint_eq(h.seen.fw.n_messages, 5);
    ck_assert(!h.seen.fw.sess[0].established);
    ck_assert_int_eq(h.seen.fw.is_signed, SMB_TRI_UNKNOWN); /* no session yet */
    ck_assert(app_smb.done(h.state));
    h_end(&h);
    ck_assert_int_eq(h.seen.n_follow, 1);
}
END_TEST

/* A transform header (MS-SMB2 2.2.41) after the session setup. */
START_TEST(test_encrypted_ends)
{
    static const uint8_t transform[] = {0, 0, 0, 56, 0xFD, 'S', 'M', 'B', 0, 0, 0, 0, 0, 0, 0, 0,
                                        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    struct harness h;
    h_init(&h, 32);
    h_feed_to(&h, 21);
    ck_assert_int_eq(h.seen.n_follow, 0);
    app_smb.parse(h.state, &h.cfg, &h.sink, &h.flow, NULL, 0, transform, sizeof(transform));
    ck_assert_int_eq(h.seen.n_follow, 1);
    ck_assert_int_eq(h.seen.fw.end, SMB_FOLLOW_END_ENCRYPTED);
    ck_assert_int_eq(h.seen.fw.encrypted, SMB_TRI_YES);
    ck_assert_int_eq(h.seen.fw.is_signed, SMB_TRI_YES); /* encrypted counts as protected */
    ck_assert(app_smb.done(h.state));
    h_end(&h);
    ck_assert_int_eq(h.seen.n_follow, 1);
}
END_TEST

/* The validation request with Capabilities changed (0x7f -> 0x7e): a
 * machine in the middle would have had to change the negotiate request. */
START_TEST(test_validation_mismatch)
{
    const struct follow_frame *f24 = &follow_5786[24 - 6];
    ck_assert_int_eq(f24->frame, 24);
    uint8_t copy[256];
    ck_assert_uint_le(f24->len, sizeof(copy));
    memcpy(copy, f24->bytes, f24->len);
    /* NBSS(4) + InputOffset 0x78: Capabilities, tshark "0x0000007f" */
    ck_assert_uint_eq(copy[4 + 0x78], 0x7f);
    copy[4 + 0x78] = 0x7e;
    struct harness h;
    h_init(&h, 32);
    h_feed_to(&h, 23);
    app_smb.parse(h.state, &h.cfg, &h.sink, &h.flow, NULL, 0, copy, f24->len);
    h_end(&h);
    ck_assert_int_eq(h.seen.n_follow, 1);
    ck_assert_int_eq(h.seen.fw.validate, SMB_VALIDATE_MISMATCH);
    ck_assert_uint_eq(h.seen.fw.validate_diff, SMB_VALIDATE_DIFF_CAPABILITIES);
}
END_TEST

/* Without on_follow_end (or with max-messages 0) parsing stops at the
 * negotiation as it always did. */
START_TEST(test_not_wanted)
{
    for (int k = 0; k < 2; k++) {
        struct harness h;
        h_init(&h, k ? 0 : 32);
        if (!k)
            h.sink.on_follow_end = NULL;
        h_feed_to(&h, 7);
        ck_assert(app_smb.done(h.state));
        h_end(&h);
        ck_assert_int_eq(h.seen.n_tx, 1);
        ck_assert_int_eq(h.seen.n_follow, 0);
    }
}
END_TEST

/* Every frame split at every byte: the same result (the INCOMPLETE contract). */
START_TEST(test_bytewise)
{
    struct harness h;
    h_init(&h, 32);
    uint8_t buf[2][2048];
    size_t len[2] = {0, 0};
    for (size_t i = 0; i < NFRAMES; i++) {
        const struct follow_frame *fr = &follow_5786[i];
        for (size_t b = 0; b < fr->len; b++) {
            int sd = fr->side;
            buf[sd][len[sd]++] = fr->bytes[b];
            size_t c = app_smb.parse(h.state, &h.cfg, &h.sink, &h.flow, NULL, sd, buf[sd],
                                     len[sd]);
            memmove(buf[sd], buf[sd] + c, len[sd] - c);
            len[sd] -= c;
        }
    }
    ck_assert_int_eq(h.seen.n_follow, 1);
    ck_assert_int_eq(h.seen.fw.end, SMB_FOLLOW_END_BOUND);
    ck_assert_uint_eq(h.seen.fw.n_messages, 22);
    ck_assert_int_eq(h.seen.fw.validate, SMB_VALIDATE_MATCH);
    h_end(&h);
}
END_TEST

static Suite *smb_follow_suite(void)
{
    Suite *s = suite_create("smb_follow");
    TCase *tc = tcase_create("follow");
    tcase_add_test(tc, test_bound_after_validation);
    tcase_add_test(tc, test_flow_end_before_validation);
    tcase_add_test(tc, test_max_messages);
    tcase_add_test(tc, test_encrypted_ends);
    tcase_add_test(tc, test_validation_mismatch);
    tcase_add_test(tc, test_not_wanted);
    tcase_add_test(tc, test_bytewise);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(smb_follow_suite());
}
