/* detect-addr.c - rule address sets: any, IPv4/IPv6 addresses and CIDRs,
 * nested lists, negation and variables (Suricata rule header semantics). */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "detect/detect-addr.h"
#include "util/mem.h"

#define ADDR_MAX_DEPTH 16 /* nested lists plus variable expansions */

enum addr_kind { ADDR_ANY, ADDR_NET, ADDR_LIST };

/* A node is a set; `neg` complements it.  A list combines its items as
 * "in some positive item (or none exist) and in no negative item". */
struct detect_addr {
    enum addr_kind kind;
    bool neg;
    uint8_t family; /* ADDR_NET: 4 or 6 */
    uint8_t plen;   /* ADDR_NET: prefix length */
    struct ip_addr net; /* ADDR_NET: masked to plen */
    struct detect_addr **items; /* ADDR_LIST */
    size_t n;
};

/* Parser state: the text being read and the variables being expanded (to
 * refuse loops). */
struct addr_parser {
    const char *s;
    size_t i;
    const struct detect_cfg *cfg;
    const char **stack;  /* variable names under expansion */
    size_t depth;        /* entries in stack */
    size_t nest;         /* lists and variables open: bounded by ADDR_MAX_DEPTH */
    char *err;
    size_t errlen;
};

static struct detect_addr *addr_parse_item(struct addr_parser *p);

static void addr_fail(struct addr_parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void addr_fail(struct addr_parser *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err, p->errlen, fmt, ap);
    va_end(ap);
}

static void addr_skip_ws(struct addr_parser *p)
{
    while (p->s[p->i] && isspace((unsigned char)p->s[p->i]))
        p->i++;
}

void detect_addr_free(struct detect_addr *s)
{
    if (!s)
        return;
    for (size_t k = 0; k < s->n; k++)
        detect_addr_free(s->items[k]);
    mem_free(s->items);
    mem_free(s);
}

static struct detect_addr *addr_node_new(struct addr_parser *p, enum addr_kind kind)
{
    struct detect_addr *n = mem_calloc(1, sizeof(*n));
    if (!n)
        addr_fail(p, "out of memory");
    else
        n->kind = kind;
    return n;
}

/* ------------------------------------------------------------------------
 * Literals
 * ------------------------------------------------------------------------ */

static void addr_apply_mask(struct ip_addr *a, unsigned plen)
{
    for (unsigned b = 0; b < 16; b++) {
        unsigned keep = plen >= 8 * (b + 1) ? 8 : plen > 8 * b ? plen - 8 * b : 0;
        a->b[b] &= (uint8_t)(0xFF00u >> keep);
    }
}

/* A dotted IPv4 netmask ("255.255.0.0") as a prefix length, or -1 when it
 * is not one or not contiguous. */
static int addr_netmask_len(const char *text)
{
    uint8_t m[4];
    if (inet_pton(AF_INET, text, m) != 1)
        return -1;
    uint32_t v = (uint32_t)m[0] << 24 | (uint32_t)m[1] << 16 | (uint32_t)m[2] << 8 | m[3];
    int len = 0;
    while (len < 32 && (v & (0x80000000u >> len)))
        len++;
    if (len < 32 && (v << len) != 0)
        return -1;
    return len;
}

/* "10.0.0.0/8", "10.1.2.3", "10.0.0.0/255.0.0.0", "fe80::/10" */
static int addr_parse_net(struct addr_parser *p, const char *tok, struct detect_addr *n)
{
    char buf[INET6_ADDRSTRLEN + 8];
    if (strlen(tok) >= sizeof(buf)) {
        addr_fail(p, "bad address '%s'", tok);
        return -1;
    }
    strcpy(buf, tok);
    char *slash = strchr(buf, '/');
    if (slash)
        *slash++ = '\0';
    bool v6 = strchr(buf, ':') != NULL;
    memset(&n->net, 0, sizeof(n->net));
    if (inet_pton(v6 ? AF_INET6 : AF_INET, buf, n->net.b) != 1) {
        addr_fail(p, "bad address '%s'", tok);
        return -1;
    }
    unsigned max = v6 ? 128 : 32;
    int plen = (int)max;
    if (slash) {
        char *end = NULL;
        long v = -1;
        if (isdigit((unsigned char)slash[0]) && strlen(slash) <= 3)
            v = strtol(slash, &end, 10);
        if (end && *end == '\0' && v >= 0 && v <= (long)max)
            plen = (int)v;
        else if (!v6 && (plen = addr_netmask_len(slash)) >= 0)
            ;
        else {
            addr_fail(p, "bad prefix length in '%s'", tok);
            return -1;
        }
    }
    n->family = v6 ? 6 : 4;
    n->plen = (uint8_t)plen;
    addr_apply_mask(&n->net, (unsigned)plen);
    return 0;
}

