/* kw-buffer.h - Suricata-style sticky buffers: a bare `name;` selects a
 * string of the transaction that the `content` and `pcre` options after it
 * inspect (detect-buffer.h).  kw-buffer.c is THE list of them.  Private to
 * src/detect/. */
#ifndef SMBNEG_KW_BUFFER_H
#define SMBNEG_KW_BUFFER_H

#include <stddef.h>

#include "detect/kw.h"

/* Most values one buffer has in one transaction (sessions, trees). */
#define KW_BUFFER_MAX 8

struct kw_buffer {
    const char *name;   /* "smb.ntlmssp_user" */
    const char *syntax; /* "smb.ntlmssp_user; content:\"<text>\";" */
    const char *desc;
    enum kw_phase phase;
    /* The buffer's values in this transaction: up to KW_BUFFER_MAX
     * NUL-terminated, non-empty strings (borrowed from m->tx) stored in out;
     * returns their number (0: the buffer is absent, nothing matches). */
    size_t (*get)(const struct kw_match_ctx *m, const char **out);
};

/* Row i, or NULL past the end. */
const struct kw_buffer *kw_buffer_get(size_t i);
/* The buffer named `name` (case-insensitive), or NULL. */
const struct kw_buffer *kw_buffer_find(const char *name);

#endif
