/*
 * tm_cli.c — helpers shared by the translation-memory subcommands (see tm_cli.h). They do not
 * parse options (the frame does).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tm_cli.h"

int ty_cli_tm_open(ty_cli *c, const char *db, int flags, ty_tm **tm)
{
    ty_error e;

    ty_error_clear(&e);
    if (ty_tm_open(db, flags, tm, &e) != TY_OK)
        return ty_cli_fail(c, &e);
    return TY_EXIT_OK;
}

int ty_cli_output(ty_cli *c, const char *path, const char *db)
{
    ty_error e;

    ty_error_clear(&e);
    if (path && ty_output_check(path, db, &e) != TY_OK)
        return ty_cli_fail(c, &e);
    return TY_EXIT_OK;
}

char *ty_cli_join_args(const ty_cli *c)
{
    size_t len = 1, o = 0;
    char *s;

    for (int i = 0; i < c->nargs; i++)
        len += strlen(c->args[i]) + 1;
    if (!(s = malloc(len)))
        return NULL;
    for (int i = 0; i < c->nargs; i++) {
        size_t l = strlen(c->args[i]);
        if (i > 0)
            s[o++] = ' ';
        memcpy(s + o, c->args[i], l);
        o += l;
    }
    s[o] = '\0';
    return s;
}

int ty_cli_import_time(ty_cli *c, char *buf, size_t size, const char **when)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    long secs;
    time_t t;
    struct tm tmv;

    *when = NULL;
    if (!sde || !*sde)
        return TY_EXIT_OK;
    if (ty_cli_parse_long(sde, 0, 253402300799L, &secs) != 0)
        return ty_cli_error(c, "SOURCE_DATE_EPOCH='%s' is not a number of seconds up to the "
                               "year 9999", sde);
    t = (time_t)secs;
    if (!gmtime_r(&t, &tmv) || strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tmv) == 0)
        return ty_cli_error(c, "SOURCE_DATE_EPOCH='%s': cannot convert it to a date", sde);
    *when = buf;
    return TY_EXIT_OK;
}