/* ------------------------------------------------------------------------
 * Items, lists, variables
 * ------------------------------------------------------------------------ */

static const char *addr_var_value(const struct detect_cfg *cfg, const char *name)
{
    for (size_t k = 0; cfg && k < cfg->n_addr_vars; k++)
        if (strcmp(cfg->addr_vars[k].name, name) == 0)
            return cfg->addr_vars[k].value;
    return NULL;
}

/* $NAME at p->s[p->i] (after '$'): parse the variable's value as one item. */
static struct detect_addr *addr_parse_var(struct addr_parser *p)
{
    char name[128];
    size_t len = 0;
    while (isalnum((unsigned char)p->s[p->i]) || p->s[p->i] == '_') {
        if (len + 1 < sizeof(name))
            name[len++] = p->s[p->i];
        p->i++;
    }
    name[len] = '\0';
    if (len == 0) {
        addr_fail(p, "empty variable name");
        return NULL;
    }
    const char *value = addr_var_value(p->cfg, name);
    if (!value) {
        addr_fail(p, "unknown address variable '$%s'", name);
        return NULL;
    }
    for (size_t k = 0; k < p->depth; k++)
        if (strcmp(p->stack[k], name) == 0) {
            addr_fail(p, "address variable loop through '$%s'", name);
            return NULL;
        }
    if (p->nest >= ADDR_MAX_DEPTH) {
        addr_fail(p, "address variables nested too deep at '$%s'", name);
        return NULL;
    }
    p->stack[p->depth] = name;
    struct addr_parser sub = {.s = value, .cfg = p->cfg, .stack = p->stack, .depth = p->depth + 1,
                              .nest = p->nest + 1, .err = p->err, .errlen = p->errlen};
    struct detect_addr *n = addr_parse_item(&sub);
    addr_skip_ws(&sub);
    if (n && sub.s[sub.i] != '\0') {
        addr_fail(p, "unexpected '%s' in address variable '$%s'", sub.s + sub.i, name);
        detect_addr_free(n);
        n = NULL;
    }
    return n;
}

/* '[' item (',' item)* ']' with p->s[p->i] just after '['. */
static struct detect_addr *addr_parse_list(struct addr_parser *p)
{
    if (p->nest >= ADDR_MAX_DEPTH) {
        addr_fail(p, "address list nested too deep");
        return NULL;
    }
    struct detect_addr *list = addr_node_new(p, ADDR_LIST);
    if (!list)
        return NULL;
    p->nest++;
    for (;;) {
        struct detect_addr *it = addr_parse_item(p);
        if (!it)
            goto fail;
        struct detect_addr **v = mem_realloc(list->items, (list->n + 1) * sizeof(*v));
        if (!v) {
            detect_addr_free(it);
            addr_fail(p, "out of memory");
            goto fail;
        }
        list->items = v;
        list->items[list->n++] = it;
        addr_skip_ws(p);
        if (p->s[p->i] == ',') {
            p->i++;
            continue;
        }
        if (p->s[p->i] == ']') {
            p->i++;
            break;
        }
        if (p->s[p->i])
            addr_fail(p, "unexpected '%c' in address list", p->s[p->i]);
        else
            addr_fail(p, "unterminated address list");
        goto fail;
    }
    p->nest--;
    return list;
fail:
    p->nest--;
    detect_addr_free(list);
    return NULL;
}

