/* check_eve_sink.c - the EVE outputs (src/output/eve.c, eve-sink*.c): the
 * bounded pending-record queue, flushing on eve_tick(), reopening after a
 * rename (logrotate) for eve.json and fast.log, the syslog datagram format,
 * one record fanned out to several outputs with their own types and
 * options, and the counters of a socket output that is down. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include "config/config-int.h"
#include "detect/detect.h"
#include "output/eve.h"
#include "helpers/run.h"

static char dir[256];

static void setup(void)
{
    snprintf(dir, sizeof(dir), "/tmp/check_eve_sink.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static int file_lines(const char *path)
{
    FILE *fp = fopen(path, "r");
    int n = 0, c;
    if (!fp)
        return -1;
    while ((c = fgetc(fp)) != EOF)
        n += c == '\n';
    fclose(fp);
    return n;
}

/* One stats record (no flow: every output wanting stats gets it). */
static void write_stats(struct eve *e)
{
    struct eve_origin o = {NULL, 0, 1700000000, 0};
    eve_begin(e, &o, "stats", NULL, NULL);
    jsonw_obj_open(&e->w, "stats");
    jsonw_uint(&e->w, "uptime", 1);
    jsonw_obj_close(&e->w);
    eve_end(e);
}

/* ------------------------------------------------------------ queue */

START_TEST(queue_fifo_bound_and_wrap)
{
    struct eve_queue q;
    const char *rec;
    size_t len;
    eve_queue_init(&q, 64); /* 4-byte header per entry */
    ck_assert(!eve_queue_peek(&q, &rec, &len));
    ck_assert_int_eq(eve_queue_push(&q, "aaaaaaaaaaaaaaaaaaaa", 20), 0);
    ck_assert_int_eq(eve_queue_push(&q, "bbbbbbbbbbbbbbbbbbbb", 20), 0);
    ck_assert_int_eq(eve_queue_push(&q, "cccccccccccccccccccc", 20), -1); /* 72 > 64 */
    ck_assert_int_eq(eve_queue_push(&q, "cccccccccccc", 12), 0);          /* exactly 64 */
    ck_assert_uint_eq(q.count, 3);
    ck_assert(eve_queue_peek(&q, &rec, &len));
    ck_assert_uint_eq(len, 20);
    ck_assert_int_eq(memcmp(rec, "aaaa", 4), 0);
    eve_queue_pop(&q);
    /* room at the front only: the push compacts */
    ck_assert_int_eq(eve_queue_push(&q, "dddddddddddddddd", 16), 0);
    const char *want[] = {"bbbb", "cccc", "dddd"};
    for (int i = 0; i < 3; i++) {
        ck_assert(eve_queue_peek(&q, &rec, &len));
        ck_assert_int_eq(memcmp(rec, want[i], 4), 0);
        eve_queue_pop(&q);
    }
    ck_assert(!eve_queue_peek(&q, &rec, &len));
    ck_assert_int_eq(eve_queue_push(&q, "x", 61), -1); /* larger than the whole queue */
    eve_queue_deinit(&q);
    eve_queue_init(&q, 0); /* buffer-size 0: nothing is kept */
    ck_assert_int_eq(eve_queue_push(&q, "x", 1), -1);
    eve_queue_deinit(&q);
}
END_TEST

/* ------------------------------------------------ flush and reopen */

START_TEST(tick_flushes_after_the_interval)
{
    char path[300];
    snprintf(path, sizeof(path), "%s/eve.json", dir);
    struct eve e;
    ck_assert_int_eq(eve_open(&e, path), 0); /* flush-interval 1 s */
    double t0 = eve_sink_now();
    write_stats(&e);
    ck_assert_int_eq(file_size(path), 0); /* buffered */
    eve_tick(&e, t0 + 0.1);
    ck_assert_int_eq(file_size(path), 0); /* not yet due */
    eve_tick(&e, t0 + 1.5);
    ck_assert_int_gt(file_size(path), 0);
    ck_assert_int_eq(file_lines(path), 1);
    ck_assert_int_eq(eve_close(&e), 0);
}
END_TEST

