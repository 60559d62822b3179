/* check_detect_port.c - unit tests for src/detect/detect-port.c: truth
 * tables over ports, ranges, lists, negation and variables, and the parse
 * errors. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "detect/detect-port.h"
#include "helpers/run.h"

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))

static const struct detect_var port_vars[] = {
    {"SMB_PORTS", "[139,445]"},
    {"HIGH", "1024:"},
    {"NOT_SMB", "!$SMB_PORTS"},
    {"LOOP_A", "[1,$LOOP_B]"},
    {"LOOP_B", "$LOOP_A"},
    {"BAD", "70000"},
};

static const struct detect_cfg cfg = {NULL, 0, port_vars, NROWS(port_vars), NULL};

static const struct {
    const char *set;
    uint16_t port;
    bool match;
} rows[] = {
    {"any", 0, true},
    {"any", 65535, true},
    {"445", 445, true},
    {"445", 444, false},
    {"0", 0, true},
    {"65535", 65535, true},
    {"1024:65535", 1024, true},
    {"1024:65535", 1023, false},
    {"1024:", 65535, true},
    {"1024:", 1000, false},
    {":1023", 0, true},
    {":1023", 1023, true},
    {":1023", 1024, false},
    {"100:100", 100, true},
    {"[139,445]", 139, true},
    {"[139,445]", 445, true},
    {"[139,445]", 140, false},
    {"[ 139 , 445 ]", 445, true},
    {"[1:10,20:30]", 25, true},
    {"[1:10,20:30]", 15, false},
    {"!445", 445, false},
    {"!445", 139, true},
    {"![139,445]", 139, false},
    {"![139,445]", 80, true},
    {"[1024:,!8080]", 8080, false},
    {"[1024:,!8080]", 8081, true},
    {"[1024:,!8080]", 80, false},
    {"[!80,!443]", 443, false},
    {"[!80,!443]", 444, true},
    {"[[139],[[445]]]", 445, true},
    {"[1:100,![50:60,!55]]", 55, true},
    {"[1:100,![50:60,!55]]", 56, false},
    {"!!445", 445, true},
    {"$SMB_PORTS", 445, true},
    {"$SMB_PORTS", 80, false},
    {"!$SMB_PORTS", 80, true},
    {"!$SMB_PORTS", 139, false},
    {"$NOT_SMB", 139, false},
    {"$NOT_SMB", 4445, true},
    {"[$HIGH,!$SMB_PORTS]", 4445, true},
    {"[$HIGH,$SMB_PORTS]", 139, true},
    {"[$HIGH,!4445]", 4445, false},
};

START_TEST(test_port_truth)
{
    struct detect_port *s = NULL;
    char err[256] = "";
    ck_assert_msg(detect_port_parse(rows[_i].set, &cfg, &s, err, sizeof(err)) == 0, "%s: %s",
                  rows[_i].set, err);
    ck_assert_msg(detect_port_match(s, rows[_i].port) == rows[_i].match, "%s vs %u: want %d",
                  rows[_i].set, rows[_i].port, rows[_i].match);
    detect_port_free(s);
}
END_TEST

static const struct {
    const char *set, *err_part;
} bad[] = {
    {"", "missing port"},
    {"65536", "bad port '65536'"},
    {"123456", "bad port"},
    {"-1", "bad port"},
    {"http", "bad port 'http'"},
    {"445:139", "bad port '445:139'"},
    {":", "bad port ':'"},
    {"1:2:3", "bad port"},
    {"[139,445", "unterminated port list"},
    {"[139,]", "unexpected ']'"},
    {"[]", "unexpected ']'"},
    {"139]", "unexpected ']'"},
    {"139 445", "unexpected '445'"},
    {"!any", "matches no port"},
    {"!0:65535", "matches no port"},
    {"!:", "bad port"},
    {"$NOPE", "unknown port variable '$NOPE'"},
    {"$", "empty variable name"},
    {"$LOOP_A", "loop through '$LOOP_A'"},
    {"$BAD", "bad port '70000'"},
    {"[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]", "nested too deep"},
};

START_TEST(test_port_errors)
{
    struct detect_port *s = (struct detect_port *)1;
    char err[256] = "";
    ck_assert_int_eq(detect_port_parse(bad[_i].set, &cfg, &s, err, sizeof(err)), -1);
    ck_assert_ptr_null(s);
    ck_assert_msg(strstr(err, bad[_i].err_part) != NULL, "'%s': got '%s', want '%s'", bad[_i].set,
                  err, bad[_i].err_part);
}
END_TEST

/* Every port against a range with a hole, exhaustively. */
START_TEST(test_port_sweep)
{
    struct detect_port *s = NULL;
    char err[64];
    ck_assert_int_eq(detect_port_parse("[100:200,!150:160]", NULL, &s, err, sizeof(err)), 0);
    for (unsigned p = 0; p <= 65535; p++) {
        bool want = p >= 100 && p <= 200 && !(p >= 150 && p <= 160);
        ck_assert_msg(detect_port_match(s, (uint16_t)p) == want, "port %u", p);
    }
    detect_port_free(s);
    detect_port_free(NULL);
}
END_TEST

static Suite *port_suite(void)
{
    Suite *s = suite_create("detect_port");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, test_port_truth, 0, (int)NROWS(rows));
    tcase_add_loop_test(tc, test_port_errors, 0, (int)NROWS(bad));
    tcase_add_test(tc, test_port_sweep);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(port_suite());
}
