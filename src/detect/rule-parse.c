/* rule-parse.c - one rule line -> struct rule: the header, then each
 * option: a generic one (msg, sid, ... in rule-parse-option.c), a content
 * matching one (rule-parse-buffer.c) or a keyword through kw-table.c.
 * Follows the Suricata rule format (doc "Rules Format"), restricted to
 * `smb`. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "detect/detect-addr.h"
#include "detect/detect-buffer.h"
#include "detect/detect-port.h"
#include "detect/rule.h"
#include "util/mem.h"

/* The parse of one line: the text, where we are, and the error. */
struct rp {
    const struct rule_parse_ctx *ctx;
    const char *s;
    size_t i;
    struct rule *r;
    struct rule_error *err;
    unsigned seen;  /* bit per generic option already given */
    bool has_evidence; /* a keyword with evidence (smb.baseline) was given */
};

static int rp_fail(struct rp *p, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Record an error at 0-based offset `off`; always returns -1. */
static int rp_fail(struct rp *p, size_t off, const char *fmt, ...)
{
    va_list ap;
    p->err->col = (unsigned)off + 1;
    va_start(ap, fmt);
    vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
    va_end(ap);
    return -1;
}

static void rp_skip_ws(struct rp *p)
{
    while (p->s[p->i] && isspace((unsigned char)p->s[p->i]))
        p->i++;
}

void rule_free(struct rule *r)
{
    if (!r)
        return;
    mem_free(r->text);
    mem_free(r->msg);
    for (size_t k = 0; k < r->n_metadata; k++)
        mem_free(r->metadata[k]);
    mem_free(r->metadata);
    for (size_t k = 0; k < r->n_refs; k++)
        mem_free(r->refs[k]);
    mem_free(r->refs);
    mem_free(r->ref_unknown);
    detect_addr_free(r->src);
    detect_addr_free(r->dst);
    detect_port_free(r->sp);
    detect_port_free(r->dp);
    for (size_t k = 0; k < r->n_kws; k++)
        if (r->kws[k].kw->free)
            r->kws[k].kw->free(r->kws[k].data);
    mem_free(r->kws);
    for (size_t k = 0; k < r->n_bufs; k++)
        detect_buffer_deinit(&r->bufs[k]);
    mem_free(r->bufs);
    mem_free(r);
}

static char *rp_strndup(const char *s, size_t n)
{
    char *d = mem_alloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* ------------------------------------------------------------------------
 * Option values and keywords
 * ------------------------------------------------------------------------ */

/* Scan a value from p->i to its terminating ';' (outside quotes; a
 * backslash escapes the next character).  Leaves p->i on the ';' and the
 * trimmed value in [*vb, *ve).  `open` is the offset of '(' for errors. */
static int rp_scan_value(struct rp *p, size_t open, size_t *vb, size_t *ve)
{
    const char *s = p->s;
    size_t i = p->i, quote = 0;
    bool inq = false;
    while (s[i] && (inq || s[i] != ';')) {
        if (s[i] == '\\' && s[i + 1]) {
            i += 2;
            continue;
        }
        if (s[i] == '"' && !inq)
            quote = i;
        inq ^= s[i] == '"';
        i++;
    }
    if (!s[i])
        return inq ? rp_fail(p, quote, "unterminated quote")
                   : rp_fail(p, open, "unterminated option list");
    *vb = p->i;
    *ve = i;
    while (*vb < *ve && isspace((unsigned char)s[*vb]))
        (*vb)++;
    while (*ve > *vb && isspace((unsigned char)s[*ve - 1]))
        (*ve)--;
    p->i = i;
    return 0;
}

/* The value text: unquoted and unescaped (\" \\ \;) when it is exactly one
 * quoted string, else verbatim.  Owned; NULL on out-of-memory. */
static char *rp_value_text(const char *s, size_t vb, size_t ve)
{
    size_t close = vb + 1;
    if (ve - vb >= 2 && s[vb] == '"') {
        while (close < ve && s[close] != '"')
            close += s[close] == '\\' && close + 1 < ve ? 2 : 1;
    }
    if (ve - vb < 2 || s[vb] != '"' || close != ve - 1)
        return rp_strndup(s + vb, ve - vb);
    char *d = mem_alloc(ve - vb);
    if (!d)
        return NULL;
    size_t n = 0;
    for (size_t k = vb + 1; k < ve - 1; k++) {
        if (s[k] == '\\' && k + 1 < ve - 1 && strchr("\"\\;", s[k + 1]))
            k++;
        d[n++] = s[k];
    }
    d[n] = '\0';
    return d;
}

/* The rule takes the latest phase of its keywords.  A keyword that gives
 * evidence (smb.baseline) is judged at the negotiation only, so it cannot
 * share a rule with a session keyword. */
static int rp_phase(struct rp *p, enum kw_phase phase, const char *name, bool evidence,
                    size_t nb)
{
    if (evidence)
        p->has_evidence = true;
    if (phase > p->r->phase)
        p->r->phase = phase;
    if (p->has_evidence && p->r->phase == KW_PHASE_FOLLOW)
        return rp_fail(p, nb, "%s: smb.baseline judges the negotiation alone and cannot share a "
                       "rule with a session keyword", name);
    return 0;
}

/* A keyword option from kw-table.c.  nb: offset of its name, vb: of its
 * value; value is NULL for a bare keyword. */
static int rp_apply_kw(struct rp *p, const char *name, size_t nb, const char *value, size_t vb,
                       bool neg)
{
    const struct kw *kw = kw_table_find(detect_keywords(p->ctx->cfg), name);
    if (!kw && name[0] == '!')
        return rp_fail(p, nb, "'!' negates a keyword's value (smb.dialect:!3.1.1), not its name");
    if (!kw)
        return rp_fail(p, nb, "unknown keyword '%s'", name);
    if (neg && (!kw->has_value || !kw->present))
        return rp_fail(p, nb, "'!' cannot negate %s: it %s", kw->name,
                       kw->has_value ? "has no negated form" : "takes no value");
    if (kw->has_value && (!value || !*value))
        return rp_fail(p, nb, "keyword '%s' needs a value", name);
    if (!kw->has_value && value)
        return rp_fail(p, nb, "keyword '%s' takes no value", name);
    struct rule_kw *v = mem_grow(p->r->kws, &p->r->cap_kws, p->r->n_kws + 1, sizeof(*v));
    if (!v)
        return rp_fail(p, nb, "out of memory");
    p->r->kws = v;
    char err[200] = "";
    void *data = NULL;
    if (kw->setup && kw->setup(value ? value : "", &data, err, sizeof(err)) < 0)
        return rp_fail(p, value ? vb : nb, "%s: %s", kw->name, err[0] ? err : "bad value");
    v[p->r->n_kws++] = (struct rule_kw){.kw = kw, .data = data, .neg = neg};
    p->r->skip_wildcard |= kw->skip_wildcard;
    return rp_phase(p, kw->phase, kw->name, kw->evidence != NULL, nb);
}

/* A generic option (index o) with its value. */
static int rp_apply_generic(struct rp *p, size_t o, size_t nb, const char *value, size_t vb)
{
    const char *name = rule_parse_option_doc(o)->name;
    if (!value || !*value)
        return rp_fail(p, nb, "option '%s' needs a value", name);
    if (rule_parse_option_once(o) && (p->seen & (1u << o)))
        return rp_fail(p, nb, "duplicate option '%s'", name);
    p->seen |= 1u << o;
    if (strcmp(name, "sid") == 0)
        p->r->sid_col = (unsigned)vb + 1;
    char err[200] = "";
    if (rule_parse_option_apply(o, p->r, p->ctx, value, err, sizeof(err)) < 0)
        return rp_fail(p, vb, "%s", err);
    return 0;
}

/* A keyword value's leading '!' (but not the comparison "!="): the whole
 * match negated.  Moves *vb past it and the spaces after it; *vb then still
 * points into the value (-1 when nothing is left to negate). */
static int rp_negation(struct rp *p, size_t *vb, size_t ve, bool *neg)
{
    const char *s = p->s;
    size_t bang = *vb;
    *neg = false;
    if (bang >= ve || s[bang] != '!' || s[bang + 1] == '=')
        return 0;
    for ((*vb)++; *vb < ve && isspace((unsigned char)s[*vb]); (*vb)++)
        ;
    if (*vb == ve)
        return rp_fail(p, bang, "'!' with nothing to negate");
    if (s[*vb] == '!')
        return rp_fail(p, bang, s[*vb + 1] == '=' ? "'!' before '!=': write '=' instead"
                                                  : "double negation: drop both '!'");
    *neg = true;
    return 0;
}

/* A sticky buffer, content, pcre or content modifier (rule-parse-buffer.c)
 * named [nb, ne), its value [vb, ve) when has_value: 1 applied, 0 none of
 * those, -1 error. */
static int rp_buffer_option(struct rp *p, size_t nb, size_t ne, bool has_value, size_t vb,
                            size_t ve, bool neg)
{
    char name[64];
    size_t value[2] = {vb, ve};
    if (ne - nb >= sizeof(name))
        return 0;
    memcpy(name, p->s + nb, ne - nb);
    name[ne - nb] = '\0';
    bool is_kw = kw_table_find(detect_keywords(p->ctx->cfg), name) != NULL;
    int b = rule_parse_buffer_option(p->r, p->s, nb, ne, has_value ? value : NULL, neg, is_kw,
                                     p->err);
    if (b <= 0)
        return b;
    return rp_phase(p, p->r->phase, name, false, nb) < 0 ? -1 : 1;
}

/* One `name;` or `name:value;` at p->i; leaves p->i after the ';'. */
static int rp_option(struct rp *p, size_t open)
{
    const char *s = p->s;
    size_t nb = p->i;
    while (s[p->i] && !strchr(":;()", s[p->i]) && !isspace((unsigned char)s[p->i]))
        p->i++;
    size_t ne = p->i;
    if (ne == nb)
        return rp_fail(p, nb, "expected an option name, not '%c'", s[nb]);
    rp_skip_ws(p);
    size_t vb = 0, ve = 0;
    bool has_value = s[p->i] == ':', neg = false;
    if (has_value) {
        p->i++;
        if (rp_scan_value(p, open, &vb, &ve) < 0)
            return -1;
    } else if (s[p->i] != ';') {
        return rp_fail(p, s[p->i] ? nb : open,
                       "unterminated option list: expected ';' after '%.*s'", (int)(ne - nb),
                       s + nb);
    }
    p->i++; /* the ';' */
    size_t o = rule_parse_option_find(s + nb, ne - nb);
    bool generic = o < rule_parse_option_count();
    if (!generic && has_value && rp_negation(p, &vb, ve, &neg) < 0)
        return -1;
    int b = generic ? 0 : rp_buffer_option(p, nb, ne, has_value, vb, ve, neg);
    if (b != 0)
        return b < 0 ? -1 : 0;
    char *name = rp_strndup(s + nb, ne - nb);
    char *value = has_value ? rp_value_text(s, vb, ve) : NULL;
    int rc = -1;
    if (!name || (has_value && !value)) {
        rp_fail(p, nb, "out of memory");
        goto out;
    }
    rc = generic ? rp_apply_generic(p, o, nb, value, vb)
                 : rp_apply_kw(p, name, nb, value, vb, neg);
out:
    mem_free(name);
    mem_free(value);
    return rc;
}

/* '(' option* ')' then nothing but spaces. */
static int rp_options_parse(struct rp *p)
{
    size_t open = p->i++;
    for (;;) {
        rp_skip_ws(p);
        if (!p->s[p->i])
            return rp_fail(p, open, "unterminated option list");
        if (p->s[p->i] == ')')
            break;
        if (rp_option(p, open) < 0)
            return -1;
    }
    p->i++;
    rp_skip_ws(p);
    if (p->s[p->i])
        return rp_fail(p, p->i, "unexpected text after ')'");
    return 0;
}

/* ------------------------------------------------------------------------
 * Header
 * ------------------------------------------------------------------------ */

/* The next header token: up to whitespace or '(' outside brackets (an
 * address list may hold spaces).  false at '(' or the end. */
static bool rp_header_token(struct rp *p, size_t *b, size_t *e)
{
    const char *s = p->s;
    int depth = 0;
    rp_skip_ws(p);
    if (!s[p->i] || s[p->i] == '(')
        return false;
    *b = p->i;
    while (s[p->i] && (depth > 0 || (!isspace((unsigned char)s[p->i]) && s[p->i] != '('))) {
        depth += s[p->i] == '[' ? 1 : s[p->i] == ']' ? -1 : 0;
        p->i++;
    }
    *e = p->i;
    return true;
}

enum { H_ACTION, H_PROTO, H_SRC, H_SP, H_DIR, H_DST, H_DP, H_COUNT };

/* Token k of the header, [b, e) in the line, applied to the rule. */
static int rp_header_item(struct rp *p, int k, size_t b, size_t e)
{
    char *t = rp_strndup(p->s + b, e - b);
    char err[200] = "";
    int rc = 0;
    if (!t)
        return rp_fail(p, b, "out of memory");
    if (k == H_ACTION) {
        p->r->action = strcmp(t, "pass") == 0 ? RULE_PASS : RULE_ALERT;
        if (strcmp(t, "alert") != 0 && strcmp(t, "pass") != 0)
            rc = rp_fail(p, b, "bad action '%s' (alert or pass)", t);
    } else if (k == H_PROTO) {
        if (strcmp(t, "smb") != 0)
            rc = rp_fail(p, b, "bad protocol '%s' (only smb)", t);
    } else if (k == H_DIR) {
        p->r->bidir = strcmp(t, "<>") == 0;
        if (strcmp(t, "->") != 0 && strcmp(t, "<>") != 0)
            rc = rp_fail(p, b, "bad direction '%s' (-> or <>)", t);
    } else if (k == H_SRC || k == H_DST) {
        struct detect_addr **a = k == H_SRC ? &p->r->src : &p->r->dst;
        if (detect_addr_parse(t, p->ctx->cfg, a, err, sizeof(err)) < 0)
            rc = rp_fail(p, b, "bad address '%s': %s", t, err);
    } else {
        struct detect_port **d = k == H_SP ? &p->r->sp : &p->r->dp;
        if (detect_port_parse(t, p->ctx->cfg, d, err, sizeof(err)) < 0)
            rc = rp_fail(p, b, "bad port '%s': %s", t, err);
    }
    mem_free(t);
    return rc;
}

static int rp_header(struct rp *p)
{
    static const char *const what[H_COUNT] = {
        "action", "protocol", "source address", "source port",
        "direction", "destination address", "destination port",
    };
    for (int k = 0; k < H_COUNT; k++) {
        size_t b, e;
        if (!rp_header_token(p, &b, &e))
            return rp_fail(p, p->i, "missing %s", what[k]);
        if (rp_header_item(p, k, b, e) < 0)
            return -1;
    }
    rp_skip_ws(p);
    if (!p->s[p->i])
        return rp_fail(p, p->i, "missing option list");
    if (p->s[p->i] != '(')
        return rp_fail(p, p->i, "expected '(' before the options");
    return 0;
}

struct rule *rule_parse(const struct rule_parse_ctx *ctx, const char *line,
                        struct rule_error *err)
{
    struct rp p = {.ctx = ctx, .s = line, .err = err};
    *err = (struct rule_error){0};
    p.r = mem_calloc(1, sizeof(*p.r));
    if (!p.r) {
        rp_fail(&p, 0, "out of memory");
        return NULL;
    }
    p.r->gid = 1;
    p.r->class_idx = -1;
    if (!(p.r->text = mem_strdup(line))) {
        rp_fail(&p, 0, "out of memory");
        goto fail;
    }
    rp_skip_ws(&p);
    size_t start = p.i;
    if (rp_header(&p) < 0 || rp_options_parse(&p) < 0)
        goto fail;
    if (rule_parse_buffer_done(p.r, err) < 0)
        goto fail;
    if (!p.r->sid) {
        rp_fail(&p, start, "missing sid");
        goto fail;
    }
    if (!p.r->msg && !(p.r->msg = mem_strdup(""))) {
        rp_fail(&p, start, "out of memory");
        goto fail;
    }
    return p.r;
fail:
    rule_free(p.r);
    return NULL;
}
