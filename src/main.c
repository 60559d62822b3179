/* main.c - the command line: options -> struct config -> engine -> exit. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define LOG_MODULE "main"
#include "config.h"
#include "config/config.h"
#include "detect/detect.h"
#include "engine.h"
#include "source/source-pcap.h"
#include "util/log.h"
#include "util/mem.h"

#define MAX_INPUTS 256
#define MAX_SETS 64

enum exit_code { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

struct cli_opts {
    const char *inputs[MAX_INPUTS];
    int n_inputs;
    const char *log_dir;
    const char *policy;
    const char *sets[MAX_SETS];
    int n_sets;
    const char *rules_only;          /* -S */
    const char *rules_extra[MAX_SETS]; /* -s */
    int n_rules_extra;
    bool dump_config;
    bool test_config;                /* -T */
    bool list_keywords;
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: smbneg -r PATH [-r PATH ...] [-l DIR] [-c POLICY] [--set key=value]\n"
            "              [-S RULES | -s RULES ...] [-T] [--list-keywords] [--dump-config]\n"
            "  -r, --read PATH      read a pcap/pcapng file (gzip'd too) or every capture\n"
            "                       in a directory, in name order; may be repeated\n"
            "  -l, --log-dir DIR    write DIR/eve.json (default: the policy's\n"
            "                       default-log-dir, \".\")\n"
            "  -c, --config FILE    load a YAML policy (default: the embedded one)\n"
            "      --set KEY=VALUE  override a policy setting (repeatable)\n"
            "  -S FILE              load only this rule file (not the policy's rule-files)\n"
            "  -s FILE              load this rule file too (repeatable)\n"
            "  -T                   check the policy and the rules, then exit\n"
            "      --list-keywords  print every rule keyword with its syntax\n"
            "      --dump-config    print the effective policy and exit\n"
            "  -V, --version        print the version\n"
            "  -h, --help           this text\n"
            "exit status: 0 ok, 1 an input could not be read, 2 usage or policy error\n");
}

