/* kw-common.c - value grammars shared by the SMB rule keywords: set
 * operators, comparisons and quoted-string lists (see kw-common.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app/smb/smb-names.h"
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"
#include "util/mem.h"

/* Longest single list item we look up; names are far shorter. */
#define KW_ITEM_MAX 128

/* A '!' in front of one item of a list (negation is of the whole value). */
#define KW_NEG_ITEM_MSG                                                                            \
    "'!' negates the whole value, not one item: write it first (smb.dialects:!any 3.1.1)"

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

void kw_err_set(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static bool kw_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static const char *kw_skip_space(const char *p)
{
    while (kw_is_space(*p))
        p++;
    return p;
}

static int kw_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* Does the n-byte word at w equal the NUL-terminated `name`, ignoring case? */
static bool kw_word_equal(const char *w, size_t n, const char *name)
{
    size_t i = 0;
    for (; i < n && name[i]; i++) {
        if (kw_lower((unsigned char)w[i]) != kw_lower((unsigned char)name[i]))
            return false;
    }
    return i == n && name[i] == '\0';
}

/* Copy [b, e) without surrounding spaces into out (KW_ITEM_MAX bytes);
 * returns its length, or KW_ITEM_MAX when it does not fit. */
static size_t kw_item_copy(const char *b, const char *e, char out[KW_ITEM_MAX])
{
    while (b < e && kw_is_space(*b))
        b++;
    while (e > b && kw_is_space(e[-1]))
        e--;
    size_t n = (size_t)(e - b);
    if (n >= KW_ITEM_MAX)
        return KW_ITEM_MAX;
    memcpy(out, b, n);
    out[n] = '\0';
    return n;
}

bool kw_str_equal_nocase(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        if (kw_lower((unsigned char)*a) != kw_lower((unsigned char)*b))
            return false;
    }
    return *a == *b;
}

void kw_data_free(void *data)
{
    mem_free(data);
}

void *kw_data_alloc(size_t size, char *err, size_t errlen)
{
    void *p = mem_calloc(1, size);
    if (!p)
        kw_err_set(err, errlen, "out of memory");
    return p;
}

/* ------------------------------------------------------------------------
 * Evaluation
 * ------------------------------------------------------------------------ */

bool kw_eval(const struct kw *kw, const void *data, bool neg, const struct kw_match_ctx *m)
{
    if (kw->skip_wildcard && smb_tx_is_wildcard(m->tx))
        return false;
    if (!neg)
        return kw->match(m, data);
    return kw->present && kw->present(m) && !kw->match(m, data);
}

bool kw_present_req2(const struct kw_match_ctx *m)
{
    return m->tx->req_version == 2;
}

bool kw_present_resp2(const struct kw_match_ctx *m)
{
    return m->tx->resp_version == 2 && !m->tx->resp2.is_error;
}

/* ------------------------------------------------------------------------
 * Set operators
 * ------------------------------------------------------------------------ */

static const struct {
    const char *name;
    enum kw_set_op op;
} kw_set_ops[] = {
    {"only", KW_SET_ONLY},
    {"any", KW_SET_ANY},
    {"all", KW_SET_ALL},
    {"none", KW_SET_NONE},
};

int kw_set_op_parse(const char *value, const char *what, enum kw_set_op *op, const char **rest,
                    char *err, size_t errlen)
{
    const char *w = value ? kw_skip_space(value) : "";
    const char *e = w;
    if (*w == '\0') {
        kw_err_set(err, errlen, "missing value (expected only|any|all|none and a %s list)", what);
        return -1;
    }
    while (*e && !kw_is_space(*e))
        e++;
    for (size_t i = 0; i < sizeof(kw_set_ops) / sizeof(kw_set_ops[0]); i++) {
        if (kw_word_equal(w, (size_t)(e - w), kw_set_ops[i].name)) {
            *op = kw_set_ops[i].op;
            *rest = kw_skip_space(e);
            return 0;
        }
    }
    kw_err_set(err, errlen, "unknown operator '%.*s' (expected only, any, all or none)",
               (int)(e - w > 40 ? 40 : e - w), w);
    return -1;
}

int kw_set_parse(const char *value, kw_lookup_fn lookup, const char *what, struct kw_set *out,
                 char *err, size_t errlen)
{
    const char *p;
    memset(out, 0, sizeof(*out));
    if (kw_set_op_parse(value, what, &out->op, &p, err, errlen) != 0)
        return -1;
    if (*p == '\0') {
        kw_err_set(err, errlen, "empty %s list", what);
        return -1;
    }
    for (;;) {
        const char *e = strchr(p, ',');
        if (!e)
            e = p + strlen(p);
        char item[KW_ITEM_MAX];
        size_t n = kw_item_copy(p, e, item);
        uint32_t v;
        if (n == 0) {
            kw_err_set(err, errlen, "empty %s in list", what);
            return -1;
        }
        if (n >= KW_ITEM_MAX) {
            kw_err_set(err, errlen, "%s name too long: '%.40s...'", what, kw_skip_space(p));
            return -1;
        }
        if (item[0] == '!') {
            kw_err_set(err, errlen, KW_NEG_ITEM_MSG);
            return -1;
        }
        if (lookup(item, &v) != 0) {
            kw_err_set(err, errlen, "unknown %s '%s'", what, item);
            return -1;
        }
        if (out->n >= KW_SET_MAX) {
            kw_err_set(err, errlen, "too many %s values (at most %d)", what, KW_SET_MAX);
            return -1;
        }
        out->v[out->n++] = v;
        if (*e == '\0')
            return 0;
        p = e + 1;
    }
}

