/* config.h - the policy: a YAML file shaped like suricata.yaml, read with
 * libyaml into struct config.  Every setting is one row of a static const
 * table (name, type, default, bounds, offset), so defaults, validation,
 * --set and --dump-config all come from the same place. */
#ifndef SMBNEG_CONFIG_H
#define SMBNEG_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CONFIG_MAX_PORTS 16
#define CONFIG_PATH_MAX 1024
#define CONFIG_MAX_LIST 32
#define CONFIG_ITEM_MAX 512
#define CONFIG_MAX_VARS 64
#define CONFIG_MAX_EVE 8

/* A list of strings (rule files, event types, threshold lines). */
struct config_list {
    uint32_t n;
    char item[CONFIG_MAX_LIST][CONFIG_ITEM_MAX];
};

/* vars.address-groups / vars.port-groups entries. */
struct config_vars {
    uint32_t n;
    struct {
        char name[64];
        char value[CONFIG_ITEM_MAX];
    } var[CONFIG_MAX_VARS];
};

/* One `- eve-log:` item of `outputs` (rows "outputs.eve-log.*"; --set
 * outputs.eve-log.N.KEY=VALUE addresses item N, 0-based). */
struct config_eve {
    bool enabled;
    char filetype[16];          /* regular stdout unix_stream unix_dgram syslog redis */
    char filename[CONFIG_PATH_MAX]; /* file or socket; relative: in the log directory */
    bool community_id;
    uint32_t community_id_seed;
    bool suricata_compatible;   /* leave out smb.negotiate */
    bool smb_session;           /* write the follow-up's smb records */
    struct config_list types;   /* event types written: smb, alert, anomaly, stats */
    uint64_t buffer_size;       /* bytes of records kept while the sink is down */
    uint32_t flush_interval;    /* seconds between flushes of a file */
    uint32_t drain_timeout;     /* seconds spent at exit delivering queued records */
    char redis_server[256];
    uint32_t redis_port;
    char redis_mode[16];        /* list rpush lpush channel publish stream xadd */
    char redis_key[256];
    uint32_t redis_stream_maxlen; /* stream: XADD MAXLEN (0: no trimming) */
    bool redis_stream_exact;      /* stream: trim to exactly maxlen ("=", not "~") */
    char syslog_identity[64];
    char syslog_facility[16];
    char syslog_level[16];
    char syslog_socket[CONFIG_PATH_MAX];
    char prefix[64];            /* written before each record ("@cee: ") */
    bool alert_metadata;        /* types: - alert: {metadata: no} clears it */
    bool alert_rule;            /* alert.rule, the rule's text: types: - alert:
                                   {rule: yes} or {metadata: {rule: {raw: yes}}} */
};

