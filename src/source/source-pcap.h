/* source-pcap.h - capture files (pcap, pcapng, gzip-compressed either) read
 * with libpcap into a reused struct packet (zero-copy views). */
#ifndef SMBNEG_SOURCE_PCAP_H
#define SMBNEG_SOURCE_PCAP_H

#include <stdbool.h>
#include <stdio.h>

#include "decode/decode.h"

/* Records of a classic pcap file read by smbneg itself (libpcap opened and
 * checked the file header): one buffer refilled with large reads instead
 * of two stdio reads and a copy per record. */
struct source_pcap_direct {
    bool on;
    int fd;              /* the file libpcap opened (its FILE stays unused) */
    int64_t off;         /* file offset of buf[end] */
    uint8_t *buf;
    size_t cap, start, end; /* unread bytes: buf[start..end) */
    bool eof;            /* no more bytes in the file */
    int read_errno;      /* a read failed (0: none) */
    bool nsec;           /* nanosecond timestamps (scaled to microseconds) */
    uint32_t snapshot;   /* pcap_snapshot(): longer records are cut to it */
};

struct source_pcap {
    void *pcap;          /* pcap_t */
    FILE *pipe;          /* gzip -dc, for compressed files */
    char *iobuf;         /* stdio buffer of the capture FILE */
    struct source_pcap_direct direct;
    char path[4096];
    int linktype;        /* of the file (pcapng: of its first interface) */
    uint64_t pcap_cnt;
    uint64_t bytes_read; /* captured bytes */
    char err[512];       /* the reason of the last failure */
};

enum source_status { SOURCE_PACKET = 0, SOURCE_EOF, SOURCE_ERROR };

/* Open a capture file; -1 with src->err set on failure.  Classic pcap
 * files in this machine's byte order, version 2.4, of the link types smbneg
 * decodes, are read by smbneg's own record loop (same packets, same errors
 * as libpcap: tests/unit/check_source_pcap.c compares them); everything
 * else through libpcap. */
int source_pcap_open(struct source_pcap *src, const char *path);
/* The same, always through libpcap (for the comparison). */
int source_pcap_open_libpcap(struct source_pcap *src, const char *path);
/* Next record into p (data points into libpcap's buffer until the next
 * call).  SOURCE_ERROR: the file is corrupt from here on (src->err). */
enum source_status source_pcap_next(struct source_pcap *src, struct packet *p);
void source_pcap_close(struct source_pcap *src);

/* Does the file at path start like a capture (pcap, pcapng or gzip)? */
bool source_pcap_looks_like_capture(const char *path);

/* Read the capture at path, handing each packet to on_packet(ctx, p) until
 * the end, an error, or on_packet returns false.  0 at the end or when
 * stopped; -1 when the file cannot be opened or is corrupt, the reason in
 * err (the packets before the corruption were handed over). */
int source_pcap_read(const char *path, bool (*on_packet)(void *ctx, struct packet *p), void *ctx,
                     char *err, size_t errlen);

#endif
