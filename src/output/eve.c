/* eve.c - the EVE outputs of a run (one record rendered, handed to every
 * sink that wants it) and the common record header (Suricata's
 * output-json.c field names and formats). */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define LOG_MODULE "eve"
#include "output/eve.h"
#include "util/log.h"

/* ----------------------------------------------------------- outputs */

static const struct {
    const char *name;
    unsigned bit;
} eve_types[] = {
    {"alert", EVE_T_ALERT}, {"smb", EVE_T_SMB}, {"anomaly", EVE_T_ANOMALY}, {"stats", EVE_T_STATS},
};

unsigned eve_type_of(const char *name)
{
    for (size_t i = 0; i < sizeof(eve_types) / sizeof(eve_types[0]); i++)
        if (strcmp(eve_types[i].name, name) == 0)
            return eve_types[i].bit;
    return 0;
}

void eve_init(struct eve *e)
{
    memset(e, 0, sizeof(*e));
    jsonw_init(&e->w);
    e->w_ready = true;
}

int eve_add(struct eve *e, const struct eve_log_cfg *c)
{
    if (e->n_logs >= EVE_MAX_LOGS) {
        log_error("too many EVE outputs (max %d)", EVE_MAX_LOGS);
        return -1;
    }
    for (size_t i = 0; c->sink.kind == EVE_SINK_STDOUT && i < e->n_logs; i++) {
        if (e->log[i].sink->cfg.kind == EVE_SINK_STDOUT) {
            log_error("eve stdout: only one EVE output may write to stdout");
            return -1;
        }
    }
    struct eve_sink *s = eve_sink_new(&c->sink);
    if (!s)
        return -1;
    struct eve_log *l = &e->log[e->n_logs++];
    l->types = c->types;
    l->community_id = c->community_id;
    l->community_id_seed = c->community_id_seed;
    l->suricata_compatible = c->suricata_compatible;
    l->smb_session = c->smb_session;
    l->alert_lean = c->alert_lean;
    l->alert_rule = c->alert_rule;
    snprintf(l->prefix, sizeof(l->prefix), "%s", c->prefix);
    l->sink = s;
    return 0;
}

int eve_open(struct eve *e, const char *path)
{
    struct eve_log_cfg c;
    memset(&c, 0, sizeof(c));
    c.types = EVE_T_ALERT | EVE_T_SMB | EVE_T_ANOMALY | EVE_T_STATS;
    c.sink.kind = EVE_SINK_REGULAR;
    c.sink.flush_interval = 1;
    snprintf(c.sink.path, sizeof(c.sink.path), "%s", path);
    eve_init(e);
    return eve_add(e, &c);
}

int eve_close(struct eve *e)
{
    int rc = 0;
    for (size_t i = 0; i < e->n_logs; i++) {
        if (eve_sink_free(e->log[i].sink) != 0)
            rc = -1;
        e->log[i].sink = NULL;
    }
    e->n_logs = 0;
    if (e->w_ready)
        jsonw_deinit(&e->w);
    e->w_ready = false;
    jsonw_deinit(&e->smb_cache.w);
    e->smb_cache.tx = NULL;
    if (e->write_errors) {
        log_error("eve: %llu record(s) lost for want of memory",
                  (unsigned long long)e->write_errors);
        rc = -1;
    }
    return rc;
}

bool eve_wants(const struct eve *e, unsigned type)
{
    for (size_t i = 0; i < e->n_logs; i++)
        if (e->log[i].types & type)
            return true;
    return false;
}

bool eve_flow_cid_seed(const struct eve *e, uint16_t *seed)
{
    for (size_t i = 0; i < e->n_logs; i++) {
        if (e->log[i].community_id) {
            *seed = e->log[i].community_id_seed;
            return true;
        }
    }
    return false;
}

/* Would logs a and b render a record of `type` byte for byte alike? */
static bool eve_same_bytes(const struct eve_log *a, const struct eve_log *b, unsigned type)
{
    if (strcmp(a->prefix, b->prefix) != 0)
        return false;
    if (type == EVE_T_STATS) /* no flow, no smb object */
        return true;
    return a->community_id == b->community_id &&
           (!a->community_id || a->community_id_seed == b->community_id_seed) &&
           a->suricata_compatible == b->suricata_compatible &&
           (type != EVE_T_SMB || a->smb_session == b->smb_session) &&
           (type != EVE_T_ALERT ||
            (a->alert_lean == b->alert_lean && a->alert_rule == b->alert_rule));
}

static void eve_pick(struct eve *e, size_t j)
{
    const struct eve_log *l = &e->log[j];
    e->cur = j;
    e->community_id = l->community_id;
    e->community_id_seed = l->community_id_seed;
    e->suricata_compatible = l->suricata_compatible;
    e->smb_session = l->smb_session;
    e->alert_lean = l->alert_lean;
    e->alert_rule = l->alert_rule;
    e->prefix = l->prefix;
}

