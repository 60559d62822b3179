/* smb-follow.c - the bounded follow-up of an SMB2 connection after its
 * negotiation: sessions, tree connects, the negotiate validation and the
 * signing verdict (MS-SMB2 3.2.5.3, 3.2.5.5, 3.3.5.15.12; smb-follow.h). */
#include "app/smb/smb-follow.h"

#include <string.h>

#include "app/smb/smb-gss.h"

#define SMB_FW_PENDING 16
#define SMB2_CMD_CANCEL 0x000C
#define SMB2_CMD_OPLOCK_BREAK 0x0012
#define SMB2_DIALECT_311 0x0311

/* A request waiting for its response: MessageId -> session or tree slot. */
struct smb_fw_pending {
    uint64_t message_id;
    uint16_t command;
    uint8_t slot;
    bool used;
};

struct smb_fw {
    struct smb_follow follow;
    struct smb_tx *tx;             /* the negotiate tx, owned */
    uint32_t max_messages;
    bool over;                     /* ended by itself: follow.end says why */
    bool established;              /* some session setup completed */
    uint32_t n_signed, n_unsigned; /* ordinary messages after that */
    uint32_t tree_done_at;         /* n_messages when the bound's tree was answered, 0: not yet */
    bool validate_pending;         /* a validation request awaits its response */
    bool exempt;                   /* this message is signed by rule, not by choice */
    bool judged_req, judged_resp;  /* an ordinary request / response was judged */
    struct smb_fw_pending pend[SMB_FW_PENDING];
    uint32_t pend_next;            /* the slot reused when all are in use */
};

bool smb_fw_affordable(const struct memcap *mc)
{
    return !mc || !mc->limit || mc->used + sizeof(struct smb_fw) <= mc->limit / 2;
}

struct smb_fw *smb_fw_new(struct memcap *mc, struct smb_tx *tx, uint32_t max_messages)
{
    struct smb_fw *fw = mem_cap_calloc(mc, sizeof(*fw));
    if (!fw) {
        mem_cap_free(mc, tx, sizeof(*tx));
        return NULL;
    }
    fw->tx = tx;
    fw->max_messages = max_messages;
    tx->follow = NULL;
    return fw;
}

void smb_fw_free(struct smb_fw *fw, struct memcap *mc)
{
    if (!fw)
        return;
    mem_cap_free(mc, fw->tx, sizeof(*fw->tx));
    mem_cap_free(mc, fw, sizeof(*fw));
}

/* ------------------------------------------------------------ pending */

static void fw_pend_add(struct smb_fw *fw, uint64_t message_id, uint16_t command, uint8_t slot)
{
    struct smb_fw_pending *p = NULL;
    for (int i = 0; i < SMB_FW_PENDING && !p; i++)
        if (!fw->pend[i].used)
            p = &fw->pend[i];
    if (!p) /* all in use: a response never came; forget the oldest slot */
        p = &fw->pend[fw->pend_next++ % SMB_FW_PENDING];
    *p = (struct smb_fw_pending){message_id, command, slot, true};
}

/* The pending request a response answers, or NULL. */
static struct smb_fw_pending *fw_pend_find(struct smb_fw *fw, uint64_t message_id,
                                           uint16_t command)
{
    for (int i = 0; i < SMB_FW_PENDING; i++) {
        struct smb_fw_pending *p = &fw->pend[i];
        if (p->used && p->message_id == message_id && p->command == command)
            return p;
    }
    return NULL;
}

/* ------------------------------------------------------------ signing */

/* Messages whose signing says nothing of the session's: unsigned by design
 * even in a signed session (session setups, cancels, oplock breaks, interim
 * STATUS_PENDING responses, anything outside a session; MS-SMB2 3.2.4.1.1,
 * 3.3.4.1.1) or signed by rule even in an unsigned one (TREE_CONNECT: always
 * at 3.1.1, and Samba's client signs it at every dialect;
 * FSCTL_VALIDATE_NEGOTIATE_INFO: fw->exempt). */
