/* config.c - the YAML policy (libyaml event API) -> struct config, driven by
 * one static const row per setting. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#define LOG_MODULE "config"
#include "config/config.h"
#include "util/log.h"
#include "util/mem.h"

enum cfg_type { CFG_BOOL, CFG_U32, CFG_SIZE, CFG_STR, CFG_PORTS, CFG_LIST, CFG_VARS };

struct cfg_row {
    const char *name;  /* dotted key path */
    enum cfg_type type;
    const char *def;   /* default, as YAML text */
    uint64_t min, max; /* for numbers */
    size_t off;        /* offsetof(struct config, field) */
    size_t width;      /* sizeof the field (numbers, strings) */
    const char *desc;
};

#define ROW(n, t, d, lo, hi, f, desc) \
    {n, t, d, lo, hi, offsetof(struct config, f), sizeof(((struct config *)0)->f), desc}

static const struct cfg_row cfg_rows[] = {
    ROW("smb.ports", CFG_PORTS, "[445, 139]", 1, 65535, smb_ports, "TCP ports that carry SMB"),
    ROW("smb.detect-any-port", CFG_BOOL, "yes", 0, 1, smb_any_port,
        "recognise NBSS + SMB on any other TCP port"),
    ROW("smb.max-pdu", CFG_SIZE, "64kb", 1024, 16777219, smb_max_pdu,
        "largest NBSS frame buffered whole; larger ones are classified by header and skipped"),
    ROW("smb.max-transactions", CFG_U32, "8", 1, 1024, smb_max_tx,
        "negotiate transactions pending per flow"),
    ROW("smb.memcap", CFG_SIZE, "32mb", 65536, UINT64_MAX, smb_memcap,
        "memory for pending negotiate transactions of all flows"),
    ROW("flow.memcap", CFG_SIZE, "64mb", 65536, UINT64_MAX, flow_memcap, "memory for flows"),
    ROW("flow.hash-size", CFG_U32, "65536", 1024, 16777216, flow_hash_size, "flow hash buckets"),
    ROW("flow.timeouts.new", CFG_U32, "30", 1, 86400, flow_timeout_new,
        "seconds a flow with only a handshake lives without packets"),
    ROW("flow.timeouts.established", CFG_U32, "600", 1, 86400, flow_timeout_est,
        "seconds an established flow lives without packets"),
    ROW("flow.timeouts.closed", CFG_U32, "10", 0, 86400, flow_timeout_closed,
        "seconds a closed flow (FIN both ways, RST) lives"),
    ROW("stream.memcap", CFG_SIZE, "64mb", 65536, UINT64_MAX, stream_memcap,
        "memory for reassembly queues and buffers"),
    ROW("stream.reassembly.depth", CFG_SIZE, "1mb", 1024, 1073741824, stream_depth,
        "bytes reassembled per direction before giving up on a negotiation"),
    ROW("stream.reassembly.max-out-of-order", CFG_SIZE, "256kb", 1024, 1073741824,
        stream_ooo_max, "bytes queued behind a hole per direction before declaring a gap"),
    ROW("default-log-dir", CFG_STR, ".", 0, 0, log_dir, "where eve.json is written"),
    ROW("outputs.eve-log.enabled", CFG_BOOL, "yes", 0, 1, eve_enabled, "write EVE JSON"),
    ROW("outputs.eve-log.filename", CFG_STR, "eve.json", 0, 0, eve_filename,
        "EVE file name in the log directory"),
    ROW("outputs.eve-log.community-id", CFG_BOOL, "yes", 0, 1, community_id,
        "add community_id (Community ID v1)"),
    ROW("outputs.eve-log.community-id-seed", CFG_U32, "0", 0, 65535, community_id_seed,
        "Community ID seed"),
    ROW("outputs.eve-log.suricata-compatible", CFG_BOOL, "no", 0, 1, suricata_compatible,
        "leave out smb.negotiate so records match Suricata's schema"),
    ROW("outputs.eve-log.types", CFG_LIST, "smb, alert, anomaly, stats", 0, 0, eve_types,
        "event types written to EVE"),
    ROW("outputs.fast.enabled", CFG_BOOL, "yes", 0, 1, fast_enabled,
        "write alerts one per line in Suricata's fast.log format"),
    ROW("outputs.fast.filename", CFG_STR, "fast.log", 0, 0, fast_filename,
        "fast.log name in the log directory"),
    ROW("vars.address-groups", CFG_VARS, "", 0, 0, addr_vars,
        "address variables for rules ($HOME_NET, ...)"),
    ROW("vars.port-groups", CFG_VARS, "", 0, 0, port_vars, "port variables for rules"),
    ROW("default-rule-path", CFG_STR, "", 0, 0, rule_path,
        "directory of relative rule files (empty: the policy file's directory)"),
    ROW("rule-files", CFG_LIST, "smb-negotiate.rules", 0, 0, rule_files,
        "rule files; smb-negotiate.rules falls back to the built-in copy"),
    ROW("classification-file", CFG_STR, "", 0, 0, classification_file,
        "classification.config (empty: the built-in classifications)"),
    ROW("threshold-file", CFG_STR, "", 0, 0, threshold_file,
        "threshold.config with threshold/suppress lines (empty: none)"),
    ROW("thresholds", CFG_LIST, "", 0, 0, thresholds, "inline threshold.config lines"),
    ROW("suppress", CFG_LIST, "", 0, 0, suppress, "inline suppress lines"),
};

