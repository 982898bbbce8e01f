/*
 * cmd_import.c — `taiyaku import`: TMX files into a translation memory, one document (and one
 * transaction) per file, streamed from the TMX reader into the memory, with the pair checks of
 * `align` and `batch` on each file before its transaction is committed (ty_pair_tally: the
 * languages of the two sides, and for an alignment file "not a translation of each other?").
 * It does not align (`taiyaku align --db` stores an aligned pair) and does not export.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "tm_cli.h"

enum {
    OPT_NAME = 256,
    OPT_SJA,
    OPT_SEN,
    OPT_PROGRESS,
    OPT_KEEP_GOING,
    OPT_NO_KEEP_GOING,
    OPT_STRICT,
    OPT_FORCE
};

static const ty_cli_option options[] = {
    TY_CLI_DB_OPTION,
    {"name", OPT_NAME, "NAME",
     "the document's name (default: the file's base name; with several files, each gets NAME)"},
    {"select-ja", OPT_SJA, "CODE", "read only <tuv>s with this code as Japanese (default: any ja)"},
    {"select-en", OPT_SEN, "CODE", "the same for English (default: any en)"},
    {"progress", OPT_PROGRESS, NULL,
     "report progress on standard error every 10,000 units, as lines (on a terminal a status "
     "line is redrawn in any case)"},
    {"quiet", 'q', NULL,
     "no warning per skipped <tu> and no status line (the totals are still printed)"},
    {"keep-going", OPT_KEEP_GOING, NULL,
     "a file that fails is named with its reason and the others are imported; the exit status "
     "is 1 when some failed (the default with several files)"},
    {"no-keep-going", OPT_NO_KEEP_GOING, NULL, "stop at the first file that fails (exit 2)"},
    {"strict", OPT_STRICT, NULL,
     "a file whose Japanese side is written in English and English side in Japanese is an "
     "error, not swapped back with a warning"},
    {"force", OPT_FORCE, NULL,
     "import a file whose sides are in neither language, or an alignment that does not look "
     "like a translation"},
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
                   "out (document ID).\n"
                   "\n"
                   "Each file is checked as 'taiyaku align' checks a pair before it is stored: "
                   "the letters of all its Japanese and all its English texts must be mostly "
                   "Japanese and mostly Latin (swapped sides are swapped back with a warning; "
                   "standard input cannot be read again and is refused); and an alignment file "
                   "(units with a confidence and segment positions, as align, batch and export "
                   "write them) whose units' "
                   "mean confidence is below 0.89 or whose segments are mostly unpaired is not "
                   "a translation of each other and is not imported, unless --force.",
    .options = options,
    .notes = "Exit status: 0, or 1 when some of several files failed (--keep-going), 2 when a "
             "file failed otherwise. The import time recorded is now, or $SOURCE_DATE_EPOCH when "
             "it is set.",
    .run = run,
};

#define MAX_WARNINGS 20
#define PROGRESS_EVERY 10000
/* On a terminal: units between looks at the clock, and seconds between redraws. */
#define STATUS_UNITS 4096
#define STATUS_EVERY 0.1

typedef struct import_ctx {
    ty_tm_import *imp;
    ty_pair_tally *tally;
    ty_error e;
    ty_cli *cli;
    FILE *err;
    const char *file;
    int progress, quiet;
    size_t warnings;
    double start; /* when the file's reading started (monotonic seconds) */
} import_ctx;


