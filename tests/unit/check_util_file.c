/* check_util_file.c - whole-file reads and sorted directory listings
 * (util/file.c), which the policy loader, rule files, `-r DIR` and the fuzz
 * runners share. */
#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/file.h"
#include "util/mem.h"
#include "helpers/run.h"

static char dir[256];

static void put(const char *name, const void *data, size_t n)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(fwrite(data, 1, n, fp), n);
    fclose(fp);
}

static void setup(void)
{
    snprintf(dir, sizeof(dir), "%s/check_util_file.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

/* Sizes around the growth steps (8 KiB start, 4 KiB minimum room). */
static const size_t sizes[] = {0, 1, 4095, 4096, 8191, 8192, 12288, 100000, 1 << 20};

START_TEST(test_read_all_sizes)
{
    size_t n = sizes[_i];
    char *data = malloc(n + 1);
    ck_assert_ptr_nonnull(data);
    for (size_t i = 0; i < n; i++)
        data[i] = (char)(i * 31 + 7); /* NUL bytes included */
    put("f", data, n);
    char path[512], *buf;
    size_t len = 12345;
    snprintf(path, sizeof(path), "%s/f", dir);
    ck_assert_int_eq(file_read_all(path, &buf, &len), 0);
    ck_assert_uint_eq(len, n);
    ck_assert(memcmp(buf, data, n) == 0);
    ck_assert_int_eq(buf[n], '\0');
    mem_free(buf);
    free(data);
}
END_TEST

START_TEST(test_read_all_errors)
{
    char path[512], *buf = NULL;
    size_t len = 0;
    snprintf(path, sizeof(path), "%s/missing", dir);
    errno = 0;
    ck_assert_int_eq(file_read_all(path, &buf, &len), -1);
    ck_assert_int_eq(errno, ENOENT);
    errno = 0;
    ck_assert_int_eq(file_read_all(dir, &buf, &len), -1); /* a directory */
    ck_assert_int_eq(errno, EISDIR);
}
END_TEST

START_TEST(test_dir_sorted)
{
    put("b.pcap", "x", 1);
    put("a.pcap", "x", 1);
    put("B.pcap", "x", 1);
    put(".hidden", "x", 1);
    put("a.pcap.gz", "x", 1);
    char sub[512];
    snprintf(sub, sizeof(sub), "%s/sub", dir);
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    char **names;
    size_t n;
    ck_assert_int_eq(dir_list_sorted(dir, &names, &n), 0);
    const char *exp[] = {"B.pcap", "a.pcap", "a.pcap.gz", "b.pcap", "sub"};
    ck_assert_uint_eq(n, 5);
    for (size_t i = 0; i < n; i++) {
        char want[600];
        snprintf(want, sizeof(want), "%s/%s", dir, exp[i]);
        ck_assert_str_eq(names[i], want);
    }
    dir_list_free(names, n);
    errno = 0;
    ck_assert_int_eq(dir_list_sorted("/nonexistent-smbneg-dir", &names, &n), -1);
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_int_eq(dir_list_sorted(sub, &names, &n), 0); /* empty */
    ck_assert_uint_eq(n, 0);
    dir_list_free(names, n);
}
END_TEST

/* dir_walk_sorted's reports, as "path|why|fatal" lines. */
static char reports[2048];

static void record(void *ctx, const char *path, const char *why, bool fatal)
{
    (void)ctx;
    size_t l = strlen(reports);
    snprintf(reports + l, sizeof(reports) - l, "%s|%s|%d\n", path + strlen(dir), why, fatal);
}

static void sub(const char *name)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    ck_assert_int_eq(mkdir(path, 0700), 0);
}

static void link_to(const char *target, const char *name)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    ck_assert_int_eq(symlink(target, path), 0);
}

/* Every non-directory below, sorted by the whole path ("a.pcap" before
 * "a/..." since '.' < '/'), hidden names skipped, links to directories
 * followed, a loop reported once and not followed. */
START_TEST(test_walk_sorted)
{
    sub("a");
    sub("a/deep");
    sub("B");
    sub(".hidden");
    sub("empty");
    put("a.pcap", "x", 1);
    put("a/z.pcap", "x", 1);
    put("a/deep/y", "x", 1);
    put("B/b.pcap", "x", 1);
    put(".hidden/h.pcap", "x", 1);
    put("a/.h.pcap", "x", 1);
    link_to("../B", "a/toB");          /* a directory elsewhere: followed */
    link_to("..", "a/deep/up");        /* a loop: reported, not followed */
    link_to("/nonexistent-smbneg", "dangling"); /* a file entry like any other */
    char **paths;
    size_t n;
    reports[0] = '\0';
    ck_assert_int_eq(dir_walk_sorted(dir, &paths, &n, record, NULL), 0);
    const char *exp[] = {"B/b.pcap", "a.pcap", "a/deep/y", "a/toB/b.pcap", "a/z.pcap",
                         "dangling"};
    ck_assert_uint_eq(n, sizeof(exp) / sizeof(exp[0]));
    for (size_t i = 0; i < n; i++) {
        char want[600];
        snprintf(want, sizeof(want), "%s/%s", dir, exp[i]);
        ck_assert_str_eq(paths[i], want);
    }
    dir_list_free(paths, n);
    ck_assert_str_eq(reports, "/a/deep/up|a link back to a directory above it: not followed|0\n");
    errno = 0;
    ck_assert_int_eq(dir_walk_sorted("/nonexistent-smbneg-dir", &paths, &n, record, NULL), -1);
    ck_assert_int_eq(errno, ENOENT);
}
END_TEST

/* A subdirectory that cannot be listed is reported (fatal) and the rest is
 * still walked; nesting deeper than DIR_WALK_MAX_DEPTH stops there. */
START_TEST(test_walk_errors)
{
    char name[400] = "d";
    sub("d");
    for (int i = 0; i < DIR_WALK_MAX_DEPTH + 2; i++) {
        strcat(name, "/d");
        sub(name);
    }
    put("top.pcap", "x", 1);
    char **paths;
    size_t n;
    reports[0] = '\0';
    ck_assert_int_eq(dir_walk_sorted(dir, &paths, &n, record, NULL), 0);
    ck_assert_uint_eq(n, 1);
    dir_list_free(paths, n);
    ck_assert_ptr_nonnull(strstr(reports, "|directories nested too deep: not read|1\n"));
    ck_assert_ptr_null(strchr(strchr(reports, '\n') + 1, '\n')); /* one report */
    if (geteuid() != 0) { /* root reads a mode 000 directory anyway */
        sub("closed");
        char path[512];
        snprintf(path, sizeof(path), "%s/closed", dir);
        ck_assert_int_eq(chmod(path, 0), 0);
        reports[0] = '\0';
        ck_assert_int_eq(dir_walk_sorted(dir, &paths, &n, record, NULL), 0);
        dir_list_free(paths, n);
        ck_assert_ptr_nonnull(strstr(reports, "/closed|Permission denied|1\n"));
        chmod(path, 0700);
    }
}
END_TEST

static Suite *file_suite(void)
{
    Suite *s = suite_create("util_file");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_read_all_sizes, 0, (int)(sizeof(sizes) / sizeof(sizes[0])));
    tcase_add_test(tc, test_read_all_errors);
    tcase_add_test(tc, test_dir_sorted);
    tcase_add_test(tc, test_walk_sorted);
    tcase_add_test(tc, test_walk_errors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(file_suite());
}
