/* eve.h - EVE JSON output (Suricata's log format): the sink, the common
 * header every record starts with, and one writer per event type. */
#ifndef SMBNEG_EVE_H
#define SMBNEG_EVE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "decode/decode.h"
#include "flow/flow.h"
#include "output/eve-sink.h"
#include "util/jsonw.h"

struct smb_tx;
struct smb_session;
struct smb_tree;

#define EVE_MAX_LOGS 8

/* Event types, as bits of a log's `types`. */
enum eve_type {
    EVE_T_ALERT = 1u << 0,
    EVE_T_SMB = 1u << 1,
    EVE_T_ANOMALY = 1u << 2,
    EVE_T_STATS = 1u << 3,
};

/* One outputs.eve-log instance: what it writes and where. */
struct eve_log_cfg {
    unsigned types;          /* enum eve_type bits */
    bool community_id;
    uint16_t community_id_seed;
    bool suricata_compatible; /* leave out smb.negotiate */
    bool smb_session;         /* write the follow-up's records (eve_smb_session_log) */
    bool alert_lean;          /* alerts without flow, smb and the rule's metadata
                               * (types: - alert: {metadata: no}) */
    bool alert_rule;          /* alert.rule: the rule's text (- alert: {rule: yes}) */
    char prefix[64];          /* written before each record ("@cee: ") */
    struct eve_sink_cfg sink;
};

struct eve_log {
    unsigned types;
    bool community_id;
    uint16_t community_id_seed;
    bool suricata_compatible;
    bool smb_session;
    bool alert_lean;
    bool alert_rule;
    char prefix[64];
    struct eve_sink *sink;   /* owned */
};

/* Every EVE output of a run.  A record is built once into `w` and handed to
 * each log that wants its type; logs whose options change the record's
 * bytes (community-id, suricata-compatible) get their own rendering (the
 * writers loop with eve_next()). */
struct eve {
    struct eve_log log[EVE_MAX_LOGS];
    size_t n_logs;
    struct jsonw w;          /* the record being built, reused */
    bool w_ready;
    /* the record being built: its type, the log it is rendered for, the
     * logs already given it, and that log's options (read by writers) */
    unsigned cur_type;
    size_t cur;
    uint32_t done;
    bool picked;             /* eve_next() chose cur for the next eve_begin() */
    bool community_id;
    uint16_t community_id_seed;
    bool suricata_compatible;
    bool smb_session;
    bool alert_lean;
    bool alert_rule;
    const char *prefix;      /* the picked log's (borrowed) */
    /* The `smb` object of the transaction being logged, serialised once
     * for its smb record and every alert on it (eve_smb_member). */
    struct {
        struct jsonw w;
        const struct smb_tx *tx; /* NULL: empty */
        bool suricata_compatible;
    } smb_cache;
    char host[256];          /* sensor-name: `host` last in every record ("": none) */
    const char *in_iface;    /* live: the interface, `in_iface` of flow and packet
                              * records (borrowed; NULL offline) */
    uint64_t records;        /* records built */
    uint64_t write_errors;   /* records lost before any sink (out of memory) */
};

/* Write what the file outputs have buffered (eve_sink_flush); 0, or the
 * errno of the first failed write of a file output. */
int eve_flush(struct eve *e);

/* Every output's reader has gone (stdout piped into `head`): nothing the
 * run writes can be delivered any more.  False when there is no output. */
bool eve_readers_gone(const struct eve *e);

/* Where the record comes from: the capture file and packet number. */
struct eve_origin {
    const char *pcap_filename;
    uint64_t pcap_cnt;       /* 0: no packet (flow end, end of input) */
    int64_t ts_sec;
    int32_t ts_usec;
};

/* An empty set of outputs. */
void eve_init(struct eve *e);
/* Open one more output (eve_sink_new: a file that cannot be opened is an
 * error; a socket or redis that is down is retried).  0 / -1 (logged). */