START_TEST(reopen_after_rename)
{
    char path[300], moved[300];
    snprintf(path, sizeof(path), "%s/eve.json", dir);
    snprintf(moved, sizeof(moved), "%s/eve.json.1", dir);
    struct eve e;
    ck_assert_int_eq(eve_open(&e, path), 0);
    write_stats(&e);
    write_stats(&e);
    ck_assert_int_eq(rename(path, moved), 0); /* logrotate */
    write_stats(&e);                          /* still into the old file */
    ck_assert_int_eq(eve_reopen(&e), 0);
    write_stats(&e);
    ck_assert_int_eq(eve_close(&e), 0);
    ck_assert_int_eq(file_lines(moved), 3);
    ck_assert_int_eq(file_lines(path), 1);
    struct eve_output_stats st;
    memset(&st, 0xff, sizeof(st));
    eve_init(&e);
    eve_output_stats(&e, &st);
    ck_assert_uint_eq(st.written + st.dropped + st.write_errors + st.reconnects, 0);
    eve_close(&e);
}
END_TEST

START_TEST(fast_log_reopen_after_rename)
{
    char path[300], moved[300];
    snprintf(path, sizeof(path), "%s/fast.log", dir);
    snprintf(moved, sizeof(moved), "%s/fast.log.1", dir);
    struct fast_log fl;
    memset(&fl, 0, sizeof(fl));
    ck_assert_int_eq(fast_log_reopen(&fl), 0); /* never opened: nothing to do */
    ck_assert(!fl.open);
    ck_assert_int_eq(fast_log_open(&fl, path), 0);
    ck_assert_int_eq(linefile_put(&fl.lf, "one", 3), 0);
    ck_assert_int_eq(rename(path, moved), 0);
    ck_assert_int_eq(fast_log_reopen(&fl), 0);
    ck_assert_int_eq(linefile_put(&fl.lf, "two", 3), 0);
    ck_assert_int_eq(fast_log_close(&fl), 0);
    ck_assert_int_eq(file_lines(moved), 1);
    ck_assert_int_eq(file_lines(path), 1);
}
END_TEST

/* ------------------------------------------------------ fan-out */

START_TEST(records_go_to_the_outputs_that_want_them)
{
    struct eve e;
    struct eve_log_cfg a, b;
    eve_init(&e);
    memset(&a, 0, sizeof(a));
    a.types = EVE_T_STATS | EVE_T_ALERT;
    a.sink.kind = EVE_SINK_REGULAR;
    snprintf(a.sink.path, sizeof(a.sink.path), "%s/a.json", dir);
    b = a;
    b.types = EVE_T_SMB;
    snprintf(b.sink.path, sizeof(b.sink.path), "%s/b.json", dir);
    ck_assert_int_eq(eve_add(&e, &a), 0);
    ck_assert_int_eq(eve_add(&e, &b), 0);
    ck_assert(eve_wants(&e, EVE_T_SMB));
    ck_assert(!eve_wants(&e, EVE_T_ANOMALY));
    write_stats(&e);
    write_stats(&e);
    struct eve_output_stats st;
    eve_output_stats(&e, &st);
    ck_assert_uint_eq(st.written, 2);
    ck_assert_int_eq(eve_close(&e), 0);
    ck_assert_int_eq(file_lines(a.sink.path), 2);
    ck_assert_int_eq(file_lines(b.sink.path), 0);
    ck_assert_uint_eq(eve_type_of("anomaly"), EVE_T_ANOMALY);
    ck_assert_uint_eq(eve_type_of("flow"), 0);
}
END_TEST

START_TEST(one_stdout_output_only)
{
    struct eve e;
    struct eve_log_cfg c;
    memset(&c, 0, sizeof(c));
    c.types = EVE_T_STATS;
    c.sink.kind = EVE_SINK_STDOUT;
    eve_init(&e);
    ck_assert_int_eq(eve_add(&e, &c), 0);
    ck_assert_int_eq(eve_add(&e, &c), -1);
    ck_assert_int_eq(eve_close(&e), 0);
}
END_TEST

/* A unix_dgram output whose listener is absent, then present: records are
 * queued (up to buffer-size), counted as dropped beyond it, and delivered
 * once the listener exists and a tick comes after the backoff. */
