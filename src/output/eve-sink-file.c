/* eve-sink-file.c - EVE to a regular file (appended to, 64 KiB stdio
 * buffer, flushed every flush-interval) or to stdout (`-l -`,
 * `filetype: stdout`), one record per line. */
#include <errno.h>
#include <string.h>

#include "output/eve-sink.h"

#define EVE_FILE_BUF (1 << 16)

static int eve_file_open(struct eve_sink *s)
{
    if (s->cfg.kind == EVE_SINK_STDOUT) {
        /* Opened once, before anything is written to stdout (records are
         * the only thing smbneg writes there while running). */
        setvbuf(stdout, NULL, _IOFBF, EVE_FILE_BUF);
        s->fp = stdout;
        return 0;
    }
    s->fp = fopen(s->cfg.path, "a");
    if (!s->fp) {
        snprintf(s->err, sizeof(s->err), "cannot open for writing: %s", strerror(errno));
        return -1;
    }
    setvbuf(s->fp, NULL, _IOFBF, EVE_FILE_BUF);
    return 0;
}

/* A write error: EPIPE on stdout means the reader has gone (`| head`;
 * SIGPIPE is ignored while reading captures), which ends the output
 * quietly. */
static void eve_file_error(struct eve_sink *s)
{
    if (errno == EPIPE && s->cfg.kind == EVE_SINK_STDOUT)
        s->gone = true;
    snprintf(s->err, sizeof(s->err), "write error: %s", strerror(errno));
    clearerr(s->fp);
}

static enum eve_sink_status eve_file_write(struct eve_sink *s, const char *rec, size_t len)
{
    if (fwrite(rec, 1, len, s->fp) != len || fputc('\n', s->fp) == EOF) {
        eve_file_error(s);
        return EVE_SINK_FAILED;
    }
    return EVE_SINK_OK;
}

static int eve_file_flush(struct eve_sink *s)
{
    if (!s->fp)
        return 0;
    if (fflush(s->fp) != 0 || ferror(s->fp)) {
        eve_file_error(s);
        return -1;
    }
    return 0;
}

static void eve_file_close(struct eve_sink *s)
{
    if (!s->fp)
        return;
    if (s->fp == stdout) {
        if (fflush(stdout) != 0 && errno == EPIPE)
            s->gone = true;
        clearerr(stdout);
    } else if (fclose(s->fp) != 0)
        s->st.write_errors++;
    s->fp = NULL;
}

const struct eve_sink_ops eve_sink_file_ops = {
    .open = eve_file_open,
    .write = eve_file_write,
    .flush = eve_file_flush,
    .close = eve_file_close,
};
