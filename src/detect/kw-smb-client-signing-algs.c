/* kw-smb-client-signing-algs.c - smb.client.signing_algs: the signing algorithms of the request's
 * signing context (MS-SMB2 2.2.3.1.7).  An SMB2 request without the context has an empty list
 * (the empty offer: no
 * operator matches). */
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

static int kw_smb_client_signing_algs_setup(const char *value, void **data, char *err,
                                            size_t errlen)
{
    return kw_set_setup(value, kw_lookup_signing_alg, "signing algorithm", data, err, errlen);
}

static bool kw_smb_client_signing_algs_match(const struct kw_match_ctx *m, const void *data)
{
    const struct smb_tx *tx = m->tx;
    if (tx->req_version != 2)
        return false;
    const struct smb2_negctx *c = smb_tx_req_ctx(tx, SMB2_SIGNING_CAPABILITIES);
    return kw_set_match_u16(data, c ? c->algs : NULL, c ? c->n_algs : 0);
}

/* A non-empty list (the empty offer matches nothing). */
static bool kw_smb_client_signing_algs_present(const struct kw_match_ctx *m)
{
    const struct smb2_negctx *c = smb_tx_req_ctx(m->tx, SMB2_SIGNING_CAPABILITIES);
    return c && c->n_algs > 0;
}

const struct kw kw_smb_client_signing_algs = {
    .name = "smb.client.signing_algs",
    .syntax = "smb.client.signing_algs:<only|any|all|none> <alg>[, <alg>...]",
    .desc = "Signing algorithms of the client's signing context (HMAC-SHA256, AES-CMAC, AES-GMAC)",
    .has_value = true,
    .skip_wildcard = false,
    .setup = kw_smb_client_signing_algs_setup,
    .match = kw_smb_client_signing_algs_match,
    .free = kw_data_free,
    .present = kw_smb_client_signing_algs_present,
};
