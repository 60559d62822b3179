/* detect-config-line.c - the head of a "config <kind>: <value>" line
 * (detect-config-line.h). */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "detect/detect-config-line.h"

/* Skip the word kw (case-insensitive) and the spaces after it at *i; 0,
 * or -1 when kw is not there. */
static int detect_config_word(const char *line, size_t *i, const char *kw)
{
    size_t n = strlen(kw);
    if (strncasecmp(line + *i, kw, n) != 0)
        return -1;
    *i += n;
    while (isspace((unsigned char)line[*i]))
        (*i)++;
    return 0;
}

enum detect_config_line detect_config_line(const char *line, const char *kind, size_t *value,
                                           size_t *err_off)
{
    size_t i = 0;
    while (isspace((unsigned char)line[i]))
        i++;
    *err_off = i;
    if (line[i] == '\0' || line[i] == '#')
        return DETECT_CONFIG_LINE_SKIP;
    if (detect_config_word(line, &i, "config") != 0 || detect_config_word(line, &i, kind) != 0 ||
        detect_config_word(line, &i, ":") != 0)
        return DETECT_CONFIG_LINE_SYNTAX;
    *value = i;
    return DETECT_CONFIG_LINE_VALUE;
}
