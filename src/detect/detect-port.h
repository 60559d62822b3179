/* detect-port.h - rule port sets (private to src/detect/).
 *
 * Syntax: `any`, `445`, ranges `1024:65535`, `1024:`, `:1023`, `$VAR`,
 * `[item,item,...]` (nested) and `!` before any item, with the same list
 * semantics as address sets (detect-addr.h). */
#ifndef SMBNEG_DETECT_PORT_H
#define SMBNEG_DETECT_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "detect/detect.h"

struct detect_port;

/* Parse `text` (variables from cfg->port_vars).  0 and an owned set in
 * *out, or -1 with a reason in err. */
int detect_port_parse(const char *text, const struct detect_cfg *cfg, struct detect_port **out,
                      char *err, size_t errlen);

bool detect_port_match(const struct detect_port *s, uint16_t port);

void detect_port_free(struct detect_port *s);

#endif
