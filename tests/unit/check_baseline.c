/* check_baseline.c - unit tests for the baseline model (src/baseline/
 * baseline.c) over the memory store (store-memory.c): a truth table of
 * every smb.baseline condition, each with a history of earlier
 * negotiations and the one judged, including "fewer than
 * min-observations: no alert" and max-age; the evidence of each finding;
 * the store's growth and reset.  The values are MS-SMB2's: dialects
 * 2.2.3, ciphers 2.2.3.1.2 (AES-128-CCM 1, AES-128-GCM 2, AES-256-CCM 3,
 * AES-256-GCM 4), SecurityMode 2.2.4 (0x1 enabled, 0x2 required). */
#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline/baseline-record.h"
#include "baseline/baseline.h"
#include "helpers/run.h"

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))
#define H(c) (1u << (c))
#define CIPHER_NONE 0xFFFF

/* A change to the standard negotiation (0: keep the standard value). */
struct mod {
    uint16_t chosen;      /* SMB2 dialect chosen */
    uint16_t offer_max;   /* the client offers 2.0.2 .. this */
    bool smb1;            /* an SMB1 dialect chosen */
    bool not_required;    /* the server's SecurityMode: enabled, not required */
    uint16_t cipher;      /* CIPHER_NONE: no cipher */
    uint8_t ciphers;      /* bits 1 << id offered */
    uint8_t server_guid;  /* first byte of the server GUID */
    uint8_t client_ip;    /* last byte of the client address */
    uint8_t client_guid;  /* first byte of the client GUID; 0xFF: none */
};

static const uint16_t dialects[] = {0x0202, 0x0210, 0x0300, 0x0302, 0x0311};

/* The standard negotiation: 10.0.0.1 offers 2.0.2-3.1.1 and every cipher,
 * 10.0.0.2 chooses 3.1.1, requires signing, AES-128-GCM, GUID 0x51... */
static struct baseline_obs obs_make(const struct mod *m, int64_t ts)
{
    struct baseline_obs o;
    memset(&o, 0, sizeof(o));
    o.ts = ts;
    o.ip_v = 4;
    memcpy(o.server_ip, (const uint8_t[]){10, 0, 0, 2}, 4);
    memcpy(o.client_ip, (const uint8_t[]){10, 0, 0, m->client_ip ? m->client_ip : 1}, 4);
    o.has_client_guid = m->client_guid != 0xFF;
    memset(o.client_guid, m->client_guid && m->client_guid != 0xFF ? m->client_guid : 0xC1, 16);
    o.has_server_guid = !m->smb1;
    memset(o.server_guid, m->server_guid ? m->server_guid : 0x51, 16);
    uint16_t max = m->offer_max ? m->offer_max : 0x0311;
    for (size_t i = 0; i < NROWS(dialects) && dialects[i] <= max; i++) {
        o.offered |= baseline_dialect_bit(dialects[i]);
        o.offered_max = dialects[i];
    }
    o.smb1 = m->smb1;
    o.smb2 = !m->smb1;
    o.chosen = m->smb1 ? 0 : m->chosen ? m->chosen : 0x0311;
    o.server_signing_known = !m->smb1;
    o.server_signing_required = !m->smb1 && !m->not_required;
    o.server_signing_enabled = !m->smb1;
    /* encryption contexts come with a 3.1.1 offer only */
    o.ciphers_offered = max < 0x0311 ? 0 : m->ciphers ? m->ciphers : 0x1E;
    o.cipher = m->cipher == CIPHER_NONE ? 0 : m->cipher ? m->cipher : 0x0002;
    return o;
}

struct bl_row {
    const char *name;
    unsigned n_hist;      /* earlier negotiations, at ts 1000, 1001, ... */
    struct mod hist, cur;
    int64_t cur_ts;       /* 0: 2000 */
    uint32_t min_obs;     /* 0: 2 */
    uint32_t max_age;
    uint32_t holds;       /* the conditions that must hold, exactly */
    enum baseline_cond ev; /* the finding checked */
    const char *host, *was, *now;
};

