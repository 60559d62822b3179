/* kw-smb-client-capabilities.c - smb.client.capabilities: the Capabilities
 * bits of the SMB2 NEGOTIATE request (MS-SMB2 2.2.3 Capabilities). */
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

static int kw_smb_client_capabilities_setup(const char *value, void **data, char *err,
                                            size_t errlen)
{
    return kw_set_setup(value, kw_lookup_capability, "capability", data, err, errlen);
}

static bool kw_smb_client_capabilities_match(const struct kw_match_ctx *m, const void *data)
{
    const struct smb_tx *tx = m->tx;
    if (tx->req_version != 2)
        return false;
    return kw_set_match_bits(data, tx->req2.capabilities);
}

const struct kw kw_smb_client_capabilities = {
    .name = "smb.client.capabilities",
    .syntax = "smb.client.capabilities:<only|any|all|none> <capability>[, <capability>...]",
    .desc = "Client SMB2 Capabilities bits (dfs, leasing, large_mtu, ..., or 0x hex bits)",
    .has_value = true,
    .skip_wildcard = false,
    .setup = kw_smb_client_capabilities_setup,
    .match = kw_smb_client_capabilities_match,
    .free = kw_data_free,
    .present = kw_present_req2,
};
