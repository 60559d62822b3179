/* kw-smb-dialects-min.c - smb.dialects.min: the lowest SMB2 dialect the client
 * offered (MS-SMB2 2.2.3 Dialects), compared as a number; the wildcard
 * 0x02FF counts as itself. */
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

static int kw_smb_dialects_min_setup(const char *value, void **data, char *err, size_t errlen)
{
    return kw_cmp_setup(value, kw_lookup_dialect, "dialect", data, err, errlen);
}

static bool kw_smb_dialects_min_match(const struct kw_match_ctx *m, const void *data)
{
    uint16_t d = smb_tx_offered_min(m->tx);
    return d != 0 && kw_cmp_eval(data, d);
}

const struct kw kw_smb_dialects_min = {
    .name = "smb.dialects.min",
    .syntax = "smb.dialects.min:[=|!=|<|<=|>|>=]<dialect>",
    .desc = "Lowest SMB2 dialect the client offered, compared (no offer: no match)",
    .has_value = true,
    .skip_wildcard = true,
    .setup = kw_smb_dialects_min_setup,
    .match = kw_smb_dialects_min_match,
    .free = kw_data_free,
};
