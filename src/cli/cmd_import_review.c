/*
 * cmd_import_review.c — `taiyaku import-review`: the status column of a review sheet
 * (`taiyaku export --format xlsx`) read back into the memory: ok rows accepted, wrong rows
 * rejected (ty_review_sheet_import). It does not write sheets.
 */
#include "config.h"

#include <stdlib.h>

#include "commands.h"
#include "tm_cli.h"

enum { OPT_USER = 256 };

static const ty_cli_option options[] = {
    TY_CLI_DB_OPTION,
    {"user", OPT_USER, "NAME", "who reviewed, recorded with each edit (default: $USER)"},
    {NULL, 0, NULL, NULL}};

static int run(ty_cli *c);

const ty_cli_command ty_cmd_import_review = {
    .name = "import-review",
    .summary = "apply a review sheet's ok/wrong column to a translation memory",
    .usage = "--db MEMORY REVIEW.xlsx",
    .description = "Read the status column of a review sheet written by `taiyaku export "
                   "--format xlsx` (and edited in a spreadsheet) and apply it: rows marked ok "
                   "become reviewed beads, rows marked wrong rejected ones (out of lookups and "
                   "exports, kept in the review), empty ones stay as they are. Every row is "
                   "checked first: a row whose bead no longer holds the same pair (the document "
                   "changed since the sheet was written) or an unknown status is refused with "
                   "the file, sheet and row (exit 2), and nothing is applied.",
    .options = options,
    .run = run,
};

static int run(ty_cli *c)
{
    const char *db = NULL, *user = NULL;
    ty_review_sheet_stats st;
    ty_tm *tm = NULL;
    ty_error e;
    int k, rc;

    while ((k = ty_cli_next(c)) > 0)
        switch (k) {
        case 'd': db = c->arg; break;
        case OPT_USER:
            if (ty_cli_utf8(c, "--user", c->arg))
                return TY_EXIT_USAGE;
            user = c->arg;
            break;
        }
    if (k < 0)
        return c->rc;
    if (ty_cli_require(c, db, "--db MEMORY") || ty_cli_operands(c, 1, 1, "a REVIEW.xlsx"))
        return TY_EXIT_USAGE;
    if (!user)
        user = getenv("USER") ? getenv("USER") : "";
    if ((rc = ty_cli_tm_open(c, db, 0, &tm)) != TY_EXIT_OK)
        return rc;
    ty_error_clear(&e);
    if (ty_review_sheet_import(tm, c->args[0], user, &st, &e) != TY_OK)
        rc = ty_cli_fail(c, &e);
    else
        fprintf(c->out, "%s: %zu rows: %zu reviewed, %zu rejected, %zu without a status\n",
                c->args[0], st.rows, st.reviewed, st.rejected, st.blank);
    ty_tm_close(tm);
    return rc;
}
