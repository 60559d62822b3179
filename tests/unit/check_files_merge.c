/* check_files_merge.c - -j's output side (src/runmode/files-merge.c):
 * worker ranges appended in order, stats records held back and summed as
 * the stats table says, torn lines ended, `-l -` keeping records only,
 * failures counted and reported. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config.h"
#include "output/stats.h"
#include "runmode/files-merge.h"
#include "helpers/run.h"

static char dir[64], work[96];
static struct config cfg;

static void setup(void)
{
    snprintf(dir, sizeof(dir), "/tmp/check_files_merge.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(work, sizeof(work), "%s/w", dir);
    ck_assert_int_eq(mkdir(work, 0700), 0);
    config_defaults(&cfg);
    snprintf(cfg.log_dir, sizeof(cfg.log_dir), "%s", dir);
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
}

/* The whole of file name in dir; "" when it does not exist. */
static const char *slurp(const char *name)
{
    static char buf[4096];
    char path[160];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    buf[0] = '\0';
    if (f) {
        size_t n = fread(buf, 1, sizeof(buf) - 1, f);
        buf[n] = '\0';
        fclose(f);
    }
    return buf;
}

#define STATS(ts, pkts, memuse)                                                                \
    "{\"timestamp\":\"" ts "\",\"event_type\":\"stats\",\"stats\":{\"uptime\":1,"             \
    "\"decoder\":{\"pkts\":" #pkts "},\"flow\":{\"memuse\":" #memuse "}}}\n"

/* Two files' ranges of one worker EVE file: records in order, each range's
 * final stats record held back; one record summed at the end (counters
 * added, peaks the maximum, the later packet time, the run's uptime). */
START_TEST(ranges_in_order_stats_summed)
{
    const char *a = "{\"event_type\":\"smb\",\"n\":1}\n" STATS("2026-11-24T08:40:05", 3, 700);
    const char *b = "{\"event_type\":\"smb\",\"n\":2}\n" STATS("2026-11-24T08:40:01", 4, 500);
    char src[128], both[1024];
    snprintf(src, sizeof(src), "%s/" FILES_MERGE_EVE_FMT, work, 0u);
    snprintf(both, sizeof(both), "%s%s", a, b);
    put(src, both);
    struct files_merge m;
    files_merge_init(&m, &cfg);
    /* the second file's range first: the caller decides the order */
    ck_assert_int_eq(files_merge_range(&m, src, "eve-0.out", strlen(a), strlen(b)), 0);
    ck_assert_int_eq(files_merge_range(&m, src, "eve-0.out", 0, strlen(a)), 0);
    ck_assert_str_eq(slurp("eve.json"), "{\"event_type\":\"smb\",\"n\":2}\n"
                                        "{\"event_type\":\"smb\",\"n\":1}\n");
    ck_assert_int_eq(files_merge_write_stats(&m, 42), 0);
    ck_assert_str_eq(slurp("eve.json"),
                     "{\"event_type\":\"smb\",\"n\":2}\n"
                     "{\"event_type\":\"smb\",\"n\":1}\n"
                     "{\"timestamp\":\"2026-11-24T08:40:05.000000+0000\",\"event_type\":\"stats\","
                     "\"stats\":{\"uptime\":42,\"decoder\":{\"pkts\":7},\"flow\":{\"memuse\":700}}}\n");
    struct stats_snapshot s;
    files_merge_snapshot(&m, &s);
    ck_assert_uint_eq(s.pkts, 7);
    ck_assert_uint_eq(s.flow_memuse, 700);
    ck_assert_int_eq(files_merge_report(&m), 0);
    files_merge_deinit(&m);
}
END_TEST

/* An existing output whose last line is torn gets its '\n' before the
 * first range; fast.log gets fast.out, other files their own name. */
START_TEST(torn_line_ended_and_names_mapped)
{
    char path[160], src[128];
    snprintf(path, sizeof(path), "%s/fast.log", dir);
    put(path, "old alert\nhalf an al");
    snprintf(src, sizeof(src), "%s/" FILES_MERGE_FAST, work);
    put(src, "alert 1\n");
    struct files_merge m;
    files_merge_init(&m, &cfg);
    ck_assert_int_eq(files_merge_range(&m, src, FILES_MERGE_FAST, 0, 8), 0);
    ck_assert_str_eq(slurp("fast.log"), "old alert\nhalf an al\nalert 1\n");
    snprintf(src, sizeof(src), "%s/other.log", work);
    put(src, "x\n");
    ck_assert_int_eq(files_merge_range(&m, src, "other.log", 0, 2), 0);
    ck_assert_str_eq(slurp("other.log"), "x\n");
    files_merge_deinit(&m);
}
END_TEST

/* `-l -`: only EVE goes (to stdout); fast.out is dropped, not an error. */
START_TEST(stdout_drops_all_but_records)
{
    char src[128];
    snprintf(cfg.log_dir, sizeof(cfg.log_dir), "-");
    snprintf(src, sizeof(src), "%s/" FILES_MERGE_FAST, work);
    put(src, "alert 1\n");
    struct files_merge m;
    files_merge_init(&m, &cfg);
    ck_assert_int_eq(files_merge_range(&m, src, FILES_MERGE_FAST, 0, 8), 0);
    ck_assert_uint_eq(m.n_out, 0);
    ck_assert_int_eq(files_merge_report(&m), 0);
    files_merge_deinit(&m);
}
END_TEST

/* An output that cannot be opened: the range is lost, counted in lines,
 * and reported. */
START_TEST(unopenable_output_counted_and_reported)
{
    char src[128];
    snprintf(cfg.eve[0].filename, sizeof(cfg.eve[0].filename), "no/such/dir/eve.json");
    snprintf(src, sizeof(src), "%s/" FILES_MERGE_EVE_FMT, work, 0u);
    put(src, "{\"a\":1}\n{\"a\":2}\n");
    struct files_merge m;
    files_merge_init(&m, &cfg);
    ck_assert_int_eq(files_merge_range(&m, src, "eve-0.out", 0, 16), -1);
    ck_assert_uint_eq(m.n_out, 1);
    ck_assert_uint_eq(m.out[0].lost, 2);
    ck_assert_int_ne(m.out[0].err, 0);
    ck_assert_int_eq(files_merge_report(&m), -1);
    files_merge_deinit(&m);
}
END_TEST

/* A worker file that cannot be read: -1 at once. */
START_TEST(missing_worker_file)
{
    struct files_merge m;
    char src[128];
    snprintf(src, sizeof(src), "%s/gone.out", work);
    files_merge_init(&m, &cfg);
    ck_assert_int_eq(files_merge_range(&m, src, "eve-0.out", 0, 1), -1);
    files_merge_deinit(&m);
}
END_TEST

static Suite *files_merge_suite(void)
{
    Suite *s = suite_create("files_merge");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, ranges_in_order_stats_summed);
    tcase_add_test(tc, torn_line_ended_and_names_mapped);
    tcase_add_test(tc, stdout_drops_all_but_records);
    tcase_add_test(tc, unopenable_output_counted_and_reported);
    tcase_add_test(tc, missing_worker_file);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(files_merge_suite());
}
