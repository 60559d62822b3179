/* eve-smb.c - the EVE `smb` object of a negotiate transaction: Suricata's
 * keys with Suricata's spelling, then smbneg's `smb.negotiate` extension
 * (doc/eve.md documents every field). */
#include <stdio.h>

#include "app/smb/smb-names.h"
#include "app/smb/smb.h"
#include "output/eve.h"

static void eve_hex16(struct jsonw *w, const char *key, uint16_t v)
{
    jsonw_hex(w, key, v, 4);
}

/* A name from a table, or "0x0009" for an unknown id. */
static void eve_alg(struct jsonw *w, const char *name, uint16_t id)
{
    if (name)
        jsonw_str(w, NULL, name);
    else
        eve_hex16(w, NULL, id);
}

/* FILETIME (100 ns since 1601-01-01) as an EVE timestamp. */
static void eve_filetime(struct jsonw *w, const char *key, uint64_t ft)
{
    const uint64_t epoch_diff = 11644473600ull; /* seconds 1601 -> 1970 */
    int64_t sec = (int64_t)(ft / 10000000u) - (int64_t)epoch_diff;
    int32_t usec = (int32_t)(ft % 10000000u / 10u);
    char ts[40];
    eve_format_time(sec, usec, ts);
    jsonw_str(w, key, ts);
}

/* The capability bits set, lowest first, named by `fn` ("0x%08x" when it
 * has no name). */
static void eve_capabilities(struct jsonw *w, const char *key, uint32_t caps,
                             const char *(*fn)(uint32_t))
{
    jsonw_arr_open(w, key);
    for (int b = 0; b < 32; b++) {
        uint32_t bit = 1u << b;
        if (!(caps & bit))
            continue;
        const char *n = fn(bit);
        if (n) {
            jsonw_str(w, NULL, n);
        } else {
            jsonw_hex(w, NULL, bit, 8);
        }
    }
    jsonw_arr_close(w);
}

/* Bytes as lower-case hex, two digits each ("" when n is 0). */
static void eve_hexbytes(struct jsonw *w, const char *key, const uint8_t *b, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    char buf[2 * SMB2_SALT_MAX];
    if (n > SMB2_SALT_MAX)
        n = SMB2_SALT_MAX;
    for (size_t i = 0; i < n; i++) {
        buf[2 * i] = digits[b[i] >> 4];
        buf[2 * i + 1] = digits[b[i] & 0xF];
    }
    jsonw_strn(w, key, buf, 2 * n);
}

/* The SMB2 header fields Zeek's SMB2::Header has and the message object
 * does not carry already (MS-SMB2 2.2.1.1 sync, 2.2.1.2 async). */
static void eve_smb2_header(struct jsonw *w, const struct smb2_hdr *h)
{
    jsonw_obj_open(w, "header");
    jsonw_uint(w, "credit_charge", h->credit_charge);
    jsonw_uint(w, "credits", h->credits);
    jsonw_uint(w, "flags", h->flags);
    if (h->flags & SMB2_FLAGS_ASYNC_COMMAND) {
        jsonw_uint(w, "async_id", h->async_id);
    } else {
        jsonw_uint(w, "process_id", h->process_id);
        jsonw_uint(w, "tree_id", h->tree_id);
    }
    jsonw_uint(w, "session_id", h->session_id);
    eve_hexbytes(w, "signature", h->signature, sizeof(h->signature));
    jsonw_obj_close(w);
}

static void eve_guid(struct jsonw *w, const char *key, const uint8_t g[16])
{
    char s[37];
    smb_guid_format(g, s);
    jsonw_str(w, key, s);
}

/* The algorithm list of a context, under `key`, named by `fn`; the count
 * as sent, under `count_key`, only when it differs from the list written
 * (malformed input, or more ids than smbneg keeps). */
static void eve_ctx_algs(struct jsonw *w, const char *key, const char *count_key,
                         const struct smb2_negctx *c, const char *(*fn)(uint16_t))
{
    jsonw_arr_open(w, key);
    for (uint16_t i = 0; i < c->n_algs; i++)
        eve_alg(w, fn(c->algs[i]), c->algs[i]);
    jsonw_arr_close(w);
    if (c->count != c->n_algs)
        jsonw_uint(w, count_key, c->count);
}

