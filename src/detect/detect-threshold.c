/* detect-threshold.c - thresholds (limit / threshold / both, tracked by
 * source, destination, both, rule or flow) and suppressions at run time:
 * which spec applies to a rule, and the tracking table.  Reading the
 * threshold.config syntax is in detect-threshold-config.c. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "detect/detect-addr.h"
#include "detect/detect-threshold.h"
#include "util/mem.h"

#define TH_BUCKETS 4096 /* power of two */

struct detect_th_key {
    uint32_t gid, sid;
    uint8_t track, ip_v;
    uint8_t pad[6];
    struct ip_addr a, b;
    uint64_t flow_id;
};

struct detect_th_entry {
    struct detect_th_key key;
    int64_t first;   /* window start */
    uint32_t count;  /* matches in the window */
    uint32_t seconds;
    struct detect_th_entry *next;
};

void detect_threshold_init(struct detect_threshold *t, size_t max_entries)
{
    *t = (struct detect_threshold){0};
    t->max_entries = max_entries ? max_entries : DETECT_TH_MAX_ENTRIES;
}

void detect_threshold_deinit(struct detect_threshold *t)
{
    for (size_t k = 0; k < t->n_sup; k++)
        detect_addr_free(t->sup[k].ip);
    mem_free(t->sup);
    mem_free(t->ovr);
    for (size_t b = 0; t->bucket && b < TH_BUCKETS; b++) {
        struct detect_th_entry *e = t->bucket[b];
        while (e) {
            struct detect_th_entry *next = e->next;
            mem_free(e);
            e = next;
        }
    }
    mem_free(t->bucket);
    *t = (struct detect_threshold){0};
}

/* ------------------------------------------------------------------------
 * Lookups
 * ------------------------------------------------------------------------ */

static bool th_id_match(uint32_t want_gid, uint32_t want_sid, uint32_t gid, uint32_t sid)
{
    return (want_gid == 0 || want_gid == gid) && (want_sid == 0 || want_sid == sid);
}

const struct detect_th_spec *detect_threshold_spec_for(const struct detect_threshold *t,
                                                       uint32_t gid, uint32_t sid,
                                                       const struct detect_th_spec *own)
{
    const struct detect_th_spec *best = own;
    int best_score = -1;
    for (size_t k = 0; k < t->n_ovr; k++) {
        const struct detect_th_override *o = &t->ovr[k];
        if (!th_id_match(o->gid, o->sid, gid, sid))
            continue;
        /* exact gid:sid > sig_id S of any gid > gen_id G, sig_id 0 > 0,0 */
        int score = (o->sid != 0) * 2 + (o->gid != 0);
        if (score > best_score) {
            best = &o->spec;
            best_score = score;
        }
    }
    return best;
}

bool detect_threshold_suppressed(const struct detect_threshold *t, uint32_t gid, uint32_t sid,
                                 const struct detect_th_who *who)
{
    for (size_t k = 0; k < t->n_sup; k++) {
        const struct detect_suppress *s = &t->sup[k];
        if (!th_id_match(s->gid, s->sid, gid, sid))
            continue;
        if (!s->ip)
            return true;
        bool src = detect_addr_match(s->ip, who->ip_v, &who->src);
        bool dst = detect_addr_match(s->ip, who->ip_v, &who->dst);
        if ((s->track == TRACK_BY_SRC && src) || (s->track == TRACK_BY_DST && dst) ||
            (s->track == TRACK_BY_EITHER && (src || dst)))
            return true;
    }
    return false;
}

/* ------------------------------------------------------------------------
 * Tracking table
 * ------------------------------------------------------------------------ */

static void th_make_key(struct detect_th_key *k, uint32_t gid, uint32_t sid,
                        const struct detect_th_spec *spec, const struct detect_th_who *who)
{
    memset(k, 0, sizeof(*k));
    k->gid = gid;
    k->sid = sid;
    k->track = (uint8_t)spec->track;
    if (spec->track == TRACK_BY_SRC || spec->track == TRACK_BY_BOTH) {
        k->ip_v = who->ip_v;
        k->a = who->src;
    }
    if (spec->track == TRACK_BY_DST || spec->track == TRACK_BY_BOTH) {
        k->ip_v = who->ip_v;
        k->b = who->dst;
    }
    if (spec->track == TRACK_BY_FLOW)
        k->flow_id = who->flow_id;
}

/* FNV-1a over the key bytes (padding is zeroed by th_make_key). */
static size_t th_hash(const struct detect_th_key *k)
{
    const uint8_t *p = (const uint8_t *)k;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < sizeof(*k); i++)
        h = (h ^ p[i]) * 16777619u;
    return h & (TH_BUCKETS - 1);
}

static bool th_expired(const struct detect_th_entry *e, int64_t now)
{
    return now - e->first >= (int64_t)e->seconds;
}

/* Make room for one entry: drop every expired entry, or when none is, the
 * one whose window started first.  O(entries); runs only at the cap. */
static void th_evict(struct detect_threshold *t, int64_t now)
{
    struct detect_th_entry **oldest = NULL;
    size_t removed = 0;
    for (size_t b = 0; b < TH_BUCKETS; b++) {
        struct detect_th_entry **pp = &t->bucket[b];
        while (*pp) {
            struct detect_th_entry *e = *pp;
            if (th_expired(e, now)) {
                *pp = e->next;
                mem_free(e);
                removed++;
                continue;
            }
            if (!oldest || e->first < (*oldest)->first)
                oldest = pp;
            pp = &e->next;
        }
    }
    t->n_entries -= removed;
    if (removed == 0 && oldest) {
        struct detect_th_entry *e = *oldest;
        *oldest = e->next;
        mem_free(e);
        t->n_entries--;
    }
}

/* Count one match in e's window and say whether it alerts. */
static bool th_step(struct detect_th_entry *e, const struct detect_th_spec *spec, int64_t now,
                    bool fresh)
{
    if (fresh || th_expired(e, now)) {
        e->first = now;
        e->seconds = spec->seconds;
        e->count = 1;
        if (spec->type == TH_THRESHOLD && spec->count == 1)
            e->count = 0;
        return spec->type == TH_LIMIT || spec->count == 1;
    }
    if (e->count < UINT32_MAX)
        e->count++;
    switch (spec->type) {
    case TH_LIMIT:
        return e->count <= spec->count;
    case TH_THRESHOLD:
        if (e->count < spec->count)
            return false;
        e->count = 0;
        return true;
    case TH_BOTH:
        return e->count == spec->count;
    }
    return true;
}

bool detect_threshold_check(struct detect_threshold *t, uint32_t gid, uint32_t sid,
                            const struct detect_th_spec *spec, const struct detect_th_who *who,
                            int64_t now)
{
    struct detect_th_key key;
    th_make_key(&key, gid, sid, spec, who);
    if (!t->bucket && !(t->bucket = mem_calloc(TH_BUCKETS, sizeof(*t->bucket))))
        return true;
    size_t h = th_hash(&key);
    for (struct detect_th_entry *e = t->bucket[h]; e; e = e->next)
        if (memcmp(&e->key, &key, sizeof(key)) == 0)
            return th_step(e, spec, now, false);
    if (t->n_entries >= t->max_entries)
        th_evict(t, now);
    struct detect_th_entry *e = mem_calloc(1, sizeof(*e));
    if (!e)
        return true;
    e->key = key;
    e->next = t->bucket[h];
    t->bucket[h] = e;
    t->n_entries++;
    return th_step(e, spec, now, true);
}
