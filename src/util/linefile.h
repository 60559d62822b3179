/* linefile.h - an append-only file of whole lines (EVE records, fast.log
 * alerts): lines are buffered and written with write(2); a write that
 * fails (a full disk, EIO, /dev/full) loses whole lines only, because a
 * regular file is cut back (ftruncate) to the end of its last complete
 * line, so every line in the file is whole and the counts are exact:
 * `written` is the number of lines the file gained. */
#ifndef SMBNEG_LINEFILE_H
#define SMBNEG_LINEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct linefile {
    int fd;                /* -1: closed */
    bool own_fd;           /* opened here (closed by linefile_close) */
    bool regular;          /* a regular file: can be cut back */
    bool append;           /* O_APPEND: writes go to the end, wherever the offset */
    char *buf;             /* whole lines waiting to be written */
    size_t len, cap;
    uint64_t buffered;     /* lines in buf */
    uint64_t written;      /* lines that reached the file whole */
    uint64_t lost;         /* lines lost to write errors */
    int err;               /* errno of the first failed write; 0: none */
    bool gone;             /* EPIPE: the reader of a pipe has gone */
};

/* Open path for appending (created 0666 & ~umask).  When the file's last
 * line is torn (it does not end in '\n': a run killed mid-write), a '\n'
 * is written first, so this run's lines start on a line of their own.
 * 0, or -1 with errno set. */
int linefile_open(struct linefile *lf, const char *path, size_t cap);
/* Write to a descriptor that stays open (stdout), as linefile_open but for
 * the torn-line check (the descriptor cannot be read). */
int linefile_open_fd(struct linefile *lf, int fd, size_t cap);
/* Add one line (rec without its '\n'): buffered; the buffer is written
 * first when the line does not fit.  0, or -1 when that write failed
 * (lines counted as lost, lf->err set). */
int linefile_put(struct linefile *lf, const char *rec, size_t len);
/* Add one line formatted as printf would (no '\n' in fmt); as linefile_put. */
int linefile_printf(struct linefile *lf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Write what is buffered.  0, or -1 when the write failed: the lines that
 * reached the file whole are kept, a torn tail is cut off (regular files),
 * the others are counted in lf->lost. */
int linefile_flush(struct linefile *lf);
/* Flush, then close (a descriptor from linefile_open_fd stays open).
 * 0, or -1 when any write of the file's life failed (lf->err). */
int linefile_close(struct linefile *lf);

#endif
