/* check_detect.c - end-to-end tests for src/detect/detect.c: rules loaded
 * from text and evaluated on hand-built flows and transactions.  Header
 * direction (`->` vs `<>`, client/server sides), pass rules, the wildcard
 * skip, alert fields and order, thresholds and suppressions through the
 * public API, the alert summary and --list-keywords.
 *
 * A stub keyword table, handed to detect_new in struct detect_cfg, stands in for kw-table.c: test.dialect:<hex>
 * (chosen SMB2 dialect), test.offered (bare; skips wildcard responses) and
 * test.never (bare; never matches). */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "app/smb/smb-session.h"
#include "app/smb/smb.h"
#include "detect/detect.h"
#include "detect/kw.h"
#include "flow/flow.h"
#include "util/mem.h"
#include "helpers/run.h"

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))

/* ------------------------------------------------------------------------
 * Stub keywords
 * ------------------------------------------------------------------------ */

static int stub_dialect_setup(const char *value, void **data, char *err, size_t errlen)
{
    char *end = NULL;
    unsigned long v = strtoul(value, &end, 16);
    uint16_t *d;
    if (!*value || *end || v > 0xFFFF) {
        snprintf(err, errlen, "bad dialect '%s'", value);
        return -1;
    }
    if (!(d = mem_alloc(sizeof(*d))))
        return -1;
    *d = (uint16_t)v;
    *data = d;
    return 0;
}

static bool stub_dialect_match(const struct kw_match_ctx *m, const void *data)
{
    return smb_tx_chosen_dialect(m->tx) == *(const uint16_t *)data;
}

static bool stub_dialect_present(const struct kw_match_ctx *m)
{
    return smb_tx_chosen_dialect(m->tx) != 0;
}

static int stub_bare_setup(const char *value, void **data, char *err, size_t errlen)
{
    (void)value, (void)err, (void)errlen;
    *data = NULL;
    return 0;
}

static bool stub_offered_match(const struct kw_match_ctx *m, const void *data)
{
    (void)data;
    return m->tx->n_offered > 0;
}

static bool stub_never_match(const struct kw_match_ctx *m, const void *data)
{
    (void)m, (void)data;
    return false;
}

/* A session keyword: some session was followed. */
static bool stub_session_match(const struct kw_match_ctx *m, const void *data)
{
    (void)data;
    return m->tx->follow && m->tx->follow->n_sessions > 0;
}

static const struct baseline_finding *stub_evidence(const struct kw_match_ctx *m, const void *d)
{
    (void)m, (void)d;
    return NULL;
}

static const struct kw stub_kws[] = {
    {"test.dialect", "test.dialect:<hex>", "chosen dialect", true, false, stub_dialect_setup,
     stub_dialect_match, mem_free, stub_dialect_present, NULL, KW_PHASE_NEGOTIATE},
    {"test.offered", "test.offered", "something was offered", false, true, stub_bare_setup,
     stub_offered_match, NULL, NULL, NULL, KW_PHASE_NEGOTIATE},
    {"test.never", "test.never", "never matches", false, false, stub_bare_setup,
     stub_never_match, NULL, NULL, NULL, KW_PHASE_NEGOTIATE},
    {"test.session", "test.session", "a session was followed", false, false, stub_bare_setup,
     stub_session_match, NULL, NULL, NULL, KW_PHASE_FOLLOW},
    {"test.evidence", "test.evidence", "gives evidence", false, false, stub_bare_setup,
     stub_offered_match, NULL, NULL, stub_evidence, KW_PHASE_NEGOTIATE},
};

static const struct kw *const stub_rows[] = {&stub_kws[0], &stub_kws[1], &stub_kws[2],
                                             &stub_kws[3], &stub_kws[4]};
/* Reaches the rule parser through struct detect_cfg (detect_keywords). */
static const struct kw_table stub_table = {"smb", stub_rows, NROWS(stub_rows)};
static const struct detect_cfg stub_cfg = {.keywords = &stub_table};

