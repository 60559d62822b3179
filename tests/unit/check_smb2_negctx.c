/* check_smb2_negctx.c - unit tests for src/app/smb/smb2-negctx.c (MS-SMB2
 * 2.2.3.1 negotiate context lists).
 *
 * Real lists come from the captures named in vectors/smb2_*.h, with the
 * NegotiateContextOffset/Count and context values tshark 4.0 shows for them;
 * hand-built lists follow the 2.2.3.1.x layouts.  Every parse runs on a copy
 * that ends at a PROT_NONE page. */
#include <check.h>
#include <string.h>

#include "app/smb/smb-msg.h"
#include "helpers/guard.h"
#include "helpers/truth.h"
#include "vectors/smb2_lab.h"
#include "vectors/smb2_public.h"

#define Z4 0, 0, 0, 0

static uint32_t ctx_parse(const uint8_t *v, size_t len, uint32_t off, uint16_t count,
                          struct smb2_negctx_list *out)
{
    struct guard_buf g;
    uint32_t an = 0;
    smb2_negctx_parse(guard_copy(&g, v, len), len, off, count, out, &an);
    guard_free(&g);
    return an;
}

/* ------------------------------------------------------------------------
 * Hand-built lists; the list starts at offset 0 of the "message", so the
 * 8-byte alignment is counted from the first byte.
 * ------------------------------------------------------------------------ */

/* signing: count 1, AES-CMAC (12 bytes) + 4 padding, then encryption:
 * count 1, AES-256-GCM */
static const uint8_t two_ok[] = {8, 0, 4, 0, Z4, 1, 0, 1, 0, Z4,
                                 2, 0, 4, 0, Z4, 1, 0, 4, 0};
/* each "bad count" list: a context whose inner count exceeds DataLength,
 * padding, then signing count 1 / HMAC-SHA256 that must still be read */
#define NEXT_SIGNING 8, 0, 4, 0, Z4, 1, 0, 0, 0
static const uint8_t bad_preauth_count[] = {1, 0, 6, 0, Z4, 2, 0, 0, 0, 1, 0, 0, 0,
                                            NEXT_SIGNING};
static const uint8_t bad_preauth_salt[] = {1, 0, 8, 0, Z4, 1, 0, 32, 0, 1, 0, 0xaa, 0xbb,
                                           NEXT_SIGNING};
static const uint8_t bad_cipher_count[] = {2, 0, 4, 0, Z4, 3, 0, 2, 0, Z4, NEXT_SIGNING};
static const uint8_t bad_comp_count[] = {3, 0, 10, 0, Z4, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0,
                                         0, 0, 0, 0, 0, 0, NEXT_SIGNING};
static const uint8_t bad_signing_count[] = {8, 0, 4, 0, Z4, 9, 0, 2, 0, Z4, NEXT_SIGNING};
static const uint8_t bad_rdma_count[] = {7, 0, 10, 0, Z4, 2, 0, 0, 0, Z4, 1, 0, 0, 0, 0, 0,
                                         0, 0, NEXT_SIGNING};
/* fixed parts that do not fit in DataLength */
static const uint8_t short_cipher[] = {2, 0, 1, 0, Z4, 1, 0, 0, 0, 0, 0, 0, 0, NEXT_SIGNING};
static const uint8_t short_transport[] = {6, 0, 2, 0, Z4, 1, 0, 0, 0, 0, 0, 0, 0, NEXT_SIGNING};
/* an unknown type 0x0042 and POSIX (0x0100), then signing */
static const uint8_t unknown_posix[] = {0x42, 0, 3, 0, Z4, 9, 9, 9, 0, 0, 0, 0, 0,
                                        0, 1, 16, 0, Z4, 0x93, 0xad, 0x25, 0x50, 0x9c, 0xb4,
                                        0x11, 0xe7, 0xb4, 0x23, 0x83, 0xde, 0x96, 0x8b, 0xcd,
                                        0x7c, NEXT_SIGNING};
