/* source-pcap.c - capture files through libpcap (pcap and pcapng); gzip'd
 * files are read through `gzip -dc`, as tshark reads them. */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "source/source-pcap.h"
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
    uint32_t be = (uint32_t)m[0] << 24 | (uint32_t)m[1] << 16 | (uint32_t)m[2] << 8 | m[3];
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

int source_pcap_open(struct source_pcap *src, const char *path)
{
    char errbuf[PCAP_ERRBUF_SIZE] = "";
    uint8_t m[4];
    memset(src, 0, sizeof(*src));
    snprintf(src->path, sizeof(src->path), "%s", path);
    FILE *probe = fopen(path, "rb");
    if (!probe) {
        snprintf(src->err, sizeof(src->err), "%s", strerror(errno));
        return -1;
    }
    fclose(probe);
    if (source_magic(path, m) == 0 && source_is_gzip(m)) {
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
        FILE *fp = fopen(path, "rb");
        if (fp) {
            source_buffer(src, fp);
            src->pcap = pcap_fopen_offline(fp, errbuf);
            if (!src->pcap)
                fclose(fp);
        }
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

enum source_status source_pcap_next(struct source_pcap *src, struct packet *p)
{
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
}
