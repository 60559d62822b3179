/* check_linefile.c - src/util/linefile.c: whole lines only after a failed
 * write.  The file size limit (RLIMIT_FSIZE, each test runs in its own
 * process) makes write(2) stop part-way through a buffer as a full disk
 * does (EFBIG instead of ENOSPC), while the test writes; the file must then end with its last
 * complete line and `written` equal its line count.  /dev/full refuses
 * every byte.  A file whose last line is torn gets a '\n' first. */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/linefile.h"
#include "helpers/run.h"

static char dir[256], path[300];

static void setup(void)
{
    snprintf(dir, sizeof(dir), "/tmp/check_linefile.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/out", dir);
}

static void teardown(void)
{
    unlink(path);
    rmdir(dir);
}

/* The file's bytes (NUL-terminated, malloc'd) and its size. */
static char *slurp(const char *p, size_t *n)
{
    FILE *f = fopen(p, "rb");
    ck_assert_ptr_nonnull(f);
    char *buf = malloc(1 << 20);
    *n = fread(buf, 1, (1 << 20) - 1, f);
    buf[*n] = '\0';
    fclose(f);
    return buf;
}

static uint64_t lines_of(const char *buf, size_t n)
{
    uint64_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += buf[i] == '\n';
    return k;
}

/* 100 lines of 100 bytes through a 1000-byte buffer into a file limited
 * to `limit` bytes: every size from 0 to past the end. */
START_TEST(limit_cuts_back_to_whole_lines)
{
    rlim_t limit = (rlim_t)(_i * 137);
    struct rlimit rl = {limit, RLIM_INFINITY}, off = {RLIM_INFINITY, RLIM_INFINITY};
    signal(SIGXFSZ, SIG_IGN);
    struct linefile lf;
    ck_assert_int_eq(linefile_open(&lf, path, 1000), 0);
    /* no ck_assert until the limit is off: Check writes a file for each */
    int set = setrlimit(RLIMIT_FSIZE, &rl);
    char rec[99];
    memset(rec, 'x', sizeof(rec));
    for (int i = 0; i < 100; i++) {
        rec[0] = (char)('0' + i % 10);
        linefile_put(&lf, rec, sizeof(rec));
    }
    int rc = linefile_close(&lf);
    int unset = setrlimit(RLIMIT_FSIZE, &off);
    ck_assert_int_eq(set, 0);
    ck_assert_int_eq(unset, 0);
    size_t n;
    char *buf = slurp(path, &n);
    uint64_t want = limit / 100 < 100 ? limit / 100 : 100;
    ck_assert_uint_eq(n % 100, 0);       /* whole lines only */
    ck_assert_uint_eq(lf.written, lines_of(buf, n));
    ck_assert_uint_eq(lf.written, want); /* every whole line that fitted */
    ck_assert_uint_eq(lf.written + lf.lost, 100);
    ck_assert_int_eq(rc, want == 100 ? 0 : -1);
    ck_assert_int_eq(lf.err, want == 100 ? 0 : EFBIG);
    free(buf);
}
END_TEST

START_TEST(dev_full_loses_everything_and_says_so)
{
    struct linefile lf;
    ck_assert_int_eq(linefile_open(&lf, "/dev/full", 64), 0);
    for (int i = 0; i < 10; i++)
        linefile_printf(&lf, "line %d", i);
    ck_assert_int_eq(linefile_close(&lf), -1);
    ck_assert_uint_eq(lf.written, 0);
    ck_assert_uint_eq(lf.lost, 10);
    ck_assert_int_eq(lf.err, ENOSPC);
}
END_TEST

START_TEST(torn_last_line_is_ended)
{
    FILE *f = fopen(path, "w");
    fputs("whole\n{\"torn", f);
    fclose(f);
    struct linefile lf;
    ck_assert_int_eq(linefile_open(&lf, path, 64), 0);
    ck_assert_int_eq(linefile_put(&lf, "next", 4), 0);
    ck_assert_int_eq(linefile_close(&lf), 0);
    size_t n;
    char *buf = slurp(path, &n);
    ck_assert_str_eq(buf, "whole\n{\"torn\nnext\n");
    free(buf);
    /* a file that ends with a whole line is left as it is */
    ck_assert_int_eq(linefile_open(&lf, path, 64), 0);
    ck_assert_int_eq(linefile_put(&lf, "more", 4), 0);
    ck_assert_int_eq(linefile_close(&lf), 0);
    buf = slurp(path, &n);
    ck_assert_str_eq(buf, "whole\n{\"torn\nnext\nmore\n");
    free(buf);
}
END_TEST

START_TEST(long_lines_and_printf)
{
    struct linefile lf;
    ck_assert_int_eq(linefile_open(&lf, path, 16), 0);
    char big[5000];
    memset(big, 'y', sizeof(big));
    ck_assert_int_eq(linefile_put(&lf, "a", 1), 0);
    ck_assert_int_eq(linefile_put(&lf, big, sizeof(big)), 0); /* longer than the buffer */
    ck_assert_int_eq(linefile_printf(&lf, "%s-%d", "b", 2), 0);
    ck_assert_int_eq(linefile_printf(&lf, "%.3000s", big), 0); /* longer than printf's stack buffer */
    ck_assert_int_eq(linefile_close(&lf), 0);
    size_t n;
    char *buf = slurp(path, &n);
    ck_assert_uint_eq(n, 2 + 5001 + 4 + 3001);
    ck_assert_uint_eq(lines_of(buf, n), 4);
    ck_assert_uint_eq(lf.written, 4);
    ck_assert(strncmp(buf + 5003, "b-2\n", 4) == 0);
    free(buf);
}
END_TEST

static Suite *linefile_suite(void)
{
    Suite *s = suite_create("linefile");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, limit_cuts_back_to_whole_lines, 0, 80);
    tcase_add_test(tc, dev_full_loses_everything_and_says_so);
    tcase_add_test(tc, torn_last_line_is_ended);
    tcase_add_test(tc, long_lines_and_printf);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(linefile_suite());
}
