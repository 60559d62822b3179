/* store-sqlite.c - the SQLite baseline store: one database file with a
 * `servers` and a `clients` table, one readable column per record field
 * (baseline-record.c), so the sqlite3 CLI can query it (doc/rules.md).
 *
 * Records are read once and kept in a write-back cache (baseline-table.c);
 * flush writes the records changed since the last flush in one transaction
 * with the two prepared INSERT statements, each record once however often
 * it changed (baseline.h says when: a count bound, a wall-time bound, the
 * end).  The database is in WAL mode, so a killed run leaves the store as
 * of its last commit, whole negotiations only, and readers (smbneg hosts)
 * do not block the writer. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#define LOG_MODULE "baseline"
#include "baseline/baseline-record.h"
#include "baseline/baseline-store.h"
#include "baseline/baseline-table.h"
#include "util/log.h"
#include "util/mem.h"

#define BL_SQL_SCHEMA_VERSION 2
/* Records kept in the cache; past this, a flush (which leaves every record
 * clean) empties it, so a sensor's memory stays bounded by the hosts of
 * about a second of traffic plus this. */
#define BL_SQL_CACHE_MAX 65536

enum { BL_T_SERVERS = 0, BL_T_CLIENTS = 1 };

struct bl_store {
    sqlite3 *db;
    char path[1024];
    sqlite3_stmt *get[2], *put[2];
    struct bl_table cache;   /* every record read or written this run */
    struct bl_key *dirty;    /* keys of the records to write at the next flush */
    size_t n_dirty, cap_dirty;
};

static const char *const bl_tables[2] = {"servers", "clients"};
static const char *const bl_key_cols[2] = {"ip", "client"};

static int bl_sql_table(const struct bl_key *k)
{
    return k->kind == BL_KEY_SERVER ? BL_T_SERVERS : BL_T_CLIENTS;
}

static int bl_sql_fail(struct bl_store *s, const char *what)
{
    log_error("%s: baseline store: %s: %s", s->path, what, sqlite3_errmsg(s->db));
    return -1;
}

static int bl_sql_exec(struct bl_store *s, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &err) == SQLITE_OK)
        return 0;
    log_error("%s: baseline store: %s", s->path, err ? err : "error");
    sqlite3_free(err);
    return -1;
}

/* The column list of a table, from the record codec: "(ip TEXT PRIMARY
 * KEY, negotiations INTEGER, ...)" (create) or "ip, negotiations, ..."
 * and "?, ?, ..." (insert). */
static void bl_sql_columns(int t, bool create, char *cols, size_t cap, char *marks,
                           size_t mcap)
{
    struct bl_key k = {.kind = t == BL_T_SERVERS ? BL_KEY_SERVER : BL_KEY_CLIENT_IP};
    struct bl_record r;
    struct bl_field f[BL_MAX_FIELDS];
    memset(&r, 0, sizeof(r));
    size_t n = bl_record_fields(&k, &r.u, f), c, m;
    c = (size_t)snprintf(cols, cap, "%s%s", bl_key_cols[t], create ? " TEXT PRIMARY KEY" : "");
    m = (size_t)snprintf(marks, mcap, "?");
    for (size_t i = 0; i < n && c < cap && m < mcap; i++) {
        c += (size_t)snprintf(cols + c, cap - c, ", %s%s", f[i].name,
                              !create ? "" : f[i].is_int ? " INTEGER" : " TEXT");
        m += (size_t)snprintf(marks + m, mcap - m, ", ?");
    }
}

static int bl_sql_prepare(struct bl_store *s, const char *sql, sqlite3_stmt **st)
{
    if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
        return bl_sql_fail(s, "prepare");
    return 0;
}

/* A store written by an earlier smbneg lacks the columns added since
 * (clients' guidless_*, schema version 2): add them, empty (NULL), which
 * reads as 0 and "" (nothing learnt yet). */
static int bl_sql_add_columns(struct bl_store *s, int t)
{
    char sql[256];
    sqlite3_stmt *st;
    struct bl_key k = {.kind = t == BL_T_SERVERS ? BL_KEY_SERVER : BL_KEY_CLIENT_IP};
    struct bl_record r;
    struct bl_field f[BL_MAX_FIELDS];
    memset(&r, 0, sizeof(r));
    size_t n = bl_record_fields(&k, &r.u, f);
    bool have[BL_MAX_FIELDS] = {false};
    snprintf(sql, sizeof(sql), "PRAGMA table_info(%s)", bl_tables[t]);
    if (bl_sql_prepare(s, sql, &st) != 0)
        return -1;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *col = (const char *)sqlite3_column_text(st, 1);
        for (size_t i = 0; col && i < n; i++)
            have[i] |= strcmp(col, f[i].name) == 0;
    }
    sqlite3_finalize(st);
    for (size_t i = 0; i < n; i++) {
        if (have[i])
            continue;
        snprintf(sql, sizeof(sql), "ALTER TABLE %s ADD COLUMN %s %s", bl_tables[t], f[i].name,
                 f[i].is_int ? "INTEGER" : "TEXT");
        if (bl_sql_exec(s, sql) != 0)
            return -1;
    }
    return 0;
}

