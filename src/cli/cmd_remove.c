/*
 * cmd_remove.c — `taiyaku remove`: take documents out of a translation memory (by id, or by a
 * name only one document has), each in one transaction. It does not add (`taiyaku import`).
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "tm_cli.h"

static const ty_cli_option options[] = {
    TY_CLI_DB_OPTION,
    {NULL, 0, NULL, NULL}};

static int run(ty_cli *c);

const ty_cli_command ty_cmd_remove = {
    .name = "remove",
    .summary = "take documents (by id or name) out of a translation memory",
    .usage = "--db MEMORY DOCUMENT...",
    .description = "Take documents out of a translation memory: their provenance, the units no "
                   "other document holds, and their place in the search indexes. Units other "
                   "documents also hold stay, counted once less. DOCUMENT is an id (a number; "
                   "`taiyaku stats --documents` lists them) or a name that only one document has. "
                   "Each document goes in one transaction; the first one that cannot be removed "
                   "stops the command (exit 2), and those before it stay removed. Importing the "
                   "same content again afterwards adds it anew.",
    .options = options,
    .run = run,
};

static int run(ty_cli *c)
{
    const char *db = NULL;
    int k, rc = TY_EXIT_OK;
    ty_tm *tm = NULL;

    while ((k = ty_cli_next(c)) > 0)
        if (k == 'd')
            db = c->arg;
    if (k < 0)
        return c->rc;
    if (ty_cli_require(c, db, "--db MEMORY") ||
        ty_cli_operands(c, 1, INT_MAX, "at least one DOCUMENT (an id or a name)"))
        return TY_EXIT_USAGE;
    for (int i = 0; i < c->nargs; i++)
        if (ty_cli_utf8(c, "the document name", c->args[i]))
            return TY_EXIT_USAGE;
    if ((rc = ty_cli_tm_open(c, db, 0, &tm)) != TY_EXIT_OK)
        return rc;
    for (int i = 0; i < c->nargs && rc == TY_EXIT_OK; i++) {
        ty_tm_remove_stats st;
        ty_error e;
        ty_cli_doc fc;
        if ((rc = ty_cli_tm_document(c, tm, db, c->args[i], &fc)) == TY_EXIT_OK) {
            ty_error_clear(&e);
            ty_cli_status(c, 0, "removing document %lld (%s)", fc.id, fc.name);
            ty_status removed = ty_tm_remove_document(tm, fc.id, &st, &e);
            ty_cli_status_clear(c);
            if (removed != TY_OK)
                rc = ty_cli_fail(c, &e);
            else
                fprintf(c->out, "removed document %lld (%s): %zu occurrences; units: %zu "
                                "deleted, %zu kept (held by other documents)\n",
                        fc.id, fc.name, st.occurrences, st.deleted, st.kept);
        }
        free(fc.name);
    }
    ty_tm_close(tm);
    return rc;
}
