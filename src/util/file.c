/* file.c - whole files and sorted directory listings. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/file.h"
#include "util/mem.h"

int file_read_all(const char *path, char **buf, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    char *b = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (cap - n < 4096) {
            cap = cap ? cap * 2 : 8192;
            char *nb = mem_realloc(b, cap);
            if (!nb) {
                mem_free(b);
                fclose(fp);
                errno = ENOMEM;
                return -1;
            }
            b = nb;
        }
        size_t got = fread(b + n, 1, cap - n - 1, fp);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(fp) ? (errno ? errno : EIO) : 0;
    fclose(fp);
    if (bad) {
        mem_free(b);
        errno = bad;
        return -1;
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return 0;
}

static int dir_name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int dir_list_sorted(const char *dir, char ***names, size_t *n)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    char **v = NULL;
    size_t k = 0, cap = 0;
    for (struct dirent *de; (de = readdir(d));) {
        if (de->d_name[0] == '.')
            continue;
        size_t len = strlen(dir) + strlen(de->d_name) + 2;
        if (k == cap) {
            cap = cap ? 2 * cap : 64;
            char **nv = mem_realloc(v, cap * sizeof(*v));
            if (!nv)
                goto oom;
            v = nv;
        }
        if (!(v[k] = mem_alloc(len)))
            goto oom;
        snprintf(v[k++], len, "%s/%s", dir, de->d_name);
    }
    closedir(d);
    if (k)
        qsort(v, k, sizeof(*v), dir_name_cmp);
    *names = v;
    *n = k;
    return 0;
oom:
    closedir(d);
    dir_list_free(v, k);
    errno = ENOMEM;
    return -1;
}

void dir_list_free(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        mem_free(names[i]);
    mem_free(names);
}
