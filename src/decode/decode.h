/* decode.h - one captured packet, decoded from link layer to TCP.
 *
 * struct packet is reused for every record read: it holds views into the
 * capture buffer (valid for the current packet only) and a fixed array of
 * decoder events, so decoding never allocates. */
#ifndef SMBNEG_DECODE_H
#define SMBNEG_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Link types we decode (libpcap DLT_/LINKTYPE_ values). */
enum linktype {
    LINKTYPE_NULL = 0,        /* BSD loopback, host-order AF */
    LINKTYPE_ETHERNET = 1,
    LINKTYPE_RAW = 101,       /* raw IPv4/IPv6 (LINKTYPE_RAW) */
    LINKTYPE_LOOP = 108,      /* OpenBSD loopback, network-order AF */
    LINKTYPE_LINUX_SLL = 113,
    LINKTYPE_IPV4 = 228,
    LINKTYPE_IPV6 = 229,
    LINKTYPE_LINUX_SLL2 = 276,
    DLT_RAW_ALT1 = 12,        /* DLT_RAW on most BSDs */
    DLT_RAW_ALT2 = 14,        /* DLT_RAW on OpenBSD */
};

/* Decoder events: malformed or unsupported input, recorded on the packet and
 * written as EVE anomalies (layer "decoder"). Names: decode_event_name(). */
enum decode_event {
    EV_LINK_TRUNCATED = 0,
    EV_LINK_UNSUPPORTED,
    EV_VLAN_TOO_MANY_LAYERS,
    EV_IPV4_TRUNCATED,
    EV_IPV4_BAD_VERSION,
    EV_IPV4_HLEN_TOO_SMALL,
    EV_IPV4_IPLEN_SMALLER_THAN_HLEN,
    EV_IPV4_TRUNC_PKT,        /* total length beyond the captured bytes */
    EV_IPV4_FRAGMENT,         /* fragments are not reassembled */
    EV_IPV6_TRUNCATED,
    EV_IPV6_BAD_VERSION,
    EV_IPV6_TRUNC_EXTHDR,
    EV_IPV6_TRUNC_PKT,
    EV_IPV6_FRAGMENT,
    EV_TCP_TRUNCATED,
    EV_TCP_HLEN_TOO_SMALL,
    EV_TCP_OPT_TRUNCATED,
    EV_COUNT
};

#define PACKET_MAX_EVENTS 8
#define PACKET_MAX_VLANS 3

enum ip_family { IPF_NONE = 0, IPF_V4 = 4, IPF_V6 = 6 };

/* An IPv4 address sits in the first 4 bytes, the rest zero. */
struct ip_addr {
    uint8_t b[16];
};

struct packet {
    /* from the capture source */
    const uint8_t *data; /* captured bytes */
    uint32_t caplen;     /* bytes captured: nothing is read past data + caplen */
    uint32_t wirelen;    /* bytes on the wire */
    int64_t ts_sec;
    int32_t ts_usec;
    uint64_t pcap_cnt;   /* 1-based record number in its file */
    int linktype;

    /* link layer */
    uint8_t n_vlan;
    uint16_t vlan[PACKET_MAX_VLANS];

    /* network layer */
    uint8_t ip_v;        /* 4, 6 or 0 when no IP layer was decoded */
    struct ip_addr src, dst;
    uint8_t ip_proto;    /* transport protocol (after IPv6 extension headers) */
    bool is_fragment;

    /* TCP */
    bool is_tcp;         /* a complete TCP header was decoded */
    uint16_t sport, dport;
    uint32_t seq, ack;
    uint8_t tcp_flags;
    uint16_t window;
    const uint8_t *payload;
    uint32_t payload_len; /* captured payload bytes, bounded by IP length */

    uint8_t n_events;
    uint8_t events[PACKET_MAX_EVENTS];
};

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10

/* Decode p->data[0 .. p->caplen) as link type p->linktype, filling the layer
 * fields.  Resets all decoded fields first.  Never reads past caplen.
 * Malformed input records events on p; the return value is true when a TCP
 * segment was decoded (p->is_tcp). */
bool decode_packet(struct packet *p);

/* Layer decoders, called by decode_packet and one another; each reads
 * [buf, buf+len) only.  Exposed for unit tests. */
void decode_ethernet(struct packet *p, const uint8_t *buf, size_t len);
void decode_sll(struct packet *p, const uint8_t *buf, size_t len);
void decode_sll2(struct packet *p, const uint8_t *buf, size_t len);
void decode_null(struct packet *p, const uint8_t *buf, size_t len, bool network_order);
void decode_raw(struct packet *p, const uint8_t *buf, size_t len);
void decode_ipv4(struct packet *p, const uint8_t *buf, size_t len);
void decode_ipv6(struct packet *p, const uint8_t *buf, size_t len);
void decode_tcp(struct packet *p, const uint8_t *buf, size_t len);

/* Record an event on the packet (ignored when the array is full). */
void decode_event_set(struct packet *p, enum decode_event ev);
/* "decoder.ipv4.truncated" style names. */
const char *decode_event_name(enum decode_event ev);

#endif
