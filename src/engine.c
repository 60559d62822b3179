/* engine.c - the pipeline: source -> decode -> flow -> stream -> app ->
 * output, and housekeeping (flow timeouts) driven by packet time. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define LOG_MODULE "engine"
#include "app/smb/smb.h"
#include "detect/detect-policy.h"
#include "engine.h"
#include "source/source-pcap.h"
#include "util/log.h"
#include "util/mem.h"

/* ------------------------------------------------------------ events */

static struct eve_origin engine_origin(const struct engine *e, const struct flow *f,
                                       const struct packet *p)
{
    struct eve_origin o = {e->cur_file, 0, 0, 0};
    if (p) {
        o.pcap_cnt = p->pcap_cnt;
        o.ts_sec = p->ts_sec;
        o.ts_usec = p->ts_usec;
    } else if (f) {
        o.ts_sec = f->last_sec;
        o.ts_usec = f->last_usec;
    }
    return o;
}

/* Before a flow's first record: its Community ID (once per flow, and only
 * for flows that are logged). */
static void engine_flow_prepare(const struct engine *e, struct flow *f)
{
    uint16_t seed;
    if (!f->community_id[0] && eve_flow_cid_seed(&e->eve, &seed))
        flow_community_id(f, seed, f->community_id);
}

static void engine_on_message(void *ctx, struct flow *f, const struct packet *p,
                              const struct smb_tx *tx, enum flow_dir dir)
{
    struct engine *e = ctx;
    (void)f;
    (void)p;
    (void)tx;
    if (dir == DIR_TOSERVER)
        e->n.requests++;
    else
        e->n.responses++;
}

static void engine_on_tx_complete(void *ctx, struct flow *f, const struct packet *p,
                                  const struct smb_tx *tx, enum flow_dir dir)
{
    struct engine *e = ctx;
    struct eve_origin o = engine_origin(e, f, p);
    e->n.negotiations++;
    engine_flow_prepare(e, f);
    if (e->detect) {
        const struct detect_alert *alerts;
        size_t n = detect_eval(e->detect, f, tx, o.ts_sec, &alerts);
        for (size_t i = 0; i < n; i++) {
            if (alerts[i].action != RULE_ALERT)
                continue;
            if (e->eve_open && e->log_alert)
                eve_alert_log(&e->eve, &o, f, tx, &alerts[i], dir);
            fast_log_write(&e->fast, &o, f, &alerts[i]);
        }
    }
    if (e->eve_open && e->log_smb)
        eve_smb_log(&e->eve, &o, f, tx);
    if (e->eve_open)
        eve_smb_forget(&e->eve); /* tx is freed after this */
}

static void engine_on_anomaly(void *ctx, struct flow *f, const struct packet *p,
                              const char *event, const char *layer)
{
    struct engine *e = ctx;
    (void)layer;
    e->n.anomalies++;
    f->n_anomalies++;
    engine_flow_prepare(e, f);
    if (e->eve_open && e->log_anomaly) {
        struct eve_origin o = engine_origin(e, f, p);
        eve_anomaly_log(&e->eve, &o, f, NULL, "applayer", event, "proto_parser", "smb");
    }
}

