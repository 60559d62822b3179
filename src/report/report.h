/* report.h - `smbneg report`: the posture of the SMB hosts seen in EVE
 * files (which servers accept SMB1, do not require signing, never encrypt;
 * which clients offer only old dialects; where dialects dropped), as one
 * self-contained HTML page, or as host tables (CSV, JSON), and the list of
 * NTLM relay targets.  Reads EVE records (plain data, no engine) and, with
 * --baseline FILE, the hosts of a baseline store (report-baseline.c). */
#ifndef SMBNEG_REPORT_H
#define SMBNEG_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define REPORT_MAX_IDS 4    /* GUIDs and netnames kept per host */
#define REPORT_MAX_ROWS 500 /* downgrade/baseline alerts listed */

/* Dialect ranks, lowest first ("SMB1" for any SMB1 dialect). */
enum report_dialect { RD_NONE = -1, RD_SMB1, RD_202, RD_210, RD_300, RD_302, RD_311, RD_COUNT };

/* Signing as a side stated it, and the cipher / signing algorithm chosen. */
enum report_signing { RS_REQUIRED, RS_ENABLED, RS_DISABLED, RS_COUNT };
enum report_cipher { RC_NONE, RC_128_CCM, RC_128_GCM, RC_256_CCM, RC_256_GCM, RC_COUNT };
enum report_sigalg { RA_HMAC_SHA256, RA_AES_CMAC, RA_AES_GMAC, RA_COUNT };
#define RP_MAX_COMPRESSION 8

struct report_host {
    char ip[48];
    bool server;                 /* the answering side of its negotiations */
    uint64_t count;              /* negotiations */
    char first[40], last[40];    /* EVE timestamps */
    int best;                    /* enum report_dialect: best selected (server) / offered (client) */
    uint64_t signing[RS_COUNT];  /* negotiations per signing mode */
    uint64_t cipher[RC_COUNT];   /* server: ciphers selected */
    uint64_t sigalg[RA_COUNT];   /* server: signing algorithms selected */
    unsigned compression;        /* client: algorithms offered (bit per report_compression_name) */
    bool smb1;                   /* server: chose SMB1; client: offered SMB1 */
    char guid[REPORT_MAX_IDS][40];
    int n_guid;
    char name[REPORT_MAX_IDS][64]; /* client: netname contexts sent (server names) */
    int n_name;
    bool in_baseline;            /* the baseline store has a record of this host */
};

struct report_alert_row {
    char ts[40], signature[128], src[48], dst[48], evidence[256];
    uint32_t sid;
};

struct report_bucket {           /* alerts of one signature in one hour */
    uint32_t sid;
    char hour[14];               /* "2026-11-24T08" */
    uint64_t n;
};

struct report {
    struct report_host *hosts;   /* open addressing, by (ip, server) */
    size_t n_hosts, cap_hosts;
    struct report_bucket *buckets;
    size_t n_buckets, cap_buckets;
    struct report_sig { uint32_t sid; char name[128]; uint64_t n; } *sigs;
    size_t n_sigs, cap_sigs;
    struct report_alert_row rows[REPORT_MAX_ROWS];
    size_t n_rows;
    uint64_t rows_dropped;
    /* input accounting */
    uint64_t lines, smb, alerts, not_json, other_type, incomplete;
    /* --baseline FILE: the records merged (client GUID records are not
     * hosts of the page: a client is shown by its address) */
    const char *baseline;
    uint64_t bl_servers, bl_clients, bl_guids;
    bool oom;
};

const char *report_dialect_name(int d);
const char *report_signing_name(int s);
const char *report_cipher_name(int c);
const char *report_sigalg_name(int a);
const char *report_compression_name(int bit);

/* report-read.c */
void report_init(struct report *r);
void report_free(struct report *r);
/* One EVE line (without its newline).  Never fails: what cannot be used
 * is counted (not_json, other_type, incomplete). */
void report_add_line(struct report *r, const char *line, size_t len);
/* The host (ip, server), created when new; NULL when ip is not usable or
 * memory ran out (r->oom). */
struct report_host *report_host_get(struct report *r, const char *ip, bool server);
/* Add a GUID to a host's (not the zero GUID, not twice, up to the cap). */
void report_host_guid(struct report_host *h, const char *guid);
/* Widen a host's first/last seen (EVE timestamp texts; NULL: unchanged). */
void report_host_times(struct report_host *h, const char *first, const char *last);
/* The rank of a dialect name ("3.1.1"; any SMB1 dialect when smb1), or
 * RD_NONE. */
int report_dialect_rank(const char *name, bool smb1);
/* The hosts sorted: servers first, then by address; *n set.  Owned by r. */
struct report_host **report_sorted_hosts(struct report *r, size_t *n);

/* report-baseline.c: merge the hosts of the SQLite baseline store in path
 * (after the EVE input).  0, or -1 with a message (cannot open or read). */
int report_add_baseline(struct report *r, const char *path);

/* report-html.c: the page. */
int report_write_html(struct report *r, FILE *out, const char *title);
/* report-html.c: host tables as CSV or JSON. */
int report_write_csv(struct report *r, FILE *out);
int report_write_json(struct report *r, FILE *out);

/* report.c: `smbneg report ...`; returns the exit status. */
int report_main(int argc, char **argv);

#endif
