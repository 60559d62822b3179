/* kw-smb-server-signing-alg.c - smb.server.signing_alg: the algorithm of the
 * response's signing context (MS-SMB2 2.2.3.1.7: SigningAlgorithmCount 1). */
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

static int kw_smb_server_signing_alg_setup(const char *value, void **data, char *err, size_t errlen)
{
    uint32_t id;
    if (!value || *value == '\0') {
        kw_err_set(err, errlen, "missing signing algorithm");
        return -1;
    }
    if (kw_lookup_signing_alg(value, &id) != 0) {
        kw_err_set(err, errlen, "unknown signing algorithm '%.40s'", value);
        return -1;
    }
    uint32_t *d = kw_data_alloc(sizeof(*d), err, errlen);
    if (!d)
        return -1;
    *d = id;
    *data = d;
    return 0;
}

/* HMAC-SHA256 is id 0, so a missing context never matches. */
static bool kw_smb_server_signing_alg_match(const struct kw_match_ctx *m, const void *data)
{
    const struct smb2_negctx *c = smb_tx_resp_ctx(m->tx, SMB2_SIGNING_CAPABILITIES);
    return c && c->n_algs > 0 && c->algs[0] == *(const uint32_t *)data;
}

/* The response carries a signing context with an algorithm. */
static bool kw_smb_server_signing_alg_present(const struct kw_match_ctx *m)
{
    const struct smb2_negctx *c = smb_tx_resp_ctx(m->tx, SMB2_SIGNING_CAPABILITIES);
    return c && c->n_algs > 0;
}

const struct kw kw_smb_server_signing_alg = {
    .name = "smb.server.signing_alg",
    .syntax = "smb.server.signing_alg:<alg>",
    .desc = "Signing algorithm the server chose (HMAC-SHA256, AES-CMAC, AES-GMAC)",
    .has_value = true,
    .skip_wildcard = false,
    .setup = kw_smb_server_signing_alg_setup,
    .match = kw_smb_server_signing_alg_match,
    .free = kw_data_free,
    .present = kw_smb_server_signing_alg_present,
};
