/* jsonw.c - streaming JSON writer (RFC 8259). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/jsonw.h"
#include "util/mem.h"

void jsonw_init(struct jsonw *w)
{
    memset(w, 0, sizeof(*w));
    w->first[0] = true;
}

void jsonw_deinit(struct jsonw *w)
{
    mem_free(w->buf);
    memset(w, 0, sizeof(*w));
}

void jsonw_reset(struct jsonw *w)
{
    w->len = 0;
    w->oom = false;
    w->depth = 0;
    w->first[0] = true;
}

static bool jsonw_grow(struct jsonw *w, size_t n)
{
    if (w->oom)
        return false;
    if (n <= w->cap - w->len)
        return true;
    size_t cap = w->cap ? w->cap : 1024;
    while (cap - w->len < n)
        cap *= 2;
    char *b = mem_realloc(w->buf, cap);
    if (!b) {
        w->oom = true;
        return false;
    }
    w->buf = b;
    w->cap = cap;
    return true;
}

static void jsonw_put(struct jsonw *w, const char *s, size_t n)
{
    if (!jsonw_grow(w, n))
        return;
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

static void jsonw_putc(struct jsonw *w, char c)
{
    if (w->len < w->cap || jsonw_grow(w, 1))
        w->buf[w->len++] = c;
}

/* Length of the valid UTF-8 sequence at s (max n bytes), 0 if invalid. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
    size_t k;
    unsigned min;
    unsigned cp;
    if (s[0] < 0x80)
        return 1;
    if ((s[0] & 0xE0) == 0xC0) { k = 2; min = 0x80; cp = s[0] & 0x1Fu; }
    else if ((s[0] & 0xF0) == 0xE0) { k = 3; min = 0x800; cp = s[0] & 0x0Fu; }
    else if ((s[0] & 0xF8) == 0xF0) { k = 4; min = 0x10000; cp = s[0] & 0x07u; }
    else return 0;
    if (k > n)
        return 0;
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return k;
}

/* Bytes copied as they are inside a JSON string: printable ASCII except
 * '"' and '\\' (the profile's hottest loop: one table lookup per byte). */
#define P1(c) ((c) >= 0x20 && (c) < 0x80 && (c) != '"' && (c) != '\\')
#define P4(c) P1(c), P1((c) + 1), P1((c) + 2), P1((c) + 3)
#define P16(c) P4(c), P4((c) + 4), P4((c) + 8), P4((c) + 12)
#define P64(c) P16(c), P16((c) + 16), P16((c) + 32), P16((c) + 48)
static const bool jsonw_plain[256] = {P64(0), P64(64), P64(128), P64(192)};
#undef P64
#undef P16
#undef P4
#undef P1

static void jsonw_escaped(struct jsonw *w, const char *val, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)val;
    jsonw_putc(w, '"');
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        size_t run = i;
        while (run < n && jsonw_plain[s[run]])
            run++;
        if (run > i) { /* plain ASCII: copied as one block */
            jsonw_put(w, (const char *)s + i, run - i);
            i = run;
            continue;
        }
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            jsonw_put(w, e, 2);
            i++;
        } else if (c < 0x20) {
            const char *e = c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;
            if (e) {
                jsonw_put(w, e, 2);
            } else {
                char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                jsonw_put(w, u, 6);
            }
            i++;
        } else {
            size_t k = utf8_seq_len(s + i, n - i);
            if (k == 0) {
                char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                jsonw_put(w, u, 6);
                i++;
            } else {
                jsonw_put(w, (const char *)s + i, k);
                i += k;
            }
        }
    }
    jsonw_putc(w, '"');
}

/* Separator and key before a value. */
static void jsonw_member(struct jsonw *w, const char *key)
{
    if (!w->first[w->depth])
        jsonw_putc(w, ',');
    w->first[w->depth] = false;
    if (key) {
        jsonw_escaped(w, key, strlen(key));
        jsonw_putc(w, ':');
    }
}

static void jsonw_push(struct jsonw *w, const char *key, char open)
{
    if (w->depth > 0 || w->len > 0)
        jsonw_member(w, key);
    jsonw_putc(w, open);
    if (w->depth < JSONW_MAX_DEPTH)
        w->depth++;
    w->first[w->depth] = true;
}

static void jsonw_pop(struct jsonw *w, char close)
{
    jsonw_putc(w, close);
    if (w->depth > 0)
        w->depth--;
}

void jsonw_obj_open(struct jsonw *w, const char *key) { jsonw_push(w, key, '{'); }
void jsonw_obj_close(struct jsonw *w) { jsonw_pop(w, '}'); }
void jsonw_arr_open(struct jsonw *w, const char *key) { jsonw_push(w, key, '['); }
void jsonw_arr_close(struct jsonw *w) { jsonw_pop(w, ']'); }

void jsonw_strn(struct jsonw *w, const char *key, const char *val, size_t n)
{
    jsonw_member(w, key);
    jsonw_escaped(w, val, n);
}

void jsonw_str(struct jsonw *w, const char *key, const char *val)
{
    jsonw_strn(w, key, val, strlen(val));
}

void jsonw_strf(struct jsonw *w, const char *key, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    jsonw_strn(w, key, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

void jsonw_uint(struct jsonw *w, const char *key, uint64_t val)
{
    char tmp[24];
    size_t i = sizeof(tmp);
    do {
        tmp[--i] = (char)('0' + val % 10);
        val /= 10;
    } while (val);
    jsonw_member(w, key);
    jsonw_put(w, tmp + i, sizeof(tmp) - i);
}

void jsonw_hex(struct jsonw *w, const char *key, uint64_t val, int digits)
{
    static const char hex[] = "0123456789abcdef";
    char tmp[20];
    size_t i = sizeof(tmp);
    tmp[--i] = '"';
    int n = 0;
    do {
        tmp[--i] = hex[val & 15];
        val >>= 4;
        n++;
    } while (val || n < digits);
    tmp[--i] = 'x';
    tmp[--i] = '0';
    tmp[--i] = '"';
    jsonw_member(w, key);
    jsonw_put(w, tmp + i, sizeof(tmp) - i);
}

void jsonw_int(struct jsonw *w, const char *key, int64_t val)
{
    if (val >= 0) {
        jsonw_uint(w, key, (uint64_t)val);
        return;
    }
    char tmp[24];
    int n = snprintf(tmp, sizeof(tmp), "%lld", (long long)val);
    jsonw_member(w, key);
    jsonw_put(w, tmp, (size_t)n);
}

void jsonw_bool(struct jsonw *w, const char *key, bool val)
{
    jsonw_member(w, key);
    jsonw_put(w, val ? "true" : "false", val ? 4 : 5);
}

void jsonw_prefix(struct jsonw *w, const char *s, size_t n)
{
    jsonw_put(w, s, n); /* first[0] stays true: no comma before the value */
}

void jsonw_raw(struct jsonw *w, const char *key, const char *json, size_t n)
{
    jsonw_member(w, key);
    jsonw_put(w, json, n);
}
