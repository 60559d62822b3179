/* smb-names.c - value <-> name tables for SMB negotiate fields (MS-SMB2
 * 2.2.3, 2.2.3.1.x, 2.2.4; MS-SMB 2.2.2.4 and MS-ERREF 2.3.1 status codes). */
#include "app/smb/smb-names.h"

#include <string.h>

struct name_row {
    uint32_t value;
    const char *name;
};

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))

/* ------------------------------------------------------------------------
 * Tables (static const; one row per value)
 * ------------------------------------------------------------------------ */

/* MS-SMB2 2.2.3 Dialects; 0x02FF is the 2.2.4 wildcard revision. */
static const struct {
    uint16_t value;
    const char *name;     /* MS-SMB2 spelling */
    const char *suricata; /* Suricata's EVE spelling */
} dialect_rows[] = {
    {0x0202, "2.0.2", "2.02"}, {0x0210, "2.1", "2.10"},   {0x0222, "2.2.2", "2.22"},
    {0x0224, "2.2.4", "2.24"}, {0x0300, "3.0", "3.00"},   {0x0302, "3.0.2", "3.02"},
    {0x0310, "3.1.0", "3.10"}, {0x0311, "3.1.1", "3.11"}, {0x02FF, "2.???", "2.??"},
};

/* MS-SMB 2.2.4.5.1 / MS-SMB2 3.3.5.3.1: SMB1 strings that stand for SMB2. */
static const struct {
    const char *smb1;
    uint16_t dialect;
} smb1_smb2_rows[] = {
    {"SMB 2.002", 0x0202},
    {"SMB 2.???", 0x02FF},
};

static const struct name_row hash_rows[] = {{0x0001, "SHA-512"}};

static const struct name_row cipher_rows[] = {
    {0x0001, "AES-128-CCM"}, {0x0002, "AES-128-GCM"},
    {0x0003, "AES-256-CCM"}, {0x0004, "AES-256-GCM"},
};

static const struct name_row compression_rows[] = {
    {0x0000, "NONE"}, {0x0001, "LZNT1"},      {0x0002, "LZ77"},
    {0x0003, "LZ77+Huffman"}, {0x0004, "Pattern_V1"}, {0x0005, "LZ4"},
};

static const struct name_row signing_rows[] = {
    {0x0000, "HMAC-SHA256"}, {0x0001, "AES-CMAC"}, {0x0002, "AES-GMAC"},
};

static const struct name_row rdma_rows[] = {
    {0x0000, "NONE"}, {0x0001, "ENCRYPTION"}, {0x0002, "SIGNING"},
};

/* EVE names; MS-SMB2 2.2.3.1 ContextType */
static const struct name_row negctx_rows[] = {
    {0x0001, "preauth_integrity"}, {0x0002, "encryption"}, {0x0003, "compression"},
    {0x0005, "netname"},           {0x0006, "transport"},  {0x0007, "rdma_transform"},
    {0x0008, "signing"},           {0x0100, "posix"},
};

/* The MS-SMB2 constant names, accepted by smb_name_to_negctx_type too. */
static const struct name_row negctx_spec_rows[] = {
    {0x0001, "SMB2_PREAUTH_INTEGRITY_CAPABILITIES"},
    {0x0002, "SMB2_ENCRYPTION_CAPABILITIES"},
    {0x0003, "SMB2_COMPRESSION_CAPABILITIES"},
    {0x0005, "SMB2_NETNAME_NEGOTIATE_CONTEXT_ID"},
    {0x0006, "SMB2_TRANSPORT_CAPABILITIES"},
    {0x0007, "SMB2_RDMA_TRANSFORM_CAPABILITIES"},
    {0x0008, "SMB2_SIGNING_CAPABILITIES"},
    {0x0100, "SMB2_POSIX_EXTENSIONS_AVAILABLE"},
};

/* MS-SMB2 2.2.3 Capabilities (SMB2_GLOBAL_CAP_*) */
static const struct name_row capability_rows[] = {
    {0x00000001, "dfs"},           {0x00000002, "leasing"},
    {0x00000004, "large_mtu"},     {0x00000008, "multi_channel"},
    {0x00000010, "persistent_handles"}, {0x00000020, "directory_leasing"},
    {0x00000040, "encryption"},    {0x00000080, "notifications"},
};

/* SMB1 Capabilities (MS-CIFS 2.2.4.52.2, MS-SMB 2.2.4.5.2.1), CAP_ dropped
 * and lower-cased as for SMB2. */
