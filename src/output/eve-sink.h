/* eve-sink.h - where EVE records go: a regular file, stdout, a unix stream
 * or datagram socket, syslog, or redis.  One small vtable per kind
 * (eve-sink-<kind>.c); the shared part (eve-sink.c) keeps a bounded queue
 * of records while a sink is down, reconnects with a backoff and counts
 * what it had to drop. */
#ifndef SMBNEG_EVE_SINK_H
#define SMBNEG_EVE_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/linefile.h"

/* The kinds of sink: one row each in eve_sink_types[] (eve-sink.c), which
 * names everything else about them. */
enum eve_sink_kind {
    EVE_SINK_REGULAR,     /* a file, appended to */
    EVE_SINK_STDOUT,
    EVE_SINK_UNIX_STREAM, /* one record per line */
    EVE_SINK_UNIX_DGRAM,  /* one record per datagram, no newline */
    EVE_SINK_SYSLOG,      /* RFC 3164 datagrams to /dev/log, like syslog(3) */
    EVE_SINK_REDIS,       /* RPUSH / LPUSH / PUBLISH key record */
    EVE_SINK_KIND_COUNT
};

enum eve_redis_mode { EVE_REDIS_RPUSH, EVE_REDIS_LPUSH, EVE_REDIS_PUBLISH, EVE_REDIS_XADD };

struct eve_sink_cfg {
    enum eve_sink_kind kind;
    char path[1024];            /* file, socket or syslog socket path */
    char redis_server[256];     /* host or IP; a path starting with '/': unix socket */
    uint16_t redis_port;
    enum eve_redis_mode redis_mode;
    char redis_key[256];
    uint32_t redis_stream_maxlen; /* XADD MAXLEN (0: none) */
    bool redis_stream_exact;      /* MAXLEN = rather than ~ */
    int syslog_facility;        /* LOG_LOCAL5 ... (already shifted, as in syslog.h) */
    int syslog_level;           /* LOG_INFO ... */
    char syslog_ident[64];
    size_t buffer_size;         /* bytes of records kept while down (0: none) */
    double flush_interval;      /* seconds; files only (0: after every record) */
    double drain_timeout;       /* seconds spent at close delivering what is queued */
};

/* Output counters of one sink (or summed over all, eve_output_stats). */
struct eve_output_stats {
    uint64_t written;      /* records delivered (file: in the file, or buffered for it) */
    uint64_t dropped;      /* records lost: queue full while down, or still queued at close */
    uint64_t write_errors; /* records refused (redis error reply) or lost to failed file writes */
    uint64_t reconnects;   /* connections made after the sink had been down */
};

enum eve_sink_status {
    EVE_SINK_OK,     /* written */
    EVE_SINK_DOWN,   /* not written, connection lost: queue it, reconnect */
    EVE_SINK_FAILED, /* not written and never will be (counted as a write error) */
    EVE_SINK_COUNTED, /* taken; the sink keeps s->st itself (files: a record
                       * may still be lost when its buffer is written) */
};

struct eve_sink;

struct eve_sink_ops {
    /* Connect / open.  0, or -1 with s->err set. */
    int (*open)(struct eve_sink *s);
    /* One record (no trailing newline). */
    enum eve_sink_status (*write)(struct eve_sink *s, const char *rec, size_t len);
    /* Push buffered bytes out; 0 / -1.  NULL: nothing is buffered. */
    int (*flush)(struct eve_sink *s);
    /* Close the connection or file (idempotent). */
    void (*close)(struct eve_sink *s);
};

/* Records waiting while a sink is down: a byte ring of [u32 len][bytes]
 * entries, at most `cap` bytes, allocated on first use. */
struct eve_queue {
    uint8_t *buf;
    size_t cap, head, used;
    uint64_t count;
};

struct eve_sink {
    const struct eve_sink_ops *ops;
    struct eve_sink_cfg cfg;
    char name[1100];           /* "eve redis 127.0.0.1:6379", for messages */
    char err[256];             /* why the last open or write failed */
    int errnum;                /* files: errno of the first failed write */
    bool up;
    bool was_down;             /* down at some point (reported at exit) */
    double next_try, backoff;  /* monotonic seconds */
    double last_flush;
    bool dirty;                /* bytes written since the last flush */
    bool gone;                 /* stdout: the reader closed the pipe (EPIPE, e.g.
                                * `| head`); records are discarded, quietly */
    struct eve_queue q;
    struct eve_output_stats st;
    /* kind-specific */
    struct linefile lf;        /* regular, stdout */
    bool lf_open;
    int fd;
    void *redis;
    char *scratch;             /* syslog: the datagram being built */
    size_t scratch_cap;
};

