/* check_smb1_negotiate.c - unit tests for src/app/smb/smb1-negotiate.c
 * (MS-CIFS 2.2.3.1 header, 2.2.4.52 SMB_COM_NEGOTIATE; MS-SMB 2.2.4.5.2.1).
 *
 * Real vectors are in vectors/smb1_vectors.h; their expected values are
 * tshark 4.0's decode of the named frames.  Hand-built vectors follow the
 * MS-CIFS layouts.  Every parse runs on a copy that ends at a PROT_NONE
 * page. */
#include <check.h>
#include <string.h>

#include "app/smb/smb-msg.h"
#include "helpers/guard.h"
#include "helpers/truth.h"
#include "vectors/smb1_vectors.h"

#define Z4 0, 0, 0, 0
#define Z8 Z4, Z4

/* ------------------------------------------------------------------------
 * Hand-built vectors
 * ------------------------------------------------------------------------ */

/* MS-CIFS 2.2.3.1: Protocol, Command, Status, Flags, Flags2 0xc801,
 * PIDHigh, SecurityFeatures, Reserved, TID, PIDLow 0x1234, UID, MID 1 */
#define HDR1(cmd, fl) 0xFF, 'S', 'M', 'B', cmd, Z4, fl, 0x01, 0xc8, 0, 0, Z8, 0, 0, 0, 0, \
                      0x34, 0x12, 0, 0, 1, 0
#define REQ1 HDR1(0x72, 0x08)
#define RESP1 HDR1(0x72, 0x88)
#define NTLM012 'N', 'T', ' ', 'L', 'M', ' ', '0', '.', '1', '2'
#define A10 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'

static const uint8_t req1_min[] = {REQ1, 0, 12, 0, 0x02, NTLM012, 0};
static const uint8_t req1_wc1[] = {REQ1, 1, 0, 0, 12, 0, 0x02, NTLM012, 0};
static const uint8_t req1_zero[] = {REQ1, 0, 0, 0};
static const uint8_t req1_past_end[] = {REQ1, 0, 30, 0, 0x02, NTLM012, 0};
static const uint8_t req1_bad_format[] = {REQ1, 0, 15, 0, 0x03, 'X', 0, 0x02, NTLM012, 0};
static const uint8_t req1_no_nul[] = {REQ1, 0, 3, 0, 0x02, 'A', 'B'};
static const uint8_t req1_long[] = {REQ1, 0, 62, 0, 0x02, A10, A10, A10, A10, A10, A10, 0};
static const uint8_t req1_empty_name[] = {REQ1, 0, 2, 0, 0x02, 0};
static const uint8_t req1_wrong_cmd[] = {HDR1(0x73, 0x08), 0, 12, 0, 0x02, NTLM012, 0};
static const uint8_t req1_smb2_magic[] = {0xFE, 'S', 'M', 'B', 0x72, Z4, 0, 0, 0, 0, 0, Z8,
                                          0, 0, Z4, Z4, 0, 12, 0, 0x02, NTLM012, 0};

/* WordCount 1: DialectIndex 0xFFFF ("none"), ByteCount 0 */
static const uint8_t resp1_none[] = {RESP1, 1, 0xff, 0xff, 0, 0};
static const uint8_t resp1_wc1[] = {RESP1, 1, 2, 0, 0, 0};
static const uint8_t resp1_wc1_nobc[] = {RESP1, 1, 2, 0};
/* WordCount 13 (LANMAN): index 5, SecurityMode 3, MaxBufferSize 4096,
 * MaxMpxCount 50, MaxNumberVcs 1, RawMode 3, SessionKey, ServerTime,
 * ServerDate, ServerTimeZone, EncryptionKeyLength 8, Reserved; 8-byte key */
static const uint8_t resp1_lanman[] = {RESP1, 13, 5, 0, 3, 0, 0, 0x10, 50, 0, 1, 0, 3, 0,
                                       1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0,
                                       8, 0, 1, 2, 3, 4, 5, 6, 7, 8};
static const uint8_t resp1_wc5[] = {RESP1, 5, 1, 0, Z8, 0, 0, 0, 0};
static const uint8_t resp1_wc0[] = {RESP1, 0, 0, 0};
/* WordCount 17: index 0, SecurityMode 1, MaxMpxCount 2, MaxNumberVcs 1,
 * MaxBufferSize 0x10000, MaxRawSize, SessionKey, Capabilities
 * 0x80000000|0xd4 (extended security), SystemTime 01..08, TimeZone,
 * ChallengeLength 0 */
