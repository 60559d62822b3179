/* baseline.c - the baseline model: judging a negotiation against the
 * records of its server and client, and learning from it (the conditions
 * are those of smb.baseline, doc/rules.md). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define LOG_MODULE "baseline"
#include "app/smb/smb-names.h"
#include "baseline/baseline-record.h"
#include "baseline/baseline-store.h"
#include "baseline/baseline.h"
#include "util/log.h"
#include "util/mem.h"

struct baseline {
    const struct bl_store_ops *ops;
    struct bl_store *s;
    uint32_t min_obs, max_age;
    uint32_t batch;              /* records put since the last flush */
    int64_t flushed_ms;          /* monotonic time of the last flush */
    struct baseline_stats st;
};

/* Milliseconds of CLOCK_MONOTONIC: the batch's time bound is wall time,
 * which is what a killed process loses. */
static int64_t bl_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *const bl_cond_names[BL_COND_COUNT] = {
    [BL_SERVER_DIALECT_DROP] = "server-dialect-drop",
    [BL_CLIENT_OFFER_DROP] = "client-offer-drop",
    [BL_SERVER_SIGNING_DROP] = "server-signing-drop",
    [BL_SERVER_CIPHER_DROP] = "server-cipher-drop",
    [BL_SERVER_GUID_CHANGE] = "server-guid-change",
    [BL_NEW_SERVER] = "new-server",
    [BL_NEW_CLIENT] = "new-client",
};

const char *baseline_cond_name(enum baseline_cond c)
{
    return (unsigned)c < BL_COND_COUNT ? bl_cond_names[c] : NULL;
}

int baseline_cond_parse(const char *name, enum baseline_cond *out)
{
    for (unsigned i = 0; i < BL_COND_COUNT; i++) {
        if (strcmp(bl_cond_names[i], name) == 0) {
            *out = (enum baseline_cond)i;
            return 0;
        }
    }
    return -1;
}

/* ------------------------------------------------------------ life */

struct baseline *baseline_new(const struct baseline_cfg *cfg)
{
    const struct bl_store_ops *ops = baseline_store_find(cfg->store);
    if (!ops) {
        log_error("baseline.store: %s: not available in this build", cfg->store);
        return NULL;
    }
    struct baseline *b = mem_calloc(1, sizeof(*b));
    if (!b) {
        log_error("baseline: out of memory");
        return NULL;
    }
    b->ops = ops;
    b->min_obs = cfg->min_observations;
    b->max_age = cfg->max_age;
    b->flushed_ms = bl_now_ms();
    b->s = ops->open(cfg);
    if (!b->s) {
        mem_free(b);
        return NULL;
    }
    return b;
}

int baseline_free(struct baseline *b)
{
    if (!b)
        return 0;
    int rc = b->ops->close(b->s);
    mem_free(b);
    return rc;
}

int baseline_reset(struct baseline *b)
{
    return b->ops->reset(b->s);
}

int baseline_flush(struct baseline *b)
{
    int rc = b->ops->flush(b->s);
    if (rc != 0)
        b->st.store_errors++;
    b->st.flushes++;
    b->batch = 0;
    b->flushed_ms = bl_now_ms();
    return rc;
}

int baseline_tick(struct baseline *b)
{
    if (b->batch == 0 || bl_now_ms() - b->flushed_ms < BASELINE_BATCH_MS)
        return 0;
    return baseline_flush(b);
}

const struct baseline_stats *baseline_stats(const struct baseline *b)
{
    return &b->st;
}

/* ------------------------------------------------------------ records */

static struct bl_key bl_key_ip(enum bl_key_kind kind, uint8_t ip_v, const uint8_t ip[16])
{
    struct bl_key k;
    memset(&k, 0, sizeof(k));
    k.kind = (uint8_t)kind;
    k.ip_v = ip_v;
    memcpy(k.b, ip, ip_v == 6 ? 16 : 4);
    return k;
}

static struct bl_key bl_key_guid(const uint8_t guid[16])
{
    struct bl_key k;
    memset(&k, 0, sizeof(k));
    k.kind = BL_KEY_CLIENT_GUID;
    memcpy(k.b, guid, 16);
    return k;
}

