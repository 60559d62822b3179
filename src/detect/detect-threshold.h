/* detect-threshold.h - alert thresholds (rule `threshold:` option and
 * threshold.config) and suppressions (private to src/detect/).
 *
 * Semantics follow Suricata, over packet time in seconds; a window starts at
 * the first match of a tracked key and lasts `seconds`:
 *   limit     alert on the first `count` matches of each window;
 *   threshold alert on every `count`-th match within a window;
 *   both      alert once per window, at the `count`-th match. */
#ifndef SMBNEG_DETECT_THRESHOLD_H
#define SMBNEG_DETECT_THRESHOLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/decode.h"
#include "detect/detect.h"

enum detect_th_type { TH_LIMIT = 1, TH_THRESHOLD, TH_BOTH };

/* src is the SMB client, dst the SMB server.  by_either exists only for
 * suppressions. */
enum detect_th_track {
    TRACK_BY_SRC = 1, TRACK_BY_DST, TRACK_BY_BOTH, TRACK_BY_RULE, TRACK_BY_FLOW, TRACK_BY_EITHER
};

struct detect_th_spec {
    enum detect_th_type type;
    enum detect_th_track track;
    uint32_t count;   /* >= 1 */
    uint32_t seconds;
};

/* Who matched: the transaction's addresses and flow. */
struct detect_th_who {
    uint8_t ip_v;
    struct ip_addr src, dst;
    uint64_t flow_id;
};

struct detect_th_entry;
struct detect_addr;

/* threshold.config entries plus the tracking table; embedded in struct
 * detect (init/deinit).  gid or sid 0 in an entry stands for every one. */
struct detect_threshold {
    struct detect_th_override {
        uint32_t gid, sid;
        struct detect_th_spec spec;
    } *ovr;
    size_t n_ovr, cap_ovr;
    struct detect_suppress {
        uint32_t gid, sid;
        enum detect_th_track track; /* 0: every alert of the rule */
        struct detect_addr *ip;
    } *sup;
    size_t n_sup, cap_sup;
    struct detect_th_entry **bucket; /* allocated on first use */
    size_t n_entries, max_entries;
};

#define DETECT_TH_MAX_ENTRIES 65536

void detect_threshold_init(struct detect_threshold *t, size_t max_entries);
void detect_threshold_deinit(struct detect_threshold *t);

/* Parse "type limit, track by_src, count 1, seconds 60" (any order, all four
 * required; by_either refused).  0, or -1 with a reason in err. */
int detect_threshold_parse_spec(const char *text, struct detect_th_spec *out, char *err,
                                size_t errlen);

/* One threshold.config line (threshold, event_filter or suppress; blank and
 * '#' lines ignored).  0, or -1 with a reason in err and the 0-based offset
 * of the offending text in *err_off. */
int detect_threshold_load_line(struct detect_threshold *t, const struct detect_cfg *cfg,
                               const char *line, char *err, size_t errlen, size_t *err_off);

/* The spec in force for gid:sid: a threshold.config entry for the exact
 * gid:sid, else one with wildcards, else the rule's own (NULL: none). */
const struct detect_th_spec *detect_threshold_spec_for(const struct detect_threshold *t,
                                                       uint32_t gid, uint32_t sid,
                                                       const struct detect_th_spec *own);

/* Is an alert of gid:sid by `who` suppressed? */
bool detect_threshold_suppressed(const struct detect_threshold *t, uint32_t gid, uint32_t sid,
                                 const struct detect_th_who *who);

/* Count a match of gid:sid under `spec` at time `now`; true when it alerts.
 * Allocates tracking entries (at most max_entries: expired ones are evicted
 * first, else the oldest); on out-of-memory the alert is let through. */
bool detect_threshold_check(struct detect_threshold *t, uint32_t gid, uint32_t sid,
                            const struct detect_th_spec *spec, const struct detect_th_who *who,
                            int64_t now);

#endif