/* ------------------------------------------------------------------------
 * Fixtures: client 10.0.0.1:50000, server 192.168.1.1:445
 * ------------------------------------------------------------------------ */

/* The flow with the client on side `client_side`. */
static struct flow make_flow(int client_side)
{
    struct flow f;
    memset(&f, 0, sizeof(f));
    f.ip_v = 4;
    f.client_side = (uint8_t)client_side;
    f.flow_id = 42;
    struct ip_addr cli = {{10, 0, 0, 1}}, srv = {{192, 168, 1, 1}};
    f.side_addr[client_side] = cli;
    f.side_port[client_side] = 50000;
    f.side_addr[1 - client_side] = srv;
    f.side_port[1 - client_side] = 445;
    return f;
}

static struct flow make_flow6(void)
{
    struct flow f;
    memset(&f, 0, sizeof(f));
    f.ip_v = 6;
    f.client_side = 0;
    f.side_addr[0].b[0] = 0x20, f.side_addr[0].b[1] = 0x01, f.side_addr[0].b[15] = 1;
    f.side_addr[1].b[0] = 0xfe, f.side_addr[1].b[1] = 0x80, f.side_addr[1].b[15] = 2;
    f.side_port[0] = 50000;
    f.side_port[1] = 445;
    return f;
}

/* An SMB2 negotiate that chose `dialect` (0x02FF: the wildcard). */
static struct smb_tx make_tx(uint16_t dialect)
{
    struct smb_tx tx;
    memset(&tx, 0, sizeof(tx));
    tx.id = 1;
    tx.req_version = 2;
    tx.resp_version = 2;
    tx.resp2.dialect = dialect;
    tx.n_offered = 2;
    tx.offered[0] = 0x0202;
    tx.offered[1] = 0x0311;
    return tx;
}

static struct detect *load(const char *rules)
{
    static const struct detect_var av[] = {{"HOME_NET", "10.0.0.0/8"}, {"SERVERS", "192.168.1.0/24"}};
    static const struct detect_var pv[] = {{"SMB_PORTS", "[139,445]"}};
    struct detect_cfg cfg = {av, NROWS(av), pv, NROWS(pv), &stub_table};
    struct detect *d = detect_new(&cfg);
    ck_assert_ptr_nonnull(d);
    ck_assert_int_eq(detect_load_buffer(d, "test", rules, strlen(rules)), 0);
    return d;
}

/* Evaluate and return the sids that alerted, in order, as "1,2,3". */
static const char *eval_sids(struct detect *d, const struct flow *f, const struct smb_tx *tx,
                             int64_t now)
{
    static char buf[256];
    const struct detect_alert *a = NULL;
    size_t n = detect_eval(d, f, tx, now, &a);
    buf[0] = '\0';
    for (size_t k = 0; k < n; k++)
        snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%u", k ? "," : "", a[k].sid);
    return buf;
}

/* The same in the follow-up phase. */
static const char *eval_follow_sids(struct detect *d, const struct flow *f,
                                    const struct smb_tx *tx, int64_t now)
{
    static char buf[256];
    const struct detect_alert *a = NULL;
    size_t n = detect_eval_follow(d, f, tx, now, &a);
    buf[0] = '\0';
    for (size_t k = 0; k < n; k++)
        snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%u", k ? "," : "", a[k].sid);
    return buf;
}

/* ------------------------------------------------------------------------
 * Tests
 * ------------------------------------------------------------------------ */

