/* output.c - the outputs of a run, opened from the policy: every enabled
 * eve-log output (eve.c and its sinks) and fast.log, in the log directory. */
#include <string.h>
#include <sys/stat.h>

#define LOG_MODULE "output"
#include "output/output.h"
#include "util/log.h"

/* A file in the log directory (an absolute `file` is taken as is). */
static int output_log_path(const struct config *cfg, const char *file, char *out, size_t cap)
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
        if (lc.sink.kind != EVE_SINK_STDOUT && lc.sink.kind != EVE_SINK_REDIS &&
            lc.sink.kind != EVE_SINK_SYSLOG &&
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
