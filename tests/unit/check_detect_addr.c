/* check_detect_addr.c - unit tests for src/detect/detect-addr.c: truth
 * tables over IPv4/IPv6 addresses, CIDRs, netmasks, lists, negation and
 * variables (Suricata rule header semantics), and the parse errors. */
#include <arpa/inet.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "detect/detect-addr.h"
#include "helpers/run.h"

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))

static const struct detect_var addr_vars[] = {
    {"HOME_NET", "[10.0.0.0/8,192.168.0.0/16]"},
    {"EXTERNAL_NET", "!$HOME_NET"},
    {"DMZ", "10.1.0.0/16"},
    {"NOT_DMZ", "![$DMZ]"},
    {"V6NET", "[2001:db8::/32, fe80::/10]"},
    {"ANY", "any"},
    {"LOOP_A", "[1.1.1.1,$LOOP_B]"},
    {"LOOP_B", "$LOOP_A"},
    {"SELF", "$SELF"},
    {"UNKNOWN_REF", "$NOPE"},
    {"BAD", "1.2.3"},
    {"TRAILING", "1.2.3.4 5.6.7.8"},
};

static const struct detect_cfg cfg = {addr_vars, NROWS(addr_vars), NULL, 0, NULL};

/* Parse "1.2.3.4" or "::1" into (family, address). */
static void parse_ip(const char *text, uint8_t *ip_v, struct ip_addr *a)
{
    memset(a, 0, sizeof(*a));
    if (strchr(text, ':')) {
        ck_assert_int_eq(inet_pton(AF_INET6, text, a->b), 1);
        *ip_v = 6;
    } else {
        ck_assert_int_eq(inet_pton(AF_INET, text, a->b), 1);
        *ip_v = 4;
    }
}

static bool set_matches(const char *set, const char *ip)
{
    struct detect_addr *s = NULL;
    char err[256] = "";
    uint8_t v;
    struct ip_addr a;
    ck_assert_msg(detect_addr_parse(set, &cfg, &s, err, sizeof(err)) == 0, "%s: %s", set, err);
    parse_ip(ip, &v, &a);
    bool m = detect_addr_match(s, v, &a);
    detect_addr_free(s);
    return m;
}

/* ------------------------------------------------------------------------
 * Truth table
 * ------------------------------------------------------------------------ */

static const struct {
    const char *set, *ip;
    bool match;
} rows[] = {
    /* any */
    {"any", "1.2.3.4", true},
    {"any", "::1", true},
    {"ANY", "10.0.0.1", true},
    /* single IPv4 addresses and CIDRs */
    {"10.0.0.5", "10.0.0.5", true},
    {"10.0.0.5", "10.0.0.6", false},
    {"10.0.0.0/8", "10.255.1.2", true},
    {"10.0.0.0/8", "11.0.0.0", false},
    {"10.0.0.5/8", "10.9.9.9", true}, /* host bits are masked off */
    {"192.168.1.0/24", "192.168.1.255", true},
    {"192.168.1.0/24", "192.168.2.0", false},
    {"192.168.1.128/25", "192.168.1.127", false},
    {"192.168.1.128/25", "192.168.1.200", true},
    {"0.0.0.0/0", "8.8.8.8", true},
    {"0.0.0.0/0", "::1", false}, /* an IPv4 set holds no IPv6 address */
    {"10.0.0.0/255.0.0.0", "10.3.4.5", true},
    {"10.0.0.0/255.255.255.0", "10.0.1.5", false},
    {"1.2.3.4/32", "1.2.3.4", true},
    {"1.2.3.4/31", "1.2.3.5", true},
    {"1.2.3.4/31", "1.2.3.6", false},
    /* IPv6 */
    {"::1", "::1", true},
    {"::1", "::2", false},
    {"2001:db8::/32", "2001:db8:ffff::1", true},
    {"2001:db8::/32", "2001:db9::1", false},
    {"fe80::/10", "febf::1", true},
    {"fe80::/10", "fec0::1", false},
    {"::/0", "1.2.3.4", false},
    {"::/0", "2001::1", true},
    {"2001:db8::1/128", "2001:db8::1", true},
    {"1.2.3.4", "::102:304", false}, /* same bytes, other family */
    /* lists */
    {"[10.0.0.1,10.0.0.2]", "10.0.0.2", true},
    {"[10.0.0.1,10.0.0.2]", "10.0.0.3", false},
    {"[10.0.0.1, 2001:db8::1]", "2001:db8::1", true},
    {"[ 10.0.0.0/8 , 172.16.0.0/12 ]", "172.31.0.1", true},
    {"[[10.0.0.1],[[10.0.0.2]]]", "10.0.0.2", true},
    /* negation */
    {"!10.0.0.5", "10.0.0.5", false},
    {"!10.0.0.5", "10.0.0.6", true},
    {"!10.0.0.5", "::1", true},
    {"![10.0.0.1,10.0.0.2]", "10.0.0.1", false},
    {"![10.0.0.1,10.0.0.2]", "10.0.0.3", true},
    {"!!10.0.0.5", "10.0.0.5", true},
    {"[10.0.0.0/8,!10.0.0.5]", "10.0.0.5", false},
    {"[10.0.0.0/8,!10.0.0.5]", "10.0.0.6", true},
    {"[10.0.0.0/8,!10.0.0.5]", "11.0.0.1", false}, /* no positive item matches */
    {"[!10.0.0.5]", "11.0.0.1", true},                /* only negatives */
    {"[!10.0.0.5,!10.0.0.6]", "10.0.0.6", false},
    {"[!10.0.0.5,!10.0.0.6]", "10.0.0.7", true},
    {"[any,!10.0.0.5]", "10.0.0.5", false},
    {"[any,!10.0.0.5]", "8.8.8.8", true},
    /* a negated nested list is a hole with its own exception */
    {"[10.0.0.0/8,![10.1.0.0/16,!10.1.2.0/24]]", "10.1.2.3", true},
    {"[10.0.0.0/8,![10.1.0.0/16,!10.1.2.0/24]]", "10.1.3.3", false},
    {"[10.0.0.0/8,![10.1.0.0/16,!10.1.2.0/24]]", "10.2.0.1", true},
    /* variables */
    {"$HOME_NET", "10.1.1.1", true},
    {"$HOME_NET", "192.168.7.7", true},
    {"$HOME_NET", "8.8.8.8", false},
    {"!$HOME_NET", "8.8.8.8", true},
    {"!$HOME_NET", "10.0.0.1", false},
    {"$EXTERNAL_NET", "8.8.8.8", true},
    {"$EXTERNAL_NET", "192.168.0.1", false},
    {"!$EXTERNAL_NET", "192.168.0.1", true}, /* double negation through a variable */
    {"[$HOME_NET,!10.0.0.5]", "10.0.0.5", false},
    {"[$HOME_NET,!10.0.0.5]", "10.0.0.4", true},
    {"[$HOME_NET,!$DMZ]", "10.1.5.5", false},
    {"[$HOME_NET,!$DMZ]", "10.2.5.5", true},
    {"$NOT_DMZ", "10.1.0.1", false},
    {"$NOT_DMZ", "10.2.0.1", true},
    {"$V6NET", "fe80::1", true},
    {"$V6NET", "10.0.0.1", false},
    {"[$V6NET,$HOME_NET]", "10.0.0.1", true},
    {"$ANY", "::1", true},
};

