/* kw-smb-downgrade.c - smb.downgrade: the server chose less than the
 * client's best offer (MS-SMB2 3.3.5.3.1, 3.3.5.4: a server picks the
 * highest common dialect, so a lower pick means a weak server or a
 * man in the middle rewriting the offer). */
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

static int kw_smb_downgrade_setup(const char *value, void **data, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    (void)value; /* has_value = false: the rule parser refuses a value */
    *data = NULL;
    return 0;
}

/* Highest offered dialect other than the wildcard, 0 when none. */
static uint16_t kw_smb_downgrade_best_offer(const struct smb_tx *tx)
{
    uint16_t best = 0;
    for (uint16_t i = 0; i < tx->n_offered; i++) {
        if (tx->offered[i] != SMB2_DIALECT_WILDCARD && tx->offered[i] > best)
            best = tx->offered[i];
    }
    return best;
}

/* Two cases: an SMB1 dialect chosen although the client offered SMB2, or
 * an SMB2 dialect (not the wildcard) below the best non-wildcard offer. */
static bool kw_smb_downgrade_match(const struct kw_match_ctx *m, const void *data)
{
    const struct smb_tx *tx = m->tx;
    (void)data;
    if (tx->resp_version == 1)
        return smb_tx_chosen_smb1(tx) != NULL && tx->n_offered > 0;
    uint16_t chosen = smb_tx_chosen_dialect(tx);
    if (chosen == 0 || chosen == SMB2_DIALECT_WILDCARD)
        return false;
    return chosen < kw_smb_downgrade_best_offer(tx);
}

const struct kw kw_smb_downgrade = {
    .name = "smb.downgrade",
    .syntax = "smb.downgrade",
    .desc =
        "Server chose SMB1 although SMB2 was offered, or an SMB2 dialect below the best offered",
    .has_value = false,
    .skip_wildcard = true,
    .setup = kw_smb_downgrade_setup,
    .match = kw_smb_downgrade_match,
    .free = kw_data_free,
};
