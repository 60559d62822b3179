/* mem.c - allocation funnel with memcaps. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

/* The test hook (mem_test_fail_nth): allocations counted since it was last
 * set, and the one to refuse (0: none). */
static unsigned long alloc_count, alloc_fail_at;

unsigned long mem_test_fail_nth(unsigned long nth)
{
    unsigned long n = alloc_count;
    alloc_count = 0;
    alloc_fail_at = nth;
    return n;
}

/* Count one allocation; true when the test hook refuses it. */
static bool refused(void)
{
    return ++alloc_count == alloc_fail_at;
}

void *mem_alloc(size_t n)
{
    return refused() ? NULL : malloc(n ? n : 1);
}

void *mem_calloc(size_t nmemb, size_t size)
{
    return refused() ? NULL : calloc(nmemb ? nmemb : 1, size ? size : 1);
}

void *mem_realloc(void *p, size_t n)
{
    return refused() ? NULL : realloc(p, n ? n : 1);
}

void mem_free(void *p)
{
    free(p);
}

void *mem_grow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    size_t n = *cap < 8 ? 8 : *cap;
    while (n < need && n <= SIZE_MAX / 2)
        n *= 2;
    if (n < need || (size && n > SIZE_MAX / size))
        return NULL;
    void *np = mem_realloc(p, n * size);
    if (np)
        *cap = n;
    return np;
}

char *mem_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = mem_alloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

bool mem_cap_reserve(struct memcap *mc, size_t n)
{
    if (!mc)
        return true;
    if (mc->limit && (n > mc->limit || mc->used > mc->limit - n)) {
        mc->hits++;
        return false;
    }
    mc->used += n;
    if (mc->used > mc->peak)
        mc->peak = mc->used;
    return true;
}

void mem_cap_release(struct memcap *mc, size_t n)
{
    if (!mc)
        return;
    mc->used = n > mc->used ? 0 : mc->used - n;
}

void *mem_cap_alloc(struct memcap *mc, size_t n)
{
    if (!mem_cap_reserve(mc, n))
        return NULL;
    void *p = mem_alloc(n);
    if (!p)
        mem_cap_release(mc, n);
    return p;
}

void *mem_cap_calloc(struct memcap *mc, size_t n)
{
    if (!mem_cap_reserve(mc, n))
        return NULL;
    void *p = mem_calloc(1, n);
    if (!p)
        mem_cap_release(mc, n);
    return p;
}

void mem_cap_free(struct memcap *mc, void *p, size_t n)
{
    if (!p)
        return;
    mem_cap_release(mc, n);
    free(p);
}
