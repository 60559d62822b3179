/* detect-threshold-config.c - the threshold.config syntax (Suricata
 * "Global-Thresholds"): a rule's `threshold:` spec and threshold, event_filter
 * and suppress lines, read into struct detect_threshold's entries. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "detect/detect-addr.h"
#include "detect/detect-threshold.h"
#include "util/mem.h"

/* ------------------------------------------------------------------------
 * "key value, key value, ..." lists
 * ------------------------------------------------------------------------ */

/* One "key value" pair of a comma-separated list; brackets may hold commas
 * (an `ip [a,b]` list).  Offsets are into the text. */
struct th_pair {
    size_t kb, ke, vb, ve;
};

/* Read the next pair from text at *pos.  false at the end of the text. */
static bool th_next_pair(const char *text, size_t *pos, struct th_pair *pr)
{
    size_t i = *pos;
    while (text[i] && (isspace((unsigned char)text[i]) || text[i] == ','))
        i++;
    if (!text[i])
        return false;
    pr->kb = i;
    while (text[i] && !isspace((unsigned char)text[i]) && text[i] != ',')
        i++;
    pr->ke = i;
    while (text[i] && isspace((unsigned char)text[i]))
        i++;
    pr->vb = i;
    int depth = 0;
    while (text[i] && (depth > 0 || text[i] != ',')) {
        depth += text[i] == '[' ? 1 : text[i] == ']' ? -1 : 0;
        i++;
    }
    pr->ve = i;
    while (pr->ve > pr->vb && isspace((unsigned char)text[pr->ve - 1]))
        pr->ve--;
    *pos = i;
    return true;
}

static bool th_key_is(const char *text, const struct th_pair *pr, const char *word)
{
    size_t n = strlen(word);
    return pr->ke - pr->kb == n && strncasecmp(text + pr->kb, word, n) == 0;
}

static bool th_val_is(const char *text, const struct th_pair *pr, const char *word)
{
    size_t n = strlen(word);
    return pr->ve - pr->vb == n && strncasecmp(text + pr->vb, word, n) == 0;
}

static bool th_val_u32(const char *text, const struct th_pair *pr, uint32_t *out)
{
    size_t n = pr->ve - pr->vb;
    if (n == 0 || n > 10)
        return false;
    uint64_t v = 0;
    for (size_t k = pr->vb; k < pr->ve; k++) {
        if (!isdigit((unsigned char)text[k]))
            return false;
        v = v * 10 + (uint64_t)(text[k] - '0');
    }
    if (v > UINT32_MAX)
        return false;
    *out = (uint32_t)v;
    return true;
}

static int th_val_track(const char *text, const struct th_pair *pr)
{
    static const struct {
        const char *name;
        enum detect_th_track track;
    } tracks[] = {{"by_src", TRACK_BY_SRC},   {"by_dst", TRACK_BY_DST},
                  {"by_both", TRACK_BY_BOTH}, {"by_rule", TRACK_BY_RULE},
                  {"by_flow", TRACK_BY_FLOW}, {"by_either", TRACK_BY_EITHER}};
    for (size_t k = 0; k < sizeof(tracks) / sizeof(tracks[0]); k++)
        if (th_val_is(text, pr, tracks[k].name))
            return (int)tracks[k].track;
    return 0;
}

/* Everything one threshold.config line or threshold option may carry. */
struct th_fields {
    struct detect_th_spec spec;
    uint32_t gid, sid;
    bool has_type, has_track, has_count, has_seconds, has_gid, has_sid;
    size_t ip_b, ip_e; /* the `ip` value, when ip_e > ip_b */
};

/* Parse the pairs of text from *pos into f; `allowed` lists the keys that
 * may appear.  0, or -1 with err and *err_off at the offending pair. */
