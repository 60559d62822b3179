/* check_rule_parse.c - unit tests for src/detect/rule-parse.c (and the line
 * handling of detect_load_buffer in detect.c): every generic option, quoting
 * and escapes, keyword values, and every error kind with its exact column
 * (and line, through the loader's stderr).
 *
 * A stub keyword table stands in for kw-table.c, so these tests do not
 * depend on the SMB keywords. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "detect/detect-addr.h"
#include "detect/detect-port.h"
#include "detect/rule.h"
#include "util/mem.h"
#include "helpers/run.h"

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))

/* ------------------------------------------------------------------------
 * Stub keyword table: test.value (a string; "bad" is refused), test.bare
 * (no value), test.wild (no value, skips wildcard transactions) and
 * test.nonneg (a string without a negated form: no present()).
 * ------------------------------------------------------------------------ */

static int stub_value_setup(const char *value, void **data, char *err, size_t errlen)
{
    if (strcmp(value, "bad") == 0) {
        snprintf(err, errlen, "bad test value");
        return -1;
    }
    *data = mem_strdup(value);
    return *data ? 0 : -1;
}

static int stub_bare_setup(const char *value, void **data, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    ck_assert_str_eq(value, ""); /* a bare keyword gets "" */
    *data = NULL;
    return 0;
}

static bool stub_match(const struct kw_match_ctx *m, const void *data)
{
    (void)m;
    (void)data;
    return true;
}

static bool stub_present(const struct kw_match_ctx *m)
{
    (void)m;
    return true;
}

static const struct kw stub_kws[] = {
    {"test.value", "test.value:<text>", "stub with a value", true, false, stub_value_setup,
     stub_match, mem_free, stub_present, NULL, KW_PHASE_NEGOTIATE},
    {"test.nonneg", "test.nonneg:<text>", "stub that cannot be negated", true, false,
     stub_value_setup, stub_match, mem_free, NULL, NULL, KW_PHASE_NEGOTIATE},
    {"test.bare", "test.bare", "stub without a value", false, false, stub_bare_setup, stub_match,
     NULL, NULL, NULL, KW_PHASE_NEGOTIATE},
    {"test.wild", "test.wild", "stub that skips wildcards", false, true, stub_bare_setup,
     stub_match, NULL, NULL, NULL, KW_PHASE_NEGOTIATE},
};

static const struct kw *const stub_rows[] = {&stub_kws[0], &stub_kws[1], &stub_kws[2],
                                             &stub_kws[3]};
/* Reaches the rule parser through the context's struct detect_cfg. */
static const struct kw_table stub_table = {"smb", stub_rows, NROWS(stub_rows)};

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

static const struct detect_var addr_vars[] = {{"HOME_NET", "[10.0.0.0/8]"}};
static const struct detect_var port_vars[] = {{"SMB_PORTS", "[139,445]"}};
static const struct detect_cfg cfg = {addr_vars, 1, port_vars, 1, &stub_table};
static struct detect_class_table classes;

static void setup_classes(void)
{
    ck_assert_int_eq(detect_class_init(&classes), 0);
}

static void teardown_classes(void)
{
    detect_class_deinit(&classes);
}

static struct rule *parse_ok(const char *line)
{
    struct rule_parse_ctx ctx = {&cfg, &classes, NULL};
    struct rule_error err;
    struct rule *r = rule_parse(&ctx, line, &err);
    ck_assert_msg(r != NULL, "'%s': %u: %s", line, err.col, err.msg);
    return r;
}

#define HDR "alert smb any any -> any any "

/* ------------------------------------------------------------------------
 * Generic options
 * ------------------------------------------------------------------------ */

/* With reference.config, each reference option becomes what the alert
 * writes (Suricata's concatenation of URL and value, in rule order); an
 * unknown system is kept as written and reported. */
