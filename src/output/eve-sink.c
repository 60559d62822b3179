/* eve-sink.c - the part every sink shares: a bounded queue of records while
 * the sink is down, reconnection with a backoff (1 s, doubling to 8 s, so a
 * dead sink costs one failed connect per step, never a stall per record),
 * periodic flushing, and the counters reported at exit. */
#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <time.h>

#define LOG_MODULE "eve"
#include "output/eve-sink.h"
#include "util/log.h"
#include "util/mem.h"

#define EVE_BACKOFF_MIN 1.0
#define EVE_BACKOFF_MAX 8.0

double eve_sink_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* THE list of sink kinds (a new kind: its enum value, its ops in
 * eve-sink-<kind>.c, one row here). */
static const struct eve_sink_type eve_sink_types[] = {
    [EVE_SINK_REGULAR] = {"regular", "file", &eve_sink_file_ops, true, true},
    [EVE_SINK_STDOUT] = {"stdout", "stdout", &eve_sink_file_ops, true, false},
    [EVE_SINK_UNIX_STREAM] = {"unix_stream", "unix_stream", &eve_sink_socket_ops, false, true},
    [EVE_SINK_UNIX_DGRAM] = {"unix_dgram", "unix_dgram", &eve_sink_socket_ops, false, true},
    [EVE_SINK_SYSLOG] = {"syslog", "syslog", &eve_sink_syslog_ops, false, false},
    [EVE_SINK_REDIS] = {"redis", "redis", &eve_sink_redis_ops, false, false},
};
static_assert(sizeof(eve_sink_types) / sizeof(eve_sink_types[0]) == EVE_SINK_KIND_COUNT,
              "one row per enum eve_sink_kind");

const struct eve_sink_type *eve_sink_type(enum eve_sink_kind k)
{
    return &eve_sink_types[k];
}

int eve_sink_kind_of(const char *word, enum eve_sink_kind *out)
{
    for (size_t k = 0; k < EVE_SINK_KIND_COUNT; k++) {
        if (strcmp(word, eve_sink_types[k].filetype) == 0) {
            *out = (enum eve_sink_kind)k;
            return 0;
        }
    }
    return -1;
}

static void eve_sink_name(struct eve_sink *s)
{
    const struct eve_sink_cfg *c = &s->cfg;
    if (c->kind == EVE_SINK_STDOUT)
        snprintf(s->name, sizeof(s->name), "eve stdout");
    else if (c->kind == EVE_SINK_REDIS && c->redis_server[0] == '/')
        snprintf(s->name, sizeof(s->name), "eve redis %s", c->redis_server);
    else if (c->kind == EVE_SINK_REDIS)
        snprintf(s->name, sizeof(s->name), "eve redis %s:%u", c->redis_server, c->redis_port);
    else
        snprintf(s->name, sizeof(s->name), "eve %s %s", eve_sink_types[c->kind].label, c->path);
}

/* The connection broke (or the first open failed): schedule a retry. */
static void eve_sink_down(struct eve_sink *s, double now, const char *what)
{
    s->ops->close(s);
    if (s->up || !s->was_down)
        log_warn("%s: %s (%s); keeping up to %zu bytes of records, retrying", s->name, what,
                 s->err, s->cfg.buffer_size);
    s->up = false;
    s->was_down = true;
    s->backoff = EVE_BACKOFF_MIN;
    s->next_try = now + s->backoff;
}

/* Reconnect when the backoff allows (or `force`); true when up. */
static bool eve_sink_try_up(struct eve_sink *s, double now, bool force)
{
    if (s->up)
        return true;
    if (!force && now < s->next_try)
        return false;
    if (s->ops->open(s) == 0) {
        s->up = true;
        s->st.reconnects++;
        s->last_flush = now;
        log_info("%s: connected again; sending %" PRIu64 " queued record(s)", s->name,
                 s->q.count);
        return true;
    }
    s->backoff = s->backoff * 2 > EVE_BACKOFF_MAX ? EVE_BACKOFF_MAX : s->backoff * 2;
    s->next_try = now + s->backoff;
    return false;
}

static void eve_sink_failed(struct eve_sink *s)
{
    if (s->gone)
        return; /* the reader left: not an error */
    if (s->st.write_errors++ == 0)
        log_warn("%s: a record could not be written (%s)", s->name, s->err);
}

/* Send what is queued, oldest first, while the sink stays up. */
static void eve_sink_drain(struct eve_sink *s, double now)
{
    const char *rec;
    size_t len;
    while (s->up && eve_queue_peek(&s->q, &rec, &len)) {
        enum eve_sink_status st = s->ops->write(s, rec, len);
        if (st == EVE_SINK_DOWN) {
            eve_sink_down(s, now, "connection lost");
            return;
        }
        if (st == EVE_SINK_OK || st == EVE_SINK_COUNTED) {
            s->st.written += st == EVE_SINK_OK;
            s->dirty = true;
        } else {
            eve_sink_failed(s);
        }
        eve_queue_pop(&s->q);
    }
}

