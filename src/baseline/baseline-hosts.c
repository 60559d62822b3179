/* baseline-hosts.c - `smbneg hosts`: the baseline of a SQLite file or a
 * redis server, one row per server and per client, as a table, JSON lines
 * or CSV. */
#include <getopt.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LOG_MODULE "hosts"
#include "baseline/baseline-hosts.h"
#include "baseline/baseline-record.h"
#include "baseline/baseline-store.h"
#include "util/log.h"
#include "util/mem.h"

enum hosts_format { HOSTS_TABLE, HOSTS_JSON, HOSTS_CSV };

/* The columns, in order. */
enum { H_KIND, H_HOST, H_GUIDS, H_BEST, H_DIALECTS, H_SIGNING, H_CIPHERS, H_SMB1, H_FIRST, H_LAST,
       H_COUNT, H_NCOLS };
static const char *const hosts_cols[H_NCOLS] = {
    "kind", "host", "guids", "best_dialect", "dialects", "signing_required", "ciphers", "smb1",
    "first_seen", "last_seen", "count"};

struct hosts_row {
    char v[H_NCOLS][BL_FIELD_TEXT];
};

struct hosts_ctx {
    enum hosts_format fmt;
    struct hosts_row *rows; /* table: kept to size the columns */
    size_t n, cap;
};

static const char *hosts_field(const struct bl_field *f, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(f[i].name, name) == 0)
            return f[i].text;
    return "";
}

