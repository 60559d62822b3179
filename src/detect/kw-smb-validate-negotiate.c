/* kw-smb-validate-negotiate.c - smb.validate_negotiate: the connection's
 * FSCTL_VALIDATE_NEGOTIATE_INFO (MS-SMB2 2.2.31.4, 3.3.5.15.12), which a
 * 3.0 / 3.0.2 client sends after its first TREE_CONNECT response
 * (3.2.5.5) and which repeats the negotiation: match, mismatch (a machine in
 * the middle changed the negotiation) or absent.  Absent is judged only
 * where the validation has its place: a tree connect was answered with
 * success and no validation request followed, the connection staying in
 * clear (once encrypted, a validation would be invisible).  Evaluated when the
 * follow-up ends. */
#include "app/smb/smb-session.h"
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

/* Bit i: enum smb_validate value i. */
static const char *const kw_validate_words[] = {"absent", "match", "mismatch"};
_Static_assert(SMB_VALIDATE_ABSENT == 0 && SMB_VALIDATE_MATCH == 1 && SMB_VALIDATE_MISMATCH == 2,
               "kw_validate_words follows enum smb_validate");

static int kw_smb_validate_negotiate_setup(const char *value, void **data, char *err,
                                           size_t errlen)
{
    return kw_words_setup(value, kw_validate_words, 3, false, "match, mismatch or absent", data,
                          err, errlen);
}

/* A tree connect of the connection answered with STATUS_SUCCESS. */
static bool kw_tree_answered(const struct smb_follow *fo)
{
    for (unsigned k = 0; k < fo->n_trees && k < SMB_FOLLOW_MAX_TREES; k++)
        if (fo->tree[k].answered && fo->tree[k].status == 0)
            return true;
    return false;
}

/* A validation seen, or its place seen in clear: a tree connect answered
 * and the follow-up not ended by encryption (a validation inside transform
 * headers cannot be seen). */
static bool kw_smb_validate_negotiate_present(const struct kw_match_ctx *m)
{
    const struct smb_follow *fo = m->tx->follow;
    return fo && (fo->validate != SMB_VALIDATE_ABSENT ||
                  (kw_tree_answered(fo) && fo->end != SMB_FOLLOW_END_ENCRYPTED));
}

static bool kw_smb_validate_negotiate_match(const struct kw_match_ctx *m, const void *data)
{
    const struct smb_follow *fo = m->tx->follow;
    uint32_t want = *(const uint32_t *)data;
    return kw_smb_validate_negotiate_present(m) && (want & (1u << (unsigned)fo->validate));
}

const struct kw kw_smb_validate_negotiate = {
    .name = "smb.validate_negotiate",
    .syntax = "smb.validate_negotiate:match|mismatch|absent",
    .desc = "The FSCTL_VALIDATE_NEGOTIATE_INFO after the session setup repeats the negotiation "
            "(match), differs (mismatch) or never came after an answered tree connect (absent)",
    .has_value = true,
    .phase = KW_PHASE_FOLLOW,
    .setup = kw_smb_validate_negotiate_setup,
    .match = kw_smb_validate_negotiate_match,
    .free = kw_data_free,
    .present = kw_smb_validate_negotiate_present,
};
