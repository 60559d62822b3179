/* source-pcap.c - capture files through libpcap (pcap and pcapng); gzip'd
 * files are read through `gzip -dc`, as tshark reads them. */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source/source-pcap.h"
#include "util/bytes.h"
#include "util/mem.h"

#define SOURCE_IOBUF (1u << 20)

static int source_magic(const char *path, uint8_t m[4])
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    size_t n = fread(m, 1, 4, fp);
    fclose(fp);
    return n == 4 ? 0 : -1;
}

static bool source_is_gzip(const uint8_t m[4])
{
    return m[0] == 0x1f && m[1] == 0x8b;
}

bool source_pcap_looks_like_capture(const char *path)
{
    uint8_t m[4];
    if (source_magic(path, m))
        return false;
    struct rd r = rd_make(m, sizeof(m));
    uint32_t be = rd_be32(&r);
    return be == 0xa1b2c3d4 || be == 0xd4c3b2a1 || be == 0xa1b23c4d || be == 0x4d3cb2a1 ||
           be == 0x0a0d0d0a || source_is_gzip(m);
}

/* Quote path for /bin/sh: '...' with each ' as '\''. */
static int source_shell_quote(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    if (cap < 3)
        return -1;
    out[o++] = '\'';
    for (; *s; s++) {
        if (*s == '\'') {
            if (o + 4 >= cap)
                return -1;
            memcpy(out + o, "'\\''", 4);
            o += 4;
        } else {
            if (o + 1 >= cap)
                return -1;
            out[o++] = *s;
        }
    }
    if (o + 2 > cap)
        return -1;
    out[o++] = '\'';
    out[o] = '\0';
    return 0;
}

/* Our own FILE buffer, large: libpcap reads record by record through
 * stdio, and the default 4 KiB buffer costs a read(2) every few packets
 * (measured: a third of the run time on the benchmark capture). */
static void source_buffer(struct source_pcap *src, FILE *fp)
{
    src->iobuf = mem_alloc(SOURCE_IOBUF);
    if (src->iobuf)
        setvbuf(fp, src->iobuf, _IOFBF, SOURCE_IOBUF);
}

/* ------------------------------------------------- the direct reader */

#define DIRECT_BUF (1u << 20)     /* refill size; a record is at most 256 KiB */
#define DIRECT_MAX_CAPLEN 262144u /* libpcap's maximum for these link types */

/* Can smbneg read this file's records itself?  Header (the file's first
 * n bytes, 24 needed): magic in host byte order, version 2.4; a link type the
 * decoder knows, whose maximum libpcap takes as 256 KiB. */
static bool direct_eligible(const uint8_t *h, size_t n, int dlt, bool *nsec)
{
    if (n < 24)
        return false;
    /* little-endian files only (the records are read as such below); the
     * others, and every other format, go through libpcap */
    struct rd r = rd_make(h, n);
    uint32_t magic = rd_le32(&r);
    uint16_t major = rd_le16(&r);
    uint16_t minor = rd_le16(&r);
    if ((magic != 0xa1b2c3d4u && magic != 0xa1b23c4du) || major != 2 || minor != 4)
        return false;
    *nsec = magic == 0xa1b23c4du;
    switch (dlt) {
    case DLT_EN10MB:
    case DLT_LINUX_SLL:
    case DLT_NULL:
    case DLT_LOOP:
    case DLT_RAW:
#ifdef DLT_LINUX_SLL2
    case DLT_LINUX_SLL2:
#endif
        return true;
    default:
        return false;
    }
}

static int direct_start(struct source_pcap *src, FILE *fp, bool nsec)
{
    struct source_pcap_direct *d = &src->direct;
    d->buf = mem_alloc(DIRECT_BUF + DIRECT_MAX_CAPLEN + 16);
    if (!d->buf)
        return -1;
    d->cap = DIRECT_BUF + DIRECT_MAX_CAPLEN + 16;
    /* Read with pread() from the end of the file header on: one copy, from
     * the kernel into buf (stdio would copy once more). */
    off_t pos = ftello(fp);
    if (pos < 0) {
        mem_free(d->buf);
        d->buf = NULL;
        return -1;
    }
    d->fd = fileno(fp);
    d->off = (int64_t)pos;
    d->nsec = nsec;
    d->snapshot = (uint32_t)pcap_snapshot(src->pcap);
    d->on = true;
    return 0;
}

/* Make `need` unread bytes available if the file has them; the number
 * available afterwards (less than need only at the end of the file). */