#define NT_WORDS(caphi) 17, 0, 0, 1, 2, 0, 1, 0, 0, 0, 1, 0, Z4, Z4, 0xd4, 0, 0, caphi, \
                        1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0
/* ByteCount 8: too short for a ServerGUID */
static const uint8_t resp1_ext_short[] = {RESP1, NT_WORDS(0x80), 8, 0, Z8};
/* ByteCount 40, 16 present */
static const uint8_t resp1_bc_past[] = {RESP1, NT_WORDS(0x80), 40, 0, Z8, Z8};
/* extended security, GUID 0xa0..0xaf, no blob */
static const uint8_t resp1_ext_guid[] = {RESP1, NT_WORDS(0x80), 16, 0,
                                         0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
                                         0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf};
/* WordCount 17 but 10 word bytes */
static const uint8_t resp1_words_cut[] = {RESP1, 17, 0, 0, 1, 2, 0, 1, 0, 0, 0, 1};
static const uint8_t resp1_wrong_cmd[] = {HDR1(0x73, 0x88), 1, 2, 0, 0, 0};

/* ------------------------------------------------------------------------
 * Guarded wrappers and truth tables
 * ------------------------------------------------------------------------ */

GUARDED_PARSER(req_parse, smb1_negotiate_req_parse, struct smb1_negotiate_req)
GUARDED_PARSER(resp_parse, smb1_negotiate_resp_parse, struct smb1_negotiate_resp)
GUARDED_PARSER(hdr_parse, smb1_hdr_parse, struct smb1_hdr)

static const struct row req_rows[] = {
    ROW("lab smb1-only f4", v1_req_nt, PARSE_OK, 0),
    ROW("lab smb1-multiproto f4", v1_req_multi, PARSE_OK, 0),
    ROW("arkime smb-smbclient f4", v1_req_ten, PARSE_OK, 0),
    ROW("spec NT LM 0.12", req1_min, PARSE_OK, 0),
    ROW("empty dialect name", req1_empty_name, PARSE_OK, 0),
    ROW("WordCount 1", req1_wc1, PARSE_INVALID, AN(BAD_STRUCTURE_SIZE)),
    ROW("no dialects", req1_zero, PARSE_INVALID, AN(ZERO_DIALECTS)),
    ROW("ByteCount past end", req1_past_end, PARSE_TRUNCATED, AN(DIALECTS_PAST_END)),
    ROW("BufferFormat 0x03", req1_bad_format, PARSE_OK, AN(BAD_DIALECT_STRING)),
    ROW("missing NUL", req1_no_nul, PARSE_OK, AN(BAD_DIALECT_STRING)),
    ROW("60-byte dialect", req1_long, PARSE_OK, AN(LIST_TRUNCATED)),
    ROW("command 0x73", req1_wrong_cmd, PARSE_INVALID, AN(BAD_HEADER)),
    ROW("SMB2 ProtocolId", req1_smb2_magic, PARSE_INVALID, AN(BAD_HEADER)),
    ROW("response as request", v1_resp_nt, PARSE_INVALID, AN(BAD_STRUCTURE_SIZE)),
    {"header cut at 31", req1_min, 31, PARSE_TRUNCATED, AN(TRUNCATED)},
    {"ByteCount cut", req1_min, 34, PARSE_TRUNCATED, AN(TRUNCATED)},
};

static const struct row resp_rows[] = {
    ROW("lab smb1-only f6", v1_resp_nt, PARSE_OK, 0),
    ROW("arkime smb-smbclient f6", v1_resp_chal, PARSE_OK, 0),
    ROW("index 0xFFFF", resp1_none, PARSE_OK, 0),
    ROW("WordCount 1", resp1_wc1, PARSE_OK, 0),
    ROW("WordCount 13", resp1_lanman, PARSE_OK, 0),
    ROW("ext sec, GUID", resp1_ext_guid, PARSE_OK, 0),
    ROW("ext sec, ByteCount 8", resp1_ext_short, PARSE_OK, 0),
    ROW("WordCount 1 without ByteCount", resp1_wc1_nobc, PARSE_TRUNCATED, AN(TRUNCATED)),
    ROW("WordCount 5", resp1_wc5, PARSE_INVALID, AN(BAD_STRUCTURE_SIZE)),
    ROW("WordCount 0", resp1_wc0, PARSE_INVALID, AN(BAD_STRUCTURE_SIZE)),
    ROW("ByteCount past end", resp1_bc_past, PARSE_TRUNCATED, AN(TRUNCATED)),
    ROW("words cut", resp1_words_cut, PARSE_TRUNCATED, AN(TRUNCATED)),
    ROW("command 0x73", resp1_wrong_cmd, PARSE_INVALID, AN(BAD_HEADER)),
    {"empty", resp1_wc1, 0, PARSE_TRUNCATED, AN(TRUNCATED)},
};

