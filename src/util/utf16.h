/* utf16.h - UTF-16LE from the wire to NUL-terminated UTF-8 (RFC 2781,
 * RFC 3629), read through the checked reader. */
#ifndef SMBNEG_UTF16_H
#define SMBNEG_UTF16_H

#include <stdbool.h>
#include <stddef.h>

#include "util/bytes.h"

/* Convert the UTF-16LE code units left in `d` into buf[0..cap) (cap >= 1),
 * NUL-terminated, stopping at a UTF-16 NUL or the end of `d`.  A valid
 * surrogate pair becomes one code point; a lone surrogate or a trailing odd
 * byte becomes U+FFFD.  A string longer than buf is cut at a code point
 * boundary.  Returns false when it was cut, true when it fitted.  Reads
 * nothing outside `d`. */
bool utf16le_to_utf8(struct rd *d, char *buf, size_t cap);

#endif
