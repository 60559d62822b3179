/* check_flow_table.c - the flow table's memcap policy: which flow is given
 * up when flow.memcap is reached (finished, then waiting, then negotiating;
 * oldest first within a class), the accounting of every byte, timeouts per
 * class list, flush order, and when a 4-tuple is reused (a new flow). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "flow/flow.h"
#include "helpers/run.h"

#define EXTRA 64 /* app state charged with each flow */

static int ended[64];
static int n_ended;
static int n_evicted_seen;

static void on_end(void *ctx, struct flow *f)
{
    (void)ctx;
    if (n_ended < 64)
        ended[n_ended] = f->side_port[0];
    n_ended++;
    n_evicted_seen += f->evicted;
}

/* A TCP packet from client port `port` to 10.0.0.1:445 at time `sec`. */
static struct packet pkt(uint16_t port, int64_t sec)
{
    struct packet p;
    memset(&p, 0, sizeof(p));
    p.ip_v = 4;
    p.ip_proto = 6;
    p.src.b[0] = 10, p.src.b[3] = 2;
    p.dst.b[0] = 10, p.dst.b[3] = 1;
    p.sport = port;
    p.dport = 445;
    p.ts_sec = sec;
    return p;
}

static struct flow_table t;

/* A table with room for exactly `n` flows. */
static void table_for(uint32_t n)
{
    struct flow_table_cfg cfg = {.hash_size = 1024,
                                 .memcap = n * (sizeof(struct flow) + EXTRA),
                                 .timeout_new = 30,
                                 .timeout_est = 600,
                                 .timeout_closed = 10,
                                 .extra_per_flow = EXTRA};
    ck_assert_int_eq(flow_table_init(&t, &cfg), 0);
    n_ended = 0;
    n_evicted_seen = 0;
}

static struct flow *get(uint16_t port, int64_t sec, bool *created)
{
    struct packet p = pkt(port, sec);
    int side;
    struct flow *f = flow_table_get(&t, &p, &side, created, on_end, NULL);
    if (f)
        flow_table_touch(&t, f, sec, 0);
    return f;
}

static struct flow *add(uint16_t port, int64_t sec)
{
    bool created;
    struct flow *f = get(port, sec, &created);
    ck_assert_ptr_nonnull(f);
    ck_assert(created);
    return f;
}

static int dummy_state;

/* Give f the class `c` and file it (as the engine does after a packet). */
static void make(struct flow *f, enum flow_class c)
{
    f->app_done = c == FLOW_CLASS_FINISHED;
    f->app_state = c == FLOW_CLASS_NEGOTIATING ? &dummy_state : NULL;
    flow_table_touch(&t, f, f->last_sec, 0);
}

static void done(void)
{
    /* the engine frees app state in on_end; here it is a dummy */
    for (int c = 0; c < FLOW_CLASS_COUNT; c++)
        for (struct flow *f = t.lru_head[c]; f; f = f->lru_next)
            f->app_state = NULL;
    flow_table_deinit(&t, on_end, NULL);
    ck_assert_uint_eq(t.mc.used, 0);
    ck_assert_uint_eq(t.active, 0);
}

/* Truth table: classes of the three flows in the table (oldest first) ->
 * the port evicted for a fourth flow. */
static const struct {
    enum flow_class c[3];
    uint16_t evicted;
} evict_cases[] = {
    {{FLOW_CLASS_FINISHED, FLOW_CLASS_FINISHED, FLOW_CLASS_FINISHED}, 1001},
    {{FLOW_CLASS_NEGOTIATING, FLOW_CLASS_FINISHED, FLOW_CLASS_FINISHED}, 1002},
    {{FLOW_CLASS_NEGOTIATING, FLOW_CLASS_NEGOTIATING, FLOW_CLASS_FINISHED}, 1003},
    {{FLOW_CLASS_WAITING, FLOW_CLASS_NEGOTIATING, FLOW_CLASS_FINISHED}, 1003},
    {{FLOW_CLASS_NEGOTIATING, FLOW_CLASS_WAITING, FLOW_CLASS_WAITING}, 1002},
    {{FLOW_CLASS_WAITING, FLOW_CLASS_WAITING, FLOW_CLASS_NEGOTIATING}, 1001},
    {{FLOW_CLASS_NEGOTIATING, FLOW_CLASS_NEGOTIATING, FLOW_CLASS_WAITING}, 1003},
    {{FLOW_CLASS_NEGOTIATING, FLOW_CLASS_NEGOTIATING, FLOW_CLASS_NEGOTIATING}, 1001},
    {{FLOW_CLASS_FINISHED, FLOW_CLASS_WAITING, FLOW_CLASS_NEGOTIATING}, 1001},
};

