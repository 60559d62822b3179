/* check_stream_reasm.c - per-direction reassembly: in order, out of order,
 * retransmissions, the first-copy-wins overlap policy, gaps, depth, sequence
 * wrap-around, and a payload split at every point and delivered in every
 * order the split allows (RFC 9293 3.4 sequence arithmetic). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "stream/stream.h"
#include "helpers/run.h"

struct sink {
    uint8_t out[8192];
    size_t len;
    size_t keep; /* bytes to leave unconsumed on each call (app buffering) */
    int calls;
};

static size_t deliver(void *ctx, const uint8_t *data, size_t len)
{
    struct sink *s = ctx;
    s->calls++;
    size_t take = len > s->keep ? len - s->keep : 0;
    /* Record only newly consumed bytes: the stream offers kept bytes again. */
    memcpy(s->out + s->len, data, take);
    s->len += take;
    return take;
}

static struct memcap mc;
static struct stream_cfg cfg;

static void setup(void)
{
    memset(&mc, 0, sizeof(mc));
    cfg = (struct stream_cfg){.depth = 1 << 20, .ooo_max = 4096, .buf_max = 4096, .mc = &mc};
}

static enum stream_result ins(struct stream_dir *d, struct sink *s, uint32_t seq, const char *txt,
                              uint64_t *ov)
{
    return stream_dir_insert(d, &cfg, seq, (const uint8_t *)txt, strlen(txt), deliver, s, ov);
}

START_TEST(test_in_order)
{
    struct stream_dir d;
    struct sink s = {0};
    uint64_t ov = 0;
    stream_dir_init(&d);
    stream_dir_start(&d, 1000, false);
    ck_assert_int_eq(ins(&d, &s, 1000, "hello ", &ov), STREAM_OK);
    ck_assert_int_eq(ins(&d, &s, 1006, "world", &ov), STREAM_OK);
    ck_assert_uint_eq(s.len, 11);
    ck_assert_mem_eq(s.out, "hello world", 11);
    ck_assert_uint_eq(ov, 0);
    ck_assert_uint_eq(d.next_seq, 1011);
    stream_dir_deinit(&d, &cfg);
    ck_assert_uint_eq(mc.used, 0);
}
END_TEST

START_TEST(test_out_of_order_and_retransmission)
{
    struct stream_dir d;
    struct sink s = {0};
    uint64_t ov = 0;
    stream_dir_init(&d);
    stream_dir_start(&d, 0, false);
    ck_assert_int_eq(ins(&d, &s, 5, "world", &ov), STREAM_OK);
    ck_assert_uint_eq(s.len, 0);
    ck_assert(stream_dir_has_hole(&d));
    ck_assert_int_eq(ins(&d, &s, 0, "hello", &ov), STREAM_OK);
    ck_assert_uint_eq(s.len, 10);
    ck_assert_mem_eq(s.out, "helloworld", 10);
    ck_assert(!stream_dir_has_hole(&d));
    ck_assert_int_eq(ins(&d, &s, 0, "hello", &ov), STREAM_OK); /* retransmission */
    ck_assert_uint_eq(s.len, 10);
    ck_assert_uint_eq(ov, 5);
    stream_dir_deinit(&d, &cfg);
    ck_assert_uint_eq(mc.used, 0);
}
END_TEST

/* First copy wins, against queued and against delivered bytes. */
START_TEST(test_overlap_first_wins)
{
    struct stream_dir d;
    struct sink s = {0};
    uint64_t ov = 0;
    stream_dir_init(&d);
    stream_dir_start(&d, 0, false);
    ck_assert_int_eq(ins(&d, &s, 10, "xxxxxxxxxx", &ov), STREAM_OK);          /* 10..20 */
    ck_assert_int_eq(ins(&d, &s, 5, "yyyyyyyyyyyyyyyyyyyy", &ov), STREAM_OK); /* 5..25 */
    ck_assert_uint_eq(ov, 10);
    ck_assert_int_eq(ins(&d, &s, 0, "aaaaaaa", &ov), STREAM_OK); /* 0..7 overlaps 5..7 */
    ck_assert_uint_eq(s.len, 25);
    ck_assert_mem_eq(s.out, "aaaaaaayyyxxxxxxxxxxyyyyy", 25);
    ck_assert_int_eq(ins(&d, &s, 20, "zzzzzzzzzz", &ov), STREAM_OK); /* 20..30: 5 new */
    ck_assert_uint_eq(s.len, 30);
    ck_assert_mem_eq(s.out + 20, "yyyyyzzzzz", 10);
    stream_dir_deinit(&d, &cfg);
}
END_TEST

START_TEST(test_gap_when_queue_full)
{
    struct stream_dir d;
    struct sink s = {0};
    uint64_t ov = 0;
    static char big[5000];
    memset(big, 'q', sizeof(big) - 1);
    stream_dir_init(&d);
    stream_dir_start(&d, 0, false);
    ck_assert_int_eq(ins(&d, &s, 100, big, &ov), STREAM_GAP);
    stream_dir_deinit(&d, &cfg);
    ck_assert_uint_eq(mc.used, 0);
}
END_TEST

