/* eve-sink-queue.c - the bounded queue of records a sink holds while it is
 * down: [u32 length][bytes] entries in one buffer of at most `cap` bytes
 * (the entry headers count too), allocated when the first record waits. */
#include <string.h>

#include "output/eve-sink.h"
#include "util/mem.h"

#define EVE_QUEUE_HDR sizeof(uint32_t)

void eve_queue_init(struct eve_queue *q, size_t cap)
{
    memset(q, 0, sizeof(*q));
    q->cap = cap;
}

void eve_queue_deinit(struct eve_queue *q)
{
    mem_free(q->buf);
    q->buf = NULL;
    q->head = q->used = 0;
    q->count = 0;
}

int eve_queue_push(struct eve_queue *q, const char *rec, size_t len)
{
    if (len > UINT32_MAX || len > q->cap || EVE_QUEUE_HDR > q->cap - len ||
        q->used > q->cap - len - EVE_QUEUE_HDR)
        return -1;
    if (!q->buf) {
        q->buf = mem_alloc(q->cap);
        if (!q->buf)
            return -1;
        q->head = 0;
    }
    size_t need = EVE_QUEUE_HDR + len;
    if (q->head + q->used > q->cap - need) { /* fits, but not after the tail */
        memmove(q->buf, q->buf + q->head, q->used);
        q->head = 0;
    }
    uint32_t l = (uint32_t)len;
    uint8_t *p = q->buf + q->head + q->used;
    memcpy(p, &l, EVE_QUEUE_HDR);
    memcpy(p + EVE_QUEUE_HDR, rec, len);
    q->used += need;
    q->count++;
    return 0;
}

bool eve_queue_peek(const struct eve_queue *q, const char **rec, size_t *len)
{
    if (q->count == 0)
        return false;
    uint32_t l;
    memcpy(&l, q->buf + q->head, EVE_QUEUE_HDR);
    *rec = (const char *)q->buf + q->head + EVE_QUEUE_HDR;
    *len = l;
    return true;
}

void eve_queue_pop(struct eve_queue *q)
{
    if (q->count == 0)
        return;
    uint32_t l;
    memcpy(&l, q->buf + q->head, EVE_QUEUE_HDR);
    q->head += EVE_QUEUE_HDR + l;
    q->used -= EVE_QUEUE_HDR + l;
    if (--q->count == 0)
        q->head = 0;
}