static const struct name_row smb1_capability_rows[] = {
    {0x00000001, "raw_mode"},          {0x00000002, "mpx_mode"},
    {0x00000004, "unicode"},           {0x00000008, "large_files"},
    {0x00000010, "nt_smbs"},           {0x00000020, "rpc_remote_apis"},
    {0x00000040, "status32"},          {0x00000080, "level_ii_oplocks"},
    {0x00000100, "lock_and_read"},     {0x00000200, "nt_find"},
    {0x00001000, "dfs"},               {0x00002000, "infolevel_passthru"},
    {0x00004000, "large_readx"},       {0x00008000, "large_writex"},
    {0x00010000, "lwio"},              {0x00800000, "unix"},
    {0x02000000, "compressed_data"},   {0x20000000, "dynamic_reauth"},
    {0x40000000, "persistent_handles"}, {0x80000000, "extended_security"},
};

/* MS-ERREF 2.3.1 and MS-SMB 2.2.2.4: the codes seen around negotiation and
 * session setup, plus the common file errors. */
static const struct name_row ntstatus_rows[] = {
    {0x00000000, "STATUS_SUCCESS"},
    {0x00000103, "STATUS_PENDING"},
    {0x0000010B, "STATUS_NOTIFY_CLEANUP"},
    {0x0000010C, "STATUS_NOTIFY_ENUM_DIR"},
    {0x00010002, "STATUS_INVALID_SMB"},
    {0x00050002, "STATUS_SMB_BAD_TID"},
    {0x00160002, "STATUS_SMB_BAD_COMMAND"},
    {0x005B0002, "STATUS_SMB_BAD_UID"},
    {0x00FB0002, "STATUS_SMB_USE_STANDARD"},
    {0x80000005, "STATUS_BUFFER_OVERFLOW"},
    {0x80000006, "STATUS_NO_MORE_FILES"},
    {0x8000002D, "STATUS_STOPPED_ON_SYMLINK"},
    {0xC0000001, "STATUS_UNSUCCESSFUL"},
    {0xC0000002, "STATUS_NOT_IMPLEMENTED"},
    {0xC0000003, "STATUS_INVALID_INFO_CLASS"},
    {0xC0000004, "STATUS_INFO_LENGTH_MISMATCH"},
    {0xC0000008, "STATUS_INVALID_HANDLE"},
    {0xC000000D, "STATUS_INVALID_PARAMETER"},
    {0xC000000E, "STATUS_NO_SUCH_DEVICE"},
    {0xC000000F, "STATUS_NO_SUCH_FILE"},
    {0xC0000010, "STATUS_INVALID_DEVICE_REQUEST"},
    {0xC0000011, "STATUS_END_OF_FILE"},
    {0xC0000016, "STATUS_MORE_PROCESSING_REQUIRED"},
    {0xC0000017, "STATUS_NO_MEMORY"},
    {0xC0000022, "STATUS_ACCESS_DENIED"},
    {0xC0000023, "STATUS_BUFFER_TOO_SMALL"},
    {0xC0000033, "STATUS_OBJECT_NAME_INVALID"},
    {0xC0000034, "STATUS_OBJECT_NAME_NOT_FOUND"},
    {0xC0000035, "STATUS_OBJECT_NAME_COLLISION"},
    {0xC000003A, "STATUS_OBJECT_PATH_NOT_FOUND"},
    {0xC0000043, "STATUS_SHARING_VIOLATION"},
    {0xC0000056, "STATUS_DELETE_PENDING"},
    {0xC0000061, "STATUS_PRIVILEGE_NOT_HELD"},
    {0xC0000064, "STATUS_NO_SUCH_USER"},
    {0xC000006A, "STATUS_WRONG_PASSWORD"},
    {0xC000006D, "STATUS_LOGON_FAILURE"},
    {0xC000006E, "STATUS_ACCOUNT_RESTRICTION"},
    {0xC0000071, "STATUS_PASSWORD_EXPIRED"},
    {0xC0000072, "STATUS_ACCOUNT_DISABLED"},
    {0xC000009A, "STATUS_INSUFFICIENT_RESOURCES"},
    {0xC00000A5, "STATUS_BAD_IMPERSONATION_LEVEL"},
    {0xC00000B5, "STATUS_IO_TIMEOUT"},
    {0xC00000BA, "STATUS_FILE_IS_A_DIRECTORY"},
    {0xC00000BB, "STATUS_NOT_SUPPORTED"},
    {0xC00000C3, "STATUS_INVALID_NETWORK_RESPONSE"},
    {0xC00000C4, "STATUS_UNEXPECTED_NETWORK_ERROR"},
    {0xC00000C9, "STATUS_NETWORK_NAME_DELETED"},
    {0xC00000CA, "STATUS_NETWORK_ACCESS_DENIED"},
    {0xC00000CC, "STATUS_BAD_NETWORK_NAME"},
    {0xC00000D0, "STATUS_REQUEST_NOT_ACCEPTED"},
    {0xC0000101, "STATUS_DIRECTORY_NOT_EMPTY"},
    {0xC0000103, "STATUS_NOT_A_DIRECTORY"},
    {0xC0000120, "STATUS_CANCELLED"},
    {0xC0000128, "STATUS_FILE_CLOSED"},
    {0xC0000193, "STATUS_ACCOUNT_EXPIRED"},
    {0xC0000203, "STATUS_USER_SESSION_DELETED"},
    {0xC0000205, "STATUS_INSUFF_SERVER_RESOURCES"},
    {0xC000020C, "STATUS_CONNECTION_DISCONNECTED"},
    {0xC000020D, "STATUS_CONNECTION_RESET"},
    {0xC0000224, "STATUS_PASSWORD_MUST_CHANGE"},
    {0xC0000225, "STATUS_NOT_FOUND"},
    {0xC0000234, "STATUS_ACCOUNT_LOCKED_OUT"},
    {0xC0000257, "STATUS_PATH_NOT_COVERED"},
    {0xC000035C, "STATUS_NETWORK_SESSION_EXPIRED"},
    {0xC0000463, "STATUS_DEVICE_FEATURE_NOT_SUPPORTED"},
    {0xC000A000, "STATUS_INVALID_SIGNATURE"},
};

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

