/* check_detect_content.c - Suricata-style content matching: the content
 * value grammar and match (src/detect/detect-content.c), pcre through PCRE2
 * (detect-pcre.c), the sticky buffers (kw-buffer.c, detect-buffer.c) and
 * their rule options (rule-parse-buffer.c) with their errors and columns;
 * then whole rules through the public API (detect_load_buffer,
 * detect_eval / detect_eval_follow) on hand-built follow-ups
 * (app/smb/smb-session.h): multi-valued buffers, absent buffers, the
 * phases. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "app/smb/smb-session.h"
#include "app/smb/smb.h"
#include "detect/detect-content.h"
#include "detect/detect.h"
#include "detect/rule.h"
#include "flow/flow.h"
#include "helpers/run.h"

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))

/* ------------------------------------------------------------------------
 * content: value -> bytes, or the error and its offset
 * ------------------------------------------------------------------------ */

static const struct {
    const char *raw;
    const char *bytes; /* NULL: refused */
    size_t n;
    const char *why;
    size_t off;
} parses[] = {
    {"\"abc\"", "abc", 3, NULL, 0},
    {"\"|41 42|C\"", "ABC", 3, NULL, 0},
    {"\"|4142|\"", "AB", 2, NULL, 0},
    {"\"a| 00 ff |b\"", "a\0\xff" "b", 4, NULL, 0},
    {"\"IPC|24|\"", "IPC$", 4, NULL, 0},
    {"\"a\\\"b\"", "a\"b", 3, NULL, 0},
    {"\"a\\;b\\:c\\\\d\"", "a;b:c\\d", 7, NULL, 0},
    {"\"a;b\"", "a;b", 3, NULL, 0}, /* the rule parser keeps quoted ';' */
    {"\"\"", NULL, 0, "empty content", 0},
    {"\"||\"", NULL, 0, "empty content", 0},
    {"abc", NULL, 0, "quoted string", 0},
    {"\"abc", NULL, 0, "quoted string", 0},
    {"\"a|4\"", NULL, 0, "unterminated |hex| run", 2},
    {"\"a|414|\"", NULL, 0, "odd number of hex digits", 6},
    {"\"a|4g|\"", NULL, 0, "'g' is not a hex digit", 4},
    {"\"a\\nb\"", NULL, 0, "'\\n' is no escape", 2},
    {"\"a\"b\"", NULL, 0, "'\"' inside content", 2},
};

START_TEST(test_content_parse)
{
    struct detect_content c;
    char err[200] = "";
    size_t off = 99;
    int rc = detect_content_parse(parses[_i].raw, strlen(parses[_i].raw), false, &c, err,
                                  sizeof(err), &off);
    if (parses[_i].bytes) {
        ck_assert_msg(rc == 0, "%s refused: %s", parses[_i].raw, err);
        ck_assert_uint_eq(c.len, parses[_i].n);
        ck_assert_mem_eq(c.pat, parses[_i].bytes, parses[_i].n);
        detect_content_deinit(&c);
        return;
    }
    ck_assert_msg(rc == -1, "%s accepted", parses[_i].raw);
    ck_assert_msg(strstr(err, parses[_i].why), "%s: '%s' lacks '%s'", parses[_i].raw, err,
                  parses[_i].why);
    ck_assert_uint_eq(off, parses[_i].off);
    ck_assert_ptr_null(c.pat);
}
END_TEST

/* ------------------------------------------------------------------------
 * content: match truth table
 * ------------------------------------------------------------------------ */

enum { NOCASE = 1, STARTS = 2, ENDS = 4, NEG = 8 };

