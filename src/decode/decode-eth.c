/* decode-eth.c - link layers that carry an EtherType: Ethernet II with
 * 802.1Q / 802.1ad VLAN tags (IEEE 802.1Q-2018 9.6), Linux cooked capture v1
 * and v2 (https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html and
 * LINKTYPE_LINUX_SLL2.html). */
#include "decode/decode.h"
#include "util/bytes.h"

enum ethertype {
    ETHERTYPE_IPV4 = 0x0800,
    ETHERTYPE_VLAN = 0x8100,  /* 802.1Q C-tag */
    ETHERTYPE_IPV6 = 0x86DD,
    ETHERTYPE_QINQ = 0x88A8,  /* 802.1ad S-tag */
    ETHERTYPE_QINQ_OLD = 0x9100,
};

#define ETH_HDR_LEN 14
#define SLL_PROTO_OFF 14 /* of a 16-byte header */
#define SLL2_HDR_LEN 20
#define VLAN_ID_MASK 0x0fffu

static bool eth_is_vlan(uint16_t type)
{
    return type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_OLD;
}

/* Decodes what follows an EtherType field: `type` is that field and r covers
 * the bytes after it.  VLAN tags (TCI, then the inner EtherType) are peeled
 * off and their 12-bit ids stored in p->vlan[] outermost first; a packet
 * with more than PACKET_MAX_VLANS tags is recorded and not decoded further,
 * since its flow could not be told apart from one with fewer tags.
 * EtherTypes other than IPv4/IPv6 (ARP, LLDP, 802.3 lengths) are not
 * anomalies and are ignored. */
static void eth_decode_payload(struct packet *p, uint16_t type, struct rd r)
{
    while (eth_is_vlan(type)) {
        uint16_t tci = rd_be16(&r);
        type = rd_be16(&r);
        if (r.bad) {
            decode_event_set(p, EV_LINK_TRUNCATED);
            return;
        }
        if (p->n_vlan >= PACKET_MAX_VLANS) {
            decode_event_set(p, EV_VLAN_TOO_MANY_LAYERS);
            return;
        }
        p->vlan[p->n_vlan++] = (uint16_t)(tci & VLAN_ID_MASK);
    }

    switch (type) {
    case ETHERTYPE_IPV4:
        decode_ipv4(p, r.p, rd_left(&r));
        break;
    case ETHERTYPE_IPV6:
        decode_ipv6(p, r.p, rd_left(&r));
        break;
    default:
        break;
    }
}

/* Ethernet II: dst(6) src(6) EtherType(2).  Trailing padding and FCS are
 * passed on to the IP decoder, which bounds its payload by the IP length. */
void decode_ethernet(struct packet *p, const uint8_t *buf, size_t len)
{
    struct rd r = rd_make(buf, len);
    rd_skip(&r, ETH_HDR_LEN - 2);
    uint16_t type = rd_be16(&r);
    if (r.bad) {
        decode_event_set(p, EV_LINK_TRUNCATED);
        return;
    }
    eth_decode_payload(p, type, r);
}

/* Linux cooked v1: packet type(2) ARPHRD(2) addr len(2) addr(8) protocol(2).
 * The protocol is an EtherType for the link types we care about. */
void decode_sll(struct packet *p, const uint8_t *buf, size_t len)
{
    struct rd r = rd_make(buf, len);
    rd_skip(&r, SLL_PROTO_OFF);
    uint16_t type = rd_be16(&r);
    if (r.bad) {
        decode_event_set(p, EV_LINK_TRUNCATED);
        return;
    }
    eth_decode_payload(p, type, r);
}

/* Linux cooked v2: protocol(2) reserved(2) ifindex(4) ARPHRD(2) packet
 * type(1) addr len(1) addr(8). */
void decode_sll2(struct packet *p, const uint8_t *buf, size_t len)
{
    struct rd r = rd_make(buf, len);
    uint16_t type = rd_be16(&r);
    rd_skip(&r, SLL2_HDR_LEN - 2);
    if (r.bad) {
        decode_event_set(p, EV_LINK_TRUNCATED);
        return;
    }
    eth_decode_payload(p, type, r);
}