static bool fw_is_ordinary(const struct smb_fw *fw, const struct smb2_hdr *h)
{
    if (fw->exempt || h->command == SMB2_CMD_TREE_CONNECT)
        return false;
    bool resp = h->flags & SMB2_FLAGS_SERVER_TO_REDIR;
    if (h->command == SMB2_CMD_NEGOTIATE || h->command == SMB2_CMD_SESSION_SETUP ||
        h->command == SMB2_CMD_CANCEL || h->command == SMB2_CMD_OPLOCK_BREAK)
        return false;
    if (h->message_id == UINT64_MAX || h->session_id == 0)
        return false;
    return !(resp && h->status == SMB2_STATUS_PENDING);
}

static void fw_count_signing(struct smb_fw *fw, const struct smb2_hdr *h)
{
    if (!fw->established || !fw_is_ordinary(fw, h))
        return;
    if (h->flags & SMB2_FLAGS_SIGNED)
        fw->n_signed++;
    else
        fw->n_unsigned++;
    if (h->flags & SMB2_FLAGS_SERVER_TO_REDIR)
        fw->judged_resp = true;
    else
        fw->judged_req = true;
}

/* ------------------------------------------------------------ sessions */

static struct smb_session *fw_session_by_id(struct smb_fw *fw, uint64_t id)
{
    for (int i = 0; i < fw->follow.n_sessions; i++)
        if (fw->follow.sess[i].session_id == id)
            return &fw->follow.sess[i];
    return NULL;
}

/* Decode a security buffer into s (smb-gss.c only sets what the buffer
 * shows, so the legs add up); an undecodable one is reported. */
static void fw_gss(struct smb_session *s, const uint8_t *buf, size_t len,
                   struct smb_fw_report *rep)
{
    if (buf && len && smb_gss_parse(buf, len, s) != PARSE_OK)
        rep->secbuf_undecoded = true;
}

static void fw_ss_request(struct smb_fw *fw, const struct smb2_hdr *h, const uint8_t *msg,
                          size_t len, const struct smb_fw_origin *o, struct smb_fw_report *rep)
{
    struct smb2_session_setup_req q;
    enum parse_status ps = smb2_session_setup_req_parse(msg, len, &q);
    rep->bits |= q.anomalies;
    if (ps != PARSE_OK)
        return;
    struct smb_follow *f = &fw->follow;
    struct smb_session *s = h->session_id ? fw_session_by_id(fw, h->session_id) : NULL;
    if (!s) {
        if (f->n_sessions >= SMB_FOLLOW_MAX_SESSIONS) {
            rep->list_full = true;
            return;
        }
        s = &f->sess[f->n_sessions++];
        s->session_id = h->session_id;
        s->security_mode = q.security_mode;
        s->req_pcap_cnt = o->pcap_cnt;
        s->req_ts_sec = o->sec;
        s->req_ts_usec = o->usec;
    }
    if (s->legs < UINT8_MAX)
        s->legs++;
    fw_gss(s, q.secbuf, q.secbuf_length, rep);
    fw_pend_add(fw, h->message_id, SMB2_CMD_SESSION_SETUP, (uint8_t)(s - f->sess));
}

/* The authentication a completed session shows: the session flags first
 * (MS-SMB2 2.2.6), then what its security buffers said. */
static enum smb_auth fw_auth(const struct smb_session *s)
{
    if (s->session_flags & SMB2_SESSION_FLAG_IS_GUEST)
        return SMB_AUTH_GUEST;
    if (s->session_flags & SMB2_SESSION_FLAG_IS_NULL)
        return SMB_AUTH_ANONYMOUS;
    if (s->auth != SMB_AUTH_UNKNOWN)
        return s->auth;
    if (s->mech == SMB_MECH_NTLMSSP)
        return SMB_AUTH_NTLMSSP;
    if (s->mech == SMB_MECH_KERBEROS)
        return SMB_AUTH_KERBEROS;
    return SMB_AUTH_UNKNOWN;
}

