/* source-live.h - packets from a network interface through libpcap
 * (pcap_create + immediate mode), handed to a callback as the same reused
 * struct packet views that source-pcap.c produces for files. */
#ifndef SMBNEG_SOURCE_LIVE_H
#define SMBNEG_SOURCE_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/decode.h"

struct config;

/* What to open: taken from the policy's capture.* rows (and -i). */
struct source_live_cfg {
    const char *iface;
    uint32_t buffer_size; /* bytes */
    uint32_t snaplen;
    bool promisc;
    const char *bpf;      /* NULL or "": no filter */
};

/* Kernel counters, widened to 64 bits (libpcap's are 32-bit and wrap). */
struct source_live_stats {
    uint64_t packets;     /* received by the filter (ps_recv) */
    uint64_t drops;       /* dropped for lack of buffer space (ps_drop) */
    uint64_t ifdrops;     /* dropped by the interface or driver (ps_ifdrop) */
};

struct source_live {
    void *pcap;           /* pcap_t */
    char iface[256];
    int linktype;
    int fd;               /* pollable descriptor, -1 when there is none */
    uint64_t pcap_cnt;
    struct source_live_stats stats;
    uint32_t last_recv, last_drop, last_ifdrop; /* raw pcap_stats values */
    bool bad_filter;      /* the open failed on the BPF filter (a policy error) */
    char err[512];        /* the reason of the last failure */
};

typedef void (*source_live_fn)(void *ctx, struct packet *p);

/* Open and activate the interface, apply the filter, make it non-blocking.
 * 0, or -1 with src->err set ("cannot open: ...", "bad BPF filter ...").
 * Needs CAP_NET_RAW; call before dropping privileges. */
int source_live_open(struct source_live *src, const struct source_live_cfg *cfg);

/* Hand up to `max` waiting packets to fn (p points into libpcap's buffer
 * until fn returns).  Returns the number handed over (0: none waiting), or
 * -1 with src->err set when the capture failed (interface gone). */
int source_live_dispatch(struct source_live *src, int max, source_live_fn fn, void *ctx);

/* Refresh src->stats from pcap_stats(); 0 or -1 (src->err). */
int source_live_update_stats(struct source_live *src);

void source_live_close(struct source_live *src);

/* The filter capture.bpf-filter stands for: "auto" follows smb.ports and
 * smb.detect-any-port, anything else is used as written ("": none).
 * 0, or -1 when out does not have room. */
int source_live_filter(const struct config *cfg, char *out, size_t cap);

#endif
