/* detect.c - the detection engine: loading rules, classification and
 * threshold files line by line, and evaluating every rule on each completed
 * negotiate transaction (pass rules first, then alerts in load order). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LOG_MODULE "detect"

#include "app/smb/smb.h"
#include "detect/detect-addr.h"
#include "detect/detect-buffer.h"
#include "detect/kw-buffer.h"
#include "detect/detect-class.h"
#include "detect/detect-port.h"
#include "detect/detect-threshold.h"
#include "detect/detect.h"
#include "detect/rule.h"
#include "flow/flow.h"
#include "util/file.h"
#include "util/log.h"
#include "util/mem.h"

struct detect {
    struct detect_cfg cfg;        /* points at vars */
    struct detect_var *vars;      /* addr vars then port vars; strings owned */
    struct detect_class_table classes;
    struct detect_ref_table refs;
    struct detect_threshold th;
    struct rule **rules;          /* load order */
    size_t n_rules, cap_rules;
    uint64_t *sids;               /* open addressing: gid << 32 | sid, 0 empty */
    size_t cap_sids;
    struct detect_alert *alerts;  /* cap_rules entries: one per rule at most */
    struct detect_stats stats;
    size_t n_phase[DETECT_N_PHASES]; /* rules per phase */
};

/* ------------------------------------------------------------------------
 * Lifetime
 * ------------------------------------------------------------------------ */

static int detect_copy_vars(struct detect *d, const struct detect_cfg *cfg)
{
    size_t na = cfg ? cfg->n_addr_vars : 0, np = cfg ? cfg->n_port_vars : 0;
    d->cfg.keywords = cfg ? cfg->keywords : NULL;
    if (na + np == 0)
        return 0;
    d->vars = mem_calloc(na + np, sizeof(*d->vars));
    if (!d->vars)
        return -1;
    for (size_t k = 0; k < na + np; k++) {
        const struct detect_var *v = k < na ? &cfg->addr_vars[k] : &cfg->port_vars[k - na];
        d->vars[k].name = mem_strdup(v->name);
        d->vars[k].value = mem_strdup(v->value);
        if (!d->vars[k].name || !d->vars[k].value)
            return -1;
    }
    d->cfg = (struct detect_cfg){.addr_vars = d->vars, .n_addr_vars = na,
                                 .port_vars = d->vars + na, .n_port_vars = np,
                                 .keywords = cfg ? cfg->keywords : NULL};
    return 0;
}

const struct kw_table *detect_keywords(const struct detect_cfg *cfg)
{
    return cfg && cfg->keywords ? cfg->keywords : &kw_table_smb;
}

struct detect *detect_new(const struct detect_cfg *cfg)
{
    struct detect *d = mem_calloc(1, sizeof(*d));
    if (!d)
        return NULL;
    detect_threshold_init(&d->th, DETECT_TH_MAX_ENTRIES);
    if (detect_class_init(&d->classes) < 0 || detect_ref_init(&d->refs) < 0 ||
        detect_copy_vars(d, cfg) < 0) {
        detect_free(d);
        return NULL;
    }
    return d;
}

void detect_free(struct detect *d)
{
    if (!d)
        return;
    for (size_t k = 0; k < d->n_rules; k++)
        rule_free(d->rules[k]);
    mem_free(d->rules);
    mem_free(d->sids);
    mem_free(d->alerts);
    for (size_t k = 0; d->vars && k < d->cfg.n_addr_vars + d->cfg.n_port_vars; k++) {
        mem_free((char *)d->vars[k].name);
        mem_free((char *)d->vars[k].value);
    }
    mem_free(d->vars);
    detect_class_deinit(&d->classes);
    detect_ref_deinit(&d->refs);
    detect_threshold_deinit(&d->th);
    mem_free(d);
}

/* ------------------------------------------------------------------------
 * The gid:sid set (duplicate detection)
 * ------------------------------------------------------------------------ */

static size_t detect_sid_slot(const uint64_t *v, size_t cap, uint64_t key)
{
    size_t h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 32) & (cap - 1);
    while (v[h] && v[h] != key)
        h = (h + 1) & (cap - 1);
    return h;
}

