/* check_smb2_negotiate.c - unit tests for src/app/smb/smb2-negotiate.c and
 * smb2-header.c (MS-SMB2 2.2.1, 2.2.2, 2.2.3, 2.2.4).
 *
 * Expected values come from tshark 4.0's decode of the named captures
 * (tshark -V / -T fields) or, for hand-built vectors, from the MS-SMB2 field
 * layout; none is pasted back from this parser's output.  Every parse runs on
 * a copy that ends at a PROT_NONE page (helpers/guard.h). */
#include <check.h>
#include <string.h>

#include "app/smb/smb-msg.h"
#include "helpers/guard.h"
#include "helpers/truth.h"
#include "vectors/smb2_lab.h"
#include "vectors/smb2_public.h"

/* ------------------------------------------------------------------------
 * Hand-built vectors (MS-SMB2 layouts)
 * ------------------------------------------------------------------------ */

#define Z4 0, 0, 0, 0
#define Z8 Z4, Z4
/* 2.2.1.2 sync header: ProtocolId, StructureSize ss, CreditCharge, Status,
 * Command cmd, Credits 1, Flags fl, NextCommand, MessageId, Reserved,
 * TreeId, SessionId, Signature. */
#define HDR(ss, cmd, fl) \
    0xFE, 'S', 'M', 'B', ss, 0, 0, 0, Z4, cmd, 0, 1, 0, fl, 0, 0, 0, Z4, Z8, Z4, Z4, Z8, Z8, Z8
#define REQ_HDR HDR(64, 0, 0)
#define RESP_HDR HDR(64, 0, 1)
#define GUID16 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, \
               0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f
/* 2.2.3 fixed part up to ClientGuid: StructureSize ss, DialectCount n,
 * SecurityMode 1, Reserved, Capabilities 0x7f */
#define REQ_FIXED(ss, n) ss, 0, n, 0, 1, 0, 0, 0, 0x7f, 0, 0, 0, GUID16
/* 2.2.4 fixed part: StructureSize 65, SecurityMode 1, dialect, ctx count,
 * ServerGuid, Capabilities 7, MaxTransact/Read/Write 65536, SystemTime,
 * ServerStartTime 0, SecurityBuffer off/len, NegotiateContextOffset. */
#define RESP_FIXED(dlo, dhi, cnt, sboff, sblen, ctxoff_lo, ctxoff_hi) \
    65, 0, 1, 0, dlo, dhi, cnt, 0, GUID16, 7, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, \
    1, 2, 3, 4, 5, 6, 7, 8, Z8, sboff, 0, sblen, 0, ctxoff_lo, ctxoff_hi, 0, 0

/* One dialect 0x0202, ClientStartTime bytes 01..08. */
static const uint8_t req_min[] = {REQ_HDR, REQ_FIXED(36, 1), 1, 2, 3, 4, 5, 6, 7, 8, 0x02, 0x02};
static const uint8_t req_bad_ss[] = {REQ_HDR, REQ_FIXED(37, 1), Z8, 0x02, 0x02};
static const uint8_t req_zero[] = {REQ_HDR, REQ_FIXED(36, 0), Z8};
/* DialectCount 3, two present */
static const uint8_t req_past_end[] = {REQ_HDR, REQ_FIXED(36, 3), Z8, 0x02, 0x02, 0x10, 0x02};
static const uint8_t req_smb1_magic[] = {0xFF, 'S', 'M', 'B', 64, 0, 0, 0, Z4, 0, 0, 1, 0, Z4,
                                         Z4, Z8, Z4, Z4, Z8, Z8, Z8, REQ_FIXED(36, 1), Z8,
                                         0x02, 0x02};
static const uint8_t req_hdr_ss[] = {HDR(65, 0, 0), REQ_FIXED(36, 1), Z8, 0x02, 0x02};
static const uint8_t req_wrong_cmd[] = {HDR(64, 1, 0), REQ_FIXED(36, 1), Z8, 0x02, 0x02};
/* 0x0311 offered, NegotiateContextCount 0 */
static const uint8_t req_311_nocount[] = {REQ_HDR, REQ_FIXED(36, 2), 104, 0, 0, 0, 0, 0, 0, 0,
                                          0x00, 0x03, 0x11, 0x03};
/* 0x0311, one context at 0x400: outside the 104-byte message */
static const uint8_t req_ctx_off_past[] = {REQ_HDR, REQ_FIXED(36, 2), 0, 4, 0, 0, 1, 0, 0, 0,
                                           0x00, 0x03, 0x11, 0x03};
/* context at 104 declares DataLength 38, 8 bytes follow */
static const uint8_t req_ctx_past[] = {REQ_HDR, REQ_FIXED(36, 2), 104, 0, 0, 0, 1, 0, 0, 0,
                                       0x00, 0x03, 0x11, 0x03,
                                       1, 0, 38, 0, Z4, 1, 0, 32, 0, 1, 0, 0xaa, 0xbb};
