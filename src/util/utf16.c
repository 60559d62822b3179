/* utf16.c - UTF-16LE to UTF-8 (RFC 2781 2.2, RFC 3629 3). */
#include "util/utf16.h"

#include <string.h>

/* Append `cp` as UTF-8 at buf[*at], keeping one byte for the NUL; false
 * (nothing written) when it does not fit in `cap`. */
static bool utf8_put(char *buf, size_t cap, size_t *at, uint32_t cp)
{
    uint8_t tmp[4];
    size_t n;
    if (cp < 0x80) {
        tmp[0] = (uint8_t)cp;
        n = 1;
    } else if (cp < 0x800) {
        tmp[0] = (uint8_t)(0xC0 | cp >> 6);
        tmp[1] = (uint8_t)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        tmp[0] = (uint8_t)(0xE0 | cp >> 12);
        tmp[1] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
        tmp[2] = (uint8_t)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        tmp[0] = (uint8_t)(0xF0 | cp >> 18);
        tmp[1] = (uint8_t)(0x80 | (cp >> 12 & 0x3F));
        tmp[2] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
        tmp[3] = (uint8_t)(0x80 | (cp & 0x3F));
        n = 4;
    }
    if (*at >= cap || n > cap - 1 - *at)
        return false;
    memcpy(buf + *at, tmp, n);
    *at += n;
    return true;
}

/* Next code point from UTF-16LE in `d`: a valid surrogate pair is combined,
 * a lone surrogate or a trailing odd byte becomes U+FFFD. */
static uint32_t utf16_next(struct rd *d)
{
    if (rd_left(d) < 2) {
        rd_skip(d, rd_left(d));
        return 0xFFFD;
    }
    uint16_t u = rd_le16(d);
    if (u >= 0xDC00 && u <= 0xDFFF)
        return 0xFFFD;
    if (u < 0xD800 || u > 0xDBFF)
        return u;
    struct rd peek = *d;
    uint16_t lo = rd_le16(&peek);
    if (peek.bad || lo < 0xDC00 || lo > 0xDFFF)
        return 0xFFFD;
    *d = peek;
    return 0x10000 + ((uint32_t)(u - 0xD800) << 10) + (uint32_t)(lo - 0xDC00);
}

bool utf16le_to_utf8(struct rd *d, char *buf, size_t cap)
{
    size_t at = 0;
    bool fits = true;
    while (rd_left(d) > 0) {
        uint32_t cp = utf16_next(d);
        if (cp == 0)
            break;
        if (!utf8_put(buf, cap, &at, cp)) {
            fits = false;
            break;
        }
    }
    buf[at] = '\0';
    return fits;
}
