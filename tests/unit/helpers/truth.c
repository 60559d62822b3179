/* truth.c - truth tables and truncation sweeps (truth.h). */
#include "truth.h"

#include <stdlib.h>

void truth_check(const struct row *row, enum parse_status st, uint32_t anomalies)
{
    ck_assert_msg(st == row->status, "%s: status %d, want %d", row->name, st, row->status);
    ck_assert_msg(anomalies == row->anomalies, "%s: anomalies %#x, want %#x", row->name,
                  anomalies, row->anomalies);
}

size_t sweep_total(const struct sweep_vec *vecs, size_t n)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += vecs[i].len + 1;
    return total;
}

const struct sweep_vec *sweep_pick(const struct sweep_vec *vecs, size_t n, size_t i,
                                   size_t *prefix)
{
    for (size_t v = 0; v < n; v++) {
        if (i <= vecs[v].len) {
            *prefix = i;
            return &vecs[v];
        }
        i -= vecs[v].len + 1;
    }
    abort();
}

bool sweep_prefix(const struct sweep_vec *sv, size_t n, sweep_parse_fn parse, void *full,
                  void *part)
{
    ck_assert_int_eq(parse(sv->bytes, sv->len, full), PARSE_OK);
    enum parse_status st = parse(sv->bytes, n, part);
    if (n == sv->len)
        return false;
    ck_assert_msg(st == PARSE_TRUNCATED, "prefix %zu of %zu: status %d", n, sv->len, st);
    return true;
}