START_TEST(test_alert_fields)
{
    struct detect *d = load(
        "alert smb any any -> any any (msg:\"chose 3.1.1\"; test.dialect:0311; gid:1; sid:10; "
        "rev:2; classtype:policy-violation; metadata:a b, c d;)\n"
        "alert smb any any -> any any (msg:\"prio\"; test.dialect:0311; sid:11; "
        "classtype:policy-violation; priority:3;)\n"
        "alert smb any any -> any any (test.dialect:0311; sid:12;)\n"
        "alert smb any any -> any any (test.dialect:0302; sid:13;)\n");
    struct flow f = make_flow(0);
    struct smb_tx tx = make_tx(0x0311);
    const struct detect_alert *a = NULL;
    ck_assert_uint_eq(detect_eval(d, &f, &tx, 0, &a), 3);
    ck_assert_uint_eq(a[0].gid, 1);
    ck_assert_uint_eq(a[0].sid, 10);
    ck_assert_uint_eq(a[0].rev, 2);
    ck_assert_str_eq(a[0].msg, "chose 3.1.1");
    ck_assert_str_eq(a[0].category, "Potential Corporate Privacy Violation");
    ck_assert_uint_eq(a[0].severity, 1); /* the classtype's */
    ck_assert_int_eq(a[0].action, RULE_ALERT);
    ck_assert_uint_eq(a[0].n_metadata, 2);
    ck_assert_str_eq(a[0].metadata[0], "a b");
    ck_assert_str_eq(a[0].metadata[1], "c d");
    ck_assert_uint_eq(a[1].severity, 3); /* the rule's priority wins */
    ck_assert_str_eq(a[2].msg, "");
    ck_assert_str_eq(a[2].category, "");
    ck_assert_uint_eq(a[2].severity, 3); /* neither */
    ck_assert_uint_eq(a[2].n_metadata, 0);
    ck_assert_uint_eq(detect_stats(d)->alerts, 3);
    ck_assert_uint_eq(detect_stats(d)->rules_loaded, 4);
    detect_free(d);
}
END_TEST

/* Header rows: which rules match the client->server tx, for either side
 * order of the flow. */
static const struct {
    const char *header;
    bool match;
} headers[] = {
    {"10.0.0.1 any -> 192.168.1.1 445", true},
    {"10.0.0.1 50000 -> 192.168.1.1 445", true},
    {"$HOME_NET any -> $SERVERS $SMB_PORTS", true},
    {"any any -> any 445", true},
    {"any any -> any 139", false},
    {"any 445 -> any any", false},               /* the client's port is 50000 */
    {"192.168.1.1 445 -> 10.0.0.1 any", false},  /* reversed with -> */
    {"192.168.1.1 445 <> 10.0.0.1 any", true},   /* reversed with <> */
    {"10.0.0.1 any <> 192.168.1.1 445", true},
    {"192.168.1.1 any <> 192.168.1.1 any", false},
    {"!$HOME_NET any -> any any", false},
    {"any any -> !$HOME_NET any", true},
    {"any any <> 10.0.0.0/8 any", true},
    {"10.0.0.2 any <> any any", false},
    {"[10.0.0.0/8,!10.0.0.1] any -> any any", false},
    {"any [1024:,!50000] -> any any", false},
    {"any 1024: -> any :1023", true},
};

START_TEST(test_header_direction)
{
    char rule[256];
    snprintf(rule, sizeof(rule), "alert smb %s (sid:1;)\n", headers[_i].header);
    struct detect *d = load(rule);
    struct smb_tx tx = make_tx(0x0311);
    for (int side = 0; side < 2; side++) {
        struct flow f = make_flow(side);
        const struct detect_alert *a = NULL;
        ck_assert_msg((detect_eval(d, &f, &tx, 0, &a) == 1) == headers[_i].match,
                      "%s (client side %d)", headers[_i].header, side);
    }
    detect_free(d);
}
END_TEST

START_TEST(test_ipv6_header)
{
    struct detect *d = load("alert smb 2001::/16 any -> fe80::/10 445 (sid:1;)\n"
                            "alert smb 10.0.0.0/8 any <> any any (sid:2;)\n"
                            "alert smb fe80::/10 any <> 2001::1 any (sid:3;)\n"
                            "alert smb fe80::/10 any -> 2001::1 any (sid:4;)\n");
    struct flow f = make_flow6();
    struct smb_tx tx = make_tx(0x0311);
    ck_assert_str_eq(eval_sids(d, &f, &tx, 0), "1,3");
    detect_free(d);
}
END_TEST

