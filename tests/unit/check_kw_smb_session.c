/* check_kw_smb_session.c - truth tables for the session keywords
 * (src/detect/kw-smb-session-*.c, kw-smb-validate-negotiate.c): their value
 * grammar and their match on hand-built follow-ups (app/smb/smb-session.h),
 * negated forms included.
 *
 * Each row is parsed as a rule (`NAME:VALUE;`, so a leading '!' negates) and
 * evaluated with kw_eval on a 3.0.2 negotiate transaction whose tx->follow
 * is the row's follow-up, as detect.c does when the follow-up ends. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "app/smb/smb-session.h"
#include "app/smb/smb.h"
#include "detect/kw.h"
#include "detect/rule.h"
#include "helpers/run.h"

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))

/* ------------------------------------------------------------------------
 * Follow-ups: each fills a zeroed struct smb_follow
 * ------------------------------------------------------------------------ */

static struct smb_session *sess_add(struct smb_follow *fo, enum smb_auth auth, uint16_t flags)
{
    struct smb_session *s = &fo->sess[fo->n_sessions++];
    s->established = true;
    s->auth = auth;
    s->session_flags = flags;
    s->mech = auth == SMB_AUTH_KERBEROS ? SMB_MECH_KERBEROS : SMB_MECH_NTLMSSP;
    return s;
}

static void tree_add(struct smb_follow *fo, const char *path, uint32_t status, bool answered)
{
    struct smb_tree *t = &fo->tree[fo->n_trees++];
    snprintf(t->path, sizeof(t->path), "%s", path);
    t->status = status;
    t->answered = answered;
}

/* Nothing was followed beyond the negotiation (the flow ended). */
static void fo_empty(struct smb_follow *fo)
{
    fo->end = SMB_FOLLOW_END_FLOW_END;
}

/* NTLMSSP user session, every message signed, a share, validation match. */
static void fo_signed_302(struct smb_follow *fo)
{
    sess_add(fo, SMB_AUTH_NTLMSSP, 0);
    tree_add(fo, "\\\\10.77.0.2\\data", 0, true);
    fo->is_signed = SMB_TRI_YES;
    fo->encrypted = SMB_TRI_NO;
    fo->validate = SMB_VALIDATE_MATCH;
}

/* Guest session (SessionFlags IS_GUEST), unsigned, tree answered, no validation. */
static void fo_guest(struct smb_follow *fo)
{
    sess_add(fo, SMB_AUTH_GUEST, SMB2_SESSION_FLAG_IS_GUEST);
    tree_add(fo, "\\\\10.77.0.2\\public", 0, true);
    fo->is_signed = SMB_TRI_NO;
    fo->encrypted = SMB_TRI_NO;
}

/* Anonymous (IS_NULL) session whose tree connect was refused. */
static void fo_anonymous(struct smb_follow *fo)
{
    sess_add(fo, SMB_AUTH_ANONYMOUS, SMB2_SESSION_FLAG_IS_NULL);
    tree_add(fo, "\\\\10.77.0.2\\IPC$", 0xC0000022u, true); /* STATUS_ACCESS_DENIED */
    fo->is_signed = SMB_TRI_NO;
}

/* Kerberos session that turned encrypted; judged signed (encrypted counts). */
static void fo_encrypted(struct smb_follow *fo)
{
    sess_add(fo, SMB_AUTH_KERBEROS, SMB2_SESSION_FLAG_ENCRYPT_DATA);
    fo->is_signed = SMB_TRI_YES;
    fo->encrypted = SMB_TRI_YES;
    fo->end = SMB_FOLLOW_END_ENCRYPTED;
}

/* A tree connect answered, then the connection turned encrypted (an
 * encrypted share): a validation, if any, is inside transform headers. */
static void fo_tree_then_encrypted(struct smb_follow *fo)
{
    sess_add(fo, SMB_AUTH_NTLMSSP, 0);
    tree_add(fo, "\\\\WS2016\\encrypted", 0, true);
    fo->is_signed = SMB_TRI_YES;
    fo->encrypted = SMB_TRI_YES;
    fo->end = SMB_FOLLOW_END_ENCRYPTED;
}

/* A tampered negotiation: the validation differs in its dialects. */
static void fo_mismatch(struct smb_follow *fo)
{
    sess_add(fo, SMB_AUTH_NTLMSSP, 0);
    tree_add(fo, "\\\\10.77.0.2\\data", 0, true);
    fo->is_signed = SMB_TRI_YES;
    fo->encrypted = SMB_TRI_NO;
    fo->validate = SMB_VALIDATE_MISMATCH;
    fo->validate_diff = SMB_VALIDATE_DIFF_DIALECTS;
}

