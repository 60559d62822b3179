/* fuzz_smb_stream.c - libFuzzer target: the SMB stream parser through the
 * app-layer interface (app.h, app_smb), with detection and the EVE
 * serialiser on every completed transaction.
 *
 * Input layout (doc/fuzzing.md):
 *   [0]    flags: bit0 client is side 1; bit1 suricata-compatible EVE;
 *          bit2 small max-pdu (300 bytes); bit3 gap on one side;
 *          bit4 no role known (the first SMB message decides);
 *          bits5-7 max-transactions - 1
 *   [1]    seed of the split schedule (chunk sizes and direction order)
 *   [2]    gap position (in chunks) when bit3 is set
 *   [3..4] LE16 length of the client's byte stream (clamped)
 *   [5..]  the client's stream, then the server's stream
 * Each direction is cut into chunks whose sizes come from the schedule and
 * the chunks of the two directions are interleaved, so every split point
 * and every request/response order is reachable.  Bytes go through a real
 * reassembly direction (stream-reasm.c), which keeps what parse() did not
 * consume and offers it again, as the engine does.
 *
 * Oracles: the sanitizers, and every EVE smb object must be valid JSON
 * (checked with jansson; integers above INT64_MAX, such as a 64-bit
 * FILETIME from the wire, are valid JSON and read as reals). */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/smb/smb.h"
#include "config/config.h"
#include "detect/detect-policy.h"
#include "detect/detect.h"
#include "output/eve.h"
#include "util/jsonw.h"
#include "stream/stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The detection engine of the shipped policy, built once: rule loading is
 * not what this target fuzzes (fuzz_rule.c does).  Fuzzers are the one place
 * a process-wide object is acceptable: libFuzzer calls us with no context. */
static struct detect *fz_detect;

struct fz_ctx {
    struct detect *d;
    bool suricata_compatible;
    struct jsonw w;         /* the smb object of each completed tx */
    struct packet pkt;      /* the "packet" that carried the current chunk */
    uint64_t n_tx;
    int n_follow;           /* on_follow_end calls: at most one per flow */
};

/* Abort (a finding) when the text just built is not one valid JSON object. */
static void fz_check_json(const struct jsonw *w)
{
    if (w->oom)
        return;
    json_error_t err;
    json_t *j = json_loadb(w->buf, w->len, JSON_DECODE_INT_AS_REAL, &err);
    if (!j || !json_is_object(j)) {
        fprintf(stderr, "invalid EVE JSON (%s): %.*s\n", err.text, (int)w->len, w->buf);
        abort();
    }
    json_decref(j);
}

static void fz_on_message(void *ctx, struct flow *f, const struct packet *p,
                          const struct smb_tx *tx, enum flow_dir dir)
{
    (void)ctx;
    (void)f;
    (void)p;
    (void)dir;
    if (tx->req_version > 2 || tx->resp_version > 2)
        abort();
}

/* What the engine does with a completed tx: detection, then the EVE smb
 * object (the serialiser shared by smb records and alerts). */
static void fz_on_tx_complete(void *ctx, struct flow *f, const struct packet *p,
                              const struct smb_tx *tx, enum flow_dir dir)
{
    struct fz_ctx *c = ctx;
    (void)dir;
    c->n_tx++;
    if (c->d) {
        const struct detect_alert *alerts;
        int64_t now = p ? p->ts_sec : f->last_sec;
        size_t n = detect_eval(c->d, f, tx, now, &alerts);
        for (size_t i = 0; i < n; i++)
            if (!alerts[i].msg || !alerts[i].category || alerts[i].sid == 0)
                abort();
    }
    jsonw_reset(&c->w);
    jsonw_obj_open(&c->w, NULL);
    eve_smb_tx(&c->w, tx, c->suricata_compatible);
    jsonw_obj_close(&c->w);
    fz_check_json(&c->w);
}

/* The follow-up's end: its bounded lists, then its EVE objects. */
static void fz_on_follow_end(void *ctx, struct flow *f, const struct packet *p,
                             const struct smb_tx *tx)
{
    struct fz_ctx *c = ctx;
    (void)f;
    (void)p;
    const struct smb_follow *fw = tx->follow;
    if (!fw || fw->n_sessions > SMB_FOLLOW_MAX_SESSIONS || fw->n_trees > SMB_FOLLOW_MAX_TREES ||
        c->n_follow++)
        abort(); /* once per flow, within its bounds */
    for (int i = 0; i < fw->n_sessions; i++) {
        jsonw_reset(&c->w);
        jsonw_obj_open(&c->w, NULL);
        eve_smb_session_setup(&c->w, tx, &fw->sess[i], c->suricata_compatible);
        jsonw_obj_close(&c->w);
        fz_check_json(&c->w);
    }
    for (int i = 0; i < fw->n_trees; i++) {
        jsonw_reset(&c->w);
        jsonw_obj_open(&c->w, NULL);
        eve_smb_tree_connect(&c->w, tx, &fw->tree[i], c->suricata_compatible);
        jsonw_obj_close(&c->w);
        fz_check_json(&c->w);
    }
    jsonw_reset(&c->w);
    jsonw_obj_open(&c->w, NULL);
    eve_smb_session_facts(&c->w, tx);
    jsonw_obj_close(&c->w);
    fz_check_json(&c->w);
}

static void fz_on_anomaly(void *ctx, struct flow *f, const struct packet *p, const char *event,
                          const char *layer)
{
    struct fz_ctx *c = ctx;
    (void)f;
    (void)p;
    (void)layer;
    if (!event || strncmp(event, "smb.", 4) != 0)
        abort(); /* anomaly names are static "smb.*" strings */
    jsonw_reset(&c->w);
    jsonw_obj_open(&c->w, NULL);
    jsonw_str(&c->w, "event", event);
    jsonw_obj_close(&c->w);
}