static void eve_negctx(struct jsonw *w, const struct smb2_negctx *c)
{
    jsonw_obj_open(w, NULL);
    jsonw_str(w, "type", smb_negctx_type_name(c->type));
    jsonw_uint(w, "type_id", c->type);
    jsonw_uint(w, "length", c->length);
    if (c->decoded) {
        switch (c->type) {
        case SMB2_PREAUTH_INTEGRITY_CAPABILITIES:
            eve_ctx_algs(w, "hash_algorithms", "hash_algorithm_count", c, smb_hash_alg_name);
            jsonw_uint(w, "salt_length", c->salt_length);
            eve_hexbytes(w, "salt", c->salt, c->n_salt);
            break;
        case SMB2_ENCRYPTION_CAPABILITIES:
            eve_ctx_algs(w, "ciphers", "cipher_count", c, smb_cipher_name);
            break;
        case SMB2_COMPRESSION_CAPABILITIES:
            eve_ctx_algs(w, "algorithms", "algorithm_count", c, smb_compression_alg_name);
            jsonw_bool(w, "chained", c->flags & 1u);
            jsonw_uint(w, "flags", c->flags);
            break;
        case SMB2_NETNAME_NEGOTIATE_CONTEXT_ID:
            jsonw_str(w, "name", c->netname);
            break;
        case SMB2_TRANSPORT_CAPABILITIES:
            jsonw_uint(w, "flags", c->flags);
            break;
        case SMB2_RDMA_TRANSFORM_CAPABILITIES:
            eve_ctx_algs(w, "transforms", "transform_count", c, smb_rdma_transform_name);
            break;
        case SMB2_SIGNING_CAPABILITIES:
            eve_ctx_algs(w, "algorithms", "algorithm_count", c, smb_signing_alg_name);
            break;
        default:
            break;
        }
    }
    jsonw_obj_close(w);
}

static void eve_negctx_list(struct jsonw *w, const struct smb2_negctx_list *l)
{
    jsonw_arr_open(w, "contexts");
    for (uint16_t i = 0; i < l->n; i++)
        eve_negctx(w, &l->ctx[i]);
    jsonw_arr_close(w);
}

static void eve_offered(struct jsonw *w, const struct smb_tx *tx)
{
    jsonw_arr_open(w, "dialects");
    for (uint16_t i = 0; i < tx->n_offered; i++)
        eve_hex16(w, NULL, tx->offered[i]);
    jsonw_arr_close(w);
}

static void eve_negotiate_request(struct jsonw *w, const struct smb_tx *tx)
{
    jsonw_obj_open(w, "request");
    if (tx->req_pcap_cnt) /* 0: decoded at flow end, from no packet */
        jsonw_uint(w, "pcap_cnt", tx->req_pcap_cnt);
    if (tx->req_version == 2) {
        const struct smb2_negotiate_req *r = &tx->req2;
        jsonw_uint(w, "message_id", tx->req_hdr2.message_id);
        eve_smb2_header(w, &tx->req_hdr2);
        jsonw_uint(w, "dialect_count", r->dialect_count);
        eve_offered(w, tx);
        jsonw_uint(w, "security_mode", r->security_mode);
        jsonw_str(w, "signing", smb_tx_client_signing(tx));
        eve_capabilities(w, "capabilities", r->capabilities, smb2_capability_name);
        eve_guid(w, "client_guid", r->client_guid);
        if (r->has_negctx) {
            jsonw_uint(w, "negotiate_context_offset", r->negctx_offset);
            jsonw_uint(w, "negotiate_context_count", r->negctx_count);
            eve_negctx_list(w, &r->ctx);
        } else {
            eve_filetime(w, "client_start_time", r->client_start_time);
        }
    } else {
        jsonw_uint(w, "message_id", tx->req_hdr1.mid);
        jsonw_uint(w, "flags2", tx->req_hdr1.flags2);
        jsonw_str(w, "signing", smb_tx_client_signing(tx));
        jsonw_bool(w, "extended_security",
                   (tx->req_hdr1.flags2 & SMB1_FLAGS2_EXTENDED_SECURITY) != 0);
        eve_offered(w, tx);
        jsonw_arr_open(w, "smb1_dialects");
        for (int i = 0; i < tx->req1.n_dialects; i++)
            jsonw_str(w, NULL, tx->req1.dialects[i]);
        jsonw_arr_close(w);
    }
    if (tx->req_partial)
        jsonw_bool(w, "partial", true);
    jsonw_obj_close(w);
}

static void eve_status(struct jsonw *w, const char *key, uint32_t status)
{
    jsonw_hex(w, key, status, 1);
}

