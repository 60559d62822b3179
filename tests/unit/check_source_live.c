/* check_source_live.c - unit tests for src/source/source-live.c: the BPF
 * filter capture.bpf-filter stands for.  (Capturing itself is tested for
 * real by tests/live/run-live-test.sh.) */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "source/source-live.h"
#include "helpers/run.h"

static void filter_of(struct config *c, char *out, size_t cap)
{
    ck_assert_int_eq(source_live_filter(c, out, cap), 0);
}

START_TEST(test_filter_auto_any_port)
{
    struct config c;
    char f[CONFIG_ITEM_MAX * 2];
    config_defaults(&c);
    ck_assert_str_eq(c.capture_bpf, "auto");
    ck_assert(c.smb_any_port);
    filter_of(&c, f, sizeof(f));
    ck_assert_str_eq(f, "tcp or (vlan and (tcp))");
}
END_TEST

START_TEST(test_filter_auto_smb_ports)
{
    struct config c;
    char f[CONFIG_ITEM_MAX * 2];
    config_defaults(&c);
    ck_assert_int_eq(config_set(&c, "smb.detect-any-port=no"), 0);
    filter_of(&c, f, sizeof(f));
    ck_assert_str_eq(f, "tcp port 445 or tcp port 139 or "
                        "(vlan and (tcp port 445 or tcp port 139))");
    ck_assert_int_eq(config_set(&c, "smb.ports=[4445]"), 0);
    filter_of(&c, f, sizeof(f));
    ck_assert_str_eq(f, "tcp port 4445 or (vlan and (tcp port 4445))");
}
END_TEST

START_TEST(test_filter_explicit_and_empty)
{
    struct config c;
    char f[CONFIG_ITEM_MAX * 2];
    config_defaults(&c);
    ck_assert_int_eq(config_set(&c, "capture.bpf-filter=host 10.0.0.1 and tcp"), 0);
    filter_of(&c, f, sizeof(f));
    ck_assert_str_eq(f, "host 10.0.0.1 and tcp");
    ck_assert_int_eq(config_set(&c, "capture.bpf-filter="), 0);
    filter_of(&c, f, sizeof(f));
    ck_assert_str_eq(f, "");
}
END_TEST

START_TEST(test_filter_no_room)
{
    struct config c;
    char f[8];
    config_defaults(&c);
    ck_assert_int_eq(source_live_filter(&c, f, sizeof(f)), -1);
    ck_assert_int_eq(source_live_filter(&c, f, 0), -1);
    /* the longest derived filter: CONFIG_MAX_PORTS five-digit ports */
    char big[CONFIG_ITEM_MAX * 2 + 64];
    ck_assert_int_eq(config_set(&c, "smb.detect-any-port=no"), 0);
    ck_assert_int_eq(config_set(&c, "smb.ports=[10001,10002,10003,10004,10005,10006,10007,"
                                    "10008,10009,10010,10011,10012,10013,10014,10015,10016]"),
                     0);
    ck_assert_int_eq(source_live_filter(&c, big, sizeof(big)), 0);
    ck_assert_ptr_nonnull(strstr(big, "tcp port 10016))"));
}
END_TEST

static Suite *source_live_suite(void)
{
    Suite *s = suite_create("source_live");
    TCase *tc = tcase_create("filter");
    tcase_add_test(tc, test_filter_auto_any_port);
    tcase_add_test(tc, test_filter_auto_smb_ports);
    tcase_add_test(tc, test_filter_explicit_and_empty);
    tcase_add_test(tc, test_filter_no_room);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(source_live_suite());
}
