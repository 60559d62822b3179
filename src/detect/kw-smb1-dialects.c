/* kw-smb1-dialects.c - smb1.dialects: the dialect strings of an SMB1
 * NEGOTIATE request (MS-CIFS 2.2.4.52.1), compared exactly but ignoring
 * ASCII case. */
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"
#include "util/mem.h"

struct kw_smb1_dialects {
    enum kw_set_op op;
    struct kw_strlist list;
};

/* "<op> <strings>": the operator word, then the quoted list. */
static int kw_smb1_dialects_setup(const char *value, void **data, char *err, size_t errlen)
{
    enum kw_set_op op;
    const char *rest;
    struct kw_smb1_dialects *d;
    if (kw_set_op_parse(value, "string", &op, &rest, err, errlen) != 0)
        return -1;
    d = kw_data_alloc(sizeof(*d), err, errlen);
    if (!d)
        return -1;
    d->op = op;
    if (kw_strlist_parse(rest, &d->list, err, errlen) != 0) {
        mem_free(d);
        return -1;
    }
    *data = d;
    return 0;
}

static bool kw_smb1_dialects_eq(const void *rule, size_t ri, const void *wire, size_t wi)
{
    const struct kw_strlist *l = rule;
    const char(*dialects)[SMB1_DIALECT_MAX] = wire;
    return kw_str_equal_nocase(l->item[ri], dialects[wi]);
}

static bool kw_smb1_dialects_match(const struct kw_match_ctx *m, const void *data)
{
    const struct kw_smb1_dialects *d = data;
    const struct smb_tx *tx = m->tx;
    if (tx->req_version != 1)
        return false;
    return kw_set_eval(d->op, &d->list, d->list.n, tx->req1.dialects, tx->req1.n_dialects,
                       kw_smb1_dialects_eq);
}

static void kw_smb1_dialects_free(void *data)
{
    struct kw_smb1_dialects *d = data;
    if (!d)
        return;
    kw_strlist_deinit(&d->list);
    mem_free(d);
}

static bool kw_smb1_dialects_present(const struct kw_match_ctx *m)
{
    return m->tx->req_version == 1 && m->tx->req1.n_dialects > 0;
}

const struct kw kw_smb1_dialects = {
    .name = "smb1.dialects",
    .syntax = "smb1.dialects:<only|any|all|none> \"<string>\"[, \"<string>\"...]",
    .desc = "SMB1 dialect strings the client offered (\"NT LM 0.12\"), exact, case-insensitive",
    .has_value = true,
    .skip_wildcard = false,
    .setup = kw_smb1_dialects_setup,
    .match = kw_smb1_dialects_match,
    .free = kw_smb1_dialects_free,
    .present = kw_smb1_dialects_present,
};
