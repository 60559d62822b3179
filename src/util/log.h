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

#define log_error(...) do { log_write("error", LOG_MODULE, __VA_ARGS__); } while (0)
#define log_warn(...) do { log_write("warning", LOG_MODULE, __VA_ARGS__); } while (0)
#define log_info(...) do { log_write("info", LOG_MODULE, __VA_ARGS__); } while (0)
#ifdef SMBNEG_DEBUG
#define log_debug(...) do { log_write("debug", LOG_MODULE, __VA_ARGS__); } while (0)
#else
#define log_debug(...) do { } while (0)
#endif

#endif
