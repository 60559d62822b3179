/* rule-parse-option.c - the generic rule options (msg, sid, rev, gid,
 * classtype, priority, metadata, reference, flow, threshold): one row each
 * in rp_options[], which also documents them (--list-keywords).  The rest
 * of the line is rule-parse.c's. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "detect/rule.h"
#include "util/mem.h"

/* Append an owned string to a string array of capacity *cap; frees s on
 * failure. */
static int rp_push_str(char ***v, size_t *n, size_t *cap, char *s)
{
    char **nv = s ? mem_grow(*v, cap, *n + 1, sizeof(*nv)) : NULL;
    if (!nv) {
        mem_free(s);
        return -1;
    }
    *v = nv;
    nv[(*n)++] = s;
    return 0;
}

static bool rp_u32(const char *s, uint32_t *out)
{
    uint64_t v = 0;
    size_t n = strlen(s);
    if (n == 0 || n > 10)
        return false;
    for (size_t k = 0; k < n; k++) {
        if (!isdigit((unsigned char)s[k]))
            return false;
        v = v * 10 + (uint64_t)(s[k] - '0');
    }
    if (v > UINT32_MAX)
        return false;
    *out = (uint32_t)v;
    return true;
}

/* ------------------------------------------------------------------------
 * Generic options.  Each applies a value (unquoted, trimmed) to the rule:
 * 0, or -1 with a reason in err.
 * ------------------------------------------------------------------------ */

/* The rule an option applies to, and what names resolve against. */
struct rp_opt {
    struct rule *r;
    const struct rule_parse_ctx *ctx;
};

typedef int (*rp_opt_fn)(struct rp_opt *p, const char *v, char *err, size_t n);

static int opt_fail(char *err, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Format a reason into err; always returns -1. */
static int opt_fail(char *err, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, n, fmt, ap);
    va_end(ap);
    return -1;
}

static int opt_msg(struct rp_opt *p, const char *v, char *err, size_t n)
{
    char *m = mem_strdup(v);
    if (!m)
        return opt_fail(err, n, "out of memory");
    mem_free(p->r->msg);
    p->r->msg = m;
    return 0;
}

static int opt_u32(const char *what, const char *v, uint32_t *out, uint32_t min, char *err,
                   size_t n)
{
    if (!rp_u32(v, out) || *out < min)
        return opt_fail(err, n, "bad %s '%s'", what, v);
    return 0;
}

static int opt_sid(struct rp_opt *p, const char *v, char *err, size_t n)
{
    return opt_u32("sid", v, &p->r->sid, 1, err, n);
}

static int opt_rev(struct rp_opt *p, const char *v, char *err, size_t n)
{
    return opt_u32("rev", v, &p->r->rev, 0, err, n);
}

static int opt_gid(struct rp_opt *p, const char *v, char *err, size_t n)
{
    return opt_u32("gid", v, &p->r->gid, 1, err, n);
}

static int opt_priority(struct rp_opt *p, const char *v, char *err, size_t n)
{
    if (opt_u32("priority", v, &p->r->priority, 1, err, n) < 0 || p->r->priority > 255)
        return opt_fail(err, n, "bad priority '%s' (1-255)", v);
    return 0;
}

static int opt_classtype(struct rp_opt *p, const char *v, char *err, size_t n)
{
    p->r->class_idx = detect_class_find(p->ctx->classes, v);
    if (p->r->class_idx < 0)
        return opt_fail(err, n, "unknown classtype '%s'", v);
    return 0;
}

/* Split v on commas into trimmed items; call fn on each non-empty one. */
static int rp_each_item(struct rp_opt *p, const char *v, char *err, size_t n,
                        int (*fn)(struct rp_opt *p, const char *item, size_t len, char *err,
                                  size_t n))
{
    while (*v) {
        const char *c = strchr(v, ',');
        size_t len = c ? (size_t)(c - v) : strlen(v);
        const char *b = v;
        while (len && isspace((unsigned char)*b))
            b++, len--;
        while (len && isspace((unsigned char)b[len - 1]))
            len--;
        if (len && fn(p, b, len, err, n) < 0)
            return -1;
        v = c ? c + 1 : v + strlen(v);
    }
    return 0;
}

/* "key value" -> stored as "key value" with one space. */
static int meta_item(struct rp_opt *p, const char *item, size_t len, char *err, size_t n)
{
    size_t k = 0;
    while (k < len && !isspace((unsigned char)item[k]))
        k++;
    size_t vb = k;
    while (vb < len && isspace((unsigned char)item[vb]))
        vb++;
    if (vb == len)
        return opt_fail(err, n, "metadata '%.*s' is not 'key value'", (int)len, item);
    char *s = mem_alloc(len + 1);
    if (s)
        snprintf(s, len + 1, "%.*s %.*s", (int)k, item, (int)(len - vb), item + vb);
    if (rp_push_str(&p->r->metadata, &p->r->n_metadata, &p->r->cap_metadata, s) < 0)
        return opt_fail(err, n, "out of memory");
    return 0;
}

