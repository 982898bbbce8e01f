/*
 * archive_cli.c — the options and warnings `pair` and `batch` share (see archive_cli.h). It
 * pairs and aligns nothing itself.
 */
#include "config.h"

#include <unistd.h>

#include "archive_cli.h"

size_t ty_cli_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (size_t)n : 1;
}

int ty_cli_archive_option(ty_cli *c, int key, size_t *jobs, ty_pair_opts *pair)
{
    long v;
    switch (key) {
    case TY_CLI_JOBS:
        if (ty_cli_number(c, 1, 256, &v))
            return TY_EXIT_USAGE;
        *jobs = (size_t)v;
        return 1;
    case TY_CLI_NO_NAMES: pair->use_names = 0; return 1;
    case TY_CLI_MIN_SCORE: return ty_cli_fraction(c, &pair->min_score) ? TY_EXIT_USAGE : 1;
    case TY_CLI_MARGIN: return ty_cli_fraction(c, &pair->margin) ? TY_EXIT_USAGE : 1;
    default: return 0;
    }
}

void ty_cli_archive_warn(const ty_error *w, void *userdata)
{
    ty_cli *c = userdata;
    fprintf(c->err, "taiyaku: %s: warning: %s\n", w->file, w->message);
}
