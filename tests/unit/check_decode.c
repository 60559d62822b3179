/* check_decode.c - unit tests for src/decode/: link, IPv4, IPv6 and TCP
 * decoders.  Truth table of hand-built frames, a truncation sweep over every
 * prefix of each frame (placed against a PROT_NONE page so a one-byte
 * over-read crashes), and real captures compared with tshark's decode
 * (tests/data/README.md says how the oracles were made). */
#include "decode/decode.h"
#include "helpers/guard.h"
#include "helpers/run.h"

#include <check.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* -------------------------------------------------------- frame builders */

struct fb {
    uint8_t b[1024];
    size_t n;
};

static void fb_put(struct fb *f, const void *src, size_t n)
{
    ck_assert_uint_le(n, sizeof(f->b) - f->n);
    memcpy(f->b + f->n, src, n);
    f->n += n;
}

static void fb_u8(struct fb *f, uint8_t v)
{
    fb_put(f, &v, 1);
}

static void fb_be16(struct fb *f, uint16_t v)
{
    uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
    fb_put(f, b, 2);
}

static void fb_be32(struct fb *f, uint32_t v)
{
    fb_be16(f, (uint16_t)(v >> 16));
    fb_be16(f, (uint16_t)v);
}

static void fb_le32(struct fb *f, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    fb_put(f, b, 4);
}

static void fb_fill(struct fb *f, uint8_t v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fb_u8(f, v);
}

/* Every built segment carries the same TCP header values. */
#define T_SPORT 49152
#define T_DPORT 445
#define T_SEQ 0x11223344u
#define T_ACK 0x55667788u
#define T_FLAGS (TCP_PSH | TCP_ACK)
#define T_WIN 0x2000
#define PAY 10 /* default payload length */
#define DF 0x4000

static const uint8_t ip4_src[4] = {10, 77, 0, 1}, ip4_dst[4] = {10, 77, 0, 2};
static const uint8_t ip6_src[16] = {0xfd, 0x77, [15] = 1}, ip6_dst[16] = {0xfd, 0x77, [15] = 2};

static void put_macs(struct fb *f)
{
    static const uint8_t macs[12] = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1};
    fb_put(f, macs, sizeof(macs));
}

static void put_eth(struct fb *f, uint16_t type)
{
    put_macs(f);
    fb_be16(f, type);
}

/* TCP header with optlen NOP bytes of options, then paylen payload bytes. */
static void put_tcp(struct fb *f, size_t optlen, size_t paylen)
{
    fb_be16(f, T_SPORT);
    fb_be16(f, T_DPORT);
    fb_be32(f, T_SEQ);
    fb_be32(f, T_ACK);
    fb_u8(f, (uint8_t)(((20 + optlen) / 4) << 4));
    fb_u8(f, T_FLAGS);
    fb_be16(f, T_WIN);
    fb_be32(f, 0); /* checksum, urgent pointer */
    fb_fill(f, 1, optlen);
    for (size_t i = 0; i < paylen; i++)
        fb_u8(f, (uint8_t)('a' + i % 26));
}

static void put_ipv4(struct fb *f, size_t optlen, uint16_t frag, uint8_t proto, size_t l4len)
{
    fb_u8(f, (uint8_t)(0x40 | (5 + optlen / 4)));
    fb_u8(f, 0);
    fb_be16(f, (uint16_t)(20 + optlen + l4len));
    fb_be16(f, 0x1234);
    fb_be16(f, frag);
    fb_u8(f, 64);
    fb_u8(f, proto);
    fb_be16(f, 0);
    fb_put(f, ip4_src, 4);
    fb_put(f, ip4_dst, 4);
    fb_fill(f, 1, optlen); /* NOP options */
}

static void put_ipv6(struct fb *f, uint8_t nh, size_t plen)
{
    fb_be32(f, 0x60000000u);
    fb_be16(f, (uint16_t)plen);
    fb_u8(f, nh);
    fb_u8(f, 64);
    fb_put(f, ip6_src, 16);
    fb_put(f, ip6_dst, 16);
}

static void put_v4_tcp(struct fb *f, size_t ipopt, size_t tcpopt, size_t pay)
{
    put_ipv4(f, ipopt, DF, 6, 20 + tcpopt + pay);
    put_tcp(f, tcpopt, pay);
}

static void put_v6_tcp(struct fb *f, size_t pay)
{
    put_ipv6(f, 6, 20 + pay);
    put_tcp(f, 0, pay);
}

/* An 8-byte extension header with the given Next Header and PadN fill. */
static void put_ext8(struct fb *f, uint8_t nh)
{
    static const uint8_t padn[6] = {1, 4, 0, 0, 0, 0};
    fb_u8(f, nh);
    fb_u8(f, 0);
    fb_put(f, padn, sizeof(padn));
}

/* ------------------------------------------------------------- vectors */

