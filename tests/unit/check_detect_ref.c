/* check_detect_ref.c - unit tests for src/detect/detect-ref.c: reference.config
 * lines ("config reference: system URL", Suricata's format and rules: names
 * case-insensitive, the first definition wins) and what an alert writes for
 * a rule's reference option (Suricata's output-json-alert.c: the system's
 * URL followed by the value; a value with its own scheme as it is). */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "detect/detect-ref.h"
#include "helpers/run.h"
#include "util/file.h"
#include "util/mem.h"

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))

/* ---- reference.config lines: truth table ---- */

struct line_row {
    const char *line;
    int rc;           /* 0 or -1 */
    size_t err_off;   /* on -1 */
    const char *name; /* on 0: a system that must then resolve, or NULL */
    const char *url;
};

static const struct line_row line_rows[] = {
    {"config reference: foo http://foo.example/id=", 0, 0, "foo", "http://foo.example/id="},
    {"  config   reference :  Foo-2_x\thttp://x/  ", 0, 0, "foo-2_x", "http://x/"},
    {"CONFIG REFERENCE: bar https://bar/", 0, 0, "BAR", "https://bar/"},
    {"", 0, 0, NULL, NULL},
    {"   ", 0, 0, NULL, NULL},
    {"# config reference: nope http://", 0, 0, NULL, NULL},
    {"config reference: 9abc http://x/", -1, 18, NULL, NULL},  /* must start with a letter */
    {"config reference: a.b http://x/", -1, 18, NULL, NULL},   /* bad character */
    {"config reference: lonely", -1, 18, NULL, NULL},          /* no URL */
    {"config reference: lonely   ", -1, 0, NULL, NULL},        /* no URL after spaces */
    {"config classification: a,b,1", -1, 0, NULL, NULL},
    {"reference: foo http://", -1, 0, NULL, NULL},
    {"config reference foo http://", -1, 0, NULL, NULL},       /* no colon */
};

START_TEST(test_lines)
{
    const struct line_row *row = &line_rows[_i];
    struct detect_ref_table t = {0};
    char err[256] = "";
    size_t off = 99;
    int rc = detect_ref_load_line(&t, row->line, err, sizeof(err), &off);
    ck_assert_msg(rc == row->rc, "'%s': rc %d (%s)", row->line, rc, err);
    if (rc < 0 && row->err_off)
        ck_assert_uint_eq(off, row->err_off);
    if (rc < 0)
        ck_assert_msg(err[0], "'%s': no reason", row->line);
    if (row->name) {
        const char *u = detect_ref_url(&t, row->name, strlen(row->name));
        ck_assert_ptr_nonnull(u);
        ck_assert_str_eq(u, row->url);
        ck_assert_uint_eq(t.n, 1);
    } else if (rc == 0) {
        ck_assert_uint_eq(t.n, 0);
    }
    detect_ref_deinit(&t);
}
END_TEST

START_TEST(test_first_definition_wins)
{
    struct detect_ref_table t;
    char err[256];
    size_t off;
    ck_assert_int_eq(detect_ref_init(&t), 0);
    ck_assert_int_eq(detect_ref_load_line(&t, "config reference: CVE http://other/", err,
                                          sizeof(err), &off), 0);
    ck_assert_str_eq(detect_ref_url(&t, "cve", 3), "https://cve.mitre.org/cgi-bin/cvename.cgi?name=");
    ck_assert_ptr_null(detect_ref_url(&t, "cv", 2));
    detect_ref_deinit(&t);
}
END_TEST

/* ---- expansion ---- */

struct exp_row {
    const char *ref, *out;
    int unknown;
};

static const struct exp_row exp_rows[] = {
    {"cve,2020-0796", "https://cve.mitre.org/cgi-bin/cvename.cgi?name=2020-0796", 0},
    {"CVE,2017-0144", "https://cve.mitre.org/cgi-bin/cvename.cgi?name=2017-0144", 0},
    {" cve , 2017-0144 ", "https://cve.mitre.org/cgi-bin/cvename.cgi?name=2017-0144", 0},
    {"url,example.com/x", "https://example.com/x", 0},
    {"url,http://example.com/x", "http://example.com/x", 0},   /* the scheme overrides */
    {"cve,https://nvd.nist.gov/vuln/detail/CVE-2020-0796",
     "https://nvd.nist.gov/vuln/detail/CVE-2020-0796", 0},
    {"arachnids,1", "https://www.whitehats.com/info/IDS1", 0},
    {"msft,MS17-010", "https://technet.microsoft.com/security/bulletin/MS17-010", 0},
    {"nosuch,42", "nosuch,42", 1},
};

START_TEST(test_expand)
{
    const struct exp_row *row = &exp_rows[_i];
    struct detect_ref_table t;
    ck_assert_int_eq(detect_ref_init(&t), 0);
    int unknown = -1;
    char *s = detect_ref_expand(&t, row->ref, &unknown);
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s, row->out);
    ck_assert_int_eq(unknown, row->unknown);
    mem_free(s);
    detect_ref_deinit(&t);
}
END_TEST

/* The shipped etc/reference.config and the built-in table are the same
 * list: every line of the file loads into an empty table, and the two
 * tables hold the same systems with the same URLs, in the same order. */
START_TEST(test_shipped_file_is_builtin)
{
    char path[4096];
    size_t len = 0;
    char *buf = NULL;
    ck_assert_int_eq(
        file_read_all(test_src_path(path, sizeof(path), "etc/reference.config"), &buf, &len), 0);
    struct detect_ref_table file = {0}, builtin;
    ck_assert_int_eq(detect_ref_init(&builtin), 0);
    char *save = NULL;
    for (char *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        char err[256];
        size_t off;
        ck_assert_msg(detect_ref_load_line(&file, l, err, sizeof(err), &off) == 0, "%s: %s", l,
                      err);
    }
    ck_assert_uint_eq(file.n, builtin.n);
    for (size_t k = 0; k < file.n; k++) {
        ck_assert_str_eq(file.v[k].name, builtin.v[k].name);
        ck_assert_str_eq(file.v[k].url, builtin.v[k].url);
    }
    detect_ref_deinit(&file);
    detect_ref_deinit(&builtin);
    mem_free(buf);
}
END_TEST

static Suite *detect_ref_suite(void)
{
    Suite *s = suite_create("detect_ref");
    TCase *tc = tcase_create("config");
    tcase_add_loop_test(tc, test_lines, 0, (int)NROWS(line_rows));
    tcase_add_test(tc, test_first_definition_wins);
    tcase_add_test(tc, test_shipped_file_is_builtin);
    suite_add_tcase(s, tc);
    tc = tcase_create("expand");
    tcase_add_loop_test(tc, test_expand, 0, (int)NROWS(exp_rows));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(detect_ref_suite());
}
