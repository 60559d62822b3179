/* detect-policy.h - the detection engine a policy and command line describe. */
#ifndef SMBNEG_DETECT_POLICY_H
#define SMBNEG_DETECT_POLICY_H

#include "config/config.h"
#include "detect/detect.h"

/* Build and load everything; *errors gets the number of bad rules, bad
 * threshold lines and unreadable files (each reported on stderr with its
 * location).  NULL only on out-of-memory. */
struct detect *detect_policy_new(const struct config *cfg, int *errors);

#endif
