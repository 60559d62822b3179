/* report.c - `smbneg report`: the command line, reading EVE files (or
 * stdin) line by line with a progress line on a terminal, and writing the
 * page, the host tables or the relay-target list. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/report.h"
#include "util/mem.h"

enum report_format { RF_HTML, RF_CSV, RF_JSON };

struct report_opts {
    const char *out;        /* -o: "-" or NULL for stdout */
    const char *relay_list; /* --relay-list FILE */
    const char *baseline;   /* --baseline FILE: a baseline store's hosts too */
    const char *title;
    enum report_format format;
    int progress;           /* -1: on a terminal */
    bool help;              /* -h: print the usage and stop */
};

static void report_usage(FILE *out)
{
    fputs("usage: smbneg report [-o FILE] [--format html|csv|json] [--relay-list FILE]\n"
          "                     [--baseline FILE] [--title TEXT] [--progress|--no-progress]\n"
          "                     [EVE.json ...]\n"
          "  Reads EVE files (stdin when none or \"-\", unless --baseline is given) and\n"
          "  writes the SMB posture of the hosts seen: one self-contained HTML page\n"
          "  (default), or the host tables.\n"
          "  -o FILE             write there (default: stdout)\n"
          "  --format F          html (default), csv or json (the host tables)\n"
          "  --relay-list FILE   the servers that do not require signing, one IP per line\n"
          "  --baseline FILE     add the hosts of this SQLite baseline store (smbneg\n"
          "                      --baseline FILE; smbneg hosts lists it), with EVE or alone\n"
          "  --title TEXT        the page's title\n"
          "exit status: 0 ok, 1 an input or output failed, 2 usage\n",
          out);
}

/* argv -> *o; 0, or -1 on a usage error (reported). */
static int report_parse_args(int argc, char **argv, struct report_opts *o)
{
    static const struct option longs[] = {
        {"output", required_argument, NULL, 'o'},   {"format", required_argument, NULL, 'f'},
        {"relay-list", required_argument, NULL, 'R'}, {"title", required_argument, NULL, 't'},
        {"baseline", required_argument, NULL, 'b'},
        {"progress", no_argument, NULL, 'P'},       {"no-progress", no_argument, NULL, 'N'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof(*o));
    o->title = "SMB posture";
    o->progress = -1;
    optind = 1;
    for (int c; (c = getopt_long(argc, argv, "o:h", longs, NULL)) != -1;) {
        switch (c) {
        case 'o': o->out = optarg; break;
        case 'R': o->relay_list = optarg; break;
        case 'b': o->baseline = optarg; break;
        case 't': o->title = optarg; break;
        case 'P': o->progress = 1; break;
        case 'N': o->progress = 0; break;
        case 'f':
            if (strcmp(optarg, "html") == 0)
                o->format = RF_HTML;
            else if (strcmp(optarg, "csv") == 0)
                o->format = RF_CSV;
            else if (strcmp(optarg, "json") == 0)
                o->format = RF_JSON;
            else {
                fprintf(stderr, "smbneg report: --format %s: not html, csv or json\n", optarg);
                return -1;
            }
            break;
        case 'h': o->help = true; return 0;
        default: report_usage(stderr); return -1;
        }
    }
    return 0;
}

/* Read one input into r; 0, or -1 with a message. */
static int report_read(struct report *r, const char *path, bool progress)
{
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!fp) {
        fprintf(stderr, "smbneg report: %s: %s\n", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, fp)) > 0) {
        report_add_line(r, line, (size_t)n);
        if (progress && (r->lines & 0xFFFF) == 0)
            fprintf(stderr, "\rreport: %s: %llu lines, %zu hosts", path,
                    (unsigned long long)r->lines, r->n_hosts);
    }
    int rc = 0;
    if (ferror(fp)) {
        fprintf(stderr, "smbneg report: %s: read error: %s\n", path, strerror(errno));
        rc = -1;
    }
    free(line);
    if (fp != stdin)
        fclose(fp);
    return rc;
}

/* Write via a temporary file renamed into place: a failed run leaves the
 * previous file whole. */
