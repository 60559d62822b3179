/* baseline-table.h - an open-addressing hash table of baseline records by
 * key: the memory store itself (store-memory.c) and the write-back cache
 * of the stores that keep records elsewhere (store-sqlite.c). */
#ifndef SMBNEG_BASELINE_TABLE_H
#define SMBNEG_BASELINE_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "baseline/baseline-store.h"

struct bl_slot {
    bool used;
    bool present;   /* a record (false: known to be absent from the backing store) */
    bool dirty;     /* changed since the last write-back */
    struct bl_record r;
};

struct bl_table {
    struct bl_slot *slot;
    size_t cap, n;  /* cap: a power of two; n < cap / 2 */
};

/* 0, or -1 (logged) on out-of-memory. */
int bl_table_init(struct bl_table *t);
void bl_table_deinit(struct bl_table *t);
/* The slot of k, or NULL. */
struct bl_slot *bl_table_find(const struct bl_table *t, const struct bl_key *k);
/* The slot of k, created (zeroed, not present) when missing; NULL (logged)
 * on out-of-memory.  Slot pointers are valid until the next insert. */
struct bl_slot *bl_table_insert(struct bl_table *t, const struct bl_key *k);
/* Forget every slot. */
void bl_table_clear(struct bl_table *t);
/* Every present record, in key order; fn returning non-zero stops.  0, or
 * -1 on out-of-memory. */
int bl_table_each(const struct bl_table *t, bl_each_fn fn, void *ctx);

#endif
