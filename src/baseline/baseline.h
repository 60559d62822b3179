/* baseline.h - host baselines across flows, files, runs and sensors: what
 * each SMB server and client did in earlier negotiations, and whether the
 * negotiation at hand departs from it (a dialect, offer, signing or cipher
 * drop, another server GUID, a host never seen).
 *
 * The pipeline: app (a completed negotiate transaction) -> baseline_obs
 * (plain data, baseline-obs.c) -> baseline_judge (before the rules run, so
 * a transaction is judged against the past only) -> detect (the keyword
 * smb.baseline reads the verdict) -> baseline_learn (after the rules).  The
 * records live in a store (baseline-store.h: memory, sqlite, redis); this
 * room knows nothing of detection or the engine, and of the policy and the
 * outputs only in baseline-open.c (which store, where its file goes). */
#ifndef SMBNEG_BASELINE_H
#define SMBNEG_BASELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct config;
struct smb_tx;
struct flow;
struct baseline;

/* The conditions of smb.baseline, in the order of baseline_cond_name(). */
enum baseline_cond {
    BL_SERVER_DIALECT_DROP = 0,
    BL_CLIENT_OFFER_DROP,
    BL_SERVER_SIGNING_DROP,
    BL_SERVER_CIPHER_DROP,
    BL_SERVER_GUID_CHANGE,
    BL_NEW_SERVER,
    BL_NEW_CLIENT,
    BL_COND_COUNT
};

/* "server-dialect-drop" ...; NULL when out of range. */
const char *baseline_cond_name(enum baseline_cond c);
/* Name -> condition (case-sensitive, as the rule language); 0 or -1. */
int baseline_cond_parse(const char *name, enum baseline_cond *out);

/* One completed negotiation, as the baseline sees it (plain data). */
struct baseline_obs {
    int64_t ts;                  /* packet time of the response, seconds */
    uint8_t ip_v;                /* 4 or 6 */
    uint8_t server_ip[16], client_ip[16]; /* IPv4 in the first 4 bytes */
    bool has_client_guid;        /* an SMB2 request with a non-zero GUID */
    uint8_t client_guid[16];
    bool has_server_guid;
    uint8_t server_guid[16];
    bool smb2;                   /* an SMB2 dialect was chosen */
    bool smb1;                   /* an SMB1 dialect was chosen */
    uint16_t chosen;             /* the SMB2 dialect chosen (0: SMB1) */
    uint16_t offered;            /* bits (baseline_dialect_bit) of the SMB2 dialects offered */
    uint16_t offered_max;        /* highest SMB2 dialect offered, the wildcard left out */
    bool server_signing_known;   /* an SMB2 response's SecurityMode */
    bool server_signing_required;
    bool server_signing_enabled;
    bool client_signing_required;
    uint8_t ciphers_offered;     /* bits 1 << cipher id (MS-SMB2 2.2.3.1.2) */
    uint16_t cipher;             /* cipher selected (0: none) */
    uint8_t signing_alg_bits;    /* bit 1 << id of the signing algorithm selected */
    uint16_t contexts_offered;   /* bits 1 << type of the negotiate contexts offered (1-15) */
};

/* Fill *o from a completed transaction of flow f.  false: the transaction
 * teaches nothing (no response, an error, the SMB2 wildcard step). */
bool baseline_obs_from_tx(struct baseline_obs *o, const struct flow *f,
                          const struct smb_tx *tx);

/* An address as text ("10.77.0.2", "fd77::2"). */
void baseline_format_ip(char out[64], uint8_t ip_v, const uint8_t ip[16]);

/* The bit of a dialect in baseline_obs.offered / the server's dialects
 * (0 for the wildcard and unknown values). */
uint16_t baseline_dialect_bit(uint16_t dialect);
/* Strength of a cipher: AES-256-GCM 4 > AES-128-GCM 3 > AES-256-CCM 2 >
 * AES-128-CCM 1 > none or unknown 0. */
unsigned baseline_cipher_rank(uint16_t cipher);

/* Why a condition holds: the evidence an alert carries. */
struct baseline_finding {
    enum baseline_cond cond;
    char host[64];               /* an IP address, or "guid:<client GUID>" */
    char was[48], now[48];       /* "3.1.1", "required", "AES-128-GCM"; "": none */
    uint64_t observations;       /* earlier negotiations of the host */
    int64_t first_seen, last_seen; /* packet time; 0 when observations is 0 */
};

/* The verdict on one negotiation: the conditions that hold, each with its
 * evidence. */
struct baseline_verdict {
    uint32_t holds;              /* bit 1 << enum baseline_cond */
    struct baseline_finding f[BL_COND_COUNT];
};

struct baseline_cfg {
    const char *store;           /* "memory" "sqlite" "redis" */
    const char *file;            /* sqlite: the database file */
    bool read_only;              /* listing only (smbneg hosts): nothing is created */
    const char *redis_server;    /* redis: host, or a unix socket path */
    uint32_t redis_port;
    const char *redis_prefix;    /* redis: key prefix */
    uint32_t min_observations;   /* *-drop and *-change need this many earlier ones */
    uint32_t max_age;            /* seconds; a host unseen this long starts over; 0: never */
};

/* Open the store.  NULL (logged) on failure. */
struct baseline *baseline_new(const struct baseline_cfg *cfg);
/* Open the store of a run's policy (baseline-open.c): baseline.store auto is
 * sqlite when cfg->live, memory for -r; a relative sqlite file is in the
 * log directory.  *per_file: baseline.scope is file (baseline_reset before
 * each capture), which needs the memory store.  NULL (logged) on failure. */
struct baseline *baseline_open(const struct config *cfg, bool *per_file);
/* Commit what is pending and close; -1 when the store reported an error. */
int baseline_free(struct baseline *b);

/* The conditions that hold for o against the records (nothing is changed).
 * 0, or -1 when the store failed (logged once; v says nothing holds). */
int baseline_judge(struct baseline *b, const struct baseline_obs *o,
                   struct baseline_verdict *v);
/* Add o to the records of its server and client(s).  0 or -1 (logged). */
int baseline_learn(struct baseline *b, const struct baseline_obs *o);
/* Forget everything (baseline.scope: file, at the start of each capture). */
int baseline_reset(struct baseline *b);
/* Writes are batched: a store that keeps a file (SQLite) commits what was
 * learnt in one transaction when BASELINE_BATCH_MAX records changed since
 * the last commit (checked by baseline_learn), when BASELINE_BATCH_MS of
 * wall time passed (checked by baseline_tick), and at baseline_free (the
 * end of a run, also one stopped by SIGINT or SIGTERM).  A killed process
 * loses at most the batch not yet committed: whole negotiations, never a
 * part of one.  Judging always sees everything learnt, committed or not. */
#define BASELINE_BATCH_MAX 8192
#define BASELINE_BATCH_MS 1000

/* Commit the batch now.  0 or -1. */
int baseline_flush(struct baseline *b);
/* Commit the batch when its time bound has passed; cheap otherwise (the
 * engine calls it once per second of packet time, and live each tick).
 * 0 or -1. */
int baseline_tick(struct baseline *b);

/* Counters for the summary line. */
struct baseline_stats {
    uint64_t judged, learnt, findings, store_errors;
    uint64_t flushes;            /* batches committed (baseline_flush calls) */
};
const struct baseline_stats *baseline_stats(const struct baseline *b);

#endif