/* Two sessions on one connection: an anonymous one, then an NTLMSSP one;
 * a tree connect sent but never answered. */
static void fo_two_sessions(struct smb_follow *fo)
{
    sess_add(fo, SMB_AUTH_ANONYMOUS, SMB2_SESSION_FLAG_IS_NULL);
    sess_add(fo, SMB_AUTH_NTLMSSP, 0);
    tree_add(fo, "\\\\10.77.0.2\\data", 0, false);
    fo->is_signed = SMB_TRI_NO;
    fo->encrypted = SMB_TRI_NO;
}

/* A session setup whose mechanism could not be decoded. */
static void fo_unknown_auth(struct smb_follow *fo)
{
    struct smb_session *s = sess_add(fo, SMB_AUTH_UNKNOWN, 0);
    s->mech = SMB_MECH_UNKNOWN;
    s->established = false;
}

/* A logon that failed (STATUS_LOGON_FAILURE): NTLMSSP, never established. */
static void fo_failed_logon(struct smb_follow *fo)
{
    struct smb_session *s = sess_add(fo, SMB_AUTH_NTLMSSP, 0);
    s->established = false;
    s->status = 0xC000006Du;
}

/* ------------------------------------------------------------------------
 * Running one row
 * ------------------------------------------------------------------------ */

/* The rule `NAME:VALUE` on a 3.0.2 negotiation followed by `build` (NULL:
 * tx->follow NULL, as at negotiation time). */
static bool kw_run(const char *name, const char *value, void (*build)(struct smb_follow *))
{
    static const struct detect_cfg cfg = {NULL, 0, NULL, 0, NULL};
    struct detect_class_table classes;
    struct rule_parse_ctx ctx = {&cfg, &classes, NULL};
    struct rule_error err;
    char line[512];
    struct smb_tx tx;
    struct smb_follow fo;
    ck_assert_int_eq(detect_class_init(&classes), 0);
    snprintf(line, sizeof(line), "alert smb any any -> any any (%s:%s; sid:1;)", name, value);
    struct rule *r = rule_parse(&ctx, line, &err);
    ck_assert_msg(r != NULL, "%s: col %u: %s", line, err.col, err.msg);
    ck_assert_uint_eq(r->n_kws, 1);
    ck_assert_int_eq(r->phase, KW_PHASE_FOLLOW);
    memset(&tx, 0, sizeof(tx));
    memset(&fo, 0, sizeof(fo));
    tx.req_version = tx.resp_version = 2;
    tx.resp2.dialect = 0x0302;
    if (build) {
        build(&fo);
        tx.follow = &fo;
    }
    struct kw_match_ctx m = {.tx = &tx, .f = NULL, .bl = NULL};
    bool res = kw_eval(r->kws[0].kw, r->kws[0].data, r->kws[0].neg, &m);
    if (r->kws[0].kw->match(&m, r->kws[0].data)) /* match() implies present() */
        ck_assert_msg(r->kws[0].kw->present(&m), "%s matches where it is not present", line);
    rule_free(r);
    detect_class_deinit(&classes);
    return res;
}

/* ------------------------------------------------------------------------
 * Match truth table
 * ------------------------------------------------------------------------ */