static int th_parse_pairs(const char *text, size_t pos, const char *const *allowed,
                          struct th_fields *f, char *err, size_t errlen, size_t *err_off)
{
    struct th_pair pr;
    while (th_next_pair(text, &pos, &pr)) {
        *err_off = pr.kb;
        bool ok = false;
        for (size_t k = 0; allowed[k]; k++)
            ok = ok || th_key_is(text, &pr, allowed[k]);
        if (!ok) {
            snprintf(err, errlen, "unexpected '%.*s'", (int)(pr.ke - pr.kb), text + pr.kb);
            return -1;
        }
        if (th_key_is(text, &pr, "type")) {
            f->has_type = true;
            f->spec.type = th_val_is(text, &pr, "limit")       ? TH_LIMIT
                           : th_val_is(text, &pr, "threshold") ? TH_THRESHOLD
                           : th_val_is(text, &pr, "both")      ? TH_BOTH
                                                               : 0;
            ok = f->spec.type != 0;
        } else if (th_key_is(text, &pr, "track")) {
            f->has_track = true;
            f->spec.track = (enum detect_th_track)th_val_track(text, &pr);
            ok = f->spec.track != 0;
        } else if (th_key_is(text, &pr, "count")) {
            f->has_count = true;
            ok = th_val_u32(text, &pr, &f->spec.count) && f->spec.count > 0;
        } else if (th_key_is(text, &pr, "seconds")) {
            f->has_seconds = true;
            ok = th_val_u32(text, &pr, &f->spec.seconds);
        } else if (th_key_is(text, &pr, "gen_id")) {
            f->has_gid = true;
            ok = th_val_u32(text, &pr, &f->gid);
        } else if (th_key_is(text, &pr, "sig_id")) {
            f->has_sid = true;
            ok = th_val_u32(text, &pr, &f->sid);
        } else { /* ip */
            f->ip_b = pr.vb;
            f->ip_e = pr.ve;
            ok = pr.ve > pr.vb;
        }
        if (!ok) {
            *err_off = pr.ve > pr.vb ? pr.vb : pr.kb;
            snprintf(err, errlen, "bad %.*s '%.*s'", (int)(pr.ke - pr.kb), text + pr.kb,
                     (int)(pr.ve - pr.vb), text + pr.vb);
            return -1;
        }
    }
    return 0;
}

/* The four spec fields must all be there; by_either is for suppress only. */
static int th_check_spec(const struct th_fields *f, char *err, size_t errlen)
{
    const char *missing = !f->has_type ? "type" : !f->has_track ? "track"
                          : !f->has_count ? "count" : !f->has_seconds ? "seconds" : NULL;
    if (missing) {
        snprintf(err, errlen, "threshold without '%s'", missing);
        return -1;
    }
    if (f->spec.track == TRACK_BY_EITHER) {
        snprintf(err, errlen, "track by_either is only for suppress");
        return -1;
    }
    return 0;
}

int detect_threshold_parse_spec(const char *text, struct detect_th_spec *out, char *err,
                                size_t errlen)
{
    static const char *const allowed[] = {"type", "track", "count", "seconds", NULL};
    struct th_fields f = {0};
    size_t off = 0;
    if (th_parse_pairs(text, 0, allowed, &f, err, errlen, &off) < 0 ||
        th_check_spec(&f, err, errlen) < 0)
        return -1;
    *out = f.spec;
    return 0;
}

/* ------------------------------------------------------------------------
 * threshold.config lines
 * ------------------------------------------------------------------------ */

static int th_add_override(struct detect_threshold *t, const struct th_fields *f)
{
    for (size_t k = 0; k < t->n_ovr; k++)
        if (t->ovr[k].gid == f->gid && t->ovr[k].sid == f->sid) {
            t->ovr[k].spec = f->spec; /* a later line wins */
            return 0;
        }
    if (t->n_ovr == t->cap_ovr) {
        size_t cap = t->cap_ovr ? 2 * t->cap_ovr : 8;
        struct detect_th_override *v = mem_realloc(t->ovr, cap * sizeof(*v));
        if (!v)
            return -1;
        t->ovr = v;
        t->cap_ovr = cap;
    }
    t->ovr[t->n_ovr++] = (struct detect_th_override){.gid = f->gid, .sid = f->sid,
                                                     .spec = f->spec};
    return 0;
}