START_TEST(test_references_expand)
{
    struct detect_ref_table refs;
    ck_assert_int_eq(detect_ref_init(&refs), 0);
    struct rule_parse_ctx ctx = {&cfg, &classes, &refs};
    struct rule_error err;
    struct rule *r = rule_parse(&ctx, HDR "(sid:1; reference:cve,2017-0144; "
                                          "reference:url,www.example.com/a; "
                                          "reference:acme,77; reference:zz,1;)", &err);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(r->n_refs, 4);
    ck_assert_str_eq(r->refs[0], "https://cve.mitre.org/cgi-bin/cvename.cgi?name=2017-0144");
    ck_assert_str_eq(r->refs[1], "https://www.example.com/a");
    ck_assert_str_eq(r->refs[2], "acme,77");
    ck_assert_str_eq(r->refs[3], "zz,1");
    ck_assert_str_eq(r->ref_unknown, "acme,77");
    rule_free(r);
    r = rule_parse(&ctx, HDR "(sid:1; reference:cve,1;)", &err);
    ck_assert_ptr_null(r->ref_unknown);
    rule_free(r);
    detect_ref_deinit(&refs);
}
END_TEST

START_TEST(test_all_generic_options)
{
    struct rule *r = parse_ok(
        "alert smb $HOME_NET any -> any $SMB_PORTS (msg:\"SMB1 offered\"; gid:3; sid:2100001; "
        "rev:7; classtype:policy-violation; priority:2; metadata:created_at 2024_01_01, "
        "deployment Perimeter; reference:url,example.com/a; flow:to_server,established; "
        "threshold:type limit, track by_src, count 1, seconds 60; metadata:  signature_severity  "
        "Major ;)");
    ck_assert_int_eq(r->action, RULE_ALERT);
    ck_assert_str_eq(r->msg, "SMB1 offered");
    ck_assert_uint_eq(r->gid, 3);
    ck_assert_uint_eq(r->sid, 2100001);
    ck_assert_uint_eq(r->rev, 7);
    ck_assert_int_eq(r->class_idx, detect_class_find(&classes, "policy-violation"));
    ck_assert_uint_eq(r->priority, 2);
    ck_assert_uint_eq(r->n_metadata, 3);
    ck_assert_str_eq(r->metadata[0], "created_at 2024_01_01");
    ck_assert_str_eq(r->metadata[1], "deployment Perimeter");
    ck_assert_str_eq(r->metadata[2], "signature_severity Major");
    ck_assert_uint_eq(r->n_refs, 1);
    ck_assert_str_eq(r->refs[0], "url,example.com/a");
    ck_assert(r->has_threshold);
    ck_assert_int_eq(r->threshold.type, TH_LIMIT);
    ck_assert_int_eq(r->threshold.track, TRACK_BY_SRC);
    ck_assert_uint_eq(r->threshold.count, 1);
    ck_assert_uint_eq(r->threshold.seconds, 60);
    ck_assert(!r->bidir);
    ck_assert_uint_eq(r->n_kws, 0);
    struct ip_addr a = {{10, 1, 2, 3}};
    ck_assert(detect_addr_match(r->src, 4, &a));
    ck_assert(detect_port_match(r->dp, 139));
    ck_assert(!detect_port_match(r->dp, 80));
    rule_free(r);
}
END_TEST

START_TEST(test_defaults)
{
    struct rule *r = parse_ok("pass smb any any <> any any (sid:5;)");
    ck_assert_int_eq(r->action, RULE_PASS);
    ck_assert(r->bidir);
    ck_assert_str_eq(r->msg, "");
    ck_assert_uint_eq(r->gid, 1);
    ck_assert_uint_eq(r->rev, 0);
    ck_assert_uint_eq(r->priority, 0);
    ck_assert_int_eq(r->class_idx, -1);
    ck_assert(!r->has_threshold);
    ck_assert_uint_eq(r->n_metadata + r->n_refs + r->n_kws, 0);
    ck_assert_uint_eq(r->sid_col, 34); /* the '5' */
    rule_free(r);
    rule_free(NULL);
}
END_TEST

