/* verify.c - `smbneg verify [options] DIR...`: run each case directory's
 * captures through smbneg (a child process with a fresh log directory),
 * check expect.yaml against the EVE records, exit status and stderr, and
 * report one line per case, a total and optionally JUnit XML. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "verify/verify.h"

#define VERIFY_MAX_ARGV 1024
#define VERIFY_STDERR_MAX (64 * 1024)
#define VERIFY_CLOSEST_MAX 3

struct verify_opts {
    const char *junit;
    char shared[PATH_MAX];    /* "" when unknown */
    char self[PATH_MAX];      /* the smbneg binary run for each case */
    bool keep;
    bool strict;              /* a skipped case fails */
    unsigned shard_i, shard_n; /* --shard I/N; 0/0: every case */
    unsigned timeout;         /* seconds per case, 0: none */
};

/* Everything one case run needs; freed by vcase_deinit. */
struct vcase {
    const struct verify_opts *o;
    const char *dir;
    char name[256];
    struct verify_expect x;
    char tmp[PATH_MAX];
    char *argv[VERIFY_MAX_ARGV];
    int argc;
    bool owned[VERIFY_MAX_ARGV]; /* argv[i] was allocated here */
    FILE *det;                  /* details, an open_memstream */
    char *det_buf;
    size_t det_len;
    char *message;
    enum verify_status status;
};

static double verify_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void verify_usage(FILE *out)
{
    fprintf(out,
            "usage: smbneg verify [--strict] [--shard I/N] [--junit FILE] [--shared DIR]\n"
            "                     [--keep] [--timeout SEC] [--smbneg PATH] DIR...\n"
            "  runs each case directory (captures, optional *.rules and policy *.yaml,\n"
            "  expect.yaml) and checks its EVE output; a DIR without expect.yaml is\n"
            "  searched recursively for cases; see doc/ci-replay.md\n"
            "  --strict        a skipped case fails (a CI gate cannot pass by skipping)\n"
            "  --shard I/N     run share I of N (1 <= I <= N): the cases whose rank in\n"
            "                  path order is I-1 modulo N (one CI matrix job each)\n"
            "  --junit FILE    also write a JUnit XML report\n"
            "  --shared DIR    what ${SHARED} means in expect.yaml (default: $SMBNEG_SHARED)\n"
            "  --keep          keep each case's log directory (its path is printed)\n"
            "  --timeout SEC   kill a case's smbneg after SEC seconds (default 300, 0: never)\n"
            "  --smbneg PATH   the smbneg binary to run (default: this one)\n"
            "exit status: 0 every case passed or was skipped (with --strict: passed),\n"
            "             1 a case failed, 2 usage error\n");
}

/* ------------------------------------------------------------ outcome */

static void vcase_set(struct vcase *c, enum verify_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void vcase_set(struct vcase *c, enum verify_status st, const char *fmt, ...)
{
    if (c->message) /* the first reason is the one-line summary */
        return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    c->message = strdup(buf);
    c->status = st;
}

static int verify_rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* ------------------------------------------------------------ inputs */

static int vcase_arg(struct vcase *c, const char *s, bool copy)
{
    if (c->argc >= VERIFY_MAX_ARGV - 1) {
        vcase_set(c, VERIFY_FAIL, "too many arguments");
        return -1;
    }
    c->owned[c->argc] = copy;
    c->argv[c->argc++] = copy ? strdup(s) : (char *)s;
    return c->argv[c->argc - 1] ? 0 : -1;
}

/* Replace ${SHARED} in s; a case that needs the shared corpus when it is
 * not there is skipped, not failed (checkouts without ../shared). */
static char *vcase_expand(struct vcase *c, const char *s)
{
    const char *var = strstr(s, "${SHARED}");
    if (!var)
        return strdup(s);
    if (!c->o->shared[0]) {
        vcase_set(c, VERIFY_SKIP, "needs ${SHARED} (give --shared DIR or set SMBNEG_SHARED)");
        return NULL;
    }
    size_t len = strlen(s) + strlen(c->o->shared) + 1;
    char *out = malloc(len);
    if (out)
        snprintf(out, len, "%.*s%s%s", (int)(var - s), s, c->o->shared, var + 9);
    return out;
}

static bool verify_has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcmp(s + n - m, suf) == 0;
}

