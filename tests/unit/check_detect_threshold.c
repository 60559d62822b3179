/* check_detect_threshold.c - unit tests for src/detect/detect-threshold.c:
 * limit / threshold / both for each track type over packet time, the
 * tracking table's cap, threshold.config parsing (threshold, event_filter,
 * suppress with and without ip) and errors with their offsets. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "detect/detect-threshold.h"
#include "helpers/run.h"

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))

static const struct detect_var addr_vars[] = {{"HOME_NET", "[10.0.0.0/8]"}};
static const struct detect_cfg cfg = {addr_vars, 1, NULL, 0, NULL};

/* A transaction between client 10.0.0.c and server 192.168.0.s on flow f. */
static struct detect_th_who who(uint8_t c, uint8_t s, uint64_t f)
{
    struct detect_th_who w = {.ip_v = 4, .flow_id = f};
    w.src.b[0] = 10, w.src.b[3] = c;
    w.dst.b[0] = 192, w.dst.b[1] = 168, w.dst.b[3] = s;
    return w;
}

static struct detect_th_spec spec(enum detect_th_type type, enum detect_th_track track,
                                  uint32_t count, uint32_t seconds)
{
    return (struct detect_th_spec){.type = type, .track = track, .count = count,
                                   .seconds = seconds};
}

/* One match: time, who (client, server, flow) and whether it alerts. */
struct step {
    int64_t t;
    uint8_t c, s;
    uint64_t f;
    bool alert;
};

static void run_steps(const struct detect_th_spec *sp, const struct step *steps, size_t n)
{
    struct detect_threshold t;
    detect_threshold_init(&t, 0);
    for (size_t k = 0; k < n; k++) {
        struct detect_th_who w = who(steps[k].c, steps[k].s, steps[k].f);
        bool got = detect_threshold_check(&t, 1, 1000, sp, &w, steps[k].t);
        ck_assert_msg(got == steps[k].alert, "step %zu (t=%lld): got %d", k,
                      (long long)steps[k].t, got);
    }
    detect_threshold_deinit(&t);
}

/* ------------------------------------------------------------------------
 * Types
 * ------------------------------------------------------------------------ */

START_TEST(test_limit_by_src)
{
    struct detect_th_spec sp = spec(TH_LIMIT, TRACK_BY_SRC, 2, 60);
    static const struct step steps[] = {
        {0, 1, 1, 1, true},  {1, 1, 2, 1, true},  {2, 1, 1, 1, false}, {59, 1, 1, 1, false},
        {3, 2, 1, 1, true},  /* another client: its own window */
        {60, 1, 1, 1, true}, /* 60 s after the first: a new window */
        {61, 1, 1, 1, true}, {62, 1, 1, 1, false},
    };
    run_steps(&sp, steps, NROWS(steps));
}
END_TEST

START_TEST(test_threshold_by_dst)
{
    struct detect_th_spec sp = spec(TH_THRESHOLD, TRACK_BY_DST, 3, 60);
    static const struct step steps[] = {
        {0, 1, 1, 1, false}, {1, 2, 1, 1, false}, {2, 3, 1, 1, true}, /* 3rd for server 1 */
        {3, 1, 1, 1, false}, {4, 1, 1, 1, false}, {5, 1, 1, 1, true}, /* 6th */
        {6, 1, 2, 1, false}, /* server 2 apart */
        {60, 1, 1, 1, false}, {61, 1, 1, 1, false}, /* window restarted at 60 */
        {119, 1, 1, 1, true},
        {120, 1, 1, 1, false},
    };
    run_steps(&sp, steps, NROWS(steps));
}
END_TEST

START_TEST(test_threshold_count_one)
{
    struct detect_th_spec sp = spec(TH_THRESHOLD, TRACK_BY_SRC, 1, 10);
    static const struct step steps[] = {
        {0, 1, 1, 1, true}, {0, 1, 1, 1, true}, {5, 1, 1, 1, true}, {20, 1, 1, 1, true},
    };
    run_steps(&sp, steps, NROWS(steps));
}
END_TEST

