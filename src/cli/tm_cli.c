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

static ty_status match(const ty_tm_document *d, void *ud)
{
    ty_cli_doc *c = ud;
    size_t len;

    if (c->want ? strcmp(d->name, c->want) != 0 : d->id != c->id)
        return TY_OK;
    free(c->name);
    if (!(c->name = strdup(d->name)))
        return TY_ERR_NOMEM;
    c->id = d->id;
    len = strlen(c->ids);
    if (len + 24 < sizeof c->ids)
        snprintf(c->ids + len, sizeof c->ids - len, "%s%lld", c->found ? ", " : "", d->id);
    c->found++;
    return TY_OK;
}

int ty_cli_tm_document(ty_cli *cli, ty_tm *tm, const char *db, const char *arg, ty_cli_doc *c)
{
    ty_error e;
    ty_status st;
    long v;

    memset(c, 0, sizeof *c);
    if (ty_cli_parse_long(arg, 1, 0x7fffffffL, &v) == 0)
        c->id = v;
    else
        c->want = arg;
    ty_error_clear(&e);
    if ((st = ty_tm_documents(tm, match, c, &e)) != TY_OK)
        return st == TY_ERR_NOMEM ? ty_cli_oom(cli) : ty_cli_fail(cli, &e);
    if (c->found == 0)
        return c->want ? ty_cli_error(cli, "%s: no document named '%s'", db, arg)
                       : ty_cli_error(cli, "%s: no document %s", db, arg);
    if (c->found > 1)
        return ty_cli_error(cli, "%s: %zu documents are named '%s' (ids %s): give an id", db,
                            c->found, arg, c->ids);
    return TY_EXIT_OK;
}

