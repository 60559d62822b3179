/* kw-smb-session-auth.c - smb.session.auth: how the connection's sessions
 * authenticated (app/smb/smb-session.h enum smb_auth: SessionFlags
 * IS_GUEST / IS_NULL, MS-SMB2 2.2.6; else the SPNEGO mechanism, NTLMSSP or
 * Kerberos).  Evaluated when the follow-up ends. */
#include "app/smb/smb-session.h"
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

/* Bit i: the word i, which is enum smb_auth value i + 1. */
static const char *const kw_auth_words[] = {"ntlmssp", "kerberos", "anonymous", "guest"};
_Static_assert(SMB_AUTH_NTLMSSP == 1 && SMB_AUTH_KERBEROS == 2 && SMB_AUTH_ANONYMOUS == 3 &&
                   SMB_AUTH_GUEST == 4,
               "kw_auth_words follows enum smb_auth");

static int kw_smb_session_auth_setup(const char *value, void **data, char *err, size_t errlen)
{
    return kw_words_setup(value, kw_auth_words, sizeof(kw_auth_words) / sizeof(kw_auth_words[0]),
                          true, "authentication (ntlmssp, kerberos, anonymous, guest)", data, err,
                          errlen);
}

/* The authentications of the established sessions (a final SESSION_SETUP
 * response with STATUS_SUCCESS): bit auth - 1 per kind seen. */
static uint32_t kw_session_auths(const struct smb_follow *fo)
{
    uint32_t seen = 0;
    for (unsigned k = 0; fo && k < fo->n_sessions && k < SMB_FOLLOW_MAX_SESSIONS; k++) {
        enum smb_auth a = fo->sess[k].auth;
        if (fo->sess[k].established && a != SMB_AUTH_UNKNOWN)
            seen |= 1u << ((unsigned)a - 1);
    }
    return seen;
}

/* Any established session whose authentication is listed. */
static bool kw_smb_session_auth_match(const struct kw_match_ctx *m, const void *data)
{
    return (kw_session_auths(m->tx->follow) & *(const uint32_t *)data) != 0;
}

/* An established session whose authentication is known. */
static bool kw_smb_session_auth_present(const struct kw_match_ctx *m)
{
    return kw_session_auths(m->tx->follow) != 0;
}

const struct kw kw_smb_session_auth = {
    .name = "smb.session.auth",
    .syntax = "smb.session.auth:<ntlmssp|kerberos|anonymous|guest>[,...]",
    .desc = "An established session of the connection authenticated so: guest and anonymous "
            "(null) from the session flags, else the SPNEGO mechanism",
    .has_value = true,
    .phase = KW_PHASE_FOLLOW,
    .setup = kw_smb_session_auth_setup,
    .match = kw_smb_session_auth_match,
    .free = kw_data_free,
    .present = kw_smb_session_auth_present,
};
