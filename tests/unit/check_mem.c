/* check_mem.c - the allocation funnel (util/mem.c): memcap accounting
 * (limit, peak, hits, release below zero), the fail-the-nth-allocation test
 * hook, and every allocation failure path of the rule loader and of the SMB
 * parser: each allocation they make is refused in turn, and each run must
 * report the failure or complete, never crash or leak (the sanitizer build
 * of `make check` runs this under ASan's leak checker). */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/smb/smb.h"
#include "detect/detect.h"
#include "flow/flow.h"
#include "util/file.h"
#include "util/mem.h"
#include "vectors/stream_multiproto.h"
#include "helpers/run.h"

START_TEST(memcap_accounting)
{
    struct memcap mc = {.limit = 100};
    void *a = mem_cap_alloc(&mc, 60);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_null(mem_cap_alloc(&mc, 41)); /* 60 + 41 > 100 */
    ck_assert_uint_eq(mc.hits, 1);
    void *b = mem_cap_calloc(&mc, 40); /* exactly at the limit */
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(((unsigned char *)b)[39], 0);
    ck_assert_uint_eq(mc.used, 100);
    ck_assert_uint_eq(mc.peak, 100);
    mem_cap_free(&mc, a, 60);
    mem_cap_free(&mc, b, 40);
    ck_assert_uint_eq(mc.used, 0);
    ck_assert_uint_eq(mc.peak, 100);
    ck_assert(!mem_cap_reserve(&mc, (size_t)-1)); /* no wrap-around */
    ck_assert_uint_eq(mc.hits, 2);
    mem_cap_release(&mc, 5); /* more than used: clamps at 0 */
    ck_assert_uint_eq(mc.used, 0);
    ck_assert(mem_cap_reserve(NULL, (size_t)-1)); /* no cap: counts nothing */
}
END_TEST

START_TEST(fail_nth_hook)
{
    mem_test_fail_nth(2);
    void *a = mem_alloc(8);
    void *b = mem_alloc(8);
    void *c = mem_strdup("x");
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_null(b);
    ck_assert_ptr_nonnull(c); /* only the nth fails */
    ck_assert_uint_eq(mem_test_fail_nth(0), 3);
    struct memcap mc = {0};
    mem_test_fail_nth(1);
    ck_assert_ptr_null(mem_cap_alloc(&mc, 16));
    ck_assert_uint_eq(mc.used, 0); /* the refused bytes are released */
    mem_test_fail_nth(0);
    mem_free(a);
    mem_free(c);
}
END_TEST

/* Load the shipped ruleset; returns 0 when everything loaded. */
static int load_rules(const char *text, size_t len)
{
    struct detect_cfg cfg = {0};
    struct detect *d = detect_new(&cfg);
    if (!d)
        return -1;
    int r = detect_load_buffer(d, "smb-negotiate.rules", text, len);
    detect_free(d);
    return r;
}

/* mem_grow: appending one at a time reallocates O(log n) times; a refused
 * or impossible growth leaves the array and its capacity as they were. */
START_TEST(grow_geometric)
{
    int *v = NULL;
    size_t cap = 0;
    (void)mem_test_fail_nth(0);
    for (size_t n = 0; n < 100000; n++) {
        int *nv = mem_grow(v, &cap, n + 1, sizeof(*v));
        ck_assert_ptr_nonnull(nv);
        v = nv;
        v[n] = (int)n;
        ck_assert_uint_ge(cap, n + 1);
    }
    ck_assert_uint_le(mem_test_fail_nth(0), 15); /* 8, 16, ... 131072 */
    for (size_t n = 0; n < 100000; n++)
        ck_assert_int_eq(v[n], (int)n);
    size_t was = cap;
    ck_assert_ptr_eq(mem_grow(v, &cap, cap, sizeof(*v)), v); /* room: no call */
    (void)mem_test_fail_nth(1);
    ck_assert_ptr_null(mem_grow(v, &cap, cap + 1, sizeof(*v)));
    ck_assert_uint_eq(cap, was);
    (void)mem_test_fail_nth(0);
    ck_assert_ptr_null(mem_grow(v, &cap, SIZE_MAX / 2, sizeof(*v))); /* n * size overflows */
    ck_assert_ptr_null(mem_grow(v, &cap, SIZE_MAX, 1));
    ck_assert_uint_eq(cap, was);
    ck_assert_int_eq(v[99999], 99999);
    mem_free(v);
}
END_TEST

