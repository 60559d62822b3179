/* flow-tcp.c - what one TCP packet tells its flow: which side is the
 * client (the handshake, else the service port), the SYN / FIN / RST state,
 * the highest ACK each way, the counters, and whether a SYN opens a new
 * connection on the same 4-tuple (port reuse). */
#include "flow/flow.h"

void flow_tcp_roles(struct flow *f, const struct packet *p, bool sport_svc, bool dport_svc)
{
    if ((p->tcp_flags & (TCP_SYN | TCP_ACK)) == TCP_SYN) {
        f->client_side = 0;
        f->role_source = ROLE_FROM_SYN;
    } else if ((p->tcp_flags & (TCP_SYN | TCP_ACK)) == (TCP_SYN | TCP_ACK)) {
        f->client_side = 1;
        f->role_source = ROLE_FROM_SYN;
    } else if (dport_svc && !sport_svc) {
        f->client_side = 0;
        f->role_source = ROLE_FROM_PORT;
    } else if (sport_svc && !dport_svc) {
        f->client_side = 1;
        f->role_source = ROLE_FROM_PORT;
    }
}

unsigned flow_tcp_packet(struct flow *f, const struct packet *p, int side)
{
    unsigned seen = 0;
    struct stream_dir *sd = &f->stream[side];
    f->pkts[side]++;
    f->bytes[side] += p->wirelen;
    f->data |= p->payload_len > 0;
    if (p->tcp_flags & TCP_SYN) {
        seen |= p->tcp_flags & TCP_ACK ? FLOW_TCP_SYNACK : FLOW_TCP_SYN;
        if (!f->syn[side]) {
            f->syn[side] = true;
            f->isn[side] = p->seq;
        }
        if (!sd->init)
            stream_dir_start(sd, p->seq + 1, false);
    } else if (f->state == FLOW_NEW) {
        f->state = FLOW_ESTABLISHED;
    }
    if (p->tcp_flags & TCP_RST) {
        seen |= FLOW_TCP_RST;
        f->rst = true;
        f->state = FLOW_CLOSED;
    }
    if (p->tcp_flags & TCP_FIN) {
        f->fin[side] = true;
        if (f->fin[0] && f->fin[1])
            f->state = FLOW_CLOSED;
    }
    if ((p->tcp_flags & (TCP_ACK | TCP_RST)) == TCP_ACK &&
        (!f->acked[side] || (int32_t)(p->ack - f->ack[side]) > 0)) {
        f->acked[side] = true;
        f->ack[side] = p->ack;
    }
    return seen;
}

bool flow_is_reused(const struct flow *f, const struct packet *p, int side)
{
    if ((p->tcp_flags & (TCP_SYN | TCP_ACK | TCP_RST)) != TCP_SYN)
        return false;
    if (!f->fin[0] && !f->fin[1] && !f->rst)
        return false;
    bool same_syn = f->syn[side] && f->isn[side] == p->seq;
    return !same_syn || f->syn[1 - side] || f->data;
}
