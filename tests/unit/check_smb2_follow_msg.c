/* check_smb2_follow_msg.c - unit tests for src/app/smb/smb2-session-setup.c,
 * smb2-tree-connect.c and smb2-ioctl.c (MS-SMB2 2.2.5, 2.2.6, 2.2.9,
 * 2.2.10, 2.2.31, 2.2.31.4, 2.2.32, 2.2.32.6) and src/util/utf16.c.
 *
 * Expected values come from tshark 4.0's decode of the captures named in
 * vectors/smb2_follow.h or, for hand-built vectors, from the MS-SMB2 field
 * layout; none is pasted back from the parsers' output.  Every parse runs on
 * a copy that ends at a PROT_NONE page (helpers/guard.h). */
#include <check.h>
#include <string.h>

#include "app/smb/smb-follow-msg.h"
#include "helpers/guard.h"
#include "helpers/truth.h"
#include "util/utf16.h"
#include "vectors/smb2_follow.h"

/* ------------------------------------------------------------------------
 * Hand-built vectors (MS-SMB2 layouts)
 * ------------------------------------------------------------------------ */

#define Z4 0, 0, 0, 0
#define Z8 Z4, Z4
/* 2.2.1.2 sync header: StructureSize 64, Status st (4 bytes), Command cmd,
 * Flags fl, everything else 0. */
#define HDR(...) HDR_(__VA_ARGS__) /* expands a 4-byte status macro first */
#define HDR_(st0, st1, st2, st3, cmd, fl) \
    0xFE, 'S', 'M', 'B', 64, 0, 0, 0, st0, st1, st2, st3, cmd, 0, 1, 0, fl, 0, 0, 0, Z4, Z8, \
    Z4, Z4, Z8, Z8, Z8
#define OK4 0, 0, 0, 0
#define LOGON_FAILURE 0x6d, 0x00, 0x00, 0xc0 /* STATUS_LOGON_FAILURE */
#define BAD_NET_NAME 0xcc, 0x00, 0x00, 0xc0  /* STATUS_BAD_NETWORK_NAME */

/* SESSION_SETUP request with StructureSize 24 */
static const uint8_t ss_req_bad_ss[] = {HDR(OK4, 1, 0), 24, 0, 0, 1, 1, 0, 0, 0, Z4, 88, 0, 0, 0,
                                        Z8};
/* security buffer at 88, length 16, 2 bytes present */
static const uint8_t ss_req_secbuf_past[] = {HDR(OK4, 1, 0), 25, 0, 0, 1, 1, 0, 0, 0, Z4,
                                             88, 0, 16, 0, Z8, 0x60, 0x0e};
/* STATUS_LOGON_FAILURE with the ERROR body (2.2.2) */
static const uint8_t ss_resp_err[] = {HDR(LOGON_FAILURE, 1, 1), 9, 0, 0, 0, Z4, 0};
/* ... without the ErrorData byte, as Samba sends it (packetgen-smb
 * smb2-nego.pcapng frame 12: STATUS_ACCESS_DENIED, 72-byte message) */
static const uint8_t ss_resp_err8[] = {HDR(0x22, 0x00, 0x00, 0xc0, 1, 1), 9, 0, 0, 0, Z4};
/* an interim IOCTL response (STATUS_PENDING, async) with the ERROR body */
static const uint8_t io_resp_pending[] = {HDR(0x03, 0x01, 0, 0, 11, 3), 9, 0, 0, 0, Z4};
/* TREE_CONNECT request whose path (offset 72, 200 bytes) runs past the end */
static const uint8_t tc_req_path_past[] = {HDR(OK4, 3, 0), 9, 0, 0, 0, 72, 0, 200, 0, '\\', 0};
/* TREE_CONNECT error (STATUS_BAD_NETWORK_NAME) */
static const uint8_t tc_resp_err[] = {HDR(BAD_NET_NAME, 3, 1), 9, 0, 0, 0, Z4};
/* TREE_CONNECT response with StructureSize 15 */
static const uint8_t tc_resp_bad_ss[] = {HDR(OK4, 3, 1), 15, 0, 1, 0, Z4, Z4, Z4};
/* IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO whose input (at 120) is 10 bytes */
#define IOCTL_REQ_FIXED(in_count) \
    57, 0, 0, 0, 0x04, 0x02, 0x14, 0x00, Z8, Z8, 120, 0, 0, 0, in_count, 0, 0, 0, Z4, \
    120, 0, 0, 0, Z4, 24, 0, 0, 0, 1, 0, 0, 0, Z4
