/* detect-class.c - classtypes: "config classification: name,description,priority"
 * lines, with Suricata's classification.config compiled in as the default. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "detect/detect-class.h"
#include "detect/detect-config-line.h"
#include "util/mem.h"

/* Suricata's classification.config (names, descriptions and priorities as
 * shipped, which follow Snort's). */
static const struct {
    const char *name, *desc;
    uint32_t priority;
} class_defaults[] = {
    {"not-suspicious", "Not Suspicious Traffic", 3},
    {"unknown", "Unknown Traffic", 3},
    {"bad-unknown", "Potentially Bad Traffic", 2},
    {"attempted-recon", "Attempted Information Leak", 2},
    {"successful-recon-limited", "Information Leak", 2},
    {"successful-recon-largescale", "Large Scale Information Leak", 2},
    {"attempted-dos", "Attempted Denial of Service", 2},
    {"successful-dos", "Denial of Service", 2},
    {"attempted-user", "Attempted User Privilege Gain", 1},
    {"unsuccessful-user", "Unsuccessful User Privilege Gain", 1},
    {"successful-user", "Successful User Privilege Gain", 1},
    {"attempted-admin", "Attempted Administrator Privilege Gain", 1},
    {"successful-admin", "Successful Administrator Privilege Gain", 1},
    {"rpc-portmap-decode", "Decode of an RPC Query", 2},
    {"shellcode-detect", "Executable code was detected", 1},
    {"string-detect", "A suspicious string was detected", 3},
    {"suspicious-filename-detect", "A suspicious filename was detected", 2},
    {"suspicious-login", "An attempted login using a suspicious username was detected", 2},
    {"system-call-detect", "A system call was detected", 2},
    {"tcp-connection", "A TCP connection was detected", 4},
    {"trojan-activity", "A Network Trojan was detected", 1},
    {"unusual-client-port-connection", "A client was using an unusual port", 2},
    {"network-scan", "Detection of a Network Scan", 3},
    {"denial-of-service", "Detection of a Denial of Service Attack", 2},
    {"non-standard-protocol", "Detection of a non-standard protocol or event", 2},
    {"protocol-command-decode", "Generic Protocol Command Decode", 3},
    {"web-application-activity", "access to a potentially vulnerable web application", 2},
    {"web-application-attack", "Web Application Attack", 1},
    {"misc-activity", "Misc activity", 3},
    {"misc-attack", "Misc Attack", 2},
    {"icmp-event", "Generic ICMP event", 3},
    {"kickass-porn", "SCORE! Get the lotion!", 1},
    {"inappropriate-content", "Inappropriate Content was Detected", 1},
    {"policy-violation", "Potential Corporate Privacy Violation", 1},
    {"default-login-attempt", "Attempt to login by a default username and password", 2},
    {"targeted-activity", "Targeted Malicious Activity was Detected", 1},
    {"exploit-kit", "Exploit Kit Activity Detected", 1},
    {"external-ip-check", "Device Retrieving External IP Address Detected", 2},
    {"domain-c2", "Domain Observed Used for C2 Detected", 1},
    {"pup-activity", "Possibly Unwanted Program Detected", 2},
    {"credential-theft", "Successful Credential Theft Detected", 1},
    {"social-engineering", "Possible Social Engineering Attempted", 2},
    {"coin-mining", "Crypto Currency Mining Activity Detected", 2},
    {"command-and-control", "Malware Command and Control Activity Detected", 1},
};

int detect_class_find(const struct detect_class_table *t, const char *name)
{
    for (size_t k = 0; k < t->n; k++)
        if (strcasecmp(t->v[k].name, name) == 0)
            return (int)k;
    return -1;
}

const struct detect_class *detect_class_get(const struct detect_class_table *t, int idx)
{
    return idx >= 0 && (size_t)idx < t->n ? &t->v[idx] : NULL;
}

/* Add or redefine (in place, so indexes held by rules stay valid) a class
 * from name[0..nlen) and desc[0..dlen).  0, or -1 on out-of-memory. */