static void v_eth4(struct fb *f) { put_eth(f, 0x0800); put_v4_tcp(f, 0, 0, PAY); }
static void v_eth4_tcpopt(struct fb *f) { put_eth(f, 0x0800); put_v4_tcp(f, 0, 12, PAY); }
static void v_eth4_ipopt(struct fb *f) { put_eth(f, 0x0800); put_v4_tcp(f, 12, 0, PAY); }
static void v_eth6(struct fb *f) { put_eth(f, 0x86DD); put_v6_tcp(f, PAY); }
static void v_sll4(struct fb *f)
{
    fb_be16(f, 0); fb_be16(f, 1); fb_be16(f, 6);
    fb_fill(f, 0xaa, 8); /* address field: 6 of 8 bytes used */
    fb_be16(f, 0x0800);
    put_v4_tcp(f, 0, 0, PAY);
}
static void v_sll_vlan(struct fb *f)
{
    fb_be16(f, 4); fb_be16(f, 1); fb_be16(f, 6);
    fb_fill(f, 0xaa, 8);
    fb_be16(f, 0x8100); fb_be16(f, 42); fb_be16(f, 0x0800);
    put_v4_tcp(f, 0, 0, PAY);
}
static void v_sll2_6(struct fb *f)
{
    fb_be16(f, 0x86DD); fb_be16(f, 0); fb_be32(f, 3); fb_be16(f, 1);
    fb_u8(f, 0); fb_u8(f, 6);
    fb_fill(f, 0xaa, 8);
    put_v6_tcp(f, PAY);
}
static void v_vlan(struct fb *f)
{
    put_macs(f);
    fb_be16(f, 0x8100); fb_be16(f, 0xA459); /* PCP 5, id 1113 */
    fb_be16(f, 0x0800);
    put_v4_tcp(f, 0, 0, PAY);
}
static void v_qinq(struct fb *f)
{
    put_macs(f);
    fb_be16(f, 0x88A8); fb_be16(f, 100);
    fb_be16(f, 0x8100); fb_be16(f, 0x1000 | 200); /* DEI set */
    fb_be16(f, 0x0800);
    put_v4_tcp(f, 0, 0, PAY);
}
static void v_vlan9100_6(struct fb *f)
{
    put_macs(f);
    fb_be16(f, 0x9100); fb_be16(f, 0xFFFF);
    fb_be16(f, 0x8100); fb_be16(f, 1);
    fb_be16(f, 0x86DD);
    put_v6_tcp(f, PAY);
}
static void v_vlan_many(struct fb *f)
{
    put_macs(f);
    for (uint16_t i = 1; i <= 4; i++) {
        fb_be16(f, 0x8100);
        fb_be16(f, i);
    }
    fb_be16(f, 0x0800);
    put_v4_tcp(f, 0, 0, PAY);
}
/* Minimum Ethernet frame: 54 bytes of headers padded to 60, plus an FCS. */
static void v_eth_pad(struct fb *f) { put_eth(f, 0x0800); put_v4_tcp(f, 0, 0, 0); fb_fill(f, 0, 6); fb_be32(f, 0xdeadbeef); }
static void v_eth_pad2(struct fb *f) { put_eth(f, 0x0800); put_v4_tcp(f, 0, 0, 2); fb_fill(f, 0xee, 4); }
static void v_null_le4(struct fb *f) { fb_le32(f, 2); put_v4_tcp(f, 0, 0, PAY); }
static void v_null_be4(struct fb *f) { fb_be32(f, 2); put_v4_tcp(f, 0, 0, PAY); }
static void v_null_le6_24(struct fb *f) { fb_le32(f, 24); put_v6_tcp(f, PAY); }
static void v_null_le6_28(struct fb *f) { fb_le32(f, 28); put_v6_tcp(f, PAY); }
static void v_null_be6_30(struct fb *f) { fb_be32(f, 30); put_v6_tcp(f, PAY); }
static void v_null_le6_10(struct fb *f) { fb_le32(f, 10); put_v6_tcp(f, PAY); }
static void v_null_unknown(struct fb *f) { fb_le32(f, 7); put_v4_tcp(f, 0, 0, PAY); }
static void v_loop4(struct fb *f) { fb_be32(f, 2); put_v4_tcp(f, 0, 0, PAY); }
static void v_loop6(struct fb *f) { fb_be32(f, 24); put_v6_tcp(f, PAY); }
static void v_raw4(struct fb *f) { put_v4_tcp(f, 0, 0, PAY); }
static void v_raw6(struct fb *f) { put_v6_tcp(f, PAY); }
static void v_raw_bad(struct fb *f) { put_v4_tcp(f, 0, 0, PAY); f->b[0] = 0x55; }

