/* report-baseline.c - `smbneg report --baseline FILE`: the hosts of a
 * baseline store (the SQLite file of `smbneg --baseline FILE`, what `smbneg
 * hosts` lists) merged into the report's hosts, with EVE input or alone.
 *
 * A store record is a host's whole history, usually including the
 * negotiations of the EVE given with it (a run with --baseline writes
 * both), so nothing is added twice: for a host in both, the count is the
 * larger of the two, first/last seen the widest, the best dialect the
 * higher, GUIDs and SMB1 the union, and each signing mode's count the
 * larger.  The store keeps which ciphers and signing algorithms a server
 * selected, not how often: one it selected that the EVE never showed
 * counts once.  Client GUID records are not hosts of the page (a client is
 * shown by its address, with the last GUID the store saw there). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/smb/smb-names.h"
#include "baseline/baseline-store.h"
#include "report/report.h"

/* Unix seconds -> an EVE timestamp ("2026-11-24T08:41:55.000000+0000"),
 * so that it orders with the EVE's; "" for 0 (never). */
static void bl_time(int64_t secs, char out[40])
{
    time_t t = (time_t)secs;
    struct tm tm;
    out[0] = '\0';
    if (secs > 0 && gmtime_r(&t, &tm))
        strftime(out, 40, "%Y-%m-%dT%H:%M:%S.000000+0000", &tm);
}

static void bl_common(struct report_host *h, uint64_t n, int64_t first, int64_t last,
                      uint16_t best)
{
    char f[40], l[40];
    bl_time(first, f);
    bl_time(last, l);
    report_host_times(h, f[0] ? f : NULL, l[0] ? l : NULL);
    if (n > h->count)
        h->count = n;
    const char *name = best ? smb_dialect_name(best) : NULL;
    int d = name ? report_dialect_rank(name, false) : RD_NONE;
    if (d > h->best)
        h->best = d;
    h->in_baseline = true;
}

/* Signing modes from a record: so many required it, the others enabled it
 * (MS-SMB2 2.2.3, 2.2.4: an SMB2 side that does not require signing sets
 * SIGNING_ENABLED). */
static void bl_signing(struct report_host *h, uint64_t total, uint64_t required)
{
    uint64_t enabled = total > required ? total - required : 0;
    if (required > h->signing[RS_REQUIRED])
        h->signing[RS_REQUIRED] = required;
    if (enabled > h->signing[RS_ENABLED])
        h->signing[RS_ENABLED] = enabled;
}

static void bl_server(struct report_host *h, const struct bl_server *s)
{
    bl_common(h, s->n, s->first_seen, s->last_seen, s->best_dialect);
    if (s->smb1) {
        h->smb1 = true;
        if (h->best < RD_SMB1)
            h->best = RD_SMB1;
    }
    bl_signing(h, s->n_smb2, s->n_signing_required);
    /* cipher ids 1..4 and signing algorithm ids 0..2 (MS-SMB2 2.2.3.1.2,
     * 2.2.3.1.7) are the report's indexes (enum report_cipher,
     * report_sigalg); the store does not keep "none" */
    for (int c = RC_128_CCM; c < RC_COUNT; c++)
        if ((s->ciphers >> c & 1u) && h->cipher[c] == 0)
            h->cipher[c] = 1;
    for (int a = 0; a < RA_COUNT; a++)
        if ((s->signing_algs >> a & 1u) && h->sigalg[a] == 0)
            h->sigalg[a] = 1;
    for (unsigned i = 0; i < s->n_guids && i < BL_MAX_GUIDS; i++) {
        char g[37];
        smb_guid_format(s->guids[i], g);
        report_host_guid(h, g);
    }
}

static void bl_client(struct report_host *h, const struct bl_client *c)
{
    bl_common(h, c->n, c->first_seen, c->last_seen, c->best_offered);
    bl_signing(h, c->n, c->n_signing_required);
    if (c->has_guid) {
        char g[37];
        smb_guid_format(c->guid, g);
        report_host_guid(h, g);
    }
}

static int bl_each(void *ctx, const struct bl_record *rec)
{
    struct report *r = ctx;
    char ip[64];
    if (rec->key.kind == BL_KEY_CLIENT_GUID) {
        r->bl_guids++;
        return 0;
    }
    baseline_format_ip(ip, rec->key.ip_v, rec->key.b);
    bool server = rec->key.kind == BL_KEY_SERVER;
    struct report_host *h = report_host_get(r, ip, server);
    if (!h)
        return 0; /* counted in r->oom */
    if (server) {
        r->bl_servers++;
        bl_server(h, &rec->u.s);
    } else {
        r->bl_clients++;
        bl_client(h, &rec->u.c);
    }
    return 0;
}

int report_add_baseline(struct report *r, const char *path)
{
    struct baseline_cfg cfg = {.store = "sqlite", .file = path, .read_only = true};
    const struct bl_store_ops *ops = baseline_store_find("sqlite");
    struct bl_store *s = ops ? ops->open(&cfg) : NULL;
    if (!s)
        return -1; /* the store said why */
    r->baseline = path;
    int rc = ops->each(s, bl_each, r);
    ops->close(s);
    return rc;
}