static void engine_stream_anomaly(struct engine *e, struct flow *f, const struct packet *p,
                                  const char *event)
{
    e->n.anomalies++;
    f->n_anomalies++;
    engine_flow_prepare(e, f);
    if (e->eve_open && e->log_anomaly) {
        struct eve_origin o = engine_origin(e, f, p);
        eve_anomaly_log(&e->eve, &o, f, NULL, "stream", event, NULL,
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
    if (f->evicted && f->app_state && !f->app_done) /* negotiation cut short */
        engine_stream_anomaly(e, f, NULL, "stream.flow_evicted");
    if (f->app_state) {
        for (int s = 0; s < 2; s++) {
            if (!f->app_done && stream_dir_has_hole(&f->stream[s]) && !f->stream[s].closed) {
                e->n.gaps++;
                engine_stream_anomaly(e, f, NULL, "stream.reassembly_gap");
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

static bool engine_is_smb_port(const struct engine *e, uint16_t port)
{
    for (uint32_t i = 0; i < e->cfg.n_smb_ports; i++)
        if (e->cfg.smb_ports[i] == port)
            return true;
    return false;
}

/* Roles of a new flow: handshake, else the SMB port. */
static void engine_flow_setup(struct engine *e, struct flow *f, const struct packet *p)
{
    bool sp = engine_is_smb_port(e, p->sport), dp = engine_is_smb_port(e, p->dport);
    f->smb_port = sp || dp;
    if ((p->tcp_flags & (TCP_SYN | TCP_ACK)) == TCP_SYN) {
        f->client_side = 0;
        f->role_source = ROLE_FROM_SYN;
    } else if ((p->tcp_flags & (TCP_SYN | TCP_ACK)) == (TCP_SYN | TCP_ACK)) {
        f->client_side = 1;
        f->role_source = ROLE_FROM_SYN;
    } else if (dp && !sp) {
        f->client_side = 0;
        f->role_source = ROLE_FROM_PORT;
    } else if (sp && !dp) {
        f->client_side = 1;
        f->role_source = ROLE_FROM_PORT;
    }
    if (f->smb_port) {
        f->app = &app_smb;
    } else if (!e->cfg.smb_any_port) {
        f->app_done = true;
    }
    e->n.flows++;
}

/* Negotiation over: free reassembly, keep app state for pending txs. */
static void engine_flow_app_over(struct engine *e, struct flow *f)
{
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

/* Any-port detection on the first payload; false: not ours. */
static bool engine_flow_probe(struct engine *e, struct flow *f, const struct packet *p)
{
    if (!f->app) {
        if (!e->cfg.smb_any_port || !app_smb.probe(p->payload, p->payload_len))
            return false;
        f->app = &app_smb;
    }
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
        e->n.gaps++;
        engine_stream_anomaly(e, f, p, r == STREAM_GAP ? "stream.reassembly_gap"
                                                       : "stream.reassembly_memcap");
        break;
    case STREAM_DEPTH:
        e->n.depth_reached++;
        break;
    case STREAM_OVERFLOW:
        e->n.stream_overflow++;
        engine_stream_anomaly(e, f, p, "stream.app_buffer_overflow");
        break;
    }
    stream_dir_close(&f->stream[side], &e->stream_cfg);
    f->app->gap(f->app_state, &e->sink, f, side);
}

static void engine_tcp_state(struct engine *e, struct flow *f, const struct packet *p, int side)
{
    struct stream_dir *sd = &f->stream[side];
    if (p->tcp_flags & TCP_SYN) {
        if (p->tcp_flags & TCP_ACK)
            e->n.tcp_synack++;
        else
            e->n.tcp_syn++;
        if (!sd->init)
            stream_dir_start(sd, p->seq + 1, false);
    } else if (f->state == FLOW_NEW) {
        f->state = FLOW_ESTABLISHED;
    }
    if (p->tcp_flags & TCP_RST) {
        e->n.tcp_rst++;
        f->state = FLOW_CLOSED;
    }
    if (p->tcp_flags & TCP_FIN) {
        f->fin[side] = true;
        if (f->fin[0] && f->fin[1])
            f->state = FLOW_CLOSED;
    }
}

static void engine_flow_packet(struct engine *e, struct flow *f, const struct packet *p,
                               int side);

void engine_packet(struct engine *e, struct packet *p)
{
    e->n.packets++;
    e->n.bytes += p->caplen;
    decode_packet(p);
    if (p->n_events)
        engine_decode_anomalies(e, p);
    e->n.ipv4 += p->ip_v == 4;
    e->n.ipv6 += p->ip_v == 6;
    e->n.vlan += p->n_vlan > 0;
    e->n.fragments += p->is_fragment;
    if (p->ts_sec > e->last_sec) { /* housekeeping once per second of packet time */
        flow_table_expire(&e->flows, p->ts_sec, engine_flow_end, e);
        e->last_sec = p->ts_sec;
    }
    if (!p->is_tcp)
        return;
    e->n.tcp++;
    int side;
    bool created;
    struct flow *f = flow_table_get(&e->flows, p, &side, &created, engine_flow_end, e);
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
    f->pkts[side]++;
    f->bytes[side] += p->wirelen;
    engine_tcp_state(e, f, p, side);
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
                                             &e->n.overlap_bytes);
    engine_stream_result(e, f, p, side, r);
    if (f->app->done(f->app_state))
        engine_flow_app_over(e, f);
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
        e->last_sec = now;
    }
}

/* ------------------------------------------------------------- files */

/* Nobody reads what the run writes (`-l - | head`): stop reading. */
static bool engine_no_reader(const struct engine *e)
{
    return e->eve_open && eve_readers_gone(&e->eve) && !e->fast.open;
}

int engine_run_file(struct engine *e, const char *path)
{
    struct source_pcap src;
    struct packet p;
    e->n.files++;
    if (source_pcap_open(&src, path) != 0) {
        log_error("%s: %s", path, src.err);
        e->n.file_errors++;
        return -1;
    }
    e->cur_file = path;
    e->last_sec = 0;
    int rc = 0;
    enum source_status st;
    while ((st = source_pcap_next(&src, &p)) == SOURCE_PACKET) {
        if (!e->have_ts || p.ts_sec > e->last_ts_sec)
            e->last_ts_sec = p.ts_sec;
        e->have_ts = true;
        engine_packet(e, &p);
        if ((e->stop && *e->stop) || ((e->n.packets & 255) == 0 && engine_no_reader(e))) {
            e->stopped = true;
            break;
        }
        if (e->on_progress && (e->n.packets & 1023) == 0)
            e->on_progress(e->progress_ctx, e);
    }
    if (st == SOURCE_ERROR) {
        log_error("%s: %s", path, src.err);
        e->n.file_errors++;
        rc = -1;
    }
    engine_flush(e);
    source_pcap_close(&src);
    e->cur_file = NULL;
    return rc;
}

/* ------------------------------------------------------------ set-up */

/* A file in the log directory (an absolute `file` is taken as is). */
static int engine_log_path(const struct config *cfg, const char *file, char *out, size_t cap)
{
    struct stat stt;
    if (file[0] == '/') {
        if (strlen(file) >= cap) {
            log_error("%s: path too long", file);
            return -1;
        }
        snprintf(out, cap, "%s", file);
        return 0;
    }
    if (stat(cfg->log_dir, &stt) != 0 || !S_ISDIR(stt.st_mode)) {
        log_error("%s: log directory does not exist or is not a directory", cfg->log_dir);
        return -1;
    }
    int n = snprintf(out, cap, "%s/%s", cfg->log_dir, file);
    if (n < 0 || (size_t)n >= cap) {
        log_error("%s: log path too long", cfg->log_dir);
        return -1;
    }
    return 0;
}

/* Does an enabled eve-log output write this event type? */
static bool engine_type_enabled(const struct config *cfg, const char *type)
{
    for (uint32_t k = 0; k < cfg->n_eve; k++) {
        const struct config_eve *ev = &cfg->eve[k];
        for (uint32_t i = 0; ev->enabled && i < ev->types.n; i++)
            if (strcmp(ev->types.item[i], type) == 0)
                return true;
    }
    return false;
}

/* Open the eve-log outputs (output/eve.c) and fast.log.  `-l -` sends the
 * regular-file EVE output to stdout and leaves fast.log out, so stdout
 * carries records only. */
static int engine_open_outputs(struct engine *e, const struct config *cfg)
{
    char path[2 * CONFIG_PATH_MAX + 2];
    bool to_stdout = strcmp(cfg->log_dir, "-") == 0;
    eve_init(&e->eve);
    eve_set_host(&e->eve, cfg->sensor_name);
    e->eve_open = true;
    for (uint32_t k = 0; k < cfg->n_eve; k++) {
        struct eve_log_cfg lc;
        if (!cfg->eve[k].enabled)
            continue;
        if (eve_log_cfg_from(&lc, &cfg->eve[k], k, to_stdout) != 0)
            return -1;
        if (lc.sink.kind != EVE_SINK_STDOUT && lc.sink.kind != EVE_SINK_REDIS &&
            lc.sink.kind != EVE_SINK_SYSLOG &&
            engine_log_path(cfg, cfg->eve[k].filename, lc.sink.path, sizeof(lc.sink.path)) != 0)
            return -1;
        if (eve_add(&e->eve, &lc) != 0)
            return -1;
    }
    if (cfg->fast_enabled && e->detect && !to_stdout) {
        if (engine_log_path(cfg, cfg->fast_filename, path, sizeof(path)) != 0 ||
            fast_log_open(&e->fast, path) != 0)
            return -1;
    }
    return 0;
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
                                app_smb.state_size};
    if (flow_table_init(&e->flows, &ft) != 0) {
        log_error("out of memory for the flow table");
        goto fail;
    }
    e->stream_mc.limit = cfg->stream_memcap;
    e->stream_cfg.depth = cfg->stream_depth;
    e->stream_cfg.ooo_max = cfg->stream_ooo_max;
    e->stream_cfg.buf_max = cfg->smb_max_pdu + 4 + 128;
    e->stream_cfg.mc = &e->stream_mc;
    e->app_cfg.max_pdu = cfg->smb_max_pdu;
    e->app_cfg.max_tx = cfg->smb_max_tx;
    e->smb_mc.limit = cfg->smb_memcap;
    e->app_cfg.mc = &e->smb_mc;
    e->sink.ctx = e;
    e->sink.on_message = engine_on_message;
    e->sink.on_tx_complete = engine_on_tx_complete;
    e->sink.on_anomaly = engine_on_anomaly;
    e->log_smb = engine_type_enabled(cfg, "smb");
    e->log_alert = engine_type_enabled(cfg, "alert");
    e->log_anomaly = engine_type_enabled(cfg, "anomaly");
    e->log_stats = engine_type_enabled(cfg, "stats") && cfg->stats_enabled;
    e->detect = detect_policy_new(cfg, &e->config_errors);
    if (!e->detect)
        goto fail;
    if (!check_only && engine_open_outputs(e, cfg) != 0)
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
    if (e->eve_open && eve_close(&e->eve) != 0)
        rc = -1;
    if (fast_log_close(&e->fast) != 0)
        rc = -1;
    detect_free(e->detect);
    mem_free(e);
    return rc;
}

/* ------------------------------------------------------------- stats */

/* Alert counters over the whole run: the current rule set's plus those of
 * the sets a reload replaced. */
static struct detect_stats engine_detect_totals(const struct engine *e)
{
    struct detect_stats t = e->detect_retired;
    if (e->detect) {
        const struct detect_stats *ds = detect_stats(e->detect);
        t.rules_loaded = ds->rules_loaded;
        t.rules_failed = ds->rules_failed;
        t.alerts += ds->alerts;
        t.suppressed += ds->suppressed;
        t.thresholded += ds->thresholded;
    }
    return t;
}

/* Live only: libpcap's counters, under Suricata's names. */
static void engine_stats_capture(struct engine *e)
{
    struct jsonw *w = &e->eve.w;
    jsonw_obj_open(w, "capture");
    jsonw_uint(w, "kernel_packets", e->live.kernel_packets);
    jsonw_uint(w, "kernel_drops", e->live.kernel_drops);
    jsonw_uint(w, "kernel_ifdrops", e->live.kernel_ifdrops);
    jsonw_uint(w, "errors", e->live.capture_errors);
    jsonw_obj_close(w);
}

/* Live only: the rule set in Suricata's detect.engines[] shape. */
static void engine_stats_engines(struct engine *e, const struct detect_stats *t)
{
    struct jsonw *w = &e->eve.w;
    char when[40];
    eve_format_time(e->live.last_reload_sec, 0, when);
    jsonw_arr_open(w, "engines");
    jsonw_obj_open(w, NULL);
    jsonw_uint(w, "id", 0);
    jsonw_str(w, "last_reload", when);
    jsonw_uint(w, "rules_loaded", t->rules_loaded);
    jsonw_uint(w, "rules_failed", t->rules_failed);
    jsonw_obj_close(w);
    jsonw_arr_close(w);
}

/* The stats record: Suricata's stats keys only, so it validates against
 * Suricata's schema. */
static void engine_stats_log(struct engine *e)
{
    struct jsonw *w = &e->eve.w;
    struct eve_origin o = {NULL, 0, e->have_ts ? e->last_ts_sec : 0, 0};
    if (e->live.on) {
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        o.ts_sec = (int64_t)now.tv_sec;
        o.ts_usec = (int32_t)(now.tv_nsec / 1000);
    }
    eve_begin(&e->eve, &o, "stats", NULL, NULL);
    jsonw_obj_open(w, "stats");
    /* The timestamp is packet time offline (the same input gives the same
     * record); uptime is always the wall-clock duration of the run. */
    if (e->live.on) {
        jsonw_uint(w, "uptime", (uint64_t)(o.ts_sec > e->live.start_sec
                                               ? o.ts_sec - e->live.start_sec : 0));
        engine_stats_capture(e);
    } else {
        jsonw_uint(w, "uptime", (uint64_t)(eve_sink_now() - e->start_mono + 0.5));
    }
    jsonw_obj_open(w, "decoder");
    jsonw_uint(w, "pkts", e->n.packets);
    jsonw_uint(w, "bytes", e->n.bytes);
    jsonw_uint(w, "ipv4", e->n.ipv4);
    jsonw_uint(w, "ipv6", e->n.ipv6);
    jsonw_uint(w, "tcp", e->n.tcp);
    jsonw_uint(w, "vlan", e->n.vlan);
    jsonw_obj_close(w);
    jsonw_obj_open(w, "flow");
    jsonw_uint(w, "total", e->n.flows);
    jsonw_uint(w, "tcp", e->n.flows);
    jsonw_uint(w, "active", e->flows.active);
    jsonw_uint(w, "memuse", e->flows.mc.peak); /* peak, as reassembly_memuse */
    jsonw_uint(w, "memcap", e->flows.mc.hits); /* times flow.memcap was reached */
    jsonw_obj_open(w, "mgr");
    jsonw_uint(w, "flows_evicted", e->flows.evicted[FLOW_CLASS_FINISHED] +
                                       e->flows.evicted[FLOW_CLASS_WAITING] +
                                       e->flows.evicted[FLOW_CLASS_NEGOTIATING]);
    jsonw_uint(w, "flows_evicted_needs_work", e->flows.evicted[FLOW_CLASS_NEGOTIATING]);
    jsonw_obj_close(w);
    jsonw_obj_close(w);
    jsonw_obj_open(w, "tcp");
    jsonw_uint(w, "syn", e->n.tcp_syn);
    jsonw_uint(w, "synack", e->n.tcp_synack);
    jsonw_uint(w, "rst", e->n.tcp_rst);
    jsonw_uint(w, "midstream_pickups", e->n.midstream);
    jsonw_uint(w, "reassembly_gap", e->n.gaps);
    jsonw_uint(w, "stream_depth_reached", e->n.depth_reached);
    jsonw_uint(w, "overlap", e->n.overlap_bytes);
    jsonw_uint(w, "reassembly_memuse", e->stream_mc.peak);
    jsonw_uint(w, "segment_memcap_drop", e->stream_mc.hits);
    jsonw_obj_close(w);
    jsonw_obj_open(w, "app_layer");
    jsonw_obj_open(w, "flow");
    jsonw_uint(w, "smb", e->n.smb_flows);
    jsonw_obj_close(w);
    jsonw_obj_open(w, "tx");
    jsonw_uint(w, "smb", e->n.negotiations);
    jsonw_obj_close(w);
    jsonw_obj_open(w, "error");
    jsonw_obj_open(w, "smb");
    jsonw_uint(w, "alloc", e->smb_mc.hits); /* transactions refused by smb.memcap */
    jsonw_obj_close(w);
    jsonw_obj_close(w);
    jsonw_obj_close(w);
    if (e->detect) {
        struct detect_stats t = engine_detect_totals(e);
        jsonw_obj_open(w, "detect");
        if (e->live.on)
            engine_stats_engines(e, &t);
        jsonw_uint(w, "alert", t.alerts);
        jsonw_uint(w, "alerts_suppressed", t.suppressed + t.thresholded);
        jsonw_obj_close(w);
    }
    jsonw_obj_close(w);
    eve_end(&e->eve);
}

void engine_stats(struct engine *e)
{
    if (e->eve_open && e->log_stats)
        engine_stats_log(e);
}

void engine_finish(struct engine *e, double elapsed, FILE *out)
{
    if (e->eve_open && e->log_stats)
        engine_stats_log(e);
    if (e->live.on)
        fprintf(out, "smbneg: live on %s: ", e->live.iface);
    else
        fprintf(out, "smbneg: %llu file(s) (%llu failed), ", (unsigned long long)e->n.files,
                (unsigned long long)e->n.file_errors);
    fprintf(out,
            "%llu packets, %llu flows, %llu SMB flows, "
            "%llu negotiations (%llu requests, %llu responses), %llu anomalies, %.3f s\n",
            (unsigned long long)e->n.packets, (unsigned long long)e->n.flows,
            (unsigned long long)e->n.smb_flows, (unsigned long long)e->n.negotiations,
            (unsigned long long)e->n.requests, (unsigned long long)e->n.responses,
            (unsigned long long)e->n.anomalies, elapsed);
    if (e->live.on)
        fprintf(out,
                "smbneg: capture: %llu packets received, %llu dropped by the kernel, "
                "%llu by the interface; %llu reloads: %llu applied, %llu failed\n",
                (unsigned long long)e->live.kernel_packets,
                (unsigned long long)e->live.kernel_drops,
                (unsigned long long)e->live.kernel_ifdrops,
                (unsigned long long)(e->live.reloads + e->live.reload_failures),
                (unsigned long long)e->live.reloads, (unsigned long long)e->live.reload_failures);
    if (e->detect) {
        struct detect_stats t = engine_detect_totals(e);
        fprintf(out, "smbneg: %llu rules, %llu alerts (%llu suppressed or thresholded)\n",
                (unsigned long long)t.rules_loaded, (unsigned long long)t.alerts,
                (unsigned long long)(t.suppressed + t.thresholded));
        detect_print_alert_counts(e->detect, out);
    }
}