size_t bl_key_record_size(const struct bl_key *k)
{
    return k->kind == BL_KEY_SERVER ? sizeof(struct bl_server) : sizeof(struct bl_client);
}

/* Read a record; absent or older than max-age: zeroed.  0 or -1. */
static int bl_get(struct baseline *b, const struct bl_key *k, void *rec, int64_t now)
{
    size_t size = bl_key_record_size(k);
    int rc = b->ops->get(b->s, k, rec, size);
    if (rc < 0) {
        b->st.store_errors++;
        memset(rec, 0, size);
        return -1;
    }
    /* both record kinds start with n, first_seen, last_seen */
    const struct bl_client *head = rec;
    if (rc == 0 || (b->max_age && now - head->last_seen > (int64_t)b->max_age))
        memset(rec, 0, size);
    return 0;
}

static int bl_put(struct baseline *b, const struct bl_key *k, const void *rec)
{
    b->batch++;
    if (b->ops->put(b->s, k, rec, bl_key_record_size(k)) == 0)
        return 0;
    b->st.store_errors++;
    return -1;
}

/* ------------------------------------------------------------ judging */

static const char *bl_dialect_text(uint16_t d)
{
    const char *n = smb_dialect_name(d);
    return n ? n : "unknown";
}

/* A condition holds for the host of key k (named as an IP address or
 * "guid:<GUID>": formatted here, only when something holds). */
static struct baseline_finding *bl_finding(struct baseline_verdict *v, enum baseline_cond c,
                                           const struct bl_key *k, uint64_t n, int64_t first,
                                           int64_t last)
{
    struct baseline_finding *f = &v->f[c];
    v->holds |= 1u << c;
    f->cond = c;
    if (bl_key_to_text(k, f->host) != 0)
        snprintf(f->host, sizeof(f->host), "?");
    f->observations = n;
    f->first_seen = n ? first : 0;
    f->last_seen = n ? last : 0;
    f->was[0] = f->now[0] = '\0';
    return f;
}

static bool bl_guid_known(const struct bl_server *s, const uint8_t g[16])
{
    for (unsigned i = 0; i < s->n_guids && i < BL_MAX_GUIDS; i++)
        if (memcmp(s->guids[i], g, 16) == 0)
            return true;
    return false;
}

/* The strongest cipher of a rank, by name. */
static const char *bl_cipher_of_rank(unsigned rank)
{
    static const uint16_t by_rank[] = {0, 0x0001, 0x0003, 0x0002, 0x0004};
    return rank && rank < 5 ? smb_cipher_name(by_rank[rank]) : "none";
}

static bool bl_offered_rank(uint8_t ciphers, unsigned rank)
{
    for (uint16_t id = 1; id <= 4; id++)
        if ((ciphers & (1u << id)) && baseline_cipher_rank(id) >= rank)
            return true;
    return false;
}

/* The server conditions: dialect, signing and cipher drops, a new GUID. */
static void bl_judge_server(const struct baseline *b, const struct bl_server *s,
                            const struct baseline_obs *o, const struct bl_key *k,
                            struct baseline_verdict *v)
{
    struct baseline_finding *f;
    if (s->n < b->min_obs || s->n == 0)
        return;
    if (s->best_dialect && (o->offered & baseline_dialect_bit(s->best_dialect)) &&
        (o->smb1 || o->chosen < s->best_dialect)) {
        f = bl_finding(v, BL_SERVER_DIALECT_DROP, k, s->n, s->first_seen, s->last_seen);
        snprintf(f->was, sizeof(f->was), "%s", bl_dialect_text(s->best_dialect));
        snprintf(f->now, sizeof(f->now), "%s", o->smb1 ? "SMB1" : bl_dialect_text(o->chosen));
    }
    if (s->n_signing_required && o->server_signing_known && !o->server_signing_required) {
        f = bl_finding(v, BL_SERVER_SIGNING_DROP, k, s->n, s->first_seen, s->last_seen);
        snprintf(f->was, sizeof(f->was), "required");
        snprintf(f->now, sizeof(f->now), "%s", o->server_signing_enabled ? "enabled" : "disabled");
    }
    unsigned rank = baseline_cipher_rank(o->cipher);
    if (s->best_cipher && o->smb2 && rank < s->best_cipher &&
        bl_offered_rank(o->ciphers_offered, s->best_cipher)) {
        f = bl_finding(v, BL_SERVER_CIPHER_DROP, k, s->n, s->first_seen, s->last_seen);
        snprintf(f->was, sizeof(f->was), "%s", bl_cipher_of_rank(s->best_cipher));
        snprintf(f->now, sizeof(f->now), "%s", bl_cipher_of_rank(rank));
    }
    if (o->has_server_guid && s->n_guids && !bl_guid_known(s, o->server_guid)) {
        f = bl_finding(v, BL_SERVER_GUID_CHANGE, k, s->n, s->first_seen, s->last_seen);
        char g[37];
        smb_guid_format(s->guids[0], g);
        snprintf(f->was, sizeof(f->was), "%s", g);
        smb_guid_format(o->server_guid, g);
        snprintf(f->now, sizeof(f->now), "%s", g);
    }
}

