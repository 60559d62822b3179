/* detect-content.c - Suricata's `content` keyword on a string buffer: the
 * value grammar (quotes, escapes, |hex|), the modifiers nocase, startswith
 * and endswith, and the match (see detect-content.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "detect/detect-content.h"
#include "util/mem.h"

static int dc_fail(char *err, size_t errlen, size_t *off, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Write a reason and its offset; always -1. */
static int dc_fail(char *err, size_t errlen, size_t *off, size_t at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    *off = at;
    return -1;
}

static int dc_hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The body raw[1..len-1) into out (at most len bytes): text with the
 * escapes \" \; \: \\, and |..| runs of hex byte pairs separated by
 * optional spaces.  Returns the number of bytes, or -1 (err, off). */
static long dc_body(const char *raw, size_t len, uint8_t *out, char *err, size_t errlen,
                    size_t *off)
{
    size_t n = 0, bar = 0;
    bool hex = false;
    int hi = -1;
    for (size_t i = 1; i + 1 < len; i++) {
        char c = raw[i];
        if (c == '|') {
            if (hex && hi >= 0)
                return dc_fail(err, errlen, off, i, "odd number of hex digits before '|'");
            hex = !hex;
            bar = i;
        } else if (hex) {
            int v = dc_hex(c);
            if (c == ' ')
                continue;
            if (v < 0)
                return dc_fail(err, errlen, off, i, "'%c' is not a hex digit inside |...|", c);
            if (hi < 0)
                hi = v;
            else {
                out[n++] = (uint8_t)(hi << 4 | v);
                hi = -1;
            }
        } else if (c == '\\') {
            char e = i + 2 < len ? raw[i + 1] : '\0';
            if (!strchr("\";:\\", e) || e == '\0')
                return dc_fail(err, errlen, off, i,
                               "'\\%c' is no escape: only \\\" \\; \\: and \\\\ are (|hex| for "
                               "other bytes)", e ? e : ' ');
            out[n++] = (uint8_t)e;
            i++;
        } else if (c == '"') {
            return dc_fail(err, errlen, off, i, "'\"' inside content: write \\\" or |22|");
        } else {
            out[n++] = (uint8_t)c;
        }
    }
    if (hex)
        return dc_fail(err, errlen, off, bar, "unterminated |hex| run");
    return (long)n;
}

int detect_content_parse(const char *raw, size_t len, bool neg, struct detect_content *out,
                         char *err, size_t errlen, size_t *off)
{
    memset(out, 0, sizeof(*out));
    if (len < 2 || raw[0] != '"' || raw[len - 1] != '"')
        return dc_fail(err, errlen, off, 0, "content must be a quoted string: content:\"...\"");
    uint8_t *pat = mem_alloc(len);
    if (!pat)
        return dc_fail(err, errlen, off, 0, "out of memory");
    long n = dc_body(raw, len, pat, err, errlen, off);
    if (n == 0)
        n = dc_fail(err, errlen, off, 0, "empty content");
    if (n < 0) {
        mem_free(pat);
        return -1;
    }
    out->pat = pat;
    out->len = (size_t)n;
    out->neg = neg;
    return 0;
}

void detect_content_deinit(struct detect_content *c)
{
    mem_free(c->pat);
    c->pat = NULL;
    c->len = 0;
}

/* ------------------------------------------------------------------------
 * Modifiers
 * ------------------------------------------------------------------------ */

bool detect_content_is_modifier(const char *name, bool *unsupported)
{
    static const char *const known[] = {"nocase", "startswith", "endswith", "fast_pattern"};
    /* Suricata's other content modifiers: refused by name, not "unknown" */
    static const char *const other[] = {"depth", "offset", "distance", "within", "rawbytes",
                                        "isdataat", "bsize", "replace", "fast_pattern:only",
                                        "dsize"};
    *unsupported = false;
    for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
        if (strcasecmp(name, known[k]) == 0)
            return true;
    for (size_t k = 0; k < sizeof(other) / sizeof(other[0]); k++)
        if (strcasecmp(name, other[k]) == 0)
            return *unsupported = true;
    return false;
}

int detect_content_modifier(struct detect_content *c, const char *name, char *err, size_t errlen)
{
    bool *flag = NULL;
    if (strcasecmp(name, "nocase") == 0)
        flag = &c->nocase;
    else if (strcasecmp(name, "startswith") == 0)
        flag = &c->startswith;
    else if (strcasecmp(name, "endswith") == 0)
        flag = &c->endswith;
    else if (strcasecmp(name, "fast_pattern") == 0)
        return 0; /* a prefilter hint in Suricata; every rule here is inspected whole */
    if (!flag) {
        snprintf(err, errlen, "unknown content modifier '%s' (nocase, startswith, endswith, "
                 "fast_pattern)", name);
        return -1;
    }
    if (*flag) {
        snprintf(err, errlen, "%s given twice for one content", name);
        return -1;
    }
    *flag = true;
    return 0;
}

/* ------------------------------------------------------------------------
 * Matching
 * ------------------------------------------------------------------------ */

static bool dc_equal(const struct detect_content *c, const uint8_t *p)
{
    if (!c->nocase)
        return memcmp(p, c->pat, c->len) == 0;
    for (size_t k = 0; k < c->len; k++) {
        uint8_t a = p[k], b = c->pat[k];
        if (a >= 'A' && a <= 'Z')
            a = (uint8_t)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z')
            b = (uint8_t)(b - 'A' + 'a');
        if (a != b)
            return false;
    }
    return true;
}

/* The pattern occurs in buf where its anchors allow. */
static bool dc_found(const struct detect_content *c, const uint8_t *buf, size_t len)
{
    if (c->len > len)
        return false;
    if (c->startswith && c->endswith)
        return c->len == len && dc_equal(c, buf);
    if (c->startswith)
        return dc_equal(c, buf);
    if (c->endswith)
        return dc_equal(c, buf + (len - c->len));
    for (size_t k = 0; k + c->len <= len; k++)
        if (dc_equal(c, buf + k))
            return true;
    return false;
}

bool detect_content_match(const struct detect_content *c, const uint8_t *buf, size_t len)
{
    return dc_found(c, buf, len) != c->neg;
}