static const struct bl_row rows[] = {
    {"first negotiation: new server and new client", 0, {0}, {0}, 0, 0, 0,
     H(BL_NEW_SERVER) | H(BL_NEW_CLIENT), BL_NEW_SERVER, "10.0.0.2", "", "3.1.1"},
    {"same as before: nothing", 2, {0}, {0}, 0, 0, 0, 0, 0, NULL, NULL, NULL},
    {"3.1.1 twice, then 2.0.2 for a 3.1.1 offer: dialect drop", 2, {0}, {.chosen = 0x0202}, 0, 0,
     0, H(BL_SERVER_DIALECT_DROP), BL_SERVER_DIALECT_DROP, "10.0.0.2", "3.1.1", "2.0.2"},
    {"3.1.1 once, then 2.0.2: fewer than min-observations", 1, {0}, {.chosen = 0x0202}, 0, 0, 0,
     0, 0, NULL, NULL, NULL},
    {"min-observations 3, two earlier: nothing", 2, {0}, {.chosen = 0x0202}, 0, 3, 0, 0, 0, NULL,
     NULL, NULL},
    {"min-observations 3, three earlier: dialect drop", 3, {0}, {.chosen = 0x0300}, 0, 3, 0,
     H(BL_SERVER_DIALECT_DROP), BL_SERVER_DIALECT_DROP, "10.0.0.2", "3.1.1", "3.0"},
    {"2.1 always: a server that always chose 2.1 never alerts", 3,
     {.chosen = 0x0210, .cipher = CIPHER_NONE}, {.chosen = 0x0210, .cipher = CIPHER_NONE}, 0, 0,
     0, 0, 0, NULL, NULL, NULL},
    {"client offers up to 3.0.2 only, server 3.0.2: offer drop (by its GUID), no dialect drop",
     2, {0}, {.chosen = 0x0302, .offer_max = 0x0302, .cipher = CIPHER_NONE}, 0, 0, 0,
     H(BL_CLIENT_OFFER_DROP), BL_CLIENT_OFFER_DROP,
     "guid:c1c1c1c1-c1c1-c1c1-c1c1-c1c1c1c1c1c1", "3.1.1", "3.0.2"},
    {"offer drop, fewer than min-observations", 1, {0},
     {.chosen = 0x0202, .offer_max = 0x0202}, 0, 0, 0, 0, 0, NULL, NULL, NULL},
    {"offer drop seen by the GUID, from another address", 2, {0},
     {.chosen = 0x0210, .offer_max = 0x0210, .client_ip = 9, .cipher = CIPHER_NONE}, 0, 0, 0,
     H(BL_CLIENT_OFFER_DROP), BL_CLIENT_OFFER_DROP,
     "guid:c1c1c1c1-c1c1-c1c1-c1c1-c1c1c1c1c1c1", "3.1.1", "2.1"},
    {"2.0.2-only without a GUID before, SMB1 only now: offer drop (by the address) to none", 2,
     {.chosen = 0x0202, .offer_max = 0x0202, .client_guid = 0xFF, .cipher = CIPHER_NONE},
     {.smb1 = true, .offer_max = 0x0100, .client_guid = 0xFF}, 0, 0, 0,
     H(BL_CLIENT_OFFER_DROP), BL_CLIENT_OFFER_DROP, "10.0.0.1", "2.0.2", "none"},
    {"GUID-less offer drop, fewer than min-observations", 1,
     {.chosen = 0x0202, .offer_max = 0x0202, .client_guid = 0xFF, .cipher = CIPHER_NONE},
     {.smb1 = true, .offer_max = 0x0100, .client_guid = 0xFF}, 0, 0, 0, 0, 0, NULL, NULL, NULL},
    {"SMB1 only now, the address seen only with a GUID before: nothing (another client)", 2,
     {0}, {.smb1 = true, .offer_max = 0x0100, .client_guid = 0xFF}, 0, 0, 0, 0, 0, NULL, NULL,
     NULL},
    {"2.0.2-only without a GUID, the address seen only with a GUID: nothing (NAT)", 2, {0},
     {.chosen = 0x0202, .offer_max = 0x0202, .client_guid = 0xFF, .cipher = CIPHER_NONE}, 0, 0,
     0, 0, 0, NULL, NULL, NULL},
    {"a new GUID at a known address offers less: judged by the address, offer drop", 2, {0},
     {.chosen = 0x0210, .offer_max = 0x0210, .client_guid = 0xD2, .cipher = CIPHER_NONE}, 0, 0,
     0, H(BL_CLIENT_OFFER_DROP), BL_CLIENT_OFFER_DROP, "10.0.0.1", "3.1.1", "2.1"},
    {"signing required before, not now: signing drop", 2, {0}, {.not_required = true}, 0, 0, 0,
     H(BL_SERVER_SIGNING_DROP), BL_SERVER_SIGNING_DROP, "10.0.0.2", "required", "enabled"},
    {"signing drop, fewer than min-observations", 1, {0}, {.not_required = true}, 0, 0, 0, 0, 0,
     NULL, NULL, NULL},
    {"never required: nothing", 2, {.not_required = true}, {.not_required = true}, 0, 0, 0, 0, 0,
     NULL, NULL, NULL},
    {"AES-128-GCM before, AES-128-CCM now: cipher drop", 2, {0}, {.cipher = 0x0001}, 0, 0, 0,
     H(BL_SERVER_CIPHER_DROP), BL_SERVER_CIPHER_DROP, "10.0.0.2", "AES-128-GCM", "AES-128-CCM"},
    {"AES-256-GCM before, AES-128-GCM now: cipher drop", 2, {.cipher = 0x0004},
     {.cipher = 0x0002}, 0, 0, 0, H(BL_SERVER_CIPHER_DROP), BL_SERVER_CIPHER_DROP, "10.0.0.2",
     "AES-256-GCM", "AES-128-GCM"},
    {"AES-256-CCM before, AES-128-CCM now: cipher drop", 2, {.cipher = 0x0003},
     {.cipher = 0x0001}, 0, 0, 0, H(BL_SERVER_CIPHER_DROP), BL_SERVER_CIPHER_DROP, "10.0.0.2",
     "AES-256-CCM", "AES-128-CCM"},
    {"AES-128-GCM before, no cipher now: cipher drop to none", 2, {0}, {.cipher = CIPHER_NONE},
     0, 0, 0, H(BL_SERVER_CIPHER_DROP), BL_SERVER_CIPHER_DROP, "10.0.0.2", "AES-128-GCM",
     "none"},
    {"cipher drop, but the client offered only CCM: nothing", 2, {0},
     {.cipher = 0x0001, .ciphers = 1u << 1}, 0, 0, 0, 0, 0, NULL, NULL, NULL},
    {"a stronger cipher: nothing", 2, {0}, {.cipher = 0x0004}, 0, 0, 0, 0, 0, NULL, NULL, NULL},
    {"cipher drop, fewer than min-observations", 1, {0}, {.cipher = 0x0001}, 0, 0, 0, 0, 0, NULL,
     NULL, NULL},
    {"another server GUID: GUID change", 2, {0}, {.server_guid = 0x66}, 0, 0, 0,
     H(BL_SERVER_GUID_CHANGE), BL_SERVER_GUID_CHANGE, "10.0.0.2",
     "51515151-5151-5151-5151-515151515151", "66666666-6666-6666-6666-666666666666"},
    {"GUID change, fewer than min-observations", 1, {0}, {.server_guid = 0x66}, 0, 0, 0, 0, 0,
     NULL, NULL, NULL},
    {"a new client of a known server: new client", 2, {0},
     {.client_ip = 7, .client_guid = 0x77}, 0, 0, 0, H(BL_NEW_CLIENT), BL_NEW_CLIENT, "10.0.0.7",
     "", "3.1.1"},
    {"every server drop at once", 2, {0},
     {.chosen = 0x0202, .not_required = true, .cipher = CIPHER_NONE, .server_guid = 0x66}, 0, 0,
     0, H(BL_SERVER_DIALECT_DROP) | H(BL_SERVER_SIGNING_DROP) | H(BL_SERVER_CIPHER_DROP) |
            H(BL_SERVER_GUID_CHANGE), BL_SERVER_DIALECT_DROP, "10.0.0.2", "3.1.1", "2.0.2"},
    {"max-age 3600, unseen 3601 s: starts over (new), no drop", 2, {0}, {.chosen = 0x0202},
     1001 + 3601, 0, 3600, H(BL_NEW_SERVER) | H(BL_NEW_CLIENT), BL_NEW_SERVER, "10.0.0.2", "",
     "2.0.2"},
    {"max-age 3600, unseen 3600 s: dialect drop", 2, {0}, {.chosen = 0x0202}, 1001 + 3600, 0,
     3600, H(BL_SERVER_DIALECT_DROP), BL_SERVER_DIALECT_DROP, "10.0.0.2", "3.1.1", "2.0.2"},
};