static bool verify_is_capture(const char *name)
{
    static const char *const ext[] = {".pcap", ".pcapng", ".cap", ".pcap.gz", ".pcapng.gz"};
    for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
        if (verify_has_suffix(name, ext[i]))
            return true;
    return false;
}

static int verify_name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The case directory's file names, sorted (bytewise). */
static char **verify_list_dir(const char *dir, size_t *n)
{
    DIR *d = opendir(dir);
    char **names = NULL;
    size_t cap = 0;
    *n = 0;
    if (!d)
        return NULL;
    for (struct dirent *de; (de = readdir(d));) {
        if (de->d_name[0] == '.')
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            char **nn = realloc(names, cap * sizeof(*names));
            if (!nn)
                break;
            names = nn;
        }
        if (!(names[*n] = strdup(de->d_name)))
            break;
        (*n)++;
    }
    closedir(d);
    if (names)
        qsort(names, *n, sizeof(*names), verify_name_cmp);
    return names;
}

/* One path listed in expect.yaml (a capture or a rule file) as OPT PATH,
 * after ${SHARED} expansion.  It must exist: a missing one under ${SHARED}
 * skips the case, any other fails it ("WHAT PATH: reason"). */
static int vcase_add_path(struct vcase *c, const char *opt, const char *what, const char *raw)
{
    char *path = vcase_expand(c, raw), full[2 * PATH_MAX];
    if (!path)
        return -1;
    snprintf(full, sizeof(full), "%s%s%s", path[0] == '/' ? "" : c->dir,
             path[0] == '/' ? "" : "/", path);
    int rc = access(full, R_OK) == 0 ? 0 : -1;
    if (rc != 0)
        vcase_set(c, strstr(raw, "${SHARED}") ? VERIFY_SKIP : VERIFY_FAIL, "%s %s: %s", what, path,
                  strerror(errno));
    if (rc == 0)
        rc = vcase_arg(c, opt, false) || vcase_arg(c, path, true) ? -1 : 0;
    free(path);
    return rc;
}

/* expect.yaml's rules (-S for the first rule file of the case, else -s),
 * captures and args. */
