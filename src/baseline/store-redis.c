/* store-redis.c - the redis baseline store, shared by a fleet of sensors:
 * one hash per host, `<prefix>server:<ip>` and `<prefix>client:<ip>` or
 * `<prefix>client:guid:<GUID>`, one field per record field
 * (baseline-record.c).  Reads go to the server every time (another sensor
 * may have learnt since); writes are pipelined and their replies collected
 * at the next read or flush.  Two sensors updating the same host at the
 * same moment: the last write wins. */
#include "baseline/baseline-store.h"

#ifdef SMBNEG_HIREDIS
#include <hiredis/hiredis.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#define LOG_MODULE "baseline"
#include "baseline/baseline-record.h"
#include "baseline/baseline-store.h"
#include "baseline/baseline-table.h"
#include "util/log.h"
#include "util/mem.h"

#define BL_REDIS_KEY 256

struct bl_store {
    redisContext *c;
    char where[300];         /* "127.0.0.1:6379", for messages */
    char prefix[128];
    size_t pending;          /* pipelined writes whose replies are unread */
};

static int bl_redis_fail(struct bl_store *s, const char *what)
{
    log_error("redis %s: baseline store: %s: %s", s->where, what,
              s->c->err ? s->c->errstr : "unexpected reply");
    return -1;
}

static void bl_redis_key(const struct bl_store *s, const struct bl_key *k, char *out)
{
    char text[BL_KEY_TEXT];
    if (bl_key_to_text(k, text) != 0)
        text[0] = '\0';
    snprintf(out, BL_REDIS_KEY, "%s%s:%s", s->prefix,
             k->kind == BL_KEY_SERVER ? "server" : "client", text);
}

static int bl_redis_close(struct bl_store *s);

static struct bl_store *bl_redis_open(const struct baseline_cfg *cfg)
{
    struct timeval conn_tv = {2, 0}, cmd_tv = {5, 0};
    struct bl_store *s = mem_calloc(1, sizeof(*s));
    if (!s) {
        log_error("baseline: out of memory");
        return NULL;
    }
    const char *srv = cfg->redis_server ? cfg->redis_server : "127.0.0.1";
    snprintf(s->prefix, sizeof(s->prefix), "%s", cfg->redis_prefix ? cfg->redis_prefix : "");
    if (srv[0] == '/')
        snprintf(s->where, sizeof(s->where), "%s", srv);
    else
        snprintf(s->where, sizeof(s->where), "%s:%u", srv, cfg->redis_port);
    s->c = srv[0] == '/' ? redisConnectUnixWithTimeout(srv, conn_tv)
                         : redisConnectWithTimeout(srv, (int)cfg->redis_port, conn_tv);
    if (!s->c || s->c->err || redisSetTimeout(s->c, cmd_tv) != REDIS_OK) {
        log_error("redis %s: cannot open the baseline store: %s", s->where,
                  s->c ? s->c->errstr : "out of memory");
        bl_redis_close(s);
        return NULL;
    }
    /* a server that went away is an error return, not SIGPIPE */
    struct sigaction old;
    if (sigaction(SIGPIPE, NULL, &old) == 0 && old.sa_handler == SIG_DFL)
        signal(SIGPIPE, SIG_IGN);
    return s;
}

/* Read the replies of the pipelined writes. */
static int bl_redis_flush(struct bl_store *s)
{
    int rc = 0;
    while (s->pending) {
        redisReply *r = NULL;
        s->pending--;
        if (redisGetReply(s->c, (void **)&r) != REDIS_OK || !r || r->type == REDIS_REPLY_ERROR)
            rc = bl_redis_fail(s, "write");
        if (r)
            freeReplyObject(r);
        if (s->c->err)
            break;
    }
    if (s->c->err)
        s->pending = 0;
    return rc;
}

/* A hash reply -> record fields. */
static void bl_redis_fill(const redisReply *r, const struct bl_key *k, void *out)
{
    for (size_t i = 0; i + 1 < r->elements; i += 2)
        if (r->element[i]->type == REDIS_REPLY_STRING &&
            r->element[i + 1]->type == REDIS_REPLY_STRING)
            bl_record_set(k, out, r->element[i]->str, r->element[i + 1]->str);
}

static int bl_redis_get(struct bl_store *s, const struct bl_key *k, void *out, size_t size)
{
    char key[BL_REDIS_KEY];
    if (bl_redis_flush(s) != 0)
        return -1;
    bl_redis_key(s, k, key);
    redisReply *r = redisCommand(s->c, "HGETALL %s", key);
    if (!r || r->type != REDIS_REPLY_ARRAY) {
        if (r)
            freeReplyObject(r);
        return bl_redis_fail(s, "read");
    }
    int found = r->elements > 0;
    if (found) {
        memset(out, 0, size);
        bl_redis_fill(r, k, out);
    }
    freeReplyObject(r);
    return found;
}

