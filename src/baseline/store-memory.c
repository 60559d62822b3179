/* store-memory.c - the in-memory baseline store: an open-addressing hash
 * table of records, gone when the process ends (-r without --baseline). */
#include <stdlib.h>
#include <string.h>

#define LOG_MODULE "baseline"
#include "baseline/baseline-store.h"
#include "util/log.h"
#include "util/mem.h"

struct bl_slot {
    bool used;
    struct bl_record r;
};

struct bl_store {
    struct bl_slot *slot;
    size_t cap, n; /* cap: a power of two; n < cap / 2 */
};

static uint64_t bl_mem_hash(const struct bl_key *k)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    const uint8_t *p = (const uint8_t *)k;
    for (size_t i = 0; i < sizeof(*k); i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

static size_t bl_mem_find(const struct bl_slot *v, size_t cap, const struct bl_key *k)
{
    size_t i = (size_t)bl_mem_hash(k) & (cap - 1);
    while (v[i].used && memcmp(&v[i].r.key, k, sizeof(*k)) != 0)
        i = (i + 1) & (cap - 1);
    return i;
}

static int bl_mem_grow(struct bl_store *s)
{
    size_t cap = s->cap ? 2 * s->cap : 256;
    struct bl_slot *v = mem_calloc(cap, sizeof(*v));
    if (!v) {
        log_error("baseline: out of memory");
        return -1;
    }
    for (size_t i = 0; i < s->cap; i++)
        if (s->slot[i].used)
            v[bl_mem_find(v, cap, &s->slot[i].r.key)] = s->slot[i];
    mem_free(s->slot);
    s->slot = v;
    s->cap = cap;
    return 0;
}

static struct bl_store *bl_mem_open(const struct baseline_cfg *cfg)
{
    (void)cfg;
    struct bl_store *s = mem_calloc(1, sizeof(*s));
    if (!s || bl_mem_grow(s) != 0) {
        mem_free(s);
        log_error("baseline: out of memory");
        return NULL;
    }
    return s;
}

static int bl_mem_get(struct bl_store *s, const struct bl_key *k, void *out, size_t size)
{
    size_t i = bl_mem_find(s->slot, s->cap, k);
    if (!s->slot[i].used)
        return 0;
    memcpy(out, &s->slot[i].r.u, size);
    return 1;
}

static int bl_mem_put(struct bl_store *s, const struct bl_key *k, const void *rec, size_t size)
{
    if (2 * (s->n + 1) > s->cap && bl_mem_grow(s) != 0)
        return -1;
    size_t i = bl_mem_find(s->slot, s->cap, k);
    if (!s->slot[i].used) {
        s->slot[i].used = true;
        s->slot[i].r.key = *k;
        s->n++;
    }
    memset(&s->slot[i].r.u, 0, sizeof(s->slot[i].r.u));
    memcpy(&s->slot[i].r.u, rec, size);
    return 0;
}

static int bl_mem_flush(struct bl_store *s)
{
    (void)s;
    return 0;
}

static int bl_mem_reset(struct bl_store *s)
{
    memset(s->slot, 0, s->cap * sizeof(*s->slot));
    s->n = 0;
    return 0;
}

static int bl_mem_cmp(const void *a, const void *b)
{
    const struct bl_record *x = *(const struct bl_record *const *)a;
    const struct bl_record *y = *(const struct bl_record *const *)b;
    return memcmp(&x->key, &y->key, sizeof(x->key));
}

static int bl_mem_each(struct bl_store *s, bl_each_fn fn, void *ctx)
{
    const struct bl_record **v = mem_alloc((s->n ? s->n : 1) * sizeof(*v));
    size_t n = 0;
    if (!v)
        return -1;
    for (size_t i = 0; i < s->cap; i++)
        if (s->slot[i].used)
            v[n++] = &s->slot[i].r;
    qsort(v, n, sizeof(*v), bl_mem_cmp);
    for (size_t i = 0; i < n && fn(ctx, v[i]) == 0; i++)
        ;
    mem_free(v);
    return 0;
}

static int bl_mem_close(struct bl_store *s)
{
    if (s) {
        mem_free(s->slot);
        mem_free(s);
    }
    return 0;
}

const struct bl_store_ops bl_store_memory = {
    .name = "memory",
    .open = bl_mem_open,
    .get = bl_mem_get,
    .put = bl_mem_put,
    .flush = bl_mem_flush,
    .reset = bl_mem_reset,
    .each = bl_mem_each,
    .close = bl_mem_close,
};
