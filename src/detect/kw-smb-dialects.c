/* kw-smb-dialects.c - smb.dialects: the SMB2 dialects the client offered
 * (MS-SMB2 2.2.3 Dialects; for an SMB1 request, the dialects its
 * "SMB 2.002" / "SMB 2.???" strings stand for, MS-SMB2 3.3.5.3.1). */
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

static int kw_smb_dialects_setup(const char *value, void **data, char *err, size_t errlen)
{
    return kw_set_setup(value, kw_lookup_dialect, "dialect", data, err, errlen);
}

static bool kw_smb_dialects_match(const struct kw_match_ctx *m, const void *data)
{
    const struct smb_tx *tx = m->tx;
    if (tx->req_version == 0)
        return false;
    return kw_set_match_u16(data, tx->offered, tx->n_offered);
}

/* An offer of at least one SMB2 dialect (an SMB1-only request offers
 * none: the empty offer matches nothing). */
static bool kw_smb_dialects_present(const struct kw_match_ctx *m)
{
    return m->tx->n_offered > 0;
}

const struct kw kw_smb_dialects = {
    .name = "smb.dialects",
    .syntax = "smb.dialects:<only|any|all|none> <dialect>[, <dialect>...]",
    .desc = "SMB2 dialects the client offered (3.1.1, 3.11, 0x0311, 2.???; from SMB1 too)",
    .has_value = true,
    .skip_wildcard = true,
    .setup = kw_smb_dialects_setup,
    .match = kw_smb_dialects_match,
    .free = kw_data_free,
    .present = kw_smb_dialects_present,
};
