/* run-replay.c - replay tests in the style of suricata-verify: run smbneg
 * on a case's captures and check filters over the EVE records.
 *
 *   run-replay --smbneg PATH [--shared DIR] CASE_DIR...
 *
 * CASE_DIR/case.json:
 *   {"inputs": ["input.pcap", "@shared/captures/lab/x.pcap"],
 *    "args": ["--set", "smb.ports=[445]"],
 *    "checks": [{"count": 1, "match": {"event_type": "smb", "smb.dialect": "3.11"}},
 *               {"min": 1, "match": {...}}, {"max": 0, "match": {...}},
 *               {"count": 1, "match": {...}, "absent": ["smb.dialect"]}]}
 * "@shared/" names a file under the shared directory; a case whose shared
 * input is missing is skipped.  In "args", "@case/x" names the case's file x.  A match key is a dotted path into the
 * record (array elements by index: "smb.negotiate.request.contexts.0.type");
 * values compare as JSON (arrays and objects exactly); "absent" lists keys a
 * matching record must not have.  Prints one line per
 * case and "N passed, M failed[, K skipped]". */
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ARGS 64

struct opts {
    const char *smbneg;
    const char *shared;
};

static json_t *lookup(json_t *rec, const char *path)
{
    char buf[512];
    snprintf(buf, sizeof(buf), "%s", path);
    json_t *cur = rec;
    for (char *save = NULL, *seg = strtok_r(buf, ".", &save); seg && cur;
         seg = strtok_r(NULL, ".", &save)) {
        if (json_is_array(cur)) {
            char *end;
            long i = strtol(seg, &end, 10);
            cur = *end ? NULL : json_array_get(cur, (size_t)i);
        } else {
            cur = json_object_get(cur, seg);
        }
    }
    return cur;
}

static bool record_matches(json_t *rec, json_t *match, json_t *absent)
{
    const char *key;
    json_t *want;
    size_t i;
    json_array_foreach(absent, i, want) {
        if (json_is_string(want) && lookup(rec, json_string_value(want)))
            return false;
    }
    json_object_foreach(match, key, want) {
        json_t *got = lookup(rec, key);
        if (!got || !json_equal(got, want))
            return false;
    }
    return true;
}

/* Run smbneg with the case's inputs and args, logging into outdir. */
static int run_smbneg(const struct opts *o, const char *casedir, json_t *c, const char *outdir,
                      bool *skipped)
{
    const char *argv[MAX_ARGS + 8];
    char paths[MAX_ARGS][PATH_MAX];
    int n = 0, np = 0;
    size_t i;
    json_t *v;
    argv[n++] = o->smbneg;
    argv[n++] = "-l";
    argv[n++] = outdir;
    json_array_foreach(json_object_get(c, "inputs"), i, v) {
        const char *in = json_string_value(v);
        if (!in || np >= MAX_ARGS || n >= MAX_ARGS)
            return -1;
        if (strncmp(in, "@shared/", 8) == 0)
            snprintf(paths[np], PATH_MAX, "%s/%s", o->shared, in + 8);
        else
            snprintf(paths[np], PATH_MAX, "%s/%s", casedir, in);
        if (access(paths[np], R_OK) != 0) {
            *skipped = true;
            return 0;
        }
        argv[n++] = "-r";
        argv[n++] = paths[np++];
    }
    json_array_foreach(json_object_get(c, "args"), i, v) {
        const char *arg = json_string_value(v);
        if (!arg || n >= MAX_ARGS + 4 || np >= MAX_ARGS)
            return -1;
        if (strncmp(arg, "@case/", 6) == 0) { /* a file of the case */
            snprintf(paths[np], PATH_MAX, "%s/%s", casedir, arg + 6);
            arg = paths[np++];
        }
        argv[n++] = arg;
    }
    argv[n] = NULL;
    pid_t pid = fork();
    if (pid == 0) {
        freopen("/dev/null", "w", stderr);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int st;
    if (pid < 0 || waitpid(pid, &st, 0) < 0)
        return -1;
    json_t *want_rc = json_object_get(c, "exit");
    int rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
    if (rc != (want_rc ? (int)json_integer_value(want_rc) : 0)) {
        printf("  smbneg exited with %d\n", rc);
        return -1;
    }
    return 0;
}

static json_t *read_eve(const char *path)
{
    FILE *fp = fopen(path, "r");
    json_t *arr = json_array();
    if (!fp)
        return arr;
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, fp) > 0) {
        json_error_t err;
        json_t *r = json_loads(line, 0, &err);
        if (!r) {
            printf("  %s: invalid JSON: %s\n", path, err.text);
            continue;
        }
        json_array_append_new(arr, r);
    }
    free(line);
    fclose(fp);
    return arr;
}