/* Hop-by-hop, destination options (16 bytes), atomic fragment, TCP. */
static void v_v6_ext(struct fb *f)
{
    put_eth(f, 0x86DD);
    put_ipv6(f, 0, 8 + 16 + 8 + 20 + PAY);
    put_ext8(f, 60);
    fb_u8(f, 44); fb_u8(f, 1); fb_u8(f, 1); fb_u8(f, 12); fb_fill(f, 0, 12);
    fb_u8(f, 6); fb_u8(f, 0); fb_be16(f, 0); fb_be32(f, 0xdeadbeef);
    put_tcp(f, 0, PAY);
}
/* Routing header then AH (length field 4: (4 + 2) * 4 = 24 bytes). */
static void v_v6_rt_ah(struct fb *f)
{
    put_ipv6(f, 43, 8 + 24 + 20 + PAY);
    put_ext8(f, 51);
    fb_u8(f, 6); fb_u8(f, 4); fb_be16(f, 0); fb_be32(f, 0x100); fb_be32(f, 1); fb_fill(f, 0x5a, 12);
    put_tcp(f, 0, PAY);
}
static void v_v6_frag_first(struct fb *f)
{
    put_eth(f, 0x86DD);
    put_ipv6(f, 44, 8 + 20 + PAY);
    fb_u8(f, 6); fb_u8(f, 0); fb_be16(f, 0x0001); fb_be32(f, 7);
    put_tcp(f, 0, PAY);
}
static void v_v6_frag_later(struct fb *f)
{
    put_eth(f, 0x86DD);
    put_ipv6(f, 44, 8 + PAY);
    fb_u8(f, 6); fb_u8(f, 0); fb_be16(f, 21 << 3); fb_be32(f, 7);
    fb_fill(f, 0x61, PAY);
}
static void v_v6_eight(struct fb *f)
{
    put_ipv6(f, 60, 8 * 8 + 20 + PAY);
    for (int i = 0; i < 8; i++)
        put_ext8(f, i == 7 ? 6 : 60);
    put_tcp(f, 0, PAY);
}
static void v_v6_nine(struct fb *f)
{
    put_ipv6(f, 60, 9 * 8 + 20 + PAY);
    for (int i = 0; i < 9; i++)
        put_ext8(f, i == 8 ? 6 : 60);
    put_tcp(f, 0, PAY);
}
static void v_v6_exthdr_trunc(struct fb *f)
{
    put_ipv6(f, 0, 8 + 20 + PAY);
    put_ext8(f, 6);
    f->b[41] = 10; /* claims 88 bytes */
    put_tcp(f, 0, PAY);
}
static void v_v6_esp(struct fb *f) { put_ipv6(f, 50, 16); fb_fill(f, 0x77, 16); }
static void v_v6_nonext(struct fb *f) { put_ipv6(f, 59, 0); }
static void v_v6_jumbo0(struct fb *f) { put_v6_tcp(f, PAY); f->b[4] = f->b[5] = 0; }
static void v_v6_trunc_pkt(struct fb *f) { put_v6_tcp(f, PAY); f->b[5] = (uint8_t)(f->b[5] + 50); }
static void v_v6_bad_ver(struct fb *f) { put_eth(f, 0x86DD); put_v6_tcp(f, PAY); f->b[14] = 0x40; }
static void v_v4_frag_mf(struct fb *f)
{
    put_eth(f, 0x0800);
    put_ipv4(f, 0, 0x2000, 6, 20 + PAY);
    put_tcp(f, 0, PAY);
}
static void v_v4_frag_off(struct fb *f)
{
    put_eth(f, 0x0800);
    put_ipv4(f, 0, 5, 6, PAY);
    fb_fill(f, 0x61, PAY);
}
static void v_v4_udp(struct fb *f) { put_eth(f, 0x0800); put_ipv4(f, 0, 0, 17, 8); fb_fill(f, 0, 8); }
static void v_tcp_doff4(struct fb *f) { v_eth4(f); f->b[14 + 20 + 12] = 0x40; }
static void v_tcp_opt_trunc(struct fb *f) { v_eth4(f); f->b[14 + 20 + 12] = 0xf0; }
static void v_ip_len_small(struct fb *f) { v_eth4(f); f->b[16] = 0; f->b[17] = 19; }
static void v_ip_hlen_small(struct fb *f) { v_eth4(f); f->b[14] = 0x44; }
static void v_ip_bad_ver(struct fb *f) { v_eth4(f); f->b[14] = 0x65; }
static void v_ip_trunc_pkt(struct fb *f) { v_eth4(f); f->b[16] = 1; } /* + 256 */
static void v_snaplen(struct fb *f) { put_eth(f, 0x0800); put_v4_tcp(f, 0, 0, 100); }
static void v_arp(struct fb *f) { put_eth(f, 0x0806); fb_fill(f, 0x01, 28); }
static void v_short(struct fb *f) { fb_fill(f, 0xff, 10); }