/* Variables every policy starts with (a policy may override each). */
static const struct {
    bool port;
    const char *name, *value;
} cfg_default_vars[] = {
    {false, "HOME_NET", "[192.168.0.0/16,10.0.0.0/8,172.16.0.0/12]"},
    {false, "EXTERNAL_NET", "!$HOME_NET"},
    {false, "SMB_SERVERS", "$HOME_NET"},
    {true, "SMB_PORTS", "[139,445]"},
};

#define N_ROWS (sizeof(cfg_rows) / sizeof(cfg_rows[0]))

/* Keys of a suricata.yaml that smbneg accepts silently for compatibility. */
static const char *const cfg_known_prefixes[] = {
    "outputs.eve-log.filetype", "outputs.eve-log.append", "outputs.fast.append",
};

static const struct cfg_row *cfg_row_find(const char *name)
{
    for (size_t i = 0; i < N_ROWS; i++)
        if (strcmp(cfg_rows[i].name, name) == 0)
            return &cfg_rows[i];
    return NULL;
}

/* The CFG_VARS row whose name is a prefix of "name." and the var name. */
static const struct cfg_row *cfg_var_row(const char *name, const char **var)
{
    for (size_t i = 0; i < N_ROWS; i++) {
        size_t l = strlen(cfg_rows[i].name);
        if (cfg_rows[i].type == CFG_VARS && strncmp(cfg_rows[i].name, name, l) == 0 &&
            name[l] == '.' && name[l + 1]) {
            *var = name + l + 1;
            return &cfg_rows[i];
        }
    }
    return NULL;
}

static struct config_list *cfg_list(struct config *c, const struct cfg_row *r)
{
    return (struct config_list *)(void *)((char *)c + r->off);
}

static struct config_vars *cfg_vars(struct config *c, const struct cfg_row *r)
{
    return (struct config_vars *)(void *)((char *)c + r->off);
}

static const char *cfg_list_add(struct config_list *l, const char *v)
{
    if (l->n >= CONFIG_MAX_LIST)
        return "too many list items";
    if (strlen(v) >= CONFIG_ITEM_MAX)
        return "list item too long";
    snprintf(l->item[l->n++], CONFIG_ITEM_MAX, "%s", v);
    return NULL;
}

/* Set (or append to, when `append`) variable `name`. */
static const char *cfg_var_set(struct config_vars *vs, const char *name, const char *v,
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

static bool cfg_known_prefix(const char *name)
{
    for (size_t i = 0; i < sizeof(cfg_known_prefixes) / sizeof(cfg_known_prefixes[0]); i++)
        if (strncmp(name, cfg_known_prefixes[i], strlen(cfg_known_prefixes[i])) == 0)
            return true;
    return false;
}

/* ------------------------------------------------------------ values */

static int cfg_parse_bool(const char *v, bool *out)
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

static void cfg_store_uint(struct config *c, const struct cfg_row *r, uint64_t n)
{
    char *dst = (char *)c + r->off;
    if (r->width == sizeof(uint64_t)) {
        uint64_t v = n;
        memcpy(dst, &v, sizeof(v));
    } else {
        uint32_t v = (uint32_t)n;
        memcpy(dst, &v, sizeof(v));
    }
}

/* Set one scalar row from text.  Returns NULL or a reason. */
static const char *cfg_set_scalar(struct config *c, const struct cfg_row *r, const char *v)
{
    char *dst = (char *)c + r->off;
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
        cfg_store_uint(c, r, n);
        return NULL;
    case CFG_STR:
        if (strlen(v) >= r->width)
            return "string too long";
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

static const char *cfg_add_port(struct config *c, const char *v)
{
    uint64_t n;
    if (cfg_parse_size(v, false, &n) || n < 1 || n > 65535)
        return "expected a port number 1-65535";
    if (c->n_smb_ports >= CONFIG_MAX_PORTS)
        return "too many ports";
    c->smb_ports[c->n_smb_ports++] = (uint16_t)n;
    return NULL;
}

/* -------------------------------------------------------------- YAML */

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
    int errors;
};

static void cfg_err(struct cfg_walk *w, const yaml_mark_t *m, const char *key, const char *why)
{
    log_error("%s:%zu:%zu: %s: %s", w->name, m->line + 1, m->column + 1, key, why);
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
        return cfg_list_add(cfg_list(w->c, w->seq_row), v);
    case CFG_VARS:
        return cfg_var_set(cfg_vars(w->c, w->seq_row), w->seq_var, v, true);
    default:
        return "unexpected list";
    }
}

