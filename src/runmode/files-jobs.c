/* files-jobs.c - the parent of -j (runmode-files.h): N worker processes
 * (files-worker.c) each reading whole files, one after another, with a
 * fresh engine per file, appending to private output files; the parent
 * hands out the files and appends each file's part of those outputs in
 * input order (files-merge.c), so the result is byte-identical for every
 * N. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define LOG_MODULE "files"
#include "engine.h"
#include "output/stats.h"
#include "runmode/files-stop.h"
#include "runmode/files-worker.h"
#include "runmode/runmode-files-int.h"
#include "util/log.h"
#include "util/mem.h"

/* ------------------------------------------------------------ workers */

/* Worker w's private output directory; its messages go to DIR.err. */
static void rf_worker_dir(const struct rf *r, size_t w, char out[CONFIG_PATH_MAX])
{
    snprintf(out, CONFIG_PATH_MAX, "%s/w%zu", r->tmp, w);
}

/* Start worker w: its task pipe, its directory, the process. */
static int rf_worker_start(struct rf *r, size_t w, int results[2])
{
    struct rf_worker *k = &r->w[w];
    char dir[CONFIG_PATH_MAX];
    int tasks[2];
    rf_worker_dir(r, w, dir);
    if (mkdir(dir, 0700) != 0 || pipe(tasks) != 0)
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL);
        close(tasks[1]);
        close(results[0]);
        for (size_t o = 0; o < w; o++) /* the other workers' task pipes */
            if (r->w[o].task >= 0)
                close(r->w[o].task);
        files_worker_main(r->cfg, dir, r->paths, r->n, (uint32_t)w, tasks[0], results[1]);
    }
    close(tasks[0]);
    if (pid < 0) {
        close(tasks[1]);
        return -1;
    }
    k->pid = pid;
    k->task = tasks[1];
    k->file = SIZE_MAX;
    return 0;
}

/* After worker w finished a file: the new bytes of each of its files are
 * that file's ranges. */
