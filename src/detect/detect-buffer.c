/* detect-buffer.c - a rule's sticky buffer: its content / pcre items and
 * their evaluation over the buffer's values (detect-buffer.h). */
#include <stdio.h>
#include <string.h>

#include "detect/detect-buffer.h"
#include "util/mem.h"

static struct detect_bitem *db_push(struct detect_buffer *b)
{
    struct detect_bitem *v = mem_grow(b->items, &b->cap_items, b->n_items + 1, sizeof(*v));
    if (!v)
        return NULL;
    b->items = v;
    memset(&v[b->n_items], 0, sizeof(v[0]));
    return &v[b->n_items];
}

int detect_buffer_add_content(struct detect_buffer *b, const char *raw, size_t len, bool neg,
                              char *err, size_t errlen, size_t *off)
{
    struct detect_bitem *it = db_push(b);
    if (!it) {
        snprintf(err, errlen, "out of memory");
        *off = 0;
        return -1;
    }
    if (detect_content_parse(raw, len, neg, &it->c, err, errlen, off) < 0)
        return -1;
    b->n_items++;
    return 0;
}

int detect_buffer_add_pcre(struct detect_buffer *b, const char *raw, size_t len, bool neg,
                           char *err, size_t errlen, size_t *off)
{
    struct detect_bitem *it = db_push(b);
    if (!it) {
        snprintf(err, errlen, "out of memory");
        *off = 0;
        return -1;
    }
    if (!(it->p = detect_pcre_new(raw, len, neg, err, errlen, off)))
        return -1;
    b->n_items++;
    return 0;
}

int detect_buffer_modifier(struct detect_buffer *b, const char *name, char *err, size_t errlen)
{
    for (size_t k = b->n_items; k-- > 0;)
        if (!b->items[k].p)
            return detect_content_modifier(&b->items[k].c, name, err, errlen);
    snprintf(err, errlen, "%s: no content before it in %s", name, b->def->name);
    return -1;
}

static bool db_value_match(const struct detect_buffer *b, const uint8_t *v, size_t len)
{
    for (size_t k = 0; k < b->n_items; k++) {
        const struct detect_bitem *it = &b->items[k];
        if (it->p ? !detect_pcre_match(it->p, v, len) : !detect_content_match(&it->c, v, len))
            return false;
    }
    return true;
}

bool detect_buffer_match(const struct detect_buffer *b, const struct kw_match_ctx *m)
{
    const char *vals[KW_BUFFER_MAX];
    size_t n = b->def->get(m, vals);
    for (size_t k = 0; k < n && k < KW_BUFFER_MAX; k++)
        if (db_value_match(b, (const uint8_t *)vals[k], strlen(vals[k])))
            return true;
    return false;
}

void detect_buffer_deinit(struct detect_buffer *b)
{
    for (size_t k = 0; k < b->n_items; k++) {
        detect_content_deinit(&b->items[k].c);
        detect_pcre_free(b->items[k].p);
    }
    mem_free(b->items);
    b->items = NULL;
    b->n_items = b->cap_items = 0;
}
