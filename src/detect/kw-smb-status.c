/* kw-smb-status.c - smb.status: the response's NT status (MS-ERREF 2.3;
 * SMB2 header Status, MS-SMB2 2.2.1; SMB1 header Status, MS-CIFS 2.2.3.1). */
#include "app/smb/smb-names.h"
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

static int kw_smb_status_setup(const char *value, void **data, char *err, size_t errlen)
{
    uint32_t status;
    if (!value || *value == '\0') {
        kw_err_set(err, errlen, "missing status (a STATUS_ name or 0x hex)");
        return -1;
    }
    if (smb_name_to_ntstatus(value, &status) != 0) {
        kw_err_set(err, errlen, "unknown status '%.40s'", value);
        return -1;
    }
    uint32_t *d = kw_data_alloc(sizeof(*d), err, errlen);
    if (!d)
        return -1;
    *d = status;
    *data = d;
    return 0;
}

static bool kw_smb_status_match(const struct kw_match_ctx *m, const void *data)
{
    return m->tx->resp_version != 0 && smb_tx_status(m->tx) == *(const uint32_t *)data;
}

static bool kw_smb_status_present(const struct kw_match_ctx *m)
{
    return m->tx->resp_version != 0;
}

const struct kw kw_smb_status = {
    .name = "smb.status",
    .syntax = "smb.status:<STATUS_NAME>|<0xhex>",
    .desc = "Status of the response (STATUS_NOT_SUPPORTED, 0xC00000BB, ...)",
    .has_value = true,
    .skip_wildcard = false,
    .setup = kw_smb_status_setup,
    .match = kw_smb_status_match,
    .free = kw_data_free,
    .present = kw_smb_status_present,
};
