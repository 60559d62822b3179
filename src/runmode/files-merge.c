/* files-merge.c - -j's output side (see files-merge.h): worker outputs
 * appended in input order, stats records summed. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LOG_MODULE "files"
#include "files-merge.h"
#include "output/eve.h"
#include "output/stats.h"
#include "util/log.h"
#include "util/mem.h"

void files_merge_init(struct files_merge *m, const struct config *cfg)
{
    memset(m, 0, sizeof(*m));
    m->cfg = cfg;
}

void files_merge_deinit(struct files_merge *m)
{
    for (unsigned k = 0; k < CONFIG_MAX_EVE; k++)
        json_decref(m->stats[k]);
    memset(m, 0, sizeof(*m));
}

/* acc += add below `stats` (prefix: the dotted path of acc): each key as
 * its row of the stats table says (src/output/stats.c: counters summed,
 * peaks the maximum), objects recursively, anything else kept from the
 * first record. */
static void files_merge_sum(json_t *acc, json_t *add, const char *prefix)
{
    const char *key;
    json_t *v;
    json_object_foreach(add, key, v) {
        char path[128];
        snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "." : "", key);
        json_t *a = json_object_get(acc, key);
        if (!a) {
            json_object_set(acc, key, v);
        } else if (json_is_integer(a) && json_is_integer(v)) {
            json_int_t x = json_integer_value(a), y = json_integer_value(v);
            json_integer_set(a, stats_merge_of(path) == STATS_MAX ? (x > y ? x : y) : x + y);
        } else if (json_is_object(a) && json_is_object(v)) {
            files_merge_sum(a, v, path);
        }
    }
}

/* One file's stats record: add its counters; its timestamp (the file's
 * last packet) may be the run's last. */
static void files_merge_stats_add(struct files_merge *r, unsigned k, const char *line)
{
    json_error_t err;
    json_t *rec = json_loads(line, 0, &err);
    if (!rec)
        return;
    json_t *st = json_object_get(rec, "stats");
    json_t *pkts = json_object_get(json_object_get(st, "decoder"), "pkts");
    const char *ts = json_string_value(json_object_get(rec, "timestamp"));
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    if (json_integer_value(pkts) > 0 && ts && strptime(ts, "%Y-%m-%dT%H:%M:%S", &tm)) {
        int64_t last = (int64_t)timegm(&tm);
        if (!r->have_ts || last > r->last_sec)
            r->last_sec = last;
        r->have_ts = true;
    }
    if (!r->stats[k]) {
        r->stats[k] = rec;
        return;
    }
    files_merge_sum(json_object_get(r->stats[k], "stats"), st, "");
    json_decref(rec);
}

/* Where an output file of a worker goes: "eve-K.out" to eve-log output K's
 * file (stdout with `-l -`), "fast.out" to fast.log, anything else under
 * its own name in the log directory.  Returns 0 with *fd a descriptor
 * positioned at the end (STDOUT_FILENO: not to be closed), or with *fd -1
 * when the file is dropped (`-l -` writes records only); -1 (errno set,
 * *fd -1) when it cannot be opened.  *eve_k: K, or -1. */
static int files_merge_dest(const struct files_merge *r, const char *name, int *eve_k,
                            char *path, size_t cap, int *fd)
{
    const struct config *cfg = r->cfg;
    bool to_stdout = strcmp(cfg->log_dir, "-") == 0;
    const char *file = name;
    unsigned k;
    char tail;
    *eve_k = -1;
    *fd = -1;
    snprintf(path, cap, "stdout");
    /* FILES_MERGE_EVE_FMT, read back */
    if (sscanf(name, "eve-%u.ou%c", &k, &tail) == 2 && tail == 't' && k < cfg->n_eve) {
        *eve_k = (int)k;
        if (to_stdout && r->stdout_gone)
            return 0;
        if (to_stdout) {
            fflush(stdout);
            *fd = STDOUT_FILENO;
            return 0;
        }
        file = cfg->eve[k].filename;
    } else if (to_stdout) {
        return 0;
    } else if (strcmp(name, FILES_MERGE_FAST) == 0) {
        file = cfg->fast_filename;
    }
    if (file[0] == '/')
        snprintf(path, cap, "%s", file);
    else
        snprintf(path, cap, "%s/%s", cfg->log_dir, file);
    /* not O_APPEND: copy_file_range refuses it; this process is the only writer */
    *fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    if (*fd >= 0 && lseek(*fd, 0, SEEK_END) < 0) {
        int err = errno;
        close(*fd);
        *fd = -1;
        errno = err;
    }
    return *fd >= 0 ? 0 : -1;
}

