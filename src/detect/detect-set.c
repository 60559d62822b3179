/* detect-set.c - the set grammar shared by rule addresses and ports: nested
 * lists, negation and variables (Suricata rule header semantics); the leaves
 * belong to a struct detect_set_kind (detect-addr.c, detect-port.c). */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "detect/detect-set.h"
#include "util/mem.h"

/* A node is a leaf or a list; `neg` complements it.  A list combines its
 * items as "in some positive item (or none exist) and in no negative item". */
struct detect_set {
    bool is_list;
    bool neg;
    struct detect_set **items; /* list */
    size_t n, cap;
    _Alignas(max_align_t) unsigned char leaf[]; /* leaf: kind->leaf_size bytes */
};

/* Parser state: the text being read and the variables being expanded (to
 * refuse loops). */
struct set_parser {
    const struct detect_set_kind *k;
    const char *s;
    size_t i;
    const struct detect_var *vars;
    size_t n_vars;
    const char **stack; /* variable names under expansion */
    size_t depth;       /* entries in stack */
    size_t nest;        /* lists and variables open: bounded by DETECT_SET_MAX_DEPTH */
    char *err;
    size_t errlen;
};

static struct detect_set *set_parse_item(struct set_parser *p);

static void set_fail(struct set_parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void set_fail(struct set_parser *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err, p->errlen, fmt, ap);
    va_end(ap);
}

static void set_skip_ws(struct set_parser *p)
{
    while (p->s[p->i] && isspace((unsigned char)p->s[p->i]))
        p->i++;
}

void detect_set_free(struct detect_set *s)
{
    if (!s)
        return;
    for (size_t k = 0; k < s->n; k++)
        detect_set_free(s->items[k]);
    mem_free(s->items);
    mem_free(s);
}

static struct detect_set *set_node_new(struct set_parser *p, bool is_list)
{
    struct detect_set *n = mem_calloc(1, sizeof(*n) + (is_list ? 0 : p->k->leaf_size));
    if (!n)
        set_fail(p, "out of memory");
    else
        n->is_list = is_list;
    return n;
}

/* One token up to whitespace or ",[]!$", handed to the kind. */
static struct detect_set *set_parse_leaf(struct set_parser *p)
{
    size_t start = p->i;
    while (p->s[p->i] && !isspace((unsigned char)p->s[p->i]) && !strchr(",[]!$", p->s[p->i]))
        p->i++;
    size_t len = p->i - start;
    if (len == 0) {
        if (p->s[p->i])
            set_fail(p, "unexpected '%c' in %s", p->s[p->i], p->k->word);
        else
            set_fail(p, "missing %s", p->k->word);
        return NULL;
    }
    struct detect_set *n = set_node_new(p, false);
    if (n && p->k->parse(p->s + start, len, n->leaf, p->err, p->errlen) < 0) {
        detect_set_free(n);
        n = NULL;
    }
    return n;
}

static const char *set_var_value(const struct set_parser *p, const char *name)
{
    for (size_t k = 0; k < p->n_vars; k++)
        if (strcmp(p->vars[k].name, name) == 0)
            return p->vars[k].value;
    return NULL;
}

/* $NAME (p->i just after '$'): the variable's value, parsed as one item. */
static struct detect_set *set_parse_var(struct set_parser *p)
{
    const char *word = p->k->word;
    char name[128];
    size_t len = 0;
    while (isalnum((unsigned char)p->s[p->i]) || p->s[p->i] == '_') {
        if (len + 1 < sizeof(name))
            name[len++] = p->s[p->i];
        p->i++;
    }
    name[len] = '\0';
    if (len == 0) {
        set_fail(p, "empty variable name");
        return NULL;
    }
    const char *value = set_var_value(p, name);
    if (!value) {
        set_fail(p, "unknown %s variable '$%s'", word, name);
        return NULL;
    }
    for (size_t k = 0; k < p->depth; k++)
        if (strcmp(p->stack[k], name) == 0) {
            set_fail(p, "%s variable loop through '$%s'", word, name);
            return NULL;
        }
    if (p->nest >= DETECT_SET_MAX_DEPTH) {
        set_fail(p, "%s variables nested too deep at '$%s'", word, name);
        return NULL;
    }
    p->stack[p->depth] = name;
    struct set_parser sub = *p;
    sub.s = value;
    sub.i = 0;
    sub.depth = p->depth + 1;
    sub.nest = p->nest + 1;
    struct detect_set *n = set_parse_item(&sub);
    set_skip_ws(&sub);
    if (n && sub.s[sub.i] != '\0') {
        set_fail(p, "unexpected '%s' in %s variable '$%s'", sub.s + sub.i, word, name);
        detect_set_free(n);
        n = NULL;
    }
    return n;
}