static struct baseline *bl_open(uint32_t min_obs, uint32_t max_age)
{
    struct baseline_cfg c = {.store = "memory", .min_observations = min_obs ? min_obs : 2,
                             .max_age = max_age};
    struct baseline *b = baseline_new(&c);
    ck_assert_ptr_nonnull(b);
    return b;
}

START_TEST(test_truth_table)
{
    const struct bl_row *r = &rows[_i];
    struct baseline *b = bl_open(r->min_obs, r->max_age);
    struct baseline_verdict v;
    for (unsigned i = 0; i < r->n_hist; i++) {
        struct baseline_obs h = obs_make(&r->hist, 1000 + i);
        ck_assert_int_eq(baseline_learn(b, &h), 0);
    }
    struct baseline_obs o = obs_make(&r->cur, r->cur_ts ? r->cur_ts : 2000);
    ck_assert_int_eq(baseline_judge(b, &o, &v), 0);
    ck_assert_msg(v.holds == r->holds, "%s: holds 0x%x, expected 0x%x", r->name, v.holds,
                  r->holds);
    if (r->host) {
        const struct baseline_finding *f = &v.f[r->ev];
        ck_assert_int_eq(f->cond, r->ev);
        ck_assert_str_eq(f->host, r->host);
        ck_assert_str_eq(f->was, r->was);
        ck_assert_str_eq(f->now, r->now);
        bool fresh = r->ev == BL_NEW_SERVER || r->ev == BL_NEW_CLIENT;
        ck_assert_uint_eq(f->observations, fresh ? 0 : r->n_hist);
        ck_assert_int_eq(f->first_seen, fresh ? 0 : 1000);
        ck_assert_int_eq(f->last_seen, fresh ? 0 : 1000 + (int64_t)r->n_hist - 1);
    }
    ck_assert_int_eq(baseline_free(b), 0);
}
END_TEST