/* second context's DataLength 38 runs past the end */
static const uint8_t data_past[] = {8, 0, 4, 0, Z4, 1, 0, 1, 0, Z4, 1, 0, 38, 0, Z4, 1, 0};
/* second context header cut after 5 bytes */
static const uint8_t hdr_past[] = {8, 0, 4, 0, Z4, 1, 0, 1, 0, Z4, 2, 0, 4, 0, 0};
/* a list that starts 4 bytes in (misaligned): signing ends at 18, so the
 * second context starts at 24 */
static const uint8_t misaligned[] = {0xee, 0xee, 0xee, 0xee, 8, 0, 6, 0, Z4, 2, 0, 1, 0, 2, 0,
                                     0, 0, 0, 0, 0, 0, 2, 0, 4, 0, Z4, 1, 0, 1, 0};
/* the last context carries no trailing padding (12 + 4 + 10 bytes) */
static const uint8_t no_last_pad[] = {8, 0, 4, 0, Z4, 1, 0, 1, 0, Z4, 5, 0, 2, 0, Z4, 'x', 0};

/* ------------------------------------------------------------------------
 * Truth table
 * ------------------------------------------------------------------------ */

struct ctx_row {
    const char *name;
    const uint8_t *bytes;
    size_t len;
    uint32_t offset;
    uint16_t count;
    uint32_t anomalies;
    uint16_t n; /* contexts expected in the list */
};

#define CTX_ROW(nm, v, off, cnt, an, n) {nm, v, sizeof(v), off, cnt, an, n}

static const struct ctx_row rows[] = {
    CTX_ROW("lab default-3.1.1 f4", v_req_311, 0x70, 4, 0, 4),
    CTX_ROW("lab default-3.1.1 f6", v_resp_311, 0xd0, 3, 0, 3),
    CTX_ROW("zeek smb3_multichannel f4", v_req_mc, 0x70, 5, 0, 5),
    CTX_ROW("zeek smb3_multichannel f5", v_resp_mc, 0x1c0, 3, 0, 3),
    CTX_ROW("zeek smb2_100_small_files f4", v_req_posix, 0x70, 4, 0, 4),
    CTX_ROW("samr net.exe f8", v_req_rdma, 0x70, 6, 0, 6),
    CTX_ROW("samr net.exe f9", v_resp_rdma, 0xf8, 5, 0, 5),
    CTX_ROW("two contexts", two_ok, 0, 2, 0, 2),
    CTX_ROW("count 0", two_ok, 0, 0, 0, 0),
    CTX_ROW("fewer than count", two_ok, 0, 3, AN(NEGCTX_PAST_END), 2),
    CTX_ROW("offset == len", two_ok, sizeof(two_ok), 1, AN(NEGCTX_OFFSET_PAST_END), 0),
    CTX_ROW("offset 0xffffffff", two_ok, 0xffffffffu, 1, AN(NEGCTX_OFFSET_PAST_END), 0),
    CTX_ROW("misaligned offset", misaligned, 4, 2, AN(NEGCTX_BAD_ALIGNMENT), 2),
    CTX_ROW("last without padding", no_last_pad, 0, 2, 0, 2),
    CTX_ROW("DataLength past end", data_past, 0, 2, AN(NEGCTX_PAST_END), 1),
    CTX_ROW("header past end", hdr_past, 0, 2, AN(NEGCTX_PAST_END), 1),
    CTX_ROW("preauth hash count", bad_preauth_count, 0, 2, AN(NEGCTX_COUNT_MISMATCH), 2),
    CTX_ROW("preauth salt length", bad_preauth_salt, 0, 2, AN(NEGCTX_COUNT_MISMATCH), 2),
    CTX_ROW("cipher count", bad_cipher_count, 0, 2, AN(NEGCTX_COUNT_MISMATCH), 2),
    CTX_ROW("compression count", bad_comp_count, 0, 2, AN(NEGCTX_COUNT_MISMATCH), 2),
    CTX_ROW("signing count", bad_signing_count, 0, 2, AN(NEGCTX_COUNT_MISMATCH), 2),
    CTX_ROW("rdma count", bad_rdma_count, 0, 2, AN(NEGCTX_COUNT_MISMATCH), 2),
    CTX_ROW("cipher fixed part short", short_cipher, 0, 2, AN(NEGCTX_COUNT_MISMATCH), 2),
    CTX_ROW("transport fixed part short", short_transport, 0, 2, AN(NEGCTX_COUNT_MISMATCH), 2),
    CTX_ROW("unknown and posix", unknown_posix, 0, 3, 0, 3),
};

