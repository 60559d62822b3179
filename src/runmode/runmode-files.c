/* runmode-files.c - -r: the list of capture files (directories expanded),
 * then one engine reading them in turn, or with -j N a pool of N worker
 * processes (files-worker.c) each reading whole files, one after another,
 * with a fresh engine per file, appending to private output files; the
 * parent hands out the files and appends each file's part of those outputs
 * in input order (files-merge.c), so the result is byte-identical for every
 * N (see runmode-files.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <stdint.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LOG_MODULE "files"
#include "engine.h"
#include "files-merge.h"
#include "files-stop.h"
#include "output/stats.h"
#include "files-worker.h"
#include "runmode-files.h"
#include "source/source-pcap.h"
#include "util/file.h"
#include "util/log.h"
#include "util/mem.h"


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

/* ------------------------------------------------------------ the file list */

static int rf_add(struct rf *r, const char *path)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 64;
        struct rf_file *nf = mem_realloc(r->f, cap * sizeof(*nf));
        if (!nf)
            return -1;
        r->f = nf;
        r->cap = cap;
    }
    struct stat st;
    struct rf_file *f = &r->f[r->n];
    memset(f, 0, sizeof(*f));
    f->worker = SIZE_MAX;
    f->path = mem_strdup(path);
    f->size = stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
    if (!f->path)
        return -1;
    r->n++;
    return 0;
}

/* What the walk of a -r directory could not read. */
static void rf_dir_report(void *ctx, const char *path, const char *why, bool fatal)
{
    struct rf *r = ctx;
    if (fatal) {
        log_error("%s: %s", path, why);
        r->input_errors++;
    } else {
        log_warn("%s: %s", path, why);
    }
}

/* Everything below a directory in bytewise order of the paths: each file
 * is read (one that is not a capture, or a dangling link, then fails with
 * its name, as when given directly), a special file fails unread (a FIFO
 * would block), and a directory without any capture is an input error. */
static int rf_add_dir(struct rf *r, const char *dir)
{
    char **names;
    size_t n, captures = 0;
    if (dir_walk_sorted(dir, &names, &n, rf_dir_report, r) != 0) {
        if (errno == ENOMEM)
            return -1;
        log_error("%s: cannot open directory: %s", dir, strerror(errno));
        r->input_errors++;
        return 0;
    }
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct stat st;
        bool special = stat(names[i], &st) == 0 && !S_ISREG(st.st_mode);
        if (!special && source_pcap_looks_like_capture(names[i]))
            captures++;
        rc = rf_add(r, names[i]);
        if (rc == 0 && special)
            r->f[r->n - 1].why = "not a regular file";
    }
    dir_list_free(names, n);
    if (rc == 0 && captures == 0) {
        log_error("%s: no capture in this directory or below", dir);
        r->input_errors++;
    }
    return rc;
}

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