/* Judging changes nothing: the same verdict twice; learning then moves the
 * server's best. */
START_TEST(test_judge_is_pure)
{
    struct baseline *b = bl_open(2, 0);
    struct baseline_verdict v1, v2;
    struct mod std = {0}, low = {.chosen = 0x0202};
    for (int i = 0; i < 2; i++) {
        struct baseline_obs h = obs_make(&std, 1000 + i);
        baseline_learn(b, &h);
    }
    struct baseline_obs o = obs_make(&low, 2000);
    baseline_judge(b, &o, &v1);
    baseline_judge(b, &o, &v2);
    ck_assert_uint_eq(v1.holds, H(BL_SERVER_DIALECT_DROP));
    ck_assert_uint_eq(v2.holds, v1.holds);
    ck_assert_uint_eq(baseline_stats(b)->judged, 2);
    ck_assert_uint_eq(baseline_stats(b)->learnt, 2);
    baseline_learn(b, &o);
    baseline_judge(b, &o, &v1); /* best stays 3.1.1: still a drop, 3 seen */
    ck_assert_uint_eq(v1.f[BL_SERVER_DIALECT_DROP].observations, 3);
    baseline_free(b);
}
END_TEST

/* 1000 servers (the table grows past its first size), then reset. */
START_TEST(test_many_hosts_and_reset)
{
    struct baseline *b = bl_open(2, 0);
    struct baseline_verdict v;
    struct mod std = {0};
    for (int i = 0; i < 1000; i++) {
        struct baseline_obs o = obs_make(&std, 1000);
        o.server_ip[2] = (uint8_t)(i >> 8);
        o.server_ip[3] = (uint8_t)i;
        ck_assert_int_eq(baseline_learn(b, &o), 0);
    }
    for (int i = 0; i < 1000; i++) {
        struct baseline_obs o = obs_make(&std, 1001);
        o.server_ip[2] = (uint8_t)(i >> 8);
        o.server_ip[3] = (uint8_t)i;
        baseline_judge(b, &o, &v);
        ck_assert_uint_eq(v.holds, 0);
    }
    ck_assert_int_eq(baseline_reset(b), 0);
    struct baseline_obs o = obs_make(&std, 1002);
    baseline_judge(b, &o, &v);
    ck_assert_uint_eq(v.holds, H(BL_NEW_SERVER) | H(BL_NEW_CLIENT));
    baseline_free(b);
}
END_TEST