START_TEST(test_req_table)
{
    const struct row *row = &req_rows[_i];
    struct smb1_negotiate_req out;
    enum parse_status st = req_parse(row->bytes, row->len, &out);
    truth_check(row, st, out.anomalies);
}
END_TEST

START_TEST(test_resp_table)
{
    const struct row *row = &resp_rows[_i];
    struct smb1_negotiate_resp out;
    enum parse_status st = resp_parse(row->bytes, row->len, &out);
    truth_check(row, st, out.anomalies);
}
END_TEST

/* ------------------------------------------------------------------------
 * Field values
 * ------------------------------------------------------------------------ */

static void assert_dialects(const struct smb1_negotiate_req *r, const char *const *want,
                            size_t n)
{
    ck_assert_uint_eq(r->n_dialects, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_str_eq(r->dialects[i], want[i]);
}

/* tshark: lab/smb1-only.pcap frame 4, smb1-multiproto.pcap frame 4,
 * arkime smb-smbclient.pcap frame 4 */
START_TEST(test_req_fields)
{
    static const char *const nt[] = {"NT LANMAN 1.0", "NT LM 0.12"};
    static const char *const multi[] = {"NT LANMAN 1.0", "NT LM 0.12", "SMB 2.002",
                                        "SMB 2.???"};
    static const char *const ten[] = {
        "PC NETWORK PROGRAM 1.0", "MICROSOFT NETWORKS 1.03", "MICROSOFT NETWORKS 3.0",
        "LANMAN1.0", "LM1.2X002", "DOS LANMAN2.1", "LANMAN2.1", "Samba", "NT LANMAN 1.0",
        "NT LM 0.12"};
    struct smb1_negotiate_req r;
    ck_assert_int_eq(req_parse(v1_req_nt, sizeof(v1_req_nt), &r), PARSE_OK);
    assert_dialects(&r, nt, NROWS(nt));
    ck_assert_int_eq(req_parse(v1_req_multi, sizeof(v1_req_multi), &r), PARSE_OK);
    assert_dialects(&r, multi, NROWS(multi));
    ck_assert_int_eq(req_parse(v1_req_ten, sizeof(v1_req_ten), &r), PARSE_OK);
    assert_dialects(&r, ten, NROWS(ten));
}
END_TEST

START_TEST(test_req_malformed_fields)
{
    struct smb1_negotiate_req r;
    req_parse(req1_past_end, sizeof(req1_past_end), &r);
    ck_assert_uint_eq(r.n_dialects, 1);
    ck_assert_str_eq(r.dialects[0], "NT LM 0.12");
    req_parse(req1_bad_format, sizeof(req1_bad_format), &r);
    ck_assert_uint_eq(r.n_dialects, 2);
    ck_assert_str_eq(r.dialects[0], "X");
    ck_assert_str_eq(r.dialects[1], "NT LM 0.12");
    req_parse(req1_no_nul, sizeof(req1_no_nul), &r);
    ck_assert_str_eq(r.dialects[0], "AB");
    req_parse(req1_long, sizeof(req1_long), &r);
    ck_assert_uint_eq(r.n_dialects, 1);
    ck_assert_uint_eq(strlen(r.dialects[0]), SMB1_DIALECT_MAX - 1);
    req_parse(req1_empty_name, sizeof(req1_empty_name), &r);
    ck_assert_uint_eq(r.n_dialects, 1);
    ck_assert_str_eq(r.dialects[0], "");
}
END_TEST

/* 33 dialects: 32 kept */
START_TEST(test_req_too_many)
{
    uint8_t v[SMB1_HDR_LEN + 3 + 33 * 3];
    memcpy(v, req1_min, SMB1_HDR_LEN);
    v[SMB1_HDR_LEN] = 0;
    v[SMB1_HDR_LEN + 1] = 33 * 3;
    v[SMB1_HDR_LEN + 2] = 0;
    for (int i = 0; i < 33; i++) {
        v[SMB1_HDR_LEN + 3 + 3 * i] = 0x02;
        v[SMB1_HDR_LEN + 4 + 3 * i] = (uint8_t)('a' + i % 26);
        v[SMB1_HDR_LEN + 5 + 3 * i] = 0;
    }
    struct smb1_negotiate_req r;
    ck_assert_int_eq(req_parse(v, sizeof(v), &r), PARSE_OK);
    ck_assert_uint_eq(r.anomalies, AN(LIST_TRUNCATED));
    ck_assert_uint_eq(r.n_dialects, SMB1_MAX_DIALECTS);
    ck_assert_str_eq(r.dialects[31], "f");
}
END_TEST

/* tshark: lab/smb1-only.pcap frame 6.  SystemTime Nov 24, 2026
 * 08:42:04.3686082 UTC; Server GUID printed 766d0000-0000-... in wire
 * order. */
START_TEST(test_resp_nt_fields)
{
    static const uint8_t guid[16] = {0x76, 0x6d};
    struct smb1_negotiate_resp r;
    ck_assert_int_eq(resp_parse(v1_resp_nt, sizeof(v1_resp_nt), &r), PARSE_OK);
    ck_assert_uint_eq(r.word_count, 17);
    ck_assert(r.has_nt);
    ck_assert_uint_eq(r.dialect_index, 0);
    ck_assert_uint_eq(r.security_mode, 0x03);
    ck_assert_uint_eq(r.max_mpx_count, 50);
    ck_assert_uint_eq(r.max_buffer_size, 16644);
    ck_assert_uint_eq(r.capabilities, 0x8080f3fd);
    ck_assert_uint_eq(r.system_time, 134399833243686082ull);
    ck_assert(r.has_server_guid);
    ck_assert_mem_eq(r.server_guid, guid, 16);
}
END_TEST

/* tshark: arkime smb-smbclient.pcap frame 6: no extended security, an
 * 8-byte challenge; SystemTime Dec 19, 2013 23:13:08.1430423 UTC */
START_TEST(test_resp_chal_fields)
{
    struct smb1_negotiate_resp r;
    ck_assert_int_eq(resp_parse(v1_resp_chal, sizeof(v1_resp_chal), &r), PARSE_OK);
    ck_assert(r.has_nt);
    ck_assert_uint_eq(r.dialect_index, 8);
    ck_assert_uint_eq(r.security_mode, 0x02);
    ck_assert_uint_eq(r.max_mpx_count, 50);
    ck_assert_uint_eq(r.max_buffer_size, 16644);
    ck_assert_uint_eq(r.capabilities, 0x0000f3fd);
    ck_assert_uint_eq(r.system_time, 130319683881430423ull);
    ck_assert(!r.has_server_guid);
}
END_TEST

START_TEST(test_resp_spec_fields)
{
    static const uint8_t guid[16] = {0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
                                     0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf};
    struct smb1_negotiate_resp r;
    resp_parse(resp1_none, sizeof(resp1_none), &r);
    ck_assert_uint_eq(r.word_count, 1);
    ck_assert_uint_eq(r.dialect_index, 0xffff);
    ck_assert(!r.has_nt);
    resp_parse(resp1_wc1, sizeof(resp1_wc1), &r);
    ck_assert_uint_eq(r.dialect_index, 2);
    resp_parse(resp1_lanman, sizeof(resp1_lanman), &r);
    ck_assert_uint_eq(r.word_count, 13);
    ck_assert(!r.has_nt);
    ck_assert_uint_eq(r.dialect_index, 5);
    ck_assert_uint_eq(r.security_mode, 3);
    ck_assert_uint_eq(r.max_buffer_size, 4096);
    ck_assert_uint_eq(r.max_mpx_count, 50);
    resp_parse(resp1_wc5, sizeof(resp1_wc5), &r);
    ck_assert_uint_eq(r.dialect_index, 1);
    resp_parse(resp1_wc0, sizeof(resp1_wc0), &r);
    ck_assert_uint_eq(r.dialect_index, 0xffff);
    resp_parse(resp1_ext_guid, sizeof(resp1_ext_guid), &r);
    ck_assert_uint_eq(r.capabilities, 0x800000d4);
    ck_assert_uint_eq(r.system_time, 0x0807060504030201ull);
    ck_assert_uint_eq(r.max_buffer_size, 0x10000);
    ck_assert_uint_eq(r.max_mpx_count, 2);
    ck_assert_uint_eq(r.security_mode, 1);
    ck_assert(r.has_server_guid);
    ck_assert_mem_eq(r.server_guid, guid, 16);
    resp_parse(resp1_ext_short, sizeof(resp1_ext_short), &r);
    ck_assert(!r.has_server_guid);
}
END_TEST

/* tshark: lab/smb1-only.pcap frame 4 header */
START_TEST(test_hdr_fields)
{
    struct smb1_hdr h;
    ck_assert_int_eq(hdr_parse(v1_req_nt, sizeof(v1_req_nt), &h), PARSE_OK);
    ck_assert_uint_eq(h.command, 0x72);
    ck_assert_uint_eq(h.status, 0);
    ck_assert_uint_eq(h.flags, 0x18);
    ck_assert_uint_eq(h.flags2, 0xc843);
    ck_assert_uint_eq(h.tid, 0);
    ck_assert_uint_eq(h.pid, 65534);
    ck_assert_uint_eq(h.uid, 0);
    ck_assert_uint_eq(h.mid, 0);
    ck_assert_int_eq(hdr_parse(v1_resp_nt, 31, &h), PARSE_TRUNCATED);
    ck_assert_int_eq(hdr_parse(req1_smb2_magic, 2, &h), PARSE_INVALID);
}
END_TEST

/* ------------------------------------------------------------------------
 * Truncation sweep
 * ------------------------------------------------------------------------ */

static const struct sweep_vec sweep_vecs[] = {
    SV(v1_req_nt, false),   SV(v1_req_multi, false), SV(v1_req_ten, false),
    SV(req1_min, false),    SV(v1_resp_nt, true),    SV(v1_resp_chal, true),
    SV(resp1_none, true),   SV(resp1_lanman, true),  SV(resp1_ext_guid, true),
};

/* A prefix is never OK; the dialects it keeps are those of the whole
 * request, the last possibly cut short. */
static void sweep_req(const struct sweep_vec *sv, size_t n)
{
    struct smb1_negotiate_req full, part;
    if (!sweep_prefix(sv, n, req_parse_any, &full, &part))
        return;
    ck_assert_uint_le(part.n_dialects, full.n_dialects);
    for (uint8_t i = 0; i < part.n_dialects; i++) {
        size_t k = strlen(part.dialects[i]);
        ck_assert(strncmp(part.dialects[i], full.dialects[i], k) == 0);
        if (i + 1 < part.n_dialects)
            ck_assert_str_eq(part.dialects[i], full.dialects[i]);
    }
}

static void sweep_resp(const struct sweep_vec *sv, size_t n)
{
    struct smb1_negotiate_resp full, part;
    if (!sweep_prefix(sv, n, resp_parse_any, &full, &part))
        return;
    ck_assert(!part.has_server_guid || n >= SMB1_HDR_LEN + 1 + 34 + 2 + 16);
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

static Suite *smb1_negotiate_suite(void)
{
    Suite *s = suite_create("smb1_negotiate");
    TCase *tc = tcase_create("tables");
    tcase_add_loop_test(tc, test_req_table, 0, (int)NROWS(req_rows));
    tcase_add_loop_test(tc, test_resp_table, 0, (int)NROWS(resp_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("fields");
    tcase_add_test(tc, test_req_fields);
    tcase_add_test(tc, test_req_malformed_fields);
    tcase_add_test(tc, test_req_too_many);
    tcase_add_test(tc, test_resp_nt_fields);
    tcase_add_test(tc, test_resp_chal_fields);
    tcase_add_test(tc, test_resp_spec_fields);
    tcase_add_test(tc, test_hdr_fields);
    suite_add_tcase(s, tc);

    tc = tcase_create("truncation");
    tcase_add_loop_test(tc, test_truncation_sweep, 0,
                        (int)sweep_total(sweep_vecs, NROWS(sweep_vecs)));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(smb1_negotiate_suite());
}
