/* run.h - test helper: what every unit test binary shares, its main() and
 * the paths of the files it reads.  Defined in helpers/run.c, which is part
 * of the test-helper library (tests/unit/helpers/, Makefile.am). */
#ifndef SMBNEG_TEST_RUN_H
#define SMBNEG_TEST_RUN_H

#include <check.h>
#include <stddef.h>

/* Run suite s (CK_NORMAL output), free the runner and return the process
 * exit status: EXIT_SUCCESS when no test failed. */
int check_run_suite(Suite *s);

/* Write the path of rel, a path relative to the top of the source tree
 * ("tests/data/x.pcap", "../shared/captures"), into out[0..n) and return
 * out.  The top is the configure-time $(top_srcdir), so VPATH builds find
 * the source tree; SMBNEG_TEST_SRCDIR in the environment overrides it.  A
 * path that does not fit fails the test. */
const char *test_src_path(char *out, size_t n, const char *rel);

#endif
