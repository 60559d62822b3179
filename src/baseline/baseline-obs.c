/* baseline-obs.c - a completed negotiate transaction as the baseline sees
 * it (MS-SMB2 2.2.3, 2.2.4, 2.2.3.1.2, 2.2.3.1.7; MS-CIFS 2.2.4.52.2), and
 * the orders the conditions compare by. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "app/smb/smb.h"
#include "baseline/baseline.h"
#include "flow/flow.h"

/* The dialects smbneg knows, one bit each (MS-SMB2 2.2.3). */
static const uint16_t bl_dialects[] = {0x0202, 0x0210, 0x0222, 0x0224,
                                       0x0300, 0x0302, 0x0310, 0x0311};

uint16_t baseline_dialect_bit(uint16_t dialect)
{
    for (size_t i = 0; i < sizeof(bl_dialects) / sizeof(bl_dialects[0]); i++)
        if (bl_dialects[i] == dialect)
            return (uint16_t)(1u << i);
    return 0;
}

unsigned baseline_cipher_rank(uint16_t cipher)
{
    switch (cipher) {
    case 0x0004: /* AES-256-GCM */
        return 4;
    case 0x0002: /* AES-128-GCM */
        return 3;
    case 0x0003: /* AES-256-CCM */
        return 2;
    case 0x0001: /* AES-128-CCM */
        return 1;
    default:
        return 0;
    }
}

static bool bl_guid_zero(const uint8_t g[16])
{
    for (int i = 0; i < 16; i++)
        if (g[i])
            return false;
    return true;
}

/* The request's side: offered dialects, client GUID, signing, contexts. */
static void bl_obs_request(struct baseline_obs *o, const struct smb_tx *tx)
{
    for (uint16_t i = 0; i < tx->n_offered; i++) {
        uint16_t d = tx->offered[i];
        o->offered |= baseline_dialect_bit(d);
        if (d != SMB2_DIALECT_WILDCARD && d > o->offered_max)
            o->offered_max = d;
    }
    if (tx->req_version != 2)
        return;
    if (!bl_guid_zero(tx->req2.client_guid)) {
        o->has_client_guid = true;
        memcpy(o->client_guid, tx->req2.client_guid, 16);
    }
    o->client_signing_required = (tx->req2.security_mode & 0x2) != 0;
    for (uint16_t i = 0; i < tx->req2.ctx.n; i++) {
        const struct smb2_negctx *c = &tx->req2.ctx.ctx[i];
        if (c->type < 16)
            o->contexts_offered |= (uint16_t)(1u << c->type);
        for (uint16_t k = 0; c->type == SMB2_ENCRYPTION_CAPABILITIES && k < c->n_algs; k++)
            if (c->algs[k] >= 1 && c->algs[k] <= 4)
                o->ciphers_offered |= (uint8_t)(1u << c->algs[k]);
    }
}

/* The response's side: dialect, GUID, signing, cipher, signing algorithm
 * (the last four of SMB2 responses only).  false when it chose nothing. */
static bool bl_obs_response(struct baseline_obs *o, const struct smb_tx *tx)
{
    if (tx->resp_version == 1) {
        if (!smb_tx_chosen_smb1(tx))
            return false;
        o->smb1 = true; /* its GUID and signing are not compared: SMB2 only */
        return true;
    }
    uint16_t d = smb_tx_chosen_dialect(tx);
    if (d == 0 || d == SMB2_DIALECT_WILDCARD)
        return false;
    o->smb2 = true;
    o->chosen = d;
    o->has_server_guid = true;
    memcpy(o->server_guid, tx->resp2.server_guid, 16);
    o->server_signing_known = true;
    o->server_signing_required = (tx->resp2.security_mode & 0x2) != 0;
    o->server_signing_enabled = (tx->resp2.security_mode & 0x1) != 0;
    const struct smb2_negctx *c = smb_tx_resp_ctx(tx, SMB2_ENCRYPTION_CAPABILITIES);
    if (c && c->n_algs > 0)
        o->cipher = c->algs[0];
    c = smb_tx_resp_ctx(tx, SMB2_SIGNING_CAPABILITIES);
    if (c && c->n_algs > 0 && c->algs[0] < 8)
        o->signing_alg_bits = (uint8_t)(1u << c->algs[0]);
    return true;
}

bool baseline_obs_from_tx(struct baseline_obs *o, const struct flow *f, const struct smb_tx *tx)
{
    memset(o, 0, sizeof(*o));
    if (tx->resp_version == 0 || tx->req_version == 0)
        return false;
    if (!bl_obs_response(o, tx))
        return false;
    bl_obs_request(o, tx);
    int c = f->client_side ? 1 : 0;
    o->ts = tx->resp_ts_sec;
    o->ip_v = f->ip_v == 6 ? 6 : 4;
    memcpy(o->client_ip, f->side_addr[c].b, 16);
    memcpy(o->server_ip, f->side_addr[1 - c].b, 16);
    if (o->ip_v == 4) {
        memset(o->client_ip + 4, 0, 12);
        memset(o->server_ip + 4, 0, 12);
    }
    return true;
}

void baseline_format_ip(char out[64], uint8_t ip_v, const uint8_t ip[16])
{
    if (!inet_ntop(ip_v == 6 ? AF_INET6 : AF_INET, ip, out, 64))
        snprintf(out, 64, "?");
}
