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
#include "config/config-yaml.h"
#include "util/file.h"
#include "util/log.h"
#include "util/mem.h"

void cfg_err(struct cfg_walk *w, const yaml_mark_t *m, const char *key, const char *why)
{
    if (key && *key)
        log_error_at(w->name, m->line + 1, m->column + 1, "%s: %s", key, why);
    else
        log_error_at(w->name, m->line + 1, m->column + 1, "%s", why);
    w->errors++;
}

/* An error about a collection that is then skipped: printed when it ends,
 * so that input nested too deep inside it gives one line, not two. */
static void cfg_err_pending(struct cfg_walk *w, const yaml_mark_t *m, const char *key,
                            const char *why)
{
    w->pend.set = true;
    w->pend.line = m->line + 1;
    w->pend.col = m->column + 1;
    if (key && *key)
        snprintf(w->pend.msg, sizeof(w->pend.msg), "%s: %s", key, why);
    else
        snprintf(w->pend.msg, sizeof(w->pend.msg), "%s", why);
    w->errors++;
}

static void cfg_err_flush(struct cfg_walk *w)
{
    if (w->pend.set)
        log_error_at(w->name, w->pend.line, w->pend.col, "%s", w->pend.msg);
    w->pend.set = false;
}

/* ------------------------------------------------------------ duplicate keys */

static size_t cfg_key_hash(uint32_t map, const char *key)
{
    uint64_t h = 14695981039346656037ull ^ map;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    return (size_t)h;
}

/* Insert into a table known to have room; false when already there. */
static bool cfg_keyset_put(struct cfg_key *slot, size_t cap, uint32_t map, char *key)
{
    size_t i = cfg_key_hash(map, key) & (cap - 1);
    for (; slot[i].key; i = (i + 1) & (cap - 1))
        if (slot[i].map == map && strcmp(slot[i].key, key) == 0)
            return false;
    slot[i].map = map;
    slot[i].key = key;
    return true;
}

/* 1: added, 0: a duplicate, -1: out of memory. */
static int cfg_keyset_add(struct cfg_keyset *ks, uint32_t map, const char *key)
{
    if (2 * (ks->n + 1) > ks->cap) {
        size_t cap = ks->cap ? 2 * ks->cap : 64;
        struct cfg_key *nv = mem_calloc(cap, sizeof(*nv));
        if (!nv)
            return -1;
        for (size_t i = 0; i < ks->cap; i++)
            if (ks->slot[i].key)
                (void)cfg_keyset_put(nv, cap, ks->slot[i].map, ks->slot[i].key);
        mem_free(ks->slot);
        ks->slot = nv;
        ks->cap = cap;
    }
    char *k = mem_strdup(key);
    if (!k)
        return -1;
    if (!cfg_keyset_put(ks->slot, ks->cap, map, k)) {
        mem_free(k);
        return 0;
    }
    ks->n++;
    return 1;
}

static void cfg_keyset_free(struct cfg_keyset *ks)
{
    for (size_t i = 0; i < ks->cap; i++)
        mem_free(ks->slot[i].key);
    mem_free(ks->slot);
}

/* ------------------------------------------------------------ the walk */

/* A mapping value or sequence item finished: drop the level's key. */
static void walk_value_done(struct cfg_walk *w)
{
    if (w->depth > 0 && !w->is_seq[w->depth - 1]) {
        w->path[w->keylen[w->depth - 1]] = '\0';
        w->want_key[w->depth - 1] = true;
    }
}

static void walk_push(struct cfg_walk *w, bool seq)
{
    w->is_seq[w->depth] = seq;
    w->want_key[w->depth] = !seq;
    w->keylen[w->depth] = strlen(w->path);
    w->map_id[w->depth] = seq ? 0 : ++w->n_maps;
    w->depth++;
}

/* Is path a section of the policy (a mapping of settings: "smb", "flow",
 * "flow.timeouts", "outputs.eve-log")? */
static bool cfg_is_section(const char *path)
{
    size_t l = strlen(path);
    for (size_t i = 0; i < N_ROWS; i++) {
        const char *name = cfg_rows[i].name;
        if (strncmp(name, path, l) == 0 && name[l] == '.')
            return true;
    }
    return false;
}

/* An empty value ("key:" alone, ~, null): a section or root left empty. */
static bool cfg_is_null(const yaml_event_t *e)
{
    const char *v = (const char *)e->data.scalar.value;
    return e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
           (!*v || strcmp(v, "~") == 0 || strcasecmp(v, "null") == 0);
}

