/* check_kw_common.c - unit tests for src/detect/kw-common.c: set operators
 * (parse and evaluation), comparisons, quoted-string lists, signing words
 * and GUID values. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/kw-common.h"
#include "helpers/run.h"

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))

/* ------------------------------------------------------------------------
 * Set parsing
 * ------------------------------------------------------------------------ */

START_TEST(test_set_parse_values)
{
    struct kw_set s;
    char err[128] = "";
    ck_assert_int_eq(kw_set_parse("\t None  3.1.1 ,2.02,\t0x0300 , 2.??? ", kw_lookup_dialect,
                                  "dialect", &s, err, sizeof(err)),
                     0);
    ck_assert_int_eq(s.op, KW_SET_NONE);
    ck_assert_uint_eq(s.n, 4);
    ck_assert_uint_eq(s.v[0], 0x0311);
    ck_assert_uint_eq(s.v[1], 0x0202);
    ck_assert_uint_eq(s.v[2], 0x0300);
    ck_assert_uint_eq(s.v[3], 0x02FF);
    ck_assert_int_eq(
        kw_set_parse("only leasing", kw_lookup_capability, "capability", &s, err, sizeof(err)), 0);
    ck_assert_int_eq(s.op, KW_SET_ONLY);
    ck_assert_uint_eq(s.v[0], 0x2);
    ck_assert_int_eq(
        kw_set_parse("ALL signing", kw_lookup_negctx_type, "type", &s, err, sizeof(err)), 0);
    ck_assert_int_eq(s.op, KW_SET_ALL);
    ck_assert_uint_eq(s.v[0], 0x0008);
}
END_TEST

static const struct {
    const char *value, *err;
} set_errors[] = {
    {NULL, "missing value (expected only|any|all|none and a cipher list)"},
    {"", "missing value"},
    {"   ", "missing value"},
    {"anything AES-128-GCM", "unknown operator 'anything' (expected only, any, all or none)"},
    {"an AES-128-GCM", "unknown operator 'an'"},
    {"any", "empty cipher list"},
    {"any ,", "empty cipher in list"},
    {"any AES-128-GCM, ", "empty cipher in list"},
    {"any AES-128-GCM; AES-256-GCM", "unknown cipher 'AES-128-GCM; AES-256-GCM'"},
    {"all AES-128-GCM, DES", "unknown cipher 'DES'"},
    {"any 0x", "unknown cipher '0x'"},
    {"any 0x10000", "unknown cipher '0x10000'"},
};

START_TEST(test_set_parse_errors)
{
    struct kw_set s;
    char err[128] = "";
    ck_assert_int_eq(
        kw_set_parse(set_errors[_i].value, kw_lookup_cipher, "cipher", &s, err, sizeof(err)), -1);
    ck_assert_msg(strstr(err, set_errors[_i].err) != NULL, "'%s': err '%s'",
                  set_errors[_i].value ? set_errors[_i].value : "(null)", err);
}
END_TEST

START_TEST(test_set_parse_limits)
{
    char value[8 + KW_SET_MAX * 7 + 16];
    char err[128] = "";
    struct kw_set s;
    size_t at = (size_t)snprintf(value, sizeof(value), "any 2.1");
    for (int i = 1; i < KW_SET_MAX; i++)
        at += (size_t)snprintf(value + at, sizeof(value) - at, ",2.1");
    ck_assert_int_eq(kw_set_parse(value, kw_lookup_dialect, "dialect", &s, err, sizeof(err)), 0);
    ck_assert_uint_eq(s.n, KW_SET_MAX);
    snprintf(value + at, sizeof(value) - at, ",3.0");
    ck_assert_int_eq(kw_set_parse(value, kw_lookup_dialect, "dialect", &s, err, sizeof(err)), -1);
    ck_assert_ptr_nonnull(strstr(err, "too many dialect values"));

    char longname[300];
    memset(longname, 'a', sizeof(longname));
    memcpy(longname, "any ", 4);
    longname[sizeof(longname) - 1] = '\0';
    ck_assert_int_eq(kw_set_parse(longname, kw_lookup_dialect, "dialect", &s, err, sizeof(err)),
                     -1);
    ck_assert_ptr_nonnull(strstr(err, "dialect name too long"));
}
END_TEST

/* ------------------------------------------------------------------------
 * Set evaluation: op x rule {1, 2} x wire list
 * ------------------------------------------------------------------------ */

