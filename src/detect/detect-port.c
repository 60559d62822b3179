/* detect-port.c - rule port sets: any, ports, ranges, nested lists,
 * negation and variables (Suricata rule header semantics). */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "detect/detect-port.h"
#include "util/mem.h"

#define PORT_MAX_DEPTH 16 /* nested lists plus variable expansions */

/* A node is the range [lo, hi] or a list; `neg` complements it.  A list is
 * "in some positive item (or none exist) and in no negative item". */
struct detect_port {
    bool is_list;
    bool neg;
    uint16_t lo, hi;
    struct detect_port **items;
    size_t n;
};

struct port_parser {
    const char *s;
    size_t i;
    const struct detect_cfg *cfg;
    const char **stack; /* variable names under expansion */
    size_t depth;       /* entries in stack */
    size_t nest;        /* lists and variables open */
    char *err;
    size_t errlen;
};

static struct detect_port *port_parse_item(struct port_parser *p);

static void port_fail(struct port_parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void port_fail(struct port_parser *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err, p->errlen, fmt, ap);
    va_end(ap);
}

static void port_skip_ws(struct port_parser *p)
{
    while (p->s[p->i] && isspace((unsigned char)p->s[p->i]))
        p->i++;
}

void detect_port_free(struct detect_port *s)
{
    if (!s)
        return;
    for (size_t k = 0; k < s->n; k++)
        detect_port_free(s->items[k]);
    mem_free(s->items);
    mem_free(s);
}

static struct detect_port *port_node_new(struct port_parser *p, bool is_list)
{
    struct detect_port *n = mem_calloc(1, sizeof(*n));
    if (!n)
        port_fail(p, "out of memory");
    else
        n->is_list = is_list;
    return n;
}

/* Decimal 0..65535 in tok[0..len). */
static bool port_number(const char *tok, size_t len, uint16_t *out)
{
    unsigned long v = 0;
    if (len == 0 || len > 5)
        return false;
    for (size_t k = 0; k < len; k++) {
        if (!isdigit((unsigned char)tok[k]))
            return false;
        v = v * 10 + (unsigned long)(tok[k] - '0');
    }
    if (v > 65535)
        return false;
    *out = (uint16_t)v;
    return true;
}

/* "any", "445", "1024:65535", "1024:", ":1023" */
static struct detect_port *port_parse_leaf(struct port_parser *p)
{
    size_t start = p->i;
    while (p->s[p->i] && !isspace((unsigned char)p->s[p->i]) && !strchr(",[]!$", p->s[p->i]))
        p->i++;
    const char *tok = p->s + start;
    size_t len = p->i - start;
    if (len == 0) {
        if (p->s[p->i])
            port_fail(p, "unexpected '%c' in port", p->s[p->i]);
        else
            port_fail(p, "missing port");
        return NULL;
    }
    struct detect_port *n = port_node_new(p, false);
    if (!n)
        return NULL;
    n->lo = 0;
    n->hi = 65535;
    if (len == 3 && strncasecmp(tok, "any", 3) == 0)
        return n;
    const char *colon = memchr(tok, ':', len);
    bool ok;
    if (!colon) {
        ok = port_number(tok, len, &n->lo);
        n->hi = n->lo;
    } else {
        size_t llen = (size_t)(colon - tok), rlen = len - llen - 1;
        ok = (llen > 0 || rlen > 0) && (llen == 0 || port_number(tok, llen, &n->lo)) &&
             (rlen == 0 || port_number(colon + 1, rlen, &n->hi)) && n->lo <= n->hi;
    }
    if (!ok) {
        port_fail(p, "bad port '%.*s'", (int)len, tok);
        detect_port_free(n);
        return NULL;
    }
    return n;
}

static const char *port_var_value(const struct detect_cfg *cfg, const char *name)
{
    for (size_t k = 0; cfg && k < cfg->n_port_vars; k++)
        if (strcmp(cfg->port_vars[k].name, name) == 0)
            return cfg->port_vars[k].value;
    return NULL;
}

