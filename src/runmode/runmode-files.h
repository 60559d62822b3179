/* runmode-files.h - -r: capture files read by one engine in turn, or with
 * -j N by N worker processes with the outputs merged in input order
 * (byte-identical for every N). */
#ifndef SMBNEG_RUNMODE_FILES_H
#define SMBNEG_RUNMODE_FILES_H

#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "util/progress.h"

struct runmode_files_opts {
    unsigned jobs;              /* worker processes; 0: no -j, one engine */
    enum progress_mode progress;
};

struct runmode_files_result {
    uint64_t files, file_errors; /* capture files read / that failed */
    bool alerted;                /* at least one alert was logged */
    int stop_signal;             /* SIGINT / SIGTERM stopped the run; 0: none */
    uint64_t files_partial;      /* read in part: the stop came in the middle */
    uint64_t files_unread;       /* not started because of the stop (or `| head`) */
};

/* Expand the -r paths (a directory: its captures in bytewise name order),
 * then:
 *  - jobs == 0: one engine reads every file in turn (flows end with each
 *    file; threshold state carries over); the usual summary.
 *  - jobs >= 1: `jobs` worker processes take the files one at a time, each
 *    file with a fresh engine (no flow or threshold state crosses files),
 *    and append its outputs to private files under $TMPDIR; the parent
 *    appends each file's part of them (and of the worker's messages) in
 *    input order as soon as all earlier files are done, holding back each
 *    file's stats record; at the end one stats record with the counters
 *    summed (peaks: the maximum; uptime: the run's wall-clock seconds)
 *    and a totals summary line.  A worker that dies costs its file
 *    (an error; that file's output is left out), not the run.
 * The progress line (o->progress) is drawn on stderr while files are read.
 * SIGINT or SIGTERM (files-stop.h) stops every engine at a packet
 * boundary; the flows end, the records and the stats record are written
 * whole, the summary says what was not read, res->stop_signal is set and
 * the -j work directory is removed.
 * Returns 0; 1 when an input failed (res has the counts); 2 when the policy
 * or the log directory is unusable (nothing was run). */
int runmode_files(const struct config *cfg, const char *const *inputs, int n_inputs,
                  const struct runmode_files_opts *o, struct runmode_files_result *res);

#endif