/* xorshift32: a deterministic schedule from one input byte. */
static uint32_t fz_rand(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

struct fz_deliver {
    const struct app_cfg *cfg;
    const struct app_sink *sink;
    struct flow *f;
    void *state;
    const struct packet *p;
    int side;
};

static size_t fz_deliver(void *ctx, const uint8_t *buf, size_t len)
{
    struct fz_deliver *d = ctx;
    return app_smb.parse(d->state, d->cfg, d->sink, d->f, d->p, d->side, buf, len);
}

static void fz_flow_init(struct flow *f, uint8_t flags)
{
    memset(f, 0, sizeof(*f));
    f->ip_v = 4;
    f->key.ip_v = 4;
    f->key.proto = 6;
    /* client 10.0.0.1:49152 (HOME_NET), server 198.51.100.7:445 (external) */
    int cs = flags & 1;
    f->side_addr[cs].b[0] = 10;
    f->side_addr[cs].b[3] = 1;
    f->side_addr[1 - cs].b[0] = 198;
    f->side_addr[1 - cs].b[1] = 51;
    f->side_addr[1 - cs].b[2] = 100;
    f->side_addr[1 - cs].b[3] = 7;
    f->side_port[cs] = 49152;
    f->side_port[1 - cs] = 445;
    f->client_side = (uint8_t)cs;
    f->role_source = (flags & 0x10) ? ROLE_GUESSED : ROLE_FROM_PORT;
    f->smb_port = true;
    f->app = &app_smb;
    f->flow_id = 1;
    stream_dir_init(&f->stream[0]);
    stream_dir_init(&f->stream[1]);
}

static void fz_init_once(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    struct config cfg;
    config_defaults(&cfg);
    if (config_load_default(&cfg) != 0)
        abort();
    int errors = 0;
    fz_detect = detect_policy_new(&cfg, &errors);
    if (!fz_detect || errors != 0)
        abort(); /* the shipped policy must load cleanly */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_init_once();
    if (size < 5)
        return 0;
    uint8_t flags = data[0];
    uint32_t seed = 0x9e3779b9u ^ ((uint32_t)data[1] * 0x01000193u);
    uint32_t gap_at = data[2];
    size_t clen = (size_t)data[3] | (size_t)data[4] << 8;
    const uint8_t *body = data + 5;
    size_t blen = size - 5;
    if (clen > blen)
        clen = blen;
    const uint8_t *src[2];
    size_t len[2], off[2] = {0, 0};
    int cs = flags & 1;
    src[cs] = body;
    len[cs] = clen;
    src[1 - cs] = body + clen;
    len[1 - cs] = blen - clen;

    struct app_cfg acfg = {.max_pdu = (flags & 4) ? 300u : 65536u,
                           .max_tx = (uint32_t)((flags >> 5) & 7) + 1,
                           .follow_max = (flags & 8) ? 32u : gap_at}; /* 0: no follow-up */
    struct memcap mc = {0};
    mc.limit = 1u << 22;
    struct stream_cfg scfg = {.depth = 1u << 20, .ooo_max = 1u << 16,
                              .buf_max = acfg.max_pdu + 4 + 128, .mc = &mc};
    struct fz_ctx c;
    memset(&c, 0, sizeof(c));
    c.d = fz_detect;
    c.suricata_compatible = (flags & 2) != 0;
    jsonw_init(&c.w);
    struct app_sink sink = {&c, fz_on_message, fz_on_tx_complete, fz_on_anomaly,
                            fz_on_follow_end};
    struct flow f;
    fz_flow_init(&f, flags);
    void *st = app_smb.state_new();
    if (!st)
        goto out;
    f.app_state = st;
    stream_dir_start(&f.stream[0], 1000, false);
    stream_dir_start(&f.stream[1], 5000, false);

    uint32_t chunk = 0;
    bool closed[2] = {false, false};
    while ((off[0] < len[0] || off[1] < len[1]) && !app_smb.done(st)) {
        uint32_t r = fz_rand(&seed);
        int side = (int)(r & 1);
        if (off[side] >= len[side] || closed[side])
            side = 1 - side;
        if (off[side] >= len[side] || closed[side])
            break;
        /* mostly small chunks, sometimes large: sizes 1..2^k */
        size_t n = 1 + ((r >> 8) & ((1u << ((r >> 1) % 12)) - 1));
        if (n > len[side] - off[side])
            n = len[side] - off[side];
        chunk++;
        c.pkt.pcap_cnt = chunk;
        c.pkt.ts_sec = 1700000000 + chunk;
        f.last_sec = c.pkt.ts_sec;
        struct fz_deliver d = {&acfg, &sink, &f, st, &c.pkt, side};
        struct stream_dir *sd = &f.stream[side];
        uint64_t overlap = 0;
        enum stream_result sr = stream_dir_insert(sd, &scfg, sd->next_seq, src[side] + off[side],
                                                  n, fz_deliver, &d, &overlap);
        off[side] += n;
        if (sr != STREAM_OK) {
            stream_dir_close(sd, &scfg);
            app_smb.gap(st, &sink, &f, side);
            closed[side] = true;
        } else if ((flags & 8) && chunk == gap_at) {
            stream_dir_close(sd, &scfg);
            app_smb.gap(st, &sink, &f, side);
            closed[side] = true;
        }
    }
    app_smb.flow_end(st, &acfg, &sink, &f);
    (void)app_smb.detected(st);
    app_smb.state_free(st);
out:
    stream_dir_deinit(&f.stream[0], &scfg);
    stream_dir_deinit(&f.stream[1], &scfg);
    jsonw_deinit(&c.w);
    return 0;
}
