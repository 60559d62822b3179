/* detect-ref.h - reference systems: a rule's `reference:system,value` ->
 * the URL an alert writes (reference.config; private to src/detect/). */
#ifndef SMBNEG_DETECT_REF_H
#define SMBNEG_DETECT_REF_H

#include <stddef.h>

struct detect_ref_system {
    char *name; /* "cve", stored lower case */
    char *url;  /* "https://cve.mitre.org/cgi-bin/cvename.cgi?name=" */
};

/* Embedded by value in struct detect. */
struct detect_ref_table {
    struct detect_ref_system *v;
    size_t n, cap;
};

/* Initialise t with the built-in systems (the same as etc/reference.config,
 * Suricata's reference.config).  0, or -1 on out-of-memory (t is then
 * valid for deinit). */
int detect_ref_init(struct detect_ref_table *t);
void detect_ref_deinit(struct detect_ref_table *t);

/* One line of reference.config: "config reference: system URL".  Blank and
 * '#' lines are ignored.  As in Suricata, a system already defined keeps
 * its first URL, and names compare case-insensitively.  0, or -1 with a
 * reason in err and the 0-based offset of the offending text in *err_off. */
int detect_ref_load_line(struct detect_ref_table *t, const char *line, char *err,
                         size_t errlen, size_t *err_off);

/* The URL prefix of a system (case-insensitive), or NULL. */
const char *detect_ref_url(const struct detect_ref_table *t, const char *name, size_t len);

/* What an alert writes for `reference:` option text "system,value" (as
 * Suricata does): the system's URL followed by the value, or the value
 * alone when it carries its own scheme ("http://..."); spaces around both
 * parts are dropped.  An unknown system gives "system,value" unchanged
 * and *unknown = 1.  Returns an owned string, or NULL on out-of-memory. */
char *detect_ref_expand(const struct detect_ref_table *t, const char *ref, int *unknown);

#endif