/* '[' item (',' item)* ']' with p->i just after '['. */
static struct detect_set *set_parse_list(struct set_parser *p)
{
    if (p->nest >= DETECT_SET_MAX_DEPTH) {
        set_fail(p, "%s list nested too deep", p->k->word);
        return NULL;
    }
    struct detect_set *list = set_node_new(p, true);
    if (!list)
        return NULL;
    p->nest++;
    for (;;) {
        struct detect_set *it = set_parse_item(p);
        if (!it)
            goto fail;
        struct detect_set **v = mem_grow(list->items, &list->cap, list->n + 1, sizeof(*v));
        if (!v) {
            detect_set_free(it);
            set_fail(p, "out of memory");
            goto fail;
        }
        list->items = v;
        list->items[list->n++] = it;
        set_skip_ws(p);
        if (p->s[p->i] == ',') {
            p->i++;
            continue;
        }
        if (p->s[p->i] == ']') {
            p->i++;
            break;
        }
        if (p->s[p->i])
            set_fail(p, "unexpected '%c' in %s list", p->s[p->i], p->k->word);
        else
            set_fail(p, "unterminated %s list", p->k->word);
        goto fail;
    }
    p->nest--;
    return list;
fail:
    p->nest--;
    detect_set_free(list);
    return NULL;
}

/* ['!'] ( '[' list ']' | '$' NAME | leaf ) */
static struct detect_set *set_parse_item(struct set_parser *p)
{
    bool neg = false;
    set_skip_ws(p);
    while (p->s[p->i] == '!') {
        neg = !neg;
        p->i++;
        set_skip_ws(p);
    }
    struct detect_set *n;
    if (p->s[p->i] == '[') {
        p->i++;
        n = set_parse_list(p);
    } else if (p->s[p->i] == '$') {
        p->i++;
        n = set_parse_var(p);
    } else {
        n = set_parse_leaf(p);
    }
    if (!n)
        return NULL;
    n->neg ^= neg; /* !!X is X, also through a variable */
    if (n->neg && !n->is_list && p->k->is_all(n->leaf)) {
        set_fail(p, "%s", p->k->neg_all_err);
        detect_set_free(n);
        return NULL;
    }
    return n;
}

int detect_set_parse(const struct detect_set_kind *k, const char *text,
                     const struct detect_var *vars, size_t n_vars, struct detect_set **out,
                     char *err, size_t errlen)
{
    const char *stack[DETECT_SET_MAX_DEPTH];
    struct set_parser p = {.k = k, .s = text, .vars = vars, .n_vars = vars ? n_vars : 0,
                           .stack = stack, .err = err, .errlen = errlen};
    *out = NULL;
    struct detect_set *n = set_parse_item(&p);
    if (!n)
        return -1;
    set_skip_ws(&p);
    if (text[p.i] != '\0') {
        set_fail(&p, "unexpected '%s' after %s", text + p.i, k->word);
        detect_set_free(n);
        return -1;
    }
    *out = n;
    return 0;
}

/* The node's set before its own negation. */
static bool set_match_inner(const struct detect_set_kind *k, const struct detect_set *n,
                            const void *value)
{
    if (!n->is_list)
        return k->match(n->leaf, value);
    bool has_pos = false, pos_hit = false;
    for (size_t j = 0; j < n->n; j++) {
        const struct detect_set *it = n->items[j];
        bool m = set_match_inner(k, it, value);
        if (it->neg && m)
            return false;
        if (!it->neg) {
            has_pos = true;
            pos_hit = pos_hit || m;
        }
    }
    return !has_pos || pos_hit;
}

bool detect_set_match(const struct detect_set_kind *k, const struct detect_set *s,
                      const void *value)
{
    return set_match_inner(k, s, value) != s->neg;
}
