/* verify-cases.c - the case list of `smbneg verify`: which directories are
 * cases (those holding an expect.yaml, found recursively under any other
 * directory), their names in the report, and the share of them that one
 * `--shard I/N` runs. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/file.h"
#include "util/mem.h"
#include "verify/verify-int.h"

/* Directory levels searched below an argument (a bound, not a feature:
 * symbolic links to directories are not followed, so there is no loop). */
#define VERIFY_WALK_DEPTH 32
#define VERIFY_SHARD_MAX 1000000

/* One argument being searched. */
struct walk {
    struct verify_cases *cs;
    size_t rootlen;       /* strlen of the argument: names are relative to it */
    const char *rootname; /* the argument's own name */
};

static void cases_ref_free(struct verify_case_ref *r)
{
    mem_free(r->path);
    mem_free(r->name);
    mem_free(r->error);
}

/* Append a case; error non-NULL: it fails with that reason, unrun.
 * 0 / -1 (out of memory). */
static int cases_add(struct verify_cases *cs, const char *path, const char *name,
                     const char *error)
{
    if (cs->n == cs->cap) {
        size_t cap = cs->cap ? 2 * cs->cap : 16;
        struct verify_case_ref *v = mem_realloc(cs->v, cap * sizeof(*v));
        if (!v)
            return -1;
        cs->v = v;
        cs->cap = cap;
    }
    struct verify_case_ref *r = &cs->v[cs->n];
    r->path = mem_strdup(path);
    r->name = mem_strdup(name);
    r->error = error ? mem_strdup(error) : NULL;
    if (!r->path || !r->name || (error && !r->error)) {
        cases_ref_free(r);
        return -1;
    }
    cs->n++;
    return 0;
}

/* A directory is a case when it holds an expect.yaml (a dangling link or an
 * unreadable one too: loading it then says what is wrong). */
static bool cases_is_case(const char *dir)
{
    char p[PATH_MAX + 16];
    struct stat st;
    snprintf(p, sizeof(p), "%s/expect.yaml", dir);
    return lstat(p, &st) == 0;
}

/* Search dir for case directories, depth first in bytewise name order.  A
 * case's own subdirectories are not searched, nor symbolic links to
 * directories (as find(1) does); a directory that cannot be listed becomes a
 * failing case, so no case goes missing silently.  0 / -1 (out of memory). */
static int cases_walk(struct walk *w, const char *dir, int depth)
{
    char **names;
    size_t n;
    const char *rel = dir[w->rootlen] ? dir + w->rootlen + 1 : w->rootname;
    if (dir_list_sorted(dir, &names, &n) != 0) {
        if (errno == ENOMEM)
            return -1;
        char why[256];
        snprintf(why, sizeof(why), "cannot list the directory: %s", strerror(errno));
        return cases_add(w->cs, dir, rel, why);
    }
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct stat st;
        if (lstat(names[i], &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        if (cases_is_case(names[i]))
            rc = cases_add(w->cs, names[i], names[i] + w->rootlen + 1, NULL);
        else if (depth < VERIFY_WALK_DEPTH)
            rc = cases_walk(w, names[i], depth + 1);
    }
    dir_list_free(names, n);
    return rc;
}

/* The report name of a case given as an argument: its directory's name
 * ("." and "x/.." have names too). */
static void cases_basename(const char *path, char *out, size_t cap)
{
    char abs[PATH_MAX];
    if (!realpath(path, abs))
        snprintf(abs, sizeof(abs), "%s", path);
    for (size_t n = strlen(abs); n > 1 && abs[n - 1] == '/'; n--)
        abs[n - 1] = '\0';
    const char *base = strrchr(abs, '/');
    snprintf(out, cap, "%s", base && base[1] ? base + 1 : abs);
}

static int cases_arg(struct verify_cases *cs, const char *arg)
{
    char path[PATH_MAX], name[256];
    struct stat st;
    snprintf(path, sizeof(path), "%s", arg);
    for (size_t n = strlen(path); n > 1 && path[n - 1] == '/'; n--)
        path[n - 1] = '\0';
    cases_basename(path, name, sizeof(name));
    /* Not a directory: one case, which fails when its expect.yaml is read. */
    if (cases_is_case(path) || stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return cases_add(cs, path, name, NULL);
    struct walk w = {cs, strlen(path), name};
    size_t before = cs->n;
    if (cases_walk(&w, path, 0) != 0)
        return -1;
    if (cs->n == before)
        return cases_add(cs, path, name, "no expect.yaml in it or in any directory below it");
    return 0;
}

int verify_cases_find(struct verify_cases *cs, char *const *args, size_t nargs)
{
    for (size_t i = 0; i < nargs; i++)
        if (cases_arg(cs, args[i]) != 0)
            return -1;
    return 0;
}

int verify_shard_parse(const char *s, unsigned *i, unsigned *n)
{
    char *end;
    if (*s < '0' || *s > '9')
        return -1;
    unsigned long a = strtoul(s, &end, 10);
    if (*end != '/' || end[1] < '0' || end[1] > '9')
        return -1;
    unsigned long b = strtoul(end + 1, &end, 10);
    if (*end || a < 1 || b > VERIFY_SHARD_MAX || a > b)
        return -1;
    *i = (unsigned)a;
    *n = (unsigned)b;
    return 0;
}

static int cases_cmp_path(const void *a, const void *b)
{
    const struct verify_case_ref *x = *(const struct verify_case_ref *const *)a;
    const struct verify_case_ref *y = *(const struct verify_case_ref *const *)b;
    int c = strcmp(x->path, y->path);
    return c ? c : (x > y) - (x < y); /* the same path twice: list order */
}

int verify_cases_shard(struct verify_cases *cs, unsigned i, unsigned n)
{
    struct verify_case_ref **by = mem_calloc(cs->n, sizeof(*by));
    bool *keep = mem_calloc(cs->n, sizeof(*keep));
    if (!by || !keep) {
        mem_free(by);
        mem_free(keep);
        return -1;
    }
    for (size_t k = 0; k < cs->n; k++)
        by[k] = &cs->v[k];
    qsort(by, cs->n, sizeof(*by), cases_cmp_path);
    for (size_t rank = 0; rank < cs->n; rank++)
        keep[by[rank] - cs->v] = rank % n == i - 1;
    size_t out = 0;
    for (size_t k = 0; k < cs->n; k++) {
        if (keep[k])
            cs->v[out++] = cs->v[k];
        else
            cases_ref_free(&cs->v[k]);
    }
    cs->n = out;
    mem_free(by);
    mem_free(keep);
    return 0;
}

void verify_cases_free(struct verify_cases *cs)
{
    for (size_t k = 0; k < cs->n; k++)
        cases_ref_free(&cs->v[k]);
    mem_free(cs->v);
    memset(cs, 0, sizeof(*cs));
}