/* Bytes read so far by a process (/proc/PID/io rchar; pid 0: this one). */
static uint64_t rf_rchar(pid_t pid)
{
    char path[64], buf[256];
    if (pid)
        snprintf(path, sizeof(path), "/proc/%ld/io", (long)pid);
    else
        snprintf(path, sizeof(path), "/proc/self/io");
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    buf[n > 0 ? n : 0] = '\0';
    const char *p = strstr(buf, "rchar:");
    return p ? strtoull(p + 6, NULL, 10) : 0;
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

/* ------------------------------------------------------------ entry */

static int rf_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static double rf_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Before the summary of a run a signal stopped: what it did not read. */
static void rf_stopped_note(const struct runmode_files_result *res)
{
    if (!*files_stop_flag())
        return;
    fprintf(stderr,
            "smbneg: stopped by %s at a packet boundary: %llu file(s) read in part, "
            "%llu not read\n",
            files_stop_name(), (unsigned long long)res->files_partial,
            (unsigned long long)res->files_unread);
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

/* -j: the checks, a work directory, the workers, the merged stats record. */
static int rf_parallel(struct rf *r, const struct runmode_files_opts *o, struct progress *pg,
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

/* ------------------------------------------------------------ without -j */

struct rf_seq {
    struct progress *pg;
    uint64_t done_bytes;      /* sizes of the files before the current one */
    uint64_t size, rchar0;    /* the current file's size; rchar at its start */
    size_t done_files;
};

static void rf_seq_progress(void *ctx, const struct engine *e)
{
    struct rf_seq *q = ctx;
    (void)e;
    uint64_t in = rf_rchar(0) - q->rchar0;
    progress_update(q->pg, q->done_bytes + (in < q->size ? in : q->size), q->done_files);
}

/* One engine for every file, in order (flow state ends with each file;
 * threshold state carries over). */
static int rf_sequential(struct rf *r, struct progress *pg, struct runmode_files_result *res)
{
    double t0 = rf_now();
    struct engine *e = engine_new(r->cfg, false);
    if (!e)
        return 2;
    struct rf_seq q = {pg, 0, 0, 0, 0};
    if (pg->on) {
        engine_set_progress(e, rf_seq_progress, &q);
    }
    int rc = 0;
    size_t i;
    e->stop = files_stop_flag();
    for (i = 0; i < r->n && !*e->stop; i++) {
        q.size = r->f[i].size;
        q.rchar0 = pg->on ? rf_rchar(0) : 0;
        progress_update(pg, q.done_bytes, i);
        if (r->f[i].why) {
            progress_end(pg);
            engine_file_failed(e, r->f[i].path, r->f[i].why);
            rc = 1;
        } else if (engine_run_file(e, r->f[i].path) != 0) {
            rc = 1;
        }
        q.done_bytes += r->f[i].size;
        q.done_files = i + 1;
        if (e->stopped) {
            res->files_partial = *e->stop != 0;
            i++;
            break;
        }
    }
    res->files_unread = r->n - i;
    progress_update(pg, q.done_bytes, i);
    progress_end(pg);
    rf_stopped_note(res);
    res->files = e->n.files;
    res->file_errors = e->n.file_errors;
    engine_finish(e, rf_now() - t0, stderr);
    res->alerted = e->detect && detect_stats(e->detect)->alerts > 0;
    if (engine_free(e) != 0)
        rc = 1;
    return rc;
}

/* ------------------------------------------------------------ entry */

int runmode_files(const struct config *cfg, const char *const *inputs, int n_inputs,
                  const struct runmode_files_opts *o, struct runmode_files_result *res)
{
    struct rf r;
    struct stat st;
    memset(&r, 0, sizeof(r));
    memset(res, 0, sizeof(*res));
    r.cfg = cfg;
    files_merge_init(&r.merge, cfg);
    /* For the whole run: a reader of `-l -` that goes away (`| head`) is
     * an EPIPE the outputs handle, not a death (and a -j worker that died
     * must not take the parent along when it is given its next file). */
    signal(SIGPIPE, SIG_IGN);
    files_stop_install();
    int rc = 0;
    for (int i = 0; rc == 0 && i < n_inputs; i++)
        rc = stat(inputs[i], &st) == 0 && S_ISDIR(st.st_mode) ? rf_add_dir(&r, inputs[i])
                                                              : rf_add(&r, inputs[i]);
    if (rc != 0) {
        log_error("out of memory listing the inputs");
        rc = 2;
    } else {
        struct progress pg;
        uint64_t total = 0;
        for (size_t i = 0; i < r.n; i++)
            total += r.f[i].size;
        progress_init(&pg, o->progress, stderr, total, r.n);
        rc = o->jobs ? rf_parallel(&r, o, &pg, res) : rf_sequential(&r, &pg, res);
    }
    if (r.input_errors) {
        res->file_errors += r.input_errors;
        if (rc == 0)
            rc = 1;
    }
    res->stop_signal = *files_stop_flag();
    files_stop_restore();
    for (size_t i = 0; i < r.n; i++)
        mem_free(r.f[i].path);
    mem_free(r.f);
    files_merge_deinit(&r.merge);
    return rc;
}