START_TEST(test_flow_values)
{
    static const char *const ok[] = {
        "to_server", "to_client", "from_client", "from_server", "established",
        "not_established", "stateless", "no_stream", "only_stream", "TO_SERVER, ESTABLISHED",
        "established,to_server,", "no_frag,only_frag",
    };
    char line[256];
    for (size_t k = 0; k < NROWS(ok); k++) {
        snprintf(line, sizeof(line), HDR "(flow:%s; sid:1;)", ok[k]);
        rule_free(parse_ok(line));
    }
}
END_TEST

START_TEST(test_case_insensitive_names)
{
    struct rule *r = parse_ok(HDR "(MSG:\"x\"; Sid:9; CLASSTYPE:Attempted-Recon; TEST.BARE;)");
    ck_assert_str_eq(r->msg, "x");
    ck_assert_uint_eq(r->sid, 9);
    ck_assert_int_eq(r->class_idx, detect_class_find(&classes, "attempted-recon"));
    ck_assert_uint_eq(r->n_kws, 1);
    rule_free(r);
}
END_TEST

/* ------------------------------------------------------------------------
 * Quoting and keyword values
 * ------------------------------------------------------------------------ */

START_TEST(test_quoting)
{
    struct rule *r = parse_ok(HDR "(msg:\"a;b \\\"q\\\" \\\\ \\; (x)\"; sid:1;)");
    ck_assert_str_eq(r->msg, "a;b \"q\" \\ ; (x)");
    rule_free(r);
    r = parse_ok(HDR "(msg:  unquoted words  ; sid:1;)");
    ck_assert_str_eq(r->msg, "unquoted words");
    rule_free(r);
    r = parse_ok(HDR "(msg:\"\\d stays\"; sid:1;)"); /* other escapes are kept */
    ck_assert_str_eq(r->msg, "\\d stays");
    rule_free(r);
    r = parse_ok(HDR "( msg : \"spaced\" ; sid : 1 ; )");
    ck_assert_str_eq(r->msg, "spaced");
    rule_free(r);
}
END_TEST

START_TEST(test_keyword_values)
{
    struct rule *r = parse_ok(HDR "(test.value:\"quoted; value\"; test.value: any \"a\", \"b;c\" ; "
                                  "test.value:x\\;y; test.bare; test.wild; sid:1;)");
    ck_assert_uint_eq(r->n_kws, 5);
    ck_assert_str_eq(r->kws[0].data, "quoted; value");     /* one quoted string: unquoted */
    ck_assert_str_eq(r->kws[1].data, "any \"a\", \"b;c\""); /* mixed: verbatim, trimmed */
    ck_assert_str_eq(r->kws[2].data, "x\\;y");              /* verbatim */
    ck_assert_ptr_eq(r->kws[3].kw, kw_table_find(&stub_table, "test.bare"));
    ck_assert(r->skip_wildcard);
    rule_free(r);
    r = parse_ok(HDR "(test.bare; sid:1;)");
    ck_assert(!r->skip_wildcard);
    rule_free(r);
}
END_TEST

/* `name:!value` negates the whole match; "!=" is a comparison, a quoted
 * "!x" a value, and generic options take '!' literally. */
START_TEST(test_negation)
{
    struct rule *r = parse_ok(HDR "(test.value:!x; test.value: ! \"a; b\" ; test.value:\"!x\"; "
                                  "test.value:!=x; test.nonneg:y; msg:!m; sid:1;)");
    ck_assert_uint_eq(r->n_kws, 5);
    ck_assert(r->kws[0].neg);
    ck_assert_str_eq(r->kws[0].data, "x");
    ck_assert(r->kws[1].neg);
    ck_assert_str_eq(r->kws[1].data, "a; b"); /* unquoted after the '!' */
    ck_assert(!r->kws[2].neg);
    ck_assert_str_eq(r->kws[2].data, "!x");
    ck_assert(!r->kws[3].neg);
    ck_assert_str_eq(r->kws[3].data, "!=x");
    ck_assert(!r->kws[4].neg);
    ck_assert_str_eq(r->msg, "!m");
    rule_free(r);
}
END_TEST