struct config {
    /* smb */
    uint16_t smb_ports[CONFIG_MAX_PORTS];
    uint32_t n_smb_ports;
    bool smb_any_port;          /* recognise NBSS + SMB on any TCP port */
    uint32_t smb_max_pdu;
    uint32_t smb_max_tx;
    uint64_t smb_memcap;        /* pending transactions of all flows */
    uint32_t smb_follow_max;    /* smb.follow.max-messages */
    /* flow */
    uint64_t flow_memcap;
    uint32_t flow_hash_size;
    uint32_t flow_timeout_new;
    uint32_t flow_timeout_est;
    uint32_t flow_timeout_closed;
    /* stream */
    uint64_t stream_memcap;
    uint32_t stream_depth;
    uint32_t stream_ooo_max;
    /* outputs */
    char sensor_name[256];      /* sensor-name: `host` of every EVE record ("": none) */
    char log_dir[CONFIG_PATH_MAX];
    struct config_eve eve[CONFIG_MAX_EVE]; /* the `- eve-log:` items, in order */
    uint32_t n_eve;
    /* Places in the policy's `outputs` list (Suricata's --set
     * outputs.N.eve-log.KEY numbering): of each eve-log item, of fast, and
     * the number of items (those smbneg ignores included). */
    uint32_t eve_pos[CONFIG_MAX_EVE];
    uint32_t fast_pos;
    uint32_t n_outputs;
    bool fast_enabled;
    char fast_filename[CONFIG_PATH_MAX];
    /* live capture (-i) */
    char capture_iface[256];       /* "": none (offline unless -i is given) */
    uint32_t capture_buffer_size;  /* kernel ring buffer, bytes */
    uint32_t capture_snaplen;
    bool capture_promisc;
    char capture_bpf[CONFIG_ITEM_MAX]; /* "auto": derived from smb.*; "": none */
    /* periodic stats records (live) */
    bool stats_enabled;
    uint32_t stats_interval;       /* seconds */
    /* detection */
    struct config_vars addr_vars;
    struct config_vars port_vars;
    char rule_path[CONFIG_PATH_MAX];  /* default-rule-path ("": the policy's directory) */
    struct config_list rule_files;
    char classification_file[CONFIG_PATH_MAX];
    char reference_config_file[CONFIG_PATH_MAX];
    char threshold_file[CONFIG_PATH_MAX];
    struct config_list thresholds;    /* threshold.config lines */
    struct config_list suppress;      /* threshold.config suppress lines */
    char rule_errors[8];              /* engine.rule-errors: "fatal" or "warn" */
    char policy_dir[CONFIG_PATH_MAX]; /* directory of the loaded policy file */
    /* host baselines (src/baseline/) */
    bool baseline_enabled;
    char baseline_store[16];          /* auto memory sqlite redis */
    char baseline_file[CONFIG_PATH_MAX]; /* sqlite; relative: in the log directory */
    uint32_t baseline_min_obs;
    uint32_t baseline_max_age;        /* seconds, 0: never */
    char baseline_scope[8];           /* run file */
    char baseline_redis_server[256];
    uint32_t baseline_redis_port;
    char baseline_redis_prefix[128];
    /* from the command line, not the policy */
    char rules_only[CONFIG_PATH_MAX]; /* -S: load only this rule file */
    bool live;                        /* the live sensor (-i), not -r */
    struct config_list rules_extra;   /* -s: rule files added */
    int verbose;                      /* -v count: 1 what is loaded and opened, 2 each file */
};

/* engine.rule-errors: does a rule or policy error found while building the
 * detection engine (a bad rule, a rule file that cannot be read, a bad
 * threshold line) end the run at start-up? */
bool config_rule_errors_fatal(const struct config *c);

/* Fill every setting with its default. */
void config_defaults(struct config *c);

/* Copy the settings a reload (SIGUSR2) applies, the rule set's (the rows
 * marked reloadable in config.c's table, and the command line's rule
 * files), from src to dst. */
void config_take_reloadable(struct config *dst, const struct config *src);

/* Does b differ from a in a setting a reload does not apply (outputs,
 * flow, stream, capture...)?  Such changes need a restart. */
bool config_differs_beyond_reload(const struct config *a, const struct config *b);

/* Is port one of smb.ports? */
bool config_smb_port(const struct config *c, uint16_t port);

/* Read a YAML policy over the current values.  `name` is used in messages
 * ("file:line:col: key: reason").  Unknown keys are warnings; wrong types
 * and out-of-range values are errors.  Returns the number of errors (0 on
 * success), -1 when the text is not YAML. */
int config_load_buffer(struct config *c, const char *name, const char *text, size_t len);
int config_load_file(struct config *c, const char *path);

/* The embedded default policy (etc/smbneg.yaml compiled in). */
int config_load_default(struct config *c);
const char *config_default_text(void);

/* Apply "dotted.key=value"; 0 or -1 (with an error message). */
int config_set(struct config *c, const char *assignment);

/* The compiled-in copy of a shipped rule file ("smb-negotiate.rules"), or
 * NULL. */
const char *config_builtin_rules(const char *name);

/* Add a rule file given with -s; 0 or -1. */
int config_add_rule_file(struct config *c, const char *path);

/* Print the effective policy as YAML (--dump-config=yaml), which loads
 * back to the same values. */
void config_dump(const struct config *c, FILE *out);
/* Print it as Suricata's --dump-config does: "dotted.key = value" lines,
 * "(null)" for a node with children, list items numbered. */
void config_dump_kv(const struct config *c, FILE *out);

#endif
