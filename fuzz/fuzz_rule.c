/* fuzz_rule.c - libFuzzer target: the rule language (rule-parse.c and
 * every keyword's setup), threshold.config / suppress lines
 * (detect-threshold.c), classification.config lines (detect-class.c), and
 * evaluation of whatever loaded against fixed transactions (every
 * keyword's match with fuzzed arguments).
 *
 * The input is text, split into lines:
 *   "threshold ..." and "suppress ..." -> detect_load_threshold_line()
 *   "config classification: ..."      -> detect_class_load_line()
 *   everything else (rules, comments, `\` continuations) is loaded as one
 *   rule file with detect_load_buffer().
 * So a rule file is a seed as it is. */
#include <stdlib.h>
#include <string.h>

#include "app/smb/smb-session.h"
#include "app/smb/smb.h"
#include "detect/detect-class.h"
#include "detect/detect.h"
#include "flow/flow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct detect_var fz_addr_vars[] = {
    {"HOME_NET", "[192.168.0.0/16,10.0.0.0/8,172.16.0.0/12]"},
    {"EXTERNAL_NET", "!$HOME_NET"},
    {"SMB_SERVERS", "$HOME_NET"},
};
static const struct detect_var fz_port_vars[] = {
    {"SMB_PORTS", "[139,445]"},
};

