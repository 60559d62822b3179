/* progress.h - the "files and bytes done, rate, time left" line on stderr
 * for long -r runs: redrawn in place ("\r" + clear to end of line) at most
 * four times a second, erased at the end.  Shown when stderr is a terminal,
 * or always with --progress; never otherwise (pipes, CI logs). */
#ifndef SMBNEG_PROGRESS_H
#define SMBNEG_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum progress_mode { PROGRESS_AUTO = 0, PROGRESS_ON, PROGRESS_OFF };

struct progress {
    bool on;
    FILE *out;
    uint64_t total_bytes;
    size_t total_files;
    double t0, last_draw;
    bool drawn;
};

/* Decide whether to show it (AUTO: isatty(out)) and remember the totals. */
void progress_init(struct progress *p, enum progress_mode mode, FILE *out, uint64_t total_bytes,
                   size_t total_files);
/* Redraw with the amounts done, unless the last draw was under 250 ms ago. */
void progress_update(struct progress *p, uint64_t bytes_done, size_t files_done);
/* Erase the line (the summary follows). */
void progress_end(struct progress *p);

#endif