START_TEST(test_table)
{
    const struct ctx_row *row = &rows[_i];
    struct smb2_negctx_list l;
    uint32_t an = ctx_parse(row->bytes, row->len, row->offset, row->count, &l);
    ck_assert_msg(an == row->anomalies, "%s: anomalies %#x, want %#x", row->name, an,
                  row->anomalies);
    ck_assert_msg(l.n == row->n, "%s: %u contexts, want %u", row->name, l.n, row->n);
    /* every "bad count" row ends with signing / HMAC-SHA256, which must be read */
    if (row->anomalies == AN(NEGCTX_COUNT_MISMATCH)) {
        const struct smb2_negctx *last = &l.ctx[l.n - 1];
        ck_assert_uint_eq(last->type, 8);
        ck_assert(last->decoded);
        ck_assert_uint_eq(last->n_algs, 1);
        ck_assert_uint_eq(last->algs[0], 0);
    }
}
END_TEST

/* ------------------------------------------------------------------------
 * Field details
 * ------------------------------------------------------------------------ */

/* The count as sent is kept beside the ids that fit (Zeek's hash_alg_count,
 * cipher_count, alg_count); the salt keeps the bytes DataLength holds. */
START_TEST(test_bad_counts_keep_what_fits)
{
    struct smb2_negctx_list l;
    ctx_parse(bad_preauth_count, sizeof(bad_preauth_count), 0, 2, &l);
    ck_assert_uint_eq(l.ctx[0].count, 2);
    ck_assert_uint_eq(l.ctx[0].n_algs, 1); /* DataLength 6: 4 fixed + one id */
    ck_assert_uint_eq(l.ctx[0].algs[0], 1);
    ck_assert_uint_eq(l.ctx[0].n_salt, 0);
    ctx_parse(bad_preauth_salt, sizeof(bad_preauth_salt), 0, 2, &l);
    ck_assert_uint_eq(l.ctx[0].salt_length, 32);
    ck_assert_uint_eq(l.ctx[0].count, 1);
    ck_assert_uint_eq(l.ctx[0].n_algs, 1);
    ck_assert_uint_eq(l.ctx[0].n_salt, 2); /* DataLength 8: 4 fixed, one id, 2 salt bytes */
    ck_assert_uint_eq(l.ctx[0].salt[0], 0xaa);
    ck_assert_uint_eq(l.ctx[0].salt[1], 0xbb);
    ctx_parse(bad_cipher_count, sizeof(bad_cipher_count), 0, 2, &l);
    ck_assert_uint_eq(l.ctx[0].count, 3);
    ck_assert_uint_eq(l.ctx[0].n_algs, 1);
    ck_assert_uint_eq(l.ctx[0].algs[0], 2);
    ctx_parse(bad_comp_count, sizeof(bad_comp_count), 0, 2, &l);
    ck_assert_uint_eq(l.ctx[0].count, 2);
    ck_assert_uint_eq(l.ctx[0].flags, 1);
    ck_assert_uint_eq(l.ctx[0].n_algs, 1);
    ck_assert_uint_eq(l.ctx[0].algs[0], 2);
    ctx_parse(bad_signing_count, sizeof(bad_signing_count), 0, 2, &l);
    ck_assert_uint_eq(l.ctx[0].count, 9);
    ck_assert_uint_eq(l.ctx[0].n_algs, 1);
    ctx_parse(bad_rdma_count, sizeof(bad_rdma_count), 0, 2, &l);
    ck_assert_uint_eq(l.ctx[0].count, 2);
    ck_assert_uint_eq(l.ctx[0].n_algs, 1);
    ck_assert_uint_eq(l.ctx[0].algs[0], 1);
    ctx_parse(short_cipher, sizeof(short_cipher), 0, 2, &l);
    ck_assert(!l.ctx[0].decoded);
    ck_assert_uint_eq(l.ctx[0].n_algs, 0);
    ctx_parse(short_transport, sizeof(short_transport), 0, 2, &l);
    ck_assert(!l.ctx[0].decoded);
}
END_TEST