static const struct {
    const char *pat, *buf;
    int mods;
    bool match;
} cmatches[] = {
    {"adm", "Administrator", 0, false},
    {"adm", "Administrator", NOCASE, true},
    {"Adm", "Administrator", 0, true},
    {"Adm", "Administrator", STARTS, true},
    {"min", "Administrator", STARTS, false},
    {"min", "Administrator", 0, true},
    {"tor", "Administrator", ENDS, true},
    {"TOR", "Administrator", ENDS, false},
    {"TOR", "Administrator", ENDS | NOCASE, true},
    {"Admin", "Administrator", ENDS, false},
    {"Administrator", "Administrator", STARTS | ENDS, true},
    {"Administrato", "Administrator", STARTS | ENDS, false},
    {"administrator", "ADMINISTRATOR", STARTS | ENDS | NOCASE, true},
    {"Administrators", "Administrator", 0, false}, /* longer than the buffer */
    {"Administrators", "Administrator", ENDS, false},
    {"guest", "Administrator", NEG, true},
    {"adm", "Administrator", NEG, true},
    {"Adm", "Administrator", NEG, false},
    {"adm", "Administrator", NEG | NOCASE, false},
    {"tor", "Administrator", NEG | STARTS, true},
    {"tor", "Administrator", NEG | ENDS, false},
    {"[", "a[b", 0, true}, /* bytes, not a pattern language */
};

START_TEST(test_content_match)
{
    struct detect_content c;
    char raw[64], err[200] = "";
    size_t off = 0;
    int m = cmatches[_i].mods;
    snprintf(raw, sizeof(raw), "\"%s\"", cmatches[_i].pat);
    ck_assert_int_eq(detect_content_parse(raw, strlen(raw), m & NEG, &c, err, sizeof(err), &off),
                     0);
    if (m & NOCASE)
        ck_assert_int_eq(detect_content_modifier(&c, "nocase", err, sizeof(err)), 0);
    if (m & STARTS)
        ck_assert_int_eq(detect_content_modifier(&c, "startswith", err, sizeof(err)), 0);
    if (m & ENDS)
        ck_assert_int_eq(detect_content_modifier(&c, "endswith", err, sizeof(err)), 0);
    bool r = detect_content_match(&c, (const uint8_t *)cmatches[_i].buf, strlen(cmatches[_i].buf));
    ck_assert_msg(r == cmatches[_i].match, "content \"%s\" mods %d on \"%s\": got %d",
                  cmatches[_i].pat, m, cmatches[_i].buf, r);
    /* a modifier given twice is refused */
    if (m & NOCASE)
        ck_assert_int_eq(detect_content_modifier(&c, "nocase", err, sizeof(err)), -1);
    detect_content_deinit(&c);
}
END_TEST

/* ------------------------------------------------------------------------
 * pcre: match truth table and compile errors (PCRE2's own messages)
 * ------------------------------------------------------------------------ */

static const struct {
    const char *raw, *buf;
    bool neg, match;
} pmatches[] = {
    {"\"/j(ohn|ane).*doe$/\"", "jane.doe", false, true},
    {"\"/j(ohn|ane).*doe$/\"", "jane.doe2", false, false},
    {"\"/^ADMIN/\"", "administrator", false, false},
    {"\"/^ADMIN/i\"", "administrator", false, true},
    {"\"/admin/A\"", "xadmin", false, false},
    {"\"/admin/\"", "xadmin", false, true},
    {"\"/a.b/\"", "a\nb", false, false},
    {"\"/a.b/s\"", "a\nb", false, true},
    {"\"/^b$/\"", "a\nb", false, false},
    {"\"/^b$/m\"", "a\nb", false, true},
    {"\"/a b/x\"", "ab", false, true},
    {"\"/\\\\IPC\\$$/i\"", "\\\\srv\\ipc$", false, true},
    {"\"/\\\\IPC\\$$/i\"", "\\\\srv\\ipc$", true, false},
    {"\"/\\\\IPC\\$$/i\"", "\\\\srv\\data", true, true},
    {"\"/a/b/\"", "xa/by", false, true}, /* the last '/' ends the regex */
};

START_TEST(test_pcre_match)
{
    char err[200] = "";
    size_t off = 0;
    struct detect_pcre *p = detect_pcre_new(pmatches[_i].raw, strlen(pmatches[_i].raw),
                                            pmatches[_i].neg, err, sizeof(err), &off);
    ck_assert_msg(p != NULL, "%s: %s", pmatches[_i].raw, err);
    bool r = detect_pcre_match(p, (const uint8_t *)pmatches[_i].buf, strlen(pmatches[_i].buf));
    ck_assert_msg(r == pmatches[_i].match, "pcre %s%s on \"%s\": got %d",
                  pmatches[_i].neg ? "!" : "", pmatches[_i].raw, pmatches[_i].buf, r);
    detect_pcre_free(p);
}
END_TEST