static int vcase_add_listed(struct vcase *c, int rules)
{
    size_t i;
    json_t *v;
    json_array_foreach(c->x.rules, i, v) {
        if (vcase_add_path(c, rules++ ? "-s" : "-S", "rules", json_string_value(v)) != 0)
            return -1;
    }
    json_array_foreach(c->x.captures, i, v) {
        if (vcase_add_path(c, "-r", "capture", json_string_value(v)) != 0)
            return -1;
    }
    json_array_foreach(c->x.args, i, v) {
        char *arg = vcase_expand(c, json_string_value(v));
        int rc = arg && vcase_arg(c, arg, true) == 0 ? 0 : -1;
        free(arg);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* argv: smbneg -l TMP [-c POLICY] [-S R1 -s R2 ...] -r CAPTURE... ARGS...
 * (the rule files: the directory's *.rules, then expect.yaml's rules).
 * Paths of the case's own files are relative: the child runs in the case
 * directory. */
static int vcase_build_argv(struct vcase *c)
{
    size_t n = 0;
    char **names = verify_list_dir(c->dir, &n);
    int rc = -1, rules = 0;
    const char *policy = NULL;
    if (vcase_arg(c, c->o->self, false) || vcase_arg(c, "-l", false) ||
        vcase_arg(c, c->tmp, false))
        goto out;
    for (size_t i = 0; i < n; i++) {
        if (verify_has_suffix(names[i], ".yaml") && strcmp(names[i], "expect.yaml") != 0) {
            if (policy) {
                vcase_set(c, VERIFY_FAIL, "two policy files: %s and %s", policy, names[i]);
                goto out;
            }
            policy = names[i];
            if (vcase_arg(c, "-c", false) || vcase_arg(c, names[i], true))
                goto out;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (verify_has_suffix(names[i], ".rules") &&
            (vcase_arg(c, rules++ ? "-s" : "-S", false) || vcase_arg(c, names[i], true)))
            goto out;
    if (!c->x.captures) {
        for (size_t i = 0; i < n; i++)
            if (verify_is_capture(names[i]) &&
                (vcase_arg(c, "-r", false) || vcase_arg(c, names[i], true)))
                goto out;
    }
    if (vcase_add_listed(c, rules) != 0)
        goto out;
    c->argv[c->argc] = NULL;
    rc = 0;
out:
    for (size_t k = 0; k < n; k++)
        free(names[k]);
    free(names);
    return rc;
}

/* ------------------------------------------------------------ running */

/* Run smbneg in the case directory, stdout/stderr into TMP/std{out,err};
 * returns the wait status, or -1. */
static int vcase_exec(struct vcase *c)
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

static char *verify_slurp(const char *path, size_t max)
{
    FILE *fp = fopen(path, "rb");
    char *buf = calloc(1, max + 1);
    if (fp && buf)
        buf[fread(buf, 1, max, fp)] = '\0';
    if (fp)
        fclose(fp);
    return buf;
}

static void vcase_check_process(struct vcase *c, int st)
{
    char path[PATH_MAX + 16];
    snprintf(path, sizeof(path), "%s/stderr", c->tmp);
    char *err = verify_slurp(path, VERIFY_STDERR_MAX);
    if (WIFSIGNALED(st)) {
        vcase_set(c, VERIFY_FAIL, "smbneg killed by signal %d%s", WTERMSIG(st),
                  WTERMSIG(st) == SIGALRM ? " (timeout)" : "");
    } else if (WEXITSTATUS(st) != c->x.exit_code) {
        vcase_set(c, VERIFY_FAIL, "exit status %d, expected %d", WEXITSTATUS(st), c->x.exit_code);
        fprintf(c->det, "exit: expected %d, got %d\n", c->x.exit_code, WEXITSTATUS(st));
    }
    size_t i;
    json_t *v;
    json_array_foreach(c->x.stderr_subs, i, v) {
        if (err && strstr(err, json_string_value(v)))
            continue;
        vcase_set(c, VERIFY_FAIL, "stderr does not contain \"%s\"", json_string_value(v));
        fprintf(c->det, "stderr: expected to contain \"%s\"\n", json_string_value(v));
    }
    json_array_foreach(c->x.stderr_absent, i, v) {
        if (!err || !strstr(err, json_string_value(v)))
            continue;
        vcase_set(c, VERIFY_FAIL, "stderr contains \"%s\"", json_string_value(v));
        fprintf(c->det, "stderr: expected not to contain \"%s\"\n", json_string_value(v));
    }
    if (c->message && err)
        fprintf(c->det, "smbneg stderr:\n%s%s", err,
                *err && err[strlen(err) - 1] != '\n' ? "\n" : "");
    free(err);
}

/* EVE records with their line numbers (json_t arrays: [line, record]). */
static json_t *vcase_read_eve(struct vcase *c)
{
    char path[PATH_MAX + 16];
    snprintf(path, sizeof(path), "%s/eve.json", c->tmp);
    json_t *recs = json_array();
    FILE *fp = fopen(path, "r");
    if (!fp)
        return recs;
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    while (getline(&line, &cap, fp) > 0) {
        json_error_t jerr;
        lineno++;
        json_t *r = json_loads(line, 0, &jerr);
        if (!r) /* an integer above INT64_MAX (client_start_time is a raw
                 * 64-bit field): valid JSON that jansson reads only as a
                 * real; a check compares 1.0 equal to 1 */
            r = json_loads(line, JSON_DECODE_INT_AS_REAL, &jerr);
        if (!r) {
            vcase_set(c, VERIFY_FAIL, "eve.json:%zu: invalid JSON: %s", lineno, jerr.text);
            continue;
        }
        json_array_append_new(recs, json_pack("[Io]", (json_int_t)lineno, r));
    }
    free(line);
    fclose(fp);
    return recs;
}

static void vcase_want(char *buf, size_t cap, const struct verify_check *k)
{
    int n = 0;
    buf[0] = '\0';
    if (k->count >= 0)
        n += snprintf(buf + n, cap - (size_t)n, "count %lld", k->count);
    if (k->min >= 0)
        n += snprintf(buf + n, cap - (size_t)n, "%smin %lld", n ? ", " : "", k->min);
    if (k->max >= 0)
        snprintf(buf + n, cap - (size_t)n, "%smax %lld", n ? ", " : "", k->max);
}

/* Explain a failed filter: the records that came closest (too few), or
 * the lines of the ones that matched (too many). */
static void vcase_explain(struct vcase *c, json_t *recs, const struct verify_check *k, size_t found)
{
    size_t i, best = 0, shown = 0;
    json_t *r;
    bool too_many = (k->count >= 0 && found > (size_t)k->count) ||
                    (k->max >= 0 && found > (size_t)k->max);
    if (too_many) {
        fprintf(c->det, "  matching records at eve.json line(s):");
        json_array_foreach(recs, i, r) {
            if (verify_match_record(json_array_get(r, 1), k) && shown++ < 10)
                fprintf(c->det, " %lld", (long long)json_integer_value(json_array_get(r, 0)));
        }
        fprintf(c->det, "%s\n", shown > 10 ? " ..." : "");
        return;
    }
    json_array_foreach(recs, i, r) {
        size_t s = verify_match_score(json_array_get(r, 1), k);
        if (s > best && !verify_match_record(json_array_get(r, 1), k))
            best = s;
    }
    if (best == 0) {
        fprintf(c->det, "  no record has any of the %zu key(s) right (%zu records)\n",
                verify_match_nkeys(k), json_array_size(recs));
        return;
    }
    json_array_foreach(recs, i, r) {
        json_t *rec = json_array_get(r, 1);
        if (shown >= VERIFY_CLOSEST_MAX || verify_match_score(rec, k) != best ||
            verify_match_record(rec, k))
            continue;
        shown++;
        fprintf(c->det, "  closest record (eve.json line %lld, %zu of %zu keys match):\n",
                (long long)json_integer_value(json_array_get(r, 0)), best, verify_match_nkeys(k));
        verify_match_explain(c->det, rec, k);
    }
}

static void vcase_run_checks(struct vcase *c, json_t *recs)
{
    for (size_t n = 0; n < c->x.n_checks; n++) {
        const struct verify_check *k = &c->x.checks[n];
        size_t i, found = 0;
        json_t *r;
        json_array_foreach(recs, i, r) found += verify_match_record(json_array_get(r, 1), k);
        if ((k->count < 0 || found == (size_t)k->count) &&
            (k->min < 0 || found >= (size_t)k->min) && (k->max < 0 || found <= (size_t)k->max))
            continue;
        char want[128];
        vcase_want(want, sizeof(want), k);
        char *m = json_dumps(k->match, JSON_COMPACT | JSON_REAL_PRECISION(12));
        vcase_set(c, VERIFY_FAIL, "check %zu (expect.yaml:%d): %s, found %zu", n + 1, k->line,
                  want, found);
        fprintf(c->det, "check %zu (expect.yaml:%d): %s, found %zu record(s) matching %s", n + 1,
                k->line, want, found, m ? m : "?");
        if (json_array_size(k->not_present)) {
            char *np = json_dumps(k->not_present, JSON_COMPACT);
            fprintf(c->det, " without %s", np ? np : "?");
            free(np);
        }
        fputc('\n', c->det);
        free(m);
        vcase_explain(c, recs, k, found);
    }
}

static void vcase_run(struct vcase *c)
{
    char path[PATH_MAX + 32], display[512];
    snprintf(path, sizeof(path), "%s/expect.yaml", c->dir);
    snprintf(display, sizeof(display), "%s/expect.yaml", c->name);
    char err[1024];
    if (verify_expect_load(&c->x, path, display, err, sizeof(err)) != 0) {
        vcase_set(c, VERIFY_FAIL, "%s", err);
        return;
    }
    const char *tmpdir = getenv("TMPDIR");
    snprintf(c->tmp, sizeof(c->tmp), "%s/smbneg-verify.XXXXXX",
             tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!mkdtemp(c->tmp)) {
        vcase_set(c, VERIFY_FAIL, "mkdtemp %s: %s", c->tmp, strerror(errno));
        c->tmp[0] = '\0';
        return;
    }
    char abs[PATH_MAX];
    if (realpath(c->tmp, abs)) /* the child runs in the case directory */
        snprintf(c->tmp, sizeof(c->tmp), "%s", abs);
    if (vcase_build_argv(c) != 0) {
        vcase_set(c, VERIFY_FAIL, "cannot build the command line (out of memory)");
        return;
    }
    int st = vcase_exec(c);
    if (st < 0) {
        vcase_set(c, VERIFY_FAIL, "cannot run %s: %s", c->argv[0], strerror(errno));
        return;
    }
    vcase_check_process(c, st);
    json_t *recs = vcase_read_eve(c);
    vcase_run_checks(c, recs);
    json_decref(recs);
}

static void vcase_deinit(struct vcase *c)
{
    for (int i = 0; i < c->argc; i++)
        if (c->owned[i])
            free(c->argv[i]);
    verify_expect_deinit(&c->x);
    if (c->det)
        fclose(c->det);
    if (c->tmp[0] && !c->o->keep)
        nftw(c->tmp, verify_rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* --strict: a skipped case fails, its reason kept ("skipped under --strict:
 * REASON"), so a CI gate cannot pass because its inputs went missing. */
static void vcase_strict(struct vcase *c)
{
    const char *why = c->message ? c->message : "skipped";
    size_t len = strlen(why) + 32;
    char *m = malloc(len);
    if (m)
        snprintf(m, len, "skipped under --strict: %s", why);
    c->status = VERIFY_FAIL;
    if (m) {
        free(c->message);
        c->message = m;
    }
}

/* Run one case and print its line(s); fills r. */
static void verify_case(const struct verify_opts *o, const struct verify_case_ref *ref,
                        struct verify_result *r)
{
    struct vcase c;
    memset(&c, 0, sizeof(c));
    c.o = o;
    c.dir = ref->path;
    c.status = VERIFY_PASS;
    snprintf(c.name, sizeof(c.name), "%s", ref->name);
    double t0 = verify_now();
    c.det = open_memstream(&c.det_buf, &c.det_len);
    if (ref->error)
        vcase_set(&c, VERIFY_FAIL, "%s", ref->error);
    else if (c.det)
        vcase_run(&c);
    else
        vcase_set(&c, VERIFY_FAIL, "out of memory");
    if (c.status == VERIFY_SKIP && o->strict)
        vcase_strict(&c);
    if (c.status == VERIFY_PASS)
        printf("PASS %s\n", c.name);
    else
        printf("%s %s: %s\n", c.status == VERIFY_SKIP ? "SKIP" : "FAIL", c.name, c.message);
    if (c.det)
        fflush(c.det);
    if (c.status == VERIFY_FAIL && c.det_buf && *c.det_buf)
        for (char *p = c.det_buf; *p;) {
            size_t len = strcspn(p, "\n");
            printf("    %.*s\n", (int)len, p);
            p += len + (p[len] == '\n');
        }
    if (o->keep && c.tmp[0])
        printf("    kept %s\n", c.tmp);
    fflush(stdout);
    r->name = strdup(c.name);
    r->status = c.status;
    r->message = c.message;
    r->seconds = verify_now() - t0;
    vcase_deinit(&c);
    r->details = c.det_buf;
}

/* ------------------------------------------------------------ options */

static int verify_parse(int argc, char **argv, struct verify_opts *o)
{
    enum { OPT_JUNIT = 256, OPT_SHARED, OPT_KEEP, OPT_TIMEOUT, OPT_SMBNEG, OPT_STRICT, OPT_SHARD };
    static const struct option longopts[] = {
        {"junit", required_argument, NULL, OPT_JUNIT},
        {"shared", required_argument, NULL, OPT_SHARED},
        {"keep", no_argument, NULL, OPT_KEEP},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"shard", required_argument, NULL, OPT_SHARD},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"smbneg", required_argument, NULL, OPT_SMBNEG},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *shared = getenv("SMBNEG_SHARED");
    char *end;
    int ch;
    o->timeout = 300;
    ssize_t n = readlink("/proc/self/exe", o->self, sizeof(o->self) - 1);
    if (n > 0)
        o->self[n] = '\0';
    else
        snprintf(o->self, sizeof(o->self), "%s", "smbneg");
    optind = 1;
    while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (ch) {
        case OPT_JUNIT: o->junit = optarg; break;
        case OPT_SHARED: shared = optarg; break;
        case OPT_KEEP: o->keep = true; break;
        case OPT_STRICT: o->strict = true; break;
        case OPT_SHARD:
            if (verify_shard_parse(optarg, &o->shard_i, &o->shard_n) != 0) {
                fprintf(stderr, "smbneg verify: --shard: expected I/N with 1 <= I <= N, got '%s'\n",
                        optarg);
                return -1;
            }
            break;
        case OPT_TIMEOUT:
            o->timeout = (unsigned)strtoul(optarg, &end, 10);
            if (*end || !*optarg) {
                fprintf(stderr, "smbneg verify: --timeout: not a number: %s\n", optarg);
                return -1;
            }
            break;
        case OPT_SMBNEG:
            if (!realpath(optarg, o->self)) {
                fprintf(stderr, "smbneg verify: %s: %s\n", optarg, strerror(errno));
                return -1;
            }
            break;
        case 'h': verify_usage(stdout); exit(VERIFY_EXIT_OK);
        default: verify_usage(stderr); return -1;
        }
    }
    /* A shared directory that does not exist counts as unset: its cases skip. */
    if (shared && *shared && !realpath(shared, o->shared))
        o->shared[0] = '\0';
    if (optind >= argc) {
        fprintf(stderr, "smbneg verify: no case directory given\n");
        verify_usage(stderr);
        return -1;
    }
    return 0;
}

int verify_main(int argc, char **argv)
{
    struct verify_opts o;
    memset(&o, 0, sizeof(o));
    if (verify_parse(argc, argv, &o) != 0)
        return VERIFY_EXIT_USAGE;
    struct verify_cases cs = {NULL, 0, 0};
    if (verify_cases_find(&cs, argv + optind, (size_t)(argc - optind)) != 0) {
        fprintf(stderr, "smbneg verify: out of memory\n");
        verify_cases_free(&cs);
        return VERIFY_EXIT_FAILED;
    }
    size_t total = cs.n;
    if (o.shard_n && verify_cases_shard(&cs, o.shard_i, o.shard_n) != 0) {
        fprintf(stderr, "smbneg verify: out of memory\n");
        verify_cases_free(&cs);
        return VERIFY_EXIT_FAILED;
    }
    if (o.shard_n)
        printf("shard %u/%u: %zu of %zu case(s)\n", o.shard_i, o.shard_n, cs.n, total);
    size_t n = cs.n, pass = 0, fail = 0, skip = 0;
    struct verify_result *r = calloc(n ? n : 1, sizeof(*r));
    if (!r) {
        verify_cases_free(&cs);
        return VERIFY_EXIT_FAILED;
    }
    double t0 = verify_now();
    for (size_t i = 0; i < n; i++) {
        verify_case(&o, &cs.v[i], &r[i]);
        pass += r[i].status == VERIFY_PASS;
        fail += r[i].status == VERIFY_FAIL;
        skip += r[i].status == VERIFY_SKIP;
    }
    printf("%zu passed, %zu failed, %zu skipped\n", pass, fail, skip);
    int rc = fail ? VERIFY_EXIT_FAILED : VERIFY_EXIT_OK;
    if (o.junit && verify_junit_write(o.junit, r, n, verify_now() - t0) != 0)
        rc = VERIFY_EXIT_FAILED;
    for (size_t i = 0; i < n; i++) {
        free(r[i].name);
        free(r[i].message);
        free(r[i].details);
    }
    free(r);
    verify_cases_free(&cs);
    return rc;
}
