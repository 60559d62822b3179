/* flow-table.c - the flow hash table: lookup/create by 5-tuple, LRU lists
 * by packet time (one per eviction class) for timeouts, memcap with
 * class-then-oldest eviction, and when a 4-tuple is reused. */
#include <string.h>

#include "flow/flow.h"
#include "util/mem.h"
#include "util/sha1.h"

static uint64_t fnv1a(const void *data, size_t n, uint64_t h)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

#define FNV_BASIS 0xcbf29ce484222325ull

/* Hash of a key, eight bytes at a time (the per-packet cost of a lookup):
 * multiply-xorshift mixing of each word, then a final avalanche. */
static uint64_t flow_key_hash(const struct flow_key *k)
{
    const uint8_t *p = (const uint8_t *)k;
    size_t n = sizeof(*k);
    uint64_t h = FNV_BASIS;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0x9e3779b97f4a7c15ull;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    uint64_t w = 0;
    memcpy(&w, p, n);
    h = (h ^ w) * 0x9e3779b97f4a7c15ull;
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ull;
    return h ^ (h >> 32);
}

int flow_table_init(struct flow_table *t, const struct flow_table_cfg *cfg)
{
    memset(t, 0, sizeof(*t));
    t->cfg = *cfg;
    uint32_t n = 1024;
    while (n < cfg->hash_size && n < (1u << 24))
        n <<= 1;
    t->bucket = mem_calloc(n, sizeof(*t->bucket));
    if (!t->bucket)
        return -1;
    t->mask = n - 1;
    t->mc.limit = cfg->memcap;
    return 0;
}

/* Build the normalised key of a packet; *swapped is true when the packet's
 * source is key side 1. */
static void flow_key_make(const struct packet *p, struct flow_key *k, bool *swapped)
{
    memset(k, 0, sizeof(*k));
    int c = memcmp(&p->src, &p->dst, sizeof(p->src));
    *swapped = c > 0 || (c == 0 && p->sport > p->dport);
    k->addr[*swapped] = p->src;
    k->addr[!*swapped] = p->dst;
    k->port[*swapped] = p->sport;
    k->port[!*swapped] = p->dport;
    k->vlan[0] = p->n_vlan > 0 ? p->vlan[0] : 0;
    k->vlan[1] = p->n_vlan > 1 ? p->vlan[1] : 0;
    k->ip_v = p->ip_v;
    k->proto = p->ip_proto;
}

static enum flow_class flow_class_of(const struct flow *f)
{
    if (f->app_done)
        return FLOW_CLASS_FINISHED;
    if (!f->app_state)
        return FLOW_CLASS_WAITING;
    return FLOW_CLASS_NEGOTIATING;
}

static void lru_unlink(struct flow_table *t, struct flow *f)
{
    int c = f->lru_class;
    if (f->lru_prev)
        f->lru_prev->lru_next = f->lru_next;
    else
        t->lru_head[c] = f->lru_next;
    if (f->lru_next)
        f->lru_next->lru_prev = f->lru_prev;
    else
        t->lru_tail[c] = f->lru_prev;
    f->lru_prev = f->lru_next = NULL;
}

static void lru_append(struct flow_table *t, struct flow *f, enum flow_class c)
{
    f->lru_class = (uint8_t)c;
    f->lru_prev = t->lru_tail[c];
    f->lru_next = NULL;
    if (t->lru_tail[c])
        t->lru_tail[c]->lru_next = f;
    else
        t->lru_head[c] = f;
    t->lru_tail[c] = f;
}

void flow_table_touch(struct flow_table *t, struct flow *f, int64_t sec, int32_t usec)
{
    f->last_sec = sec;
    f->last_usec = usec;
    enum flow_class c = flow_class_of(f);
    if (t->lru_tail[c] != f) {
        lru_unlink(t, f);
        lru_append(t, f, c);
    }
}

