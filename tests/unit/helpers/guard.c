/* guard.c - vectors placed against a PROT_NONE page (see guard.h). */
#include "guard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

const uint8_t *guard_copy(struct guard_buf *g, const void *src, size_t len)
{
    long ps = sysconf(_SC_PAGESIZE);
    size_t page = ps > 0 ? (size_t)ps : 4096;
    size_t data_pages = (len + page - 1) / page;
    size_t map_len = (data_pages + 1) * page;

    void *map = mmap(NULL, map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) {
        perror("guard_copy: mmap");
        abort();
    }
    uint8_t *base = map;
    if (mprotect(base + data_pages * page, page, PROT_NONE) != 0) {
        perror("guard_copy: mprotect");
        abort();
    }
    uint8_t *dst = base + data_pages * page - len;
    if (len > 0)
        memcpy(dst, src, len);
    g->map = map;
    g->map_len = map_len;
    g->p = dst;
    g->len = len;
    return dst;
}

void guard_free(struct guard_buf *g)
{
    if (g->map)
        munmap(g->map, g->map_len);
    memset(g, 0, sizeof(*g));
}
