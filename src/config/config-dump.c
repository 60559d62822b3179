/* config-dump.c - --dump-config: the effective policy as Suricata's
 * "key = value" lines, or (--dump-config=yaml) as YAML that loads back to
 * the same values, every setting with its description. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/config-int.h"

/* A YAML double-quoted scalar that loads back as exactly s: quote,
 * backslash, control characters and YAML's other line breaks escaped (a
 * raw line break inside quotes would fold to a space; found by
 * fuzz/fuzz_policy.c). */
static void cfg_dump_str(const char *s, FILE *out)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", out);
        else if (*p == '\t')
            fputs("\\t", out);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(out, "\\x%02x", *p);
        else if (p[0] == 0xc2 && p[1] == 0x85) { /* U+0085: a YAML line break */
            fputs("\\N", out);
            p++;
        } else if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
            fputs(p[2] == 0xa8 ? "\\L" : "\\P", out); /* U+2028, U+2029 */
            p += 2;
        } else
            fputc(*p, out);
    }
    fputc('"', out);
}

/* A mapping key: plain when it is a simple name (HOME_NET), else quoted. */
static void cfg_dump_key(const char *s, FILE *out)
{
    size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
    if (n > 0 && s[n] == '\0')
        fputs(s, out);
    else
        cfg_dump_str(s, out);
}

/* Is `item` of list row r the alert type of an eve-log item with options:
 * alerts without the metadata (types: - alert: {metadata: no}) or with the
 * rule's text ({rule: yes})?  *lean and *rule say which. */
static bool cfg_alert_opts(const void *base, const struct cfg_row *r, const char *item, bool *lean,
                           bool *rule)
{
    if (!r->eve || r->off != offsetof(struct config_eve, types) || strcmp(item, "alert") != 0)
        return false;
    *lean = !((const struct config_eve *)base)->alert_metadata;
    *rule = ((const struct config_eve *)base)->alert_rule;
    return *lean || *rule;
}

static void cfg_dump_value(const struct config *c, const void *base, const struct cfg_row *r,
                           int indent, FILE *out)
{
    const char *src = (const char *)base + r->off;
    switch (r->type) {
    case CFG_BOOL: {
        bool b;
        memcpy(&b, src, sizeof(b));
        fputs(b ? "yes" : "no", out);
        break;
    }
    case CFG_U32:
    case CFG_SIZE:
        if (r->width == sizeof(uint64_t)) {
            uint64_t v;
            memcpy(&v, src, sizeof(v));
            fprintf(out, "%" PRIu64, v);
        } else {
            uint32_t v;
            memcpy(&v, src, sizeof(v));
            fprintf(out, "%" PRIu32, v);
        }
        break;
    case CFG_STR:
        cfg_dump_str(src, out);
        break;
    case CFG_PORTS:
        fputc('[', out);
        for (uint32_t i = 0; i < c->n_smb_ports; i++)
            fprintf(out, "%s%u", i ? ", " : "", c->smb_ports[i]);
        fputc(']', out);
        break;
    case CFG_LIST: {
        const struct config_list *l = (const void *)src;
        fputc('[', out);
        for (uint32_t i = 0; i < l->n; i++) {
            fputs(i ? ", " : "", out);
            bool lean, rule;
            if (cfg_alert_opts(base, r, l->item[i], &lean, &rule))
                fprintf(out, "{\"alert\": {%s%s%s}}", lean ? "\"metadata\": no" : "",
                        lean && rule ? ", " : "", rule ? "\"rule\": yes" : "");
            else
                cfg_dump_str(l->item[i], out);
        }
        fputc(']', out);
        break;
    }
    case CFG_VARS: {
        const struct config_vars *vs = (const void *)src;
        for (uint32_t i = 0; i < vs->n; i++) {
            fprintf(out, "\n%*s", indent + 2, "");
            cfg_dump_key(vs->var[i].name, out);
            fputs(": ", out);
            cfg_dump_str(vs->var[i].value, out);
        }
        break;
    }
    }
}

/* Print one row as nested YAML at `indent`: its dotted name shares leading
 * segments with the previous row's (`prev`), so only the new segments open
 * new levels. */
