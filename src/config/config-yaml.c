/* config-yaml.c - a YAML policy (libyaml event API) -> struct config: the
 * walker keeps the dotted path of the current key and sets the row of that
 * name (config.c); errors are "file:line:col: key: reason". */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#define LOG_MODULE "config"
#include "config/config-int.h"
#include "util/file.h"
#include "util/log.h"
#include "util/mem.h"

#define WALK_MAX_DEPTH 32

struct cfg_walk {
    struct config *c;
    const char *name;
    char path[512];
    size_t keylen[WALK_MAX_DEPTH]; /* path length before this level's key */
    bool is_seq[WALK_MAX_DEPTH];
    bool want_key[WALK_MAX_DEPTH];
    int depth;
    const struct cfg_row *seq_row; /* a list setting being read */
    char seq_var[64];              /* the variable a sequence builds */
    uint32_t eve_idx;              /* the eve-log item being read */
    uint32_t eve_seen;             /* eve-log items read so far */
    uint32_t item_pos;             /* place of the outputs item being read */
    bool outputs_seen;             /* the policy has an `outputs` list */
    /* A `- alert: {metadata: no}` item of an eve-log's types: the types
     * row (reading pauses while the item's options are read), the depth
     * of the item's mapping, its type name, whether `enabled: no` */
    const struct cfg_row *types_row;
    int type_depth;
    char type_name[32];
    bool type_off;
    bool bad_section;              /* under an unknown top-level key (reported once) */
    int errors;
};

static void cfg_err(struct cfg_walk *w, const yaml_mark_t *m, const char *key, const char *why)
{
    log_error_at(w->name, m->line + 1, m->column + 1, "%s: %s", key, why);
    w->errors++;
}

/* A mapping value or sequence item finished: drop the level's key. */
static void walk_value_done(struct cfg_walk *w)
{
    if (w->depth > 0 && !w->is_seq[w->depth - 1]) {
        w->path[w->keylen[w->depth - 1]] = '\0';
        w->want_key[w->depth - 1] = true;
    }
}

static void walk_push(struct cfg_walk *w, bool seq, const yaml_mark_t *m)
{
    if (w->depth >= WALK_MAX_DEPTH) {
        cfg_err(w, m, w->path, "nesting too deep");
        return;
    }
    w->is_seq[w->depth] = seq;
    w->want_key[w->depth] = !seq;
    w->keylen[w->depth] = strlen(w->path);
    w->depth++;
}

/* A scalar where a list is expected: one item ("" or "[]": none). */
static const char *cfg_list_scalar(struct config_list *l, const char *v)
{
    l->n = 0;
    if (!*v || strcmp(v, "[]") == 0)
        return NULL;
    return cfg_list_add(l, v);
}

/* An item of the sequence being read. */
static const char *walk_seq_item(struct cfg_walk *w, const char *v)
{
    switch (w->seq_row->type) {
    case CFG_PORTS:
        return cfg_add_port(w->c, v);
    case CFG_LIST:
        return cfg_list_add(cfg_list(cfg_base(w->c, w->seq_row, w->eve_idx), w->seq_row), v);
    case CFG_VARS:
        return cfg_var_set(cfg_vars(w->c, w->seq_row), w->seq_var, v, true);
    default:
        return "unexpected list";
    }
}

/* Options of an event type in an eve-log's types (suricata.yaml's
 * `- alert: {metadata: yes, tagged-packets: yes}`): those smbneg applies
 * or already does, by "type.option". */
enum cfg_topt { TOPT_METADATA, TOPT_ENABLED, TOPT_NOOP, TOPT_YES, TOPT_NO };
static const struct {
    const char *name;
    enum cfg_topt what;
} cfg_type_opts[] = {
    {"alert.metadata", TOPT_METADATA},  /* flow, smb object, rule metadata in alerts */
    {"alert.tagged-packets", TOPT_NOOP}, /* no `tag` keyword: never a tagged packet */
    {"stats.totals", TOPT_YES},          /* smbneg's stats records are totals */
    {"stats.threads", TOPT_NO},
    {"stats.deltas", TOPT_NO},
};