static void rf_collect(struct rf *r, size_t w, struct rf_file *f)
{
    struct rf_worker *k = &r->w[w];
    char dir[CONFIG_PATH_MAX], path[2 * CONFIG_PATH_MAX + 2];
    struct stat st;
    rf_worker_dir(r, w, dir);
    snprintf(path, sizeof(path), "%s.err", dir);
    uint64_t err = stat(path, &st) == 0 ? (uint64_t)st.st_size : k->err_size;
    f->worker = w;
    f->err_off = k->err_size;
    f->err_len = err - k->err_size;
    k->err_size = err;
    DIR *d = opendir(dir);
    for (struct dirent *de; d && (de = readdir(d));) {
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        if (de->d_name[0] == '.' || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        size_t s = 0;
        while (s < k->n_seen && strcmp(k->seen[s].name, de->d_name) != 0)
            s++;
        if (s == k->n_seen) {
            if (s == RF_MAX_OUT || strlen(de->d_name) >= sizeof(k->seen[s].name))
                continue; /* not an output smbneg writes */
            snprintf(k->seen[s].name, sizeof(k->seen[s].name), "%s", de->d_name);
            k->seen[s].size = 0;
            k->n_seen++;
        }
        if ((uint64_t)st.st_size > k->seen[s].size && f->n_out < RF_MAX_OUT) {
            struct rf_range *g = &f->out[f->n_out++];
            snprintf(g->name, sizeof(g->name), "%s", de->d_name);
            g->off = k->seen[s].size;
            g->len = (uint64_t)st.st_size - g->off;
        }
        k->seen[s].size = (uint64_t)st.st_size;
    }
    if (d)
        closedir(d);
}

/* ------------------------------------------------------------ scheduling */

/* File i is done and so is every file before it: its worker's messages,
 * then its outputs. */
static int rf_merge(struct rf *r, size_t i, struct progress *pg)
{
    struct rf_file *f = &r->f[i];
    char dir[CONFIG_PATH_MAX], path[2 * CONFIG_PATH_MAX + 2];
    int rc = 0;
    if (f->worker == SIZE_MAX && !f->why)
        return 0; /* never ran */
    if (f->why) {
        progress_end(pg);
        log_error("%s: %s", f->path, f->why);
        return 0;
    }
    rf_worker_dir(r, f->worker, dir);
    if (f->err_len) {
        progress_end(pg); /* messages start on a clean line */
        snprintf(path, sizeof(path), "%s.err", dir);
        files_merge_copy_to(path, f->err_off, f->err_len, STDERR_FILENO);
    }
    for (size_t k = 0; k < f->n_out; k++) {
        snprintf(path, sizeof(path), "%s/%s", dir, f->out[k].name);
        if (f->left_out) /* the room is needed by the files still to come */
            files_merge_discard(path, f->out[k].off, f->out[k].len);
        else if (files_merge_range(&r->merge, path, f->out[k].name, f->out[k].off,
                                   f->out[k].len))
            rc = -1;
    }
    return rc;
}

/* Done: whole files.  Running: what the worker read since it started the
 * file (rchar counts the capture's reads, compressed or not). */
static void rf_progress(const struct rf *r, struct progress *pg, size_t done)
{
    uint64_t bytes = 0;
    for (size_t i = 0; pg->on && i < r->n; i++) {
        const struct rf_file *f = &r->f[i];
        uint64_t in = f->state == RF_RUNNING ? rf_rchar(r->w[f->worker].pid) - f->rchar0 : 0;
        bytes += f->state >= RF_DONE ? f->size : in < f->size ? in : f->size;
    }
    progress_update(pg, bytes, done);
}

/* File i has finished (code: FILES_WORKER_* bits, -1: its worker died;
 * err: the errno of a spool write that failed). */
static void rf_done(struct rf *r, size_t i, int code, int err, struct runmode_files_result *res)
{
    struct rf_file *f = &r->f[i];
    if (f->worker != SIZE_MAX) {
        rf_collect(r, f->worker, f);
        r->w[f->worker].file = SIZE_MAX;
    }
    f->state = RF_DONE;
    if (code < 0 || (code & FILES_WORKER_SPOOL))
        f->left_out = true; /* a dead worker's last records may be cut short */
    if (code > 0 && (code & FILES_WORKER_SETUP))
        log_error("%s: worker could not set up its engine", f->path);
    if (code > 0 && (code & FILES_WORKER_SPOOL))
        log_error("%s: worker %zu could not write its output under %s: %s; this file's output "
                  "is left out", f->path, f->worker, r->tmp, strerror(err));
    res->files++;
    if (code > 0 && (code & FILES_WORKER_STOPPED)) {
        res->files_partial++;
        if (!*files_stop_flag()) { /* the worker alone was signalled */
            log_error("%s: worker %zu was stopped by a signal part-way; what it read is kept",
                      f->path, f->worker);
            res->file_errors++;
        }
    }
    if (code < 0 || (code & (FILES_WORKER_INPUT | FILES_WORKER_SETUP | FILES_WORKER_SPOOL)))
        res->file_errors++;
    if (code > 0 && (code & FILES_WORKER_ALERTED))
        res->alerted = true;
}

/* File i was never started (a stop, or nobody reads the output). */
static void rf_unread(struct rf *r, size_t i, struct runmode_files_result *res)
{
    r->f[i].why = NULL;
    r->f[i].state = RF_DONE;
    r->f[i].worker = SIZE_MAX;
    res->files_unread++;
}

/* Take the workers' reports waiting on fd, waiting up to ms for the first;
 * the number taken. */
static size_t rf_results(struct rf *r, int fd, int ms, struct runmode_files_result *res)
{
    size_t n = 0;
    struct pollfd pfd = {fd, POLLIN, 0};
    while (poll(&pfd, 1, n ? 0 : ms) > 0 && (pfd.revents & POLLIN)) {
        struct files_worker_msg m;
        if (read(fd, &m, sizeof(m)) != (ssize_t)sizeof(m))
            break;
        if (m.file < r->n && m.worker < r->nw && r->w[m.worker].file == m.file) {
            rf_done(r, m.file, m.code, m.err, res);
            n++;
        }
        ms = 0;
    }
    return n;
}

/* Reap workers that ended.  One that exited 0 after a stop signal left its
 * last task unstarted (its report, if any, was written before it exited,
 * so the reports are taken first); one that died some other way (a crash
 * on some file) costs that file.  The number of reports taken. */
static size_t rf_reap(struct rf *r, int fd, struct runmode_files_result *res)
{
    int status;
    pid_t pid;
    size_t n = 0;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        for (size_t w = 0; w < r->nw; w++) {
            struct rf_worker *k = &r->w[w];
            if (k->pid != pid)
                continue;
            n += rf_results(r, fd, 0, res);
            k->pid = 0;
            close(k->task);
            k->task = -1;
            if (k->file == SIZE_MAX)
                continue;
            if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
                rf_unread(r, k->file, res);
                k->file = SIZE_MAX;
                continue;
            }
            log_error("%s: worker %s %d; this file's output is left out", r->f[k->file].path,
                      WIFSIGNALED(status) ? "killed by signal" : "exited with",
                      WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
            rf_done(r, k->file, -1, 0, res);
        }
    }
    return n;
}

