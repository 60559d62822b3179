/* detect-policy.h - the detection engine a policy and command line describe. */
#ifndef SMBNEG_DETECT_POLICY_H
#define SMBNEG_DETECT_POLICY_H

#include "config/config.h"
#include "detect/detect.h"

/* Build and load everything; *errors gets the number of bad rules, bad
 * threshold lines and unreadable files (each reported on stderr with its
 * location).  NULL only on out-of-memory. */
struct detect *detect_policy_new(const struct config *cfg, int *errors);

/* Replace *cur with the rule set cfg describes, all or nothing: on any
 * error (each reported) nothing changes and -1 is returned; otherwise the
 * old set's alert counters are added to *retired, the old set is freed and
 * 0 returned. */
int detect_policy_swap(struct detect **cur, struct detect_stats *retired,
                       const struct config *cfg);

/* Alert counters over a run: the current set's (d may be NULL) plus those
 * of the sets it replaced (*retired); rules_* are the current set's. */
struct detect_stats detect_policy_totals(const struct detect *d,
                                         const struct detect_stats *retired);

#endif