START_TEST(socket_down_queues_counts_and_recovers)
{
    struct eve e;
    struct eve_log_cfg c;
    memset(&c, 0, sizeof(c));
    c.types = EVE_T_STATS;
    c.sink.kind = EVE_SINK_UNIX_DGRAM;
    c.sink.buffer_size = 300; /* about two stats records */
    snprintf(c.sink.path, sizeof(c.sink.path), "%s/l.sock", dir);
    eve_init(&e);
    ck_assert_int_eq(eve_add(&e, &c), 0); /* down at start: not an error */
    for (int i = 0; i < 5; i++)
        write_stats(&e);
    struct eve_output_stats st;
    eve_output_stats(&e, &st);
    ck_assert_uint_eq(st.written, 0);
    ck_assert_uint_ge(st.dropped, 2);
    uint64_t dropped = st.dropped;
    uint64_t queued = 5 - dropped;

    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    ck_assert_uint_lt(strlen(c.sink.path), sizeof(sa.sun_path));
    memcpy(sa.sun_path, c.sink.path, strlen(c.sink.path) + 1);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    eve_tick(&e, eve_sink_now()); /* before the 1 s backoff: no retry yet */
    eve_output_stats(&e, &st);
    ck_assert_uint_eq(st.written, 0);
    eve_tick(&e, eve_sink_now() + 2);
    eve_output_stats(&e, &st);
    ck_assert_uint_eq(st.written, queued);
    ck_assert_uint_eq(st.reconnects, 1);
    write_stats(&e);
    ck_assert_int_eq(eve_close(&e), 0);
    char buf[4096];
    int got = 0;
    while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
        got++;
    ck_assert_int_eq(got, (int)queued + 1);
    ck_assert_uint_eq(dropped + queued, 5);
    close(fd);
}
END_TEST

/* ------------------------------------------------------- syslog */

/* The policy's filetype words are exactly the sink table's, in its order
 * (config.c cannot see the table: this keeps the two in step). */
START_TEST(policy_filetypes_are_the_sink_kinds)
{
    const struct cfg_row *r = cfg_row_find("outputs.eve-log.filetype");
    ck_assert_ptr_nonnull(r);
    ck_assert_ptr_nonnull(r->choices);
    char want[256] = "";
    for (int k = 0; k < EVE_SINK_KIND_COUNT; k++) {
        const struct eve_sink_type *t = eve_sink_type((enum eve_sink_kind)k);
        enum eve_sink_kind back;
        ck_assert_int_eq(eve_sink_kind_of(t->filetype, &back), 0);
        ck_assert_int_eq(back, k);
        strcat(want, k ? " " : "");
        strcat(want, t->filetype);
    }
    ck_assert_str_eq(r->choices, want);
    enum eve_sink_kind none;
    ck_assert_int_eq(eve_sink_kind_of("file", &none), -1);
}
END_TEST

START_TEST(syslog_format_and_names)
{
    char out[256];
    size_t n = eve_syslog_format(out, sizeof(out), LOG_LOCAL5, LOG_INFO, "smbneg", 42,
                                 1700000000, "{\"a\":1}", 7);
    /* <PRI> = 21 * 8 + 6 = 174; the time is local time. */
    ck_assert_int_eq(strncmp(out, "<174>", 5), 0);
    ck_assert_ptr_nonnull(strstr(out, " smbneg[42]: {\"a\":1}"));
    ck_assert_uint_eq(n, strlen(out));
    ck_assert_int_eq(out[5 + 3], ' '); /* "Mmm dd hh:mm:ss" */
    ck_assert_int_eq(out[5 + 15], ' ');
    /* truncated, still terminated */
    n = eve_syslog_format(out, 20, LOG_USER, LOG_ERR, "smbneg", 1, 0, "xxxxxxxxxxxxxxx", 15);
    ck_assert_uint_eq(n, 19);
    ck_assert_uint_eq(strlen(out), 19);
    ck_assert_int_eq(eve_syslog_facility("LOCAL7"), LOG_LOCAL7);
    ck_assert_int_eq(eve_syslog_facility("nosuch"), -1);
    ck_assert_int_eq(eve_syslog_level("Info"), LOG_INFO);
    ck_assert_int_eq(eve_syslog_level("warning"), LOG_WARNING);
}
END_TEST

static Suite *eve_sink_suite(void)
{
    Suite *s = suite_create("eve_sink");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 20);
    tcase_add_test(tc, queue_fifo_bound_and_wrap);
    tcase_add_test(tc, tick_flushes_after_the_interval);
    tcase_add_test(tc, reopen_after_rename);
    tcase_add_test(tc, fast_log_reopen_after_rename);
    tcase_add_test(tc, records_go_to_the_outputs_that_want_them);
    tcase_add_test(tc, one_stdout_output_only);
    tcase_add_test(tc, socket_down_queues_counts_and_recovers);
    tcase_add_test(tc, syslog_format_and_names);
    tcase_add_test(tc, policy_filetypes_are_the_sink_kinds);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(eve_sink_suite());
}