static int names_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* ASCII case-insensitive equality, independent of the locale. */
static bool names_equal(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        if (names_lower((unsigned char)*a) != names_lower((unsigned char)*b))
            return false;
    }
    return *a == *b;
}

static const char *names_find(const struct name_row *rows, size_t n, uint32_t value)
{
    for (size_t i = 0; i < n; i++) {
        if (rows[i].value == value)
            return rows[i].name;
    }
    return NULL;
}

/* Parse "0x" followed by 1..max_digits hex digits; 0 and *out on success. */
static int names_parse_hex(const char *s, unsigned max_digits, uint32_t *out)
{
    if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
        return -1;
    uint32_t v = 0;
    unsigned n = 0;
    for (s += 2; *s; s++, n++) {
        int c = names_lower((unsigned char)*s);
        uint32_t digit;
        if (c >= '0' && c <= '9')
            digit = (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            digit = (uint32_t)(c - 'a' + 10);
        else
            return -1;
        if (n >= max_digits)
            return -1;
        v = v << 4 | digit;
    }
    if (n == 0)
        return -1;
    *out = v;
    return 0;
}

/* A name from `rows` (case-insensitive) or a "0x..." number of at most
 * `max_digits` hex digits. */
static int names_lookup(const struct name_row *rows, size_t n, const char *s,
                        unsigned max_digits, uint32_t *out)
{
    if (!s)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (names_equal(s, rows[i].name)) {
            *out = rows[i].value;
            return 0;
        }
    }
    return names_parse_hex(s, max_digits, out);
}

static int names_lookup16(const struct name_row *rows, size_t n, const char *s, uint16_t *out)
{
    uint32_t v;
    if (names_lookup(rows, n, s, 4, &v) != 0)
        return -1;
    *out = (uint16_t)v;
    return 0;
}

/* ------------------------------------------------------------------------
 * value -> name
 * ------------------------------------------------------------------------ */

const char *smb_dialect_name(uint16_t dialect)
{
    for (size_t i = 0; i < NROWS(dialect_rows); i++) {
        if (dialect_rows[i].value == dialect)
            return dialect_rows[i].name;
    }
    return NULL;
}

const char *smb_dialect_suricata(uint16_t dialect)
{
    for (size_t i = 0; i < NROWS(dialect_rows); i++) {
        if (dialect_rows[i].value == dialect)
            return dialect_rows[i].suricata;
    }
    return NULL;
}

uint16_t smb1_string_to_smb2_dialect(const char *s)
{
    for (size_t i = 0; s && i < NROWS(smb1_smb2_rows); i++) {
        if (strcmp(s, smb1_smb2_rows[i].smb1) == 0)
            return smb1_smb2_rows[i].dialect;
    }
    return 0;
}

const char *smb_hash_alg_name(uint16_t id)
{
    return names_find(hash_rows, NROWS(hash_rows), id);
}

const char *smb_cipher_name(uint16_t id)
{
    return names_find(cipher_rows, NROWS(cipher_rows), id);
}

const char *smb_compression_alg_name(uint16_t id)
{
    return names_find(compression_rows, NROWS(compression_rows), id);
}