/* Hand the next files to idle workers; false when no worker is left.  A
 * file that is not to be read is done at once (rf_merge says why). */
static bool rf_assign(struct rf *r, size_t *next, bool progress,
                      struct runmode_files_result *res)
{
    bool alive = false;
    for (; *next < r->n && r->f[*next].why; (*next)++)
        rf_done(r, *next, FILES_WORKER_INPUT, 0, res);
    for (size_t w = 0; w < r->nw; w++) {
        struct rf_worker *k = &r->w[w];
        alive |= k->pid != 0;
        if (!k->pid || k->file != SIZE_MAX)
            continue;
        for (; *next < r->n && r->f[*next].why; (*next)++)
            rf_done(r, *next, FILES_WORKER_INPUT, 0, res);
        if (*next >= r->n)
            continue;
        uint32_t i = (uint32_t)*next;
        if (write(k->task, &i, sizeof(i)) != (ssize_t)sizeof(i))
            continue; /* dying; rf_reap will see it */
        k->file = *next;
        r->f[i].worker = w;
        r->f[i].state = RF_RUNNING;
        r->f[i].rchar0 = progress ? rf_rchar(k->pid) : 0;
        (*next)++;
    }
    return alive;
}

static int rf_run(struct rf *r, const struct runmode_files_opts *o, struct progress *pg,
                  struct runmode_files_result *res)
{
    size_t next = 0, merged = 0, done = 0;
    int rc = 0, results[2];
    if (pipe(results) != 0)
        return -1;
    r->nw = o->jobs < r->n ? o->jobs : r->n;
    for (size_t w = 0; w < r->nw; w++)
        r->w[w].task = -1;
    for (size_t w = 0; w < r->nw; w++)
        if (rf_worker_start(r, w, results) != 0)
            log_error("cannot start worker %zu: %s", w, strerror(errno));
    close(results[1]);
    rf_progress(r, pg, 0);
    bool passed_on = false;
    while (merged < r->n) {
        int sig = *files_stop_flag();
        for (size_t w = 0; sig && !passed_on && w < r->nw; w++)
            if (r->w[w].pid) /* the workers stop too, at their next packet */
                kill(r->w[w].pid, sig);
        passed_on |= sig != 0;
        if (r->merge.stdout_gone || sig) {
            for (; next < r->n; next++) /* the rest is not read */
                rf_unread(r, next, res);
        } else if (!rf_assign(r, &next, pg->on, res)) {
            for (; next < r->n; next++) { /* no worker left */
                log_error("%s: not read: no worker left", r->f[next].path);
                rf_done(r, next, -1, 0, res);
            }
        }
        done += rf_results(r, results[0], merged < next ? (pg->on ? 100 : 1000) : 0, res);
        done += rf_reap(r, results[0], res);
        for (; merged < r->n && r->f[merged].state == RF_DONE; merged++)
            if (rf_merge(r, merged, pg) != 0)
                rc = -1;
        rf_progress(r, pg, done);
    }
    for (size_t w = 0; w < r->nw; w++) { /* EOF on the task pipes: workers end */
        if (r->w[w].task >= 0)
            close(r->w[w].task);
        if (r->w[w].pid)
            waitpid(r->w[w].pid, NULL, 0);
    }
    close(results[0]);
    return rc;
}