START_TEST(test_unknown_and_posix)
{
    struct smb2_negctx_list l;
    ctx_parse(unknown_posix, sizeof(unknown_posix), 0, 3, &l);
    ck_assert_uint_eq(l.ctx[0].type, 0x0042);
    ck_assert_uint_eq(l.ctx[0].length, 3);
    ck_assert(!l.ctx[0].decoded);
    ck_assert_uint_eq(l.ctx[0].n_algs, 0);
    ck_assert_uint_eq(l.ctx[1].type, 0x0100);
    ck_assert_uint_eq(l.ctx[1].length, 16);
    ck_assert(l.ctx[1].decoded);
    ck_assert_uint_eq(l.ctx[1].n_algs, 0);
}
END_TEST

START_TEST(test_misaligned_second_context)
{
    struct smb2_negctx_list l;
    ctx_parse(misaligned, sizeof(misaligned), 4, 2, &l);
    ck_assert_uint_eq(l.ctx[0].n_algs, 2);
    ck_assert_uint_eq(l.ctx[0].algs[1], 2);
    ck_assert_uint_eq(l.ctx[1].type, 2);
    ck_assert_uint_eq(l.ctx[1].algs[0], 1);
    ctx_parse(no_last_pad, sizeof(no_last_pad), 0, 2, &l);
    ck_assert_str_eq(l.ctx[1].netname, "x");
}
END_TEST

/* lab default-3.1.1 frames 4 and 6 (tshark -V): HashAlgorithmCount 1,
 * SaltLength 32 and the Salt; CipherCount 4 and 1 */
static const uint8_t salt_req_311[32] = {
    0xcf, 0x66, 0xd0, 0x3e, 0x19, 0x61, 0x75, 0xc4, 0x5f, 0x6f, 0xea, 0x11, 0xb5, 0x58, 0xe1, 0x39,
    0x25, 0xbd, 0x27, 0xb2, 0x87, 0x80, 0x3e, 0x6b, 0x40, 0xdb, 0x64, 0x04, 0xd5, 0xd3, 0xa4, 0xd2};
static const uint8_t salt_resp_311[32] = {
    0xa5, 0x4a, 0x37, 0x29, 0x34, 0xe4, 0x5f, 0x5f, 0x2e, 0x42, 0x16, 0xa9, 0xb3, 0x91, 0x1b, 0xdc,
    0x96, 0x70, 0x0e, 0x85, 0x00, 0x35, 0x32, 0x2a, 0xea, 0x6c, 0xec, 0x4e, 0xc5, 0x71, 0x28, 0xa7};

START_TEST(test_salt_and_counts)
{
    struct smb2_negctx_list l;
    ck_assert_uint_eq(ctx_parse(v_req_311, sizeof(v_req_311), 0x70, 4, &l), 0);
    ck_assert_uint_eq(l.ctx[0].count, 1);
    ck_assert_uint_eq(l.ctx[0].n_salt, 32);
    ck_assert_mem_eq(l.ctx[0].salt, salt_req_311, 32);
    ck_assert_uint_eq(l.ctx[1].count, 4);
    ck_assert_uint_eq(l.ctx[1].n_algs, 4);
    ck_assert_uint_eq(ctx_parse(v_resp_311, sizeof(v_resp_311), 0xd0, 3, &l), 0);
    ck_assert_uint_eq(l.ctx[0].n_salt, 32);
    ck_assert_mem_eq(l.ctx[0].salt, salt_resp_311, 32);
    ck_assert_uint_eq(l.ctx[1].count, 1);
}
END_TEST

