/* kw-smb-netname.c - smb.netname: the server name of the request's
 * SMB2_NETNAME_NEGOTIATE_CONTEXT_ID (MS-SMB2 2.2.3.1.4), exact but ignoring
 * ASCII case. */
#include <string.h>

#include "app/smb/smb.h"
#include "detect/kw-common.h"
#include "detect/kw.h"
#include "util/mem.h"

/* The rule parser unquotes a value that is one quoted string; a value that
 * still starts with '"' is parsed here as a one-string list. */
static int kw_smb_netname_setup(const char *value, void **data, char *err, size_t errlen)
{
    char *name;
    if (value && value[0] == '"') {
        struct kw_strlist l;
        if (kw_strlist_parse(value, &l, err, errlen) != 0)
            return -1;
        if (l.n != 1) {
            kw_err_set(err, errlen, "expected one quoted name");
            kw_strlist_deinit(&l);
            return -1;
        }
        name = mem_strdup(l.item[0]);
        kw_strlist_deinit(&l);
    } else if (!value || *value == '\0') {
        kw_err_set(err, errlen, "missing netname");
        return -1;
    } else {
        name = mem_strdup(value);
    }
    if (!name) {
        kw_err_set(err, errlen, "out of memory");
        return -1;
    }
    if (strlen(name) >= SMB2_NETNAME_MAX) {
        kw_err_set(err, errlen, "netname longer than %d bytes", SMB2_NETNAME_MAX - 1);
        mem_free(name);
        return -1;
    }
    *data = name;
    return 0;
}

static bool kw_smb_netname_match(const struct kw_match_ctx *m, const void *data)
{
    const struct smb2_negctx *c = smb_tx_req_ctx(m->tx, SMB2_NETNAME_NEGOTIATE_CONTEXT_ID);
    return c && kw_str_equal_nocase(c->netname, data);
}

static bool kw_smb_netname_present(const struct kw_match_ctx *m)
{
    return smb_tx_req_ctx(m->tx, SMB2_NETNAME_NEGOTIATE_CONTEXT_ID) != NULL;
}

const struct kw kw_smb_netname = {
    .name = "smb.netname",
    .syntax = "smb.netname:\"<name>\"",
    .desc = "Server name in the client's netname context, exact, case-insensitive (ASCII)",
    .has_value = true,
    .skip_wildcard = false,
    .setup = kw_smb_netname_setup,
    .match = kw_smb_netname_match,
    .free = kw_data_free,
    .present = kw_smb_netname_present,
};
