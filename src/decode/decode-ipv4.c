/* decode-ipv4.c - IPv4 header (RFC 791 3.1); fragments are recognised but
 * not reassembled. */
#include "decode/decode.h"
#include "util/bytes.h"

#include <string.h>

#define IPV4_HDR_MIN 20
#define IPV4_MF 0x2000u          /* more fragments */
#define IPV4_OFFSET_MASK 0x1fffu /* fragment offset, 8-byte units */
#define IPPROTO_TCP_NUM 6

/* Decodes the IPv4 header in buf[0..len) (len = bytes available after the
 * link header, which may include Ethernet padding).
 *
 * Fills ip_v, src, dst and ip_proto once the whole header (with options) is
 * present.  The transport payload is bounded by min(total length, len), so
 * padding after the datagram is never read as payload.  A datagram cut by
 * the capture snaplen (caplen < wirelen) is normal; EV_IPV4_TRUNC_PKT is
 * recorded only when the frame was captured whole yet is shorter than the
 * total length claims.  Fragments set is_fragment and are not passed on. */
void decode_ipv4(struct packet *p, const uint8_t *buf, size_t len)
{
    struct rd r = rd_make(buf, len);
    uint8_t vhl = rd_u8(&r);
    rd_skip(&r, 1); /* DSCP/ECN */
    uint16_t total_len = rd_be16(&r);
    rd_skip(&r, 2); /* identification */
    uint16_t frag = rd_be16(&r);
    rd_skip(&r, 1); /* TTL */
    uint8_t proto = rd_u8(&r);
    rd_skip(&r, 2); /* checksum */
    const uint8_t *src = rd_take(&r, 4);
    const uint8_t *dst = rd_take(&r, 4);
    if (r.bad) {
        /* Judge the version first when we have it: a 10-byte IPv6 stub is
         * a bad version, not a short IPv4 header. */
        if (len > 0 && (vhl >> 4) != 4)
            decode_event_set(p, EV_IPV4_BAD_VERSION);
        else
            decode_event_set(p, EV_IPV4_TRUNCATED);
        return;
    }
    if ((vhl >> 4) != 4) {
        decode_event_set(p, EV_IPV4_BAD_VERSION);
        return;
    }
    size_t hlen = (size_t)(vhl & 0x0f) * 4;
    if (hlen < IPV4_HDR_MIN) {
        decode_event_set(p, EV_IPV4_HLEN_TOO_SMALL);
        return;
    }
    if (hlen > len) {
        decode_event_set(p, EV_IPV4_TRUNCATED);
        return;
    }

    p->ip_v = IPF_V4;
    memset(&p->src, 0, sizeof(p->src));
    memset(&p->dst, 0, sizeof(p->dst));
    memcpy(p->src.b, src, 4);
    memcpy(p->dst.b, dst, 4);
    p->ip_proto = proto;

    if (total_len < hlen) {
        decode_event_set(p, EV_IPV4_IPLEN_SMALLER_THAN_HLEN);
        return;
    }
    size_t end = total_len;
    if (end > len) {
        if (p->caplen == p->wirelen)
            decode_event_set(p, EV_IPV4_TRUNC_PKT);
        end = len;
    }

    if ((frag & IPV4_MF) != 0 || (frag & IPV4_OFFSET_MASK) != 0) {
        p->is_fragment = true;
        decode_event_set(p, EV_IPV4_FRAGMENT);
        return;
    }

    if (proto == IPPROTO_TCP_NUM)
        decode_tcp(p, buf + hlen, end - hlen);
}
