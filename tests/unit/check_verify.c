/* check_verify.c - unit tests for src/verify/verify-match.c (dotted paths,
 * JSON-typed comparison, closest-record explanations),
 * src/verify/verify-expect.c (expect.yaml: scalar typing, every key, one-line
 * errors with the line number) and --shard I/N of verify-cases.c. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "verify/verify-int.h"
#include "helpers/run.h"

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))

static const char *const REC =
    "{\"event_type\":\"smb\",\"src_port\":36502,\"partial\":false,\"vlan\":null,"
    "\"smb\":{\"dialect\":\"3.11\",\"client_dialects\":[\"2.02\",\"3.11\"],"
    "\"negotiate\":{\"request\":{\"contexts\":[{\"type\":\"preauth_integrity\"},"
    "{\"type\":\"encryption\",\"ciphers\":[\"AES-128-GCM\"]}]}}},"
    "\"alert\":{\"metadata\":{\"policy\":[\"smb-signing\"]}}}";

/* ------------------------------------------------------------ lookup */

static const struct {
    const char *path;
    const char *want; /* compact JSON of the value, NULL: absent */
} paths[] = {
    {"event_type", "\"smb\""},
    {"smb.dialect", "\"3.11\""},
    {"smb.client_dialects", "[\"2.02\",\"3.11\"]"},
    {"smb.client_dialects.0", "\"2.02\""},
    {"smb.client_dialects.1", "\"3.11\""},
    {"smb.client_dialects.2", NULL},         /* past the end */
    {"smb.negotiate.request.contexts.1.ciphers.0", "\"AES-128-GCM\""},
    {"smb.negotiate.request.contexts.1.type", "\"encryption\""},
    {"smb.negotiate.request.contexts.x", NULL}, /* a name on an array */
    {"smb.dialect.0", NULL},                 /* into a string */
    {"alert.metadata.policy.0", "\"smb-signing\""},
    {"smb.0", NULL},                         /* an index on an object: a key "0" */
    {"smb..dialect", NULL},                  /* empty segment */
    {"", NULL},
    {"smb.client_dialects.-1", NULL},
    {"vlan", "null"},                        /* present, with the value null */
    {"partial", "false"},
};

START_TEST(test_lookup)
{
    json_t *rec = json_loads(REC, 0, NULL);
    ck_assert_ptr_nonnull(rec);
    json_t *v = verify_match_lookup(rec, paths[_i].path);
    if (!paths[_i].want) {
        ck_assert_msg(v == NULL, "%s: expected absent", paths[_i].path);
    } else {
        ck_assert_msg(v != NULL, "%s: absent", paths[_i].path);
        char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        ck_assert_str_eq(s, paths[_i].want);
        free(s);
    }
    json_decref(rec);
}
END_TEST

/* ------------------------------------------------------------ matching */

static struct verify_check check_of(const char *match, const char *absent)
{
    struct verify_check c = {1, 1, -1, -1, json_loads(match, 0, NULL),
                             json_loads(absent ? absent : "[]", 0, NULL)};
    ck_assert_ptr_nonnull(c.match);
    ck_assert_ptr_nonnull(c.not_present);
    return c;
}

static const struct {
    const char *match, *absent;
    bool want;
    size_t score;
} matches[] = {
    {"{\"event_type\":\"smb\"}", NULL, true, 1},
    {"{\"src_port\":36502}", NULL, true, 1},
    {"{\"src_port\":36502.0}", NULL, true, 1},     /* 1.0 equals 1 */
    {"{\"src_port\":\"36502\"}", NULL, false, 0},  /* string is not integer */
    {"{\"smb.dialect\":3.11}", NULL, false, 0},    /* number is not string */
    {"{\"partial\":false}", NULL, true, 1},
    {"{\"partial\":0}", NULL, false, 0},           /* boolean is not integer */
    {"{\"vlan\":null}", NULL, true, 1},
    {"{\"smb.client_dialects\":[\"2.02\",\"3.11\"]}", NULL, true, 1},
    {"{\"smb.client_dialects\":[\"3.11\",\"2.02\"]}", NULL, false, 0}, /* order counts */
    {"{\"smb.client_dialects\":[\"2.02\"]}", NULL, false, 0},          /* and length */
    {"{\"smb.negotiate.request.contexts.1\":{\"ciphers\":[\"AES-128-GCM\"],"
     "\"type\":\"encryption\"}}", NULL, true, 1},  /* objects: any key order */
    {"{\"event_type\":\"smb\",\"smb.dialect\":\"3.00\"}", NULL, false, 1},
    {"{\"event_type\":\"smb\"}", "[\"smb.server_guid\"]", true, 2},
    {"{\"event_type\":\"smb\"}", "[\"smb.dialect\",\"x\"]", false, 2},
    {"{}", NULL, true, 0},                          /* every record */
};

