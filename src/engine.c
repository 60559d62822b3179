/* engine.c - the pipeline: source -> decode -> flow -> stream -> app ->
 * output, and housekeeping (flow timeouts) driven by packet time. */
#include <time.h>

#define LOG_MODULE "engine"
#include "app/smb/smb.h"
#include "detect/detect-policy.h"
#include "engine.h"
#include "output/output.h"
#include "output/stats.h"
#include "source/source-pcap.h"
#include "util/log.h"
#include "util/mem.h"

/* ------------------------------------------------------------ events */

static void engine_stream_anomaly(struct engine *e, struct flow *f, const struct packet *p,
                                  enum stream_anomaly a)
{
    e->n.anomalies++;
    f->n_anomalies++;
    engine_flow_prepare(e, f);
    if (e->eve_open && e->log_anomaly) {
        struct eve_origin o = engine_origin(e, f, p);
        eve_anomaly_log(&e->eve, &o, f, NULL, "stream", stream_anomaly_name(a), NULL,
                        f->app ? f->app->name : NULL);
    }
}

static void engine_decode_anomalies(struct engine *e, const struct packet *p)
{
    for (int i = 0; i < p->n_events; i++) {
        e->n.anomalies++;
        if (e->eve_open && e->log_anomaly) {
            struct eve_origin o = engine_origin(e, NULL, p);
            eve_anomaly_log(&e->eve, &o, NULL, p, "decode",
                            decode_event_name((enum decode_event)p->events[i]), NULL, NULL);
        }
    }
}

/* ------------------------------------------------------------- flows */

/* A flow leaves the table: report holes, let the app finish, free. */
static void engine_flow_end(void *ctx, struct flow *f)
{
    struct engine *e = ctx;
    bool negotiating = f->app_state && !f->app_done && !f->negotiated;
    if (f->evicted && negotiating) /* negotiation cut short */
        engine_stream_anomaly(e, f, NULL, STREAM_AN_FLOW_EVICTED);
    if (f->app_state) {
        for (int s = 0; s < 2; s++) {
            if (!f->app_done && stream_dir_has_hole(&f->stream[s]) && !f->stream[s].closed) {
                if (negotiating) {
                    e->n.gaps++;
                    engine_stream_anomaly(e, f, NULL, STREAM_AN_REASSEMBLY_GAP);
                }
                f->app->gap(f->app_state, &e->sink, f, s);
            }
        }
        f->app->flow_end(f->app_state, &e->app_cfg, &e->sink, f);
        if (f->app->detected(f->app_state))
            e->n.smb_flows++;
        f->app->state_free(f->app_state);
        f->app_state = NULL;
    }
    stream_dir_deinit(&f->stream[0], &e->stream_cfg);
    stream_dir_deinit(&f->stream[1], &e->stream_cfg);
}

/* A new flow: its roles, and its parser when it uses the SMB ports. */
static void engine_flow_setup(struct engine *e, struct flow *f, const struct packet *p)
{
    bool sp = config_smb_port(&e->cfg, p->sport), dp = config_smb_port(&e->cfg, p->dport);
    flow_tcp_roles(f, p, sp, dp);
    f->smb_port = sp || dp;
    if (f->smb_port)
        f->app = app_table_find("smb"); /* smb.ports are the SMB parser's */
    else if (!e->cfg.smb_any_port)
        f->app_done = true;
    e->n.flows++;
}

/* The negotiation is over (p: the packet that ended it).  A direction still
 * waiting behind a hole, or whose bytes the peer acknowledged without their
 * being seen (a request with a hole whose response came), lost data for
 * good: a gap, reported here as the flow will not reach its end with the
 * hole.  Later troubles belong to the follow-up, not the negotiation. */
static void engine_negotiation_over(struct engine *e, struct flow *f, const struct packet *p)
{
    f->negotiated = true;
    for (int s = 0; s < 2; s++) {
        const struct stream_dir *sd = &f->stream[s];
        if (!sd->closed && (stream_dir_has_hole(sd) ||
                            (f->acked[1 - s] &&
                             stream_dir_acked_past(sd, f->ack[1 - s], f->fin[s])))) {
            e->n.gaps++;
            engine_stream_anomaly(e, f, p, STREAM_AN_REASSEMBLY_GAP);
        }
    }
}