static const struct {
    enum kw_set_op op;
    uint16_t wire[4];
    size_t n;
    bool match;
} set_evals[] = {
    /* rule set is {1, 2} */
    {KW_SET_ONLY, {0}, 0, false}, /* an empty list is not "only" anything */
    {KW_SET_ONLY, {1}, 1, true},
    {KW_SET_ONLY, {2, 1}, 2, true},
    {KW_SET_ONLY, {1, 1, 2}, 3, true},
    {KW_SET_ONLY, {1, 3}, 2, false},
    {KW_SET_ANY, {0}, 0, false},
    {KW_SET_ANY, {3, 2}, 2, true},
    {KW_SET_ANY, {3, 4}, 2, false},
    {KW_SET_ALL, {0}, 0, false},
    {KW_SET_ALL, {1}, 1, false},
    {KW_SET_ALL, {3, 2, 1}, 3, true},
    {KW_SET_ALL, {2, 1}, 2, true},
    {KW_SET_NONE, {0}, 0, false}, /* the empty offer: no operator matches it */
    {KW_SET_NONE, {3, 4}, 2, true},
    {KW_SET_NONE, {4, 1}, 2, false},
};

START_TEST(test_set_eval)
{
    struct kw_set s = {.op = set_evals[_i].op, .n = 2, .v = {1, 2}};
    uint32_t wire32[4];
    for (size_t i = 0; i < 4; i++)
        wire32[i] = set_evals[_i].wire[i];
    ck_assert_int_eq(kw_set_match_u16(&s, set_evals[_i].wire, set_evals[_i].n),
                     set_evals[_i].match);
    ck_assert_int_eq(kw_set_match_u32(&s, wire32, set_evals[_i].n), set_evals[_i].match);
    /* the same table as bits: value v is bit v (1 -> 0x2, 2 -> 0x4, ...) */
    struct kw_set b = {.op = set_evals[_i].op, .n = 2, .v = {0x2, 0x4}};
    uint32_t mask = 0;
    for (size_t i = 0; i < set_evals[_i].n; i++)
        mask |= 1u << set_evals[_i].wire[i];
    /* but a flags word is always there: 0 is the word with no bit, which
     * `none` matches, not the empty offer */
    bool want = set_evals[_i].match;
    if (set_evals[_i].n == 0 && set_evals[_i].op == KW_SET_NONE)
        want = true;
    ck_assert_int_eq(kw_set_match_bits(&b, mask), want);
}
END_TEST

/* A rule value of several bits stands for each of them. */
START_TEST(test_set_bits_multi)
{
    struct kw_set s = {.op = KW_SET_ALL, .n = 1, .v = {0x3}};
    ck_assert(kw_set_match_bits(&s, 0x7));
    ck_assert(!kw_set_match_bits(&s, 0x1));
    s.op = KW_SET_ONLY;
    ck_assert(kw_set_match_bits(&s, 0x1));
    ck_assert(!kw_set_match_bits(&s, 0x5));
    ck_assert(!kw_set_match_bits(&s, 0));
}
END_TEST

/* ------------------------------------------------------------------------
 * Comparisons
 * ------------------------------------------------------------------------ */

static const struct {
    const char *value;
    enum kw_cmp_op op;
    uint32_t rule;
} cmp_parses[] = {
    {"3.1.1", KW_CMP_EQ, 0x0311}, {"=3.0", KW_CMP_EQ, 0x0300},     {" = 3.0 ", KW_CMP_EQ, 0x0300},
    {"!=2.1", KW_CMP_NE, 0x0210}, {"<2.1", KW_CMP_LT, 0x0210},     {"<= 2.1", KW_CMP_LE, 0x0210},
    {">2.02", KW_CMP_GT, 0x0202}, {">=0x0302", KW_CMP_GE, 0x0302}, {"2.???", KW_CMP_EQ, 0x02FF},
};

START_TEST(test_cmp_parse)
{
    struct kw_cmp c;
    char err[128] = "";
    ck_assert_int_eq(
        kw_cmp_parse(cmp_parses[_i].value, kw_lookup_dialect, "dialect", &c, err, sizeof(err)), 0);
    ck_assert_int_eq(c.op, cmp_parses[_i].op);
    ck_assert_uint_eq(c.value, cmp_parses[_i].rule);
}
END_TEST

static const struct {
    const char *value, *err;
} cmp_errors[] = {
    {NULL, "missing dialect"},
    {"", "missing dialect"},
    {">=", "missing dialect after '>='"},
    {"!= ", "missing dialect after '!='"},
    {"==3.0", "unknown dialect '=3.0'"},
    {"=<3.0", "unknown dialect '<3.0'"},
    {"!3.0", "unknown dialect '!3.0'"},
    {"<= 3.0 x", "unknown dialect '3.0 x'"},
};