static void cfg_dump_row(const struct config *c, const void *base, const struct cfg_row *r,
                         const char *name, const char *prev, int indent, FILE *out)
{
    size_t common = 0, depth = 0;
    for (size_t k = 0; name[k] && name[k] == prev[k]; k++)
        if (name[k] == '.') {
            common = k + 1;
            depth++;
        }
    const char *seg = name + common;
    for (const char *dot; (dot = strchr(seg, '.')); seg = dot + 1, depth++)
        fprintf(out, "%*s%.*s:\n", indent + (int)(2 * depth), "", (int)(dot - seg), seg);
    int at = indent + (int)(2 * depth);
    fprintf(out, "%*s%s:%s", at, "", seg, r->type == CFG_VARS ? "" : " ");
    if (r->type == CFG_VARS) {
        fprintf(out, "   # %s", r->desc);
        cfg_dump_value(c, base, r, at, out);
        fputc('\n', out);
    } else {
        cfg_dump_value(c, base, r, at, out);
        fprintf(out, "   # %s\n", r->desc);
    }
}

/* The rows of one outputs item ("eve-log", "fast") among the outputs rows
 * that start at cfg_rows[i]: [*from, *to). */
static void cfg_output_rows(size_t i, const char *item, size_t *from, size_t *to)
{
    size_t il = strlen(item);
    for (*from = i; *from < N_ROWS; (*from)++)
        if (strncmp(cfg_rows[*from].name + 8, item, il) == 0 &&
            cfg_rows[*from].name[8 + il] == '.')
            break;
    for (*to = *from; *to < N_ROWS; (*to)++)
        if (strncmp(cfg_rows[*to].name, "outputs.", 8) != 0 ||
            strncmp(cfg_rows[*to].name + 8, item, il) != 0 || cfg_rows[*to].name[8 + il] != '.')
            break;
}

/* What is at place `pos` of `outputs`: eve-log item *k ("eve-log"),
 * "fast", or an item smbneg ignores (NULL). */
static const char *cfg_output_at(const struct config *c, uint32_t pos, uint32_t *k)
{
    if (pos == c->fast_pos)
        return "fast";
    for (*k = 0; *k < c->n_eve; (*k)++)
        if (c->eve_pos[*k] == pos)
            return "eve-log";
    return NULL;
}

/* ------------------------------------------------------------------------
 * Suricata's `--dump-config`: one "dotted.key = value" line per node, as
 * suricata-update and other tools parse it (engine.py splits each line on
 * " = ").  A node with children prints "(null)" as its value, list items
 * are numbered keys, and `outputs` items are "outputs.N = eve-log" with
 * their settings under "outputs.N.eve-log.KEY".
 * ------------------------------------------------------------------------ */

/* Print "prefix.seg = (null)" for every level of `name` (relative to
 * `prefix`) not shared with `prev`, the previous row's name. */
static void cfg_kv_parents(const char *prefix, const char *name, const char *prev, FILE *out)
{
    size_t common = 0;
    for (size_t k = 0; name[k] && name[k] == prev[k]; k++)
        if (name[k] == '.')
            common = k + 1;
    for (const char *dot = strchr(name + common, '.'); dot; dot = strchr(dot + 1, '.'))
        fprintf(out, "%s%.*s = (null)\n", prefix, (int)(dot - name), name);
}

static void cfg_kv_row(const struct config *c, const void *base, const struct cfg_row *r,
                       const char *prefix, const char *name, FILE *out)
{
    const char *src = (const char *)base + r->off;
    switch (r->type) {
    case CFG_PORTS:
        fprintf(out, "%s%s = (null)\n", prefix, name);
        for (uint32_t i = 0; i < c->n_smb_ports; i++)
            fprintf(out, "%s%s.%" PRIu32 " = %u\n", prefix, name, i, c->smb_ports[i]);
        break;
    case CFG_LIST: {
        const struct config_list *l = (const void *)src;
        fprintf(out, "%s%s = (null)\n", prefix, name);
        for (uint32_t i = 0; i < l->n; i++) {
            fprintf(out, "%s%s.%" PRIu32 " = %s\n", prefix, name, i, l->item[i]);
            bool lean, rule;
            if (!cfg_alert_opts(base, r, l->item[i], &lean, &rule))
                continue;
            fprintf(out, "%s%s.%" PRIu32 ".alert = (null)\n", prefix, name, i);
            if (lean)
                fprintf(out, "%s%s.%" PRIu32 ".alert.metadata = no\n", prefix, name, i);
            if (rule)
                fprintf(out, "%s%s.%" PRIu32 ".alert.rule = yes\n", prefix, name, i);
        }
        break;
    }
    case CFG_VARS: {
        const struct config_vars *vs = (const void *)src;
        fprintf(out, "%s%s = (null)\n", prefix, name);
        for (uint32_t i = 0; i < vs->n; i++)
            fprintf(out, "%s%s.%s = %s\n", prefix, name, vs->var[i].name, vs->var[i].value);
        break;
    }
    case CFG_STR:
        fprintf(out, "%s%s = %s\n", prefix, name, src);
        break;
    default:
        fprintf(out, "%s%s = ", prefix, name);
        cfg_dump_value(c, base, r, 0, out);
        fputc('\n', out);
    }
}