static const uint8_t ioctl_vn_short[] = {HDR(OK4, 11, 0), IOCTL_REQ_FIXED(10), 0x7f, 0, 0, 0,
                                         1, 2, 3, 4, 5, 6};
/* ... input declares DialectCount 3 but holds one dialect */
static const uint8_t ioctl_vn_count[] = {HDR(OK4, 11, 0), IOCTL_REQ_FIXED(26), 0x7f, 0, 0, 0,
                                         Z8, Z8, 1, 0, 3, 0, 0x02, 0x03};
/* a SESSION_SETUP header in front of a TREE_CONNECT body */
static const uint8_t tc_req_wrong_cmd[] = {HDR(OK4, 1, 0), 9, 0, 0, 0, 0, 0, 0, 0, 0};

/* ------------------------------------------------------------------------
 * Guarded parse wrappers
 * ------------------------------------------------------------------------ */

GUARDED_PARSER(ss_req, smb2_session_setup_req_parse, struct smb2_session_setup_req)
GUARDED_PARSER(ss_resp, smb2_session_setup_resp_parse, struct smb2_session_setup_resp)
GUARDED_PARSER(tc_req, smb2_tree_connect_req_parse, struct smb2_tree_connect_req)
GUARDED_PARSER(tc_resp, smb2_tree_connect_resp_parse, struct smb2_tree_connect_resp)
GUARDED_PARSER(io_req, smb2_ioctl_req_parse, struct smb2_ioctl_req)
GUARDED_PARSER(io_resp, smb2_ioctl_resp_parse, struct smb2_ioctl_resp)

/* ------------------------------------------------------------------------
 * Truth tables: one per parser
 * ------------------------------------------------------------------------ */

static const struct row ss_req_rows[] = {
    ROW("5786 f8 first leg", v_ss_req_krb, PARSE_OK, 0),
    ROW("5786 f20 last leg", v_ss_req_last, PARSE_OK, 0),
    ROW("kerberos_tso f35", v_k_ss_req, PARSE_OK, 0),
    ROW("StructureSize 24", ss_req_bad_ss, PARSE_INVALID, AN(SESSION_SETUP_BAD_STRUCTURE_SIZE)),
    ROW("security buffer past end", ss_req_secbuf_past, PARSE_TRUNCATED,
        AN(SESSION_SETUP_TRUNCATED)),
    ROW("tree connect parsed as session setup", v_tc_req_disk, PARSE_INVALID, AN(BAD_HEADER)),
    {"empty", v_ss_req_krb, 0, PARSE_TRUNCATED, AN(SESSION_SETUP_TRUNCATED)},
    {"header only", v_ss_req_krb, 64, PARSE_TRUNCATED, AN(SESSION_SETUP_TRUNCATED)},
};

static const struct row ss_resp_rows[] = {
    ROW("5786 f9 more processing", v_ss_resp_more, PARSE_OK, 0),
    ROW("5786 f21 success", v_ss_resp_ok, PARSE_OK, 0),
    ROW("kerberos_tso f37", v_k_ss_resp, PARSE_OK, 0),
    ROW("logon failure ERROR body", ss_resp_err, PARSE_OK, 0),
    ROW("access denied, no ErrorData", ss_resp_err8, PARSE_OK, 0),
    {"ERROR body cut at 7", ss_resp_err8, sizeof(ss_resp_err8) - 1, PARSE_TRUNCATED,
     AN(SESSION_SETUP_TRUNCATED)},
    ROW("tree connect response", v_tc_resp_disk, PARSE_INVALID, AN(BAD_HEADER)),
};

static const struct row tc_req_rows[] = {
    ROW("5786 f22", v_tc_req_disk, PARSE_OK, 0),
    ROW("kerberos_tso f38", v_k_tc_req, PARSE_OK, 0),
    ROW("path past end", tc_req_path_past, PARSE_TRUNCATED, AN(TREE_CONNECT_TRUNCATED)),
    ROW("SESSION_SETUP command", tc_req_wrong_cmd, PARSE_INVALID, AN(BAD_HEADER)),
};