/* Nothing more to parse (p: the packet that ended it): free reassembly,
 * keep app state for pending txs. */
static void engine_flow_app_over(struct engine *e, struct flow *f, const struct packet *p)
{
    if (!f->negotiated)
        engine_negotiation_over(e, f, p);
    f->app_done = true;
    stream_dir_close(&f->stream[0], &e->stream_cfg);
    stream_dir_close(&f->stream[1], &e->stream_cfg);
}

struct deliver_ctx {
    struct engine *e;
    struct flow *f;
    const struct packet *p;
    int side;
};

static size_t engine_deliver(void *ctx, const uint8_t *data, size_t len)
{
    struct deliver_ctx *d = ctx;
    struct flow *f = d->f;
    if (!f->app_state)
        return len;
    return f->app->parse(f->app_state, &d->e->app_cfg, &d->e->sink, f, d->p, d->side, data,
                         len);
}

/* Any-port detection on the first payload: the first parser of the table
 * that recognises it; false: none does. */
static bool engine_flow_probe(struct engine *e, struct flow *f, const struct packet *p)
{
    for (size_t i = 0; !f->app && e->cfg.smb_any_port && app_table_get(i); i++)
        if (app_table_get(i)->probe(p->payload, p->payload_len))
            f->app = app_table_get(i);
    if (!f->app)
        return false;
    if (!f->app_state) {
        f->app_state = f->app->state_new();
        if (!f->app_state)
            return false;
    }
    return true;
}

static void engine_stream_result(struct engine *e, struct flow *f, const struct packet *p,
                                 int side, enum stream_result r)
{
    switch (r) {
    case STREAM_OK:
        return;
    case STREAM_GAP:
    case STREAM_MEMCAP:
        if (f->negotiated) /* the follow-up ends, the negotiation was whole */
            break;
        e->n.gaps++;
        engine_stream_anomaly(e, f, p, r == STREAM_GAP ? STREAM_AN_REASSEMBLY_GAP
                                                       : STREAM_AN_REASSEMBLY_MEMCAP);
        break;
    case STREAM_DEPTH:
        e->n.depth_reached++;
        break;
    case STREAM_OVERFLOW:
        if (!f->negotiated)
            engine_stream_anomaly(e, f, p, STREAM_AN_APP_BUFFER_OVERFLOW);
        break;
    }
    stream_dir_close(&f->stream[side], &e->stream_cfg);
    f->app->gap(f->app_state, &e->sink, f, side);
}

static void engine_flow_packet(struct engine *e, struct flow *f, const struct packet *p,
                               int side);

void engine_packet(struct engine *e, struct packet *p)
{
    e->n.pkts++;
    e->n.bytes += p->caplen;
    decode_packet(p);
    if (p->n_events)
        engine_decode_anomalies(e, p);
    e->n.ipv4 += p->ip_v == 4;
    e->n.ipv6 += p->ip_v == 6;
    e->n.vlan += p->n_vlan > 0;
    if (p->ts_sec > e->last_sec) { /* housekeeping once per second of packet time */
        flow_table_expire(&e->flows, p->ts_sec, engine_flow_end, e);
        if (e->baseline)
            baseline_tick(e->baseline);
        e->last_sec = p->ts_sec;
    }
    if (!p->is_tcp)
        return;
    e->n.tcp++;
    int side;
    bool created;
    struct flow *f = flow_table_get(&e->flows, p, &side, &created, engine_flow_end, e);
    if (f && !created && flow_is_reused(f, p, side)) { /* a new connection: a new flow */
        flow_table_end(&e->flows, f, engine_flow_end, e);
        f = flow_table_get(&e->flows, p, &side, &created, engine_flow_end, e);
    }
    if (!f)
        return; /* counted in e->flows.refused */
    if (created)
        engine_flow_setup(e, f, p);
    f->last_sec = p->ts_sec;
    f->last_usec = p->ts_usec;
    engine_flow_packet(e, f, p, side);
    /* after the packet: the flow's eviction class may have changed */
    flow_table_touch(&e->flows, f, p->ts_sec, p->ts_usec);
}