static size_t direct_fill(struct source_pcap *src, size_t need)
{
    struct source_pcap_direct *d = &src->direct;
    while (d->end - d->start < need && !d->eof) {
        if (d->start > 0) {
            memmove(d->buf, d->buf + d->start, d->end - d->start);
            d->end -= d->start;
            d->start = 0;
        }
        size_t want = d->cap - d->end < DIRECT_BUF ? d->cap - d->end : DIRECT_BUF;
        ssize_t got = pread(d->fd, d->buf + d->end, want, (off_t)d->off);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            d->read_errno = errno;
            d->eof = true;
            break;
        }
        d->end += (size_t)got;
        d->off += got;
        if (got == 0)
            d->eof = true;
    }
    return d->end - d->start;
}

static enum source_status direct_error(struct source_pcap *src, const char *what)
{
    snprintf(src->err, sizeof(src->err), "corrupt after packet %llu: %s",
             (unsigned long long)src->pcap_cnt, what);
    return SOURCE_ERROR;
}

/* One record, as libpcap's savefile reader would return it: a short header
 * or body is a truncated file, a caplen over 256 KiB an invalid one, a
 * caplen over the snapshot length is cut to it (the rest skipped). */
static enum source_status direct_next(struct source_pcap *src, struct packet *p)
{
    struct source_pcap_direct *d = &src->direct;
    char why[160];
    size_t have = direct_fill(src, 16);
    if (d->read_errno) {
        snprintf(why, sizeof(why), "error reading dump file: %s", strerror(d->read_errno));
        return direct_error(src, why);
    }
    if (have == 0)
        return SOURCE_EOF;
    if (have < 16) {
        snprintf(why, sizeof(why),
                 "truncated dump file; tried to read 16 header bytes, only got %zu", have);
        return direct_error(src, why);
    }
    uint32_t f[4]; /* ts_sec, ts_frac, caplen, wirelen */
    struct rd r = rd_make(d->buf + d->start, 16);
    for (int i = 0; i < 4; i++)
        f[i] = rd_le32(&r);
    uint32_t caplen = f[2];
    if (caplen > DIRECT_MAX_CAPLEN) {
        if (caplen > d->snapshot)
            snprintf(why, sizeof(why), "invalid packet capture length %u, bigger than snaplen of %u",
                     caplen, d->snapshot);
        else
            snprintf(why, sizeof(why), "invalid packet capture length %u, bigger than maximum of %u",
                     caplen, DIRECT_MAX_CAPLEN);
        return direct_error(src, why);
    }
    have = direct_fill(src, 16 + (size_t)caplen) - 16;
    if (d->read_errno) {
        snprintf(why, sizeof(why), "error reading dump file: %s", strerror(d->read_errno));
        return direct_error(src, why);
    }
    uint32_t keep = caplen > d->snapshot ? d->snapshot : caplen;
    if (have < caplen) {
        /* libpcap names the snapshot when even that part is missing */
        snprintf(why, sizeof(why),
                 "truncated dump file; tried to read %u captured bytes, only got %zu",
                 have < keep ? keep : caplen, have);
        return direct_error(src, why);
    }
    src->pcap_cnt++;
    src->bytes_read += keep;
    p->data = d->buf + d->start + 16;
    p->caplen = keep;
    p->wirelen = f[3];
    /* as libpcap: the fields are signed 32-bit, nanoseconds divided as such */
    int32_t frac = (int32_t)f[1];
    p->ts_sec = (int64_t)(int32_t)f[0];
    p->ts_usec = d->nsec ? frac / 1000 : frac;
    p->pcap_cnt = src->pcap_cnt;
    p->linktype = src->linktype;
    d->start += 16 + (size_t)caplen;
    return SOURCE_PACKET;
}

/* ------------------------------------------------------------- open */