START_TEST(test_evict_order)
{
    table_for(3);
    struct flow *f[3];
    for (int i = 0; i < 3; i++)
        f[i] = add((uint16_t)(1001 + i), 100 + i);
    for (int i = 0; i < 3; i++)
        make(f[i], evict_cases[_i].c[i]);
    add(2000, 200);
    ck_assert_int_eq(n_ended, 1);
    ck_assert_int_eq(ended[0], evict_cases[_i].evicted);
    ck_assert_int_eq(n_evicted_seen, 1);
    int c = -1;
    for (int i = 0; i < 3; i++)
        if (1001 + i == evict_cases[_i].evicted)
            c = (int)evict_cases[_i].c[i];
    ck_assert_uint_eq(t.evicted[c], 1);
    ck_assert_uint_eq(t.active, 3);
    ck_assert_uint_eq(t.mc.used, 3 * (sizeof(struct flow) + EXTRA));
    ck_assert_uint_eq(t.mc.hits, 1);
    done();
}
END_TEST

/* A flow whose class changed after its last touch is not mistaken for its
 * old class: it became negotiating, so the waiting flow behind it goes. */
START_TEST(test_evict_stale_class)
{
    table_for(2);
    struct flow *a = add(1001, 100);
    add(1002, 101);
    a->app_state = &dummy_state; /* not touched since */
    add(2000, 200);
    ck_assert_int_eq(n_ended, 1);
    ck_assert_int_eq(ended[0], 1002);
    done();
}
END_TEST

/* A flood: many more flows than fit; the table never exceeds its cap and the
 * one negotiating flow survives all of it. */
START_TEST(test_flood_keeps_negotiating)
{
    table_for(8);
    struct flow *neg = add(7, 1);
    make(neg, FLOW_CLASS_NEGOTIATING);
    for (uint16_t i = 0; i < 5000; i++) {
        add((uint16_t)(10000 + i), 2);
        ck_assert_uint_le(t.mc.used, t.mc.limit);
        ck_assert_uint_le(t.active, 8);
    }
    bool created;
    ck_assert_ptr_eq(get(7, 3, &created), neg);
    ck_assert(!created);
    ck_assert_uint_eq(t.evicted[FLOW_CLASS_WAITING], 5000 - 7);
    ck_assert_uint_eq(t.evicted[FLOW_CLASS_NEGOTIATING], 0);
    n_ended = 0;
    done();
}
END_TEST

/* A cap smaller than one flow: nothing to evict, the flow is refused. */
START_TEST(test_refused)
{
    struct flow_table_cfg cfg = {.hash_size = 1024, .memcap = sizeof(struct flow) / 2,
                                 .timeout_new = 30, .timeout_est = 600, .timeout_closed = 10};
    ck_assert_int_eq(flow_table_init(&t, &cfg), 0);
    bool created;
    ck_assert_ptr_null(get(1, 1, &created));
    ck_assert_uint_eq(t.refused, 1);
    done();
}
END_TEST

/* Timeouts apply to every class list; flush ends flows least recently seen
 * first, whatever their class. */
START_TEST(test_expire_and_flush_order)
{
    table_for(8);
    struct flow *a = add(1, 10);
    struct flow *b = add(2, 11);
    struct flow *c = add(3, 12);
    add(4, 13);
    make(a, FLOW_CLASS_FINISHED);
    make(b, FLOW_CLASS_NEGOTIATING);
    make(c, FLOW_CLASS_FINISHED);
    b->state = FLOW_ESTABLISHED;
    /* at 42: flows in state NEW idle more than 30 s end (a: 32 s, c: 30 s
     * is not more than 30); b is established */
    flow_table_expire(&t, 42, on_end, NULL);
    ck_assert_int_eq(n_ended, 1);
    ck_assert_int_eq(ended[0], 1);
    b->app_state = NULL;
    flow_table_flush(&t, on_end, NULL);
    ck_assert_int_eq(n_ended, 4);
    ck_assert_int_eq(ended[1], 2);
    ck_assert_int_eq(ended[2], 3);
    ck_assert_int_eq(ended[3], 4);
    done();
}
END_TEST

/* Truth table of flow_is_reused (RFC 9293 3.5: a new connection on the
 * 4-tuple opens with a SYN; Suricata's TCP session reuse): what the flow
 * saw, the packet from side 0 -> a new flow? */
