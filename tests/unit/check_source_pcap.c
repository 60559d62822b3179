/* check_source_pcap.c - smbneg's own reader of classic pcap records against
 * libpcap's, packet by packet (data, lengths, time stamps) and error by
 * error: every capture of tests/ and of the shared corpus, every cut of
 * two captures (the truncation sweep), and crafted files (records longer
 * than the snapshot length, caplen over libpcap's maximum, nanosecond and
 * negative time stamps).  libpcap is the reference. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source/source-pcap.h"
#include "helpers/run.h"

static unsigned long files_compared, files_direct, packets_compared;

/* Read path both ways; fail with the first difference. */
static void compare(const char *path)
{
    struct source_pcap a, b;
    int ra = source_pcap_open(&a, path), rb = source_pcap_open_libpcap(&b, path);
    ck_assert_msg(ra == rb, "%s: open %d vs libpcap %d", path, ra, rb);
    if (ra != 0) {
        ck_assert_str_eq(a.err, b.err);
        return;
    }
    files_compared++;
    files_direct += a.direct.on;
    for (;;) {
        struct packet pa, pb;
        enum source_status sa = source_pcap_next(&a, &pa), sb = source_pcap_next(&b, &pb);
        ck_assert_msg(sa == sb, "%s: packet %llu: status %d vs libpcap %d (%s / %s)", path,
                      (unsigned long long)b.pcap_cnt, sa, sb, a.err, b.err);
        if (sa == SOURCE_ERROR) {
            ck_assert_msg(strcmp(a.err, b.err) == 0, "%s: error '%s' vs libpcap '%s'", path,
                          a.err, b.err);
            break;
        }
        if (sa == SOURCE_EOF)
            break;
        packets_compared++;
        ck_assert_msg(pa.caplen == pb.caplen && pa.wirelen == pb.wirelen &&
                          pa.ts_sec == pb.ts_sec && pa.ts_usec == pb.ts_usec &&
                          pa.pcap_cnt == pb.pcap_cnt && pa.linktype == pb.linktype,
                      "%s: packet %llu: caplen %u/%u len %u/%u ts %lld.%d/%lld.%d", path,
                      (unsigned long long)pb.pcap_cnt, pa.caplen, pb.caplen, pa.wirelen,
                      pb.wirelen, (long long)pa.ts_sec, pa.ts_usec, (long long)pb.ts_sec,
                      pb.ts_usec);
        ck_assert_msg(memcmp(pa.data, pb.data, pa.caplen) == 0, "%s: packet %llu: data differ",
                      path, (unsigned long long)pb.pcap_cnt);
    }
    ck_assert_uint_eq(a.bytes_read, b.bytes_read);
    source_pcap_close(&a);
    source_pcap_close(&b);
}

static void compare_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        struct stat st;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            compare_tree(path);
        else if (S_ISREG(st.st_mode) && source_pcap_looks_like_capture(path))
            compare(path);
    }
    closedir(d);
}

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    ck_assert_ptr_nonnull(fp);
    fseek(fp, 0, SEEK_END);
    *len = (size_t)ftell(fp);
    rewind(fp);
    uint8_t *b = malloc(*len);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(fread(b, 1, *len, fp), *len);
    fclose(fp);
    return b;
}

static char tmp_path[256];

static void write_tmp(const uint8_t *b, size_t n)
{
    FILE *fp = fopen(tmp_path, "wb");
    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(fwrite(b, 1, n, fp), n);
    fclose(fp);
}

static void setup(void)
{
    snprintf(tmp_path, sizeof(tmp_path), "%s/check_source_pcap.%ld.pcap",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid());
}

static void teardown(void)
{
    unlink(tmp_path);
}

START_TEST(test_every_capture)
{
    static const char *const trees[] = {"tests/captures", "tests/data", "tests/verify",
                                        "../shared/captures"};
    char path[512];
    for (size_t i = 0; i < sizeof(trees) / sizeof(trees[0]); i++)
        compare_tree(test_src_path(path, sizeof(path), trees[i]));
    fprintf(stderr, "%lu files, %lu read directly, %lu packets identical\n", files_compared,
            files_direct, packets_compared);
    ck_assert_uint_gt(files_direct, 20);
    ck_assert_uint_gt(packets_compared, 1000);
}
END_TEST