static const struct {
    const char *kw, *value;
    void (*build)(struct smb_follow *);
    const char *fo_name;
    bool match;
} matches[] = {
#define M(k, v, b, r) {k, v, b, #b, r}
    M("smb.session.auth", "ntlmssp", fo_signed_302, true),
    M("smb.session.auth", "NTLMSSP", fo_signed_302, true),
    M("smb.session.auth", "kerberos", fo_signed_302, false),
    M("smb.session.auth", "guest", fo_guest, true),
    M("smb.session.auth", "ntlmssp", fo_guest, false),
    M("smb.session.auth", "anonymous", fo_anonymous, true),
    M("smb.session.auth", "guest,anonymous", fo_anonymous, true),
    M("smb.session.auth", "guest, anonymous", fo_signed_302, false),
    M("smb.session.auth", "kerberos", fo_encrypted, true),
    M("smb.session.auth", "anonymous", fo_two_sessions, true), /* any session */
    M("smb.session.auth", "ntlmssp", fo_two_sessions, true),
    M("smb.session.auth", "kerberos", fo_two_sessions, false),
    M("smb.session.auth", "ntlmssp", fo_unknown_auth, false),
    M("smb.session.auth", "ntlmssp", fo_failed_logon, false), /* established only */
    M("smb.session.auth", "!guest", fo_failed_logon, false),
    M("smb.session.auth", "ntlmssp", fo_empty, false),
    M("smb.session.auth", "ntlmssp", NULL, false),
    M("smb.session.auth", "!guest", fo_signed_302, true),
    M("smb.session.auth", "!guest", fo_guest, false),
    M("smb.session.auth", "!anonymous", fo_two_sessions, false),
    M("smb.session.auth", "!kerberos", fo_two_sessions, true),
    M("smb.session.auth", "!guest,anonymous", fo_encrypted, true),
    M("smb.session.auth", "!ntlmssp", fo_unknown_auth, false), /* not present */
    M("smb.session.auth", "!ntlmssp", fo_empty, false),
    M("smb.session.auth", "!ntlmssp", NULL, false),
    M("smb.session.signed", "yes", fo_signed_302, true),
    M("smb.session.signed", "YES", fo_signed_302, true),
    M("smb.session.signed", "no", fo_signed_302, false),
    M("smb.session.signed", "no", fo_guest, true),
    M("smb.session.signed", "yes", fo_guest, false),
    M("smb.session.signed", "yes", fo_encrypted, true),
    M("smb.session.signed", "no", fo_empty, false),
    M("smb.session.signed", "yes", fo_empty, false),
    M("smb.session.signed", "yes", NULL, false),
    M("smb.session.signed", "!yes", fo_guest, true),
    M("smb.session.signed", "!yes", fo_signed_302, false),
    M("smb.session.signed", "!no", fo_signed_302, true),
    M("smb.session.signed", "!no", fo_empty, false),
    M("smb.session.signed", "!no", NULL, false),
    M("smb.session.encrypted", "yes", fo_encrypted, true),
    M("smb.session.encrypted", "no", fo_encrypted, false),
    M("smb.session.encrypted", "no", fo_signed_302, true),
    M("smb.session.encrypted", "yes", fo_signed_302, false),
    M("smb.session.encrypted", "no", fo_anonymous, false), /* unknown */
    M("smb.session.encrypted", "yes", NULL, false),
    M("smb.session.encrypted", "!yes", fo_signed_302, true),
    M("smb.session.encrypted", "!yes", fo_encrypted, false),
    M("smb.session.encrypted", "!no", fo_encrypted, true),
    M("smb.session.encrypted", "!yes", fo_anonymous, false),
    M("smb.session.encrypted", "!yes", NULL, false),
    M("smb.validate_negotiate", "match", fo_signed_302, true),
    M("smb.validate_negotiate", "mismatch", fo_signed_302, false),
    M("smb.validate_negotiate", "absent", fo_signed_302, false),
    M("smb.validate_negotiate", "mismatch", fo_mismatch, true),
    M("smb.validate_negotiate", "Mismatch", fo_mismatch, true),
    M("smb.validate_negotiate", "match", fo_mismatch, false),
    M("smb.validate_negotiate", "absent", fo_guest, true),      /* tree answered, none sent */
    M("smb.validate_negotiate", "absent", fo_anonymous, false), /* tree refused */
    M("smb.validate_negotiate", "absent", fo_two_sessions, false), /* tree unanswered */
    M("smb.validate_negotiate", "absent", fo_encrypted, false),    /* no tree */
    M("smb.validate_negotiate", "absent", fo_tree_then_encrypted, false), /* unseen */
    M("smb.validate_negotiate", "!absent", fo_tree_then_encrypted, false),
    M("smb.validate_negotiate", "absent", fo_empty, false),
    M("smb.validate_negotiate", "absent", NULL, false),
    M("smb.validate_negotiate", "!match", fo_mismatch, true),
    M("smb.validate_negotiate", "!match", fo_guest, true),
    M("smb.validate_negotiate", "!match", fo_signed_302, false),
    M("smb.validate_negotiate", "!absent", fo_signed_302, true),
    M("smb.validate_negotiate", "!absent", fo_guest, false),
    M("smb.validate_negotiate", "!match", fo_empty, false),
    M("smb.validate_negotiate", "!match", fo_encrypted, false),
    M("smb.validate_negotiate", "!mismatch", NULL, false),
#undef M
};