START_TEST(test_depth)
{
    struct stream_dir d;
    struct sink s = {0};
    uint64_t ov = 0;
    cfg.depth = 8;
    stream_dir_init(&d);
    stream_dir_start(&d, 0, false);
    ck_assert_int_eq(ins(&d, &s, 0, "12345", &ov), STREAM_OK);
    ck_assert_int_eq(ins(&d, &s, 5, "67890", &ov), STREAM_DEPTH);
    ck_assert_uint_eq(s.len, 8);
    stream_dir_deinit(&d, &cfg);
}
END_TEST

START_TEST(test_seq_wraparound)
{
    struct stream_dir d;
    struct sink s = {0};
    uint64_t ov = 0;
    stream_dir_init(&d);
    stream_dir_start(&d, 0xFFFFFFFCu, false);
    ck_assert_int_eq(ins(&d, &s, 0x00000002u, "CD", &ov), STREAM_OK); /* after the wrap */
    ck_assert_int_eq(ins(&d, &s, 0xFFFFFFFCu, "abcdef", &ov), STREAM_OK);
    ck_assert_uint_eq(s.len, 8);
    ck_assert_mem_eq(s.out, "abcdefCD", 8);
    ck_assert_uint_eq(ov, 0);
    stream_dir_deinit(&d, &cfg);
}
END_TEST

/* The app keeps bytes back: they are offered again with the next data. */
START_TEST(test_app_buffering)
{
    struct stream_dir d;
    struct sink s = {.keep = 3};
    uint64_t ov = 0;
    stream_dir_init(&d);
    stream_dir_start(&d, 0, false);
    ck_assert_int_eq(ins(&d, &s, 0, "abcdef", &ov), STREAM_OK);
    ck_assert_uint_eq(s.len, 3);
    ck_assert_uint_eq(d.buf_len, 3);
    s.keep = 0;
    ck_assert_int_eq(ins(&d, &s, 6, "gh", &ov), STREAM_OK);
    ck_assert_uint_eq(s.len, 8);
    ck_assert_mem_eq(s.out, "abcdefgh", 8);
    ck_assert_uint_eq(d.buf_len, 0);
    stream_dir_deinit(&d, &cfg);
    ck_assert_uint_eq(mc.used, 0);
}
END_TEST

/* A 64-byte payload cut into three pieces at every (i, j) and inserted in
 * all six orders, with a retransmitted piece: always the same bytes. */