/* ------------------------------------------------------------ the run */

static int rf_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static void rf_summary(const struct rf *r, const struct runmode_files_result *res, unsigned jobs,
                       double elapsed)
{
    struct stats_snapshot s;
    files_merge_snapshot(&r->merge, &s);
    s.files = res->files;
    s.file_errors = res->file_errors;
    stats_summary_jobs(stderr, &s, elapsed, jobs);
}

int files_jobs_run(struct rf *r, const struct runmode_files_opts *o, struct progress *pg,
                          struct runmode_files_result *res)
{
    const struct config *cfg = r->cfg;
    double t0 = rf_now();
    struct stat st;
    struct engine *check = engine_new(cfg, true); /* rule errors: printed once, here */
    if (!check)
        return 2;
    bool stop = engine_rule_errors_stop(check);
    engine_free(check);
    if (stop)
        return 2;
    if (cfg->baseline_enabled && strcmp(cfg->baseline_store, "auto") != 0 &&
        strcmp(cfg->baseline_store, "memory") != 0) {
        log_error("-j: every file starts with an empty baseline; a %s baseline store needs "
                  "the files read in order, without -j", cfg->baseline_store);
        return 2;
    }
    for (uint32_t k = 0; k < cfg->n_eve; k++) {
        if (cfg->eve[k].enabled && strcmp(cfg->eve[k].filetype, "regular") != 0) {
            log_error("-j: eve-log output %u writes to %s; -j merges regular files only", k,
                      cfg->eve[k].filetype);
            return 2;
        }
        if (cfg->eve[k].enabled && cfg->eve[k].prefix[0]) {
            log_error("-j: eve-log output %u has a prefix; -j merges plain records only", k);
            return 2;
        }
    }
    if (strcmp(cfg->log_dir, "-") != 0 &&
        (stat(cfg->log_dir, &st) != 0 || !S_ISDIR(st.st_mode))) {
        log_error("%s: log directory does not exist or is not a directory", cfg->log_dir);
        return 2;
    }
    const char *tmpdir = getenv("TMPDIR");
    snprintf(r->tmp, sizeof(r->tmp), "%s/smbneg-files.XXXXXX",
             tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!mkdtemp(r->tmp)) {
        log_error("%s: cannot create a work directory: %s", r->tmp, strerror(errno));
        return 2;
    }
    r->w = mem_calloc(o->jobs, sizeof(*r->w));
    r->paths = mem_calloc(r->n ? r->n : 1, sizeof(*r->paths));
    int rc = r->w && r->paths ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < r->n; i++)
        r->paths[i] = r->f[i].path;
    if (rc == 0)
        rc = rf_run(r, o, pg, res);
    mem_free(r->w);
    mem_free(r->paths);
    if (files_merge_write_stats(&r->merge, (uint64_t)(rf_now() - t0 + 0.5)) != 0)
        rc = -1;
    progress_end(pg);
    rf_stopped_note(res);
    rf_summary(r, res, (unsigned)r->nw, rf_now() - t0);
    if (files_merge_report(&r->merge) != 0)
        rc = -1;
    nftw(r->tmp, rf_rm, 8, FTW_DEPTH | FTW_PHYS);
    return rc != 0 || res->file_errors ? 1 : 0;
}
