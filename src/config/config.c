/* config.c - the policy's settings: one static const row per setting (the
 * table), defaults, values from text, --set.  Reading YAML is in
 * config-yaml.c, printing it in config-dump.c. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#define LOG_MODULE "config"
#include "config/config.h"
#include "config/config-int.h"
#include "util/log.h"
#include "util/mem.h"

#define ROW(n, t, d, lo, hi, f, desc) \
    {n, t, d, lo, hi, offsetof(struct config, f), sizeof(((struct config *)0)->f), desc, false, NULL, false}
/* A setting a reload (SIGUSR2) applies: part of the rule set. */
#define RROW(n, t, d, lo, hi, f, desc) \
    {n, t, d, lo, hi, offsetof(struct config, f), sizeof(((struct config *)0)->f), desc, false, NULL, true}
#define EROW(n, t, d, lo, hi, f, desc)                                                         \
    {"outputs.eve-log." n, t, d, lo, hi, offsetof(struct config_eve, f),                       \
     sizeof(((struct config_eve *)0)->f), desc, true, NULL, false}
#define ROWC(n, d, f, choices, desc)                                                           \
    {n, CFG_STR, d, 0, 0, offsetof(struct config, f), sizeof(((struct config *)0)->f), desc,   \
     false, choices, false}
#define EROWC(n, d, f, choices, desc)                                                          \
    {"outputs.eve-log." n, CFG_STR, d, 0, 0, offsetof(struct config_eve, f),                  \
     sizeof(((struct config_eve *)0)->f), desc, true, choices, false}

