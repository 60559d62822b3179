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

enum cfg_type { CFG_BOOL, CFG_U32, CFG_SIZE, CFG_STR, CFG_PORTS };

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
};

#define N_ROWS (sizeof(cfg_rows) / sizeof(cfg_rows[0]))

/* Keys of a suricata.yaml that later parts of smbneg read or that we
 * accept silently for compatibility. */
static const char *const cfg_known_prefixes[] = {
    "vars.", "default-rule-path", "rule-files", "classification-file", "threshold-file",
    "thresholds", "suppress", "outputs.eve-log.types", "outputs.fast.",
};

static const struct cfg_row *cfg_row_find(const char *name)
{
    for (size_t i = 0; i < N_ROWS; i++)
        if (strcmp(cfg_rows[i].name, name) == 0)
            return &cfg_rows[i];
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

static void walk_scalar_value(struct cfg_walk *w, const char *v, const yaml_mark_t *m)
{
    if (w->seq_row) {
        const char *why = cfg_add_port(w->c, v);
        if (why)
            cfg_err(w, m, w->path, why);
        return;
    }
    const struct cfg_row *r = cfg_row_find(w->path);
    if (!r) {
        if (!cfg_known_prefix(w->path))
            log_warn("%s:%zu:%zu: unknown key '%s' (ignored)", w->name, m->line + 1,
                     m->column + 1, w->path);
        return;
    }
    const char *why = cfg_set_scalar(w->c, r, v);
    if (why)
        cfg_err(w, m, w->path, why);
}

static void walk_event(struct cfg_walk *w, const yaml_event_t *e)
{
    const yaml_mark_t *m = &e->start_mark;
    switch (e->type) {
    case YAML_MAPPING_START_EVENT:
    case YAML_SEQUENCE_START_EVENT: {
        bool seq = e->type == YAML_SEQUENCE_START_EVENT;
        const struct cfg_row *r = cfg_row_find(w->path);
        if (r && seq && r->type == CFG_PORTS) {
            w->seq_row = r;
            w->c->n_smb_ports = 0;
        } else if (r && (seq || r->type != CFG_PORTS)) {
            cfg_err(w, m, w->path, "expected a scalar value");
        }
        walk_push(w, seq, m);
        break;
    }
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

void config_defaults(struct config *c)
{
    memset(c, 0, sizeof(*c));
    for (size_t i = 0; i < N_ROWS; i++) {
        const struct cfg_row *r = &cfg_rows[i];
        if (r->type == CFG_PORTS) {
            c->smb_ports[0] = 445;
            c->smb_ports[1] = 139;
            c->n_smb_ports = 2;
        } else {
            (void)cfg_set_scalar(c, r, r->def);
        }
    }
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
    const struct cfg_row *r = cfg_row_find(key);
    if (!r) {
        log_error("--set %s: unknown key '%s'", assignment, key);
        return -1;
    }
    const char *why = NULL;
    if (r->type == CFG_PORTS) {
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

static void cfg_dump_value(const struct config *c, const struct cfg_row *r, FILE *out)
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
        fprintf(out, "%*s%s: ", (int)(2 * depth), "", seg);
        cfg_dump_value(c, &cfg_rows[i], out);
        fprintf(out, "   # %s\n", cfg_rows[i].desc);
        prev = name;
    }
}
