/* output.c - the outputs of a run, opened from the policy: every enabled
 * eve-log output (eve.c and its sinks) and fast.log, in the log directory. */
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define LOG_MODULE "output"
#include "output/output.h"
#include "util/log.h"

int output_log_path(const struct config *cfg, const char *file, char *out, size_t cap)
{
    struct stat stt;
    if (file[0] == '/') {
        if (strlen(file) >= cap) {
            log_error("%s: path too long", file);
            return -1;
        }
        snprintf(out, cap, "%s", file);
        return 0;
    }
    if (stat(cfg->log_dir, &stt) != 0 || !S_ISDIR(stt.st_mode)) {
        log_error("%s: log directory does not exist or is not a directory", cfg->log_dir);
        return -1;
    }
    int n = snprintf(out, cap, "%s/%s", cfg->log_dir, file);
    if (n < 0 || (size_t)n >= cap) {
        log_error("%s: log path too long", cfg->log_dir);
        return -1;
    }
    return 0;
}

bool output_type_enabled(const struct config *cfg, const char *type)
{
    for (uint32_t k = 0; k < cfg->n_eve; k++) {
        const struct config_eve *ev = &cfg->eve[k];
        for (uint32_t i = 0; ev->enabled && i < ev->types.n; i++)
            if (strcmp(ev->types.item[i], type) == 0)
                return true;
    }
    return false;
}

int output_open(struct eve *eve, struct fast_log *fast, const struct config *cfg, bool with_fast)
{
    char path[2 * CONFIG_PATH_MAX + 2];
    bool to_stdout = strcmp(cfg->log_dir, "-") == 0;
    eve_init(eve);
    eve_set_host(eve, cfg->sensor_name);
    for (uint32_t k = 0; k < cfg->n_eve; k++) {
        struct eve_log_cfg lc;
        if (!cfg->eve[k].enabled)
            continue;
        if (eve_log_cfg_from(&lc, &cfg->eve[k], k, to_stdout) != 0)
            return -1;
        if (eve_sink_type(lc.sink.kind)->in_log_dir &&
            output_log_path(cfg, cfg->eve[k].filename, lc.sink.path, sizeof(lc.sink.path)) != 0)
            return -1;
        if (eve_add(eve, &lc) != 0)
            return -1;
        if (cfg->verbose >= 1)
            log_info("eve-log output %u: %s %s", k, cfg->eve[k].filetype,
                     lc.sink.kind == EVE_SINK_REDIS ? cfg->eve[k].redis_key
                     : lc.sink.path[0]              ? lc.sink.path
                                                    : cfg->eve[k].filename);
    }
    if (cfg->fast_enabled && with_fast && !to_stdout) {
        if (output_log_path(cfg, cfg->fast_filename, path, sizeof(path)) != 0 ||
            fast_log_open(fast, path) != 0)
            return -1;
        if (cfg->verbose >= 1)
            log_info("fast.log output: %s", path);
    }
    return 0;
}

void output_tick(struct eve *eve, struct fast_log *fast, double now)
{
    if (eve)
        eve_tick(eve, now);
    fast_log_flush(fast);
}

int output_flush(struct eve *eve, struct fast_log *fast)
{
    int err = eve ? eve_flush(eve) : 0;
    fast_log_flush(fast);
    return err ? err : fast->open ? fast->lf.err : 0;
}

uint64_t output_errors(const struct eve *eve, const struct fast_log *fast)
{
    uint64_t n = fast_log_lost(fast);
    if (eve) {
        struct eve_output_stats st;
        eve_output_stats(eve, &st);
        n += st.write_errors + st.dropped + eve->write_errors;
    }
    return n;
}

int output_reopen(struct eve *eve, struct fast_log *fast)
{
    int rc = 0;
    if (eve && eve_reopen(eve) != 0)
        rc = -1;
    if (fast->open && fast_log_reopen(fast) != 0)
        rc = -1;
    return rc;
}

struct eve_origin output_stats_origin(bool live, int64_t packet_sec)
{
    struct eve_origin o = {NULL, 0, packet_sec, 0};
    if (live) {
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        o.ts_sec = (int64_t)now.tv_sec;
        o.ts_usec = (int32_t)(now.tv_nsec / 1000);
    }
    return o;
}

void output_stats_log(struct eve *eve, const struct eve_origin *o, const struct stats_snapshot *s)
{
    eve_begin(eve, o, "stats", NULL, NULL);
    stats_write(&eve->w, s);
    eve_end(eve);
}

int output_close(struct eve *eve, struct fast_log *fast)
{
    int rc = 0;
    if (eve && eve_close(eve) != 0)
        rc = -1;
    if (fast_log_close(fast) != 0)
        rc = -1;
    return rc;
}
