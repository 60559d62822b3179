/* file.h - whole files and directory listings, through the allocation
 * funnel (util/mem.h): what the policy loader, `-r DIR` and the fuzz
 * runners all need. */
#ifndef SMBNEG_FILE_H
#define SMBNEG_FILE_H

#include <stdbool.h>
#include <stddef.h>

/* Read the whole file at path into *buf (NUL-terminated, *len bytes
 * without the NUL; mem_free it).  0, or -1 with errno set (open or read
 * error, ENOMEM). */
int file_read_all(const char *path, char **buf, size_t *len);

/* The entries of dir, except those whose name starts with '.', as paths
 * "dir/name" sorted bytewise (not by locale).  0 with *names / *n set (free
 * with dir_list_free), or -1 with errno set. */
int dir_list_sorted(const char *dir, char ***names, size_t *n);
void dir_list_free(char **names, size_t n);

/* A problem dir_walk_sorted met at `path` (a directory that cannot be
 * listed, a link back to a directory above it, too deep); `why` is a short
 * reason.  `fatal`: the entry was left out and counts as a failed input;
 * otherwise it is only worth a warning. */
typedef void (*dir_walk_report_fn)(void *ctx, const char *path, const char *why, bool fatal);

#define DIR_WALK_MAX_DEPTH 64

/* Every entry of dir and of the directories below it that is not itself a
 * directory (files, links to files, dangling links, special files), except
 * names starting with '.', as paths "dir/sub/name" sorted bytewise by the
 * whole path.  Links to directories are followed, except a link back to a
 * directory on the way down (a loop), reported to `report`.  0 with *paths /
 * *n set (free with dir_list_free), or -1 with errno set (dir itself cannot
 * be listed, ENOMEM). */
int dir_walk_sorted(const char *dir, char ***paths, size_t *n, dir_walk_report_fn report,
                    void *ctx);

#endif
