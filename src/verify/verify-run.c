/* verify-run.c - one case of `smbneg verify`: load its expect.yaml, run
 * smbneg on it as a child process in the case directory with a fresh log
 * directory, have the results checked (verify-check.c) and print its report
 * line(s). */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/mem.h"
#include "verify/verify-int.h"

double verify_run_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void verify_run_set(struct verify_run *c, enum verify_status st, const char *fmt, ...)
{
    if (c->message) /* the first reason is the one-line summary */
        return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    c->message = mem_strdup(buf);
    c->status = st;
}

static int run_rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* Run smbneg in the case directory, stdout/stderr into TMP/std{out,err};
 * returns the wait status, or -1. */
static int run_exec(struct verify_run *c)
{
    char out[PATH_MAX + 16], err[PATH_MAX + 16];
    snprintf(out, sizeof(out), "%s/stdout", c->tmp);
    snprintf(err, sizeof(err), "%s/stderr", c->tmp);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int fe = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fo < 0 || fe < 0 || dup2(fo, 1) < 0 || dup2(fe, 2) < 0 || chdir(c->dir) != 0)
            _exit(127);
        if (c->o->timeout)
            alarm(c->o->timeout); /* survives exec: SIGALRM ends a hung run */
        execv(c->argv[0], c->argv);
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    return st;
}

/* The run's log directory, an absolute path (the child runs in the case
 * directory): 0 / -1 with the reason set. */
static int run_mkdtemp(struct verify_run *c)
{
    const char *tmpdir = getenv("TMPDIR");
    snprintf(c->tmp, sizeof(c->tmp), "%s/smbneg-verify.XXXXXX",
             tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!mkdtemp(c->tmp)) {
        verify_run_set(c, VERIFY_FAIL, "mkdtemp %s: %s", c->tmp, strerror(errno));
        c->tmp[0] = '\0';
        return -1;
    }
    char abs[PATH_MAX];
    if (realpath(c->tmp, abs))
        snprintf(c->tmp, sizeof(c->tmp), "%s", abs);
    return 0;
}

static void run_steps(struct verify_run *c)
{
    char path[PATH_MAX + 32], display[512];
    snprintf(path, sizeof(path), "%s/expect.yaml", c->dir);
    snprintf(display, sizeof(display), "%s/expect.yaml", c->name);
    char err[1024];
    if (verify_expect_load(&c->x, path, display, err, sizeof(err)) != 0) {
        verify_run_set(c, VERIFY_FAIL, "%s", err);
        return;
    }
    if (run_mkdtemp(c) != 0)
        return;
    if (verify_argv_build(c) != 0) {
        verify_run_set(c, VERIFY_FAIL, "cannot build the command line (out of memory)");
        return;
    }
    int st = run_exec(c);
    if (st < 0) {
        verify_run_set(c, VERIFY_FAIL, "cannot run %s: %s", c->argv[0], strerror(errno));
        return;
    }
    verify_check_process(c, st);
    verify_check_eve(c);
}

/* Frees what the run owns except message; the details are final after it. */
static void run_deinit(struct verify_run *c)
{
    for (int i = 0; i < c->argc; i++)
        if (c->owned[i])
            mem_free(c->argv[i]);
    verify_expect_deinit(&c->x);
    if (c->det)
        fclose(c->det);
    if (c->tmp[0] && !c->o->keep)
        nftw(c->tmp, run_rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* --strict: a skipped case fails, its reason kept ("skipped under --strict:
 * REASON"), so a CI gate cannot pass because its inputs went missing. */
static void run_strict(struct verify_run *c)
{
    const char *why = c->message ? c->message : "skipped";
    size_t len = strlen(why) + 32;
    char *m = mem_alloc(len);
    if (m)
        snprintf(m, len, "skipped under --strict: %s", why);
    c->status = VERIFY_FAIL;
    if (m) {
        mem_free(c->message);
        c->message = m;
    }
}

/* The case's line, then for a failure its details indented. */
static void run_print(const struct verify_run *c)
{
    if (c->status == VERIFY_PASS)
        printf("PASS %s\n", c->name);
    else
        printf("%s %s: %s\n", c->status == VERIFY_SKIP ? "SKIP" : "FAIL", c->name, c->message);
    if (c->status == VERIFY_FAIL && c->det_buf && *c->det_buf)
        for (const char *p = c->det_buf; *p;) {
            size_t len = strcspn(p, "\n");
            printf("    %.*s\n", (int)len, p);
            p += len + (p[len] == '\n');
        }
    if (c->o->keep && c->tmp[0])
        printf("    kept %s\n", c->tmp);
    fflush(stdout);
}

void verify_run_case(const struct verify_opts *o, const struct verify_case_ref *ref,
                     struct verify_result *r)
{
    struct verify_run c;
    memset(&c, 0, sizeof(c));
    c.o = o;
    c.dir = ref->path;
    c.status = VERIFY_PASS;
    snprintf(c.name, sizeof(c.name), "%s", ref->name);
    double t0 = verify_run_now();
    c.det = open_memstream(&c.det_buf, &c.det_len);
    if (ref->error)
        verify_run_set(&c, VERIFY_FAIL, "%s", ref->error);
    else if (c.det)
        run_steps(&c);
    else
        verify_run_set(&c, VERIFY_FAIL, "out of memory");
    if (c.status == VERIFY_SKIP && o->strict)
        run_strict(&c);
    if (c.det)
        fflush(c.det);
    run_print(&c);
    r->name = mem_strdup(c.name);
    r->status = c.status;
    r->message = c.message;
    r->seconds = verify_run_now() - t0;
    run_deinit(&c);
    /* open_memstream's buffer is libc's: copied into the funnel. */
    r->details = c.det_buf ? mem_strdup(c.det_buf) : NULL;
    free(c.det_buf);
}