static void eve_negotiate_response2(struct jsonw *w, const struct smb_tx *tx)
{
    const struct smb2_negotiate_resp *r = &tx->resp2;
    jsonw_uint(w, "message_id", tx->resp_hdr2.message_id);
    eve_smb2_header(w, &tx->resp_hdr2);
    if (r->is_error)
        return;
    eve_hex16(w, "dialect", r->dialect);
    const char *dn = smb_dialect_name(r->dialect);
    if (dn)
        jsonw_str(w, "dialect_name", dn);
    jsonw_uint(w, "security_mode", r->security_mode);
    jsonw_str(w, "signing", smb_tx_server_signing(tx));
    eve_capabilities(w, "capabilities", r->capabilities, smb2_capability_name);
    eve_guid(w, "server_guid", r->server_guid);
    jsonw_uint(w, "max_transact_size", r->max_transact_size);
    jsonw_uint(w, "max_read_size", r->max_read_size);
    jsonw_uint(w, "max_write_size", r->max_write_size);
    eve_filetime(w, "system_time", r->system_time);
    eve_filetime(w, "server_start_time", r->server_start_time);
    jsonw_uint(w, "security_buffer_offset", r->secbuf_offset);
    jsonw_uint(w, "security_buffer_length", r->secbuf_length);
    if (r->dialect == 0x0311) {
        jsonw_uint(w, "negotiate_context_offset", r->negctx_offset);
        jsonw_uint(w, "negotiate_context_count", r->negctx_count);
        eve_negctx_list(w, &r->ctx);
    }
}

static void eve_negotiate_response1(struct jsonw *w, const struct smb_tx *tx)
{
    const struct smb1_negotiate_resp *r = &tx->resp1;
    jsonw_uint(w, "message_id", tx->resp_hdr1.mid);
    jsonw_uint(w, "smb1_dialect_index", r->dialect_index);
    const char *chosen = smb_tx_chosen_smb1(tx);
    if (chosen)
        jsonw_str(w, "smb1_dialect", chosen);
    if (r->has_nt) {
        jsonw_uint(w, "security_mode", r->security_mode);
        jsonw_str(w, "signing", smb_tx_server_signing(tx));
        eve_capabilities(w, "smb1_capabilities", r->capabilities, smb1_capability_name);
        jsonw_uint(w, "max_buffer_size", r->max_buffer_size);
        jsonw_uint(w, "max_mpx_count", r->max_mpx_count);
        eve_filetime(w, "system_time", r->system_time);
    }
    if (r->has_server_guid)
        eve_guid(w, "server_guid", r->server_guid);
}

static void eve_negotiate_response(struct jsonw *w, const struct smb_tx *tx)
{
    jsonw_obj_open(w, "response");
    if (tx->resp_pcap_cnt)
        jsonw_uint(w, "pcap_cnt", tx->resp_pcap_cnt);
    eve_status(w, "status_code", smb_tx_status(tx));
    if (tx->resp_version == 2)
        eve_negotiate_response2(w, tx);
    else
        eve_negotiate_response1(w, tx);
    if (tx->resp_partial)
        jsonw_bool(w, "partial", true);
    jsonw_obj_close(w);
}

/* Suricata's keys: id, dialect, command, status, status_code, session_id,
 * tree_id, client_dialects, client_guid, server_guid, max_read_size,
 * max_write_size. */