static const struct row tc_resp_rows[] = {
    ROW("5786 f23 disk", v_tc_resp_disk, PARSE_OK, 0),
    ROW("kerberos_tso f39 pipe", v_k_tc_resp, PARSE_OK, 0),
    ROW("bad network name", tc_resp_err, PARSE_OK, 0),
    ROW("StructureSize 15", tc_resp_bad_ss, PARSE_INVALID, AN(TREE_CONNECT_BAD_STRUCTURE_SIZE)),
};

static const struct row io_req_rows[] = {
    ROW("5786 f24 validate", v_vn_req, PARSE_OK, 0),
    ROW("kerberos_tso f40 validate", v_k_vn_req, PARSE_OK, 0),
    ROW("validate input 10 bytes", ioctl_vn_short, PARSE_OK, AN(VALIDATE_NEGOTIATE_SHORT)),
    ROW("validate DialectCount 3 of 1", ioctl_vn_count, PARSE_OK, AN(VALIDATE_NEGOTIATE_SHORT)),
    ROW("response as request", v_vn_resp, PARSE_INVALID, AN(IOCTL_BAD_STRUCTURE_SIZE)),
};

static const struct row io_resp_rows[] = {
    ROW("5786 f25 validate", v_vn_resp, PARSE_OK, 0),
    ROW("kerberos_tso f41 file closed", v_k_vn_resp_err, PARSE_OK, 0),
    ROW("interim STATUS_PENDING", io_resp_pending, PARSE_OK, 0),
    ROW("request as response", v_vn_req, PARSE_INVALID, AN(IOCTL_BAD_STRUCTURE_SIZE)),
};

#define TABLE_TEST(fn, rows, parse, type)                  \
    START_TEST(fn)                                         \
    {                                                      \
        const struct row *row = &rows[_i];                 \
        type out;                                          \
        enum parse_status st = parse(row->bytes, row->len, &out); \
        truth_check(row, st, out.anomalies);               \
    }                                                      \
    END_TEST

TABLE_TEST(test_ss_req_table, ss_req_rows, ss_req, struct smb2_session_setup_req)
TABLE_TEST(test_ss_resp_table, ss_resp_rows, ss_resp, struct smb2_session_setup_resp)
TABLE_TEST(test_tc_req_table, tc_req_rows, tc_req, struct smb2_tree_connect_req)
TABLE_TEST(test_tc_resp_table, tc_resp_rows, tc_resp, struct smb2_tree_connect_resp)
TABLE_TEST(test_io_req_table, io_req_rows, io_req, struct smb2_ioctl_req)
TABLE_TEST(test_io_resp_table, io_resp_rows, io_resp, struct smb2_ioctl_resp)

/* ------------------------------------------------------------------------
 * Field values (tshark -V of the named frames)
 * ------------------------------------------------------------------------ */

START_TEST(test_ss_req_fields)
{
    struct smb2_session_setup_req r;
    ck_assert_int_eq(ss_req(v_ss_req_krb, sizeof(v_ss_req_krb), &r), PARSE_OK);
    ck_assert_uint_eq(r.structure_size, 0x19);
    ck_assert_uint_eq(r.flags, 0);
    ck_assert_uint_eq(r.security_mode, 0x01);
    ck_assert_uint_eq(r.capabilities, 0x00000001);
    ck_assert_uint_eq(r.channel, 0);
    ck_assert_uint_eq(r.previous_session_id, 0);
    ck_assert_uint_eq(r.secbuf_offset, 0x58);
    ck_assert_uint_eq(r.secbuf_length, 263);
    /* unguarded, so that the borrowed pointer can be compared with the vector */
    ck_assert_int_eq(smb2_session_setup_req_parse(v_ss_req_krb, sizeof(v_ss_req_krb), &r),
                     PARSE_OK);
    ck_assert_ptr_eq(r.secbuf, v_ss_req_krb + 0x58);
    ck_assert_uint_eq(r.secbuf[0], 0x60); /* "Security Blob: 6082010306..." */
    ck_assert_uint_eq(r.secbuf[1], 0x82);
    ck_assert_int_eq(ss_req(v_k_ss_req, sizeof(v_k_ss_req), &r), PARSE_OK);
    ck_assert_uint_eq(r.secbuf_length, 1815);
    ck_assert_uint_eq(r.security_mode, 0x01);
}
END_TEST