/* zeek smb3_multichannel.pcap frame 4 (tshark): transport Flags 0,
 * compression Flags 0x1 Chained, netname 172.17.0.189 */
START_TEST(test_real_values)
{
    struct smb2_negctx_list l;
    ck_assert_uint_eq(ctx_parse(v_req_mc, sizeof(v_req_mc), 0x70, 5, &l), 0);
    ck_assert_uint_eq(l.ctx[0].salt_length, 32);
    ck_assert_uint_eq(l.ctx[2].type, SMB2_COMPRESSION_CAPABILITIES);
    ck_assert_uint_eq(l.ctx[2].flags, 1);
    ck_assert_uint_eq(l.ctx[2].n_algs, 4);
    ck_assert_str_eq(l.ctx[3].netname, "172.17.0.189");
    ck_assert_uint_eq(l.ctx[4].type, SMB2_TRANSPORT_CAPABILITIES);
    ck_assert(l.ctx[4].decoded);
    ck_assert_uint_eq(l.ctx[4].flags, 0);
    /* samr net.exe f9: RDMA transforms Encryption, Signing */
    ck_assert_uint_eq(ctx_parse(v_resp_rdma, sizeof(v_resp_rdma), 0xf8, 5, &l), 0);
    ck_assert_uint_eq(l.ctx[3].type, SMB2_RDMA_TRANSFORM_CAPABILITIES);
    ck_assert_uint_eq(l.ctx[3].n_algs, 2);
    ck_assert_uint_eq(l.ctx[3].algs[0], 1);
    ck_assert_uint_eq(l.ctx[3].algs[1], 2);
}
END_TEST

/* ------------------------------------------------------------------------
 * Bounds: more contexts / algorithms than smbneg keeps
 * ------------------------------------------------------------------------ */

/* Append a context at *at (8-aligned unless it is the first). */
static void put_ctx(uint8_t *buf, size_t *at, uint16_t type, const uint8_t *data, uint16_t len)
{
    *at = (*at + 7) & ~(size_t)7;
    uint8_t h[8] = {(uint8_t)type, (uint8_t)(type >> 8), (uint8_t)len, (uint8_t)(len >> 8)};
    memcpy(buf + *at, h, 8);
    memcpy(buf + *at + 8, data, len);
    *at += 8u + len;
}

START_TEST(test_too_many_contexts)
{
    static const uint8_t sig[] = {1, 0, 2, 0};
    uint8_t buf[20 * 16] = {0};
    size_t at = 0;
    for (int i = 0; i < 17; i++)
        put_ctx(buf, &at, 8, sig, sizeof(sig));
    struct smb2_negctx_list l;
    ck_assert_uint_eq(ctx_parse(buf, at, 0, 17, &l), AN(LIST_TRUNCATED));
    ck_assert_uint_eq(l.n, SMB2_MAX_CONTEXTS);
    ck_assert_uint_eq(l.ctx[15].algs[0], 2);
}
END_TEST

START_TEST(test_too_many_algs)
{
    uint8_t data[2 + 17 * 2];
    data[0] = 17;
    data[1] = 0;
    for (int i = 0; i < 17; i++) {
        data[2 + 2 * i] = (uint8_t)(i + 1);
        data[3 + 2 * i] = 0;
    }
    uint8_t buf[64] = {0};
    size_t at = 0;
    put_ctx(buf, &at, 2, data, sizeof(data));
    struct smb2_negctx_list l;
    ck_assert_uint_eq(ctx_parse(buf, at, 0, 1, &l), AN(LIST_TRUNCATED));
    ck_assert_uint_eq(l.ctx[0].n_algs, SMB2_MAX_ALGS);
    ck_assert_uint_eq(l.ctx[0].count, 17);
    ck_assert_uint_eq(l.ctx[0].algs[15], 16);
}
END_TEST

