/* config-yaml.h - the state of the YAML policy walk, shared by
 * config-yaml.c (the walk) and config-yaml-types.c (options of an eve-log
 * types item).  Not for use outside those two files. */
#ifndef SMBNEG_CONFIG_YAML_H
#define SMBNEG_CONFIG_YAML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <yaml.h>

#include "config/config-int.h"

struct cfg_walk;

/* Report an error at m ("file:line:col: key: why"; no key: "why") and
 * count it. */
void cfg_err(struct cfg_walk *w, const yaml_mark_t *m, const char *key, const char *why);

/* ---- config-yaml-types.c: while w->types_row is set, the walk is inside
 * ---- a types item with options and hands its keys and scalars here. */

/* The list being read is an eve-log's types (an item may carry options). */
bool cfg_types_in_list(const struct cfg_walk *w);
/* A mapping item of the types list opens: read its options. */
void cfg_types_item_start(struct cfg_walk *w);
/* The item's key (the event type, added to the list). */
void cfg_types_item_key(struct cfg_walk *w, const char *v, const yaml_mark_t *m);
/* A scalar option below it ("outputs.eve-log.types.TYPE.OPTION"). */
void cfg_types_option(struct cfg_walk *w, const char *v, const yaml_mark_t *m);
/* The item ends: `enabled: no` takes its type out; the list goes on. */
void cfg_types_item_end(struct cfg_walk *w);

/* ---- private: the walk's state */

/* Collections open at once (skipped ones too).  Deeper input stops the read
 * at once with one error: libyaml's scanner costs O(depth) per token, so
 * 100,000 '[' would take minutes. */
#define WALK_MAX_DEPTH 64

/* The keys seen so far, per mapping (a mapping is numbered when it opens):
 * an open-addressing hash set of "number, key", grown by doubling. */
struct cfg_keyset {
    struct cfg_key {
        uint32_t map;
        char *key;  /* NULL: free slot */
    } *slot;
    size_t cap, n;
};

struct cfg_walk {
    struct config *c;
    const char *name;
    char path[512];
    size_t keylen[WALK_MAX_DEPTH]; /* path length before this level's key */
    bool is_seq[WALK_MAX_DEPTH];
    bool want_key[WALK_MAX_DEPTH];
    uint32_t map_id[WALK_MAX_DEPTH]; /* the mapping of this level (keys are unique in it) */
    int depth;                     /* levels walked */
    int nest;                      /* collections open, skipped ones included */
    int skip;                      /* > 0: inside a collection that is skipped, its depth */
    bool key_skipped;              /* the skipped collection is a key: skip its value too */
    bool ignore_value;             /* the next value belongs to a bad key */
    bool stop;                     /* too deep or out of memory: stop reading */
    struct {                       /* the error of the skipped collection, told */
        bool set;                  /* when it ends (too deep inside it: only that) */
        unsigned long line, col;
        char msg[640];
    } pend;
    uint32_t n_maps;
    struct cfg_keyset keys;
    const struct cfg_row *seq_row; /* a list setting being read */
    char seq_var[64];              /* the variable a sequence builds */
    uint32_t eve_idx;              /* the eve-log item being read */
    uint32_t eve_seen;             /* eve-log items read so far */
    uint32_t item_pos;             /* place of the outputs item being read */
    bool outputs_seen;             /* the policy has an `outputs` list */
    /* A `- alert: {metadata: no}` item of an eve-log's types: the types
     * row (reading pauses while the item's options are read), the depth
     * of the item's mapping, its type name, whether `enabled: no` */
    const struct cfg_row *types_row;
    int type_depth;
    char type_name[32];
    bool type_off;
    bool bad_section;              /* under an unknown top-level key (reported once) */
    int errors;
};

#endif
