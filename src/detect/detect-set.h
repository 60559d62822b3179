/* detect-set.h - the grammar and semantics shared by rule address and port
 * sets (private to src/detect/), parameterised by the kind of leaf.
 *
 * Syntax: a leaf (one token, e.g. `any`, `10.0.0.0/8`, `1024:`), `$VAR`,
 * `[item,item,...]` (nested) and `!` before any item.  A list matches a
 * value that matches one of its positive items (or it has none) and none of
 * its negative items (Suricata's semantics).  Lists plus variable expansions
 * nest at most DETECT_SET_MAX_DEPTH deep; a variable that expands through
 * itself is an error. */
#ifndef SMBNEG_DETECT_SET_H
#define SMBNEG_DETECT_SET_H

#include <stdbool.h>
#include <stddef.h>

#include "detect/detect.h"

#define DETECT_SET_MAX_DEPTH 16

/* One kind of leaf.  A leaf is plain data of leaf_size bytes stored inside
 * its node (no pointers, so nothing to free). */
struct detect_set_kind {
    const char *word;        /* "address", "port": used in error messages */
    const char *neg_all_err; /* the error for a negated leaf that is_all */
    size_t leaf_size;
    /* Parse the token tok[0..len) (never empty, no whitespace or ",[]!$")
     * into the zeroed leaf.  0, or -1 with a reason in err. */
    int (*parse)(const char *tok, size_t len, void *leaf, char *err, size_t errlen);
    /* Does the leaf contain *value (whatever the kind's value type is)? */
    bool (*match)(const void *leaf, const void *value);
    /* Does the leaf contain every value (so that negating it is an error)? */
    bool (*is_all)(const void *leaf);
};

struct detect_set;

/* Parse `text` with variables vars[0..n_vars) (expanded recursively).
 * Returns 0 and an owned set in *out, or -1 with a reason in err (also on
 * out-of-memory). */
int detect_set_parse(const struct detect_set_kind *k, const char *text,
                     const struct detect_var *vars, size_t n_vars, struct detect_set **out,
                     char *err, size_t errlen);

/* Does the set, parsed with kind k, contain *value? */
bool detect_set_match(const struct detect_set_kind *k, const struct detect_set *s,
                      const void *value);

void detect_set_free(struct detect_set *s);

#endif
