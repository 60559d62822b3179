/* smb2-negctx.c - SMB2 NEGOTIATE context lists in requests and responses
 * (MS-SMB2 2.2.3.1 and its subsections 2.2.3.1.1-2.2.3.1.8, 2.2.4.1). */
#include "app/smb/smb-msg.h"

#include <string.h>

#include "util/bytes.h"
#include "util/utf16.h"

#define NEGCTX_HDR_LEN 8 /* ContextType(2) DataLength(2) Reserved(4) */
#define NEGCTX_ALIGN 8   /* contexts after the first start on 8-byte boundaries */

static void negctx_flag(uint32_t *anomalies, enum smb_anomaly a)
{
    *anomalies |= 1u << a;
}

/* ------------------------------------------------------------------------
 * Per-type decoders.  Each gets a reader `d` capped at DataLength, so a
 * wrong inner count can never read into the next context.  Each sets
 * c->decoded when the type's fixed fields were present.
 * ------------------------------------------------------------------------ */

/* Read `count` 16-bit ids into c->algs.  `trailer` is the number of bytes the
 * structure declares after the list (the preauth salt).  When the declared
 * sizes exceed what is left, flag SMB_AN_NEGCTX_COUNT_MISMATCH and keep the
 * ids that fit; ids beyond SMB2_MAX_ALGS are dropped with
 * SMB_AN_LIST_TRUNCATED. */
static void negctx_read_ids(struct rd *d, uint16_t count, size_t trailer,
                            struct smb2_negctx *c, uint32_t *anomalies)
{
    size_t need = (size_t)count * 2;
    c->count = count;
    if (need > rd_left(d) || trailer > rd_left(d) - need)
        negctx_flag(anomalies, SMB_AN_NEGCTX_COUNT_MISMATCH);
    for (uint32_t i = 0; i < count && rd_left(d) >= 2; i++) {
        uint16_t id = rd_le16(d);
        if (c->n_algs < SMB2_MAX_ALGS)
            c->algs[c->n_algs++] = id;
        else
            negctx_flag(anomalies, SMB_AN_LIST_TRUNCATED);
    }
}

/* A fixed part shorter than the type requires is a count/length
 * disagreement too: DataLength cannot hold the structure. */
static bool negctx_fixed_ok(const struct rd *d, uint32_t *anomalies)
{
    if (d->bad)
        negctx_flag(anomalies, SMB_AN_NEGCTX_COUNT_MISMATCH);
    return !d->bad;
}

/* The Salt after the hash ids: SaltLength bytes, or what DataLength still
 * holds when it is shorter (negctx_read_ids has flagged that); more than
 * SMB2_SALT_MAX bytes are cut with SMB_AN_LIST_TRUNCATED. */
static void negctx_read_salt(struct rd *d, struct smb2_negctx *c, uint32_t *anomalies)
{
    size_t n = c->salt_length;
    if (n > rd_left(d))
        n = rd_left(d);
    if (n > SMB2_SALT_MAX) {
        n = SMB2_SALT_MAX;
        negctx_flag(anomalies, SMB_AN_LIST_TRUNCATED);
    }
    rd_copy(d, c->salt, n);
    c->n_salt = (uint16_t)n;
}

/* 2.2.3.1.1: HashAlgorithmCount(2) SaltLength(2) HashAlgorithms[] Salt[] */
static void negctx_decode_preauth(struct rd *d, struct smb2_negctx *c, uint32_t *anomalies)
{
    uint16_t count = rd_le16(d);
    c->salt_length = rd_le16(d);
    if (!negctx_fixed_ok(d, anomalies))
        return;
    c->decoded = true;
    negctx_read_ids(d, count, c->salt_length, c, anomalies);
    negctx_read_salt(d, c, anomalies);
}

/* 2.2.3.1.2 CipherCount(2) Ciphers[]; 2.2.3.1.7 SigningAlgorithmCount(2)
 * SigningAlgorithms[]: the same shape. */
static void negctx_decode_idlist(struct rd *d, struct smb2_negctx *c, uint32_t *anomalies)
{
    uint16_t count = rd_le16(d);
    if (!negctx_fixed_ok(d, anomalies))
        return;
    c->decoded = true;
    negctx_read_ids(d, count, 0, c, anomalies);
}

/* 2.2.3.1.3: CompressionAlgorithmCount(2) Padding(2) Flags(4) algs[] */
static void negctx_decode_compression(struct rd *d, struct smb2_negctx *c,
                                      uint32_t *anomalies)
{
    uint16_t count = rd_le16(d);
    rd_skip(d, 2);
    c->flags = rd_le32(d);
    if (!negctx_fixed_ok(d, anomalies)) {
        c->flags = 0;
        return;
    }
    c->decoded = true;
    negctx_read_ids(d, count, 0, c, anomalies);
}

