/* files-stop.h - SIGINT and SIGTERM while -r reads captures: the handler
 * only records the signal; the engine looks at the flag after every packet
 * (engine.stop), so the run stops at a packet boundary, ends its flows,
 * writes the final stats record and the summary, and exits 128 + the
 * signal's number (130, 143), as the shell reports a process the signal
 * killed.  -j workers inherit the handlers; the parent passes the signal
 * on to them. */
#ifndef SMBNEG_FILES_STOP_H
#define SMBNEG_FILES_STOP_H

#include <signal.h>

/* Install the handlers for SIGINT and SIGTERM (SA_RESTART: a write in
 * progress completes) and clear the flag. */
void files_stop_install(void);
/* The default handlers again. */
void files_stop_restore(void);
/* The flag engine.stop points at: non-zero (the signal's number) once a
 * stop was asked for. */
const volatile sig_atomic_t *files_stop_flag(void);
/* "SIGINT" / "SIGTERM" for the stop signal, "" when none. */
const char *files_stop_name(void);

#endif