START_TEST(test_names)
{
    enum baseline_cond c;
    for (unsigned i = 0; i < BL_COND_COUNT; i++) {
        ck_assert_int_eq(baseline_cond_parse(baseline_cond_name((enum baseline_cond)i), &c), 0);
        ck_assert_uint_eq(c, i);
    }
    ck_assert_str_eq(baseline_cond_name(BL_SERVER_CIPHER_DROP), "server-cipher-drop");
    ck_assert_int_eq(baseline_cond_parse("server-dialect-drops", &c), -1);
    ck_assert_ptr_null(baseline_cond_name(BL_COND_COUNT));
    /* AES-256-GCM > AES-128-GCM > AES-256-CCM > AES-128-CCM > none */
    ck_assert_uint_gt(baseline_cipher_rank(4), baseline_cipher_rank(2));
    ck_assert_uint_gt(baseline_cipher_rank(2), baseline_cipher_rank(3));
    ck_assert_uint_gt(baseline_cipher_rank(3), baseline_cipher_rank(1));
    ck_assert_uint_gt(baseline_cipher_rank(1), baseline_cipher_rank(0));
    ck_assert_uint_eq(baseline_dialect_bit(0x02FF), 0);
    struct baseline_cfg bad = {.store = "nosuch", .min_observations = 2};
    ck_assert_ptr_null(baseline_new(&bad));
}
END_TEST

/* The text codec of the SQLite and redis stores: every field of both
 * record kinds survives fields -> text -> set, and the texts are the
 * MS-SMB2 names. */