/* One TCP packet of a flow: counters, TCP state, reassembly, the parser. */
static void engine_flow_packet(struct engine *e, struct flow *f, const struct packet *p, int side)
{
    unsigned seen = flow_tcp_packet(f, p, side);
    e->n.syn += (seen & FLOW_TCP_SYN) != 0;
    e->n.synack += (seen & FLOW_TCP_SYNACK) != 0;
    e->n.rst += (seen & FLOW_TCP_RST) != 0;
    if (f->app_done || p->payload_len == 0)
        return;
    struct stream_dir *sd = &f->stream[side];
    if (!sd->init) {
        stream_dir_start(sd, p->seq, true);
        e->n.midstream++;
    }
    if (!f->app_state && !engine_flow_probe(e, f, p)) {
        f->app_done = true;
        return;
    }
    sd->last_pcap_cnt = p->pcap_cnt;
    sd->last_sec = p->ts_sec;
    sd->last_usec = p->ts_usec;
    struct deliver_ctx dc = {e, f, p, side};
    enum stream_result r = stream_dir_insert(sd, &e->stream_cfg, p->seq, p->payload,
                                             p->payload_len, engine_deliver, &dc,
                                             &e->n.overlap);
    engine_stream_result(e, f, p, side, r);
    if (!f->negotiated && f->app->negotiated(f->app_state))
        engine_negotiation_over(e, f, p);
    if (f->app->done(f->app_state))
        engine_flow_app_over(e, f, p);
}

void engine_flush(struct engine *e)
{
    flow_table_flush(&e->flows, engine_flow_end, e);
}

/* ------------------------------------------------------------- live */

void engine_tick(struct engine *e, int64_t now)
{
    if (now > e->last_sec) { /* as engine_packet does by packet time */
        flow_table_expire(&e->flows, now, engine_flow_end, e);
        if (e->baseline)
            baseline_tick(e->baseline);
        e->last_sec = now;
    }
}

void engine_set_stop_flag(struct engine *e, const volatile sig_atomic_t *flag)
{
    e->stop = flag;
}

void engine_set_progress(struct engine *e, void (*fn)(void *ctx, const struct engine *e),
                         void *ctx)
{
    e->on_progress = fn;
    e->progress_ctx = ctx;
}

void engine_live_begin(struct engine *e, const char *iface, int64_t wall_sec)
{
    e->live.on = true;
    e->live.iface = iface;
    if (e->eve_open)
        eve_set_iface(&e->eve, iface);
    e->live.start_sec = wall_sec;
    e->n.last_reload_sec = wall_sec;
}

void engine_live_capture(struct engine *e, uint64_t packets, uint64_t drops, uint64_t ifdrops)
{
    e->n.kernel_packets = packets;
    e->n.kernel_drops = drops;
    e->n.kernel_ifdrops = ifdrops;
}

void engine_live_capture_error(struct engine *e)
{
    e->n.capture_errors++;
}

uint64_t engine_rules_loaded(const struct engine *e)
{
    return e->detect ? detect_stats(e->detect)->rules_loaded : 0;
}

void engine_reload_failed(struct engine *e)
{
    e->n.reload_failures++;
    log_error("reload failed, keeping the current rules (%llu loaded)",
              (unsigned long long)engine_rules_loaded(e));
}

/* SIGUSR2: swap the rule set, all or nothing (engine.h). */
int engine_reload(struct engine *e, const struct config *new_cfg)
{
    uint64_t was = engine_rules_loaded(e);
    if (detect_policy_swap(&e->detect, &e->detect_retired, new_cfg) != 0) {
        engine_reload_failed(e);
        return -1;
    }
    if (config_differs_beyond_reload(&e->cfg, new_cfg)) /* those wait for a restart */
        log_warn("policy settings other than the rules changed; restart to apply them");
    config_take_reloadable(&e->cfg, new_cfg);
    e->n.reloads++;
    e->n.last_reload_sec = (int64_t)time(NULL);
    log_info("rules reloaded: %llu loaded (were %llu)",
             (unsigned long long)engine_rules_loaded(e), (unsigned long long)was);
    return 0;
}