/* A scalar where no setting takes one: NULL when that is fine. */
static const char *walk_scalar_misplaced(const struct cfg_walk *w)
{
    if (strcmp(w->path, "outputs") == 0)
        return "expected a list of outputs (- eve-log: ..., - fast: ...)";
    return cfg_is_section(w->path) ? "expected a mapping" : NULL;
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

/* A scalar where list setting r is due: one item ("" or "[]": none). */
static const char *cfg_list_scalar(struct config_list *l, const char *v)
{
    l->n = 0;
    if (!*v || strcmp(v, "[]") == 0)
        return NULL;
    return cfg_list_add(l, v);
}

static void walk_scalar_value(struct cfg_walk *w, const yaml_event_t *e)
{
    const char *v = (const char *)e->data.scalar.value, *why = NULL, *var;
    const yaml_mark_t *m = &e->start_mark;
    const struct cfg_row *r;
    if (w->types_row) {
        cfg_types_option(w, v, m);
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
    } else if (cfg_is_section(w->path) || strcmp(w->path, "outputs") == 0) {
        why = cfg_is_null(e) ? NULL : walk_scalar_misplaced(w);
    } else if (!cfg_known_prefix(w->path) && !w->bad_section) {
        log_warn_at(w->name, m->line + 1, m->column + 1, "unknown key '%s' (ignored)", w->path);
    }
    if (why)
        cfg_err(w, m, w->path, why);
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

/* What is wrong with a sequence (seq) or mapping at the current path; NULL:
 * nothing.  Unknown keys may hold anything (their leaves are warned about). */
static const char *walk_collection_misplaced(const struct cfg_walk *w, bool seq)
{
    const char *var;
    const struct cfg_row *r;
    if (!seq && cfg_types_in_list(w))
        return NULL; /* `- alert: {metadata: no}`: a types item with options */
    if (w->seq_row)
        return "expected a scalar (a list item)";
    if ((r = cfg_row_find(w->path))) {
        if (r->type == CFG_VARS)
            return seq ? "expected a mapping of variable names to values" : NULL;
        if (r->type == CFG_LIST || r->type == CFG_PORTS)
            return seq ? NULL : "expected a scalar or a list";
        return "expected a scalar value";
    }
    if (cfg_var_row(w->path, &var))
        return seq ? NULL : "expected a scalar or a list";
    if (seq && strcmp(w->path, "outputs") != 0 && cfg_is_section(w->path))
        return "expected a mapping";
    return NULL;
}

/* A sequence or mapping starts at the current path (checked). */
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
    if (!seq && in_seq && cfg_types_in_list(w) && !w->types_row) {
        cfg_types_item_start(w); /* `- alert: {...}`: an event type with options */
        walk_push(w, seq);
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
    }
    walk_push(w, seq);
}

/* The explicit tag of an event (!!int, !foo), or NULL. */
static const char *walk_tag(const yaml_event_t *e)
{
    const yaml_char_t *t = e->type == YAML_SCALAR_EVENT           ? e->data.scalar.tag
                           : e->type == YAML_SEQUENCE_START_EVENT ? e->data.sequence_start.tag
                           : e->type == YAML_MAPPING_START_EVENT  ? e->data.mapping_start.tag
                                                                  : NULL;
    return (const char *)t;
}

#define WALK_TAG_ERR "tags (!!int, !name) are not supported; write the plain value"

/* A value (scalar, alias or collection start) at the current path. */
static void walk_value(struct cfg_walk *w, const yaml_event_t *e)
{
    const yaml_mark_t *m = &e->start_mark;
    bool coll = e->type != YAML_SCALAR_EVENT && e->type != YAML_ALIAS_EVENT;
    const char *why = NULL;
    void (*err)(struct cfg_walk *, const yaml_mark_t *, const char *, const char *) =
        coll ? cfg_err_pending : cfg_err;
    if (w->ignore_value) {
        w->ignore_value = false;
    } else if (walk_tag(e)) {
        err(w, m, w->path, WALK_TAG_ERR);
    } else if (e->type == YAML_ALIAS_EVENT) {
        cfg_err(w, m, w->path, "aliases are not supported");
    } else if (w->depth == 0 && (coll ? e->type == YAML_SEQUENCE_START_EVENT : !cfg_is_null(e))) {
        err(w, m, NULL,
            coll ? "the policy must be a mapping of settings (key: value), not a list"
                 : "the policy must be a mapping of settings (key: value), not a scalar");
    } else if (coll && (why = walk_collection_misplaced(w, e->type == YAML_SEQUENCE_START_EVENT))) {
        err(w, m, w->path, why);
    } else if (coll) {
        walk_collection(w, e->type == YAML_SEQUENCE_START_EVENT, m);
        return;
    } else {
        if (w->depth > 0)
            walk_scalar_value(w, e);
        walk_value_done(w);
        return;
    }
    if (coll)
        w->skip = 1; /* its content is not read */
    else
        walk_value_done(w);
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
    "run-as", "runmode", "security", "spm-algo", "threading", "umask",
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

/* A mapping key: appended to the path, checked against the mapping's other
 * keys.  A key that is not a plain scalar is an error; its value is skipped. */
static void walk_key(struct cfg_walk *w, const yaml_event_t *e)
{
    const yaml_mark_t *m = &e->start_mark;
    int lvl = w->depth - 1;
    if (e->type != YAML_SCALAR_EVENT) {
        if (e->type == YAML_ALIAS_EVENT) {
            cfg_err(w, m, w->path, "a key must be a plain name");
            w->want_key[lvl] = false;
            w->ignore_value = true;
        } else {
            cfg_err_pending(w, m, w->path, "a key must be a plain name");
            w->skip = 1;
            w->key_skipped = true;
        }
        return;
    }
    const char *v = (const char *)e->data.scalar.value;
    size_t l = strlen(w->path);
    w->want_key[lvl] = false;
    if (l + strlen(v) + 2 >= sizeof(w->path)) {
        cfg_err(w, m, v, "key path too long");
        w->ignore_value = true;
        return;
    }
    snprintf(w->path + l, sizeof(w->path) - l, "%s%s", l ? "." : "", v);
    if (w->depth == 1)
        walk_top_key(w, v, m);
    else if (w->depth == 3 && w->outputs_seen && strcmp(w->path, "outputs.fast") == 0)
        w->c->fast_pos = w->item_pos;
    else if (w->types_row && w->depth == w->type_depth)
        cfg_types_item_key(w, v, m);
    if (walk_tag(e))
        cfg_err(w, m, w->path, WALK_TAG_ERR);
    int rc = cfg_keyset_add(&w->keys, w->map_id[lvl], v);
    if (rc == 0)
        cfg_err(w, m, w->path, "duplicate key");
    if (rc < 0) {
        cfg_err(w, m, w->path, "out of memory");
        w->stop = true;
    }
}

/* A collection ends: the level is dropped (or the skip ends). */
static void walk_end(struct cfg_walk *w, const yaml_event_t *e)
{
    w->nest--;
    if (w->skip) {
        if (w->skip == 1)
            cfg_err_flush(w);
        if (--w->skip == 0 && w->key_skipped) {
            w->key_skipped = false;
            w->ignore_value = true; /* the bad key's value comes next */
        } else if (w->skip == 0) {
            walk_value_done(w);
        }
        return;
    }
    if (w->depth > 0)
        w->depth--;
    if (e->type == YAML_SEQUENCE_END_EVENT)
        w->seq_row = NULL;
    if (w->types_row && w->depth == w->type_depth - 1)
        cfg_types_item_end(w);
    if (w->depth > 0)
        w->path[w->keylen[w->depth]] = '\0';
    walk_value_done(w);
}

static void walk_event(struct cfg_walk *w, const yaml_event_t *e)
{
    switch (e->type) {
    case YAML_MAPPING_START_EVENT:
    case YAML_SEQUENCE_START_EVENT:
        if (++w->nest > WALK_MAX_DEPTH) {
            cfg_err(w, &e->start_mark, w->path,
                    "nested deeper than 64 levels; the rest of the policy is not read");
            w->stop = true;
            return;
        }
        if (w->skip)
            w->skip++;
        else if (w->depth > 0 && w->want_key[w->depth - 1])
            walk_key(w, e);
        else
            walk_value(w, e);
        break;
    case YAML_MAPPING_END_EVENT:
    case YAML_SEQUENCE_END_EVENT:
        walk_end(w, e);
        break;
    case YAML_SCALAR_EVENT:
    case YAML_ALIAS_EVENT:
        if (w->skip)
            break;
        if (w->depth > 0 && w->want_key[w->depth - 1])
            walk_key(w, e);
        else
            walk_value(w, e);
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
        if (end || w.stop)
            break;
    }
    yaml_parser_delete(&parser);
    if (w.outputs_seen && c->fast_pos == UINT32_MAX) /* fast: after the list */
        c->fast_pos = c->n_outputs++;
    if (w.outputs_seen && w.eve_seen == 0)
        c->eve_pos[0] = c->n_outputs++;
    cfg_keyset_free(&w.keys);
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

