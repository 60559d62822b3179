/* verify-match.c - expect.yaml filters over EVE records: dotted paths,
 * JSON-typed comparison and "closest record" explanations. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "verify/verify-int.h"

/* A path segment made only of digits indexes an array; anything else is an
 * object key.  Keys are compared whole, so "a.b" never matches a key that
 * itself contains a dot (EVE has none). */
json_t *verify_match_lookup(json_t *rec, const char *path)
{
    json_t *cur = rec;
    const char *p = path;
    while (cur) {
        const char *dot = strchr(p, '.');
        size_t len = dot ? (size_t)(dot - p) : strlen(p);
        char seg[256];
        if (len == 0 || len >= sizeof(seg))
            return NULL;
        memcpy(seg, p, len);
        seg[len] = '\0';
        if (json_is_array(cur)) {
            size_t k = 0;
            for (; k < len && isdigit((unsigned char)seg[k]); k++)
                ;
            if (k != len || len > 9)
                return NULL;
            cur = json_array_get(cur, (size_t)strtoul(seg, NULL, 10));
        } else if (json_is_object(cur)) {
            cur = json_object_get(cur, seg);
        } else {
            return NULL;
        }
        if (!dot)
            return cur;
        p = dot + 1;
    }
    return NULL;
}

/* JSON equality where 1 and 1.0 are equal (YAML "1.0" against EVE "1"). */
static bool verify_match_equal(json_t *want, json_t *got)
{
    if (json_is_number(want) && json_is_number(got) &&
        (json_is_real(want) || json_is_real(got)))
        return json_number_value(want) == json_number_value(got);
    return json_equal(want, got) != 0;
}

bool verify_match_record(json_t *rec, const struct verify_check *c)
{
    const char *key;
    json_t *want;
    size_t i;
    json_object_foreach(c->match, key, want) {
        json_t *got = verify_match_lookup(rec, key);
        if (!got || !verify_match_equal(want, got))
            return false;
    }
    json_array_foreach(c->not_present, i, want) {
        if (verify_match_lookup(rec, json_string_value(want)))
            return false;
    }
    return true;
}

size_t verify_match_nkeys(const struct verify_check *c)
{
    return json_object_size(c->match) + json_array_size(c->not_present);
}

size_t verify_match_score(json_t *rec, const struct verify_check *c)
{
    const char *key;
    json_t *want;
    size_t i, score = 0;
    json_object_foreach(c->match, key, want) {
        json_t *got = verify_match_lookup(rec, key);
        score += got && verify_match_equal(want, got);
    }
    json_array_foreach(c->not_present, i, want) {
        score += verify_match_lookup(rec, json_string_value(want)) == NULL;
    }
    return score;
}

static const char *verify_match_type(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "object";
    case JSON_ARRAY: return "list";
    case JSON_STRING: return "string";
    case JSON_INTEGER: return "integer";
    case JSON_REAL: return "number";
    case JSON_TRUE:
    case JSON_FALSE: return "boolean";
    default: return "null";
    }
}

/* A value as compact JSON, cut at 200 bytes. */
static void verify_match_print(FILE *out, json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS |
                                JSON_REAL_PRECISION(12));
    if (!s) {
        fputs("?", out);
        return;
    }
    if (strlen(s) > 200)
        fprintf(out, "%.200s...", s);
    else
        fputs(s, out);
    free(s); /* jansson's allocation */
}

void verify_match_explain(FILE *out, json_t *rec, const struct verify_check *c)
{
    const char *key;
    json_t *want;
    size_t i;
    json_object_foreach(c->match, key, want) {
        json_t *got = verify_match_lookup(rec, key);
        if (got && verify_match_equal(want, got))
            continue;
        fprintf(out, "    %s: expected ", key);
        verify_match_print(out, want);
        if (!got) {
            fputs(", got nothing (key absent)\n", out);
            continue;
        }
        fputs(", got ", out);
        verify_match_print(out, got);
        if (json_typeof(want) != json_typeof(got) && !(json_is_number(want) && json_is_number(got)))
            fprintf(out, " (%s, not %s)", verify_match_type(got), verify_match_type(want));
        fputc('\n', out);
    }
    json_array_foreach(c->not_present, i, want) {
        json_t *got = verify_match_lookup(rec, json_string_value(want));
        if (!got)
            continue;
        fprintf(out, "    %s: expected not present, got ", json_string_value(want));
        verify_match_print(out, got);
        fputc('\n', out);
    }
}