/* encryption context says CipherCount 5 in DataLength 4, then (8-aligned at
 * 120) a valid signing context that must still be read */
static const uint8_t req_count_mismatch[] = {REQ_HDR, REQ_FIXED(36, 2), 104, 0, 0, 0, 2, 0, 0, 0,
                                             0x00, 0x03, 0x11, 0x03,
                                             2, 0, 4, 0, Z4, 5, 0, 2, 0, Z4,
                                             8, 0, 4, 0, Z4, 1, 0, 1, 0};
/* first context at 106 (not 8-aligned), the second at 120 */
static const uint8_t req_misaligned[] = {REQ_HDR, REQ_FIXED(36, 3), 106, 0, 0, 0, 2, 0, 0, 0,
                                         0x02, 0x02, 0x00, 0x03, 0x11, 0x03,
                                         8, 0, 4, 0, Z4, 1, 0, 0, 0, 0, 0,
                                         5, 0, 2, 0, Z4, 'a', 0};

static const uint8_t resp_err_min[] = {RESP_HDR, 9, 0, 0, 0, 0, 0, 0, 0, 0};
static const uint8_t resp_err_nodata[] = {RESP_HDR, 9, 0, 0, 0, 0, 0, 0, 0};
static const uint8_t resp_err_bytecount[] = {RESP_HDR, 9, 0, 0, 0, 4, 0, 0, 0, 0xee};
static const uint8_t resp_bad_ss[] = {RESP_HDR, 64, 0, 1, 0, 0x02, 0x02, Z4, GUID16, Z8, Z8, Z8,
                                      Z8, Z8, Z4, Z4};
static const uint8_t resp_noblob[] = {RESP_HDR, RESP_FIXED(0x02, 0x02, 0, 0, 0, 0, 0)};
/* SecurityBuffer at 128, length 16, two bytes present */
static const uint8_t resp_secbuf_past[] = {RESP_HDR, RESP_FIXED(0x00, 0x03, 0, 128, 16, 0, 0),
                                           0x60, 0x48};
/* 3.1.1, one context at 0x200, message 128 bytes */
static const uint8_t resp_ctx_off_past[] = {RESP_HDR, RESP_FIXED(0x11, 0x03, 1, 0, 0, 0, 2)};
/* 3.0 with non-zero Reserved/Reserved2 where 3.1.1 has count/offset */
static const uint8_t resp_300_reserved[] = {RESP_HDR, RESP_FIXED(0x00, 0x03, 2, 0, 0, 0, 2)};
/* 3.1.1, one encryption context at 128: AES-128-GCM */
static const uint8_t resp_311_ctx[] = {RESP_HDR, RESP_FIXED(0x11, 0x03, 1, 0, 0, 128, 0),
                                       2, 0, 4, 0, Z4, 1, 0, 2, 0};

/* ------------------------------------------------------------------------
 * Guarded parse wrappers
 * ------------------------------------------------------------------------ */

GUARDED_PARSER(req_parse, smb2_negotiate_req_parse, struct smb2_negotiate_req)
GUARDED_PARSER(resp_parse, smb2_negotiate_resp_parse, struct smb2_negotiate_resp)
GUARDED_PARSER(hdr_parse, smb2_hdr_parse, struct smb2_hdr)

/* ------------------------------------------------------------------------
 * Truth tables
 * ------------------------------------------------------------------------ */

