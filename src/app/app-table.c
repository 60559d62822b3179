/* app-table.c - THE application-layer parser list: one line per protocol. */
#include <string.h>

#include "app/app.h"
#include "app/smb/smb.h"

static const struct app_parser *const app_table[] = {
    &app_smb,
};

const struct app_parser *app_table_get(size_t i)
{
    return i < sizeof(app_table) / sizeof(app_table[0]) ? app_table[i] : NULL;
}

const struct app_parser *app_table_find(const char *name)
{
    for (size_t i = 0; i < sizeof(app_table) / sizeof(app_table[0]); i++)
        if (strcmp(app_table[i]->name, name) == 0)
            return app_table[i];
    return NULL;
}

size_t app_table_state_size(void)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof(app_table) / sizeof(app_table[0]); i++)
        n = app_table[i]->state_size > n ? app_table[i]->state_size : n;
    return n;
}
