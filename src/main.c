/* main.c - the command line: options -> struct config -> engine -> exit. */
#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LOG_MODULE "main"
#include "baseline/baseline-hosts.h"
#include "config.h"
#include "config/config.h"
#include "detect/detect.h"
#include "engine.h"
#include "runmode/runmode-files.h"
#include "runmode/runmode-live.h"
#include "source/source-pcap.h"
#include "util/log.h"
#include "util/mem.h"
#include "report/report.h"
#include "verify/verify.h"

/* The Suricata release whose rules, configuration and EVE smbneg follows:
 * --build-info names it where Suricata names itself. */
#define SMBNEG_SURICATA_VERSION "7.0.0"

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
    const char *dump_config;         /* --dump-config[=FORMAT]: "kv" or "yaml" */
    bool test_config;                /* -T */
    const char *list_keywords;       /* --list-keywords[=KW]: "all" or one keyword */
    int verbose;                     /* -v count */
    const char *iface;               /* -i: live capture */
    const char *pidfile;
    const char *user, *group;        /* privilege drop (live) */
    unsigned jobs;                   /* -j: worker processes for -r (0: no -j) */
    enum progress_mode progress;     /* --progress / --no-progress */
    int alert_exit;                  /* --alert-exit-code: 0 off */
    const char *baseline;            /* --baseline FILE: the sqlite store */
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: smbneg -r PATH [-r PATH ...] [-l DIR] [-c POLICY] [--set key=value]\n"
            "              [-S RULES | -s RULES ...] [-T] [-v...] [--list-keywords[=KW]]\n"
            "              [--dump-config[=yaml]]\n"
            "       smbneg -i IFACE [--pidfile FILE] [--user U] [--group G] [options above]\n"
            "       smbneg report [-o FILE] [--relay-list FILE] [--baseline FILE] [EVE.json...]\n"
            "              (the posture page; options: `smbneg report --help`; doc/report.md)\n"
            "       smbneg verify [--strict] [--shard I/N] [--junit FILE] DIR...  (CI replay;\n"
            "              options: `smbneg verify --help`; doc/ci-replay.md)\n"
            "       smbneg hosts [--baseline FILE | --redis HOST:PORT] [--format table|json|csv]\n"
            "              (the host baselines; doc/rules.md)\n"
            "  -r, --read PATH      read a pcap/pcapng file (gzip'd too) or every file in\n"
            "                       a directory and below it, in path order; repeatable\n"
            "  -i, --interface IF   capture live from IF (default: capture.interface when\n"
            "                       no -r is given) until SIGINT/SIGTERM; SIGHUP reopens\n"
            "                       the logs, SIGUSR2 reloads policy and rules (doc/live.md)\n"
            "      --pidfile FILE   live: write the pid to FILE, remove it on exit; refuse\n"
            "                       to start when FILE names a running process\n"
            "      --user U         live: switch to user U (and its group) once the\n"
            "      --group G        capture and the log files are open\n"
            "  -j, --jobs N         -r: read the capture files on N worker processes,\n"
            "                       each file with fresh flow, threshold and baseline\n"
            "                       state; the merged output is identical for every N\n"
            "                       (doc/ci-replay.md)\n"
            "      --progress       -r: show the progress line even when stderr is not a\n"
            "                       terminal (default: only on a terminal); --no-progress\n"
            "      --alert-exit-code N  -r: exit N (1-255) when at least one alert was\n"
            "                       logged and no input failed\n"
            "      --baseline FILE  keep the host baselines in the SQLite file FILE,\n"
            "                       loaded and updated (baseline.store: sqlite)\n"
            "  -l, --log-dir DIR    write DIR/eve.json (default: the policy's\n"
            "                       default-log-dir, \".\"); -l -: EVE records\n"
            "                       to stdout, nothing else there\n"
            "  -c, --config FILE    load a YAML policy (default: the embedded one)\n"
            "      --set KEY=VALUE  override a policy setting (repeatable)\n"
            "  -S FILE              load only this rule file (not the policy's rule-files)\n"
            "  -s FILE              load this rule file too (repeatable)\n"
            "  -T                   check the policy and the rules, then exit\n"
            "  -v                   more messages (repeatable): -v what is loaded and\n"
            "                       opened, -vv each capture file too\n"
            "      --list-keywords[=KW]  print every rule keyword with its syntax, or\n"
            "                       only keyword KW\n"
            "      --dump-config[=yaml]  print the effective policy and exit: Suricata's\n"
            "                       \"key = value\" lines, or YAML that loads back\n"
            "  -V, --version        print the version\n"
            "      --build-info     print how smbneg was built, in the form of Suricata's\n"
            "                       --build-info (what suricata-update reads)\n"
            "  -h, --help           this text\n"
            "exit status: 0 ok, 1 an input (capture file, interface, pidfile) failed,\n"
            "             2 usage or policy error, N (--alert-exit-code N) something alerted,\n"
            "             130 / 143 -r stopped by SIGINT / SIGTERM\n");
}