START_TEST(rule_loader_every_failure)
{
    char path[4096];
    size_t len = 0;
    char *text = NULL;
    ck_assert_int_eq(
        file_read_all(test_src_path(path, sizeof(path), "rules/smb-negotiate.rules"), &text, &len),
        0);
    mem_test_fail_nth(0);
    ck_assert_int_eq(load_rules(text, len), 0);
    unsigned long n = mem_test_fail_nth(0);
    ck_assert_uint_gt(n, 10);
    for (unsigned long i = 1; i <= n; i++) {
        mem_test_fail_nth(i);
        int r = load_rules(text, len);
        mem_test_fail_nth(0);
        ck_assert_msg(r != 0, "allocation %lu of %lu refused, yet the load reported success", i, n);
    }
    mem_free(text);
}
END_TEST

static void on_message(void *ctx, struct flow *f, const struct packet *p, const struct smb_tx *tx,
                       enum flow_dir dir)
{
    (void)ctx, (void)f, (void)p, (void)tx, (void)dir;
}

static void on_tx(void *ctx, struct flow *f, const struct packet *p, const struct smb_tx *tx,
                  enum flow_dir dir)
{
    (void)f, (void)p, (void)tx, (void)dir;
    ++*(int *)ctx;
}

static int n_memcap; /* smb.memcap anomalies of the current run */

static void on_anomaly(void *ctx, struct flow *f, const struct packet *p, const char *ev,
                       const char *layer)
{
    (void)ctx, (void)f, (void)p, (void)layer;
    if (strcmp(ev, "smb.memcap") == 0)
        n_memcap++;
}

/* Feed the multi-protocol negotiation (SMB1 request, wildcard response,
 * SMB2 request and response) whole; returns the transactions completed, or
 * -1 when the state itself could not be allocated. */
static int parse_stream(void)
{
    int n_tx = 0;
    n_memcap = 0;
    struct app_sink sink = {&n_tx, on_message, on_tx, on_anomaly, NULL};
    struct app_cfg cfg = {.max_pdu = 65536, .max_tx = 8};
    struct flow flow;
    memset(&flow, 0, sizeof(flow));
    void *st = app_smb.state_new();
    if (!st)
        return -1;
    for (size_t i = 0; i < sizeof(multiproto_msgs) / sizeof(multiproto_msgs[0]); i++) {
        const struct stream_msg *m = &multiproto_msgs[i];
        app_smb.parse(st, &cfg, &sink, &flow, NULL, m->from_client ? 0 : 1, m->bytes, m->len);
    }
    app_smb.flow_end(st, &cfg, &sink, &flow);
    app_smb.state_free(st);
    return n_tx;
}

START_TEST(smb_parser_every_failure)
{
    mem_test_fail_nth(0);
    int full = parse_stream();
    unsigned long n = mem_test_fail_nth(0);
    ck_assert_int_eq(full, 2); /* tshark: two negotiations (SMB1 + SMB2) */
    ck_assert_uint_ge(n, 3);   /* the state and one per transaction */
    for (unsigned long i = 1; i <= n; i++) {
        mem_test_fail_nth(i);
        int got = parse_stream();
        mem_test_fail_nth(0);
        if (i == 1) { /* the state: the flow is not parsed at all */
            ck_assert_int_eq(got, -1);
            continue;
        }
        /* a transaction: its message is lost, and says so */
        ck_assert_msg(n_memcap == 1, "allocation %lu refused: %d smb.memcap anomalies", i,
                      n_memcap);
        ck_assert_int_le(got, full);
    }
}
END_TEST

static Suite *mem_suite(void)
{
    Suite *s = suite_create("mem");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, memcap_accounting);
    tcase_add_test(tc, fail_nth_hook);
    tcase_add_test(tc, grow_geometric);
    tcase_add_test(tc, rule_loader_every_failure);
    tcase_add_test(tc, smb_parser_every_failure);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(mem_suite());
}
