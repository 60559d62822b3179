/* source-live.c - live capture through libpcap: pcap_create, immediate
 * mode (no batching delay, so a quiet link still shows its few packets at
 * once), a kernel buffer of capture.buffer-size, a BPF filter, and a
 * non-blocking handle whose descriptor the run loop polls. */
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>

#include "config/config.h"
#include "source/source-live.h"

/* The blocking read timeout only matters where there is no selectable
 * descriptor; the run loop polls with its own, shorter, timeout. */
#define SOURCE_LIVE_TIMEOUT_MS 250

/* ------------------------------------------------------------ filter */

/* Append "expr" to out[*n]; -1 when it does not fit. */
static int source_live_append(char *out, size_t cap, size_t *n, const char *text)
{
    size_t l = strlen(text);
    if (l >= cap - *n)
        return -1;
    memcpy(out + *n, text, l + 1);
    *n += l;
    return 0;
}

int source_live_filter(const struct config *cfg, char *out, size_t cap)
{
    char ports[CONFIG_MAX_PORTS * 20] = "tcp";
    size_t n = 0;
    if (cap == 0)
        return -1;
    out[0] = '\0';
    if (strcmp(cfg->capture_bpf, "auto") != 0)
        return source_live_append(out, cap, &n, cfg->capture_bpf);
    /* What the engine would look at: every TCP segment when SMB is also
     * recognised on other ports, else the SMB ports only.  The VLAN branch
     * admits tagged frames too, as the decoder handles them. */
    if (!cfg->smb_any_port && cfg->n_smb_ports > 0) {
        size_t pn = 0;
        ports[0] = '\0';
        for (uint32_t i = 0; i < cfg->n_smb_ports; i++) {
            char one[24];
            snprintf(one, sizeof(one), "%stcp port %u", i ? " or " : "", cfg->smb_ports[i]);
            if (source_live_append(ports, sizeof(ports), &pn, one) != 0)
                return -1;
        }
    }
    if (source_live_append(out, cap, &n, ports) != 0 ||
        source_live_append(out, cap, &n, " or (vlan and (") != 0 ||
        source_live_append(out, cap, &n, ports) != 0 ||
        source_live_append(out, cap, &n, "))") != 0)
        return -1;
    return 0;
}

/* -------------------------------------------------------------- open */

/* pcap_activate's warnings and errors, as text. */
static const char *source_live_status(pcap_t *p, int rc)
{
    switch (rc) {
    case PCAP_ERROR_NO_SUCH_DEVICE:
        return "no such interface";
    case PCAP_ERROR_PERM_DENIED:
        return "permission denied (capturing needs root or CAP_NET_RAW)";
    case PCAP_ERROR_IFACE_NOT_UP:
        return "interface is down";
    case PCAP_ERROR_PROMISC_PERM_DENIED:
        return "no permission to enable promiscuous mode";
    default:
        return pcap_geterr(p)[0] ? pcap_geterr(p) : pcap_statustostr(rc);
    }
}

/* Settings before activation; a failure here is a libpcap bug or an
 * out-of-range value, reported as such. */
static int source_live_configure(struct source_live *src, pcap_t *p,
                                 const struct source_live_cfg *cfg)
{
    if (pcap_set_snaplen(p, (int)cfg->snaplen) != 0 ||
        pcap_set_promisc(p, cfg->promisc ? 1 : 0) != 0 ||
        pcap_set_timeout(p, SOURCE_LIVE_TIMEOUT_MS) != 0 ||
        pcap_set_buffer_size(p, (int)cfg->buffer_size) != 0 ||
        pcap_set_immediate_mode(p, 1) != 0) {
        snprintf(src->err, sizeof(src->err), "cannot configure the capture: %s",
                 pcap_geterr(p));
        return -1;
    }
    return 0;
}