static const struct row req_rows[] = {
    ROW("lab default-3.1.1 f4", v_req_311, PARSE_OK, 0),
    ROW("lab reject-old f4 (2.0.2/2.1)", v_req_21, PARSE_OK, 0),
    ROW("zeek smb3_multichannel f4", v_req_mc, PARSE_OK, 0),
    ROW("zeek smb2_100_small_files f4 (posix)", v_req_posix, PARSE_OK, 0),
    ROW("samr net.exe f8 (rdma)", v_req_rdma, PARSE_OK, 0),
    ROW("spec minimal 2.0.2", req_min, PARSE_OK, 0),
    ROW("3.1.1 with zero contexts", req_311_nocount, PARSE_OK, 0),
    ROW("StructureSize 37", req_bad_ss, PARSE_INVALID, AN(BAD_STRUCTURE_SIZE)),
    ROW("response parsed as request", v_resp_311, PARSE_INVALID, AN(BAD_STRUCTURE_SIZE)),
    ROW("DialectCount 0", req_zero, PARSE_INVALID, AN(ZERO_DIALECTS)),
    ROW("dialects past end", req_past_end, PARSE_TRUNCATED, AN(DIALECTS_PAST_END)),
    ROW("SMB1 ProtocolId", req_smb1_magic, PARSE_INVALID, AN(BAD_HEADER)),
    ROW("header StructureSize 65", req_hdr_ss, PARSE_INVALID, AN(BAD_HEADER)),
    ROW("command not NEGOTIATE", req_wrong_cmd, PARSE_INVALID, AN(BAD_HEADER)),
    ROW("context offset past end", req_ctx_off_past, PARSE_TRUNCATED, AN(NEGCTX_OFFSET_PAST_END)),
    ROW("context DataLength past end", req_ctx_past, PARSE_TRUNCATED, AN(NEGCTX_PAST_END)),
    ROW("count mismatch, next read", req_count_mismatch, PARSE_OK, AN(NEGCTX_COUNT_MISMATCH)),
    ROW("misaligned first context", req_misaligned, PARSE_OK, AN(NEGCTX_BAD_ALIGNMENT)),
    {"header cut at 20 bytes", req_min, 20, PARSE_TRUNCATED, AN(TRUNCATED)},
    {"fixed part cut at 90 bytes", req_min, 90, PARSE_TRUNCATED, AN(TRUNCATED)},
    {"empty", req_min, 0, PARSE_TRUNCATED, AN(TRUNCATED)},
};

static const struct row resp_rows[] = {
    ROW("lab default-3.1.1 f6", v_resp_311, PARSE_OK, 0),
    ROW("lab reject-old f6 (ERROR)", v_resp_err, PARSE_OK, 0),
    ROW("lab srv-max-3.0 f6", v_resp_300, PARSE_OK, 0),
    ROW("lab smb1-multiproto f6 (0x02FF)", v_resp_wild, PARSE_OK, 0),
    ROW("zeek smb3_multichannel f5", v_resp_mc, PARSE_OK, 0),
    ROW("samr net.exe f9", v_resp_rdma, PARSE_OK, 0),
    ROW("spec ERROR, ByteCount 0", resp_err_min, PARSE_OK, 0),
    ROW("spec no security buffer", resp_noblob, PARSE_OK, 0),
    ROW("spec 3.1.1 one context", resp_311_ctx, PARSE_OK, 0),
    ROW("3.0 ignores Reserved ctx fields", resp_300_reserved, PARSE_OK, 0),
    ROW("ERROR without ErrorData", resp_err_nodata, PARSE_TRUNCATED, AN(TRUNCATED)),
    ROW("ERROR ByteCount past end", resp_err_bytecount, PARSE_TRUNCATED, AN(TRUNCATED)),
    ROW("StructureSize 64", resp_bad_ss, PARSE_INVALID, AN(BAD_STRUCTURE_SIZE)),
    ROW("request parsed as response", v_req_311, PARSE_INVALID, AN(BAD_STRUCTURE_SIZE)),
    ROW("security buffer past end", resp_secbuf_past, PARSE_TRUNCATED, AN(SECBUF_PAST_END)),
    ROW("context offset past end", resp_ctx_off_past, PARSE_TRUNCATED,
        AN(NEGCTX_OFFSET_PAST_END)),
    {"fixed part cut at 100 bytes", v_resp_300, 100, PARSE_TRUNCATED, AN(TRUNCATED)},
};

START_TEST(test_req_table)
{
    const struct row *row = &req_rows[_i];
    struct smb2_negotiate_req out;
    enum parse_status st = req_parse(row->bytes, row->len, &out);
    truth_check(row, st, out.anomalies);
}
END_TEST

START_TEST(test_resp_table)
{
    const struct row *row = &resp_rows[_i];
    struct smb2_negotiate_resp out;
    enum parse_status st = resp_parse(row->bytes, row->len, &out);
    truth_check(row, st, out.anomalies);
}
END_TEST

/* ------------------------------------------------------------------------
 * Field values of the real vectors (tshark 4.0 decode)
 * ------------------------------------------------------------------------ */

static void assert_u16s(const uint16_t *got, uint16_t n_got, const uint16_t *want, size_t n_want)
{
    ck_assert_uint_eq(n_got, n_want);
    for (size_t i = 0; i < n_want; i++)
        ck_assert_msg(got[i] == want[i], "[%zu] %#x, want %#x", i, got[i], want[i]);
}

#define ASSERT_U16S(got, n, ...)                                                        \
    do {                                                                                \
        static const uint16_t want_[] = {__VA_ARGS__};                                  \
        assert_u16s(got, n, want_, NROWS(want_));                                       \
    } while (0)