START_TEST(test_record_roundtrip)
{
    struct bl_key ks, kc, kg;
    /* static: their padding is zero, so memcmp compares the fields */
    static struct bl_server s = {.n = 7, .first_seen = 1795509715, .last_seen = 1795509739,
                          .best_dialect = 0x0311, .n_smb2 = 6, .n_signing_required = 2,
                          .best_cipher = 4, .ciphers = 1u << 2 | 1u << 4, .signing_algs = 1u << 1,
                          .smb1 = true, .n_guids = 2};
    static struct bl_client c = {.n = 3, .first_seen = 5, .last_seen = 9, .best_offered = 0x0302,
                          .n_signing_required = 1, .ciphers = 1u << 1, .has_guid = 1,
                          .guidless = {.n = 2, .first_seen = 6, .last_seen = 8,
                                       .best_offered = 0x0202}};
    struct bl_server s2;
    struct bl_client c2;
    struct bl_field f[BL_MAX_FIELDS];
    char text[BL_KEY_TEXT];
    s.dialects = (uint16_t)(baseline_dialect_bit(0x0202) | baseline_dialect_bit(0x0311));
    c.offered = (uint16_t)(baseline_dialect_bit(0x0210) | baseline_dialect_bit(0x0302));
    c.contexts = 1u << 1 | 1u << 2 | 1u << 8;
    memset(s.guids[0], 0x11, 16);
    memset(s.guids[1], 0x22, 16);
    memset(c.guid, 0x33, 16);
    ck_assert_int_eq(bl_key_from_text(BL_KEY_SERVER, "fd77::2", &ks), 0);
    ck_assert_int_eq(bl_key_to_text(&ks, text), 0);
    ck_assert_str_eq(text, "fd77::2");
    ck_assert_int_eq(bl_key_from_text(BL_KEY_CLIENT_IP, "10.77.0.1", &kc), 0);
    ck_assert_int_eq(kc.ip_v, 4);
    ck_assert_int_eq(bl_key_from_text(BL_KEY_CLIENT_IP,
                                      "guid:62d0c89c-cfee-47d9-8c95-f17d0c413f19", &kg), 0);
    ck_assert_int_eq(kg.kind, BL_KEY_CLIENT_GUID);
    ck_assert_int_eq(bl_key_to_text(&kg, text), 0);
    ck_assert_str_eq(text, "guid:62d0c89c-cfee-47d9-8c95-f17d0c413f19");
    ck_assert_int_eq(bl_key_from_text(BL_KEY_SERVER, "not-an-address", &ks), -1);
    ck_assert_int_eq(bl_key_from_text(BL_KEY_SERVER, "10.77.0.2", &ks), 0);

    size_t n = bl_record_fields(&ks, &s, f);
    memset(&s2, 0, sizeof(s2));
    for (size_t i = 0; i < n; i++) {
        if (strcmp(f[i].name, "negotiations") == 0)
            ck_assert_str_eq(f[i].text, "7");
        if (strcmp(f[i].name, "first_seen") == 0)
            ck_assert_str_eq(f[i].text, "1795509715");
        if (strcmp(f[i].name, "smb2_responses") == 0)
            ck_assert_str_eq(f[i].text, "6");
        if (strcmp(f[i].name, "best_dialect") == 0)
            ck_assert_str_eq(f[i].text, "3.1.1");
        if (strcmp(f[i].name, "dialects") == 0)
            ck_assert_str_eq(f[i].text, "2.0.2,3.1.1");
        if (strcmp(f[i].name, "best_cipher") == 0)
            ck_assert_str_eq(f[i].text, "AES-256-GCM");
        if (strcmp(f[i].name, "ciphers") == 0)
            ck_assert_str_eq(f[i].text, "AES-128-GCM,AES-256-GCM");
        if (strcmp(f[i].name, "signing_algs") == 0)
            ck_assert_str_eq(f[i].text, "AES-CMAC");
        bl_record_set(&ks, &s2, f[i].name, f[i].text);
    }
    ck_assert_int_eq(memcmp(&s, &s2, sizeof(s)), 0);
    n = bl_record_fields(&kc, &c, f);
    memset(&c2, 0, sizeof(c2));
    for (size_t i = 0; i < n; i++) {
        if (strcmp(f[i].name, "contexts") == 0)
            ck_assert_str_eq(f[i].text, "preauth_integrity,encryption,signing");
        if (strcmp(f[i].name, "guidless_best_offered") == 0)
            ck_assert_str_eq(f[i].text, "2.0.2");
        bl_record_set(&kc, &c2, f[i].name, f[i].text);
    }
    ck_assert_int_eq(memcmp(&c, &c2, sizeof(c)), 0);
    bl_record_set(&kc, &c2, "from_a_newer_smbneg", "x"); /* ignored */
    ck_assert_int_eq(memcmp(&c, &c2, sizeof(c)), 0);
    /* integers as text: 0, negative, the extremes */
    static const int64_t ints[] = {0, -5, 9223372036854775807LL, -9223372036854775807LL - 1};
    static const char *const texts[] = {"0", "-5", "9223372036854775807",
                                        "-9223372036854775808"};
    for (size_t j = 0; j < NROWS(ints); j++) {
        c2 = c;
        c2.first_seen = ints[j];
        bl_record_fields(&kc, &c2, f);
        ck_assert_str_eq(f[1].name, "first_seen");
        ck_assert_str_eq(f[1].text, texts[j]);
    }
}
END_TEST

/* client-offer-drop at one address used by a GUID client (3.1.1), by
 * GUID-less ones (2.0.2 only) and by a second GUID client (2.1): a known
 * GUID is judged against its own history, a new one against the address's,
 * a GUID-less request against the address's GUID-less ones. */