static int cli_parse(int argc, char **argv, struct cli_opts *o)
{
    enum { OPT_SET = 256, OPT_DUMP, OPT_LIST_KW };
    static const struct option longopts[] = {
        {"read", required_argument, NULL, 'r'},    {"log-dir", required_argument, NULL, 'l'},
        {"config", required_argument, NULL, 'c'},  {"set", required_argument, NULL, OPT_SET},
        {"dump-config", no_argument, NULL, OPT_DUMP}, {"version", no_argument, NULL, 'V'},
        {"list-keywords", no_argument, NULL, OPT_LIST_KW},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    int ch;
    memset(o, 0, sizeof(*o));
    while ((ch = getopt_long(argc, argv, "r:l:c:S:s:TVh", longopts, NULL)) != -1) {
        switch (ch) {
        case 'r':
            if (o->n_inputs >= MAX_INPUTS) {
                log_error("too many -r options (max %d)", MAX_INPUTS);
                return -1;
            }
            o->inputs[o->n_inputs++] = optarg;
            break;
        case 'l':
            o->log_dir = optarg;
            break;
        case 'c':
            o->policy = optarg;
            break;
        case OPT_SET:
            if (o->n_sets >= MAX_SETS) {
                log_error("too many --set options (max %d)", MAX_SETS);
                return -1;
            }
            o->sets[o->n_sets++] = optarg;
            break;
        case OPT_DUMP:
            o->dump_config = true;
            break;
        case OPT_LIST_KW:
            o->list_keywords = true;
            break;
        case 'S':
            o->rules_only = optarg;
            break;
        case 's':
            if (o->n_rules_extra >= MAX_SETS) {
                log_error("too many -s options (max %d)", MAX_SETS);
                return -1;
            }
            o->rules_extra[o->n_rules_extra++] = optarg;
            break;
        case 'T':
            o->test_config = true;
            break;
        case 'V':
            printf("smbneg %s\n", PACKAGE_VERSION);
            exit(EXIT_OK);
        case 'h':
            usage(stdout);
            exit(EXIT_OK);
        default:
            usage(stderr);
            return -1;
        }
    }
    if (optind < argc) {
        log_error("unexpected argument '%s' (captures are given with -r)", argv[optind]);
        return -1;
    }
    return 0;
}

static int cli_config(const struct cli_opts *o, struct config *cfg)
{
    int rc = o->policy ? (config_defaults(cfg), config_load_file(cfg, o->policy))
                       : config_load_default(cfg);
    if (rc != 0)
        return -1;
    for (int i = 0; i < o->n_sets; i++)
        if (config_set(cfg, o->sets[i]) != 0)
            return -1;
    if (o->rules_only) {
        if (strlen(o->rules_only) >= sizeof(cfg->rules_only)) {
            log_error("%s: path too long", o->rules_only);
            return -1;
        }
        snprintf(cfg->rules_only, sizeof(cfg->rules_only), "%s", o->rules_only);
    }
    for (int i = 0; i < o->n_rules_extra; i++)
        if (config_add_rule_file(cfg, o->rules_extra[i]) != 0)
            return -1;
    if (o->log_dir) {
        if (strlen(o->log_dir) >= sizeof(cfg->log_dir)) {
            log_error("%s: log directory path too long", o->log_dir);
            return -1;
        }
        snprintf(cfg->log_dir, sizeof(cfg->log_dir), "%s", o->log_dir);
    }
    return 0;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every capture in a directory, sorted by name (bytewise, not locale). */
static int run_directory(struct engine *e, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        log_error("%s: cannot open directory: %s", dir, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = mem_realloc(names, cap * sizeof(*names));
            if (!nn) {
                rc = -1;
                break;
            }
            names = nn;
        }
        size_t len = strlen(dir) + strlen(de->d_name) + 2;
        names[n] = mem_alloc(len);
        if (!names[n]) {
            rc = -1;
            break;
        }
        snprintf(names[n], len, "%s/%s", dir, de->d_name);
        n++;
    }
    closedir(d);
    if (rc)
        log_error("%s: out of memory listing the directory", dir);
    qsort(names, n, sizeof(*names), name_cmp);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (rc == 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode) &&
            source_pcap_looks_like_capture(names[i]) && engine_run_file(e, names[i]) != 0)
            rc = -1;
        mem_free(names[i]);
    }
    mem_free(names);
    return rc;
}

static int run_input(struct engine *e, const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return run_directory(e, path);
    return engine_run_file(e, path);
}

/* -T: load policy and rules, report, exit 0 only when all is well. */
static int test_config(const struct config *cfg)
{
    struct engine *e = engine_new(cfg, true);
    if (!e)
        return EXIT_USAGE;
    int errors = e->config_errors;
    const struct detect_stats *ds = detect_stats(e->detect);
    fprintf(stderr, "smbneg: policy ok; %llu rules loaded, %d error(s)\n",
            (unsigned long long)ds->rules_loaded, errors);
    engine_free(e);
    return errors ? EXIT_USAGE : EXIT_OK;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    struct cli_opts o;
    struct config cfg;
    if (cli_parse(argc, argv, &o) != 0)
        return EXIT_USAGE;
    if (o.list_keywords) {
        detect_list_keywords(stdout);
        return EXIT_OK;
    }
    if (cli_config(&o, &cfg) != 0)
        return EXIT_USAGE;
    if (o.dump_config) {
        config_dump(&cfg, stdout);
        return EXIT_OK;
    }
    if (o.test_config)
        return test_config(&cfg);
    if (o.n_inputs == 0) {
        usage(stderr);
        return EXIT_USAGE;
    }
    double t0 = now_seconds();
    struct engine *e = engine_new(&cfg, false);
    if (!e)
        return EXIT_USAGE;
    int status = EXIT_OK;
    for (int i = 0; i < o.n_inputs; i++)
        if (run_input(e, o.inputs[i]) != 0)
            status = EXIT_INPUT;
    engine_finish(e, now_seconds() - t0, stderr);
    if (engine_free(e) != 0)
        status = EXIT_INPUT;
    return status;
}
