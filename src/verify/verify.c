/* verify.c - `smbneg verify [options] DIR...`: the command line.  Find the
 * cases (verify-cases.c), keep this shard's, run each (verify-run.c),
 * print the total and write the JUnit report (verify-junit.c). */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/mem.h"
#include "verify/verify-int.h"

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

/* One option with an argument: 0 / -1 (message printed). */
static int verify_option(int ch, const char *arg, struct verify_opts *o, const char **shared)
{
    char *end;
    switch (ch) {
    case 'j': o->junit = arg; return 0;
    case 'S': *shared = arg; return 0;
    case 't':
        o->timeout = (unsigned)strtoul(arg, &end, 10);
        if (*end || !*arg) {
            fprintf(stderr, "smbneg verify: --timeout: not a number: %s\n", arg);
            return -1;
        }
        return 0;
    case 'b':
        if (!realpath(arg, o->self)) {
            fprintf(stderr, "smbneg verify: %s: %s\n", arg, strerror(errno));
            return -1;
        }
        return 0;
    case 'n':
        if (verify_shard_parse(arg, &o->shard_i, &o->shard_n) != 0) {
            fprintf(stderr, "smbneg verify: --shard: expected I/N with 1 <= I <= N, got '%s'\n",
                    arg);
            return -1;
        }
        return 0;
    default: verify_usage(stderr); return -1;
    }
}

static int verify_parse(int argc, char **argv, struct verify_opts *o)
{
    /* Long options only: the short codes are internal. */
    static const struct option longopts[] = {
        {"junit", required_argument, NULL, 'j'}, {"shared", required_argument, NULL, 'S'},
        {"keep", no_argument, NULL, 'k'},        {"strict", no_argument, NULL, 's'},
        {"shard", required_argument, NULL, 'n'}, {"timeout", required_argument, NULL, 't'},
        {"smbneg", required_argument, NULL, 'b'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *shared = getenv("SMBNEG_SHARED");
    int ch;
    o->timeout = 300;
    ssize_t n = readlink("/proc/self/exe", o->self, sizeof(o->self) - 1);
    if (n > 0)
        o->self[n] = '\0';
    else
        snprintf(o->self, sizeof(o->self), "%s", "smbneg");
    optind = 1;
    while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (ch == 'h') {
            verify_usage(stdout);
            exit(VERIFY_EXIT_OK);
        } else if (ch == 'k') {
            o->keep = true;
        } else if (ch == 's') {
            o->strict = true;
        } else if (verify_option(ch, optarg, o, &shared) != 0) {
            return -1;
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

/* The cases of the arguments, this shard's only: 0 / -1 (out of memory). */
static int verify_find(const struct verify_opts *o, char *const *args, size_t nargs,
                       struct verify_cases *cs)
{
    if (verify_cases_find(cs, args, nargs) != 0)
        return -1;
    size_t total = cs->n;
    if (!o->shard_n)
        return 0;
    if (verify_cases_shard(cs, o->shard_i, o->shard_n) != 0)
        return -1;
    printf("shard %u/%u: %zu of %zu case(s)\n", o->shard_i, o->shard_n, cs->n, total);
    return 0;
}

int verify_main(int argc, char **argv)
{
    struct verify_opts o;
    struct verify_cases cs = {NULL, 0, 0};
    struct verify_result *r = NULL;
    int rc = VERIFY_EXIT_FAILED;
    memset(&o, 0, sizeof(o));
    if (verify_parse(argc, argv, &o) != 0)
        return VERIFY_EXIT_USAGE;
    if (verify_find(&o, argv + optind, (size_t)(argc - optind), &cs) != 0 ||
        !(r = mem_calloc(cs.n ? cs.n : 1, sizeof(*r)))) {
        fprintf(stderr, "smbneg verify: out of memory\n");
        goto out;
    }
    size_t pass = 0, fail = 0, skip = 0;
    double t0 = verify_run_now();
    for (size_t i = 0; i < cs.n; i++) {
        verify_run_case(&o, &cs.v[i], &r[i]);
        pass += r[i].status == VERIFY_PASS;
        fail += r[i].status == VERIFY_FAIL;
        skip += r[i].status == VERIFY_SKIP;
    }
    printf("%zu passed, %zu failed, %zu skipped\n", pass, fail, skip);
    rc = fail ? VERIFY_EXIT_FAILED : VERIFY_EXIT_OK;
    if (o.junit && verify_junit_write(o.junit, r, cs.n, verify_run_now() - t0) != 0)
        rc = VERIFY_EXIT_FAILED;
    for (size_t i = 0; i < cs.n; i++) {
        mem_free(r[i].name);
        mem_free(r[i].message);
        mem_free(r[i].details);
    }
out:
    mem_free(r);
    verify_cases_free(&cs);
    return rc;
}
