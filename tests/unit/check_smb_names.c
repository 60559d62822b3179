/* check_smb_names.c - unit tests for src/app/smb/smb-names.c.
 *
 * Expected names: MS-SMB2 2.2.3 / 2.2.3.1.x / 2.2.4 for dialects,
 * algorithms and capabilities; status values as tshark 4.0 lists them
 * (`tshark -G values`) and MS-SMB 2.2.2.4 for the SMB-specific codes; GUID
 * text as tshark prints the lab captures' GUIDs. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "app/smb/smb-names.h"
#include "helpers/run.h"

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))

/* ------------------------------------------------------------------------
 * Dialects
 * ------------------------------------------------------------------------ */

static const struct {
    uint16_t value;
    const char *name, *suricata;
} dialects[] = {
    {0x0202, "2.0.2", "2.02"}, {0x0210, "2.1", "2.10"},   {0x0222, "2.2.2", "2.22"},
    {0x0224, "2.2.4", "2.24"}, {0x0300, "3.0", "3.00"},   {0x0302, "3.0.2", "3.02"},
    {0x0310, "3.1.0", "3.10"}, {0x0311, "3.1.1", "3.11"}, {0x02FF, "2.???", "2.??"},
};

START_TEST(test_dialect_names)
{
    uint16_t v = 0;
    ck_assert_str_eq(smb_dialect_name(dialects[_i].value), dialects[_i].name);
    ck_assert_str_eq(smb_dialect_suricata(dialects[_i].value), dialects[_i].suricata);
    ck_assert_int_eq(smb_name_to_dialect(dialects[_i].name, &v), 0);
    ck_assert_uint_eq(v, dialects[_i].value);
    v = 0;
    ck_assert_int_eq(smb_name_to_dialect(dialects[_i].suricata, &v), 0);
    ck_assert_uint_eq(v, dialects[_i].value);
}
END_TEST

START_TEST(test_dialect_reverse_forms)
{
    uint16_t v = 0;
    ck_assert_int_eq(smb_name_to_dialect("0x0311", &v), 0);
    ck_assert_uint_eq(v, 0x0311);
    ck_assert_int_eq(smb_name_to_dialect("0X02ff", &v), 0);
    ck_assert_uint_eq(v, 0x02FF);
    ck_assert_int_eq(smb_name_to_dialect("0x202", &v), 0);
    ck_assert_uint_eq(v, 0x0202);
    ck_assert_int_eq(smb_name_to_dialect("0x0312", &v), 0); /* unnamed, still a value */
    ck_assert_uint_eq(v, 0x0312);
    v = 7;
    ck_assert_int_eq(smb_name_to_dialect("3.1.2", &v), -1);
    ck_assert_int_eq(smb_name_to_dialect("", &v), -1);
    ck_assert_int_eq(smb_name_to_dialect("0x", &v), -1);
    ck_assert_int_eq(smb_name_to_dialect("0x10000", &v), -1);
    ck_assert_int_eq(smb_name_to_dialect("0x03g1", &v), -1);
    ck_assert_int_eq(smb_name_to_dialect("3.1.1 ", &v), -1);
    ck_assert_int_eq(smb_name_to_dialect(NULL, &v), -1);
    ck_assert_uint_eq(v, 7); /* untouched on failure */
    ck_assert_ptr_null(smb_dialect_name(0x0312));
    ck_assert_ptr_null(smb_dialect_suricata(0));
}
END_TEST

START_TEST(test_smb1_strings)
{
    ck_assert_uint_eq(smb1_string_to_smb2_dialect("SMB 2.002"), 0x0202);
    ck_assert_uint_eq(smb1_string_to_smb2_dialect("SMB 2.???"), 0x02FF);
    ck_assert_uint_eq(smb1_string_to_smb2_dialect("NT LM 0.12"), 0);
    ck_assert_uint_eq(smb1_string_to_smb2_dialect("SMB 2.002 "), 0);
    ck_assert_uint_eq(smb1_string_to_smb2_dialect(""), 0);
    ck_assert_uint_eq(smb1_string_to_smb2_dialect(NULL), 0);
}
END_TEST

/* ------------------------------------------------------------------------
 * Algorithms, context types, capabilities
 * ------------------------------------------------------------------------ */

typedef const char *(*name_fn)(uint16_t);
typedef int (*rev_fn)(const char *, uint16_t *);

