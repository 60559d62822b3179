/* kw-smb-dialects-max.c - smb.dialects.max: the highest SMB2 dialect the client
 * offered (MS-SMB2 2.2.3 Dialects), compared as a number.  An offer holding
 * the wildcard "SMB 2.???" (an SMB1 request, MS-SMB2 3.3.5.3.1: "some dialect
 * above 2.0.2") has no known highest dialect and never matches. */
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

static int kw_smb_dialects_max_setup(const char *value, void **data, char *err, size_t errlen)
{
    return kw_dialect_cmp_setup(value, false, data, err, errlen);
}

/* The highest offered dialect; 0 when there is none or it is unknown. */
static uint16_t kw_smb_dialects_max_get(const struct smb_tx *tx)
{
    uint16_t best = 0;
    for (uint16_t i = 0; i < tx->n_offered; i++) {
        if (tx->offered[i] == SMB2_DIALECT_WILDCARD)
            return 0;
        if (tx->offered[i] > best)
            best = tx->offered[i];
    }
    return best;
}

static bool kw_smb_dialects_max_match(const struct kw_match_ctx *m, const void *data)
{
    uint16_t best = kw_smb_dialects_max_get(m->tx);
    return best != 0 && kw_cmp_eval(data, best);
}

static bool kw_smb_dialects_max_present(const struct kw_match_ctx *m)
{
    return kw_smb_dialects_max_get(m->tx) != 0;
}

const struct kw kw_smb_dialects_max = {
    .name = "smb.dialects.max",
    .syntax = "smb.dialects.max:[=|!=|<|<=|>|>=]<dialect>",
    .desc = "Highest SMB2 dialect the client offered, compared (no offer, or an offer holding "
            "the wildcard 2.???: no match)",
    .has_value = true,
    .skip_wildcard = true,
    .setup = kw_smb_dialects_max_setup,
    .match = kw_smb_dialects_max_match,
    .free = kw_data_free,
    .present = kw_smb_dialects_max_present,
};