struct expect {
    bool is_tcp, is_fragment;
    uint8_t ip_v, ip_proto;
    uint32_t payload_len;
    uint8_t n_vlan;
    uint16_t vlan[PACKET_MAX_VLANS];
    uint8_t n_ev;
    enum decode_event ev[3];
};

struct row {
    const char *name;
    int linktype;
    void (*build)(struct fb *f);
    size_t cut; /* snaplen cut: caplen = built length - cut, wirelen = built length */
    size_t hdr; /* offset of the TCP payload; 0 when no segment is expected */
    struct expect e;
};

#define TCP4(pl) .is_tcp = true, .ip_v = 4, .ip_proto = 6, .payload_len = (pl)
#define TCP6(pl) .is_tcp = true, .ip_v = 6, .ip_proto = 6, .payload_len = (pl)
#define EV1(a) .n_ev = 1, .ev = {a}

static const struct row rows[] = {
    {"eth4", LINKTYPE_ETHERNET, v_eth4, 0, 54, {TCP4(PAY)}},
    {"eth4 tcp options", LINKTYPE_ETHERNET, v_eth4_tcpopt, 0, 66, {TCP4(PAY)}},
    {"eth4 ip options", LINKTYPE_ETHERNET, v_eth4_ipopt, 0, 66, {TCP4(PAY)}},
    {"eth6", LINKTYPE_ETHERNET, v_eth6, 0, 74, {TCP6(PAY)}},
    {"vlan", LINKTYPE_ETHERNET, v_vlan, 0, 58, {TCP4(PAY), .n_vlan = 1, .vlan = {1113}}},
    {"qinq", LINKTYPE_ETHERNET, v_qinq, 0, 62, {TCP4(PAY), .n_vlan = 2, .vlan = {100, 200}}},
    {"9100+8100 v6", LINKTYPE_ETHERNET, v_vlan9100_6, 0, 82,
     {TCP6(PAY), .n_vlan = 2, .vlan = {4095, 1}}},
    {"vlan x4", LINKTYPE_ETHERNET, v_vlan_many, 0, 0,
     {.n_vlan = 3, .vlan = {1, 2, 3}, EV1(EV_VLAN_TOO_MANY_LAYERS)}},
    {"eth padding+fcs", LINKTYPE_ETHERNET, v_eth_pad, 0, 54, {TCP4(0)}},
    {"eth padding", LINKTYPE_ETHERNET, v_eth_pad2, 0, 54, {TCP4(2)}},
    {"sll v4", LINKTYPE_LINUX_SLL, v_sll4, 0, 56, {TCP4(PAY)}},
    {"sll vlan", LINKTYPE_LINUX_SLL, v_sll_vlan, 0, 60, {TCP4(PAY), .n_vlan = 1, .vlan = {42}}},
    {"sll2 v6", LINKTYPE_LINUX_SLL2, v_sll2_6, 0, 80, {TCP6(PAY)}},
    {"null le v4", LINKTYPE_NULL, v_null_le4, 0, 44, {TCP4(PAY)}},
    {"null be v4", LINKTYPE_NULL, v_null_be4, 0, 44, {TCP4(PAY)}},
    {"null le v6 24", LINKTYPE_NULL, v_null_le6_24, 0, 64, {TCP6(PAY)}},
    {"null le v6 28", LINKTYPE_NULL, v_null_le6_28, 0, 64, {TCP6(PAY)}},
    {"null be v6 30", LINKTYPE_NULL, v_null_be6_30, 0, 64, {TCP6(PAY)}},
    {"null le v6 10", LINKTYPE_NULL, v_null_le6_10, 0, 64, {TCP6(PAY)}},
    {"null unknown af", LINKTYPE_NULL, v_null_unknown, 0, 0, {0}},
    {"loop v4", LINKTYPE_LOOP, v_loop4, 0, 44, {TCP4(PAY)}},
    {"loop v6", LINKTYPE_LOOP, v_loop6, 0, 64, {TCP6(PAY)}},
    {"raw v4", LINKTYPE_RAW, v_raw4, 0, 40, {TCP4(PAY)}},
    {"raw v6", LINKTYPE_RAW, v_raw6, 0, 60, {TCP6(PAY)}},
    {"dlt raw 12 v6", DLT_RAW_ALT1, v_raw6, 0, 60, {TCP6(PAY)}},
    {"dlt raw 14 v4", DLT_RAW_ALT2, v_raw4, 0, 40, {TCP4(PAY)}},
    {"linktype ipv4", LINKTYPE_IPV4, v_raw4, 0, 40, {TCP4(PAY)}},
    {"linktype ipv6", LINKTYPE_IPV6, v_raw6, 0, 60, {TCP6(PAY)}},
    {"raw version 5", LINKTYPE_RAW, v_raw_bad, 0, 0, {EV1(EV_IPV4_BAD_VERSION)}},
    {"unknown linktype", 147, v_eth4, 0, 0, {EV1(EV_LINK_UNSUPPORTED)}},
    {"short ethernet", LINKTYPE_ETHERNET, v_short, 0, 0, {EV1(EV_LINK_TRUNCATED)}},
    {"arp", LINKTYPE_ETHERNET, v_arp, 0, 0, {0}},
    {"v6 hbh+dst+atomic frag", LINKTYPE_ETHERNET, v_v6_ext, 0, 106, {TCP6(PAY)}},
    {"v6 routing+ah", LINKTYPE_RAW, v_v6_rt_ah, 0, 92, {TCP6(PAY)}},
    {"v6 first fragment", LINKTYPE_ETHERNET, v_v6_frag_first, 0, 0,
     {.is_fragment = true, .ip_v = 6, .ip_proto = 6, EV1(EV_IPV6_FRAGMENT)}},
    {"v6 later fragment", LINKTYPE_ETHERNET, v_v6_frag_later, 0, 0,
     {.is_fragment = true, .ip_v = 6, .ip_proto = 6, EV1(EV_IPV6_FRAGMENT)}},
    {"v6 8 ext headers", LINKTYPE_RAW, v_v6_eight, 0, 124, {TCP6(PAY)}},
    {"v6 9 ext headers", LINKTYPE_RAW, v_v6_nine, 0, 0, {.ip_v = 6, .ip_proto = 6}},
    {"v6 ext hdr truncated", LINKTYPE_RAW, v_v6_exthdr_trunc, 0, 0,
     {.ip_v = 6, .ip_proto = 0, EV1(EV_IPV6_TRUNC_EXTHDR)}},
    {"v6 esp", LINKTYPE_RAW, v_v6_esp, 0, 0, {.ip_v = 6, .ip_proto = 50}},
    {"v6 no next header", LINKTYPE_RAW, v_v6_nonext, 0, 0, {.ip_v = 6, .ip_proto = 59}},
    {"v6 payload length 0", LINKTYPE_RAW, v_v6_jumbo0, 0, 60, {TCP6(PAY)}},
    {"v6 trunc pkt", LINKTYPE_RAW, v_v6_trunc_pkt, 0, 60, {TCP6(PAY), EV1(EV_IPV6_TRUNC_PKT)}},
    {"v6 bad version", LINKTYPE_ETHERNET, v_v6_bad_ver, 0, 0, {EV1(EV_IPV6_BAD_VERSION)}},
    {"v4 fragment MF", LINKTYPE_ETHERNET, v_v4_frag_mf, 0, 0,
     {.is_fragment = true, .ip_v = 4, .ip_proto = 6, EV1(EV_IPV4_FRAGMENT)}},
    {"v4 fragment offset", LINKTYPE_ETHERNET, v_v4_frag_off, 0, 0,
     {.is_fragment = true, .ip_v = 4, .ip_proto = 6, EV1(EV_IPV4_FRAGMENT)}},
    {"v4 udp", LINKTYPE_ETHERNET, v_v4_udp, 0, 0, {.ip_v = 4, .ip_proto = 17}},
    {"tcp doff 4", LINKTYPE_ETHERNET, v_tcp_doff4, 0, 0,
     {.ip_v = 4, .ip_proto = 6, EV1(EV_TCP_HLEN_TOO_SMALL)}},
    {"tcp options truncated", LINKTYPE_ETHERNET, v_tcp_opt_trunc, 0, 0,
     {.ip_v = 4, .ip_proto = 6, EV1(EV_TCP_OPT_TRUNCATED)}},
    {"ip len < hlen", LINKTYPE_ETHERNET, v_ip_len_small, 0, 0,
     {.ip_v = 4, .ip_proto = 6, EV1(EV_IPV4_IPLEN_SMALLER_THAN_HLEN)}},
    {"ip hlen 16", LINKTYPE_ETHERNET, v_ip_hlen_small, 0, 0, {EV1(EV_IPV4_HLEN_TOO_SMALL)}},
    {"ip version 6 in 0x0800", LINKTYPE_ETHERNET, v_ip_bad_ver, 0, 0, {EV1(EV_IPV4_BAD_VERSION)}},
    {"ip trunc pkt", LINKTYPE_ETHERNET, v_ip_trunc_pkt, 0, 54, {TCP4(PAY), EV1(EV_IPV4_TRUNC_PKT)}},
    {"snaplen cut", LINKTYPE_ETHERNET, v_snaplen, 60, 54, {TCP4(40)}},
};

