/* kw-smb-dialects-min.c - smb.dialects.min: the lowest SMB2 dialect the client
 * offered (MS-SMB2 2.2.3 Dialects), compared as a number.  The wildcard
 * "SMB 2.???" of an SMB1 request stands for some dialect above 2.0.2
 * (MS-SMB2 3.3.5.3.1), so it is left out; an offer of nothing else has no
 * known lowest dialect and never matches. */
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

static int kw_smb_dialects_min_setup(const char *value, void **data, char *err, size_t errlen)
{
    return kw_dialect_cmp_setup(value, false, data, err, errlen);
}

/* The lowest offered dialect but the wildcard; 0 when there is none. */
static uint16_t kw_smb_dialects_min_get(const struct smb_tx *tx)
{
    uint16_t low = 0;
    for (uint16_t i = 0; i < tx->n_offered; i++) {
        uint16_t d = tx->offered[i];
        if (d != SMB2_DIALECT_WILDCARD && (low == 0 || d < low))
            low = d;
    }
    return low;
}

static bool kw_smb_dialects_min_match(const struct kw_match_ctx *m, const void *data)
{
    uint16_t low = kw_smb_dialects_min_get(m->tx);
    return low != 0 && kw_cmp_eval(data, low);
}

static bool kw_smb_dialects_min_present(const struct kw_match_ctx *m)
{
    return kw_smb_dialects_min_get(m->tx) != 0;
}

const struct kw kw_smb_dialects_min = {
    .name = "smb.dialects.min",
    .syntax = "smb.dialects.min:[=|!=|<|<=|>|>=]<dialect>",
    .desc = "Lowest SMB2 dialect the client offered, compared (the wildcard 2.??? left out; "
            "no other offer: no match)",
    .has_value = true,
    .skip_wildcard = true,
    .setup = kw_smb_dialects_min_setup,
    .match = kw_smb_dialects_min_match,
    .free = kw_data_free,
    .present = kw_smb_dialects_min_present,
};