/* Takes ownership of ip (freed on failure). */
static int th_add_suppress(struct detect_threshold *t, const struct th_fields *f,
                           struct detect_addr *ip)
{
    if (t->n_sup == t->cap_sup) {
        size_t cap = t->cap_sup ? 2 * t->cap_sup : 8;
        struct detect_suppress *v = mem_realloc(t->sup, cap * sizeof(*v));
        if (!v) {
            detect_addr_free(ip);
            return -1;
        }
        t->sup = v;
        t->cap_sup = cap;
    }
    t->sup[t->n_sup++] = (struct detect_suppress){.gid = f->gid, .sid = f->sid,
                                                  .track = ip ? f->spec.track : 0, .ip = ip};
    return 0;
}

/* The suppress-specific checks and the ip set; then store it. */
static int th_load_suppress(struct detect_threshold *t, const struct detect_cfg *cfg,
                            const char *line, const struct th_fields *f, char *err,
                            size_t errlen, size_t *err_off)
{
    bool has_ip = f->ip_e > f->ip_b;
    if (has_ip != f->has_track) {
        snprintf(err, errlen, has_ip ? "suppress with 'ip' needs 'track'"
                                     : "suppress with 'track' needs 'ip'");
        return -1;
    }
    if (f->has_track && f->spec.track != TRACK_BY_SRC && f->spec.track != TRACK_BY_DST &&
        f->spec.track != TRACK_BY_EITHER) {
        snprintf(err, errlen, "suppress tracks by_src, by_dst or by_either");
        return -1;
    }
    struct detect_addr *ip = NULL;
    if (has_ip) {
        char buf[1024];
        size_t n = f->ip_e - f->ip_b;
        *err_off = f->ip_b;
        if (n >= sizeof(buf)) {
            snprintf(err, errlen, "ip value too long");
            return -1;
        }
        memcpy(buf, line + f->ip_b, n);
        buf[n] = '\0';
        if (detect_addr_parse(buf, cfg, &ip, err, errlen) < 0)
            return -1;
    }
    if (th_add_suppress(t, f, ip) < 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

int detect_threshold_load_line(struct detect_threshold *t, const struct detect_cfg *cfg,
                               const char *line, char *err, size_t errlen, size_t *err_off)
{
    static const char *const th_keys[] = {"gen_id", "sig_id", "type", "track",
                                          "count", "seconds", NULL};
    static const char *const sup_keys[] = {"gen_id", "sig_id", "track", "ip", NULL};
    size_t i = 0;
    while (line[i] && isspace((unsigned char)line[i]))
        i++;
    *err_off = i;
    if (!line[i] || line[i] == '#')
        return 0;
    size_t wb = i;
    while (line[i] && !isspace((unsigned char)line[i]))
        i++;
    size_t wlen = i - wb;
    bool is_sup = wlen == 8 && strncasecmp(line + wb, "suppress", 8) == 0;
    bool is_th = (wlen == 9 && strncasecmp(line + wb, "threshold", 9) == 0) ||
                 (wlen == 12 && strncasecmp(line + wb, "event_filter", 12) == 0);
    if (!is_sup && !is_th) {
        snprintf(err, errlen, "expected 'threshold', 'event_filter' or 'suppress', not '%.*s'",
                 (int)wlen, line + wb);
        return -1;
    }
    struct th_fields f = {0};
    if (th_parse_pairs(line, i, is_sup ? sup_keys : th_keys, &f, err, errlen, err_off) < 0)
        return -1;
    *err_off = wb;
    if (!f.has_gid || !f.has_sid) {
        snprintf(err, errlen, "%.*s without '%s'", (int)wlen, line + wb,
                 f.has_gid ? "sig_id" : "gen_id");
        return -1;
    }
    if (is_sup)
        return th_load_suppress(t, cfg, line, &f, err, errlen, err_off);
    if (th_check_spec(&f, err, errlen) < 0)
        return -1;
    if (th_add_override(t, &f) < 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}
