/* eve-smb-session.c - the EVE records of a connection's follow-up after its
 * negotiation (app/smb/smb-session.h), in the logs with
 * outputs.eve-log.smb-session: yes: one `smb` record per SESSION_SETUP
 * exchange and per TREE_CONNECT in Suricata's shape (its command names,
 * `ntlmssp`, `kerberos`, `share` / `named_pipe`, `share_type`), each with
 * smbneg's detail object, and one record of the connection's session facts
 * (`smb.session`).  doc/eve.md documents every field. */
#include "app/smb/smb-names.h"
#include "app/smb/smb.h"
#include "output/eve.h"

/* ------------------------------------------------------------ words */

static const char *eve_tri(enum smb_tri t)
{
    return t == SMB_TRI_YES ? "yes" : t == SMB_TRI_NO ? "no" : "unknown";
}

static const char *eve_auth(enum smb_auth a)
{
    switch (a) {
    case SMB_AUTH_NTLMSSP:
        return "ntlmssp";
    case SMB_AUTH_KERBEROS:
        return "kerberos";
    case SMB_AUTH_ANONYMOUS:
        return "anonymous";
    case SMB_AUTH_GUEST:
        return "guest";
    default:
        return "unknown";
    }
}

static const char *eve_mech(enum smb_auth_mech m)
{
    return m == SMB_MECH_NTLMSSP ? "ntlmssp" : m == SMB_MECH_KERBEROS ? "kerberos" : "unknown";
}

/* SecurityMode (MS-SMB2 2.2.5): the signing words of the negotiate record. */
static const char *eve_signing(uint16_t mode)
{
    return (mode & 0x2) ? "required" : (mode & 0x1) ? "enabled" : "disabled";
}

/* Suricata's share_type words (MS-SMB2 2.2.10 ShareType). */
static const char *eve_share_type(uint8_t t)
{
    return t == 1 ? "FILE" : t == 2 ? "PIPE" : t == 3 ? "PRINT" : "UNKNOWN";
}

static const char *eve_follow_end(enum smb_follow_end end)
{
    switch (end) {
    case SMB_FOLLOW_END_BOUND:
        return "bound";
    case SMB_FOLLOW_END_MAX_MESSAGES:
        return "max_messages";
    case SMB_FOLLOW_END_ENCRYPTED:
        return "encrypted";
    default:
        return "flow_end";
    }
}

/* ------------------------------------------------------------ shared keys */

static void eve_status_pair(struct jsonw *w, uint32_t st)
{
    const char *sn = smb_ntstatus_name(st);
    if (sn)
        jsonw_str(w, "status", sn);
    else
        jsonw_hex(w, "status", st, 1);
    jsonw_hex(w, "status_code", st, 1);
}

/* Suricata's leading keys: dialect and command. */
static void eve_dialect_command(struct jsonw *w, const struct smb_tx *tx, const char *command)
{
    uint16_t d = smb_tx_chosen_dialect(tx);
    if (smb_dialect_suricata(d))
        jsonw_str(w, "dialect", smb_dialect_suricata(d));
    else
        jsonw_hex(w, "dialect", d, 4);
    if (command)
        jsonw_str(w, "command", command);
}

/* The set bits of a flags word as names from `names` (bit i -> names[i],
 * NULL: "0x..."). */
static void eve_flag_names(struct jsonw *w, const char *key, uint32_t v,
                           const char *const *names, int n)
{
    jsonw_arr_open(w, key);
    for (int b = 0; b < 32; b++) {
        uint32_t bit = 1u << b;
        if (!(v & bit))
            continue;
        if (b < n && names[b])
            jsonw_str(w, NULL, names[b]);
        else
            jsonw_hex(w, NULL, bit, 8);
    }
    jsonw_arr_close(w);
}

/* MS-SMB2 2.2.6 SessionFlags */
static const char *const session_flag_names[] = {"guest", "null", "encrypt_data"};

/* MS-SMB2 2.2.10 ShareFlags (the caching policy 0x30 is a 2-bit field) */
static const char *const share_flag_names[] = {
    "manual_caching", NULL, NULL, NULL, "auto_caching", "vdo_caching", NULL, NULL,
    "dfs", "dfs_root", "restrict_exclusive_opens", "force_shared_delete",
    "allow_namespace_caching", "access_based_directory_enum", "force_levelii_oplock",
    "enable_hash_v1", "encrypt_data", "enable_hash_v2", "identity_remoting",
    NULL, "compress_data", "isolated_transport"};