START_TEST(test_both_by_both)
{
    struct detect_th_spec sp = spec(TH_BOTH, TRACK_BY_BOTH, 2, 10);
    static const struct step steps[] = {
        {0, 1, 1, 1, false}, {1, 1, 1, 1, true}, {2, 1, 1, 1, false}, {9, 1, 1, 1, false},
        {3, 1, 2, 1, false}, {4, 2, 1, 1, false}, /* other pairs */
        {4, 1, 2, 2, true},                        /* pair (1,2) again, flow ignored */
        {10, 1, 1, 1, false}, {11, 1, 1, 1, true}, /* new window */
    };
    run_steps(&sp, steps, NROWS(steps));
}
END_TEST

START_TEST(test_both_count_one)
{
    struct detect_th_spec sp = spec(TH_BOTH, TRACK_BY_RULE, 1, 10);
    static const struct step steps[] = {
        {0, 1, 1, 1, true}, {1, 2, 2, 2, false}, {9, 3, 3, 3, false}, {10, 1, 1, 1, true},
    };
    run_steps(&sp, steps, NROWS(steps));
}
END_TEST

START_TEST(test_limit_by_rule)
{
    struct detect_th_spec sp = spec(TH_LIMIT, TRACK_BY_RULE, 1, 30);
    static const struct step steps[] = {
        {0, 1, 1, 1, true}, {1, 2, 2, 2, false}, {29, 3, 3, 3, false}, {30, 4, 4, 4, true},
    };
    run_steps(&sp, steps, NROWS(steps));
}
END_TEST

START_TEST(test_limit_by_flow)
{
    struct detect_th_spec sp = spec(TH_LIMIT, TRACK_BY_FLOW, 1, 30);
    static const struct step steps[] = {
        {0, 1, 1, 7, true}, {1, 1, 1, 7, false}, {2, 1, 1, 8, true}, /* same hosts, new flow */
        {3, 2, 2, 8, false},
    };
    run_steps(&sp, steps, NROWS(steps));
}
END_TEST

START_TEST(test_seconds_zero)
{
    /* A zero-second window never holds a second match. */
    struct detect_th_spec sp = spec(TH_LIMIT, TRACK_BY_SRC, 1, 0);
    static const struct step steps[] = {{0, 1, 1, 1, true}, {0, 1, 1, 1, true}};
    run_steps(&sp, steps, NROWS(steps));
}
END_TEST

START_TEST(test_keys_per_rule_and_family)
{
    struct detect_threshold t;
    struct detect_th_spec sp = spec(TH_LIMIT, TRACK_BY_SRC, 1, 60);
    struct detect_th_who w4 = who(1, 1, 1), w6 = w4;
    w6.ip_v = 6;
    detect_threshold_init(&t, 0);
    ck_assert(detect_threshold_check(&t, 1, 1, &sp, &w4, 0));
    ck_assert(!detect_threshold_check(&t, 1, 1, &sp, &w4, 1));
    ck_assert(detect_threshold_check(&t, 1, 2, &sp, &w4, 1)); /* other sid */
    ck_assert(detect_threshold_check(&t, 3, 1, &sp, &w4, 1)); /* other gid */
    ck_assert(detect_threshold_check(&t, 1, 1, &sp, &w6, 1)); /* other family */
    detect_threshold_deinit(&t);
}
END_TEST

/* ------------------------------------------------------------------------
 * The table's cap
 * ------------------------------------------------------------------------ */

START_TEST(test_cap_evicts_oldest)
{
    struct detect_threshold t;
    struct detect_th_spec sp = spec(TH_LIMIT, TRACK_BY_SRC, 1, 100);
    detect_threshold_init(&t, 4);
    for (uint8_t c = 1; c <= 5; c++) {
        struct detect_th_who w = who(c, 1, 1);
        ck_assert(detect_threshold_check(&t, 1, 1, &sp, &w, c));
        ck_assert_uint_le(t.n_entries, 4);
    }
    struct detect_th_who w1 = who(1, 1, 1), w5 = who(5, 1, 1);
    ck_assert(!detect_threshold_check(&t, 1, 1, &sp, &w5, 10)); /* still tracked */
    ck_assert(detect_threshold_check(&t, 1, 1, &sp, &w1, 10));  /* evicted: starts over */
    ck_assert_uint_eq(t.n_entries, 4);
    detect_threshold_deinit(&t);
}
END_TEST