START_TEST(test_header_forms)
{
    struct rule *r = parse_ok("  alert  smb  [10.0.0.1, 10.0.0.2]  ![139, 445]  ->  "
                              "!$HOME_NET  [1024:,!4445](sid:1;)   ");
    struct ip_addr a = {{10, 0, 0, 2}}, b = {{10, 0, 0, 3}};
    ck_assert(detect_addr_match(r->src, 4, &a));
    ck_assert(!detect_addr_match(r->src, 4, &b));
    ck_assert(!detect_port_match(r->sp, 445));
    ck_assert(detect_port_match(r->sp, 80));
    ck_assert(!detect_addr_match(r->dst, 4, &a));
    ck_assert(detect_port_match(r->dp, 5000));
    ck_assert(!detect_port_match(r->dp, 4445));
    rule_free(r);
}
END_TEST

/* ------------------------------------------------------------------------
 * Errors: exact column and reason
 * ------------------------------------------------------------------------ */

static const struct {
    const char *line;
    unsigned col;
    const char *msg;
} bad[] = {
    /* header */
    {"drop smb any any -> any any (sid:1;)", 1, "bad action 'drop' (alert or pass)"},
    {"alert tcp any any -> any any (sid:1;)", 7, "bad protocol 'tcp' (only smb)"},
    {"alert smb any any <- any any (sid:1;)", 19, "bad direction '<-' (-> or <>)"},
    {"alert smb any any > any any (sid:1;)", 19, "bad direction '>' (-> or <>)"},
    {"alert smb 1.2.3 any -> any any (sid:1;)", 11, "bad address '1.2.3': bad address '1.2.3'"},
    {"alert smb any any -> $NOPE any (sid:1;)", 22,
     "bad address '$NOPE': unknown address variable '$NOPE'"},
    {"alert smb any 99999 -> any any (sid:1;)", 15, "bad port '99999': bad port '99999'"},
    {"alert smb any any -> any !any (sid:1;)", 26,
     "bad port '!any': negated port set matches no port"},
    {"alert smb [1.2.3.4 any -> any any (sid:1;)", 11,
     "bad address '[1.2.3.4 any -> any any (sid:1;)': unexpected 'a' in address list"},
    {"alert smb any any -> any", 25, "missing destination port"},
    {"alert smb any any -> any (sid:1;)", 26, "missing destination port"},
    {"alert", 6, "missing protocol"},
    {"alert smb any any -> any any", 29, "missing option list"},
    {"alert smb any any -> any any foo (sid:1;)", 30, "expected '(' before the options"},
    /* option list */
    {HDR "(msg:\"x\"; sid:1;", 30, "unterminated option list"},
    {HDR "(msg:\"x\"; sid:1)", 30, "unterminated option list"},
    {HDR "(msg:\"x\" sid:1;)", 1, "missing sid"}, /* msg is the verbatim '"x" sid:1' */
    {HDR "(sid:1; test.bare)", 38, "unterminated option list: expected ';' after 'test.bare'"},
    {HDR "(sid:1; test.bare", 30, "unterminated option list: expected ';' after 'test.bare'"},
    {HDR "(msg:\"abc; sid:1;)", 35, "unterminated quote"},
    {HDR "(msg:\"a\\\"; sid:1;)", 35, "unterminated quote"},
    {HDR "(sid:1;) x", 39, "unexpected text after ')'"},
    {HDR "(sid:1;))", 38, "unexpected text after ')'"},
    {HDR "(;sid:1;)", 31, "expected an option name, not ';'"},
    {HDR "(sid:1; :x;)", 38, "expected an option name, not ':'"},
    /* keywords */
    {HDR "(msg:\"x\"; foo:1; sid:1;)", 40, "unknown keyword 'foo'"},
    {HDR "(sid:1; smb.unknown;)", 38, "unknown keyword 'smb.unknown'"},
    {HDR "(test.value:bad; sid:1;)", 42, "test.value: bad test value"},
    {HDR "(test.value:  \"bad\"  ; sid:1;)", 44, "test.value: bad test value"},
    {HDR "(test.value; sid:1;)", 31, "keyword 'test.value' needs a value"},
    {HDR "(test.value: ; sid:1;)", 31, "keyword 'test.value' needs a value"},
    {HDR "(test.bare:1; sid:1;)", 31, "keyword 'test.bare' takes no value"},
    /* negation: a leading '!' of a keyword's value */
    {HDR "(test.value:!; sid:1;)", 42, "'!' with nothing to negate"},
    {HDR "(test.value:!  ; sid:1;)", 42, "'!' with nothing to negate"},
    {HDR "(test.value:!!x; sid:1;)", 42, "double negation: drop both '!'"},
    {HDR "(test.value:! !x; sid:1;)", 42, "double negation: drop both '!'"},
    {HDR "(test.value:!!=x; sid:1;)", 42, "'!' before '!=': write '=' instead"},
    {HDR "(test.value:!bad; sid:1;)", 43, "test.value: bad test value"},
    {HDR "(test.bare:!x; sid:1;)", 31, "'!' cannot negate test.bare: it takes no value"},
    {HDR "(test.nonneg:!x; sid:1;)", 31,
     "'!' cannot negate test.nonneg: it has no negated form"},
    {HDR "(!test.bare; sid:1;)", 31,
     "'!' negates a keyword's value (smb.dialect:!3.1.1), not its name"},
    /* generic options */
    {HDR "(msg:\"x\")", 30, "unterminated option list"},
    {HDR "(msg:\"x\";)", 1, "missing sid"},
    {"   " HDR "(msg:\"x\";)", 4, "missing sid"},
    {HDR "(sid:abc;)", 35, "bad sid 'abc'"},
    {HDR "(sid:0;)", 35, "bad sid '0'"},
    {HDR "(sid:4294967296;)", 35, "bad sid '4294967296'"},
    {HDR "(sid:-1;)", 35, "bad sid '-1'"},
    {HDR "(sid:1; sid:2;)", 38, "duplicate option 'sid'"},
    {HDR "(msg:a; sid:1; msg:b;)", 45, "duplicate option 'msg'"},
    {HDR "(msg; sid:1;)", 31, "option 'msg' needs a value"},
    {HDR "(msg:; sid:1;)", 31, "option 'msg' needs a value"},
    {HDR "(sid:1; rev:x;)", 42, "bad rev 'x'"},
    {HDR "(sid:1; gid:0;)", 42, "bad gid '0'"},
    {HDR "(sid:1; classtype:nope;)", 48, "unknown classtype 'nope'"},
    {HDR "(sid:1; priority:0;)", 47, "bad priority '0' (1-255)"},
    {HDR "(sid:1; priority:256;)", 47, "bad priority '256' (1-255)"},
    {HDR "(sid:1; metadata:key;)", 47, "metadata 'key' is not 'key value'"},
    {HDR "(sid:1; metadata:a b, c;)", 47, "metadata 'c' is not 'key value'"},
    {HDR "(sid:1; reference:nocomma;)", 48, "reference 'nocomma' is not 'type,value'"},
    {HDR "(sid:1; reference:url,;)", 48, "reference 'url,' is not 'type,value'"},
    {HDR "(sid:1; flow:to_server,sideways;)", 43, "unknown flow option 'sideways'"},
    {HDR "(sid:1; threshold:type limit, track by_src, count 1;)", 48,
     "threshold without 'seconds'"},
    {HDR "(sid:1; threshold:type limit, track by_either, count 1, seconds 1;)", 48,
     "track by_either is only for suppress"},
    {HDR "(sid:1; threshold:type limit;threshold:type limit;)", 48,
     "threshold without 'track'"},
};

