/* smb-state-follow.c - the SMB parser's follow-up phase: after a final
 * SMB2 negotiate response, keep the transaction and feed every SMB2
 * message to the follow-up (smb-follow.h) until it ends, then report it
 * through app_sink.on_follow_end (MS-SMB2 3.2.5.3, 3.3.5.15.12). */
#include "app/smb/smb-state-int.h"

#include "util/mem.h"

/* The follow-up ends: report it with its negotiate tx, free both; nothing
 * more is parsed on the flow.  p: the packet that ended it, or NULL. */
void smb_follow_end(struct smb_state *st, const struct app_sink *sink, struct flow *f,
                    const struct packet *p, enum smb_follow_end end)
{
    if (!st->fw)
        return;
    bool closed = f->rst || f->fin[0] || f->fin[1];
    const struct smb_tx *tx = smb_fw_finish(st->fw, end, closed);
    sink->on_follow_end(sink->ctx, f, p, tx);
    smb_fw_free(st->fw, st->mc);
    st->fw = NULL;
    st->done = true;
}

/* A final SMB2 negotiate response completed tx: report it as ever, then
 * keep it and follow the connection when the engine wants the follow-up
 * (app_sink.on_follow_end, smb.follow.max-messages > 0); otherwise free it
 * and stop. */
void smb_follow_begin(const struct smb_call *c, struct smb_tx *tx)
{
    struct smb_state *st = c->st;
    if (!c->sink->on_follow_end || c->cfg->follow_max == 0 || st->fw ||
        !smb_fw_affordable(st->mc)) {
        smb_tx_complete(c, tx, DIR_TOCLIENT);
        st->done = true;
        return;
    }
    smb_tx_unlink(st, tx);
    c->sink->on_tx_complete(c->sink->ctx, c->f, c->p, tx, DIR_TOCLIENT);
    st->fw = smb_fw_new(st->mc, tx, c->cfg->follow_max); /* owns tx from here */
    if (!st->fw) {
        c->sink->on_anomaly(c->sink->ctx, c->f, c->p, smb_anomaly_name(SMB_AN_MEMCAP), "app");
        st->done = true;
    }
}

/* What a followed message found, as anomaly events. */
static void smb_follow_report(const struct smb_call *c, const struct smb_fw_report *rep)
{
    for (int a = 0; a < SMB_AN_MSG_COUNT; a++)
        if (rep->bits & (1u << a))
            c->sink->on_anomaly(c->sink->ctx, c->f, c->p,
                                smb_anomaly_name((enum smb_anomaly)a), "app");
    if (rep->list_full)
        c->sink->on_anomaly(c->sink->ctx, c->f, c->p, smb_anomaly_name(SMB_AN_FOLLOW_LIST_FULL),
                            "app");
    if (rep->secbuf_undecoded)
        c->sink->on_anomaly(c->sink->ctx, c->f, c->p,
                            smb_anomaly_name(SMB_AN_SECURITY_BUFFER_UNDECODED), "app");
}

static struct smb_fw_origin smb_origin(const struct smb_call *c)
{
    const struct stream_dir *sd = &c->f->stream[c->side];
    struct smb_fw_origin o = {sd->last_pcap_cnt, sd->last_sec, sd->last_usec};
    if (c->p)
        o = (struct smb_fw_origin){c->p->pcap_cnt, c->p->ts_sec, c->p->ts_usec};
    return o;
}

/* One SMB2 message while following. */
void smb_follow_message(const struct smb_call *c, const struct smb2_hdr *h, const uint8_t *msg,
                        size_t len)
{
    struct smb_fw_report rep = {0};
    struct smb_fw_origin o = smb_origin(c);
    smb_fw_message(c->st->fw, h, msg, len, &o, &rep);
    smb_follow_report(c, &rep);
    if (smb_fw_over(c->st->fw))
        smb_follow_end(c->st, c->sink, c->f, c->p, SMB_FOLLOW_END_BOUND);
}

/* A transform header (0xFD, 0xFC): while following, counted (0xFD ends the
 * follow-up); before, the end of what can be read. */
void smb_transform(const struct smb_call *c, uint8_t protocol_byte)
{
    struct smb_state *st = c->st;
    if (!st->fw) {
        st->done = true;
        return;
    }
    smb_fw_transform(st->fw, protocol_byte);
    if (smb_fw_over(st->fw))
        smb_follow_end(st, c->sink, c->f, c->p, SMB_FOLLOW_END_ENCRYPTED);
}