START_TEST(test_pass_silences)
{
    struct detect *d = load("alert smb any any -> any any (sid:1;)\n"
                            "alert smb any any -> any any (test.dialect:0311; sid:2;)\n"
                            "pass smb any any -> 192.168.1.1 any (test.dialect:0202; sid:3;)\n"
                            "pass smb any any -> 10.9.9.9 any (sid:4;)\n"
                            "alert smb any any -> any any (sid:5;)\n");
    struct flow f = make_flow(1);
    struct smb_tx t311 = make_tx(0x0311), t202 = make_tx(0x0202);
    ck_assert_str_eq(eval_sids(d, &f, &t311, 0), "1,2,5"); /* pass rules do not match */
    ck_assert_str_eq(eval_sids(d, &f, &t202, 0), "");      /* sid 3 matches: silence */
    ck_assert_str_eq(eval_sids(d, &f, &t311, 0), "1,2,5"); /* only for that tx */
    ck_assert_uint_eq(detect_stats(d)->alerts, 6);
    detect_free(d);
}
END_TEST

START_TEST(test_wildcard_skip)
{
    struct detect *d = load("alert smb any any -> any any (test.offered; sid:1;)\n"
                            "alert smb any any -> any any (test.dialect:02ff; sid:2;)\n"
                            "alert smb any any -> any any (test.dialect:02ff; test.offered; "
                            "sid:3;)\n"
                            "pass smb any any -> any any (test.offered; test.dialect:02ff; "
                            "sid:4;)\n");
    struct flow f = make_flow(0);
    struct smb_tx wild = make_tx(0x02FF), real = make_tx(0x0311);
    /* sid 1 and 3 have a skip_wildcard keyword; the pass rule too, so it
     * does not silence sid 2 */
    ck_assert_str_eq(eval_sids(d, &f, &wild, 0), "2");
    ck_assert_str_eq(eval_sids(d, &f, &real, 0), "1");
    detect_free(d);
}
END_TEST

START_TEST(test_all_keywords_must_match)
{
    struct detect *d = load("alert smb any any -> any any (test.dialect:0311; test.never; sid:1;)\n"
                            "alert smb any any -> any any (test.never; test.dialect:0311; sid:2;)\n"
                            "alert smb any any -> any any (test.dialect:0311; test.offered; "
                            "sid:3;)\n");
    struct flow f = make_flow(0);
    struct smb_tx tx = make_tx(0x0311);
    ck_assert_str_eq(eval_sids(d, &f, &tx, 0), "3");
    tx.n_offered = 0;
    ck_assert_str_eq(eval_sids(d, &f, &tx, 0), "");
    detect_free(d);
}
END_TEST

START_TEST(test_no_rules)
{
    struct detect *d = detect_new(&stub_cfg);
    struct flow f = make_flow(0);
    struct smb_tx tx = make_tx(0x0311);
    const struct detect_alert *a = (const struct detect_alert *)&f;
    ck_assert_uint_eq(detect_eval(d, &f, &tx, 0, &a), 0);
    detect_print_alert_counts(d, stdout);
    detect_free(d);
    detect_free(NULL);
}
END_TEST

START_TEST(test_bad_rules_skipped)
{
    struct detect *d = detect_new(&stub_cfg);
    const char *rules = "alert smb any any -> any any (sid:1;)\n"
                        "alert smb any any -> any any (test.nope; sid:2;)\n"
                        "alert smb any any -> any any (test.dialect:zz; sid:3;)\n"
                        "alert smb any any -> any any (sid:1;)\n"
                        "alert smb any any -> any any (sid:1; gid:2;)\n";
    ck_assert_int_eq(detect_load_buffer(d, "r", rules, strlen(rules)), 3);
    struct flow f = make_flow(0);
    struct smb_tx tx = make_tx(0x0311);
    ck_assert_str_eq(eval_sids(d, &f, &tx, 0), "1,1");
    ck_assert_uint_eq(detect_stats(d)->rules_loaded, 2);
    ck_assert_uint_eq(detect_stats(d)->rules_failed, 3);
    detect_free(d);
}
END_TEST