/* lab/default-3.1.1.pcap frame 4 */
START_TEST(test_req_311_fields)
{
    static const uint8_t guid[16] = {0x9c, 0xc8, 0xd0, 0x62, 0xee, 0xcf, 0xd9, 0x47,
                                     0x8c, 0x95, 0xf1, 0x7d, 0x0c, 0x41, 0x3f, 0x19};
    struct smb2_negotiate_req r;
    ck_assert_int_eq(req_parse(v_req_311, sizeof(v_req_311), &r), PARSE_OK);
    ck_assert_uint_eq(r.structure_size, 36);
    ck_assert_uint_eq(r.dialect_count, 5);
    ck_assert_uint_eq(r.security_mode, 0x01);
    ck_assert_uint_eq(r.capabilities, 0x7f);
    ck_assert_mem_eq(r.client_guid, guid, 16);
    ck_assert(r.has_negctx);
    ck_assert_uint_eq(r.negctx_offset, 0x70);
    ck_assert_uint_eq(r.negctx_count, 4);
    ASSERT_U16S(r.dialects, r.n_dialects, 0x0202, 0x0210, 0x0300, 0x0302, 0x0311);
    ck_assert_uint_eq(r.ctx.n, 4);
    ck_assert_uint_eq(r.ctx.ctx[0].type, 0x0001);
    ck_assert_uint_eq(r.ctx.ctx[0].length, 38);
    ck_assert_uint_eq(r.ctx.ctx[0].salt_length, 32);
    ASSERT_U16S(r.ctx.ctx[0].algs, r.ctx.ctx[0].n_algs, 0x0001);
    ck_assert_uint_eq(r.ctx.ctx[1].type, 0x0002);
    ASSERT_U16S(r.ctx.ctx[1].algs, r.ctx.ctx[1].n_algs, 2, 1, 4, 3);
    ck_assert_uint_eq(r.ctx.ctx[2].type, 0x0008);
    ASSERT_U16S(r.ctx.ctx[2].algs, r.ctx.ctx[2].n_algs, 2, 1, 0);
    ck_assert_uint_eq(r.ctx.ctx[3].type, 0x0005);
    ck_assert_str_eq(r.ctx.ctx[3].netname, "srv");
    for (int i = 0; i < 4; i++)
        ck_assert(r.ctx.ctx[i].decoded);
}
END_TEST

/* lab/reject-old.pcap frame 4: no 0x0311, so the 8 bytes are ClientStartTime
 * (tshark shows them as a zero offset/count) */
START_TEST(test_req_21_fields)
{
    static const uint8_t guid[16] = {0xe0, 0xab, 0x82, 0xc9, 0xa3, 0x27, 0x16, 0x47,
                                     0xa2, 0xe0, 0x5b, 0x40, 0x6c, 0xed, 0x00, 0x44};
    struct smb2_negotiate_req r;
    ck_assert_int_eq(req_parse(v_req_21, sizeof(v_req_21), &r), PARSE_OK);
    ck_assert(!r.has_negctx);
    ck_assert_uint_eq(r.client_start_time, 0);
    ck_assert_uint_eq(r.capabilities, 0);
    ck_assert_mem_eq(r.client_guid, guid, 16);
    ASSERT_U16S(r.dialects, r.n_dialects, 0x0202, 0x0210);
    ck_assert_uint_eq(r.ctx.n, 0);
}
END_TEST

/* spec vector: ClientStartTime is a little-endian FILETIME */
START_TEST(test_req_min_fields)
{
    struct smb2_negotiate_req r;
    ck_assert_int_eq(req_parse(req_min, sizeof(req_min), &r), PARSE_OK);
    ck_assert(!r.has_negctx);
    ck_assert_uint_eq(r.client_start_time, 0x0807060504030201ull);
    ck_assert_uint_eq(r.negctx_offset, 0);
    ck_assert_uint_eq(r.negctx_count, 0);
    ASSERT_U16S(r.dialects, r.n_dialects, 0x0202);
}
END_TEST

/* zeek smb3_multichannel.pcap frame 4: compression (flags Chained) and
 * transport contexts */
START_TEST(test_req_mc_fields)
{
    static const uint8_t guid[16] = {0x38, 0x96, 0xc9, 0x9e, 0x83, 0x22, 0xeb, 0x11,
                                     0xb7, 0xbb, 0x00, 0x50, 0x56, 0x99, 0x2e, 0x14};
    struct smb2_negotiate_req r;
    ck_assert_int_eq(req_parse(v_req_mc, sizeof(v_req_mc), &r), PARSE_OK);
    ck_assert_mem_eq(r.client_guid, guid, 16);
    ASSERT_U16S(r.dialects, r.n_dialects, 0x0202, 0x0210, 0x0300, 0x0302, 0x0311);
    ck_assert_uint_eq(r.ctx.n, 5);
    static const uint16_t types[] = {1, 2, 3, 5, 6}, lens[] = {38, 6, 16, 24, 4};
    for (int i = 0; i < 5; i++) {
        ck_assert_uint_eq(r.ctx.ctx[i].type, types[i]);
        ck_assert_uint_eq(r.ctx.ctx[i].length, lens[i]);
    }
    ASSERT_U16S(r.ctx.ctx[1].algs, r.ctx.ctx[1].n_algs, 2, 1);
    ASSERT_U16S(r.ctx.ctx[2].algs, r.ctx.ctx[2].n_algs, 4, 2, 3, 1);
    ck_assert_uint_eq(r.ctx.ctx[2].flags, 0x1);
    ck_assert_str_eq(r.ctx.ctx[3].netname, "172.17.0.189");
    ck_assert(r.ctx.ctx[4].decoded);
    ck_assert_uint_eq(r.ctx.ctx[4].flags, 0);
}
END_TEST