#define N_ROWS ((int)(sizeof(rows) / sizeof(rows[0])))

static bool has_event(const struct packet *p, enum decode_event ev)
{
    for (uint8_t i = 0; i < p->n_events; i++)
        if (p->events[i] == ev)
            return true;
    return false;
}

static void packet_set(struct packet *p, int linktype, const uint8_t *data, size_t caplen,
                       size_t wirelen)
{
    memset(p, 0xa5, sizeof(*p)); /* stale garbage: decode_packet must reset it */
    p->data = data;
    p->caplen = (uint32_t)caplen;
    p->wirelen = (uint32_t)wirelen;
    p->ts_sec = 1;
    p->ts_usec = 2;
    p->pcap_cnt = 3;
    p->linktype = linktype;
}

/* ----------------------------------------------------------- truth table */

START_TEST(test_truth_table)
{
    const struct row *r = &rows[_i];
    const struct expect *e = &r->e;
    struct fb f = {.n = 0};
    r->build(&f);
    size_t caplen = f.n - r->cut;
    struct guard_buf g = {0};
    const uint8_t *data = guard_copy(&g, f.b, caplen);
    struct packet p;
    packet_set(&p, r->linktype, data, caplen, f.n);

    ck_assert_msg(decode_packet(&p) == e->is_tcp, "%s: is_tcp", r->name);
    ck_assert_int_eq(p.is_tcp, e->is_tcp);
    ck_assert_int_eq(p.is_fragment, e->is_fragment);
    ck_assert_msg(p.ip_v == e->ip_v, "%s: ip_v %u", r->name, p.ip_v);
    ck_assert_msg(p.ip_proto == e->ip_proto, "%s: ip_proto %u", r->name, p.ip_proto);
    ck_assert_msg(p.n_vlan == e->n_vlan, "%s: n_vlan %u", r->name, p.n_vlan);
    for (uint8_t i = 0; i < e->n_vlan; i++)
        ck_assert_uint_eq(p.vlan[i], e->vlan[i]);
    ck_assert_msg(p.n_events == e->n_ev, "%s: %u events (first %s)", r->name, p.n_events,
                  p.n_events ? decode_event_name(p.events[0]) : "-");
    for (uint8_t i = 0; i < e->n_ev; i++)
        ck_assert_msg(has_event(&p, e->ev[i]), "%s: no %s", r->name, decode_event_name(e->ev[i]));
    if (p.ip_v == 4) {
        ck_assert_mem_eq(p.src.b, ip4_src, 4);
        ck_assert_mem_eq(p.dst.b, ip4_dst, 4);
    } else if (p.ip_v == 6) {
        ck_assert_mem_eq(p.src.b, ip6_src, 16);
        ck_assert_mem_eq(p.dst.b, ip6_dst, 16);
    }
    if (e->is_tcp) {
        ck_assert_uint_eq(p.sport, T_SPORT);
        ck_assert_uint_eq(p.dport, T_DPORT);
        ck_assert_uint_eq(p.seq, T_SEQ);
        ck_assert_uint_eq(p.ack, T_ACK);
        ck_assert_uint_eq(p.tcp_flags, T_FLAGS);
        ck_assert_uint_eq(p.window, T_WIN);
        ck_assert_ptr_eq(p.payload, data + r->hdr);
        ck_assert_msg(p.payload_len == e->payload_len, "%s: payload_len %u", r->name,
                      p.payload_len);
        if (e->payload_len > 0)
            ck_assert_uint_eq(p.payload[0], 'a');
    } else {
        ck_assert_ptr_null(p.payload);
        ck_assert_uint_eq(p.payload_len, 0);
    }
    /* the capture-source fields survive the reset */
    ck_assert_ptr_eq(p.data, data);
    ck_assert_int_eq(p.ts_sec, 1);
    ck_assert_int_eq(p.ts_usec, 2);
    ck_assert_uint_eq(p.pcap_cnt, 3);
    ck_assert_int_eq(p.linktype, r->linktype);
    guard_free(&g);
}
END_TEST

