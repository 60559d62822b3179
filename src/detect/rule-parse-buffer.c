/* rule-parse-buffer.c - the rule options of Suricata's content matching:
 * sticky buffers (kw-buffer.c), `content`, `pcre` and the content
 * modifiers, applied to the rule being parsed (rule.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "detect/detect-buffer.h"
#include "detect/rule.h"
#include "util/mem.h"

static int rb_fail(struct rule_error *err, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int rb_fail(struct rule_error *err, size_t off, const char *fmt, ...)
{
    va_list ap;
    err->col = (unsigned)off + 1;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    return -1;
}

/* Select buffer def: the rule's block for it (Suricata keeps one list per
 * buffer: naming it again continues that list), new if need be. */
static int rb_select(struct rule *r, const struct kw_buffer *def, size_t nb,
                     struct rule_error *err)
{
    for (size_t k = 0; k < r->n_bufs; k++) {
        if (r->bufs[k].def == def) {
            r->cur_buf = k + 1;
            return 1;
        }
    }
    struct detect_buffer *v = mem_grow(r->bufs, &r->cap_bufs, r->n_bufs + 1, sizeof(*v));
    if (!v)
        return rb_fail(err, nb, "out of memory");
    r->bufs = v;
    v[r->n_bufs] = (struct detect_buffer){.def = def, .col = (unsigned)nb + 1};
    r->cur_buf = ++r->n_bufs;
    if (def->phase > r->phase)
        r->phase = def->phase;
    return 1;
}

static struct detect_buffer *rb_current(struct rule *r)
{
    return r->cur_buf ? &r->bufs[r->cur_buf - 1] : NULL;
}

/* content or pcre: raw value [vb, vb+vlen) of the line. */
static int rb_item(struct rule *r, bool pcre, const char *raw, size_t vlen, size_t nb, size_t vb,
                   bool neg, struct rule_error *err)
{
    struct detect_buffer *b = rb_current(r);
    const char *what = pcre ? "pcre" : "content";
    char msg[200] = "";
    size_t off = 0;
    if (!b)
        return rb_fail(err, nb, "%s without a sticky buffer before it (smb.ntlmssp_user, "
                       "smb.ntlmssp_domain, smb.share or smb.netname)", what);
    if (vlen == 0)
        return rb_fail(err, nb, "option '%s' needs a value", what);
    int rc = pcre ? detect_buffer_add_pcre(b, raw, vlen, neg, msg, sizeof(msg), &off)
                  : detect_buffer_add_content(b, raw, vlen, neg, msg, sizeof(msg), &off);
    return rc < 0 ? rb_fail(err, vb + off, "%s: %s", what, msg) : 1;
}

int rule_parse_buffer_option(struct rule *r, const char *line, size_t nb, size_t ne,
                             const size_t *value, bool neg, bool is_kw, struct rule_error *err)
{
    char name[64];
    bool unsupported;
    size_t nlen = ne - nb;
    if (nlen >= sizeof(name))
        return 0;
    memcpy(name, line + nb, nlen);
    name[nlen] = '\0';
    const struct kw_buffer *def = kw_buffer_find(name);
    if (def && !value)
        return rb_select(r, def, nb, err);
    if (def && !is_kw)
        return rb_fail(err, nb, "%s is a sticky buffer and takes no value: write %s", name,
                       def->syntax);
    if (strcasecmp(name, "content") == 0 || strcasecmp(name, "pcre") == 0) {
        size_t vb = value ? value[0] : ne, vlen = value ? value[1] - value[0] : 0;
        return rb_item(r, name[0] == 'p' || name[0] == 'P', line + vb, vlen, nb, vb, neg, err);
    }
    if (!detect_content_is_modifier(name, &unsupported))
        return 0;
    if (unsupported)
        return rb_fail(err, nb, "content modifier '%s' is not supported (nocase, startswith, "
                       "endswith, fast_pattern)", name);
    if (value)
        return rb_fail(err, nb, "content modifier '%s' takes no value", name);
    struct detect_buffer *b = rb_current(r);
    char msg[200];
    if (!b)
        return rb_fail(err, nb, "%s: no content before it", name);
    if (detect_buffer_modifier(b, name, msg, sizeof(msg)) < 0)
        return rb_fail(err, nb, "%s", msg);
    return 1;
}

int rule_parse_buffer_done(struct rule *r, struct rule_error *err)
{
    for (size_t k = 0; k < r->n_bufs; k++)
        if (r->bufs[k].n_items == 0)
            return rb_fail(err, r->bufs[k].col - 1, "sticky buffer %s has no content or pcre "
                           "after it", r->bufs[k].def->name);
    return 0;
}

static const struct rule_option_doc rb_docs[] = {
    {"content", "content:[!]\"<text>\";", "the current sticky buffer contains the text: |41 42| "
     "for bytes in hex, \\\" \\; \\: \\\\ escapes; ! negates"},
    {"nocase", "nocase;", "the content before it ignores ASCII case"},
    {"startswith", "startswith;", "the content before it is at the start of the buffer"},
    {"endswith", "endswith;", "the content before it is at the end of the buffer"},
    {"fast_pattern", "fast_pattern;", "accepted for Suricata compatibility and ignored"},
    {"pcre", "pcre:[!]\"/<regex>/<flags>\";", "the current sticky buffer matches the PCRE2 "
     "regex; flags i s m x A E G; ! negates"},
};

size_t rule_parse_content_doc_count(void)
{
    return sizeof(rb_docs) / sizeof(rb_docs[0]);
}

const struct rule_option_doc *rule_parse_content_doc(size_t i)
{
    return i < rule_parse_content_doc_count() ? &rb_docs[i] : NULL;
}
