/*
 * tm_cli.c — helpers shared by the translation-memory subcommands (see tm_cli.h).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tm_cli.h"

int ty_cli_tm_open(const char *db, int flags, ty_tm **tm, FILE *err)
{
    ty_error e;

    ty_error_clear(&e);
    if (ty_tm_open(db, flags, tm, &e) != TY_OK)
        return ty_cli_fail(err, &e);
    return TY_EXIT_OK;
}

int ty_cli_colour(const char *when, FILE *out)
{
    const char *no = getenv("NO_COLOR");

    if (!strcmp(when, "always"))
        return 1;
    if (!strcmp(when, "never"))
        return 0;
    if (strcmp(when, "auto") != 0)
        return -1;
    return isatty(fileno(out)) && !(no && *no);
}

void ty_cli_put_flat(FILE *out, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != 0x7f)
            continue;
        fwrite(s + run, 1, i - run, out);
        fputc(' ', out);
        run = i + 1;
    }
    fwrite(s + run, 1, n - run, out);
}

char *ty_cli_join_args(int argc, char **argv, int first)
{
    size_t len = 1, o = 0;
    char *s;

    for (int i = first; i < argc; i++)
        len += strlen(argv[i]) + 1;
    if (!(s = malloc(len)))
        return NULL;
    for (int i = first; i < argc; i++) {
        size_t l = strlen(argv[i]);
        if (i > first)
            s[o++] = ' ';
        memcpy(s + o, argv[i], l);
        o += l;
    }
    s[o] = '\0';
    return s;
}

int ty_cli_parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

const char *ty_cli_import_time(char *buf, size_t size)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    long secs;
    time_t t;
    struct tm tmv;

    if (!sde || ty_cli_parse_long(sde, 0, 253402300799L, &secs) != 0)
        return NULL;
    t = (time_t)secs;
    if (!gmtime_r(&t, &tmv) || strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tmv) == 0)
        return NULL;
    return buf;
}