/* Add gid:sid; 1 when already present, 0 when added, -1 on out-of-memory. */
static int detect_sid_add(struct detect *d, uint32_t gid, uint32_t sid)
{
    uint64_t key = (uint64_t)gid << 32 | sid;
    if (2 * (d->n_rules + 1) > d->cap_sids) {
        size_t cap = d->cap_sids ? 2 * d->cap_sids : 64;
        uint64_t *v = mem_calloc(cap, sizeof(*v));
        if (!v)
            return -1;
        for (size_t k = 0; k < d->cap_sids; k++)
            if (d->sids[k])
                v[detect_sid_slot(v, cap, d->sids[k])] = d->sids[k];
        mem_free(d->sids);
        d->sids = v;
        d->cap_sids = cap;
    }
    size_t h = detect_sid_slot(d->sids, d->cap_sids, key);
    if (d->sids[h])
        return 1;
    d->sids[h] = key;
    return 0;
}

/* ------------------------------------------------------------------------
 * Loading
 * ------------------------------------------------------------------------ */

/* Handles one logical line; returns the number of errors (0 or 1). */
typedef int (*detect_line_fn)(struct detect *d, const char *name, unsigned line,
                              const char *text);

static bool detect_is_blank(const char *text)
{
    text += strspn(text, " \t\r\n\f\v");
    return *text == '\0' || *text == '#';
}

/* Takes ownership of r. */
static int detect_add_rule(struct detect *d, struct rule *r, const char *name, unsigned line)
{
    int dup = detect_sid_add(d, r->gid, r->sid);
    if (dup == 0 && d->n_rules == d->cap_rules) {
        size_t cap = d->cap_rules ? 2 * d->cap_rules : 64;
        struct rule **v = mem_realloc(d->rules, cap * sizeof(*v));
        struct detect_alert *a = v ? mem_realloc(d->alerts, cap * sizeof(*a)) : NULL;
        if (v)
            d->rules = v;
        if (a) {
            d->alerts = a;
            d->cap_rules = cap;
        } else {
            dup = -1; /* the sid stays reserved: harmless */
        }
    }
    if (dup != 0) {
        if (dup > 0)
            log_error_at(name, line, r->sid_col, "duplicate sid %u:%u", r->gid, r->sid);
        else
            log_error_at(name, line, 1, "out of memory");
        rule_free(r);
        return 1;
    }
    d->rules[d->n_rules++] = r;
    d->n_phase[r->phase]++;
    return 0;
}

/* An unknown reference system: a warning at its `reference:` option. */
static void detect_warn_ref(const char *name, unsigned line, const char *text, const char *ref)
{
    const char *at = strstr(text, ref);
    size_t sys = strcspn(ref, ",");
    log_warn_at(name, line, at ? (unsigned)(at - text) + 1 : 1,
                "unknown reference system '%.*s' (not in reference.config): written as '%s'",
                (int)sys, ref, ref);
}

static int detect_rule_line(struct detect *d, const char *name, unsigned line, const char *text)
{
    if (detect_is_blank(text))
        return 0;
    struct rule_parse_ctx ctx = {.cfg = &d->cfg, .classes = &d->classes, .refs = &d->refs};
    struct rule_error err;
    struct rule *r = rule_parse(&ctx, text, &err);
    if (r && r->ref_unknown) /* Suricata warns too, and loads the rule */
        detect_warn_ref(name, line, text, r->ref_unknown);
    int bad = r ? detect_add_rule(d, r, name, line) : 1;
    if (!r)
        log_error_at(name, line, err.col, "%s", err.msg);
    if (bad)
        d->stats.rules_failed++;
    else
        d->stats.rules_loaded++;
    return bad;
}

static int detect_class_line(struct detect *d, const char *name, unsigned line, const char *text)
{
    char err[256];
    size_t off = 0;
    if (detect_class_load_line(&d->classes, text, err, sizeof(err), &off) == 0)
        return 0;
    log_error_at(name, line, off + 1, "%s", err);
    return 1;
}

static int detect_threshold_line(struct detect *d, const char *name, unsigned line,
                                 const char *text)
{
    char err[256];
    size_t off = 0;
    if (detect_threshold_load_line(&d->th, &d->cfg, text, err, sizeof(err), &off) == 0)
        return 0;
    log_error_at(name, line, off + 1, "%s", err);
    return 1;
}

/* Append s[0..n) to the growable buffer *buf. */
static int detect_buf_append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t c = *cap ? *cap : 256;
        while (c < *len + n + 1)
            c *= 2;
        char *b = mem_realloc(*buf, c);
        if (!b)
            return -1;
        *buf = b;
        *cap = c;
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
    return 0;
}

/* Split text into logical lines (a trailing '\' joins the next physical
 * line, the backslash and line break removed) and hand each to fn with the
 * number of its first physical line.  Returns the sum of fn's errors, or -1
 * on out-of-memory. */