static int report_write(struct report *r, const struct report_opts *o)
{
    bool to_stdout = !o->out || strcmp(o->out, "-") == 0;
    char tmp[4096];
    FILE *out = stdout;
    if (!to_stdout) {
        if (snprintf(tmp, sizeof(tmp), "%s.tmpXXXXXX", o->out) >= (int)sizeof(tmp)) {
            fprintf(stderr, "smbneg report: %s: path too long\n", o->out);
            return -1;
        }
        int fd = mkstemp(tmp);
        mode_t mask = umask(0); /* the page is as readable as any new file */
        umask(mask);
        if (fd >= 0)
            (void)fchmod(fd, 0666 & ~mask);
        out = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (!out) {
            fprintf(stderr, "smbneg report: %s: %s\n", o->out, strerror(errno));
            return -1;
        }
    }
    int rc = o->format == RF_CSV    ? report_write_csv(r, out)
             : o->format == RF_JSON ? report_write_json(r, out)
                                    : report_write_html(r, out, o->title);
    if (fflush(out) != 0)
        rc = -1;
    if (!to_stdout) {
        if (fclose(out) != 0)
            rc = -1;
        if (rc == 0 && rename(tmp, o->out) != 0)
            rc = -1;
        if (rc != 0) {
            fprintf(stderr, "smbneg report: %s: cannot write: %s\n", o->out, strerror(errno));
            unlink(tmp);
        }
    }
    return rc;
}

/* The servers that do not require signing: NTLM relay targets. */
static int report_relay_list(struct report *r, const char *path)
{
    size_t n = 0;
    struct report_host **hs = report_sorted_hosts(r, &n);
    FILE *fp = hs ? fopen(path, "w") : NULL;
    if (!fp) {
        fprintf(stderr, "smbneg report: %s: %s\n", path, strerror(errno));
        mem_free(hs);
        return -1;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const struct report_host *h = hs[i];
        if (h->server && (h->signing[RS_ENABLED] || h->signing[RS_DISABLED])) {
            fprintf(fp, "%s\n", h->ip);
            k++;
        }
    }
    mem_free(hs);
    if (fclose(fp) != 0) {
        fprintf(stderr, "smbneg report: %s: %s\n", path, strerror(errno));
        return -1;
    }
    fprintf(stderr, "report: %zu relay target(s) in %s\n", k, path);
    return 0;
}

int report_main(int argc, char **argv)
{
    struct report_opts o;
    if (report_parse_args(argc, argv, &o) != 0)
        return 2;
    if (o.help) {
        report_usage(stdout);
        return 0;
    }
    bool progress = o.progress == 1 || (o.progress == -1 && isatty(STDERR_FILENO));
    struct report *r = mem_calloc(1, sizeof(*r));
    if (!r) {
        fprintf(stderr, "smbneg report: out of memory\n");
        return 1;
    }
    report_init(r);
    int status = 0;
    if (optind >= argc && !o.baseline && report_read(r, "-", progress) != 0)
        status = 1;
    for (int i = optind; i < argc; i++)
        if (report_read(r, argv[i], progress) != 0)
            status = 1;
    if (progress)
        fputc('\n', stderr);
    fprintf(stderr,
            "report: %llu lines: %llu smb, %llu alert, %llu skipped (%llu not JSON, %llu other "
            "types, %llu incomplete); %zu hosts\n",
            (unsigned long long)r->lines, (unsigned long long)r->smb,
            (unsigned long long)r->alerts,
            (unsigned long long)(r->not_json + r->other_type + r->incomplete),
            (unsigned long long)r->not_json, (unsigned long long)r->other_type,
            (unsigned long long)r->incomplete, r->n_hosts);
    if (o.baseline) {
        if (report_add_baseline(r, o.baseline) != 0) {
            status = 1; /* the store said why, naming the file */
        } else {
            fprintf(stderr,
                    "report: baseline %s: %llu server(s), %llu client address(es) (%llu client "
                    "GUID records not shown); %zu hosts in all\n",
                    o.baseline, (unsigned long long)r->bl_servers,
                    (unsigned long long)r->bl_clients, (unsigned long long)r->bl_guids,
                    r->n_hosts);
        }
    }
    if (r->oom) {
        fprintf(stderr, "smbneg report: out of memory: some hosts or alerts are missing\n");
        status = 1;
    }
    if (report_write(r, &o) != 0)
        status = 1;
    if (o.relay_list && report_relay_list(r, o.relay_list) != 0)
        status = 1;
    report_free(r);
    mem_free(r);
    return status;
}
