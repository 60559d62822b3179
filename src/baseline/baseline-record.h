/* baseline-record.h - baseline records as named text fields (see
 * baseline-record.c): what the SQLite and redis stores keep and what
 * `smbneg hosts` prints. */
#ifndef SMBNEG_BASELINE_RECORD_H
#define SMBNEG_BASELINE_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "baseline/baseline-store.h"

#define BL_KEY_TEXT 64    /* "fd77::2", "guid:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" */
#define BL_FIELD_TEXT 192 /* the longest field: 4 GUIDs */
#define BL_MAX_FIELDS 16

struct bl_field {
    const char *name;  /* "negotiations", "best_dialect", ... (static) */
    bool is_int;       /* i holds the value too */
    int64_t i;
    char text[BL_FIELD_TEXT];
};

/* A key as text: the IP address, or "guid:<GUID>" for a client GUID. */
int bl_key_to_text(const struct bl_key *k, char out[BL_KEY_TEXT]);
/* Back: kind BL_KEY_SERVER or BL_KEY_CLIENT_IP (a "guid:" text makes it
 * BL_KEY_CLIENT_GUID).  0 or -1. */
int bl_key_from_text(enum bl_key_kind kind, const char *s, struct bl_key *k);

/* The fields of record rec (a struct bl_server or bl_client, by k's kind),
 * in a fixed order; returns their number (<= BL_MAX_FIELDS). */
size_t bl_record_fields(const struct bl_key *k, const void *rec, struct bl_field *out);
/* Set one field of rec from its text; unknown names are ignored (a store
 * written by a newer smbneg). */
void bl_record_set(const struct bl_key *k, void *rec, const char *name, const char *value);

#endif