static const struct {
    const char *raw, *why;
    size_t off;
} perrs[] = {
    {"\"/a(/\"", "missing closing parenthesis at offset 2", 4},
    {"\"/a[/\"", "missing terminating ] for character class", 4},
    {"\"/*a/\"", "quantifier does not follow a repeatable item at offset 0", 2},
    {"\"/a/R\"", "pcre flag 'R' is not supported", 4},
    {"\"/a/iU\"", "pcre flag 'U' is not supported", 5},
    {"\"a\"", "\"/regex/flags\"", 1},
    {"\"/a\"", "\"/regex/flags\"", 1},
    {"/a/", "quoted", 0},
};

START_TEST(test_pcre_errors)
{
    char err[200] = "";
    size_t off = 99;
    struct detect_pcre *p = detect_pcre_new(perrs[_i].raw, strlen(perrs[_i].raw), false, err,
                                            sizeof(err), &off);
    ck_assert_msg(p == NULL, "%s compiled", perrs[_i].raw);
    ck_assert_msg(strstr(err, perrs[_i].why), "%s: '%s' lacks '%s'", perrs[_i].raw, err,
                  perrs[_i].why);
    ck_assert_uint_eq(off, perrs[_i].off);
}
END_TEST

/* ------------------------------------------------------------------------
 * Rule options: errors with their columns
 * ------------------------------------------------------------------------ */

#define HDR "alert smb any any -> any any ("

static const struct {
    const char *opts;  /* after the header */
    const char *why;   /* NULL: accepted */
    unsigned col;      /* in the whole line */
} rerrs[] = {
    {"smb.ntlmssp_user; content:\"adm\"; nocase; startswith; sid:1;)", NULL, 0},
    {"smb.share; content:!\"IPC|24|\"; pcre:!\"/^x/i\"; sid:1;)", NULL, 0},
    {"smb.netname; content:\"srv\"; endswith; fast_pattern; sid:1;)", NULL, 0},
    {"smb.netname:\"srv\"; sid:1;)", NULL, 0},
    {"smb.share; content:\"a\"; smb.ntlmssp_user; content:\"b\"; smb.share; nocase; sid:1;)",
     NULL, 0},
    {"content:\"x\"; sid:1;)", "content without a sticky buffer", 31},
    {"pcre:\"/x/\"; sid:1;)", "pcre without a sticky buffer", 31},
    {"nocase; sid:1;)", "nocase: no content before it", 31},
    {"smb.share; pcre:\"/x/\"; nocase; sid:1;)", "nocase: no content before it in smb.share",
     54},
    {"smb.share; content:\"x\"; nocase; nocase; sid:1;)", "nocase given twice", 63},
    {"smb.share; content:\"x\"; depth:3; sid:1;)", "content modifier 'depth' is not supported",
     55},
    {"smb.share; content:\"x\"; within; sid:1;)", "content modifier 'within' is not supported",
     55},
    {"smb.share; content:\"x\"; nocase:1; sid:1;)", "content modifier 'nocase' takes no value",
     55},
    {"smb.share; content:\"x\"; casefold; sid:1;)", "unknown keyword 'casefold'", 55},
    {"smb.share; pcre:\"/a(/\"; sid:1;)", "pcre: bad regex: missing closing parenthesis", 51},
    {"smb.share; content:\"a|4\"; sid:1;)", "content: unterminated |hex| run", 52},
    {"smb.share; content:; sid:1;)", "option 'content' needs a value", 42},
    {"smb.share; sid:1;)", "sticky buffer smb.share has no content or pcre after it", 31},
    {"smb.share:\"x\"; sid:1;)", "smb.share is a sticky buffer and takes no value", 31},
    {"smb.share; content:!!\"x\"; sid:1;)", "double negation", 50},
    {"smb.baseline:new-server; smb.share; content:\"x\"; sid:1;)", "cannot share a rule", 56},
    {"smb.ntlmssp_user; content:\"x\"; smb.baseline:new-server; sid:1;)",
     "cannot share a rule", 62},
};

