/* runmode-live.h - smbneg -i: capture from an interface until SIGINT or
 * SIGTERM, with SIGHUP (reopen logs) and SIGUSR2 (reload rules), periodic
 * stats records, a pidfile and a privilege drop (doc/live.md). */
#ifndef SMBNEG_RUNMODE_LIVE_H
#define SMBNEG_RUNMODE_LIVE_H

#include "config/config.h"

/* Build the policy again, exactly as the command line built the first one
 * (policy file or the embedded one, --set, -S, -s): 0, or -1 with every
 * error logged. */
typedef int (*runmode_live_config_fn)(void *ctx, struct config *out);

struct runmode_live_opts {
    const char *iface;        /* -i, else capture.interface */
    const char *pidfile;      /* --pidfile, or NULL */
    const char *user, *group; /* --user / --group, or NULL */
    runmode_live_config_fn reload_config; /* for SIGUSR2 */
    void *reload_ctx;
};

/* Run the live sensor with policy cfg.  Returns the exit status: 0 after a
 * clean stop by signal, 1 when the interface, the pidfile or the privilege
 * drop failed (or the capture broke), 2 for a policy or rule error or an
 * unknown user or group.  Every failure is logged on one line. */
int runmode_live(const struct config *cfg, const struct runmode_live_opts *o);

#endif