static int detect_each_line(struct detect *d, const char *name, const char *text, size_t len,
                            detect_line_fn fn)
{
    char *buf = NULL;
    size_t blen = 0, bcap = 0, pos = 0;
    unsigned lineno = 0, first = 0;
    int errors = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len, n = end - pos;
        lineno++;
        if (blen == 0)
            first = lineno;
        if (n && text[pos + n - 1] == '\r')
            n--;
        bool cont = n && text[pos + n - 1] == '\\';
        if (detect_buf_append(&buf, &blen, &bcap, text + pos, n - cont) < 0)
            goto oom;
        pos = end + 1;
        if (cont && pos < len)
            continue;
        errors += fn(d, name, first, buf);
        blen = 0;
        buf[0] = '\0';
    }
    mem_free(buf);
    return errors;
oom:
    log_error_at(name, lineno, 0, "out of memory");
    mem_free(buf);
    return -1;
}

/* Read a whole file into memory and run detect_each_line over it. */
static int detect_load_path(struct detect *d, const char *path, detect_line_fn fn)
{
    char *buf;
    size_t len;
    if (file_read_all(path, &buf, &len) != 0) {
        log_error("%s: %s", path, strerror(errno));
        return -1;
    }
    int rc = detect_each_line(d, path, buf, len, fn);
    mem_free(buf);
    return rc;
}

int detect_load_file(struct detect *d, const char *path)
{
    return detect_load_path(d, path, detect_rule_line);
}

int detect_load_buffer(struct detect *d, const char *name, const char *text, size_t len)
{
    return detect_each_line(d, name, text, len, detect_rule_line);
}

int detect_load_classification_file(struct detect *d, const char *path)
{
    return detect_load_path(d, path, detect_class_line);
}

static int detect_ref_line(struct detect *d, const char *name, unsigned line, const char *text)
{
    char err[256];
    size_t off = 0;
    if (detect_ref_load_line(&d->refs, text, err, sizeof(err), &off) == 0)
        return 0;
    log_error_at(name, line, off + 1, "%s", err);
    return 1;
}

int detect_load_reference_file(struct detect *d, const char *path)
{
    detect_ref_deinit(&d->refs); /* the file is the whole list, as in Suricata */
    return detect_load_path(d, path, detect_ref_line);
}

int detect_load_threshold_file(struct detect *d, const char *path)
{
    return detect_load_path(d, path, detect_threshold_line);
}

int detect_load_threshold_line(struct detect *d, const char *name, unsigned line,
                               const char *text)
{
    return detect_threshold_line(d, name, line, text);
}

/* ------------------------------------------------------------------------
 * Evaluation
 * ------------------------------------------------------------------------ */

/* The header with `a` as the rule's source side and `b` as its destination. */
static bool detect_sides_match(const struct rule *r, const struct flow *f, int a, int b)
{
    return detect_addr_match(r->src, f->ip_v, &f->side_addr[a]) &&
           detect_port_match(r->sp, f->side_port[a]) &&
           detect_addr_match(r->dst, f->ip_v, &f->side_addr[b]) &&
           detect_port_match(r->dp, f->side_port[b]);
}

static bool detect_rule_match(const struct rule *r, const struct kw_match_ctx *m, bool wildcard)
{
    int c = m->f->client_side ? 1 : 0;
    if (!detect_sides_match(r, m->f, c, 1 - c) &&
        !(r->bidir && detect_sides_match(r, m->f, 1 - c, c)))
        return false;
    if (wildcard && r->skip_wildcard)
        return false;
    for (size_t k = 0; k < r->n_kws; k++)
        if (!kw_eval(r->kws[k].kw, r->kws[k].data, r->kws[k].neg, m))
            return false;
    for (size_t k = 0; k < r->n_bufs; k++)
        if (!detect_buffer_match(&r->bufs[k], m))
            return false;
    return true;
}

static void detect_fill_alert(const struct detect *d, const struct rule *r,
                              struct detect_alert *a)
{
    const struct detect_class *cls = detect_class_get(&d->classes, r->class_idx);
    *a = (struct detect_alert){
        .gid = r->gid, .sid = r->sid, .rev = r->rev, .msg = r->msg,
        .category = cls ? cls->desc : "",
        .severity = r->priority ? r->priority : cls ? cls->priority : 3,
        .action = r->action,
        .metadata = (const char *const *)r->metadata, .n_metadata = r->n_metadata,
        .references = (const char *const *)r->refs, .n_references = r->n_refs,
        .rule = r->text,
    };
}