/* HSET key field value ...: pipelined. */
static int bl_redis_put(struct bl_store *s, const struct bl_key *k, const void *rec, size_t size)
{
    char key[BL_REDIS_KEY];
    struct bl_field f[BL_MAX_FIELDS];
    const char *argv[2 + 2 * BL_MAX_FIELDS];
    size_t lens[2 + 2 * BL_MAX_FIELDS];
    (void)size;
    bl_redis_key(s, k, key);
    size_t n = bl_record_fields(k, rec, f), argc = 0;
    argv[argc++] = "HSET";
    argv[argc++] = key;
    for (size_t i = 0; i < n; i++) {
        argv[argc++] = f[i].name;
        argv[argc++] = f[i].text;
    }
    for (size_t i = 0; i < argc; i++)
        lens[i] = strlen(argv[i]);
    if (redisAppendCommandArgv(s->c, (int)argc, argv, lens) != REDIS_OK)
        return bl_redis_fail(s, "write");
    s->pending++;
    return 0;
}

/* Every key under the prefix, through SCAN: fn(ctx, key) for each. */
static int bl_redis_scan(struct bl_store *s, int (*fn)(struct bl_store *, const char *, void *),
                         void *ctx)
{
    char cursor[32] = "0", match[160];
    snprintf(match, sizeof(match), "%s*", s->prefix);
    if (bl_redis_flush(s) != 0)
        return -1;
    do {
        redisReply *r = redisCommand(s->c, "SCAN %s MATCH %s COUNT 1000", cursor, match);
        if (!r || r->type != REDIS_REPLY_ARRAY || r->elements != 2 ||
            r->element[0]->type != REDIS_REPLY_STRING) {
            if (r)
                freeReplyObject(r);
            return bl_redis_fail(s, "scan");
        }
        snprintf(cursor, sizeof(cursor), "%s", r->element[0]->str);
        const redisReply *keys = r->element[1];
        int rc = 0;
        for (size_t i = 0; rc == 0 && i < keys->elements; i++)
            if (keys->element[i]->type == REDIS_REPLY_STRING)
                rc = fn(s, keys->element[i]->str, ctx);
        freeReplyObject(r);
        if (rc != 0)
            return -1;
    } while (strcmp(cursor, "0") != 0);
    return 0;
}

/* One key of the prefix into the table (listing). */
static int bl_redis_collect(struct bl_store *s, const char *key, void *ctx)
{
    struct bl_table *t = ctx;
    struct bl_key k;
    const char *rest = key + strlen(s->prefix);
    if (strncmp(rest, "server:", 7) == 0) {
        if (bl_key_from_text(BL_KEY_SERVER, rest + 7, &k) != 0)
            return 0;
    } else if (strncmp(rest, "client:", 7) == 0) {
        if (bl_key_from_text(BL_KEY_CLIENT_IP, rest + 7, &k) != 0)
            return 0;
    } else {
        return 0; /* not ours */
    }
    struct bl_slot *sl = bl_table_insert(t, &k);
    if (!sl)
        return -1;
    int rc = bl_redis_get(s, &k, &sl->r.u, bl_key_record_size(&k));
    sl->present = rc == 1;
    return rc < 0 ? -1 : 0;
}

static int bl_redis_each(struct bl_store *s, bl_each_fn fn, void *ctx)
{
    struct bl_table t;
    if (bl_table_init(&t) != 0)
        return -1;
    int rc = bl_redis_scan(s, bl_redis_collect, &t);
    if (rc == 0)
        rc = bl_table_each(&t, fn, ctx);
    bl_table_deinit(&t);
    return rc;
}

static int bl_redis_del(struct bl_store *s, const char *key, void *ctx)
{
    (void)ctx;
    redisReply *r = redisCommand(s->c, "DEL %s", key);
    int ok = r && r->type == REDIS_REPLY_INTEGER;
    if (r)
        freeReplyObject(r);
    return ok ? 0 : bl_redis_fail(s, "delete");
}

static int bl_redis_reset(struct bl_store *s)
{
    return bl_redis_scan(s, bl_redis_del, NULL);
}

static int bl_redis_close(struct bl_store *s)
{
    int rc = 0;
    if (!s)
        return 0;
    if (s->c && !s->c->err)
        rc = bl_redis_flush(s);
    if (s->c)
        redisFree(s->c);
    mem_free(s);
    return rc;
}

const struct bl_store_ops bl_store_redis = {
    .name = "redis",
    .open = bl_redis_open,
    .get = bl_redis_get,
    .put = bl_redis_put,
    .flush = bl_redis_flush,
    .reset = bl_redis_reset,
    .each = bl_redis_each,
    .close = bl_redis_close,
};
#endif /* SMBNEG_HIREDIS: without hiredis, baseline_store_find("redis") is NULL */