/* client-offer-drop: which history a request is judged against.
 *  - A non-zero client GUID with at least min-observations earlier
 *    negotiations: that GUID's only, wherever they came from (the machines
 *    behind a NAT, or the systems of a multi-boot host, each keep a GUID).
 *  - A GUID seen fewer times (a machine's first connections, or a client
 *    that makes a GUID per process or connection: Samba's smbclient,
 *    Linux cifs): its address's, every request from there.
 *  - No GUID (SMB1, a 2.0.2-only request): its address's GUID-less
 *    requests only; a legacy client beside modern ones at one address did
 *    not drop its offer. */
static void bl_judge_offer(const struct baseline *b, const struct bl_client *cip,
                           const struct bl_client *cg, const struct baseline_obs *o,
                           const struct bl_key *kip, const struct bl_key *kg,
                           struct baseline_verdict *v)
{
    bool by_guid = o->has_client_guid && cg->n > 0 && cg->n >= b->min_obs;
    const struct bl_client *c = by_guid ? cg : cip;
    struct bl_offers h = {c->n, c->first_seen, c->last_seen, c->best_offered};
    if (!o->has_client_guid)
        h = cip->guidless;
    if (h.n == 0 || h.n < b->min_obs || h.best_offered <= o->offered_max)
        return;
    struct baseline_finding *f = bl_finding(v, BL_CLIENT_OFFER_DROP, by_guid ? kg : kip, h.n,
                                            h.first_seen, h.last_seen);
    snprintf(f->was, sizeof(f->was), "%s", bl_dialect_text(h.best_offered));
    snprintf(f->now, sizeof(f->now), "%s",
             o->offered_max ? bl_dialect_text(o->offered_max) : "none");
}

int baseline_judge(struct baseline *b, const struct baseline_obs *o, struct baseline_verdict *v)
{
    struct bl_server s;
    struct bl_client cip, cg;
    struct bl_key ks = bl_key_ip(BL_KEY_SERVER, o->ip_v, o->server_ip);
    struct bl_key kc = bl_key_ip(BL_KEY_CLIENT_IP, o->ip_v, o->client_ip);
    struct bl_key kg = bl_key_guid(o->client_guid);
    v->holds = 0;
    b->st.judged++;
    memset(&cg, 0, sizeof(cg));
    if (bl_get(b, &ks, &s, o->ts) != 0 || bl_get(b, &kc, &cip, o->ts) != 0)
        return -1;
    if (o->has_client_guid && bl_get(b, &kg, &cg, o->ts) != 0)
        return -1;
    if (s.n == 0) {
        struct baseline_finding *f = bl_finding(v, BL_NEW_SERVER, &ks, 0, 0, 0);
        snprintf(f->now, sizeof(f->now), "%s", o->smb1 ? "SMB1" : bl_dialect_text(o->chosen));
    }
    if (cip.n == 0 && cg.n == 0) {
        struct baseline_finding *f = bl_finding(v, BL_NEW_CLIENT, &kc, 0, 0, 0);
        snprintf(f->now, sizeof(f->now), "%s",
                 o->offered_max ? bl_dialect_text(o->offered_max) : "none");
    }
    bl_judge_server(b, &s, o, &ks, v);
    bl_judge_offer(b, &cip, &cg, o, &kc, &kg, v);
    for (unsigned c = 0; c < BL_COND_COUNT; c++)
        b->st.findings += (v->holds >> c) & 1;
    return 0;
}