/* 2.2.3.1.5: Flags(4) */
static void negctx_decode_transport(struct rd *d, struct smb2_negctx *c, uint32_t *anomalies)
{
    uint32_t flags = rd_le32(d);
    if (!negctx_fixed_ok(d, anomalies))
        return;
    c->flags = flags;
    c->decoded = true;
}

/* 2.2.3.1.6: TransformCount(2) Reserved1(2) Reserved2(4) RDMATransformIds[] */
static void negctx_decode_rdma(struct rd *d, struct smb2_negctx *c, uint32_t *anomalies)
{
    uint16_t count = rd_le16(d);
    rd_skip(d, 6);
    if (!negctx_fixed_ok(d, anomalies))
        return;
    c->decoded = true;
    negctx_read_ids(d, count, 0, c, anomalies);
}

/* ------------------------------------------------------------------------
 * NetName (2.2.3.1.4): UTF-16LE filling DataLength, converted to UTF-8.
 * ------------------------------------------------------------------------ */

/* Stops at a UTF-16 NUL; a name longer than netname[] is cut at a code
 * point boundary with SMB_AN_LIST_TRUNCATED. */
static void negctx_decode_netname(struct rd *d, struct smb2_negctx *c, uint32_t *anomalies)
{
    if (!utf16le_to_utf8(d, c->netname, sizeof(c->netname)))
        negctx_flag(anomalies, SMB_AN_LIST_TRUNCATED);
    c->decoded = true;
}

static void negctx_decode(struct rd *d, struct smb2_negctx *c, uint32_t *anomalies)
{
    switch (c->type) {
    case SMB2_PREAUTH_INTEGRITY_CAPABILITIES:
        negctx_decode_preauth(d, c, anomalies);
        break;
    case SMB2_ENCRYPTION_CAPABILITIES:
    case SMB2_SIGNING_CAPABILITIES:
        negctx_decode_idlist(d, c, anomalies);
        break;
    case SMB2_COMPRESSION_CAPABILITIES:
        negctx_decode_compression(d, c, anomalies);
        break;
    case SMB2_NETNAME_NEGOTIATE_CONTEXT_ID:
        negctx_decode_netname(d, c, anomalies);
        break;
    case SMB2_TRANSPORT_CAPABILITIES:
        negctx_decode_transport(d, c, anomalies);
        break;
    case SMB2_RDMA_TRANSFORM_CAPABILITIES:
        negctx_decode_rdma(d, c, anomalies);
        break;
    case SMB2_POSIX_EXTENSIONS_AVAILABLE:
        c->decoded = true; /* its 16-byte data is an opaque GUID */
        break;
    default:
        break; /* unknown type: type and length only */
    }
}

/* ------------------------------------------------------------------------
 * The list walk.
 * ------------------------------------------------------------------------ */

/* Walk `count` contexts, the first at `offset` from the SMB2 header start
 * `msg` (a message of `len` bytes), each later one at the next 8-byte
 * boundary counted from `msg`; padding after the last is optional.  `out` is
 * cleared and receives at most SMB2_MAX_CONTEXTS contexts; anomalies are
 * ORed into *anomalies.  A context whose header or DataLength runs past the
 * message ends the walk (SMB_AN_NEGCTX_PAST_END); an inner count that
 * disagrees with DataLength does not, because DataLength alone frames the
 * list.  Reads nothing outside [msg, msg + len). */
void smb2_negctx_parse(const uint8_t *msg, size_t len, uint32_t offset, uint16_t count,
                       struct smb2_negctx_list *out, uint32_t *anomalies)
{
    memset(out, 0, sizeof(*out));
    if (count == 0)
        return;
    if (offset >= len) {
        negctx_flag(anomalies, SMB_AN_NEGCTX_OFFSET_PAST_END);
        return;
    }
    if (offset % NEGCTX_ALIGN != 0)
        negctx_flag(anomalies, SMB_AN_NEGCTX_BAD_ALIGNMENT);

    struct rd r = rd_at(msg, len, offset);
    for (uint32_t i = 0; i < count; i++) {
        if (i > 0)
            rd_align(&r, msg, NEGCTX_ALIGN);
        if (rd_left(&r) < NEGCTX_HDR_LEN) {
            negctx_flag(anomalies, SMB_AN_NEGCTX_PAST_END);
            return;
        }
        uint16_t type = rd_le16(&r);
        uint16_t data_len = rd_le16(&r);
        rd_skip(&r, 4); /* Reserved */
        struct rd d = rd_sub(&r, data_len);
        if (r.bad) {
            negctx_flag(anomalies, SMB_AN_NEGCTX_PAST_END);
            return;
        }
        if (out->n >= SMB2_MAX_CONTEXTS) {
            negctx_flag(anomalies, SMB_AN_LIST_TRUNCATED);
            continue;
        }
        struct smb2_negctx *c = &out->ctx[out->n++];
        c->type = type;
        c->length = data_len;
        negctx_decode(&d, c, anomalies);
    }
}