START_TEST(test_vars_are_copied)
{
    char name[] = "HOME_NET", value[] = "10.0.0.0/8";
    struct detect_var av[] = {{name, value}};
    struct detect_cfg cfg = {av, 1, NULL, 0, &stub_table};
    struct detect *d = detect_new(&cfg);
    strcpy(value, "1.1.1.1/32"); /* the engine kept its own copy */
    name[0] = 'X';
    const char *rules = "alert smb $HOME_NET any -> any any (sid:1;)\n";
    ck_assert_int_eq(detect_load_buffer(d, "r", rules, strlen(rules)), 0);
    struct flow f = make_flow(0);
    struct smb_tx tx = make_tx(0x0311);
    ck_assert_str_eq(eval_sids(d, &f, &tx, 0), "1");
    detect_free(d);
}
END_TEST

START_TEST(test_threshold_and_suppress)
{
    struct detect *d = load(
        "alert smb any any -> any any (sid:1; threshold:type limit, track by_src, count 1, "
        "seconds 60;)\n"
        "alert smb any any -> any any (sid:2;)\n"
        "alert smb any any -> any any (sid:3;)\n"
        "alert smb any any -> any any (sid:4;)\n");
    ck_assert_int_eq(detect_load_threshold_line(d, "th", 1, "threshold gen_id 1, sig_id 2, "
                     "type threshold, track by_dst, count 2, seconds 60"), 0);
    ck_assert_int_eq(detect_load_threshold_line(d, "th", 2, "suppress gen_id 1, sig_id 3"), 0);
    ck_assert_int_eq(detect_load_threshold_line(d, "th", 3, "suppress gen_id 1, sig_id 4, "
                     "track by_src, ip $HOME_NET"), 0);
    ck_assert_int_eq(detect_load_threshold_line(d, "th", 4, "# nothing"), 0);
    struct flow f = make_flow(0);
    struct smb_tx tx = make_tx(0x0311);
    ck_assert_str_eq(eval_sids(d, &f, &tx, 0), "1");
    ck_assert_str_eq(eval_sids(d, &f, &tx, 1), "2");
    ck_assert_str_eq(eval_sids(d, &f, &tx, 2), "");
    ck_assert_str_eq(eval_sids(d, &f, &tx, 61), "1");
    const struct detect_stats *st = detect_stats(d);
    ck_assert_uint_eq(st->alerts, 3);
    ck_assert_uint_eq(st->suppressed, 8);   /* sid 3 and 4, four times */
    ck_assert_uint_eq(st->thresholded, 5);  /* sid 1 at 1, 2; sid 2 at 0, 2, 61 */
    /* a client outside HOME_NET: sid 4 not suppressed, sid 1 tracks it
     * apart; sid 2 (by_dst, window restarted at 61) reaches 2 again */
    f.side_addr[0].b[0] = 11;
    ck_assert_str_eq(eval_sids(d, &f, &tx, 62), "1,2,4");
    detect_free(d);
}
END_TEST

START_TEST(test_threshold_line_errors)
{
    struct detect *d = detect_new(&stub_cfg);
    fflush(stderr);
    FILE *tmp = tmpfile();
    int saved = dup(2);
    dup2(fileno(tmp), 2);
    int rc = detect_load_threshold_line(d, "threshold.config", 7,
                                        "suppress gen_id 1, sig_id 1, track by_src, ip 1.2.3");
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(tmp);
    char out[512];
    out[fread(out, 1, sizeof(out) - 1, tmp)] = '\0';
    fclose(tmp);
    ck_assert_int_eq(rc, 1);
    ck_assert_msg(strstr(out, "threshold.config:7:47: error: bad address '1.2.3'\n") != NULL, "%s", out);
    detect_free(d);
}
END_TEST