/* MS-SMB2 2.2.10 Capabilities */
static const char *const share_cap_names[] = {NULL, NULL, NULL, "dfs", "continuous_availability",
                                              "scaleout", "cluster", "asymmetric",
                                              "redirect_to_owner"};

#define NAMES(a) a, (int)(sizeof(a) / sizeof(a[0]))

/* ------------------------------------------------------------ records */

void eve_smb_session_setup(struct jsonw *w, const struct smb_tx *tx, const struct smb_session *s,
                           bool suricata_compatible)
{
    jsonw_obj_open(w, "smb");
    jsonw_uint(w, "id", tx->id);
    eve_dialect_command(w, tx, "SMB2_COMMAND_SESSION_SETUP");
    eve_status_pair(w, s->status);
    jsonw_uint(w, "session_id", s->session_id);
    jsonw_uint(w, "tree_id", 0);
    if (s->ntlmssp_user[0] || s->ntlmssp_domain[0] || s->ntlmssp_host[0]) {
        jsonw_obj_open(w, "ntlmssp");
        jsonw_str(w, "domain", s->ntlmssp_domain);
        jsonw_str(w, "user", s->ntlmssp_user);
        jsonw_str(w, "host", s->ntlmssp_host);
        if (s->ntlmssp_version[0])
            jsonw_str(w, "version", s->ntlmssp_version);
        jsonw_obj_close(w);
    }
    if (s->krb_realm[0] || s->n_snames) {
        jsonw_obj_open(w, "kerberos");
        jsonw_str(w, "realm", s->krb_realm);
        jsonw_arr_open(w, "snames");
        for (int i = 0; i < s->n_snames && i < SMB_KRB_MAX_SNAMES; i++)
            jsonw_str(w, NULL, s->krb_snames[i]);
        jsonw_arr_close(w);
        jsonw_obj_close(w);
    }
    if (!suricata_compatible) {
        jsonw_obj_open(w, "session_setup");
        jsonw_uint(w, "legs", s->legs);
        jsonw_bool(w, "established", s->established);
        jsonw_str(w, "auth", eve_auth(s->auth));
        jsonw_str(w, "mech", eve_mech(s->mech));
        jsonw_str(w, "signing", eve_signing(s->security_mode));
        eve_flag_names(w, "session_flags", s->session_flags, NAMES(session_flag_names));
        jsonw_obj_close(w);
    }
    jsonw_obj_close(w);
}

void eve_smb_tree_connect(struct jsonw *w, const struct smb_tx *tx, const struct smb_tree *t,
                          bool suricata_compatible)
{
    jsonw_obj_open(w, "smb");
    jsonw_uint(w, "id", tx->id);
    eve_dialect_command(w, tx, "SMB2_COMMAND_TREE_CONNECT");
    if (t->answered)
        eve_status_pair(w, t->status);
    jsonw_uint(w, "session_id", t->session_id);
    jsonw_uint(w, "tree_id", t->tree_id);
    jsonw_str(w, t->share_type == 2 ? "named_pipe" : "share", t->path);
    if (t->answered && t->status == 0)
        jsonw_str(w, "share_type", eve_share_type(t->share_type));
    if (!suricata_compatible && t->answered && t->status == 0) {
        jsonw_obj_open(w, "tree_connect");
        eve_flag_names(w, "share_flags", t->share_flags, NAMES(share_flag_names));
        eve_flag_names(w, "capabilities", t->capabilities, NAMES(share_cap_names));
        jsonw_bool(w, "encrypt_data", t->share_flags & SMB2_SHAREFLAG_ENCRYPT_DATA);
        jsonw_obj_close(w);
    }
    jsonw_obj_close(w);
}

/* The validation (MS-SMB2 3.3.5.15.12) and what differed. */
static void eve_validate(struct jsonw *w, const struct smb_follow *fw)
{
    static const char *const diff_names[] = {"dialects", "capabilities", "guid",
                                             "security_mode", "unanswered"};
    jsonw_obj_open(w, "validate_negotiate");
    jsonw_str(w, "result", fw->validate == SMB_VALIDATE_MATCH      ? "match"
                           : fw->validate == SMB_VALIDATE_MISMATCH ? "mismatch"
                                                                   : "absent");
    if (fw->validate == SMB_VALIDATE_MISMATCH)
        eve_flag_names(w, "differs", fw->validate_diff, NAMES(diff_names));
    if (fw->validate_answered)
        eve_status_pair(w, fw->validate_status);
    jsonw_obj_close(w);
}