START_TEST(test_every_split_every_order)
{
    uint8_t msg[64];
    for (int i = 0; i < 64; i++)
        msg[i] = (uint8_t)(i * 7 + 1);
    static const int orders[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2},
                                     {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    for (uint32_t a = 1; a < 63; a++) {
        for (uint32_t b = a + 1; b < 64; b++) {
            uint32_t off[3] = {0, a, b}, len[3] = {a, b - a, 64 - b};
            for (int o = 0; o < 6; o++) {
                struct stream_dir d;
                struct sink s = {0};
                uint64_t ov = 0;
                stream_dir_init(&d);
                stream_dir_start(&d, 4000000000u, false);
                for (int k = 0; k < 3; k++) {
                    int p = orders[o][k];
                    stream_dir_insert(&d, &cfg, 4000000000u + off[p], msg + off[p], len[p],
                                      deliver, &s, &ov);
                    if (k == 0) /* retransmit the first piece */
                        stream_dir_insert(&d, &cfg, 4000000000u + off[p], msg + off[p], len[p],
                                          deliver, &s, &ov);
                }
                ck_assert_uint_eq(s.len, 64);
                ck_assert_mem_eq(s.out, msg, 64);
                stream_dir_deinit(&d, &cfg);
            }
        }
    }
    ck_assert_uint_eq(mc.used, 0);
}
END_TEST

START_TEST(test_memcap_refuses)
{
    struct stream_dir d;
    struct sink s = {0};
    uint64_t ov = 0;
    mc.limit = 16;
    stream_dir_init(&d);
    stream_dir_start(&d, 0, false);
    ck_assert_int_eq(ins(&d, &s, 10, "0123456789abcdef0123", &ov), STREAM_MEMCAP);
    ck_assert_uint_ge(mc.hits, 1);
    stream_dir_deinit(&d, &cfg);
    ck_assert_uint_eq(mc.used, 0);
}
END_TEST

/* Regression (trickle capture): an app buffer the memcap refuses to grow is
 * a memcap gap, not an app-buffer overflow. */
START_TEST(test_memcap_refuses_app_buffer)
{
    struct stream_dir d;
    struct sink s = {.keep = 1 << 20}; /* the app never consumes */
    uint64_t ov = 0;
    mc.limit = 1024;
    stream_dir_init(&d);
    stream_dir_start(&d, 0, false);
    enum stream_result r = STREAM_OK;
    uint32_t seq = 0;
    while (r == STREAM_OK && seq < 4096) {
        r = ins(&d, &s, seq, "x", &ov);
        seq++;
    }
    ck_assert_int_eq(r, STREAM_MEMCAP);
    ck_assert_uint_eq(seq, 1025); /* 512 + 512 bytes of buffer, then refused */
    ck_assert_uint_le(mc.peak, 1024);
    ck_assert_uint_eq(mc.hits, 1);
    stream_dir_deinit(&d, &cfg);
    ck_assert_uint_eq(mc.used, 0);
}
END_TEST

/* One byte per segment, never consumed: the buffer stops at buf_max (not
 * at the next power of two) and then overflows. */
START_TEST(test_trickle_stops_at_buf_max)
{
    struct stream_dir d;
    struct sink s = {.keep = 1 << 20};
    uint64_t ov = 0;
    cfg.buf_max = 3000;
    stream_dir_init(&d);
    stream_dir_start(&d, 0, false);
    enum stream_result r = STREAM_OK;
    uint32_t seq = 0;
    while (r == STREAM_OK && seq < 10000) {
        r = ins(&d, &s, seq, "x", &ov);
        seq++;
    }
    ck_assert_int_eq(r, STREAM_OVERFLOW);
    ck_assert_uint_eq(seq, 3001);
    ck_assert_uint_eq(mc.peak, 3000);
    ck_assert_uint_eq(mc.hits, 0);
    stream_dir_deinit(&d, &cfg);
    ck_assert_uint_eq(mc.used, 0);
}
END_TEST

/* stream_dir_acked_past: the peer acknowledged bytes never seen (RFC 9293
 * 3.4: ACK is the next sequence number the peer expects; a FIN takes one). */
START_TEST(test_acked_past)
{
    static const struct {
        const char *name;
        uint32_t next;   /* the direction's next_seq */
        uint32_t ack;    /* the peer's ACK */
        bool fin;        /* the direction sent a FIN */
        bool past;
    } rows[] = {
        {"ack = next: all seen", 1000, 1000, false, false},
        {"ack behind next: old ACK", 1000, 900, false, false},
        {"ack one past, no FIN: a byte lost", 1000, 1001, false, true},
        {"ack one past after a FIN: the FIN", 1000, 1001, true, false},
        {"ack two past after a FIN: a byte lost", 1000, 1002, true, true},
        {"ack 68 past: a request's tail lost", 1000, 1068, false, true},
        {"wrap: next near 2^32, ack past zero", 0xFFFFFFF0u, 0x10, false, true},
        {"wrap: ack near 2^32 behind next past zero", 0x10, 0xFFFFFFF0u, false, false},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct stream_dir d;
        stream_dir_init(&d);
        ck_assert_msg(!stream_dir_acked_past(&d, rows[i].ack, rows[i].fin),
                      "%s: not started", rows[i].name);
        stream_dir_start(&d, rows[i].next, false);
        ck_assert_msg(stream_dir_acked_past(&d, rows[i].ack, rows[i].fin) == rows[i].past, "%s",
                      rows[i].name);
        stream_dir_close(&d, &cfg);
        ck_assert_msg(!stream_dir_acked_past(&d, rows[i].ack, rows[i].fin), "%s: closed",
                      rows[i].name);
    }
    /* After in-order data next_seq moves: the ACK of those bytes is not past. */
    struct stream_dir d;
    struct sink s = {0};
    uint64_t ov = 0;
    stream_dir_init(&d);
    stream_dir_start(&d, 1000, false);
    ck_assert_int_eq(ins(&d, &s, 1000, "0123456789", &ov), STREAM_OK);
    ck_assert(!stream_dir_acked_past(&d, 1010, false));
    /* A hole: 1010-1019 lost, 1020-1029 queued; the peer acks 1030. */
    ck_assert_int_eq(ins(&d, &s, 1020, "abcdefghij", &ov), STREAM_OK);
    ck_assert(stream_dir_has_hole(&d));
    ck_assert(stream_dir_acked_past(&d, 1030, false));
    stream_dir_deinit(&d, &cfg);
    ck_assert_uint_eq(mc.used, 0);
}
END_TEST

static Suite *stream_suite(void)
{
    Suite *s = suite_create("stream_reasm");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_in_order);
    tcase_add_test(tc, test_out_of_order_and_retransmission);
    tcase_add_test(tc, test_overlap_first_wins);
    tcase_add_test(tc, test_gap_when_queue_full);
    tcase_add_test(tc, test_depth);
    tcase_add_test(tc, test_seq_wraparound);
    tcase_add_test(tc, test_app_buffering);
    tcase_add_test(tc, test_every_split_every_order);
    tcase_add_test(tc, test_memcap_refuses);
    tcase_add_test(tc, test_memcap_refuses_app_buffer);
    tcase_add_test(tc, test_trickle_stops_at_buf_max);
    tcase_add_test(tc, test_acked_past);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(stream_suite());
}
