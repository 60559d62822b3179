/* kw-smb-server-capabilities.c - smb.server.capabilities: the Capabilities
 * bits of the SMB2 NEGOTIATE response (MS-SMB2 2.2.4 Capabilities). */
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

static int kw_smb_server_capabilities_setup(const char *value, void **data, char *err,
                                            size_t errlen)
{
    return kw_set_setup(value, kw_lookup_capability, "capability", data, err, errlen);
}

static bool kw_smb_server_capabilities_match(const struct kw_match_ctx *m, const void *data)
{
    const struct smb_tx *tx = m->tx;
    if (tx->resp_version != 2 || tx->resp2.is_error)
        return false;
    return kw_set_match_bits(data, tx->resp2.capabilities);
}

const struct kw kw_smb_server_capabilities = {
    .name = "smb.server.capabilities",
    .syntax = "smb.server.capabilities:<only|any|all|none> <capability>[, <capability>...]",
    .desc = "Server SMB2 Capabilities bits (dfs, leasing, large_mtu, ..., or 0x hex bits)",
    .has_value = true,
    .skip_wildcard = false,
    .setup = kw_smb_server_capabilities_setup,
    .match = kw_smb_server_capabilities_match,
    .free = kw_data_free,
    .present = kw_present_resp2,
};
