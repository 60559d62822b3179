/* verify-expect.c - expect.yaml (libyaml document) -> struct verify_expect.
 * Every error is one line "FILE:LINE: what is wrong". */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/file.h"
#include "util/mem.h"
#include "verify/verify-int.h"

#define VERIFY_MAX_DEPTH 64

struct vx {
    yaml_document_t *doc;
    const char *display;
    char *err;
    size_t errcap;
};

__attribute__((format(printf, 3, 4)))
static int vx_fail(struct vx *v, const yaml_node_t *n, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    snprintf(v->err, v->errcap, "%s:%lu: %s", v->display,
             n ? (unsigned long)n->start_mark.line + 1 : 1UL, what);
    return -1;
}

static const char *vx_str(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* A plain (unquoted) scalar is typed: null/~/empty, true/false, a decimal
 * integer, a decimal number; anything else, and every quoted scalar, is a
 * string.  "0x0311" and "yes" stay strings: EVE writes both as strings. */
static json_t *vx_scalar(const yaml_node_t *n)
{
    const char *s = vx_str(n);
    if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return json_string(s);
    if (!*s || strcmp(s, "~") == 0 || strcmp(s, "null") == 0)
        return json_null();
    if (strcmp(s, "true") == 0)
        return json_true();
    if (strcmp(s, "false") == 0)
        return json_false();
    const char *d = s + (*s == '-' || *s == '+');
    bool digits = *d != '\0', real = false;
    for (const char *q = d; *q && digits; q++) {
        if (*q == '.' || *q == 'e' || *q == 'E')
            real = true;
        else if (!(*q >= '0' && *q <= '9') &&
                 !((*q == '-' || *q == '+') && (q[-1] == 'e' || q[-1] == 'E')))
            digits = false;
    }
    if (!digits || !(*d >= '0' && *d <= '9'))
        return json_string(s);
    char *end;
    errno = 0;
    if (!real) {
        long long i = strtoll(s, &end, 10);
        if (!*end && errno == 0)
            return json_integer(i);
        return json_string(s);
    }
    double r = strtod(s, &end);
    return *end || errno ? json_string(s) : json_real(r);
}

static json_t *vx_value(struct vx *v, yaml_node_t *n, int depth)
{
    if (depth > VERIFY_MAX_DEPTH) {
        vx_fail(v, n, "nested too deeply");
        return NULL;
    }
    if (n->type == YAML_SCALAR_NODE) {
        json_t *j = vx_scalar(n);
        if (!j)
            vx_fail(v, n, "value is not valid UTF-8");
        return j;
    }
    json_t *out = n->type == YAML_SEQUENCE_NODE ? json_array() : json_object();
    if (n->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = n->data.sequence.items.start;
             out && it < n->data.sequence.items.top; it++) {
            json_t *e = vx_value(v, yaml_document_get_node(v->doc, *it), depth + 1);
            if (!e || json_array_append_new(out, e) != 0) {
                json_decref(out);
                return NULL;
            }
        }
        return out;
    }
    for (yaml_node_pair_t *pr = n->data.mapping.pairs.start;
         out && pr < n->data.mapping.pairs.top; pr++) {
        yaml_node_t *k = yaml_document_get_node(v->doc, pr->key);
        if (!vx_str(k)) {
            vx_fail(v, k, "a mapping key must be a scalar");
            json_decref(out);
            return NULL;
        }
        json_t *e = vx_value(v, yaml_document_get_node(v->doc, pr->value), depth + 1);
        if (!e || json_object_set_new(out, vx_str(k), e) != 0) {
            json_decref(out);
            return NULL;
        }
    }
    return out;
}

/* A string, or a list of strings, as a JSON array of strings.  With
 * `split`, a single string is split on blanks (args: "--set a=b"). */