START_TEST(test_rule_options)
{
    static const struct detect_cfg cfg = {NULL, 0, NULL, 0, NULL};
    struct detect_class_table classes;
    struct rule_parse_ctx ctx = {&cfg, &classes, NULL};
    struct rule_error err;
    char line[512];
    ck_assert_int_eq(detect_class_init(&classes), 0);
    snprintf(line, sizeof(line), HDR "%s", rerrs[_i].opts);
    struct rule *r = rule_parse(&ctx, line, &err);
    if (!rerrs[_i].why) {
        ck_assert_msg(r != NULL, "%s: col %u: %s", line, err.col, err.msg);
        rule_free(r);
    } else {
        ck_assert_msg(r == NULL, "%s accepted", line);
        ck_assert_msg(strstr(err.msg, rerrs[_i].why), "%s: '%s' lacks '%s'", line, err.msg,
                      rerrs[_i].why);
        ck_assert_msg(err.col == rerrs[_i].col, "%s: col %u, want %u (%s)", line, err.col,
                      rerrs[_i].col, err.msg);
    }
    detect_class_deinit(&classes);
}
END_TEST

/* ------------------------------------------------------------------------
 * Whole rules on follow-ups
 * ------------------------------------------------------------------------ */

static const char buf_rules[] =
    HDR "smb.ntlmssp_user; content:\"alice\"; sid:1;)\n"
    HDR "smb.ntlmssp_user; content:\"ALICE\"; nocase; endswith; smb.ntlmssp_domain; "
        "content:\"LAB\"; startswith; sid:2;)\n"
    HDR "smb.ntlmssp_user; content:!\"alice\"; sid:3;)\n"
    HDR "smb.ntlmssp_user; content:\"al\"; content:\"ob\"; sid:4;)\n" /* one value has both */
    HDR "smb.share; content:\"data\"; endswith; sid:5;)\n"
    HDR "smb.share; content:\"IPC$\"; sid:6;)\n"
    HDR "smb.share; pcre:\"/^\\\\\\\\10\\.77\\.0\\.2\\\\/\"; sid:7;)\n"
    HDR "smb.netname; content:\"server\"; endswith; sid:8;)\n"
    HDR "smb.ntlmssp_domain; pcre:!\"/^lab$/i\"; sid:9;)\n";

static struct smb_session *sess(struct smb_follow *fo, const char *user, const char *dom)
{
    struct smb_session *s = &fo->sess[fo->n_sessions++];
    s->mech = SMB_MECH_NTLMSSP;
    s->auth = user[0] ? SMB_AUTH_NTLMSSP : SMB_AUTH_ANONYMOUS;
    snprintf(s->ntlmssp_user, sizeof(s->ntlmssp_user), "%s", user);
    snprintf(s->ntlmssp_domain, sizeof(s->ntlmssp_domain), "%s", dom);
    return s;
}

static void tree(struct smb_follow *fo, const char *path, uint8_t type)
{
    struct smb_tree *t = &fo->tree[fo->n_trees++];
    snprintf(t->path, sizeof(t->path), "%s", path);
    t->answered = type != 0;
    t->share_type = type;
}

static const char *eval(struct detect *d, const struct smb_tx *tx, bool follow)
{
    static char out[128];
    struct flow f;
    const struct detect_alert *a;
    memset(&f, 0, sizeof(f));
    f.ip_v = 4;
    size_t n = follow ? detect_eval_follow(d, &f, tx, 0, &a) : detect_eval(d, &f, tx, 0, &a);
    out[0] = '\0';
    for (size_t k = 0; k < n; k++)
        snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%u", k ? "," : "", a[k].sid);
    return out;
}