static void fw_ss_response(struct smb_fw *fw, const struct smb2_hdr *h, const uint8_t *msg,
                           size_t len, const struct smb_fw_origin *o, struct smb_fw_report *rep)
{
    struct smb2_session_setup_resp r;
    enum parse_status ps = smb2_session_setup_resp_parse(msg, len, &r);
    rep->bits |= r.anomalies;
    if (ps != PARSE_OK || h->status == SMB2_STATUS_PENDING)
        return;
    struct smb_fw_pending *p = fw_pend_find(fw, h->message_id, SMB2_CMD_SESSION_SETUP);
    if (!p)
        return; /* a response to a request not seen */
    p->used = false;
    struct smb_session *s = &fw->follow.sess[p->slot];
    if (s->session_id == 0)
        s->session_id = h->session_id;
    s->status = h->status;
    s->resp_pcap_cnt = o->pcap_cnt;
    s->resp_ts_sec = o->sec;
    s->resp_ts_usec = o->usec;
    if (r.is_error)
        return;
    s->session_flags = r.session_flags;
    fw_gss(s, r.secbuf, r.secbuf_length, rep);
    if (h->status != 0)
        return;
    s->established = true;
    s->auth = fw_auth(s);
    fw->established = true;
}

/* ------------------------------------------------------------ trees */

static void fw_tc_request(struct smb_fw *fw, const struct smb2_hdr *h, const uint8_t *msg,
                          size_t len, const struct smb_fw_origin *o, struct smb_fw_report *rep)
{
    struct smb2_tree_connect_req q;
    enum parse_status ps = smb2_tree_connect_req_parse(msg, len, &q);
    rep->bits |= q.anomalies;
    if (ps != PARSE_OK)
        return;
    struct smb_follow *f = &fw->follow;
    if (f->n_trees >= SMB_FOLLOW_MAX_TREES) {
        rep->list_full = true;
        return;
    }
    struct smb_tree *t = &f->tree[f->n_trees++];
    t->session_id = h->session_id;
    memcpy(t->path, q.path, sizeof(t->path));
    t->req_pcap_cnt = o->pcap_cnt;
    t->req_ts_sec = o->sec;
    t->req_ts_usec = o->usec;
    fw_pend_add(fw, h->message_id, SMB2_CMD_TREE_CONNECT, (uint8_t)(t - f->tree));
}

/* Is s the first session that was established? */
static bool fw_first_established(const struct smb_fw *fw, uint64_t session_id)
{
    for (int i = 0; i < fw->follow.n_sessions; i++)
        if (fw->follow.sess[i].established)
            return fw->follow.sess[i].session_id == session_id;
    return false;
}

static void fw_tc_response(struct smb_fw *fw, const struct smb2_hdr *h, const uint8_t *msg,
                           size_t len, const struct smb_fw_origin *o, struct smb_fw_report *rep)
{
    struct smb2_tree_connect_resp r;
    enum parse_status ps = smb2_tree_connect_resp_parse(msg, len, &r);
    rep->bits |= r.anomalies;
    if (ps != PARSE_OK || h->status == SMB2_STATUS_PENDING)
        return;
    struct smb_fw_pending *p = fw_pend_find(fw, h->message_id, SMB2_CMD_TREE_CONNECT);
    if (!p)
        return;
    p->used = false;
    struct smb_tree *t = &fw->follow.tree[p->slot];
    t->answered = true;
    t->status = h->status;
    t->tree_id = h->tree_id;
    t->resp_pcap_cnt = o->pcap_cnt;
    t->resp_ts_sec = o->sec;
    t->resp_ts_usec = o->usec;
    if (!r.is_error) {
        t->share_type = r.share_type;
        t->share_flags = r.share_flags;
        t->capabilities = r.capabilities;
    }
    if (!fw->tree_done_at && fw_first_established(fw, t->session_id))
        fw->tree_done_at = fw->follow.n_messages;
}