int eve_add(struct eve *e, const struct eve_log_cfg *c);
/* eve-config.c: the outputs.eve-log item number idx of the policy ->
 * eve_add()'s argument (to_stdout: `-l -`, a regular file becomes stdout).
 * The sink path is the policy's filename as written (the caller resolves
 * it in the log directory).  0 / -1 (logged). */
struct config_eve;
int eve_log_cfg_from(struct eve_log_cfg *out, const struct config_eve *c, unsigned idx,
                     bool to_stdout);
/* eve_init + one regular file at path with every type.  0 / -1. */
int eve_open(struct eve *e, const char *path);
/* Deliver or count what is pending, close every output (each non-file one
 * prints its summary line on stderr); -1 when a write failed anywhere. */
int eve_close(struct eve *e);

/* Does any output want records of this type (enum eve_type bit)? */
bool eve_wants(const struct eve *e, unsigned type);
/* "alert" -> EVE_T_ALERT ...; 0 when unknown. */
unsigned eve_type_of(const char *name);
/* Writers: `for (size_t i = 0; eve_next(e, EVE_T_X, &i);) { eve_begin ...
 * eve_end }` renders the record once per distinct set of options among
 * the outputs that want it.  A lone eve_begin/eve_end pair (stats) serves
 * every output wanting that type when the options cannot matter. */
bool eve_next(struct eve *e, unsigned type, size_t *i);
/* The seed flows cache their community_id with (the first output that
 * writes community_id); false when none does. */
bool eve_flow_cid_seed(const struct eve *e, uint16_t *seed);

/* Periodic work (call about once a second with a monotonic clock): flush
 * files every flush-interval, reconnect sinks that are down, send what
 * they queued. */
void eve_tick(struct eve *e, double now_monotonic);
/* Reopen regular files under their names (SIGHUP after logrotate).  0, or
 * -1 when one could not be reopened (logged; its records are queued and
 * the reopen retried). */
int eve_reopen(struct eve *e);
/* Counters summed over every output. */
void eve_output_stats(const struct eve *e, struct eve_output_stats *out);

/* Every record ends with "host": name (Suricata's sensor-name); "" or NULL:
 * no host.  A name too long for eve.host is cut. */
void eve_set_host(struct eve *e, const char *name);
/* Live capture: flow and packet records carry "in_iface": iface, as
 * Suricata's (borrowed: iface must outlive e; NULL: none). */
void eve_set_iface(struct eve *e, const char *iface);

/* Start a record: timestamp, flow_id, in_iface, pcap_cnt, pcap_filename,
 * event_type, vlan, src/dest (client -> server), ip_v, proto, community_id.
 * f may be NULL (packet-only records, taken from p); p may be NULL. */
void eve_begin(struct eve *e, const struct eve_origin *o, const char *event_type,
               const struct flow *f, const struct packet *p);
/* Finish the record (host, when set) and write it as one line. */
void eve_end(struct eve *e);

/* Format packet time as "2026-11-24T08:40:01.123456+0000" (UTC). */
void eve_format_time(int64_t sec, int32_t usec, char out[40]);

/* eve-smb.c: the `smb` object of a negotiate transaction (the only
 * serialiser of smb_tx; alerts use it too). */
void eve_smb_tx(struct jsonw *w, const struct smb_tx *tx, bool suricata_compatible);
/* eve-smb-summary.c: `smb.negotiate.summary`, the flat outcome of tx. */
void eve_smb_summary(struct jsonw *w, const struct smb_tx *tx);
/* The `smb` member of the record being built for tx: eve_smb_tx's output,
 * serialised at the first use and copied for the next records on the same
 * transaction, until eve_smb_forget().  The engine calls eve_smb_forget()
 * when it is done logging a transaction (before tx is freed). */
void eve_smb_member(struct eve *e, const struct smb_tx *tx);
void eve_smb_forget(struct eve *e);
/* Suricata's top-level `tx_id` of a record about tx: the transaction's
 * 0-based number within its flow (smb_tx.id - 1), the same in the `smb`
 * record and in every alert on it. */
