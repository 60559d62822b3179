/* store-memory.c - the in-memory baseline store (baseline-table.c), gone
 * when the process ends (-r without --baseline). */
#include <string.h>

#define LOG_MODULE "baseline"
#include "baseline/baseline-store.h"
#include "baseline/baseline-table.h"
#include "util/log.h"
#include "util/mem.h"

struct bl_store {
    struct bl_table t;
};

static struct bl_store *bl_mem_open(const struct baseline_cfg *cfg)
{
    (void)cfg;
    struct bl_store *s = mem_calloc(1, sizeof(*s));
    if (!s || bl_table_init(&s->t) != 0) {
        mem_free(s);
        log_error("baseline: out of memory");
        return NULL;
    }
    return s;
}

static int bl_mem_get(struct bl_store *s, const struct bl_key *k, void *out, size_t size)
{
    struct bl_slot *sl = bl_table_find(&s->t, k);
    if (!sl)
        return 0;
    memcpy(out, &sl->r.u, size);
    return 1;
}

static int bl_mem_put(struct bl_store *s, const struct bl_key *k, const void *rec, size_t size)
{
    struct bl_slot *sl = bl_table_insert(&s->t, k);
    if (!sl)
        return -1;
    memset(&sl->r.u, 0, sizeof(sl->r.u));
    memcpy(&sl->r.u, rec, size);
    sl->present = true;
    return 0;
}

static int bl_mem_flush(struct bl_store *s)
{
    (void)s;
    return 0;
}

static int bl_mem_reset(struct bl_store *s)
{
    bl_table_clear(&s->t);
    return 0;
}

static int bl_mem_each(struct bl_store *s, bl_each_fn fn, void *ctx)
{
    return bl_table_each(&s->t, fn, ctx);
}

static int bl_mem_close(struct bl_store *s)
{
    if (s) {
        bl_table_deinit(&s->t);
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