/* write(2) all of buf; 0, or -1 with errno set (0 bytes written: ENOSPC). */
static int files_merge_write_all(int fd, const char *buf, size_t n)
{
    while (n > 0) {
        ssize_t x = write(fd, buf, n);
        if (x < 0 && errno == EINTR)
            continue;
        if (x <= 0) {
            if (x == 0)
                errno = ENOSPC;
            return -1;
        }
        buf += x;
        n -= (size_t)x;
    }
    return 0;
}

/* Lines in [off, off+len) of fd (what a failed range would have added). */
static uint64_t files_merge_lines(int fd, uint64_t off, uint64_t len)
{
    char buf[65536];
    uint64_t n = 0;
    while (len > 0) {
        ssize_t k = pread(fd, buf, len < sizeof(buf) ? (size_t)len : sizeof(buf), (off_t)off);
        if (k <= 0)
            break;
        for (const char *p = buf, *end = buf + k; (p = memchr(p, '\n', (size_t)(end - p))); p++)
            n++;
        off += (uint64_t)k;
        len -= (uint64_t)k;
    }
    return n;
}

/* The output `name` goes to (opened as fd, at path), found or added: its
 * size before this run; a torn last line is ended first.  NULL when the
 * table is full (not an output smbneg writes). */
static struct files_merge_out *files_merge_out_of(struct files_merge *r, const char *name,
                                                  const char *path, int fd)
{
    for (size_t i = 0; i < r->n_out; i++)
        if (strcmp(r->out[i].name, name) == 0)
            return &r->out[i];
    if (r->n_out == FILES_MERGE_MAX_OUT)
        return NULL;
    struct files_merge_out *o = &r->out[r->n_out++];
    struct stat st;
    char last;
    memset(o, 0, sizeof(*o));
    snprintf(o->name, sizeof(o->name), "%s", name);
    snprintf(o->path, sizeof(o->path), "%s", path);
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        o->start = (uint64_t)st.st_size;
        int rd = open(path, O_RDONLY | O_CLOEXEC); /* fd is write-only */
        if (rd >= 0 && pread(rd, &last, 1, st.st_size - 1) == 1 && last != '\n' &&
            files_merge_write_all(fd, "\n", 1) == 0)
            o->start++;
        if (rd >= 0)
            close(rd);
    }
    return o;
}

/* Give back the blocks of [off, off+len) of a worker's file.  The size
 * stays (offsets are taken from it) and so does the range's last byte, its
 * '\n': the worker's next engine sees a file that ends with a whole line
 * (not a torn one, util/linefile.h). */
static void files_merge_punch(int fd, uint64_t off, uint64_t len)
{
    if (len > 1)
        fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)off, (off_t)(len - 1));
}

/* Appending to o (fd) failed: cut it back to `end`, count `lines` lost. */
static void files_merge_failed(struct files_merge_out *o, int fd, off_t end, uint64_t lines,
                               int err)
{
    if (fd >= 0 && end >= 0 && ftruncate(fd, end) == 0)
        lseek(fd, end, SEEK_SET);
    o->lost += lines;
    if (!o->err)
        o->err = err ? err : EIO;
}

/* Copy [off, off+n) of in to out's offset: in the kernel when it can
 * (copy_file_range), else through a buffer (pipes, other file systems). */
