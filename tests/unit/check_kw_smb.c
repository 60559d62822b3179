/* check_kw_smb.c - unit tests for the keyword table (src/detect/kw-table.c)
 * and the value grammar of every SMB rule keyword (src/detect/kw-smb*.c,
 * kw-smb1-*.c): which values setup accepts, and that each refusal names
 * its reason.  Matching: check_kw_smb_match.c. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "app/smb/smb-msg.h"
#include "detect/kw.h"
#include "helpers/run.h"

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))

#define SERVER_GUID "aabbccdd-eeff-0011-2233-445566778899"
#define ZERO_GUID "00000000-0000-0000-0000-000000000000"

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

static const struct kw *kw_get(const char *name)
{
    const struct kw *k = kw_table_find(&kw_table_smb, name);
    ck_assert_msg(k != NULL, "keyword %s not in the table", name);
    return k;
}

/* ------------------------------------------------------------------------
 * The table
 * ------------------------------------------------------------------------ */

static const struct {
    const char *name;
    bool has_value, skip_wildcard;
} keywords[] = {
    {"smb.dialects", true, true},
    {"smb.dialects.max", true, true},
    {"smb.dialects.min", true, true},
    {"smb.dialect", true, false},
    {"smb.downgrade", false, true},
    {"smb.version", true, false},
    {"smb1.dialects", true, false},
    {"smb1.dialect", true, false},
    {"smb.client.signing", true, false},
    {"smb.server.signing", true, false},
    {"smb.client.capabilities", true, false},
    {"smb.server.capabilities", true, false},
    {"smb.client.ciphers", true, false},
    {"smb.server.cipher", true, false},
    {"smb.cannot_encrypt", false, true},
    {"smb.client.signing_algs", true, false},
    {"smb.server.signing_alg", true, false},
    {"smb.client.compression", true, false},
    {"smb.server.compression", true, false},
    {"smb.client.contexts", true, false},
    {"smb.status", true, false},
    {"smb.client_guid", true, false},
    {"smb.server_guid", true, false},
    {"smb.netname", true, false},
    {"smb.baseline", true, true},
    {"smb.session.auth", true, false},
    {"smb.session.signed", true, false},
    {"smb.session.encrypted", true, false},
    {"smb.validate_negotiate", true, false},
};

START_TEST(test_table_rows)
{
    const struct kw *k = kw_table_get(&kw_table_smb, (size_t)_i);
    ck_assert_ptr_nonnull(k);
    ck_assert_str_eq(k->name, keywords[_i].name);
    ck_assert_int_eq(k->has_value, keywords[_i].has_value);
    ck_assert_int_eq(k->skip_wildcard, keywords[_i].skip_wildcard);
    ck_assert_ptr_nonnull(k->setup);
    ck_assert_ptr_nonnull(k->match);
    ck_assert_ptr_nonnull(k->free);
    /* every value keyword has a negated form (present), a bare one none */
    ck_assert_int_eq(k->present != NULL, k->has_value);
    ck_assert_ptr_nonnull(k->desc);
    ck_assert_ptr_null(strchr(k->desc, '\n'));
    ck_assert_uint_gt(strlen(k->desc), 10);
    /* the syntax starts with the name; with ':' exactly when it has a value */
    size_t n = strlen(k->name);
    ck_assert_int_eq(strncmp(k->syntax, k->name, n), 0);
    ck_assert_int_eq(k->syntax[n] == ':', k->has_value);
    ck_assert_ptr_eq(kw_table_find(&kw_table_smb, k->name), k);
}
END_TEST

START_TEST(test_table_lookup)
{
    ck_assert_uint_eq(kw_table_smb.n, NROWS(keywords));
    ck_assert_str_eq(kw_table_smb.app, "smb");
    ck_assert_ptr_null(kw_table_get(&kw_table_smb, kw_table_smb.n));
    ck_assert_ptr_eq(kw_table_find(&kw_table_smb, "SMB.Dialects.MAX"), kw_table_get(&kw_table_smb, 1));
    ck_assert_ptr_null(kw_table_find(&kw_table_smb, "smb.dialects.maximum"));
    ck_assert_ptr_null(kw_table_find(&kw_table_smb, "smb"));
    ck_assert_ptr_null(kw_table_find(&kw_table_smb, ""));
    ck_assert_ptr_null(kw_table_find(&kw_table_smb, NULL));
}
END_TEST

/* ------------------------------------------------------------------------
 * Setup truth table: value -> accepted?  A refusal must explain itself
 * (err contains `why`).
 * ------------------------------------------------------------------------ */

