/* verify-argv.c - the command line `smbneg verify` runs for one case:
 * smbneg -l TMP [-c POLICY] [-S R1 -s R2 ...] -r CAPTURE... ARGS..., from
 * the files of the case directory and the lists of its expect.yaml. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/file.h"
#include "util/mem.h"
#include "verify/verify-int.h"

static int argv_add(struct verify_run *c, const char *s, bool copy)
{
    if (c->argc >= VERIFY_MAX_ARGV - 1) {
        verify_run_set(c, VERIFY_FAIL, "too many arguments");
        return -1;
    }
    c->owned[c->argc] = copy;
    c->argv[c->argc++] = copy ? mem_strdup(s) : (char *)s;
    return c->argv[c->argc - 1] ? 0 : -1;
}

/* Replace ${SHARED} in s (a mem_ string, or NULL); a case that needs the
 * shared corpus when it is not there is skipped, not failed (checkouts
 * without ../shared). */
static char *argv_expand(struct verify_run *c, const char *s)
{
    const char *var = strstr(s, "${SHARED}");
    if (!var)
        return mem_strdup(s);
    if (!c->o->shared[0]) {
        verify_run_set(c, VERIFY_SKIP, "needs ${SHARED} (give --shared DIR or set SMBNEG_SHARED)");
        return NULL;
    }
    size_t len = strlen(s) + strlen(c->o->shared) + 1;
    char *out = mem_alloc(len);
    if (out)
        snprintf(out, len, "%.*s%s%s", (int)(var - s), s, c->o->shared, var + 9);
    return out;
}

static bool argv_has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcmp(s + n - m, suf) == 0;
}

static bool argv_is_capture(const char *name)
{
    static const char *const ext[] = {".pcap", ".pcapng", ".cap", ".pcap.gz", ".pcapng.gz"};
    for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
        if (argv_has_suffix(name, ext[i]))
            return true;
    return false;
}

/* One path listed in expect.yaml (a capture or a rule file) as OPT PATH,
 * after ${SHARED} expansion.  It must exist: a missing one under ${SHARED}
 * skips the case, any other fails it ("WHAT PATH: reason"). */
static int argv_add_path(struct verify_run *c, const char *opt, const char *what, const char *raw)
{
    char *path = argv_expand(c, raw), full[2 * PATH_MAX];
    if (!path)
        return -1;
    snprintf(full, sizeof(full), "%s%s%s", path[0] == '/' ? "" : c->dir,
             path[0] == '/' ? "" : "/", path);
    int rc = access(full, R_OK) == 0 ? 0 : -1;
    if (rc != 0)
        verify_run_set(c, strstr(raw, "${SHARED}") ? VERIFY_SKIP : VERIFY_FAIL, "%s %s: %s", what,
                       path, strerror(errno));
    if (rc == 0)
        rc = argv_add(c, opt, false) || argv_add(c, path, true) ? -1 : 0;
    mem_free(path);
    return rc;
}

/* expect.yaml's rules (-S for the first rule file of the case, else -s),
 * captures and args. */
static int argv_add_listed(struct verify_run *c, int rules)
{
    size_t i;
    json_t *v;
    json_array_foreach(c->x.rules, i, v) {
        if (argv_add_path(c, rules++ ? "-s" : "-S", "rules", json_string_value(v)) != 0)
            return -1;
    }
    json_array_foreach(c->x.captures, i, v) {
        if (argv_add_path(c, "-r", "capture", json_string_value(v)) != 0)
            return -1;
    }
    json_array_foreach(c->x.args, i, v) {
        char *arg = argv_expand(c, json_string_value(v));
        int rc = arg && argv_add(c, arg, true) == 0 ? 0 : -1;
        mem_free(arg);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* The case directory's files, by name: the policy (-c), the rule files
 * (-S, -s) and, unless expect.yaml lists captures, the captures (-r).  The
 * names are relative: the child runs in the case directory.  *rules counts
 * the rule files given. */
static int argv_add_dir(struct verify_run *c, char *const *names, size_t n, int *rules)
{
    const char *policy = NULL;
    for (size_t i = 0; i < n; i++) {
        if (argv_has_suffix(names[i], ".yaml") && strcmp(names[i], "expect.yaml") != 0) {
            if (policy) {
                verify_run_set(c, VERIFY_FAIL, "two policy files: %s and %s", policy, names[i]);
                return -1;
            }
            policy = names[i];
            if (argv_add(c, "-c", false) || argv_add(c, names[i], true))
                return -1;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (argv_has_suffix(names[i], ".rules") &&
            (argv_add(c, (*rules)++ ? "-s" : "-S", false) || argv_add(c, names[i], true)))
            return -1;
    if (!c->x.captures) {
        for (size_t i = 0; i < n; i++)
            if (argv_is_capture(names[i]) &&
                (argv_add(c, "-r", false) || argv_add(c, names[i], true)))
                return -1;
    }
    return 0;
}

int verify_argv_build(struct verify_run *c)
{
    char **paths = NULL;
    size_t n = 0;
    int rules = 0, rc = -1;
    /* An unlistable directory has no files of its own: what it lacks then
     * shows as a missing expect.yaml or capture. */
    if (dir_list_sorted(c->dir, &paths, &n) != 0) {
        paths = NULL;
        n = 0;
    }
    /* "DIR/name" -> "name", in place: the same bytewise order. */
    size_t skip = strlen(c->dir) + 1;
    for (size_t i = 0; i < n; i++)
        memmove(paths[i], paths[i] + skip, strlen(paths[i] + skip) + 1);
    if (argv_add(c, c->o->self, false) == 0 && argv_add(c, "-l", false) == 0 &&
        argv_add(c, c->tmp, false) == 0 && argv_add_dir(c, paths, n, &rules) == 0 &&
        argv_add_listed(c, rules) == 0) {
        c->argv[c->argc] = NULL;
        rc = 0;
    }
    dir_list_free(paths, n);
    return rc;
}
