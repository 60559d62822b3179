/* baseline-table.c - the hash table of baseline records (see
 * baseline-table.h): FNV-1a over the key, linear probing, doubled at half
 * load. */
#include <stdlib.h>
#include <string.h>

#define LOG_MODULE "baseline"
#include "baseline/baseline-table.h"
#include "util/log.h"
#include "util/mem.h"

static uint64_t bl_table_hash(const struct bl_key *k)
{
    uint64_t h = 1469598103934665603ull;
    const uint8_t *p = (const uint8_t *)k;
    for (size_t i = 0; i < sizeof(*k); i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

static size_t bl_table_pos(const struct bl_slot *v, size_t cap, const struct bl_key *k)
{
    size_t i = (size_t)bl_table_hash(k) & (cap - 1);
    while (v[i].used && memcmp(&v[i].r.key, k, sizeof(*k)) != 0)
        i = (i + 1) & (cap - 1);
    return i;
}

static int bl_table_grow(struct bl_table *t)
{
    size_t cap = t->cap ? 2 * t->cap : 256;
    struct bl_slot *v = mem_calloc(cap, sizeof(*v));
    if (!v) {
        log_error("baseline: out of memory");
        return -1;
    }
    for (size_t i = 0; i < t->cap; i++)
        if (t->slot[i].used)
            v[bl_table_pos(v, cap, &t->slot[i].r.key)] = t->slot[i];
    mem_free(t->slot);
    t->slot = v;
    t->cap = cap;
    return 0;
}

int bl_table_init(struct bl_table *t)
{
    memset(t, 0, sizeof(*t));
    return bl_table_grow(t);
}

void bl_table_deinit(struct bl_table *t)
{
    mem_free(t->slot);
    memset(t, 0, sizeof(*t));
}

struct bl_slot *bl_table_find(const struct bl_table *t, const struct bl_key *k)
{
    struct bl_slot *s = &t->slot[bl_table_pos(t->slot, t->cap, k)];
    return s->used ? s : NULL;
}

struct bl_slot *bl_table_insert(struct bl_table *t, const struct bl_key *k)
{
    struct bl_slot *s = bl_table_find(t, k);
    if (s)
        return s;
    if (2 * (t->n + 1) > t->cap && bl_table_grow(t) != 0)
        return NULL;
    s = &t->slot[bl_table_pos(t->slot, t->cap, k)];
    memset(s, 0, sizeof(*s));
    s->used = true;
    s->r.key = *k;
    t->n++;
    return s;
}

void bl_table_clear(struct bl_table *t)
{
    memset(t->slot, 0, t->cap * sizeof(*t->slot));
    t->n = 0;
}

static int bl_table_cmp(const void *a, const void *b)
{
    const struct bl_record *x = *(const struct bl_record *const *)a;
    const struct bl_record *y = *(const struct bl_record *const *)b;
    return memcmp(&x->key, &y->key, sizeof(x->key));
}

int bl_table_each(const struct bl_table *t, bl_each_fn fn, void *ctx)
{
    const struct bl_record **v = mem_alloc((t->n ? t->n : 1) * sizeof(*v));
    size_t n = 0;
    if (!v)
        return -1;
    for (size_t i = 0; i < t->cap; i++)
        if (t->slot[i].used && t->slot[i].present)
            v[n++] = &t->slot[i].r;
    qsort(v, n, sizeof(*v), bl_table_cmp);
    for (size_t i = 0; i < n && fn(ctx, v[i]) == 0; i++)
        ;
    mem_free(v);
    return 0;
}
