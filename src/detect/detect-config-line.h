/* detect-config-line.h - the "config <kind>: <value>" lines of Suricata's
 * classification.config and reference.config (detect-class.c,
 * detect-ref.c): one reader for the part they share. */
#ifndef SMBNEG_DETECT_CONFIG_LINE_H
#define SMBNEG_DETECT_CONFIG_LINE_H

#include <stddef.h>

enum detect_config_line {
    DETECT_CONFIG_LINE_SKIP,   /* blank, or a '#' comment */
    DETECT_CONFIG_LINE_VALUE,  /* "config <kind>:" is there; the value follows */
    DETECT_CONFIG_LINE_SYNTAX, /* it is not */
};

/* Read the head of line: the words "config" and kind and a ':'
 * (case-insensitive, spaces allowed around each).  *value: the offset of
 * the value, after the ':' and its spaces (VALUE only); *err_off: the
 * line's first non-space, where a syntax error is reported. */
enum detect_config_line detect_config_line(const char *line, const char *kind, size_t *value,
                                           size_t *err_off);

#endif
