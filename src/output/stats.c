/* stats.c - the stats keys (Suricata's names), the EVE `stats` object, and
 * the summary lines. */
#include <string.h>

#include "output/eve.h"
#include "output/stats.h"
#include "util/jsonw.h"

enum stats_when {
    STATS_ALWAYS,
    STATS_LIVE,    /* live runs only */
    STATS_DETECT,  /* when a rule set is loaded */
    STATS_ENGINES, /* detect.engines[]: live, with a rule set */
};

struct stats_key {
    const char *path; /* below `stats`, dotted */
    size_t off;       /* of the uint64_t in struct stats_snapshot; 0: none */
    enum stats_when when;
    enum stats_merge merge;
};

#define F(field) offsetof(struct stats_snapshot, field)

/* THE stats keys, in the record's order; a key's parent objects open and
 * close around it as the paths change. */
static const struct stats_key stats_keys[] = {
    {"uptime", F(uptime), STATS_ALWAYS, STATS_RUN},
    {"capture.kernel_packets", F(kernel_packets), STATS_LIVE, STATS_SUM},
    {"capture.kernel_drops", F(kernel_drops), STATS_LIVE, STATS_SUM},
    {"capture.kernel_ifdrops", F(kernel_ifdrops), STATS_LIVE, STATS_SUM},
    {"capture.errors", F(capture_errors), STATS_LIVE, STATS_SUM},
    {"decoder.pkts", F(pkts), STATS_ALWAYS, STATS_SUM},
    {"decoder.bytes", F(bytes), STATS_ALWAYS, STATS_SUM},
    {"decoder.ipv4", F(ipv4), STATS_ALWAYS, STATS_SUM},
    {"decoder.ipv6", F(ipv6), STATS_ALWAYS, STATS_SUM},
    {"decoder.tcp", F(tcp), STATS_ALWAYS, STATS_SUM},
    {"decoder.vlan", F(vlan), STATS_ALWAYS, STATS_SUM},
    {"flow.total", F(flows), STATS_ALWAYS, STATS_SUM},
    {"flow.tcp", F(flows), STATS_ALWAYS, STATS_SUM},
    {"flow.active", F(flows_active), STATS_ALWAYS, STATS_SUM},
    {"flow.memuse", F(flow_memuse), STATS_ALWAYS, STATS_MAX}, /* peak, as reassembly_memuse */
    {"flow.memcap", F(flow_memcap), STATS_ALWAYS, STATS_SUM}, /* times flow.memcap was hit */
    {"flow.mgr.flows_evicted", F(flows_evicted), STATS_ALWAYS, STATS_SUM},
    {"flow.mgr.flows_evicted_needs_work", F(flows_evicted_needs_work), STATS_ALWAYS, STATS_SUM},
    {"tcp.syn", F(syn), STATS_ALWAYS, STATS_SUM},
    {"tcp.synack", F(synack), STATS_ALWAYS, STATS_SUM},
    {"tcp.rst", F(rst), STATS_ALWAYS, STATS_SUM},
    {"tcp.midstream_pickups", F(midstream), STATS_ALWAYS, STATS_SUM},
    {"tcp.reassembly_gap", F(gaps), STATS_ALWAYS, STATS_SUM},
    {"tcp.stream_depth_reached", F(depth_reached), STATS_ALWAYS, STATS_SUM},
    {"tcp.overlap", F(overlap), STATS_ALWAYS, STATS_SUM},
    {"tcp.reassembly_memuse", F(reassembly_memuse), STATS_ALWAYS, STATS_MAX},
    {"tcp.segment_memcap_drop", F(segment_memcap_drop), STATS_ALWAYS, STATS_SUM},
    {"app_layer.flow.smb", F(smb_flows), STATS_ALWAYS, STATS_SUM},
    {"app_layer.tx.smb", F(negotiations), STATS_ALWAYS, STATS_SUM},
    {"app_layer.error.smb.alloc", F(smb_alloc), STATS_ALWAYS, STATS_SUM}, /* smb.memcap refusals */
    {"detect.engines", 0, STATS_ENGINES, STATS_SUM},
    {"detect.alert", F(alerts), STATS_DETECT, STATS_SUM},
    {"detect.alerts_suppressed", F(alerts_suppressed), STATS_DETECT, STATS_SUM},
};

#define N_KEYS (sizeof(stats_keys) / sizeof(stats_keys[0]))

enum stats_merge stats_merge_of(const char *path)
{
    for (size_t i = 0; i < N_KEYS; i++)
        if (strcmp(stats_keys[i].path, path) == 0)
            return stats_keys[i].merge;
    return STATS_SUM;
}

void stats_foreach(struct stats_snapshot *s, void (*fn)(void *ctx, const char *path, uint64_t *v),
                   void *ctx)
{
    for (size_t i = 0; i < N_KEYS; i++)
        if (stats_keys[i].off)
            fn(ctx, stats_keys[i].path, (uint64_t *)(void *)((char *)s + stats_keys[i].off));
}

