/*
 * cmd_copy.c — `taiyaku copy`: a whole translation memory into a new or empty one, between an
 * SQLite file and a PostgreSQL database in either direction (ty_tm_copy). It does not merge
 * into a memory that holds something (`taiyaku export` then `taiyaku import` does).
 */
#include "config.h"

#include <stdlib.h>

#include "commands.h"
#include "tm_cli.h"

enum { OPT_TO = 0x100, OPT_FORCE };

static const ty_cli_option options[] = {
    {"db", 'd', "MEMORY", "the memory copied (an SQLite file or a PostgreSQL database)"},
    {"to", OPT_TO, "MEMORY",
     "the copy: an SQLite file that does not exist or holds an empty memory, or a PostgreSQL "
     "database that is empty or holds an empty memory"},
    {"force", OPT_FORCE, NULL,
     "no effect: accepted for the scripts of older versions, when a copy into PostgreSQL "
     "without the aligned documents' sentences and beads needed it"},
    {NULL, 0, NULL, NULL}};

static int run(ty_cli *c);

const ty_cli_command ty_cmd_copy = {
    .name = "copy",
    .summary = "copy a whole translation memory into a new one (SQLite, PostgreSQL)",
    .usage = "--db MEMORY --to MEMORY [--force]",
    .description =
        "Copy the translation memory --db into --to, from an SQLite file to a PostgreSQL "
        "database (postgresql://..., or a libpq key=value string), the other way, or between "
        "two of either: every document (name, content hash, languages, import time) with its "
        "units and their provenance, the units' counts, the consistency checks' accepted "
        "findings and the aligned documents' sentences, beads, review marks, pins and edit "
        "logs. Ids are given anew in the same order. `taiyaku stats` and `taiyaku review` of "
        "both memories then agree. "
        "A target that holds documents, units or accepted findings is refused (exit 2); a copy "
        "that fails leaves no target behind (an SQLite file is made under a hidden name and "
        "renamed when complete; a PostgreSQL memory is emptied again).",
    .options = options,
    .run = run,
};

static int run(ty_cli *c)
{
    const char *from = NULL, *to = NULL;
    ty_tm_copy_opts o;
    ty_tm_copy_stats st;
    ty_error e;
    int k;

    ty_tm_copy_opts_init(&o);
    while ((k = ty_cli_next(c)) > 0) {
        if (k == 'd')
            from = c->arg;
        else if (k == OPT_TO)
            to = c->arg;
        else if (k == OPT_FORCE)
            o.force = 1;
    }
    if (k < 0)
        return c->rc;
    if (ty_cli_require(c, from, "--db MEMORY") || ty_cli_require(c, to, "--to MEMORY") ||
        ty_cli_operands(c, 0, 0, "no operands"))
        return TY_EXIT_USAGE;
    ty_error_clear(&e);
    ty_cli_status(c, 0, "copying the memory"); /* (its names may hold a password) */
    if (ty_tm_copy(from, to, &o, &st, &e) != TY_OK)
        return ty_cli_fail(c, &e);
    ty_cli_status_clear(c);
    fprintf(c->out, "copied %lld documents, %lld units, %lld occurrences, %lld accepted "
                    "findings",
            st.documents, st.units, st.occurrences, st.ignored);
    if (st.structures)
        fprintf(c->out, ", the sentence structure of %lld aligned documents", st.structures);
    fputc('\n', c->out);
    return TY_EXIT_OK;
}
