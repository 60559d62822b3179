/* runmode-files-int.h - what runmode-files.c (the file list, the run
 * without -j) and files-jobs.c (the -j parent: workers, scheduling, the
 * merge) share.  rf_ is runmode-files' private prefix.  Not for use outside
 * src/runmode/. */
#ifndef SMBNEG_RUNMODE_FILES_INT_H
#define SMBNEG_RUNMODE_FILES_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "config/config.h"
#include "runmode/files-merge.h"
#include "runmode/runmode-files.h"
#include "util/progress.h"

enum rf_state { RF_PENDING, RF_RUNNING, RF_DONE, RF_MERGED };

#define RF_MAX_OUT 16 /* output files of a worker */

/* A file's part of one of its worker's output files. */
struct rf_range {
    char name[32];
    uint64_t off, len;
};

struct rf_file {
    char *path;
    const char *why;          /* not read, failed for this reason; NULL: read it */
    uint64_t size;
    enum rf_state state;
    size_t worker;            /* that read it; SIZE_MAX: none */
    uint64_t rchar0;          /* the worker's rchar when it started the file */
    struct rf_range out[RF_MAX_OUT];
    size_t n_out;
    uint64_t err_off, err_len; /* its messages in the worker's .err file */
    bool left_out;            /* its output is not merged (its worker failed) */
};

/* A worker process, reading one file after another. */
struct rf_worker {
    pid_t pid;                /* 0: not running */
    int task;                 /* write end of its task pipe, -1: closed */
    size_t file;              /* being read; SIZE_MAX: idle */
    struct {
        char name[32];
        uint64_t size;        /* when the last file was collected */
    } seen[RF_MAX_OUT];
    size_t n_seen;
    uint64_t err_size;
};

struct rf {
    const struct config *cfg;
    struct rf_file *f;
    size_t n, cap;
    struct rf_worker *w;      /* -j: the workers */
    const char **paths;       /* -j: f[i].path, for the workers */
    size_t nw;
    char tmp[CONFIG_PATH_MAX - 64]; /* room for "/wN/NAME" in a log_dir */
    struct files_merge merge;      /* -j: the outputs */
    uint64_t input_errors;    /* directories that could not be listed */
};

/* ---- runmode-files.c */

/* Bytes read so far by a process (/proc/PID/io rchar; pid 0: this one). */
uint64_t rf_rchar(pid_t pid);
/* Monotonic seconds. */
double rf_now(void);
/* Before the summary of a run a signal stopped: what it did not read. */
void rf_stopped_note(const struct runmode_files_result *res);

/* ---- files-jobs.c */

/* -j: the checks, a work directory, the workers, the merged stats record
 * and the totals summary.  An exit status of runmode_files (0, 1, 2). */
int files_jobs_run(struct rf *r, const struct runmode_files_opts *o, struct progress *pg,
                   struct runmode_files_result *res);

#endif
