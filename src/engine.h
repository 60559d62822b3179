/* engine.h - struct engine owns everything for a run and drives the data
 * flow: source -> decode -> flow -> stream -> app -> (detect) -> output. */
#ifndef SMBNEG_ENGINE_H
#define SMBNEG_ENGINE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "baseline/baseline.h"
#include "config/config.h"
#include "detect/detect.h"
#include "decode/decode.h"
#include "flow/flow.h"
#include "output/eve.h"
#include "output/stats.h"
#include "stream/stream.h"

/* Live capture state (engine_live_begin); the capture and reload counters
 * are in engine.n with the others. */
struct engine_live {
    bool on;                 /* stats use wall-clock time and carry `capture` */
    const char *iface;       /* for the summary line (borrowed) */
    int64_t start_sec;       /* wall clock at start, for stats.uptime */
};

struct engine {
    struct config cfg;
    struct flow_table flows;
    struct stream_cfg stream_cfg;
    struct memcap stream_mc;
    struct memcap smb_mc;  /* negotiate transactions (smb.memcap) */
    struct app_cfg app_cfg;
    struct app_sink sink;
    struct eve eve;
    bool eve_open;
    bool log_smb, log_alert, log_anomaly, log_stats; /* outputs.eve-log.types */
    struct fast_log fast;
    struct detect *detect;
    struct detect_stats detect_retired; /* counters of rule sets replaced by a reload */
    struct baseline *baseline;  /* host baselines; NULL: baseline.enabled no, or -T */
    bool baseline_per_file;     /* baseline.scope: file */
    struct engine_live live;
    int config_errors;     /* bad rules, threshold lines, unreadable rule files */
    struct stats_snapshot n; /* the counters the pipeline keeps (output/stats.h) */
    const char *cur_file;  /* basename-free path as given, for pcap_filename */
    /* Called every 1024 packets read by engine_run_file (the progress line
     * of runmode-files.c); NULL: never. */
    void (*on_progress)(void *ctx, const struct engine *e);
    void *progress_ctx;
    /* Set by the run mode (engine_set_stop_flag), pointing at its signal flag:
     * when it becomes non-zero engine_run_file stops at the next packet
     * boundary.  NULL: never. */
    const volatile sig_atomic_t *stop;
    bool stopped;          /* engine_run_file stopped early (stop, or no reader left) */
    int64_t last_sec;      /* packet time of the last housekeeping */
    int64_t last_ts_sec;   /* the latest packet time: the final stats timestamp */
    bool have_ts;
    double start_mono;     /* CLOCK_MONOTONIC at engine_new: stats.uptime offline */
};

/* Build an engine from a policy: loads the rules (bad ones are reported and
 * skipped; their count is in e->config_errors) and, unless `check_only`,
 * opens the outputs in the log dir.  NULL (with a message logged) on
 * failure, and also, unless `check_only`, when a rule or policy error was
 * reported and engine.rule-errors is fatal (the default). */
struct engine *engine_new(const struct config *cfg, bool check_only);
/* True, with a message, when e->config_errors must stop the run
 * (engine.rule-errors: fatal); for callers of engine_new(cfg, true). */
bool engine_rule_errors_stop(const struct engine *e);
/* Close outputs and free; -1 when an output had write errors. */
int engine_free(struct engine *e);

/* Process one capture file; 0, or -1 when it was missing, unreadable or
 * corrupt (a one-line error naming it was printed; what was read before the
 * corruption is processed and logged).  Stops early, at a packet boundary
 * and with e->stopped set, when *e->stop is set or every output's reader
 * has gone; the flows end either way. */
int engine_run_file(struct engine *e, const char *path);
/* The run mode's signal flag: when *flag becomes non-zero,
 * engine_run_file stops at the next packet boundary (e->stopped set). */
void engine_set_stop_flag(struct engine *e, const volatile sig_atomic_t *flag);
/* An input that is not read at all (a special file in a -r directory):
 * one error line "PATH: WHY", counted as a failed file. */
void engine_file_failed(struct engine *e, const char *path, const char *why);

/* Write the final stats record and print the summary line to `out`. */
void engine_finish(struct engine *e, double elapsed, FILE *out);

/* The packet pipeline for one decoded record (exposed for tests/fuzzers). */
void engine_packet(struct engine *e, struct packet *p);

/* End all flows (end of a file). */
void engine_flush(struct engine *e);

/* ---- live mode: called by runmode-live.c; engine_tick and engine_stats
 * ---- */

/* Housekeeping by wall clock while no packets arrive: flows idle past their
 * timeout at `now` (seconds, the clock packets are stamped with) end. */
void engine_tick(struct engine *e, int64_t now);

/* Write a stats record now (live: wall-clock timestamp and uptime, plus
 * the `capture` counters of e->live). */
void engine_stats(struct engine *e);

/* Replace the rule set with the one new_cfg describes (variables,
 * classification, rule and threshold files).  All or nothing: on any error
 * (each logged on its own line) the current set stays and -1 is returned;
 * otherwise 0.  Other settings of new_cfg (outputs, flow, stream, capture)
 * are not applied: they need a restart.  Flows and their transactions are
 * kept; threshold state starts afresh with the new set. */
int engine_reload(struct engine *e, const struct config *new_cfg);

/* Periodic output work at monotonic time `now`: flush and reconnect the
 * eve-log outputs (eve_tick), flush fast.log. */
void engine_tick_outputs(struct engine *e, double now);

/* Live: capturing on iface from wall-clock second wall_sec on (stats use
 * wall-clock time, records carry in_iface). */
void engine_live_begin(struct engine *e, const char *iface, int64_t wall_sec);
/* Live: libpcap's counters (pcap_stats), or a failure to read them. */
void engine_live_capture(struct engine *e, uint64_t packets, uint64_t drops, uint64_t ifdrops);
void engine_live_capture_error(struct engine *e);
/* A reload that could not even read its policy: counted and logged. */
void engine_reload_failed(struct engine *e);
/* Rules of the current set. */
uint64_t engine_rules_loaded(const struct engine *e);

/* -r: call fn(ctx, e) every 1024 packets (the progress line). */
void engine_set_progress(struct engine *e, void (*fn)(void *ctx, const struct engine *e),
                         void *ctx);

/* Records lost or refused by the outputs so far (eve_output_stats, plus
 * fast.log write errors). */
uint64_t engine_output_errors(const struct engine *e);

/* Write what the file outputs (EVE files, stdout, fast.log) have
 * buffered; 0, or the errno of the first write that failed in their life
 * (a full disk: the records lost are counted and reported at close). */
int engine_flush_outputs(struct engine *e);

/* Reopen eve.json and fast.log under their names (after logrotate moved
 * them); 0, or -1 when one could not be reopened (logged). */
int engine_reopen_outputs(struct engine *e);

/* engine-sink.c: the app_sink handed to parsers (ctx e): detection,
 * baselines and EVE per transaction and per follow-up. */
struct app_sink engine_app_sink(struct engine *e);
/* Where a record of flow f, caused by packet p (NULL: flow end or timeout),
 * says it comes from. */
struct eve_origin engine_origin(const struct engine *e, const struct flow *f,
                                const struct packet *p);
/* Before a flow's first record: its Community ID (once per flow). */
void engine_flow_prepare(const struct engine *e, struct flow *f);

#endif
