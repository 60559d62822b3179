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

/* GUARDED_PARSER(name, parse, out_type) defines the guarded wrapper
 *     static enum parse_status name(const uint8_t *v, size_t len, out_type *out)
 * which runs parse(copy, len, out) on a guard_copy() of v[0..len) and frees
 * the copy before returning, and name##_any(), the same with a `void *out`
 * (a sweep_parse_fn for helpers/truth.h).  parse is any parser of the form
 * enum parse_status parse(const uint8_t *p, size_t len, out_type *out). */
#define GUARDED_PARSER(name, parse, out_type)                                            \
    static enum parse_status name(const uint8_t *v, size_t len, out_type *out)          \
    {                                                                                    \
        struct guard_buf g_;                                                             \
        enum parse_status st_ = parse(guard_copy(&g_, v, len), len, out);                \
        guard_free(&g_);                                                                 \
        return st_;                                                                      \
    }                                                                                    \
    static inline enum parse_status name##_any(const uint8_t *v, size_t len, void *out) \
    {                                                                                    \
        return name(v, len, out);                                                        \
    }

#endif