static const struct {
    name_fn name;
    rev_fn rev; /* NULL: no reverse lookup in the API */
    uint16_t value;
    const char *text;
} algs[] = {
    {smb_hash_alg_name, smb_name_to_hash_alg, 1, "SHA-512"},
    {smb_cipher_name, smb_name_to_cipher, 1, "AES-128-CCM"},
    {smb_cipher_name, smb_name_to_cipher, 2, "AES-128-GCM"},
    {smb_cipher_name, smb_name_to_cipher, 3, "AES-256-CCM"},
    {smb_cipher_name, smb_name_to_cipher, 4, "AES-256-GCM"},
    {smb_compression_alg_name, smb_name_to_compression_alg, 0, "NONE"},
    {smb_compression_alg_name, smb_name_to_compression_alg, 1, "LZNT1"},
    {smb_compression_alg_name, smb_name_to_compression_alg, 2, "LZ77"},
    {smb_compression_alg_name, smb_name_to_compression_alg, 3, "LZ77+Huffman"},
    {smb_compression_alg_name, smb_name_to_compression_alg, 4, "Pattern_V1"},
    {smb_compression_alg_name, smb_name_to_compression_alg, 5, "LZ4"},
    {smb_signing_alg_name, smb_name_to_signing_alg, 0, "HMAC-SHA256"},
    {smb_signing_alg_name, smb_name_to_signing_alg, 1, "AES-CMAC"},
    {smb_signing_alg_name, smb_name_to_signing_alg, 2, "AES-GMAC"},
    {smb_rdma_transform_name, NULL, 0, "NONE"},
    {smb_rdma_transform_name, NULL, 1, "ENCRYPTION"},
    {smb_rdma_transform_name, NULL, 2, "SIGNING"},
    {smb_negctx_type_name, smb_name_to_negctx_type, 0x0001, "preauth_integrity"},
    {smb_negctx_type_name, smb_name_to_negctx_type, 0x0002, "encryption"},
    {smb_negctx_type_name, smb_name_to_negctx_type, 0x0003, "compression"},
    {smb_negctx_type_name, smb_name_to_negctx_type, 0x0005, "netname"},
    {smb_negctx_type_name, smb_name_to_negctx_type, 0x0006, "transport"},
    {smb_negctx_type_name, smb_name_to_negctx_type, 0x0007, "rdma_transform"},
    {smb_negctx_type_name, smb_name_to_negctx_type, 0x0008, "signing"},
    {smb_negctx_type_name, smb_name_to_negctx_type, 0x0100, "posix"},
};

