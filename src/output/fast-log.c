/* fast-log.c - alerts one per line in Suricata's fast.log format:
 * 11/24/2026-08:40:01.123456  [**] [1:2260001:1] msg [**] [Classification: x]
 * [Priority: 2] {TCP} client:port -> server:port */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define LOG_MODULE "fast"
#include "detect/detect.h"
#include "output/eve.h"
#include "util/log.h"

#define FAST_LOG_BUF (1 << 16)

int fast_log_open(struct fast_log *fl, const char *path)
{
    snprintf(fl->path, sizeof(fl->path), "%s", path);
    fl->open = linefile_open(&fl->lf, path, FAST_LOG_BUF) == 0;
    if (!fl->open) {
        log_error("%s: cannot open for writing: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

void fast_log_flush(struct fast_log *fl)
{
    if (fl->open)
        linefile_flush(&fl->lf);
}

uint64_t fast_log_lost(const struct fast_log *fl)
{
    return fl->lf.lost;
}

int fast_log_close(struct fast_log *fl)
{
    if (!fl->open)
        return 0;
    fl->open = false;
    if (linefile_close(&fl->lf) == 0)
        return 0;
    log_error("%s: %llu alerts written, %llu lost: %s (the file ends with its last whole alert)",
              fl->path, (unsigned long long)fl->lf.written, (unsigned long long)fl->lf.lost,
              strerror(fl->lf.err));
    return -1;
}

int fast_log_reopen(struct fast_log *fl)
{
    if (!fl->path[0]) /* never opened: fast.log is off */
        return 0;
    struct linefile old = fl->lf; /* its counters carry on */
    if (fl->open)
        linefile_close(&old);
    fl->open = linefile_open(&fl->lf, fl->path, FAST_LOG_BUF) == 0;
    if (!fl->open) {
        log_error("%s: cannot reopen for writing: %s", fl->path, strerror(errno));
        fl->lf = old;
        return -1;
    }
    fl->lf.written = old.written;
    fl->lf.lost = old.lost;
    fl->lf.err = old.err;
    return 0;
}

static void fast_endpoint(const struct flow *f, int side, char *out, size_t n)
{
    char ip[INET6_ADDRSTRLEN];
    if (!inet_ntop(f->ip_v == 6 ? AF_INET6 : AF_INET, f->side_addr[side].b, ip, sizeof(ip)))
        ip[0] = '\0';
    snprintf(out, n, "%s:%u", ip, f->side_port[side]);
}

void fast_log_write(struct fast_log *fl, const struct eve_origin *o, const struct flow *f,
                    const struct detect_alert *a)
{
    if (!fl->open)
        return;
    time_t t = (time_t)o->ts_sec;
    struct tm tm;
    char ts[64], cli[64], srv[64];
    gmtime_r(&t, &tm);
    size_t k = strftime(ts, sizeof(ts), "%m/%d/%Y-%H:%M:%S", &tm);
    snprintf(ts + k, sizeof(ts) - k, ".%06d", o->ts_usec);
    fast_endpoint(f, f->client_side, cli, sizeof(cli));
    fast_endpoint(f, 1 - f->client_side, srv, sizeof(srv));
    if (a->category && a->category[0])
        linefile_printf(&fl->lf,
                        "%s  [**] [%u:%u:%u] %s [**] [Classification: %s] [Priority: %u] {TCP} "
                        "%s -> %s",
                        ts, a->gid, a->sid, a->rev, a->msg ? a->msg : "", a->category,
                        a->severity, cli, srv);
    else
        linefile_printf(&fl->lf, "%s  [**] [%u:%u:%u] %s [**] [Priority: %u] {TCP} %s -> %s", ts,
                        a->gid, a->sid, a->rev, a->msg ? a->msg : "", a->severity, cli, srv);
}