/* The distinct authentications of the established sessions. */
static void eve_auths(struct jsonw *w, const struct smb_follow *fw)
{
    unsigned seen = 0;
    jsonw_arr_open(w, "auth");
    for (int i = 0; i < fw->n_sessions; i++) {
        const struct smb_session *s = &fw->sess[i];
        if (!s->established || (seen & (1u << s->auth)))
            continue;
        seen |= 1u << s->auth;
        jsonw_str(w, NULL, eve_auth(s->auth));
    }
    jsonw_arr_close(w);
}

void eve_smb_session_facts(struct jsonw *w, const struct smb_tx *tx)
{
    const struct smb_follow *fw = tx->follow;
    jsonw_obj_open(w, "smb");
    jsonw_uint(w, "id", tx->id);
    eve_dialect_command(w, tx, NULL);
    jsonw_obj_open(w, "session");
    eve_auths(w, fw);
    jsonw_str(w, "signed", eve_tri(fw->is_signed));
    jsonw_str(w, "encrypted", eve_tri(fw->encrypted));
    jsonw_str(w, "compressed", eve_tri(fw->compressed));
    eve_validate(w, fw);
    jsonw_uint(w, "sessions", fw->n_sessions);
    jsonw_arr_open(w, "trees");
    for (int i = 0; i < fw->n_trees; i++)
        jsonw_str(w, NULL, fw->tree[i].path);
    jsonw_arr_close(w);
    jsonw_uint(w, "messages", fw->n_messages);
    jsonw_str(w, "end", eve_follow_end(fw->end));
    jsonw_obj_close(w);
    jsonw_obj_close(w);
}

/* ------------------------------------------------------------ writer */

/* Before the smb object: the negotiation's tx_id (the follow-up's records
 * belong to its transaction) and app_proto, as in the negotiate record. */
static void eve_follow_head(struct eve *e, const struct smb_tx *tx)
{
    eve_tx_id(e, tx);
    jsonw_str(&e->w, "app_proto", "smb");
}

/* The record's time and packet: the message that completed the exchange
 * (its response, else its request). */
static struct eve_origin eve_msg_origin(const struct eve_origin *o, uint64_t req_cnt,
                                        int64_t req_sec, int32_t req_usec, uint64_t resp_cnt,
                                        int64_t resp_sec, int32_t resp_usec)
{
    struct eve_origin m = *o;
    bool resp = resp_cnt || resp_sec;
    m.pcap_cnt = resp ? resp_cnt : req_cnt;
    m.ts_sec = resp ? resp_sec : req_sec;
    m.ts_usec = resp ? resp_usec : req_usec;
    return m;
}

void eve_smb_session_log(struct eve *e, const struct eve_origin *o, const struct flow *f,
                         const struct smb_tx *tx)
{
    const struct smb_follow *fw = tx->follow;
    if (!fw)
        return;
    /* each loop: the logs with outputs.eve-log.smb-session: yes */
    for (int i = 0; i < fw->n_sessions; i++) {
        const struct smb_session *s = &fw->sess[i];
        struct eve_origin m = eve_msg_origin(o, s->req_pcap_cnt, s->req_ts_sec, s->req_ts_usec,
                                             s->resp_pcap_cnt, s->resp_ts_sec, s->resp_ts_usec);
        for (size_t j = 0; eve_next(e, EVE_T_SMB, &j);) {
            if (!e->smb_session)
                continue;
            eve_begin(e, &m, "smb", f, NULL);
            eve_follow_head(e, tx);
            eve_smb_session_setup(&e->w, tx, s, e->suricata_compatible);
            eve_end(e);
        }
    }
    for (int i = 0; i < fw->n_trees; i++) {
        const struct smb_tree *t = &fw->tree[i];
        struct eve_origin m = eve_msg_origin(o, t->req_pcap_cnt, t->req_ts_sec, t->req_ts_usec,
                                             t->resp_pcap_cnt, t->resp_ts_sec, t->resp_ts_usec);
        for (size_t j = 0; eve_next(e, EVE_T_SMB, &j);) {
            if (!e->smb_session)
                continue;
            eve_begin(e, &m, "smb", f, NULL);
            eve_follow_head(e, tx);
            eve_smb_tree_connect(&e->w, tx, t, e->suricata_compatible);
            eve_end(e);
        }
    }
    for (size_t j = 0; eve_next(e, EVE_T_SMB, &j);) {
        if (!e->smb_session || e->suricata_compatible)
            continue; /* nothing of it is Suricata's */
        eve_begin(e, o, "smb", f, NULL);
        eve_follow_head(e, tx);
        eve_smb_session_facts(&e->w, tx);
        eve_end(e);
    }
}