/* lower-case copy of s in buf (ASCII) */
static const char *lower(const char *s, char *buf, size_t cap)
{
    size_t i = 0;
    for (; s[i] && i + 1 < cap; i++)
        buf[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
    buf[i] = '\0';
    return buf;
}

START_TEST(test_alg_names)
{
    char buf[64];
    uint16_t v = 0xffff;
    ck_assert_str_eq(algs[_i].name(algs[_i].value), algs[_i].text);
    if (!algs[_i].rev)
        return;
    ck_assert_int_eq(algs[_i].rev(algs[_i].text, &v), 0);
    ck_assert_uint_eq(v, algs[_i].value);
    v = 0xffff;
    ck_assert_int_eq(algs[_i].rev(lower(algs[_i].text, buf, sizeof(buf)), &v), 0);
    ck_assert_uint_eq(v, algs[_i].value);
}
END_TEST

START_TEST(test_alg_unknown)
{
    uint16_t v = 0;
    ck_assert_ptr_null(smb_hash_alg_name(2));
    ck_assert_ptr_null(smb_cipher_name(0));
    ck_assert_ptr_null(smb_cipher_name(5));
    ck_assert_ptr_null(smb_compression_alg_name(6));
    ck_assert_ptr_null(smb_signing_alg_name(3));
    ck_assert_ptr_null(smb_rdma_transform_name(3));
    ck_assert_str_eq(smb_negctx_type_name(0x0004), "unknown");
    ck_assert_str_eq(smb_negctx_type_name(0xffff), "unknown");
    ck_assert_int_eq(smb_name_to_cipher("AES-512-GCM", &v), -1);
    ck_assert_int_eq(smb_name_to_negctx_type("unknown", &v), -1);
    ck_assert_int_eq(smb_name_to_negctx_type("SMB2_SIGNING_CAPABILITIES", &v), 0);
    ck_assert_uint_eq(v, 8);
    ck_assert_int_eq(smb_name_to_cipher("0x0002", &v), 0);
    ck_assert_uint_eq(v, 2);
}
END_TEST

static const struct {
    uint32_t bit;
    const char *name;
} caps[] = {
    {0x01, "dfs"},           {0x02, "leasing"},
    {0x04, "large_mtu"},     {0x08, "multi_channel"},
    {0x10, "persistent_handles"}, {0x20, "directory_leasing"},
    {0x40, "encryption"},    {0x80, "notifications"},
};

START_TEST(test_capabilities)
{
    uint32_t v = 0;
    ck_assert_str_eq(smb2_capability_name(caps[_i].bit), caps[_i].name);
    ck_assert_int_eq(smb_name_to_capability(caps[_i].name, &v), 0);
    ck_assert_uint_eq(v, caps[_i].bit);
}
END_TEST

START_TEST(test_capabilities_unknown)
{
    uint32_t v = 0;
    ck_assert_ptr_null(smb2_capability_name(0x100));
    ck_assert_ptr_null(smb2_capability_name(0x3));
    ck_assert_int_eq(smb_name_to_capability("LEASING", &v), 0);
    ck_assert_uint_eq(v, 2);
    ck_assert_int_eq(smb_name_to_capability("leasin", &v), -1);
}
END_TEST

/* SMB1 Capabilities: MS-CIFS 2.2.4.52.2 (CAP_RAW_MODE .. CAP_NT_FIND,
 * CAP_DFS, CAP_LARGE_READX, CAP_LARGE_WRITEX, CAP_UNIX, CAP_DYNAMIC_REAUTH,
 * CAP_EXTENDED_SECURITY) and MS-SMB 2.2.4.5.2.1 (CAP_INFOLEVEL_PASSTHRU,
 * CAP_LWIO, CAP_COMPRESSED_DATA, CAP_PERSISTENT_HANDLES). */
static const struct {
    uint32_t bit;
    const char *name;
} caps1[] = {
    {0x00000001, "raw_mode"},        {0x00000002, "mpx_mode"},
    {0x00000004, "unicode"},         {0x00000008, "large_files"},
    {0x00000010, "nt_smbs"},         {0x00000020, "rpc_remote_apis"},
    {0x00000040, "status32"},        {0x00000080, "level_ii_oplocks"},
    {0x00000100, "lock_and_read"},   {0x00000200, "nt_find"},
    {0x00001000, "dfs"},             {0x00002000, "infolevel_passthru"},
    {0x00004000, "large_readx"},     {0x00008000, "large_writex"},
    {0x00010000, "lwio"},            {0x00800000, "unix"},
    {0x02000000, "compressed_data"}, {0x20000000, "dynamic_reauth"},
    {0x40000000, "persistent_handles"}, {0x80000000, "extended_security"},
};

START_TEST(test_smb1_capabilities)
{
    ck_assert_str_eq(smb1_capability_name(caps1[_i].bit), caps1[_i].name);
}
END_TEST

START_TEST(test_smb1_capabilities_unknown)
{
    ck_assert_ptr_null(smb1_capability_name(0x400));  /* reserved */
    ck_assert_ptr_null(smb1_capability_name(0x800));
    ck_assert_ptr_null(smb1_capability_name(0x100000));
    ck_assert_ptr_null(smb1_capability_name(0x3));    /* not one bit */
}
END_TEST

/* ------------------------------------------------------------------------
 * NT status
 * ------------------------------------------------------------------------ */

static const struct {
    uint32_t value;
    const char *name;
} statuses[] = {
    {0x00000000, "STATUS_SUCCESS"},
    {0x00000103, "STATUS_PENDING"},
    {0x00010002, "STATUS_INVALID_SMB"},
    {0x00050002, "STATUS_SMB_BAD_TID"},
    {0x00160002, "STATUS_SMB_BAD_COMMAND"},
    {0x005B0002, "STATUS_SMB_BAD_UID"},
    {0x00FB0002, "STATUS_SMB_USE_STANDARD"},
    {0x80000005, "STATUS_BUFFER_OVERFLOW"},
    {0x80000006, "STATUS_NO_MORE_FILES"},
    {0xC0000002, "STATUS_NOT_IMPLEMENTED"},
    {0xC000000D, "STATUS_INVALID_PARAMETER"},
    {0xC0000010, "STATUS_INVALID_DEVICE_REQUEST"},
    {0xC0000016, "STATUS_MORE_PROCESSING_REQUIRED"},
    {0xC0000022, "STATUS_ACCESS_DENIED"},
    {0xC0000034, "STATUS_OBJECT_NAME_NOT_FOUND"},
    {0xC000006D, "STATUS_LOGON_FAILURE"},
    {0xC000009A, "STATUS_INSUFFICIENT_RESOURCES"},
    {0xC00000BB, "STATUS_NOT_SUPPORTED"},
    {0xC00000C3, "STATUS_INVALID_NETWORK_RESPONSE"},
    {0xC00000CC, "STATUS_BAD_NETWORK_NAME"},
    {0xC00000D0, "STATUS_REQUEST_NOT_ACCEPTED"},
    {0xC0000203, "STATUS_USER_SESSION_DELETED"},
    {0xC000035C, "STATUS_NETWORK_SESSION_EXPIRED"},
};

START_TEST(test_ntstatus)
{
    uint32_t v = 1;
    ck_assert_str_eq(smb_ntstatus_name(statuses[_i].value), statuses[_i].name);
    ck_assert_int_eq(smb_name_to_ntstatus(statuses[_i].name, &v), 0);
    ck_assert_uint_eq(v, statuses[_i].value);
}
END_TEST

START_TEST(test_ntstatus_other)
{
    uint32_t v = 0;
    ck_assert_ptr_null(smb_ntstatus_name(0xC0FFEE00));
    ck_assert_int_eq(smb_name_to_ntstatus("status_not_supported", &v), 0);
    ck_assert_uint_eq(v, 0xC00000BB);
    ck_assert_int_eq(smb_name_to_ntstatus("0xC0000022", &v), 0);
    ck_assert_uint_eq(v, 0xC0000022);
    ck_assert_int_eq(smb_name_to_ntstatus("0x123456789", &v), -1);
    ck_assert_int_eq(smb_name_to_ntstatus("STATUS_NOPE", &v), -1);
}
END_TEST

/* ------------------------------------------------------------------------
 * GUIDs (tshark's text for the lab captures' GUID bytes)
 * ------------------------------------------------------------------------ */

static const struct {
    uint8_t bytes[16];
    const char *text;
} guids[] = {
    {{0x76, 0x6d}, "00006d76-0000-0000-0000-000000000000"},
    {{0x9c, 0xc8, 0xd0, 0x62, 0xee, 0xcf, 0xd9, 0x47, 0x8c, 0x95, 0xf1, 0x7d, 0x0c, 0x41, 0x3f,
      0x19},
     "62d0c89c-cfee-47d9-8c95-f17d0c413f19"},
    {{0xe0, 0xab, 0x82, 0xc9, 0xa3, 0x27, 0x16, 0x47, 0xa2, 0xe0, 0x5b, 0x40, 0x6c, 0xed, 0x00,
      0x44},
     "c982abe0-27a3-4716-a2e0-5b406ced0044"},
};

START_TEST(test_guid)
{
    char buf[37];
    uint8_t back[16];
    memset(buf, 'x', sizeof(buf));
    smb_guid_format(guids[_i].bytes, buf);
    ck_assert_str_eq(buf, guids[_i].text);
    ck_assert_int_eq(smb_guid_parse(guids[_i].text, back), 0);
    ck_assert_mem_eq(back, guids[_i].bytes, 16);
}
END_TEST

START_TEST(test_guid_bad)
{
    uint8_t g[16];
    memset(g, 0x5a, sizeof(g));
    ck_assert_int_eq(smb_guid_parse("62D0C89C-CFEE-47D9-8C95-F17D0C413F19", g), 0);
    ck_assert_uint_eq(g[0], 0x9c);
    memset(g, 0x5a, sizeof(g));
    ck_assert_int_eq(smb_guid_parse("62d0c89c-cfee-47d9-8c95-f17d0c413f1", g), -1);
    ck_assert_int_eq(smb_guid_parse("62d0c89c-cfee-47d9-8c95-f17d0c413f190", g), -1);
    ck_assert_int_eq(smb_guid_parse("62d0c89ccfee-47d9-8c95-f17d0c413f19-", g), -1);
    ck_assert_int_eq(smb_guid_parse("62d0c89c-cfee-47d9-8c95-f17d0c413fzz", g), -1);
    ck_assert_int_eq(smb_guid_parse("", g), -1);
    ck_assert_int_eq(smb_guid_parse(NULL, g), -1);
    ck_assert_uint_eq(g[0], 0x5a); /* untouched on failure */
}
END_TEST

static Suite *smb_names_suite(void)
{
    Suite *s = suite_create("smb_names");
    TCase *tc = tcase_create("names");
    tcase_add_loop_test(tc, test_dialect_names, 0, (int)NROWS(dialects));
    tcase_add_test(tc, test_dialect_reverse_forms);
    tcase_add_test(tc, test_smb1_strings);
    tcase_add_loop_test(tc, test_alg_names, 0, (int)NROWS(algs));
    tcase_add_test(tc, test_alg_unknown);
    tcase_add_loop_test(tc, test_capabilities, 0, (int)NROWS(caps));
    tcase_add_test(tc, test_capabilities_unknown);
    tcase_add_loop_test(tc, test_smb1_capabilities, 0, (int)NROWS(caps1));
    tcase_add_test(tc, test_smb1_capabilities_unknown);
    tcase_add_loop_test(tc, test_ntstatus, 0, (int)NROWS(statuses));
    tcase_add_test(tc, test_ntstatus_other);
    tcase_add_loop_test(tc, test_guid, 0, (int)NROWS(guids));
    tcase_add_test(tc, test_guid_bad);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(smb_names_suite());
}
