/* sha1.h - SHA-1 (FIPS 180-4), for the Community ID flow hash only. */
#ifndef SMBNEG_SHA1_H
#define SMBNEG_SHA1_H

#include <stddef.h>
#include <stdint.h>

struct sha1 {
    uint32_t h[5];
    uint64_t total;
    uint8_t block[64];
    size_t used;
};

void sha1_init(struct sha1 *s);
void sha1_update(struct sha1 *s, const void *data, size_t n);
void sha1_final(struct sha1 *s, uint8_t out[20]);

/* RFC 4648 base64 of n bytes into out (needs 4*ceil(n/3)+1 bytes). */
void base64_encode(const uint8_t *in, size_t n, char *out);

#endif