static int files_merge_copy(int in, uint64_t off, int out, uint64_t n)
{
    off_t pos = (off_t)off;
    while (n > 0) {
        ssize_t k = copy_file_range(in, &pos, out, NULL, n, 0);
        if (k > 0) {
            n -= (uint64_t)k;
            continue;
        }
        if (k == 0) {
            errno = EIO; /* the file is shorter than it was */
            return -1;
        }
        if (errno == EINTR)
            continue;
        if (errno != EXDEV && errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP &&
            errno != EBADF)
            return -1;
        break;
    }
    char buf[65536];
    while (n > 0) {
        ssize_t k = pread(in, buf, n < sizeof(buf) ? (size_t)n : sizeof(buf), pos);
        if (k <= 0) {
            if (k < 0 && errno == EINTR)
                continue;
            if (k == 0)
                errno = EIO;
            return -1;
        }
        if (files_merge_write_all(out, buf, (size_t)k) != 0)
            return -1;
        pos += k;
        n -= (uint64_t)k;
    }
    return 0;
}

/* A file's stats record is the last line of its range of the worker's EVE
 * file (engine_finish writes it last).  Returns the length of the range
 * without that line and hands the line over in *line (mem_alloc'd), or
 * returns len (and NULL) when the last line is not a stats record.  The
 * line is the caller's, to mem_free. */
static uint64_t files_merge_tail(int fd, uint64_t off, uint64_t len, char **line)
{
    enum { TAIL_MAX = 65536 };
    size_t want = len < TAIL_MAX ? (size_t)len : TAIL_MAX;
    char *buf = mem_alloc(want + 1);
    *line = NULL;
    if (!buf || want == 0 ||
        pread(fd, buf, want, (off_t)(off + len - want)) != (ssize_t)want) {
        mem_free(buf);
        return len;
    }
    size_t end = want - (buf[want - 1] == '\n'), start = end;
    while (start > 0 && buf[start - 1] != '\n')
        start--;
    buf[end] = '\0';
    if ((start == 0 && want < len) || !strstr(buf + start, "\"event_type\":\"stats\"")) {
        mem_free(buf);
        return len;
    }
    memmove(buf, buf + start, end - start + 1);
    *line = buf;
    return len - (want - start);
}

int files_merge_range(struct files_merge *r, const char *src, const char *name, uint64_t off,
                      uint64_t len)
{
    char dst[2 * CONFIG_PATH_MAX + 2];
    int k, in = open(src, O_RDWR | O_CLOEXEC);
    if (in < 0) {
        log_error("%s: cannot read the worker's output: %s", src, strerror(errno));
        return -1;
    }
    int out, rc = 0;
    bool opened = files_merge_dest(r, name, &k, dst, sizeof(dst), &out) == 0;
    bool dropped = opened && out < 0;
    struct files_merge_out *o = !dropped ? files_merge_out_of(r, name, dst, out) : NULL;
    if (!opened) {
        if (o)
            files_merge_failed(o, -1, -1, files_merge_lines(in, off, len), errno);
        rc = -1;
    } else if (!dropped) {
        char *stats = NULL;
        uint64_t body = k >= 0 ? files_merge_tail(in, off, len, &stats) : len;
        off_t end = lseek(out, 0, SEEK_END);
        if (files_merge_copy(in, off, out, body) != 0) {
            if (out == STDOUT_FILENO && errno == EPIPE) {
                r->stdout_gone = true; /* `| head`: not an error, the run stops */
            } else {
                if (o)
                    files_merge_failed(o, out, end, files_merge_lines(in, off, body), errno);
                rc = -1;
            }
        }
        if (stats)
            files_merge_stats_add(r, (unsigned)k, stats);
        mem_free(stats);
    }
    /* Merged: give the blocks back, so the work directory holds only what
     * is still to be merged. */
    files_merge_punch(in, off, len);
    close(in);
    if (out >= 0 && out != STDOUT_FILENO && close(out) != 0 && o && rc == 0) {
        o->err = o->err ? o->err : errno; /* NFS: the write fails at close */
        rc = -1;
    }
    return rc;
}

