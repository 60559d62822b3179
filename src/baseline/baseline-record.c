/* baseline-record.c - baseline records as named text fields, the one
 * codec of the stores that keep text (SQLite columns, redis hash fields)
 * and of `smbneg hosts`: dialects as "3.1.1", ciphers and algorithms by
 * their MS-SMB2 names, GUIDs as Wireshark prints them, times in seconds. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/smb/smb-names.h"
#include "baseline/baseline-record.h"

/* ------------------------------------------------------------ keys */

int bl_key_to_text(const struct bl_key *k, char out[BL_KEY_TEXT])
{
    if (k->kind == BL_KEY_CLIENT_GUID) {
        char g[37];
        smb_guid_format(k->b, g);
        snprintf(out, BL_KEY_TEXT, "guid:%s", g);
        return 0;
    }
    if (!inet_ntop(k->ip_v == 6 ? AF_INET6 : AF_INET, k->b, out, BL_KEY_TEXT))
        return -1;
    return 0;
}

int bl_key_from_text(enum bl_key_kind kind, const char *s, struct bl_key *k)
{
    memset(k, 0, sizeof(*k));
    k->kind = (uint8_t)kind;
    if (kind != BL_KEY_SERVER && strncmp(s, "guid:", 5) == 0) {
        k->kind = BL_KEY_CLIENT_GUID;
        return smb_guid_parse(s + 5, k->b);
    }
    if (inet_pton(AF_INET, s, k->b) == 1) {
        k->ip_v = 4;
        return 0;
    }
    if (inet_pton(AF_INET6, s, k->b) == 1) {
        k->ip_v = 6;
        return 0;
    }
    return -1;
}

/* ------------------------------------------------------------ lists */

typedef const char *(*bl_name_fn)(uint16_t v);

static const char *bl_dialect_of_bit(uint16_t bit)
{
    static const uint16_t d[] = {0x0202, 0x0210, 0x0222, 0x0224, 0x0300, 0x0302, 0x0310, 0x0311};
    return bit < 8 ? smb_dialect_name(d[bit]) : NULL;
}

static const char *bl_ctx_name(uint16_t type)
{
    const char *n = smb_negctx_type_name(type);
    return strcmp(n, "unknown") == 0 ? NULL : n;
}

/* Bits of a mask -> "name,name" (names of bit numbers through fn); a name
 * that does not fit is left out.  No snprintf: see bl_int. */
static void bl_mask_text(uint32_t mask, bl_name_fn fn, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = '\0';
    for (uint16_t b = 0; b < 32; b++) {
        const char *name = (mask >> b) & 1 ? fn(b) : NULL;
        size_t len = name ? strlen(name) : 0;
        if (!name || n + (n != 0) + len >= cap)
            continue;
        if (n)
            out[n++] = ',';
        memcpy(out + n, name, len + 1);
        n += len;
    }
}

/* "name,name" -> mask; the bit of a name is the value whose fn is it. */
static uint32_t bl_mask_parse(const char *text, bl_name_fn fn)
{
    uint32_t mask = 0;
    char buf[BL_FIELD_TEXT], *save = NULL;
    snprintf(buf, sizeof(buf), "%s", text);
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
        for (uint16_t b = 0; b < 32; b++)
            if (fn(b) && strcmp(fn(b), t) == 0)
                mask |= 1u << b;
    return mask;
}

static const char *bl_cipher_name_of_rank(unsigned rank)
{
    static const uint16_t by_rank[] = {0, 0x0001, 0x0003, 0x0002, 0x0004};
    return rank && rank < 5 ? smb_cipher_name(by_rank[rank]) : "none";
}

/* ------------------------------------------------------------ fields */

/* The two setters format by hand, not with snprintf: a store's flush
 * encodes every changed record, and snprintf was most of that cost. */