/* --build-info, in the shape of Suricata's, whose lines suricata-update
 * reads (engine.py get_build_info): "This is Suricata version X", the
 * Features line and the configure directories "--prefix DIR" etc.  The
 * version is the Suricata release whose rule syntax, configuration layout
 * and EVE smbneg follows; smbneg's own is on the next line. */
static void build_info(FILE *out)
{
    fprintf(out,
            "This is Suricata version %s RELEASE (smbneg %s answering for Suricata's tools)\n"
            "smbneg version %s\n"
            "Features: PCAP_SET_BUFF HAVE_LIBJANSSON HAVE_LIBYAML%s%s\n"
            "\n"
            "Generic build parameters:\n"
            "  Installation prefix:                     %s\n"
            "  Configuration directory:                 %s/smbneg/\n"
            "  Log directory:                           %s/log/smbneg/\n"
            "\n"
            "  --prefix                                 %s\n"
            "  --sysconfdir                             %s\n"
            "  --localstatedir                          %s\n"
            "  --datarootdir                            %s\n",
            SMBNEG_SURICATA_VERSION, PACKAGE_VERSION, PACKAGE_VERSION,
#ifdef HAVE_HIREDIS
            " HAVE_LIBHIREDIS",
#else
            "",
#endif
#ifdef SMBNEG_DEBUG
            " DEBUG",
#else
            "",
#endif
            SMBNEG_PREFIX, SMBNEG_SYSCONFDIR, SMBNEG_LOCALSTATEDIR, SMBNEG_PREFIX,
            SMBNEG_SYSCONFDIR, SMBNEG_LOCALSTATEDIR, SMBNEG_DATAROOTDIR);
}

/* ------------------------------------------------------------ options */

enum { OPT_SET = 256, OPT_DUMP, OPT_BUILD_INFO, OPT_LIST_KW, OPT_PIDFILE, OPT_USER, OPT_GROUP,
       OPT_PROGRESS, OPT_NO_PROGRESS, OPT_ALERT_EXIT, OPT_BASELINE };

/* One command-line option: its long name (NULL: a letter only), getopt's
 * has_arg, its letter or OPT_ value, and what it does: 0, or -1 with the
 * reason logged.  off: the const char * field a plain option sets. */
struct cli_option {
    const char *name;
    int has_arg;
    int ch;
    int (*fn)(struct cli_opts *o, const struct cli_option *opt, const char *arg);
    size_t off;
};

/* Append arg to list v of *n (at most max), for option `what`. */
static int cli_append(const char **v, int *n, int max, const char *what, const char *arg)
{
    if (*n >= max) {
        log_error("too many %s options (max %d)", what, max);
        return -1;
    }
    v[(*n)++] = arg;
    return 0;
}

static int cli_str(struct cli_opts *o, const struct cli_option *opt, const char *arg)
{
    *(const char **)(void *)((char *)o + opt->off) = arg;
    return 0;
}

static int cli_read(struct cli_opts *o, const struct cli_option *opt, const char *arg)
{
    (void)opt;
    if (!*arg) {
        log_error("-r \"\": empty path; give a capture file or a directory of them");
        return -1;
    }
    return cli_append(o->inputs, &o->n_inputs, MAX_INPUTS, "-r", arg);
}

static int cli_set(struct cli_opts *o, const struct cli_option *opt, const char *arg)
{
    (void)opt;
    return cli_append(o->sets, &o->n_sets, MAX_SETS, "--set", arg);
}

static int cli_rules_extra(struct cli_opts *o, const struct cli_option *opt, const char *arg)
{
    (void)opt;
    return cli_append(o->rules_extra, &o->n_rules_extra, MAX_SETS, "-s", arg);
}

static int cli_dump(struct cli_opts *o, const struct cli_option *opt, const char *arg)
{
    (void)opt;
    o->dump_config = arg ? arg : "kv";
    if (strcmp(o->dump_config, "kv") != 0 && strcmp(o->dump_config, "yaml") != 0) {
        log_error("--dump-config=%s: the formats are kv (the default) and yaml", arg);
        return -1;
    }
    return 0;
}

static int cli_list_kw(struct cli_opts *o, const struct cli_option *opt, const char *arg)
{
    (void)opt;
    o->list_keywords = arg ? arg : "all";
    return 0;
}

/* The options without an argument that set a flag or count. */
static int cli_flag(struct cli_opts *o, const struct cli_option *opt, const char *arg)
{
    (void)arg;
    if (opt->ch == 'v')
        o->verbose++;
    else if (opt->ch == 'T')
        o->test_config = true;
    else
        o->progress = opt->ch == OPT_PROGRESS ? PROGRESS_ON : PROGRESS_OFF;
    return 0;
}

