/* detect-policy.c - build the detection engine a policy describes: variables,
 * classification, rule files (with the built-in copy of the shipped
 * ruleset), threshold file and inline threshold/suppress lines, and the
 * command line's -S / -s. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define LOG_MODULE "detect"
#include "config/config.h"
#include "detect/detect-policy.h"
#include "util/log.h"

/* Resolve a rule file name: absolute as is, else under default-rule-path,
 * else under the policy's directory. */
static void detect_rule_path(const struct config *cfg, const char *name, char *out, size_t n)
{
    if (name[0] == '/' || (!cfg->rule_path[0] && !cfg->policy_dir[0]))
        snprintf(out, n, "%s", name);
    else
        snprintf(out, n, "%s/%s", cfg->rule_path[0] ? cfg->rule_path : cfg->policy_dir, name);
}

/* Load one rule file of the policy; a missing shipped ruleset falls back to
 * its compiled-in copy.  Returns errors (a missing file is one). */
static int detect_policy_rule_file(struct detect *d, const struct config *cfg, const char *name)
{
    char path[2 * CONFIG_PATH_MAX];
    detect_rule_path(cfg, name, path, sizeof(path));
    if (access(path, F_OK) != 0) {
        const char *builtin = config_builtin_rules(name);
        if (builtin)
            return detect_load_buffer(d, name, builtin, strlen(builtin));
    }
    int rc = detect_load_file(d, path);
    return rc < 0 ? 1 : rc;
}

static int detect_policy_thresholds(struct detect *d, const struct config *cfg)
{
    int errors = 0;
    if (cfg->threshold_file[0]) {
        int rc = detect_load_threshold_file(d, cfg->threshold_file);
        errors += rc < 0 ? 1 : rc;
    }
    for (uint32_t i = 0; i < cfg->thresholds.n; i++)
        errors += detect_load_threshold_line(d, "thresholds", i + 1, cfg->thresholds.item[i]);
    for (uint32_t i = 0; i < cfg->suppress.n; i++)
        errors += detect_load_threshold_line(d, "suppress", i + 1, cfg->suppress.item[i]);
    return errors;
}

struct detect *detect_policy_new(const struct config *cfg, int *errors)
{
    struct detect_var av[CONFIG_MAX_VARS], pv[CONFIG_MAX_VARS];
    for (uint32_t i = 0; i < cfg->addr_vars.n; i++)
        av[i] = (struct detect_var){cfg->addr_vars.var[i].name, cfg->addr_vars.var[i].value};
    for (uint32_t i = 0; i < cfg->port_vars.n; i++)
        pv[i] = (struct detect_var){cfg->port_vars.var[i].name, cfg->port_vars.var[i].value};
    struct detect_cfg dc = {av, cfg->addr_vars.n, pv, cfg->port_vars.n, NULL};
    struct detect *d = detect_new(&dc);
    *errors = 0;
    if (!d) {
        log_error("out of memory for the detection engine");
        *errors = 1;
        return NULL;
    }
    if (cfg->classification_file[0]) {
        int rc = detect_load_classification_file(d, cfg->classification_file);
        *errors += rc < 0 ? 1 : rc;
    }
    if (cfg->reference_config_file[0]) {
        int rc = detect_load_reference_file(d, cfg->reference_config_file);
        *errors += rc < 0 ? 1 : rc;
    }
    if (cfg->rules_only[0]) {
        int rc = detect_load_file(d, cfg->rules_only);
        *errors += rc < 0 ? 1 : rc;
    } else {
        for (uint32_t i = 0; i < cfg->rule_files.n; i++)
            *errors += detect_policy_rule_file(d, cfg, cfg->rule_files.item[i]);
    }
    for (uint32_t i = 0; i < cfg->rules_extra.n; i++) {
        int rc = detect_load_file(d, cfg->rules_extra.item[i]);
        *errors += rc < 0 ? 1 : rc;
    }
    *errors += detect_policy_thresholds(d, cfg);
    return d;
}

int detect_policy_swap(struct detect **cur, struct detect_stats *retired,
                       const struct config *cfg)
{
    int errors = 0;
    struct detect *d = detect_policy_new(cfg, &errors);
    if (!d || errors) {
        detect_free(d);
        return -1;
    }
    if (*cur) {
        const struct detect_stats *old = detect_stats(*cur);
        retired->alerts += old->alerts;
        retired->suppressed += old->suppressed;
        retired->thresholded += old->thresholded;
    }
    detect_free(*cur);
    *cur = d;
    return 0;
}

struct detect_stats detect_policy_totals(const struct detect *d,
                                         const struct detect_stats *retired)
{
    struct detect_stats t = *retired;
    if (d) {
        const struct detect_stats *ds = detect_stats(d);
        t.rules_loaded = ds->rules_loaded;
        t.rules_failed = ds->rules_failed;
        t.alerts += ds->alerts;
        t.suppressed += ds->suppressed;
        t.thresholded += ds->thresholded;
    }
    return t;
}
