/* smb-der.h - the ASN.1 DER/BER tag-length-value reader used by the
 * SESSION_SETUP security-buffer decoder (ITU-T X.690 8.1; RFC 2743 3.1,
 * RFC 4178, RFC 4120).
 *
 * One call reads one TLV from a checked reader (util/bytes.h) and hands
 * back a child reader capped at the value's declared length, so an inner
 * structure can never read into its sibling.  There is no recursion here:
 * callers descend one explicit level at a time, so the nesting depth is
 * bounded by the code that reads a given structure (smb-gss.c bounds the
 * one recursive case, SPNEGO tokens inside SPNEGO tokens). */
#ifndef SMBNEG_SMB_DER_H
#define SMBNEG_SMB_DER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/smb/smb-msg.h"
#include "util/bytes.h"

/* X.690 8.1.2.2 tag classes, as the top two bits of the identifier byte */
enum der_class {
    DER_UNIVERSAL = 0,
    DER_APPLICATION = 1,
    DER_CONTEXT = 2,
    DER_PRIVATE = 3,
};

/* Universal tags the decoder looks at */
#define DER_TAG_INTEGER 2u
#define DER_TAG_BIT_STRING 3u
#define DER_TAG_OCTET_STRING 4u
#define DER_TAG_OID 6u
#define DER_TAG_ENUMERATED 10u
#define DER_TAG_SEQUENCE 16u
#define DER_TAG_GENERAL_STRING 27u

struct der_tlv {
    enum der_class cls;
    bool constructed;
    uint32_t tag;  /* tag number (high-tag-number form decoded) */
    struct rd val; /* exactly the value's bytes */
};

/* Read one TLV at r's position and advance r past it.
 * PARSE_TRUNCATED: the identifier, the length or the value runs past r's
 * end (r is then left where it was).  PARSE_INVALID: the indefinite length
 * (0x80, not allowed in DER and not used by GSS-API tokens), the reserved
 * length byte 0xFF, a length of more than 4 bytes or a tag number of more
 * than 4 base-128 bytes. */
enum parse_status der_read(struct rd *r, struct der_tlv *out);

/* der_read() that also requires class, constructed-ness and tag; a
 * different TLV is PARSE_INVALID (r not advanced). */
enum parse_status der_expect(struct rd *r, enum der_class cls, bool constructed, uint32_t tag,
                             struct der_tlv *out);

/* Whether an OID value (content octets) equals the given encoding. */
bool der_oid_is(const struct rd *oid, const uint8_t *enc, size_t n);

/* A TRUNCATED result from inside a value whose whole length was present
 * contradicts that length: it becomes PARSE_INVALID. */
static inline enum parse_status der_inner(enum parse_status st)
{
    return st == PARSE_TRUNCATED ? PARSE_INVALID : st;
}

#endif