/* ---- eve-sink.c ---- */

/* What a kind of sink is. */
struct eve_sink_type {
    const char *filetype;           /* the policy's word (outputs.eve-log.filetype) */
    const char *label;              /* in messages: "eve file eve.json" */
    const struct eve_sink_ops *ops;
    bool file;                      /* written through a buffer; a failed open is fatal */
    bool in_log_dir;                /* `filename` is a path in the log directory */
};
/* The row of kind k (k < EVE_SINK_KIND_COUNT). */
const struct eve_sink_type *eve_sink_type(enum eve_sink_kind k);
/* The kind whose filetype is `word`; 0, or -1 when there is none. */
int eve_sink_kind_of(const char *word, enum eve_sink_kind *out);


/* A new sink for cfg (copied); opens it.  Files and stdout that cannot be
 * opened are an error (NULL, logged); a socket, syslog or redis sink that is
 * down is returned anyway, with one warning, and retried later. */
struct eve_sink *eve_sink_new(const struct eve_sink_cfg *cfg);
/* Deliver one record (no newline), or queue it while the sink is down. */
void eve_sink_write(struct eve_sink *s, const char *rec, size_t len);
/* Periodic work at monotonic time `now`: flush files every flush_interval,
 * reconnect (at most once per backoff step) and send what is queued. */
void eve_sink_tick(struct eve_sink *s, double now);
/* Write what a file or stdout sink has buffered; 0, or the errno of the
 * first write of its life that failed.  Other kinds: 0. */
int eve_sink_flush(struct eve_sink *s);
/* Flush and reopen a regular file under its name (logrotate); other kinds
 * are left alone.  0 / -1 (logged). */
int eve_sink_reopen(struct eve_sink *s);
/* Deliver what is queued (trying for up to drain_timeout seconds), count
 * the rest as dropped, close, and print the sink's summary line on stderr
 * (always for sockets, syslog and redis; for files and stdout only after
 * write errors: one error line with the records written and lost and the
 * reason; nothing when the reader of stdout has gone); frees s.  Returns
 * -1 when there were write errors (drops alone are reported, not an
 * error). */
int eve_sink_free(struct eve_sink *s);
/* Monotonic seconds. */
double eve_sink_now(void);
/* The sink's reader has gone (EPIPE on stdout): nothing more can be
 * delivered, and that is not an error. */
bool eve_sink_gone(const struct eve_sink *s);

/* ---- eve-sink-queue.c ---- */
void eve_queue_init(struct eve_queue *q, size_t cap);
void eve_queue_deinit(struct eve_queue *q);
/* Append a record; -1 when it does not fit (or out of memory). */
int eve_queue_push(struct eve_queue *q, const char *rec, size_t len);
/* The oldest record; false when empty.  Valid until the next push/pop. */
bool eve_queue_peek(const struct eve_queue *q, const char **rec, size_t *len);
void eve_queue_pop(struct eve_queue *q);

/* ---- one vtable per kind ---- */
extern const struct eve_sink_ops eve_sink_file_ops;   /* regular, stdout */
extern const struct eve_sink_ops eve_sink_socket_ops; /* unix_stream, unix_dgram */
extern const struct eve_sink_ops eve_sink_syslog_ops;
extern const struct eve_sink_ops eve_sink_redis_ops;

/* eve-sink-syslog.c: the datagram syslog(3) would send:
 * "<PRI>Mmm dd hh:mm:ss ident[pid]: rec".  Returns the length written to
 * out (truncated to cap - 1, NUL-terminated). */
size_t eve_syslog_format(char *out, size_t cap, int facility, int level, const char *ident,
                         long pid, int64_t now_sec, const char *rec, size_t len);
/* "local5" -> LOG_LOCAL5, "info" -> LOG_INFO (case-insensitive); -1 unknown. */
int eve_syslog_facility(const char *name);
int eve_syslog_level(const char *name);

/* eve-sink-socket.c: connect a unix socket of `type` (SOCK_STREAM or
 * SOCK_DGRAM) to path, with a short send timeout; fd or -1 (err set). */
int eve_sink_unix_connect(const char *path, int type, char *err, size_t errlen);
/* One datagram on s->fd: EVE_SINK_OK, DOWN (retry later) or FAILED (this
 * record can never be sent, e.g. larger than the socket allows). */
enum eve_sink_status eve_sink_send_dgram(struct eve_sink *s, const char *buf, size_t len);
/* Close s->fd if open (the close op of fd-based sinks). */
void eve_sink_close_fd(struct eve_sink *s);

#endif
