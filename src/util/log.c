/* log.c - diagnostics on stderr: "smbneg: error: <message>", or for a place
 * in an input file "FILE:LINE:COL: error: <message>" (GNU convention). */
#include <stdarg.h>
#include <stdio.h>

#include "util/log.h"

void log_write(const char *level, const char *module, const char *fmt, ...)
{
    va_list ap;
    (void)module;
    fprintf(stderr, "smbneg: %s: ", level);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void log_write_at(const char *level, const char *file, unsigned long line, unsigned long col,
                  const char *fmt, ...)
{
    va_list ap;
    if (col)
        fprintf(stderr, "%s:%lu:%lu: %s: ", file, line, col, level);
    else
        fprintf(stderr, "%s:%lu: %s: ", file, line, level);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}
