/* kw.h - the rule keyword interface.  A keyword is one file kw-<name>.c
 * defining `const struct kw kw_<name>` and one row in kw-table.c (the only
 * registration point); --list-keywords prints the table. */
#ifndef SMBNEG_KW_H
#define SMBNEG_KW_H

#include <stdbool.h>
#include <stddef.h>

struct smb_tx;
struct flow;

/* What a keyword's match function may look at: the completed negotiate
 * transaction (through app/smb/smb.h accessors and fields) and its flow. */
struct kw_match_ctx {
    const struct smb_tx *tx;
    const struct flow *f;
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
};

/* One keyword instance on one transaction, as a rule sees it: the wildcard
 * rule (a skip_wildcard keyword is false on a wildcard 0x02FF step), then
 * kw->match.  (kw-common.c) */
bool kw_eval(const struct kw *kw, const void *data, const struct kw_match_ctx *m);

/* kw-table.c */
size_t kw_table_count(void);
const struct kw *kw_table_get(size_t i);
const struct kw *kw_table_find(const char *name); /* case-insensitive */

#endif
