/* detect-class.h - classification table: classtype short name -> description
 * and default priority (classification.config; private to src/detect/). */
#ifndef SMBNEG_DETECT_CLASS_H
#define SMBNEG_DETECT_CLASS_H

#include <stddef.h>
#include <stdint.h>

struct detect_class {
    char *name; /* "attempted-recon" */
    char *desc; /* "Attempted Information Leak" */
    uint32_t priority;
};

/* Embedded by value in struct detect; entries are addressed by index so
 * that rules stay valid when the table grows or an entry is redefined. */
struct detect_class_table {
    struct detect_class *v;
    size_t n, cap;
};

/* Initialise t with the embedded default table (Suricata's
 * classification.config).  0, or -1 on out-of-memory (t is then empty but
 * valid for deinit). */
int detect_class_init(struct detect_class_table *t);
void detect_class_deinit(struct detect_class_table *t);

/* One line of classification.config.  Blank and '#' lines are ignored.  A
 * known name is redefined in place.  0, or -1 with a reason in err and the
 * 0-based offset of the offending text in *err_off. */
int detect_class_load_line(struct detect_class_table *t, const char *line, char *err,
                           size_t errlen, size_t *err_off);

/* Index of a class (case-insensitive), or -1. */
int detect_class_find(const struct detect_class_table *t, const char *name);
const struct detect_class *detect_class_get(const struct detect_class_table *t, int idx);

#endif