/* ------------------------------------------------------ truncation sweep */

/* Decodes data[0..n) of row r with the given wirelen and checks what must
 * hold for any prefix: no read past n (the guard page), payload inside the
 * prefix, no TCP before the full headers, payload_len = what is captured. */
static void sweep_check(const struct row *r, const uint8_t *data, size_t n, size_t wirelen)
{
    struct packet p;
    packet_set(&p, r->linktype, data, n, wirelen);
    bool tcp = decode_packet(&p);
    ck_assert_int_eq(tcp, p.is_tcp);
    ck_assert_uint_le(p.n_events, PACKET_MAX_EVENTS);
    if (p.payload != NULL) {
        ck_assert(p.payload >= data);
        ck_assert_msg(p.payload + p.payload_len <= data + n, "%s: payload past prefix %zu",
                      r->name, n);
    }
    if (!r->e.is_tcp || n < r->hdr) {
        ck_assert_msg(!p.is_tcp, "%s: is_tcp at prefix %zu", r->name, n);
        return;
    }
    ck_assert_msg(p.is_tcp, "%s: no tcp at prefix %zu", r->name, n);
    uint32_t want = (uint32_t)(n - r->hdr);
    if (want > r->e.payload_len)
        want = r->e.payload_len;
    ck_assert_msg(p.payload_len == want, "%s: prefix %zu payload_len %u", r->name, n,
                  p.payload_len);
    if (wirelen > n) /* a snaplen cut is not an anomaly */
        ck_assert(!has_event(&p, EV_IPV4_TRUNC_PKT) && !has_event(&p, EV_IPV6_TRUNC_PKT));
}

