/* jsonw.h - a streaming JSON writer into a growable buffer (RFC 8259).
 *
 * EVE records are written field by field in a fixed order, so the output is
 * deterministic and no object tree is built per record.  Keys are NULL
 * inside arrays.  Strings are escaped; bytes that are not valid UTF-8 are
 * written as \u00XX of the byte (as Suricata does), so output is always
 * valid JSON. */
#ifndef SMBNEG_JSONW_H
#define SMBNEG_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSONW_MAX_DEPTH 16

struct jsonw {
    char *buf;
    size_t len, cap;
    bool oom;                        /* sticky: an append failed */
    int depth;
    bool first[JSONW_MAX_DEPTH + 1]; /* no member written yet at this depth */
};

void jsonw_init(struct jsonw *w);
void jsonw_deinit(struct jsonw *w);
void jsonw_reset(struct jsonw *w);

void jsonw_obj_open(struct jsonw *w, const char *key);
void jsonw_obj_close(struct jsonw *w);
void jsonw_arr_open(struct jsonw *w, const char *key);
void jsonw_arr_close(struct jsonw *w);
void jsonw_str(struct jsonw *w, const char *key, const char *val);
void jsonw_strn(struct jsonw *w, const char *key, const char *val, size_t n);
void jsonw_int(struct jsonw *w, const char *key, int64_t val);
void jsonw_uint(struct jsonw *w, const char *key, uint64_t val);
/* val as the string "0x..." in lowercase hex, zero-padded to at least
 * `digits` digits (printf's "0x%0*x" without printf's cost). */
void jsonw_hex(struct jsonw *w, const char *key, uint64_t val, int digits);
void jsonw_bool(struct jsonw *w, const char *key, bool val);
/* printf into a string value */
void jsonw_strf(struct jsonw *w, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Bytes before the top-level value (an output's prefix, "@cee: "); only
 * right after jsonw_reset(). */
void jsonw_prefix(struct jsonw *w, const char *s, size_t n);
/* Append already-serialised JSON as a value. */
void jsonw_raw(struct jsonw *w, const char *key, const char *json, size_t n);

#endif
