/* output.h - the outputs of a run, opened from the policy. */
#ifndef SMBNEG_OUTPUT_H
#define SMBNEG_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"
#include "output/eve.h"
#include "output/stats.h"

/* The path of a file in the log directory of cfg (an absolute `file` is
 * taken as is) into out[0..cap).  0, or -1 (logged) when the directory
 * does not exist or the path does not fit. */
int output_log_path(const struct config *cfg, const char *file, char *out, size_t cap);

/* Does an enabled eve-log output of cfg write this event type ("smb")? */
bool output_type_enabled(const struct config *cfg, const char *type);

/* Open the enabled eve-log outputs of cfg into eve (eve_init'ed here) and,
 * when with_fast (a rule set is loaded), fast.log.  `-l -` (log_dir "-")
 * sends the regular-file EVE output to stdout and leaves fast.log out, so
 * stdout carries records only.  0, or -1 with the reason logged; what was
 * opened is closed by eve_close() and fast_log_close(). */
int output_open(struct eve *eve, struct fast_log *fast, const struct config *cfg, bool with_fast);

/* ---- the open outputs of a run.  eve is NULL when the eve-log outputs
 * ---- were never opened (-T); fast.log may be closed. */

/* Periodic work at monotonic time `now`: flush and reconnect the eve-log
 * outputs (eve_tick), flush fast.log so alerts show up within a tick. */
void output_tick(struct eve *eve, struct fast_log *fast, double now);
/* Write what the file outputs (EVE files, stdout, fast.log) have buffered;
 * 0, or the errno of the first write that failed in their life. */
int output_flush(struct eve *eve, struct fast_log *fast);
/* Records lost or refused so far (eve_output_stats, records lost before
 * any sink, fast.log write errors). */
uint64_t output_errors(const struct eve *eve, const struct fast_log *fast);
/* Reopen eve.json and fast.log under their names (after logrotate moved
 * them); 0, or -1 when one could not be reopened (logged). */
int output_reopen(struct eve *eve, struct fast_log *fast);
/* The origin of a stats record: packet time (packet_sec) offline, so the
 * same input gives the same record, and the wall clock live. */
struct eve_origin output_stats_origin(bool live, int64_t packet_sec);
/* Write the stats record of s at o. */
void output_stats_log(struct eve *eve, const struct eve_origin *o, const struct stats_snapshot *s);
/* Close both; 0, or -1 when an output had write errors (logged). */
int output_close(struct eve *eve, struct fast_log *fast);

#endif
