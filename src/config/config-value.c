/* config-value.c - one setting from text: booleans, numbers with size
 * suffixes, strings from a set of choices, ports, list items and
 * variables, checked against their row of the table (config.c). */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/config-int.h"

/* ------------------------------------------------------------ values */

int cfg_parse_bool(const char *v, bool *out)
{
    static const char *const yes[] = {"yes", "true", "on", "1"};
    static const char *const no[] = {"no", "false", "off", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(v, yes[i]) == 0) {
            *out = true;
            return 0;
        }
        if (strcasecmp(v, no[i]) == 0) {
            *out = false;
            return 0;
        }
    }
    return -1;
}

/* "123", "64kb", "1mb", "2gb" (1024-based, case-insensitive). */
static int cfg_parse_size(const char *v, bool allow_suffix, uint64_t *out)
{
    if (!isdigit((unsigned char)v[0]))
        return -1;
    errno = 0;
    char *end;
    unsigned long long n = strtoull(v, &end, 10);
    if (errno)
        return -1;
    uint64_t mul = 1;
    if (*end && allow_suffix) {
        if (strcasecmp(end, "kb") == 0 || strcasecmp(end, "k") == 0)
            mul = 1024;
        else if (strcasecmp(end, "mb") == 0 || strcasecmp(end, "m") == 0)
            mul = 1024 * 1024;
        else if (strcasecmp(end, "gb") == 0 || strcasecmp(end, "g") == 0)
            mul = 1024ull * 1024 * 1024;
        else
            return -1;
    } else if (*end) {
        return -1;
    }
    if (n > UINT64_MAX / mul)
        return -1;
    *out = n * mul;
    return 0;
}

static void cfg_store_uint(void *base, const struct cfg_row *r, uint64_t n)
{
    char *dst = (char *)base + r->off;
    if (r->width == sizeof(uint64_t)) {
        uint64_t v = n;
        memcpy(dst, &v, sizeof(v));
    } else {
        uint32_t v = (uint32_t)n;
        memcpy(dst, &v, sizeof(v));
    }
}

/* Is v one of the space-separated words (case-insensitive)? */
static bool cfg_is_choice(const char *choices, const char *v)
{
    size_t n = strlen(v);
    for (const char *p = choices; *p; p += strcspn(p, " "), p += *p == ' ') {
        if (strcspn(p, " ") == n && strncasecmp(p, v, n) == 0)
            return true;
    }
    return false;
}

/* Set one scalar row from text (into base: the config or an eve-log
 * item).  Returns NULL or a reason. */
const char *cfg_set_scalar(void *base, const struct cfg_row *r, const char *v)
{
    char *dst = (char *)base + r->off;
    uint64_t n;
    bool b;
    switch (r->type) {
    case CFG_BOOL:
        if (cfg_parse_bool(v, &b))
            return "expected a boolean (yes/no)";
        memcpy(dst, &b, sizeof(b));
        return NULL;
    case CFG_U32:
    case CFG_SIZE:
        if (cfg_parse_size(v, r->type == CFG_SIZE, &n))
            return r->type == CFG_SIZE ? "expected a size (e.g. 65536, 64kb, 1mb)"
                                       : "expected a non-negative integer";
        if (n < r->min || n > r->max)
            return "value out of range";
        cfg_store_uint(base, r, n);
        return NULL;
    case CFG_STR:
        if (strlen(v) >= r->width)
            return "string too long";
        if (r->choices && !cfg_is_choice(r->choices, v))
            return "not one of the allowed values (see --dump-config)";
#ifndef SMBNEG_HIREDIS
        if (r->choices && strcmp(v, "redis") == 0)
            return "redis: smbneg was built without hiredis (libhiredis-dev)";
#endif
        memcpy(dst, v, strlen(v) + 1);
        return NULL;
    case CFG_PORTS:
        return "expected a list of ports";
    case CFG_LIST:
    case CFG_VARS:
        return "expected a list";
    }
    return "bad type";
}

const char *cfg_add_port(struct config *c, const char *v)
{
    uint64_t n;
    if (cfg_parse_size(v, false, &n) || n < 1 || n > 65535)
        return "expected a port number 1-65535";
    if (c->n_smb_ports >= CONFIG_MAX_PORTS)
        return "too many ports";
    c->smb_ports[c->n_smb_ports++] = (uint16_t)n;
    return NULL;
}

const char *cfg_list_add(struct config_list *l, const char *v)
{
    if (l->n >= CONFIG_MAX_LIST)
        return "too many list items";
    if (strlen(v) >= CONFIG_ITEM_MAX)
        return "list item too long";
    snprintf(l->item[l->n++], CONFIG_ITEM_MAX, "%s", v);
    return NULL;
}

/* Set (or append to, when `append`) variable `name`. */
const char *cfg_var_set(struct config_vars *vs, const char *name, const char *v,
                               bool append)
{
    uint32_t i;
    if (strlen(name) >= sizeof(vs->var[0].name))
        return "variable name too long";
    for (i = 0; i < vs->n && strcmp(vs->var[i].name, name) != 0; i++)
        ;
    if (i == vs->n) {
        if (vs->n >= CONFIG_MAX_VARS)
            return "too many variables";
        vs->n++;
        snprintf(vs->var[i].name, sizeof(vs->var[i].name), "%s", name);
        vs->var[i].value[0] = '\0';
    }
    char *dst = vs->var[i].value;
    size_t l = strlen(dst);
    if (!append) {
        if (strlen(v) >= CONFIG_ITEM_MAX)
            return "value too long";
        snprintf(dst, CONFIG_ITEM_MAX, "%s", v);
        return NULL;
    }
    /* a YAML sequence: build "[a,b,...]" item by item */
    if (l + strlen(v) + 3 >= CONFIG_ITEM_MAX)
        return "value too long";
    if (l == 0)
        snprintf(dst, CONFIG_ITEM_MAX, "[%s]", v);
    else
        snprintf(dst + l - 1, CONFIG_ITEM_MAX - (l - 1), ",%s]", v);
    return NULL;
}

/* "a, b, [c]" -> list items (brackets and spaces around items dropped). */
const char *cfg_list_parse(struct config_list *l, const char *text)
{
    char tmp[CONFIG_ITEM_MAX * 4];
    const char *why = NULL;
    l->n = 0;
    snprintf(tmp, sizeof(tmp), "%s", text);
    char *save = NULL;
    for (char *it = strtok_r(tmp, "[],", &save); it && !why; it = strtok_r(NULL, "[],", &save)) {
        while (*it == ' ')
            it++;
        size_t n = strlen(it);
        while (n && it[n - 1] == ' ')
            it[--n] = '\0';
        if (n)
            why = cfg_list_add(l, it);
    }
    return why;
}