const char *smb_signing_alg_name(uint16_t id)
{
    return names_find(signing_rows, NROWS(signing_rows), id);
}

const char *smb_rdma_transform_name(uint16_t id)
{
    return names_find(rdma_rows, NROWS(rdma_rows), id);
}

const char *smb_negctx_type_name(uint16_t type)
{
    const char *name = names_find(negctx_rows, NROWS(negctx_rows), type);
    return name ? name : "unknown";
}

const char *smb2_capability_name(uint32_t bit)
{
    return names_find(capability_rows, NROWS(capability_rows), bit);
}

const char *smb1_capability_name(uint32_t bit)
{
    return names_find(smb1_capability_rows, NROWS(smb1_capability_rows), bit);
}

const char *smb_ntstatus_name(uint32_t status)
{
    return names_find(ntstatus_rows, NROWS(ntstatus_rows), status);
}

/* ------------------------------------------------------------------------
 * name -> value (rule keywords).  Every lookup also takes "0x" hex, so a
 * rule can name a value smbneg has no name for.
 * ------------------------------------------------------------------------ */

int smb_name_to_dialect(const char *s, uint16_t *out)
{
    if (!s)
        return -1;
    for (size_t i = 0; i < NROWS(dialect_rows); i++) {
        if (names_equal(s, dialect_rows[i].name) || names_equal(s, dialect_rows[i].suricata)) {
            *out = dialect_rows[i].value;
            return 0;
        }
    }
    uint32_t v;
    if (names_parse_hex(s, 4, &v) != 0)
        return -1;
    *out = (uint16_t)v;
    return 0;
}

int smb_name_to_cipher(const char *s, uint16_t *out)
{
    return names_lookup16(cipher_rows, NROWS(cipher_rows), s, out);
}

int smb_name_to_signing_alg(const char *s, uint16_t *out)
{
    return names_lookup16(signing_rows, NROWS(signing_rows), s, out);
}

int smb_name_to_compression_alg(const char *s, uint16_t *out)
{
    return names_lookup16(compression_rows, NROWS(compression_rows), s, out);
}

int smb_name_to_hash_alg(const char *s, uint16_t *out)
{
    return names_lookup16(hash_rows, NROWS(hash_rows), s, out);
}

int smb_name_to_negctx_type(const char *s, uint16_t *out)
{
    if (s && names_lookup16(negctx_spec_rows, NROWS(negctx_spec_rows), s, out) == 0)
        return 0;
    return names_lookup16(negctx_rows, NROWS(negctx_rows), s, out);
}

int smb_name_to_capability(const char *s, uint32_t *out)
{
    return names_lookup(capability_rows, NROWS(capability_rows), s, 8, out);
}

int smb_name_to_ntstatus(const char *s, uint32_t *out)
{
    return names_lookup(ntstatus_rows, NROWS(ntstatus_rows), s, 8, out);
}

/* ------------------------------------------------------------------------
 * GUIDs (MS-DTYP 2.3.4.2: Data1 u32, Data2 u16, Data3 u16 little endian,
 * then Data4 as 8 bytes in order)
 * ------------------------------------------------------------------------ */

/* Byte order of the 32 hex digits in the text form. */
static const uint8_t guid_text_order[16] = {3, 2, 1, 0, 5, 4, 7, 6,
                                            8, 9, 10, 11, 12, 13, 14, 15};

static bool guid_dash_before(size_t i)
{
    return i == 4 || i == 6 || i == 8 || i == 10;
}

void smb_guid_format(const uint8_t guid[16], char buf[37])
{
    static const char hex[] = "0123456789abcdef";
    size_t at = 0;
    for (size_t i = 0; i < 16; i++) {
        if (guid_dash_before(i))
            buf[at++] = '-';
        uint8_t b = guid[guid_text_order[i]];
        buf[at++] = hex[b >> 4];
        buf[at++] = hex[b & 0x0F];
    }
    buf[at] = '\0';
}

static int guid_nibble(char ch)
{
    int c = names_lower((unsigned char)ch);
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

int smb_guid_parse(const char *s, uint8_t guid[16])
{
    uint8_t tmp[16];
    if (!s)
        return -1;
    for (size_t i = 0; i < 16; i++) {
        if (guid_dash_before(i) && *s++ != '-')
            return -1;
        int hi = guid_nibble(s[0]);
        int lo = hi < 0 ? -1 : guid_nibble(s[1]);
        if (lo < 0)
            return -1;
        tmp[guid_text_order[i]] = (uint8_t)(hi << 4 | lo);
        s += 2;
    }
    if (*s != '\0')
        return -1;
    memcpy(guid, tmp, sizeof(tmp));
    return 0;
}
