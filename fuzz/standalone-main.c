/* standalone-main.c - runs a fuzz target's LLVMFuzzerTestOneInput on files,
 * without libFuzzer, so regression inputs and seed corpora run in every
 * `make check` with any compiler (and under ASan/UBSan with
 * --enable-sanitizers or --enable-fuzzing).
 *
 * Usage: run-<target> FILE|DIR...   (directories: every regular file in
 * them, in name order).  Prints "<n> inputs" and exits 0 when every input
 * ran; 1 when an argument cannot be read (a crash is a signal or a
 * sanitizer exit, as under libFuzzer). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/file.h"
#include "util/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int sm_run_file(const char *path, unsigned long *count)
{
    char *buf;
    size_t len;
    if (file_read_all(path, &buf, &len) != 0) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return -1;
    }
    /* An exact-size copy, so an over-read of the input is an ASan report. */
    uint8_t *exact = malloc(len ? len : 1);
    if (!exact) {
        mem_free(buf);
        return -1;
    }
    memcpy(exact, buf, len);
    mem_free(buf);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    (*count)++;
    return 0;
}

static int sm_run_dir(const char *dir, unsigned long *count)
{
    char **names;
    size_t n;
    if (dir_list_sorted(dir, &names, &n) != 0) {
        fprintf(stderr, "%s: cannot list: %s\n", dir, strerror(errno));
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
            rc = sm_run_file(names[i], count);
    }
    dir_list_free(names, n);
    return rc;
}

int main(int argc, char **argv)
{
    unsigned long count = 0;
    int rc = 0;
    for (int i = 1; i < argc && rc == 0; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "%s: no such file or directory\n", argv[i]);
            rc = -1;
        } else if (S_ISDIR(st.st_mode)) {
            rc = sm_run_dir(argv[i], &count);
        } else {
            rc = sm_run_file(argv[i], &count);
        }
    }
    printf("%lu inputs\n", count);
    return rc == 0 ? 0 : 1;
}
