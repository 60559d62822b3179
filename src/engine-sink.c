/* engine-sink.c - the app_sink the engine hands every parser: what happens
 * when a negotiate transaction completes (baseline judgement, rules, EVE,
 * learning), when a connection's follow-up ends (the session rules on the
 * negotiation with its session, then its EVE records) and on a parser
 * anomaly. */
#include <string.h>

#include "app/smb/smb.h"
#include "engine.h"
#include "output/output.h"


struct eve_origin engine_origin(const struct engine *e, const struct flow *f,
                                       const struct packet *p)
{
    struct eve_origin o = {e->cur_file, 0, 0, 0};
    if (p) {
        o.pcap_cnt = p->pcap_cnt;
        o.ts_sec = p->ts_sec;
        o.ts_usec = p->ts_usec;
    } else if (f) {
        o.ts_sec = f->last_sec;
        o.ts_usec = f->last_usec;
    }
    return o;
}

/* Before a flow's first record: its Community ID (once per flow, and only
 * for flows that are logged). */
void engine_flow_prepare(const struct engine *e, struct flow *f)
{
    uint16_t seed;
    if (!f->community_id[0] && eve_flow_cid_seed(&e->eve, &seed))
        flow_community_id(f, seed, f->community_id);
}

static void engine_on_message(void *ctx, struct flow *f, const struct packet *p,
                              const struct smb_tx *tx, enum flow_dir dir)
{
    struct engine *e = ctx;
    (void)f;
    (void)p;
    (void)tx;
    if (dir == DIR_TOSERVER)
        e->n.requests++;
    else
        e->n.responses++;
}

static void engine_on_tx_complete(void *ctx, struct flow *f, const struct packet *p,
                                  const struct smb_tx *tx, enum flow_dir dir)
{
    struct engine *e = ctx;
    struct eve_origin o = engine_origin(e, f, p);
    struct baseline_obs obs;
    struct baseline_verdict verdict;
    const struct baseline_verdict *bl = NULL;
    e->n.negotiations++;
    engine_flow_prepare(e, f);
    /* judged against the past only: learnt after the rules ran */
    bool learn = e->baseline && baseline_obs_from_tx(&obs, f, tx);
    if (learn && baseline_judge(e->baseline, &obs, &verdict) == 0)
        bl = &verdict;
    if (e->detect) {
        const struct detect_alert *alerts;
        size_t n = detect_eval_baseline(e->detect, f, tx, o.ts_sec, bl, &alerts);
        for (size_t i = 0; i < n; i++) {
            if (alerts[i].action != RULE_ALERT)
                continue;
            if (e->eve_open && e->log_alert)
                eve_alert_log(&e->eve, &o, f, tx, &alerts[i], dir);
            fast_log_write(&e->fast, &o, f, &alerts[i]);
        }
    }
    if (learn)
        baseline_learn(e->baseline, &obs);
    const struct eve_app *app = e->eve_open ? eve_app_of(f) : NULL;
    if (app && e->log_smb)
        app->log_tx(&e->eve, &o, f, tx);
    if (app)
        app->forget(&e->eve); /* tx is freed after this */
}

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

static void engine_follow_detect(struct engine *e, struct flow *f, const struct packet *p,
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

/* The follow-up of a connection ended (app/smb/smb-session.h): tx is its
 * negotiate transaction, tx->follow what came after.  The session rules run
 * on it (their alerts carry the session facts), then it is logged as EVE smb
 * records (session setups, tree connects, the connection's session facts). */
static void engine_on_follow_end(void *ctx, struct flow *f, const struct packet *p,
                                 const struct smb_tx *tx)
{
    struct engine *e = ctx;
    struct eve_origin o = engine_origin(e, f, p);
    engine_follow_detect(e, f, p, &o, tx); /* the session rules */
    const struct eve_app *app = e->eve_open ? eve_app_of(f) : NULL;
    if (app && app->log_follow && e->log_smb)
        app->log_follow(&e->eve, &o, f, tx);
}

static void engine_on_anomaly(void *ctx, struct flow *f, const struct packet *p,
                              const char *event, const char *layer)
{
    struct engine *e = ctx;
    (void)layer;
    e->n.anomalies++;
    f->n_anomalies++;
    engine_flow_prepare(e, f);
    if (e->eve_open && e->log_anomaly) {
        struct eve_origin o = engine_origin(e, f, p);
        eve_anomaly_log(&e->eve, &o, f, NULL, "applayer", event, "proto_parser", "smb");
    }
}

struct app_sink engine_app_sink(struct engine *e)
{
    return (struct app_sink){e, engine_on_message, engine_on_tx_complete, engine_on_anomaly,
                             engine_on_follow_end};
}