static void walk_scalar_value(struct cfg_walk *w, const char *v, const yaml_mark_t *m)
{
    const char *why = NULL, *var;
    const struct cfg_row *r;
    if (w->seq_row) {
        why = walk_seq_item(w, v);
    } else if ((r = cfg_row_find(w->path))) {
        if (r->type == CFG_LIST)
            why = cfg_list_scalar(cfg_list(w->c, r), v);
        else if (r->type == CFG_VARS)
            why = "expected a mapping of variable names to values";
        else
            why = cfg_set_scalar(w->c, r, v);
    } else if ((r = cfg_var_row(w->path, &var))) {
        why = cfg_var_set(cfg_vars(w->c, r), var, v, false);
    } else if (!cfg_known_prefix(w->path)) {
        log_warn("%s:%zu:%zu: unknown key '%s' (ignored)", w->name, m->line + 1, m->column + 1,
                 w->path);
    }
    if (why)
        cfg_err(w, m, w->path, why);
}

/* A sequence or mapping starts at the current path. */
static void walk_collection(struct cfg_walk *w, bool seq, const yaml_mark_t *m)
{
    const char *var;
    const struct cfg_row *r = cfg_row_find(w->path);
    if (seq && r && r->type == CFG_PORTS) {
        w->seq_row = r;
        w->c->n_smb_ports = 0;
    } else if (seq && r && r->type == CFG_LIST) {
        w->seq_row = r;
        cfg_list(w->c, r)->n = 0;
    } else if (seq && !r && (r = cfg_var_row(w->path, &var))) {
        w->seq_row = r;
        snprintf(w->seq_var, sizeof(w->seq_var), "%s", var);
        (void)cfg_var_set(cfg_vars(w->c, r), var, "", false);
    } else if (r && (seq || r->type != CFG_VARS)) {
        cfg_err(w, m, w->path, seq ? "expected a scalar value" : "expected a scalar or a list");
    }
    walk_push(w, seq, m);
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
            log_error("%s:%zu:%zu: invalid YAML: %s", name, parser.problem_mark.line + 1,
                      parser.problem_mark.column + 1, parser.problem ? parser.problem : "?");
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
    return rc < 0 ? -1 : w.errors;
}