#define N_TYPE_OPTS (sizeof(cfg_type_opts) / sizeof(cfg_type_opts[0]))

/* A scalar below a types item: "outputs.eve-log.types.TYPE[.OPTION...]". */
static void walk_type_option(struct cfg_walk *w, const char *v, const yaml_mark_t *m)
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
    else if (t == TOPT_ENABLED)
        w->type_off = !b;
    else if ((t == TOPT_YES && !b) || (t == TOPT_NO && b))
        log_warn_at(w->name, m->line + 1, m->column + 1,
                    "'%s: %s' is not supported: smbneg's stats records are totals (ignored)",
                    w->path, v);
}

static void walk_scalar_value(struct cfg_walk *w, const char *v, const yaml_mark_t *m)
{
    const char *why = NULL, *var;
    const struct cfg_row *r;
    if (w->types_row) {
        walk_type_option(w, v, m);
        return;
    }
    if (w->seq_row) {
        why = walk_seq_item(w, v);
    } else if ((r = cfg_row_find(w->path))) {
        if (r->type == CFG_LIST)
            why = cfg_list_scalar(cfg_list(cfg_base(w->c, r, w->eve_idx), r), v);
        else if (r->type == CFG_VARS)
            why = "expected a mapping of variable names to values";
        else
            why = cfg_set_scalar(cfg_base(w->c, r, w->eve_idx), r, v);
    } else if ((r = cfg_var_row(w->path, &var))) {
        why = cfg_var_set(cfg_vars(w->c, r), var, v, false);
    } else if (!cfg_known_prefix(w->path) && !w->bad_section) {
        log_warn_at(w->name, m->line + 1, m->column + 1, "unknown key '%s' (ignored)", w->path);
    }
    if (why)
        cfg_err(w, m, w->path, why);
}


/* The key of a types item with options: the event type, added to the
 * list (only the first key of the item names it). */
static void walk_type_item_key(struct cfg_walk *w, const char *v, const yaml_mark_t *m)
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
static void walk_type_item_end(struct cfg_walk *w)
{
    struct config_list *l = cfg_list(cfg_base(w->c, w->types_row, w->eve_idx), w->types_row);
    if (w->type_off && l->n > 0 && strcmp(l->item[l->n - 1], w->type_name) == 0)
        l->n--;
    w->seq_row = w->types_row;
    w->types_row = NULL;
}

/* Each `eve-log:` mapping under outputs is the next item: the first one
 * overlays item 0 (as every key overlays the current values), later ones
 * start from the defaults. */
static void walk_eve_item(struct cfg_walk *w, const yaml_mark_t *m)
{
    if (w->eve_seen >= CONFIG_MAX_EVE) {
        cfg_err(w, m, w->path, "too many eve-log outputs (at most 8)");
        return;
    }
    w->eve_idx = w->eve_seen++;
    if (w->eve_idx > 0)
        cfg_eve_defaults(&w->c->eve[w->eve_idx]);
    w->c->n_eve = w->eve_seen;
    w->c->eve_pos[w->eve_idx] = w->item_pos;
}

/* A sequence or mapping starts at the current path. */
static void walk_collection(struct cfg_walk *w, bool seq, const yaml_mark_t *m)
{
    const char *var;
    const struct cfg_row *r = cfg_row_find(w->path);
    bool in_seq = w->depth > 0 && w->is_seq[w->depth - 1];
    if (seq && w->depth == 1 && strcmp(w->path, "outputs") == 0) {
        w->outputs_seen = true; /* places are counted anew */
        w->c->n_outputs = 0;
        w->c->fast_pos = UINT32_MAX;
    }
    if (!seq && in_seq && w->depth == 2 && strcmp(w->path, "outputs") == 0)
        w->item_pos = w->c->n_outputs++;
    if (!seq && strcmp(w->path, "outputs.eve-log") == 0)
        walk_eve_item(w, m);
    if (!seq && in_seq && w->seq_row && w->seq_row->eve && w->seq_row->type == CFG_LIST &&
        !w->types_row) { /* `- alert: {...}`: an event type with options */
        w->types_row = w->seq_row;
        w->seq_row = NULL;
        w->type_depth = w->depth + 1;
        w->type_name[0] = '\0';
        w->type_off = false;
        walk_push(w, seq, m);
        return;
    }
    if (seq && r && r->type == CFG_PORTS) {
        w->seq_row = r;
        w->c->n_smb_ports = 0;
    } else if (seq && r && r->type == CFG_LIST) {
        w->seq_row = r;
        cfg_list(cfg_base(w->c, r, w->eve_idx), r)->n = 0;
    } else if (seq && !r && (r = cfg_var_row(w->path, &var))) {
        w->seq_row = r;
        snprintf(w->seq_var, sizeof(w->seq_var), "%s", var);
        (void)cfg_var_set(cfg_vars(w->c, r), var, "", false);
    } else if (r && (seq || r->type != CFG_VARS)) {
        cfg_err(w, m, w->path, seq ? "expected a scalar value" : "expected a scalar or a list");
    }
    walk_push(w, seq, m);
}

