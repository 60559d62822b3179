/* kw-buffer.c - THE list of sticky buffers and what each one reads: the
 * NTLMSSP user and domain of the connection's sessions (MS-NLMP 2.2.1.3),
 * its tree connect paths (MS-SMB2 2.2.9) and the negotiate request's
 * netname context (2.2.3.1.4).  Strings as Suricata writes them: UTF-8. */
#include <strings.h>

#include "app/smb/smb-session.h"
#include "app/smb/smb.h"
#include "detect/kw-buffer.h"

/* Append s to out[*n] unless empty or out is full. */
static void kwb_add(const char **out, size_t *n, const char *s)
{
    if (s && s[0] && *n < KW_BUFFER_MAX)
        out[(*n)++] = s;
}

static size_t kwb_ntlmssp_user(const struct kw_match_ctx *m, const char **out)
{
    const struct smb_follow *fo = m->tx->follow;
    size_t n = 0;
    for (unsigned k = 0; fo && k < fo->n_sessions && k < SMB_FOLLOW_MAX_SESSIONS; k++)
        kwb_add(out, &n, fo->sess[k].ntlmssp_user);
    return n;
}

static size_t kwb_ntlmssp_domain(const struct kw_match_ctx *m, const char **out)
{
    const struct smb_follow *fo = m->tx->follow;
    size_t n = 0;
    for (unsigned k = 0; fo && k < fo->n_sessions && k < SMB_FOLLOW_MAX_SESSIONS; k++)
        kwb_add(out, &n, fo->sess[k].ntlmssp_domain);
    return n;
}

/* Every tree connect path of the connection.  Suricata's smb.share leaves
 * pipe shares (IPC$) to smb.named_pipe; here they stay, because the
 * follow-up ends at the first answered tree connect, which clients make to
 * IPC$ as often as not. */
static size_t kwb_share(const struct kw_match_ctx *m, const char **out)
{
    const struct smb_follow *fo = m->tx->follow;
    size_t n = 0;
    for (unsigned k = 0; fo && k < fo->n_trees && k < SMB_FOLLOW_MAX_TREES; k++)
        kwb_add(out, &n, fo->tree[k].path);
    return n;
}

static size_t kwb_netname(const struct kw_match_ctx *m, const char **out)
{
    const struct smb2_negctx *c = smb_tx_req_ctx(m->tx, SMB2_NETNAME_NEGOTIATE_CONTEXT_ID);
    size_t n = 0;
    if (c)
        kwb_add(out, &n, c->netname);
    return n;
}

static const struct kw_buffer kw_buffers[] = {
    {"smb.ntlmssp_user", "smb.ntlmssp_user; content:\"<text>\";",
     "Sticky buffer: the NTLMSSP user name of each session of the connection", KW_PHASE_FOLLOW,
     kwb_ntlmssp_user},
    {"smb.ntlmssp_domain", "smb.ntlmssp_domain; content:\"<text>\";",
     "Sticky buffer: the NTLMSSP domain of each session of the connection", KW_PHASE_FOLLOW,
     kwb_ntlmssp_domain},
    {"smb.share", "smb.share; content:\"<text>\";",
     "Sticky buffer: the path of each tree connect of the connection (\\\\server\\share), "
     "pipe shares (IPC$) included", KW_PHASE_FOLLOW, kwb_share},
    {"smb.netname", "smb.netname; content:\"<text>\";",
     "Sticky buffer: the server name of the negotiate request's netname context",
     KW_PHASE_NEGOTIATE, kwb_netname},
};

const struct kw_buffer *kw_buffer_get(size_t i)
{
    return i < sizeof(kw_buffers) / sizeof(kw_buffers[0]) ? &kw_buffers[i] : NULL;
}

const struct kw_buffer *kw_buffer_find(const char *name)
{
    for (size_t i = 0; name && i < sizeof(kw_buffers) / sizeof(kw_buffers[0]); i++)
        if (strcasecmp(kw_buffers[i].name, name) == 0)
            return &kw_buffers[i];
    return NULL;
}