/* Evaluate one check; prints why it failed. */
static bool check_one(json_t *records, json_t *chk, size_t idx)
{
    json_t *match = json_object_get(chk, "match"), *absent = json_object_get(chk, "absent");
    size_t i, count = 0;
    json_t *r;
    json_array_foreach(records, i, r) if (record_matches(r, match, absent)) count++;
    json_t *c = json_object_get(chk, "count"), *mn = json_object_get(chk, "min"),
           *mx = json_object_get(chk, "max");
    bool ok = (!c || count == (size_t)json_integer_value(c)) &&
              (!mn || count >= (size_t)json_integer_value(mn)) &&
              (!mx || count <= (size_t)json_integer_value(mx));
    if (!ok) {
        char *m = json_dumps(match, JSON_COMPACT | JSON_SORT_KEYS);
        printf("  check %zu failed: %zu record(s) match %s (want count=%lld min=%lld max=%lld)\n",
               idx, count, m, c ? (long long)json_integer_value(c) : -1LL,
               mn ? (long long)json_integer_value(mn) : -1LL,
               mx ? (long long)json_integer_value(mx) : -1LL);
        free(m);
    }
    return ok;
}

/* 1 pass, 0 fail, 2 skip */
static int run_case(const struct opts *o, const char *casedir)
{
    char path[PATH_MAX], tmpl[] = "/tmp/smbneg-replay.XXXXXX";
    json_error_t err;
    snprintf(path, sizeof(path), "%s/case.json", casedir);
    json_t *c = json_load_file(path, 0, &err);
    if (!c) {
        printf("FAIL %s: %s:%d: %s\n", casedir, path, err.line, err.text);
        return 0;
    }
    char *out = mkdtemp(tmpl);
    bool skipped = false, ok = out != NULL;
    if (ok && run_smbneg(o, casedir, c, out, &skipped) != 0)
        ok = false;
    if (ok && !skipped) {
        snprintf(path, sizeof(path), "%s/eve.json", out);
        json_t *recs = read_eve(path);
        size_t i;
        json_t *chk;
        json_array_foreach(json_object_get(c, "checks"), i, chk) ok &= check_one(recs, chk, i);
        json_decref(recs);
        unlink(path);
    }
    if (out)
        rmdir(out);
    json_decref(c);
    printf("%s %s\n", skipped ? "SKIP" : ok ? "PASS" : "FAIL", casedir);
    return skipped ? 2 : ok ? 1 : 0;
}

int main(int argc, char **argv)
{
    struct opts o = {NULL, "../shared"};
    int a = 1, pass = 0, fail = 0, skip = 0;
    for (; a < argc - 1 && argv[a][0] == '-'; a += 2) {
        if (strcmp(argv[a], "--smbneg") == 0)
            o.smbneg = argv[a + 1];
        else if (strcmp(argv[a], "--shared") == 0)
            o.shared = argv[a + 1];
        else
            break;
    }
    if (!o.smbneg || a >= argc) {
        fprintf(stderr, "usage: run-replay --smbneg PATH [--shared DIR] CASE_DIR...\n");
        return 2;
    }
    for (; a < argc; a++) {
        int r = run_case(&o, argv[a]);
        pass += r == 1;
        fail += r == 0;
        skip += r == 2;
    }
    printf("%d passed, %d failed, %d skipped\n", pass, fail, skip);
    return fail ? 1 : 0;
}