START_TEST(test_addr_truth)
{
    ck_assert_msg(set_matches(rows[_i].set, rows[_i].ip) == rows[_i].match, "%s vs %s: want %d",
                  rows[_i].set, rows[_i].ip, rows[_i].match);
}
END_TEST

/* ------------------------------------------------------------------------
 * Errors
 * ------------------------------------------------------------------------ */

static const struct {
    const char *set, *err_part;
} bad[] = {
    {"", "missing address"},
    {"1.2.3", "bad address"},
    {"1.2.3.256", "bad address"},
    {"10.0.0.0/33", "bad prefix length"},
    {"10.0.0.0/", "bad prefix length"},
    {"10.0.0.0/255.0.255.0", "bad prefix length"}, /* non-contiguous netmask */
    {"::1/129", "bad prefix length"},
    {"::1/ffff::", "bad prefix length"},
    {"2001:db8:::1", "bad address"},
    {"host.example", "bad address"},
    {"[10.0.0.1", "unterminated address list"},
    {"[10.0.0.1,]", "unexpected ']'"},
    {"[]", "unexpected ']'"},
    {"[10.0.0.1 10.0.0.2]", "unexpected '1' in address list"},
    {"10.0.0.1]", "unexpected ']'"},
    {"10.0.0.1 10.0.0.2", "unexpected '10.0.0.2'"},
    {"!any", "'!any' matches no address"},
    {"[1.2.3.4,!any]", "'!any'"},
    {"$NOPE", "unknown address variable '$NOPE'"},
    {"$", "empty variable name"},
    {"$LOOP_A", "loop through '$LOOP_A'"},
    {"[1.2.3.4,$LOOP_B]", "loop through '$LOOP_B'"},
    {"$SELF", "loop through '$SELF'"},
    {"$UNKNOWN_REF", "unknown address variable '$NOPE'"},
    {"$BAD", "bad address '1.2.3'"},
    {"$TRAILING", "in address variable '$TRAILING'"},
    {"[[[[[[[[[[[[[[[[[1.2.3.4]]]]]]]]]]]]]]]]]", "nested too deep"},
};

START_TEST(test_addr_errors)
{
    struct detect_addr *s = (struct detect_addr *)1;
    char err[256] = "";
    ck_assert_int_eq(detect_addr_parse(bad[_i].set, &cfg, &s, err, sizeof(err)), -1);
    ck_assert_ptr_null(s);
    ck_assert_msg(strstr(err, bad[_i].err_part) != NULL, "'%s': got '%s', want '%s'", bad[_i].set,
                  err, bad[_i].err_part);
}
END_TEST

START_TEST(test_addr_no_vars)
{
    struct detect_addr *s = NULL;
    char err[128];
    ck_assert_int_eq(detect_addr_parse("$HOME_NET", NULL, &s, err, sizeof(err)), -1);
    ck_assert_ptr_nonnull(strstr(err, "unknown address variable"));
    ck_assert_int_eq(detect_addr_parse("10.0.0.0/8", NULL, &s, err, sizeof(err)), 0);
    detect_addr_free(s);
    detect_addr_free(NULL);
}
END_TEST

static Suite *addr_suite(void)
{
    Suite *s = suite_create("detect_addr");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, test_addr_truth, 0, (int)NROWS(rows));
    tcase_add_loop_test(tc, test_addr_errors, 0, (int)NROWS(bad));
    tcase_add_test(tc, test_addr_no_vars);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(addr_suite());
}
