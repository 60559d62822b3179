/* smb-anomaly.c - the registry of SMB anomaly names (enum smb_anomaly in
 * smb-msg.h), as written in EVE `anomaly.event` and
 * `smb.negotiate.anomalies`; doc/eve.md lists them (checked by
 * tests/schema/check-anomaly-docs.sh). */
#include "app/smb/smb.h"

static const char *const smb_anomaly_names[] = {
    [SMB_AN_TRUNCATED] = "smb.negotiate.truncated",
    [SMB_AN_BAD_STRUCTURE_SIZE] = "smb.negotiate.bad_structure_size",
    [SMB_AN_ZERO_DIALECTS] = "smb.negotiate.zero_dialects",
    [SMB_AN_DIALECTS_PAST_END] = "smb.negotiate.dialects_past_end",
    [SMB_AN_NEGCTX_OFFSET_PAST_END] = "smb.negotiate.context_offset_past_end",
    [SMB_AN_NEGCTX_PAST_END] = "smb.negotiate.context_past_end",
    [SMB_AN_NEGCTX_COUNT_MISMATCH] = "smb.negotiate.context_count_mismatch",
    [SMB_AN_NEGCTX_BAD_ALIGNMENT] = "smb.negotiate.context_bad_alignment",
    [SMB_AN_SECBUF_PAST_END] = "smb.negotiate.security_buffer_past_end",
    [SMB_AN_LIST_TRUNCATED] = "smb.negotiate.list_truncated",
    [SMB_AN_BAD_DIALECT_INDEX] = "smb.negotiate.bad_dialect_index",
    [SMB_AN_BAD_DIALECT_STRING] = "smb.negotiate.bad_dialect_string",
    [SMB_AN_BAD_HEADER] = "smb.smb2.bad_header",
    [SMB_AN_NBSS_LENGTH_EXCEEDS_DATA] = "smb.nbss.length_exceeds_data",
    [SMB_AN_SESSION_SETUP_TRUNCATED] = "smb.session_setup.truncated",
    [SMB_AN_SESSION_SETUP_BAD_STRUCTURE_SIZE] = "smb.session_setup.bad_structure_size",
    [SMB_AN_TREE_CONNECT_TRUNCATED] = "smb.tree_connect.truncated",
    [SMB_AN_TREE_CONNECT_BAD_STRUCTURE_SIZE] = "smb.tree_connect.bad_structure_size",
    [SMB_AN_IOCTL_TRUNCATED] = "smb.ioctl.truncated",
    [SMB_AN_IOCTL_BAD_STRUCTURE_SIZE] = "smb.ioctl.bad_structure_size",
    [SMB_AN_VALIDATE_NEGOTIATE_SHORT] = "smb.ioctl.validate_negotiate_short",
    [SMB_AN_TREE_CONNECT_PATH_TRUNCATED] = "smb.tree_connect.path_truncated",
    [SMB_AN_TOO_MANY_TRANSACTIONS] = "smb.too_many_transactions",
    [SMB_AN_MEMCAP] = "smb.memcap",
    [SMB_AN_SMB2_TRUNCATED_HEADER] = "smb.smb2.truncated_header",
    [SMB_AN_NEXT_COMMAND_PAST_END] = "smb.smb2.next_command_past_end",
    [SMB_AN_NEXT_COMMAND_TOO_SMALL] = "smb.smb2.next_command_too_small",
    [SMB_AN_SMB1_TRUNCATED_HEADER] = "smb.smb1.truncated_header",
    [SMB_AN_UNKNOWN_PROTOCOL_ID] = "smb.unknown_protocol_id",
    [SMB_AN_NBSS_INVALID_FRAME] = "smb.nbss.invalid_frame",
    [SMB_AN_PDU_TOO_LARGE] = "smb.pdu_too_large",
    [SMB_AN_FOLLOW_LIST_FULL] = "smb.follow.list_full",
    [SMB_AN_SECURITY_BUFFER_UNDECODED] = "smb.session_setup.security_buffer_undecoded",
};
_Static_assert(sizeof(smb_anomaly_names) / sizeof(smb_anomaly_names[0]) == SMB_AN_COUNT,
               "one name per anomaly");

const char *smb_anomaly_name(enum smb_anomaly a)
{
    return (unsigned)a < SMB_AN_COUNT ? smb_anomaly_names[a] : "smb.unknown";
}