static ty_status add_unit(const ty_unit *u, void *ud)
{
    import_ctx *c = ud;
    ty_status st = ty_pair_tally_add(c->tally, u, &c->e);
    size_t n;

    if (st == TY_OK)
        st = ty_tm_import_add(c->imp, u, &c->e);
    n = ty_tm_import_count(c->imp);

    if (st != TY_OK)
        return st;
    if (ty_cli_status_on(c->cli)) {
        if (n % STATUS_UNITS == 0 && !c->quiet) {
            double t = ty_cli_seconds() - c->start;
            ty_cli_status(c->cli, STATUS_EVERY, "%s: %zu units read (%.0f a second)", c->file, n,
                          t > 0 ? (double)n / t : 0);
        }
    } else if (c->progress && n % PROGRESS_EVERY == 0) {
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

typedef struct import_args {
    const char *name, *when;
    ty_tmx_read_opts ro;
    int progress, quiet, strict, force;
} import_args;

/* ", score 0.55 (anchors agree 0.12)" when the summary has a score (ty_pair_score), else "". */
static void why(char *buf, size_t size, const ty_alignment_summary *s)
{
    double x = ty_pair_score(s);
    if (x < 0)
        buf[0] = '\0';
    else
        snprintf(buf, size, ", score %.2f (anchors agree %.2f)", x, s->agreement);
}

/* The pair checks on a file read but not yet committed: TY_EXIT_OK to commit, -1 to import it
 * again with its sides swapped, or the exit code of a refusal. */
static int check_file(ty_cli *cli, const import_args *a, const char *file,
                      const ty_pair_tally *t, int swapped)
{
    ty_pair_check k = ty_pair_tally_langs(t);
    ty_alignment_summary s;
    char score[64];

    if (k == TY_PAIR_SWAPPED && !swapped) {
        if (a->strict)
            return ty_cli_error(cli, "%s: %s: not imported (--strict)", file,
                                ty_pair_check_text(k));
        if (!strcmp(file, "-"))
            return ty_cli_error(cli, "%s: %s: standard input cannot be read again to swap them "
                                     "back; give it as a file", file, ty_pair_check_text(k));
        fprintf(cli->err, "taiyaku: %s: warning: %s: swapped back\n", file, ty_pair_check_text(k));
        return -1;
    }
    if (k != TY_PAIR_OK && !a->force)
        return ty_cli_error(cli, "%s: %s: not imported (--force imports it anyway)", file,
                            ty_pair_check_text(k));
    if (ty_pair_tally_check(t, NULL, &s) == TY_PAIR_OK)
        return TY_EXIT_OK;
    why(score, sizeof score, &s);
    if (a->force) {
        fprintf(cli->err, "taiyaku: %s: warning: %s mean confidence %.2f, %.0f%% of the "
                          "segments unpaired%s\n",
                file, ty_pair_check_text(TY_PAIR_NOT_TRANSLATION), s.mean_confidence,
                100 * s.unpaired_share, score);
        return TY_EXIT_OK;
    }
    return ty_cli_error(cli, "%s: %s mean confidence %.2f, %.0f%% of the segments unpaired%s: "
                             "not imported (--force imports it)",
                        file, ty_pair_check_text(TY_PAIR_NOT_TRANSLATION), s.mean_confidence,
                        100 * s.unpaired_share, score);
}

static int import_file(ty_cli *cli, ty_tm *tm, const char *file, const import_args *a,
                       int swapped)
{
    ty_tm_docinfo info = {a->name ? a->name : base_name(file), NULL, NULL, a->when};
    ty_tmx_read_opts ro = a->ro;
    ty_tm_import_stats st;
    ty_tmx_stats ts;
    import_ctx c;
    ty_error e;
    ty_status rc;
    size_t skipped;
    int x;

    memset(&c, 0, sizeof c);
    ty_error_clear(&c.e);
    ty_error_clear(&e);
    c.cli = cli;
    c.err = cli->err;
    c.file = file;
    c.progress = a->progress;
    c.quiet = a->quiet;
    ro.warn = on_warning;
    ro.swap_sides = swapped;
    if (!(c.tally = ty_pair_tally_new()))
        return ty_cli_oom(cli);
    if (ty_tm_import_begin(tm, &info, &c.imp, &e) != TY_OK) {
        ty_pair_tally_free(c.tally);
        return ty_cli_fail(cli, &e);
    }
    c.start = ty_cli_seconds();
    rc = ty_tmx_read(file, &ro, add_unit, &c, &ts, &e);
    ty_cli_status_clear(cli);
    if (rc != TY_OK) {
        ty_tm_import_abort(c.imp);
        ty_pair_tally_free(c.tally);
        return ty_cli_fail(cli, c.e.status != TY_OK ? &c.e : &e);
    }
    x = check_file(cli, a, file, c.tally, swapped);
    ty_pair_tally_free(c.tally);
    if (x != TY_EXIT_OK) {
        /* refused, or to be read again the other way round: the memory stays as it was */
        ty_tm_import_abort(c.imp);
        return x < 0 ? import_file(cli, tm, file, a, 1) : x;
    }
    /* the postings and counts of the units read go into the memory's index, then the
     * commit: seconds for a large file into a large memory */
    if (ty_cli_status_on(cli)) {
        if (!a->quiet)
            ty_cli_status(cli, 0, "%s: %zu units read; writing the memory", file,
                          ty_tm_import_count(c.imp));
    } else if (a->progress) {
        fprintf(cli->err, "taiyaku: %s: %zu units read; writing the memory\n", file,
                ty_tm_import_count(c.imp));
        fflush(cli->err);
    }
    if (ty_tm_import_commit(c.imp, &st, &e) != TY_OK)
        return ty_cli_fail(cli, &e);
    ty_cli_status_clear(cli);
    skipped = ts.one_language + ts.no_ja_en + ts.empty + ts.bad;
    if (skipped)
        fprintf(cli->err,
                "taiyaku: %s: warning: %zu <tu> skipped (one language %zu, no Japanese or "
                "English %zu, empty %zu, bad %zu)%s\n",
                file, skipped, ts.one_language, ts.no_ja_en, ts.empty, ts.bad,
                c.warnings > MAX_WARNINGS && !a->quiet ? "; only the first 20 were listed" : "");
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
    const char *db = NULL;
    import_args a;
    ty_tm *tm = NULL;
    char tbuf[32];
    int k, keep_going = -1, failed = 0, rc = TY_EXIT_OK;

    memset(&a, 0, sizeof a);
    ty_tmx_read_opts_init(&a.ro);
    a.ro.read_ahead = 1; /* the parsing beside the storing */
    while ((k = ty_cli_next(c)) > 0) {
        switch (k) {
        case 'd': db = c->arg; break;
        case OPT_NAME:
            if (ty_cli_utf8(c, "the document name", c->arg))
                return TY_EXIT_USAGE;
            a.name = c->arg;
            break;
        case OPT_SJA: a.ro.ja_lang = c->arg; break;
        case OPT_SEN: a.ro.en_lang = c->arg; break;
        case OPT_PROGRESS: a.progress = 1; break;
        case 'q': a.quiet = 1; break;
        case OPT_KEEP_GOING: keep_going = 1; break;
        case OPT_NO_KEEP_GOING: keep_going = 0; break;
        case OPT_STRICT: a.strict = 1; break;
        case OPT_FORCE: a.force = 1; break;
        }
    }
    if (k < 0)
        return c->rc;
    if (ty_cli_require(c, db, "--db MEMORY") ||
        ty_cli_operands(c, 1, INT_MAX, "at least one FILE.tmx"))
        return TY_EXIT_USAGE;
    if (a.name && !*a.name)
        return ty_cli_usage(c, "--name must not be empty");
    if ((rc = ty_cli_import_time(c, tbuf, sizeof tbuf, &a.when)) != TY_EXIT_OK ||
        (rc = ty_cli_tm_open(c, db, TY_TM_CREATE, &tm)) != TY_EXIT_OK)
        return rc;
    if (keep_going < 0)
        keep_going = c->nargs > 1;
    for (int i = 0; i < c->nargs && rc == TY_EXIT_OK; i++) {
        /* a file that fails leaves the memory as it was: its transaction is rolled back */
        rc = import_file(c, tm, c->args[i], &a, 0);
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
