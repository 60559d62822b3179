/* kw-common.h - value grammars shared by the SMB rule keywords: set
 * operators over lists ("any AES-128-GCM, AES-256-GCM"), comparisons
 * ("<=3.0.2") and quoted-string lists ("\"NT LM 0.12\", \"SMB 2.002\"").
 *
 * Every parser takes the keyword's value (surrounding spaces already
 * removed by the rule parser), fills a caller-owned struct and returns 0, or
 * -1 with a reason naming the offending item in err.  Name lookups are
 * case-insensitive and also take "0x" hex (app/smb/smb-names.h). */
#ifndef SMBNEG_KW_COMMON_H
#define SMBNEG_KW_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Most items one rule list may name (more than any wire list we keep). */
#define KW_SET_MAX 64

/* Resolve one name ("3.1.1", "AES-128-GCM", "leasing", "0x0311") to its
 * value; 0 on success, -1 when unknown. */
typedef int (*kw_lookup_fn)(const char *name, uint32_t *out);

/* ---- set operators: `only|any|all|none <item>[, <item>...]` ---- */

enum kw_set_op {
    KW_SET_ONLY = 0, /* the wire list is non-empty and within the rule's set */
    KW_SET_ANY,      /* at least one value in common */
    KW_SET_ALL,      /* every rule value is on the wire */
    KW_SET_NONE,     /* no value in common */
};

struct kw_set {
    enum kw_set_op op;
    size_t n;
    uint32_t v[KW_SET_MAX];
};

/* Parse the operator word that starts `value`; *rest points past it and
 * the spaces after it (for lists of other kinds, e.g. strings). */
int kw_set_op_parse(const char *value, const char *what, enum kw_set_op *op, const char **rest,
                    char *err, size_t errlen);
/* Parse `value` into *out, resolving each item through `lookup`; `what`
 * names an item in errors ("unknown cipher 'foo'"). */
int kw_set_parse(const char *value, kw_lookup_fn lookup, const char *what, struct kw_set *out,
                 char *err, size_t errlen);
/* Evaluate a set against the values seen on the wire.  An empty wire list
 * is no offer: every operator is false on it (doc/rules.md, "The empty
 * offer").  Bits are a word every message carries: 0 is a value. */
bool kw_set_match_u16(const struct kw_set *s, const uint16_t *wire, size_t n);
bool kw_set_match_u32(const struct kw_set *s, const uint32_t *wire, size_t n);
/* Evaluate a set of bit values against a flags word: each set bit of
 * `wire` is one wire value and each rule value stands for its bits. */
bool kw_set_match_bits(const struct kw_set *s, uint32_t wire);

/* The generic evaluator behind the three above: eq(rule, ri, wire, wi)
 * says whether rule item ri equals wire item wi. */
typedef bool (*kw_set_eq_fn)(const void *rule, size_t ri, const void *wire, size_t wi);
bool kw_set_eval(enum kw_set_op op, const void *rule, size_t n_rule, const void *wire,
                 size_t n_wire, kw_set_eq_fn eq);

/* ---- comparisons: `[=|!=|<|<=|>|>=] <value>` (no operator means =) ---- */

enum kw_cmp_op { KW_CMP_EQ = 0, KW_CMP_NE, KW_CMP_LT, KW_CMP_LE, KW_CMP_GT, KW_CMP_GE };

struct kw_cmp {
    enum kw_cmp_op op;
    uint32_t value;
};

int kw_cmp_parse(const char *value, kw_lookup_fn lookup, const char *what, struct kw_cmp *out,
                 char *err, size_t errlen);
/* Is `v <op> rule value` true? */
bool kw_cmp_eval(const struct kw_cmp *c, uint32_t v);

/* ---- quoted-string lists: `"a"[, "b"...]` (\", \\ and \; escape) ---- */

struct kw_strlist {
    size_t n;
    char *buf;                    /* owned: the unescaped items, NUL-separated */
    const char *item[KW_SET_MAX]; /* borrows from buf */
};

/* Parse the list starting at `s`; the whole rest of `s` must be the list.
 * On success *out owns memory released by kw_strlist_deinit; on failure
 * nothing is owned. */
int kw_strlist_parse(const char *s, struct kw_strlist *out, char *err, size_t errlen);
void kw_strlist_deinit(struct kw_strlist *l);

/* ---- keyword setup in one call: allocate a struct kw_set / kw_cmp, parse
 * `value` into it and store it in *data (freed by kw_data_free). ---- */

int kw_set_setup(const char *value, kw_lookup_fn lookup, const char *what, void **data, char *err,
                 size_t errlen);
int kw_cmp_setup(const char *value, kw_lookup_fn lookup, const char *what, void **data, char *err,
                 size_t errlen);

/* A dialect comparison (kw_cmp_setup over kw_lookup_dialect) where the
 * wildcard 2.??? (0x02FF), a step and not a dialect, may appear only with
 * = or != (`wildcard_eq`) or not at all: anything else is refused. */
int kw_dialect_cmp_setup(const char *value, bool wildcard_eq, void **data, char *err,
                         size_t errlen);

/* ---- signing words: disabled|enabled|required|not_required, against the
 * words of smb_tx_client_signing / smb_tx_server_signing ---- */

int kw_signing_setup(const char *value, void **data, char *err, size_t errlen);
/* `word` NULL (no such message): false; not_required: present and not
 * "required". */
bool kw_signing_eval(const void *data, const char *word);

/* ---- GUIDs in the text form Wireshark prints (smb_guid_parse); *data is
 * the 16 wire bytes ---- */

int kw_guid_setup(const char *value, void **data, char *err, size_t errlen);

/* ---- words: `<word>` or, with `list`, `<word>[,<word>...]` out of a
 * fixed vocabulary (case-insensitive); *data is a uint32_t with bit i set
 * for words[i] (at most 32 words) ---- */

int kw_words_setup(const char *value, const char *const *words, size_t n, bool list,
                   const char *what, void **data, char *err, size_t errlen);

/* ---- presence (struct kw .present) shared by several keywords ---- */

struct kw_match_ctx;
/* The request is SMB2. */
bool kw_present_req2(const struct kw_match_ctx *m);
/* The response is SMB2 and not an error response. */
bool kw_present_resp2(const struct kw_match_ctx *m);

/* ---- small shared helpers ---- */

/* Write a setup error (printf format) to err when errlen > 0. */
void kw_err_set(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* ASCII case-insensitive equality, independent of the locale. */
bool kw_str_equal_nocase(const char *a, const char *b);
/* A keyword `free` for data that is one mem_alloc'd block (or NULL). */
void kw_data_free(void *data);
/* Allocate `size` zeroed bytes for a keyword's data; on failure write
 * "out of memory" to err and return NULL. */
void *kw_data_alloc(size_t size, char *err, size_t errlen);

/* Lookups over app/smb/smb-names.h with the kw_lookup_fn signature. */
int kw_lookup_dialect(const char *name, uint32_t *out);
int kw_lookup_cipher(const char *name, uint32_t *out);
int kw_lookup_signing_alg(const char *name, uint32_t *out);
int kw_lookup_compression_alg(const char *name, uint32_t *out);
int kw_lookup_negctx_type(const char *name, uint32_t *out);
int kw_lookup_capability(const char *name, uint32_t *out); /* 0 bits refused */

#endif
