/* check_util_bytes.c - the checked byte reader (util/bytes.h): every getter
 * in both byte orders against hand-computed values, reads that end exactly
 * at the end, one byte past it, the sticky bad flag, child readers (rd_sub,
 * rd_at) and alignment, and a sweep of every window length over a buffer
 * placed against a guard page, so an out-of-range read faults. */
#include <check.h>
#include <string.h>

#include "util/bytes.h"
#include "helpers/guard.h"
#include "helpers/run.h"

static const uint8_t B[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09};

START_TEST(getters_byte_order)
{
    struct rd r = rd_make(B, sizeof(B));
    ck_assert_uint_eq(rd_u8(&r), 0x01);
    ck_assert_uint_eq(rd_le16(&r), 0x0302);
    ck_assert_uint_eq(rd_le32(&r), 0x07060504);
    ck_assert_uint_eq(rd_left(&r), 2);
    ck_assert(!r.bad);
    r = rd_make(B, sizeof(B));
    ck_assert_uint_eq(rd_le64(&r), 0x0807060504030201ull);
    r = rd_make(B, sizeof(B));
    ck_assert_uint_eq(rd_be16(&r), 0x0102);
    ck_assert_uint_eq(rd_be24(&r), 0x030405);
    ck_assert_uint_eq(rd_be32(&r), 0x06070809);
    ck_assert_uint_eq(rd_left(&r), 0);
    ck_assert(!r.bad);
}
END_TEST

/* High bits survive the promotions (no sign extension). */
START_TEST(getters_high_bits)
{
    static const uint8_t F[8] = {0xFF, 0xFE, 0xFD, 0xFC, 0xFB, 0xFA, 0xF9, 0xF8};
    struct rd r = rd_make(F, 8);
    ck_assert_uint_eq(rd_le64(&r), 0xF8F9FAFBFCFDFEFFull);
    r = rd_make(F, 8);
    ck_assert_uint_eq(rd_be32(&r), 0xFFFEFDFCu);
    ck_assert_uint_eq(rd_le32(&r), 0xF8F9FAFBu);
    r = rd_make(F, 3);
    ck_assert_uint_eq(rd_be24(&r), 0xFFFEFDu);
}
END_TEST

/* A read one byte too long returns 0, consumes nothing, and stays bad:
 * later reads that would fit also fail. */
START_TEST(short_read_is_sticky)
{
    struct rd r = rd_make(B, 3);
    ck_assert_uint_eq(rd_le32(&r), 0);
    ck_assert(r.bad);
    ck_assert_uint_eq(rd_left(&r), 3);
    ck_assert_uint_eq(rd_u8(&r), 0);
    ck_assert_ptr_null(rd_take(&r, 0));
    r = rd_make(B, 7);
    ck_assert_uint_eq(rd_le64(&r), 0);
    ck_assert(r.bad);
    uint8_t dst[4] = {0xAA, 0xAA, 0xAA, 0xAA};
    r = rd_make(B, 3);
    rd_copy(&r, dst, 4);
    ck_assert(r.bad);
    ck_assert_mem_eq(dst, "\0\0\0\0", 4);
    r = rd_make(B, 4);
    rd_copy(&r, dst, 4);
    ck_assert(!r.bad);
    ck_assert_mem_eq(dst, B, 4);
}
END_TEST

/* A huge n does not wrap the bounds test. */
START_TEST(take_huge)
{
    struct rd r = rd_make(B, sizeof(B));
    ck_assert_ptr_null(rd_take(&r, (size_t)-1));
    ck_assert(r.bad);
    r = rd_make(B, sizeof(B));
    rd_skip(&r, (size_t)-1 / 2);
    ck_assert(r.bad);
    ck_assert_uint_eq(rd_left(&r), sizeof(B));
}
END_TEST

START_TEST(sub_readers)
{
    struct rd r = rd_make(B, sizeof(B));
    rd_skip(&r, 1);
    struct rd c = rd_sub(&r, 4);
    ck_assert(!c.bad);
    ck_assert_uint_eq(rd_left(&c), 4);
    ck_assert_uint_eq(rd_le32(&c), 0x05040302);
    ck_assert_uint_eq(rd_u8(&c), 0);
    ck_assert(c.bad);
    ck_assert(!r.bad); /* the child's failure is its own */
    ck_assert_uint_eq(rd_u8(&r), 0x06);
    struct rd d = rd_sub(&r, 4); /* 3 left */
    ck_assert(d.bad);
    ck_assert(r.bad);
    ck_assert_uint_eq(rd_left(&d), 0);
}
END_TEST

START_TEST(at_offsets)
{
    struct rd r = rd_at(B, sizeof(B), 8);
    ck_assert(!r.bad);
    ck_assert_uint_eq(rd_u8(&r), 0x09);
    r = rd_at(B, sizeof(B), 9); /* at the end: empty, not bad */
    ck_assert(!r.bad);
    ck_assert_uint_eq(rd_left(&r), 0);
    r = rd_at(B, sizeof(B), 10);
    ck_assert(r.bad);
    ck_assert_uint_eq(rd_left(&r), 0);
    r = rd_at(B, sizeof(B), (size_t)-1);
    ck_assert(r.bad);
}
END_TEST

/* MS-SMB2 2.2.3.1: contexts start 8-byte aligned; padding after the last
 * one may be absent, so alignment clamps at the end without failing. */
START_TEST(align_clamps)
{
    struct rd r = rd_make(B, sizeof(B));
    rd_skip(&r, 1);
    rd_align(&r, B, 8);
    ck_assert_uint_eq((size_t)(r.p - B), 8);
    rd_align(&r, B, 8);
    ck_assert_uint_eq((size_t)(r.p - B), 8); /* already aligned */
    rd_skip(&r, 1);
    rd_align(&r, B, 8); /* would need 7 more, 0 left */
    ck_assert(!r.bad);
    ck_assert_uint_eq(rd_left(&r), 0);
}
END_TEST

/* Every window length 0..9 against the guard page: each getter either
 * reads in range or reports bad; a read past the window would fault. */
START_TEST(truncation_sweep)
{
    for (size_t len = 0; len <= sizeof(B); len++) {
        struct guard_buf gb;
        const uint8_t *g = guard_copy(&gb, B, len);
        for (size_t w = 1; w <= 8; w++) {
            struct rd r = rd_make(g, len);
            uint64_t v = 0;
            switch (w) {
            case 1: v = rd_u8(&r); break;
            case 2: v = rd_le16(&r) ^ rd_be16(&r); break;
            case 3: v = rd_be24(&r); break;
            case 4: v = rd_le32(&r) ^ rd_be32(&r); break;
            default: v = rd_le64(&r); break;
            }
            size_t need = w == 2 ? 4 : w >= 4 ? 8 : w; /* two reads for 2 and 4 */
            ck_assert_msg(r.bad == (len < need), "len %zu width %zu", len, w);
            if (len < (w >= 5 ? 8 : w)) /* even the first read failed */
                ck_assert_uint_eq(v, 0);
        }
        guard_free(&gb);
    }
}
END_TEST

static Suite *bytes_suite(void)
{
    Suite *s = suite_create("util_bytes");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, getters_byte_order);
    tcase_add_test(tc, getters_high_bits);
    tcase_add_test(tc, short_read_is_sticky);
    tcase_add_test(tc, take_huge);
    tcase_add_test(tc, sub_readers);
    tcase_add_test(tc, at_offsets);
    tcase_add_test(tc, align_clamps);
    tcase_add_test(tc, truncation_sweep);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(bytes_suite());
}
