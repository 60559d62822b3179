/* eve.h - EVE JSON output (Suricata's log format): the sink, the common
 * header every record starts with, and one writer per event type. */
#ifndef SMBNEG_EVE_H
#define SMBNEG_EVE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "decode/decode.h"
#include "flow/flow.h"
#include "util/jsonw.h"

struct smb_tx;

struct eve {
    FILE *fp;
    char path[1024];
    struct jsonw w;          /* reused for every record */
    bool community_id;
    uint16_t community_id_seed;
    bool suricata_compatible; /* leave out smb.negotiate */
    uint64_t records;
    uint64_t write_errors;
};

/* Where the record comes from: the capture file and packet number. */
struct eve_origin {
    const char *pcap_filename;
    uint64_t pcap_cnt;       /* 0: no packet (flow end, end of input) */
    int64_t ts_sec;
    int32_t ts_usec;
};

/* Open path for appending (created when missing).  0 / -1. */
int eve_open(struct eve *e, const char *path);
/* Flush and close; returns -1 when a write failed at any point. */
int eve_close(struct eve *e);

/* Start a record: timestamp, flow_id, pcap_cnt, pcap_filename, event_type,
 * vlan, src/dest (client -> server), ip_v, proto, community_id.  f may be
 * NULL (packet-only records, taken from p); p may be NULL. */
void eve_begin(struct eve *e, const struct eve_origin *o, const char *event_type,
               const struct flow *f, const struct packet *p);
/* Finish the record and write it as one line. */
void eve_end(struct eve *e);

/* Format packet time as "2026-11-24T08:40:01.123456+0000" (UTC). */
void eve_format_time(int64_t sec, int32_t usec, char out[40]);

/* eve-smb.c: the `smb` object of a negotiate transaction (the only
 * serialiser of smb_tx; alerts use it too). */
void eve_smb_tx(struct jsonw *w, const struct smb_tx *tx, bool suricata_compatible);
void eve_smb_log(struct eve *e, const struct eve_origin *o, const struct flow *f,
                 const struct smb_tx *tx);

/* eve-alert.c: an alert in Suricata's shape, with the transaction's smb
 * object; dir is the message that completed the match. */
struct detect_alert;
void eve_alert_log(struct eve *e, const struct eve_origin *o, const struct flow *f,
                   const struct smb_tx *tx, const struct detect_alert *a, enum flow_dir dir);

/* fast-log.c: Suricata's fast.log line format. */
struct fast_log {
    FILE *fp;
    char path[1024];
    uint64_t write_errors;
};
int fast_log_open(struct fast_log *fl, const char *path);
int fast_log_close(struct fast_log *fl);
void fast_log_write(struct fast_log *fl, const struct eve_origin *o, const struct flow *f,
                    const struct detect_alert *a);

/* eve-anomaly.c */
void eve_anomaly_log(struct eve *e, const struct eve_origin *o, const struct flow *f,
                     const struct packet *p, const char *type, const char *event,
                     const char *layer, const char *app_proto);

#endif
