/* progress.c - the progress line of long -r runs (see progress.h). */
#include <time.h>
#include <unistd.h>

#include "util/progress.h"

#define PROGRESS_INTERVAL 0.25 /* seconds between redraws */

static double progress_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_init(struct progress *p, enum progress_mode mode, FILE *out, uint64_t total_bytes,
                   size_t total_files)
{
    p->on = mode == PROGRESS_ON || (mode == PROGRESS_AUTO && isatty(fileno(out)));
    p->out = out;
    p->total_bytes = total_bytes;
    p->total_files = total_files;
    p->t0 = progress_now();
    p->last_draw = 0;
    p->drawn = false;
}

void progress_update(struct progress *p, uint64_t bytes_done, size_t files_done)
{
    if (!p->on)
        return;
    double now = progress_now();
    if (p->drawn && now - p->last_draw < PROGRESS_INTERVAL)
        return;
    double mb = (double)bytes_done / 1e6, total = (double)p->total_bytes / 1e6;
    double elapsed = now - p->t0, rate = elapsed > 0 ? mb / elapsed : 0;
    fprintf(p->out, "\r\033[K%zu/%zu files, %.1f/%.1f MB, %.1f MB/s", files_done,
            p->total_files, mb, total, rate);
    if (rate > 0 && bytes_done <= p->total_bytes) {
        unsigned long left = (unsigned long)((total - mb) / rate + 0.5);
        fprintf(p->out, ", %lu:%02lu left", left / 60, left % 60);
    }
    fflush(p->out);
    p->last_draw = now;
    p->drawn = true;
}

void progress_end(struct progress *p)
{
    if (p->on && p->drawn) {
        fputs("\r\033[K", p->out);
        fflush(p->out);
    }
    p->drawn = false;
}
