/* kw-smb-version.c - smb.version: the SMB protocol of the transaction's
 * request header (0xFF 'SMB' = 1, 0xFE 'SMB' = 2; MS-SMB2 2.2.1), or of its
 * response when no request was seen. */
#include <string.h>

#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

static int kw_smb_version_setup(const char *value, void **data, char *err, size_t errlen)
{
    uint8_t *v;
    if (!value || (strcmp(value, "1") != 0 && strcmp(value, "2") != 0)) {
        kw_err_set(err, errlen, "bad version '%.40s' (expected 1 or 2)", value ? value : "");
        return -1;
    }
    v = kw_data_alloc(sizeof(*v), err, errlen);
    if (!v)
        return -1;
    *v = (uint8_t)(value[0] - '0');
    *data = v;
    return 0;
}

static bool kw_smb_version_match(const struct kw_match_ctx *m, const void *data)
{
    const struct smb_tx *tx = m->tx;
    uint8_t version = tx->req_version ? tx->req_version : tx->resp_version;
    return version != 0 && version == *(const uint8_t *)data;
}

static bool kw_smb_version_present(const struct kw_match_ctx *m)
{
    return m->tx->req_version != 0 || m->tx->resp_version != 0;
}

const struct kw kw_smb_version = {
    .name = "smb.version",
    .syntax = "smb.version:1|2",
    .desc = "SMB version of the request header (of the response when no request was seen)",
    .has_value = true,
    .skip_wildcard = false,
    .setup = kw_smb_version_setup,
    .match = kw_smb_version_match,
    .free = kw_data_free,
    .present = kw_smb_version_present,
};