/* ------------------------------------------------------------------------
 * One walk for both dumps (kv: Suricata's lines; else nested YAML).
 * ------------------------------------------------------------------------ */

/* Where a row is printed: at the top level (NULL), or in the `outputs`
 * item at place pos ("eve-log", "fast"). */
struct cfg_dump_at {
    uint32_t pos;
    const char *item;
};

/* One row; name: relative to its item; prev: the previous row's name
 * there ("" at the start of a level). */
static void cfg_dump_visit(const struct config *c, const void *base, const struct cfg_row *r,
                           const char *name, const char *prev, const struct cfg_dump_at *at,
                           bool kv, FILE *out)
{
    char prefix[64] = ""; /* kv: "outputs.N.eve-log.", Suricata's numbering (--set takes it) */
    if (!kv) {
        cfg_dump_row(c, base, r, name, prev, at ? 6 : 0, out);
        return;
    }
    if (at)
        snprintf(prefix, sizeof(prefix), "outputs.%" PRIu32 ".%s.", at->pos, at->item);
    cfg_kv_parents(prefix, name, prev, out);
    cfg_kv_row(c, base, r, prefix, name, out);
}

/* `outputs` opens (at NULL), or one of its items: YAML writes a list of
 * one-key mappings as suricata.yaml does, kv "outputs.N = eve-log". */
static void cfg_dump_open(const struct cfg_dump_at *at, bool kv, FILE *out)
{
    if (!at)
        fputs(kv ? "outputs = (null)\n" : "outputs:\n", out);
    else if (!kv)
        fprintf(out, "  - %s:\n", at->item);
    else
        fprintf(out, "outputs.%" PRIu32 " = %s\noutputs.%" PRIu32 ".%s = (null)\n", at->pos,
                at->item, at->pos, at->item);
}

/* The `outputs` rows (contiguous in cfg_rows from `i`) item by item at
 * their places in the policy's list, the eve-log rows once per item.
 * Returns the index after the last outputs row. */
static size_t cfg_dump_outputs(const struct config *c, size_t i, bool kv, FILE *out)
{
    size_t end = i;
    while (end < N_ROWS && strncmp(cfg_rows[end].name, "outputs.", 8) == 0)
        end++;
    cfg_dump_open(NULL, kv, out);
    for (uint32_t pos = 0; pos < c->n_outputs; pos++) {
        uint32_t k = 0;
        size_t j, jend;
        struct cfg_dump_at at = {pos, cfg_output_at(c, pos, &k)};
        if (!at.item)
            continue;
        cfg_output_rows(i, at.item, &j, &jend);
        cfg_dump_open(&at, kv, out);
        const char *prev = "";
        for (size_t r = j; r < jend; r++) {
            const char *rest = cfg_rows[r].name + 8 + strlen(at.item) + 1;
            cfg_dump_visit(c, cfg_rows[r].eve ? (const void *)&c->eve[k] : (const void *)c,
                           &cfg_rows[r], rest, prev, &at, kv, out);
            prev = rest;
        }
    }
    return end;
}

/* Every row, in table order. */
static void cfg_dump_walk(const struct config *c, bool kv, FILE *out)
{
    const char *prev = "";
    for (size_t i = 0; i < N_ROWS;) {
        if (strncmp(cfg_rows[i].name, "outputs.", 8) == 0) {
            i = cfg_dump_outputs(c, i, kv, out);
            prev = "";
            continue;
        }
        cfg_dump_visit(c, c, &cfg_rows[i], cfg_rows[i].name, prev, NULL, kv, out);
        prev = cfg_rows[i].name;
        i++;
    }
}

void config_dump(const struct config *c, FILE *out)
{
    cfg_dump_walk(c, false, out);
}

void config_dump_kv(const struct config *c, FILE *out)
{
    cfg_dump_walk(c, true, out);
}