/* Every prefix of each vector, captured as a snaplen cut (wirelen = full)
 * and as a whole short packet (wirelen = prefix), placed at a guard page. */
START_TEST(test_truncation_sweep)
{
    const struct row *r = &rows[_i];
    struct fb f = {.n = 0};
    r->build(&f);
    size_t full = f.n - r->cut;
    for (size_t n = 0; n <= full; n++) {
        struct guard_buf g = {0};
        const uint8_t *data = guard_copy(&g, f.b, n);
        sweep_check(r, data, n, f.n);
        sweep_check(r, data, n, n);
        guard_free(&g);
    }
}
END_TEST

/* ------------------------------------------------------ events and reset */

START_TEST(test_event_names)
{
    ck_assert_str_eq(decode_event_name(EV_IPV4_TRUNCATED), "decoder.ipv4.truncated");
    ck_assert_str_eq(decode_event_name(EV_TCP_HLEN_TOO_SMALL), "decoder.tcp.hlen_too_small");
    ck_assert_str_eq(decode_event_name(EV_VLAN_TOO_MANY_LAYERS), "decoder.vlan.too_many_layers");
    for (int i = 0; i < EV_COUNT; i++) {
        const char *a = decode_event_name((enum decode_event)i);
        ck_assert_ptr_nonnull(a);
        ck_assert_int_eq(strncmp(a, "decoder.", 8), 0);
        for (int j = 0; j < i; j++)
            ck_assert_str_ne(a, decode_event_name((enum decode_event)j));
    }
    ck_assert_str_eq(decode_event_name(EV_COUNT), "decoder.unknown");
}
END_TEST

START_TEST(test_event_set)
{
    struct packet p;
    memset(&p, 0, sizeof(p));
    decode_event_set(&p, EV_IPV4_FRAGMENT);
    decode_event_set(&p, EV_IPV4_FRAGMENT);
    ck_assert_uint_eq(p.n_events, 1);
    for (int i = 0; i < EV_COUNT; i++)
        decode_event_set(&p, (enum decode_event)i);
    ck_assert_uint_eq(p.n_events, PACKET_MAX_EVENTS);
    ck_assert_uint_eq(p.events[0], EV_IPV4_FRAGMENT);
    decode_event_set(&p, EV_COUNT); /* out of range: ignored */
    ck_assert_uint_eq(p.n_events, PACKET_MAX_EVENTS);
}
END_TEST

/* A reused struct packet carries nothing over from the previous record. */
START_TEST(test_reset_between_packets)
{
    struct fb a = {.n = 0}, b = {.n = 0};
    v_qinq(&a);
    v_arp(&b);
    struct packet p;
    packet_set(&p, LINKTYPE_ETHERNET, a.b, a.n, a.n);
    ck_assert(decode_packet(&p));
    ck_assert_uint_eq(p.n_vlan, 2);
    decode_event_set(&p, EV_TCP_TRUNCATED);
    p.data = b.b;
    p.caplen = p.wirelen = (uint32_t)b.n;
    ck_assert(!decode_packet(&p));
    ck_assert_uint_eq(p.n_vlan, 0);
    ck_assert_uint_eq(p.ip_v, 0);
    ck_assert_uint_eq(p.sport, 0);
    ck_assert_uint_eq(p.seq, 0);
    ck_assert_ptr_null(p.payload);
    ck_assert_uint_eq(p.n_events, 0);

    packet_set(&p, LINKTYPE_ETHERNET, NULL, 0, 0);
    ck_assert(!decode_packet(&p));
    ck_assert(has_event(&p, EV_LINK_TRUNCATED));
}
END_TEST

/* --------------------------------------------- real captures vs tshark */

struct capture {
    const char *file;
    int dlt; /* what libpcap reports for it */
};

static const struct capture captures[] = {
    {"arkime-smb-smb1-ascii.pcap", LINKTYPE_ETHERNET},
    {"sv-output-eve-smb-01-sll.pcap", LINKTYPE_LINUX_SLL},
    {"macos-null-head.pcap", LINKTYPE_NULL},
    {"v4-sll.pcap", LINKTYPE_LINUX_SLL},
    {"v4-sll2.pcap", LINKTYPE_LINUX_SLL2},
    {"v4-null-be.pcap", LINKTYPE_NULL},
    {"v4-raw.pcap", DLT_RAW_ALT1}, /* libpcap maps LINKTYPE_RAW to DLT_RAW (12) */
    {"v6-null-le.pcap", LINKTYPE_NULL},
    {"v6-loop.pcap", LINKTYPE_LOOP},
    {"v6-ipv6.pcap", LINKTYPE_IPV6},
    {"v6-sll2.pcapng", LINKTYPE_LINUX_SLL2},
};