bool eve_next(struct eve *e, unsigned type, size_t *i)
{
    if (*i == 0)
        e->done = 0;
    for (size_t j = *i; j < e->n_logs; j++) {
        if ((e->log[j].types & type) && !(e->done & (1u << j))) {
            eve_pick(e, j);
            e->cur_type = type;
            e->picked = true;
            *i = j + 1;
            return true;
        }
    }
    *i = e->n_logs;
    e->picked = false; /* a writer may skip a pick (eve-smb-session.c): none is left */
    return false;
}

int eve_flush(struct eve *e)
{
    int err = 0;
    for (size_t i = 0; i < e->n_logs; i++) {
        int x = eve_sink_flush(e->log[i].sink);
        err = err ? err : x;
    }
    return err;
}

bool eve_readers_gone(const struct eve *e)
{
    for (size_t i = 0; i < e->n_logs; i++)
        if (!eve_sink_gone(e->log[i].sink))
            return false;
    return e->n_logs > 0;
}

void eve_tick(struct eve *e, double now_monotonic)
{
    for (size_t i = 0; i < e->n_logs; i++)
        eve_sink_tick(e->log[i].sink, now_monotonic);
}

int eve_reopen(struct eve *e)
{
    int rc = 0;
    for (size_t i = 0; i < e->n_logs; i++)
        if (eve_sink_reopen(e->log[i].sink) != 0)
            rc = -1;
    return rc;
}

void eve_output_stats(const struct eve *e, struct eve_output_stats *out)
{
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < e->n_logs; i++) {
        const struct eve_output_stats *s = &e->log[i].sink->st;
        out->written += s->written;
        out->dropped += s->dropped;
        out->write_errors += s->write_errors;
        out->reconnects += s->reconnects;
    }
}

/* ------------------------------------------------------------ header */

void eve_set_host(struct eve *e, const char *name)
{
    snprintf(e->host, sizeof(e->host), "%s", name ? name : "");
}

void eve_set_iface(struct eve *e, const char *iface)
{
    e->in_iface = iface;
}

void eve_format_time(int64_t sec, int32_t usec, char out[40])
{
    /* A record's times (packet, flow start) fall in few seconds: the date
     * part is formatted once per second, in a 4-entry cache by second
     * (strftime was 3% of a run's instructions). */
    static struct {
        int64_t sec;
        size_t len;
        char text[32];
    } cache[4] = {{INT64_MIN, 0, ""}, {INT64_MIN, 0, ""}, {INT64_MIN, 0, ""}, {INT64_MIN, 0, ""}};
    size_t slot = (size_t)((uint64_t)sec & 3);
    if (cache[slot].sec != sec) {
        time_t t = (time_t)sec;
        struct tm tm;
        if (!gmtime_r(&t, &tm))
            memset(&tm, 0, sizeof(tm));
        cache[slot].len = strftime(cache[slot].text, sizeof(cache[slot].text),
                                   "%Y-%m-%dT%H:%M:%S", &tm);
        cache[slot].sec = sec;
    }
    size_t cached_len = cache[slot].len;
    memcpy(out, cache[slot].text, cached_len);
    uint32_t us = usec < 0 ? 0 : (uint32_t)usec % 1000000;
    char *p = out + cached_len;
    *p++ = '.';
    for (int i = 5; i >= 0; i--, us /= 10)
        p[i] = (char)('0' + us % 10);
    memcpy(p + 6, "+0000", 6);
}

static void eve_ip(struct jsonw *w, const char *key, int ip_v, const struct ip_addr *a)
{
    char buf[INET6_ADDRSTRLEN];
    if (ip_v != 6) { /* dotted quad by hand: inet_ntop's sprintf was 5% of a run */
        char *p = buf;
        for (int i = 0; i < 4; i++) {
            unsigned v = a->b[i];
            if (v >= 100)
                *p++ = (char)('0' + v / 100);
            if (v >= 10)
                *p++ = (char)('0' + v / 10 % 10);
            *p++ = (char)('0' + v % 10);
            *p++ = i < 3 ? '.' : '\0';
        }
    } else if (!inet_ntop(AF_INET6, a->b, buf, sizeof(buf))) {
        buf[0] = '\0';
    }
    jsonw_str(w, key, buf);
}