static struct detect_addr *addr_parse_leaf(struct addr_parser *p)
{
    char tok[96];
    size_t len = 0;
    while (p->s[p->i] && !isspace((unsigned char)p->s[p->i]) && !strchr(",[]!$", p->s[p->i])) {
        if (len + 1 < sizeof(tok))
            tok[len++] = p->s[p->i];
        p->i++;
    }
    tok[len] = '\0';
    if (len == 0) {
        if (p->s[p->i])
            addr_fail(p, "unexpected '%c' in address", p->s[p->i]);
        else
            addr_fail(p, "missing address");
        return NULL;
    }
    if (strcasecmp(tok, "any") == 0)
        return addr_node_new(p, ADDR_ANY);
    struct detect_addr *n = addr_node_new(p, ADDR_NET);
    if (n && addr_parse_net(p, tok, n) < 0) {
        detect_addr_free(n);
        n = NULL;
    }
    return n;
}

/* ['!'] ( '[' list ']' | '$' NAME | any | address ) */
static struct detect_addr *addr_parse_item(struct addr_parser *p)
{
    bool neg = false;
    addr_skip_ws(p);
    while (p->s[p->i] == '!') {
        neg = !neg;
        p->i++;
        addr_skip_ws(p);
    }
    struct detect_addr *n;
    if (p->s[p->i] == '[') {
        p->i++;
        n = addr_parse_list(p);
    } else if (p->s[p->i] == '$') {
        p->i++;
        n = addr_parse_var(p);
    } else {
        n = addr_parse_leaf(p);
    }
    if (!n)
        return NULL;
    n->neg ^= neg; /* !!X is X, also through a variable */
    if (n->kind == ADDR_ANY && n->neg) {
        addr_fail(p, "'!any' matches no address");
        detect_addr_free(n);
        return NULL;
    }
    return n;
}

int detect_addr_parse(const char *text, const struct detect_cfg *cfg, struct detect_addr **out,
                      char *err, size_t errlen)
{
    const char *stack[ADDR_MAX_DEPTH];
    struct addr_parser p = {.s = text, .cfg = cfg, .stack = stack, .err = err, .errlen = errlen};
    *out = NULL;
    struct detect_addr *n = addr_parse_item(&p);
    if (!n)
        return -1;
    addr_skip_ws(&p);
    if (text[p.i] != '\0') {
        addr_fail(&p, "unexpected '%s' after address", text + p.i);
        detect_addr_free(n);
        return -1;
    }
    *out = n;
    return 0;
}

/* ------------------------------------------------------------------------
 * Matching
 * ------------------------------------------------------------------------ */

static bool addr_prefix_eq(const struct detect_addr *n, const struct ip_addr *a)
{
    unsigned full = n->plen / 8u, rest = n->plen % 8u;
    if (memcmp(n->net.b, a->b, full) != 0)
        return false;
    return rest == 0 || ((a->b[full] ^ n->net.b[full]) & (uint8_t)(0xFF00u >> rest)) == 0;
}

/* The node's set before its own negation. */
static bool addr_match_inner(const struct detect_addr *n, uint8_t ip_v, const struct ip_addr *a)
{
    switch (n->kind) {
    case ADDR_ANY:
        return true;
    case ADDR_NET:
        return n->family == ip_v && addr_prefix_eq(n, a);
    case ADDR_LIST:
        break;
    }
    bool has_pos = false, pos_hit = false;
    for (size_t k = 0; k < n->n; k++) {
        const struct detect_addr *it = n->items[k];
        bool m = addr_match_inner(it, ip_v, a);
        if (it->neg && m)
            return false;
        if (!it->neg) {
            has_pos = true;
            pos_hit = pos_hit || m;
        }
    }
    return !has_pos || pos_hit;
}

bool detect_addr_match(const struct detect_addr *s, uint8_t ip_v, const struct ip_addr *a)
{
    return addr_match_inner(s, ip_v, a) != s->neg;
}
