/* log.h - diagnostics on stderr.  Each file defines LOG_MODULE before
 * including this header.  Nothing above debug level is logged per packet:
 * packet anomalies go to EVE.  Debug is compiled out unless --enable-debug. */
#ifndef SMBNEG_LOG_H
#define SMBNEG_LOG_H

#include <stdio.h>

#ifndef LOG_MODULE
#define LOG_MODULE "smbneg"
#endif

void log_write(const char *level, const char *module, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A diagnostic about a place in an input file, in the GNU form that editors
 * and CI annotators parse: "FILE:LINE:COL: error: MESSAGE" (col 0: no column,
 * "FILE:LINE: error: MESSAGE"). */
void log_write_at(const char *level, const char *file, unsigned long line, unsigned long col,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#define log_error(...) do { log_write("error", LOG_MODULE, __VA_ARGS__); } while (0)
#define log_warn(...) do { log_write("warning", LOG_MODULE, __VA_ARGS__); } while (0)
#define log_error_at(file, line, col, ...) \
    do { log_write_at("error", (file), (line), (col), __VA_ARGS__); } while (0)
#define log_warn_at(file, line, col, ...) \
    do { log_write_at("warning", (file), (line), (col), __VA_ARGS__); } while (0)
#define log_info(...) do { log_write("info", LOG_MODULE, __VA_ARGS__); } while (0)
#ifdef SMBNEG_DEBUG
#define log_debug(...) do { log_write("debug", LOG_MODULE, __VA_ARGS__); } while (0)
#else
#define log_debug(...) do { } while (0)
#endif

#endif
