/* files-stop.c - a stop signal while reading captures (see files-stop.h). */
#include <string.h>

#include "files-stop.h"

/* The signal that asked for the stop, 0: none.  The one mutable global of
 * -r (STYLE.md 10); each -j worker has its own copy after fork. */
static volatile sig_atomic_t files_stop_sig;

static void files_stop_on_signal(int sig)
{
    files_stop_sig = sig;
}

static void files_stop_set(void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = handler;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

void files_stop_install(void)
{
    files_stop_sig = 0;
    files_stop_set(files_stop_on_signal);
}

void files_stop_restore(void)
{
    files_stop_set(SIG_DFL);
}

const volatile sig_atomic_t *files_stop_flag(void)
{
    return &files_stop_sig;
}

const char *files_stop_name(void)
{
    return files_stop_sig == SIGINT ? "SIGINT" : files_stop_sig == SIGTERM ? "SIGTERM" : "";
}
