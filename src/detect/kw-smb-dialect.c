/* kw-smb-dialect.c - smb.dialect: the SMB2 dialect the server chose
 * (MS-SMB2 2.2.4 DialectRevision).  The wildcard 0x02FF ("2.???", the
 * answer to a multi-protocol SMB1 request, MS-SMB2 3.3.5.3.1) is a step, not
 * a dialect: no comparison matches it, and only `smb.dialect:2.???` (or
 * `!=2.???`) names it. */
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

static int kw_smb_dialect_setup(const char *value, void **data, char *err, size_t errlen)
{
    return kw_dialect_cmp_setup(value, true, data, err, errlen);
}

/* No SMB2 dialect chosen (no response, an error, SMB1): no match.  The
 * wildcard matches `=2.???` and nothing else. */
static bool kw_smb_dialect_match(const struct kw_match_ctx *m, const void *data)
{
    const struct kw_cmp *c = data;
    uint16_t d = smb_tx_chosen_dialect(m->tx);
    if (d == 0)
        return false;
    if (d == SMB2_DIALECT_WILDCARD)
        return c->op == KW_CMP_EQ && c->value == SMB2_DIALECT_WILDCARD;
    return kw_cmp_eval(c, d);
}

/* An SMB2 dialect, not the wildcard step, was chosen. */
static bool kw_smb_dialect_present(const struct kw_match_ctx *m)
{
    uint16_t d = smb_tx_chosen_dialect(m->tx);
    return d != 0 && d != SMB2_DIALECT_WILDCARD;
}

const struct kw kw_smb_dialect = {
    .name = "smb.dialect",
    .syntax = "smb.dialect:[=|!=|<|<=|>|>=]<dialect>",
    .desc = "SMB2 dialect the server chose, compared (3.1.1, 3.11, 0x0311); the wildcard "
            "0x02FF matches only smb.dialect:2.???",
    .has_value = true,
    .skip_wildcard = false,
    .setup = kw_smb_dialect_setup,
    .match = kw_smb_dialect_match,
    .free = kw_data_free,
    .present = kw_smb_dialect_present,
};