/* A salt longer than SMB2_SALT_MAX keeps its first 256 bytes, flagged. */
START_TEST(test_salt_long)
{
    uint8_t data[6 + 300], buf[8 + sizeof(data)];
    memset(data, 0, sizeof(data));
    data[0] = 1;              /* HashAlgorithmCount */
    data[2] = (uint8_t)(300 & 0xff); /* SaltLength 300 */
    data[3] = (uint8_t)(300 >> 8);
    data[4] = 1;              /* SHA-512 */
    for (int i = 0; i < 300; i++)
        data[6 + i] = (uint8_t)i;
    size_t at = 0;
    put_ctx(buf, &at, 1, data, sizeof(data));
    struct smb2_negctx_list l;
    ck_assert_uint_eq(ctx_parse(buf, at, 0, 1, &l), AN(LIST_TRUNCATED));
    ck_assert_uint_eq(l.ctx[0].salt_length, 300);
    ck_assert_uint_eq(l.ctx[0].n_salt, SMB2_SALT_MAX);
    ck_assert_uint_eq(l.ctx[0].salt[255], 255);
}
END_TEST

/* ------------------------------------------------------------------------
 * NetName UTF-16LE -> UTF-8 (expected bytes from the Unicode encoding
 * forms, Unicode 15 ch. 3.9)
 * ------------------------------------------------------------------------ */

struct nn_row {
    const char *name;
    const uint8_t *utf16;
    uint16_t len;
    const char *utf8;
};

static const uint8_t nn_bmp[] = {'s', 0, 0xe9, 0x00, 0xac, 0x20};        /* s, U+00E9, U+20AC */
static const uint8_t nn_pair[] = {'a', 0, 0x3d, 0xd8, 0x00, 0xde, 'b', 0}; /* U+1F600 */
static const uint8_t nn_lone_hi[] = {'a', 0, 0x3d, 0xd8, 'b', 0};
static const uint8_t nn_hi_at_end[] = {'a', 0, 0x3d, 0xd8};
static const uint8_t nn_lone_lo[] = {0x00, 0xde, 'c', 0};
static const uint8_t nn_nul[] = {'s', 0, 'r', 0, 0, 0, 'x', 0};
static const uint8_t nn_odd[] = {'a', 0, 'b'};
static const uint8_t nn_empty[] = {0, 0};

#define NN(n, v, s) {n, v, sizeof(v), s}
static const struct nn_row nn_rows[] = {
    NN("BMP", nn_bmp, "s\xc3\xa9\xe2\x82\xac"),
    NN("surrogate pair", nn_pair, "a\xf0\x9f\x98\x80" "b"),
    NN("lone high surrogate", nn_lone_hi, "a\xef\xbf\xbd" "b"),
    NN("high surrogate at end", nn_hi_at_end, "a\xef\xbf\xbd"),
    NN("lone low surrogate", nn_lone_lo, "\xef\xbf\xbd" "c"),
    NN("stops at NUL", nn_nul, "sr"),
    NN("odd length", nn_odd, "a\xef\xbf\xbd"),
    NN("empty", nn_empty, ""),
};

START_TEST(test_netname)
{
    const struct nn_row *row = &nn_rows[_i];
    uint8_t buf[64] = {0};
    size_t at = 0;
    put_ctx(buf, &at, 5, row->utf16, row->len);
    struct smb2_negctx_list l;
    ck_assert_uint_eq(ctx_parse(buf, at, 0, 1, &l), 0);
    ck_assert(l.ctx[0].decoded);
    ck_assert_msg(strcmp(l.ctx[0].netname, row->utf8) == 0, "%s", row->name);
}
END_TEST

