/* decode.c - per-packet entry point: link-type dispatch and decoder events.
 *
 * Link-type values: https://www.tcpdump.org/linktypes.html (LINKTYPE_ and the
 * platform DLT_ aliases).  Events follow Suricata's decoder-event model: a
 * malformed packet is recorded, never treated as an error. */
#include "decode/decode.h"

#include <string.h>

/* ---------------------------------------------------------------- events */

static const char *const decode_event_names[] = {
    [EV_LINK_TRUNCATED] = "decoder.link.truncated",
    [EV_LINK_UNSUPPORTED] = "decoder.link.unsupported",
    [EV_VLAN_TOO_MANY_LAYERS] = "decoder.vlan.too_many_layers",
    [EV_IPV4_TRUNCATED] = "decoder.ipv4.truncated",
    [EV_IPV4_BAD_VERSION] = "decoder.ipv4.bad_version",
    [EV_IPV4_HLEN_TOO_SMALL] = "decoder.ipv4.hlen_too_small",
    [EV_IPV4_IPLEN_SMALLER_THAN_HLEN] = "decoder.ipv4.iplen_smaller_than_hlen",
    [EV_IPV4_TRUNC_PKT] = "decoder.ipv4.trunc_pkt",
    [EV_IPV4_FRAGMENT] = "decoder.ipv4.fragment",
    [EV_IPV6_TRUNCATED] = "decoder.ipv6.truncated",
    [EV_IPV6_BAD_VERSION] = "decoder.ipv6.bad_version",
    [EV_IPV6_TRUNC_EXTHDR] = "decoder.ipv6.trunc_exthdr",
    [EV_IPV6_TRUNC_PKT] = "decoder.ipv6.trunc_pkt",
    [EV_IPV6_FRAGMENT] = "decoder.ipv6.fragment",
    [EV_TCP_TRUNCATED] = "decoder.tcp.truncated",
    [EV_TCP_HLEN_TOO_SMALL] = "decoder.tcp.hlen_too_small",
    [EV_TCP_OPT_TRUNCATED] = "decoder.tcp.opt_truncated",
};

_Static_assert(sizeof(decode_event_names) / sizeof(decode_event_names[0]) == EV_COUNT,
               "every decode_event needs a name");

/* Returns the EVE name of ev; "decoder.unknown" for a value outside the enum
 * (never NULL, so a caller may print it unconditionally). */
const char *decode_event_name(enum decode_event ev)
{
    if ((unsigned)ev >= EV_COUNT || decode_event_names[ev] == NULL)
        return "decoder.unknown";
    return decode_event_names[ev];
}

/* Appends ev to p->events.  A repeated event is stored once, and events
 * beyond PACKET_MAX_EVENTS are dropped: the array is a fixed-size record of
 * what went wrong, not a counter. */
void decode_event_set(struct packet *p, enum decode_event ev)
{
    if ((unsigned)ev >= EV_COUNT)
        return;
    for (uint8_t i = 0; i < p->n_events; i++)
        if (p->events[i] == (uint8_t)ev)
            return;
    if (p->n_events < PACKET_MAX_EVENTS)
        p->events[p->n_events++] = (uint8_t)ev;
}

/* ---------------------------------------------------------------- packet */

/* Clears every decoded field while keeping what the capture source set
 * (data, caplen, wirelen, ts, pcap_cnt, linktype). */
static void decode_reset(struct packet *p)
{
    struct packet src = *p;
    memset(p, 0, sizeof(*p));
    p->data = src.data;
    p->caplen = src.caplen;
    p->wirelen = src.wirelen;
    p->ts_sec = src.ts_sec;
    p->ts_usec = src.ts_usec;
    p->pcap_cnt = src.pcap_cnt;
    p->linktype = src.linktype;
}

bool decode_packet(struct packet *p)
{
    decode_reset(p);
    if (p->data == NULL || p->caplen == 0) {
        decode_event_set(p, EV_LINK_TRUNCATED);
        return false;
    }
    const uint8_t *buf = p->data;
    size_t len = p->caplen;

    switch (p->linktype) {
    case LINKTYPE_ETHERNET:
        decode_ethernet(p, buf, len);
        break;
    case LINKTYPE_LINUX_SLL:
        decode_sll(p, buf, len);
        break;
    case LINKTYPE_LINUX_SLL2:
        decode_sll2(p, buf, len);
        break;
    case LINKTYPE_NULL:
        decode_null(p, buf, len, false);
        break;
    case LINKTYPE_LOOP:
        decode_null(p, buf, len, true);
        break;
    case LINKTYPE_RAW:
    case DLT_RAW_ALT1:
    case DLT_RAW_ALT2:
    case LINKTYPE_IPV4:
    case LINKTYPE_IPV6:
        decode_raw(p, buf, len);
        break;
    default:
        decode_event_set(p, EV_LINK_UNSUPPORTED);
        break;
    }
    return p->is_tcp;
}
