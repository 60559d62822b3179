/* kw-smb-server-cipher.c - smb.server.cipher: the cipher a 3.1.1 server
 * selected, the one cipher of its response's encryption context (MS-SMB2
 * 2.2.4.1.2: CipherCount 1; Ciphers[0] 0 when it shares none with the
 * client).  Only 3.1.1 negotiates a cipher: other responses do not carry
 * the field (smb.cannot_encrypt covers every dialect). */
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

/* Data: the cipher id, or KW_CIPHER_NONE for `none`. */
#define KW_CIPHER_NONE 0xFFFFFFFFu

/* A cipher name or 0x id, or `none`: kept apart from 0x0000 only for
 * clarity, both match a 3.1.1 response that selected no cipher. */
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

/* A successful 3.1.1 response: the server had a cipher to select. */
static bool kw_smb_server_cipher_present(const struct kw_match_ctx *m)
{
    return smb_tx_chosen_dialect(m->tx) == 0x0311;
}

/* `none`: the 3.1.1 response has no encryption context or its cipher is 0. */
static bool kw_smb_server_cipher_match(const struct kw_match_ctx *m, const void *data)
{
    uint32_t want = *(const uint32_t *)data;
    if (!kw_smb_server_cipher_present(m))
        return false;
    const struct smb2_negctx *c = smb_tx_resp_ctx(m->tx, SMB2_ENCRYPTION_CAPABILITIES);
    uint16_t cipher = (c && c->n_algs > 0) ? c->algs[0] : 0;
    return cipher == (want == KW_CIPHER_NONE ? 0 : want);
}

const struct kw kw_smb_server_cipher = {
    .name = "smb.server.cipher",
    .syntax = "smb.server.cipher:<cipher>|none",
    .desc = "Cipher a 3.1.1 server selected (none: no encryption context, or cipher 0); "
            "absent below 3.1.1",
    .has_value = true,
    .skip_wildcard = false,
    .setup = kw_smb_server_cipher_setup,
    .match = kw_smb_server_cipher_match,
    .free = kw_data_free,
    .present = kw_smb_server_cipher_present,
};
