/* eve.c - the EVE JSON sink and the common record header (Suricata's
 * output-json.c field names and formats). */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define LOG_MODULE "eve"
#include "output/eve.h"
#include "util/log.h"

int eve_open(struct eve *e, const char *path)
{
    snprintf(e->path, sizeof(e->path), "%s", path);
    e->fp = fopen(path, "a");
    if (!e->fp) {
        log_error("%s: cannot open for writing: %s", path, strerror(errno));
        return -1;
    }
    setvbuf(e->fp, NULL, _IOFBF, 1 << 16);
    jsonw_init(&e->w);
    return 0;
}

int eve_close(struct eve *e)
{
    int rc = 0;
    if (e->fp) {
        if (fflush(e->fp) != 0 || ferror(e->fp))
            e->write_errors++;
        if (fclose(e->fp) != 0)
            e->write_errors++;
        e->fp = NULL;
    }
    jsonw_deinit(&e->w);
    if (e->write_errors) {
        log_error("%s: %llu write error(s)", e->path, (unsigned long long)e->write_errors);
        rc = -1;
    }
    return rc;
}

void eve_format_time(int64_t sec, int32_t usec, char out[40])
{
    time_t t = (time_t)sec;
    struct tm tm;
    gmtime_r(&t, &tm);
    size_t n = strftime(out, 40, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out + n, 40 - n, ".%06d+0000", usec < 0 ? 0 : usec % 1000000);
}

static void eve_ip(struct jsonw *w, const char *key, int ip_v, const struct ip_addr *a)
{
    char buf[INET6_ADDRSTRLEN];
    if (!inet_ntop(ip_v == 6 ? AF_INET6 : AF_INET, a->b, buf, sizeof(buf)))
        buf[0] = '\0';
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
    if (e->community_id && f->community_id[0])
        jsonw_str(w, "community_id", f->community_id);
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
    jsonw_reset(w);
    jsonw_obj_open(w, NULL);
    eve_format_time(o->ts_sec, o->ts_usec, ts);
    jsonw_str(w, "timestamp", ts);
    if (f)
        jsonw_uint(w, "flow_id", f->flow_id);
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
    jsonw_obj_close(w);
    if (w->oom) {
        e->write_errors++;
        return;
    }
    if (!e->fp)
        return;
    if (fwrite(w->buf, 1, w->len, e->fp) != w->len || fputc('\n', e->fp) == EOF)
        e->write_errors++;
    e->records++;
}
