/* guard.h - test helper: place a byte vector so that it ends exactly at a
 * PROT_NONE page, turning any one-byte over-read into SIGSEGV
 * (picohttpparser's test technique; see STYLE.md "Tests"). */
#ifndef SMBNEG_TEST_GUARD_H
#define SMBNEG_TEST_GUARD_H

#include <stddef.h>
#include <stdint.h>

/* One guarded copy.  Owned by the caller; release with guard_free(). */
struct guard_buf {
    void *map;        /* the whole mapping: data pages + one PROT_NONE page */
    size_t map_len;
    const uint8_t *p; /* the copy: p[len] is the first protected byte */
    size_t len;
};

/* Copy src[0..len) into a fresh mapping so that it ends at a protected page
 * and return the copy (also in g->p).  With len 0 the pointer is the start of
 * the protected page itself.  Aborts the test process when mmap/mprotect
 * fail: a helper that silently skips guarding would hide over-reads. */
const uint8_t *guard_copy(struct guard_buf *g, const void *src, size_t len);

/* Unmap a copy made by guard_copy; a zeroed struct is a no-op. */
void guard_free(struct guard_buf *g);

#endif