static void eve_endpoints_flow(struct eve *e, const struct flow *f)
{
    struct jsonw *w = &e->w;
    int c = f->client_side;
    if (f->n_vlan) {
        jsonw_arr_open(w, "vlan");
        for (int i = 0; i < f->n_vlan; i++)
            jsonw_uint(w, NULL, f->vlan[i]);
        jsonw_arr_close(w);
    }
    eve_ip(w, "src_ip", f->ip_v, &f->side_addr[c]);
    jsonw_uint(w, "src_port", f->side_port[c]);
    eve_ip(w, "dest_ip", f->ip_v, &f->side_addr[1 - c]);
    jsonw_uint(w, "dest_port", f->side_port[1 - c]);
    jsonw_uint(w, "ip_v", f->ip_v);
    jsonw_str(w, "proto", "TCP");
    if (e->community_id) {
        uint16_t seed;
        if (f->community_id[0] && eve_flow_cid_seed(e, &seed) && seed == e->community_id_seed) {
            jsonw_str(w, "community_id", f->community_id);
        } else { /* this output's seed differs from the one flows cache */
            char cid[32];
            flow_community_id(f, e->community_id_seed, cid);
            jsonw_str(w, "community_id", cid);
        }
    }
}

static void eve_endpoints_packet(struct eve *e, const struct packet *p)
{
    struct jsonw *w = &e->w;
    if (p->n_vlan) {
        jsonw_arr_open(w, "vlan");
        for (int i = 0; i < p->n_vlan; i++)
            jsonw_uint(w, NULL, p->vlan[i]);
        jsonw_arr_close(w);
    }
    if (p->ip_v == 0)
        return;
    eve_ip(w, "src_ip", p->ip_v, &p->src);
    if (p->is_tcp)
        jsonw_uint(w, "src_port", p->sport);
    eve_ip(w, "dest_ip", p->ip_v, &p->dst);
    if (p->is_tcp)
        jsonw_uint(w, "dest_port", p->dport);
    jsonw_uint(w, "ip_v", p->ip_v);
    static const struct { uint8_t num; const char *name; } protos[] = {
        {1, "ICMP"}, {6, "TCP"}, {17, "UDP"}, {47, "GRE"}, {50, "ESP"}, {51, "AH"},
        {58, "IPv6-ICMP"}, {132, "SCTP"},
    };
    for (size_t i = 0; i < sizeof(protos) / sizeof(protos[0]); i++) {
        if (protos[i].num == p->ip_proto) {
            jsonw_str(w, "proto", protos[i].name);
            return;
        }
    }
    jsonw_strf(w, "proto", "%u", p->ip_proto); /* Suricata writes the number as a string */
}

void eve_begin(struct eve *e, const struct eve_origin *o, const char *event_type,
               const struct flow *f, const struct packet *p)
{
    struct jsonw *w = &e->w;
    char ts[40];
    if (!e->picked) { /* a lone begin/end pair: every output of this type */
        e->cur_type = eve_type_of(event_type);
        e->done = 0;
        e->cur = e->n_logs;
        for (size_t j = 0; j < e->n_logs; j++) {
            if (e->log[j].types & e->cur_type) {
                eve_pick(e, j);
                break;
            }
        }
    }
    e->picked = false;
    jsonw_reset(w);
    if (e->cur < e->n_logs && e->prefix && e->prefix[0])
        jsonw_prefix(w, e->prefix, strlen(e->prefix));
    jsonw_obj_open(w, NULL);
    eve_format_time(o->ts_sec, o->ts_usec, ts);
    jsonw_str(w, "timestamp", ts);
    if (f)
        jsonw_uint(w, "flow_id", f->flow_id);
    if (e->in_iface && (f || p)) /* Suricata: after flow_id, before pcap_cnt */
        jsonw_str(w, "in_iface", e->in_iface);
    if (o->pcap_cnt)
        jsonw_uint(w, "pcap_cnt", o->pcap_cnt);
    if (o->pcap_filename)
        jsonw_str(w, "pcap_filename", o->pcap_filename);
    jsonw_str(w, "event_type", event_type);
    if (f)
        eve_endpoints_flow(e, f);
    else if (p)
        eve_endpoints_packet(e, p);
}

void eve_end(struct eve *e)
{
    struct jsonw *w = &e->w;
    if (e->host[0]) /* last, as Suricata's OutputJsonBuilderBuffer writes it */
        jsonw_str(w, "host", e->host);
    jsonw_obj_close(w);
    if (e->cur >= e->n_logs)
        return;
    if (w->oom) {
        e->write_errors++;
        return;
    }
    const struct eve_log *cur = &e->log[e->cur];
    for (size_t k = e->cur; k < e->n_logs; k++) {
        const struct eve_log *l = &e->log[k];
        if ((l->types & e->cur_type) && !(e->done & (1u << k)) &&
            eve_same_bytes(l, cur, e->cur_type)) {
            eve_sink_write(l->sink, w->buf, w->len);
            e->done |= 1u << k;
        }
    }
    e->records++;
}