START_TEST(test_ss_resp_fields)
{
    struct smb2_session_setup_resp r;
    ck_assert_int_eq(ss_resp(v_ss_resp_more, sizeof(v_ss_resp_more), &r), PARSE_OK);
    ck_assert(!r.is_error); /* STATUS_MORE_PROCESSING_REQUIRED has the 2.2.6 body */
    ck_assert_uint_eq(r.session_flags, 0);
    ck_assert_uint_eq(r.secbuf_offset, 0x48);
    ck_assert_uint_eq(r.secbuf_length, 315);
    ck_assert_int_eq(smb2_session_setup_resp_parse(v_ss_resp_more, sizeof(v_ss_resp_more), &r),
                     PARSE_OK);
    ck_assert_ptr_eq(r.secbuf, v_ss_resp_more + 0x48);
    ck_assert_uint_eq(r.secbuf[0], 0xa1); /* "Security Blob: a182013730..." */
    ck_assert_int_eq(ss_resp(v_ss_resp_ok, sizeof(v_ss_resp_ok), &r), PARSE_OK);
    ck_assert_uint_eq(r.secbuf_length, 0);
    ck_assert_ptr_null(r.secbuf);
    ck_assert_int_eq(ss_resp(ss_resp_err, sizeof(ss_resp_err), &r), PARSE_OK);
    ck_assert(r.is_error);
    ck_assert_uint_eq(r.secbuf_length, 0);
}
END_TEST

START_TEST(test_tc_fields)
{
    struct smb2_tree_connect_req q;
    ck_assert_int_eq(tc_req(v_tc_req_disk, sizeof(v_tc_req_disk), &q), PARSE_OK);
    ck_assert_uint_eq(q.path_offset, 0x48);
    ck_assert_uint_eq(q.path_length, 36);
    ck_assert_str_eq(q.path, "\\\\127.0.0.1\\PUBLIC");
    ck_assert_int_eq(tc_req(v_k_tc_req, sizeof(v_k_tc_req), &q), PARSE_OK);
    ck_assert_uint_eq(q.path_length, 44);
    ck_assert_str_eq(q.path, "\\\\win7.test.local\\IPC$");
    struct smb2_tree_connect_resp r;
    ck_assert_int_eq(tc_resp(v_tc_resp_disk, sizeof(v_tc_resp_disk), &r), PARSE_OK);
    ck_assert_uint_eq(r.share_type, 0x01);
    ck_assert_uint_eq(r.share_flags, 0x00000830);
    ck_assert_uint_eq(r.capabilities, 0);
    ck_assert_uint_eq(r.maximal_access, 0x001f01ff);
    ck_assert_int_eq(tc_resp(v_k_tc_resp, sizeof(v_k_tc_resp), &r), PARSE_OK);
    ck_assert_uint_eq(r.share_type, 0x02);
    ck_assert_uint_eq(r.share_flags, 0x00000030);
    ck_assert_int_eq(tc_resp(tc_resp_err, sizeof(tc_resp_err), &r), PARSE_OK);
    ck_assert(r.is_error);
}
END_TEST

/* 98f04f29-bf8c-8254-abba-de7ef764c3d3 in its wire (mixed-endian) order */
static const uint8_t guid_5786[16] = {0x29, 0x4f, 0xf0, 0x98, 0x8c, 0xbf, 0x54, 0x82,
                                      0xab, 0xba, 0xde, 0x7e, 0xf7, 0x64, 0xc3, 0xd3};
/* 4eb0c234-3263-11ec-9d6d-00155d031322 */
static const uint8_t guid_krb[16] = {0x34, 0xc2, 0xb0, 0x4e, 0x63, 0x32, 0xec, 0x11,
                                     0x9d, 0x6d, 0x00, 0x15, 0x5d, 0x03, 0x13, 0x22};