/* -j N (1-1024) and --alert-exit-code N (1-255). */
static int cli_number(struct cli_opts *o, const struct cli_option *opt, const char *arg)
{
    bool jobs = opt->ch == 'j';
    char *end;
    long v = strtol(arg, &end, 10);
    if (*end || !*arg || v < 1 || v > (jobs ? 1024 : 255)) {
        log_error("%s %s: expected a number from 1 to %d", jobs ? "-j" : "--alert-exit-code",
                  arg, jobs ? 1024 : 255);
        return -1;
    }
    if (jobs)
        o->jobs = (unsigned)v;
    else
        o->alert_exit = (int)v;
    return 0;
}

/* --version, --build-info, --help: print and exit with EXIT_OK. */
static int cli_print(struct cli_opts *o, const struct cli_option *opt, const char *arg)
{
    (void)o;
    (void)arg;
    if (opt->ch == 'V')
        printf("smbneg %s\n", PACKAGE_VERSION);
    else if (opt->ch == OPT_BUILD_INFO)
        build_info(stdout);
    else
        usage(stdout);
    exit(EXIT_OK);
}

#define CLI_STR(field) cli_str, offsetof(struct cli_opts, field)

/* The options, in the order of usage(). */
static const struct cli_option cli_options[] = {
    {"read", required_argument, 'r', cli_read, 0},
    {"interface", required_argument, 'i', CLI_STR(iface)},
    {"jobs", required_argument, 'j', cli_number, 0},
    {"log-dir", required_argument, 'l', CLI_STR(log_dir)},
    {"config", required_argument, 'c', CLI_STR(policy)},
    {NULL, required_argument, 'S', CLI_STR(rules_only)},
    {NULL, required_argument, 's', cli_rules_extra, 0},
    {NULL, no_argument, 'T', cli_flag, 0},
    {NULL, no_argument, 'v', cli_flag, 0},
    {"version", no_argument, 'V', cli_print, 0},
    {"help", no_argument, 'h', cli_print, 0},
    {"set", required_argument, OPT_SET, cli_set, 0},
    {"dump-config", optional_argument, OPT_DUMP, cli_dump, 0},
    {"build-info", no_argument, OPT_BUILD_INFO, cli_print, 0},
    {"list-keywords", optional_argument, OPT_LIST_KW, cli_list_kw, 0},
    {"pidfile", required_argument, OPT_PIDFILE, CLI_STR(pidfile)},
    {"user", required_argument, OPT_USER, CLI_STR(user)},
    {"group", required_argument, OPT_GROUP, CLI_STR(group)},
    {"progress", no_argument, OPT_PROGRESS, cli_flag, 0},
    {"no-progress", no_argument, OPT_NO_PROGRESS, cli_flag, 0},
    {"alert-exit-code", required_argument, OPT_ALERT_EXIT, cli_number, 0},
    {"baseline", required_argument, OPT_BASELINE, CLI_STR(baseline)},
};

#define N_CLI_OPTIONS (sizeof(cli_options) / sizeof(cli_options[0]))

/* getopt_long's tables, from cli_options. */
static void cli_getopt_tables(struct option *longopts, char *shortopts)
{
    size_t n = 0;
    for (size_t i = 0; i < N_CLI_OPTIONS; i++) {
        const struct cli_option *c = &cli_options[i];
        if (c->name)
            longopts[n++] = (struct option){c->name, c->has_arg, NULL, c->ch};
        if (c->ch < 256) {
            *shortopts++ = (char)c->ch;
            if (c->has_arg == required_argument)
                *shortopts++ = ':';
        }
    }
    longopts[n] = (struct option){NULL, 0, NULL, 0};
    *shortopts = '\0';
}