static int source_pcap_open_with(struct source_pcap *src, const char *path, bool direct)
{
    char errbuf[PCAP_ERRBUF_SIZE] = "";
    memset(src, 0, sizeof(*src));
    snprintf(src->path, sizeof(src->path), "%s", path);
    /* One open: the header is read with pread() (the FILE's position stays
     * at 0 for libpcap), to tell gzip and to qualify for the direct reader. */
    FILE *file = fopen(path, "rb");
    if (!file) {
        int err = errno;
        struct stat st;
        if (err == ENOENT && lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
            snprintf(src->err, sizeof(src->err), "dangling symbolic link: %s",
                     strerror(err));
        else
            snprintf(src->err, sizeof(src->err), "%s", strerror(err));
        return -1;
    }
    uint8_t hdr[24];
    ssize_t hn = pread(fileno(file), hdr, sizeof(hdr), 0);
    if (hn < 0)
        hn = 0;
    if (hn >= 4 && source_is_gzip(hdr)) {
        fclose(file);
        char cmd[8300] = "gzip -dc -- ";
        if (source_shell_quote(path, cmd + strlen(cmd), sizeof(cmd) - strlen(cmd))) {
            snprintf(src->err, sizeof(src->err), "path too long");
            return -1;
        }
        src->pipe = popen(cmd, "r");
        if (!src->pipe) {
            snprintf(src->err, sizeof(src->err), "cannot run gzip: %s", strerror(errno));
            return -1;
        }
        /* libpcap fclose()s its stream; give it a duplicate so that
         * pclose() can still reap gzip. */
        int fd = dup(fileno(src->pipe));
        FILE *fp = fd >= 0 ? fdopen(fd, "rb") : NULL;
        if (!fp && fd >= 0)
            close(fd);
        if (fp)
            source_buffer(src, fp);
        src->pcap = fp ? pcap_fopen_offline(fp, errbuf) : NULL;
        if (!src->pcap && fp)
            fclose(fp);
        if (!src->pcap) {
            pclose(src->pipe);
            src->pipe = NULL;
        }
    } else {
        FILE *fp = file;
        source_buffer(src, fp);
        src->pcap = pcap_fopen_offline(fp, errbuf);
        if (!src->pcap)
            fclose(fp);
        bool nsec;
        if (src->pcap && direct &&
            direct_eligible(hdr, (size_t)hn, pcap_datalink(src->pcap), &nsec))
            (void)direct_start(src, fp, nsec); /* out of memory: libpcap reads */
    }
    if (!src->pcap) {
        /* the FILE that used it is closed: free it or leak 1 MiB per
         * unreadable file (found by tests/malformed under LeakSanitizer) */
        mem_free(src->iobuf);
        src->iobuf = NULL;
        snprintf(src->err, sizeof(src->err), "not a readable capture: %s",
                 errbuf[0] ? errbuf : "unknown format");
        return -1;
    }
    src->linktype = pcap_datalink(src->pcap);
    return 0;
}

int source_pcap_open(struct source_pcap *src, const char *path)
{
    return source_pcap_open_with(src, path, true);
}

int source_pcap_open_libpcap(struct source_pcap *src, const char *path)
{
    return source_pcap_open_with(src, path, false);
}

enum source_status source_pcap_next(struct source_pcap *src, struct packet *p)
{
    if (src->direct.on)
        return direct_next(src, p);
    struct pcap_pkthdr *h;
    const u_char *d;
    int rc = pcap_next_ex(src->pcap, &h, &d);
    if (rc == 1) {
        src->pcap_cnt++;
        src->bytes_read += h->caplen;
        p->data = d;
        p->caplen = h->caplen;
        p->wirelen = h->len;
        p->ts_sec = (int64_t)h->ts.tv_sec;
        p->ts_usec = (int32_t)h->ts.tv_usec;
        p->pcap_cnt = src->pcap_cnt;
        p->linktype = src->linktype;
        return SOURCE_PACKET;
    }
    if (rc == PCAP_ERROR_BREAK)
        return SOURCE_EOF;
    snprintf(src->err, sizeof(src->err), "corrupt after packet %llu: %s",
             (unsigned long long)src->pcap_cnt, pcap_geterr(src->pcap));
    return SOURCE_ERROR;
}

void source_pcap_close(struct source_pcap *src)
{
    if (src->pcap)
        pcap_close(src->pcap);
    src->pcap = NULL;
    if (src->pipe)
        pclose(src->pipe);
    src->pipe = NULL;
    mem_free(src->iobuf); /* after pcap_close: its FILE used this buffer */
    src->iobuf = NULL;
    mem_free(src->direct.buf);
    memset(&src->direct, 0, sizeof(src->direct));
}

int source_pcap_read(const char *path, bool (*on_packet)(void *ctx, struct packet *p), void *ctx,
                     char *err, size_t errlen)
{
    struct source_pcap src;
    struct packet p;
    if (source_pcap_open(&src, path) != 0) {
        snprintf(err, errlen, "%s", src.err);
        return -1;
    }
    enum source_status st;
    while ((st = source_pcap_next(&src, &p)) == SOURCE_PACKET && on_packet(ctx, &p))
        ;
    int rc = 0;
    if (st == SOURCE_ERROR) {
        snprintf(err, errlen, "%s", src.err);
        rc = -1;
    }
    source_pcap_close(&src);
    return rc;
}