START_TEST(test_cap_evicts_expired)
{
    struct detect_threshold t;
    struct detect_th_spec sp = spec(TH_LIMIT, TRACK_BY_SRC, 1, 10);
    detect_threshold_init(&t, 3);
    for (uint8_t c = 1; c <= 3; c++) {
        struct detect_th_who w = who(c, 1, 1);
        ck_assert(detect_threshold_check(&t, 1, 1, &sp, &w, c == 3 ? 15 : 0));
    }
    struct detect_th_who w4 = who(4, 1, 1), w3 = who(3, 1, 1);
    ck_assert(detect_threshold_check(&t, 1, 1, &sp, &w4, 20)); /* 1 and 2 expired */
    ck_assert_uint_eq(t.n_entries, 2);
    ck_assert(!detect_threshold_check(&t, 1, 1, &sp, &w3, 20)); /* 3 kept */
    detect_threshold_deinit(&t);
}
END_TEST

/* ------------------------------------------------------------------------
 * Specs and threshold.config
 * ------------------------------------------------------------------------ */

START_TEST(test_parse_spec)
{
    struct detect_th_spec s;
    char err[128];
    ck_assert_int_eq(detect_threshold_parse_spec("type limit, track by_src, count 1, seconds 60",
                                                 &s, err, sizeof(err)), 0);
    ck_assert_int_eq(s.type, TH_LIMIT);
    ck_assert_int_eq(s.track, TRACK_BY_SRC);
    ck_assert_uint_eq(s.count, 1);
    ck_assert_uint_eq(s.seconds, 60);
    ck_assert_int_eq(detect_threshold_parse_spec("seconds 5,count 3,track by_flow,type both", &s,
                                                 err, sizeof(err)), 0);
    ck_assert_int_eq(s.type, TH_BOTH);
    ck_assert_int_eq(s.track, TRACK_BY_FLOW);
    ck_assert_int_eq(detect_threshold_parse_spec("type THRESHOLD, track BY_RULE, count 9, "
                                                 "seconds 1", &s, err, sizeof(err)), 0);
    ck_assert_int_eq(s.type, TH_THRESHOLD);
    ck_assert_int_eq(s.track, TRACK_BY_RULE);
}
END_TEST

static const struct {
    const char *text, *err_part;
} bad_specs[] = {
    {"type limit, track by_src, count 1", "without 'seconds'"},
    {"track by_src, count 1, seconds 1", "without 'type'"},
    {"type limit, count 1, seconds 1", "without 'track'"},
    {"type limit, track by_src, seconds 1", "without 'count'"},
    {"type sometimes, track by_src, count 1, seconds 1", "bad type 'sometimes'"},
    {"type limit, track by_host, count 1, seconds 1", "bad track 'by_host'"},
    {"type limit, track by_either, count 1, seconds 1", "only for suppress"},
    {"type limit, track by_src, count 0, seconds 1", "bad count '0'"},
    {"type limit, track by_src, count -1, seconds 1", "bad count '-1'"},
    {"type limit, track by_src, count 1, seconds 99999999999", "bad seconds"},
    {"type limit, track by_src, count 1, seconds", "bad seconds ''"},
    {"type limit, track by_src, count 1, seconds 1 2", "bad seconds '1 2'"},
    {"type limit, track by_src, count 1, seconds 1, gen_id 1", "unexpected 'gen_id'"},
    {"", "without 'type'"},
};

START_TEST(test_parse_spec_errors)
{
    struct detect_th_spec s;
    char err[128] = "";
    ck_assert_int_eq(detect_threshold_parse_spec(bad_specs[_i].text, &s, err, sizeof(err)), -1);
    ck_assert_msg(strstr(err, bad_specs[_i].err_part) != NULL, "'%s': got '%s'",
                  bad_specs[_i].text, err);
}
END_TEST

