/* kw-smb-session-encrypted.c - smb.session.encrypted: did the connection
 * turn encrypted, a transform header (ProtocolId 0xFD 'S' 'M' 'B', MS-SMB2
 * 2.2.41) after the session setup (app/smb/smb-session.h encrypted)?
 * Evaluated when the follow-up ends. */
#include "app/smb/smb-session.h"
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

static const char *const kw_yes_no[] = {"yes", "no"};

static int kw_smb_session_encrypted_setup(const char *value, void **data, char *err,
                                          size_t errlen)
{
    return kw_words_setup(value, kw_yes_no, 2, false, "yes or no", data, err, errlen);
}

static bool kw_smb_session_encrypted_match(const struct kw_match_ctx *m, const void *data)
{
    const struct smb_follow *fo = m->tx->follow;
    uint32_t want = *(const uint32_t *)data;
    return fo && fo->encrypted == (want == 1u ? SMB_TRI_YES : SMB_TRI_NO);
}

static bool kw_smb_session_encrypted_present(const struct kw_match_ctx *m)
{
    return m->tx->follow && m->tx->follow->encrypted != SMB_TRI_UNKNOWN;
}

const struct kw kw_smb_session_encrypted = {
    .name = "smb.session.encrypted",
    .syntax = "smb.session.encrypted:yes|no",
    .desc = "yes: the connection's messages turned encrypted (transform header 0xFD); "
            "no: they did not",
    .has_value = true,
    .phase = KW_PHASE_FOLLOW,
    .setup = kw_smb_session_encrypted_setup,
    .match = kw_smb_session_encrypted_match,
    .free = kw_data_free,
    .present = kw_smb_session_encrypted_present,
};