/* zeek smb2_100_small_files.pcap frame 4: POSIX context 0x0100 */
START_TEST(test_req_posix_fields)
{
    struct smb2_negotiate_req r;
    ck_assert_int_eq(req_parse(v_req_posix, sizeof(v_req_posix), &r), PARSE_OK);
    ck_assert_uint_eq(r.capabilities, 0x77);
    ASSERT_U16S(r.dialects, r.n_dialects, 0x0210, 0x0300, 0x0302, 0x0311);
    ck_assert_uint_eq(r.ctx.n, 4);
    ck_assert_str_eq(r.ctx.ctx[2].netname, "127.0.0.1");
    ck_assert_uint_eq(r.ctx.ctx[3].type, 0x0100);
    ck_assert_uint_eq(r.ctx.ctx[3].length, 16);
    ck_assert(r.ctx.ctx[3].decoded);
    ck_assert_uint_eq(r.ctx.ctx[3].n_algs, 0);
}
END_TEST

/* samr net.exe...pcapng frame 8: six contexts incl. RDMA transforms */
START_TEST(test_req_rdma_fields)
{
    struct smb2_negotiate_req r;
    ck_assert_int_eq(req_parse(v_req_rdma, sizeof(v_req_rdma), &r), PARSE_OK);
    ck_assert_uint_eq(r.ctx.n, 6);
    static const uint16_t types[] = {1, 2, 3, 8, 5, 7}, lens[] = {38, 10, 16, 8, 38, 12};
    for (int i = 0; i < 6; i++) {
        ck_assert_uint_eq(r.ctx.ctx[i].type, types[i]);
        ck_assert_uint_eq(r.ctx.ctx[i].length, lens[i]);
    }
    ASSERT_U16S(r.ctx.ctx[1].algs, r.ctx.ctx[1].n_algs, 2, 1, 4, 3);
    ASSERT_U16S(r.ctx.ctx[2].algs, r.ctx.ctx[2].n_algs, 4, 2, 3, 1);
    ASSERT_U16S(r.ctx.ctx[3].algs, r.ctx.ctx[3].n_algs, 2, 1, 0);
    ck_assert_str_eq(r.ctx.ctx[4].netname, "ydc1.domain-y.local");
    ASSERT_U16S(r.ctx.ctx[5].algs, r.ctx.ctx[5].n_algs, 1, 2);
}
END_TEST

/* lab/default-3.1.1.pcap frame 6 */
START_TEST(test_resp_311_fields)
{
    static const uint8_t guid[16] = {0x76, 0x6d};
    struct smb2_negotiate_resp r;
    ck_assert_int_eq(resp_parse(v_resp_311, sizeof(v_resp_311), &r), PARSE_OK);
    ck_assert(!r.is_error);
    ck_assert_uint_eq(r.structure_size, 65);
    ck_assert_uint_eq(r.security_mode, 0x01);
    ck_assert_uint_eq(r.dialect, 0x0311);
    ck_assert_uint_eq(r.negctx_count, 3);
    ck_assert_uint_eq(r.negctx_offset, 0xd0);
    ck_assert_mem_eq(r.server_guid, guid, 16);
    ck_assert_uint_eq(r.capabilities, 0x0f);
    ck_assert_uint_eq(r.max_transact_size, 8388608);
    ck_assert_uint_eq(r.max_read_size, 8388608);
    ck_assert_uint_eq(r.max_write_size, 8388608);
    /* Nov 24, 2026 08:41:55.553491000 UTC as FILETIME */
    ck_assert_uint_eq(r.system_time, 134399833155534910ull);
    ck_assert_uint_eq(r.server_start_time, 0);
    ck_assert_uint_eq(r.secbuf_offset, 0x80);
    ck_assert_uint_eq(r.secbuf_length, 74);
    ck_assert_uint_eq(r.ctx.n, 3);
    ck_assert_uint_eq(r.ctx.ctx[0].salt_length, 32);
    ASSERT_U16S(r.ctx.ctx[0].algs, r.ctx.ctx[0].n_algs, 1);
    ASSERT_U16S(r.ctx.ctx[1].algs, r.ctx.ctx[1].n_algs, 2);
    ck_assert_uint_eq(r.ctx.ctx[2].type, 8);
    ASSERT_U16S(r.ctx.ctx[2].algs, r.ctx.ctx[2].n_algs, 2);
}
END_TEST