const struct cfg_row cfg_rows[] = {
    ROW("smb.ports", CFG_PORTS, "[445, 139]", 1, 65535, smb_ports, "TCP ports that carry SMB"),
    ROW("smb.detect-any-port", CFG_BOOL, "yes", 0, 1, smb_any_port,
        "recognise NBSS + SMB on any other TCP port"),
    ROW("smb.max-pdu", CFG_SIZE, "64kb", 1024, 16777219, smb_max_pdu,
        "largest NBSS frame buffered whole; larger ones are classified by header and skipped"),
    ROW("smb.max-transactions", CFG_U32, "8", 1, 1024, smb_max_tx,
        "negotiate transactions pending per flow"),
    ROW("smb.memcap", CFG_SIZE, "32mb", 65536, UINT64_MAX, smb_memcap,
        "memory for pending negotiate transactions of all flows"),
    ROW("smb.follow.max-messages", CFG_U32, "32", 0, 4096, smb_follow_max,
        "SMB2 messages read after a negotiation (session setup, tree connect, validation) "
        "before the flow is bypassed; 0: stop at the negotiation"),
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
    ROW("sensor-name", CFG_STR, "", 0, 0, sensor_name,
        "written as `host` at the end of every EVE record (empty: no host)"),
    ROW("default-log-dir", CFG_STR, ".", 0, 0, log_dir, "where eve.json is written"),
    /* one set per `- eve-log:` item (doc/eve.md, "Outputs") */
    EROW("enabled", CFG_BOOL, "yes", 0, 1, enabled, "write EVE JSON"),
    /* the words of eve_sink_types[] (output/eve-sink.c), in its order:
     * check_eve_sink keeps the two in step */
    EROWC("filetype", "regular", filetype, "regular stdout unix_stream unix_dgram syslog redis",
          "regular (a file), stdout, unix_stream, unix_dgram, syslog or redis"),
    EROW("filename", CFG_STR, "eve.json", 0, 0, filename,
         "file or unix socket (relative: in the log directory)"),
    EROW("community-id", CFG_BOOL, "yes", 0, 1, community_id,
         "add community_id (Community ID v1)"),
    EROW("community-id-seed", CFG_U32, "0", 0, 65535, community_id_seed, "Community ID seed"),
    EROW("suricata-compatible", CFG_BOOL, "no", 0, 1, suricata_compatible,
         "leave out smb.negotiate and alert.baseline so records match Suricata's schema"),
    EROW("smb-session", CFG_BOOL, "no", 0, 1, smb_session,
         "also write the follow-up after an SMB2 negotiation: session setup and tree connect "
         "smb records and the smb.session facts (doc/eve.md)"),
    EROW("types", CFG_LIST, "smb, alert, anomaly, stats", 0, 0, types,
         "event types written to this output"),
    EROW("buffer-size", CFG_SIZE, "4mb", 0, 1073741824, buffer_size,
         "records kept while a socket, syslog or redis output is down (then dropped, counted)"),
    EROW("flush-interval", CFG_U32, "1", 0, 3600, flush_interval,
         "seconds between flushes of a file output (0: after every record)"),
    EROW("drain-timeout", CFG_U32, "0", 0, 3600, drain_timeout,
         "seconds spent at exit delivering records queued while the output was down"),
    EROW("redis.server", CFG_STR, "127.0.0.1", 0, 0, redis_server,
         "redis host (a path starting with /: its unix socket)"),
    EROW("redis.port", CFG_U32, "6379", 1, 65535, redis_port, "redis TCP port"),
    EROWC("redis.mode", "list", redis_mode, "list rpush lpush channel publish stream xadd",
          "list/lpush: LPUSH (as Suricata), rpush: RPUSH, channel/publish: PUBLISH, "
          "stream/xadd: XADD"),
    EROW("redis.key", CFG_STR, "suricata", 0, 0, redis_key, "redis list, channel or stream"),
    EROW("redis.stream-maxlen", CFG_U32, "100000", 0, UINT32_MAX, redis_stream_maxlen,
         "stream: entries kept (XADD MAXLEN; 0: no trimming)"),
    EROW("redis.stream-trim-exact", CFG_BOOL, "no", 0, 1, redis_stream_exact,
         "stream: trim to exactly stream-maxlen (MAXLEN =, not ~)"),
    EROW("identity", CFG_STR, "smbneg", 0, 0, syslog_identity, "syslog identity"),
    EROWC("facility", "local5", syslog_facility,
          "kern user mail daemon auth syslog lpr news uucp cron authpriv ftp local0 local1 "
          "local2 local3 local4 local5 local6 local7",
          "syslog facility"),
    EROWC("level", "info", syslog_level,
          "emerg alert crit err error warning warn notice info debug", "syslog level"),
    EROW("syslog-socket", CFG_STR, "/dev/log", 0, 0, syslog_socket,
         "the syslog daemon's datagram socket"),
    EROW("prefix", CFG_STR, "", 0, 0, prefix,
         "written before each record (\"@cee: \" for rsyslog's mmjsonparse)"),
    ROW("outputs.fast.enabled", CFG_BOOL, "yes", 0, 1, fast_enabled,
        "write alerts one per line in Suricata's fast.log format"),
    ROW("outputs.fast.filename", CFG_STR, "fast.log", 0, 0, fast_filename,
        "fast.log name in the log directory"),
    ROW("capture.interface", CFG_STR, "", 0, 0, capture_iface,
        "interface captured when no -r is given (-i overrides)"),
    ROW("capture.buffer-size", CFG_SIZE, "64mb", 65536, 2147483647, capture_buffer_size,
        "kernel capture buffer"),
    ROW("capture.snaplen", CFG_U32, "262144", 128, 262144, capture_snaplen,
        "bytes captured per packet"),
    ROW("capture.promisc", CFG_BOOL, "yes", 0, 1, capture_promisc, "promiscuous mode"),
    ROW("capture.bpf-filter", CFG_STR, "auto", 0, 0, capture_bpf,
        "BPF filter; auto: TCP (detect-any-port) or the SMB ports; empty: everything"),
    ROW("stats.enabled", CFG_BOOL, "yes", 0, 1, stats_enabled,
        "write stats records (periodic when live, one at the end)"),
    ROW("stats.interval", CFG_U32, "8", 1, 86400, stats_interval,
        "seconds between stats records when live"),
    RROW("vars.address-groups", CFG_VARS, "", 0, 0, addr_vars,
        "address variables for rules ($HOME_NET, ...)"),
    RROW("vars.port-groups", CFG_VARS, "", 0, 0, port_vars, "port variables for rules"),
    RROW("default-rule-path", CFG_STR, "", 0, 0, rule_path,
        "directory of relative rule files (empty: the policy file's directory)"),
    RROW("rule-files", CFG_LIST, "smb-negotiate.rules", 0, 0, rule_files,
        "rule files; smb-negotiate.rules falls back to the built-in copy"),
    RROW("classification-file", CFG_STR, "", 0, 0, classification_file,
        "classification.config (empty: the built-in classifications)"),
    RROW("reference-config-file", CFG_STR, "", 0, 0, reference_config_file,
        "reference.config (empty: the built-in reference systems, as etc/reference.config)"),
    RROW("threshold-file", CFG_STR, "", 0, 0, threshold_file,
        "threshold.config with threshold/suppress lines (empty: none)"),
    ROW("baseline.enabled", CFG_BOOL, "yes", 0, 1, baseline_enabled,
        "keep host baselines and judge every negotiation against them (smb.baseline)"),
    ROWC("baseline.store", "auto", baseline_store, "auto memory sqlite redis",
         "where baselines live; auto: sqlite when live, memory for a -r run"),
    ROW("baseline.file", CFG_STR, "baseline.sqlite", 0, 0, baseline_file,
        "the sqlite store's database (relative: in the log directory)"),
    ROW("baseline.min-observations", CFG_U32, "2", 1, 1000000, baseline_min_obs,
        "earlier negotiations a host needs before a *-drop or *-change condition holds"),
    ROW("baseline.max-age", CFG_U32, "0", 0, UINT32_MAX, baseline_max_age,
        "seconds (packet time) after which an unseen host starts over; 0: never"),
    ROW("baseline.redis.server", CFG_STR, "127.0.0.1", 0, 0, baseline_redis_server,
        "redis store: host (a path starting with /: its unix socket)"),
    ROW("baseline.redis.port", CFG_U32, "6379", 1, 65535, baseline_redis_port,
        "redis store: TCP port"),
    ROW("baseline.redis.key-prefix", CFG_STR, "smbneg:baseline:", 0, 0, baseline_redis_prefix,
        "redis store: prefix of every key (sensors sharing a baseline use the same)"),
    ROWC("baseline.scope", "run", baseline_scope, "run file",
         "run: one baseline for every capture read (-r, in order); file: empty for each capture"),
    RROW("thresholds", CFG_LIST, "", 0, 0, thresholds, "inline threshold.config lines"),
    RROW("suppress", CFG_LIST, "", 0, 0, suppress, "inline suppress lines"),
    ROWC("engine.rule-errors", "fatal", rule_errors, "fatal warn",
         "fatal: a bad rule, rule file or threshold line ends the run at start-up (exit 2); "
         "warn: report it and run with the rest"),
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

const size_t cfg_n_rows = sizeof(cfg_rows) / sizeof(cfg_rows[0]);

bool config_smb_port(const struct config *c, uint16_t port)
{
    for (uint32_t i = 0; i < c->n_smb_ports; i++)
        if (c->smb_ports[i] == port)
            return true;
    return false;
}

bool config_differs_beyond_reload(const struct config *a, const struct config *b)
{
    struct config *rest = mem_alloc(sizeof(*rest));
    if (!rest)
        return false;
    *rest = *b;
    config_take_reloadable(rest, a); /* both from config_defaults' zeroed struct */
    rest->live = a->live; /* set by main for the sensor, not a policy setting */
    bool differs = memcmp(rest, a, sizeof(*rest)) != 0;
    mem_free(rest);
    return differs;
}

void config_take_reloadable(struct config *dst, const struct config *src)
{
    for (size_t i = 0; i < N_ROWS; i++) {
        const struct cfg_row *r = &cfg_rows[i];
        if (r->reload)
            memcpy((char *)dst + r->off, (const char *)src + r->off, r->width);
    }
    /* where relative rule files are found, and the command line's rule files */
    memcpy(dst->policy_dir, src->policy_dir, sizeof(dst->policy_dir));
    memcpy(dst->rules_only, src->rules_only, sizeof(dst->rules_only));
    dst->rules_extra = src->rules_extra;
}

/* Keys of a suricata.yaml that smbneg accepts silently for compatibility. */
static const char *const cfg_known_prefixes[] = {
    "outputs.eve-log.append", "outputs.fast.append",
};

const struct cfg_row *cfg_row_find(const char *name)
{
    for (size_t i = 0; i < N_ROWS; i++)
        if (strcmp(cfg_rows[i].name, name) == 0)
            return &cfg_rows[i];
    return NULL;
}

/* The CFG_VARS row whose name is a prefix of "name." and the var name. */
const struct cfg_row *cfg_var_row(const char *name, const char **var)
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

/* Where row r's field lives: struct config, or eve-log item `idx`. */
void *cfg_base(struct config *c, const struct cfg_row *r, uint32_t idx)
{
    return r->eve ? (void *)&c->eve[idx] : (void *)c;
}

struct config_list *cfg_list(void *base, const struct cfg_row *r)
{
    return (struct config_list *)(void *)((char *)base + r->off);
}

struct config_vars *cfg_vars(struct config *c, const struct cfg_row *r)
{
    return (struct config_vars *)(void *)((char *)c + r->off);
}

bool cfg_known_prefix(const char *name)
{
    for (size_t i = 0; i < sizeof(cfg_known_prefixes) / sizeof(cfg_known_prefixes[0]); i++)
        if (strncmp(name, cfg_known_prefixes[i], strlen(cfg_known_prefixes[i])) == 0)
            return true;
    return false;
}

bool config_rule_errors_fatal(const struct config *c)
{
    return strcasecmp(c->rule_errors, "warn") != 0;
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

/* Every eve-log row of one item to its default. */
void cfg_eve_defaults(struct config_eve *ev)
{
    memset(ev, 0, sizeof(*ev));
    for (size_t i = 0; i < N_ROWS; i++) {
        const struct cfg_row *r = &cfg_rows[i];
        if (!r->eve)
            continue;
        if (r->type == CFG_LIST)
            (void)cfg_list_parse(cfg_list(ev, r), r->def);
        else
            (void)cfg_set_scalar(ev, r, r->def);
    }
    ev->alert_metadata = true;
}

void config_defaults(struct config *c)
{
    memset(c, 0, sizeof(*c));
    cfg_eve_defaults(&c->eve[0]);
    c->n_eve = 1;
    c->eve_pos[0] = 0; /* outputs: [eve-log, fast] */
    c->fast_pos = 1;
    c->n_outputs = 2;
    for (size_t i = 0; i < N_ROWS; i++) {
        const struct cfg_row *r = &cfg_rows[i];
        if (r->eve)
            continue;
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

/* "outputs.eve-log.N.KEY": item N (created when N is the next one), and
 * the key without N.  Other keys: item 0.  NULL or a reason. */
static const char *cfg_set_eve_item(struct config *c, char *key, uint32_t *idx)
{
    static const char pfx[] = "outputs.eve-log.";
    size_t pl = sizeof(pfx) - 1;
    *idx = 0;
    if (strncmp(key, pfx, pl) != 0 || !isdigit((unsigned char)key[pl]))
        return NULL;
    char *end;
    unsigned long n = strtoul(key + pl, &end, 10);
    if (*end != '.')
        return NULL; /* not an item number: an unknown key below */
    if (n >= CONFIG_MAX_EVE || n > c->n_eve)
        return "no such eve-log output (items are numbered 0, 1, ... in policy order)";
    if (n == c->n_eve) {
        cfg_eve_defaults(&c->eve[n]);
        c->eve_pos[n] = c->n_outputs++;
        c->n_eve++;
    }
    memmove(key + pl, end + 1, strlen(end + 1) + 1);
    *idx = (uint32_t)n;
    return NULL;
}

/* Suricata's index form "outputs.N.eve-log.KEY" and "outputs.N.fast.KEY":
 * N is the item's place in the policy's `outputs` list, as --dump-config
 * numbers it (an eve-log item at the next place is added with the
 * defaults).  Rewrites key to "outputs.eve-log.KEY" / "outputs.fast.KEY"
 * and sets *idx to the eve-log item.  NULL or a reason. */
static const char *cfg_set_output_place(struct config *c, char *key, uint32_t *idx)
{
    static const char pfx[] = "outputs.";
    size_t pl = sizeof(pfx) - 1;
    *idx = 0;
    if (strncmp(key, pfx, pl) != 0 || !isdigit((unsigned char)key[pl]))
        return NULL;
    char *end;
    unsigned long n = strtoul(key + pl, &end, 10);
    const char *name = end + 1;
    if (*end != '.' || (strncmp(name, "eve-log.", 8) != 0 && strncmp(name, "fast.", 5) != 0))
        return "expected outputs.N.eve-log.KEY or outputs.N.fast.KEY";
    uint32_t k = 0;
    if (name[0] == 'f' && n != c->fast_pos)
        return "the fast output is not at that place of outputs (see --dump-config)";
    for (k = 0; name[0] == 'e' && k < c->n_eve && c->eve_pos[k] != n; k++)
        ;
    if (name[0] == 'e' && k == c->n_eve) {
        if (n != c->n_outputs || k >= CONFIG_MAX_EVE)
            return "no eve-log output at that place of outputs (see --dump-config; "
                   "the next place adds one)";
        cfg_eve_defaults(&c->eve[k]);
        c->eve_pos[k] = c->n_outputs++;
        c->n_eve++;
    }
    memmove(key + pl, name, strlen(name) + 1);
    *idx = k;
    return NULL;
}

int config_set(struct config *c, const char *assignment)
{
    const char *eq = strchr(assignment, '=');
    char key[256];
    uint32_t idx;
    if (!eq || (size_t)(eq - assignment) >= sizeof(key)) {
        log_error("--set %s: expected key=value", assignment);
        return -1;
    }
    memcpy(key, assignment, (size_t)(eq - assignment));
    key[eq - assignment] = '\0';
    const char *var, *why = cfg_set_output_place(c, key, &idx);
    if (!why && idx == 0)
        why = cfg_set_eve_item(c, key, &idx);
    if (why) {
        log_error("--set %s: %s", assignment, why);
        return -1;
    }
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
        why = cfg_list_parse(cfg_list(cfg_base(c, r, idx), r), eq + 1);
    } else if (r->type == CFG_PORTS) {
        char tmp[256];
        snprintf(tmp, sizeof(tmp), "%s", eq + 1);
        c->n_smb_ports = 0;
        for (char *s = strtok(tmp, "[], "); s && !why; s = strtok(NULL, "[], "))
            why = cfg_add_port(c, s);
    } else {
        why = cfg_set_scalar(cfg_base(c, r, idx), r, eq + 1);
    }
    if (why) {
        log_error("--set %s: %s", assignment, why);
        return -1;
    }
    return 0;
}

