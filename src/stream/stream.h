/* stream.h - per-direction TCP reassembly of the bytes negotiation needs.
 *
 * Policy: the first copy of a byte wins.  Retransmitted and overlapping
 * bytes already received (delivered or queued out of order) are dropped, so
 * an attacker cannot rewrite what the parser saw.  Out-of-order segments
 * are queued (bounded by `ooo_max` bytes per direction and the engine's
 * reassembly memcap); when the queue overflows, or the flow ends with a
 * hole, the direction has a gap: reassembly ends for it.
 * stream-reasm.c is pure: it knows nothing of packets or flows. */
#ifndef SMBNEG_STREAM_H
#define SMBNEG_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/mem.h"

/* Every named stream anomaly (EVE `anomaly.event`, type "stream"); names in
 * stream-anomaly.c (stream_anomaly_name()).  A new one is a member here and
 * a row there. */
enum stream_anomaly {
    STREAM_AN_REASSEMBLY_GAP,      /* a hole in the byte stream */
    STREAM_AN_REASSEMBLY_MEMCAP,   /* stream.memcap reached */
    STREAM_AN_APP_BUFFER_OVERFLOW, /* a message larger than the reassembly buffer */
    STREAM_AN_FLOW_EVICTED,        /* a flow still negotiating evicted under flow.memcap */
    STREAM_AN_COUNT
};

const char *stream_anomaly_name(enum stream_anomaly a);

struct stream_seg {
    struct stream_seg *next;
    uint32_t seq;
    uint32_t len;
    uint8_t data[];
};

struct stream_dir {
    bool init;          /* next_seq is known */
    bool midstream;     /* picked up without a SYN */
    bool closed;        /* reassembly ended: gap, depth, FIN or done */
    bool gap;           /* ended by a gap */
    uint32_t next_seq;  /* the next in-order byte */
    uint64_t delivered; /* bytes given to the app so far */
    struct stream_seg *ooo; /* out-of-order queue, sorted by seq */
    uint32_t ooo_bytes;
    uint8_t *buf;       /* in-order bytes the app has not consumed yet */
    uint32_t buf_len, buf_cap;
    uint64_t last_pcap_cnt; /* the last packet that carried data this way */
    int64_t last_sec;
    int32_t last_usec;
};

/* Limits and shared memcap, owned by the engine. */
struct stream_cfg {
    uint32_t depth;    /* max bytes delivered per direction */
    uint32_t ooo_max;  /* max queued out-of-order bytes per direction */
    uint32_t buf_max;  /* max unconsumed bytes buffered for the app */
    struct memcap *mc; /* reassembly memory (queues and buffers) */
};

/* Called with contiguous in-order bytes; returns how many it consumed
 * (the rest is kept and offered again, with more, next time). */
typedef size_t (*stream_deliver_fn)(void *ctx, const uint8_t *data, size_t len);

enum stream_result {
    STREAM_OK = 0,
    STREAM_GAP,       /* this segment revealed a gap: the direction is closed */
    STREAM_DEPTH,     /* depth reached: the direction is closed */
    STREAM_MEMCAP,    /* memcap refused a queue or buffer: treated as a gap */
    STREAM_OVERFLOW,  /* the app left more than buf_max unconsumed: closed */
};

void stream_dir_init(struct stream_dir *d);
void stream_dir_deinit(struct stream_dir *d, const struct stream_cfg *cfg);

/* Start tracking at a SYN (isn) or mid-stream at the first data segment. */
void stream_dir_start(struct stream_dir *d, uint32_t next_seq, bool midstream);

/* Insert one segment's payload at `seq`, delivering whatever became
 * contiguous.  Counts overlapping/retransmitted bytes in *overlap. */
enum stream_result stream_dir_insert(struct stream_dir *d, const struct stream_cfg *cfg,
                                     uint32_t seq, const uint8_t *data, size_t len,
                                     stream_deliver_fn fn, void *ctx, uint64_t *overlap);

/* Has the peer acknowledged bytes of this direction that were never seen
 * (lost before the capture point; acknowledged bytes are not sent again,
 * so the hole is for good)?  ack: the peer's acknowledgement number; fin:
 * this direction sent a FIN, which takes one sequence number.  False
 * before the direction started and once it is closed. */
bool stream_dir_acked_past(const struct stream_dir *d, uint32_t ack, bool fin);

/* True when out-of-order data waits behind a hole. */
bool stream_dir_has_hole(const struct stream_dir *d);

/* Close the direction and free its queue and buffer. */
void stream_dir_close(struct stream_dir *d, const struct stream_cfg *cfg);

#endif
