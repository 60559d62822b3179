/* check_jsonw.c - the JSON writer: string escaping of every byte value
 * (RFC 8259 section 7: '"', '\' and controls escaped; smbneg also escapes
 * bytes that are not valid UTF-8 as \u00XX), valid UTF-8 passed through,
 * numbers at their limits, nesting and separators. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/eve.h"
#include "util/jsonw.h"
#include "helpers/run.h"

static struct jsonw w;

static void setup(void)
{
    jsonw_init(&w);
}

static void teardown(void)
{
    jsonw_deinit(&w);
}

static const char *out(void)
{
    static char buf[4096];
    ck_assert_uint_lt(w.len, sizeof(buf));
    memcpy(buf, w.buf, w.len);
    buf[w.len] = '\0';
    return buf;
}

/* Expected encoding of one byte on its own, from RFC 8259 section 7. */
static void expected_byte(unsigned c, char *exp)
{
    if (c == '"')
        strcpy(exp, "\"\\\"\"");
    else if (c == '\\')
        strcpy(exp, "\"\\\\\"");
    else if (c == '\n')
        strcpy(exp, "\"\\n\"");
    else if (c == '\r')
        strcpy(exp, "\"\\r\"");
    else if (c == '\t')
        strcpy(exp, "\"\\t\"");
    else if (c < 0x20 || c >= 0x80) /* controls; a lone byte >= 0x80 is not UTF-8 */
        sprintf(exp, "\"\\u00%02x\"", c);
    else
        sprintf(exp, "\"%c\"", c);
}

START_TEST(test_every_byte)
{
    char in = (char)_i, exp[16];
    jsonw_reset(&w);
    jsonw_strn(&w, NULL, &in, 1);
    expected_byte((unsigned)_i, exp);
    ck_assert_str_eq(out(), exp);
}
END_TEST

/* Each byte between plain runs: runs are copied, the byte escaped alike. */
START_TEST(test_every_byte_inside_text)
{
    char in[5] = {'a', 'b', (char)_i, 'c', 'd'}, one[16], exp[32];
    jsonw_reset(&w);
    jsonw_strn(&w, NULL, in, 5);
    expected_byte((unsigned)_i, one);
    one[strlen(one) - 1] = '\0';
    snprintf(exp, sizeof(exp), "\"ab%scd\"", one + 1);
    ck_assert_str_eq(out(), exp);
}
END_TEST

static const struct {
    const char *in, *exp;
} utf8_cases[] = {
    {"\xc3\xa9", "\"\xc3\xa9\""},                         /* U+00E9, 2 bytes */
    {"\xe2\x82\xac", "\"\xe2\x82\xac\""},                 /* U+20AC, 3 bytes */
    {"\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\""},         /* U+1F600, 4 bytes */
    {"\xc3", "\"\\u00c3\""},                              /* cut sequence */
    {"\xe2\x82", "\"\\u00e2\\u0082\""},                   /* cut 3-byte sequence */
    {"\xc0\xaf", "\"\\u00c0\\u00af\""},                   /* overlong '/' */
    {"\xed\xa0\x80", "\"\\u00ed\\u00a0\\u0080\""},        /* UTF-16 surrogate */
    {"\xf4\x90\x80\x80", "\"\\u00f4\\u0090\\u0080\\u0080\""}, /* above U+10FFFF */
    {"SMB 2.???", "\"SMB 2.???\""},
};

START_TEST(test_utf8)
{
    jsonw_reset(&w);
    jsonw_str(&w, NULL, utf8_cases[_i].in);
    ck_assert_str_eq(out(), utf8_cases[_i].exp);
}
END_TEST

/* jsonw_hex against printf's "0x%0*llx" (the C standard's definition). */
static const struct {
    uint64_t v;
    int digits;
} hex_cases[] = {{0, 1}, {0, 4}, {0x311, 4}, {0x2ff, 4}, {0xffff, 4}, {0x10000, 4},
                 {0xc00000bb, 1}, {0x80000000, 8}, {1, 8}, {UINT64_MAX, 1}, {0xabc, 16}};

START_TEST(test_hex)
{
    char exp[32];
    snprintf(exp, sizeof(exp), "\"0x%0*llx\"", hex_cases[_i].digits,
             (unsigned long long)hex_cases[_i].v);
    jsonw_reset(&w);
    jsonw_hex(&w, NULL, hex_cases[_i].v, hex_cases[_i].digits);
    ck_assert_str_eq(out(), exp);
}
END_TEST

START_TEST(test_structure_and_numbers)
{
    jsonw_reset(&w);
    jsonw_obj_open(&w, NULL);
    jsonw_uint(&w, "u0", 0);
    jsonw_uint(&w, "umax", UINT64_MAX);
    jsonw_int(&w, "imin", INT64_MIN);
    jsonw_int(&w, "i", -1);
    jsonw_bool(&w, "t", true);
    jsonw_arr_open(&w, "a");
    jsonw_str(&w, NULL, "x");
    jsonw_obj_open(&w, NULL);
    jsonw_obj_close(&w);
    jsonw_arr_close(&w);
    jsonw_strf(&w, "k\"ey", "0x%04x", 0x311);
    jsonw_obj_close(&w);
    ck_assert_str_eq(out(), "{\"u0\":0,\"umax\":18446744073709551615,"
                            "\"imin\":-9223372036854775808,\"i\":-1,\"t\":true,"
                            "\"a\":[\"x\",{}],\"k\\\"ey\":\"0x0311\"}");
    ck_assert(!w.oom);
}
END_TEST

/* EVE timestamps (expected values from `date -u -d @SEC`); the date part is
 * cached per second, so alternate seconds to exercise the cache. */
static const struct {
    int64_t sec;
    int32_t usec;
    const char *exp;
} time_cases[] = {
    {0, 0, "1970-01-01T00:00:00.000000+0000"},
    {1700000000, 123456, "2023-11-14T22:13:20.123456+0000"},
    {1700000000, 7, "2023-11-14T22:13:20.000007+0000"},
    {0, 999999, "1970-01-01T00:00:00.999999+0000"},
    {4102444799, -5, "2099-12-31T23:59:59.000000+0000"},
    {1700000000, 1999999, "2023-11-14T22:13:20.999999+0000"},
};

START_TEST(test_eve_time)
{
    char buf[40];
    for (size_t i = 0; i < sizeof(time_cases) / sizeof(time_cases[0]); i++) {
        eve_format_time(time_cases[i].sec, time_cases[i].usec, buf);
        ck_assert_str_eq(buf, time_cases[i].exp);
    }
}
END_TEST

static Suite *jsonw_suite(void)
{
    Suite *s = suite_create("jsonw");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_every_byte, 0, 256);
    tcase_add_loop_test(tc, test_every_byte_inside_text, 0, 256);
    tcase_add_loop_test(tc, test_utf8, 0, (int)(sizeof(utf8_cases) / sizeof(utf8_cases[0])));
    tcase_add_loop_test(tc, test_hex, 0, (int)(sizeof(hex_cases) / sizeof(hex_cases[0])));
    tcase_add_test(tc, test_structure_and_numbers);
    tcase_add_test(tc, test_eve_time);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(jsonw_suite());
}