START_TEST(test_buffers)
{
    struct detect *d = detect_new(NULL);
    struct smb_tx tx;
    struct smb_follow fo;
    ck_assert_ptr_nonnull(d);
    ck_assert_int_eq(detect_load_buffer(d, "t", buf_rules, strlen(buf_rules)), 0);
    memset(&tx, 0, sizeof(tx));
    memset(&fo, 0, sizeof(fo));
    tx.req_version = tx.resp_version = 2;
    tx.resp2.dialect = 0x0311;
    tx.follow = &fo;
    /* no session, no tree: every buffer absent, negated content included */
    ck_assert_str_eq(eval(d, &tx, true), "");
    sess(&fo, "alice", "LAB");
    tree(&fo, "\\\\10.77.0.2\\IPC$", 2); /* a pipe share: in smb.share, unlike Suricata */
    ck_assert_str_eq(eval(d, &tx, true), "1,2,6,7");
    ck_assert_str_eq(eval(d, &tx, false), ""); /* session rules wait for the follow-up */
    tree(&fo, "\\\\10.77.0.2\\data", 1);
    ck_assert_str_eq(eval(d, &tx, true), "1,2,5,6,7");
    /* a second session: bob in another domain; any value may match */
    sess(&fo, "bob", "corp");
    ck_assert_str_eq(eval(d, &tx, true), "1,2,3,5,6,7,9");
    /* "al" and "ob" are in different values: sid 4 needs one value with both */
    fo.n_sessions = 0;
    sess(&fo, "", "");      /* anonymous: empty strings are absent */
    sess(&fo, "alobar", "");
    ck_assert_str_eq(eval(d, &tx, true), "3,4,5,6,7");
    /* a tree connect not answered is in smb.share too */
    fo.n_trees = 0;
    tree(&fo, "\\\\10.77.0.2\\IPC$", 0);
    ck_assert_str_eq(eval(d, &tx, true), "3,4,6,7");
    /* smb.netname is a negotiation buffer: evaluated at the negotiation */
    struct smb2_negctx *c = &tx.req2.ctx.ctx[tx.req2.ctx.n++];
    c->type = SMB2_NETNAME_NEGOTIATE_CONTEXT_ID;
    c->decoded = true;
    snprintf(c->netname, sizeof(c->netname), "fileserver");
    ck_assert_str_eq(eval(d, &tx, false), "8");
    ck_assert_str_eq(eval(d, &tx, true), "3,4,6,7");
    detect_free(d);
}
END_TEST

/* --list-keywords: the content options and the sticky buffers, each with
 * its syntax; smb.netname in both forms. */
static char *listing(int (*one)(const char *, FILE *), const char *name)
{
    static char buf[16384];
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    if (one)
        ck_assert_int_eq(one(name, f), 0);
    else
        detect_list_keywords(f);
    rewind(f);
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

START_TEST(test_list_keywords)
{
    const char *all = listing(NULL, NULL);
    ck_assert_ptr_nonnull(strstr(all, "Content matching (after a sticky buffer):\n  content: "));
    ck_assert_ptr_nonnull(strstr(all, "      pcre:[!]\"/<regex>/<flags>\";\n"));
    ck_assert_ptr_nonnull(strstr(all, "Sticky buffers:\n  smb.ntlmssp_user: "));
    ck_assert_ptr_nonnull(strstr(all, "      smb.share; content:\"<text>\";\n"));
    const char *nn = listing(detect_list_keyword, "smb.netname");
    ck_assert_ptr_nonnull(strstr(nn, "Syntax: smb.netname:\"<name>\"\n"));
    ck_assert_ptr_nonnull(strstr(nn, "Sticky buffer: smb.netname; content:\"<text>\";\n"));
    const char *u = listing(detect_list_keyword, "SMB.NTLMSSP_USER");
    ck_assert_ptr_nonnull(strstr(u, "Type: sticky buffer\n"));
    ck_assert_ptr_nonnull(strstr(u, "evaluated when the follow-up ends"));
    ck_assert_ptr_nonnull(strstr(listing(detect_list_keyword, "nocase"), "Type: content matching"));
}
END_TEST

static Suite *detect_content_suite(void)
{
    Suite *s = suite_create("detect_content");
    TCase *tc = tcase_create("content");
    tcase_add_loop_test(tc, test_content_parse, 0, (int)NROWS(parses));
    tcase_add_loop_test(tc, test_content_match, 0, (int)NROWS(cmatches));
    tcase_add_loop_test(tc, test_pcre_match, 0, (int)NROWS(pmatches));
    tcase_add_loop_test(tc, test_pcre_errors, 0, (int)NROWS(perrs));
    tcase_add_loop_test(tc, test_rule_options, 0, (int)NROWS(rerrs));
    tcase_add_test(tc, test_buffers);
    tcase_add_test(tc, test_list_keywords);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(detect_content_suite());
}