START_TEST(test_match)
{
    bool r = kw_run(matches[_i].kw, matches[_i].value, matches[_i].build);
    ck_assert_msg(r == matches[_i].match, "%s:%s on %s: got %d, want %d", matches[_i].kw,
                  matches[_i].value, matches[_i].fo_name, r, matches[_i].match);
}
END_TEST

/* Every keyword of the follow-up phase has matching and non-matching rows,
 * negated and not. */
START_TEST(test_match_coverage)
{
    size_t n = 0;
    for (size_t k = 0; k < kw_table_smb.n; k++) {
        const struct kw *kw = kw_table_get(&kw_table_smb, k);
        if (kw->phase != KW_PHASE_FOLLOW)
            continue;
        n++;
        bool seen[2][2] = {{false, false}, {false, false}}; /* [negated][match] */
        for (size_t i = 0; i < NROWS(matches); i++)
            if (strcmp(matches[i].kw, kw->name) == 0)
                seen[matches[i].value[0] == '!'][matches[i].match] = true;
        ck_assert_msg(seen[0][0] && seen[0][1] && seen[1][0] && seen[1][1],
                      "%s lacks a row (plain no/yes %d/%d, negated no/yes %d/%d)", kw->name,
                      seen[0][0], seen[0][1], seen[1][0], seen[1][1]);
    }
    ck_assert_uint_eq(n, 4);
}
END_TEST

/* ------------------------------------------------------------------------
 * Setup truth table: value -> accepted?  A refusal explains itself.
 * ------------------------------------------------------------------------ */

static const struct {
    const char *kw, *value;
    const char *why; /* NULL: accepted */
} setups[] = {
    {"smb.session.auth", "ntlmssp,kerberos,anonymous,guest", NULL},
    {"smb.session.auth", " guest ,  anonymous ", NULL},
    {"smb.session.auth", "null", "unknown authentication (ntlmssp, kerberos, anonymous, guest) 'null'"},
    {"smb.session.auth", "guest,", "empty authentication"},
    {"smb.session.auth", "guest,,ntlmssp", "empty authentication"},
    {"smb.session.auth", "guest,!ntlmssp", "'!' negates the whole value"},
    {"smb.session.auth", "guest ntlmssp", "unknown authentication"},
    {"smb.session.auth", "", "missing authentication"},
    {"smb.session.signed", "yes", NULL},
    {"smb.session.signed", "No", NULL},
    {"smb.session.signed", "true", "unknown yes or no 'true'"},
    {"smb.session.signed", "yes,no", "one yes or no expected"},
    {"smb.session.signed", "", "missing yes or no"},
    {"smb.session.encrypted", "no", NULL},
    {"smb.session.encrypted", "required", "unknown yes or no 'required'"},
    {"smb.validate_negotiate", "absent", NULL},
    {"smb.validate_negotiate", "MISMATCH", NULL},
    {"smb.validate_negotiate", "match,mismatch", "one match, mismatch or absent expected"},
    {"smb.validate_negotiate", "tampered", "unknown match, mismatch or absent 'tampered'"},
};

START_TEST(test_setup)
{
    const struct kw *k = kw_table_find(&kw_table_smb, setups[_i].kw);
    char err[256] = "";
    void *data = NULL;
    ck_assert_ptr_nonnull(k);
    int rc = k->setup(setups[_i].value, &data, err, sizeof(err));
    if (!setups[_i].why) {
        ck_assert_msg(rc == 0, "%s:%s refused: %s", setups[_i].kw, setups[_i].value, err);
        ck_assert_ptr_nonnull(data);
        k->free(data);
        return;
    }
    ck_assert_msg(rc == -1, "%s:%s accepted", setups[_i].kw, setups[_i].value);
    ck_assert_ptr_null(data);
    ck_assert_msg(strstr(err, setups[_i].why) != NULL, "%s:%s: error '%s' lacks '%s'",
                  setups[_i].kw, setups[_i].value, err, setups[_i].why);
}
END_TEST

/* ------------------------------------------------------------------------
 * Runner
 * ------------------------------------------------------------------------ */

static Suite *kw_smb_session_suite(void)
{
    Suite *s = suite_create("kw_smb_session");
    TCase *tc = tcase_create("session");
    tcase_add_loop_test(tc, test_match, 0, (int)NROWS(matches));
    tcase_add_test(tc, test_match_coverage);
    tcase_add_loop_test(tc, test_setup, 0, (int)NROWS(setups));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(kw_smb_session_suite());
}
