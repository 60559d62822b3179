/* engine-live.c - what the live sensor asks of the engine besides packets:
 * swapping the rule set (SIGUSR2), reopening and flushing the outputs
 * (SIGHUP, periodic work) and counting output errors.  engine_tick() and
 * the live stats keys stay in engine.c, next to what they share. */
#include <string.h>
#include <time.h>

#define LOG_MODULE "engine"
#include "detect/detect-policy.h"
#include "engine.h"
#include "util/log.h"
#include "util/mem.h"

/* The detection part of a policy: what a reload takes over. */
static void engine_take_detect_cfg(struct config *dst, const struct config *src)
{
    dst->addr_vars = src->addr_vars;
    dst->port_vars = src->port_vars;
    memcpy(dst->rule_path, src->rule_path, sizeof(dst->rule_path));
    dst->rule_files = src->rule_files;
    memcpy(dst->classification_file, src->classification_file,
           sizeof(dst->classification_file));
    memcpy(dst->threshold_file, src->threshold_file, sizeof(dst->threshold_file));
    dst->thresholds = src->thresholds;
    dst->suppress = src->suppress;
    memcpy(dst->policy_dir, src->policy_dir, sizeof(dst->policy_dir));
    memcpy(dst->rules_only, src->rules_only, sizeof(dst->rules_only));
    dst->rules_extra = src->rules_extra;
}

int engine_reload(struct engine *e, const struct config *new_cfg)
{
    int errors = 0;
    unsigned long long cur = e->detect ? detect_stats(e->detect)->rules_loaded : 0;
    struct detect *d = detect_policy_new(new_cfg, &errors);
    if (!d || errors) {
        detect_free(d);
        e->live.reload_failures++;
        log_error("reload failed, keeping the current rules (%llu loaded)", cur);
        return -1;
    }
    if (e->detect) {
        const struct detect_stats *old = detect_stats(e->detect);
        e->detect_retired.alerts += old->alerts;
        e->detect_retired.suppressed += old->suppressed;
        e->detect_retired.thresholded += old->thresholded;
    }
    detect_free(e->detect);
    e->detect = d;
    /* Anything else that changed waits for a restart: say so.  (Both
     * configs come from config_defaults' zeroed struct, so bytes compare.) */
    struct config *rest = mem_alloc(sizeof(*rest));
    if (rest) {
        *rest = *new_cfg;
        engine_take_detect_cfg(rest, &e->cfg);
        if (memcmp(rest, &e->cfg, sizeof(*rest)) != 0)
            log_warn("policy settings other than the rules changed; restart to apply them");
        mem_free(rest);
    }
    engine_take_detect_cfg(&e->cfg, new_cfg);
    e->live.reloads++;
    e->live.last_reload_sec = (int64_t)time(NULL);
    log_info("rules reloaded: %llu loaded (were %llu)",
             (unsigned long long)detect_stats(d)->rules_loaded, cur);
    return 0;
}

void engine_tick_outputs(struct engine *e)
{
    fast_log_flush(&e->fast); /* alerts show up in fast.log within a tick */
}

int engine_flush_outputs(struct engine *e)
{
    int err = e->eve_open ? eve_flush(&e->eve) : 0;
    fast_log_flush(&e->fast);
    return err ? err : e->fast.open ? e->fast.lf.err : 0;
}

uint64_t engine_output_errors(const struct engine *e)
{
    uint64_t n = fast_log_lost(&e->fast);
    if (e->eve_open) {
        struct eve_output_stats st;
        eve_output_stats(&e->eve, &st);
        n += st.write_errors + st.dropped + e->eve.write_errors;
    }
    return n;
}

int engine_reopen_outputs(struct engine *e)
{
    int rc = 0;
    if (e->eve_open && eve_reopen(&e->eve) != 0)
        rc = -1;
    if (e->fast.open && fast_log_reopen(&e->fast) != 0)
        rc = -1;
    return rc;
}