/* lab/reject-old.pcap frame 6: STATUS_NOT_SUPPORTED in the header */
START_TEST(test_resp_err_fields)
{
    struct smb2_negotiate_resp r;
    struct smb2_hdr h;
    ck_assert_int_eq(resp_parse(v_resp_err, sizeof(v_resp_err), &r), PARSE_OK);
    ck_assert(r.is_error);
    ck_assert_uint_eq(r.structure_size, 9);
    ck_assert_uint_eq(r.dialect, 0);
    ck_assert_int_eq(hdr_parse(v_resp_err, sizeof(v_resp_err), &h), PARSE_OK);
    ck_assert_uint_eq(h.status, 0xc00000bb);
    ck_assert_uint_eq(h.flags & SMB2_FLAGS_SERVER_TO_REDIR, SMB2_FLAGS_SERVER_TO_REDIR);
    ck_assert_uint_eq(h.credits, 1);
}
END_TEST

/* lab/srv-max-3.0.pcap frame 6 and lab/smb1-multiproto.pcap frame 6 */
START_TEST(test_resp_300_wild_fields)
{
    struct smb2_negotiate_resp r;
    ck_assert_int_eq(resp_parse(v_resp_300, sizeof(v_resp_300), &r), PARSE_OK);
    ck_assert_uint_eq(r.dialect, 0x0300);
    ck_assert_uint_eq(r.capabilities, 0x4f);
    ck_assert_uint_eq(r.system_time, 134399833208626880ull);
    ck_assert_uint_eq(r.negctx_count, 0);
    ck_assert_uint_eq(r.ctx.n, 0);
    ck_assert_int_eq(resp_parse(v_resp_wild, sizeof(v_resp_wild), &r), PARSE_OK);
    ck_assert_uint_eq(r.dialect, 0x02ff);
    ck_assert_uint_eq(r.capabilities, 0x07);
    ck_assert_uint_eq(r.system_time, 134399833264885070ull);
    ck_assert_uint_eq(r.secbuf_length, 74);
}
END_TEST

/* zeek smb3_multichannel.pcap frame 5 and samr net.exe frame 9 */
START_TEST(test_resp_public_fields)
{
    static const uint8_t guid_mc[16] = {0x69, 0x7c, 0xde, 0xfa, 0x23, 0xc9, 0xb5, 0x4e,
                                        0xb5, 0xf6, 0x52, 0xc1, 0x49, 0x90, 0x83, 0x8b};
    struct smb2_negotiate_resp r;
    ck_assert_int_eq(resp_parse(v_resp_mc, sizeof(v_resp_mc), &r), PARSE_OK);
    ck_assert_mem_eq(r.server_guid, guid_mc, 16);
    ck_assert_uint_eq(r.capabilities, 0x2f);
    ck_assert_uint_eq(r.system_time, 132496614393548428ull);
    ck_assert_uint_eq(r.secbuf_length, 320);
    ck_assert_uint_eq(r.negctx_offset, 0x1c0);
    ck_assert_uint_eq(r.ctx.n, 3);
    ck_assert_uint_eq(r.ctx.ctx[2].type, 3);
    ck_assert_uint_eq(r.ctx.ctx[2].flags, 1);
    ASSERT_U16S(r.ctx.ctx[2].algs, r.ctx.ctx[2].n_algs, 2, 4);

    ck_assert_int_eq(resp_parse(v_resp_rdma, sizeof(v_resp_rdma), &r), PARSE_OK);
    ck_assert_uint_eq(r.security_mode, 0x03);
    ck_assert_uint_eq(r.system_time, 133781666046597602ull);
    ck_assert_uint_eq(r.negctx_offset, 0xf8);
    ck_assert_uint_eq(r.ctx.n, 5);
    static const uint16_t types[] = {1, 2, 8, 7, 3};
    for (int i = 0; i < 5; i++)
        ck_assert_uint_eq(r.ctx.ctx[i].type, types[i]);
    ASSERT_U16S(r.ctx.ctx[3].algs, r.ctx.ctx[3].n_algs, 1, 2);
    ASSERT_U16S(r.ctx.ctx[4].algs, r.ctx.ctx[4].n_algs, 2, 4);
}
END_TEST

/* ------------------------------------------------------------------------
 * Details of the malformed vectors
 * ------------------------------------------------------------------------ */

