/* detect-content.h - Suricata's `content` and `pcre` on one string buffer
 * (a sticky buffer's value, kw-buffer.h): parsing their values and
 * matching them.  Private to src/detect/.
 *
 *   content:"text|41 42|text";  content:!"text";
 *     modifiers after it: nocase; startswith; endswith; (fast_pattern;
 *     accepted and ignored)
 *   pcre:"/regex/flags";        pcre:!"/regex/flags";
 *     flags i s m x A E G (PCRE2_CASELESS, DOTALL, MULTILINE, EXTENDED,
 *     ANCHORED, DOLLAR_ENDONLY, UNGREEDY) */
#ifndef SMBNEG_DETECT_CONTENT_H
#define SMBNEG_DETECT_CONTENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct detect_content {
    uint8_t *pat; /* owned, len bytes */
    size_t len;
    bool neg, nocase, startswith, endswith;
};

/* Parse a content value as the rule holds it (raw: the quotes, escapes
 * \" \; \: \\ and |hex| runs, as Suricata reads them) into *out, which then
 * owns its pattern.  0, or -1 with a reason in err and the 0-based offset
 * in raw it is about in *off. */
int detect_content_parse(const char *raw, size_t len, bool neg, struct detect_content *out,
                         char *err, size_t errlen, size_t *off);
/* Does buf[0..len) satisfy c (its negation included)? */
bool detect_content_match(const struct detect_content *c, const uint8_t *buf, size_t len);
void detect_content_deinit(struct detect_content *c);

/* A modifier of the last content: 0, or -1 with a reason in err (given
 * twice, or startswith/endswith with a negated content's other anchor...).
 * Unknown names: -1 with "unknown". */
int detect_content_modifier(struct detect_content *c, const char *name, char *err,
                            size_t errlen);
/* Is `name` a content modifier smbneg knows (nocase, startswith,
 * endswith, fast_pattern), one of Suricata's it does not support (depth,
 * offset, distance, within, ...: *unsupported set), or neither? */
bool detect_content_is_modifier(const char *name, bool *unsupported);

struct detect_pcre;
/* Compile a pcre value (raw, quoted "/regex/flags") with PCRE2: an owned
 * matcher, or NULL with PCRE2's message (or the flag refused) in err and
 * its 0-based offset in raw in *off. */
struct detect_pcre *detect_pcre_new(const char *raw, size_t len, bool neg, char *err,
                                    size_t errlen, size_t *off);
bool detect_pcre_match(const struct detect_pcre *p, const uint8_t *buf, size_t len);
void detect_pcre_free(struct detect_pcre *p);

#endif
