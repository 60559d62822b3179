/* smb-tx.c - read-only accessors over negotiate transactions, for
 * detection and EVE (MS-SMB2 2.2.3, 2.2.4; MS-SMB 2.2.4.5.2). */
#include <stddef.h>

#include "app/smb/smb.h"

uint32_t smb_tx_status(const struct smb_tx *tx)
{
    if (tx->resp_version == 2)
        return tx->resp_hdr2.status;
    if (tx->resp_version == 1)
        return tx->resp_hdr1.status;
    return 0;
}

uint16_t smb_tx_chosen_dialect(const struct smb_tx *tx)
{
    if (tx->resp_version != 2 || tx->resp2.is_error)
        return 0;
    return tx->resp2.dialect;
}

const char *smb_tx_chosen_smb1(const struct smb_tx *tx)
{
    if (tx->resp_version != 1 || tx->req_version != 1)
        return NULL;
    uint16_t i = tx->resp1.dialect_index;
    if (i >= tx->req1.n_dialects)
        return NULL;
    return tx->req1.dialects[i];
}

bool smb_tx_is_wildcard(const struct smb_tx *tx)
{
    return smb_tx_chosen_dialect(tx) == SMB2_DIALECT_WILDCARD;
}

uint16_t smb_tx_offered_max(const struct smb_tx *tx)
{
    uint16_t m = 0;
    for (uint16_t i = 0; i < tx->n_offered; i++)
        if (tx->offered[i] > m)
            m = tx->offered[i];
    return m;
}

uint16_t smb_tx_offered_min(const struct smb_tx *tx)
{
    uint16_t m = 0;
    for (uint16_t i = 0; i < tx->n_offered; i++)
        if (m == 0 || tx->offered[i] < m)
            m = tx->offered[i];
    return m;
}

/* MS-SMB2 2.2.3: SMB2_NEGOTIATE_SIGNING_ENABLED 0x1, _REQUIRED 0x2. */
static const char *smb2_signing_word(uint16_t mode)
{
    if (mode & 0x2)
        return "required";
    if (mode & 0x1)
        return "enabled";
    return "disabled";
}

/* MS-CIFS 2.2.4.52.2 SecurityMode: NEGOTIATE_SECURITY_SIGNATURES_ENABLED
 * 0x04, _REQUIRED 0x08. */
static const char *smb1_signing_word(uint8_t mode)
{
    if (mode & 0x08)
        return "required";
    if (mode & 0x04)
        return "enabled";
    return "disabled";
}

/* MS-CIFS 2.2.3.1 Flags2 SMB_FLAGS2_SMB_SECURITY_SIGNATURE 0x0004: the
 * client is signature-enabled.  A NEGOTIATE request cannot say "required":
 * SMB_FLAGS2_SMB_SECURITY_SIGNATURE_REQUIRED (0x0010) belongs to the first
 * SESSION_SETUP_ANDX and MUST be ignored elsewhere (MS-SMB 2.2.3.1). */
static const char *smb1_client_signing_word(uint16_t flags2)
{
    return (flags2 & SMB1_FLAGS2_SECURITY_SIGNATURE) ? "enabled" : "disabled";
}

const char *smb_tx_client_signing(const struct smb_tx *tx)
{
    if (tx->req_version == 2)
        return smb2_signing_word(tx->req2.security_mode);
    if (tx->req_version == 1)
        return smb1_client_signing_word(tx->req_hdr1.flags2);
    return NULL;
}

const char *smb_tx_server_signing(const struct smb_tx *tx)
{
    if (tx->resp_version == 2 && !tx->resp2.is_error)
        return smb2_signing_word(tx->resp2.security_mode);
    if (tx->resp_version == 1 && tx->resp1.has_nt)
        return smb1_signing_word(tx->resp1.security_mode);
    return NULL;
}

static const struct smb2_negctx *smb_ctx_find(const struct smb2_negctx_list *l, uint16_t type)
{
    for (uint16_t i = 0; i < l->n; i++)
        if (l->ctx[i].type == type)
            return &l->ctx[i];
    return NULL;
}

const struct smb2_negctx *smb_tx_resp_ctx(const struct smb_tx *tx, uint16_t type)
{
    if (tx->resp_version != 2 || tx->resp2.is_error)
        return NULL;
    return smb_ctx_find(&tx->resp2.ctx, type);
}

const struct smb2_negctx *smb_tx_req_ctx(const struct smb_tx *tx, uint16_t type)
{
    if (tx->req_version != 2)
        return NULL;
    return smb_ctx_find(&tx->req2.ctx, type);
}

/* MS-SMB2 2.2.4: SMB2_GLOBAL_CAP_ENCRYPTION; 2.2.3.1.2: AES-128-CCM. */
#define SMB2_CAP_ENCRYPTION 0x00000040u
#define SMB2_CIPHER_AES_128_CCM 0x0001

uint16_t smb_tx_cipher(const struct smb_tx *tx)
{
    uint16_t d = smb_tx_chosen_dialect(tx);
    if (d == 0x0311) {
        const struct smb2_negctx *c = smb_tx_resp_ctx(tx, SMB2_ENCRYPTION_CAPABILITIES);
        return (c && c->decoded && c->n_algs > 0) ? c->algs[0] : 0;
    }
    if ((d == 0x0300 || d == 0x0302) && (tx->resp2.capabilities & SMB2_CAP_ENCRYPTION))
        return SMB2_CIPHER_AES_128_CCM;
    return 0;
}

bool smb_tx_cannot_encrypt(const struct smb_tx *tx)
{
    if (tx->resp_version == 1)
        return tx->resp1.dialect_index != 0xFFFF;
    uint16_t d = smb_tx_chosen_dialect(tx);
    return d != 0 && d != SMB2_DIALECT_WILDCARD && smb_tx_cipher(tx) == 0;
}