static void bl_int(struct bl_field *f, const char *name, int64_t v)
{
    char digits[24];
    size_t n = 0, k = 0;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    f->name = name;
    f->is_int = true;
    f->i = v;
    do {
        digits[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        f->text[k++] = '-';
    while (n)
        f->text[k++] = digits[--n];
    f->text[k] = '\0';
}

static void bl_text(struct bl_field *f, const char *name, const char *v)
{
    size_t n = v ? strnlen(v, sizeof(f->text) - 1) : 0;
    f->name = name;
    f->is_int = false;
    f->i = 0;
    if (n)
        memcpy(f->text, v, n);
    f->text[n] = '\0';
}

static size_t bl_server_fields(const struct bl_server *s, struct bl_field *f)
{
    size_t n = 0;
    char buf[BL_FIELD_TEXT];
    bl_int(&f[n++], "negotiations", (int64_t)s->n);
    bl_int(&f[n++], "first_seen", s->first_seen);
    bl_int(&f[n++], "last_seen", s->last_seen);
    bl_text(&f[n++], "best_dialect", s->best_dialect ? smb_dialect_name(s->best_dialect) : "");
    bl_mask_text(s->dialects, bl_dialect_of_bit, buf, sizeof(buf));
    bl_text(&f[n++], "dialects", buf);
    bl_int(&f[n++], "smb2_responses", (int64_t)s->n_smb2);
    bl_int(&f[n++], "signing_required", (int64_t)s->n_signing_required);
    bl_text(&f[n++], "best_cipher", bl_cipher_name_of_rank(s->best_cipher));
    bl_mask_text(s->ciphers & ~1u, smb_cipher_name, buf, sizeof(buf));
    bl_text(&f[n++], "ciphers", buf);
    bl_mask_text(s->signing_algs, smb_signing_alg_name, buf, sizeof(buf));
    bl_text(&f[n++], "signing_algs", buf);
    bl_int(&f[n++], "smb1", s->smb1);
    buf[0] = '\0';
    for (unsigned i = 0, k = 0; i < s->n_guids && i < BL_MAX_GUIDS; i++) {
        char g[37];
        smb_guid_format(s->guids[i], g);
        k += (unsigned)snprintf(buf + k, sizeof(buf) - k, "%s%s", i ? "," : "", g);
    }
    bl_text(&f[n++], "guids", buf);
    return n;
}

static size_t bl_client_fields(const struct bl_client *c, struct bl_field *f)
{
    size_t n = 0;
    char buf[BL_FIELD_TEXT];
    bl_int(&f[n++], "negotiations", (int64_t)c->n);
    bl_int(&f[n++], "first_seen", c->first_seen);
    bl_int(&f[n++], "last_seen", c->last_seen);
    bl_text(&f[n++], "best_offered", c->best_offered ? smb_dialect_name(c->best_offered) : "");
    bl_mask_text(c->offered, bl_dialect_of_bit, buf, sizeof(buf));
    bl_text(&f[n++], "offered", buf);
    bl_int(&f[n++], "signing_required", (int64_t)c->n_signing_required);
    bl_mask_text(c->ciphers, smb_cipher_name, buf, sizeof(buf));
    bl_text(&f[n++], "ciphers", buf);
    bl_mask_text(c->contexts, bl_ctx_name, buf, sizeof(buf));
    bl_text(&f[n++], "contexts", buf);
    buf[0] = '\0';
    if (c->has_guid)
        smb_guid_format(c->guid, buf);
    bl_text(&f[n++], "guid", buf);
    bl_int(&f[n++], "guidless_negotiations", (int64_t)c->guidless.n);
    bl_int(&f[n++], "guidless_first_seen", c->guidless.first_seen);
    bl_int(&f[n++], "guidless_last_seen", c->guidless.last_seen);
    bl_text(&f[n++], "guidless_best_offered",
            c->guidless.best_offered ? smb_dialect_name(c->guidless.best_offered) : "");
    return n;
}

size_t bl_record_fields(const struct bl_key *k, const void *rec, struct bl_field *out)
{
    return k->kind == BL_KEY_SERVER ? bl_server_fields(rec, out) : bl_client_fields(rec, out);
}

/* ------------------------------------------------------------ parsing */

static int64_t bl_num(const char *v)
{
    return strtoll(v, NULL, 10);
}

static uint16_t bl_dialect(const char *v)
{
    uint16_t d = 0;
    return *v && smb_name_to_dialect(v, &d) == 0 ? d : 0;
}

static void bl_server_set(struct bl_server *s, const char *name, const char *v)
{
    if (strcmp(name, "negotiations") == 0)
        s->n = (uint64_t)bl_num(v);
    else if (strcmp(name, "first_seen") == 0)
        s->first_seen = bl_num(v);
    else if (strcmp(name, "last_seen") == 0)
        s->last_seen = bl_num(v);
    else if (strcmp(name, "best_dialect") == 0)
        s->best_dialect = bl_dialect(v);
    else if (strcmp(name, "dialects") == 0)
        s->dialects = (uint16_t)bl_mask_parse(v, bl_dialect_of_bit);
    else if (strcmp(name, "smb2_responses") == 0)
        s->n_smb2 = (uint64_t)bl_num(v);
    else if (strcmp(name, "signing_required") == 0)
        s->n_signing_required = (uint64_t)bl_num(v);
    else if (strcmp(name, "best_cipher") == 0) {
        uint16_t id = 0;
        s->best_cipher = smb_name_to_cipher(v, &id) == 0 ? (uint8_t)baseline_cipher_rank(id) : 0;
    } else if (strcmp(name, "ciphers") == 0)
        s->ciphers = (uint8_t)bl_mask_parse(v, smb_cipher_name);
    else if (strcmp(name, "signing_algs") == 0)
        s->signing_algs = (uint8_t)bl_mask_parse(v, smb_signing_alg_name);
    else if (strcmp(name, "smb1") == 0)
        s->smb1 = bl_num(v) != 0;
    else if (strcmp(name, "guids") == 0) {
        char buf[BL_FIELD_TEXT], *save = NULL;
        snprintf(buf, sizeof(buf), "%s", v);
        s->n_guids = 0;
        for (char *t = strtok_r(buf, ",", &save); t && s->n_guids < BL_MAX_GUIDS;
             t = strtok_r(NULL, ",", &save))
            if (smb_guid_parse(t, s->guids[s->n_guids]) == 0)
                s->n_guids++;
    }
}

static void bl_client_set(struct bl_client *c, const char *name, const char *v)
{
    if (strcmp(name, "negotiations") == 0)
        c->n = (uint64_t)bl_num(v);
    else if (strcmp(name, "first_seen") == 0)
        c->first_seen = bl_num(v);
    else if (strcmp(name, "last_seen") == 0)
        c->last_seen = bl_num(v);
    else if (strcmp(name, "best_offered") == 0)
        c->best_offered = bl_dialect(v);
    else if (strcmp(name, "offered") == 0)
        c->offered = (uint16_t)bl_mask_parse(v, bl_dialect_of_bit);
    else if (strcmp(name, "signing_required") == 0)
        c->n_signing_required = (uint64_t)bl_num(v);
    else if (strcmp(name, "ciphers") == 0)
        c->ciphers = (uint8_t)bl_mask_parse(v, smb_cipher_name);
    else if (strcmp(name, "contexts") == 0)
        c->contexts = (uint16_t)bl_mask_parse(v, bl_ctx_name);
    else if (strcmp(name, "guid") == 0)
        c->has_guid = *v && smb_guid_parse(v, c->guid) == 0;
    else if (strcmp(name, "guidless_negotiations") == 0)
        c->guidless.n = (uint64_t)bl_num(v);
    else if (strcmp(name, "guidless_first_seen") == 0)
        c->guidless.first_seen = bl_num(v);
    else if (strcmp(name, "guidless_last_seen") == 0)
        c->guidless.last_seen = bl_num(v);
    else if (strcmp(name, "guidless_best_offered") == 0)
        c->guidless.best_offered = bl_dialect(v);
}

void bl_record_set(const struct bl_key *k, void *rec, const char *name, const char *value)
{
    if (!value)
        return;
    if (k->kind == BL_KEY_SERVER)
        bl_server_set(rec, name, value);
    else
        bl_client_set(rec, name, value);
}