static bool stats_key_present(const struct stats_key *k, const struct stats_snapshot *s)
{
    switch (k->when) {
    case STATS_LIVE:
        return s->live;
    case STATS_DETECT:
        return s->have_detect;
    case STATS_ENGINES:
        return s->live && s->have_detect;
    default:
        return true;
    }
}

#define STATS_DEPTH 4 /* "app_layer.error.smb.alloc" */

/* The objects open around the key being written, outermost first. */
struct stats_path {
    char name[STATS_DEPTH][24];
    int n;
};

/* Split path into its parent components and its leaf; returns the leaf. */
static const char *stats_split(const char *path, struct stats_path *parent)
{
    parent->n = 0;
    const char *leaf = path;
    for (const char *dot; (dot = strchr(leaf, '.')) && parent->n < STATS_DEPTH; leaf = dot + 1) {
        size_t n = (size_t)(dot - leaf);
        n = n < sizeof(parent->name[0]) ? n : sizeof(parent->name[0]) - 1;
        memcpy(parent->name[parent->n], leaf, n);
        parent->name[parent->n++][n] = '\0';
    }
    return leaf;
}

/* Close the open objects that `want` does not share, open the ones it adds. */
static void stats_move(struct jsonw *w, struct stats_path *open, const struct stats_path *want)
{
    int common = 0;
    while (common < open->n && common < want->n &&
           strcmp(open->name[common], want->name[common]) == 0)
        common++;
    for (int i = open->n; i > common; i--)
        jsonw_obj_close(w);
    for (int i = common; i < want->n; i++)
        jsonw_obj_open(w, want->name[i]);
    *open = *want;
}

/* detect.engines: the rule set in Suricata's shape. */
static void stats_write_engines(struct jsonw *w, const struct stats_snapshot *s)
{
    char when[40];
    eve_format_time(s->last_reload_sec, 0, when);
    jsonw_arr_open(w, "engines");
    jsonw_obj_open(w, NULL);
    jsonw_uint(w, "id", 0);
    jsonw_str(w, "last_reload", when);
    jsonw_uint(w, "rules_loaded", s->rules_loaded);
    jsonw_uint(w, "rules_failed", s->rules_failed);
    jsonw_obj_close(w);
    jsonw_arr_close(w);
}

void stats_write(struct jsonw *w, const struct stats_snapshot *s)
{
    struct stats_path open = {.n = 0}, want;
    jsonw_obj_open(w, "stats");
    for (size_t i = 0; i < N_KEYS; i++) {
        const struct stats_key *k = &stats_keys[i];
        if (!stats_key_present(k, s))
            continue;
        const char *leaf = stats_split(k->path, &want);
        stats_move(w, &open, &want);
        if (k->when == STATS_ENGINES)
            stats_write_engines(w, s);
        else
            jsonw_uint(w, leaf, *(const uint64_t *)(const void *)((const char *)s + k->off));
    }
    want.n = 0;
    stats_move(w, &open, &want);
    jsonw_obj_close(w);
}

void stats_summary(FILE *out, const struct stats_snapshot *s, double elapsed)
{
    if (s->live)
        fprintf(out, "smbneg: live on %s: ", s->iface);
    else
        fprintf(out, "smbneg: %llu file(s) (%llu failed), ", (unsigned long long)s->files,
                (unsigned long long)s->file_errors);
    fprintf(out,
            "%llu packets, %llu flows, %llu SMB flows, "
            "%llu negotiations (%llu requests, %llu responses), %llu anomalies, %.3f s\n",
            (unsigned long long)s->pkts, (unsigned long long)s->flows,
            (unsigned long long)s->smb_flows, (unsigned long long)s->negotiations,
            (unsigned long long)s->requests, (unsigned long long)s->responses,
            (unsigned long long)s->anomalies, elapsed);
    if (s->live)
        fprintf(out,
                "smbneg: capture: %llu packets received, %llu dropped by the kernel, "
                "%llu by the interface; %llu reloads: %llu applied, %llu failed\n",
                (unsigned long long)s->kernel_packets, (unsigned long long)s->kernel_drops,
                (unsigned long long)s->kernel_ifdrops,
                (unsigned long long)(s->reloads + s->reload_failures),
                (unsigned long long)s->reloads, (unsigned long long)s->reload_failures);
    if (s->have_detect)
        fprintf(out, "smbneg: %llu rules, %llu alerts (%llu suppressed or thresholded)\n",
                (unsigned long long)s->rules_loaded, (unsigned long long)s->alerts,
                (unsigned long long)s->alerts_suppressed);
}

void stats_summary_jobs(FILE *out, const struct stats_snapshot *s, double elapsed, unsigned jobs)
{
    fprintf(out,
            "smbneg: %llu file(s) (%llu failed), %llu packets, %llu flows, %llu SMB flows, "
            "%llu negotiations, %llu alerts, %.3f s, %u worker(s)\n",
            (unsigned long long)s->files, (unsigned long long)s->file_errors,
            (unsigned long long)s->pkts, (unsigned long long)s->flows,
            (unsigned long long)s->smb_flows, (unsigned long long)s->negotiations,
            (unsigned long long)s->alerts, elapsed, jobs);
}