bool kw_set_eval(enum kw_set_op op, const void *rule, size_t n_rule, const void *wire,
                 size_t n_wire, kw_set_eq_fn eq)
{
    if (n_wire == 0) /* the empty offer: no operator matches it */
        return false;
    switch (op) {
    case KW_SET_ONLY:
        for (size_t wi = 0; wi < n_wire; wi++) {
            bool found = false;
            for (size_t ri = 0; ri < n_rule && !found; ri++)
                found = eq(rule, ri, wire, wi);
            if (!found)
                return false;
        }
        return true;
    case KW_SET_ALL:
        for (size_t ri = 0; ri < n_rule; ri++) {
            bool found = false;
            for (size_t wi = 0; wi < n_wire && !found; wi++)
                found = eq(rule, ri, wire, wi);
            if (!found)
                return false;
        }
        return true;
    case KW_SET_ANY:
    case KW_SET_NONE:
        for (size_t wi = 0; wi < n_wire; wi++) {
            for (size_t ri = 0; ri < n_rule; ri++) {
                if (eq(rule, ri, wire, wi))
                    return op == KW_SET_ANY;
            }
        }
        return op == KW_SET_NONE;
    }
    return false;
}

static bool kw_eq_u16(const void *rule, size_t ri, const void *wire, size_t wi)
{
    return ((const uint32_t *)rule)[ri] == ((const uint16_t *)wire)[wi];
}

static bool kw_eq_u32(const void *rule, size_t ri, const void *wire, size_t wi)
{
    return ((const uint32_t *)rule)[ri] == ((const uint32_t *)wire)[wi];
}

bool kw_set_match_u16(const struct kw_set *s, const uint16_t *wire, size_t n)
{
    return kw_set_eval(s->op, s->v, s->n, wire, n, kw_eq_u16);
}

bool kw_set_match_u32(const struct kw_set *s, const uint32_t *wire, size_t n)
{
    return kw_set_eval(s->op, s->v, s->n, wire, n, kw_eq_u32);
}

/* Bits are sets already, so the four operators are mask tests. */
bool kw_set_match_bits(const struct kw_set *s, uint32_t wire)
{
    uint32_t r = 0;
    for (size_t i = 0; i < s->n; i++)
        r |= s->v[i];
    switch (s->op) {
    case KW_SET_ONLY:
        return wire != 0 && (wire & ~r) == 0;
    case KW_SET_ANY:
        return (wire & r) != 0;
    case KW_SET_ALL:
        return (wire & r) == r;
    case KW_SET_NONE:
        return (wire & r) == 0;
    }
    return false;
}

/* ------------------------------------------------------------------------
 * Comparisons
 * ------------------------------------------------------------------------ */

static const struct {
    const char *text; /* longest first, so "<=" wins over "<" */
    enum kw_cmp_op op;
} kw_cmp_ops[] = {
    {"!=", KW_CMP_NE}, {"<=", KW_CMP_LE}, {">=", KW_CMP_GE},
    {"<", KW_CMP_LT},  {">", KW_CMP_GT},  {"=", KW_CMP_EQ},
};

int kw_cmp_parse(const char *value, kw_lookup_fn lookup, const char *what, struct kw_cmp *out,
                 char *err, size_t errlen)
{
    const char *p = value ? kw_skip_space(value) : "";
    const char *op_text = "";
    out->op = KW_CMP_EQ;
    for (size_t i = 0; i < sizeof(kw_cmp_ops) / sizeof(kw_cmp_ops[0]); i++) {
        size_t n = strlen(kw_cmp_ops[i].text);
        if (strncmp(p, kw_cmp_ops[i].text, n) == 0) {
            out->op = kw_cmp_ops[i].op;
            op_text = kw_cmp_ops[i].text;
            p += n;
            break;
        }
    }
    char item[KW_ITEM_MAX];
    size_t n = kw_item_copy(p, p + strlen(p), item);
    if (n == 0) {
        kw_err_set(err, errlen, "missing %s%s%s%s", what, *op_text ? " after '" : "", op_text,
                   *op_text ? "'" : "");
        return -1;
    }
    if (n >= KW_ITEM_MAX || lookup(item, &out->value) != 0) {
        kw_err_set(err, errlen, "unknown %s '%.40s'", what, kw_skip_space(p));
        return -1;
    }
    return 0;
}