int config_load_file(struct config *c, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        log_error("%s: cannot open policy: %s", path, strerror(errno));
        return -1;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (cap - len < 4096) {
            cap = cap ? cap * 2 : 8192;
            char *nb = mem_realloc(buf, cap);
            if (!nb) {
                mem_free(buf);
                fclose(fp);
                log_error("%s: out of memory", path);
                return -1;
            }
            buf = nb;
        }
        size_t n = fread(buf + len, 1, cap - len, fp);
        len += n;
        if (n == 0)
            break;
    }
    bool ioerr = ferror(fp);
    fclose(fp);
    if (ioerr) {
        mem_free(buf);
        log_error("%s: read error", path);
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

/* ------------------------------------------------- defaults and dump */

static const char default_policy[] =
#include "config/default-policy.inc"
    ;

const char *config_default_text(void)
{
    return default_policy;
}

static const char builtin_rules[] =
#include "config/default-rules.inc"
    ;

const char *config_builtin_rules(const char *name)
{
    return strcmp(name, "smb-negotiate.rules") == 0 ? builtin_rules : NULL;
}

int config_add_rule_file(struct config *c, const char *path)
{
    const char *why = cfg_list_add(&c->rules_extra, path);
    if (why)
        log_error("-s %s: %s", path, why);
    return why ? -1 : 0;
}

/* "a, b, [c]" -> list items (brackets and spaces around items dropped). */
static const char *cfg_list_parse(struct config_list *l, const char *text)
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

void config_defaults(struct config *c)
{
    memset(c, 0, sizeof(*c));
    for (size_t i = 0; i < N_ROWS; i++) {
        const struct cfg_row *r = &cfg_rows[i];
        if (r->type == CFG_PORTS) {
            c->smb_ports[0] = 445;
            c->smb_ports[1] = 139;
            c->n_smb_ports = 2;
        } else if (r->type == CFG_LIST) {
            (void)cfg_list_parse(cfg_list(c, r), r->def);
        } else if (r->type != CFG_VARS) {
            (void)cfg_set_scalar(c, r, r->def);
        }
    }
    for (size_t i = 0; i < sizeof(cfg_default_vars) / sizeof(cfg_default_vars[0]); i++)
        (void)cfg_var_set(cfg_default_vars[i].port ? &c->port_vars : &c->addr_vars,
                          cfg_default_vars[i].name, cfg_default_vars[i].value, false);
}

int config_load_default(struct config *c)
{
    config_defaults(c);
    return config_load_buffer(c, "<embedded default policy>", default_policy,
                              sizeof(default_policy) - 1);
}

int config_set(struct config *c, const char *assignment)
{
    const char *eq = strchr(assignment, '=');
    char key[256];
    if (!eq || (size_t)(eq - assignment) >= sizeof(key)) {
        log_error("--set %s: expected key=value", assignment);
        return -1;
    }
    memcpy(key, assignment, (size_t)(eq - assignment));
    key[eq - assignment] = '\0';
    const char *var, *why = NULL;
    const struct cfg_row *r = cfg_row_find(key);
    if (!r && (r = cfg_var_row(key, &var))) {
        why = cfg_var_set(cfg_vars(c, r), var, eq + 1, false);
        if (why)
            log_error("--set %s: %s", assignment, why);
        return why ? -1 : 0;
    }
    if (!r || r->type == CFG_VARS) {
        log_error("--set %s: unknown key '%s'", assignment, key);
        return -1;
    }
    if (r->type == CFG_LIST) {
        why = cfg_list_parse(cfg_list(c, r), eq + 1);
    } else if (r->type == CFG_PORTS) {
        char tmp[256];
        snprintf(tmp, sizeof(tmp), "%s", eq + 1);
        c->n_smb_ports = 0;
        for (char *s = strtok(tmp, "[], "); s && !why; s = strtok(NULL, "[], "))
            why = cfg_add_port(c, s);
    } else {
        why = cfg_set_scalar(c, r, eq + 1);
    }
    if (why) {
        log_error("--set %s: %s", assignment, why);
        return -1;
    }
    return 0;
}

static void cfg_dump_value(const struct config *c, const struct cfg_row *r, int indent,
                           FILE *out)
{
    const char *src = (const char *)c + r->off;
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
        fprintf(out, "\"%s\"", src);
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
        for (uint32_t i = 0; i < l->n; i++)
            fprintf(out, "%s\"%s\"", i ? ", " : "", l->item[i]);
        fputc(']', out);
        break;
    }
    case CFG_VARS: {
        const struct config_vars *vs = (const void *)src;
        for (uint32_t i = 0; i < vs->n; i++)
            fprintf(out, "\n%*s%s: \"%s\"", indent + 2, "", vs->var[i].name, vs->var[i].value);
        break;
    }
    }
}

/* Print rows as nested YAML: a row's dotted name shares leading segments
 * with the previous row's, so only the new segments open new levels. */
void config_dump(const struct config *c, FILE *out)
{
    const char *prev = "";
    for (size_t i = 0; i < N_ROWS; i++) {
        const char *name = cfg_rows[i].name;
        size_t common = 0, depth = 0;
        for (size_t k = 0; name[k] && name[k] == prev[k]; k++)
            if (name[k] == '.') {
                common = k + 1;
                depth++;
            }
        const char *seg = name + common;
        for (const char *dot; (dot = strchr(seg, '.')); seg = dot + 1, depth++)
            fprintf(out, "%*s%.*s:\n", (int)(2 * depth), "", (int)(dot - seg), seg);
        fprintf(out, "%*s%s:%s", (int)(2 * depth), "", seg,
                cfg_rows[i].type == CFG_VARS ? "" : " ");
        if (cfg_rows[i].type == CFG_VARS) {
            fprintf(out, "   # %s", cfg_rows[i].desc);
            cfg_dump_value(c, &cfg_rows[i], (int)(2 * depth), out);
            fputc('\n', out);
        } else {
            cfg_dump_value(c, &cfg_rows[i], (int)(2 * depth), out);
            fprintf(out, "   # %s\n", cfg_rows[i].desc);
        }
        prev = name;
    }
}