/* The eve-log outputs, or NULL when they were never opened (output.h). */
static struct eve *engine_eve(struct engine *e)
{
    return e->eve_open ? &e->eve : NULL;
}

void engine_tick_outputs(struct engine *e, double now)
{
    output_tick(engine_eve(e), &e->fast, now);
}

int engine_flush_outputs(struct engine *e)
{
    return output_flush(engine_eve(e), &e->fast);
}

uint64_t engine_output_errors(const struct engine *e)
{
    return output_errors(e->eve_open ? &e->eve : NULL, &e->fast);
}

int engine_reopen_outputs(struct engine *e)
{
    return output_reopen(engine_eve(e), &e->fast);
}

/* ------------------------------------------------------------- files */

void engine_file_failed(struct engine *e, const char *path, const char *why)
{
    log_error("%s: %s", path, why);
    e->n.files++;
    e->n.file_errors++;
}

/* Nobody reads what the run writes (`-l - | head`): stop reading. */
static bool engine_no_reader(const struct engine *e)
{
    return e->eve_open && eve_readers_gone(&e->eve) && !e->fast.open;
}

/* source_pcap_read's callback: one packet through the pipeline; false
 * stops the file (a stop signal, or nobody reads the output). */
static bool engine_file_packet(void *ctx, struct packet *p)
{
    struct engine *e = ctx;
    if (!e->have_ts || p->ts_sec > e->last_ts_sec)
        e->last_ts_sec = p->ts_sec;
    e->have_ts = true;
    engine_packet(e, p);
    if ((e->stop && *e->stop) || ((e->n.pkts & 255) == 0 && engine_no_reader(e))) {
        e->stopped = true;
        return false;
    }
    if (e->on_progress && (e->n.pkts & 1023) == 0)
        e->on_progress(e->progress_ctx, e);
    return true;
}

int engine_run_file(struct engine *e, const char *path)
{
    char err[512];
    e->n.files++;
    if (e->cfg.verbose >= 2)
        log_info("%s: reading", path);
    e->cur_file = path;
    e->last_sec = 0;
    if (e->baseline && e->baseline_per_file)
        baseline_reset(e->baseline);
    int rc = source_pcap_read(path, engine_file_packet, e, err, sizeof(err));
    if (rc != 0) {
        log_error("%s: %s", path, err);
        e->n.file_errors++;
    }
    engine_flush(e);
    if (e->baseline)
        baseline_tick(e->baseline);
    if (e->cfg.verbose >= 2)
        log_info("%s: done, %llu packets in all so far", path, (unsigned long long)e->n.pkts);
    e->cur_file = NULL;
    return rc;
}

/* ------------------------------------------------------------ set-up */

bool engine_rule_errors_stop(const struct engine *e)
{
    if (!e->config_errors || !config_rule_errors_fatal(&e->cfg))
        return false;
    log_error("%d rule or policy error(s) above: not starting (engine.rule-errors: fatal; "
              "set it to warn to run with the rules that loaded)", e->config_errors);
    return true;
}

