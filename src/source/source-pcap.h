/* source-pcap.h - capture files (pcap, pcapng, gzip-compressed either) read
 * with libpcap into a reused struct packet (zero-copy views). */
#ifndef SMBNEG_SOURCE_PCAP_H
#define SMBNEG_SOURCE_PCAP_H

#include <stdbool.h>
#include <stdio.h>

#include "decode/decode.h"

struct source_pcap {
    void *pcap;          /* pcap_t */
    FILE *pipe;          /* gzip -dc, for compressed files */
    char *iobuf;         /* stdio buffer of the capture FILE */
    char path[4096];
    int linktype;        /* of the file (pcapng: of its first interface) */
    uint64_t pcap_cnt;
    uint64_t bytes_read; /* captured bytes */
    char err[512];       /* the reason of the last failure */
};

enum source_status { SOURCE_PACKET = 0, SOURCE_EOF, SOURCE_ERROR };

/* Open a capture file; -1 with src->err set on failure. */
int source_pcap_open(struct source_pcap *src, const char *path);
/* Next record into p (data points into libpcap's buffer until the next
 * call).  SOURCE_ERROR: the file is corrupt from here on (src->err). */
enum source_status source_pcap_next(struct source_pcap *src, struct packet *p);
void source_pcap_close(struct source_pcap *src);

/* Does the file at path start like a capture (pcap, pcapng or gzip)? */
bool source_pcap_looks_like_capture(const char *path);

#endif
