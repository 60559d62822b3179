/* stream-reasm.c - per-direction TCP reassembly: segments -> contiguous bytes
 * (RFC 9293 sequence arithmetic; first-copy-wins overlap policy). Pure: no
 * packet or flow dependency. */
#include <string.h>

#include "stream/stream.h"

void stream_dir_init(struct stream_dir *d)
{
    memset(d, 0, sizeof(*d));
}

void stream_dir_start(struct stream_dir *d, uint32_t next_seq, bool midstream)
{
    d->init = true;
    d->midstream = midstream;
    d->next_seq = next_seq;
}

static void stream_ooo_free(struct stream_dir *d, const struct stream_cfg *cfg)
{
    struct stream_seg *s = d->ooo;
    while (s) {
        struct stream_seg *n = s->next;
        mem_cap_free(cfg->mc, s, sizeof(*s) + s->len);
        s = n;
    }
    d->ooo = NULL;
    d->ooo_bytes = 0;
}

void stream_dir_close(struct stream_dir *d, const struct stream_cfg *cfg)
{
    d->closed = true;
    stream_ooo_free(d, cfg);
    if (d->buf)
        mem_cap_free(cfg->mc, d->buf, d->buf_cap);
    d->buf = NULL;
    d->buf_len = d->buf_cap = 0;
}

void stream_dir_deinit(struct stream_dir *d, const struct stream_cfg *cfg)
{
    stream_dir_close(d, cfg);
}

bool stream_dir_acked_past(const struct stream_dir *d, uint32_t ack, bool fin)
{
    if (!d->init || d->closed)
        return false;
    return (int32_t)(ack - d->next_seq) > (fin ? 1 : 0);
}

bool stream_dir_has_hole(const struct stream_dir *d)
{
    return d->ooo != NULL;
}

/* Append to the app buffer, growing it within the memcap: STREAM_OK,
 * STREAM_OVERFLOW (past buf_max) or STREAM_MEMCAP (the memcap refused). */
static enum stream_result stream_buf_append(struct stream_dir *d, const struct stream_cfg *cfg,
                                            const uint8_t *data, size_t len)
{
    if (len > cfg->buf_max || d->buf_len > cfg->buf_max - len)
        return STREAM_OVERFLOW;
    size_t need = d->buf_len + len;
    if (need > d->buf_cap) {
        size_t cap = d->buf_cap ? d->buf_cap : 512;
        while (cap < need)
            cap *= 2;
        if (cap > cfg->buf_max)
            cap = cfg->buf_max; /* need <= buf_max: checked above */
        if (!mem_cap_reserve(cfg->mc, cap - d->buf_cap))
            return STREAM_MEMCAP;
        uint8_t *b = mem_realloc(d->buf, cap);
        if (!b) {
            mem_cap_release(cfg->mc, cap - d->buf_cap);
            return STREAM_MEMCAP;
        }
        d->buf = b;
        d->buf_cap = (uint32_t)cap;
    }
    memcpy(d->buf + d->buf_len, data, len);
    d->buf_len += (uint32_t)len;
    return STREAM_OK;
}

/* Give in-order bytes to the app: straight from the packet when nothing is
 * buffered (zero copy), else through the buffer. */
static enum stream_result stream_deliver(struct stream_dir *d, const struct stream_cfg *cfg,
                                         const uint8_t *data, size_t len,
                                         stream_deliver_fn fn, void *ctx)
{
    enum stream_result res = STREAM_OK;
    d->next_seq += (uint32_t)len;
    if (d->delivered + len > cfg->depth) {
        len = (size_t)(cfg->depth - d->delivered);
        res = STREAM_DEPTH;
    }
    d->delivered += len;
    if (len == 0)
        return res;
    enum stream_result br;
    if (d->buf_len == 0) {
        size_t c = fn(ctx, data, len);
        if (c < len && (br = stream_buf_append(d, cfg, data + c, len - c)) != STREAM_OK)
            return br;
        return res;
    }
    if ((br = stream_buf_append(d, cfg, data, len)) != STREAM_OK)
        return br;
    size_t c = fn(ctx, d->buf, d->buf_len);
    if (c > d->buf_len)
        c = d->buf_len;
    memmove(d->buf, d->buf + c, d->buf_len - c);
    d->buf_len -= (uint32_t)c;
    return res;
}