START_TEST(test_offer_by_guid_else_by_address)
{
    struct baseline *b = bl_open(2, 0);
    struct baseline_verdict v;
    struct mod guid = {0}, guidless = {.chosen = 0x0202, .offer_max = 0x0202,
                                       .client_guid = 0xFF, .cipher = CIPHER_NONE};
    for (int i = 0; i < 3; i++) {
        struct baseline_obs h = obs_make(&guid, 1000 + i);
        ck_assert_int_eq(baseline_learn(b, &h), 0);
    }
    for (int i = 0; i < 2; i++) {
        struct baseline_obs h = obs_make(&guidless, 1010 + i);
        ck_assert_int_eq(baseline_learn(b, &h), 0);
    }
    /* a 2.0.2-only request again: as the GUID-less ones before, nothing */
    struct baseline_obs o = obs_make(&guidless, 2000);
    ck_assert_int_eq(baseline_judge(b, &o, &v), 0);
    ck_assert_uint_eq(v.holds, 0);
    /* SMB1 only: below the GUID-less 2.0.2, judged on the 2 GUID-less ones */
    struct mod smb1 = {.smb1 = true, .offer_max = 0x0100, .client_guid = 0xFF};
    o = obs_make(&smb1, 2000);
    baseline_judge(b, &o, &v);
    ck_assert_uint_eq(v.holds, H(BL_CLIENT_OFFER_DROP));
    const struct baseline_finding *f = &v.f[BL_CLIENT_OFFER_DROP];
    ck_assert_str_eq(f->host, "10.0.0.1");
    ck_assert_str_eq(f->was, "2.0.2");
    ck_assert_uint_eq(f->observations, 2);
    ck_assert_int_eq(f->first_seen, 1010);
    ck_assert_int_eq(f->last_seen, 1011);
    /* the GUID client offering 2.1 now: judged on its own 3 negotiations */
    struct mod low = {.chosen = 0x0210, .offer_max = 0x0210, .cipher = CIPHER_NONE};
    o = obs_make(&low, 2000);
    baseline_judge(b, &o, &v);
    ck_assert_uint_eq(v.holds, H(BL_CLIENT_OFFER_DROP));
    ck_assert_str_eq(f->host, "guid:c1c1c1c1-c1c1-c1c1-c1c1-c1c1c1c1c1c1");
    ck_assert_str_eq(f->was, "3.1.1");
    ck_assert_str_eq(f->now, "2.1");
    ck_assert_uint_eq(f->observations, 3);
    ck_assert_int_eq(f->last_seen, 1002);
    /* GUID d2, seen once, offers 2.1: fewer than 2 of its own, so judged
     * against the address's 6 (best 3.1.1) */
    struct mod d2 = {.chosen = 0x0210, .offer_max = 0x0210, .client_guid = 0xD2,
                     .cipher = CIPHER_NONE};
    o = obs_make(&d2, 1020);
    ck_assert_int_eq(baseline_learn(b, &o), 0);
    o = obs_make(&d2, 2000);
    baseline_judge(b, &o, &v);
    ck_assert_uint_eq(v.holds, H(BL_CLIENT_OFFER_DROP));
    ck_assert_str_eq(f->host, "10.0.0.1");
    ck_assert_uint_eq(f->observations, 6);
    ck_assert_str_eq(f->was, "3.1.1");
    ck_assert_str_eq(f->now, "2.1");
    /* seen twice: judged against its own 2.1 only, the address's 3.1.1
     * client notwithstanding (a NAT) */
    o = obs_make(&d2, 1021);
    ck_assert_int_eq(baseline_learn(b, &o), 0);
    o = obs_make(&d2, 2000);
    baseline_judge(b, &o, &v);
    ck_assert_uint_eq(v.holds, 0);
    struct mod d2low = d2;
    d2low.offer_max = d2low.chosen = 0x0202;
    o = obs_make(&d2low, 2000);
    baseline_judge(b, &o, &v);
    ck_assert_uint_eq(v.holds, H(BL_CLIENT_OFFER_DROP));
    ck_assert_str_eq(f->host, "guid:d2d2d2d2-d2d2-d2d2-d2d2-d2d2d2d2d2d2");
    ck_assert_str_eq(f->was, "2.1");
    ck_assert_uint_eq(f->observations, 2);
    ck_assert_int_eq(f->first_seen, 1020);
    baseline_free(b);
}
END_TEST

