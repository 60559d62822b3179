/* baseline-store.h - where baseline records live: one ops table per
 * backend (store-memory.c, store-sqlite.c, store-redis.c) and one row per
 * backend in baseline_store_find().  A store keeps fixed-size records by
 * key and knows nothing of SMB: the model (baseline.c) reads a record,
 * changes it and puts it back. */
#ifndef SMBNEG_BASELINE_STORE_H
#define SMBNEG_BASELINE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "baseline/baseline.h"

/* What a key names. */
enum bl_key_kind {
    BL_KEY_SERVER = 1,      /* a server IP */
    BL_KEY_CLIENT_IP = 2,   /* a client IP */
    BL_KEY_CLIENT_GUID = 3, /* a client GUID */
};

struct bl_key {
    uint8_t kind;           /* enum bl_key_kind */
    uint8_t ip_v;           /* 4 or 6 for IP keys; 0 for a GUID */
    uint8_t b[16];          /* the address (IPv4: first 4 bytes) or the GUID */
};

#define BL_MAX_GUIDS 4

/* A server IP's record. */
struct bl_server {
    uint64_t n;                  /* negotiations learnt */
    int64_t first_seen, last_seen;
    uint16_t best_dialect;       /* highest SMB2 dialect selected */
    uint16_t dialects;           /* bits (baseline_dialect_bit) selected */
    uint64_t n_smb2;             /* SMB2 responses with a SecurityMode */
    uint64_t n_signing_required; /* ... that required signing */
    uint8_t best_cipher;         /* rank of the strongest cipher selected */
    uint8_t ciphers;             /* bits 1 << cipher id selected (bit 0: none) */
    uint8_t signing_algs;        /* bits 1 << signing algorithm id selected */
    bool smb1;                   /* accepted SMB1 */
    uint8_t n_guids;
    uint8_t guids[BL_MAX_GUIDS][16]; /* most recent first */
};

/* Offers of a client seen so many times: what client-offer-drop judges. */
struct bl_offers {
    uint64_t n;
    int64_t first_seen, last_seen;
    uint16_t best_offered;       /* highest SMB2 dialect offered */
};

/* A client's record (by IP or by GUID). */
struct bl_client {
    uint64_t n;
    int64_t first_seen, last_seen;
    uint16_t best_offered;       /* highest SMB2 dialect offered */
    uint16_t offered;            /* bits (baseline_dialect_bit) offered */
    uint64_t n_signing_required; /* SMB2 requests that required signing */
    uint8_t ciphers;             /* bits 1 << cipher id offered */
    uint16_t contexts;           /* bits 1 << negotiate context type offered */
    uint8_t has_guid;            /* an IP record: the last GUID it used */
    uint8_t guid[16];
    /* An IP record: its negotiations without a client GUID (SMB1, a
     * 2.0.2-only request), what client-offer-drop judges those against. */
    struct bl_offers guidless;
};

/* One record of either kind, for listing (smbneg hosts). */
struct bl_record {
    struct bl_key key;
    union {
        struct bl_server s;
        struct bl_client c;
    } u;
};

struct bl_store;

/* Called once per record by .each; non-zero stops the walk. */
typedef int (*bl_each_fn)(void *ctx, const struct bl_record *r);

struct bl_store_ops {
    const char *name;        /* "memory" */
    /* Open; NULL (logged) on failure. */
    struct bl_store *(*open)(const struct baseline_cfg *cfg);
    /* 1 found (copied to *out), 0 absent, -1 error (logged). */
    int (*get)(struct bl_store *s, const struct bl_key *k, void *out, size_t size);
    /* Insert or replace; 0 or -1 (logged).  May be buffered until flush. */
    int (*put)(struct bl_store *s, const struct bl_key *k, const void *rec, size_t size);
    /* Durable now (commit the open batch); 0 or -1. */
    int (*flush)(struct bl_store *s);
    /* Every record gone; 0 or -1. */
    int (*reset)(struct bl_store *s);
    /* Every record, in key order; 0, or -1 on error. */
    int (*each)(struct bl_store *s, bl_each_fn fn, void *ctx);
    /* Flush and free; -1 when the final flush failed. */
    int (*close)(struct bl_store *s);
};

/* The backend of that name ("memory", "sqlite", "redis"), or NULL (not
 * known, or not built in). */
const struct bl_store_ops *baseline_store_find(const char *name);

extern const struct bl_store_ops bl_store_memory;
extern const struct bl_store_ops bl_store_sqlite;
#ifdef SMBNEG_HIREDIS
extern const struct bl_store_ops bl_store_redis;
#endif

/* Record sizes by key kind. */
size_t bl_key_record_size(const struct bl_key *k);

#endif