bool kw_cmp_eval(const struct kw_cmp *c, uint32_t v)
{
    switch (c->op) {
    case KW_CMP_EQ:
        return v == c->value;
    case KW_CMP_NE:
        return v != c->value;
    case KW_CMP_LT:
        return v < c->value;
    case KW_CMP_LE:
        return v <= c->value;
    case KW_CMP_GT:
        return v > c->value;
    case KW_CMP_GE:
        return v >= c->value;
    }
    return false;
}

/* ------------------------------------------------------------------------
 * Quoted-string lists
 * ------------------------------------------------------------------------ */

/* Copy the quoted string at *p (just past its opening quote) to *w,
 * unescaping \", \\ and \; as the rule parser does; advances both past
 * it.  -1 when unterminated. */
static int kw_string_copy(const char **p, char **w)
{
    const char *s = *p;
    char *d = *w;
    while (*s && *s != '"') {
        if (*s == '\\' && (s[1] == '"' || s[1] == '\\' || s[1] == ';'))
            s++;
        *d++ = *s++;
    }
    if (*s != '"')
        return -1;
    *d++ = '\0';
    *p = s + 1;
    *w = d;
    return 0;
}

int kw_strlist_parse(const char *s, struct kw_strlist *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof(*out));
    const char *p = s ? kw_skip_space(s) : "";
    if (*p == '\0') {
        kw_err_set(err, errlen, "empty string list");
        return -1;
    }
    out->buf = mem_alloc(strlen(p) + 1);
    if (!out->buf) {
        kw_err_set(err, errlen, "out of memory");
        return -1;
    }
    char *w = out->buf;
    for (;;) {
        if (*p == '!') {
            kw_err_set(err, errlen, KW_NEG_ITEM_MSG);
            goto fail;
        }
        if (*p != '"') {
            kw_err_set(err, errlen, "expected '\"' at '%.40s'", *p ? p : "end of value");
            goto fail;
        }
        p++;
        char *start = w;
        if (kw_string_copy(&p, &w) != 0) {
            kw_err_set(err, errlen, "unterminated string");
            goto fail;
        }
        if (*start == '\0') {
            kw_err_set(err, errlen, "empty string in list");
            goto fail;
        }
        if (out->n >= KW_SET_MAX) {
            kw_err_set(err, errlen, "too many strings (at most %d)", KW_SET_MAX);
            goto fail;
        }
        out->item[out->n++] = start;
        p = kw_skip_space(p);
        if (*p == '\0')
            return 0;
        if (*p != ',') {
            kw_err_set(err, errlen, "expected ',' at '%.40s'", p);
            goto fail;
        }
        p = kw_skip_space(p + 1);
    }
fail:
    kw_strlist_deinit(out);
    return -1;
}

void kw_strlist_deinit(struct kw_strlist *l)
{
    mem_free(l->buf);
    l->buf = NULL;
    l->n = 0;
}

/* ------------------------------------------------------------------------
 * Words
 * ------------------------------------------------------------------------ */

/* The index of the word [b, b+len) in words, or -1. */
static int kw_word_find(const char *b, size_t len, const char *const *words, size_t n)
{
    char item[KW_ITEM_MAX];
    if (len == 0 || len >= sizeof(item))
        return -1;
    memcpy(item, b, len);
    item[len] = '\0';
    for (size_t k = 0; k < n; k++)
        if (kw_str_equal_nocase(words[k], item))
            return (int)k;
    return -1;
}

int kw_words_setup(const char *value, const char *const *words, size_t n, bool list,
                   const char *what, void **data, char *err, size_t errlen)
{
    uint32_t bits = 0;
    const char *p = value ? kw_skip_space(value) : "";
    if (*p == '\0') {
        kw_err_set(err, errlen, "missing %s", what);
        return -1;
    }
    for (;;) {
        size_t len = strcspn(p, ",");
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        if (*p == '!') {
            kw_err_set(err, errlen, KW_NEG_ITEM_MSG);
            return -1;
        }
        int w = kw_word_find(p, len, words, n);
        if (w < 0) {
            if (len)
                kw_err_set(err, errlen, "unknown %s '%.*s'", what, (int)(len > 40 ? 40 : len), p);
            else
                kw_err_set(err, errlen, "empty %s in the list", what);
            return -1;
        }
        bits |= 1u << w;
        p = kw_skip_space(p + len);
        if (*p == '\0')
            break;
        if (!list) {
            kw_err_set(err, errlen, "one %s expected, not '%.40s'", what, value);
            return -1;
        }
        if (*p != ',') {
            kw_err_set(err, errlen, "expected ',' at '%.40s'", p);
            return -1;
        }
        p = kw_skip_space(p + 1);
    }
    uint32_t *d = kw_data_alloc(sizeof(*d), err, errlen);
    if (!d)
        return -1;
    *d = bits;
    *data = d;
    return 0;
}