START_TEST(test_io_req_fields)
{
    static const uint16_t dialects[] = {0x0202, 0x0210, 0x0300, 0x0302, 0x0311};
    const uint8_t *vec[] = {v_vn_req, v_k_vn_req};
    size_t lens[] = {sizeof(v_vn_req), sizeof(v_k_vn_req)};
    const uint8_t *guids[] = {guid_5786, guid_krb};
    for (int i = 0; i < 2; i++) {
        struct smb2_ioctl_req r;
        ck_assert_int_eq(io_req(vec[i], lens[i], &r), PARSE_OK);
        ck_assert_uint_eq(r.ctl_code, FSCTL_VALIDATE_NEGOTIATE_INFO);
        ck_assert_uint_eq(r.input_offset, 0x78);
        ck_assert_uint_eq(r.input_count, 34);
        ck_assert_uint_eq(r.output_count, 0);
        ck_assert_uint_eq(r.flags, 1);
        ck_assert(r.has_validate);
        ck_assert_uint_eq(r.validate.capabilities, 0x7f);
        ck_assert_mem_eq(r.validate.guid, guids[i], 16);
        ck_assert_uint_eq(r.validate.security_mode, 0x01);
        ck_assert_uint_eq(r.validate.dialect_count, 5);
        ck_assert_uint_eq(r.validate.n_dialects, 5);
        ck_assert_mem_eq(r.validate.dialects, dialects, sizeof(dialects));
    }
    struct smb2_ioctl_req s;
    ck_assert_int_eq(io_req(ioctl_vn_short, sizeof(ioctl_vn_short), &s), PARSE_OK);
    ck_assert(!s.has_validate);
}
END_TEST

START_TEST(test_io_resp_fields)
{
    struct smb2_ioctl_resp r;
    ck_assert_int_eq(io_resp(v_vn_resp, sizeof(v_vn_resp), &r), PARSE_OK);
    ck_assert(!r.is_error);
    ck_assert_uint_eq(r.ctl_code, FSCTL_VALIDATE_NEGOTIATE_INFO);
    ck_assert_uint_eq(r.output_offset, 0x70);
    ck_assert_uint_eq(r.output_count, 24);
    ck_assert(r.has_validate);
    ck_assert_uint_eq(r.validate.capabilities, 0x66);
    ck_assert_mem_eq(r.validate.guid, guid_5786, 16);
    ck_assert_uint_eq(r.validate.security_mode, 0x03);
    ck_assert_uint_eq(r.validate.dialect, 0x0302);
    ck_assert_int_eq(io_resp(v_k_vn_resp_err, sizeof(v_k_vn_resp_err), &r), PARSE_OK);
    ck_assert(r.is_error);
    ck_assert(!r.has_validate);
    ck_assert_int_eq(io_resp(io_resp_pending, sizeof(io_resp_pending), &r), PARSE_OK);
    ck_assert(r.is_error);
}
END_TEST

/* UTF-16LE: a surrogate pair, a lone surrogate, a NUL stop, a cut. */
START_TEST(test_utf16)
{
    static const uint8_t pair[] = {'a', 0, 0x3d, 0xd8, 0x00, 0xde, 'b', 0}; /* a U+1F600 b */
    static const uint8_t lone[] = {0x00, 0xdc, 'x', 0, 0, 0, 'y', 0};
    char out[16];
    struct rd d = rd_make(pair, sizeof(pair));
    ck_assert(utf16le_to_utf8(&d, out, sizeof(out)));
    ck_assert_str_eq(out, "a\xf0\x9f\x98\x80" "b");
    d = rd_make(lone, sizeof(lone));
    ck_assert(utf16le_to_utf8(&d, out, sizeof(out)));
    ck_assert_str_eq(out, "\xef\xbf\xbd" "x");
    d = rd_make(pair, sizeof(pair));
    ck_assert(!utf16le_to_utf8(&d, out, 4)); /* "a" fits, the 4-byte emoji does not */
    ck_assert_str_eq(out, "a");
}
END_TEST

/* ------------------------------------------------------------------------
 * Truncation sweep: every prefix of every valid vector
 * ------------------------------------------------------------------------ */

