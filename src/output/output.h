/* output.h - the outputs of a run, opened from the policy. */
#ifndef SMBNEG_OUTPUT_H
#define SMBNEG_OUTPUT_H

#include <stdbool.h>

#include "config/config.h"
#include "output/eve.h"

/* Does an enabled eve-log output of cfg write this event type ("smb")? */
bool output_type_enabled(const struct config *cfg, const char *type);

/* Open the enabled eve-log outputs of cfg into eve (eve_init'ed here) and,
 * when with_fast (a rule set is loaded), fast.log.  `-l -` (log_dir "-")
 * sends the regular-file EVE output to stdout and leaves fast.log out, so
 * stdout carries records only.  0, or -1 with the reason logged; what was
 * opened is closed by eve_close() and fast_log_close(). */
int output_open(struct eve *eve, struct fast_log *fast, const struct config *cfg, bool with_fast);

#endif
