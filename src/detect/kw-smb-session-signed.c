/* kw-smb-session-signed.c - smb.session.signed: were the messages after the
 * session setup signed (MS-SMB2 2.2.1 SMB2_FLAGS_SIGNED, 3.2.4.1.1)?  yes:
 * every followed message after the first completed session setup is signed
 * or encrypted; no: at least one ordinary request or response is neither
 * (app/smb/smb-session.h is_signed).  Evaluated when the follow-up ends. */
#include "app/smb/smb-session.h"
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

static const char *const kw_yes_no[] = {"yes", "no"};

static int kw_smb_session_signed_setup(const char *value, void **data, char *err, size_t errlen)
{
    return kw_words_setup(value, kw_yes_no, 2, false, "yes or no", data, err, errlen);
}

static bool kw_smb_session_signed_match(const struct kw_match_ctx *m, const void *data)
{
    const struct smb_follow *fo = m->tx->follow;
    uint32_t want = *(const uint32_t *)data;
    return fo && fo->is_signed == (want == 1u ? SMB_TRI_YES : SMB_TRI_NO);
}

static bool kw_smb_session_signed_present(const struct kw_match_ctx *m)
{
    return m->tx->follow && m->tx->follow->is_signed != SMB_TRI_UNKNOWN;
}

const struct kw kw_smb_session_signed = {
    .name = "smb.session.signed",
    .syntax = "smb.session.signed:yes|no",
    .desc = "yes: every message after the session setup was signed or encrypted; no: one was "
            "neither",
    .has_value = true,
    .phase = KW_PHASE_FOLLOW,
    .setup = kw_smb_session_signed_setup,
    .match = kw_smb_session_signed_match,
    .free = kw_data_free,
    .present = kw_smb_session_signed_present,
};
