/* report-read.c - EVE records into per-host posture: one record at a time,
 * memory bounded by the number of hosts and signatures, not records.
 * Reads the `smb` records' smb.negotiate.summary (doc/eve.md) and the
 * `alert` records. */
#include <arpa/inet.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report/report.h"
#include "util/mem.h"

static const char *const dialect_names[RD_COUNT] = {"SMB1", "2.0.2", "2.1", "3.0", "3.0.2", "3.1.1"};
static const char *const signing_names[RS_COUNT] = {"required", "enabled", "disabled"};
static const char *const cipher_names[RC_COUNT] = {"none", "AES-128-CCM", "AES-128-GCM",
                                                    "AES-256-CCM", "AES-256-GCM"};
static const char *const sigalg_names[RA_COUNT] = {"HMAC-SHA256", "AES-CMAC", "AES-GMAC"};
static const char *const compression_names[RP_MAX_COMPRESSION] = {
    "NONE", "LZNT1", "LZ77", "LZ77+Huffman", "Pattern_V1", "LZ4", NULL, NULL};

static const char *name_of(const char *const *names, int n, int i)
{
    return i >= 0 && i < n && names[i] ? names[i] : "";
}

const char *report_dialect_name(int d) { return d < 0 ? "-" : name_of(dialect_names, RD_COUNT, d); }
const char *report_signing_name(int s) { return name_of(signing_names, RS_COUNT, s); }
const char *report_cipher_name(int c) { return name_of(cipher_names, RC_COUNT, c); }
const char *report_sigalg_name(int a) { return name_of(sigalg_names, RA_COUNT, a); }
const char *report_compression_name(int bit)
{
    return name_of(compression_names, RP_MAX_COMPRESSION, bit);
}

/* Index of s in names (case-insensitive), or -1. */
static int index_of(const char *const *names, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (names[i] && strcasecmp(names[i], s) == 0)
            return i;
    return -1;
}

void report_init(struct report *r)
{
    memset(r, 0, sizeof(*r));
}

void report_free(struct report *r)
{
    mem_free(r->hosts);
    mem_free(r->buckets);
    mem_free(r->sigs);
    memset(r, 0, sizeof(*r));
}

/* ---------------------------------------------------------------- hosts */

static size_t host_hash(const char *ip, bool server)
{
    size_t h = server ? 7 : 3;
    for (const unsigned char *p = (const unsigned char *)ip; *p; p++)
        h = h * 31 + *p;
    return h;
}

static bool hosts_grow(struct report *r)
{
    size_t cap = r->cap_hosts ? 2 * r->cap_hosts : 256;
    struct report_host *v = mem_calloc(cap, sizeof(*v));
    if (!v)
        return false;
    for (size_t i = 0; i < r->cap_hosts; i++) {
        struct report_host *h = &r->hosts[i];
        if (!h->ip[0])
            continue;
        size_t j = host_hash(h->ip, h->server) & (cap - 1);
        while (v[j].ip[0])
            j = (j + 1) & (cap - 1);
        v[j] = *h;
    }
    mem_free(r->hosts);
    r->hosts = v;
    r->cap_hosts = cap;
    return true;
}

struct report_host *report_host_get(struct report *r, const char *ip, bool server)
{
    if (!ip || !*ip || strlen(ip) >= sizeof(r->hosts[0].ip))
        return NULL;
    if (2 * (r->n_hosts + 1) > r->cap_hosts && !hosts_grow(r)) {
        r->oom = true;
        return NULL;
    }
    size_t j = host_hash(ip, server) & (r->cap_hosts - 1);
    for (;; j = (j + 1) & (r->cap_hosts - 1)) {
        struct report_host *h = &r->hosts[j];
        if (!h->ip[0]) {
            snprintf(h->ip, sizeof(h->ip), "%s", ip);
            h->server = server;
            h->best = RD_NONE;
            r->n_hosts++;
            return h;
        }
        if (h->server == server && strcmp(h->ip, ip) == 0)
            return h;
    }
}

void report_host_times(struct report_host *h, const char *first, const char *last)
{
    if (first && (!h->first[0] || strcmp(first, h->first) < 0))
        snprintf(h->first, sizeof(h->first), "%s", first);
    if (last && strcmp(last, h->last) > 0)
        snprintf(h->last, sizeof(h->last), "%s", last);
}

static void host_seen(struct report_host *h, const char *ts)
{
    h->count++;
    report_host_times(h, ts, ts);
}

static void host_id(char (*ids)[sizeof(((struct report_host *)0)->name[0])], int *n, int max,
                    size_t width, const char *id)
{
    if (!id || !*id)
        return;
    for (int i = 0; i < *n; i++)
        if (strcmp(ids[i], id) == 0)
            return;
    if (*n < max)
        snprintf(ids[(*n)++], width, "%s", id);
}

