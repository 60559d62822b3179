/* kw-smb-cannot-encrypt.c - smb.cannot_encrypt: the negotiation concluded
 * in a connection that cannot be encrypted (MS-SMB2 3.2.5.2: no
 * SMB2_GLOBAL_CAP_ENCRYPTION in a 3.0 / 3.0.2 response and no cipher
 * selected by a 3.1.1 one; 2.x and SMB1 have no encryption at all).  The
 * same test as smb.negotiate.summary's cipher "none" (smb_tx_cannot_encrypt). */
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

static int kw_smb_cannot_encrypt_setup(const char *value, void **data, char *err, size_t errlen)
{
    (void)value; /* has_value = false: the rule parser refuses a value */
    (void)err;
    (void)errlen;
    *data = NULL;
    return 0;
}

static bool kw_smb_cannot_encrypt_match(const struct kw_match_ctx *m, const void *data)
{
    (void)data;
    return smb_tx_cannot_encrypt(m->tx);
}

const struct kw kw_smb_cannot_encrypt = {
    .name = "smb.cannot_encrypt",
    .syntax = "smb.cannot_encrypt",
    .desc = "The negotiation concluded without encryption possible: 2.x, SMB1, 3.0/3.0.2 "
            "without the encryption capability, 3.1.1 without a cipher",
    .has_value = false,
    .skip_wildcard = true,
    .setup = kw_smb_cannot_encrypt_setup,
    .match = kw_smb_cannot_encrypt_match,
    .free = kw_data_free,
};
