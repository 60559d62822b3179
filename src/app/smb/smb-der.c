/* smb-der.c - ASN.1 DER/BER tag-length-value reader (ITU-T X.690 8.1). */
#include "app/smb/smb-der.h"

#include <string.h>

/* X.690 8.1.2.4: tag numbers >= 31 follow the identifier byte in base 128,
 * high bit set on all but the last byte. */
static enum parse_status der_read_tag(struct rd *r, uint8_t id, uint32_t *tag)
{
    if ((id & 0x1Fu) != 0x1Fu) {
        *tag = id & 0x1Fu;
        return PARSE_OK;
    }
    uint32_t t = 0;
    for (int i = 0; i < 4; i++) {
        if (rd_left(r) < 1)
            return PARSE_TRUNCATED;
        uint8_t b = rd_u8(r);
        t = t << 7 | (b & 0x7Fu);
        if (!(b & 0x80u)) {
            *tag = t;
            return PARSE_OK;
        }
    }
    return PARSE_INVALID;
}

/* X.690 8.1.3: short form (< 0x80), or 0x8N followed by N length bytes. */
static enum parse_status der_read_len(struct rd *r, size_t *len)
{
    if (rd_left(r) < 1)
        return PARSE_TRUNCATED;
    uint8_t b = rd_u8(r);
    if (b < 0x80u) {
        *len = b;
        return PARSE_OK;
    }
    size_t n = b & 0x7Fu;
    if (n == 0 || n > 4) /* indefinite, too long, or 0xFF (reserved) */
        return PARSE_INVALID;
    if (n > rd_left(r))
        return PARSE_TRUNCATED;
    uint32_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v << 8 | rd_u8(r);
    *len = v;
    return PARSE_OK;
}

enum parse_status der_read(struct rd *r, struct der_tlv *out)
{
    struct rd t = *r;
    if (t.bad)
        return PARSE_TRUNCATED;
    if (rd_left(&t) < 1)
        return PARSE_TRUNCATED;
    uint8_t id = rd_u8(&t);
    enum parse_status st = der_read_tag(&t, id, &out->tag);
    if (st != PARSE_OK)
        return st;
    size_t len = 0;
    st = der_read_len(&t, &len);
    if (st != PARSE_OK)
        return st;
    if (len > rd_left(&t))
        return PARSE_TRUNCATED;
    out->cls = (enum der_class)(id >> 6);
    out->constructed = (id & 0x20u) != 0;
    out->val = rd_sub(&t, len);
    *r = t;
    return PARSE_OK;
}

enum parse_status der_expect(struct rd *r, enum der_class cls, bool constructed, uint32_t tag,
                             struct der_tlv *out)
{
    struct rd t = *r;
    enum parse_status st = der_read(&t, out);
    if (st != PARSE_OK)
        return st;
    if (out->cls != cls || out->constructed != constructed || out->tag != tag)
        return PARSE_INVALID;
    *r = t;
    return PARSE_OK;
}

bool der_oid_is(const struct rd *oid, const uint8_t *enc, size_t n)
{
    return rd_left(oid) == n && memcmp(oid->p, enc, n) == 0;
}
