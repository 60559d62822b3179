/* detect-addr.c - rule address sets: the leaves (any, IPv4/IPv6 addresses
 * and CIDRs) of the set grammar in detect-set.c (lists, negation, variables;
 * Suricata rule header semantics). */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "detect/detect-addr.h"
#include "detect/detect-set.h"

/* struct detect_addr is never defined: a detect_addr pointer is a
 * detect_set parsed with addr_kind, given its own type so that callers
 * cannot mix up address and port sets. */

/* A leaf: `any`, or the network net/plen of one family. */
struct addr_leaf {
    bool any;
    uint8_t family;     /* 4 or 6 */
    uint8_t plen;       /* prefix length */
    struct ip_addr net; /* masked to plen */
};

/* The value matched against leaves. */
struct addr_value {
    uint8_t ip_v;
    const struct ip_addr *a;
};

/* ------------------------------------------------------------------------
 * Leaves
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

/* "any", "10.0.0.0/8", "10.1.2.3", "10.0.0.0/255.0.0.0", "fe80::/10"
 * (detect_set_kind.parse). */
static int addr_leaf_parse(const char *text, size_t len, void *leaf, char *err, size_t errlen)
{
    struct addr_leaf *n = leaf;
    char tok[96]; /* longer tokens are bad, and quoted cut short */
    if (len >= sizeof(tok))
        len = sizeof(tok) - 1;
    memcpy(tok, text, len);
    tok[len] = '\0';
    if (strcasecmp(tok, "any") == 0) {
        n->any = true;
        return 0;
    }
    char buf[INET6_ADDRSTRLEN + 8];
    if (len >= sizeof(buf)) {
        snprintf(err, errlen, "bad address '%s'", tok);
        return -1;
    }
    strcpy(buf, tok);
    char *slash = strchr(buf, '/');
    if (slash)
        *slash++ = '\0';
    bool v6 = strchr(buf, ':') != NULL;
    if (inet_pton(v6 ? AF_INET6 : AF_INET, buf, n->net.b) != 1) {
        snprintf(err, errlen, "bad address '%s'", tok);
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
            snprintf(err, errlen, "bad prefix length in '%s'", tok);
            return -1;
        }
    }
    n->family = v6 ? 6 : 4;
    n->plen = (uint8_t)plen;
    addr_apply_mask(&n->net, (unsigned)plen);
    return 0;
}

static bool addr_leaf_match(const void *leaf, const void *value)
{
    const struct addr_leaf *n = leaf;
    const struct addr_value *v = value;
    if (n->any)
        return true;
    if (n->family != v->ip_v)
        return false;
    unsigned full = n->plen / 8u, rest = n->plen % 8u;
    if (memcmp(n->net.b, v->a->b, full) != 0)
        return false;
    return rest == 0 || ((v->a->b[full] ^ n->net.b[full]) & (uint8_t)(0xFF00u >> rest)) == 0;
}

static bool addr_leaf_is_all(const void *leaf)
{
    return ((const struct addr_leaf *)leaf)->any;
}

static const struct detect_set_kind addr_kind = {
    .word = "address",
    .neg_all_err = "'!any' matches no address",
    .leaf_size = sizeof(struct addr_leaf),
    .parse = addr_leaf_parse,
    .match = addr_leaf_match,
    .is_all = addr_leaf_is_all,
};

/* ------------------------------------------------------------------------
 * The public wrappers
 * ------------------------------------------------------------------------ */

/* struct detect_addr is never defined: it is the opaque public name of a
 * detect_set of this kind, so the wrappers only convert the pointer and
 * callers cannot mix address and port sets. */

int detect_addr_parse(const char *text, const struct detect_cfg *cfg, struct detect_addr **out,
                      char *err, size_t errlen)
{
    struct detect_set *set;
    int rc = detect_set_parse(&addr_kind, text, cfg ? cfg->addr_vars : NULL,
                              cfg ? cfg->n_addr_vars : 0, &set, err, errlen);
    *out = (struct detect_addr *)set;
    return rc;
}

bool detect_addr_match(const struct detect_addr *s, uint8_t ip_v, const struct ip_addr *a)
{
    const struct addr_value v = {ip_v, a};
    return detect_set_match(&addr_kind, (const struct detect_set *)s, &v);
}

void detect_addr_free(struct detect_addr *s)
{
    detect_set_free((struct detect_set *)s);
}
