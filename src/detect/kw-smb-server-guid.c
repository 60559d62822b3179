/* kw-smb-server-guid.c - smb.server_guid: the ServerGuid of the response
 * (MS-SMB2 2.2.4; an SMB1 NT LM 0.12 extended-security response carries
 * one too, MS-SMB 2.2.4.5.2.1), written as Wireshark prints it. */
#include <string.h>

#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

static const uint8_t *kw_smb_server_guid_get(const struct smb_tx *tx)
{
    if (tx->resp_version == 2 && !tx->resp2.is_error)
        return tx->resp2.server_guid;
    if (tx->resp_version == 1 && tx->resp1.has_server_guid)
        return tx->resp1.server_guid;
    return NULL;
}

static bool kw_smb_server_guid_match(const struct kw_match_ctx *m, const void *data)
{
    const uint8_t *guid = kw_smb_server_guid_get(m->tx);
    return guid && memcmp(guid, data, 16) == 0;
}

static bool kw_smb_server_guid_present(const struct kw_match_ctx *m)
{
    return kw_smb_server_guid_get(m->tx) != NULL;
}

const struct kw kw_smb_server_guid = {
    .name = "smb.server_guid",
    .syntax = "smb.server_guid:<xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx>",
    .desc = "ServerGuid of the response (SMB2, or SMB1 with extended security)",
    .has_value = true,
    .skip_wildcard = false,
    .setup = kw_guid_setup,
    .match = kw_smb_server_guid_match,
    .free = kw_data_free,
    .present = kw_smb_server_guid_present,
};
