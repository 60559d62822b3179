/* truth.h - test helper shared by the SMB parser tests
 * (check_smb1_negotiate.c, check_smb2_negotiate.c, check_smb2_negctx.c):
 * the truth-table row and its check, and the truncation sweep over every
 * prefix of a set of vectors.  Parsers run through guarded wrappers
 * (GUARDED_PARSER in helpers/guard.h); main() is check_run_suite()
 * (helpers/run.h). */
#ifndef SMBNEG_TEST_TRUTH_H
#define SMBNEG_TEST_TRUTH_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/smb/smb-msg.h"
#include "run.h"

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))
#define AN(x) (1u << SMB_AN_##x)

/* ------------------------------------------------------------------------
 * Truth tables: one vector, the status and anomalies its parse must give.
 * ------------------------------------------------------------------------ */

struct row {
    const char *name;
    const uint8_t *bytes;
    size_t len;
    enum parse_status status;
    uint32_t anomalies;
};

/* A row over the whole of array v; write {name, v, len, ...} for a cut. */
#define ROW(n, v, st, an) {n, v, sizeof(v), st, an}

/* Assert that a parse of row->bytes gave row->status and row->anomalies
 * (messages name the row). */
void truth_check(const struct row *row, enum parse_status st, uint32_t anomalies);

/* ------------------------------------------------------------------------
 * Truncation sweep: a Check loop test over (vector, prefix length) for
 * every prefix 0..len of every vector, the whole vector included.
 * ------------------------------------------------------------------------ */

struct sweep_vec {
    const uint8_t *bytes;
    size_t len;
    bool response;   /* which of the file's two parsers reads it */
    uint32_t offset; /* negotiate context lists: where the list starts */
    uint16_t count;  /* ... and how many contexts it declares */
};

#define SV(v, resp) {.bytes = v, .len = sizeof(v), .response = resp}

/* Number of loop iterations: sum of (len + 1) over vecs[0..n). */
size_t sweep_total(const struct sweep_vec *vecs, size_t n);

/* Map loop index i to its vector and prefix length (*prefix). */
const struct sweep_vec *sweep_pick(const struct sweep_vec *vecs, size_t n, size_t i,
                                   size_t *prefix);

/* A guarded parse with an untyped output (GUARDED_PARSER's name##_any). */
typedef enum parse_status (*sweep_parse_fn)(const uint8_t *v, size_t len, void *out);

/* Parse sv whole into *full (must be PARSE_OK) and its first n bytes into
 * *part.  Returns false for the whole vector (n == sv->len); for a shorter
 * prefix asserts PARSE_TRUNCATED and returns true, so that the caller goes
 * on to compare *part with *full. */
bool sweep_prefix(const struct sweep_vec *sv, size_t n, sweep_parse_fn parse, void *full,
                  void *part);

#endif