START_TEST(test_errors)
{
    struct rule_parse_ctx ctx = {&cfg, &classes, NULL};
    struct rule_error err;
    struct rule *r = rule_parse(&ctx, bad[_i].line, &err);
    ck_assert_msg(r == NULL, "'%s' parsed", bad[_i].line);
    ck_assert_msg(strcmp(err.msg, bad[_i].msg) == 0, "'%s': got '%s'", bad[_i].line, err.msg);
    ck_assert_msg(err.col == bad[_i].col, "'%s': col %u, want %u", bad[_i].line, err.col,
                  bad[_i].col);
}
END_TEST

/* ------------------------------------------------------------------------
 * The loader: comments, continuations, line numbers (stderr captured)
 * ------------------------------------------------------------------------ */

/* Run detect_load_buffer on text with stderr captured into out. */
static int load_captured(struct detect *d, const char *text, char *out, size_t n)
{
    fflush(stderr);
    FILE *tmp = tmpfile();
    ck_assert_ptr_nonnull(tmp);
    int saved = dup(2);
    dup2(fileno(tmp), 2);
    int rc = detect_load_buffer(d, "t.rules", text, strlen(text));
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(tmp);
    size_t k = fread(out, 1, n - 1, tmp);
    out[k] = '\0';
    fclose(tmp);
    return rc;
}

