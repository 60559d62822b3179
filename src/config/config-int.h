/* config-int.h - what config.c, config-yaml.c and config-dump.c share: the
 * table of settings and the helpers that set one from text.  Not for use
 * outside src/config/. */
#ifndef SMBNEG_CONFIG_INT_H
#define SMBNEG_CONFIG_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"

enum cfg_type { CFG_BOOL, CFG_U32, CFG_SIZE, CFG_STR, CFG_PORTS, CFG_LIST, CFG_VARS };

struct cfg_row {
    const char *name;  /* dotted key path */
    enum cfg_type type;
    const char *def;   /* default, as YAML text */
    uint64_t min, max; /* for numbers */
    size_t off;        /* offsetof(struct config, field) */
    size_t width;      /* sizeof the field (numbers, strings) */
    const char *desc;
    bool eve;          /* a field of struct config_eve (one per eve-log item) */
    const char *choices; /* CFG_STR: the allowed words, space-separated */
    bool reload;       /* SIGUSR2 applies it (the rule set); others need a restart */
};

extern const struct cfg_row cfg_rows[];
extern const size_t cfg_n_rows;
#define N_ROWS cfg_n_rows

/* The row named `name` (dotted), or NULL. */
const struct cfg_row *cfg_row_find(const char *name);
/* The CFG_VARS row whose name is a prefix of "name." and the var name. */
const struct cfg_row *cfg_var_row(const char *name, const char **var);
/* Where row r's field lives: struct config, or eve-log item `idx`. */
void *cfg_base(struct config *c, const struct cfg_row *r, uint32_t idx);
struct config_list *cfg_list(void *base, const struct cfg_row *r);
struct config_vars *cfg_vars(struct config *c, const struct cfg_row *r);
/* Setters (config-value.c): NULL, or the reason the value was refused. */
const char *cfg_list_add(struct config_list *l, const char *v);
const char *cfg_var_set(struct config_vars *vs, const char *name, const char *v, bool append);
const char *cfg_set_scalar(void *base, const struct cfg_row *r, const char *v);
const char *cfg_add_port(struct config *c, const char *v);
/* "a, b, [c]" -> the items of l (brackets and spaces around items
 * dropped; l emptied first). */
const char *cfg_list_parse(struct config_list *l, const char *text);
/* "yes"/"no" and the other YAML 1.1 booleans; 0 or -1. */
int cfg_parse_bool(const char *v, bool *out);
/* Keys of a suricata.yaml accepted silently for compatibility. */
bool cfg_known_prefix(const char *name);
/* Every eve-log row of one item to its default. */
void cfg_eve_defaults(struct config_eve *ev);

#endif