static json_t *vx_strings(struct vx *v, yaml_node_t *n, const char *what, bool split)
{
    json_t *out = json_array();
    if (n->type == YAML_SCALAR_NODE) {
        const char *s = vx_str(n);
        if (!split)
            json_array_append_new(out, json_string(s));
        for (const char *p = s; split && *p;) {
            size_t len = strcspn(p, " \t");
            if (len)
                json_array_append_new(out, json_stringn(p, len));
            p += len;
            p += strspn(p, " \t");
        }
        return out;
    }
    if (n->type != YAML_SEQUENCE_NODE) {
        json_decref(out);
        vx_fail(v, n, "%s: expected a string or a list of strings", what);
        return NULL;
    }
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        yaml_node_t *e = yaml_document_get_node(v->doc, *it);
        if (!vx_str(e)) {
            json_decref(out);
            vx_fail(v, e, "%s: every item must be a string", what);
            return NULL;
        }
        json_array_append_new(out, json_string(vx_str(e)));
    }
    return out;
}

static int vx_uint(struct vx *v, yaml_node_t *n, const char *what, long long max, long long *out)
{
    const char *s = vx_str(n);
    char *end;
    errno = 0;
    long long x = s && *s ? strtoll(s, &end, 10) : -1;
    if (!s || !*s || *end || errno || x < 0 || x > max)
        return vx_fail(v, n, "%s: expected an integer from 0 to %lld, got '%s'", what, max,
                       s ? s : "(not a scalar)");
    *out = x;
    return 0;
}

/* One `filter:` mapping: count/min/max, match, not-present. */
static int vx_filter(struct vx *v, yaml_node_t *fk, yaml_node_t *n, struct verify_check *c)
{
    c->line = (int)fk->start_mark.line + 1;
    c->count = c->min = c->max = -1;
    if (n->type != YAML_MAPPING_NODE)
        return vx_fail(v, n, "filter: expected a mapping (count, min, max, match, not-present)");
    for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++) {
        yaml_node_t *k = yaml_document_get_node(v->doc, pr->key);
        yaml_node_t *val = yaml_document_get_node(v->doc, pr->value);
        const char *key = vx_str(k);
        if (!key)
            return vx_fail(v, k, "filter: a key must be a scalar");
        if (strcmp(key, "count") == 0 || strcmp(key, "min") == 0 || strcmp(key, "max") == 0) {
            long long *dst = key[1] == 'o' ? &c->count : key[1] == 'i' ? &c->min : &c->max;
            if (vx_uint(v, val, key, 1LL << 40, dst) != 0)
                return -1;
        } else if (strcmp(key, "match") == 0) {
            if (val->type != YAML_MAPPING_NODE)
                return vx_fail(v, val, "match: expected a mapping of dotted keys to values");
            json_decref(c->match);
            if (!(c->match = vx_value(v, val, 0)))
                return -1;
        } else if (strcmp(key, "not-present") == 0) {
            json_decref(c->not_present);
            if (!(c->not_present = vx_strings(v, val, "not-present", false)))
                return -1;
        } else {
            return vx_fail(v, k, "filter: unknown key '%s' (count, min, max, match, not-present)",
                           key);
        }
    }
    if (c->count < 0 && c->min < 0 && c->max < 0)
        return vx_fail(v, fk, "filter: needs count, min or max");
    if (!c->match)
        c->match = json_object();
    if (!c->not_present)
        c->not_present = json_array();
    return 0;
}

static int vx_checks(struct vx *v, yaml_node_t *n, struct verify_expect *x)
{
    if (n->type != YAML_SEQUENCE_NODE)
        return vx_fail(v, n, "checks: expected a list of '- filter:' entries");
    size_t cap = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    x->checks = mem_calloc(cap ? cap : 1, sizeof(*x->checks));
    if (!x->checks)
        return vx_fail(v, n, "out of memory");
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        yaml_node_t *e = yaml_document_get_node(v->doc, *it);
        yaml_node_pair_t *pr = e->type == YAML_MAPPING_NODE ? e->data.mapping.pairs.start : NULL;
        if (!pr || pr + 1 != e->data.mapping.pairs.top)
            return vx_fail(v, e, "checks: each entry must be a mapping with one key, 'filter'");
        yaml_node_t *k = yaml_document_get_node(v->doc, pr->key);
        if (!vx_str(k) || strcmp(vx_str(k), "filter") != 0)
            return vx_fail(v, k, "checks: unsupported check type '%s' (only 'filter')",
                           vx_str(k) ? vx_str(k) : "?");
        if (vx_filter(v, k, yaml_document_get_node(v->doc, pr->value), &x->checks[x->n_checks++]))
            return -1;
    }
    return 0;
}

