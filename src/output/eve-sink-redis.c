/* eve-sink-redis.c - EVE to redis as Suricata's redis output does: LPUSH
 * (mode list, lpush) or RPUSH onto a list (LPUSH: a consumer that RPOPs, as
 * fever does, reads records in order), PUBLISH on a channel, or XADD to a
 * stream (mode stream, xadd: `XADD key [MAXLEN ~|= N] * eve RECORD`, as
 * Suricata 7), one record per command,
 * through hiredis.  Connect within 500 ms and wait at most 1 s for a reply,
 * so a dead server costs one short timeout per backoff step. */
#include <signal.h>
#include <string.h>

#include "output/eve-sink.h"

#ifdef SMBNEG_HIREDIS
#include <hiredis/hiredis.h>

static int eve_redis_open(struct eve_sink *s)
{
    struct timeval conn_tv = {0, 500000}, cmd_tv = {1, 0};
    redisContext *c = s->cfg.redis_server[0] == '/'
                          ? redisConnectUnixWithTimeout(s->cfg.redis_server, conn_tv)
                          : redisConnectWithTimeout(s->cfg.redis_server, s->cfg.redis_port,
                                                    conn_tv);
    if (!c || c->err) {
        snprintf(s->err, sizeof(s->err), "connect: %s", c ? c->errstr : "out of memory");
        redisFree(c);
        return -1;
    }
    if (redisSetTimeout(c, cmd_tv) != REDIS_OK) {
        snprintf(s->err, sizeof(s->err), "cannot set a timeout: %s", c->errstr);
        redisFree(c);
        return -1;
    }
    /* hiredis write()s without MSG_NOSIGNAL: a server that went away must
     * be an error return, not SIGPIPE.  Process-wide, and only when nobody
     * chose a disposition. */
    struct sigaction old;
    if (sigaction(SIGPIPE, NULL, &old) == 0 && old.sa_handler == SIG_DFL)
        signal(SIGPIPE, SIG_IGN);
    s->redis = c;
    return 0;
}

static enum eve_sink_status eve_redis_write(struct eve_sink *s, const char *rec, size_t len)
{
    static const char *const cmds[] = {
        [EVE_REDIS_RPUSH] = "RPUSH", [EVE_REDIS_LPUSH] = "LPUSH", [EVE_REDIS_PUBLISH] = "PUBLISH",
    };
    redisContext *c = s->redis;
    redisReply *r;
    if (s->cfg.redis_mode == EVE_REDIS_XADD && s->cfg.redis_stream_maxlen)
        r = redisCommand(c, "XADD %s MAXLEN %s %u * eve %b", s->cfg.redis_key,
                         s->cfg.redis_stream_exact ? "=" : "~", s->cfg.redis_stream_maxlen, rec,
                         len);
    else if (s->cfg.redis_mode == EVE_REDIS_XADD)
        r = redisCommand(c, "XADD %s * eve %b", s->cfg.redis_key, rec, len);
    else
        r = redisCommand(c, "%s %s %b", cmds[s->cfg.redis_mode], s->cfg.redis_key, rec, len);
    if (!r) {
        snprintf(s->err, sizeof(s->err), "%s", c->errstr[0] ? c->errstr : "no reply");
        return EVE_SINK_DOWN;
    }
    enum eve_sink_status st = EVE_SINK_OK;
    if (r->type == REDIS_REPLY_ERROR) {
        snprintf(s->err, sizeof(s->err), "%s", r->str ? r->str : "error reply");
        st = EVE_SINK_FAILED;
    }
    freeReplyObject(r);
    return st;
}

static void eve_redis_close(struct eve_sink *s)
{
    redisFree(s->redis);
    s->redis = NULL;
}

#else /* built without hiredis: the policy loader refuses `filetype: redis` */

static int eve_redis_open(struct eve_sink *s)
{
    snprintf(s->err, sizeof(s->err), "built without hiredis");
    return -1;
}

static enum eve_sink_status eve_redis_write(struct eve_sink *s, const char *rec, size_t len)
{
    (void)rec;
    (void)len;
    snprintf(s->err, sizeof(s->err), "built without hiredis");
    return EVE_SINK_FAILED;
}

static void eve_redis_close(struct eve_sink *s)
{
    (void)s;
}

#endif

const struct eve_sink_ops eve_sink_redis_ops = {
    .open = eve_redis_open,
    .write = eve_redis_write,
    .flush = NULL,
    .close = eve_redis_close,
};