/* Tables (created when missing) and the statements. */
static int bl_sql_setup(struct bl_store *s)
{
    char cols[1024], marks[256], sql[1400];
    if (bl_sql_exec(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;") != 0)
        return -1;
    for (int t = 0; t < 2; t++) {
        bl_sql_columns(t, true, cols, sizeof(cols), marks, sizeof(marks));
        snprintf(sql, sizeof(sql), "CREATE TABLE IF NOT EXISTS %s (%s)", bl_tables[t], cols);
        if (bl_sql_exec(s, sql) != 0 || bl_sql_add_columns(s, t) != 0)
            return -1;
        snprintf(sql, sizeof(sql), "SELECT * FROM %s WHERE %s = ?", bl_tables[t],
                 bl_key_cols[t]);
        if (bl_sql_prepare(s, sql, &s->get[t]) != 0)
            return -1;
        bl_sql_columns(t, false, cols, sizeof(cols), marks, sizeof(marks));
        snprintf(sql, sizeof(sql), "INSERT OR REPLACE INTO %s (%s) VALUES (%s)", bl_tables[t],
                 cols, marks);
        if (bl_sql_prepare(s, sql, &s->put[t]) != 0)
            return -1;
    }
    snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", BL_SQL_SCHEMA_VERSION);
    return bl_sql_exec(s, sql);
}

static int bl_sql_close(struct bl_store *s);

static struct bl_store *bl_sql_open(const struct baseline_cfg *cfg)
{
    struct bl_store *s = mem_calloc(1, sizeof(*s));
    if (!s) {
        log_error("baseline: out of memory");
        return NULL;
    }
    snprintf(s->path, sizeof(s->path), "%s", cfg->file ? cfg->file : "");
    /* listing: never create; read-only when the file is not ours to write */
    int flags = SQLITE_OPEN_READWRITE | (cfg->read_only ? 0 : SQLITE_OPEN_CREATE);
    int rc = sqlite3_open_v2(s->path, &s->db, flags, NULL);
    if (rc != SQLITE_OK && cfg->read_only) {
        sqlite3_close(s->db);
        s->db = NULL;
        rc = sqlite3_open_v2(s->path, &s->db, SQLITE_OPEN_READONLY, NULL);
    }
    if (rc != SQLITE_OK) {
        log_error("%s: cannot open the baseline store: %s", s->path,
                  s->db ? sqlite3_errmsg(s->db) : "out of memory");
        bl_sql_close(s);
        return NULL;
    }
    sqlite3_busy_timeout(s->db, 5000);
    if (bl_table_init(&s->cache) != 0 || (!cfg->read_only && bl_sql_setup(s) != 0)) {
        bl_sql_close(s);
        return NULL;
    }
    return s;
}

/* ------------------------------------------------------------ records */

/* Read a record from the database: 1 found, 0 absent, -1 error. */
static int bl_sql_read(struct bl_store *s, const struct bl_key *k, void *out, size_t size)
{
    int t = bl_sql_table(k);
    char key[BL_KEY_TEXT];
    sqlite3_stmt *st = s->get[t];
    if (bl_key_to_text(k, key) != 0)
        return -1;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE)
        return 0;
    if (rc != SQLITE_ROW)
        return bl_sql_fail(s, "read");
    memset(out, 0, size);
    for (int c = 1; c < sqlite3_column_count(st); c++)
        bl_record_set(k, out, sqlite3_column_name(st, c),
                      (const char *)sqlite3_column_text(st, c));
    sqlite3_reset(st);
    return 1;
}

/* Write one record to the database (inside flush's transaction). */
static int bl_sql_write(struct bl_store *s, const struct bl_key *k, const void *rec)
{
    int t = bl_sql_table(k);
    char key[BL_KEY_TEXT];
    struct bl_field f[BL_MAX_FIELDS];
    sqlite3_stmt *st = s->put[t];
    if (bl_key_to_text(k, key) != 0)
        return -1;
    size_t n = bl_record_fields(k, rec, f);
    sqlite3_reset(st);
    /* SQLITE_STATIC: key and f outlive the step */
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    for (size_t i = 0; i < n; i++) {
        if (f[i].is_int)
            sqlite3_bind_int64(st, (int)i + 2, f[i].i);
        else
            sqlite3_bind_text(st, (int)i + 2, f[i].text, -1, SQLITE_STATIC);
    }
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : bl_sql_fail(s, "write");
}

/* From the cache, else from the database (and then cached, absent too). */
static int bl_sql_get(struct bl_store *s, const struct bl_key *k, void *out, size_t size)
{
    struct bl_slot *sl = bl_table_find(&s->cache, k);
    if (!sl) {
        struct bl_record r;
        int rc = bl_sql_read(s, k, &r.u, size);
        if (rc < 0 || !(sl = bl_table_insert(&s->cache, k)))
            return -1;
        sl->present = rc == 1;
        if (sl->present)
            memcpy(&sl->r.u, &r.u, size);
    }
    if (!sl->present)
        return 0;
    memcpy(out, &sl->r.u, size);
    return 1;
}

/* Into the cache; written at the next flush. */
static int bl_sql_put(struct bl_store *s, const struct bl_key *k, const void *rec, size_t size)
{
    struct bl_slot *sl = bl_table_insert(&s->cache, k);
    if (!sl)
        return -1;
    memset(&sl->r.u, 0, sizeof(sl->r.u));
    memcpy(&sl->r.u, rec, size);
    sl->present = true;
    if (sl->dirty)
        return 0;
    if (s->n_dirty == s->cap_dirty) {
        size_t cap = s->cap_dirty ? 2 * s->cap_dirty : 256;
        struct bl_key *v = mem_realloc(s->dirty, cap * sizeof(*v));
        if (!v) {
            log_error("baseline: out of memory");
            return -1;
        }
        s->dirty = v;
        s->cap_dirty = cap;
    }
    s->dirty[s->n_dirty++] = *k;
    sl->dirty = true;
    return 0;
}

/* Every record changed since the last flush, in one transaction. */
static int bl_sql_flush(struct bl_store *s)
{
    int rc = 0;
    if (s->n_dirty == 0)
        return 0;
    if (bl_sql_exec(s, "BEGIN IMMEDIATE") != 0)
        return -1;
    for (size_t i = 0; i < s->n_dirty && rc == 0; i++) {
        struct bl_slot *sl = bl_table_find(&s->cache, &s->dirty[i]);
        if (sl && sl->dirty) {
            rc = bl_sql_write(s, &sl->r.key, &sl->r.u);
            sl->dirty = false;
        }
    }
    if (rc != 0) {
        bl_sql_exec(s, "ROLLBACK");
        return -1;
    }
    s->n_dirty = 0;
    if (bl_sql_exec(s, "COMMIT") != 0)
        return -1;
    if (s->cache.n > BL_SQL_CACHE_MAX)
        bl_table_clear(&s->cache);
    return 0;
}

static int bl_sql_reset(struct bl_store *s)
{
    bl_table_clear(&s->cache);
    s->n_dirty = 0;
    return bl_sql_exec(s, "DELETE FROM servers; DELETE FROM clients;");
}

/* Every row of one table, in key order. */
static int bl_sql_each_table(struct bl_store *s, int t, bl_each_fn fn, void *ctx)
{
    char sql[128];
    sqlite3_stmt *st;
    snprintf(sql, sizeof(sql), "SELECT * FROM %s ORDER BY %s", bl_tables[t], bl_key_cols[t]);
    if (bl_sql_prepare(s, sql, &st) != 0)
        return -1;
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct bl_record r;
        memset(&r, 0, sizeof(r));
        const char *key = (const char *)sqlite3_column_text(st, 0);
        if (!key || bl_key_from_text(t == BL_T_SERVERS ? BL_KEY_SERVER : BL_KEY_CLIENT_IP, key,
                                     &r.key) != 0)
            continue;
        for (int c = 1; c < sqlite3_column_count(st); c++)
            bl_record_set(&r.key, &r.u, sqlite3_column_name(st, c),
                          (const char *)sqlite3_column_text(st, c));
        stop = fn(ctx, &r);
    }
    bool ok = stop || rc == SQLITE_DONE;
    if (!ok)
        bl_sql_fail(s, "read");
    sqlite3_finalize(st);
    return ok ? 0 : -1;
}

static int bl_sql_each(struct bl_store *s, bl_each_fn fn, void *ctx)
{
    if (bl_sql_flush(s) != 0 || bl_sql_each_table(s, BL_T_SERVERS, fn, ctx) != 0)
        return -1;
    return bl_sql_each_table(s, BL_T_CLIENTS, fn, ctx);
}

static int bl_sql_close(struct bl_store *s)
{
    int rc = 0;
    if (!s)
        return 0;
    if (s->db && bl_sql_flush(s) != 0)
        rc = -1;
    for (int t = 0; t < 2; t++) {
        sqlite3_finalize(s->get[t]);
        sqlite3_finalize(s->put[t]);
    }
    if (s->db)
        sqlite3_close(s->db);
    bl_table_deinit(&s->cache);
    mem_free(s->dirty);
    mem_free(s);
    return rc;
}

const struct bl_store_ops bl_store_sqlite = {
    .name = "sqlite",
    .open = bl_sql_open,
    .get = bl_sql_get,
    .put = bl_sql_put,
    .flush = bl_sql_flush,
    .reset = bl_sql_reset,
    .each = bl_sql_each,
    .close = bl_sql_close,
};
