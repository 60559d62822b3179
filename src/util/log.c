/* log.c - diagnostics on stderr: "smbneg: error: <message>". */
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
