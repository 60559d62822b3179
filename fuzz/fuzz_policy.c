/* fuzz_policy.c - libFuzzer target: the YAML policy loader
 * (config_load_buffer), `--set` assignments (config_set) and
 * `--dump-config` (config_dump).
 *
 * The input is a policy file.  Lines "#!set key=value" (YAML comments, so
 * the loader ignores them) are then applied with config_set() and the
 * result dumped again.
 * Oracle beyond the sanitizers: when a policy loads without errors, its
 * dump must load without errors too and dump to the same text (what
 * --dump-config prints is a policy that means the same). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* config_dump into a malloc'd string (NULL on failure). */
static char *fz_dump(const struct config *c, size_t *len)
{
    char *buf = NULL;
    FILE *fp = open_memstream(&buf, len);
    if (!fp)
        return NULL;
    config_dump(c, fp);
    if (fclose(fp) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

static void fz_apply_sets(struct config *c, const uint8_t *data, size_t size)
{
    static const char tag[] = "#!set ";
    char line[1200];
    size_t i = 0;
    while (i < size) {
        size_t e = i;
        while (e < size && data[e] != '\n')
            e++;
        size_t n = e - i;
        if (n > sizeof(tag) - 1 && n - (sizeof(tag) - 1) < sizeof(line) &&
            memcmp(data + i, tag, sizeof(tag) - 1) == 0) {
            n -= sizeof(tag) - 1;
            memcpy(line, data + i + sizeof(tag) - 1, n);
            line[n] = '\0';
            (void)config_set(c, line);
        }
        i = e + 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct config *c = malloc(sizeof(*c)), *c2 = malloc(sizeof(*c2));
    char *d1 = NULL, *d2 = NULL;
    size_t n1 = 0, n2 = 0;
    if (!c || !c2)
        goto out;
    config_defaults(c);
    int rc = config_load_buffer(c, "fuzz.yaml", (const char *)data, size);
    d1 = fz_dump(c, &n1);
    if (rc != 0 || !d1)
        goto sets;
    config_defaults(c2);
    if (config_load_buffer(c2, "dump.yaml", d1, n1) != 0) {
        fprintf(stderr, "--dump-config output does not load:\n%s", d1);
        abort();
    }
    d2 = fz_dump(c2, &n2);
    if (d2 && (n1 != n2 || memcmp(d1, d2, n1) != 0)) {
        fprintf(stderr, "--dump-config is not stable:\n%s\n----\n%s", d1, d2);
        abort();
    }
sets:
    /* --set values are not checked the same way: a command-line value
     * need not be UTF-8, which a YAML file must be. */
    fz_apply_sets(c, data, size);
    free(d2);
    d2 = fz_dump(c, &n2);
out:
    free(d1);
    free(d2);
    free(c);
    free(c2);
    return 0;
}