START_TEST(test_threshold_file)
{
    struct detect *d = load("alert smb any any -> any any (sid:1;)\n");
    char path[] = "/tmp/check_detect_XXXXXX";
    int fd = mkstemp(path);
    const char *text = "# thresholds\n"
                       "event_filter gen_id 1, sig_id 1, type both, track by_rule, \\\n"
                       "  count 2, seconds 10\n"
                       "bogus line\n";
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    ck_assert_int_eq(detect_load_threshold_file(d, path), 1);
    unlink(path);
    ck_assert_int_eq(detect_load_threshold_file(d, path), -1);
    struct flow f = make_flow(0);
    struct smb_tx tx = make_tx(0x0311);
    ck_assert_str_eq(eval_sids(d, &f, &tx, 0), "");
    ck_assert_str_eq(eval_sids(d, &f, &tx, 1), "1");
    ck_assert_str_eq(eval_sids(d, &f, &tx, 2), "");
    detect_free(d);
}
END_TEST

/* Run fn(d, out) into a string. */
static void capture_out(struct detect *d, void (*fn)(struct detect *d, FILE *out), char *buf,
                        size_t n)
{
    FILE *fp = tmpfile();
    ck_assert_ptr_nonnull(fp);
    fn(d, fp);
    rewind(fp);
    buf[fread(buf, 1, n - 1, fp)] = '\0';
    fclose(fp);
}

static void print_counts(struct detect *d, FILE *out)
{
    detect_print_alert_counts(d, out);
}

static void list_keywords(struct detect *d, FILE *out)
{
    (void)d;
    detect_list_keywords_of(&stub_table, out);
}

/* A rule with a session keyword runs only in the follow-up phase, on the
 * transaction with tx->follow; the others only at the negotiation.  A
 * negotiation pass rule also silences session rules; a session pass rule
 * does not reach back. */
START_TEST(test_phases)
{
    struct detect *d = load("alert smb any any -> any any (test.dialect:311; sid:1;)\n"
                            "alert smb any any -> any any (test.session; sid:2;)\n"
                            "alert smb any any -> any any (test.dialect:311; test.session; sid:3;)\n"
                            "pass smb any any -> any any (test.dialect:300; sid:4;)\n"
                            "pass smb any any -> any any (test.session; test.dialect:210; sid:5;)\n");
    struct flow f = make_flow(0);
    struct smb_tx tx = make_tx(0x0311);
    struct smb_follow fo;
    memset(&fo, 0, sizeof(fo));
    ck_assert(detect_has_phase(d, KW_PHASE_NEGOTIATE));
    ck_assert(detect_has_phase(d, KW_PHASE_FOLLOW));
    ck_assert_str_eq(eval_sids(d, &f, &tx, 0), "1");
    ck_assert_str_eq(eval_follow_sids(d, &f, &tx, 0), ""); /* no follow-up: nothing */
    tx.follow = &fo;
    ck_assert_str_eq(eval_follow_sids(d, &f, &tx, 0), ""); /* no session */
    fo.n_sessions = 1;
    ck_assert_str_eq(eval_follow_sids(d, &f, &tx, 0), "2,3");
    ck_assert_str_eq(eval_sids(d, &f, &tx, 0), "1"); /* session rules never at negotiation */
    tx.resp2.dialect = 0x0300;
    ck_assert_str_eq(eval_sids(d, &f, &tx, 0), "");
    ck_assert_str_eq(eval_follow_sids(d, &f, &tx, 0), "");
    tx.resp2.dialect = 0x0210;
    ck_assert_str_eq(eval_sids(d, &f, &tx, 0), "");
    ck_assert_str_eq(eval_follow_sids(d, &f, &tx, 0), "");
    tx.resp2.dialect = 0x0202;
    ck_assert_str_eq(eval_follow_sids(d, &f, &tx, 0), "2");
    detect_free(d);
    d = load("alert smb any any -> any any (test.dialect:311; sid:1;)\n");
    ck_assert(!detect_has_phase(d, KW_PHASE_FOLLOW));
    ck_assert_str_eq(eval_follow_sids(d, &f, &tx, 0), "");
    detect_free(d);
    /* a keyword with evidence (smb.baseline) is judged at the negotiation */
    d = detect_new(&stub_cfg);
    const char *bad = "alert smb any any -> any any (test.evidence; test.session; sid:6;)\n"
                      "alert smb any any -> any any (test.session; test.evidence; sid:7;)\n";
    ck_assert_int_eq(detect_load_buffer(d, "test", bad, strlen(bad)), 2);
    detect_free(d);
}
END_TEST