void files_merge_discard(const char *src, uint64_t off, uint64_t len)
{
    int fd = open(src, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return;
    files_merge_punch(fd, off, len);
    close(fd);
}

int files_merge_copy_to(const char *src, uint64_t off, uint64_t len, int fd)
{
    int in = open(src, O_RDONLY | O_CLOEXEC);
    int rc = in >= 0 ? files_merge_copy(in, off, fd, len) : -1;
    if (in >= 0)
        close(in);
    return rc;
}

/* The summed stats records (one per eve-log output that logs stats), with
 * the run-wide timestamp and uptime. */
int files_merge_write_stats(struct files_merge *r, uint64_t uptime)
{
    int rc = 0;
    for (unsigned k = 0; k < CONFIG_MAX_EVE; k++) {
        if (!r->stats[k])
            continue;
        char ts[40], path[2 * CONFIG_PATH_MAX + 2] = "stdout", name[32];
        eve_format_time(r->have_ts ? r->last_sec : 0, 0, ts);
        json_object_set_new(r->stats[k], "timestamp", json_string(ts));
        json_t *st = json_object_get(r->stats[k], "stats");
        if (json_object_get(st, "uptime"))
            json_object_set_new(st, "uptime", json_integer((json_int_t)uptime));
        int kk, out;
        snprintf(name, sizeof(name), FILES_MERGE_EVE_FMT, k);
        bool opened = files_merge_dest(r, name, &kk, path, sizeof(path), &out) == 0;
        bool dropped = opened && out < 0;
        struct files_merge_out *o = !dropped ? files_merge_out_of(r, name, path, out) : NULL;
        char *s = json_dumps(r->stats[k], JSON_COMPACT);
        size_t n = s ? strlen(s) : 0;
        if (s)
            s[n] = '\n'; /* json_dumps allocated n + 1 bytes: the NUL becomes the newline */
        off_t end = out >= 0 ? lseek(out, 0, SEEK_END) : -1;
        if (!dropped && (!opened || !s || files_merge_write_all(out, s, n + 1) != 0)) {
            if (out == STDOUT_FILENO && errno == EPIPE) {
                r->stdout_gone = true;
            } else {
                if (o)
                    files_merge_failed(o, out, end, 1, s ? errno : ENOMEM);
                rc = -1;
            }
        }
        free(s);
        if (out >= 0 && out != STDOUT_FILENO && close(out) != 0 && o) {
            o->err = o->err ? o->err : errno;
            rc = -1;
        }
    }
    return rc;
}

/* Lines of the regular file at path after byte `start`; -1: unknown. */
static int64_t files_merge_count_from(const char *path, uint64_t start)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        (uint64_t)st.st_size < start) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    uint64_t n = files_merge_lines(fd, start, (uint64_t)st.st_size - start);
    close(fd);
    return (int64_t)n;
}

int files_merge_report(const struct files_merge *m)
{
    int rc = 0;
    for (size_t i = 0; i < m->n_out; i++) {
        const struct files_merge_out *o = &m->out[i];
        if (!o->err)
            continue;
        const char *what = strcmp(o->name, FILES_MERGE_FAST) == 0 ? "alerts"
                           : strncmp(o->name, "eve-", 4) == 0     ? "records"
                                                                  : "lines";
        int64_t have = files_merge_count_from(o->path, o->start);
        if (have >= 0)
            log_error("%s: %lld %s written, %llu lost: %s (the file ends with its last whole "
                      "line)", o->path, (long long)have, what, (unsigned long long)o->lost,
                      strerror(o->err));
        else
            log_error("%s: %llu %s lost: %s", o->path, (unsigned long long)o->lost, what,
                      strerror(o->err));
        rc = -1;
    }
    return rc;
}

/* stats_foreach callback: the value at a dotted path of the merged record. */
static void files_merge_get(void *ctx, const char *path, uint64_t *v)
{
    json_t *o = ctx;
    char key[128];
    for (const char *p = path; o;) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        snprintf(key, sizeof(key), "%.*s", (int)n, p);
        o = json_object_get(o, key);
        if (!dot)
            break;
        p = dot + 1;
    }
    *v = json_is_integer(o) ? (uint64_t)json_integer_value(o) : 0;
}

void files_merge_snapshot(const struct files_merge *m, struct stats_snapshot *s)
{
    json_t *st = NULL;
    for (unsigned k = 0; k < CONFIG_MAX_EVE && !st; k++)
        st = json_object_get(m->stats[k], "stats");
    memset(s, 0, sizeof(*s));
    s->have_detect = json_object_get(st, "detect") != NULL;
    stats_foreach(s, files_merge_get, st);
}
