/* eve-sink-file.c - EVE to a regular file (appended to) or to stdout (`-l
 * -`, `filetype: stdout`), one record per line, through a 64 KiB buffer of
 * whole lines (util/linefile.h) written every flush-interval: a failed
 * write (a full disk) loses whole records only, the file is cut back to
 * its last complete line, and the counts are exact. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "output/eve-sink.h"

#define EVE_FILE_BUF (1 << 16)

/* The sink's counters from the file's: written = records in the file or
 * still buffered, write_errors = records lost to failed writes. */
static void eve_file_sync(struct eve_sink *s)
{
    s->st.written = s->lf.written + s->lf.buffered;
    s->st.write_errors = s->lf.lost;
    if (s->lf.err && !s->errnum) {
        s->errnum = s->lf.err;
        snprintf(s->err, sizeof(s->err), "%s", strerror(s->lf.err));
    }
    /* EPIPE on stdout: the reader has gone (`| head`; SIGPIPE is ignored
     * while reading captures), which ends this output quietly */
    if (s->lf.gone && s->cfg.kind == EVE_SINK_STDOUT)
        s->gone = true;
}

static int eve_file_open(struct eve_sink *s)
{
    int rc = s->cfg.kind == EVE_SINK_STDOUT
                 ? linefile_open_fd(&s->lf, STDOUT_FILENO, EVE_FILE_BUF)
                 : linefile_open(&s->lf, s->cfg.path, EVE_FILE_BUF);
    if (rc != 0) {
        snprintf(s->err, sizeof(s->err), "cannot open for writing: %s", strerror(errno));
        return -1;
    }
    s->lf_open = true;
    s->lf.written = s->st.written; /* a reopen (logrotate) keeps counting */
    s->lf.lost = s->st.write_errors;
    return 0;
}

static enum eve_sink_status eve_file_write(struct eve_sink *s, const char *rec, size_t len)
{
    linefile_put(&s->lf, rec, len);
    eve_file_sync(s);
    return EVE_SINK_COUNTED;
}

static int eve_file_flush(struct eve_sink *s)
{
    if (!s->lf_open)
        return 0;
    int rc = linefile_flush(&s->lf);
    eve_file_sync(s);
    return rc;
}

static void eve_file_close(struct eve_sink *s)
{
    if (!s->lf_open)
        return;
    linefile_close(&s->lf);
    eve_file_sync(s);
    s->lf_open = false;
}

const struct eve_sink_ops eve_sink_file_ops = {
    .open = eve_file_open,
    .write = eve_file_write,
    .flush = eve_file_flush,
    .close = eve_file_close,
};
