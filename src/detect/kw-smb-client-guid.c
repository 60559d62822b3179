/* kw-smb-client-guid.c - smb.client_guid: the ClientGuid of an SMB2
 * NEGOTIATE request (MS-SMB2 2.2.3), written as Wireshark prints it. */
#include <string.h>

#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

static bool kw_smb_client_guid_match(const struct kw_match_ctx *m, const void *data)
{
    const struct smb_tx *tx = m->tx;
    return tx->req_version == 2 && memcmp(tx->req2.client_guid, data, 16) == 0;
}

const struct kw kw_smb_client_guid = {
    .name = "smb.client_guid",
    .syntax = "smb.client_guid:<xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx>",
    .desc = "ClientGuid of the SMB2 request (e.g. the all-zero GUID of scanners)",
    .has_value = true,
    .skip_wildcard = false,
    .setup = kw_guid_setup,
    .match = kw_smb_client_guid_match,
    .free = kw_data_free,
    .present = kw_present_req2,
};
