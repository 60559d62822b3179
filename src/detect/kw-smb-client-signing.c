/* kw-smb-client-signing.c - smb.client.signing: the signing mode of the
 * SMB2 request's SecurityMode (MS-SMB2 2.2.3) or the SMB1 request's Flags2
 * (MS-CIFS 2.2.3.1; smb_tx_client_signing). */
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

static bool kw_smb_client_signing_match(const struct kw_match_ctx *m, const void *data)
{
    return kw_signing_eval(data, smb_tx_client_signing(m->tx));
}

static bool kw_smb_client_signing_present(const struct kw_match_ctx *m)
{
    return smb_tx_client_signing(m->tx) != NULL;
}

const struct kw kw_smb_client_signing = {
    .name = "smb.client.signing",
    .syntax = "smb.client.signing:disabled|enabled|required|not_required",
    .desc = "Client signing mode (SMB1: Flags2, never required; not_required: present and not required)",
    .has_value = true,
    .skip_wildcard = false,
    .setup = kw_signing_setup,
    .match = kw_smb_client_signing_match,
    .free = kw_data_free,
    .present = kw_smb_client_signing_present,
};
