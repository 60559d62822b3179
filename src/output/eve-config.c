/* eve-config.c - one `- eve-log:` item of the policy (struct config_eve)
 * -> what eve_add() opens (struct eve_log_cfg). */
#include <string.h>

#define LOG_MODULE "eve"
#include "config/config.h"
#include "output/eve.h"
#include "util/log.h"

static const struct {
    const char *name;
    enum eve_redis_mode mode;
} eve_redis_modes[] = {
    {"list", EVE_REDIS_LPUSH},      {"lpush", EVE_REDIS_LPUSH},   {"rpush", EVE_REDIS_RPUSH},
    {"channel", EVE_REDIS_PUBLISH}, {"publish", EVE_REDIS_PUBLISH}, {"stream", EVE_REDIS_XADD},
    {"xadd", EVE_REDIS_XADD},
};

int eve_log_cfg_from(struct eve_log_cfg *out, const struct config_eve *c, unsigned idx,
                     bool to_stdout)
{
    memset(out, 0, sizeof(*out));
    struct eve_sink_cfg *s = &out->sink;
    if (eve_sink_kind_of(c->filetype, &s->kind) != 0) {
        log_error("outputs.eve-log.%u.filetype: unknown filetype '%s'", idx, c->filetype);
        return -1;
    }
    if (s->kind == EVE_SINK_REGULAR && to_stdout)
        s->kind = EVE_SINK_STDOUT;
    for (uint32_t t = 0; t < c->types.n; t++) {
        unsigned bit = eve_type_of(c->types.item[t]);
        if (!bit)
            log_warn("outputs.eve-log.%u.types: unknown event type '%s' (ignored)", idx,
                     c->types.item[t]);
        out->types |= bit;
    }
    out->community_id = c->community_id;
    out->community_id_seed = (uint16_t)c->community_id_seed;
    out->suricata_compatible = c->suricata_compatible;
    out->smb_session = c->smb_session;
    out->alert_lean = !c->alert_metadata;
    out->alert_rule = c->alert_rule;
    snprintf(out->prefix, sizeof(out->prefix), "%s", c->prefix);
    snprintf(s->path, sizeof(s->path), "%s",
             s->kind == EVE_SINK_SYSLOG ? c->syslog_socket : c->filename);
    snprintf(s->redis_server, sizeof(s->redis_server), "%s", c->redis_server);
    s->redis_port = (uint16_t)c->redis_port;
    snprintf(s->redis_key, sizeof(s->redis_key), "%s", c->redis_key);
    s->redis_stream_maxlen = c->redis_stream_maxlen;
    s->redis_stream_exact = c->redis_stream_exact;
    s->redis_mode = EVE_REDIS_LPUSH;
    for (size_t i = 0; i < sizeof(eve_redis_modes) / sizeof(eve_redis_modes[0]); i++)
        if (strcmp(c->redis_mode, eve_redis_modes[i].name) == 0)
            s->redis_mode = eve_redis_modes[i].mode;
    s->syslog_facility = eve_syslog_facility(c->syslog_facility);
    s->syslog_level = eve_syslog_level(c->syslog_level);
    if (s->syslog_facility < 0 || s->syslog_level < 0) {
        log_error("outputs.eve-log.%u: unknown syslog facility '%s' or level '%s'", idx,
                  c->syslog_facility, c->syslog_level);
        return -1;
    }
    snprintf(s->syslog_ident, sizeof(s->syslog_ident), "%s", c->syslog_identity);
    s->buffer_size = (size_t)c->buffer_size;
    s->flush_interval = c->flush_interval;
    s->drain_timeout = c->drain_timeout;
    return 0;
}
