/* smb-names.h - value -> name tables for SMB negotiate fields (MS-SMB2
 * 2.2.3, 2.2.3.1.x, 2.2.4; MS-ERREF 2.3 for status codes).  All tables are
 * static const; lookups are pure. */
#ifndef SMBNEG_SMB_NAMES_H
#define SMBNEG_SMB_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Dialect names.  smb_dialect_name(0x0311) = "3.1.1"; the wildcard 0x02FF is
 * "2.???".  smb_dialect_suricata(0x0311) = "3.11" (Suricata's spelling:
 * "2.02", "2.10", "2.22", "2.24", "3.00", "3.02", "3.10", "3.11", "2.??").
 * Unknown values return NULL. */
const char *smb_dialect_name(uint16_t dialect);
const char *smb_dialect_suricata(uint16_t dialect);

/* The SMB2 dialect an SMB1 dialect string stands for: "SMB 2.002" -> 0x0202,
 * "SMB 2.???" -> 0x02FF; 0 for any other string. */
uint16_t smb1_string_to_smb2_dialect(const char *s);

/* Algorithm names as MS-SMB2 writes them; NULL when unknown. */
const char *smb_hash_alg_name(uint16_t id);        /* 2.2.3.1.1: SHA-512 */
const char *smb_cipher_name(uint16_t id);          /* 2.2.3.1.2: AES-128-CCM ... */
const char *smb_compression_alg_name(uint16_t id); /* 2.2.3.1.3: NONE, LZNT1, LZ77,
                                                      LZ77+Huffman, Pattern_V1, LZ4 */
const char *smb_signing_alg_name(uint16_t id);     /* 2.2.3.1.7: HMAC-SHA256, AES-CMAC, AES-GMAC */
const char *smb_rdma_transform_name(uint16_t id);  /* 2.2.3.1.6: NONE, ENCRYPTION, SIGNING */

/* Negotiate context type names for EVE: preauth_integrity, encryption,
 * compression, netname, transport, rdma_transform, signing, posix; "unknown"
 * for any other id. */
const char *smb_negctx_type_name(uint16_t type);

/* SMB2 capability bit names (MS-SMB2 2.2.3 Capabilities): dfs, leasing,
 * large_mtu, multi_channel, persistent_handles, directory_leasing,
 * encryption, notifications; NULL for other bits. */
const char *smb2_capability_name(uint32_t bit);

/* SMB1 capability bit names (MS-CIFS 2.2.4.52.2, MS-SMB 2.2.4.5.2.1): the
 * CAP_ names lower-cased without the prefix (raw_mode, mpx_mode, unicode,
 * large_files, nt_smbs, rpc_remote_apis, status32, level_ii_oplocks,
 * lock_and_read, nt_find, dfs, infolevel_passthru, large_readx,
 * large_writex, lwio, unix, compressed_data, dynamic_reauth,
 * persistent_handles, extended_security); NULL for other bits. */
const char *smb1_capability_name(uint32_t bit);

/* NT status names (STATUS_SUCCESS, STATUS_NOT_SUPPORTED, ...); NULL when the
 * code is not in the table. */
const char *smb_ntstatus_name(uint32_t status);

/* Reverse lookups for rules: case-insensitive; return 0 and set *out on a
 * match, -1 otherwise. */
int smb_name_to_dialect(const char *s, uint16_t *out); /* "3.1.1", "3.11", "0x0311", "2.???" */
int smb_name_to_cipher(const char *s, uint16_t *out);
int smb_name_to_signing_alg(const char *s, uint16_t *out);
int smb_name_to_compression_alg(const char *s, uint16_t *out);
int smb_name_to_hash_alg(const char *s, uint16_t *out);
int smb_name_to_negctx_type(const char *s, uint16_t *out);
int smb_name_to_capability(const char *s, uint32_t *out);
int smb_name_to_ntstatus(const char *s, uint32_t *out);

/* Format a GUID as Wireshark prints it: the first three fields little
 * endian, lower-case hex, "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx".  buf must
 * hold 37 bytes. */
void smb_guid_format(const uint8_t guid[16], char buf[37]);
/* Parse that text form back to 16 bytes; 0 on success, -1 otherwise. */
int smb_guid_parse(const char *s, uint8_t guid[16]);

#endif
