/* kw-smb-dialect.c - smb.dialect: the SMB2 dialect the server chose
 * (MS-SMB2 2.2.4 DialectRevision); "2.???" names the wildcard 0x02FF, which
 * compares as that number. */
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

static int kw_smb_dialect_setup(const char *value, void **data, char *err, size_t errlen)
{
    return kw_cmp_setup(value, kw_lookup_dialect, "dialect", data, err, errlen);
}

/* No SMB2 dialect chosen (no response, an error, SMB1): no match. */
static bool kw_smb_dialect_match(const struct kw_match_ctx *m, const void *data)
{
    uint16_t d = smb_tx_chosen_dialect(m->tx);
    return d != 0 && kw_cmp_eval(data, d);
}

const struct kw kw_smb_dialect = {
    .name = "smb.dialect",
    .syntax = "smb.dialect:[=|!=|<|<=|>|>=]<dialect>",
    .desc = "SMB2 dialect the server chose, compared (3.1.1, 3.11, 0x0311; 2.??? = wildcard)",
    .has_value = true,
    .skip_wildcard = false,
    .setup = kw_smb_dialect_setup,
    .match = kw_smb_dialect_match,
    .free = kw_data_free,
};