struct engine *engine_new(const struct config *cfg, bool check_only)
{
    struct engine *e = mem_calloc(1, sizeof(*e));
    if (!e) {
        log_error("out of memory");
        return NULL;
    }
    e->cfg = *cfg;
    e->start_mono = eve_sink_now();
    struct flow_table_cfg ft = {cfg->flow_hash_size, cfg->flow_memcap, cfg->flow_timeout_new,
                                cfg->flow_timeout_est, cfg->flow_timeout_closed,
                                app_table_state_size()};
    if (flow_table_init(&e->flows, &ft) != 0) {
        log_error("out of memory for the flow table");
        goto fail;
    }
    e->stream_mc.limit = cfg->stream_memcap;
    e->stream_cfg = (struct stream_cfg){cfg->stream_depth, cfg->stream_ooo_max,
                                        cfg->smb_max_pdu + 4 + 128, &e->stream_mc};
    e->smb_mc.limit = cfg->smb_memcap;
    e->app_cfg = (struct app_cfg){.max_pdu = cfg->smb_max_pdu, .max_tx = cfg->smb_max_tx,
                                  .mc = &e->smb_mc, .follow_max = cfg->smb_follow_max};
    e->sink = engine_app_sink(e);
    e->log_smb = output_type_enabled(cfg, "smb");
    e->log_alert = output_type_enabled(cfg, "alert");
    e->log_anomaly = output_type_enabled(cfg, "anomaly");
    e->log_stats = output_type_enabled(cfg, "stats") && cfg->stats_enabled;
    e->detect = detect_policy_new(cfg, &e->config_errors);
    if (!e->detect || (!check_only && engine_rule_errors_stop(e)))
        goto fail;
    if (cfg->verbose >= 1)
        log_info("%llu rules loaded, %llu failed",
                 (unsigned long long)detect_stats(e->detect)->rules_loaded,
                 (unsigned long long)detect_stats(e->detect)->rules_failed);
    e->eve_open = !check_only; /* eve_close() undoes a partial open */
    /* fast.log only with a rule set */
    if (!check_only && output_open(&e->eve, &e->fast, cfg, e->detect != NULL) != 0)
        goto fail;
    if (!check_only && cfg->baseline_enabled &&
        !(e->baseline = baseline_open(cfg, &e->baseline_per_file)))
        goto fail;
    return e;
fail:
    engine_free(e);
    return NULL;
}

int engine_free(struct engine *e)
{
    int rc = 0;
    if (!e)
        return 0;
    flow_table_deinit(&e->flows, engine_flow_end, e);
    if (baseline_free(e->baseline) != 0)
        rc = -1;
    if (output_close(engine_eve(e), &e->fast) != 0)
        rc = -1;
    detect_free(e->detect);
    mem_free(e);
    return rc;
}

/* ------------------------------------------------------------- stats */

/* The run's counters as plain data, for the stats record and the summary. */
static void engine_snapshot(const struct engine *e, struct stats_snapshot *s, int64_t now_sec)
{
    struct detect_stats t = detect_policy_totals(e->detect, &e->detect_retired);
    *s = e->n;
    s->live = e->live.on;
    s->have_detect = e->detect != NULL;
    s->iface = e->live.iface;
    /* uptime is always the wall-clock duration of the run */
    if (e->live.on)
        s->uptime = (uint64_t)(now_sec > e->live.start_sec ? now_sec - e->live.start_sec : 0);
    else
        s->uptime = (uint64_t)(eve_sink_now() - e->start_mono + 0.5);
    s->flows_active = e->flows.active;
    s->flow_memuse = e->flows.mc.peak;
    s->flow_memcap = e->flows.mc.hits;
    s->flows_evicted_needs_work = e->flows.evicted[FLOW_CLASS_NEGOTIATING];
    s->flows_evicted = e->flows.evicted[FLOW_CLASS_FINISHED] +
                       e->flows.evicted[FLOW_CLASS_WAITING] + s->flows_evicted_needs_work;
    s->reassembly_memuse = e->stream_mc.peak;
    s->segment_memcap_drop = e->stream_mc.hits;
    s->smb_alloc = e->smb_mc.hits;
    s->rules_loaded = t.rules_loaded;
    s->rules_failed = t.rules_failed;
    s->alerts = t.alerts;
    s->alerts_suppressed = t.suppressed + t.thresholded;
}

/* The stats record (output.c). */
static void engine_stats_log(struct engine *e)
{
    struct eve_origin o = output_stats_origin(e->live.on, e->have_ts ? e->last_ts_sec : 0);
    struct stats_snapshot s;
    engine_snapshot(e, &s, o.ts_sec);
    output_stats_log(&e->eve, &o, &s);
}

void engine_stats(struct engine *e)
{
    if (e->eve_open && e->log_stats)
        engine_stats_log(e);
}

void engine_finish(struct engine *e, double elapsed, FILE *out)
{
    engine_stats(e);
    struct stats_snapshot s;
    engine_snapshot(e, &s, (int64_t)time(NULL));
    stats_summary(out, &s, elapsed);
    if (e->detect)
        detect_print_alert_counts(e->detect, out);
}
