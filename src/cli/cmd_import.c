/*
 * cmd_import.c — `taiyaku import`: TMX files into a translation memory, one document (and one
 * transaction) per file, streamed from the TMX reader into the memory. It does not align
 * (`taiyaku align --db` stores an aligned pair) and does not export.
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "tm_cli.h"

enum { OPT_NAME = 256, OPT_SJA, OPT_SEN, OPT_PROGRESS, OPT_KEEP_GOING, OPT_NO_KEEP_GOING };

static const ty_cli_option options[] = {
    TY_CLI_DB_OPTION,
    {"name", OPT_NAME, "NAME",
     "the document's name (default: the file's base name; with several files, each gets NAME)"},
    {"select-ja", OPT_SJA, "CODE", "read only <tuv>s with this code as Japanese (default: any ja)"},
    {"select-en", OPT_SEN, "CODE", "the same for English (default: any en)"},
    {"progress", OPT_PROGRESS, NULL, "report progress on standard error every 10,000 units"},
    {"quiet", 'q', NULL, "no warning per skipped <tu> (the totals are still printed)"},
    {"keep-going", OPT_KEEP_GOING, NULL,
     "a file that fails is named with its reason and the others are imported; the exit status "
     "is 1 when some failed (the default with several files)"},
    {"no-keep-going", OPT_NO_KEEP_GOING, NULL, "stop at the first file that fails (exit 2)"},
    {NULL, 0, NULL, NULL}};

static int run(ty_cli *c);

const ty_cli_command ty_cmd_import = {
    .name = "import",
    .summary = "add TMX files to a translation memory, one transaction each",
    .usage = "--db MEMORY [OPTIONS] FILE.tmx...",
    .description = "Add the units of TMX files (1.1 to 1.4b, from any tool) to a translation "
                   "memory, which is created when it does not exist. Each file becomes one "
                   "document of the memory, added in one transaction: an interrupted import "
                   "leaves the memory as it was. Importing the same content again adds nothing; a "
                   "unit identical (both texts) to one already stored is kept once, with a count "
                   "and the provenance of every occurrence. Units with an empty side are left out "
                   "and counted. FILE may be '-' for standard input.\n"
                   "\n"
                   "For each file it prints: FILE: N units: A added, M merged, S one-sided left "
                   "out (document ID).",
    .options = options,
    .notes = "Exit status: 0, or 1 when some of several files failed (--keep-going), 2 when a "
             "file failed otherwise. The import time recorded is now, or $SOURCE_DATE_EPOCH when "
             "it is set.",
    .run = run,
};

#define MAX_WARNINGS 20
#define PROGRESS_EVERY 10000

typedef struct import_ctx {
    ty_tm_import *imp;
    ty_error e;
    ty_cli *cli;
    FILE *err;
    const char *file;
    int progress, quiet;
    size_t warnings;
} import_ctx;

static ty_status add_unit(const ty_unit *u, void *ud)
{
    import_ctx *c = ud;
    ty_status st = ty_tm_import_add(c->imp, u, &c->e);
    size_t n = ty_tm_import_count(c->imp);

    if (st == TY_OK && c->progress && n % PROGRESS_EVERY == 0) {
        fprintf(c->err, "taiyaku: %s: %zu units read\n", c->file, n);
        fflush(c->err);
    }
    return st;
}

static void on_warning(const ty_error *w, void *ud)
{
    import_ctx *c = ud;
    if (c->quiet || c->warnings++ >= MAX_WARNINGS)
        return;
    ty_cli_warn(c->cli, "%s:%ld: warning: %s", w->file, w->line, w->message);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!strcmp(path, "-"))
        return "stdin";
    return slash && slash[1] ? slash + 1 : path;
}

static int import_file(ty_cli *cli, ty_tm *tm, const char *file, const char *name,
                       const char *when, const ty_tmx_read_opts *ropts, int progress, int quiet)
{
    ty_tm_docinfo info = {name ? name : base_name(file), NULL, NULL, when};
    ty_tmx_read_opts ro = *ropts;
    ty_tm_import_stats st;
    ty_tmx_stats ts;
    import_ctx c;
    ty_error e;
    ty_status rc;
    size_t skipped;

    memset(&c, 0, sizeof c);
    ty_error_clear(&c.e);
    ty_error_clear(&e);
    c.cli = cli;
    c.err = cli->err;
    c.file = file;
    c.progress = progress;
    c.quiet = quiet;
    ro.warn = on_warning;
    if (ty_tm_import_begin(tm, &info, &c.imp, &e) != TY_OK)
        return ty_cli_fail(cli, &e);
    rc = ty_tmx_read(file, &ro, add_unit, &c, &ts, &e);
    if (rc != TY_OK) {
        ty_tm_import_abort(c.imp);
        return ty_cli_fail(cli, c.e.status != TY_OK ? &c.e : &e);
    }
    if (ty_tm_import_commit(c.imp, &st, &e) != TY_OK)
        return ty_cli_fail(cli, &e);
    skipped = ts.one_language + ts.no_ja_en + ts.empty + ts.bad;
    if (skipped)
        fprintf(cli->err,
                "taiyaku: %s: warning: %zu <tu> skipped (one language %zu, no Japanese or "
                "English %zu, empty %zu, bad %zu)%s\n",
                file, skipped, ts.one_language, ts.no_ja_en, ts.empty, ts.bad,
                c.warnings > MAX_WARNINGS && !quiet ? "; only the first 20 were listed" : "");
    if (st.already)
        fprintf(cli->out, "%s: already in the memory (document %lld): nothing added\n", file,
                st.document);
    else
        fprintf(cli->out, "%s: %zu units: %zu added, %zu merged, %zu one-sided left out "
                          "(document %lld)\n",
                file, st.units, st.added, st.merged, st.one_sided, st.document);
    return TY_EXIT_OK;
}

static int run(ty_cli *c)
{
    const char *db = NULL, *name = NULL, *when;
    ty_tmx_read_opts ro;
    ty_tm *tm = NULL;
    char tbuf[32];
    int k, progress = 0, quiet = 0, keep_going = -1, failed = 0, rc = TY_EXIT_OK;

    ty_tmx_read_opts_init(&ro);
    while ((k = ty_cli_next(c)) > 0) {
        switch (k) {
        case 'd': db = c->arg; break;
        case OPT_NAME:
            if (ty_cli_utf8(c, "the document name", c->arg))
                return TY_EXIT_USAGE;
            name = c->arg;
            break;
        case OPT_SJA: ro.ja_lang = c->arg; break;
        case OPT_SEN: ro.en_lang = c->arg; break;
        case OPT_PROGRESS: progress = 1; break;
        case 'q': quiet = 1; break;
        case OPT_KEEP_GOING: keep_going = 1; break;
        case OPT_NO_KEEP_GOING: keep_going = 0; break;
        }
    }
    if (k < 0)
        return c->rc;
    if (ty_cli_require(c, db, "--db MEMORY") ||
        ty_cli_operands(c, 1, INT_MAX, "at least one FILE.tmx"))
        return TY_EXIT_USAGE;
    if (name && !*name)
        return ty_cli_usage(c, "--name must not be empty");
    if ((rc = ty_cli_import_time(c, tbuf, sizeof tbuf, &when)) != TY_EXIT_OK ||
        (rc = ty_cli_tm_open(c, db, TY_TM_CREATE, &tm)) != TY_EXIT_OK)
        return rc;
    if (keep_going < 0)
        keep_going = c->nargs > 1;
    for (int i = 0; i < c->nargs && rc == TY_EXIT_OK; i++) {
        /* a file that fails leaves the memory as it was: its transaction is rolled back */
        rc = import_file(c, tm, c->args[i], name, when, &ro, progress, quiet);
        if (rc == TY_EXIT_ERROR && keep_going) {
            failed++;
            rc = TY_EXIT_OK;
        }
    }
    ty_tm_close(tm);
    if (rc == TY_EXIT_OK && failed) {
        fprintf(c->err, "taiyaku: %d of %d files failed; the others were imported\n", failed,
                c->nargs);
        rc = TY_EXIT_FINDINGS;
    }
    return rc;
}
