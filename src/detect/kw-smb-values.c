/* kw-smb-values.c - what the SMB keywords' values mean: one-call setups
 * over the grammars of kw-common.c, the signing words, GUIDs, and the
 * lookups of dialect, cipher, algorithm, context and capability names
 * (app/smb/smb-names.c) in the kw_lookup_fn shape (see kw-common.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app/smb/smb-names.h"
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"
#include "util/mem.h"

/* ------------------------------------------------------------------------
 * One-call setups
 * ------------------------------------------------------------------------ */

int kw_set_setup(const char *value, kw_lookup_fn lookup, const char *what, void **data, char *err,
                 size_t errlen)
{
    struct kw_set *s = kw_data_alloc(sizeof(*s), err, errlen);
    if (!s)
        return -1;
    if (kw_set_parse(value, lookup, what, s, err, errlen) != 0) {
        kw_data_free(s);
        return -1;
    }
    *data = s;
    return 0;
}

int kw_cmp_setup(const char *value, kw_lookup_fn lookup, const char *what, void **data, char *err,
                 size_t errlen)
{
    struct kw_cmp *c = kw_data_alloc(sizeof(*c), err, errlen);
    if (!c)
        return -1;
    if (kw_cmp_parse(value, lookup, what, c, err, errlen) != 0) {
        kw_data_free(c);
        return -1;
    }
    *data = c;
    return 0;
}

int kw_dialect_cmp_setup(const char *value, bool wildcard_eq, void **data, char *err,
                         size_t errlen)
{
    if (kw_cmp_setup(value, kw_lookup_dialect, "dialect", data, err, errlen) != 0)
        return -1;
    const struct kw_cmp *c = *data;
    if (c->value != SMB2_DIALECT_WILDCARD || (wildcard_eq && (c->op == KW_CMP_EQ ||
                                                            c->op == KW_CMP_NE)))
        return 0;
    if (wildcard_eq)
        kw_err_set(err, errlen, "the wildcard 2.??? is not ordered: only = and != name it");
    else
        kw_err_set(err, errlen,
                   "the wildcard 2.??? is not a dialect to compare (match an offer of it "
                   "with smb.dialects:any 2.?\?\?)");
    kw_data_free(*data);
    *data = NULL;
    return -1;
}

/* ------------------------------------------------------------------------
 * Signing words (MS-SMB2 2.2.3 / 2.2.4 SecurityMode, MS-CIFS 2.2.4.52.2)
 * ------------------------------------------------------------------------ */

enum kw_signing {
    KW_SIGNING_DISABLED = 0,
    KW_SIGNING_ENABLED,
    KW_SIGNING_REQUIRED,
    KW_SIGNING_NOT_REQUIRED
};

static const char *const kw_signing_words[] = {
    [KW_SIGNING_DISABLED] = "disabled",
    [KW_SIGNING_ENABLED] = "enabled",
    [KW_SIGNING_REQUIRED] = "required",
    [KW_SIGNING_NOT_REQUIRED] = "not_required",
};

int kw_signing_setup(const char *value, void **data, char *err, size_t errlen)
{
    for (size_t i = 0; value && i < sizeof(kw_signing_words) / sizeof(kw_signing_words[0]); i++) {
        if (kw_str_equal_nocase(value, kw_signing_words[i])) {
            enum kw_signing *s = kw_data_alloc(sizeof(*s), err, errlen);
            if (!s)
                return -1;
            *s = (enum kw_signing)i;
            *data = s;
            return 0;
        }
    }
    kw_err_set(err, errlen,
               "unknown signing mode '%.40s' (expected disabled, enabled, required or "
               "not_required)",
               value ? value : "");
    return -1;
}

bool kw_signing_eval(const void *data, const char *word)
{
    enum kw_signing s = *(const enum kw_signing *)data;
    if (!word)
        return false;
    if (s == KW_SIGNING_NOT_REQUIRED)
        return strcmp(word, kw_signing_words[KW_SIGNING_REQUIRED]) != 0;
    return strcmp(word, kw_signing_words[s]) == 0;
}

/* ------------------------------------------------------------------------
 * GUIDs
 * ------------------------------------------------------------------------ */

int kw_guid_setup(const char *value, void **data, char *err, size_t errlen)
{
    uint8_t guid[16];
    if (!value || *value == '\0') {
        kw_err_set(err, errlen, "missing GUID");
        return -1;
    }
    if (smb_guid_parse(value, guid) != 0) {
        kw_err_set(err, errlen, "bad GUID '%.40s' (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)",
                   value);
        return -1;
    }
    uint8_t *d = kw_data_alloc(sizeof(guid), err, errlen);
    if (!d)
        return -1;
    memcpy(d, guid, sizeof(guid));
    *data = d;
    return 0;
}

/* ------------------------------------------------------------------------
 * Lookups with the kw_lookup_fn signature
 * ------------------------------------------------------------------------ */

static int kw_lookup16(int (*fn)(const char *, uint16_t *), const char *name, uint32_t *out)
{
    uint16_t v;
    if (fn(name, &v) != 0)
        return -1;
    *out = v;
    return 0;
}

int kw_lookup_dialect(const char *name, uint32_t *out)
{
    return kw_lookup16(smb_name_to_dialect, name, out);
}

int kw_lookup_cipher(const char *name, uint32_t *out)
{
    return kw_lookup16(smb_name_to_cipher, name, out);
}

int kw_lookup_signing_alg(const char *name, uint32_t *out)
{
    return kw_lookup16(smb_name_to_signing_alg, name, out);
}

int kw_lookup_compression_alg(const char *name, uint32_t *out)
{
    return kw_lookup16(smb_name_to_compression_alg, name, out);
}

int kw_lookup_negctx_type(const char *name, uint32_t *out)
{
    return kw_lookup16(smb_name_to_negctx_type, name, out);
}

/* A capability with no bits ("0x0") could never be on the wire. */
int kw_lookup_capability(const char *name, uint32_t *out)
{
    uint32_t v;
    if (smb_name_to_capability(name, &v) != 0 || v == 0)
        return -1;
    *out = v;
    return 0;
}
