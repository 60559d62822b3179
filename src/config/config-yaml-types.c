/* config-yaml-types.c - the items of an eve-log's `types` list that carry
 * options (suricata.yaml's `- alert: {metadata: yes}`), read while the YAML
 * walk (config-yaml.c) is inside one. */
#include <stdio.h>
#include <string.h>

#define LOG_MODULE "config"
#include "config/config-int.h"
#include "config/config-yaml.h"
#include "util/log.h"

bool cfg_types_in_list(const struct cfg_walk *w)
{
    return w->seq_row && w->seq_row->eve && w->seq_row->type == CFG_LIST;
}

void cfg_types_item_start(struct cfg_walk *w)
{
    w->types_row = w->seq_row;
    w->seq_row = NULL;
    w->type_depth = w->depth + 1;
    w->type_name[0] = '\0';
    w->type_off = false;
}

/* Options of an event type in an eve-log's types (suricata.yaml's
 * `- alert: {metadata: yes, tagged-packets: yes}`): those smbneg applies
 * or already does, by "type.option". */
enum cfg_topt { TOPT_METADATA, TOPT_RULE, TOPT_ENABLED, TOPT_NOOP, TOPT_YES, TOPT_NO };
static const struct {
    const char *name;
    enum cfg_topt what;
} cfg_type_opts[] = {
    {"alert.metadata", TOPT_METADATA},  /* flow, smb object, rule metadata in alerts */
    {"alert.rule", TOPT_RULE},          /* alert.rule: the rule's text */
    {"alert.metadata.rule.raw", TOPT_RULE}, /* Suricata's spelling of the same */
    {"alert.tagged-packets", TOPT_NOOP}, /* no `tag` keyword: never a tagged packet */
    {"stats.totals", TOPT_YES},          /* smbneg's stats records are totals */
    {"stats.threads", TOPT_NO},
    {"stats.deltas", TOPT_NO},
};

#define N_TYPE_OPTS (sizeof(cfg_type_opts) / sizeof(cfg_type_opts[0]))

/* A scalar below a types item: "outputs.eve-log.types.TYPE[.OPTION...]". */
void cfg_types_option(struct cfg_walk *w, const char *v, const yaml_mark_t *m)
{
    const char *opt = w->path + strlen(w->types_row->name) + 1;
    enum cfg_topt t;
    size_t i;
    bool b;
    if (!*v)
        return; /* `- mqtt:`, or an option whose settings are all commented out */
    for (i = 0; i < N_TYPE_OPTS && strcmp(opt, cfg_type_opts[i].name) != 0; i++)
        ;
    if (i < N_TYPE_OPTS)
        t = cfg_type_opts[i].what;
    else if (strcmp(opt + strcspn(opt, "."), ".enabled") == 0) /* any type */
        t = TOPT_ENABLED;
    else {
        log_warn_at(w->name, m->line + 1, m->column + 1,
                    "'%s': not an option smbneg has for this event type (ignored)", w->path);
        return;
    }
    if (cfg_parse_bool(v, &b) != 0) {
        cfg_err(w, m, w->path, "expected a boolean (yes/no)");
        return;
    }
    if (t == TOPT_METADATA)
        w->c->eve[w->eve_idx].alert_metadata = b;
    else if (t == TOPT_RULE)
        w->c->eve[w->eve_idx].alert_rule = b;
    else if (t == TOPT_ENABLED)
        w->type_off = !b;
    else if ((t == TOPT_YES && !b) || (t == TOPT_NO && b))
        log_warn_at(w->name, m->line + 1, m->column + 1,
                    "'%s: %s' is not supported: smbneg's stats records are totals (ignored)",
                    w->path, v);
}

/* The key of a types item with options: the event type, added to the
 * list (only the first key of the item names it). */
void cfg_types_item_key(struct cfg_walk *w, const char *v, const yaml_mark_t *m)
{
    if (w->type_name[0]) {
        cfg_err(w, m, w->path, "a types item names one event type");
        return;
    }
    snprintf(w->type_name, sizeof(w->type_name), "%s", v);
    const char *why =
        cfg_list_add(cfg_list(cfg_base(w->c, w->types_row, w->eve_idx), w->types_row), v);
    if (why)
        cfg_err(w, m, w->path, why);
}

/* A types item with options ended: `enabled: no` takes its type out
 * again; the list goes on. */
void cfg_types_item_end(struct cfg_walk *w)
{
    struct config_list *l = cfg_list(cfg_base(w->c, w->types_row, w->eve_idx), w->types_row);
    if (w->type_off && l->n > 0 && strcmp(l->item[l->n - 1], w->type_name) == 0)
        l->n--;
    w->seq_row = w->types_row;
    w->types_row = NULL;
}
