/* kw-smb-server-cipher.c - smb.server.cipher: the cipher of the response's
 * encryption context (MS-SMB2 2.2.3.1.2: CipherCount 1; Ciphers[0] 0 when
 * the server shares no cipher with the client). */
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

/* Data: the cipher id, or KW_CIPHER_NONE for `none`. */
#define KW_CIPHER_NONE 0xFFFFFFFFu

/* A cipher name or 0x id; `none` is kept apart from 0x0000 only for
 * clarity, both match a response without a cipher. */
static int kw_smb_server_cipher_setup(const char *value, void **data, char *err, size_t errlen)
{
    uint32_t id;
    if (!value || *value == '\0') {
        kw_err_set(err, errlen, "missing cipher (expected a cipher name or none)");
        return -1;
    }
    if (kw_str_equal_nocase(value, "none"))
        id = KW_CIPHER_NONE;
    else if (kw_lookup_cipher(value, &id) != 0) {
        kw_err_set(err, errlen, "unknown cipher '%.40s'", value);
        return -1;
    }
    uint32_t *d = kw_data_alloc(sizeof(*d), err, errlen);
    if (!d)
        return -1;
    *d = id;
    *data = d;
    return 0;
}

static bool kw_smb_server_cipher_match(const struct kw_match_ctx *m, const void *data)
{
    const struct smb_tx *tx = m->tx;
    uint32_t want = *(const uint32_t *)data;
    if (tx->resp_version != 2 || tx->resp2.is_error)
        return false;
    const struct smb2_negctx *c = smb_tx_resp_ctx(tx, SMB2_ENCRYPTION_CAPABILITIES);
    uint16_t cipher = (c && c->n_algs > 0) ? c->algs[0] : 0;
    return cipher == (want == KW_CIPHER_NONE ? 0 : want);
}

const struct kw kw_smb_server_cipher = {
    .name = "smb.server.cipher",
    .syntax = "smb.server.cipher:<cipher>|none",
    .desc = "Cipher the server chose (none: SMB2 response with no encryption context or cipher 0)",
    .has_value = true,
    .skip_wildcard = false,
    .setup = kw_smb_server_cipher_setup,
    .match = kw_smb_server_cipher_match,
    .free = kw_data_free,
    .present = kw_present_resp2,
};
