/* stats.h - the run's counters as plain data (a snapshot the engine fills),
 * and the one definition of every stats key: the EVE `stats` record, the
 * `-j` merge of the workers' records and the summary lines all read the key
 * table in stats.c.  A new counter is a snapshot field plus one table row. */
#ifndef SMBNEG_STATS_H
#define SMBNEG_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct jsonw;

struct stats_snapshot {
    bool live;            /* the record has `capture` and detect.engines */
    bool have_detect;     /* a rule set is loaded: the record has `detect` */
    const char *iface;    /* live: the interface, for the summary (borrowed) */
    uint64_t uptime;      /* seconds of wall clock since the run started */
    int64_t last_reload_sec; /* live: wall clock of the last rule (re)load */
    uint64_t files, file_errors;
    uint64_t pkts, bytes, ipv4, ipv6, tcp, vlan;
    uint64_t flows, flows_active, flow_memuse, flow_memcap;
    uint64_t flows_evicted, flows_evicted_needs_work;
    uint64_t syn, synack, rst, midstream, gaps, depth_reached, overlap;
    uint64_t reassembly_memuse, segment_memcap_drop;
    uint64_t smb_flows, negotiations, smb_alloc;
    uint64_t requests, responses, anomalies; /* the summary only */
    uint64_t kernel_packets, kernel_drops, kernel_ifdrops, capture_errors;
    uint64_t reloads, reload_failures;       /* the summary only */
    uint64_t rules_loaded, rules_failed, alerts, alerts_suppressed;
};

/* How the `-j` merge combines one key over the workers' records. */
enum stats_merge {
    STATS_SUM,  /* counters: summed */
    STATS_MAX,  /* peaks (memuse): the largest */
    STATS_RUN,  /* set for the whole run by the merge itself (uptime) */
};

/* The merge rule of a dotted key path below `stats` ("tcp.reassembly_memuse");
 * STATS_SUM for a path the table does not have. */
enum stats_merge stats_merge_of(const char *path);

/* Visit every key of a snapshot: fn(ctx, "decoder.pkts", &value) with a
 * pointer to the snapshot's field, in the record's order; the summary of
 * `-j` fills a snapshot from the merged record this way. */
void stats_foreach(struct stats_snapshot *s, void (*fn)(void *ctx, const char *path, uint64_t *v),
                   void *ctx);

/* Write the `stats` object into a record being built (between eve_begin
 * and eve_end): Suricata's stats keys only, so it validates against
 * Suricata's schema. */
void stats_write(struct jsonw *w, const struct stats_snapshot *s);

/* The summary lines of a run on one engine (stderr at the end of -r and
 * live), without the per-rule alert counts. */
void stats_summary(FILE *out, const struct stats_snapshot *s, double elapsed);

/* The summary line of a -j run (from the merged record). */
void stats_summary_jobs(FILE *out, const struct stats_snapshot *s, double elapsed, unsigned jobs);

#endif