static bool fz_prefix(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

/* A 3.1.1 negotiation with contexts, an SMB1 request answered with the
 * wildcard, and a request never answered. */
static void fz_txs(struct smb_tx tx[3])
{
    memset(tx, 0, 3 * sizeof(*tx));
    static const uint16_t d[] = {0x0202, 0x0210, 0x0300, 0x0302, 0x0311};
    tx[0].id = 1;
    tx[0].req_version = 2;
    tx[0].resp_version = 2;
    tx[0].req2.dialect_count = 5;
    tx[0].req2.n_dialects = 5;
    memcpy(tx[0].req2.dialects, d, sizeof(d));
    tx[0].n_offered = 5;
    memcpy(tx[0].offered, d, sizeof(d));
    tx[0].req2.security_mode = 1;
    tx[0].req2.capabilities = 0x7f;
    tx[0].req2.has_negctx = true;
    tx[0].req2.client_guid[0] = 0xab;
    tx[0].req2.ctx.n = 3;
    tx[0].req2.ctx.ctx[0] = (struct smb2_negctx){.type = 1, .n_algs = 1, .algs = {1},
                                                 .decoded = true};
    tx[0].req2.ctx.ctx[1] = (struct smb2_negctx){.type = 2, .n_algs = 4,
                                                 .algs = {4, 3, 2, 1}, .decoded = true};
    tx[0].req2.ctx.ctx[2] = (struct smb2_negctx){.type = 5, .decoded = true,
                                                 .netname = "fileserver"};
    tx[0].resp2.dialect = 0x0311;
    tx[0].resp2.security_mode = 3;
    tx[0].resp2.capabilities = 0x2f;
    tx[0].resp2.ctx.n = 2;
    tx[0].resp2.ctx.ctx[0] = (struct smb2_negctx){.type = 2, .n_algs = 1, .algs = {4},
                                                  .decoded = true};
    tx[0].resp2.ctx.ctx[1] = (struct smb2_negctx){.type = 8, .n_algs = 1, .algs = {2},
                                                  .decoded = true};

    tx[1].id = 2;
    tx[1].req_version = 1;
    tx[1].resp_version = 2;
    tx[1].n_offered = 2;
    tx[1].offered[0] = 0x0202;
    tx[1].offered[1] = SMB2_DIALECT_WILDCARD;
    tx[1].resp2.dialect = SMB2_DIALECT_WILDCARD;
    tx[1].anomalies = 1u << SMB_AN_TRUNCATED;

    tx[2].id = 3;
    tx[2].req_version = 2;
    tx[2].req2.dialect_count = 1;
    tx[2].req2.n_dialects = 1;
    tx[2].req2.dialects[0] = 0x0202;
    tx[2].n_offered = 1;
    tx[2].offered[0] = 0x0202;
}

/* The follow-up of tx[0]: an NTLMSSP session and a guest one, a disk and a
 * pipe tree, unsigned, a validation mismatch (the session rules). */
static void fz_follow(struct smb_follow *fo)
{
    memset(fo, 0, sizeof(*fo));
    fo->n_sessions = 2;
    fo->sess[0] = (struct smb_session){.auth = SMB_AUTH_NTLMSSP, .mech = SMB_MECH_NTLMSSP,
                                       .established = true, .ntlmssp_user = "alice",
                                       .ntlmssp_domain = "LAB", .ntlmssp_host = "WS1"};
    fo->sess[1] = (struct smb_session){.auth = SMB_AUTH_GUEST, .mech = SMB_MECH_NTLMSSP,
                                       .session_flags = SMB2_SESSION_FLAG_IS_GUEST,
                                       .ntlmssp_user = "Mallory", .ntlmssp_domain = "lab"};
    fo->n_trees = 2;
    fo->tree[0] = (struct smb_tree){.path = "\\\\srv\\IPC$", .answered = true,
                                    .share_type = 2};
    fo->tree[1] = (struct smb_tree){.path = "\\\\srv\\pub", .answered = true, .share_type = 1};
    fo->is_signed = SMB_TRI_NO;
    fo->encrypted = SMB_TRI_NO;
    fo->validate = SMB_VALIDATE_MISMATCH;
    fo->validate_diff = SMB_VALIDATE_DIFF_DIALECTS;
}

static void fz_flow(struct flow *f, bool v6)
{
    memset(f, 0, sizeof(*f));
    f->ip_v = v6 ? 6 : 4;
    f->client_side = 0;
    f->side_port[0] = 50000;
    f->side_port[1] = 445;
    if (v6) {
        f->side_addr[0].b[0] = 0xfe;
        f->side_addr[0].b[1] = 0x80;
        f->side_addr[0].b[15] = 1;
        f->side_addr[1].b[0] = 0x20;
        f->side_addr[1].b[1] = 0x01;
        f->side_addr[1].b[15] = 2;
    } else {
        f->side_addr[0].b[0] = 192;
        f->side_addr[0].b[1] = 168;
        f->side_addr[0].b[3] = 10;
        f->side_addr[1].b[0] = 8;
        f->side_addr[1].b[3] = 8;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct detect_cfg cfg = {fz_addr_vars, 3, fz_port_vars, 1, NULL};
    struct detect *d = detect_new(&cfg);
    char *rules = malloc(size + 1), *text = malloc(size + 1);
    struct detect_class_table classes;
    bool have_classes = detect_class_init(&classes) == 0;
    if (!d || !rules || !text)
        goto out;
    memcpy(text, data, size);
    text[size] = '\0';
    size_t rlen = 0;
    unsigned lineno = 0;
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        if (fz_prefix(line, "threshold") || fz_prefix(line, "suppress")) {
            detect_load_threshold_line(d, "fuzz.threshold", lineno, line);
        } else if (fz_prefix(line, "config classification:")) {
            char err[256];
            size_t err_off = 0;
            if (have_classes)
                detect_class_load_line(&classes, line, err, sizeof(err), &err_off);
        } else {
            size_t n = strlen(line); /* an embedded NUL ends the line */
            memcpy(rules + rlen, line, n);
            rlen += n;
            rules[rlen++] = '\n';
        }
    }
    detect_load_buffer(d, "fuzz.rules", rules, rlen);

    struct smb_tx tx[3];
    struct smb_follow fo;
    fz_txs(tx);
    fz_follow(&fo);
    struct flow f;
    for (int v6 = 0; v6 < 2; v6++) {
        fz_flow(&f, v6);
        for (int i = 0; i < 3; i++) {
            const struct detect_alert *alerts;
            size_t n = detect_eval(d, &f, &tx[i], 1700000000 + i, &alerts);
            for (size_t k = 0; k < n; k++)
                if (!alerts[k].msg || !alerts[k].category)
                    abort();
            f.client_side = 1 - f.client_side; /* and the reverse roles */
            detect_eval(d, &f, &tx[i], 1700000000 + i, &alerts);
            f.client_side = 1 - f.client_side;
        }
        tx[0].follow = &fo; /* the session rules, when the follow-up ends */
        const struct detect_alert *alerts;
        size_t n = detect_eval_follow(d, &f, &tx[0], 1700000010, &alerts);
        for (size_t k = 0; k < n; k++)
            if (!alerts[k].msg || !alerts[k].category)
                abort();
        tx[0].follow = NULL;
    }
out:
    if (have_classes)
        detect_class_deinit(&classes);
    detect_free(d);
    free(rules);
    free(text);
    return 0;
}