START_TEST(test_loader_lines)
{
    struct detect *d = detect_new(&cfg);
    char out[4096];
    const char *text =
        "# a comment\n"
        "\n"
        "   # indented comment\n"
        "alert smb any any -> any any (msg:\"one\"; sid:1;)\n"
        "alert smb any any -> any any (msg:\"two\"; \\\n"
        "    sid:2; \\\n"
        "    bogus:1;)\n"
        "alert smb any any -> any any (msg:\"dup\"; sid:1;)\r\n"
        "alert smb any any -> any any (msg:\"three\"; \\\r\n"
        "  sid:3;)\r\n"
        "pass smb any any -> any any (sid:4; gid:2;)\n"
        "alert smb any any -> any any (sid:4;)\n"
        "alert smb any any -> any any (msg:\"x\"; sid:5;) extra\n"
        "# trailing comment \\\n"
        "alert smb any any -> any any (sid:6;) is swallowed by the comment\n"
        "alert smb any any -> any any (sid:7;)";
    int rc = load_captured(d, text, out, sizeof(out));
    ck_assert_int_eq(rc, 3);
    ck_assert_msg(strstr(out, "t.rules:5:57: error: unknown keyword 'bogus'\n") != NULL, "%s", out);
    ck_assert_msg(strstr(out, "t.rules:8:46: error: duplicate sid 1:1\n") != NULL, "%s", out);
    ck_assert_msg(strstr(out, "t.rules:13:48: error: unexpected text after ')'\n") != NULL, "%s", out);
    ck_assert_uint_eq(detect_stats(d)->rules_loaded, 5); /* 1, 3, 2:4, 1:4, 7 */
    ck_assert_uint_eq(detect_stats(d)->rules_failed, 3);
    detect_free(d);
}
END_TEST

START_TEST(test_loader_continuation_at_eof)
{
    struct detect *d = detect_new(NULL);
    char out[1024];
    ck_assert_int_eq(load_captured(d, "alert smb any any -> any any (sid:1; \\", out, sizeof(out)),
                     1);
    ck_assert_msg(strstr(out, "t.rules:1:30: error: unterminated option list\n") != NULL, "%s", out);
    ck_assert_int_eq(load_captured(d, "alert smb any any \\\n-> any any \\\n\\\n(sid:1;)\n", out,
                                   sizeof(out)), 0);
    ck_assert_uint_eq(detect_stats(d)->rules_loaded, 1);
    ck_assert_int_eq(load_captured(d, "", out, sizeof(out)), 0);
    ck_assert_int_eq(load_captured(d, "\n\n", out, sizeof(out)), 0);
    detect_free(d);
}
END_TEST