static const struct {
    const char *name;
    uint8_t flags;            /* the packet's TCP flags */
    bool fin0, fin1, rst;     /* how the flow was closing */
    bool syn0, syn1, data;    /* SYN from side 0 / side 1, payload seen */
    uint32_t seq;             /* the packet's seq; side 0's ISN is 1000 */
    bool reused;
} reuse_cases[] = {
    {"SYN after FIN both ways, new ISN", TCP_SYN, true, true, false, true, true, true, 5000, true},
    {"SYN after FIN both ways, same ISN (a replay loop)", TCP_SYN, true, true, false, true, true,
     true, 1000, true},
    {"SYN after RST, new ISN", TCP_SYN, false, false, true, true, true, true, 5000, true},
    {"SYN after RST, same ISN, connection had data", TCP_SYN, false, false, true, true, true,
     true, 1000, true},
    {"SYN after one FIN, new ISN", TCP_SYN, true, false, false, true, true, true, 5000, true},
    {"SYN after the peer's FIN only", TCP_SYN, false, true, false, true, true, true, 5000, true},
    {"SYN after RST, picked up mid-stream (no SYN seen)", TCP_SYN, false, false, true, false,
     false, true, 1000, true},
    {"retransmitted SYN after RST (SYN refused, same ISN)", TCP_SYN, false, false, true, true,
     false, false, 1000, false},
    {"SYN refused by RST, then a new ISN", TCP_SYN, false, false, true, true, false, false, 5000,
     true},
    {"SYN while open (no FIN, no RST)", TCP_SYN, false, false, false, true, true, true, 5000,
     false},
    {"SYN+ACK after FIN both ways", TCP_SYN | TCP_ACK, true, true, false, true, true, true, 5000,
     false},
    {"SYN+RST after RST", TCP_SYN | TCP_RST, false, false, true, true, true, true, 5000, false},
    {"ACK after FIN both ways", TCP_ACK, true, true, false, true, true, true, 5000, false},
    {"data after RST", TCP_ACK | TCP_PSH, false, false, true, true, true, true, 5000, false},
};

START_TEST(test_reuse_truth)
{
    struct flow f;
    memset(&f, 0, sizeof(f));
    f.fin[0] = reuse_cases[_i].fin0;
    f.fin[1] = reuse_cases[_i].fin1;
    f.rst = reuse_cases[_i].rst;
    f.syn[0] = reuse_cases[_i].syn0;
    f.syn[1] = reuse_cases[_i].syn1;
    f.isn[0] = 1000;
    f.isn[1] = 1000; /* the peer's: must not matter */
    f.data = reuse_cases[_i].data;
    struct packet p = pkt(1001, 5);
    p.tcp_flags = reuse_cases[_i].flags;
    p.seq = reuse_cases[_i].seq;
    ck_assert_msg(flow_is_reused(&f, &p, 0) == reuse_cases[_i].reused, "%s: expected %s",
                  reuse_cases[_i].name, reuse_cases[_i].reused ? "reuse" : "the same flow");
}
END_TEST

/* flow_table_end: the flow is ended through fn and its key gets a new flow
 * (the engine's handling of a reused 4-tuple). */
START_TEST(test_end_then_new_flow)
{
    table_for(4);
    struct flow *a = add(1001, 100);
    uint64_t id = a->flow_id;
    flow_table_end(&t, a, on_end, NULL);
    ck_assert_int_eq(n_ended, 1);
    ck_assert_int_eq(ended[0], 1001);
    ck_assert_uint_eq(t.active, 0);
    ck_assert_uint_eq(t.mc.used, 0);
    bool created;
    struct flow *b = get(1001, 101, &created);
    ck_assert_ptr_nonnull(b);
    ck_assert(created);
    ck_assert_uint_ne(b->flow_id, id); /* a new flow id: first packet time differs */
    ck_assert_uint_eq(t.total, 2);
    done();
}
END_TEST

static Suite *flow_table_suite(void)
{
    Suite *s = suite_create("flow_table");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, test_evict_order, 0,
                        (int)(sizeof(evict_cases) / sizeof(evict_cases[0])));
    tcase_add_test(tc, test_evict_stale_class);
    tcase_add_test(tc, test_flood_keeps_negotiating);
    tcase_add_test(tc, test_refused);
    tcase_add_test(tc, test_expire_and_flush_order);
    tcase_add_loop_test(tc, test_reuse_truth, 0,
                        (int)(sizeof(reuse_cases) / sizeof(reuse_cases[0])));
    tcase_add_test(tc, test_end_then_new_flow);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(flow_table_suite());
}
