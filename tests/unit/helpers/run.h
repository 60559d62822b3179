/* run.h - test helper: the Check main() every unit test binary shares.
 * Defined in helpers/truth.c. */
#ifndef SMBNEG_TEST_RUN_H
#define SMBNEG_TEST_RUN_H

#include <check.h>

/* Run suite s (CK_NORMAL output), free the runner and return the process
 * exit status: EXIT_SUCCESS when no test failed. */
int check_run_suite(Suite *s);

#endif
