/* linefile.c - whole lines appended to a file, cut back after a failed
 * write (see linefile.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/linefile.h"
#include "util/mem.h"

/* A file that ends without '\n' gets one, so the next line is whole (read
 * through path: lf->fd is write-only). */
static void linefile_end_line(struct linefile *lf, const char *path)
{
    char last;
    int rd = open(path, O_RDONLY | O_CLOEXEC);
    if (rd < 0)
        return;
    off_t size = lseek(rd, 0, SEEK_END);
    bool torn = size > 0 && pread(rd, &last, 1, size - 1) == 1 && last != '\n';
    close(rd);
    if (torn && write(lf->fd, "\n", 1) != 1)
        lf->err = errno ? errno : EIO;
}

int linefile_open_fd(struct linefile *lf, int fd, size_t cap)
{
    struct stat st;
    memset(lf, 0, sizeof(*lf));
    lf->fd = fd;
    lf->cap = cap ? cap : 4096;
    lf->regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    int fl = fcntl(fd, F_GETFL);
    lf->append = fl >= 0 && (fl & O_APPEND);
    lf->buf = mem_alloc(lf->cap);
    if (!lf->buf) {
        errno = ENOMEM;
        return -1;
    }
    return 0;
}

int linefile_open(struct linefile *lf, const char *path, size_t cap)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
    if (fd < 0) {
        memset(lf, 0, sizeof(*lf));
        lf->fd = -1;
        return -1;
    }
    if (linefile_open_fd(lf, fd, cap) != 0) {
        int e = errno;
        close(fd);
        lf->fd = -1;
        errno = e;
        return -1;
    }
    lf->own_fd = true;
    if (lf->regular)
        linefile_end_line(lf, path); /* a failure is lf->err, reported with the rest */
    return 0;
}

/* Lines in buf[0, n). */
static uint64_t linefile_count(const char *buf, size_t n)
{
    uint64_t k = 0;
    for (const char *p = buf, *end = buf + n; (p = memchr(p, '\n', (size_t)(end - p))); p++)
        k++;
    return k;
}

/* The write of buf failed after `done` bytes: keep the whole lines among
 * them, cut the torn rest off a regular file, count the others as lost. */
static void linefile_cut(struct linefile *lf, off_t start, size_t done, int err)
{
    size_t keep = done;
    while (keep > 0 && lf->buf[keep - 1] != '\n')
        keep--;
    if (lf->regular && start >= 0 && keep < done) {
        off_t end = start + (off_t)keep;
        if (ftruncate(lf->fd, end) == 0 && !lf->append)
            lseek(lf->fd, end, SEEK_SET);
    }
    uint64_t kept = linefile_count(lf->buf, keep);
    lf->written += kept;
    lf->lost += lf->buffered - kept;
    if (err == EPIPE)
        lf->gone = true;
    if (!lf->err)
        lf->err = err;
}

int linefile_flush(struct linefile *lf)
{
    if (lf->fd < 0 || lf->len == 0)
        return 0;
    /* where this write starts: the end for O_APPEND, else the offset */
    off_t start = lf->regular ? lseek(lf->fd, 0, lf->append ? SEEK_END : SEEK_CUR) : -1;
    size_t done = 0;
    int err = 0;
    while (done < lf->len) {
        ssize_t n = write(lf->fd, lf->buf + done, lf->len - done);
        if (n > 0) {
            done += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            err = n < 0 ? errno : ENOSPC; /* 0 bytes written: no room */
            break;
        }
    }
    if (err)
        linefile_cut(lf, start, done, err);
    else
        lf->written += lf->buffered;
    lf->len = 0;
    lf->buffered = 0;
    return err ? -1 : 0;
}

/* Room for a line of n bytes in an empty buffer: grow it when the line is
 * longer.  0, or -1 (out of memory). */
static int linefile_grow(struct linefile *lf, size_t n)
{
    if (n > lf->cap) {
        char *nb = mem_realloc(lf->buf, n);
        if (!nb)
            return -1;
        lf->buf = nb;
        lf->cap = n;
    }
    return 0;
}

int linefile_put(struct linefile *lf, const char *rec, size_t len)
{
    if (lf->fd < 0 || len == SIZE_MAX)
        return -1;
    /* no room: write the buffer out first (a failed flush still lets the
     * line be added; its result is ours) */
    int rc = len + 1 > lf->cap - lf->len ? linefile_flush(lf) : 0;
    if (linefile_grow(lf, len + 1) != 0) {
        lf->lost++;
        if (!lf->err)
            lf->err = ENOMEM;
        return -1;
    }
    memcpy(lf->buf + lf->len, rec, len);
    lf->buf[lf->len + len] = '\n';
    lf->len += len + 1;
    lf->buffered++;
    return rc;
}

int linefile_printf(struct linefile *lf, const char *fmt, ...)
{
    char small[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0)
        return -1;
    if ((size_t)n < sizeof(small))
        return linefile_put(lf, small, (size_t)n);
    char *big = mem_alloc((size_t)n + 1);
    if (!big) {
        lf->lost++;
        return -1;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    int rc = linefile_put(lf, big, (size_t)n);
    mem_free(big);
    return rc;
}

int linefile_close(struct linefile *lf)
{
    if (lf->fd < 0 && !lf->buf)
        return lf->err ? -1 : 0;
    linefile_flush(lf);
    if (lf->own_fd && lf->fd >= 0 && close(lf->fd) != 0 && !lf->err)
        lf->err = errno;
    lf->fd = -1;
    mem_free(lf->buf);
    lf->buf = NULL;
    lf->len = lf->cap = 0;
    return lf->err ? -1 : 0;
}