START_TEST(test_cmp_errors)
{
    struct kw_cmp c;
    char err[128] = "";
    ck_assert_int_eq(
        kw_cmp_parse(cmp_errors[_i].value, kw_lookup_dialect, "dialect", &c, err, sizeof(err)), -1);
    ck_assert_msg(strstr(err, cmp_errors[_i].err) != NULL, "'%s': err '%s'",
                  cmp_errors[_i].value ? cmp_errors[_i].value : "(null)", err);
}
END_TEST

START_TEST(test_cmp_eval)
{
    /* v against 0x0300: less, equal, greater */
    static const struct {
        enum kw_cmp_op op;
        bool lt, eq, gt;
    } rows[] = {
        {KW_CMP_EQ, false, true, false}, {KW_CMP_NE, true, false, true},
        {KW_CMP_LT, true, false, false}, {KW_CMP_LE, true, true, false},
        {KW_CMP_GT, false, false, true}, {KW_CMP_GE, false, true, true},
    };
    for (size_t i = 0; i < NROWS(rows); i++) {
        struct kw_cmp c = {.op = rows[i].op, .value = 0x0300};
        ck_assert_int_eq(kw_cmp_eval(&c, 0x0210), rows[i].lt);
        ck_assert_int_eq(kw_cmp_eval(&c, 0x0300), rows[i].eq);
        ck_assert_int_eq(kw_cmp_eval(&c, 0x0311), rows[i].gt);
    }
}
END_TEST

/* ------------------------------------------------------------------------
 * Quoted-string lists
 * ------------------------------------------------------------------------ */

START_TEST(test_strlist_parse)
{
    struct kw_strlist l;
    char err[128] = "";
    ck_assert_int_eq(kw_strlist_parse("  \"NT LM 0.12\" ,\"a\\\"b\",\t\"c\\\\d\" , \"e\\f\\;\"  ",
                                      &l, err, sizeof(err)),
                     0);
    ck_assert_uint_eq(l.n, 4);
    ck_assert_str_eq(l.item[0], "NT LM 0.12");
    ck_assert_str_eq(l.item[1], "a\"b");
    ck_assert_str_eq(l.item[2], "c\\d");
    ck_assert_str_eq(l.item[3], "e\\f;"); /* only \", \\ and \; are escapes */
    kw_strlist_deinit(&l);
    ck_assert_ptr_null(l.buf);
    kw_strlist_deinit(&l); /* twice is harmless */
}
END_TEST

static const struct {
    const char *value, *err;
} strlist_errors[] = {
    {NULL, "empty string list"},
    {"  ", "empty string list"},
    {"abc", "expected '\"' at 'abc'"},
    {"\"abc", "unterminated string"},
    {"\"abc\\\"", "unterminated string"},
    {"\"\"", "empty string in list"},
    {"\"a\",", "expected '\"' at 'end of value'"},
    {"\"a\" , , \"b\"", "expected '\"' at ', \"b\"'"},
    {"\"a\" x", "expected ',' at 'x'"},
};

START_TEST(test_strlist_errors)
{
    struct kw_strlist l;
    char err[128] = "";
    ck_assert_int_eq(kw_strlist_parse(strlist_errors[_i].value, &l, err, sizeof(err)), -1);
    ck_assert_msg(strstr(err, strlist_errors[_i].err) != NULL, "'%s': err '%s'",
                  strlist_errors[_i].value ? strlist_errors[_i].value : "(null)", err);
    ck_assert_ptr_null(l.buf); /* nothing owned after a failure */
}
END_TEST

START_TEST(test_strlist_limit)
{
    char value[KW_SET_MAX * 6 + 16];
    char err[128] = "";
    struct kw_strlist l;
    size_t at = 0;
    for (int i = 0; i < KW_SET_MAX; i++)
        at += (size_t)snprintf(value + at, sizeof(value) - at, "%s\"x\"", i ? "," : "");
    ck_assert_int_eq(kw_strlist_parse(value, &l, err, sizeof(err)), 0);
    ck_assert_uint_eq(l.n, KW_SET_MAX);
    kw_strlist_deinit(&l);
    snprintf(value + at, sizeof(value) - at, ",\"y\"");
    ck_assert_int_eq(kw_strlist_parse(value, &l, err, sizeof(err)), -1);
    ck_assert_ptr_nonnull(strstr(err, "too many strings"));
}
END_TEST

/* ------------------------------------------------------------------------
 * Small helpers
 * ------------------------------------------------------------------------ */

START_TEST(test_str_equal_nocase)
{
    ck_assert(kw_str_equal_nocase("NT LM 0.12", "nt lm 0.12"));
    ck_assert(kw_str_equal_nocase("", ""));
    ck_assert(!kw_str_equal_nocase("abc", "abcd"));
    ck_assert(!kw_str_equal_nocase("abcd", "abc"));
    ck_assert(!kw_str_equal_nocase("\xc3\x89", "\xc3\xa9")); /* ASCII folding only */
}
END_TEST

