/* fuzz_gss.c - libFuzzer target: the SMB2 SESSION_SETUP security-buffer
 * decoder smb_gss_parse() (smb-gss.c, smb-ntlmssp.c, smb-krb.c,
 * smb-der.c).
 *
 * Input layout (doc/fuzzing.md): the whole input is one security buffer.
 * It is decoded once into a fresh session, then again as two legs of one
 * session (split at input[0] modulo the length), as the SESSION_SETUP
 * parser calls it on every leg.
 *
 * Oracles besides the sanitizers: every string of the session is
 * NUL-terminated inside its array and valid UTF-8 (EVE and the sticky
 * buffers take them as they are), n_snames stays within its array, the
 * status is one of the three, and a second decode of the same buffer into
 * the same session changes nothing (the decoder only sets what it finds). */
#include <stdlib.h>
#include <string.h>

#include "app/smb/smb-gss.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* RFC 3629 well-formed UTF-8, NUL-terminated within cap. */
static int fz_utf8_ok(const char *s, size_t cap)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strnlen(s, cap);
    if (n == cap)
        return 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        size_t k = c < 0x80                 ? 1
                   : c >= 0xC2 && c <= 0xDF ? 2
                   : c >= 0xE0 && c <= 0xEF ? 3
                   : c >= 0xF0 && c <= 0xF4 ? 4
                                            : 0;
        if (k == 0 || k > n - i)
            return 0;
        for (size_t j = 1; j < k; j++)
            if ((p[i + j] & 0xC0) != 0x80)
                return 0;
        if ((c == 0xE0 && p[i + 1] < 0xA0) || (c == 0xED && p[i + 1] > 0x9F) ||
            (c == 0xF0 && p[i + 1] < 0x90) || (c == 0xF4 && p[i + 1] > 0x8F))
            return 0;
        i += k;
    }
    return 1;
}

static void fz_check(const struct smb_session *s, enum parse_status st)
{
    if (st != PARSE_OK && st != PARSE_TRUNCATED && st != PARSE_INVALID)
        abort();
    if (s->n_snames > SMB_KRB_MAX_SNAMES)
        abort();
    if (!fz_utf8_ok(s->ntlmssp_user, sizeof(s->ntlmssp_user)) ||
        !fz_utf8_ok(s->ntlmssp_domain, sizeof(s->ntlmssp_domain)) ||
        !fz_utf8_ok(s->ntlmssp_host, sizeof(s->ntlmssp_host)) ||
        !fz_utf8_ok(s->ntlmssp_version, sizeof(s->ntlmssp_version)) ||
        !fz_utf8_ok(s->krb_realm, sizeof(s->krb_realm)))
        abort();
    for (unsigned i = 0; i < SMB_KRB_MAX_SNAMES; i++)
        if (!fz_utf8_ok(s->krb_snames[i], sizeof(s->krb_snames[i])))
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct smb_session s, again;
    memset(&s, 0, sizeof(s));
    enum parse_status st = smb_gss_parse(data, size, &s);
    fz_check(&s, st);
    again = s;
    if (smb_gss_parse(data, size, &again) != st || memcmp(&again, &s, sizeof(s)) != 0)
        abort();

    /* two legs of one session */
    size_t cut = size ? data[0] % size : 0;
    memset(&s, 0, sizeof(s));
    fz_check(&s, smb_gss_parse(data, cut, &s));
    fz_check(&s, smb_gss_parse(data + cut, size - cut, &s));
    return 0;
}
