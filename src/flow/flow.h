/* flow.h - a TCP flow keyed by its 5-tuple (and VLAN ids), its two
 * reassembly directions and its application-layer state.
 *
 * Sides: side 0 is the first packet's sender ("orig"), side 1 the other.
 * Which side is the SMB client is decided separately (client_side): from
 * the handshake, else from the port, else from the first SMB message. */
#ifndef SMBNEG_FLOW_H
#define SMBNEG_FLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "decode/decode.h"
#include "stream/stream.h"

struct app_parser;

struct flow_key {
    struct ip_addr addr[2]; /* normalised: (addr[0], port[0]) <= (addr[1], port[1]) */
    uint16_t port[2];
    uint16_t vlan[2];
    uint8_t ip_v;
    uint8_t proto;
};

enum flow_role_source {
    ROLE_GUESSED = 0, /* the first packet's sender, until something better */
    ROLE_FROM_SMB,    /* the SMB response flag said who answers */
    ROLE_FROM_PORT,   /* exactly one side uses an SMB port */
    ROLE_FROM_SYN,    /* the handshake */
};

enum flow_state {
    FLOW_NEW = 0,     /* SYN seen, no data */
    FLOW_ESTABLISHED,
    FLOW_CLOSED,      /* FIN from both sides or RST */
};

/* Direction of a message or packet relative to the client. */
enum flow_dir { DIR_TOSERVER = 0, DIR_TOCLIENT = 1 };

struct flow {
    struct flow_key key;
    struct flow *hnext;          /* hash chain */
    struct flow *lru_prev, *lru_next; /* by last packet time */

    struct ip_addr side_addr[2]; /* side 0 = first packet's sender */
    uint16_t side_port[2];
    uint8_t ip_v;
    uint8_t n_vlan;
    uint16_t vlan[PACKET_MAX_VLANS];

    uint8_t client_side;         /* 0 or 1 */
    uint8_t role_source;         /* enum flow_role_source */
    uint8_t state;               /* enum flow_state */
    bool fin[2];
    bool rst;                    /* a RST was seen */
    bool syn[2];                 /* a SYN was seen from the side; isn[] holds its seq */
    bool data;                   /* a packet with payload was seen */
    bool acked[2];               /* an ACK was seen from the side; ack[] holds the highest */
    uint32_t isn[2];
    uint32_t ack[2];
    bool smb_port;               /* a configured SMB port is involved */
    bool app_done;               /* nothing more to parse: packets cost a lookup */
    bool negotiated;             /* the app's negotiation is over (app_parser.negotiated) */
    bool app_tried;              /* detection ran on this flow */
    bool evicted;                /* ended to make room under flow.memcap */
    uint8_t lru_class;           /* enum flow_class: the LRU list it is on */

    uint64_t flow_id;
    int64_t start_sec, last_sec;
    int32_t start_usec, last_usec;
    uint64_t pkts[2], bytes[2];  /* by side */

    struct stream_dir stream[2]; /* by side */
    const struct app_parser *app;
    void *app_state;
    uint32_t n_anomalies;        /* anomalies recorded on this flow */
    char community_id[32];       /* Community ID v1, set when the flow is created
                                    (symmetric: independent of the roles) */
};

static inline int flow_side_of_dir(const struct flow *f, enum flow_dir d)
{
    return d == DIR_TOSERVER ? f->client_side : 1 - f->client_side;
}

static inline enum flow_dir flow_dir_of_side(const struct flow *f, int side)
{
    return side == f->client_side ? DIR_TOSERVER : DIR_TOCLIENT;
}

/* Community ID v1 of the flow: "1:" + base64.  The endpoints are ordered
 * by the spec, so the roles do not change it. */
void flow_community_id(const struct flow *f, uint16_t seed, char out[32]);

/* ---- flow table (flow-table.c) ---- */

struct flow_table_cfg {
    uint32_t hash_size;     /* buckets, rounded up to a power of two */
    uint64_t memcap;        /* bytes for flows */
    uint32_t timeout_new;   /* seconds of packet time */
    uint32_t timeout_est;
    uint32_t timeout_closed;
    size_t extra_per_flow;  /* bytes charged with each flow (its app state) */
};