static int source_live_set_filter(struct source_live *src, pcap_t *p, const char *bpf)
{
    struct bpf_program prog;
    if (!bpf || !bpf[0])
        return 0;
    if (pcap_compile(p, &prog, bpf, 1, PCAP_NETMASK_UNKNOWN) != 0) {
        snprintf(src->err, sizeof(src->err), "bad BPF filter \"%s\": %s", bpf, pcap_geterr(p));
        src->bad_filter = true;
        return -1;
    }
    int rc = pcap_setfilter(p, &prog);
    pcap_freecode(&prog);
    if (rc != 0) {
        snprintf(src->err, sizeof(src->err), "cannot set BPF filter \"%s\": %s", bpf,
                 pcap_geterr(p));
        return -1;
    }
    return 0;
}

int source_live_open(struct source_live *src, const struct source_live_cfg *cfg)
{
    char errbuf[PCAP_ERRBUF_SIZE] = "";
    memset(src, 0, sizeof(*src));
    src->fd = -1;
    snprintf(src->iface, sizeof(src->iface), "%s", cfg->iface);
    pcap_t *p = pcap_create(cfg->iface, errbuf);
    if (!p) {
        snprintf(src->err, sizeof(src->err), "cannot open: %s", errbuf);
        return -1;
    }
    if (source_live_configure(src, p, cfg) != 0)
        goto fail;
    int rc = pcap_activate(p);
    if (rc < 0) {
        snprintf(src->err, sizeof(src->err), "cannot open: %s", source_live_status(p, rc));
        goto fail;
    }
    if (source_live_set_filter(src, p, cfg->bpf) != 0)
        goto fail;
    if (pcap_setnonblock(p, 1, errbuf) != 0) {
        snprintf(src->err, sizeof(src->err), "cannot make non-blocking: %s", errbuf);
        goto fail;
    }
    src->pcap = p;
    src->linktype = pcap_datalink(p);
    src->fd = pcap_get_selectable_fd(p);
    return 0;
fail:
    pcap_close(p);
    return -1;
}

/* ---------------------------------------------------------- packets */

struct source_live_call {
    struct source_live *src;
    source_live_fn fn;
    void *ctx;
    struct packet p; /* reused for every packet of a dispatch */
};

static void source_live_handler(u_char *user, const struct pcap_pkthdr *h, const u_char *d)
{
    struct source_live_call *c = (struct source_live_call *)(void *)user;
    c->src->pcap_cnt++;
    c->p.data = d;
    c->p.caplen = h->caplen;
    c->p.wirelen = h->len;
    c->p.ts_sec = (int64_t)h->ts.tv_sec;
    c->p.ts_usec = (int32_t)h->ts.tv_usec;
    c->p.pcap_cnt = c->src->pcap_cnt;
    c->p.linktype = c->src->linktype;
    c->fn(c->ctx, &c->p);
}

int source_live_dispatch(struct source_live *src, int max, source_live_fn fn, void *ctx)
{
    struct source_live_call c;
    memset(&c, 0, sizeof(c));
    c.src = src;
    c.fn = fn;
    c.ctx = ctx;
    int n = pcap_dispatch(src->pcap, max, source_live_handler, (u_char *)(void *)&c);
    if (n == PCAP_ERROR_BREAK)
        return 0;
    if (n < 0) {
        snprintf(src->err, sizeof(src->err), "capture failed: %s", pcap_geterr(src->pcap));
        return -1;
    }
    return n;
}

/* --------------------------------------------------------- counters */

int source_live_update_stats(struct source_live *src)
{
    struct pcap_stat ps;
    if (pcap_stats(src->pcap, &ps) != 0) {
        snprintf(src->err, sizeof(src->err), "cannot read capture counters: %s",
                 pcap_geterr(src->pcap));
        return -1;
    }
    /* Unsigned differences stay right across one 32-bit wrap. */
    src->stats.packets += (uint32_t)(ps.ps_recv - src->last_recv);
    src->stats.drops += (uint32_t)(ps.ps_drop - src->last_drop);
    src->stats.ifdrops += (uint32_t)(ps.ps_ifdrop - src->last_ifdrop);
    src->last_recv = ps.ps_recv;
    src->last_drop = ps.ps_drop;
    src->last_ifdrop = ps.ps_ifdrop;
    return 0;
}

void source_live_close(struct source_live *src)
{
    if (src->pcap)
        pcap_close(src->pcap);
    src->pcap = NULL;
    src->fd = -1;
}