/* Sections of a suricata.yaml that smbneg has no setting in: ignored with
 * a warning, so that a policy written from suricata.yaml still loads. */
static const char *const cfg_suricata_sections[] = {
    "action-order", "af-packet", "af-xdp", "app-layer", "asn1-max-frames", "autofp-scheduler",
    "coredump", "daemon-directory", "datasets", "decoder", "default-packet-size", "defrag",
    "detect", "dpdk", "engine-analysis", "exception-policy", "flow-timeouts", "geoip-database",
    "host", "host-mode", "host-os-policy", "include", "ipfw", "legacy", "livedev", "logging",
    "luajit", "magic-file", "max-pending-packets", "mpm-algo", "napatech", "netmap", "nflog",
    "nfq", "pcap", "pcap-file", "pcre", "pfring", "pid-file", "plugins", "profiling",
    "reference-config-file", "run-as", "runmode", "security", "spm-algo", "threading", "umask",
    "unix-command", "vlan",
};

/* Edit distance of two short keys (insert, delete, substitute), capped. */
static unsigned cfg_distance(const char *a, const char *b)
{
    unsigned row[64], la = (unsigned)strlen(a), lb = (unsigned)strlen(b);
    if (la >= 64 || lb >= 64)
        return 64;
    for (unsigned j = 0; j <= lb; j++)
        row[j] = j;
    for (unsigned i = 1; i <= la; i++) {
        unsigned diag = row[0];
        row[0] = i;
        for (unsigned j = 1; j <= lb; j++) {
            unsigned up = row[j];
            unsigned best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* A top-level key: one of smbneg's sections (the first component of a
 * row's name), a section of suricata.yaml smbneg does not use (a warning),
 * or a misspelling (an error: the section it meant would silently keep
 * its defaults, at start and on a SIGUSR2 reload alike). */
static void walk_top_key(struct cfg_walk *w, const char *key, const yaml_mark_t *m)
{
    const char *near = NULL;
    unsigned near_d = 3; /* suggest at distance 1 or 2 only */
    size_t kl = strlen(key);
    w->bad_section = false;
    for (size_t i = 0; i < N_ROWS; i++) {
        const char *n = cfg_rows[i].name;
        size_t l = strcspn(n, ".");
        if (l == kl && strncmp(n, key, l) == 0)
            return;
        char sect[64];
        snprintf(sect, sizeof(sect), "%.*s", (int)(l < 63 ? l : 63), n);
        unsigned d = cfg_distance(key, sect);
        if (d < near_d) {
            near_d = d;
            near = n;
        }
    }
    for (size_t i = 0; i < sizeof(cfg_suricata_sections) / sizeof(cfg_suricata_sections[0]); i++) {
        if (strcmp(key, cfg_suricata_sections[i]) == 0) {
            log_warn_at(w->name, m->line + 1, m->column + 1,
                        "section '%s' of suricata.yaml is not used by smbneg (ignored)", key);
            w->bad_section = true;
            return;
        }
    }
    w->bad_section = true;
    if (near)
        log_error_at(w->name, m->line + 1, m->column + 1,
                     "unknown section '%s' (did you mean '%.*s'?)", key,
                     (int)strcspn(near, "."), near);
    else
        log_error_at(w->name, m->line + 1, m->column + 1,
                     "unknown section '%s' (smbneg --dump-config lists them)", key);
    w->errors++;
}

static void walk_event(struct cfg_walk *w, const yaml_event_t *e)
{
    const yaml_mark_t *m = &e->start_mark;
    switch (e->type) {
    case YAML_MAPPING_START_EVENT:
    case YAML_SEQUENCE_START_EVENT:
        walk_collection(w, e->type == YAML_SEQUENCE_START_EVENT, m);
        break;
    case YAML_MAPPING_END_EVENT:
    case YAML_SEQUENCE_END_EVENT:
        if (w->depth > 0)
            w->depth--;
        if (e->type == YAML_SEQUENCE_END_EVENT)
            w->seq_row = NULL;
        if (w->types_row && w->depth == w->type_depth - 1)
            walk_type_item_end(w);
        if (w->depth > 0)
            w->path[w->keylen[w->depth]] = '\0';
        walk_value_done(w);
        break;
    case YAML_SCALAR_EVENT: {
        const char *v = (const char *)e->data.scalar.value;
        if (w->depth > 0 && w->want_key[w->depth - 1]) {
            size_t l = strlen(w->path);
            if (l + strlen(v) + 2 >= sizeof(w->path)) {
                cfg_err(w, m, v, "key path too long");
                break;
            }
            snprintf(w->path + l, sizeof(w->path) - l, "%s%s", l ? "." : "", v);
            w->want_key[w->depth - 1] = false;
            if (w->depth == 1)
                walk_top_key(w, v, m);
            else if (w->depth == 3 && w->outputs_seen && strcmp(w->path, "outputs.fast") == 0)
                w->c->fast_pos = w->item_pos;
            else if (w->types_row && w->depth == w->type_depth)
                walk_type_item_key(w, v, m);
            break;
        }
        walk_scalar_value(w, v, m);
        walk_value_done(w);
        break;
    }
    case YAML_ALIAS_EVENT:
        cfg_err(w, m, w->path, "aliases are not supported");
        walk_value_done(w);
        break;
    default:
        break;
    }
}

int config_load_buffer(struct config *c, const char *name, const char *text, size_t len)
{
    yaml_parser_t parser;
    yaml_event_t e;
    struct cfg_walk w;
    memset(&w, 0, sizeof(w));
    w.c = c;
    w.name = name;
    if (!yaml_parser_initialize(&parser))
        return -1;
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    int rc = 0;
    for (;;) {
        if (!yaml_parser_parse(&parser, &e)) {
            log_error_at(name, parser.problem_mark.line + 1, parser.problem_mark.column + 1,
                         "invalid YAML: %s", parser.problem ? parser.problem : "?");
            rc = -1;
            break;
        }
        bool end = e.type == YAML_STREAM_END_EVENT;
        walk_event(&w, &e);
        yaml_event_delete(&e);
        if (end)
            break;
    }
    yaml_parser_delete(&parser);
    if (w.outputs_seen && c->fast_pos == UINT32_MAX) /* fast: after the list */
        c->fast_pos = c->n_outputs++;
    if (w.outputs_seen && w.eve_seen == 0)
        c->eve_pos[0] = c->n_outputs++;
    return rc < 0 ? -1 : w.errors;
}

int config_load_file(struct config *c, const char *path)
{
    char *buf;
    size_t len;
    if (file_read_all(path, &buf, &len) != 0) {
        log_error("%s: cannot open policy: %s", path, strerror(errno));
        return -1;
    }
    const char *slash = strrchr(path, '/');
    if (slash)
        snprintf(c->policy_dir, sizeof(c->policy_dir), "%.*s", (int)(slash - path), path);
    else
        snprintf(c->policy_dir, sizeof(c->policy_dir), ".");
    if (c->policy_dir[0] == '\0')
        snprintf(c->policy_dir, sizeof(c->policy_dir), "/");
    int rc = config_load_buffer(c, path, buf, len);
    mem_free(buf);
    return rc;
}