START_TEST(test_req_past_end_keeps_dialects)
{
    struct smb2_negotiate_req r;
    ck_assert_int_eq(req_parse(req_past_end, sizeof(req_past_end), &r), PARSE_TRUNCATED);
    ck_assert_uint_eq(r.dialect_count, 3);
    ASSERT_U16S(r.dialects, r.n_dialects, 0x0202, 0x0210);
}
END_TEST

START_TEST(test_req_count_mismatch_continues)
{
    struct smb2_negotiate_req r;
    ck_assert_int_eq(req_parse(req_count_mismatch, sizeof(req_count_mismatch), &r), PARSE_OK);
    ck_assert_uint_eq(r.ctx.n, 2);
    ASSERT_U16S(r.ctx.ctx[0].algs, r.ctx.ctx[0].n_algs, 2);
    ck_assert_uint_eq(r.ctx.ctx[1].type, 8);
    ck_assert(r.ctx.ctx[1].decoded);
    ASSERT_U16S(r.ctx.ctx[1].algs, r.ctx.ctx[1].n_algs, 1);
}
END_TEST

START_TEST(test_req_misaligned_contexts)
{
    struct smb2_negotiate_req r;
    ck_assert_int_eq(req_parse(req_misaligned, sizeof(req_misaligned), &r), PARSE_OK);
    ck_assert_uint_eq(r.ctx.n, 2);
    ASSERT_U16S(r.ctx.ctx[0].algs, r.ctx.ctx[0].n_algs, 0);
    ck_assert_str_eq(r.ctx.ctx[1].netname, "a");
}
END_TEST

/* 70 dialects: 64 kept, 0x0311 (position 68) still selects the context
 * interpretation of the 8 bytes after ClientGuid. */
START_TEST(test_req_dialect_cap)
{
    uint8_t v[sizeof(req_min) - 2 + 70 * 2];
    memcpy(v, req_min, sizeof(req_min) - 2);
    v[64 + 2] = 70;
    memset(v + 64 + 28, 0, 8); /* offset 0, count 0 */
    for (size_t i = 0; i < 70; i++) {
        uint16_t d = i == 68 ? 0x0311 : (uint16_t)(0x0200 + i);
        v[100 + 2 * i] = (uint8_t)(d & 0xff);
        v[101 + 2 * i] = (uint8_t)(d >> 8);
    }
    struct smb2_negotiate_req r;
    ck_assert_int_eq(req_parse(v, sizeof(v), &r), PARSE_OK);
    ck_assert_uint_eq(r.anomalies, AN(LIST_TRUNCATED));
    ck_assert_uint_eq(r.n_dialects, SMB2_MAX_DIALECTS);
    ck_assert_uint_eq(r.dialects[63], 0x0200 + 63);
    ck_assert(r.has_negctx);
}
END_TEST

START_TEST(test_resp_300_reserved_ignored)
{
    struct smb2_negotiate_resp r;
    ck_assert_int_eq(resp_parse(resp_300_reserved, sizeof(resp_300_reserved), &r), PARSE_OK);
    ck_assert_uint_eq(r.negctx_count, 0);
    ck_assert_uint_eq(r.negctx_offset, 0);
    ck_assert_uint_eq(r.ctx.n, 0);
    ck_assert_uint_eq(r.system_time, 0x0807060504030201ull);
    ck_assert_uint_eq(r.max_read_size, 65536);
}
END_TEST

/* ------------------------------------------------------------------------
 * Header (2.2.1)
 * ------------------------------------------------------------------------ */

START_TEST(test_hdr_fields)
{
    /* async header: Flags ASYNC|SERVER_TO_REDIR, AsyncId 0x1122..., SessionId 7 */
    static const uint8_t async_hdr[] = {0xFE, 'S', 'M', 'B', 64, 0, 1, 0, 0x03, 0x01, 0, 0,
                                        9, 0, 2, 0, 3, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0,
                                        0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 7, 0, 0,
                                        0, 0, 0, 0, 0, 0xa0, Z4, Z4, Z4, 0, 0, 0xaf};
    _Static_assert(sizeof(async_hdr) == 64, "async header is 64 bytes");
    struct smb2_hdr h;
    ck_assert_int_eq(hdr_parse(async_hdr, sizeof(async_hdr), &h), PARSE_OK);
    ck_assert_uint_eq(h.credit_charge, 1);
    ck_assert_uint_eq(h.status, 0x00000103);
    ck_assert_uint_eq(h.command, 9);
    ck_assert_uint_eq(h.credits, 2);
    ck_assert_uint_eq(h.flags, 3);
    ck_assert_uint_eq(h.message_id, 5);
    ck_assert_uint_eq(h.async_id, 0x1122334455667788ull);
    ck_assert_uint_eq(h.tree_id, 0);
    ck_assert_uint_eq(h.session_id, 7);
    ck_assert_uint_eq(h.signature[0], 0xa0);
    ck_assert_uint_eq(h.signature[15], 0xaf);

    /* tshark: lab/default-3.1.1.pcap frame 4 requests 31 credits */
    ck_assert_int_eq(hdr_parse(v_req_311, sizeof(v_req_311), &h), PARSE_OK);
    ck_assert_uint_eq(h.credits, 31);
    ck_assert_uint_eq(h.command, 0);
    ck_assert_uint_eq(h.flags, 0);
}
END_TEST

