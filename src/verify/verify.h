/* verify.h - `smbneg verify DIR...`: CI replay of test cases in the style of
 * suricata-verify (a case directory = captures + optional rules/policy +
 * expect.yaml with filters over the EVE records).  doc/ci-replay.md is the
 * user's reference.  The subcommand is libverify.la, outside the engine
 * library; its files share src/verify/verify-int.h. */
#ifndef SMBNEG_VERIFY_H
#define SMBNEG_VERIFY_H

/* Exit status of `smbneg verify`. */
enum verify_exit { VERIFY_EXIT_OK = 0, VERIFY_EXIT_FAILED = 1, VERIFY_EXIT_USAGE = 2 };

/* The whole subcommand: argv[0] is "verify".  Returns an enum verify_exit. */
int verify_main(int argc, char **argv);

#endif
