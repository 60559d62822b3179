/* kw-smb-server-compression.c - smb.server.compression: the compression algorithms of the
 * response's compression context (MS-SMB2 2.2.3.1.3).  An SMB2 non-error response without the
 * context has an empty list (the empty offer: no
 * operator matches). */
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

static int kw_smb_server_compression_setup(const char *value, void **data, char *err, size_t errlen)
{
    return kw_set_setup(value, kw_lookup_compression_alg, "compression algorithm", data, err,
                        errlen);
}

static bool kw_smb_server_compression_match(const struct kw_match_ctx *m, const void *data)
{
    const struct smb_tx *tx = m->tx;
    if (tx->resp_version != 2 || tx->resp2.is_error)
        return false;
    const struct smb2_negctx *c = smb_tx_resp_ctx(tx, SMB2_COMPRESSION_CAPABILITIES);
    return kw_set_match_u16(data, c ? c->algs : NULL, c ? c->n_algs : 0);
}

/* A non-empty list (the empty offer matches nothing). */
static bool kw_smb_server_compression_present(const struct kw_match_ctx *m)
{
    const struct smb2_negctx *c = smb_tx_resp_ctx(m->tx, SMB2_COMPRESSION_CAPABILITIES);
    return c && c->n_algs > 0;
}

const struct kw kw_smb_server_compression = {
    .name = "smb.server.compression",
    .syntax = "smb.server.compression:<only|any|all|none> <alg>[, <alg>...]",
    .desc = "Algorithms of the server's compression context (NONE, LZNT1, LZ77, LZ77+Huffman, "
            "Pattern_V1, LZ4)",
    .has_value = true,
    .skip_wildcard = false,
    .setup = kw_smb_server_compression_setup,
    .match = kw_smb_server_compression_match,
    .free = kw_data_free,
    .present = kw_smb_server_compression_present,
};