struct eve_sink *eve_sink_new(const struct eve_sink_cfg *cfg)
{
    struct eve_sink *s = mem_calloc(1, sizeof(*s));
    if (!s) {
        log_error("eve: out of memory for an output");
        return NULL;
    }
    s->cfg = *cfg;
    s->ops = eve_sink_types[cfg->kind].ops;
    s->fd = -1;
    eve_sink_name(s);
    eve_queue_init(&s->q, cfg->buffer_size);
    double now = eve_sink_now();
    s->last_flush = now;
    if (s->ops->open(s) == 0) {
        s->up = true;
        return s;
    }
    if (eve_sink_types[cfg->kind].file) {
        log_error("%s: %s", s->name, s->err);
        mem_free(s);
        return NULL;
    }
    eve_sink_down(s, now, "down at start");
    return s;
}

bool eve_sink_gone(const struct eve_sink *s)
{
    return s->gone;
}

void eve_sink_write(struct eve_sink *s, const char *rec, size_t len)
{
    if (s->gone)
        return;
    if (!s->up || s->q.count) {
        double now = eve_sink_now();
        if (eve_sink_try_up(s, now, false))
            eve_sink_drain(s, now);
    }
    if (s->up && s->q.count == 0) {
        enum eve_sink_status st = s->ops->write(s, rec, len);
        if (st == EVE_SINK_OK || st == EVE_SINK_COUNTED) {
            s->st.written += st == EVE_SINK_OK;
            s->dirty = true;
            if (s->cfg.flush_interval <= 0 && s->ops->flush)
                s->ops->flush(s); /* a failure is counted by the sink */
            return;
        }
        if (st == EVE_SINK_FAILED) {
            eve_sink_failed(s);
            return;
        }
        eve_sink_down(s, eve_sink_now(), "connection lost");
    }
    if (eve_queue_push(&s->q, rec, len) != 0)
        s->st.dropped++;
}

void eve_sink_tick(struct eve_sink *s, double now)
{
    if ((!s->up || s->q.count) && eve_sink_try_up(s, now, false))
        eve_sink_drain(s, now);
    if (s->up && s->dirty && s->ops->flush && now - s->last_flush >= s->cfg.flush_interval) {
        s->ops->flush(s); /* a failure is counted by the sink */
        s->dirty = false;
        s->last_flush = now;
    }
}

int eve_sink_flush(struct eve_sink *s)
{
    if (s->up && s->ops->flush) {
        s->ops->flush(s); /* a failure is counted by the sink */
        s->dirty = false;
    }
    return s->gone ? 0 : s->errnum;
}

int eve_sink_reopen(struct eve_sink *s)
{
    if (s->cfg.kind != EVE_SINK_REGULAR)
        return 0;
    double now = eve_sink_now();
    if (s->up && s->ops->flush)
        s->ops->flush(s); /* a failure is counted by the sink */
    s->ops->close(s);
    s->dirty = false;
    if (s->ops->open(s) == 0) {
        s->up = true;
        eve_sink_drain(s, now);
        return 0;
    }
    log_error("%s: cannot reopen (%s); keeping records in memory and retrying", s->name,
              s->err);
    s->up = false;
    s->was_down = true;
    s->backoff = EVE_BACKOFF_MIN;
    s->next_try = now + s->backoff;
    return -1;
}

/* At close: keep trying to deliver the queue for up to drain_timeout. */
static void eve_sink_final_drain(struct eve_sink *s)
{
    double now = eve_sink_now(), deadline = now + s->cfg.drain_timeout;
    bool force = true;
    while (s->q.count) {
        if (eve_sink_try_up(s, now, force))
            eve_sink_drain(s, now);
        force = false;
        if (!s->q.count || now >= deadline)
            break;
        double wait = s->up ? 0 : s->next_try - now;
        if (wait > deadline - now)
            wait = deadline - now;
        if (wait > 0) {
            struct timespec ts = {(time_t)wait, (long)((wait - (double)(time_t)wait) * 1e9)};
            while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
                ;
        }
        now = eve_sink_now();
        if (s->next_try > now) /* at close, retry once per second */
            s->next_try = now + (s->next_try - now > 1.0 ? 1.0 : s->next_try - now);
    }
}

int eve_sink_free(struct eve_sink *s)
{
    if (!s)
        return 0;
    if (s->q.count)
        eve_sink_final_drain(s);
    s->st.dropped += s->q.count;
    if (s->up && s->ops->flush)
        s->ops->flush(s); /* a failure is counted by the sink */
    s->ops->close(s);
    bool file = eve_sink_types[s->cfg.kind].file;
    if (file && s->st.write_errors && !s->gone)
        log_error("%s: %" PRIu64 " records written, %" PRIu64 " lost: %s (the file ends with "
                  "its last whole record)",
                  s->name, s->st.written, s->st.write_errors, s->err);
    else if (!file || s->st.dropped || s->was_down)
        fprintf(stderr,
                "smbneg: %s: %" PRIu64 " records written, %" PRIu64 " dropped while down, %" PRIu64
                " write errors, %" PRIu64 " reconnects\n",
                s->name, s->st.written, s->st.dropped, s->st.write_errors, s->st.reconnects);
    int rc = s->st.write_errors && !s->gone ? -1 : 0;
    eve_queue_deinit(&s->q);
    mem_free(s->scratch);
    mem_free(s);
    return rc;
}