/* $NAME (p->i just after '$'): the variable's value, parsed as one item. */
static struct detect_port *port_parse_var(struct port_parser *p)
{
    char name[128];
    size_t len = 0;
    while (isalnum((unsigned char)p->s[p->i]) || p->s[p->i] == '_') {
        if (len + 1 < sizeof(name))
            name[len++] = p->s[p->i];
        p->i++;
    }
    name[len] = '\0';
    const char *value = len ? port_var_value(p->cfg, name) : NULL;
    if (!value) {
        port_fail(p, len ? "unknown port variable '$%s'" : "empty variable name%s", name);
        return NULL;
    }
    for (size_t k = 0; k < p->depth; k++)
        if (strcmp(p->stack[k], name) == 0) {
            port_fail(p, "port variable loop through '$%s'", name);
            return NULL;
        }
    if (p->nest >= PORT_MAX_DEPTH) {
        port_fail(p, "port variables nested too deep at '$%s'", name);
        return NULL;
    }
    p->stack[p->depth] = name;
    struct port_parser sub = {.s = value, .cfg = p->cfg, .stack = p->stack, .depth = p->depth + 1,
                              .nest = p->nest + 1, .err = p->err, .errlen = p->errlen};
    struct detect_port *n = port_parse_item(&sub);
    port_skip_ws(&sub);
    if (n && sub.s[sub.i] != '\0') {
        port_fail(p, "unexpected '%s' in port variable '$%s'", sub.s + sub.i, name);
        detect_port_free(n);
        n = NULL;
    }
    return n;
}

/* '[' item (',' item)* ']' with p->i just after '['. */
static struct detect_port *port_parse_list(struct port_parser *p)
{
    if (p->nest >= PORT_MAX_DEPTH) {
        port_fail(p, "port list nested too deep");
        return NULL;
    }
    struct detect_port *list = port_node_new(p, true);
    if (!list)
        return NULL;
    p->nest++;
    for (;;) {
        struct detect_port *it = port_parse_item(p);
        if (!it)
            goto fail;
        struct detect_port **v = mem_realloc(list->items, (list->n + 1) * sizeof(*v));
        if (!v) {
            detect_port_free(it);
            port_fail(p, "out of memory");
            goto fail;
        }
        list->items = v;
        list->items[list->n++] = it;
        port_skip_ws(p);
        if (p->s[p->i] == ',') {
            p->i++;
            continue;
        }
        if (p->s[p->i] == ']') {
            p->i++;
            break;
        }
        if (p->s[p->i])
            port_fail(p, "unexpected '%c' in port list", p->s[p->i]);
        else
            port_fail(p, "unterminated port list");
        goto fail;
    }
    p->nest--;
    return list;
fail:
    p->nest--;
    detect_port_free(list);
    return NULL;
}

static bool port_is_any(const struct detect_port *n)
{
    return !n->is_list && n->lo == 0 && n->hi == 65535;
}

static struct detect_port *port_parse_item(struct port_parser *p)
{
    bool neg = false;
    port_skip_ws(p);
    while (p->s[p->i] == '!') {
        neg = !neg;
        p->i++;
        port_skip_ws(p);
    }
    struct detect_port *n;
    if (p->s[p->i] == '[') {
        p->i++;
        n = port_parse_list(p);
    } else if (p->s[p->i] == '$') {
        p->i++;
        n = port_parse_var(p);
    } else {
        n = port_parse_leaf(p);
    }
    if (!n)
        return NULL;
    n->neg ^= neg;
    if (n->neg && port_is_any(n)) {
        port_fail(p, "negated port set matches no port");
        detect_port_free(n);
        return NULL;
    }
    return n;
}

int detect_port_parse(const char *text, const struct detect_cfg *cfg, struct detect_port **out,
                      char *err, size_t errlen)
{
    const char *stack[PORT_MAX_DEPTH];
    struct port_parser p = {.s = text, .cfg = cfg, .stack = stack, .err = err, .errlen = errlen};
    *out = NULL;
    struct detect_port *n = port_parse_item(&p);
    if (!n)
        return -1;
    port_skip_ws(&p);
    if (text[p.i] != '\0') {
        port_fail(&p, "unexpected '%s' after port", text + p.i);
        detect_port_free(n);
        return -1;
    }
    *out = n;
    return 0;
}

/* The node's set before its own negation. */
static bool port_match_inner(const struct detect_port *n, uint16_t port)
{
    if (!n->is_list)
        return port >= n->lo && port <= n->hi;
    bool has_pos = false, pos_hit = false;
    for (size_t k = 0; k < n->n; k++) {
        const struct detect_port *it = n->items[k];
        bool m = port_match_inner(it, port);
        if (it->neg && m)
            return false;
        if (!it->neg) {
            has_pos = true;
            pos_hit = pos_hit || m;
        }
    }
    return !has_pos || pos_hit;
}

bool detect_port_match(const struct detect_port *s, uint16_t port)
{
    return port_match_inner(s, port) != s->neg;
}