void report_host_guid(struct report_host *h, const char *guid)
{
    if (!guid || !*guid || strcmp(guid, "00000000-0000-0000-0000-000000000000") == 0)
        return;
    for (int i = 0; i < h->n_guid; i++)
        if (strcmp(h->guid[i], guid) == 0)
            return;
    if (h->n_guid < REPORT_MAX_IDS)
        snprintf(h->guid[h->n_guid++], sizeof(h->guid[0]), "%s", guid);
}

/* The rank of an EVE dialect name ("3.1.1"; an SMB1 dialect string when
 * smb1 is set); RD_NONE for the wildcard and the unknown. */
int report_dialect_rank(const char *name, bool smb1)
{
    if (smb1)
        return RD_SMB1;
    return index_of(dialect_names, RD_COUNT, name);
}

/* ----------------------------------------------------------------- smb */

static const char *jstr(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static void add_smb(struct report *r, json_t *rec)
{
    json_t *smb = json_object_get(rec, "smb");
    json_t *sum = json_object_get(json_object_get(smb, "negotiate"), "summary");
    const char *src = jstr(rec, "src_ip"), *dst = jstr(rec, "dest_ip");
    if (!json_is_object(sum) || !src || !dst) {
        r->incomplete++;
        return;
    }
    r->smb++;
    const char *ts = jstr(rec, "timestamp");
    struct report_host *c = report_host_get(r, src, false);
    if (c) {
        host_seen(c, ts);
        int d = report_dialect_rank(jstr(sum, "offered_max_dialect"), false);
        if (d > c->best)
            c->best = d;
        if (json_is_true(json_object_get(sum, "smb1_offered"))) {
            c->smb1 = true;
            if (c->best < RD_SMB1)
                c->best = RD_SMB1;
        }
        int s = index_of(signing_names, RS_COUNT, jstr(sum, "client_signing"));
        if (s >= 0)
            c->signing[s]++;
        report_host_guid(c, jstr(smb, "client_guid"));
        json_t *comp = json_object_get(sum, "compression");
        size_t i;
        json_t *v;
        json_array_foreach(comp, i, v) {
            int b = index_of(compression_names, RP_MAX_COMPRESSION, json_string_value(v));
            if (b >= 0)
                c->compression |= 1u << b;
        }
        json_t *ctxs = json_object_get(json_object_get(json_object_get(smb, "negotiate"),
                                                       "request"), "contexts");
        json_array_foreach(ctxs, i, v) {
            const char *type = jstr(v, "type");
            if (type && strcmp(type, "netname") == 0)
                host_id(c->name, &c->n_name, REPORT_MAX_IDS, sizeof(c->name[0]), jstr(v, "name"));
        }
    }
    const char *chosen = jstr(sum, "dialect");
    if (!chosen) /* no answer: nothing about the server */
        return;
    struct report_host *s = report_host_get(r, dst, true);
    if (!s)
        return;
    host_seen(s, ts);
    bool smb1 = json_is_true(json_object_get(sum, "smb1_chosen"));
    int d = report_dialect_rank(chosen, smb1);
    if (d > s->best)
        s->best = d;
    s->smb1 |= smb1;
    int sg = index_of(signing_names, RS_COUNT, jstr(sum, "server_signing"));
    if (sg >= 0)
        s->signing[sg]++;
    int ci = index_of(cipher_names, RC_COUNT, jstr(sum, "cipher"));
    if (ci >= 0)
        s->cipher[ci]++;
    int al = index_of(sigalg_names, RA_COUNT, jstr(sum, "signing_algorithm"));
    if (al >= 0)
        s->sigalg[al]++;
    report_host_guid(s, jstr(smb, "server_guid"));
}

/* --------------------------------------------------------------- alerts */

static struct report_sig *sig_get(struct report *r, uint32_t sid, const char *name)
{
    for (size_t i = 0; i < r->n_sigs; i++)
        if (r->sigs[i].sid == sid)
            return &r->sigs[i];
    if (r->n_sigs == r->cap_sigs) {
        size_t cap = r->cap_sigs ? 2 * r->cap_sigs : 16;
        struct report_sig *v = mem_realloc(r->sigs, cap * sizeof(*v));
        if (!v) {
            r->oom = true;
            return NULL;
        }
        r->sigs = v;
        r->cap_sigs = cap;
    }
    struct report_sig *g = &r->sigs[r->n_sigs++];
    g->sid = sid;
    g->n = 0;
    snprintf(g->name, sizeof(g->name), "%s", name ? name : "");
    return g;
}

static void bucket_add(struct report *r, uint32_t sid, const char *ts)
{
    char hour[14] = "";
    if (ts && strlen(ts) >= 13)
        memcpy(hour, ts, 13);
    for (size_t i = r->n_buckets; i-- > 0;) /* recent buckets first: input is mostly in order */
        if (r->buckets[i].sid == sid && strcmp(r->buckets[i].hour, hour) == 0) {
            r->buckets[i].n++;
            return;
        }
    if (r->n_buckets == r->cap_buckets) {
        size_t cap = r->cap_buckets ? 2 * r->cap_buckets : 64;
        struct report_bucket *v = mem_realloc(r->buckets, cap * sizeof(*v));
        if (!v) {
            r->oom = true;
            return;
        }
        r->buckets = v;
        r->cap_buckets = cap;
    }
    struct report_bucket *b = &r->buckets[r->n_buckets++];
    b->sid = sid;
    memcpy(b->hour, hour, sizeof(b->hour));
    b->n = 1;
}

/* The evidence of a downgrade or baseline alert, in words. */
static void alert_evidence(json_t *rec, char *out, size_t n)
{
    json_t *bl = json_object_get(json_object_get(rec, "alert"), "baseline");
    json_t *sum = json_object_get(json_object_get(json_object_get(rec, "smb"), "negotiate"),
                                  "summary");
    if (json_is_object(bl)) {
        char was[64] = "", now[64] = "";
        json_t *w = json_object_get(bl, "was"), *v = json_object_get(bl, "now");
        snprintf(was, sizeof(was), "%s", json_is_string(w) ? json_string_value(w) : "?");
        snprintf(now, sizeof(now), "%s", json_is_string(v) ? json_string_value(v) : "?");
        snprintf(out, n, "%s: was %s, now %s (%lld earlier negotiations)",
                 jstr(bl, "condition") ? jstr(bl, "condition") : "baseline", was, now,
                 (long long)json_integer_value(json_object_get(bl, "observations")));
    } else if (json_is_object(sum)) {
        snprintf(out, n, "client offered up to %s, server chose %s",
                 jstr(sum, "offered_max_dialect") ? jstr(sum, "offered_max_dialect") : "?",
                 jstr(sum, "dialect") ? jstr(sum, "dialect") : "?");
    } else {
        out[0] = '\0';
    }
}

static void add_alert(struct report *r, json_t *rec)
{
    json_t *a = json_object_get(rec, "alert");
    const char *sig = jstr(a, "signature");
    json_t *sid = json_object_get(a, "signature_id");
    if (!sig || !json_is_integer(sid)) {
        r->incomplete++;
        return;
    }
    r->alerts++;
    const char *ts = jstr(rec, "timestamp");
    struct report_sig *g = sig_get(r, (uint32_t)json_integer_value(sid), sig);
    if (g)
        g->n++;
    bucket_add(r, (uint32_t)json_integer_value(sid), ts);
    bool baseline = json_object_get(a, "baseline") != NULL;
    if (!baseline && !strcasestr(sig, "downgrade"))
        return;
    if (r->n_rows == REPORT_MAX_ROWS) {
        r->rows_dropped++;
        return;
    }
    struct report_alert_row *row = &r->rows[r->n_rows++];
    snprintf(row->ts, sizeof(row->ts), "%s", ts ? ts : "");
    snprintf(row->signature, sizeof(row->signature), "%s", sig);
    snprintf(row->src, sizeof(row->src), "%s", jstr(rec, "src_ip") ? jstr(rec, "src_ip") : "");
    snprintf(row->dst, sizeof(row->dst), "%s", jstr(rec, "dest_ip") ? jstr(rec, "dest_ip") : "");
    row->sid = (uint32_t)json_integer_value(sid);
    alert_evidence(rec, row->evidence, sizeof(row->evidence));
}

void report_add_line(struct report *r, const char *line, size_t len)
{
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        len--;
    if (len == 0)
        return;
    r->lines++;
    json_error_t err;
    json_t *rec = json_loadb(line, len, 0, &err);
    const char *type = json_is_object(rec) ? jstr(rec, "event_type") : NULL;
    if (!json_is_object(rec))
        r->not_json++;
    else if (type && strcmp(type, "smb") == 0)
        add_smb(r, rec);
    else if (type && strcmp(type, "alert") == 0)
        add_alert(r, rec);
    else
        r->other_type++;
    json_decref(rec);
}

/* ------------------------------------------------------------- sorting */

static int host_cmp(const void *a, const void *b)
{
    const struct report_host *x = *(struct report_host *const *)a;
    const struct report_host *y = *(struct report_host *const *)b;
    if (x->server != y->server)
        return x->server ? -1 : 1;
    unsigned char ax[16] = {0}, ay[16] = {0};
    int fx = strchr(x->ip, ':') ? AF_INET6 : AF_INET, fy = strchr(y->ip, ':') ? AF_INET6 : AF_INET;
    if (fx != fy)
        return fx == AF_INET ? -1 : 1;
    if (inet_pton(fx, x->ip, ax) == 1 && inet_pton(fy, y->ip, ay) == 1)
        return memcmp(ax, ay, sizeof(ax));
    return strcmp(x->ip, y->ip);
}

struct report_host **report_sorted_hosts(struct report *r, size_t *n)
{
    struct report_host **v = mem_calloc(r->n_hosts ? r->n_hosts : 1, sizeof(*v));
    *n = 0;
    if (!v)
        return NULL;
    for (size_t i = 0; i < r->cap_hosts; i++)
        if (r->hosts[i].ip[0])
            v[(*n)++] = &r->hosts[i];
    qsort(v, *n, sizeof(*v), host_cmp);
    return v;
}
