/* rule.h - a parsed rule and the rule parser (rule-parse.c); private to
 * src/detect/.
 *
 * Grammar (one logical line; detect.c joins `\` continuations and skips
 * comments):
 *   action proto src_addr src_port dir dst_addr dst_port (option; ...)
 *   action: alert | pass      proto: smb      dir: -> | <>
 *   option: name;  |  name:value;   values may be "quoted" with \" \\ \;
 * The header's source is the SMB client, its destination the SMB server. */
#ifndef SMBNEG_RULE_H
#define SMBNEG_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "detect/detect-class.h"
#include "detect/detect-ref.h"
#include "detect/detect-threshold.h"
#include "detect/detect.h"
#include "detect/kw.h"

struct detect_addr;
struct detect_port;
struct detect_buffer;

/* A keyword instance: the table entry and what its setup returned. */
struct rule_kw {
    const struct kw *kw;
    void *data;
    bool neg; /* `name:!value`: the whole match negated (kw_eval) */
};

struct rule {
    enum rule_action action;
    uint32_t gid, sid, rev;
    uint32_t priority;        /* 0: not set */
    int class_idx;            /* into the class table; -1: no classtype */
    char *text;               /* the logical line as loaded (alert.rule) */
    char *msg;                /* "" when absent */
    char **metadata;          /* "key value" */
    size_t n_metadata, cap_metadata;
    char **refs;              /* reference options as alerts write them:
                                 expanded through reference.config */
    size_t n_refs, cap_refs;
    char *ref_unknown;        /* the first reference system not in
                                 reference.config ("system,value", written
                                 unexpanded), or NULL */
    struct detect_addr *src, *dst;
    struct detect_port *sp, *dp;
    bool bidir;               /* `<>` */
    bool skip_wildcard;       /* some keyword never matches a wildcard tx */
    enum kw_phase phase;      /* the latest phase of its keywords (kw.h) */
    struct rule_kw *kws;
    size_t n_kws, cap_kws;
    struct detect_buffer *bufs; /* sticky buffers with their content/pcre */
    size_t n_bufs, cap_bufs;
    size_t cur_buf;           /* while parsing: 1 + the buffer content goes to; 0 none */
    bool has_threshold;
    struct detect_th_spec threshold;
    unsigned sid_col;         /* column of the sid value (duplicate-sid errors) */
    uint64_t n_alerts;        /* maintained by detect.c */
};

/* What the parser resolves names against. */
struct rule_parse_ctx {
    const struct detect_cfg *cfg;
    const struct detect_class_table *classes;
    const struct detect_ref_table *refs; /* NULL: references kept as written */
};

struct rule_error {
    unsigned col;  /* 1-based column in the logical line */
    char msg[256];
};

/* Parse one logical line (NUL-terminated, not a comment).  Returns an owned
 * rule, or NULL with *err filled (also on out-of-memory). */
struct rule *rule_parse(const struct rule_parse_ctx *ctx, const char *line,
                        struct rule_error *err);

void rule_free(struct rule *r);

/* rule-parse-buffer.c: an option of the line `line` named [nb, ne) with its
 * value [value[0], value[1]) (raw, the quotes kept; NULL: no value) and its
 * negation, when it is a sticky buffer (bare), `content`, `pcre` or a
 * content modifier.  is_kw: the name is also a keyword (smb.netname:"x").
 * Returns 1 when applied to r, 0 when the option is none of those, -1 with
 * *err filled. */
int rule_parse_buffer_option(struct rule *r, const char *line, size_t nb, size_t ne,
                             const size_t *value, bool neg, bool is_kw, struct rule_error *err);
/* At the end of the rule: every buffer has a content or pcre.  0 or -1. */
int rule_parse_buffer_done(struct rule *r, struct rule_error *err);

/* The generic (non-keyword) options, for --list-keywords. */
struct rule_option_doc {
    const char *name, *syntax, *desc;
};
size_t rule_parse_option_count(void);
const struct rule_option_doc *rule_parse_option_doc(size_t i);
/* rule-parse-option.c: the generic option named name[0..len)
 * (case-insensitive): its index, or rule_parse_option_count() when there
 * is none. */
size_t rule_parse_option_find(const char *name, size_t len);
/* Option o may be given only once per rule. */
bool rule_parse_option_once(size_t o);
/* Apply option o's value (unquoted, trimmed) to r, resolving names against
 * ctx: 0, or -1 with a reason in err[0..n). */
int rule_parse_option_apply(size_t o, struct rule *r, const struct rule_parse_ctx *ctx,
                            const char *v, char *err, size_t n);
/* The content-matching options (content, pcre, the modifiers). */
size_t rule_parse_content_doc_count(void);
const struct rule_option_doc *rule_parse_content_doc(size_t i);

#endif
