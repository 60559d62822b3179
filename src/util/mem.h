/* mem.h - the allocation funnel: every heap allocation goes through here so
 * that bytes are counted against a memcap.  A memcap is a `struct memcap`
 * owned by whoever enforces it. */
#ifndef SMBNEG_MEM_H
#define SMBNEG_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct memcap {
    size_t limit; /* 0: unlimited */
    size_t used;
    size_t peak;
    uint64_t hits; /* allocations refused by the cap */
};

/* Plain allocations: abort-free, return NULL on failure. */
void *mem_alloc(size_t n);
void *mem_calloc(size_t nmemb, size_t size);
void *mem_realloc(void *p, size_t n);
void mem_free(void *p);
char *mem_strdup(const char *s);

/* An array p of *cap elements of `size` bytes with room for at least `need`:
 * p itself when it has room, else p reallocated to double the capacity (or
 * `need`, when more), *cap updated.  NULL on failure or overflow, with p
 * and *cap unchanged.  Appending one element at a time then costs
 * O(log n) reallocations, not n (whole-array copies: quadratic). */
void *mem_grow(void *p, size_t *cap, size_t need, size_t size);

/* Capped allocations: refused (NULL, hits++) when used + n would exceed the
 * limit.  The caller passes the same size to mem_cap_free.  A NULL memcap
 * counts nothing and refuses nothing (tests, fuzzers). */
void *mem_cap_alloc(struct memcap *mc, size_t n);
void *mem_cap_calloc(struct memcap *mc, size_t n);
void mem_cap_free(struct memcap *mc, void *p, size_t n);
/* Charge / release n bytes without allocating (for realloc'd buffers). */
bool mem_cap_reserve(struct memcap *mc, size_t n);
void mem_cap_release(struct memcap *mc, size_t n);

/* Test hook: make the nth allocation from now (1-based, counting every
 * mem_alloc, mem_calloc, mem_realloc and mem_strdup, capped or not) fail as
 * if the system had refused it; 0 turns the hook off.  Returns the number
 * of allocations made since the previous call, so a test can first count
 * the allocations of an operation and then fail each in turn.  The count is
 * the one piece of process-wide state in the funnel; the engine never sets
 * the hook. */
unsigned long mem_test_fail_nth(unsigned long nth);

#endif
