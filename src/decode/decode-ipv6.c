/* decode-ipv6.c - IPv6 fixed header and extension-header chain (RFC 8200
 * 3, 4; AH: RFC 4302 2.2).  Fragments are recognised, not reassembled. */
#include "decode/decode.h"
#include "util/bytes.h"

#include <string.h>

#define IPV6_HDR_LEN 40
#define IPV6_MAX_EXTHDRS 8       /* more than any sane sender uses */
#define IPV6_FRAG_OFFSET_MASK 0xfff8u
#define IPV6_FRAG_M 0x0001u

enum ipv6_nh {
    NH_HOPOPTS = 0,
    NH_TCP = 6,
    NH_ROUTING = 43,
    NH_FRAGMENT = 44,
    NH_ESP = 50,
    NH_AH = 51,
    NH_NONE = 59,
    NH_DSTOPTS = 60,
};

/* Outcome of one step along the extension-header chain. */
enum ipv6_step { STEP_NEXT, STEP_TRANSPORT, STEP_STOP };

/* Fragment header (RFC 8200 4.5): Next Header(1) reserved(1) offset+M(2)
 * identification(4).  An atomic fragment (offset 0, M 0; RFC 6946) holds
 * the whole datagram, so decoding goes on. */
static enum ipv6_step ipv6_skip_fragment(struct packet *p, struct rd *r, uint8_t *nh)
{
    uint8_t next = rd_u8(r);
    rd_skip(r, 1);
    uint16_t offm = rd_be16(r);
    rd_skip(r, 4);
    if (r->bad) {
        decode_event_set(p, EV_IPV6_TRUNC_EXTHDR);
        return STEP_STOP;
    }
    *nh = next;
    if ((offm & IPV6_FRAG_OFFSET_MASK) != 0 || (offm & IPV6_FRAG_M) != 0) {
        p->is_fragment = true;
        decode_event_set(p, EV_IPV6_FRAGMENT);
        return STEP_STOP;
    }
    return STEP_NEXT;
}

/* Consumes one extension header of type *nh from r, replacing *nh with its
 * Next Header.  Returns STEP_TRANSPORT when *nh is not an extension header
 * (r is left at the transport header), STEP_STOP when decoding ends here
 * (ESP, no next header, a real fragment, a truncated header) and STEP_NEXT
 * otherwise. */
static enum ipv6_step ipv6_skip_exthdr(struct packet *p, struct rd *r, uint8_t *nh)
{
    size_t unit, bias; /* header length = (length field + bias) * unit */
    switch (*nh) {
    case NH_HOPOPTS:
    case NH_ROUTING:
    case NH_DSTOPTS:
        unit = 8;
        bias = 1;
        break;
    case NH_AH:
        unit = 4;
        bias = 2;
        break;
    case NH_FRAGMENT:
        return ipv6_skip_fragment(p, r, nh);
    case NH_ESP:
    case NH_NONE:
        return STEP_STOP;
    default:
        return STEP_TRANSPORT;
    }

    uint8_t next = rd_u8(r);
    size_t hlen = ((size_t)rd_u8(r) + bias) * unit; /* >= 8 */
    rd_skip(r, hlen - 2);
    if (r->bad) {
        decode_event_set(p, EV_IPV6_TRUNC_EXTHDR);
        return STEP_STOP;
    }
    *nh = next;
    return STEP_NEXT;
}

/* Decodes buf[0..len) as an IPv6 packet.  Fills ip_v, src, dst once the
 * fixed header is present, then walks at most IPV6_MAX_EXTHDRS extension
 * headers; ip_proto is the last Next Header seen.  The payload is bounded by
 * min(Payload Length, len); Payload Length 0 (a jumbogram, RFC 2675) is
 * taken as "everything captured".  EV_IPV6_TRUNC_PKT is recorded only when
 * the frame was captured whole (caplen == wirelen) yet is short. */
void decode_ipv6(struct packet *p, const uint8_t *buf, size_t len)
{
    struct rd r = rd_make(buf, len);
    uint8_t v = rd_u8(&r);
    rd_skip(&r, 3); /* traffic class, flow label */
    size_t plen = rd_be16(&r);
    uint8_t nh = rd_u8(&r);
    rd_skip(&r, 1); /* hop limit */
    const uint8_t *src = rd_take(&r, 16);
    const uint8_t *dst = rd_take(&r, 16);
    if (r.bad) {
        if (len > 0 && (v >> 4) != 6)
            decode_event_set(p, EV_IPV6_BAD_VERSION);
        else
            decode_event_set(p, EV_IPV6_TRUNCATED);
        return;
    }
    if ((v >> 4) != 6) {
        decode_event_set(p, EV_IPV6_BAD_VERSION);
        return;
    }
    p->ip_v = IPF_V6;
    memcpy(p->src.b, src, 16);
    memcpy(p->dst.b, dst, 16);
    p->ip_proto = nh;

    size_t avail = rd_left(&r);
    if (plen == 0) {
        plen = avail;
    } else if (plen > avail) {
        if (p->caplen == p->wirelen)
            decode_event_set(p, EV_IPV6_TRUNC_PKT);
        plen = avail;
    }
    struct rd pl = rd_sub(&r, plen);

    for (int i = 0; i <= IPV6_MAX_EXTHDRS; i++) {
        enum ipv6_step step = ipv6_skip_exthdr(p, &pl, &nh);
        p->ip_proto = nh;
        if (step == STEP_STOP)
            return;
        if (step == STEP_TRANSPORT) {
            if (nh == NH_TCP)
                decode_tcp(p, pl.p, rd_left(&pl));
            return;
        }
    }
    /* More extension headers than IPV6_MAX_EXTHDRS: give up on this packet. */
}