static void eve_smb_suricata_keys(struct jsonw *w, const struct smb_tx *tx)
{
    jsonw_uint(w, "id", tx->id);
    uint16_t d = smb_tx_chosen_dialect(tx);
    const char *chosen1 = smb_tx_chosen_smb1(tx);
    if (d && smb_dialect_suricata(d))
        jsonw_str(w, "dialect", smb_dialect_suricata(d));
    else if (d)
        eve_hex16(w, "dialect", d);
    else if (chosen1)
        jsonw_str(w, "dialect", chosen1);
    int v = tx->req_version ? tx->req_version : tx->resp_version;
    jsonw_str(w, "command", v == 1 ? "SMB1_COMMAND_NEGOTIATE_PROTOCOL"
                                   : "SMB2_COMMAND_NEGOTIATE_PROTOCOL");
    if (tx->resp_version) {
        uint32_t st = smb_tx_status(tx);
        const char *sn = smb_ntstatus_name(st);
        if (sn)
            jsonw_str(w, "status", sn);
        else
            eve_status(w, "status", st);
        eve_status(w, "status_code", st);
    }
    if (v == 2) {
        const struct smb2_hdr *h = tx->req_version ? &tx->req_hdr2 : &tx->resp_hdr2;
        jsonw_uint(w, "session_id", h->session_id);
        jsonw_uint(w, "tree_id", h->tree_id);
    } else {
        const struct smb1_hdr *h = tx->req_version ? &tx->req_hdr1 : &tx->resp_hdr1;
        jsonw_uint(w, "session_id", h->uid);
        jsonw_uint(w, "tree_id", h->tid);
    }
    if (tx->req_version == 2 && tx->req2.n_dialects) {
        jsonw_arr_open(w, "client_dialects");
        for (uint16_t i = 0; i < tx->req2.n_dialects; i++) {
            const char *n = smb_dialect_suricata(tx->req2.dialects[i]);
            if (n)
                jsonw_str(w, NULL, n);
            else
                eve_hex16(w, NULL, tx->req2.dialects[i]);
        }
        jsonw_arr_close(w);
    } else if (tx->req_version == 1 && tx->req1.n_dialects) {
        jsonw_arr_open(w, "client_dialects");
        for (int i = 0; i < tx->req1.n_dialects; i++)
            jsonw_str(w, NULL, tx->req1.dialects[i]);
        jsonw_arr_close(w);
    }
    if (tx->req_version == 2)
        eve_guid(w, "client_guid", tx->req2.client_guid);
    if (tx->resp_version == 2 && !tx->resp2.is_error)
        eve_guid(w, "server_guid", tx->resp2.server_guid);
    else if (tx->resp_version == 1 && tx->resp1.has_server_guid)
        eve_guid(w, "server_guid", tx->resp1.server_guid);
    if (tx->resp_version == 2 && !tx->resp2.is_error) {
        jsonw_uint(w, "max_read_size", tx->resp2.max_read_size);
        jsonw_uint(w, "max_write_size", tx->resp2.max_write_size);
    }
}

void eve_smb_tx(struct jsonw *w, const struct smb_tx *tx, bool suricata_compatible)
{
    jsonw_obj_open(w, "smb");
    eve_smb_suricata_keys(w, tx);
    if (!suricata_compatible) {
        jsonw_obj_open(w, "negotiate");
        eve_smb_summary(w, tx);
        if (tx->req_version)
            eve_negotiate_request(w, tx);
        if (tx->resp_version)
            eve_negotiate_response(w, tx);
        if (tx->anomalies) {
            jsonw_arr_open(w, "anomalies");
            for (int a = 0; a < SMB_AN_MSG_COUNT; a++)
                if (tx->anomalies & (1u << a))
                    jsonw_str(w, NULL, smb_anomaly_name((enum smb_anomaly)a));
            jsonw_arr_close(w);
        }
        jsonw_obj_close(w);
    }
    jsonw_obj_close(w);
}

void eve_tx_id(struct eve *e, const struct smb_tx *tx)
{
    jsonw_uint(&e->w, "tx_id", tx->id - 1);
}

void eve_smb_member(struct eve *e, const struct smb_tx *tx)
{
    if (tx->follow && !e->suricata_compatible) { /* an alert of a session rule */
        eve_smb_session_facts(&e->w, tx);
        return;
    }
    struct jsonw *c = &e->smb_cache.w;
    if (e->smb_cache.tx != tx || e->smb_cache.suricata_compatible != e->suricata_compatible ||
        c->oom) {
        if (!c->buf && !c->cap)
            jsonw_init(c);
        jsonw_reset(c);
        eve_smb_tx(c, tx, e->suricata_compatible); /* at the top level: {...} */
        e->smb_cache.tx = tx;
        e->smb_cache.suricata_compatible = e->suricata_compatible;
    }
    if (c->oom) { /* no cache: write it directly */
        eve_smb_tx(&e->w, tx, e->suricata_compatible);
        return;
    }
    jsonw_raw(&e->w, "smb", c->buf, c->len);
}

void eve_smb_forget(struct eve *e)
{
    e->smb_cache.tx = NULL;
}

void eve_smb_log(struct eve *e, const struct eve_origin *o, const struct flow *f,
                 const struct smb_tx *tx)
{
    for (size_t i = 0; eve_next(e, EVE_T_SMB, &i);) {
        eve_begin(e, o, "smb", f, NULL);
        eve_tx_id(e, tx);
        jsonw_str(&e->w, "app_proto", "smb");
        eve_smb_member(e, tx);
        eve_end(e);
    }
}