static int opt_metadata(struct rp_opt *p, const char *v, char *err, size_t n)
{
    return rp_each_item(p, v, err, n, meta_item);
}

static int opt_reference(struct rp_opt *p, const char *v, char *err, size_t n)
{
    const char *c = strchr(v, ',');
    if (!c || c == v || c[1] == '\0')
        return opt_fail(err, n, "reference '%s' is not 'type,value'", v);
    int unknown = 0;
    char *url = p->ctx->refs ? detect_ref_expand(p->ctx->refs, v, &unknown) : mem_strdup(v);
    if (rp_push_str(&p->r->refs, &p->r->n_refs, &p->r->cap_refs, url) < 0)
        return opt_fail(err, n, "out of memory");
    if (unknown && !p->r->ref_unknown && !(p->r->ref_unknown = mem_strdup(v)))
        return opt_fail(err, n, "out of memory");
    return 0;
}

/* Accepted for compatibility with Suricata rules and ignored: detection
 * runs once per completed transaction of an established SMB session. */
static int flow_item(struct rp_opt *p, const char *item, size_t len, char *err, size_t n)
{
    static const char *const known[] = {
        "to_server",   "to_client", "from_server", "from_client", "established",
        "not_established", "stateless", "no_stream", "only_stream", "no_frag", "only_frag",
    };
    (void)p;
    for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
        if (strlen(known[k]) == len && strncasecmp(known[k], item, len) == 0)
            return 0;
    return opt_fail(err, n, "unknown flow option '%.*s'", (int)len, item);
}

static int opt_flow(struct rp_opt *p, const char *v, char *err, size_t n)
{
    return rp_each_item(p, v, err, n, flow_item);
}

static int opt_threshold(struct rp_opt *p, const char *v, char *err, size_t n)
{
    if (detect_threshold_parse_spec(v, &p->r->threshold, err, n) < 0)
        return -1;
    p->r->has_threshold = true;
    return 0;
}

static const struct rp_option {
    struct rule_option_doc doc;
    rp_opt_fn apply;
    bool once; /* may be given only once per rule */
} rp_options[] = {
    {{"msg", "msg:\"<text>\";", "alert message"}, opt_msg, true},
    {{"sid", "sid:<1..4294967295>;", "signature id (required; unique per gid)"}, opt_sid, true},
    {{"rev", "rev:<n>;", "signature revision (default 0)"}, opt_rev, true},
    {{"gid", "gid:<n>;", "generator id (default 1)"}, opt_gid, true},
    {{"classtype", "classtype:<name>;", "class from classification.config: category and "
      "default priority"}, opt_classtype, true},
    {{"priority", "priority:<1..255>;", "alert severity, overriding the classtype's"},
     opt_priority, true},
    {{"metadata", "metadata:<key> <value>[, <key> <value>...];", "key/value pairs copied to "
      "alerts; may repeat"}, opt_metadata, false},
    {{"reference", "reference:<type>,<value>;", "external reference, written in alert.references through reference.config (not matched)"},
     opt_reference, false},
    {{"flow", "flow:<to_server|to_client|established|...>[,...];", "accepted for Suricata "
      "compatibility and ignored: rules see whole transactions"}, opt_flow, false},
    {{"threshold", "threshold:type <limit|threshold|both>, track <by_src|by_dst|by_both|"
      "by_rule|by_flow>, count <n>, seconds <n>;", "alert rate control (src: SMB client, "
      "dst: SMB server)"}, opt_threshold, true},
};

#define RP_N_OPTIONS (sizeof(rp_options) / sizeof(rp_options[0]))

size_t rule_parse_option_count(void)
{
    return RP_N_OPTIONS;
}

const struct rule_option_doc *rule_parse_option_doc(size_t i)
{
    return i < RP_N_OPTIONS ? &rp_options[i].doc : NULL;
}

size_t rule_parse_option_find(const char *name, size_t len)
{
    size_t o = 0;
    while (o < RP_N_OPTIONS && (strncasecmp(rp_options[o].doc.name, name, len) != 0 ||
                                rp_options[o].doc.name[len] != '\0'))
        o++;
    return o;
}

bool rule_parse_option_once(size_t o)
{
    return rp_options[o].once;
}

int rule_parse_option_apply(size_t o, struct rule *r, const struct rule_parse_ctx *ctx,
                            const char *v, char *err, size_t n)
{
    struct rp_opt p = {r, ctx};
    return rp_options[o].apply(&p, v, err, n);
}
