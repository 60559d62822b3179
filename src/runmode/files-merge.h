/* files-merge.h - the output side of -j (files-jobs.c): each file's
 * range of its worker's private output files appended to the real outputs
 * in input order, and the files' stats records summed into one. */
#ifndef SMBNEG_FILES_MERGE_H
#define SMBNEG_FILES_MERGE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"

/* What a worker writes in its directory: eve-log output K as "eve-K.out"
 * (FILES_MERGE_EVE_FMT), fast.log as "fast.out"; any other file is
 * appended under its own name in the log directory. */
#define FILES_MERGE_EVE_FMT "eve-%u.out"
#define FILES_MERGE_FAST "fast.out"

#define FILES_MERGE_MAX_OUT 16

/* One real output the run appends to, and what went wrong with it. */
struct files_merge_out {
    char name[32];                  /* the worker file it gets ("eve-0.out") */
    char path[2 * CONFIG_PATH_MAX + 2]; /* for the report ("stdout") */
    uint64_t start;                 /* its size before this run (regular files) */
    uint64_t lost;                  /* lines lost to failed writes */
    int err;                        /* errno of the first failure; 0: none */
};

struct files_merge {
    const struct config *cfg;       /* the real outputs (borrowed) */
    struct files_merge_out out[FILES_MERGE_MAX_OUT];
    size_t n_out;
    json_t *stats[CONFIG_MAX_EVE];  /* per eve-log output: the summed stats record */
    int64_t last_sec;               /* the run's last packet time */
    bool have_ts;
    bool stdout_gone;               /* `-l -`: the reader closed the pipe (EPIPE) */
};

void files_merge_init(struct files_merge *m, const struct config *cfg);
void files_merge_deinit(struct files_merge *m);

/* Append bytes [off, off+len) of a worker's output file `src`, called
 * `name` in the worker's directory, to the real output it stands for; in
 * EVE output a stats record ending the range is held back and summed.  The
 * range is appended whole or not at all: after a failed write (a full
 * disk) the output is cut back to where it ended, and its lines are
 * counted as lost for files_merge_report.  A torn last line found in an
 * output the first time it is appended to is ended with '\n'.  0 / -1 (the
 * range is lost; reported by files_merge_report, or logged at once when
 * the worker's file could not be read). */
int files_merge_range(struct files_merge *m, const char *src, const char *name, uint64_t off,
                      uint64_t len);

/* Give back the blocks of [off, off+len) of src, not merged. */
void files_merge_discard(const char *src, uint64_t off, uint64_t len);

/* Copy bytes [off, off+len) of src to fd (a worker's messages); 0 / -1. */
int files_merge_copy_to(const char *src, uint64_t off, uint64_t len, int fd);

/* Append the summed stats record to each eve-log output that had one: each
 * key merged as the stats table says (src/output/stats.c), timestamp
 * the run's last packet, uptime `uptime` (the run's wall-clock seconds).
 * 0 / -1. */
int files_merge_write_stats(struct files_merge *m, uint64_t uptime);

/* One error line per output that lost lines: the lines it has from this
 * run, the lines lost and the reason.  0, or -1 when there was one. */
int files_merge_report(const struct files_merge *m);

/* The summed stats record as a snapshot (for the summary line); zeroes
 * when no output logged stats. */
struct stats_snapshot;
void files_merge_snapshot(const struct files_merge *m, struct stats_snapshot *s);

#endif
