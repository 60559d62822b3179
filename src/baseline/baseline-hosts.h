/* baseline-hosts.h - `smbneg hosts` (baseline-hosts.c): list a baseline
 * store, one row per server and per client. */
#ifndef SMBNEG_BASELINE_HOSTS_H
#define SMBNEG_BASELINE_HOSTS_H

/* argv[0] is "hosts".  Exit status: 0 listed, 1 the store could not be
 * opened or read, 2 usage. */
int baseline_hosts_main(int argc, char **argv);

#endif
