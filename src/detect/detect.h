/* detect.h - rules over negotiate transactions: loading (rule-parse.c),
 * address/port sets (detect-addr.c, detect-port.c), thresholds and
 * suppressions (detect-threshold.c), classification (detect-class.c) and
 * evaluation (detect.c).
 *
 * Rules are evaluated once per transaction: when it completes, or for a
 * rule with session keywords when the connection's follow-up ends.  The rule
 * header's source is the SMB client and its destination the SMB server, for
 * every rule (unlike Suricata, where it is the packet's). */
#ifndef SMBNEG_DETECT_H
#define SMBNEG_DETECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "decode/decode.h"
#include "detect/kw.h"

struct smb_tx;
struct flow;
struct detect;
struct baseline_verdict;
struct baseline_finding;

enum rule_action { RULE_ALERT = 0, RULE_PASS };

/* A named variable ($HOME_NET, $SMB_PORTS) and its text value. */
struct detect_var {
    const char *name;  /* without '$' */
    const char *value; /* "[10.0.0.0/8,192.168.0.0/16]", "any", "445" */
};

struct kw_table;
struct detect_cfg {
    const struct detect_var *addr_vars;
    size_t n_addr_vars;
    const struct detect_var *port_vars;
    size_t n_port_vars;
    const struct kw_table *keywords; /* NULL: the SMB keywords (kw-table.c) */
};

/* The keyword table cfg names (cfg may be NULL): the SMB keywords unless a
 * test supplied its own. */
const struct kw_table *detect_keywords(const struct detect_cfg *cfg);

/* One alert of a transaction; valid until the next detect_eval call. */
struct detect_alert {
    uint32_t gid, sid, rev;
    const char *msg;
    const char *category;  /* classtype description, "" when none */
    uint32_t severity;     /* priority: rule's, else classtype's, else 3 */
    enum rule_action action;
    const char *const *metadata; /* "key value" strings */
    size_t n_metadata;
    /* The evidence of a rule with smb.baseline (alert.baseline), or NULL. */
    const struct baseline_finding *baseline;
    const char *const *references; /* URLs (reference.config applied) */
    size_t n_references;
    const char *rule;              /* the rule's text as loaded (alert.rule) */
};

struct detect_stats {
    uint64_t rules_loaded, rules_failed;
    uint64_t alerts, suppressed, thresholded;
};

/* Create an engine with variables (copied). NULL on out-of-memory. */
struct detect *detect_new(const struct detect_cfg *cfg);
void detect_free(struct detect *d);

/* Load rules.  Each bad rule prints "file:line:col: reason" and is skipped;
 * the others still load.  Returns the number of bad rules (0: all good),
 * -1 when the file cannot be read. */
int detect_load_file(struct detect *d, const char *path);
int detect_load_buffer(struct detect *d, const char *name, const char *text, size_t len);

/* classification.config ("config classification: name,description,prio").
 * Returns errors as above.  An embedded default is loaded by detect_new. */
int detect_load_classification_file(struct detect *d, const char *path);
/* reference.config ("config reference: system URL"), loaded before the
 * rules so that their reference options expand.  Its systems replace the
 * embedded default (etc/reference.config, loaded by detect_new), as
 * Suricata knows only the file's.  Returns errors as above. */
int detect_load_reference_file(struct detect *d, const char *path);

/* threshold.config syntax, one entry per line or per string:
 *   threshold gen_id 1, sig_id 2100001, type limit, track by_src, count 1, seconds 60
 *   suppress gen_id 1, sig_id 2100002[, track by_src|by_dst|by_either, ip <addr/cidr/list/$VAR>]
 * Returns the number of errors, -1 when unreadable. */
int detect_load_threshold_file(struct detect *d, const char *path);
int detect_load_threshold_line(struct detect *d, const char *name, unsigned line,
                               const char *text);

/* Evaluate every rule on a completed transaction at packet time `now`
 * (seconds).  Pass rules that match silence the other rules for this tx.
 * Thresholds and suppressions are applied.  Returns the number of alerts,
 * stored in *out (owned by d, valid until the next call). */
size_t detect_eval(struct detect *d, const struct flow *f, const struct smb_tx *tx, int64_t now,
                   const struct detect_alert **out);
/* The same with the baseline's verdict on tx (src/baseline/; NULL: no
 * verdict, smb.baseline never matches). */
size_t detect_eval_baseline(struct detect *d, const struct flow *f, const struct smb_tx *tx,
                            int64_t now, const struct baseline_verdict *bl,
                            const struct detect_alert **out);

/* Rules are evaluated in one of two phases (kw.h enum kw_phase): a rule
 * that uses a session keyword (smb.session.*, smb.validate_negotiate, the
 * sticky buffers smb.ntlmssp_user, smb.ntlmssp_domain and smb.share) when
 * the connection's follow-up ends, on the negotiate transaction with its
 * tx->follow set; every other rule when the negotiation completes.
 * detect_eval and detect_eval_baseline evaluate the negotiation phase;
 * detect_eval_follow the follow-up phase (0 alerts when tx->follow is
 * NULL), where smb.baseline never matches (it cannot share a rule with a
 * session keyword) and where the negotiation's pass rules also apply.
 * detect_eval_phase is the general form. */
#define DETECT_N_PHASES 2
size_t detect_eval_follow(struct detect *d, const struct flow *f, const struct smb_tx *tx,
                          int64_t now, const struct detect_alert **out);
size_t detect_eval_phase(struct detect *d, const struct flow *f, const struct smb_tx *tx,
                         int64_t now, const struct baseline_verdict *bl, enum kw_phase phase,
                         const struct detect_alert **out);
/* Has d a rule of that phase (does the follow-up need detection)? */
bool detect_has_phase(const struct detect *d, enum kw_phase phase);

const struct detect_stats *detect_stats(const struct detect *d);
/* Alerts per signature, for the summary line: "sid 2100001 (msg): N" rows,
 * in sid order. */
void detect_print_alert_counts(const struct detect *d, FILE *out);

/* --list-keywords: every keyword (generic and SMB) with syntax and desc. */
void detect_list_keywords(FILE *out);
/* The same for the keywords of table t. */
void detect_list_keywords_of(const struct kw_table *t, FILE *out);
/* --list-keywords=KW: that one keyword; -1 when there is none of that name. */
int detect_list_keyword(const char *name, FILE *out);

#endif