/* Unlink f from its bucket and the LRU, hand it to fn, free it. */
static void flow_table_remove(struct flow_table *t, struct flow *f, flow_end_fn fn, void *ctx)
{
    uint64_t h = flow_key_hash(&f->key);
    struct flow **pp = &t->bucket[h & t->mask];
    while (*pp && *pp != f)
        pp = &(*pp)->hnext;
    if (*pp)
        *pp = f->hnext;
    lru_unlink(t, f);
    fn(ctx, f);
    mem_cap_free(&t->mc, f, sizeof(*f) + t->cfg.extra_per_flow);
    t->active--;
}

static struct flow *flow_new(struct flow_table *t, const struct packet *p,
                             const struct flow_key *k, uint64_t h)
{
    if (!mem_cap_reserve(&t->mc, sizeof(struct flow) + t->cfg.extra_per_flow))
        return NULL;
    struct flow *f = mem_calloc(1, sizeof(*f));
    if (!f) {
        mem_cap_release(&t->mc, sizeof(*f) + t->cfg.extra_per_flow);
        return NULL;
    }
    f->key = *k;
    f->side_addr[0] = p->src;
    f->side_addr[1] = p->dst;
    f->side_port[0] = p->sport;
    f->side_port[1] = p->dport;
    f->ip_v = p->ip_v;
    f->n_vlan = p->n_vlan;
    memcpy(f->vlan, p->vlan, sizeof(f->vlan));
    f->start_sec = f->last_sec = p->ts_sec;
    f->start_usec = f->last_usec = p->ts_usec;
    uint64_t id = fnv1a(&p->ts_sec, sizeof(p->ts_sec), h);
    id = fnv1a(&p->ts_usec, sizeof(p->ts_usec), id);
    f->flow_id = id & 0x7ffffffffffffull; /* 51 bits: exact in JSON doubles */
    stream_dir_init(&f->stream[0]);
    stream_dir_init(&f->stream[1]);
    f->hnext = t->bucket[h & t->mask];
    t->bucket[h & t->mask] = f;
    lru_append(t, f, FLOW_CLASS_WAITING);
    t->active++;
    t->total++;
    return f;
}

/* The flow to give up under the memcap: the head of the first non-empty
 * class list (the class is re-checked: a flow may have changed since it
 * was last touched). */
static struct flow *flow_evict_pick(struct flow_table *t)
{
    for (int c = 0; c < FLOW_CLASS_COUNT; c++) {
        struct flow *f = t->lru_head[c];
        while (f && flow_class_of(f) > (enum flow_class)c) {
            struct flow *next = f->lru_next; /* stale: file it where it belongs */
            lru_unlink(t, f);
            lru_append(t, f, flow_class_of(f));
            f = next;
        }
        if (f)
            return f;
    }
    return NULL;
}

struct flow *flow_table_get(struct flow_table *t, const struct packet *p, int *side,
                            bool *created, flow_end_fn fn, void *ctx)
{
    struct flow_key k;
    bool swapped;
    flow_key_make(p, &k, &swapped);
    uint64_t h = flow_key_hash(&k);
    *created = false;
    for (struct flow *f = t->bucket[h & t->mask]; f; f = f->hnext) {
        if (memcmp(&f->key, &k, sizeof(k)) == 0) {
            *side = (f->side_port[0] == p->sport &&
                     memcmp(&f->side_addr[0], &p->src, sizeof(p->src)) == 0) ? 0 : 1;
            return f;
        }
    }
    struct flow *f = flow_new(t, p, &k, h);
    if (!f) {
        struct flow *victim = flow_evict_pick(t);
        if (victim) {
            t->evicted[victim->lru_class]++;
            victim->evicted = true;
            flow_table_remove(t, victim, fn, ctx);
            f = flow_new(t, p, &k, h);
        }
    }
    if (!f) {
        t->refused++;
        return NULL;
    }
    *side = 0;
    *created = true;
    return f;
}

