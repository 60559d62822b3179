/* decode-link.c - link layers that carry an address family or nothing at all:
 * BSD/macOS NULL and OpenBSD LOOP loopback (a 4-byte AF_ value), and raw IP
 * (LINKTYPE_RAW, LINKTYPE_IPV4/IPV6, DLT_RAW on the BSDs).
 * Ref: https://www.tcpdump.org/linktypes/LINKTYPE_NULL.html, LINKTYPE_LOOP. */
#include "decode/decode.h"
#include "util/bytes.h"

/* AF_ values written by the capturing system (LINKTYPE_NULL page). */
enum null_af {
    NULL_AF_INET = 2,
    NULL_AF_INET6_LINUX = 10,
    NULL_AF_INET6_BSD = 24,     /* NetBSD, OpenBSD, BSD/OS */
    NULL_AF_INET6_FREEBSD = 28,
    NULL_AF_INET6_DARWIN = 30,
};

/* The AF_ field is in the capturing host's byte order for NULL and network
 * order for LOOP.  Reads buf[0..4); an unknown family is not an anomaly (it
 * is just traffic we do not decode), so it is ignored silently. */
void decode_null(struct packet *p, const uint8_t *buf, size_t len, bool network_order)
{
    struct rd r = rd_make(buf, len);
    uint32_t af = network_order ? rd_be32(&r) : rd_le32(&r);
    if (r.bad) {
        decode_event_set(p, EV_LINK_TRUNCATED);
        return;
    }
    /* AF values are small: a value with high bits set was written by a host
     * of the other byte order. */
    if (!network_order && (af & 0xffff0000u) != 0)
        af = (af >> 24) | ((af >> 8) & 0xff00u) | ((af << 8) & 0xff0000u) | (af << 24);

    const uint8_t *ip = r.p;
    size_t ip_len = rd_left(&r);
    switch (af) {
    case NULL_AF_INET:
        decode_ipv4(p, ip, ip_len);
        break;
    case NULL_AF_INET6_LINUX:
    case NULL_AF_INET6_BSD:
    case NULL_AF_INET6_FREEBSD:
    case NULL_AF_INET6_DARWIN:
        decode_ipv6(p, ip, ip_len);
        break;
    default:
        break;
    }
}

/* Raw IP: the version nibble of the first byte selects IPv4 or IPv6.  Any
 * other version is recorded as EV_IPV4_BAD_VERSION (there is no link header
 * to say what else it could be). */
void decode_raw(struct packet *p, const uint8_t *buf, size_t len)
{
    struct rd r = rd_make(buf, len);
    uint8_t vhl = rd_u8(&r);
    if (r.bad) {
        decode_event_set(p, EV_LINK_TRUNCATED);
        return;
    }
    switch (vhl >> 4) {
    case 4:
        decode_ipv4(p, buf, len);
        break;
    case 6:
        decode_ipv6(p, buf, len);
        break;
    default:
        decode_event_set(p, EV_IPV4_BAD_VERSION);
        break;
    }
}
