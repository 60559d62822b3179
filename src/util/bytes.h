/* bytes.h - the checked byte reader: the only way untrusted bytes are read.
 *
 * A `struct rd` is a window [p, end) over borrowed memory.  Every getter
 * names its byte order.  A read past `end` returns 0, sets the sticky `bad`
 * flag and never advances past `end`, so a caller may read a whole record
 * and test `bad` once before acting on it.  Bounds tests are written as
 * `n > left` in size_t and cannot overflow. */
#ifndef SMBNEG_BYTES_H
#define SMBNEG_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rd {
    const uint8_t *p;   /* next byte to read */
    const uint8_t *end; /* one past the last readable byte */
    bool bad;           /* sticky: some read went out of range */
};

static inline struct rd rd_make(const uint8_t *buf, size_t len)
{
    struct rd r = {buf, buf + len, false};
    return r;
}

static inline size_t rd_left(const struct rd *r)
{
    return (size_t)(r->end - r->p);
}

/* Reserve n bytes: returns a pointer to them and advances, or NULL (and
 * sets bad, consuming nothing) when fewer than n bytes remain. */
static inline const uint8_t *rd_take(struct rd *r, size_t n)
{
    if (r->bad || n > rd_left(r)) {
        r->bad = true;
        return NULL;
    }
    const uint8_t *q = r->p;
    r->p += n;
    return q;
}

static inline uint8_t rd_u8(struct rd *r)
{
    const uint8_t *q = rd_take(r, 1);
    return q ? q[0] : 0;
}

static inline uint16_t rd_le16(struct rd *r)
{
    const uint8_t *q = rd_take(r, 2);
    uint32_t v = q ? ((uint32_t)q[0] | (uint32_t)q[1] << 8) : 0;
    return (uint16_t)v;
}

static inline uint32_t rd_le32(struct rd *r)
{
    const uint8_t *q = rd_take(r, 4);
    return q ? ((uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 |
                (uint32_t)q[3] << 24)
             : 0;
}

static inline uint64_t rd_le64(struct rd *r)
{
    uint64_t lo = rd_le32(r);
    uint64_t hi = rd_le32(r);
    return r->bad ? 0 : (lo | hi << 32);
}

static inline uint16_t rd_be16(struct rd *r)
{
    const uint8_t *q = rd_take(r, 2);
    uint32_t v = q ? ((uint32_t)q[0] << 8 | (uint32_t)q[1]) : 0;
    return (uint16_t)v;
}

static inline uint32_t rd_be24(struct rd *r)
{
    const uint8_t *q = rd_take(r, 3);
    return q ? ((uint32_t)q[0] << 16 | (uint32_t)q[1] << 8 | q[2]) : 0;
}

static inline uint32_t rd_be32(struct rd *r)
{
    const uint8_t *q = rd_take(r, 4);
    return q ? ((uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3])
             : 0;
}

/* Copy n bytes into dst (zero-filled on failure). */
static inline void rd_copy(struct rd *r, void *dst, size_t n)
{
    const uint8_t *q = rd_take(r, n);
    uint8_t *d = dst;
    for (size_t i = 0; i < n; i++)
        d[i] = q ? q[i] : 0;
}

static inline void rd_skip(struct rd *r, size_t n)
{
    (void)rd_take(r, n);
}

/* A child reader over the next n bytes (a declared length); the parent
 * advances past them.  When fewer than n remain the child is marked bad and
 * covers nothing. */
static inline struct rd rd_sub(struct rd *r, size_t n)
{
    const uint8_t *q = rd_take(r, n);
    struct rd c = {q, q ? q + n : NULL, q == NULL};
    if (!q)
        c.p = c.end = r->p;
    return c;
}

/* A reader over [base + off, base + len): for structures located by an
 * offset field.  Out of range gives a bad, empty reader. */
static inline struct rd rd_at(const uint8_t *base, size_t len, size_t off)
{
    struct rd r = {base + len, base + len, true};
    if (off <= len) {
        r.p = base + off;
        r.bad = false;
    }
    return r;
}

/* Skip to the next multiple of `align` counted from `base`; skipping past
 * the end is clamped at end without setting bad (trailing padding may be
 * absent after the last element). */
static inline void rd_align(struct rd *r, const uint8_t *base, size_t align)
{
    size_t off = (size_t)(r->p - base);
    size_t pad = (align - off % align) % align;
    if (pad > rd_left(r))
        pad = rd_left(r);
    r->p += pad;
}

#endif
