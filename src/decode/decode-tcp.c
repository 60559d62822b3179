/* decode-tcp.c - TCP header (RFC 9293 3.1).  Options are skipped, not
 * interpreted. */
#include "decode/decode.h"
#include "util/bytes.h"

#define TCP_HDR_MIN 20

/* Decodes buf[0..len) as a TCP segment, where len is already bounded by the
 * IP payload length and the captured bytes.
 *
 * With the 20-byte base header present, sport/dport/seq/ack/flags/window
 * are filled (so an anomaly record can still name the flow).  is_tcp,
 * payload and payload_len are set only when the full header including
 * options is present; payload then covers the rest of buf. */
void decode_tcp(struct packet *p, const uint8_t *buf, size_t len)
{
    struct rd r = rd_make(buf, len);
    uint16_t sport = rd_be16(&r);
    uint16_t dport = rd_be16(&r);
    uint32_t seq = rd_be32(&r);
    uint32_t ack = rd_be32(&r);
    uint8_t off = rd_u8(&r);
    uint8_t flags = rd_u8(&r);
    uint16_t window = rd_be16(&r);
    rd_skip(&r, 4); /* checksum, urgent pointer */
    if (r.bad) {
        decode_event_set(p, EV_TCP_TRUNCATED);
        return;
    }
    p->sport = sport;
    p->dport = dport;
    p->seq = seq;
    p->ack = ack;
    p->tcp_flags = flags;
    p->window = window;

    size_t hlen = (size_t)(off >> 4) * 4;
    if (hlen < TCP_HDR_MIN) {
        decode_event_set(p, EV_TCP_HLEN_TOO_SMALL);
        return;
    }
    if (hlen > len) {
        decode_event_set(p, EV_TCP_OPT_TRUNCATED);
        return;
    }
    p->is_tcp = true;
    p->payload = buf + hlen;
    p->payload_len = (uint32_t)(len - hlen);
}