static int vx_top(struct vx *v, const char *key, yaml_node_t *k, yaml_node_t *val,
                  struct verify_expect *x)
{
    long long code;
    if (strcmp(key, "checks") == 0)
        return vx_checks(v, val, x);
    if (strcmp(key, "captures") == 0) {
        json_decref(x->captures);
        return (x->captures = vx_strings(v, val, "captures", false)) ? 0 : -1;
    }
    if (strcmp(key, "rules") == 0) {
        json_decref(x->rules);
        return (x->rules = vx_strings(v, val, "rules", false)) ? 0 : -1;
    }
    if (strcmp(key, "stderr-not-contains") == 0) {
        json_decref(x->stderr_absent);
        return (x->stderr_absent = vx_strings(v, val, "stderr-not-contains", false)) ? 0 : -1;
    }
    if (strcmp(key, "args") == 0) {
        json_decref(x->args);
        return (x->args = vx_strings(v, val, "args", true)) ? 0 : -1;
    }
    if (strcmp(key, "stderr") == 0) {
        json_decref(x->stderr_subs);
        return (x->stderr_subs = vx_strings(v, val, "stderr", false)) ? 0 : -1;
    }
    if (strcmp(key, "exit") == 0) {
        if (vx_uint(v, val, "exit", 255, &code) != 0)
            return -1;
        x->exit_code = (int)code;
        return 0;
    }
    if (strcmp(key, "description") == 0)
        return vx_str(val) ? 0 : vx_fail(v, val, "description: expected a string");
    return vx_fail(v, k,
                   "unknown key '%s' (captures, rules, args, exit, stderr, stderr-not-contains, "
                   "checks, description)",
                   key);
}

int verify_expect_load(struct verify_expect *x, const char *path, const char *display, char *err,
                       size_t errcap)
{
    struct vx v = {NULL, display, err, errcap};
    yaml_parser_t parser;
    yaml_document_t doc;
    int rc = -1;
    memset(x, 0, sizeof(*x));
    x->args = json_array();
    x->stderr_subs = json_array();
    x->rules = json_array();
    x->stderr_absent = json_array();
    char *text;
    size_t len;
    if (file_read_all(path, &text, &len) != 0) {
        snprintf(err, errcap, "%s:0: cannot open: %s", display, strerror(errno));
        return -1;
    }
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &doc)) {
        snprintf(err, errcap, "%s:%lu: %s", display,
                 (unsigned long)parser.problem_mark.line + 1,
                 parser.problem ? parser.problem : "YAML syntax error");
        goto out_parser;
    }
    v.doc = &doc;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root || root->type != YAML_MAPPING_NODE) {
        vx_fail(&v, root, "expected a mapping with 'checks:' at the top");
        goto out;
    }
    for (yaml_node_pair_t *pr = root->data.mapping.pairs.start;
         pr < root->data.mapping.pairs.top; pr++) {
        yaml_node_t *k = yaml_document_get_node(&doc, pr->key);
        if (!vx_str(k)) {
            vx_fail(&v, k, "a top-level key must be a scalar");
            goto out;
        }
        if (vx_top(&v, vx_str(k), k, yaml_document_get_node(&doc, pr->value), x) != 0)
            goto out;
    }
    rc = 0;
out:
    yaml_document_delete(&doc);
out_parser:
    yaml_parser_delete(&parser);
    mem_free(text);
    if (rc != 0)
        verify_expect_deinit(x);
    return rc;
}

void verify_expect_deinit(struct verify_expect *x)
{
    for (size_t i = 0; i < x->n_checks; i++) {
        json_decref(x->checks[i].match);
        json_decref(x->checks[i].not_present);
    }
    mem_free(x->checks);
    json_decref(x->captures);
    json_decref(x->args);
    json_decref(x->stderr_subs);
    json_decref(x->rules);
    json_decref(x->stderr_absent);
    memset(x, 0, sizeof(*x));
}
