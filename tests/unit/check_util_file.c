/* check_util_file.c - whole-file reads and sorted directory listings
 * (util/file.c), which the policy loader, rule files, `-r DIR` and the fuzz
 * runners share. */
#include <check.h>
#include <errno.h>
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

static Suite *file_suite(void)
{
    Suite *s = suite_create("util_file");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_read_all_sizes, 0, (int)(sizeof(sizes) / sizeof(sizes[0])));
    tcase_add_test(tc, test_read_all_errors);
    tcase_add_test(tc, test_dir_sorted);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(file_suite());
}
