/* check_kw_smb_match.c - match truth tables for the SMB rule keywords
 * (src/detect/kw-smb*.c, kw-smb1-*.c); value grammar: check_kw_smb.c.
 *
 * Transactions are built by hand as MS-SMB2 2.2.3 / 2.2.4 / 2.2.3.1.x and
 * MS-CIFS 2.2.4.52 define the fields; each row is parsed as a rule
 * (`NAME:VALUE;`, so a leading '!' negates) and evaluated with kw_eval, as
 * detect.c does: the wildcard rule, the match, the negation. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/smb/smb-names.h"
#include "app/smb/smb.h"
#include "baseline/baseline.h"
#include "detect/kw.h"
#include "detect/rule.h"
#include "helpers/run.h"

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))

/* ------------------------------------------------------------------------
 * Transaction builders: each fills a zeroed tx.
 * ------------------------------------------------------------------------ */

/* 12345678-9abc-def0-1122-334455667788 and aabbccdd-eeff-0011-2233-445566778899
 * in wire order (MS-DTYP 2.3.4.2: first three fields little endian). */
static const uint8_t client_guid[16] = {0x78, 0x56, 0x34, 0x12, 0xbc, 0x9a, 0xf0, 0xde,
                                        0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
static const uint8_t server_guid[16] = {0xdd, 0xcc, 0xbb, 0xaa, 0xff, 0xee, 0x11, 0x00,
                                        0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99};
#define CLIENT_GUID "12345678-9abc-def0-1122-334455667788"
#define SERVER_GUID "aabbccdd-eeff-0011-2233-445566778899"
#define ZERO_GUID "00000000-0000-0000-0000-000000000000"

static struct smb2_negctx *ctx_add(struct smb2_negctx_list *l, uint16_t type, const uint16_t *algs,
                                   uint16_t n)
{
    struct smb2_negctx *c = &l->ctx[l->n++];
    c->type = type;
    c->n_algs = n;
    c->decoded = true;
    if (n)
        memcpy(c->algs, algs, n * sizeof(algs[0]));
    return c;
}

static void req2_set(struct smb_tx *tx, const uint16_t *dialects, uint16_t n, uint16_t mode,
                     uint32_t caps)
{
    tx->req_version = 2;
    tx->req2.structure_size = 36;
    tx->req2.dialect_count = n;
    tx->req2.n_dialects = n;
    tx->req2.security_mode = mode;
    tx->req2.capabilities = caps;
    memcpy(tx->req2.dialects, dialects, n * sizeof(dialects[0]));
    memcpy(tx->offered, dialects, n * sizeof(dialects[0]));
    tx->n_offered = n;
}

static void resp2_set(struct smb_tx *tx, uint16_t dialect, uint16_t mode, uint32_t caps)
{
    tx->resp_version = 2;
    tx->resp2.structure_size = 65;
    tx->resp2.dialect = dialect;
    tx->resp2.security_mode = mode;
    tx->resp2.capabilities = caps;
    memcpy(tx->resp2.server_guid, server_guid, 16);
}

static const uint16_t all_dialects[] = {0x0202, 0x0210, 0x0300, 0x0302, 0x0311};

/* Windows 10 style 3.1.1 request (signing enabled, caps 0x7F, contexts
 * preauth, encryption GCM+CCM, signing CMAC+GMAC, compression LZ77+LZ4,
 * netname) answered with 3.1.1, signing required, caps 0x2F, AES-128-GCM,
 * AES-GMAC. */
static void tx_311(struct smb_tx *tx)
{
    static const uint16_t sha512[] = {0x0001}, ciphers[] = {0x0002, 0x0001},
                          signing[] = {0x0001, 0x0002}, comp[] = {0x0002, 0x0005}, gcm[] = {0x0002},
                          gmac[] = {0x0002};
    req2_set(tx, all_dialects, NROWS(all_dialects), 0x0001, 0x0000007F);
    memcpy(tx->req2.client_guid, client_guid, 16);
    tx->req2.has_negctx = true;
    ctx_add(&tx->req2.ctx, SMB2_PREAUTH_INTEGRITY_CAPABILITIES, sha512, 1);
    ctx_add(&tx->req2.ctx, SMB2_ENCRYPTION_CAPABILITIES, ciphers, 2);
    ctx_add(&tx->req2.ctx, SMB2_SIGNING_CAPABILITIES, signing, 2);
    ctx_add(&tx->req2.ctx, SMB2_COMPRESSION_CAPABILITIES, comp, 2);
    struct smb2_negctx *nn = ctx_add(&tx->req2.ctx, SMB2_NETNAME_NEGOTIATE_CONTEXT_ID, NULL, 0);
    strcpy(nn->netname, "fileserver.corp.example");
    resp2_set(tx, 0x0311, 0x0003, 0x0000002F);
    ctx_add(&tx->resp2.ctx, SMB2_PREAUTH_INTEGRITY_CAPABILITIES, sha512, 1);
    ctx_add(&tx->resp2.ctx, SMB2_ENCRYPTION_CAPABILITIES, gcm, 1);
    ctx_add(&tx->resp2.ctx, SMB2_SIGNING_CAPABILITIES, gmac, 1);
}

/* tx_311 whose server also chose LZNT1 compression. */
static void tx_311_compress(struct smb_tx *tx)
{
    static const uint16_t lznt1[] = {0x0001};
    tx_311(tx);
    ctx_add(&tx->resp2.ctx, SMB2_COMPRESSION_CAPABILITIES, lznt1, 1);
}

/* tx_311 whose server shares no cipher: its encryption context says 0. */
static void tx_311_cipher0(struct smb_tx *tx)
{
    tx_311(tx);
    tx->resp2.ctx.ctx[1].algs[0] = 0;
}

/* tx_311 answered without any negotiate context (no encryption context:
 * no cipher selected, MS-SMB2 3.3.5.4). */
static void tx_311_noctx(struct smb_tx *tx)
{
    tx_311(tx);
    memset(&tx->resp2.ctx, 0, sizeof(tx->resp2.ctx));
}

/* tx_311's request answered with 3.0: with SMB2_GLOBAL_CAP_ENCRYPTION
 * (0x40) the connection can encrypt (AES-128-CCM, 3.2.5.2), without not. */
static void tx_300_enc(struct smb_tx *tx)
{
    req2_set(tx, all_dialects, NROWS(all_dialects), 0x0001, 0x7F);
    resp2_set(tx, 0x0300, 0x0001, 0x00000047);
}

static void tx_300_noenc(struct smb_tx *tx)
{
    req2_set(tx, all_dialects, NROWS(all_dialects), 0x0001, 0x7F);
    resp2_set(tx, 0x0300, 0x0001, 0x00000007);
}

/* tx_311's request, no response (flow ended). */
static void tx_311_noresp(struct smb_tx *tx)
{
    tx_311(tx);
    tx->resp_version = 0;
    memset(&tx->resp2, 0, sizeof(tx->resp2));
}

/* tx_311's request refused with an SMB2 ERROR response (StructureSize 9). */
static void tx_311_error(struct smb_tx *tx)
{
    tx_311_noresp(tx);
    tx->resp_version = 2;
    tx->resp2.structure_size = 9;
    tx->resp2.is_error = true;
    tx->resp_hdr2.status = 0xC00000BB; /* STATUS_NOT_SUPPORTED */
}

/* A response seen without its request (capture started mid-exchange). */
static void tx_resp_only(struct smb_tx *tx)
{
    tx_311(tx);
    tx->req_version = 0;
    memset(&tx->req2, 0, sizeof(tx->req2));
    tx->n_offered = 0;
}

/* tx_311's request (signing required) answered with 2.0.2: a downgrade. */
static void tx_downgrade_202(struct smb_tx *tx)
{
    req2_set(tx, all_dialects, NROWS(all_dialects), 0x0002, 0x7F);
    resp2_set(tx, 0x0202, 0x0001, 0);
}

/* Vista-era request {2.0.2, 2.1}, no contexts, signing disabled, zero
 * client GUID and caps; answered 2.1, signing enabled. */
static void tx_210(struct smb_tx *tx)
{
    static const uint16_t d[] = {0x0202, 0x0210};
    req2_set(tx, d, NROWS(d), 0x0000, 0);
    resp2_set(tx, 0x0210, 0x0001, 0x00000001);
}

static void smb1_req_set(struct smb_tx *tx, const char *const *dialects, uint8_t n)
{
    tx->req_version = 1;
    tx->req1.n_dialects = n;
    for (uint8_t i = 0; i < n; i++) {
        strcpy(tx->req1.dialects[i], dialects[i]);
        uint16_t d = smb1_string_to_smb2_dialect(dialects[i]);
        if (d)
            tx->offered[tx->n_offered++] = d;
    }
}

static const char *const smb1_multi[] = {"PC NETWORK PROGRAM 1.0", "LANMAN1.0", "NT LM 0.12",
                                         "SMB 2.002", "SMB 2.???"};
static const char *const smb1_legacy[] = {"PC NETWORK PROGRAM 1.0", "LANMAN1.0", "NT LM 0.12"};

/* SMB1 multi-protocol request answered with the SMB2 wildcard 0x02FF. */
static void tx_smb1_wildcard(struct smb_tx *tx)
{
    smb1_req_set(tx, smb1_multi, NROWS(smb1_multi));
    resp2_set(tx, SMB2_DIALECT_WILDCARD, 0x0001, 0);
}

/* The same request answered with SMB2 2.0.2 (an old SMB2 server). */
static void tx_smb1_202(struct smb_tx *tx)
{
    smb1_req_set(tx, smb1_multi, NROWS(smb1_multi));
    resp2_set(tx, 0x0202, 0x0001, 0);
}

/* A Vista-style request with "SMB 2.002" and no wildcard, answered 2.0.2. */
static void tx_smb1_202_only(struct smb_tx *tx)
{
    static const char *const d[] = {"NT LM 0.12", "SMB 2.002"};
    smb1_req_set(tx, d, NROWS(d));
    resp2_set(tx, 0x0202, 0x0001, 0);
}

static void smb1_resp_set(struct smb_tx *tx, uint16_t index)
{
    tx->resp_version = 1;
    tx->resp1.word_count = 17;
    tx->resp1.dialect_index = index;
    tx->resp1.has_nt = true;
    tx->resp1.security_mode = 0x03; /* user level, encrypt passwords */
    tx->resp1.has_server_guid = true;
    memcpy(tx->resp1.server_guid, server_guid, 16);
}

/* The same request answered in SMB1 with "NT LM 0.12": a downgrade. */
static void tx_smb1_chose_smb1(struct smb_tx *tx)
{
    smb1_req_set(tx, smb1_multi, NROWS(smb1_multi));
    smb1_resp_set(tx, 2);
}

/* An SMB1-only client answered with "NT LM 0.12": no SMB2 offered. */
static void tx_smb1_only(struct smb_tx *tx)
{
    smb1_req_set(tx, smb1_legacy, NROWS(smb1_legacy));
    smb1_resp_set(tx, 2);
}

/* An SMB1 response whose DialectIndex is 0xFFFF (none acceptable). */
static void tx_smb1_none_chosen(struct smb_tx *tx)
{
    smb1_req_set(tx, smb1_multi, NROWS(smb1_multi));
    smb1_resp_set(tx, 0xFFFF);
}

/* A request whose only SMB2 string is "SMB 2.???", answered in SMB1. */
static void tx_smb1_wildcard_only(struct smb_tx *tx)
{
    static const char *const d[] = {"NT LM 0.12", "SMB 2.???"};
    smb1_req_set(tx, d, NROWS(d));
    smb1_resp_set(tx, 0);
}

/* SMB1 signing (MS-CIFS 2.2.3.1 Flags2, 2.2.4.52.2 SecurityMode): a
 * Windows-style request, Flags2 0xC853 (EXTENDED_SECURITY 0x0800 and
 * SECURITY_SIGNATURE_REQUIRED 0x0010, which a NEGOTIATE cannot mean, MS-SMB
 * 2.2.3.1), answered "NT LM 0.12" with SecurityMode 0x0F (signatures
 * enabled 0x04 and required 0x08). */
static void tx_smb1_sign_required(struct smb_tx *tx)
{
    tx_smb1_only(tx);
    tx->req_hdr1.flags2 = 0xC853;
    tx->resp1.security_mode = 0x0F;
}

/* A request with SECURITY_SIGNATURE (0x0004) answered with SecurityMode
 * 0x07: signatures enabled, not required. */
static void tx_smb1_sign_enabled(struct smb_tx *tx)
{
    tx_smb1_only(tx);
    tx->req_hdr1.flags2 = 0xC807;
    tx->resp1.security_mode = 0x07;
}

/* An SMB1 request answered by a LANMAN response (WordCount 13): its
 * SecurityMode has no signing bits. */
static void tx_smb1_lanman(struct smb_tx *tx)
{
    tx_smb1_only(tx);
    tx->resp1.word_count = 13;
    tx->resp1.has_nt = false;
    tx->resp1.security_mode = 0x03;
}

/* Nothing seen at all. */
static void tx_empty(struct smb_tx *tx)
{
    (void)tx;
}

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

static const struct kw *kw_get(const char *name)
{
    const struct kw *k = kw_table_find(&kw_table_smb, name);
    ck_assert_msg(k != NULL, "keyword %s not in the table", name);
    return k;
}

/* The baseline verdict every row is matched with: new-server holds (the
 * other conditions: test_baseline_evidence). */
static const struct baseline_verdict row_verdict = {
    .holds = 1u << BL_NEW_SERVER,
    .f = {[BL_NEW_SERVER] = {.cond = BL_NEW_SERVER, .host = "10.77.0.2", .now = "3.1.1"}},
};

/* The rule `NAME[:VALUE]` on the transaction `build` makes, as detect.c
 * evaluates it (rule_parse, kw_eval, rule_free). */
static bool kw_run(const char *name, const char *value, void (*build)(struct smb_tx *))
{
    static const struct detect_cfg cfg = {NULL, 0, NULL, 0, NULL};
    struct detect_class_table classes;
    struct rule_parse_ctx ctx = {&cfg, &classes, NULL};
    struct rule_error err;
    char line[512];
    struct smb_tx tx;
    kw_get(name);
    ck_assert_int_eq(detect_class_init(&classes), 0);
    snprintf(line, sizeof(line), "alert smb any any -> any any (%s%s%s; sid:1;)", name,
             value ? ":" : "", value ? value : "");
    struct rule *r = rule_parse(&ctx, line, &err);
    ck_assert_msg(r != NULL, "%s: col %u: %s", line, err.col, err.msg);
    ck_assert_uint_eq(r->n_kws, 1);
    memset(&tx, 0, sizeof(tx));
    build(&tx);
    struct kw_match_ctx m = {.tx = &tx, .f = NULL, .bl = &row_verdict};
    bool res = kw_eval(r->kws[0].kw, r->kws[0].data, r->kws[0].neg, &m);
    /* match() implies present(), but for the wildcard step, which only
     * smb.dialect:2.??? names (it is not a dialect: absent for `!`) */
    if (r->kws[0].kw->has_value && !smb_tx_is_wildcard(&tx) &&
        r->kws[0].kw->match(&m, r->kws[0].data))
        ck_assert_msg(r->kws[0].kw->present && r->kws[0].kw->present(&m),
                      "%s matches where it is not present", line);
    rule_free(r);
    detect_class_deinit(&classes);
    return res;
}

/* ------------------------------------------------------------------------
 * Match truth table
 * ------------------------------------------------------------------------ */

typedef void (*tx_build_fn)(struct smb_tx *tx);

static const struct {
    const char *kw, *value;
    tx_build_fn build;
    const char *tx_name;
    bool match;
} matches[] = {
#define M(kw, value, tx, match)                                                                    \
    {                                                                                              \
        kw, value, tx, #tx, match                                                                  \
    }
    /* smb.dialects: offered {2.0.2, 2.1, 3.0, 3.0.2, 3.1.1} */
    M("smb.dialects", "any 3.1.1", tx_311, true),
    M("smb.dialects", "any 0x0222,0x0224,0x0310", tx_311, false),
    M("smb.dialects", "only 2.0.2, 2.1, 3.0, 3.0.2, 3.1.1", tx_311, true),
    M("smb.dialects", "only 2.0.2, 2.1, 3.0, 3.0.2, 3.1.1, 2.2.2", tx_311, true),
    M("smb.dialects", "only 2.0.2, 2.1", tx_311, false),
    M("smb.dialects", "all 3.11, 2.02", tx_311, true),
    M("smb.dialects", "all 3.1.1, 2.2.2", tx_311, false),
    M("smb.dialects", "none 2.2.2", tx_311, true),
    M("smb.dialects", "none 2.2.2, 3.0", tx_311, false),
    M("smb.dialects", "only 2.0.2, 2.1", tx_210, true),
    M("smb.dialects", "any 3.1.1", tx_311_noresp, true),
    M("smb.dialects", "none 3.0", tx_resp_only, false),
    M("smb.dialects", "all 2.0.2, 2.???", tx_smb1_wildcard, false),
    M("smb.dialects", "any 2.???", tx_smb1_wildcard, false),
    M("smb.dialects", "none 3.1.1", tx_smb1_wildcard, false),
    M("smb.dialects", "only 2.0.2", tx_smb1_wildcard, false),
    M("smb.dialects", "all 2.0.2, 2.???", tx_smb1_chose_smb1, true),
    M("smb.dialects", "only 2.0.2, 2.???", tx_smb1_202, true),
    M("smb.dialects", "none 2.0.2", tx_smb1_only, false),
    M("smb.dialects", "only 2.0.2", tx_smb1_only, false),
    M("smb.dialects", "any 2.0.2", tx_smb1_only, false),
    M("smb.dialects", "none 2.0.2", tx_empty, false),
    /* smb.dialects.max */
    M("smb.dialects.max", "3.1.1", tx_311, true),
    M("smb.dialects.max", ">=3.0", tx_311, true),
    M("smb.dialects.max", ">2.0.2", tx_311, true),
    M("smb.dialects.max", "<=2.1", tx_311, false),
    M("smb.dialects.max", "!=3.1.1", tx_311, false),
    M("smb.dialects.max", "<3.1.1", tx_311, false),
    M("smb.dialects.max", "<=2.1", tx_210, true),
    /* the wildcard step, and offers holding "SMB 2.???" (no known highest) */
    M("smb.dialects.max", ">2.1", tx_smb1_wildcard, false),
    M("smb.dialects.max", "<3.0", tx_smb1_wildcard, false),
    M("smb.dialects.max", "<=2.1", tx_smb1_202, false),
    M("smb.dialects.max", ">2.0.2", tx_smb1_202, false),
    M("smb.dialects.max", "<=3.1.1", tx_smb1_chose_smb1, false),
    M("smb.dialects.max", "2.0.2", tx_smb1_202_only, true),
    M("smb.dialects.max", "<=3.1.1", tx_smb1_only, false),
    M("smb.dialects.max", "!=3.1.1", tx_smb1_only, false),
    M("smb.dialects.max", "3.1.1", tx_311_noresp, true),
    /* smb.dialects.min */
    M("smb.dialects.min", "2.0.2", tx_311, true),
    M("smb.dialects.min", ">2.0.2", tx_311, false),
    M("smb.dialects.min", "<= 2.1", tx_311, true),
    M("smb.dialects.min", "=2.0.2", tx_smb1_wildcard, false),
    M("smb.dialects.min", "=2.0.2", tx_smb1_202, true),
    M("smb.dialects.min", "<3.0", tx_smb1_chose_smb1, true),
    M("smb.dialects.min", ">2.0.2", tx_smb1_wildcard_only, false),
    M("smb.dialects.min", "<=3.1.1", tx_smb1_wildcard_only, false),
    M("smb.dialects.min", ">=2.0.2", tx_smb1_only, false),
    M("smb.dialects.min", "!=3.0", tx_empty, false),
    /* smb.dialect */
    M("smb.dialect", "3.1.1", tx_311, true),
    M("smb.dialect", "=3.11", tx_311, true),
    M("smb.dialect", ">=3.0", tx_311, true),
    M("smb.dialect", "<3.1.1", tx_311, false),
    M("smb.dialect", "!=2.1", tx_311, true),
    M("smb.dialect", "2.???", tx_smb1_wildcard, true),
    M("smb.dialect", "=2.??", tx_smb1_wildcard, true),
    M("smb.dialect", "0x02FF", tx_smb1_wildcard, true),
    M("smb.dialect", "2.???", tx_311, false),
    M("smb.dialect", "!=2.???", tx_311, true),
    M("smb.dialect", "!=2.???", tx_smb1_wildcard, false),
    /* the wildcard step never matches a comparison (doc/rules.md) */
    M("smb.dialect", "2.0.2", tx_smb1_wildcard, false),
    M("smb.dialect", "<3.0", tx_smb1_wildcard, false),
    M("smb.dialect", "<=3.1.1", tx_smb1_wildcard, false),
    M("smb.dialect", ">2.0.2", tx_smb1_wildcard, false),
    M("smb.dialect", ">=2.1", tx_smb1_wildcard, false),
    M("smb.dialect", "!=3.1.1", tx_smb1_wildcard, false),
    M("smb.dialect", "<3.0", tx_smb1_202, true),
    M("smb.dialect", "2.0.2", tx_smb1_202, true),
    M("smb.dialect", "3.1.1", tx_311_noresp, false),
    M("smb.dialect", "!=3.1.1", tx_311_noresp, false),
    M("smb.dialect", "!=3.1.1", tx_311_error, false),
    M("smb.dialect", "!=3.1.1", tx_smb1_chose_smb1, false),
    M("smb.dialect", "3.1.1", tx_resp_only, true),
    /* smb.downgrade */
    M("smb.downgrade", NULL, tx_downgrade_202, true),
    M("smb.downgrade", NULL, tx_smb1_chose_smb1, true),
    M("smb.downgrade", NULL, tx_311, false),
    M("smb.downgrade", NULL, tx_210, false),
    M("smb.downgrade", NULL, tx_smb1_202, false),
    M("smb.downgrade", NULL, tx_smb1_wildcard, false),
    M("smb.downgrade", NULL, tx_smb1_only, false),
    M("smb.downgrade", NULL, tx_smb1_none_chosen, false),
    M("smb.downgrade", NULL, tx_311_noresp, false),
    M("smb.downgrade", NULL, tx_311_error, false),
    M("smb.downgrade", NULL, tx_resp_only, false),
    M("smb.downgrade", NULL, tx_empty, false),
    /* smb.version */
    M("smb.version", "2", tx_311, true),
    M("smb.version", "1", tx_311, false),
    M("smb.version", "1", tx_smb1_wildcard, true),
    M("smb.version", "2", tx_smb1_wildcard, false),
    M("smb.version", "1", tx_smb1_only, true),
    M("smb.version", "2", tx_resp_only, true),
    M("smb.version", "2", tx_311_noresp, true),
    M("smb.version", "1", tx_empty, false),
    M("smb.version", "2", tx_empty, false),
    /* smb1.dialects: PC NETWORK PROGRAM 1.0, LANMAN1.0, NT LM 0.12, SMB 2.002, SMB 2.??? */
    M("smb1.dialects", "any \"NT LM 0.12\"", tx_smb1_wildcard, true),
    M("smb1.dialects", "any \"nt lm 0.12\"", tx_smb1_wildcard, true),
    M("smb1.dialects", "any \"NT LM 0.1\"", tx_smb1_wildcard, false),
    M("smb1.dialects", "any \"NT LM 0.12 \"", tx_smb1_wildcard, false),
    M("smb1.dialects", "all \"NT LM 0.12\", \"SMB 2.002\"", tx_smb1_wildcard, true),
    M("smb1.dialects", "all \"NT LM 0.12\", \"SMB 3.0\"", tx_smb1_wildcard, false),
    M("smb1.dialects", "only \"NT LM 0.12\"", tx_smb1_wildcard, false),
    M("smb1.dialects",
      "only \"PC NETWORK PROGRAM 1.0\", \"LANMAN1.0\", \"NT LM 0.12\", \"SMB 2.002\", "
      "\"SMB 2.???\"",
      tx_smb1_wildcard, true),
    M("smb1.dialects", "none \"SMB 2.???\"", tx_smb1_wildcard, false),
    M("smb1.dialects", "none \"SMB 2.???\", \"SMB 2.002\"", tx_smb1_only, true),
    M("smb1.dialects", "none \"NT LM 0.12\"", tx_311, false),
    M("smb1.dialects", "any \"NT LM 0.12\"", tx_empty, false),
    /* smb1.dialect */
    M("smb1.dialect", "any", tx_smb1_chose_smb1, true),
    M("smb1.dialect", "any", tx_smb1_only, true),
    M("smb1.dialect", "any", tx_smb1_wildcard, false),
    M("smb1.dialect", "any", tx_smb1_none_chosen, false),
    M("smb1.dialect", "any", tx_311, false),
    M("smb1.dialect", "\"NT LM 0.12\"", tx_smb1_chose_smb1, true),
    M("smb1.dialect", "nt lm 0.12", tx_smb1_chose_smb1, true),
    M("smb1.dialect", "\"LANMAN1.0\", \"NT LM 0.12\"", tx_smb1_chose_smb1, true),
    M("smb1.dialect", "\"LANMAN1.0\"", tx_smb1_chose_smb1, false),
    /* smb.client.signing: 311 enabled, downgrade_202 required, 210 disabled */
    M("smb.client.signing", "enabled", tx_311, true),
    M("smb.client.signing", "ENABLED", tx_311, true),
    M("smb.client.signing", "required", tx_311, false),
    M("smb.client.signing", "disabled", tx_311, false),
    M("smb.client.signing", "not_required", tx_311, true),
    M("smb.client.signing", "required", tx_downgrade_202, true),
    M("smb.client.signing", "not_required", tx_downgrade_202, false),
    M("smb.client.signing", "disabled", tx_210, true),
    M("smb.client.signing", "not_required", tx_210, true),
    M("smb.client.signing", "not_required", tx_smb1_wildcard, true),
    M("smb.client.signing", "disabled", tx_smb1_wildcard, true),
    /* SMB1 Flags2: 0x0004 enabled, else disabled; 0x0010 is not "required" */
    M("smb.client.signing", "disabled", tx_smb1_sign_required, true),
    M("smb.client.signing", "required", tx_smb1_sign_required, false),
    M("smb.client.signing", "not_required", tx_smb1_sign_required, true),
    M("smb.client.signing", "enabled", tx_smb1_sign_enabled, true),
    M("smb.client.signing", "disabled", tx_smb1_sign_enabled, false),
    M("smb.client.signing", "not_required", tx_smb1_sign_enabled, true),
    M("smb.client.signing", "not_required", tx_empty, false),
    M("smb.client.signing", "not_required", tx_resp_only, false),
    /* smb.server.signing: 311 required, 210 enabled, SMB1 0x03 disabled */
    M("smb.server.signing", "required", tx_311, true),
    M("smb.server.signing", "not_required", tx_311, false),
    M("smb.server.signing", "enabled", tx_311, false),
    M("smb.server.signing", "enabled", tx_210, true),
    M("smb.server.signing", "not_required", tx_210, true),
    M("smb.server.signing", "disabled", tx_smb1_chose_smb1, true),
    M("smb.server.signing", "not_required", tx_smb1_chose_smb1, true),
    M("smb.server.signing", "enabled", tx_smb1_wildcard, true),
    M("smb.server.signing", "not_required", tx_311_noresp, false),
    /* SMB1 SecurityMode: 0x08 required, 0x04 enabled; LANMAN has no word */
    M("smb.server.signing", "required", tx_smb1_sign_required, true),
    M("smb.server.signing", "not_required", tx_smb1_sign_required, false),
    M("smb.server.signing", "enabled", tx_smb1_sign_enabled, true),
    M("smb.server.signing", "not_required", tx_smb1_sign_enabled, true),
    M("smb.server.signing", "disabled", tx_smb1_lanman, false),
    M("smb.server.signing", "not_required", tx_smb1_lanman, false),
    M("smb.server.signing", "not_required", tx_311_error, false),
    /* smb.client.capabilities: 311 0x7F, 210 0 */
    M("smb.client.capabilities", "any encryption", tx_311, true),
    M("smb.client.capabilities", "all dfs, leasing, large_mtu", tx_311, true),
    M("smb.client.capabilities", "none notifications", tx_311, true),
    M("smb.client.capabilities", "only dfs", tx_311, false),
    M("smb.client.capabilities",
      "only dfs, leasing, large_mtu, multi_channel, persistent_handles, directory_leasing, "
      "encryption",
      tx_311, true),
    M("smb.client.capabilities", "only 0x7F", tx_311, true),
    M("smb.client.capabilities", "any 0x80", tx_311, false),
    M("smb.client.capabilities", "all 0x03", tx_311, true),
    M("smb.client.capabilities", "all 0x81", tx_311, false),
    M("smb.client.capabilities", "none dfs", tx_210, true),
    M("smb.client.capabilities", "only dfs", tx_210, false),
    M("smb.client.capabilities", "none dfs", tx_smb1_wildcard, false),
    M("smb.client.capabilities", "none dfs", tx_resp_only, false),
    /* smb.server.capabilities: 311 0x2F */
    M("smb.server.capabilities", "any multi_channel", tx_311, true),
    M("smb.server.capabilities", "none encryption", tx_311, true),
    M("smb.server.capabilities", "all dfs, encryption", tx_311, false),
    M("smb.server.capabilities", "only dfs,leasing,large_mtu,multi_channel,directory_leasing",
      tx_311, true),
    M("smb.server.capabilities", "only dfs", tx_210, true),
    M("smb.server.capabilities", "none dfs", tx_311_noresp, false),
    M("smb.server.capabilities", "none dfs", tx_311_error, false),
    M("smb.server.capabilities", "none dfs", tx_smb1_chose_smb1, false),
    /* smb.client.ciphers: 311 {AES-128-GCM, AES-128-CCM} */
    M("smb.client.ciphers", "any AES-128-GCM,AES-256-GCM", tx_311, true),
    M("smb.client.ciphers", "only AES-128-GCM, AES-128-CCM", tx_311, true),
    M("smb.client.ciphers", "only AES-128-GCM", tx_311, false),
    M("smb.client.ciphers", "all aes-128-gcm", tx_311, true),
    M("smb.client.ciphers", "all aes-128-gcm, aes-256-gcm", tx_311, false),
    M("smb.client.ciphers", "none AES-256-CCM, AES-256-GCM", tx_311, true),
    M("smb.client.ciphers", "any 0x0004", tx_311, false),
    M("smb.client.ciphers", "none AES-128-GCM", tx_210, false),
    M("smb.client.ciphers", "only AES-128-GCM", tx_210, false),
    M("smb.client.ciphers", "any AES-128-GCM", tx_210, false),
    M("smb.client.ciphers", "none AES-128-GCM", tx_smb1_wildcard, false),
    M("smb.client.ciphers", "none AES-128-GCM", tx_resp_only, false),
    /* smb.server.cipher: 311 AES-128-GCM */
    M("smb.server.cipher", "AES-128-GCM", tx_311, true),
    M("smb.server.cipher", "aes-128-gcm", tx_311, true),
    M("smb.server.cipher", "0x0002", tx_311, true),
    M("smb.server.cipher", "AES-128-CCM", tx_311, false),
    M("smb.server.cipher", "none", tx_311, false),
    M("smb.server.cipher", "none", tx_311_cipher0, true),
    M("smb.server.cipher", "AES-128-GCM", tx_311_cipher0, false),
    M("smb.server.cipher", "none", tx_311_noctx, true),
    M("smb.server.cipher", "AES-128-GCM", tx_311_noctx, false),
    /* below 3.1.1 no cipher is negotiated: the field is absent */
    M("smb.server.cipher", "none", tx_210, false),
    M("smb.server.cipher", "none", tx_300_noenc, false),
    M("smb.server.cipher", "AES-128-CCM", tx_300_enc, false),
    M("smb.server.cipher", "none", tx_smb1_wildcard, false),
    M("smb.server.cipher", "none", tx_smb1_chose_smb1, false),
    /* smb.cannot_encrypt: no cipher where the connection concluded */
    M("smb.cannot_encrypt", NULL, tx_311, false),
    M("smb.cannot_encrypt", NULL, tx_311_cipher0, true),
    M("smb.cannot_encrypt", NULL, tx_311_noctx, true),
    M("smb.cannot_encrypt", NULL, tx_300_enc, false),
    M("smb.cannot_encrypt", NULL, tx_300_noenc, true),
    M("smb.cannot_encrypt", NULL, tx_210, true),
    M("smb.cannot_encrypt", NULL, tx_downgrade_202, true),
    M("smb.cannot_encrypt", NULL, tx_smb1_chose_smb1, true),
    M("smb.cannot_encrypt", NULL, tx_smb1_none_chosen, false),
    M("smb.cannot_encrypt", NULL, tx_smb1_wildcard, false),
    M("smb.cannot_encrypt", NULL, tx_311_error, false),
    M("smb.cannot_encrypt", NULL, tx_311_noresp, false),
    M("smb.cannot_encrypt", NULL, tx_empty, false),
    M("smb.server.cipher", "none", tx_311_error, false),
    M("smb.server.cipher", "none", tx_311_noresp, false),
    M("smb.server.cipher", "none", tx_smb1_chose_smb1, false),
    /* smb.client.signing_algs: 311 {AES-CMAC, AES-GMAC} */
    M("smb.client.signing_algs", "any AES-GMAC", tx_311, true),
    M("smb.client.signing_algs", "all AES-CMAC, AES-GMAC", tx_311, true),
    M("smb.client.signing_algs", "only AES-CMAC", tx_311, false),
    M("smb.client.signing_algs", "none HMAC-SHA256", tx_311, true),
    M("smb.client.signing_algs", "none AES-CMAC", tx_210, false),
    M("smb.client.signing_algs", "any AES-CMAC", tx_210, false),
    M("smb.client.signing_algs", "none AES-CMAC", tx_smb1_wildcard, false),
    /* smb.server.signing_alg: 311 AES-GMAC */
    M("smb.server.signing_alg", "AES-GMAC", tx_311, true),
    M("smb.server.signing_alg", "aes-gmac", tx_311, true),
    M("smb.server.signing_alg", "AES-CMAC", tx_311, false),
    M("smb.server.signing_alg", "HMAC-SHA256", tx_311, false),
    M("smb.server.signing_alg", "HMAC-SHA256", tx_210, false),
    M("smb.server.signing_alg", "HMAC-SHA256", tx_311_error, false),
    /* smb.client.compression: 311 {LZ77, LZ4} */
    M("smb.client.compression", "any LZ77", tx_311, true),
    M("smb.client.compression", "only LZ77, LZ4", tx_311, true),
    M("smb.client.compression", "all LZ77, LZNT1", tx_311, false),
    M("smb.client.compression", "none NONE", tx_311, true),
    M("smb.client.compression", "none LZ77", tx_210, false),
    M("smb.client.compression", "none LZ77", tx_smb1_wildcard, false),
    /* smb.server.compression: 311 none, 311_compress {LZNT1} */
    M("smb.server.compression", "any LZNT1,LZ77,LZ77+Huffman,Pattern_V1,LZ4", tx_311, false),
    M("smb.server.compression", "any LZNT1,LZ77,LZ77+Huffman,Pattern_V1,LZ4", tx_311_compress,
      true),
    M("smb.server.compression", "only lznt1", tx_311_compress, true),
    M("smb.server.compression", "none LZNT1", tx_311_compress, false),
    M("smb.server.compression", "none LZNT1", tx_311, false),
    M("smb.server.compression", "none LZNT1", tx_311_error, false),
    M("smb.server.compression", "none LZNT1", tx_311_noresp, false),
    /* smb.client.contexts: 311 preauth, encryption, signing, compression, netname */
    M("smb.client.contexts", "any compression", tx_311, true),
    M("smb.client.contexts", "all preauth_integrity, encryption", tx_311, true),
    M("smb.client.contexts", "none posix, transport", tx_311, true),
    M("smb.client.contexts", "only preauth_integrity, encryption", tx_311, false),
    M("smb.client.contexts", "only preauth_integrity,encryption,signing,compression,netname",
      tx_311, true),
    M("smb.client.contexts", "any 0x0005", tx_311, true),
    M("smb.client.contexts", "any SMB2_NETNAME_NEGOTIATE_CONTEXT_ID", tx_311, true),
    M("smb.client.contexts", "none compression", tx_210, false),
    M("smb.client.contexts", "any compression", tx_210, false),
    M("smb.client.contexts", "none compression", tx_smb1_wildcard, false),
    /* smb.status */
    M("smb.status", "STATUS_NOT_SUPPORTED", tx_311_error, true),
    M("smb.status", "0xC00000BB", tx_311_error, true),
    M("smb.status", "status_not_supported", tx_311_error, true),
    M("smb.status", "STATUS_SUCCESS", tx_311_error, false),
    M("smb.status", "STATUS_SUCCESS", tx_311, true),
    M("smb.status", "STATUS_NOT_SUPPORTED", tx_311, false),
    M("smb.status", "STATUS_SUCCESS", tx_smb1_chose_smb1, true),
    M("smb.status", "STATUS_SUCCESS", tx_311_noresp, false),
    /* smb.client_guid */
    M("smb.client_guid", CLIENT_GUID, tx_311, true),
    M("smb.client_guid", "12345678-9ABC-DEF0-1122-334455667788", tx_311, true),
    M("smb.client_guid", ZERO_GUID, tx_311, false),
    M("smb.client_guid", ZERO_GUID, tx_210, true),
    M("smb.client_guid", ZERO_GUID, tx_smb1_wildcard, false),
    M("smb.client_guid", ZERO_GUID, tx_resp_only, false),
    /* smb.server_guid */
    M("smb.server_guid", SERVER_GUID, tx_311, true),
    M("smb.server_guid", CLIENT_GUID, tx_311, false),
    M("smb.server_guid", SERVER_GUID, tx_smb1_chose_smb1, true),
    M("smb.server_guid", SERVER_GUID, tx_311_noresp, false),
    M("smb.server_guid", ZERO_GUID, tx_311_error, false),
    /* smb.baseline: the verdict holds new-server only (row_verdict) */
    M("smb.baseline", "new-server", tx_311, true),
    M("smb.baseline", "server-dialect-drop, new-server", tx_311, true),
    M("smb.baseline", "server-dialect-drop,client-offer-drop,server-signing-drop", tx_311, false),
    M("smb.baseline", "new-client", tx_311, false),
    /* smb.netname: fileserver.corp.example */
    M("smb.netname", "FileServer.Corp.Example", tx_311, true),
    M("smb.netname", "\"fileserver.corp.example\"", tx_311, true),
    M("smb.netname", "fileserver", tx_311, false),
    M("smb.netname", "fileserver.corp.example.", tx_311, false),
    M("smb.netname", "fileserver.corp.example", tx_210, false),
    M("smb.netname", "fileserver.corp.example", tx_smb1_wildcard, false),
    /* ---- negation: `name:!value` is the field present and `name:value`
     * false; an absent field matches neither form ---- */
    M("smb.dialects", "!any 3.1.1", tx_311, false),
    M("smb.dialects", "!any 3.1.1", tx_210, true),
    M("smb.dialects", "! only 2.0.2, 2.1", tx_311, true),
    M("smb.dialects", "!only 2.0.2", tx_smb1_wildcard, false),
    M("smb.dialects", "!none 3.0", tx_resp_only, false),
    M("smb.dialects", "!any 3.1.1", tx_empty, false),
    M("smb.dialects.max", "!<=2.1", tx_311, true),
    M("smb.dialects.max", "!<=2.1", tx_210, false),
    M("smb.dialects.max", "!<=2.1", tx_smb1_202, false),
    M("smb.dialects.max", "!3.1.1", tx_empty, false),
    M("smb.dialects.min", "!2.0.2", tx_311, false),
    M("smb.dialects.min", "!>2.0.2", tx_311, true),
    M("smb.dialects.min", "!>2.0.2", tx_smb1_wildcard_only, false),
    M("smb.dialect", "!3.1.1", tx_311, false),
    M("smb.dialect", "!3.1.1", tx_210, true),
    M("smb.dialect", "!<3.0", tx_311, true),
    M("smb.dialect", "!<3.0", tx_smb1_wildcard, false),
    M("smb.dialect", "!3.1.1", tx_smb1_wildcard, false),
    M("smb.dialect", "!2.???", tx_smb1_wildcard, false),
    M("smb.dialect", "!2.???", tx_311, true),
    M("smb.dialect", "!3.1.1", tx_311_noresp, false),
    M("smb.dialect", "!3.1.1", tx_311_error, false),
    M("smb.version", "!1", tx_311, true),
    M("smb.version", "!1", tx_smb1_only, false),
    M("smb.version", "!2", tx_smb1_only, true),
    M("smb.version", "!2", tx_empty, false),
    M("smb1.dialects", "!any \"NT LM 0.12\"", tx_smb1_wildcard, false),
    M("smb1.dialects", "!any \"SMB 2.002\"", tx_smb1_only, true),
    M("smb1.dialects", "!any \"SMB 2.002\"", tx_311, false),
    M("smb1.dialect", "!any", tx_smb1_none_chosen, true),
    M("smb1.dialect", "!any", tx_smb1_chose_smb1, false),
    M("smb1.dialect", "!any", tx_smb1_wildcard, false),
    M("smb1.dialect", "!\"LANMAN1.0\"", tx_smb1_chose_smb1, true),
    M("smb1.dialect", "!\"NT LM 0.12\"", tx_smb1_chose_smb1, false),
    M("smb.client.signing", "!required", tx_311, true),
    M("smb.client.signing", "!required", tx_downgrade_202, false),
    M("smb.client.signing", "!not_required", tx_downgrade_202, true),
    M("smb.client.signing", "!required", tx_resp_only, false),
    M("smb.client.signing", "!required", tx_smb1_sign_required, true),
    M("smb.client.signing", "!enabled", tx_smb1_sign_enabled, false),
    M("smb.client.signing", "!enabled", tx_smb1_sign_required, true),
    M("smb.server.signing", "!required", tx_smb1_sign_required, false),
    M("smb.server.signing", "!required", tx_smb1_sign_enabled, true),
    M("smb.server.signing", "!required", tx_smb1_lanman, false),
    M("smb.server.signing", "!required", tx_311, false),
    M("smb.server.signing", "!required", tx_210, true),
    M("smb.server.signing", "!required", tx_311_noresp, false),
    M("smb.server.signing", "!required", tx_311_error, false),
    M("smb.client.capabilities", "!any encryption", tx_311, false),
    M("smb.client.capabilities", "!any encryption", tx_210, true),
    M("smb.client.capabilities", "!any encryption", tx_smb1_wildcard, false),
    M("smb.server.capabilities", "!any encryption", tx_311, true),
    M("smb.server.capabilities", "!any encryption", tx_311_error, false),
    M("smb.server.capabilities", "!only dfs", tx_210, false),
    M("smb.client.ciphers", "!any AES-128-GCM", tx_311, false),
    M("smb.client.ciphers", "!all AES-128-GCM, AES-256-GCM", tx_311, true),
    M("smb.client.ciphers", "!any AES-128-GCM", tx_smb1_wildcard, false),
    M("smb.server.cipher", "!none", tx_311, true),
    M("smb.server.cipher", "!none", tx_311_cipher0, false),
    M("smb.server.cipher", "!none", tx_311_noctx, false),
    M("smb.server.cipher", "!none", tx_210, false),
    M("smb.server.cipher", "!none", tx_300_enc, false),
    M("smb.server.cipher", "!AES-128-GCM", tx_300_noenc, false),
    M("smb.server.cipher", "!AES-128-GCM", tx_311_cipher0, true),
    M("smb.server.cipher", "!AES-128-GCM", tx_311, false),
    M("smb.server.cipher", "!none", tx_311_noresp, false),
    M("smb.client.signing_algs", "!any AES-GMAC", tx_311, false),
    M("smb.client.signing_algs", "!only AES-GMAC", tx_311, true),
    M("smb.client.signing_algs", "!any AES-GMAC", tx_resp_only, false),
    M("smb.server.signing_alg", "!AES-GMAC", tx_311, false),
    M("smb.server.signing_alg", "!AES-CMAC", tx_311, true),
    M("smb.server.signing_alg", "!AES-CMAC", tx_210, false),
    M("smb.client.compression", "!any LZ77", tx_311, false),
    M("smb.client.compression", "!all LZ77, LZNT1", tx_311, true),
    M("smb.client.compression", "!any LZ77", tx_smb1_wildcard, false),
    M("smb.server.compression", "!any LZNT1", tx_311, false),
    M("smb.server.compression", "!any LZNT1", tx_311_compress, false),
    M("smb.server.compression", "!any LZNT1", tx_311_error, false),
    M("smb.client.contexts", "!any compression", tx_311, false),
    M("smb.client.contexts", "!any posix", tx_311, true),
    M("smb.client.contexts", "!any compression", tx_smb1_wildcard, false),
    M("smb.status", "!STATUS_SUCCESS", tx_311_error, true),
    M("smb.status", "!STATUS_SUCCESS", tx_311, false),
    M("smb.status", "!STATUS_SUCCESS", tx_311_noresp, false),
    M("smb.client_guid", "!" ZERO_GUID, tx_311, true),
    M("smb.client_guid", "!" ZERO_GUID, tx_210, false),
    M("smb.client_guid", "!" ZERO_GUID, tx_smb1_wildcard, false),
    M("smb.server_guid", "!" SERVER_GUID, tx_311, false),
    M("smb.server_guid", "!" CLIENT_GUID, tx_311, true),
    M("smb.server_guid", "!" CLIENT_GUID, tx_311_noresp, false),
    M("smb.netname", "!\"srv\"", tx_311, true),
    M("smb.netname", "! \"FileServer.Corp.Example\"", tx_311, false),
    M("smb.netname", "!fileserver.corp.example", tx_311, false),
    M("smb.netname", "\"!fileserver.corp.example\"", tx_311, false), /* quoted: a name */
    /* smb.baseline: judged (row_verdict: new-server holds) without the condition */
    M("smb.baseline", "!server-dialect-drop", tx_311, true),
    M("smb.baseline", "!new-server", tx_311, false),
    M("smb.baseline", "!client-offer-drop,new-server", tx_311, false),
    M("smb.netname", "!\"srv\"", tx_210, false),
    M("smb.netname", "!\"srv\"", tx_smb1_wildcard, false),
    /* ---- the empty offer (doc/rules.md): no operator, negated or not,
     * matches an empty list ---- */
    M("smb.dialects", "!any 3.1.1", tx_smb1_only, false),
    M("smb.dialects", "only 2.0.2", tx_smb1_only, false),
    M("smb.client.ciphers", "!any AES-128-GCM", tx_210, false),
    M("smb.client.ciphers", "all AES-128-GCM", tx_210, false),
    M("smb.client.signing_algs", "!any AES-CMAC", tx_210, false),
    M("smb.client.compression", "!only LZ77", tx_210, false),
    M("smb.server.compression", "!none LZNT1", tx_311, false),
    M("smb.server.compression", "!none LZNT1", tx_311_compress, true),
    M("smb.server.compression", "none LZ77", tx_311_compress, true),
    M("smb.client.contexts", "!any compression", tx_210, false),
    M("smb.client.contexts", "only compression", tx_210, false),
    /* capabilities are a word every SMB2 message carries: 0 is a value */
    M("smb.client.capabilities", "!any dfs", tx_210, true),
#undef M
};

START_TEST(test_match)
{
    bool r = kw_run(matches[_i].kw, matches[_i].value, matches[_i].build);
    ck_assert_msg(r == matches[_i].match, "%s:%s on %s: got %d, want %d", matches[_i].kw,
                  matches[_i].value ? matches[_i].value : "", matches[_i].tx_name, r,
                  matches[_i].match);
}
END_TEST

/* Every keyword of the negotiation phase has at least one matching and one
 * non-matching row (the session keywords: check_kw_smb_session.c). */
START_TEST(test_match_coverage)
{
    for (size_t k = 0; k < kw_table_smb.n; k++) {
        const char *name = kw_table_get(&kw_table_smb, k)->name;
        if (kw_table_get(&kw_table_smb, k)->phase != KW_PHASE_NEGOTIATE)
            continue;
        bool yes = false, no = false;
        for (size_t i = 0; i < NROWS(matches); i++) {
            if (strcmp(matches[i].kw, name) == 0)
                *(matches[i].match ? &yes : &no) = true;
        }
        ck_assert_msg(yes && no, "%s lacks a %s row", name, yes ? "non-matching" : "matching");
        if (!kw_table_get(&kw_table_smb, k)->has_value)
            continue;
        yes = no = false;
        for (size_t i = 0; i < NROWS(matches); i++) {
            if (strcmp(matches[i].kw, name) == 0 && matches[i].value[0] == '!' &&
                matches[i].value[1] != '=')
                *(matches[i].match ? &yes : &no) = true;
        }
        ck_assert_msg(yes && no, "%s lacks a negated %s row", name,
                      yes ? "non-matching" : "matching");
    }
}
END_TEST

/* A bare keyword has no negated form: `smb.cannot_encrypt:!x` is refused
 * with a reason (write smb.server.cipher:!none for "a 3.1.1 cipher"). */
START_TEST(test_bare_negation_refused)
{
    static const struct detect_cfg cfg = {NULL, 0, NULL, 0, NULL};
    struct detect_class_table classes;
    struct rule_parse_ctx ctx = {&cfg, &classes, NULL};
    struct rule_error err;
    ck_assert_int_eq(detect_class_init(&classes), 0);
    struct rule *r =
        rule_parse(&ctx, "alert smb any any -> any any (smb.cannot_encrypt:!x; sid:1;)", &err);
    ck_assert_ptr_null(r);
    ck_assert_msg(strstr(err.msg, "cannot negate smb.cannot_encrypt") != NULL, "%s", err.msg);
    detect_class_deinit(&classes);
}
END_TEST

/* smb.baseline: any listed condition; the evidence is the first listed
 * condition that holds; no verdict (baselines off): never. */
START_TEST(test_baseline_evidence)
{
    const struct kw *k = kw_get("smb.baseline");
    struct baseline_verdict v;
    struct smb_tx tx;
    void *data = NULL;
    char err[256] = "";
    memset(&v, 0, sizeof(v));
    memset(&tx, 0, sizeof(tx));
    tx_311(&tx);
    v.holds = 1u << BL_SERVER_CIPHER_DROP | 1u << BL_CLIENT_OFFER_DROP;
    v.f[BL_SERVER_CIPHER_DROP].cond = BL_SERVER_CIPHER_DROP;
    v.f[BL_CLIENT_OFFER_DROP].cond = BL_CLIENT_OFFER_DROP;
    ck_assert_int_eq(k->setup("server-dialect-drop, server-cipher-drop ,client-offer-drop", &data,
                              err, sizeof(err)), 0);
    struct kw_match_ctx m = {.tx = &tx, .f = NULL, .bl = &v};
    ck_assert(k->match(&m, data));
    ck_assert_ptr_eq(k->evidence(&m, data), &v.f[BL_SERVER_CIPHER_DROP]);
    m.bl = NULL;
    ck_assert(!k->match(&m, data));
    ck_assert_ptr_null(k->evidence(&m, data));
    k->free(data);
    data = NULL;
    ck_assert_int_eq(k->setup("client-offer-drop,server-cipher-drop", &data, err, sizeof(err)),
                     0);
    m.bl = &v;
    ck_assert_ptr_eq(k->evidence(&m, data), &v.f[BL_CLIENT_OFFER_DROP]);
    k->free(data);
    /* refusals name the bad item */
    data = NULL;
    ck_assert_int_eq(k->setup("server-dialect-drop,downgrade", &data, err, sizeof(err)), -1);
    ck_assert_ptr_nonnull(strstr(err, "'downgrade'"));
    ck_assert_int_eq(k->setup("new-server,", &data, err, sizeof(err)), -1);
    ck_assert_ptr_nonnull(strstr(err, "empty"));
    ck_assert_ptr_null(data);
}
END_TEST

/* The keywords marked skip_wildcard are exactly those about the client's
 * offer or a downgrade; detect.c never evaluates them on a wildcard tx. */
START_TEST(test_wildcard_tx)
{
    struct smb_tx tx;
    memset(&tx, 0, sizeof(tx));
    tx_smb1_wildcard(&tx);
    ck_assert(smb_tx_is_wildcard(&tx));
    ck_assert(kw_get("smb.dialects")->skip_wildcard);
    ck_assert(kw_get("smb.dialects.max")->skip_wildcard);
    ck_assert(kw_get("smb.dialects.min")->skip_wildcard);
    ck_assert(kw_get("smb.downgrade")->skip_wildcard);
    ck_assert(!kw_get("smb.dialect")->skip_wildcard);
    /* smb.dialect:2.??? is how a rule names this step */
    ck_assert(kw_run("smb.dialect", "2.???", tx_smb1_wildcard));
}
END_TEST

/* ------------------------------------------------------------------------
 * Runner
 * ------------------------------------------------------------------------ */

static Suite *kw_smb_match_suite(void)
{
    Suite *s = suite_create("kw_smb_match");
    TCase *tc = tcase_create("match");
    tcase_add_loop_test(tc, test_match, 0, (int)NROWS(matches));
    tcase_add_test(tc, test_match_coverage);
    tcase_add_test(tc, test_bare_negation_refused);
    tcase_add_test(tc, test_wildcard_tx);
    tcase_add_test(tc, test_baseline_evidence);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(kw_smb_match_suite());
}