/* 200 x U+00E9 is 400 UTF-8 bytes: cut at a whole code point within 255. */
START_TEST(test_netname_long)
{
    uint8_t name[400], buf[512] = {0};
    for (int i = 0; i < 200; i++) {
        name[2 * i] = 0xe9;
        name[2 * i + 1] = 0;
    }
    size_t at = 0;
    put_ctx(buf, &at, 5, name, sizeof(name));
    struct smb2_negctx_list l;
    ck_assert_uint_eq(ctx_parse(buf, at, 0, 1, &l), AN(LIST_TRUNCATED));
    size_t n = strlen(l.ctx[0].netname);
    ck_assert_uint_eq(n, 254); /* 127 two-byte characters */
    ck_assert_uint_eq((uint8_t)l.ctx[0].netname[252], 0xc3);
    ck_assert_uint_eq((uint8_t)l.ctx[0].netname[253], 0xa9);
}
END_TEST

/* ------------------------------------------------------------------------
 * Truncation sweep: the real lists cut at every length
 * ------------------------------------------------------------------------ */

/* a list: the message bytes, NegotiateContextOffset and Count */
#define LIST(v, off, cnt) {.bytes = v, .len = sizeof(v), .offset = off, .count = cnt}

static const struct sweep_vec sweep_vecs[] = {
    LIST(v_req_311, 0x70, 4),   LIST(v_resp_311, 0xd0, 3), LIST(v_req_mc, 0x70, 5),
    LIST(v_resp_mc, 0x1c0, 3),  LIST(v_req_posix, 0x70, 4), LIST(v_req_rdma, 0x70, 6),
    LIST(v_resp_rdma, 0xf8, 5), LIST(two_ok, 0, 2),
};

/* A cut list reports OFFSET_PAST_END or NEGCTX_PAST_END, keeps fewer
 * contexts than the whole, and the ones it keeps equal the whole list's. */
START_TEST(test_truncation_sweep)
{
    size_t i;
    const struct sweep_vec *sv = sweep_pick(sweep_vecs, NROWS(sweep_vecs), (size_t)_i, &i);
    struct smb2_negctx_list full, part;
    ck_assert_uint_eq(ctx_parse(sv->bytes, sv->len, sv->offset, sv->count, &full), 0);
    uint32_t an = ctx_parse(sv->bytes, i, sv->offset, sv->count, &part);
    if (i == sv->len)
        return;
    ck_assert_msg(an == AN(NEGCTX_PAST_END) || an == AN(NEGCTX_OFFSET_PAST_END),
                  "prefix %zu of %zu: anomalies %#x", i, sv->len, an);
    ck_assert_uint_lt(part.n, full.n);
    for (uint16_t k = 0; k < part.n; k++)
        ck_assert_mem_eq(&part.ctx[k], &full.ctx[k], sizeof(part.ctx[k]));
}
END_TEST

static Suite *smb2_negctx_suite(void)
{
    Suite *s = suite_create("smb2_negctx");
    TCase *tc = tcase_create("table");
    tcase_add_loop_test(tc, test_table, 0, (int)NROWS(rows));
    tcase_add_loop_test(tc, test_netname, 0, (int)NROWS(nn_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("fields");
    tcase_add_test(tc, test_bad_counts_keep_what_fits);
    tcase_add_test(tc, test_unknown_and_posix);
    tcase_add_test(tc, test_misaligned_second_context);
    tcase_add_test(tc, test_real_values);
    tcase_add_test(tc, test_salt_and_counts);
    tcase_add_test(tc, test_too_many_contexts);
    tcase_add_test(tc, test_too_many_algs);
    tcase_add_test(tc, test_netname_long);
    tcase_add_test(tc, test_salt_long);
    suite_add_tcase(s, tc);

    tc = tcase_create("truncation");
    tcase_add_loop_test(tc, test_truncation_sweep, 0,
                        (int)sweep_total(sweep_vecs, NROWS(sweep_vecs)));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(smb2_negctx_suite());
}