START_TEST(test_alert_counts)
{
    struct detect *d = load("alert smb any any -> any any (msg:\"z\"; sid:30; rev:2;)\n"
                            "alert smb any any -> any any (msg:\"never\"; sid:5; test.never;)\n"
                            "alert smb any any -> any any (msg:\"a\"; sid:7; gid:3;)\n"
                            "alert smb any any -> any any (msg:\"b\"; sid:7;)\n");
    struct flow f = make_flow(0);
    struct smb_tx tx = make_tx(0x0311);
    eval_sids(d, &f, &tx, 0);
    eval_sids(d, &f, &tx, 1);
    char out[1024];
    capture_out(d, print_counts, out, sizeof(out));
    ck_assert_str_eq(out, "  [1:7:0] b: 2 alerts\n"
                          "  [3:7:0] a: 2 alerts\n"
                          "  [1:30:2] z: 2 alerts\n");
    detect_free(d);
}
END_TEST

START_TEST(test_list_keywords)
{
    char out[8192];
    capture_out(NULL, list_keywords, out, sizeof(out));
    static const char *const want[] = {
        "Generic options:\n", "  msg: ", "msg:\"<text>\";", "  sid: ", "  rev: ", "  gid: ",
        "  classtype: ", "  priority: ", "  metadata: ", "  reference: ", "  flow: ",
        "  threshold: ", "SMB keywords:\n", "  test.dialect: chosen dialect\n",
        "      test.dialect:<hex>\n", "  test.offered: something was offered (never matches a "
        "wildcard 0x02FF response)\n",
    };
    for (size_t k = 0; k < NROWS(want); k++)
        ck_assert_msg(strstr(out, want[k]) != NULL, "missing '%s' in:\n%s", want[k], out);
    ck_assert(strstr(out, "Generic options") < strstr(out, "SMB keywords"));
}
END_TEST

static Suite *detect_suite(void)
{
    Suite *s = suite_create("detect");
    TCase *tc = tcase_create("eval");
    tcase_add_test(tc, test_alert_fields);
    tcase_add_loop_test(tc, test_header_direction, 0, (int)NROWS(headers));
    tcase_add_test(tc, test_ipv6_header);
    tcase_add_test(tc, test_pass_silences);
    tcase_add_test(tc, test_wildcard_skip);
    tcase_add_test(tc, test_all_keywords_must_match);
    tcase_add_test(tc, test_no_rules);
    tcase_add_test(tc, test_bad_rules_skipped);
    tcase_add_test(tc, test_vars_are_copied);
    suite_add_tcase(s, tc);
    tc = tcase_create("thresholds");
    tcase_add_test(tc, test_threshold_and_suppress);
    tcase_add_test(tc, test_threshold_line_errors);
    tcase_add_test(tc, test_threshold_file);
    suite_add_tcase(s, tc);
    tc = tcase_create("reporting");
    tcase_add_test(tc, test_alert_counts);
    tcase_add_test(tc, test_phases);
    tcase_add_test(tc, test_list_keywords);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(detect_suite());
}