void flow_table_end(struct flow_table *t, struct flow *f, flow_end_fn fn, void *ctx)
{
    flow_table_remove(t, f, fn, ctx);
}

static uint32_t flow_timeout(const struct flow_table *t, const struct flow *f)
{
    switch (f->state) {
    case FLOW_NEW:
        return t->cfg.timeout_new;
    case FLOW_CLOSED:
        return t->cfg.timeout_closed;
    default:
        return t->cfg.timeout_est;
    }
}

void flow_table_expire(struct flow_table *t, int64_t now, flow_end_fn fn, void *ctx)
{
    /* Each list is ordered by last packet time; a flow with a shorter
     * timeout may hide behind one with a longer one, so walk while flows
     * are older than the shortest timeout and skip those not yet due. */
    uint32_t min_to = t->cfg.timeout_closed;
    if (t->cfg.timeout_new < min_to)
        min_to = t->cfg.timeout_new;
    if (t->cfg.timeout_est < min_to)
        min_to = t->cfg.timeout_est;
    for (int c = 0; c < FLOW_CLASS_COUNT; c++) {
        struct flow *f = t->lru_head[c];
        while (f && now - f->last_sec > (int64_t)min_to) {
            struct flow *next = f->lru_next;
            if (now - f->last_sec > (int64_t)flow_timeout(t, f))
                flow_table_remove(t, f, fn, ctx);
            f = next;
        }
    }
}

/* The least recently seen flow of all lists (ties: the lower class). */
static struct flow *flow_table_oldest(const struct flow_table *t)
{
    struct flow *best = NULL;
    for (int c = 0; c < FLOW_CLASS_COUNT; c++) {
        struct flow *f = t->lru_head[c];
        if (f && (!best || f->last_sec < best->last_sec ||
                  (f->last_sec == best->last_sec && f->last_usec < best->last_usec)))
            best = f;
    }
    return best;
}

void flow_table_flush(struct flow_table *t, flow_end_fn fn, void *ctx)
{
    struct flow *f;
    while ((f = flow_table_oldest(t)))
        flow_table_remove(t, f, fn, ctx);
}

void flow_table_deinit(struct flow_table *t, flow_end_fn fn, void *ctx)
{
    if (t->bucket)
        flow_table_flush(t, fn, ctx);
    mem_free(t->bucket);
    t->bucket = NULL;
}

/* Community ID v1 (https://github.com/corelight/community-id-spec): SHA-1
 * over seed, addresses, protocol, a zero byte and ports, the smaller
 * (address, port) endpoint first; base64 of the digest. */
void flow_community_id(const struct flow *f, uint16_t seed, char out[32])
{
    int c = f->client_side;
    const struct ip_addr *a = &f->side_addr[c], *b = &f->side_addr[1 - c];
    uint16_t pa = f->side_port[c], pb = f->side_port[1 - c];
    size_t alen = f->ip_v == 6 ? 16 : 4;
    int cmp = memcmp(a->b, b->b, alen);
    if (cmp > 0 || (cmp == 0 && pa > pb)) {
        const struct ip_addr *ta = a;
        a = b;
        b = ta;
        uint16_t tp = pa;
        pa = pb;
        pb = tp;
    }
    uint8_t hdr[2] = {(uint8_t)(seed >> 8), (uint8_t)seed};
    uint8_t mid[2] = {6, 0};
    uint8_t ports[4] = {(uint8_t)(pa >> 8), (uint8_t)pa, (uint8_t)(pb >> 8), (uint8_t)pb};
    struct sha1 s;
    uint8_t dig[20];
    sha1_init(&s);
    sha1_update(&s, hdr, 2);
    sha1_update(&s, a->b, alen);
    sha1_update(&s, b->b, alen);
    sha1_update(&s, mid, 2);
    sha1_update(&s, ports, 4);
    sha1_final(&s, dig);
    out[0] = '1';
    out[1] = ':';
    base64_encode(dig, 20, out + 2);
}