/* Rows of a table of the SQLite file, as another process sees them. */
static long sql_count(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    long n = -1;
    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

static struct baseline_obs obs_server(int i)
{
    struct mod m = {.client_guid = 0xFF, .offer_max = 0x0202, .chosen = 0x0202};
    struct baseline_obs o = obs_make(&m, 1000);
    o.server_ip[1] = (uint8_t)(i >> 16);
    o.server_ip[2] = (uint8_t)(i >> 8);
    o.server_ip[3] = (uint8_t)i;
    return o;
}

/* The SQLite store commits in batches (baseline.h): nothing is visible to
 * another reader before BASELINE_BATCH_MAX records changed, then all of
 * them; then the time bound (baseline_tick) and the end (baseline_free). */
START_TEST(test_sqlite_batches)
{
    char path[] = "/tmp/check_baseline_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    unlink(path);
    struct baseline_cfg c = {.store = "sqlite", .file = path, .min_observations = 2};
    struct baseline *b = baseline_new(&c);
    ck_assert_ptr_nonnull(b);
    const char *servers = "SELECT count(*) FROM servers";
    /* a GUID-less negotiation changes 2 records: its server and client IP */
    int per_batch = BASELINE_BATCH_MAX / 2, i = 0;
    for (; i < per_batch - 1; i++) {
        struct baseline_obs o = obs_server(i);
        ck_assert_int_eq(baseline_learn(b, &o), 0);
    }
    ck_assert_int_eq(baseline_tick(b), 0); /* less than a second: no commit */
    ck_assert_int_eq(sql_count(path, servers), 0);
    ck_assert_uint_eq(baseline_stats(b)->flushes, 0);
    struct baseline_obs o = obs_server(i++);
    ck_assert_int_eq(baseline_learn(b, &o), 0); /* the batch is full: committed */
    ck_assert_int_eq(sql_count(path, servers), per_batch);
    ck_assert_uint_eq(baseline_stats(b)->flushes, 1);
    ck_assert_int_eq(sql_count(path, "SELECT sum(negotiations) FROM clients"), per_batch);
    /* the time bound: one more, committed by the first tick after a second */
    o = obs_server(i++);
    ck_assert_int_eq(baseline_learn(b, &o), 0);
    ck_assert_int_eq(baseline_tick(b), 0);
    ck_assert_int_eq(sql_count(path, servers), per_batch);
    usleep((BASELINE_BATCH_MS + 100) * 1000);
    ck_assert_int_eq(baseline_tick(b), 0);
    ck_assert_int_eq(sql_count(path, servers), per_batch + 1);
    ck_assert_uint_eq(baseline_stats(b)->flushes, 2);
    ck_assert_int_eq(baseline_tick(b), 0); /* nothing pending: no commit */
    ck_assert_uint_eq(baseline_stats(b)->flushes, 2);
    /* the end: what is pending is committed by baseline_free */
    o = obs_server(i++);
    ck_assert_int_eq(baseline_learn(b, &o), 0);
    ck_assert_int_eq(baseline_free(b), 0);
    ck_assert_int_eq(sql_count(path, servers), per_batch + 2);
    unlink(path);
}
END_TEST

static Suite *baseline_suite(void)
{
    Suite *s = suite_create("baseline");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, test_truth_table, 0, (int)NROWS(rows));
    tcase_add_test(tc, test_judge_is_pure);
    tcase_add_test(tc, test_many_hosts_and_reset);
    tcase_add_test(tc, test_names);
    tcase_add_test(tc, test_record_roundtrip);
    tcase_add_test(tc, test_offer_by_guid_else_by_address);
    tcase_add_test(tc, test_sqlite_batches);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(baseline_suite());
}