/* Suppression, then the threshold in force: may rule r alert now? */
static bool detect_may_alert(struct detect *d, const struct rule *r,
                             const struct detect_th_who *who, int64_t now)
{
    if (detect_threshold_suppressed(&d->th, r->gid, r->sid, who)) {
        d->stats.suppressed++;
        return false;
    }
    const struct detect_th_spec *spec =
        detect_threshold_spec_for(&d->th, r->gid, r->sid, r->has_threshold ? &r->threshold : NULL);
    if (spec && !detect_threshold_check(&d->th, r->gid, r->sid, spec, who, now)) {
        d->stats.thresholded++;
        return false;
    }
    return true;
}

/* The evidence of the first keyword of r that gives one (smb.baseline). */
static const struct baseline_finding *detect_evidence(const struct rule *r,
                                                      const struct kw_match_ctx *m)
{
    for (size_t k = 0; k < r->n_kws; k++) {
        const struct kw *kw = r->kws[k].kw;
        if (kw->evidence)
            return kw->evidence(m, r->kws[k].data);
    }
    return NULL;
}

size_t detect_eval(struct detect *d, const struct flow *f, const struct smb_tx *tx, int64_t now,
                   const struct detect_alert **out)
{
    return detect_eval_baseline(d, f, tx, now, NULL, out);
}

size_t detect_eval_baseline(struct detect *d, const struct flow *f, const struct smb_tx *tx,
                            int64_t now, const struct baseline_verdict *bl,
                            const struct detect_alert **out)
{
    return detect_eval_phase(d, f, tx, now, bl, KW_PHASE_NEGOTIATE, out);
}

size_t detect_eval_follow(struct detect *d, const struct flow *f, const struct smb_tx *tx,
                          int64_t now, const struct detect_alert **out)
{
    return detect_eval_phase(d, f, tx, now, NULL, KW_PHASE_FOLLOW, out);
}

/* A pass rule silences the rules of its phase and of the later phases: a
 * session rule is also silenced by a matching negotiation pass rule. */
static bool detect_passed(const struct detect *d, const struct kw_match_ctx *m, bool wildcard,
                          enum kw_phase phase)
{
    for (size_t k = 0; k < d->n_rules; k++) {
        const struct rule *r = d->rules[k];
        if (r->action == RULE_PASS && r->phase <= phase && detect_rule_match(r, m, wildcard))
            return true;
    }
    return false;
}

size_t detect_eval_phase(struct detect *d, const struct flow *f, const struct smb_tx *tx,
                         int64_t now, const struct baseline_verdict *bl, enum kw_phase phase,
                         const struct detect_alert **out)
{
    const struct kw_match_ctx m = {.tx = tx, .f = f, .bl = bl};
    bool wildcard = smb_tx_is_wildcard(tx);
    size_t n = 0;
    *out = d->alerts;
    if (phase == KW_PHASE_FOLLOW && (!tx->follow || !d->n_phase[KW_PHASE_FOLLOW]))
        return 0;
    if (detect_passed(d, &m, wildcard, phase))
        return 0;
    int c = f->client_side ? 1 : 0;
    struct detect_th_who who = {.ip_v = f->ip_v, .src = f->side_addr[c],
                                .dst = f->side_addr[1 - c], .flow_id = f->flow_id};
    for (size_t k = 0; k < d->n_rules; k++) {
        struct rule *r = d->rules[k];
        if (r->action != RULE_ALERT || r->phase != phase || !detect_rule_match(r, &m, wildcard) ||
            !detect_may_alert(d, r, &who, now))
            continue;
        detect_fill_alert(d, r, &d->alerts[n]);
        d->alerts[n++].baseline = detect_evidence(r, &m);
        r->n_alerts++;
        d->stats.alerts++;
    }
    return n;
}

bool detect_has_phase(const struct detect *d, enum kw_phase phase)
{
    return d && (unsigned)phase < DETECT_N_PHASES && d->n_phase[phase] > 0;
}

/* ------------------------------------------------------------------------
 * Reporting
 * ------------------------------------------------------------------------ */

const struct detect_stats *detect_stats(const struct detect *d)
{
    return &d->stats;
}

static int detect_cmp_sid(const void *a, const void *b)
{
    const struct rule *x = *(const struct rule *const *)a, *y = *(const struct rule *const *)b;
    if (x->sid != y->sid)
        return x->sid < y->sid ? -1 : 1;
    return x->gid < y->gid ? -1 : x->gid > y->gid;
}