START_TEST(test_signing)
{
    static const struct {
        const char *rule, *wire;
        bool match;
    } rows[] = {
        {"disabled", "disabled", true},      {"disabled", "enabled", false},
        {"enabled", "enabled", true},        {"Enabled", "required", false},
        {"required", "required", true},      {"required", "enabled", false},
        {"not_required", "disabled", true},  {"not_required", "enabled", true},
        {"not_required", "required", false}, {"not_required", NULL, false},
        {"disabled", NULL, false},
    };
    for (size_t i = 0; i < NROWS(rows); i++) {
        void *data = NULL;
        char err[128];
        ck_assert_int_eq(kw_signing_setup(rows[i].rule, &data, err, sizeof(err)), 0);
        ck_assert_msg(kw_signing_eval(data, rows[i].wire) == rows[i].match, "%s vs %s",
                      rows[i].rule, rows[i].wire ? rows[i].wire : "(none)");
        kw_data_free(data);
    }
}
END_TEST

START_TEST(test_guid_setup)
{
    static const uint8_t want[16] = {0x78, 0x56, 0x34, 0x12, 0xbc, 0x9a, 0xf0, 0xde,
                                     0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
    void *data = NULL;
    char err[128] = "";
    ck_assert_int_eq(kw_guid_setup("12345678-9abc-def0-1122-334455667788", &data, err, sizeof(err)),
                     0);
    ck_assert_mem_eq(data, want, 16);
    kw_data_free(data);
    ck_assert_int_eq(kw_guid_setup("12345678-9abc-def0-1122-33445566778", &data, err, sizeof(err)),
                     -1);
    ck_assert_ptr_nonnull(strstr(err, "bad GUID"));
}
END_TEST

START_TEST(test_lookups)
{
    uint32_t v = 0;
    ck_assert_int_eq(kw_lookup_capability("0x0", &v), -1);
    ck_assert_int_eq(kw_lookup_capability("ENCRYPTION", &v), 0);
    ck_assert_uint_eq(v, 0x40);
    ck_assert_int_eq(kw_lookup_capability("0xFFFFFFFF", &v), 0);
    ck_assert_uint_eq(v, 0xFFFFFFFFu);
    ck_assert_int_eq(kw_lookup_compression_alg("none", &v), 0);
    ck_assert_uint_eq(v, 0);
    ck_assert_int_eq(kw_lookup_signing_alg("AES-GMAC", &v), 0);
    ck_assert_uint_eq(v, 2);
    ck_assert_int_eq(kw_lookup_cipher("AES-256-GCM", &v), 0);
    ck_assert_uint_eq(v, 4);
    ck_assert_int_eq(kw_lookup_negctx_type("posix", &v), 0);
    ck_assert_uint_eq(v, 0x0100);
    ck_assert_int_eq(kw_lookup_dialect("3.1.2", &v), -1);
}
END_TEST

/* ------------------------------------------------------------------------
 * Runner
 * ------------------------------------------------------------------------ */

static Suite *kw_common_suite(void)
{
    Suite *s = suite_create("kw_common");
    TCase *tc = tcase_create("set");
    tcase_add_test(tc, test_set_parse_values);
    tcase_add_loop_test(tc, test_set_parse_errors, 0, (int)NROWS(set_errors));
    tcase_add_test(tc, test_set_parse_limits);
    tcase_add_loop_test(tc, test_set_eval, 0, (int)NROWS(set_evals));
    tcase_add_test(tc, test_set_bits_multi);
    suite_add_tcase(s, tc);

    tc = tcase_create("cmp");
    tcase_add_loop_test(tc, test_cmp_parse, 0, (int)NROWS(cmp_parses));
    tcase_add_loop_test(tc, test_cmp_errors, 0, (int)NROWS(cmp_errors));
    tcase_add_test(tc, test_cmp_eval);
    suite_add_tcase(s, tc);

    tc = tcase_create("strlist");
    tcase_add_test(tc, test_strlist_parse);
    tcase_add_loop_test(tc, test_strlist_errors, 0, (int)NROWS(strlist_errors));
    tcase_add_test(tc, test_strlist_limit);
    suite_add_tcase(s, tc);

    tc = tcase_create("helpers");
    tcase_add_test(tc, test_str_equal_nocase);
    tcase_add_test(tc, test_signing);
    tcase_add_test(tc, test_guid_setup);
    tcase_add_test(tc, test_lookups);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(kw_common_suite());
}
