/* kw-table.c - THE list of rule keywords: one row per kw-<name>.c.  A
 * keyword's id is its index here. */
#include "detect/kw-common.h"
#include "detect/kw.h"

extern const struct kw kw_smb_dialects;
extern const struct kw kw_smb_dialects_max;
extern const struct kw kw_smb_dialects_min;
extern const struct kw kw_smb_dialect;
extern const struct kw kw_smb_downgrade;
extern const struct kw kw_smb_version;
extern const struct kw kw_smb1_dialects;
extern const struct kw kw_smb1_dialect;
extern const struct kw kw_smb_client_signing;
extern const struct kw kw_smb_server_signing;
extern const struct kw kw_smb_client_capabilities;
extern const struct kw kw_smb_server_capabilities;
extern const struct kw kw_smb_client_ciphers;
extern const struct kw kw_smb_server_cipher;
extern const struct kw kw_smb_cannot_encrypt;
extern const struct kw kw_smb_client_signing_algs;
extern const struct kw kw_smb_server_signing_alg;
extern const struct kw kw_smb_client_compression;
extern const struct kw kw_smb_server_compression;
extern const struct kw kw_smb_client_contexts;
extern const struct kw kw_smb_status;
extern const struct kw kw_smb_client_guid;
extern const struct kw kw_smb_server_guid;
extern const struct kw kw_smb_netname;
extern const struct kw kw_smb_baseline;
extern const struct kw kw_smb_session_auth;
extern const struct kw kw_smb_session_signed;
extern const struct kw kw_smb_session_encrypted;
extern const struct kw kw_smb_validate_negotiate;

static const struct kw *const kw_table[] = {
    &kw_smb_dialects,
    &kw_smb_dialects_max,
    &kw_smb_dialects_min,
    &kw_smb_dialect,
    &kw_smb_downgrade,
    &kw_smb_version,
    &kw_smb1_dialects,
    &kw_smb1_dialect,
    &kw_smb_client_signing,
    &kw_smb_server_signing,
    &kw_smb_client_capabilities,
    &kw_smb_server_capabilities,
    &kw_smb_client_ciphers,
    &kw_smb_server_cipher,
    &kw_smb_cannot_encrypt,
    &kw_smb_client_signing_algs,
    &kw_smb_server_signing_alg,
    &kw_smb_client_compression,
    &kw_smb_server_compression,
    &kw_smb_client_contexts,
    &kw_smb_status,
    &kw_smb_client_guid,
    &kw_smb_server_guid,
    &kw_smb_netname,
    &kw_smb_baseline,
    &kw_smb_session_auth,
    &kw_smb_session_signed,
    &kw_smb_session_encrypted,
    &kw_smb_validate_negotiate,
};

const struct kw_table kw_table_smb = {"smb", kw_table, sizeof(kw_table) / sizeof(kw_table[0])};

const struct kw *kw_table_get(const struct kw_table *t, size_t i)
{
    return i < t->n ? t->rows[i] : NULL;
}

const struct kw *kw_table_find(const struct kw_table *t, const char *name)
{
    for (size_t i = 0; name && i < t->n; i++) {
        if (kw_str_equal_nocase(t->rows[i]->name, name))
            return t->rows[i];
    }
    return NULL;
}
