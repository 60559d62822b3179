/* runmode-files.c - -r: the list of capture files (directories expanded),
 * then one engine reading them in turn, or with -j N a pool of worker
 * processes (files-jobs.c) whose outputs are merged in input order, so the
 * result is byte-identical for every N (see runmode-files.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LOG_MODULE "files"
#include "engine.h"
#include "files-stop.h"
#include "output/stats.h"
#include "runmode-files.h"
#include "runmode/runmode-files-int.h"
#include "source/source-pcap.h"
#include "util/file.h"
#include "util/log.h"
#include "util/mem.h"

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

/* ------------------------------------------------------------ shared with files-jobs.c */

/* Bytes read so far by a process (/proc/PID/io rchar; pid 0: this one). */
uint64_t rf_rchar(pid_t pid)
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

double rf_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Before the summary of a run a signal stopped: what it did not read. */
void rf_stopped_note(const struct runmode_files_result *res)
{
    if (!*files_stop_flag())
        return;
    fprintf(stderr,
            "smbneg: stopped by %s at a packet boundary: %llu file(s) read in part, "
            "%llu not read\n",
            files_stop_name(), (unsigned long long)res->files_partial,
            (unsigned long long)res->files_unread);
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
    engine_set_stop_flag(e, files_stop_flag());
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
        rc = o->jobs ? files_jobs_run(&r, o, &pg, res) : rf_sequential(&r, &pg, res);
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