static void hosts_time(char out[BL_FIELD_TEXT], const char *secs)
{
    time_t t = (time_t)strtoll(secs, NULL, 10);
    struct tm tm;
    if (!*secs || !gmtime_r(&t, &tm) || strftime(out, BL_FIELD_TEXT, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(out, BL_FIELD_TEXT, "%s", secs);
}

/* A record -> the row's texts (server: what it chose; client: what it
 * offered). */
static void hosts_row_of(const struct bl_record *r, struct hosts_row *row)
{
    struct bl_field f[BL_MAX_FIELDS];
    char key[BL_KEY_TEXT];
    bool srv = r->key.kind == BL_KEY_SERVER;
    size_t n = bl_record_fields(&r->key, &r->u, f);
    if (bl_key_to_text(&r->key, key) != 0)
        snprintf(key, sizeof(key), "?");
    snprintf(row->v[H_KIND], BL_FIELD_TEXT, "%s", srv ? "server" : "client");
    snprintf(row->v[H_HOST], BL_FIELD_TEXT, "%s", key);
    snprintf(row->v[H_GUIDS], BL_FIELD_TEXT, "%s", hosts_field(f, n, srv ? "guids" : "guid"));
    snprintf(row->v[H_BEST], BL_FIELD_TEXT, "%s",
             hosts_field(f, n, srv ? "best_dialect" : "best_offered"));
    snprintf(row->v[H_DIALECTS], BL_FIELD_TEXT, "%s",
             hosts_field(f, n, srv ? "dialects" : "offered"));
    snprintf(row->v[H_SIGNING], BL_FIELD_TEXT, "%s",
             strtoll(hosts_field(f, n, "signing_required"), NULL, 10) > 0 ? "yes" : "no");
    snprintf(row->v[H_CIPHERS], BL_FIELD_TEXT, "%s", hosts_field(f, n, "ciphers"));
    snprintf(row->v[H_SMB1], BL_FIELD_TEXT, "%s",
             !srv ? "" : strcmp(hosts_field(f, n, "smb1"), "1") == 0 ? "yes" : "no");
    hosts_time(row->v[H_FIRST], hosts_field(f, n, "first_seen"));
    hosts_time(row->v[H_LAST], hosts_field(f, n, "last_seen"));
    snprintf(row->v[H_COUNT], BL_FIELD_TEXT, "%s", hosts_field(f, n, "negotiations"));
}

static void hosts_csv_cell(const char *s, bool last)
{
    if (strpbrk(s, ",\"\n")) {
        putchar('"');
        for (; *s; s++) {
            if (*s == '"')
                putchar('"');
            putchar(*s);
        }
        putchar('"');
    } else {
        fputs(s, stdout);
    }
    putchar(last ? '\n' : ',');
}

static void hosts_json(const struct hosts_row *row)
{
    json_t *o = json_object();
    for (int c = 0; o && c < H_NCOLS; c++) {
        const char *v = row->v[c];
        if (c == H_COUNT)
            json_object_set_new(o, hosts_cols[c], json_integer(strtoll(v, NULL, 10)));
        else if (c == H_SIGNING || (c == H_SMB1 && *v))
            json_object_set_new(o, hosts_cols[c], json_boolean(strcmp(v, "yes") == 0));
        else if (*v)
            json_object_set_new(o, hosts_cols[c], json_string(v));
    }
    char *s = o ? json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT) : NULL;
    if (s)
        puts(s);
    free(s);
    json_decref(o);
}

static int hosts_each(void *vctx, const struct bl_record *r)
{
    struct hosts_ctx *ctx = vctx;
    struct hosts_row row;
    hosts_row_of(r, &row);
    if (ctx->fmt == HOSTS_JSON) {
        hosts_json(&row);
    } else if (ctx->fmt == HOSTS_CSV) {
        for (int c = 0; c < H_NCOLS; c++)
            hosts_csv_cell(row.v[c], c == H_NCOLS - 1);
    } else {
        if (ctx->n == ctx->cap) {
            size_t cap = ctx->cap ? 2 * ctx->cap : 64;
            struct hosts_row *v = mem_realloc(ctx->rows, cap * sizeof(*v));
            if (!v)
                return -1;
            ctx->rows = v;
            ctx->cap = cap;
        }
        ctx->rows[ctx->n++] = row;
    }
    return 0;
}

/* Aligned columns under a header; "-" for an empty cell. */
static void hosts_table(const struct hosts_ctx *ctx)
{
    size_t w[H_NCOLS];
    for (int c = 0; c < H_NCOLS; c++) {
        w[c] = strlen(hosts_cols[c]);
        for (size_t i = 0; i < ctx->n; i++) {
            size_t l = *ctx->rows[i].v[c] ? strlen(ctx->rows[i].v[c]) : 1;
            w[c] = l > w[c] ? l : w[c];
        }
    }
    for (int c = 0; c < H_NCOLS; c++)
        printf("%-*s%s", c == H_NCOLS - 1 ? 0 : (int)w[c], hosts_cols[c],
               c == H_NCOLS - 1 ? "\n" : "  ");
    for (size_t i = 0; i < ctx->n; i++)
        for (int c = 0; c < H_NCOLS; c++) {
            const char *v = *ctx->rows[i].v[c] ? ctx->rows[i].v[c] : "-";
            printf("%-*s%s", c == H_NCOLS - 1 ? 0 : (int)w[c], v, c == H_NCOLS - 1 ? "\n" : "  ");
        }
}

static void hosts_usage(FILE *out)
{
    fprintf(out, "usage: smbneg hosts [--baseline FILE | --redis HOST:PORT [--key-prefix P]]\n"
                 "                    [--format table|json|csv]\n"
                 "  the host baselines: one row per server and per client (default FILE:\n"
                 "  baseline.sqlite; key prefix smbneg:baseline:)\n");
}

/* --redis HOST:PORT (or a unix socket path) into cfg. */
static int hosts_redis(const char *arg, struct baseline_cfg *cfg, char *host, size_t cap)
{
    const char *colon = strrchr(arg, ':');
    cfg->store = "redis";
    cfg->redis_port = 6379;
    if (arg[0] == '/' || !colon) {
        snprintf(host, cap, "%s", arg);
    } else {
        char *end;
        long p = strtol(colon + 1, &end, 10);
        if (*end || p < 1 || p > 65535 || (size_t)(colon - arg) >= cap) {
            log_error("hosts: --redis %s: expected HOST:PORT", arg);
            return -1;
        }
        memcpy(host, arg, (size_t)(colon - arg));
        host[colon - arg] = '\0';
        cfg->redis_port = (uint32_t)p;
    }
    cfg->redis_server = host;
    return 0;
}

int baseline_hosts_main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"baseline", required_argument, NULL, 'b'}, {"redis", required_argument, NULL, 'r'},
        {"key-prefix", required_argument, NULL, 'k'}, {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    struct baseline_cfg cfg = {.store = "sqlite", .file = "baseline.sqlite", .read_only = true,
                               .redis_prefix = "smbneg:baseline:"};
    struct hosts_ctx ctx = {.fmt = HOSTS_TABLE};
    char host[256];
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (ch == 'b') {
            cfg.store = "sqlite";
            cfg.file = optarg;
        } else if (ch == 'r') {
            if (hosts_redis(optarg, &cfg, host, sizeof(host)) != 0)
                return 2;
        } else if (ch == 'k') {
            cfg.redis_prefix = optarg;
        } else if (ch == 'f' && (strcmp(optarg, "table") == 0 || strcmp(optarg, "json") == 0 ||
                                 strcmp(optarg, "csv") == 0)) {
            ctx.fmt = optarg[0] == 't' ? HOSTS_TABLE : optarg[0] == 'j' ? HOSTS_JSON : HOSTS_CSV;
        } else if (ch == 'h') {
            hosts_usage(stdout);
            return 0;
        } else {
            if (ch == 'f')
                log_error("hosts: --format %s: expected table, json or csv", optarg);
            hosts_usage(stderr);
            return 2;
        }
    }
    if (optind < argc) {
        log_error("hosts: unexpected argument '%s'", argv[optind]);
        return 2;
    }
    const struct bl_store_ops *ops = baseline_store_find(cfg.store);
    if (!ops) {
        log_error("hosts: the %s store is not available in this build", cfg.store);
        return 2;
    }
    struct bl_store *s = ops->open(&cfg);
    if (!s)
        return 1;
    signal(SIGPIPE, SIG_IGN); /* `| head`: the reader stopped; end quietly */
    if (ctx.fmt == HOSTS_CSV)
        for (int c = 0; c < H_NCOLS; c++)
            hosts_csv_cell(hosts_cols[c], c == H_NCOLS - 1);
    int rc = ops->each(s, hosts_each, &ctx);
    if (rc == 0 && ctx.fmt == HOSTS_TABLE)
        hosts_table(&ctx);
    mem_free(ctx.rows);
    ops->close(s);
    return rc == 0 ? 0 : 1;
}
