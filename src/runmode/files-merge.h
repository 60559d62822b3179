/* files-merge.h - the output side of -j (runmode-files.c): each file's
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

struct files_merge {
    const struct config *cfg;       /* the real outputs (borrowed) */
    json_t *stats[CONFIG_MAX_EVE];  /* per eve-log output: the summed stats record */
    int64_t last_sec;               /* the run's last packet time */
    bool have_ts;
    bool stdout_gone;               /* `-l -`: the reader closed the pipe (EPIPE) */
};

void files_merge_init(struct files_merge *m, const struct config *cfg);
void files_merge_deinit(struct files_merge *m);

/* Append bytes [off, off+len) of a worker's output file `src`, called
 * `name` in the worker's directory, to the real output it stands for; in
 * EVE output a stats record ending the range is held back and summed.
 * 0 / -1 (a write failed; logged). */
int files_merge_range(struct files_merge *m, const char *src, const char *name, uint64_t off,
                      uint64_t len);

/* Copy bytes [off, off+len) of src to fd (a worker's messages); 0 / -1. */
int files_merge_copy_to(const char *src, uint64_t off, uint64_t len, int fd);

/* Append the summed stats record to each eve-log output that had one: each
 * key merged as the stats table says (src/output/stats.c), timestamp
 * the run's last packet, uptime `uptime` (the run's wall-clock seconds).
 * 0 / -1. */
int files_merge_write_stats(struct files_merge *m, uint64_t uptime);

/* The summed stats record as a snapshot (for the summary line); zeroes
 * when no output logged stats. */
struct stats_snapshot;
void files_merge_snapshot(const struct files_merge *m, struct stats_snapshot *s);

#endif
