/* baseline-store.c - THE list of baseline store backends: one row each. */
#include <string.h>

#include "baseline/baseline-store.h"

static const struct bl_store_ops *const bl_stores[] = {
    &bl_store_memory,
    &bl_store_sqlite,
#ifdef SMBNEG_HIREDIS
    &bl_store_redis,
#endif
};

const struct bl_store_ops *baseline_store_find(const char *name)
{
    for (size_t i = 0; name && i < sizeof(bl_stores) / sizeof(bl_stores[0]); i++)
        if (strcmp(bl_stores[i]->name, name) == 0)
            return bl_stores[i];
    return NULL;
}