START_TEST(test_config_overrides)
{
    struct detect_threshold t;
    char err[128];
    size_t off;
    struct detect_th_spec own = spec(TH_LIMIT, TRACK_BY_SRC, 5, 5);
    detect_threshold_init(&t, 0);
    ck_assert_ptr_eq(detect_threshold_spec_for(&t, 1, 7, &own), &own);
    ck_assert_ptr_null(detect_threshold_spec_for(&t, 1, 7, NULL));
    ck_assert_int_eq(detect_threshold_load_line(&t, &cfg, "# comment", err, sizeof(err), &off), 0);
    ck_assert_int_eq(detect_threshold_load_line(&t, &cfg, "   ", err, sizeof(err), &off), 0);
    ck_assert_int_eq(detect_threshold_load_line(&t, &cfg, "threshold gen_id 1, sig_id 7, type "
                     "threshold, track by_dst, count 3, seconds 30", err, sizeof(err), &off), 0);
    ck_assert_int_eq(detect_threshold_load_line(&t, &cfg, "event_filter gen_id 0, sig_id 0, "
                     "type both, track by_rule, count 2, seconds 9", err, sizeof(err), &off), 0);
    ck_assert_int_eq(detect_threshold_load_line(&t, &cfg, "  threshold gen_id 2, sig_id 0, type "
                     "limit, track by_src, count 4, seconds 4", err, sizeof(err), &off), 0);
    const struct detect_th_spec *s = detect_threshold_spec_for(&t, 1, 7, &own);
    ck_assert_int_eq(s->type, TH_THRESHOLD); /* exact entry beats the rule's own */
    ck_assert_uint_eq(s->count, 3);
    s = detect_threshold_spec_for(&t, 1, 8, &own);
    ck_assert_int_eq(s->type, TH_BOTH); /* gen_id 0, sig_id 0: every rule */
    s = detect_threshold_spec_for(&t, 2, 8, NULL);
    ck_assert_int_eq(s->type, TH_LIMIT); /* gen_id 2, sig_id 0 beats 0,0 */
    /* a later line for the same gid:sid replaces the earlier one */
    ck_assert_int_eq(detect_threshold_load_line(&t, &cfg, "threshold gen_id 1, sig_id 7, type "
                     "limit, track by_src, count 1, seconds 1", err, sizeof(err), &off), 0);
    ck_assert_int_eq(detect_threshold_spec_for(&t, 1, 7, &own)->type, TH_LIMIT);
    ck_assert_uint_eq(t.n_ovr, 3);
    detect_threshold_deinit(&t);
}
END_TEST

START_TEST(test_suppress)
{
    struct detect_threshold t;
    char err[128];
    size_t off;
    detect_threshold_init(&t, 0);
    static const char *const lines[] = {
        "suppress gen_id 1, sig_id 10",
        "suppress gen_id 1, sig_id 11, track by_src, ip 10.0.0.1",
        "suppress gen_id 1, sig_id 12, track by_dst, ip [192.168.0.1, 192.168.0.2]",
        "suppress gen_id 1, sig_id 13, track by_either, ip 192.168.0.9",
        "suppress gen_id 1, sig_id 14, track by_src, ip !$HOME_NET",
        "suppress gen_id 5, sig_id 0",
    };
    for (size_t k = 0; k < NROWS(lines); k++)
        ck_assert_msg(detect_threshold_load_line(&t, &cfg, lines[k], err, sizeof(err), &off) == 0,
                      "%s: %s", lines[k], err);
    struct detect_th_who a = who(1, 1, 1), b = who(2, 2, 1), c = who(9, 9, 1);
    ck_assert(detect_threshold_suppressed(&t, 1, 10, &a));
    ck_assert(!detect_threshold_suppressed(&t, 1, 9, &a));
    ck_assert(!detect_threshold_suppressed(&t, 2, 10, &a));
    ck_assert(detect_threshold_suppressed(&t, 1, 11, &a));
    ck_assert(!detect_threshold_suppressed(&t, 1, 11, &b));
    ck_assert(detect_threshold_suppressed(&t, 1, 12, &a));
    ck_assert(detect_threshold_suppressed(&t, 1, 12, &b));
    ck_assert(!detect_threshold_suppressed(&t, 1, 12, &c));
    ck_assert(detect_threshold_suppressed(&t, 1, 13, &c)); /* server 192.168.0.9 */
    struct detect_th_who c_as_src = c;
    memset(&c_as_src.src, 0, sizeof(c_as_src.src));
    c_as_src.src.b[0] = 192, c_as_src.src.b[1] = 168, c_as_src.src.b[3] = 9;
    memset(&c_as_src.dst, 0, sizeof(c_as_src.dst));
    ck_assert(detect_threshold_suppressed(&t, 1, 13, &c_as_src)); /* either side */
    ck_assert(!detect_threshold_suppressed(&t, 1, 13, &a));
    ck_assert(!detect_threshold_suppressed(&t, 1, 14, &a)); /* client in HOME_NET */
    ck_assert(detect_threshold_suppressed(&t, 1, 14, &c_as_src));
    ck_assert(detect_threshold_suppressed(&t, 5, 123, &a)); /* sig_id 0: all of gid 5 */
    ck_assert_uint_eq(t.n_sup, NROWS(lines));
    detect_threshold_deinit(&t);
}
END_TEST

