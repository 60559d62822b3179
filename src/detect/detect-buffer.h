/* detect-buffer.h - one sticky buffer of a rule and the content / pcre
 * options that inspect it (Suricata's "content after a sticky buffer
 * applies to that buffer").  Private to src/detect/. */
#ifndef SMBNEG_DETECT_BUFFER_H
#define SMBNEG_DETECT_BUFFER_H

#include <stdbool.h>
#include <stddef.h>

#include "detect/detect-content.h"
#include "detect/kw-buffer.h"

struct detect_bitem {
    struct detect_content c; /* when p is NULL */
    struct detect_pcre *p;
};

struct detect_buffer {
    const struct kw_buffer *def;
    unsigned col;               /* 1-based column of its name (errors) */
    struct detect_bitem *items; /* in rule order */
    size_t n_items, cap_items;
};

/* Append a content or pcre (raw value text, as the rule holds it).  0, or
 * -1 with a reason in err and its offset in raw in *off. */
int detect_buffer_add_content(struct detect_buffer *b, const char *raw, size_t len, bool neg,
                              char *err, size_t errlen, size_t *off);
int detect_buffer_add_pcre(struct detect_buffer *b, const char *raw, size_t len, bool neg,
                           char *err, size_t errlen, size_t *off);
/* Apply a content modifier to the buffer's last content: 0, or -1 with a
 * reason (no content yet, given twice). */
int detect_buffer_modifier(struct detect_buffer *b, const char *name, char *err, size_t errlen);

/* Some value of the buffer in this transaction satisfies every item (a
 * multi-valued buffer matches when one of its values does; an absent
 * buffer matches nothing, negated items included). */
bool detect_buffer_match(const struct detect_buffer *b, const struct kw_match_ctx *m);

void detect_buffer_deinit(struct detect_buffer *b);

#endif
