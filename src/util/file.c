/* file.c - whole files and sorted directory listings. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* ------------------------------------------------------------ walking */

struct dir_walk {
    char **v;
    size_t n, cap;
    struct {
        dev_t dev;
        ino_t ino;
    } up[DIR_WALK_MAX_DEPTH + 1]; /* the directories on the way down */
    dir_walk_report_fn report;
    void *ctx;
};

static int dir_walk_add(struct dir_walk *w, char *path)
{
    if (w->n == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 64;
        char **nv = mem_realloc(w->v, cap * sizeof(*nv));
        if (!nv)
            return -1;
        w->v = nv;
        w->cap = cap;
    }
    w->v[w->n++] = path;
    return 0;
}

/* The directory `dir` (stat'ed as *st) at `depth`: its entries into w.
 * -1 only on ENOMEM, or when the top directory cannot be listed. */
static int dir_walk_dir(struct dir_walk *w, const char *dir, const struct stat *st,
                        size_t depth)
{
    char **names;
    size_t n;
    for (size_t i = 0; i < depth; i++) {
        if (w->up[i].dev == st->st_dev && w->up[i].ino == st->st_ino) {
            w->report(w->ctx, dir, "a link back to a directory above it: not followed", false);
            return 0;
        }
    }
    if (depth > DIR_WALK_MAX_DEPTH) {
        w->report(w->ctx, dir, "directories nested too deep: not read", true);
        return 0;
    }
    if (dir_list_sorted(dir, &names, &n) != 0) {
        if (errno == ENOMEM || depth == 0)
            return -1;
        w->report(w->ctx, dir, strerror(errno), true);
        return 0;
    }
    w->up[depth].dev = st->st_dev;
    w->up[depth].ino = st->st_ino;
    int rc = 0;
    size_t i;
    for (i = 0; i < n && rc == 0; i++) {
        struct stat sub;
        if (stat(names[i], &sub) == 0 && S_ISDIR(sub.st_mode)) {
            rc = dir_walk_dir(w, names[i], &sub, depth + 1);
        } else {
            rc = dir_walk_add(w, names[i]);
            if (rc == 0)
                names[i] = NULL; /* w->v owns it now */
        }
    }
    dir_list_free(names, n);
    return rc;
}

int dir_walk_sorted(const char *dir, char ***paths, size_t *n, dir_walk_report_fn report,
                    void *ctx)
{
    struct dir_walk *w = mem_calloc(1, sizeof(*w));
    struct stat st;
    if (!w) {
        errno = ENOMEM;
        return -1;
    }
    w->report = report;
    w->ctx = ctx;
    int rc = stat(dir, &st) == 0 ? dir_walk_dir(w, dir, &st, 0) : -1;
    if (rc != 0) {
        int err = errno;
        dir_list_free(w->v, w->n);
        mem_free(w);
        errno = err;
        return -1;
    }
    if (w->n)
        qsort(w->v, w->n, sizeof(*w->v), dir_name_cmp);
    *paths = w->v;
    *n = w->n;
    mem_free(w);
    return 0;
}
