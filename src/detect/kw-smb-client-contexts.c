/* kw-smb-client-contexts.c - smb.client.contexts: the negotiate context
 * types of an SMB2 request (MS-SMB2 2.2.3.1 ContextType).  An SMB2 request
 * without contexts has an empty list (the empty offer: no
 * operator matches). */
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

static int kw_smb_client_contexts_setup(const char *value, void **data, char *err, size_t errlen)
{
    return kw_set_setup(value, kw_lookup_negctx_type, "context type", data, err, errlen);
}

static bool kw_smb_client_contexts_match(const struct kw_match_ctx *m, const void *data)
{
    const struct smb_tx *tx = m->tx;
    uint16_t types[SMB2_MAX_CONTEXTS];
    uint16_t n = 0;
    if (tx->req_version != 2)
        return false;
    for (; n < tx->req2.ctx.n && n < SMB2_MAX_CONTEXTS; n++)
        types[n] = tx->req2.ctx.ctx[n].type;
    return kw_set_match_u16(data, types, n);
}

/* A request with contexts (the empty offer matches nothing). */
static bool kw_smb_client_contexts_present(const struct kw_match_ctx *m)
{
    return m->tx->req_version == 2 && m->tx->req2.ctx.n > 0;
}

const struct kw kw_smb_client_contexts = {
    .name = "smb.client.contexts",
    .syntax = "smb.client.contexts:<only|any|all|none> <type>[, <type>...]",
    .desc = "Negotiate context types the client sent (preauth_integrity, encryption, compression, "
            "netname, transport, rdma_transform, signing, posix, or ids)",
    .has_value = true,
    .skip_wildcard = false,
    .setup = kw_smb_client_contexts_setup,
    .match = kw_smb_client_contexts_match,
    .free = kw_data_free,
    .present = kw_smb_client_contexts_present,
};