START_TEST(test_match)
{
    json_t *rec = json_loads(REC, 0, NULL);
    struct verify_check c = check_of(matches[_i].match, matches[_i].absent);
    ck_assert_int_eq(verify_match_record(rec, &c), matches[_i].want);
    ck_assert_uint_eq(verify_match_score(rec, &c), matches[_i].score);
    json_decref(c.match);
    json_decref(c.not_present);
    json_decref(rec);
}
END_TEST

START_TEST(test_explain)
{
    json_t *rec = json_loads(REC, 0, NULL);
    struct verify_check c = check_of("{\"event_type\":\"smb\",\"smb.dialect\":3.11,"
                                     "\"src_port\":445,\"smb.server_guid\":\"x\"}",
                                     "[\"smb.client_dialects\",\"smb.nothing\"]");
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    verify_match_explain(out, rec, &c);
    fclose(out);
    ck_assert_str_eq(buf, "    smb.dialect: expected 3.11, got \"3.11\" (string, not number)\n"
                          "    src_port: expected 445, got 36502\n"
                          "    smb.server_guid: expected \"x\", got nothing (key absent)\n"
                          "    smb.client_dialects: expected not present, got "
                          "[\"2.02\",\"3.11\"]\n");
    ck_assert_uint_eq(verify_match_nkeys(&c), 6);
    ck_assert_uint_eq(verify_match_score(rec, &c), 2);
    free(buf);
    json_decref(c.match);
    json_decref(c.not_present);
    json_decref(rec);
}
END_TEST

/* ------------------------------------------------------------ expect.yaml */

static int load_text(const char *text, struct verify_expect *x, char *err, size_t cap)
{
    char path[] = "/tmp/check_verify.XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (int)strlen(text));
    close(fd);
    int rc = verify_expect_load(x, path, "case/expect.yaml", err, cap);
    unlink(path);
    return rc;
}

START_TEST(test_expect_full)
{
    struct verify_expect x;
    char err[256] = "";
    int rc = load_text("description: all keys\n"
                       "captures: [a.pcap, \"${SHARED}/b.pcap\"]\n"
                       "args: -j 2 --set smb.ports=[445]\n"
                       "exit: 3\n"
                       "stderr: cannot open\n"
                       "rules: [../../rules/local.rules, \"${SHARED}/x.rules\"]\n"
                       "stderr-not-contains: [error, \"warning: \"]\n"
                       "checks:\n"
                       "  - filter:\n"
                       "      count: 2\n"
                       "      match:\n"
                       "        a: 42\n"
                       "        b: -7\n"
                       "        c: 3.11\n"
                       "        d: \"3.11\"\n"
                       "        e: 0x0311\n"
                       "        f: true\n"
                       "        g: ~\n"
                       "        h: yes\n"
                       "        i: [x, 1, [false]]\n"
                       "        j: {k: v}\n"
                       "        l: '42'\n"
                       "  - filter: {min: 1, max: 5, not-present: smb.dialect}\n",
                       &x, err, sizeof(err));
    ck_assert_msg(rc == 0, "%s", err);
    ck_assert_int_eq(x.exit_code, 3);
    ck_assert_uint_eq(json_array_size(x.captures), 2);
    ck_assert_str_eq(json_string_value(json_array_get(x.captures, 1)), "${SHARED}/b.pcap");
    ck_assert_uint_eq(json_array_size(x.args), 4);
    ck_assert_str_eq(json_string_value(json_array_get(x.args, 3)), "smb.ports=[445]");
    ck_assert_str_eq(json_string_value(json_array_get(x.stderr_subs, 0)), "cannot open");
    ck_assert_uint_eq(x.n_checks, 2);
    ck_assert_uint_eq(json_array_size(x.rules), 2);
    ck_assert_str_eq(json_string_value(json_array_get(x.rules, 0)), "../../rules/local.rules");
    ck_assert_str_eq(json_string_value(json_array_get(x.rules, 1)), "${SHARED}/x.rules");
    ck_assert_uint_eq(json_array_size(x.stderr_absent), 2);
    ck_assert_str_eq(json_string_value(json_array_get(x.stderr_absent, 1)), "warning: ");
    ck_assert_int_eq(x.checks[0].line, 9);
    ck_assert_int_eq(x.checks[0].count, 2);
    ck_assert_int_eq(x.checks[0].min, -1);
    char *m = json_dumps(x.checks[0].match, JSON_COMPACT | JSON_REAL_PRECISION(6));
    ck_assert_str_eq(m, "{\"a\":42,\"b\":-7,\"c\":3.11,\"d\":\"3.11\",\"e\":\"0x0311\","
                        "\"f\":true,\"g\":null,\"h\":\"yes\",\"i\":[\"x\",1,[false]],"
                        "\"j\":{\"k\":\"v\"},\"l\":\"42\"}");
    free(m);
    ck_assert_int_eq(x.checks[1].line, 23);
    ck_assert_int_eq(x.checks[1].min, 1);
    ck_assert_int_eq(x.checks[1].max, 5);
    ck_assert_int_eq(x.checks[1].count, -1);
    ck_assert_str_eq(json_string_value(json_array_get(x.checks[1].not_present, 0)), "smb.dialect");
    ck_assert_uint_eq(json_object_size(x.checks[1].match), 0);
    verify_expect_deinit(&x);
}
END_TEST

