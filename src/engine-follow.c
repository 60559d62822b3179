/* engine-follow.c - detection when a connection's follow-up ends: the
 * session rules (detect.h, phase KW_PHASE_FOLLOW) on the negotiate
 * transaction with tx->follow set, their alerts written as at the
 * negotiation (EVE alert with the transaction's smb object, fast.log). */
#include <string.h>

#include "app/smb/smb.h"
#include "engine.h"
#include "output/output.h"

/* The direction of the packet that ended the follow-up: to_client when it
 * came from the server; none (flow end, timeout): to_client, the side whose
 * answer the follow-up waited for. */
static enum flow_dir engine_follow_dir(const struct flow *f, const struct packet *p)
{
    int c = f->client_side;
    if (p && p->sport == f->side_port[c] &&
        memcmp(&p->src, &f->side_addr[c], sizeof(p->src)) == 0)
        return DIR_TOSERVER;
    return DIR_TOCLIENT;
}

void engine_follow_detect(struct engine *e, struct flow *f, const struct packet *p,
                          const struct eve_origin *o, const struct smb_tx *tx)
{
    if (!e->detect || !tx->follow || !detect_has_phase(e->detect, KW_PHASE_FOLLOW))
        return;
    const struct detect_alert *alerts;
    size_t n = detect_eval_follow(e->detect, f, tx, o->ts_sec, &alerts);
    enum flow_dir dir = engine_follow_dir(f, p);
    const struct eve_app *app = n && e->eve_open ? eve_app_of(f) : NULL;
    if (app)
        app->forget(&e->eve); /* its object of tx now carries the follow-up */
    for (size_t i = 0; i < n; i++) {
        if (alerts[i].action != RULE_ALERT)
            continue;
        if (e->eve_open && e->log_alert)
            eve_alert_log(&e->eve, o, f, tx, &alerts[i], dir);
        fast_log_write(&e->fast, o, f, &alerts[i]);
    }
    if (app)
        app->forget(&e->eve);
}