#define N_CAPTURES ((int)(sizeof(captures) / sizeof(captures[0])))

static void data_path(char *out, size_t n, const char *name)
{
    char rel[256];
    snprintf(rel, sizeof(rel), "tests/data/%s", name);
    test_src_path(out, n, rel);
}

/* Splits a tab-separated line in place, keeping empty fields. */
static int tsv_split(char *line, char **field, int max)
{
    int n = 0;
    line[strcspn(line, "\r\n")] = '\0';
    for (char *s = line; n < max; n++) {
        field[n] = s;
        char *tab = strchr(s, '\t');
        if (tab == NULL)
            return n + 1;
        *tab = '\0';
        s = tab + 1;
    }
    return n;
}

/* Columns of F.tshark.tsv (tests/data/README.md). */
enum { C_FRAME, C_VLAN, C_IP_V, C_IPV6_V, C_SPORT, C_DPORT, C_SEQ, C_TCPLEN, C_N };

static unsigned long num(const char *s)
{
    return strtoul(s, NULL, 10); /* a list "a,b" yields its first value */
}

START_TEST(test_captures_vs_tshark)
{
    const struct capture *c = &captures[_i];
    char path[512], opath[sizeof(path) + 16], err[PCAP_ERRBUF_SIZE], line[256];
    data_path(path, sizeof(path), c->file);
    snprintf(opath, sizeof(opath), "%s.tshark.tsv", path);
    pcap_t *pc = pcap_open_offline(path, err);
    ck_assert_msg(pc != NULL, "%s: %s", path, err);
    FILE *oracle = fopen(opath, "r");
    ck_assert_msg(oracle != NULL, "%s", opath);
    ck_assert_int_eq(pcap_datalink(pc), c->dlt);

    struct pcap_pkthdr *h;
    const u_char *bytes;
    unsigned long frame = 0, tcp_frames = 0;
    while (pcap_next_ex(pc, &h, &bytes) == 1) {
        frame++;
        ck_assert_msg(fgets(line, sizeof(line), oracle) != NULL, "%s: oracle ends", c->file);
        char *col[C_N];
        ck_assert_int_eq(tsv_split(line, col, C_N), C_N);
        ck_assert_uint_eq(num(col[C_FRAME]), frame);

        struct guard_buf g = {0};
        struct packet p;
        packet_set(&p, pcap_datalink(pc), guard_copy(&g, bytes, h->caplen), h->caplen, h->len);
        decode_packet(&p);
        guard_free(&g); /* only scalars are compared below */
        unsigned want_v = col[C_IPV6_V][0] ? 6 : (unsigned)num(col[C_IP_V]);
        ck_assert_msg(p.ip_v == want_v, "%s #%lu: ip_v %u", c->file, frame, p.ip_v);
        if (col[C_VLAN][0]) {
            ck_assert_uint_ge(p.n_vlan, 1);
            ck_assert_uint_eq(p.vlan[0], num(col[C_VLAN]));
        } else {
            ck_assert_uint_eq(p.n_vlan, 0);
        }
        if (!col[C_SPORT][0]) {
            ck_assert_msg(!p.is_tcp, "%s #%lu: tcp", c->file, frame);
            continue;
        }
        tcp_frames++;
        ck_assert_msg(p.is_tcp, "%s #%lu: not tcp", c->file, frame);
        ck_assert_uint_eq(p.sport, num(col[C_SPORT]));
        ck_assert_uint_eq(p.dport, num(col[C_DPORT]));
        ck_assert_uint_eq(p.seq, num(col[C_SEQ]));
        if (h->caplen == h->len)
            ck_assert_uint_eq(p.payload_len, num(col[C_TCPLEN]));
        else
            ck_assert_uint_le(p.payload_len, num(col[C_TCPLEN]));
    }
    ck_assert_msg(fgets(line, sizeof(line), oracle) == NULL, "%s: frames missing", c->file);
    ck_assert_uint_gt(tcp_frames, 0);
    fclose(oracle);
    pcap_close(pc);
}
END_TEST

static Suite *decode_suite(void)
{
    Suite *s = suite_create("decode");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, test_truth_table, 0, N_ROWS);
    tcase_add_loop_test(tc, test_truncation_sweep, 0, N_ROWS);
    tcase_add_test(tc, test_event_names);
    tcase_add_test(tc, test_event_set);
    tcase_add_test(tc, test_reset_between_packets);
    suite_add_tcase(s, tc);
    TCase *tcap = tcase_create("captures");
    tcase_add_loop_test(tcap, test_captures_vs_tshark, 0, N_CAPTURES);
    suite_add_tcase(s, tcap);
    return s;
}

int main(void)
{
    return check_run_suite(decode_suite());
}
