/* check_nbss.c - NetBIOS session service framing (app/smb/nbss.c): the
 * frame header truth table from RFC 1002 4.3.1 (type byte, 24-bit big-endian
 * length in MS-SMB2 2.1's direct TCP form), control frames with impossible
 * lengths, the SMB probe for each protocol id (0xFF SMB1, 0xFE SMB2, 0xFD
 * transform, 0xFC compression), and a truncation sweep under a guard page. */
#include <check.h>
#include <string.h>

#include "app/smb/nbss.h"
#include "helpers/guard.h"
#include "helpers/run.h"

GUARDED_PARSER(parse, nbss_frame_parse, struct nbss_frame)

struct row {
    uint8_t hdr[4];
    enum parse_status st;
    uint8_t type;
    uint32_t length;
};

/* RFC 1002 4.3.1: message 0x00, request 0x81, positive 0x82 (length 0),
 * negative 0x83, retarget 0x84, keep-alive 0x85 (length 0). */
static const struct row rows[] = {
    {{0x00, 0x00, 0x00, 0x66}, PARSE_OK, 0x00, 0x66},
    {{0x00, 0xFF, 0xFF, 0xFF}, PARSE_OK, 0x00, 0xFFFFFF},
    {{0x00, 0x01, 0x00, 0x00}, PARSE_OK, 0x00, 0x10000},
    {{0x81, 0x00, 0x00, 0x44}, PARSE_OK, 0x81, 0x44},
    {{0x81, 0x00, 0x04, 0x01}, PARSE_INVALID, 0, 0}, /* a 1025-byte request */
    {{0x82, 0x00, 0x00, 0x00}, PARSE_OK, 0x82, 0},
    {{0x82, 0x00, 0x00, 0x01}, PARSE_INVALID, 0, 0},
    {{0x83, 0x00, 0x00, 0x01}, PARSE_OK, 0x83, 1},
    {{0x84, 0x00, 0x00, 0x06}, PARSE_OK, 0x84, 6},
    {{0x85, 0x00, 0x00, 0x00}, PARSE_OK, 0x85, 0},
    {{0x85, 0x00, 0x00, 0x04}, PARSE_INVALID, 0, 0},
    {{0x01, 0x00, 0x00, 0x04}, PARSE_INVALID, 0, 0},
    {{0x80, 0x00, 0x00, 0x04}, PARSE_INVALID, 0, 0},
    {{0x86, 0x00, 0x00, 0x00}, PARSE_INVALID, 0, 0},
    {{0xFF, 0x53, 0x4D, 0x42}, PARSE_INVALID, 0, 0}, /* SMB without NBSS */
};

START_TEST(frame_truth_table)
{
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct nbss_frame fr = {0xEE, 0xEEEEEE};
        enum parse_status st = parse(rows[i].hdr, 4, &fr);
        ck_assert_msg(st == rows[i].st, "row %zu: status %d", i, (int)st);
        if (st == PARSE_OK) {
            ck_assert_uint_eq(fr.type, rows[i].type);
            ck_assert_uint_eq(fr.length, rows[i].length);
        }
    }
}
END_TEST

START_TEST(frame_truncation_sweep)
{
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
        for (size_t len = 0; len < 4; len++) {
            struct nbss_frame fr;
            ck_assert_int_eq(parse(rows[i].hdr, len, &fr), PARSE_TRUNCATED);
        }
}
END_TEST

static int probe(const uint8_t *v, size_t len)
{
    struct guard_buf g;
    int r = nbss_probe(guard_copy(&g, v, len), len);
    guard_free(&g);
    return r;
}

START_TEST(probe_protocol_ids)
{
    uint8_t m[8] = {0x00, 0x00, 0x00, 0x40, 0x00, 'S', 'M', 'B'};
    static const uint8_t ids[] = {0xFF, 0xFE, 0xFD, 0xFC};
    for (size_t i = 0; i < sizeof(ids); i++) {
        m[4] = ids[i];
        ck_assert_int_eq(probe(m, 8), 1);
        for (size_t len = 0; len < 8; len++)
            ck_assert_int_eq(probe(m, len), 0);
    }
    m[4] = 0xFB;
    ck_assert_int_eq(probe(m, 8), 0);
    m[4] = 0xFE;
    m[7] = 'b';
    ck_assert_int_eq(probe(m, 8), 0);
    /* a session request is SMB's NetBIOS preamble (port 139) */
    static const uint8_t req[4] = {0x81, 0x00, 0x00, 0x44};
    ck_assert_int_eq(probe(req, 4), 1);
    static const uint8_t ka[8] = {0x85, 0, 0, 0, 0xFE, 'S', 'M', 'B'};
    ck_assert_int_eq(probe(ka, 8), 0);
}
END_TEST

static Suite *nbss_suite(void)
{
    Suite *s = suite_create("nbss");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, frame_truth_table);
    tcase_add_test(tc, frame_truncation_sweep);
    tcase_add_test(tc, probe_protocol_ids);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(nbss_suite());
}
