/* verify-int.h - what the files of src/verify/ share: the case list, the
 * expect.yaml model, one run of a case, its checks and the report.  Not for
 * use outside src/verify/ (and its unit test). */
#ifndef SMBNEG_VERIFY_INT_H
#define SMBNEG_VERIFY_INT_H

#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "verify/verify.h"

/* One `- filter:` entry of expect.yaml.  count/min/max are -1 when absent. */
struct verify_check {
    int line;             /* of the `filter:` key in expect.yaml, 1-based */
    long long count, min, max;
    json_t *match;        /* object: dotted path -> expected JSON value (owned) */
    json_t *not_present;  /* array of dotted paths (owned; may be empty) */
};

/* expect.yaml, loaded.  The string lists are JSON arrays of strings. */
struct verify_expect {
    json_t *captures;     /* NULL: every capture file in the case dir */
    json_t *rules;        /* rule files loaded after the dir's *.rules (never NULL) */
    json_t *args;         /* extra command-line options (owned, never NULL) */
    json_t *stderr_subs;  /* substrings stderr must contain (never NULL) */
    json_t *stderr_absent; /* substrings stderr must not contain (never NULL) */
    int exit_code;        /* expected exit status, default 0 */
    struct verify_check *checks;
    size_t n_checks;
};

/* verify-expect.c: load `path`.  On error returns -1 and writes one line
 * "DISPLAY:LINE: what is wrong" into err. */
int verify_expect_load(struct verify_expect *x, const char *path, const char *display, char *err,
                       size_t errcap);
void verify_expect_deinit(struct verify_expect *x);

/* verify-match.c: the value at a dotted path ("a.b.0.c": a numeric segment
 * indexes an array), or NULL when absent.  Borrowed from rec. */
json_t *verify_match_lookup(json_t *rec, const char *path);
/* Does rec satisfy every match key and not-present key of c? */
bool verify_match_record(json_t *rec, const struct verify_check *c);
/* How many of c's match and not-present keys rec satisfies. */
size_t verify_match_score(json_t *rec, const struct verify_check *c);
/* Write one indented line per key of c that rec does not satisfy:
 * "    alert.signature_id: expected 2260001, got 2260003". */
void verify_match_explain(FILE *out, json_t *rec, const struct verify_check *c);
/* The total number of keys of c (match + not-present). */
size_t verify_match_nkeys(const struct verify_check *c);

/* verify-junit.c: one finished case, for the report. */
enum verify_status { VERIFY_PASS, VERIFY_FAIL, VERIFY_SKIP };
struct verify_result {
    char *name;           /* owned */
    enum verify_status status;
    char *message;        /* one line (owned; NULL on PASS) */
    char *details;        /* the full diagnostics (owned; may be NULL) */
    double seconds;
};
/* Write a JUnit XML report; 0 / -1 (message printed). */
int verify_junit_write(const char *path, const struct verify_result *r, size_t n, double seconds);

/* verify-cases.c: the cases to run, in report order. */
struct verify_case_ref {
    char *path;           /* the case directory (owned) */
    char *name;           /* its name in the report (owned) */
    char *error;          /* non-NULL: the case fails with this reason, unrun (owned) */
};
struct verify_cases {
    struct verify_case_ref *v;
    size_t n, cap;
};
/* Append the cases of each argument: a directory holding expect.yaml is one
 * case, named after the directory; any other directory is searched
 * recursively (depth first, bytewise name order, symbolic links to
 * directories not followed, a case's own subdirectories not searched) and
 * its cases are named by their path relative to it ("smb1/only-202"); one
 * with no case at all is a failing case.  0 / -1 (out of memory). */
int verify_cases_find(struct verify_cases *cs, char *const *args, size_t nargs);
/* "I/N" with 1 <= I <= N: 0, or -1 when s is not that. */
int verify_shard_parse(const char *s, unsigned *i, unsigned *n);
/* Keep the cases whose rank in bytewise path order is I-1 modulo N, in
 * their list order: the N shards of one list are disjoint and cover it, and
 * do not depend on the order of the arguments.  0 / -1 (out of memory). */
int verify_cases_shard(struct verify_cases *cs, unsigned i, unsigned n);
void verify_cases_free(struct verify_cases *cs);

/* ------------------------------------------------------------ one run */

#define VERIFY_MAX_ARGV 1024

/* The options of `smbneg verify` (verify.c) that a run reads. */
struct verify_opts {
    const char *junit;
    char shared[PATH_MAX];    /* "" when unknown */
    char self[PATH_MAX];      /* the smbneg binary run for each case */
    bool keep;
    bool strict;              /* a skipped case fails */
    unsigned shard_i, shard_n; /* --shard I/N; 0/0: every case */
    unsigned timeout;         /* seconds per case, 0: none */
};

/* Everything one run of a case needs (verify-run.c owns it). */
struct verify_run {
    const struct verify_opts *o;
    const char *dir;
    char name[256];
    struct verify_expect x;
    char tmp[PATH_MAX];       /* the run's log directory, "" before mkdtemp */
    char *argv[VERIFY_MAX_ARGV];
    int argc;
    bool owned[VERIFY_MAX_ARGV]; /* argv[i] was allocated here */
    FILE *det;                /* details, an open_memstream */
    char *det_buf;
    size_t det_len;
    char *message;            /* the first reason (mem_ owned) */
    enum verify_status status;
};

/* verify-run.c: run the case ref, print its line(s) and fill r (its strings
 * are mem_ owned by the caller). */
void verify_run_case(const struct verify_opts *o, const struct verify_case_ref *ref,
                     struct verify_result *r);
/* Record an outcome; the first one set is kept, as the one-line reason. */
void verify_run_set(struct verify_run *c, enum verify_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Seconds on the monotonic clock. */
double verify_run_now(void);

/* verify-argv.c: c->argv, the child's command line: smbneg -l TMP [-c POLICY]
 * [-S R1 -s R2 ...] -r CAPTURE... ARGS...  0, or -1 with the reason set
 * (a missing file, out of memory). */
int verify_argv_build(struct verify_run *c);

/* verify-check.c: check the child's wait status and stderr (TMP/stderr)
 * against expect.yaml, then the EVE records of TMP/eve.json against its
 * filters; failures set the outcome and write details to c->det. */
void verify_check_process(struct verify_run *c, int status);
void verify_check_eve(struct verify_run *c);

#endif