struct fvec {
    const uint8_t *bytes;
    size_t len;
    sweep_parse_fn parse;
    size_t out_size;
};
#define FV(v, p, t) {v, sizeof(v), p##_any, sizeof(t)}

static const struct fvec sweep_vecs[] = {
    FV(v_ss_req_krb, ss_req, struct smb2_session_setup_req),
    FV(v_ss_req_last, ss_req, struct smb2_session_setup_req),
    FV(v_ss_resp_more, ss_resp, struct smb2_session_setup_resp),
    FV(v_ss_resp_ok, ss_resp, struct smb2_session_setup_resp),
    FV(v_k_ss_resp, ss_resp, struct smb2_session_setup_resp),
    FV(ss_resp_err8, ss_resp, struct smb2_session_setup_resp),
    FV(v_tc_req_disk, tc_req, struct smb2_tree_connect_req),
    FV(v_k_tc_req, tc_req, struct smb2_tree_connect_req),
    FV(v_tc_resp_disk, tc_resp, struct smb2_tree_connect_resp),
    FV(v_k_tc_resp, tc_resp, struct smb2_tree_connect_resp),
    FV(tc_resp_err, tc_resp, struct smb2_tree_connect_resp),
    FV(v_vn_req, io_req, struct smb2_ioctl_req),
    FV(v_k_vn_req, io_req, struct smb2_ioctl_req),
    FV(v_vn_resp, io_resp, struct smb2_ioctl_resp),
    FV(io_resp_pending, io_resp, struct smb2_ioctl_resp),
};

static size_t fsweep_total(void)
{
    size_t n = 0;
    for (size_t i = 0; i < NROWS(sweep_vecs); i++)
        n += sweep_vecs[i].len + 1;
    return n;
}

/* Every prefix shorter than the vector is PARSE_TRUNCATED, the whole is
 * PARSE_OK, and no prefix reads past its end (the guard page). */
START_TEST(test_truncation_sweep)
{
    size_t i = (size_t)_i, v = 0;
    while (i > sweep_vecs[v].len) {
        i -= sweep_vecs[v].len + 1;
        v++;
    }
    const struct fvec *fv = &sweep_vecs[v];
    union {
        struct smb2_session_setup_req a;
        struct smb2_session_setup_resp b;
        struct smb2_tree_connect_req c;
        struct smb2_tree_connect_resp d;
        struct smb2_ioctl_req e;
        struct smb2_ioctl_resp f;
    } out;
    enum parse_status st = fv->parse(fv->bytes, i, &out);
    if (i == fv->len)
        ck_assert_int_eq(st, PARSE_OK);
    else
        ck_assert_msg(st == PARSE_TRUNCATED, "vector %zu prefix %zu of %zu: status %d", v, i,
                      fv->len, st);
}
END_TEST

static Suite *smb2_follow_msg_suite(void)
{
    Suite *s = suite_create("smb2_follow_msg");
    TCase *tc = tcase_create("tables");
    tcase_add_loop_test(tc, test_ss_req_table, 0, (int)NROWS(ss_req_rows));
    tcase_add_loop_test(tc, test_ss_resp_table, 0, (int)NROWS(ss_resp_rows));
    tcase_add_loop_test(tc, test_tc_req_table, 0, (int)NROWS(tc_req_rows));
    tcase_add_loop_test(tc, test_tc_resp_table, 0, (int)NROWS(tc_resp_rows));
    tcase_add_loop_test(tc, test_io_req_table, 0, (int)NROWS(io_req_rows));
    tcase_add_loop_test(tc, test_io_resp_table, 0, (int)NROWS(io_resp_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("fields");
    tcase_add_test(tc, test_ss_req_fields);
    tcase_add_test(tc, test_ss_resp_fields);
    tcase_add_test(tc, test_tc_fields);
    tcase_add_test(tc, test_io_req_fields);
    tcase_add_test(tc, test_io_resp_fields);
    tcase_add_test(tc, test_utf16);
    suite_add_tcase(s, tc);

    tc = tcase_create("truncation");
    tcase_add_loop_test(tc, test_truncation_sweep, 0, (int)fsweep_total());
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(smb2_follow_msg_suite());
}