static int class_set(struct detect_class_table *t, const char *name, size_t nlen,
                     const char *desc, size_t dlen, uint32_t priority)
{
    char *n = mem_alloc(nlen + 1), *d = mem_alloc(dlen + 1);
    if (!n || !d)
        goto fail;
    memcpy(n, name, nlen);
    n[nlen] = '\0';
    memcpy(d, desc, dlen);
    d[dlen] = '\0';
    int idx = detect_class_find(t, n);
    if (idx < 0) {
        if (t->n == t->cap) {
            size_t cap = t->cap ? 2 * t->cap : 64;
            struct detect_class *v = mem_realloc(t->v, cap * sizeof(*v));
            if (!v)
                goto fail;
            t->v = v;
            t->cap = cap;
        }
        idx = (int)t->n++;
        t->v[idx] = (struct detect_class){.name = n, .desc = d, .priority = priority};
        return 0;
    }
    mem_free(n);
    mem_free(t->v[idx].desc);
    t->v[idx].desc = d;
    t->v[idx].priority = priority;
    return 0;
fail:
    mem_free(n);
    mem_free(d);
    return -1;
}

int detect_class_init(struct detect_class_table *t)
{
    *t = (struct detect_class_table){0};
    for (size_t k = 0; k < sizeof(class_defaults) / sizeof(class_defaults[0]); k++) {
        const char *name = class_defaults[k].name, *desc = class_defaults[k].desc;
        if (class_set(t, name, strlen(name), desc, strlen(desc), class_defaults[k].priority) < 0)
            return -1;
    }
    return 0;
}

void detect_class_deinit(struct detect_class_table *t)
{
    for (size_t k = 0; k < t->n; k++) {
        mem_free(t->v[k].name);
        mem_free(t->v[k].desc);
    }
    mem_free(t->v);
    *t = (struct detect_class_table){0};
}

/* Trim spaces around s[*b..*e). */
static void class_trim(const char *s, size_t *b, size_t *e)
{
    while (*b < *e && isspace((unsigned char)s[*b]))
        (*b)++;
    while (*e > *b && isspace((unsigned char)s[*e - 1]))
        (*e)--;
}

static bool class_name_ok(const char *s, size_t len)
{
    if (len == 0)
        return false;
    for (size_t k = 0; k < len; k++)
        if (!isalnum((unsigned char)s[k]) && s[k] != '-' && s[k] != '_')
            return false;
    return true;
}

/* "config classification: name,description,priority": the description
 * runs to the last comma, as in Suricata. */
int detect_class_load_line(struct detect_class_table *t, const char *line, char *err,
                           size_t errlen, size_t *err_off)
{
    size_t i = 0, len = strlen(line);
    enum detect_config_line head = detect_config_line(line, "classification", &i, err_off);
    if (head == DETECT_CONFIG_LINE_SKIP)
        return 0;
    if (head == DETECT_CONFIG_LINE_SYNTAX)
        goto syntax;
    const char *c1 = strchr(line + i, ','), *c2 = strrchr(line, ',');
    if (!c1 || c1 == c2)
        goto syntax;
    size_t nb = i, ne = (size_t)(c1 - line), db = ne + 1, de = (size_t)(c2 - line);
    size_t pb = de + 1, pe = len;
    class_trim(line, &nb, &ne);
    class_trim(line, &db, &de);
    class_trim(line, &pb, &pe);
    if (!class_name_ok(line + nb, ne - nb)) {
        *err_off = nb;
        snprintf(err, errlen, "bad classification name '%.*s'", (int)(ne - nb), line + nb);
        return -1;
    }
    char *end = NULL;
    unsigned long prio = pe > pb && isdigit((unsigned char)line[pb]) ? strtoul(line + pb, &end, 10)
                                                                      : 0;
    if (!end || end != line + pe || prio == 0 || prio > 255) {
        *err_off = pb;
        snprintf(err, errlen, "bad classification priority '%.*s'", (int)(pe - pb), line + pb);
        return -1;
    }
    if (class_set(t, line + nb, ne - nb, line + db, de - db, (uint32_t)prio) < 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
syntax:
    snprintf(err, errlen, "expected 'config classification: name,description,priority'");
    return -1;
}
