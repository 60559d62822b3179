/* eve-anomaly.c - `event_type: "anomaly"` records in Suricata's shape:
 * anomaly {type, event, layer, app_proto}. */
#include "output/eve.h"

void eve_anomaly_log(struct eve *e, const struct eve_origin *o, const struct flow *f,
                     const struct packet *p, const char *type, const char *event,
                     const char *layer, const char *app_proto)
{
    for (size_t i = 0; eve_next(e, EVE_T_ANOMALY, &i);) {
        eve_begin(e, o, "anomaly", f, p);
        if (app_proto)
            jsonw_str(&e->w, "app_proto", app_proto);
        jsonw_obj_open(&e->w, "anomaly");
        jsonw_str(&e->w, "type", type);
        jsonw_str(&e->w, "event", event);
        if (layer)
            jsonw_str(&e->w, "layer", layer);
        if (app_proto)
            jsonw_str(&e->w, "app_proto", app_proto);
        jsonw_obj_close(&e->w);
        eve_end(e);
    }
}
