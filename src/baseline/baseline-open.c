/* baseline-open.c - the baseline store the policy's baseline.* settings
 * name (config.h), opened for a run. */
#include <string.h>

#define LOG_MODULE "baseline"
#include "baseline/baseline.h"
#include "config/config.h"
#include "output/output.h"
#include "util/log.h"

struct baseline *baseline_open(const struct config *cfg, bool *per_file)
{
    char path[2 * CONFIG_PATH_MAX + 2];
    const char *store = cfg->baseline_store;
    if (strcmp(store, "auto") == 0)
        store = cfg->live ? "sqlite" : "memory";
    struct baseline_cfg bc = {
        .store = store,
        .redis_server = cfg->baseline_redis_server,
        .redis_port = cfg->baseline_redis_port,
        .redis_prefix = cfg->baseline_redis_prefix,
        .min_observations = cfg->baseline_min_obs,
        .max_age = cfg->baseline_max_age,
    };
    *per_file = strcmp(cfg->baseline_scope, "file") == 0;
    if (*per_file && strcmp(store, "memory") != 0) {
        log_error("baseline.scope: file empties the baseline for each capture; it needs "
                  "baseline.store: memory (the store is %s)", store);
        return NULL;
    }
    /* the sqlite file sits with the other files the run writes */
    if (strcmp(store, "sqlite") == 0) {
        if (output_log_path(cfg, cfg->baseline_file, path, sizeof(path)) != 0)
            return NULL;
        bc.file = path;
    }
    struct baseline *b = baseline_new(&bc);
    if (b && cfg->verbose >= 1 && strcmp(store, "redis") == 0)
        log_info("baseline store: redis %s:%u, keys %s*", bc.redis_server, bc.redis_port,
                 bc.redis_prefix);
    else if (b && cfg->verbose >= 1)
        log_info("baseline store: %s%s%s, scope %s", store, bc.file ? " " : "",
                 bc.file ? bc.file : "", cfg->baseline_scope);
    return b;
}
