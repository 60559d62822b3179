/* kw-smb-client-ciphers.c - smb.client.ciphers: the ciphers of the request's encryption
 * context (MS-SMB2 2.2.3.1.2).  An SMB2 request without the
 * context has an empty list (the empty offer: no
 * operator matches). */
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

static int kw_smb_client_ciphers_setup(const char *value, void **data, char *err, size_t errlen)
{
    return kw_set_setup(value, kw_lookup_cipher, "cipher", data, err, errlen);
}

static bool kw_smb_client_ciphers_match(const struct kw_match_ctx *m, const void *data)
{
    const struct smb_tx *tx = m->tx;
    if (tx->req_version != 2)
        return false;
    const struct smb2_negctx *c = smb_tx_req_ctx(tx, SMB2_ENCRYPTION_CAPABILITIES);
    return kw_set_match_u16(data, c ? c->algs : NULL, c ? c->n_algs : 0);
}

/* A non-empty list (the empty offer matches nothing). */
static bool kw_smb_client_ciphers_present(const struct kw_match_ctx *m)
{
    const struct smb2_negctx *c = smb_tx_req_ctx(m->tx, SMB2_ENCRYPTION_CAPABILITIES);
    return c && c->n_algs > 0;
}

const struct kw kw_smb_client_ciphers = {
    .name = "smb.client.ciphers",
    .syntax = "smb.client.ciphers:<only|any|all|none> <cipher>[, <cipher>...]",
    .desc = "Ciphers of the client's encryption context (AES-128-CCM, AES-128-GCM, AES-256-CCM, "
            "AES-256-GCM)",
    .has_value = true,
    .skip_wildcard = false,
    .setup = kw_smb_client_ciphers_setup,
    .match = kw_smb_client_ciphers_match,
    .free = kw_data_free,
    .present = kw_smb_client_ciphers_present,
};
