/* files-worker.h - the worker process of -j (files-jobs.c): reads the
 * capture files it is given, one after another, each with a fresh engine,
 * appending the outputs to files in its private directory. */
#ifndef SMBNEG_FILES_WORKER_H
#define SMBNEG_FILES_WORKER_H

#include <stddef.h>
#include <stdint.h>

#include "config/config.h"

/* What became of one file: bits. */
enum {
    FILES_WORKER_INPUT = 1,   /* the capture failed */
    FILES_WORKER_ALERTED = 2,
    FILES_WORKER_SETUP = 4,   /* no engine */
    FILES_WORKER_SPOOL = 8,   /* its output could not be written (err) */
    FILES_WORKER_STOPPED = 16, /* a stop signal came part-way (files-stop.h) */
};

/* Worker -> parent after each file (one write, atomic on a pipe). */
struct files_worker_msg {
    uint32_t file, worker;
    int32_t code;             /* FILES_WORKER_* bits */
    int32_t err;              /* FILES_WORKER_SPOOL: the errno */
};

/* The worker's main loop, in the child process: reads a uint32_t file
 * index from `tasks`, processes paths[index] with cfg (outputs in `dir`,
 * named as files-merge.h says; messages appended to DIR.err), writes a
 * struct files_worker_msg to `results`; exits at EOF on `tasks`, or with
 * status 0 after a stop signal (files-stop.h, the handlers inherited from
 * the parent) without reading another task.  The
 * policy was checked (and its rule errors printed) by the parent, so
 * engine_new's messages are not repeated.  Never returns. */
void files_worker_main(const struct config *cfg, const char *dir, const char *const *paths,
                       size_t n, uint32_t worker, int tasks, int results)
    __attribute__((noreturn));

#endif