static const struct {
    const char *kw, *value;
    bool ok;
    const char *why;
} setups[] = {
    /* smb.dialects */
    {"smb.dialects", "any 3.1.1", true, NULL},
    {"smb.dialects", "  any   3.1.1 ,\t2.1  ", true, NULL},
    {"smb.dialects", "ANY 3.11", true, NULL},
    {"smb.dialects", "only 0x0311,2.???", true, NULL},
    {"smb.dialects", "all 2.02, 2.10, 3.00", true, NULL},
    {"smb.dialects", "none 2.2.2", true, NULL},
    {"smb.dialects", "some 3.1.1", false, "unknown operator 'some'"},
    {"smb.dialects", "any,3.1.1", false, "unknown operator 'any,3.1.1'"},
    {"smb.dialects", "3.1.1", false, "unknown operator '3.1.1'"},
    {"smb.dialects", "any", false, "empty dialect list"},
    {"smb.dialects", "any   ", false, "empty dialect list"},
    {"smb.dialects", "any 3.1.1,", false, "empty dialect in list"},
    {"smb.dialects", "any 3.1.1,,2.1", false, "empty dialect in list"},
    {"smb.dialects", "any , 3.1.1", false, "empty dialect in list"},
    {"smb.dialects", "any 3.1.1, 4.0", false, "unknown dialect '4.0'"},
    {"smb.dialects", "any 3.1.1, !2.1", false, "'!' negates the whole value, not one item"},
    {"smb.dialects", "any 0x12345", false, "unknown dialect '0x12345'"},
    {"smb.dialects", "any 3.1.1 2.1", false, "unknown dialect '3.1.1 2.1'"},
    {"smb.dialects", "", false, "missing value"},
    {"smb.dialects", NULL, false, "missing value"},
    /* smb.dialects.max / .min */
    {"smb.dialects.max", "3.1.1", true, NULL},
    {"smb.dialects.max", "<=2.1", true, NULL},
    {"smb.dialects.max", ">= 3.0.2", true, NULL},
    {"smb.dialects.max", "!=2.???", false, "the wildcard 2.??? is not a dialect to compare"},
    {"smb.dialects.max", "=2.??", false, "smb.dialects:any 2.???"},
    {"smb.dialects.max", "0x02FF", false, "not a dialect to compare"},
    {"smb.dialects.max", "=0x0300", true, NULL},
    {"smb.dialects.max", "<", false, "missing dialect after '<'"},
    {"smb.dialects.max", "", false, "missing dialect"},
    {"smb.dialects.max", NULL, false, "missing dialect"},
    {"smb.dialects.max", "=>3.0", false, "unknown dialect '>3.0'"},
    {"smb.dialects.max", "~3.0", false, "unknown dialect '~3.0'"},
    {"smb.dialects.max", "<=4.0", false, "unknown dialect '4.0'"},
    {"smb.dialects.min", ">2.0.2", true, NULL},
    {"smb.dialects.min", "> two", false, "unknown dialect 'two'"},
    {"smb.dialects.min", ">=2.???", false, "not a dialect to compare"},
    /* smb.dialect */
    {"smb.dialect", "3.1.1", true, NULL},
    {"smb.dialect", "2.???", true, NULL},
    {"smb.dialect", "2.??", true, NULL},
    {"smb.dialect", "< 3.0", true, NULL},
    {"smb.dialect", "=2.???", true, NULL},
    {"smb.dialect", "!=2.??", true, NULL},
    {"smb.dialect", "<2.???", false, "the wildcard 2.??? is not ordered"},
    {"smb.dialect", ">=0x02ff", false, "only = and != name it"},
    {"smb.dialect", "3.2", false, "unknown dialect '3.2'"},
    {"smb.dialect", "", false, "missing dialect"},
    /* smb.downgrade: no value (the rule parser refuses one) */
    {"smb.downgrade", NULL, true, NULL},
    {"smb.downgrade", "", true, NULL},
    /* smb.cannot_encrypt: no value either */
    {"smb.cannot_encrypt", NULL, true, NULL},
    {"smb.cannot_encrypt", "", true, NULL},
    /* smb.version */
    {"smb.version", "1", true, NULL},
    {"smb.version", "2", true, NULL},
    {"smb.version", "3", false, "bad version '3'"},
    {"smb.version", "12", false, "bad version"},
    {"smb.version", "", false, "expected 1 or 2"},
    {"smb.version", NULL, false, "expected 1 or 2"},
    /* smb1.dialects */
    {"smb1.dialects", "any \"NT LM 0.12\"", true, NULL},
    {"smb1.dialects", "all \"NT LM 0.12\" ,\"SMB 2.002\"", true, NULL},
    {"smb1.dialects", "only \"a\\\"b\", \"c\\\\d\"", true, NULL},
    {"smb1.dialects", "any NT LM 0.12", false, "expected '\"' at 'NT LM 0.12'"},
    {"smb1.dialects", "any \"NT LM", false, "unterminated string"},
    {"smb1.dialects", "any \"\"", false, "empty string"},
    {"smb1.dialects", "any \"a\" \"b\"", false, "expected ',' at '\"b\"'"},
    {"smb1.dialects", "any \"a\",", false, "expected '\"'"},
    {"smb1.dialects", "any \"a\", !\"b\"", false, "'!' negates the whole value"},
    {"smb1.dialects", "foo \"a\"", false, "unknown operator 'foo'"},
    {"smb1.dialects", "any", false, "empty string list"},
    {"smb1.dialects", NULL, false, "missing value"},
    /* smb1.dialect */
    {"smb1.dialect", "any", true, NULL},
    {"smb1.dialect", "\"NT LM 0.12\"", true, NULL},
    {"smb1.dialect", "NT LM 0.12", true, NULL},
    {"smb1.dialect", "\"LANMAN1.0\", \"NT LM 0.12\"", true, NULL},
    {"smb1.dialect", "\"NT LM 0.12", false, "unterminated string"},
    {"smb1.dialect", "", false, "missing value"},
    /* signing */
    {"smb.client.signing", "disabled", true, NULL},
    {"smb.client.signing", "enabled", true, NULL},
    {"smb.client.signing", "required", true, NULL},
    {"smb.client.signing", "NOT_REQUIRED", true, NULL},
    {"smb.client.signing", "optional", false, "unknown signing mode 'optional'"},
    {"smb.client.signing", "", false, "unknown signing mode"},
    {"smb.server.signing", "not_required", true, NULL},
    {"smb.server.signing", "not required", false, "unknown signing mode 'not required'"},
    {"smb.server.signing", NULL, false, "unknown signing mode"},
    /* capabilities */
    {"smb.client.capabilities", "any dfs, leasing", true, NULL},
    {"smb.client.capabilities", "all 0x00000040", true, NULL},
    {"smb.client.capabilities", "only LARGE_MTU,Encryption", true, NULL},
    {"smb.client.capabilities", "any 0x0", false, "unknown capability '0x0'"},
    {"smb.client.capabilities", "any bogus", false, "unknown capability 'bogus'"},
    {"smb.client.capabilities", "any 0x123456789", false, "unknown capability"},
    {"smb.server.capabilities", "none", false, "empty capability list"},
    {"smb.server.capabilities", "none notifications", true, NULL},
    /* ciphers */
    {"smb.client.ciphers", "any AES-128-GCM,AES-256-GCM", true, NULL},
    {"smb.client.ciphers", "only aes-128-ccm", true, NULL},
    {"smb.client.ciphers", "any AES-512-GCM", false, "unknown cipher 'AES-512-GCM'"},
    {"smb.client.ciphers", "maybe AES-128-GCM", false, "unknown operator 'maybe'"},
    {"smb.server.cipher", "AES-128-GCM", true, NULL},
    {"smb.server.cipher", "none", true, NULL},
    {"smb.server.cipher", "NONE", true, NULL},
    {"smb.server.cipher", "0x0004", true, NULL},
    {"smb.server.cipher", "AES-512", false, "unknown cipher 'AES-512'"},
    {"smb.server.cipher", "any AES-128-GCM", false, "unknown cipher"},
    {"smb.server.cipher", "", false, "missing cipher"},
    {"smb.server.cipher", NULL, false, "missing cipher"},
    /* signing algorithms */
    {"smb.client.signing_algs", "any AES-GMAC", true, NULL},
    {"smb.client.signing_algs", "all hmac-sha256, aes-cmac", true, NULL},
    {"smb.client.signing_algs", "any SHA1", false, "unknown signing algorithm 'SHA1'"},
    {"smb.server.signing_alg", "AES-CMAC", true, NULL},
    {"smb.server.signing_alg", "foo", false, "unknown signing algorithm 'foo'"},
    {"smb.server.signing_alg", "", false, "missing signing algorithm"},
    /* compression */
    {"smb.client.compression", "any LZ77+Huffman, Pattern_V1", true, NULL},
    {"smb.client.compression", "none NONE", true, NULL},
    {"smb.client.compression", "any zstd", false, "unknown compression algorithm 'zstd'"},
    {"smb.server.compression", "any LZNT1,LZ77,LZ77+Huffman,Pattern_V1,LZ4", true, NULL},
    {"smb.server.compression", "any LZ5", false, "unknown compression algorithm 'LZ5'"},
    /* contexts */
    {"smb.client.contexts", "any compression, netname", true, NULL},
    {"smb.client.contexts", "any SMB2_ENCRYPTION_CAPABILITIES", true, NULL},
    {"smb.client.contexts",
     "all preauth_integrity,encryption,compression,netname,transport,"
     "rdma_transform,signing,posix",
     true, NULL},
    {"smb.client.contexts", "any 0x0100", true, NULL},
    {"smb.client.contexts", "any quic", false, "unknown context type 'quic'"},
    /* status */
    {"smb.status", "STATUS_NOT_SUPPORTED", true, NULL},
    {"smb.status", "status_not_supported", true, NULL},
    {"smb.status", "0xC00000BB", true, NULL},
    {"smb.status", "STATUS_BOGUS", false, "unknown status 'STATUS_BOGUS'"},
    {"smb.status", "0x123456789", false, "unknown status"},
    {"smb.status", "3221225659", false, "unknown status"},
    {"smb.status", "", false, "missing status"},
    /* GUIDs */
    {"smb.client_guid", ZERO_GUID, true, NULL},
    {"smb.client_guid", "12345678-9ABC-DEF0-1122-334455667788", true, NULL},
    {"smb.client_guid", "{" ZERO_GUID "}", false, "bad GUID"},
    {"smb.client_guid", "00000000-0000-0000-0000-00000000000g", false, "bad GUID"},
    {"smb.client_guid", "00000000000000000000000000000000", false, "bad GUID"},
    {"smb.client_guid", ZERO_GUID "0", false, "bad GUID"},
    {"smb.client_guid", "", false, "missing GUID"},
    {"smb.server_guid", SERVER_GUID, true, NULL},
    {"smb.server_guid", "0000", false, "bad GUID '0000'"},
    {"smb.server_guid", NULL, false, "missing GUID"},
    /* netname */
    {"smb.netname", "fileserver", true, NULL},
    {"smb.netname", "\"fileserver\"", true, NULL},
    {"smb.netname", "\"a\", \"b\"", false, "expected one quoted name"},
    {"smb.netname", "\"a", false, "unterminated string"},
    {"smb.netname", "", false, "missing netname"},
};

