/* file.h - whole files and directory listings, through the allocation
 * funnel (util/mem.h): what the policy loader, `-r DIR` and the fuzz
 * runners all need. */
#ifndef SMBNEG_FILE_H
#define SMBNEG_FILE_H

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

#endif