/* Every cut of a capture: the same packets, then the same error. */
START_TEST(test_truncation_sweep)
{
    static const char *const caps[] = {"tests/captures/lab/smb1-multiproto.pcap",
                                       "tests/captures/lab/default-3.1.1.pcap"};
    char path[512];
    test_src_path(path, sizeof(path), caps[_i]);
    size_t len;
    uint8_t *b = slurp(path, &len);
    for (size_t cut = 0; cut <= len; cut++) {
        write_tmp(b, cut);
        compare(tmp_path);
    }
    free(b);
}
END_TEST

static void put32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

/* A file of `n` records of `len` bytes with the given header snaplen,
 * magic and record caplen override (0: len). */
static size_t craft(uint8_t *out, uint32_t magic, uint32_t snaplen, int n, uint32_t len,
                    uint32_t caplen, uint32_t ts_sec, uint32_t ts_frac)
{
    uint8_t *p = out;
    put32(p, magic);
    p[4] = 2, p[5] = 0, p[6] = 4, p[7] = 0;
    put32(p + 8, 0);
    put32(p + 12, 0);
    put32(p + 16, snaplen);
    put32(p + 20, 1);
    p += 24;
    for (int i = 0; i < n; i++) {
        put32(p, ts_sec + (uint32_t)i);
        put32(p + 4, ts_frac);
        put32(p + 8, caplen ? caplen : len);
        put32(p + 12, len + 10);
        p += 16;
        for (uint32_t k = 0; k < len; k++)
            *p++ = (uint8_t)(k * 7 + (uint32_t)i);
    }
    return (size_t)(p - out);
}

START_TEST(test_crafted)
{
    static uint8_t b[1 << 20];
    size_t n;
    /* records longer than the snapshot length: cut to it, rest skipped */
    n = craft(b, 0xa1b2c3d4u, 100, 5, 300, 0, 1700000000u, 5);
    write_tmp(b, n);
    compare(tmp_path);
    /* ... and cut inside the skipped part, and inside the kept part */
    write_tmp(b, n - 50);
    compare(tmp_path);
    write_tmp(b, 24 + 16 + 50);
    compare(tmp_path);
    /* caplen over libpcap's maximum, above and below the snapshot length */
    n = craft(b, 0xa1b2c3d4u, 0x7fffffffu, 2, 60, 0, 1700000000u, 5);
    put32(b + 24 + 16 + 60 + 8, 0x7fffffffu);
    write_tmp(b, n);
    compare(tmp_path);
    n = craft(b, 0xa1b2c3d4u, 65535, 2, 60, 0, 1700000000u, 5);
    put32(b + 24 + 16 + 60 + 8, 300000);
    write_tmp(b, n);
    compare(tmp_path);
    /* snaplen 0 (libpcap takes its maximum) */
    n = craft(b, 0xa1b2c3d4u, 0, 3, 100, 0, 1700000000u, 5);
    write_tmp(b, n);
    compare(tmp_path);
    /* nanosecond time stamps, also with the sign bit set; negative seconds */
    n = craft(b, 0xa1b23c4du, 65535, 3, 80, 0, 1700000000u, 999999999u);
    write_tmp(b, n);
    compare(tmp_path);
    n = craft(b, 0xa1b23c4du, 65535, 3, 80, 0, 0xfffffff0u, 0x80000001u);
    write_tmp(b, n);
    compare(tmp_path);
    n = craft(b, 0xa1b2c3d4u, 65535, 3, 80, 0, 0x80000000u, 0xffffffffu);
    write_tmp(b, n);
    compare(tmp_path);
    /* a record of caplen 0, and one exactly at the maximum */
    n = craft(b, 0xa1b2c3d4u, 262144, 2, 0, 0, 1, 1);
    write_tmp(b, n);
    compare(tmp_path);
    n = craft(b, 0xa1b2c3d4u, 262144, 2, 262144, 0, 1, 1);
    write_tmp(b, n);
    compare(tmp_path);
}
END_TEST

static Suite *source_pcap_suite(void)
{
    Suite *s = suite_create("source_pcap");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_every_capture);
    tcase_add_loop_test(tc, test_truncation_sweep, 0, 2);
    tcase_add_test(tc, test_crafted);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(source_pcap_suite());
}
