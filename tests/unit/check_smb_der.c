/* check_smb_der.c - unit tests for src/app/smb/smb-der.c, the DER/BER
 * tag-length-value reader (ITU-T X.690 8.1.2 identifier octets, 8.1.3
 * length octets).  Every read runs on a copy that ends at a PROT_NONE page. */
#include <check.h>
#include <string.h>

#include "app/smb/smb-der.h"
#include "helpers/guard.h"
#include "helpers/truth.h"

struct der_row {
    const char *name;
    const uint8_t *bytes;
    size_t len;
    enum parse_status status;
    enum der_class cls; /* expected on PARSE_OK */
    bool constructed;
    uint32_t tag;
    size_t value_len;
    size_t consumed; /* header + value */
};

#define DROW(v) .name = #v, .bytes = v, .len = sizeof(v)

static const uint8_t d_short[] = {0x04, 0x02, 0xaa, 0xbb, 0xcc}; /* OCTET STRING, 1 trailing */
static const uint8_t d_long1[] = {0x30, 0x81, 0x02, 0x05, 0x00}; /* 8.1.3.5 long form */
static const uint8_t d_long4[] = {0xa1, 0x84, 0x00, 0x00, 0x00, 0x01, 0x00}; /* non-minimal, BER */
static const uint8_t d_empty[] = {0x05, 0x00};                               /* NULL */
static const uint8_t d_indef[] = {0x30, 0x80, 0x00, 0x00};         /* 8.1.3.6 indefinite */
static const uint8_t d_len5[] = {0x30, 0x85, 0, 0, 0, 0, 1, 0};    /* 5 length octets */
static const uint8_t d_lenff[] = {0x30, 0xff, 0x00};               /* 8.1.3.5 c) reserved */
static const uint8_t d_hightag[] = {0x7f, 0x81, 0x00, 0x01, 0x00}; /* [APPLICATION 128] */
static const uint8_t d_hightag5[] = {0x9f, 0x81, 0x81, 0x81, 0x81, 0x01, 0x00}; /* 5 tag octets */
static const uint8_t d_val_past[] = {0x04, 0x05, 0x01, 0x02}; /* 5 declared, 2 present */
static const uint8_t d_len_cut[] = {0x04, 0x82, 0x01};        /* length octets cut */
static const uint8_t d_tag_cut[] = {0x1f, 0x81};              /* tag octets cut */

static const struct der_row rows[] = {
    {DROW(d_short), PARSE_OK, DER_UNIVERSAL, false, DER_TAG_OCTET_STRING, 2, 4},
    {DROW(d_long1), PARSE_OK, DER_UNIVERSAL, true, DER_TAG_SEQUENCE, 2, 5},
    {DROW(d_long4), PARSE_OK, DER_CONTEXT, true, 1, 1, 7},
    {DROW(d_empty), PARSE_OK, DER_UNIVERSAL, false, 5, 0, 2},
    {DROW(d_indef), PARSE_INVALID, DER_UNIVERSAL, false, 0, 0, 0},
    {DROW(d_len5), PARSE_INVALID, DER_UNIVERSAL, false, 0, 0, 0},
    {DROW(d_lenff), PARSE_INVALID, DER_UNIVERSAL, false, 0, 0, 0},
    {DROW(d_hightag), PARSE_OK, DER_APPLICATION, true, 128, 1, 5},
    {DROW(d_hightag5), PARSE_INVALID, DER_UNIVERSAL, false, 0, 0, 0},
    {DROW(d_val_past), PARSE_TRUNCATED, DER_UNIVERSAL, false, 0, 0, 0},
    {DROW(d_len_cut), PARSE_TRUNCATED, DER_UNIVERSAL, false, 0, 0, 0},
    {DROW(d_tag_cut), PARSE_TRUNCATED, DER_UNIVERSAL, false, 0, 0, 0},
    {.name = "empty", .bytes = d_short, .len = 0, .status = PARSE_TRUNCATED},
};

/* der_read on a guarded copy; *consumed is how far the reader moved. */
static enum parse_status der_guarded(const uint8_t *v, size_t len, struct der_tlv *t,
                                     size_t *consumed)
{
    struct guard_buf g;
    const uint8_t *p = guard_copy(&g, v, len);
    struct rd r = rd_make(p, len);
    enum parse_status st = der_read(&r, t);
    *consumed = (size_t)(r.p - p);
    guard_free(&g);
    return st;
}

START_TEST(test_table)
{
    const struct der_row *w = &rows[_i];
    struct der_tlv t;
    size_t consumed = 99;
    enum parse_status st = der_guarded(w->bytes, w->len, &t, &consumed);
    ck_assert_msg(st == w->status, "%s: status %d, want %d", w->name, st, w->status);
    if (st != PARSE_OK) {
        ck_assert_msg(consumed == 0, "%s: a failed read moved the reader", w->name);
        return;
    }
    ck_assert_int_eq(t.cls, w->cls);
    ck_assert_int_eq(t.constructed, w->constructed);
    ck_assert_uint_eq(t.tag, w->tag);
    ck_assert_uint_eq(rd_left(&t.val), w->value_len);
    ck_assert_uint_eq(consumed, w->consumed);
}
END_TEST

/* Every prefix of a complete TLV is PARSE_TRUNCATED. */
START_TEST(test_truncation_sweep)
{
    static const uint8_t *const vecs[] = {d_short, d_long1, d_long4, d_hightag};
    static const size_t lens[] = {4, 5, 7, 5}; /* each TLV without trailing bytes */
    for (size_t i = 0; i < 4; i++) {
        for (size_t n = 0; n < lens[i]; n++) {
            struct der_tlv t;
            size_t consumed;
            ck_assert_msg(der_guarded(vecs[i], n, &t, &consumed) == PARSE_TRUNCATED,
                          "vector %zu prefix %zu", i, n);
        }
    }
}
END_TEST

/* der_expect refuses another TLV without moving the reader; der_oid_is
 * compares whole content octets. */
START_TEST(test_expect_and_oid)
{
    static const uint8_t oid[] = {0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};
    static const uint8_t spnego[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};
    struct rd r = rd_make(oid, sizeof(oid));
    struct der_tlv t;
    ck_assert_int_eq(der_expect(&r, DER_UNIVERSAL, true, DER_TAG_OID, &t), PARSE_INVALID);
    ck_assert_ptr_eq(r.p, oid);
    ck_assert_int_eq(der_expect(&r, DER_UNIVERSAL, false, DER_TAG_OCTET_STRING, &t), PARSE_INVALID);
    ck_assert_int_eq(der_expect(&r, DER_UNIVERSAL, false, DER_TAG_OID, &t), PARSE_OK);
    ck_assert_uint_eq(rd_left(&r), 0);
    ck_assert(der_oid_is(&t.val, spnego, sizeof(spnego)));
    ck_assert(!der_oid_is(&t.val, spnego, sizeof(spnego) - 1));
    ck_assert_int_eq(der_inner(PARSE_TRUNCATED), PARSE_INVALID);
    ck_assert_int_eq(der_inner(PARSE_OK), PARSE_OK);
}
END_TEST

static Suite *der_suite(void)
{
    Suite *s = suite_create("smb_der");
    TCase *tc = tcase_create("smb_der");
    tcase_add_loop_test(tc, test_table, 0, (int)NROWS(rows));
    tcase_add_test(tc, test_truncation_sweep);
    tcase_add_test(tc, test_expect_and_oid);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return check_run_suite(der_suite()); }