static int cli_parse(int argc, char **argv, struct cli_opts *o)
{
    struct option longopts[N_CLI_OPTIONS + 1];
    char shortopts[2 * N_CLI_OPTIONS + 1];
    int ch;
    memset(o, 0, sizeof(*o));
    cli_getopt_tables(longopts, shortopts);
    while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        size_t i = 0;
        while (i < N_CLI_OPTIONS && cli_options[i].ch != ch)
            i++;
        if (i == N_CLI_OPTIONS) {
            usage(stderr);
            return -1;
        }
        if (cli_options[i].fn(o, &cli_options[i], optarg) != 0)
            return -1;
    }
    if (optind < argc) {
        log_error("unexpected argument '%s' (captures are given with -r)", argv[optind]);
        return -1;
    }
    if (o->iface && o->n_inputs) {
        log_error("-i %s: live capture and -r cannot be combined", o->iface);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ the run */

/* --baseline FILE: the sqlite store in FILE (relative: to the current
 * directory, not the log directory). */
static int cli_baseline(const char *file, struct config *cfg)
{
    char cwd[CONFIG_PATH_MAX];
    int n;
    if (file[0] == '/')
        n = snprintf(cfg->baseline_file, sizeof(cfg->baseline_file), "%s", file);
    else if (getcwd(cwd, sizeof(cwd)))
        n = snprintf(cfg->baseline_file, sizeof(cfg->baseline_file), "%s/%s", cwd, file);
    else
        n = -1;
    if (n < 0 || (size_t)n >= sizeof(cfg->baseline_file)) {
        log_error("--baseline %s: path too long", file);
        return -1;
    }
    snprintf(cfg->baseline_store, sizeof(cfg->baseline_store), "sqlite");
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
    if (o->baseline && cli_baseline(o->baseline, cfg) != 0)
        return -1;
    if (o->log_dir) {
        if (strlen(o->log_dir) >= sizeof(cfg->log_dir)) {
            log_error("%s: log directory path too long", o->log_dir);
            return -1;
        }
        snprintf(cfg->log_dir, sizeof(cfg->log_dir), "%s", o->log_dir);
    }
    cfg->verbose = o->verbose;
    if (o->verbose >= 1)
        log_info("policy: %s", o->policy ? o->policy : "the embedded default");
    return 0;
}

/* --list-keywords[=KW]: all of them, or one (an unknown KW is a usage
 * error). */
static int list_keywords(const char *which)
{
    if (strcmp(which, "all") == 0) {
        detect_list_keywords(stdout);
        return EXIT_OK;
    }
    if (detect_list_keyword(which, stdout) != 0) {
        log_error("--list-keywords=%s: no such keyword (--list-keywords lists them)", which);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

/* -T: load policy and rules, report, exit 0 only when all is well. */
static int test_config(const struct config *cfg)
{
    struct engine *e = engine_new(cfg, true);
    if (!e)
        return EXIT_USAGE;
    int errors = e->config_errors;
    const struct detect_stats *ds = detect_stats(e->detect);
    if (errors)
        fprintf(stderr, "smbneg: policy check failed; %llu rules loaded, %d error(s)\n",
                (unsigned long long)ds->rules_loaded, errors);
    else
        fprintf(stderr, "smbneg: policy ok; %llu rules loaded, 0 error(s)\n",
                (unsigned long long)ds->rules_loaded);
    engine_free(e);
    return errors ? EXIT_USAGE : EXIT_OK;
}

/* SIGUSR2 in live mode: the policy again, built as at start. */
static int reload_config(void *ctx, struct config *out)
{
    return cli_config(ctx, out);
}

static int run_live(const struct cli_opts *o, const struct config *cfg)
{
    struct runmode_live_opts lo = {o->iface ? o->iface : cfg->capture_iface, o->pidfile,
                                   o->user, o->group, reload_config, (void *)o};
    return runmode_live(cfg, &lo);
}

/* -r, with or without -j (runmode-files.c). */
static int run_files(const struct cli_opts *o, const struct config *cfg)
{
    struct runmode_files_opts fo = {o->jobs, o->progress};
    struct runmode_files_result res;
    int rc = runmode_files(cfg, o->inputs, o->n_inputs, &fo, &res);
    if (res.stop_signal && rc != 2) /* stopped part-way: not a success */
        return 128 + res.stop_signal;
    if (rc == 0 && res.alerted && o->alert_exit)
        return o->alert_exit;
    return rc == 2 ? EXIT_USAGE : rc ? EXIT_INPUT : EXIT_OK;
}

int main(int argc, char **argv)
{
    struct cli_opts o;
    struct config cfg;
    if (argc > 1 && strcmp(argv[1], "verify") == 0)
        return verify_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "hosts") == 0)
        return baseline_hosts_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "report") == 0)
        return report_main(argc - 1, argv + 1);
    if (cli_parse(argc, argv, &o) != 0)
        return EXIT_USAGE;
    if (o.list_keywords)
        return list_keywords(o.list_keywords);
    if (cli_config(&o, &cfg) != 0)
        return EXIT_USAGE;
    if (o.dump_config) {
        if (strcmp(o.dump_config, "yaml") == 0)
            config_dump(&cfg, stdout);
        else
            config_dump_kv(&cfg, stdout);
        return EXIT_OK;
    }
    if (o.test_config)
        return test_config(&cfg);
    if (o.iface || (o.n_inputs == 0 && cfg.capture_iface[0])) {
        cfg.live = true;
        return run_live(&o, &cfg);
    }
    if (o.pidfile || o.user || o.group) {
        log_error("--pidfile, --user and --group apply to live capture only (-i IFACE)");
        return EXIT_USAGE;
    }
    if (o.n_inputs == 0) {
        usage(stderr);
        return EXIT_USAGE;
    }
    return run_files(&o, &cfg);
}
