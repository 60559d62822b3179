/* detect-port.c - rule port sets: the leaves (any, ports, ranges) of the set
 * grammar in detect-set.c (lists, negation, variables; Suricata rule header
 * semantics). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "detect/detect-port.h"
#include "detect/detect-set.h"

/* struct detect_port is never defined: a detect_port pointer is a
 * detect_set parsed with port_kind, given its own type so that callers
 * cannot mix up address and port sets. */

/* A leaf: the range [lo, hi] (`any` is 0:65535). */
struct port_leaf {
    uint16_t lo, hi;
};

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

/* "any", "445", "1024:65535", "1024:", ":1023" (detect_set_kind.parse). */
static int port_leaf_parse(const char *tok, size_t len, void *leaf, char *err, size_t errlen)
{
    struct port_leaf *n = leaf;
    n->lo = 0;
    n->hi = 65535;
    if (len == 3 && strncasecmp(tok, "any", 3) == 0)
        return 0;
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
        snprintf(err, errlen, "bad port '%.*s'", (int)len, tok);
        return -1;
    }
    return 0;
}

static bool port_leaf_match(const void *leaf, const void *value)
{
    const struct port_leaf *n = leaf;
    uint16_t port = *(const uint16_t *)value;
    return port >= n->lo && port <= n->hi;
}

static bool port_leaf_is_all(const void *leaf)
{
    const struct port_leaf *n = leaf;
    return n->lo == 0 && n->hi == 65535;
}

static const struct detect_set_kind port_kind = {
    .word = "port",
    .neg_all_err = "negated port set matches no port",
    .leaf_size = sizeof(struct port_leaf),
    .parse = port_leaf_parse,
    .match = port_leaf_match,
    .is_all = port_leaf_is_all,
};

/* struct detect_port is never defined: it is the opaque public name of a
 * detect_set of this kind, so the wrappers only convert the pointer and
 * callers cannot mix address and port sets. */
int detect_port_parse(const char *text, const struct detect_cfg *cfg, struct detect_port **out,
                      char *err, size_t errlen)
{
    struct detect_set *set;
    int rc = detect_set_parse(&port_kind, text, cfg ? cfg->port_vars : NULL,
                              cfg ? cfg->n_port_vars : 0, &set, err, errlen);
    *out = (struct detect_port *)set;
    return rc;
}

bool detect_port_match(const struct detect_port *s, uint16_t port)
{
    return detect_set_match(&port_kind, (const struct detect_set *)s, &port);
}

void detect_port_free(struct detect_port *s)
{
    detect_set_free((struct detect_set *)s);
}