/* ------------------------------------------------------------ learning */

static void bl_seen(uint64_t *n, int64_t *first, int64_t *last, int64_t ts)
{
    if (*n == 0 || ts < *first)
        *first = ts;
    if (*n == 0 || ts > *last)
        *last = ts;
    (*n)++;
}

static void bl_learn_server(struct bl_server *s, const struct baseline_obs *o)
{
    bl_seen(&s->n, &s->first_seen, &s->last_seen, o->ts);
    if (o->smb2 && o->chosen > s->best_dialect)
        s->best_dialect = o->chosen;
    s->dialects |= baseline_dialect_bit(o->chosen);
    s->smb1 |= o->smb1;
    if (o->server_signing_known) {
        s->n_smb2++;
        s->n_signing_required += o->server_signing_required;
    }
    if (o->smb2 && o->ciphers_offered) {
        unsigned r = baseline_cipher_rank(o->cipher);
        if (r > s->best_cipher)
            s->best_cipher = (uint8_t)r;
        s->ciphers |= (uint8_t)(o->cipher <= 4 ? 1u << o->cipher : 0);
    }
    s->signing_algs |= o->signing_alg_bits;
    if (o->has_server_guid) { /* move to front */
        unsigned i = 0, n = s->n_guids < BL_MAX_GUIDS ? s->n_guids : BL_MAX_GUIDS;
        while (i < n && memcmp(s->guids[i], o->server_guid, 16) != 0)
            i++;
        if (i == n && n < BL_MAX_GUIDS)
            s->n_guids = (uint8_t)++n;
        if (i == BL_MAX_GUIDS)
            i = BL_MAX_GUIDS - 1; /* full: the oldest goes */
        memmove(s->guids[1], s->guids[0], (size_t)i * 16);
        memcpy(s->guids[0], o->server_guid, 16);
    }
}

static void bl_learn_client(struct bl_client *c, const struct baseline_obs *o, bool by_ip)
{
    bl_seen(&c->n, &c->first_seen, &c->last_seen, o->ts);
    if (o->offered_max > c->best_offered)
        c->best_offered = o->offered_max;
    c->offered |= o->offered;
    c->n_signing_required += o->client_signing_required;
    c->ciphers |= o->ciphers_offered;
    c->contexts |= o->contexts_offered;
    if (by_ip && o->has_client_guid) {
        c->has_guid = 1;
        memcpy(c->guid, o->client_guid, 16);
    }
    if (by_ip && !o->has_client_guid) {
        bl_seen(&c->guidless.n, &c->guidless.first_seen, &c->guidless.last_seen, o->ts);
        if (o->offered_max > c->guidless.best_offered)
            c->guidless.best_offered = o->offered_max;
    }
}

static int bl_learn_records(struct baseline *b, const struct baseline_obs *o)
{
    struct bl_server s;
    struct bl_client c;
    struct bl_key ks = bl_key_ip(BL_KEY_SERVER, o->ip_v, o->server_ip);
    struct bl_key kc = bl_key_ip(BL_KEY_CLIENT_IP, o->ip_v, o->client_ip);
    b->st.learnt++;
    if (bl_get(b, &ks, &s, o->ts) != 0)
        return -1;
    bl_learn_server(&s, o);
    if (bl_put(b, &ks, &s) != 0 || bl_get(b, &kc, &c, o->ts) != 0)
        return -1;
    bl_learn_client(&c, o, true);
    if (bl_put(b, &kc, &c) != 0)
        return -1;
    if (!o->has_client_guid)
        return 0;
    struct bl_key kg = bl_key_guid(o->client_guid);
    if (bl_get(b, &kg, &c, o->ts) != 0)
        return -1;
    bl_learn_client(&c, o, false);
    return bl_put(b, &kg, &c);
}

int baseline_learn(struct baseline *b, const struct baseline_obs *o)
{
    int rc = bl_learn_records(b, o);
    if (b->batch >= BASELINE_BATCH_MAX && baseline_flush(b) != 0)
        rc = -1;
    return rc;
}
