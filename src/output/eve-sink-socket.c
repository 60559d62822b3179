/* eve-sink-socket.c - EVE to a unix socket: unix_stream (one record per
 * line, as a reader of eve.json expects) or unix_dgram (one record per
 * datagram, no newline).  Sends block for at most EVE_SOCK_TIMEOUT_MS; a
 * listener that is gone or that slow counts as down (eve-sink.c queues and
 * reconnects). */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include "output/eve-sink.h"

#define EVE_SOCK_TIMEOUT_MS 200

int eve_sink_unix_connect(const char *path, int type, char *err, size_t errlen)
{
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof(sa));
    sa.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof(sa.sun_path)) {
        snprintf(err, errlen, "socket path too long");
        return -1;
    }
    memcpy(sa.sun_path, path, strlen(path) + 1);
    int fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        snprintf(err, errlen, "socket: %s", strerror(errno));
        return -1;
    }
    /* Bounds connect() too (a full listen backlog) on Linux. */
    struct timeval tv = {0, EVE_SOCK_TIMEOUT_MS * 1000};
    (void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    if (connect(fd, (const struct sockaddr *)&sa, sizeof(sa)) != 0) {
        snprintf(err, errlen, "connect: %s", strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

enum eve_sink_status eve_sink_send_dgram(struct eve_sink *s, const char *buf, size_t len)
{
    for (;;) {
        if (send(s->fd, buf, len, MSG_NOSIGNAL) >= 0)
            return EVE_SINK_OK;
        if (errno == EINTR)
            continue;
        snprintf(s->err, sizeof(s->err), "send: %s", strerror(errno));
        return errno == EMSGSIZE ? EVE_SINK_FAILED : EVE_SINK_DOWN;
    }
}

void eve_sink_close_fd(struct eve_sink *s)
{
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
}

static int eve_socket_open(struct eve_sink *s)
{
    int type = s->cfg.kind == EVE_SINK_UNIX_STREAM ? SOCK_STREAM : SOCK_DGRAM;
    s->fd = eve_sink_unix_connect(s->cfg.path, type, s->err, sizeof(s->err));
    return s->fd < 0 ? -1 : 0;
}

/* The whole line or nothing usable: a send that times out half-way leaves a
 * torn line on this connection, so the record is resent whole on the next
 * one (a line reader drops the torn one). */
static enum eve_sink_status eve_socket_write_stream(struct eve_sink *s, const char *rec,
                                                    size_t len)
{
    size_t total = len + 1, off = 0;
    while (off < total) {
        struct iovec iov[2];
        int n = 0;
        if (off < len) {
            iov[n].iov_base = (void *)(rec + off);
            iov[n++].iov_len = len - off;
        }
        iov[n].iov_base = (void *)"\n";
        iov[n++].iov_len = 1;
        struct msghdr mh = {.msg_iov = iov, .msg_iovlen = (size_t)n};
        ssize_t k = sendmsg(s->fd, &mh, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            snprintf(s->err, sizeof(s->err), "send: %s",
                     k < 0 ? strerror(errno) : "nothing sent");
            return EVE_SINK_DOWN;
        }
        off += (size_t)k;
    }
    return EVE_SINK_OK;
}

static enum eve_sink_status eve_socket_write(struct eve_sink *s, const char *rec, size_t len)
{
    if (s->cfg.kind == EVE_SINK_UNIX_STREAM)
        return eve_socket_write_stream(s, rec, len);
    return eve_sink_send_dgram(s, rec, len);
}

const struct eve_sink_ops eve_sink_socket_ops = {
    .open = eve_socket_open,
    .write = eve_socket_write,
    .flush = NULL,
    .close = eve_sink_close_fd,
};