/* threshold.config errors: reason and 0-based offset of the culprit. */
static const struct {
    const char *line, *err_part;
    size_t off;
} bad_lines[] = {
    {"rate_filter gen_id 1, sig_id 1", "expected 'threshold', 'event_filter' or 'suppress'", 0},
    {"threshold sig_id 1, type limit, track by_src, count 1, seconds 1", "without 'gen_id'", 0},
    {"  threshold gen_id 1, type limit, track by_src, count 1, seconds 1", "without 'sig_id'", 2},
    {"threshold gen_id 1, sig_id 1, type limit, track by_src, count 1", "without 'seconds'", 0},
    {"threshold gen_id 1, sig_id x, type limit", "bad sig_id 'x'", 27},
    {"threshold gen_id 1, sig_id 1, ip 1.2.3.4", "unexpected 'ip'", 30},
    {"threshold gen_id 1, sig_id 1, type limit, track by_either, count 1, seconds 1",
     "only for suppress", 0},
    {"suppress gen_id 1, sig_id 1, track by_src", "needs 'ip'", 0},
    {"suppress gen_id 1, sig_id 1, ip 1.2.3.4", "needs 'track'", 0},
    {"suppress gen_id 1, sig_id 1, track by_rule, ip 1.2.3.4", "by_src, by_dst or by_either", 0},
    {"suppress gen_id 1, sig_id 1, track by_src, ip 1.2.3", "bad address '1.2.3'", 46},
    {"suppress gen_id 1, sig_id 1, track by_src, ip $NOPE", "unknown address variable", 46},
    {"suppress gen_id 1, sig_id 1, count 3", "unexpected 'count'", 29},
    {"suppress gen_id 1, sig_id 1, track by_src, ip", "bad ip ''", 43},
};

START_TEST(test_config_errors)
{
    struct detect_threshold t;
    char err[128] = "";
    size_t off = 999;
    detect_threshold_init(&t, 0);
    ck_assert_int_eq(detect_threshold_load_line(&t, &cfg, bad_lines[_i].line, err, sizeof(err),
                                                &off), -1);
    ck_assert_msg(strstr(err, bad_lines[_i].err_part) != NULL, "'%s': got '%s'",
                  bad_lines[_i].line, err);
    ck_assert_msg(off == bad_lines[_i].off, "'%s': offset %zu, want %zu", bad_lines[_i].line, off,
                  bad_lines[_i].off);
    ck_assert_uint_eq(t.n_ovr + t.n_sup, 0);
    detect_threshold_deinit(&t);
}
END_TEST

static Suite *threshold_suite(void)
{
    Suite *s = suite_create("detect_threshold");
    TCase *tc = tcase_create("tracking");
    tcase_add_test(tc, test_limit_by_src);
    tcase_add_test(tc, test_threshold_by_dst);
    tcase_add_test(tc, test_threshold_count_one);
    tcase_add_test(tc, test_both_by_both);
    tcase_add_test(tc, test_both_count_one);
    tcase_add_test(tc, test_limit_by_rule);
    tcase_add_test(tc, test_limit_by_flow);
    tcase_add_test(tc, test_seconds_zero);
    tcase_add_test(tc, test_keys_per_rule_and_family);
    tcase_add_test(tc, test_cap_evicts_oldest);
    tcase_add_test(tc, test_cap_evicts_expired);
    suite_add_tcase(s, tc);
    tc = tcase_create("config");
    tcase_add_test(tc, test_parse_spec);
    tcase_add_loop_test(tc, test_parse_spec_errors, 0, (int)NROWS(bad_specs));
    tcase_add_test(tc, test_config_overrides);
    tcase_add_test(tc, test_suppress);
    tcase_add_loop_test(tc, test_config_errors, 0, (int)NROWS(bad_lines));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(threshold_suite());
}