/* Queue [seq, seq+len) as one segment before `*link`. */
static int stream_ooo_add(struct stream_dir *d, const struct stream_cfg *cfg,
                          struct stream_seg **link, uint32_t seq, const uint8_t *data,
                          uint32_t len)
{
    struct stream_seg *s = mem_cap_alloc(cfg->mc, sizeof(*s) + len);
    if (!s)
        return -1;
    s->seq = seq;
    s->len = len;
    memcpy(s->data, data, len);
    s->next = *link;
    *link = s;
    d->ooo_bytes += len;
    return 0;
}

/* Queue an out-of-order segment, keeping only the bytes no queued segment
 * already holds (first copy wins). */
static enum stream_result stream_ooo_insert(struct stream_dir *d, const struct stream_cfg *cfg,
                                            uint32_t seq, const uint8_t *data, uint32_t len,
                                            uint64_t *overlap)
{
    uint32_t end = seq + len;
    struct stream_seg **link = &d->ooo;
    while (len > 0) {
        struct stream_seg *q = *link;
        if (!q || (int32_t)(end - q->seq) <= 0) { /* no later overlap */
            if (d->ooo_bytes + len > cfg->ooo_max)
                return STREAM_GAP;
            return stream_ooo_add(d, cfg, link, seq, data, len) ? STREAM_MEMCAP : STREAM_OK;
        }
        uint32_t qend = q->seq + q->len;
        if ((int32_t)(q->seq - seq) > 0) { /* a piece before q */
            uint32_t n = q->seq - seq;
            if (d->ooo_bytes + n > cfg->ooo_max)
                return STREAM_GAP;
            if (stream_ooo_add(d, cfg, link, seq, data, n))
                return STREAM_MEMCAP;
            link = &(*link)->next;
            seq += n;
            data += n;
            len -= n;
        }
        if ((int32_t)(qend - seq) > 0) { /* overlap with q: q wins */
            uint32_t n = qend - seq < len ? qend - seq : len;
            *overlap += n;
            seq += n;
            data += n;
            len -= n;
        }
        link = &q->next;
    }
    return STREAM_OK;
}

enum stream_result stream_dir_insert(struct stream_dir *d, const struct stream_cfg *cfg,
                                     uint32_t seq, const uint8_t *data, size_t len,
                                     stream_deliver_fn fn, void *ctx, uint64_t *overlap)
{
    if (d->closed || len == 0)
        return STREAM_OK;
    if (len > UINT32_MAX / 2)
        len = UINT32_MAX / 2;
    int32_t rel = (int32_t)(seq - d->next_seq);
    if (rel < 0) { /* starts before next_seq: retransmission or overlap */
        uint32_t old = (uint32_t)-(int64_t)rel;
        if (old >= len) {
            *overlap += len;
            return STREAM_OK;
        }
        *overlap += old;
        data += old;
        len -= old;
        rel = 0;
    }
    if (rel > 0)
        return stream_ooo_insert(d, cfg, d->next_seq + (uint32_t)rel, data, (uint32_t)len,
                                 overlap);
    enum stream_result res = stream_deliver(d, cfg, data, len, fn, ctx);
    while (res == STREAM_OK && d->ooo && (int32_t)(d->ooo->seq - d->next_seq) <= 0) {
        struct stream_seg *s = d->ooo;
        d->ooo = s->next;
        d->ooo_bytes -= s->len;
        uint32_t old = d->next_seq - s->seq;
        if (old < s->len)
            res = stream_deliver(d, cfg, s->data + old, s->len - old, fn, ctx);
        else
            *overlap += s->len;
        mem_cap_free(cfg->mc, s, sizeof(*s) + s->len);
    }
    return res;
}