START_TEST(test_loader_file)
{
    struct detect *d = detect_new(NULL);
    char path[] = "/tmp/check_rule_parse_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    const char *text = "alert smb any any -> any any (sid:1;)\nalert smb any any -> any any (x;)\n";
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    ck_assert_int_eq(detect_load_file(d, path), 1);
    unlink(path);
    ck_assert_int_eq(detect_load_file(d, path), -1);
    ck_assert_uint_eq(detect_stats(d)->rules_loaded, 1);
    detect_free(d);
}
END_TEST

START_TEST(test_classification_file)
{
    struct detect *d = detect_new(NULL);
    char path[] = "/tmp/check_rule_parse_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    const char *text = "# classes\n"
                       "config classification: smb-downgrade,SMB dialect downgrade, forced,1\n"
                       "config classification: misc-activity,Renamed misc,2\n"
                       "config classification: broken\n"
                       "config classification: bad name,x,1\n"
                       "config classification: x,y,zero\n";
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    char out[1024];
    fflush(stderr);
    FILE *tmp = tmpfile();
    int saved = dup(2);
    dup2(fileno(tmp), 2);
    int rc = detect_load_classification_file(d, path);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(tmp);
    out[fread(out, 1, sizeof(out) - 1, tmp)] = '\0';
    fclose(tmp);
    unlink(path);
    ck_assert_int_eq(rc, 3);
    ck_assert_msg(strstr(out, ":4:1: error: expected 'config classification:") != NULL, "%s", out);
    ck_assert_msg(strstr(out, ":5:24: error: bad classification name 'bad name'") != NULL, "%s", out);
    ck_assert_msg(strstr(out, ":6:28: error: bad classification priority 'zero'") != NULL, "%s", out);
    const char *rules = "alert smb any any -> any any (sid:1; classtype:smb-downgrade;)\n";
    ck_assert_int_eq(detect_load_buffer(d, "r", rules, strlen(rules)), 0);
    detect_free(d);
}
END_TEST

START_TEST(test_class_table)
{
    static const char *const required[] = {
        "not-suspicious", "unknown", "bad-unknown", "attempted-recon",
        "successful-recon-limited", "protocol-command-decode", "misc-activity",
        "policy-violation", "attempted-admin", "attempted-user", "network-scan",
        "web-application-activity", "default-login-attempt", "misc-attack",
        "denial-of-service", "trojan-activity", "unusual-client-port-connection",
        "suspicious-login", "non-standard-protocol", "string-detect", "system-call-detect",
        "shellcode-detect", "successful-admin", "successful-user", "rpc-portmap-decode",
        "suspicious-filename-detect", "tcp-connection", "icmp-event", "kickass-porn",
        "inappropriate-content", "unsuccessful-user", "successful-dos", "attempted-dos",
    };
    for (size_t k = 0; k < NROWS(required); k++)
        ck_assert_msg(detect_class_find(&classes, required[k]) >= 0, "%s", required[k]);
    const struct detect_class *c = detect_class_get(&classes,
                                                    detect_class_find(&classes, "bad-unknown"));
    ck_assert_str_eq(c->desc, "Potentially Bad Traffic");
    ck_assert_uint_eq(c->priority, 2);
    c = detect_class_get(&classes, detect_class_find(&classes, "tcp-connection"));
    ck_assert_str_eq(c->desc, "A TCP connection was detected");
    ck_assert_uint_eq(c->priority, 4);
    c = detect_class_get(&classes, detect_class_find(&classes, "trojan-activity"));
    ck_assert_str_eq(c->desc, "A Network Trojan was detected");
    ck_assert_uint_eq(c->priority, 1);
    ck_assert_ptr_null(detect_class_get(&classes, -1));
    ck_assert_int_eq(detect_class_find(&classes, "nope"), -1);
}
END_TEST

/* ------------------------------------------------------------------------
 * Long lists grow geometrically: a rule with N metadata pairs, references,
 * keywords or list items costs about one allocation per item (its own
 * copy), not two (a realloc of the whole array per item: quadratic copying,
 * 32,000 metadata pairs took 24 s under ASan).  mem_test_fail_nth(0)
 * counts the allocations of one rule_parse.
 * ------------------------------------------------------------------------ */

