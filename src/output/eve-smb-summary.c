/* eve-smb-summary.c - `smb.negotiate.summary`: the outcome of a NEGOTIATE
 * transaction in flat keys a SIEM can chart without walking arrays
 * (MS-SMB2 3.2.5.2 for what a response implies; doc/eve.md). */
#include <stdio.h>

#include "app/smb/smb-names.h"
#include "app/smb/smb.h"
#include "output/eve.h"

#define SMB2_SIGNING_HMAC_SHA256 0x0000
#define SMB2_SIGNING_AES_CMAC 0x0001
#define SMB2_DIALECT_300 0x0300
#define SMB2_DIALECT_311 0x0311

/* A dialect the one way new keys spell it: "3.1.1", "2.???", or "0x%04x". */
static void summary_dialect(struct jsonw *w, const char *key, uint16_t d)
{
    const char *n = smb_dialect_name(d);
    if (n)
        jsonw_str(w, key, n);
    else
        jsonw_hex(w, key, d, 4);
}

/* A name from a table, or "0x%04x" when it has none. */
static void summary_alg(struct jsonw *w, const char *key, const char *name, uint16_t id)
{
    if (name)
        jsonw_str(w, key, name);
    else
        jsonw_hex(w, key, id, 4);
}

/* The SMB2 dialect the negotiation ended in: a successful SMB2 response
 * that is not the wildcard step (0 otherwise). */
static uint16_t summary_concluded(const struct smb_tx *tx)
{
    uint16_t d = smb_tx_chosen_dialect(tx);
    return d == SMB2_DIALECT_WILDCARD ? 0 : d;
}

/* The cipher (smb_tx_cipher: 3.1.1 the response's encryption context, 3.0
 * and 3.0.2 with SMB2_GLOBAL_CAP_ENCRYPTION AES-128-CCM), or "none" where
 * the connection cannot be encrypted (smb_tx_cannot_encrypt). */
static void summary_cipher(struct jsonw *w, const struct smb_tx *tx)
{
    uint16_t c = smb_tx_cipher(tx);
    if (c)
        summary_alg(w, "cipher", smb_cipher_name(c), c);
    else
        jsonw_str(w, "cipher", "none");
}

/* The signing algorithm: the response's signing context (3.1.1), else
 * AES-CMAC for the 3.x family and HMAC-SHA256 for 2.x (3.1.4.1). */
static void summary_signing_alg(struct jsonw *w, const struct smb_tx *tx, uint16_t d)
{
    const struct smb2_negctx *c = smb_tx_resp_ctx(tx, SMB2_SIGNING_CAPABILITIES);
    if (d == SMB2_DIALECT_311 && c && c->decoded && c->n_algs > 0) {
        summary_alg(w, "signing_algorithm", smb_signing_alg_name(c->algs[0]), c->algs[0]);
        return;
    }
    uint16_t alg = d >= SMB2_DIALECT_300 ? SMB2_SIGNING_AES_CMAC : SMB2_SIGNING_HMAC_SHA256;
    jsonw_str(w, "signing_algorithm", smb_signing_alg_name(alg));
}

/* The compression algorithms of the response's compression context (3.1.1);
 * empty when none was negotiated. */
static void summary_compression(struct jsonw *w, const struct smb_tx *tx, uint16_t d)
{
    const struct smb2_negctx *c = smb_tx_resp_ctx(tx, SMB2_COMPRESSION_CAPABILITIES);
    jsonw_arr_open(w, "compression");
    if (d == SMB2_DIALECT_311 && c && c->decoded)
        for (uint16_t i = 0; i < c->n_algs; i++)
            summary_alg(w, NULL, smb_compression_alg_name(c->algs[i]), c->algs[i]);
    jsonw_arr_close(w);
}

/* The request offered an SMB1 dialect: a string other than the "SMB 2.002"
 * and "SMB 2.???" that stand for SMB2 (MS-SMB2 3.3.5.3.1). */
static bool summary_smb1_offered(const struct smb_tx *tx)
{
    if (tx->req_version != 1)
        return false;
    for (int i = 0; i < tx->req1.n_dialects; i++)
        if (!smb1_string_to_smb2_dialect(tx->req1.dialects[i]))
            return true;
    return false;
}

/* The selected dialect: an SMB2 DialectRevision (the wildcard included),
 * or the SMB1 dialect string the server chose. */
static void summary_selected(struct jsonw *w, const struct smb_tx *tx)
{
    uint16_t d = smb_tx_chosen_dialect(tx);
    const char *s1 = smb_tx_chosen_smb1(tx);
    if (d)
        summary_dialect(w, "dialect", d);
    else if (s1)
        jsonw_str(w, "dialect", s1);
}

void eve_smb_summary(struct jsonw *w, const struct smb_tx *tx)
{
    jsonw_obj_open(w, "summary");
    uint16_t max = smb_tx_offered_max(tx);
    if (max)
        summary_dialect(w, "offered_max_dialect", max);
    summary_selected(w, tx);
    const char *cs = smb_tx_client_signing(tx), *ss = smb_tx_server_signing(tx);
    if (cs)
        jsonw_str(w, "client_signing", cs);
    if (ss)
        jsonw_str(w, "server_signing", ss);
    uint16_t d = summary_concluded(tx);
    if (d) {
        summary_cipher(w, tx);
        summary_signing_alg(w, tx, d);
        summary_compression(w, tx, d);
    }
    if (tx->req_version)
        jsonw_bool(w, "smb1_offered", summary_smb1_offered(tx));
    if (tx->resp_version) /* an SMB1 response accepting a dialect (0xFFFF: none) */
        jsonw_bool(w, "smb1_chosen",
                   tx->resp_version == 1 && tx->resp1.dialect_index != 0xFFFF);
    jsonw_obj_close(w);
}
