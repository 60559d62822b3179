/* run.c - the shared main() and source-tree paths of the unit tests (run.h). */
#include "run.h"

#include <stdio.h>
#include <stdlib.h>

#ifndef TEST_SRCDIR
#error "TEST_SRCDIR (the source tree's top) is set by Makefile.am"
#endif

int check_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

const char *test_src_path(char *out, size_t n, const char *rel)
{
    const char *top = getenv("SMBNEG_TEST_SRCDIR");
    int len = snprintf(out, n, "%s/%s", top ? top : TEST_SRCDIR, rel);
    ck_assert_msg(len >= 0 && (size_t)len < n, "path too long: %s", rel);
    return out;
}
