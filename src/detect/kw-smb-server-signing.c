/* kw-smb-server-signing.c - smb.server.signing: the signing mode of the
 * response's SecurityMode (MS-SMB2 2.2.4; SMB1 NT LM 0.12, MS-CIFS 2.2.4.52.2). */
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

static bool kw_smb_server_signing_match(const struct kw_match_ctx *m, const void *data)
{
    return kw_signing_eval(data, smb_tx_server_signing(m->tx));
}

static bool kw_smb_server_signing_present(const struct kw_match_ctx *m)
{
    return smb_tx_server_signing(m->tx) != NULL;
}

const struct kw kw_smb_server_signing = {
    .name = "smb.server.signing",
    .syntax = "smb.server.signing:disabled|enabled|required|not_required",
    .desc = "Server signing mode (not_required: present and not required)",
    .has_value = true,
    .skip_wildcard = false,
    .setup = kw_signing_setup,
    .match = kw_smb_server_signing_match,
    .free = kw_data_free,
    .present = kw_smb_server_signing_present,
};