void detect_print_alert_counts(const struct detect *d, FILE *out)
{
    const struct rule **v = mem_alloc((d->n_rules ? d->n_rules : 1) * sizeof(*v));
    size_t n = 0;
    if (!v) {
        fprintf(out, "  (out of memory)\n");
        return;
    }
    for (size_t k = 0; k < d->n_rules; k++)
        if (d->rules[k]->n_alerts)
            v[n++] = d->rules[k];
    qsort(v, n, sizeof(*v), detect_cmp_sid);
    for (size_t k = 0; k < n; k++)
        fprintf(out, "  [%u:%u:%u] %s: %llu alerts\n", v[k]->gid, v[k]->sid, v[k]->rev, v[k]->msg,
                (unsigned long long)v[k]->n_alerts);
    mem_free(v);
}

/* What --list-keywords says of a keyword of the follow-up phase. */
#define DETECT_FOLLOW_NOTE " (session keyword: its rule is evaluated when the follow-up ends)"

/* --list-keywords=KW: one keyword, in the block form of Suricata's
 * `--list-keywords=<kw>`.  0, or -1 when no option or keyword is named KW
 * (case-insensitive, as rules spell them). */
int detect_list_keyword(const char *name, FILE *out)
{
    for (size_t k = 0; k < rule_parse_option_count(); k++) {
        const struct rule_option_doc *o = rule_parse_option_doc(k);
        if (strcasecmp(o->name, name) == 0) {
            fprintf(out, "= %s =\nDescription: %s\nSyntax: %s\nType: generic option\n", o->name,
                    o->desc, o->syntax);
            return 0;
        }
    }
    const struct kw_table *t = detect_keywords(NULL);
    const struct kw *kw = kw_table_find(t, name);
    const struct kw_buffer *b = kw_buffer_find(name);
    for (size_t k = 0; k < rule_parse_content_doc_count(); k++) {
        const struct rule_option_doc *o = rule_parse_content_doc(k);
        if (strcasecmp(o->name, name) == 0) {
            fprintf(out, "= %s =\nDescription: %s\nSyntax: %s\nType: content matching\n",
                    o->name, o->desc, o->syntax);
            return 0;
        }
    }
    if (b && !kw) {
        fprintf(out, "= %s =\nDescription: %s%s\nSyntax: %s\nType: sticky buffer\n", b->name,
                b->desc, b->phase == KW_PHASE_FOLLOW ? DETECT_FOLLOW_NOTE : "", b->syntax);
        return 0;
    }
    if (!kw)
        return -1;
    fprintf(out, "= %s =\nDescription: %s%s%s\nSyntax: %s\nType: SMB keyword (app-layer %s)\n",
            kw->name, kw->desc,
            kw->skip_wildcard ? " (never matches a wildcard 0x02FF response)" : "",
            kw->phase == KW_PHASE_FOLLOW ? DETECT_FOLLOW_NOTE : "",
            kw->syntax ? kw->syntax : kw->name, t->app);
    if (b) /* smb.netname: also a sticky buffer */
        fprintf(out, "Sticky buffer: %s\n", b->syntax);
    return 0;
}

void detect_list_keywords(FILE *out)
{
    detect_list_keywords_of(detect_keywords(NULL), out);
}

void detect_list_keywords_of(const struct kw_table *t, FILE *out)
{
    fprintf(out, "Generic options:\n");
    for (size_t k = 0; k < rule_parse_option_count(); k++) {
        const struct rule_option_doc *o = rule_parse_option_doc(k);
        fprintf(out, "  %s: %s\n      %s\n", o->name, o->desc, o->syntax);
    }
    fprintf(out, "SMB keywords:\n");
    for (size_t k = 0; k < t->n; k++) {
        const struct kw *kw = kw_table_get(t, k);
        fprintf(out, "  %s: %s%s%s\n      %s\n", kw->name, kw->desc,
                kw->skip_wildcard ? " (never matches a wildcard 0x02FF response)" : "",
                kw->phase == KW_PHASE_FOLLOW ? DETECT_FOLLOW_NOTE : "",
                kw->syntax ? kw->syntax : kw->name);
    }
    fprintf(out, "Content matching (after a sticky buffer):\n");
    for (size_t k = 0; k < rule_parse_content_doc_count(); k++) {
        const struct rule_option_doc *o = rule_parse_content_doc(k);
        fprintf(out, "  %s: %s\n      %s\n", o->name, o->desc, o->syntax);
    }
    fprintf(out, "Sticky buffers:\n");
    for (size_t k = 0; kw_buffer_get(k); k++) {
        const struct kw_buffer *b = kw_buffer_get(k);
        fprintf(out, "  %s: %s%s\n      %s\n", b->name, b->desc,
                b->phase == KW_PHASE_FOLLOW ? DETECT_FOLLOW_NOTE : "", b->syntax);
    }
}
