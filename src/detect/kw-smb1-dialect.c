/* kw-smb1-dialect.c - smb1.dialect: the SMB1 dialect string the server
 * chose (MS-CIFS 2.2.4.52.2 DialectIndex into the request's list).  `any`
 * matches whenever an SMB1 dialect was chosen; otherwise a list of quoted
 * strings, one of which must equal it (ASCII case ignored). */
#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"
#include "util/mem.h"

/* Data: a string list; n == 0 stands for `any`.  A value the rule parser
 * unquoted (one string) is taken whole. */
static int kw_smb1_dialect_setup(const char *value, void **data, char *err, size_t errlen)
{
    struct kw_strlist *l = kw_data_alloc(sizeof(*l), err, errlen);
    if (!l)
        return -1;
    if (value && kw_str_equal_nocase(value, "any")) {
        *data = l;
        return 0;
    }
    if (!value || *value == '\0') {
        kw_err_set(err, errlen, "missing value (expected any or quoted dialect strings)");
        mem_free(l);
        return -1;
    }
    if (value[0] != '"') {
        /* one string the rule parser already unquoted */
        l->buf = mem_strdup(value);
        if (!l->buf) {
            kw_err_set(err, errlen, "out of memory");
            mem_free(l);
            return -1;
        }
        l->item[l->n++] = l->buf;
    } else if (kw_strlist_parse(value, l, err, errlen) != 0) {
        mem_free(l);
        return -1;
    }
    *data = l;
    return 0;
}

static bool kw_smb1_dialect_match(const struct kw_match_ctx *m, const void *data)
{
    const struct kw_strlist *l = data;
    const char *chosen = smb_tx_chosen_smb1(m->tx);
    if (!chosen)
        return false;
    if (l->n == 0)
        return true;
    for (size_t i = 0; i < l->n; i++) {
        if (kw_str_equal_nocase(l->item[i], chosen))
            return true;
    }
    return false;
}

static void kw_smb1_dialect_free(void *data)
{
    struct kw_strlist *l = data;
    if (!l)
        return;
    kw_strlist_deinit(l);
    mem_free(l);
}

/* An SMB1 response to an SMB1 request (it may choose no dialect, 0xFFFF). */
static bool kw_smb1_dialect_present(const struct kw_match_ctx *m)
{
    return m->tx->resp_version == 1 && m->tx->req_version == 1;
}

const struct kw kw_smb1_dialect = {
    .name = "smb1.dialect",
    .syntax = "smb1.dialect:any|\"<string>\"[, \"<string>\"...]",
    .desc = "SMB1 dialect string the server chose (any: an SMB1 dialect was chosen)",
    .has_value = true,
    .skip_wildcard = false,
    .setup = kw_smb1_dialect_setup,
    .match = kw_smb1_dialect_match,
    .free = kw_smb1_dialect_free,
    .present = kw_smb1_dialect_present,
};