/* ------------------------------------------------------------ validation */

/* The validation request against the negotiate request the flow carried
 * (MS-SMB2 3.3.5.15.12: Capabilities, Guid, SecurityMode, Dialects). */
static uint32_t fw_validate_req_diff(const struct smb_tx *tx, const struct smb2_validate_req *v)
{
    if (tx->req_version != 2)
        return 0; /* an SMB1 request: nothing to compare with */
    const struct smb2_negotiate_req *n = &tx->req2;
    uint32_t d = 0;
    if (v->capabilities != n->capabilities)
        d |= SMB_VALIDATE_DIFF_CAPABILITIES;
    if (memcmp(v->guid, n->client_guid, sizeof(v->guid)) != 0)
        d |= SMB_VALIDATE_DIFF_GUID;
    if (v->security_mode != n->security_mode)
        d |= SMB_VALIDATE_DIFF_SECURITY_MODE;
    if (v->dialect_count != n->dialect_count || v->n_dialects != n->n_dialects ||
        memcmp(v->dialects, n->dialects, v->n_dialects * sizeof(v->dialects[0])) != 0)
        d |= SMB_VALIDATE_DIFF_DIALECTS;
    return d;
}

/* The validation response against the negotiate response (2.2.32.6). */
static uint32_t fw_validate_resp_diff(const struct smb_tx *tx, const struct smb2_validate_resp *v)
{
    const struct smb2_negotiate_resp *n = &tx->resp2;
    uint32_t d = 0;
    if (v->capabilities != n->capabilities)
        d |= SMB_VALIDATE_DIFF_CAPABILITIES;
    if (memcmp(v->guid, n->server_guid, sizeof(v->guid)) != 0)
        d |= SMB_VALIDATE_DIFF_GUID;
    if (v->security_mode != n->security_mode)
        d |= SMB_VALIDATE_DIFF_SECURITY_MODE;
    if (v->dialect != n->dialect)
        d |= SMB_VALIDATE_DIFF_DIALECTS;
    return d;
}

static void fw_ioctl_request(struct smb_fw *fw, const struct smb2_hdr *h, const uint8_t *msg,
                             size_t len, struct smb_fw_report *rep)
{
    struct smb2_ioctl_req q;
    enum parse_status ps = smb2_ioctl_req_parse(msg, len, &q);
    rep->bits |= q.anomalies;
    if (ps != PARSE_OK || q.ctl_code != FSCTL_VALIDATE_NEGOTIATE_INFO)
        return;
    struct smb_follow *f = &fw->follow;
    fw->exempt = true;
    if (f->validate == SMB_VALIDATE_ABSENT)
        f->validate = SMB_VALIDATE_MATCH; /* settled in smb_fw_finish */
    if (q.has_validate)
        f->validate_diff |= fw_validate_req_diff(fw->tx, &q.validate);
    fw->validate_pending = true;
    fw_pend_add(fw, h->message_id, SMB2_CMD_IOCTL, 0);
}

static void fw_ioctl_response(struct smb_fw *fw, const struct smb2_hdr *h, const uint8_t *msg,
                              size_t len, struct smb_fw_report *rep)
{
    struct smb2_ioctl_resp r;
    enum parse_status ps = smb2_ioctl_resp_parse(msg, len, &r);
    rep->bits |= r.anomalies;
    if (ps != PARSE_OK || h->status == SMB2_STATUS_PENDING)
        return;
    struct smb_fw_pending *p = fw_pend_find(fw, h->message_id, SMB2_CMD_IOCTL);
    if (!p)
        return; /* not a validation request's response */
    p->used = false;
    fw->exempt = true;
    fw->validate_pending = false;
    fw->follow.validate_answered = true;
    fw->follow.validate_status = h->status;
    if (r.has_validate)
        fw->follow.validate_diff |= fw_validate_resp_diff(fw->tx, &r.validate);
}

/* ------------------------------------------------------------ the walk */