START_TEST(test_setup)
{
    const struct kw *k = kw_get(setups[_i].kw);
    char err[256] = "";
    void *data = NULL;
    int rc = k->setup(setups[_i].value, &data, err, sizeof(err));
    ck_assert_msg((rc == 0) == setups[_i].ok, "%s:%s: rc %d, err '%s'", setups[_i].kw,
                  setups[_i].value ? setups[_i].value : "(null)", rc, err);
    if (rc == 0) {
        k->free(data);
        return;
    }
    ck_assert_int_eq(rc, -1);
    ck_assert_msg(strstr(err, setups[_i].why) != NULL, "%s:%s: err '%s' lacks '%s'", setups[_i].kw,
                  setups[_i].value ? setups[_i].value : "(null)", err, setups[_i].why);
}
END_TEST

/* A netname longer than the context can hold could never match. */
START_TEST(test_setup_netname_too_long)
{
    char name[SMB2_NETNAME_MAX + 1];
    char err[128] = "";
    void *data = NULL;
    memset(name, 'a', sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
    ck_assert_int_eq(kw_get("smb.netname")->setup(name, &data, err, sizeof(err)), -1);
    ck_assert_ptr_nonnull(strstr(err, "longer than"));
    name[SMB2_NETNAME_MAX - 1] = '\0';
    ck_assert_int_eq(kw_get("smb.netname")->setup(name, &data, err, sizeof(err)), 0);
    kw_get("smb.netname")->free(data);
}
END_TEST

/* err is written within errlen, and errlen 0 is allowed. */
START_TEST(test_setup_err_bounds)
{
    char err[8];
    void *data = NULL;
    memset(err, 'x', sizeof(err));
    ck_assert_int_eq(kw_get("smb.dialects")->setup("any 9.9.9", &data, err, 4), -1);
    ck_assert_str_eq(err, "unk");
    ck_assert_int_eq(err[4], 'x');
    ck_assert_int_eq(kw_get("smb.status")->setup("nope", &data, NULL, 0), -1);
    ck_assert_int_eq(kw_get("smb.version")->setup("9", &data, NULL, 0), -1);
}
END_TEST

/* ------------------------------------------------------------------------
 * Runner
 * ------------------------------------------------------------------------ */

static Suite *kw_smb_suite(void)
{
    Suite *s = suite_create("kw_smb");
    TCase *tc = tcase_create("table");
    tcase_add_loop_test(tc, test_table_rows, 0, (int)NROWS(keywords));
    tcase_add_test(tc, test_table_lookup);
    suite_add_tcase(s, tc);

    tc = tcase_create("setup");
    tcase_add_loop_test(tc, test_setup, 0, (int)NROWS(setups));
    tcase_add_test(tc, test_setup_netname_too_long);
    tcase_add_test(tc, test_setup_err_bounds);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(kw_smb_suite());
}
