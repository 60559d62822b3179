/* eve-alert.c - `event_type: "alert"` records in Suricata's shape (alert,
 * app_proto, direction, flow, and the transaction's smb object; without
 * flow, smb and the rule's metadata when the output's types say
 * `- alert: {metadata: no}`, as in Suricata). */
#include <string.h>

#include "app/smb/smb.h"
#include "baseline/baseline.h"
#include "detect/detect.h"
#include "output/eve.h"
#include "util/mem.h"

/* metadata "key value" strings -> {"key": ["value", ...]} in first-seen key
 * order, as Suricata writes it. */
static void eve_alert_metadata(struct jsonw *w, const struct detect_alert *a)
{
    if (a->n_metadata == 0)
        return;
    jsonw_obj_open(w, "metadata");
    for (size_t i = 0; i < a->n_metadata; i++) {
        const char *kv = a->metadata[i];
        size_t klen = strcspn(kv, " ");
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strncmp(a->metadata[j], kv, klen) == 0 && a->metadata[j][klen] == kv[klen];
        if (seen)
            continue;
        char *key = mem_alloc(klen + 1);
        if (!key)
            continue;
        memcpy(key, kv, klen);
        key[klen] = '\0';
        jsonw_arr_open(w, key);
        mem_free(key);
        for (size_t j = i; j < a->n_metadata; j++) {
            const char *o = a->metadata[j];
            if (strncmp(o, kv, klen) != 0 || o[klen] != kv[klen])
                continue;
            const char *v = o + klen;
            while (*v == ' ')
                v++;
            jsonw_str(w, NULL, v);
        }
        jsonw_arr_close(w);
    }
    jsonw_obj_close(w);
}

/* alert.baseline: why a rule with smb.baseline fired (its first listed
 * condition that holds); was, first_seen and last_seen are left out when
 * there is no history (new-server, new-client).  An extension, left out
 * with suricata-compatible: yes as smb.negotiate is. */
static void eve_alert_baseline(struct jsonw *w, const struct baseline_finding *b)
{
    char ts[40];
    jsonw_obj_open(w, "baseline");
    jsonw_str(w, "condition", baseline_cond_name(b->cond));
    jsonw_str(w, "host", b->host);
    if (b->was[0])
        jsonw_str(w, "was", b->was);
    jsonw_str(w, "now", b->now);
    jsonw_uint(w, "observations", b->observations);
    if (b->observations) {
        eve_format_time(b->first_seen, 0, ts);
        jsonw_str(w, "first_seen", ts);
        eve_format_time(b->last_seen, 0, ts);
        jsonw_str(w, "last_seen", ts);
    }
    jsonw_obj_close(w);
}

/* The rule's references, in rule order, as Suricata writes them: each the
 * system's URL from reference.config followed by the value. */
static void eve_alert_references(struct jsonw *w, const struct detect_alert *a)
{
    if (a->n_references == 0)
        return;
    jsonw_arr_open(w, "references");
    for (size_t i = 0; i < a->n_references; i++)
        jsonw_str(w, NULL, a->references[i]);
    jsonw_arr_close(w);
}

void eve_alert_log(struct eve *e, const struct eve_origin *o, const struct flow *f,
                   const struct smb_tx *tx, const struct detect_alert *a, enum flow_dir dir)
{
    struct jsonw *w = &e->w;
    char ts[40];
    int c = f->client_side;
    const struct eve_app *app = eve_app_of(f);
    for (size_t i = 0; eve_next(e, EVE_T_ALERT, &i);) {
        eve_begin(e, o, "alert", f, NULL);
        eve_tx_id(e, tx);
        jsonw_obj_open(w, "alert");
        jsonw_str(w, "action", "allowed");
        jsonw_uint(w, "gid", a->gid);
        jsonw_uint(w, "signature_id", a->sid);
        jsonw_uint(w, "rev", a->rev);
        jsonw_str(w, "signature", a->msg ? a->msg : "");
        jsonw_str(w, "category", a->category ? a->category : "");
        jsonw_uint(w, "severity", a->severity);
        eve_alert_references(w, a);
        if (!e->alert_lean)
            eve_alert_metadata(w, a);
        if (e->alert_rule && a->rule) /* Suricata: metadata.rule.raw */
            jsonw_str(w, "rule", a->rule);
        if (a->baseline && !e->suricata_compatible)
            eve_alert_baseline(w, a->baseline);
        jsonw_obj_close(w);
        if (app)
            jsonw_str(w, "app_proto", app->name);
        jsonw_str(w, "direction", dir == DIR_TOSERVER ? "to_server" : "to_client");
        if (e->alert_lean) { /* Suricata's `- alert: {metadata: no}` */
            eve_end(e);
            continue;
        }
        jsonw_obj_open(w, "flow");
        jsonw_uint(w, "pkts_toserver", f->pkts[c]);
        jsonw_uint(w, "pkts_toclient", f->pkts[1 - c]);
        jsonw_uint(w, "bytes_toserver", f->bytes[c]);
        jsonw_uint(w, "bytes_toclient", f->bytes[1 - c]);
        eve_format_time(f->start_sec, f->start_usec, ts);
        jsonw_str(w, "start", ts);
        jsonw_obj_close(w);
        if (app)
            app->member(e, tx);
        eve_end(e);
    }
}