/* Eviction classes, in the order flows are given up when the memcap is
 * reached (see flow_table_get). */
enum flow_class {
    FLOW_CLASS_FINISHED = 0, /* negotiation over, or not SMB: nothing to lose */
    FLOW_CLASS_WAITING,      /* no SMB bytes yet (handshake only, SYN floods) */
    FLOW_CLASS_NEGOTIATING,  /* SMB state pending: evicting loses data */
    FLOW_CLASS_COUNT
};

struct flow_table {
    struct flow_table_cfg cfg;
    struct flow **bucket;
    uint32_t mask;
    /* One LRU list per class, least recently seen first. */
    struct flow *lru_head[FLOW_CLASS_COUNT], *lru_tail[FLOW_CLASS_COUNT];
    struct memcap mc;
    uint64_t active;
    uint64_t total;
    uint64_t evicted[FLOW_CLASS_COUNT]; /* removed to make room under the memcap */
    uint64_t refused;        /* new flows dropped: nothing could be evicted */
};

/* Called for every flow removed from the table, before it is freed, so the
 * owner can flush its transactions and free its app state. */
typedef void (*flow_end_fn)(void *ctx, struct flow *f);

int flow_table_init(struct flow_table *t, const struct flow_table_cfg *cfg);
void flow_table_deinit(struct flow_table *t, flow_end_fn fn, void *ctx);

/* Find the flow of a decoded TCP packet or create it; *side gets the
 * packet's side (0: sender is the flow's first sender).
 *
 * Memcap policy: when flow.memcap refuses a new flow, one flow is evicted
 * (ended through fn with f->evicted set, its pending transactions logged)
 * and the new flow takes its place: the least recently seen finished flow,
 * else the least recently seen flow without SMB bytes, else the least
 * recently seen negotiating flow.  NULL only when the table is empty and
 * the cap still refuses (a cap smaller than one flow). */
struct flow *flow_table_get(struct flow_table *t, const struct packet *p, int *side,
                            bool *created, flow_end_fn fn, void *ctx);

/* ---- flow-tcp.c ---- */

/* A new flow's client side and how it is known: a SYN or SYN/ACK, else the
 * side not using the service port (sport_svc / dport_svc: p's ports are
 * the protocol's); otherwise unchanged (the first sender, guessed). */
void flow_tcp_roles(struct flow *f, const struct packet *p, bool sport_svc, bool dport_svc);

/* What flow_tcp_packet saw, for the TCP counters. */
enum { FLOW_TCP_SYN = 1, FLOW_TCP_SYNACK = 2, FLOW_TCP_RST = 4 };

/* Account one TCP packet of f from `side`: packet and byte counters, the
 * handshake (ISN, the reassembly start after a SYN), FIN/RST state, the
 * highest ACK each way.  Returns FLOW_TCP_* bits. */
unsigned flow_tcp_packet(struct flow *f, const struct packet *p, int side);

/* Does p, a TCP packet of f from `side`, open a new connection on f's
 * 4-tuple (port reuse, as Suricata's TCP session reuse)?  True for a SYN
 * without ACK once f was closing (a FIN or a RST seen), unless it repeats
 * the ISN of f's own SYN while f never got past its handshake (no SYN/ACK,
 * no payload: a retransmitted SYN, such as Windows sends after a RST).  The
 * same ISN after a complete connection is reuse too: a capture replayed in
 * a loop repeats its ISNs. */
bool flow_is_reused(const struct flow *f, const struct packet *p, int side);

/* End f now (through fn, as a timeout would), e.g. when its 4-tuple is
 * reused; the next flow_table_get for its key creates a new flow. */
void flow_table_end(struct flow_table *t, struct flow *f, flow_end_fn fn, void *ctx);

/* Mark f as seen at packet time: moves it to the tail of the LRU list of
 * its class (computed now: call it after the packet changed the flow). */
void flow_table_touch(struct flow_table *t, struct flow *f, int64_t sec, int32_t usec);

/* End every flow idle past its timeout at packet time `now`. */
void flow_table_expire(struct flow_table *t, int64_t now, flow_end_fn fn, void *ctx);

/* End every flow (end of a capture file), least recently seen first. */
void flow_table_flush(struct flow_table *t, flow_end_fn fn, void *ctx);

#endif