enum { LONG_N = 4000 };

static const struct {
    const char *name, *head, *sep, *tail;
    unsigned long per_item; /* allocations each item needs of its own */
} long_lists[] = {
    {"metadata", HDR "(sid:1; metadata:", ", ", ";)", 1},
    {"references", HDR "(sid:1; ", "; ", ";)", 3}, /* the option's name and value too */
    {"keywords", HDR "(sid:1; ", "; ", ";)", 1},   /* the option's name */
    {"address list", "alert smb [", ",", "] any -> any any (sid:1;)", 1},
    {"port list", "alert smb any [", ",", "] -> any any (sid:1;)", 1},
};

/* Item i of list kind k. */
static int long_item(int k, int i, char *out, size_t cap)
{
    switch (k) {
    case 0:
        return snprintf(out, cap, "k%d v%d", i, i);
    case 1:
        return snprintf(out, cap, "reference:url,e%d.example/%d", i, i);
    case 2:
        return snprintf(out, cap, "test.bare");
    case 3:
        return snprintf(out, cap, "10.%d.%d.1", i / 250, i % 250);
    default:
        return snprintf(out, cap, "%d", i + 1);
    }
}

/* The rule of list kind k with LONG_N items. */
static char *long_rule(int k)
{
    size_t cap = strlen(long_lists[k].head) + strlen(long_lists[k].tail) + 64 * LONG_N;
    char *s = malloc(cap), *w = s;
    ck_assert_ptr_nonnull(s);
    w += snprintf(w, cap, "%s", long_lists[k].head);
    for (int i = 0; i < LONG_N; i++) {
        w += snprintf(w, cap - (size_t)(w - s), "%s", i ? long_lists[k].sep : "");
        w += long_item(k, i, w, cap - (size_t)(w - s));
    }
    snprintf(w, cap - (size_t)(w - s), "%s", long_lists[k].tail);
    return s;
}

START_TEST(test_long_lists)
{
    char *line = long_rule(_i);
    struct rule_parse_ctx ctx = {&cfg, &classes, NULL};
    struct rule_error err;
    (void)mem_test_fail_nth(0);
    struct rule *r = rule_parse(&ctx, line, &err);
    unsigned long allocs = mem_test_fail_nth(0);
    ck_assert_msg(r != NULL, "%s: %u: %s", long_lists[_i].name, err.col, err.msg);
    unsigned long most = long_lists[_i].per_item * LONG_N + LONG_N / 8; /* by one: + LONG_N */
    ck_assert_msg(allocs <= most, "%s: %lu allocations for %d items (at most %lu)",
                  long_lists[_i].name, allocs, LONG_N, most);
    rule_free(r);
    free(line);
}
END_TEST

static Suite *rule_parse_suite(void)
{
    Suite *s = suite_create("rule_parse");
    TCase *tc = tcase_create("options");
    tcase_add_checked_fixture(tc, setup_classes, teardown_classes);
    tcase_add_test(tc, test_all_generic_options);
    tcase_add_test(tc, test_references_expand);
    tcase_add_test(tc, test_defaults);
    tcase_add_test(tc, test_flow_values);
    tcase_add_test(tc, test_case_insensitive_names);
    tcase_add_test(tc, test_quoting);
    tcase_add_test(tc, test_keyword_values);
    tcase_add_test(tc, test_negation);
    tcase_add_test(tc, test_header_forms);
    tcase_add_test(tc, test_class_table);
    tcase_add_loop_test(tc, test_errors, 0, (int)NROWS(bad));
    tcase_add_loop_test(tc, test_long_lists, 0, (int)NROWS(long_lists));
    suite_add_tcase(s, tc);
    tc = tcase_create("loader");
    tcase_add_test(tc, test_loader_lines);
    tcase_add_test(tc, test_loader_continuation_at_eof);
    tcase_add_test(tc, test_loader_file);
    tcase_add_test(tc, test_classification_file);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(rule_parse_suite());
}
