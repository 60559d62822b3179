/* verify-check.c - check one run of a case against its expect.yaml: the
 * exit status, what stderr must and must not contain, and every filter over
 * the EVE records; explain each failure (closest records, or the lines of
 * too many matches). */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "util/file.h"
#include "util/mem.h"
#include "verify/verify-int.h"

#define VERIFY_STDERR_MAX (64 * 1024)
#define VERIFY_CLOSEST_MAX 3

/* The first VERIFY_STDERR_MAX bytes of the run's stderr (mem_ owned), or
 * NULL when it cannot be read. */
static char *check_read_stderr(const struct verify_run *c)
{
    char path[PATH_MAX + 16], *buf;
    size_t len;
    snprintf(path, sizeof(path), "%s/stderr", c->tmp);
    if (file_read_all(path, &buf, &len) != 0)
        return NULL;
    if (len > VERIFY_STDERR_MAX)
        buf[VERIFY_STDERR_MAX] = '\0';
    return buf;
}

static void check_stderr(struct verify_run *c, const char *err)
{
    size_t i;
    json_t *v;
    json_array_foreach(c->x.stderr_subs, i, v) {
        if (err && strstr(err, json_string_value(v)))
            continue;
        verify_run_set(c, VERIFY_FAIL, "stderr does not contain \"%s\"", json_string_value(v));
        fprintf(c->det, "stderr: expected to contain \"%s\"\n", json_string_value(v));
    }
    json_array_foreach(c->x.stderr_absent, i, v) {
        if (!err || !strstr(err, json_string_value(v)))
            continue;
        verify_run_set(c, VERIFY_FAIL, "stderr contains \"%s\"", json_string_value(v));
        fprintf(c->det, "stderr: expected not to contain \"%s\"\n", json_string_value(v));
    }
}

void verify_check_process(struct verify_run *c, int st)
{
    char *err = check_read_stderr(c);
    if (WIFSIGNALED(st)) {
        verify_run_set(c, VERIFY_FAIL, "smbneg killed by signal %d%s", WTERMSIG(st),
                       WTERMSIG(st) == SIGALRM ? " (timeout)" : "");
    } else if (WEXITSTATUS(st) != c->x.exit_code) {
        verify_run_set(c, VERIFY_FAIL, "exit status %d, expected %d", WEXITSTATUS(st),
                       c->x.exit_code);
        fprintf(c->det, "exit: expected %d, got %d\n", c->x.exit_code, WEXITSTATUS(st));
    }
    check_stderr(c, err);
    if (c->message && err)
        fprintf(c->det, "smbneg stderr:\n%s%s", err,
                *err && err[strlen(err) - 1] != '\n' ? "\n" : "");
    mem_free(err);
}

/* EVE records with their line numbers (json_t arrays: [line, record]). */
static json_t *check_read_eve(struct verify_run *c)
{
    char path[PATH_MAX + 16], *buf;
    size_t len, lineno = 0;
    snprintf(path, sizeof(path), "%s/eve.json", c->tmp);
    json_t *recs = json_array();
    if (file_read_all(path, &buf, &len) != 0)
        return recs;
    for (const char *p = buf; p < buf + len;) {
        size_t n = strcspn(p, "\n");
        json_error_t jerr;
        lineno++;
        json_t *r = json_loadb(p, n, 0, &jerr);
        if (!r) /* an integer above INT64_MAX (client_start_time is a raw
                 * 64-bit field): valid JSON that jansson reads only as a
                 * real; a check compares 1.0 equal to 1 */
            r = json_loadb(p, n, JSON_DECODE_INT_AS_REAL, &jerr);
        p += n + (p[n] == '\n');
        if (!r) {
            verify_run_set(c, VERIFY_FAIL, "eve.json:%zu: invalid JSON: %s", lineno, jerr.text);
            continue;
        }
        json_array_append_new(recs, json_pack("[Io]", (json_int_t)lineno, r));
    }
    mem_free(buf);
    return recs;
}

static void check_want(char *buf, size_t cap, const struct verify_check *k)
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

/* Too many matches: the eve.json lines of the records that matched. */
static void check_explain_many(struct verify_run *c, json_t *recs, const struct verify_check *k)
{
    size_t i, shown = 0;
    json_t *r;
    fprintf(c->det, "  matching records at eve.json line(s):");
    json_array_foreach(recs, i, r) {
        if (verify_match_record(json_array_get(r, 1), k) && shown++ < 10)
            fprintf(c->det, " %lld", (long long)json_integer_value(json_array_get(r, 0)));
    }
    fprintf(c->det, "%s\n", shown > 10 ? " ..." : "");
}

/* Too few: the records that came closest, with each key that differs. */
static void check_explain_few(struct verify_run *c, json_t *recs, const struct verify_check *k)
{
    size_t i, best = 0, shown = 0;
    json_t *r;
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

/* Filter n (0-based) found `found` records, which is not what it wants. */
static void check_fail(struct verify_run *c, json_t *recs, size_t n, size_t found)
{
    const struct verify_check *k = &c->x.checks[n];
    char want[128];
    check_want(want, sizeof(want), k);
    char *m = json_dumps(k->match, JSON_COMPACT | JSON_REAL_PRECISION(12));
    verify_run_set(c, VERIFY_FAIL, "check %zu (expect.yaml:%d): %s, found %zu", n + 1, k->line,
                   want, found);
    fprintf(c->det, "check %zu (expect.yaml:%d): %s, found %zu record(s) matching %s", n + 1,
            k->line, want, found, m ? m : "?");
    if (json_array_size(k->not_present)) {
        char *np = json_dumps(k->not_present, JSON_COMPACT);
        fprintf(c->det, " without %s", np ? np : "?");
        free(np); /* jansson's allocation */
    }
    fputc('\n', c->det);
    free(m);
    if ((k->count >= 0 && found > (size_t)k->count) || (k->max >= 0 && found > (size_t)k->max))
        check_explain_many(c, recs, k);
    else
        check_explain_few(c, recs, k);
}

void verify_check_eve(struct verify_run *c)
{
    json_t *recs = check_read_eve(c);
    for (size_t n = 0; n < c->x.n_checks; n++) {
        const struct verify_check *k = &c->x.checks[n];
        size_t i, found = 0;
        json_t *r;
        json_array_foreach(recs, i, r) found += verify_match_record(json_array_get(r, 1), k);
        if ((k->count < 0 || found == (size_t)k->count) &&
            (k->min < 0 || found >= (size_t)k->min) && (k->max < 0 || found <= (size_t)k->max))
            continue;
        check_fail(c, recs, n, found);
    }
    json_decref(recs);
}