static const struct {
    const char *text, *err;
} bad[] = {
    {"checks: []\nchekcs: []\n",
     "case/expect.yaml:2: unknown key 'chekcs' (captures, rules, args, exit, stderr, "
     "stderr-not-contains, checks, description)"},
    {"rules: {a: b}\n", "case/expect.yaml:1: rules: expected a string or a list of strings"},
    {"stderr-not-contains: [[a]]\n",
     "case/expect.yaml:1: stderr-not-contains: every item must be a string"},
    {"checks:\n  - filter:\n      match: {a: 1}\n", "case/expect.yaml:2: filter: needs count, min or max"},
    {"checks:\n  - filter:\n      count: -1\n",
     "case/expect.yaml:3: count: expected an integer from 0 to 1099511627776, got '-1'"},
    {"checks:\n  - filter:\n      count: 1\n      mtach: {}\n",
     "case/expect.yaml:4: filter: unknown key 'mtach' (count, min, max, match, not-present)"},
    {"checks:\n  - shell: {args: true}\n",
     "case/expect.yaml:2: checks: unsupported check type 'shell' (only 'filter')"},
    {"checks:\n  - filter: {count: 1}\n    extra: 1\n",
     "case/expect.yaml:2: checks: each entry must be a mapping with one key, 'filter'"},
    {"checks: {}\n", "case/expect.yaml:1: checks: expected a list of '- filter:' entries"},
    {"checks:\n  - filter: {count: 1, match: [a]}\n",
     "case/expect.yaml:2: match: expected a mapping of dotted keys to values"},
    {"exit: 256\n", "case/expect.yaml:1: exit: expected an integer from 0 to 255, got '256'"},
    {"captures: {a: b}\n", "case/expect.yaml:1: captures: expected a string or a list of strings"},
    {"stderr: [[a]]\n", "case/expect.yaml:1: stderr: every item must be a string"},
    {"checks: [\n", "case/expect.yaml:2: did not find expected node content"},
    {"- a\n", "case/expect.yaml:1: expected a mapping with 'checks:' at the top"},
    {"", "case/expect.yaml:1: expected a mapping with 'checks:' at the top"},
};

START_TEST(test_expect_errors)
{
    struct verify_expect x;
    char err[256] = "";
    ck_assert_int_eq(load_text(bad[_i].text, &x, err, sizeof(err)), -1);
    ck_assert_str_eq(err, bad[_i].err);
}
END_TEST

/* ------------------------------------------------------------ --shard */

static const struct {
    const char *text;
    int rc;
    unsigned i, n;
} shards[] = {
    {"1/1", 0, 1, 1}, {"1/3", 0, 1, 3}, {"3/3", 0, 3, 3}, {"12/40", 0, 12, 40},
    {"1000000/1000000", 0, 1000000, 1000000},
    {"0/3", -1, 0, 0}, {"4/3", -1, 0, 0}, {"1/0", -1, 0, 0}, {"3", -1, 0, 0},
    {"1/", -1, 0, 0}, {"/3", -1, 0, 0}, {"a/b", -1, 0, 0}, {"1/3x", -1, 0, 0},
    {"-1/3", -1, 0, 0}, {"1/-3", -1, 0, 0}, {" 1/3", -1, 0, 0}, {"1/ 3", -1, 0, 0},
    {"1/1000001", -1, 0, 0}, {"", -1, 0, 0},
};

START_TEST(test_shard_parse)
{
    unsigned i = 0, n = 0;
    ck_assert_msg(verify_shard_parse(shards[_i].text, &i, &n) == shards[_i].rc, "'%s'",
                  shards[_i].text);
    if (shards[_i].rc == 0) {
        ck_assert_uint_eq(i, shards[_i].i);
        ck_assert_uint_eq(n, shards[_i].n);
    }
}
END_TEST

static Suite *verify_suite(void)
{
    Suite *s = suite_create("verify");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, test_lookup, 0, (int)NROWS(paths));
    tcase_add_loop_test(tc, test_match, 0, (int)NROWS(matches));
    tcase_add_test(tc, test_explain);
    tcase_add_test(tc, test_expect_full);
    tcase_add_loop_test(tc, test_expect_errors, 0, (int)NROWS(bad));
    tcase_add_loop_test(tc, test_shard_parse, 0, (int)NROWS(shards));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(verify_suite());
}
