/* eve-sink-syslog.c - EVE to the local syslog daemon: the datagram glibc's
 * syslog(3) sends to /dev/log ("<PRI>Mmm dd hh:mm:ss ident[pid]: msg",
 * RFC 3164 4.1), written here so the socket path is configurable and the
 * sink is queued and retried like the others when no daemon listens. */
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "output/eve-sink.h"
#include "util/mem.h"

static const struct {
    const char *name;
    int value;
} eve_syslog_facilities[] = {
    {"kern", LOG_KERN},     {"user", LOG_USER},     {"mail", LOG_MAIL},
    {"daemon", LOG_DAEMON}, {"auth", LOG_AUTH},     {"syslog", LOG_SYSLOG},
    {"lpr", LOG_LPR},       {"news", LOG_NEWS},     {"uucp", LOG_UUCP},
    {"cron", LOG_CRON},     {"authpriv", LOG_AUTHPRIV}, {"ftp", LOG_FTP},
    {"local0", LOG_LOCAL0}, {"local1", LOG_LOCAL1}, {"local2", LOG_LOCAL2},
    {"local3", LOG_LOCAL3}, {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5},
    {"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7},
}, eve_syslog_levels[] = {
    {"emerg", LOG_EMERG},     {"alert", LOG_ALERT}, {"crit", LOG_CRIT},
    {"err", LOG_ERR},         {"error", LOG_ERR},   {"warning", LOG_WARNING},
    {"warn", LOG_WARNING},    {"notice", LOG_NOTICE}, {"info", LOG_INFO},
    {"debug", LOG_DEBUG},
};

int eve_syslog_facility(const char *name)
{
    for (size_t i = 0; i < sizeof(eve_syslog_facilities) / sizeof(eve_syslog_facilities[0]); i++)
        if (strcasecmp(name, eve_syslog_facilities[i].name) == 0)
            return eve_syslog_facilities[i].value;
    return -1;
}

int eve_syslog_level(const char *name)
{
    for (size_t i = 0; i < sizeof(eve_syslog_levels) / sizeof(eve_syslog_levels[0]); i++)
        if (strcasecmp(name, eve_syslog_levels[i].name) == 0)
            return eve_syslog_levels[i].value;
    return -1;
}

size_t eve_syslog_format(char *out, size_t cap, int facility, int level, const char *ident,
                         long pid, int64_t now_sec, const char *rec, size_t len)
{
    time_t t = (time_t)now_sec;
    struct tm tm;
    char ts[32];
    localtime_r(&t, &tm);
    /* "%e": day of month space-padded, as RFC 3164 wants ("Nov  4"). */
    if (strftime(ts, sizeof(ts), "%b %e %H:%M:%S", &tm) == 0)
        ts[0] = '\0';
    int n = snprintf(out, cap, "<%d>%s %s[%ld]: ", (facility | level), ts, ident, pid);
    if (n < 0 || cap == 0)
        return 0;
    size_t k = (size_t)n >= cap ? cap - 1 : (size_t)n;
    size_t room = cap - 1 - k;
    size_t m = len < room ? len : room;
    memcpy(out + k, rec, m);
    out[k + m] = '\0';
    return k + m;
}

static int eve_syslog_open(struct eve_sink *s)
{
    s->fd = eve_sink_unix_connect(s->cfg.path, SOCK_DGRAM, s->err, sizeof(s->err));
    return s->fd < 0 ? -1 : 0;
}

static enum eve_sink_status eve_syslog_write(struct eve_sink *s, const char *rec, size_t len)
{
    size_t need = len + 128 + strlen(s->cfg.syslog_ident);
    if (s->scratch_cap < need) {
        char *nb = mem_realloc(s->scratch, need);
        if (!nb) {
            snprintf(s->err, sizeof(s->err), "out of memory");
            return EVE_SINK_FAILED;
        }
        s->scratch = nb;
        s->scratch_cap = need;
    }
    size_t n = eve_syslog_format(s->scratch, s->scratch_cap, s->cfg.syslog_facility,
                                 s->cfg.syslog_level, s->cfg.syslog_ident, (long)getpid(),
                                 (int64_t)time(NULL), rec, len);
    return eve_sink_send_dgram(s, s->scratch, n);
}

const struct eve_sink_ops eve_sink_syslog_ops = {
    .open = eve_syslog_open,
    .write = eve_syslog_write,
    .flush = NULL,
    .close = eve_sink_close_fd,
};
