/* kw-smb-baseline.c - smb.baseline:<condition>[,<condition>...]: the
 * negotiation departs from its hosts' history (src/baseline/): a dialect,
 * offer, signing or cipher drop, another server GUID, or a host never seen
 * before.  Matches when any listed condition holds; the alert carries the
 * evidence of the first listed one that does. */
#include <string.h>

#include "baseline/baseline.h"
#include "detect/kw-common.h"
#include "detect/kw.h"

struct kw_baseline {
    unsigned n;
    enum baseline_cond cond[BL_COND_COUNT]; /* rule order, no repeats */
};

static int kw_smb_baseline_item(struct kw_baseline *d, const char *s, size_t len, char *err,
                                size_t errlen)
{
    char name[32];
    enum baseline_cond c;
    while (len && (*s == ' ' || *s == '\t'))
        s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len == 0 || len >= sizeof(name)) {
        kw_err_set(err, errlen, len ? "unknown baseline condition '%.40s'"
                                    : "empty baseline condition%.0s", s);
        return -1;
    }
    memcpy(name, s, len);
    name[len] = '\0';
    if (baseline_cond_parse(name, &c) != 0) {
        kw_err_set(err, errlen,
                   "unknown baseline condition '%s' (server-dialect-drop, client-offer-drop, "
                   "server-signing-drop, server-cipher-drop, server-guid-change, new-server, "
                   "new-client)", name);
        return -1;
    }
    for (unsigned i = 0; i < d->n; i++)
        if (d->cond[i] == c)
            return 0;
    d->cond[d->n++] = c;
    return 0;
}

static int kw_smb_baseline_setup(const char *value, void **data, char *err, size_t errlen)
{
    struct kw_baseline *d = kw_data_alloc(sizeof(*d), err, errlen);
    if (!d)
        return -1;
    const char *p = value;
    for (;;) {
        size_t len = strcspn(p, ",");
        if (kw_smb_baseline_item(d, p, len, err, errlen) != 0) {
            kw_data_free(d);
            return -1;
        }
        if (p[len] == '\0')
            break;
        p += len + 1;
    }
    *data = d;
    return 0;
}

/* The first listed condition that holds, or NULL. */
static const struct baseline_finding *kw_smb_baseline_evidence(const struct kw_match_ctx *m,
                                                               const void *data)
{
    const struct kw_baseline *d = data;
    if (!m->bl)
        return NULL;
    for (unsigned i = 0; i < d->n; i++)
        if (m->bl->holds & (1u << d->cond[i]))
            return &m->bl->f[d->cond[i]];
    return NULL;
}

static bool kw_smb_baseline_match(const struct kw_match_ctx *m, const void *data)
{
    return kw_smb_baseline_evidence(m, data) != NULL;
}

/* The transaction was judged against a baseline (it chose a dialect and
 * baselines are on): `smb.baseline:!server-dialect-drop` is a judged
 * negotiation without that drop. */
static bool kw_smb_baseline_present(const struct kw_match_ctx *m)
{
    return m->bl != NULL;
}

const struct kw kw_smb_baseline = {
    .name = "smb.baseline",
    .syntax = "smb.baseline:<condition>[,<condition>...]",
    .desc = "The negotiation departs from what its server or client did before: any of "
            "server-dialect-drop, client-offer-drop, server-signing-drop, server-cipher-drop, "
            "server-guid-change, new-server, new-client (policy baseline.*)",
    .has_value = true,
    .skip_wildcard = true,
    .setup = kw_smb_baseline_setup,
    .match = kw_smb_baseline_match,
    .present = kw_smb_baseline_present,
    .evidence = kw_smb_baseline_evidence,
    .free = kw_data_free,
};
