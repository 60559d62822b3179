/* eve-table.c - THE list of EVE writers of the app-layer protocols, keyed
 * by the parser's name (app/app-table.c lists the parsers). */
#include <string.h>

#include "app/app.h"
#include "output/eve.h"

static const struct eve_app eve_apps[] = {
    {"smb", eve_smb_log, eve_smb_member, eve_smb_forget, eve_smb_session_log},
};

const struct eve_app *eve_app_of(const struct flow *f)
{
    for (size_t i = 0; f->app && i < sizeof(eve_apps) / sizeof(eve_apps[0]); i++)
        if (strcmp(f->app->name, eve_apps[i].name) == 0)
            return &eve_apps[i];
    return NULL;
}
