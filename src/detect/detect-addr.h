/* detect-addr.h - rule address sets (private to src/detect/).
 *
 * Syntax: `any`, an IPv4/IPv6 address or CIDR (10.0.0.0/8, 10.0.0.0/255.0.0.0,
 * fe80::/10), `$VAR`, `[item,item,...]` (nested), and `!` before any item.
 * A list matches an address that matches one of its positive items (or it
 * has none) and none of its negative items (Suricata's semantics). */
#ifndef SMBNEG_DETECT_ADDR_H
#define SMBNEG_DETECT_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/decode.h"
#include "detect/detect.h"

struct detect_addr;

/* Parse `text` (variables from cfg->addr_vars, expanded recursively; a loop
 * is an error).  Returns 0 and an owned set in *out, or -1 with a reason in
 * err (also on out-of-memory). */
int detect_addr_parse(const char *text, const struct detect_cfg *cfg, struct detect_addr **out,
                      char *err, size_t errlen);

/* Does the set contain address `a` of family ip_v (4 or 6)? */
bool detect_addr_match(const struct detect_addr *s, uint8_t ip_v, const struct ip_addr *a);

void detect_addr_free(struct detect_addr *s);

#endif
