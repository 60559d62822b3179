/* detect-ref.c - reference systems: "config reference: system URL" lines,
 * with the systems of etc/reference.config (Suricata's) compiled in. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "detect/detect-config-line.h"
#include "detect/detect-ref.h"
#include "util/mem.h"

/* etc/reference.config, which follows Suricata's etc/reference.config. */
static const struct {
    const char *name, *url;
} ref_defaults[] = {
    {"cve", "https://cve.mitre.org/cgi-bin/cvename.cgi?name="},
    {"nessus", "https://www.tenable.com/plugins/nessus/"},
    {"url", "https://"},
    {"mcafee", "https://vil.nai.com/vil/content/v_"},
    {"bid", "https://www.securityfocus.com/bid/"},
    {"bugtraq", "https://www.securityfocus.com/bid/"},
    {"md5", "https://www.threatexpert.com/report.aspx?md5="},
    {"secunia", "https://www.secunia.com/advisories/"},
    {"arachnids", "https://www.whitehats.com/info/IDS"},
    {"exploitdb", "https://www.exploit-db.com/exploits/"},
    {"msft", "https://technet.microsoft.com/security/bulletin/"},
    {"et", "https://doc.emergingthreats.net/"},
    {"etpro", "https://doc.emergingthreatspro.com/"},
    {"telus", "https://"},
    {"xforce", "http://xforce.iss.net/xforce/xfdb/"},
    {"osvdb", "http://osvdb.org/show/osvdb/"},
    {"threatexpert", "http://www.threatexpert.com/report.aspx?md5="},
    {"openpacket", "https://www.openpacket.org/capture/grab/"},
    {"securitytracker", "http://securitytracker.com/id?"},
};

const char *detect_ref_url(const struct detect_ref_table *t, const char *name, size_t len)
{
    for (size_t k = 0; k < t->n; k++)
        if (strlen(t->v[k].name) == len && strncasecmp(t->v[k].name, name, len) == 0)
            return t->v[k].url;
    return NULL;
}

/* Add name[0..nlen) -> url[0..ulen) unless the name is known (the first
 * definition wins, as in Suricata).  0, or -1 on out-of-memory. */
static int ref_add(struct detect_ref_table *t, const char *name, size_t nlen, const char *url,
                   size_t ulen)
{
    if (detect_ref_url(t, name, nlen))
        return 0;
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 32;
        struct detect_ref_system *v = mem_realloc(t->v, cap * sizeof(*v));
        if (!v)
            return -1;
        t->v = v;
        t->cap = cap;
    }
    char *n = mem_alloc(nlen + 1), *u = mem_alloc(ulen + 1);
    if (!n || !u) {
        mem_free(n);
        mem_free(u);
        return -1;
    }
    for (size_t k = 0; k < nlen; k++)
        n[k] = (char)tolower((unsigned char)name[k]);
    n[nlen] = '\0';
    memcpy(u, url, ulen);
    u[ulen] = '\0';
    t->v[t->n++] = (struct detect_ref_system){.name = n, .url = u};
    return 0;
}

int detect_ref_init(struct detect_ref_table *t)
{
    *t = (struct detect_ref_table){0};
    for (size_t k = 0; k < sizeof(ref_defaults) / sizeof(ref_defaults[0]); k++) {
        const char *n = ref_defaults[k].name, *u = ref_defaults[k].url;
        if (ref_add(t, n, strlen(n), u, strlen(u)) < 0)
            return -1;
    }
    return 0;
}

void detect_ref_deinit(struct detect_ref_table *t)
{
    for (size_t k = 0; k < t->n; k++) {
        mem_free(t->v[k].name);
        mem_free(t->v[k].url);
    }
    mem_free(t->v);
    *t = (struct detect_ref_table){0};
}

/* A system name as Suricata's reference.config allows: a letter, then
 * letters, digits, '-' and '_'. */
static size_t ref_name_len(const char *s)
{
    size_t k = 0;
    if (!isalpha((unsigned char)s[0]))
        return 0;
    while (isalnum((unsigned char)s[k]) || s[k] == '-' || s[k] == '_')
        k++;
    return k;
}

int detect_ref_load_line(struct detect_ref_table *t, const char *line, char *err,
                         size_t errlen, size_t *err_off)
{
    size_t i = 0, len = strlen(line);
    enum detect_config_line head = detect_config_line(line, "reference", &i, err_off);
    if (head == DETECT_CONFIG_LINE_SKIP)
        return 0;
    if (head == DETECT_CONFIG_LINE_SYNTAX)
        goto syntax;
    size_t nb = i, nl = ref_name_len(line + i);
    i += nl;
    if (nl == 0 || !isspace((unsigned char)line[i])) {
        *err_off = nb;
        snprintf(err, errlen, "bad reference system name '%.*s'",
                 (int)strcspn(line + nb, " \t"), line + nb);
        return -1;
    }
    while (isspace((unsigned char)line[i]))
        i++;
    size_t ub = i, ue = len;
    while (ue > ub && isspace((unsigned char)line[ue - 1]))
        ue--;
    if (ue == ub)
        goto syntax;
    if (ref_add(t, line + nb, nl, line + ub, ue - ub) < 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
syntax:
    snprintf(err, errlen, "expected 'config reference: system URL'");
    return -1;
}

/* A value with its own scheme: letters then "://" (Suricata's reference
 * regex: the scheme overrides the system). */
static bool ref_has_scheme(const char *v)
{
    size_t k = 0;
    while (isalpha((unsigned char)v[k]))
        k++;
    return k > 0 && strncmp(v + k, "://", 3) == 0;
}

char *detect_ref_expand(const struct detect_ref_table *t, const char *ref, int *unknown)
{
    *unknown = 0;
    const char *comma = strchr(ref, ',');
    size_t sb = 0, se = comma ? (size_t)(comma - ref) : strlen(ref);
    while (sb < se && isspace((unsigned char)ref[sb]))
        sb++;
    while (se > sb && isspace((unsigned char)ref[se - 1]))
        se--;
    const char *v = comma ? comma + 1 : "";
    while (isspace((unsigned char)*v))
        v++;
    size_t vl = strlen(v);
    while (vl > 0 && isspace((unsigned char)v[vl - 1]))
        vl--;
    const char *url = detect_ref_url(t, ref + sb, se - sb);
    char *out;
    size_t n;
    if (ref_has_scheme(v)) {
        n = vl + 1;
        if ((out = mem_alloc(n)))
            snprintf(out, n, "%.*s", (int)vl, v);
    } else if (url) {
        n = strlen(url) + vl + 1;
        if ((out = mem_alloc(n)))
            snprintf(out, n, "%s%.*s", url, (int)vl, v);
    } else {
        *unknown = 1;
        out = mem_strdup(ref);
    }
    return out;
}
