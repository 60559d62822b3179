/* engine.h - struct engine owns everything for a run and drives the data
 * flow: source -> decode -> flow -> stream -> app -> (detect) -> output. */
#ifndef SMBNEG_ENGINE_H
#define SMBNEG_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "config/config.h"
#include "detect/detect.h"
#include "decode/decode.h"
#include "flow/flow.h"
#include "output/eve.h"
#include "stream/stream.h"

struct engine_counters {
    uint64_t files, file_errors;
    uint64_t packets, bytes;
    uint64_t ipv4, ipv6, tcp, vlan, fragments, invalid, other_link;
    uint64_t flows, smb_flows;
    uint64_t tcp_syn, tcp_synack, tcp_rst, midstream, overlap_bytes;
    uint64_t gaps, depth_reached, stream_overflow;
    uint64_t negotiations, requests, responses;
    uint64_t anomalies;
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
    int config_errors;     /* bad rules, threshold lines, unreadable rule files */
    struct engine_counters n;
    const char *cur_file;  /* basename-free path as given, for pcap_filename */
    int64_t last_sec;      /* packet time of the last housekeeping */
    int64_t first_ts_sec, last_ts_sec;
    bool have_ts;
};

/* Build an engine from a policy: loads the rules (bad ones are reported and
 * skipped; their count is in e->config_errors) and, unless `check_only`,
 * opens the outputs in the log dir.  NULL (with a message logged) on
 * failure. */
struct engine *engine_new(const struct config *cfg, bool check_only);
/* Close outputs and free; -1 when an output had write errors. */
int engine_free(struct engine *e);

/* Process one capture file; 0, or -1 when it was missing, unreadable or
 * corrupt (a one-line error naming it was printed; what was read before the
 * corruption is processed and logged). */
int engine_run_file(struct engine *e, const char *path);

/* Write the final stats record and print the summary line to `out`. */
void engine_finish(struct engine *e, double elapsed, FILE *out);

/* The packet pipeline for one decoded record (exposed for tests/fuzzers). */
void engine_packet(struct engine *e, struct packet *p);

/* End all flows (end of a file). */
void engine_flush(struct engine *e);

#endif