void eve_tx_id(struct eve *e, const struct smb_tx *tx);
void eve_smb_log(struct eve *e, const struct eve_origin *o, const struct flow *f,
                 const struct smb_tx *tx);

/* eve-smb-session.c: the records of a connection's follow-up (tx->follow,
 * app/smb/smb-session.h): one `smb` record per session setup and per tree
 * connect (Suricata's shape, at the packet of its response), then the
 * connection's session facts (`smb.session`, at o; not in
 * suricata-compatible logs).  Nothing when tx->follow is NULL. */
void eve_smb_session_log(struct eve *e, const struct eve_origin *o, const struct flow *f,
                         const struct smb_tx *tx);
/* Their `smb` objects: a session's SESSION_SETUP, a TREE_CONNECT (both
 * with smbneg's detail object unless suricata_compatible), the facts. */
void eve_smb_session_setup(struct jsonw *w, const struct smb_tx *tx, const struct smb_session *s,
                           bool suricata_compatible);
void eve_smb_tree_connect(struct jsonw *w, const struct smb_tx *tx, const struct smb_tree *t,
                          bool suricata_compatible);
void eve_smb_session_facts(struct jsonw *w, const struct smb_tx *tx);

/* ---- eve-table.c: THE EVE writers of the app-layer protocols, one row
 * ---- per protocol (app_parser.name).  A second parser is one row; a
 * ---- second phase of a protocol is one more member of its row. */
struct eve_app {
    const char *name; /* app_parser.name, written as app_proto */
    /* The records of a completed transaction (smb: the `smb` event). */
    void (*log_tx)(struct eve *e, const struct eve_origin *o, const struct flow *f,
                   const struct smb_tx *tx);
    /* The protocol's object in a record of another type (an alert on tx). */
    void (*member)(struct eve *e, const struct smb_tx *tx);
    /* tx is about to be freed: drop what `member` kept of it. */
    void (*forget)(struct eve *e);
    /* The records of a connection's follow-up after its negotiation
     * (tx->follow set; smb: session setups, tree connects, facts). */
    void (*log_follow)(struct eve *e, const struct eve_origin *o, const struct flow *f,
                       const struct smb_tx *tx);
};
/* The writer of f's protocol (f->app), or NULL when it has none. */
const struct eve_app *eve_app_of(const struct flow *f);

/* eve-alert.c: an alert in Suricata's shape, with the transaction's object
 * (eve_app_of(f)->member); dir is the message that completed the match. */
struct detect_alert;
void eve_alert_log(struct eve *e, const struct eve_origin *o, const struct flow *f,
                   const struct smb_tx *tx, const struct detect_alert *a, enum flow_dir dir);

/* fast-log.c: Suricata's fast.log line format, whole lines only
 * (util/linefile.h: a failed write is cut back to the last whole alert). */
struct fast_log {
    struct linefile lf;      /* valid while `open` */
    bool open;
    char path[1024];
};
int fast_log_open(struct fast_log *fl, const char *path);
/* Flush and close; one error line with the alerts written and lost and
 * the reason when a write failed.  0 / -1 (write errors). */
int fast_log_close(struct fast_log *fl);
/* Write what is buffered (live: alerts show up within a tick). */
void fast_log_flush(struct fast_log *fl);
/* Alerts lost to write errors so far. */
uint64_t fast_log_lost(const struct fast_log *fl);
/* Flush, close and open the file again under its name (logrotate); 0 / -1
 * (logged; alerts are not written until a reopen succeeds). */
int fast_log_reopen(struct fast_log *fl);
void fast_log_write(struct fast_log *fl, const struct eve_origin *o, const struct flow *f,
                    const struct detect_alert *a);

/* eve-anomaly.c */
void eve_anomaly_log(struct eve *e, const struct eve_origin *o, const struct flow *f,
                     const struct packet *p, const char *type, const char *event,
                     const char *layer, const char *app_proto);

#endif
