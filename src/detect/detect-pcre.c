/* detect-pcre.c - Suricata's `pcre` keyword on a string buffer, compiled
 * with PCRE2 (Debian libpcre2-8): "/regex/flags", the flags Suricata gives
 * the regex itself (see detect-content.h).  PCRE2's memory goes through the
 * allocation funnel (util/mem.h); the match data is made once per rule, so
 * matching allocates nothing. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <string.h>

#include "detect/detect-content.h"
#include "util/mem.h"

struct detect_pcre {
    pcre2_code *re;
    pcre2_match_data *md;
    pcre2_general_context *gc;
    bool neg;
};

static void *dp_alloc(size_t n, void *ud)
{
    (void)ud;
    return mem_alloc(n);
}

static void dp_free(void *p, void *ud)
{
    (void)ud;
    mem_free(p);
}

/* The PCRE2 option of Suricata's regex flag f; 0: not a regex flag. */
static uint32_t dp_flag(char f)
{
    switch (f) {
    case 'i': return PCRE2_CASELESS;
    case 's': return PCRE2_DOTALL;
    case 'm': return PCRE2_MULTILINE;
    case 'x': return PCRE2_EXTENDED;
    case 'A': return PCRE2_ANCHORED;
    case 'E': return PCRE2_DOLLAR_ENDONLY;
    case 'G': return PCRE2_UNGREEDY;
    default: return 0;
    }
}

/* Split raw ("/regex/flags", quoted) at its slashes; compile options from
 * the flags.  0, or -1 with err and off. */
static int dp_split(const char *raw, size_t len, size_t *rb, size_t *re, uint32_t *opts,
                    char *err, size_t errlen, size_t *off)
{
    if (len < 2 || raw[0] != '"' || raw[len - 1] != '"') {
        snprintf(err, errlen, "pcre must be a quoted \"/regex/flags\"");
        *off = 0;
        return -1;
    }
    size_t last = len - 2;
    while (last > 1 && raw[last] != '/')
        last--;
    if (raw[1] != '/' || last <= 1) {
        snprintf(err, errlen, "pcre must be \"/regex/flags\"");
        *off = 1;
        return -1;
    }
    *opts = 0;
    for (size_t k = last + 1; k + 1 < len; k++) {
        uint32_t o = dp_flag(raw[k]);
        if (!o) {
            snprintf(err, errlen, "pcre flag '%c' is not supported (i s m x A E G)", raw[k]);
            *off = k;
            return -1;
        }
        *opts |= o;
    }
    *rb = 2;
    *re = last;
    return 0;
}

struct detect_pcre *detect_pcre_new(const char *raw, size_t len, bool neg, char *err,
                                    size_t errlen, size_t *off)
{
    size_t rb, re;
    uint32_t opts;
    if (dp_split(raw, len, &rb, &re, &opts, err, errlen, off) < 0)
        return NULL;
    struct detect_pcre *p = mem_calloc(1, sizeof(*p));
    pcre2_compile_context *cc = NULL;
    if (!p || !(p->gc = pcre2_general_context_create(dp_alloc, dp_free, NULL)) ||
        !(cc = pcre2_compile_context_create(p->gc)))
        goto oom;
    int code;
    PCRE2_SIZE at;
    p->re = pcre2_compile((PCRE2_SPTR)(raw + rb), re - rb, opts, &code, &at, cc);
    pcre2_compile_context_free(cc);
    if (!p->re) {
        PCRE2_UCHAR msg[160];
        if (pcre2_get_error_message(code, msg, sizeof(msg)) < 0)
            snprintf((char *)msg, sizeof(msg), "error %d", code);
        snprintf(err, errlen, "bad regex: %s at offset %zu", (const char *)msg,
                 (size_t)at);
        *off = rb + at;
        detect_pcre_free(p);
        return NULL;
    }
    if (!(p->md = pcre2_match_data_create_from_pattern(p->re, p->gc)))
        goto oom;
    p->neg = neg;
    return p;
oom:
    snprintf(err, errlen, "out of memory");
    *off = 0;
    detect_pcre_free(p);
    return NULL;
}

bool detect_pcre_match(const struct detect_pcre *p, const uint8_t *buf, size_t len)
{
    int rc = pcre2_match(p->re, (PCRE2_SPTR)buf, len, 0, 0, p->md, NULL);
    if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
        return false; /* a match limit or the like: no conclusion, negated or not */
    return (rc >= 0) != p->neg;
}

void detect_pcre_free(struct detect_pcre *p)
{
    if (!p)
        return;
    pcre2_match_data_free(p->md);
    pcre2_code_free(p->re);
    pcre2_general_context_free(p->gc);
    mem_free(p);
}
