/* files-worker.c - the worker process of -j (see files-worker.h). */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "engine.h"
#include "files-merge.h"
#include "files-stop.h"
#include "files-worker.h"
#include "util/mem.h"

/* One file: a fresh engine (no flow or threshold state from the previous
 * file), its outputs appended to the worker's files.  When they could not
 * be written (a full TMPDIR), *err is the errno and the sinks' messages,
 * which name the private files, are left to the parent to word. */
static int files_worker_file(const struct config *c, const char *path, FILE *devnull, int err,
                             int32_t *spool)
{
    dup2(fileno(devnull), STDERR_FILENO);
    struct engine *e = engine_new(c, false);
    dup2(err, STDERR_FILENO);
    if (!e)
        return FILES_WORKER_SETUP;
    engine_set_stop_flag(e, files_stop_flag());
    int rc = engine_run_file(e, path);
    bool stopped = e->stopped && *e->stop;
    bool alerted = e->detect && detect_stats(e->detect)->alerts > 0;
    engine_finish(e, 0.0, devnull); /* the stats record; the summary is the parent's */
    *spool = engine_flush_outputs(e);
    if (*spool)
        dup2(fileno(devnull), STDERR_FILENO);
    if (engine_free(e) != 0 && !*spool)
        rc = -1;
    dup2(err, STDERR_FILENO);
    return (rc ? FILES_WORKER_INPUT : 0) | (alerted ? FILES_WORKER_ALERTED : 0) |
           (*spool ? FILES_WORKER_SPOOL : 0) | (stopped ? FILES_WORKER_STOPPED : 0);
}

void files_worker_main(const struct config *cfg, const char *dir, const char *const *paths,
                       size_t n, uint32_t worker, int tasks, int results)
{
    struct config *c = mem_alloc(sizeof(*c));
    FILE *devnull = fopen("/dev/null", "w");
    char err[CONFIG_PATH_MAX + 8];
    if (!c || !devnull)
        _exit(FILES_WORKER_SETUP);
    *c = *cfg;
    snprintf(c->log_dir, sizeof(c->log_dir), "%s", dir);
    c->verbose = 0; /* -v describes the run once, in the parent, not its spool */
    /* Known names in the private directory; files-merge.c maps them back. */
    for (uint32_t k = 0; k < c->n_eve; k++)
        snprintf(c->eve[k].filename, sizeof(c->eve[k].filename), FILES_MERGE_EVE_FMT, k);
    snprintf(c->fast_filename, sizeof(c->fast_filename), FILES_MERGE_FAST);
    snprintf(err, sizeof(err), "%s.err", dir);
    int fd = open(err, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0)
        _exit(FILES_WORKER_SETUP);
    struct files_worker_msg m = {0, worker, 0, 0};
    /* a task taken after a stop is not started: the parent sees this
     * process exit 0 with the file still its own, and counts it not read */
    while (!*files_stop_flag() &&
           read(tasks, &m.file, sizeof(m.file)) == (ssize_t)sizeof(m.file) &&
           !*files_stop_flag()) {
        m.err = 0;
        m.code = m.file < n ? files_worker_file(c, paths[m.file], devnull, fd, &m.err)
                            : FILES_WORKER_SETUP;
        if (write(results, &m, sizeof(m)) != (ssize_t)sizeof(m))
            break;
    }
    _exit(0);
}