static void fw_end(struct smb_fw *fw, enum smb_follow_end end)
{
    if (fw->over)
        return;
    fw->over = true;
    fw->follow.end = end;
}

/* After each message: has the follow-up reached its bound?  Besides the
 * tree connect and the validation, the signing verdict must be settled: an
 * unsigned ordinary message seen, or a request and a response judged. */
static void fw_check_bound(struct smb_fw *fw)
{
    const struct smb_follow *f = &fw->follow;
    bool judged = fw->n_unsigned || (fw->judged_req && fw->judged_resp);
    if (fw->tree_done_at && !fw->validate_pending && judged) {
        bool no_validation = smb_tx_chosen_dialect(fw->tx) >= SMB2_DIALECT_311;
        if (f->validate_answered || no_validation ||
            f->n_messages - fw->tree_done_at >= SMB_FW_VALIDATE_GRACE)
            fw_end(fw, SMB_FOLLOW_END_BOUND);
    }
    if (f->n_messages >= fw->max_messages)
        fw_end(fw, SMB_FOLLOW_END_MAX_MESSAGES);
}

void smb_fw_message(struct smb_fw *fw, const struct smb2_hdr *h, const uint8_t *msg, size_t len,
                    const struct smb_fw_origin *o, struct smb_fw_report *rep)
{
    if (fw->over)
        return;
    fw->follow.n_messages++;
    fw->exempt = false;
    bool resp = h->flags & SMB2_FLAGS_SERVER_TO_REDIR;
    switch (h->command) {
    case SMB2_CMD_SESSION_SETUP:
        if (resp)
            fw_ss_response(fw, h, msg, len, o, rep);
        else
            fw_ss_request(fw, h, msg, len, o, rep);
        break;
    case SMB2_CMD_TREE_CONNECT:
        if (resp)
            fw_tc_response(fw, h, msg, len, o, rep);
        else
            fw_tc_request(fw, h, msg, len, o, rep);
        break;
    case SMB2_CMD_IOCTL:
        if (resp)
            fw_ioctl_response(fw, h, msg, len, rep);
        else
            fw_ioctl_request(fw, h, msg, len, rep);
        break;
    default:
        break;
    }
    fw_count_signing(fw, h);
    fw_check_bound(fw);
}

void smb_fw_transform(struct smb_fw *fw, uint8_t protocol_byte)
{
    if (fw->over)
        return;
    fw->follow.n_messages++;
    if (protocol_byte == 0xFD) {
        fw->follow.encrypted = SMB_TRI_YES;
        if (fw->established)
            fw->n_signed++; /* encrypted counts as protected */
        fw_end(fw, SMB_FOLLOW_END_ENCRYPTED);
        return;
    }
    fw->follow.compressed = SMB_TRI_YES;
    fw_check_bound(fw);
}

bool smb_fw_over(const struct smb_fw *fw)
{
    return fw->over;
}

const struct smb_tx *smb_fw_finish(struct smb_fw *fw, enum smb_follow_end end, bool closed)
{
    struct smb_follow *f = &fw->follow;
    fw_end(fw, end);
    if (fw->validate_pending && closed && f->end == SMB_FOLLOW_END_FLOW_END)
        f->validate_diff |= SMB_VALIDATE_DIFF_UNANSWERED;
    if (fw->established)
        f->is_signed = fw->n_unsigned ? SMB_TRI_NO : fw->n_signed ? SMB_TRI_YES : SMB_TRI_UNKNOWN;
    if (f->n_messages > 0) {
        if (f->encrypted == SMB_TRI_UNKNOWN)
            f->encrypted = SMB_TRI_NO;
        if (f->compressed == SMB_TRI_UNKNOWN)
            f->compressed = SMB_TRI_NO;
    }
    if (f->validate != SMB_VALIDATE_ABSENT)
        f->validate = f->validate_diff ? SMB_VALIDATE_MISMATCH : SMB_VALIDATE_MATCH;
    fw->tx->follow = f;
    return fw->tx;
}