START_TEST(test_hdr_bad)
{
    struct smb2_hdr h;
    ck_assert_int_eq(hdr_parse(req_smb1_magic, 64, &h), PARSE_INVALID);
    ck_assert_int_eq(hdr_parse(req_smb1_magic, 1, &h), PARSE_INVALID);
    ck_assert_int_eq(hdr_parse(req_hdr_ss, 64, &h), PARSE_INVALID);
    ck_assert_int_eq(hdr_parse(req_min, 63, &h), PARSE_TRUNCATED);
    ck_assert_int_eq(hdr_parse(req_min, 0, &h), PARSE_TRUNCATED);
}
END_TEST

/* ------------------------------------------------------------------------
 * Truncation sweep: every prefix of every valid vector
 * ------------------------------------------------------------------------ */

static const struct sweep_vec sweep_vecs[] = {
    SV(v_req_311, false),   SV(v_req_21, false),    SV(v_req_mc, false),
    SV(v_req_posix, false), SV(v_req_rdma, false),  SV(req_min, false),
    SV(req_misaligned, false), SV(req_count_mismatch, false),
    SV(v_resp_311, true),   SV(v_resp_err, true),   SV(v_resp_300, true),
    SV(v_resp_wild, true),  SV(v_resp_mc, true),    SV(v_resp_rdma, true),
    SV(resp_311_ctx, true), SV(resp_noblob, true),
};

/* A prefix must not parse as OK; what it kept must agree with the full
 * parse (nothing invented past the prefix). */
static void sweep_req(const struct sweep_vec *sv, size_t n)
{
    struct smb2_negotiate_req full, part;
    if (!sweep_prefix(sv, n, req_parse_any, &full, &part))
        return;
    ck_assert(n < 100 || 100 + 2 * (size_t)part.n_dialects <= n);
    for (uint16_t i = 0; i < part.n_dialects; i++)
        ck_assert_uint_eq(part.dialects[i], full.dialects[i]);
    ck_assert_uint_le(part.ctx.n, full.ctx.n);
}

static void sweep_resp(const struct sweep_vec *sv, size_t n)
{
    struct smb2_negotiate_resp full, part;
    if (!sweep_prefix(sv, n, resp_parse_any, &full, &part))
        return;
    ck_assert_uint_le(part.ctx.n, full.ctx.n);
}

START_TEST(test_truncation_sweep)
{
    size_t n;
    const struct sweep_vec *sv = sweep_pick(sweep_vecs, NROWS(sweep_vecs), (size_t)_i, &n);
    if (sv->response)
        sweep_resp(sv, n);
    else
        sweep_req(sv, n);
}
END_TEST

static Suite *smb2_negotiate_suite(void)
{
    Suite *s = suite_create("smb2_negotiate");
    TCase *tc = tcase_create("tables");
    tcase_add_loop_test(tc, test_req_table, 0, (int)NROWS(req_rows));
    tcase_add_loop_test(tc, test_resp_table, 0, (int)NROWS(resp_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("fields");
    tcase_add_test(tc, test_req_311_fields);
    tcase_add_test(tc, test_req_21_fields);
    tcase_add_test(tc, test_req_min_fields);
    tcase_add_test(tc, test_req_mc_fields);
    tcase_add_test(tc, test_req_posix_fields);
    tcase_add_test(tc, test_req_rdma_fields);
    tcase_add_test(tc, test_resp_311_fields);
    tcase_add_test(tc, test_resp_err_fields);
    tcase_add_test(tc, test_resp_300_wild_fields);
    tcase_add_test(tc, test_resp_public_fields);
    tcase_add_test(tc, test_req_past_end_keeps_dialects);
    tcase_add_test(tc, test_req_count_mismatch_continues);
    tcase_add_test(tc, test_req_misaligned_contexts);
    tcase_add_test(tc, test_req_dialect_cap);
    tcase_add_test(tc, test_resp_300_reserved_ignored);
    tcase_add_test(tc, test_hdr_fields);
    tcase_add_test(tc, test_hdr_bad);
    suite_add_tcase(s, tc);

    tc = tcase_create("truncation");
    tcase_add_loop_test(tc, test_truncation_sweep, 0,
                        (int)sweep_total(sweep_vecs, NROWS(sweep_vecs)));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(smb2_negotiate_suite());
}
