/* kw.h - the rule keyword interface.  A keyword is one file kw-<name>.c
 * defining `const struct kw kw_<name>` and one row in kw-table.c (the only
 * registration point); --list-keywords prints the table. */
#ifndef SMBNEG_KW_H
#define SMBNEG_KW_H

#include <stdbool.h>
#include <stddef.h>

struct smb_tx;
struct flow;
struct baseline_verdict;
struct baseline_finding;

/* What a keyword's match function may look at: the completed negotiate
 * transaction (through app/smb/smb.h accessors and fields), its flow, and
 * the baseline's verdict on it (NULL: baselines off, or the transaction
 * teaches nothing). */
struct kw_match_ctx {
    const struct smb_tx *tx;
    const struct flow *f;
    const struct baseline_verdict *bl;
};

/* When a keyword can be evaluated: on the negotiation when it completes, or
 * on the negotiation with its session when the connection's follow-up ends
 * (app/smb/smb-session.h; tx->follow set).  A rule takes the latest phase
 * of its keywords and is evaluated in that phase only. */
enum kw_phase {
    KW_PHASE_NEGOTIATE = 0,
    KW_PHASE_FOLLOW,
};

struct kw {
    const char *name;   /* "smb.dialects" */
    const char *syntax; /* "smb.dialects:<only|any|all|none> <dialect>[,<dialect>...]" */
    const char *desc;   /* one line, for --list-keywords and doc/rules.md */
    bool has_value;     /* false: a bare keyword ("smb.downgrade;") */
    /* A transaction answered with the SMB2 wildcard 0x02FF is a step, not a
     * conclusion: keywords about the client's offer or a downgrade set this
     * and never match such a transaction. */
    bool skip_wildcard;
    /* Parse the value (already unquoted when the whole value was one quoted
     * string; surrounding spaces removed) into *data.  0, or -1 with a reason
     * in err (no file/line: the caller adds them). */
    int (*setup)(const char *value, void **data, char *err, size_t errlen);
    bool (*match)(const struct kw_match_ctx *m, const void *data);
    void (*free)(void *data);
    /* Is the field the keyword tests in this transaction at all?  A negated
     * instance (`name:!value`) matches when present() and not match();
     * match() implies present().  NULL (bare keywords): `!` is refused. */
    bool (*present)(const struct kw_match_ctx *m);
    /* Optional: why it matched, carried by the alert (alert.baseline);
     * NULL when the keyword has no evidence to give. */
    const struct baseline_finding *(*evidence)(const struct kw_match_ctx *m, const void *data);
    enum kw_phase phase; /* last, so positional initializers stay valid */
};

/* One keyword instance on one transaction, as a rule sees it: the wildcard
 * rule (a skip_wildcard keyword is false on a wildcard 0x02FF step, negated
 * or not), then kw->match, or for a negated instance (`neg`) present() and
 * not match().  (kw-common.c) */
bool kw_eval(const struct kw *kw, const void *data, bool neg, const struct kw_match_ctx *m);

/* A table of keywords for one application-layer protocol: the rule parser
 * reaches it through its context (struct detect_cfg), so a test can hand it
 * a table of its own.  A keyword's id is its index in `rows`. */
struct kw_table {
    const char *app; /* the app-layer parser its keywords apply to ("smb") */
    const struct kw *const *rows;
    size_t n;
};

/* kw-table.c: THE table of SMB keywords (one row per kw-<name>.c). */
extern const struct kw_table kw_table_smb;

/* Row i of t, or NULL when i is out of range. */
const struct kw *kw_table_get(const struct kw_table *t, size_t i);
/* The keyword of t named `name` (case-insensitive), or NULL. */
const struct kw *kw_table_find(const struct kw_table *t, const char *name);

#endif
