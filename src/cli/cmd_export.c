/*
 * cmd_export.c — `taiyaku export`: a translation memory (or part of it) written as TMX 1.4b
 * through the streaming TMX writer. It does not read TMX (`taiyaku import` does).
 */
#include "config.h"

#include <string.h>

#include "commands.h"
#include "tm_cli.h"

enum { OPT_DOC = 256, OPT_MIN, OPT_SINCE, OPT_REVIEWED };

static const ty_cli_option options[] = {
    TY_CLI_DB_OPTION,
    {"output", 'o', "FILE", "the file to write (required)"},
    {"format", 'f', "tmx|xlsx",
     "tmx (default), or xlsx: a review sheet, one row per bead of the documents with sentence "
     "structure, a \"to review\" sheet (below 0.9) and a \"confident\" one, and a status "
     "column (ok, wrong) that 'taiyaku import-review' reads back"},
    {"document", OPT_DOC, "NAME", "only units occurring in documents of this name"},
    {"min-confidence", OPT_MIN, "X", "only units whose confidence is known and at least X (0..1)"},
    {"since", OPT_SINCE, "DATE",
     "only units occurring in documents imported at or after DATE (UTC: 2024-05-01 or "
     "2024-05-01T09:30:00Z)"},
    {"reviewed-only", OPT_REVIEWED, NULL,
     "only units a reviewer accepted or made (see 'taiyaku review')"},
    {NULL, 0, NULL, NULL}};

static int run(ty_cli *c);

const ty_cli_command ty_cmd_export = {
    .name = "export",
    .summary = "write a translation memory (or part of it) as TMX",
    .usage = "--db MEMORY -o OUT.tmx [OPTIONS]\n--db MEMORY --format xlsx -o REVIEW.xlsx [--document NAME]",
    .description = "Write the memory's units as TMX 1.4b, in the order they were stored. Each "
                   "unit keeps its first id, its languages, its best confidence (x-confidence), "
                   "its bead shape (x-shape) and the props and notes it was imported with; "
                   "x-document props name every document it occurs in and x-count says how often, "
                   "when more than once; x-taiyaku-reviewed says whether a reviewer accepted it "
                   "(yes, no). Units a reviewer rejected are not in the memory's units. OUT is written to a temporary file and renamed, so it is "
                   "never left half-written; '-' writes standard output.",
    .options = options,
    .run = run,
};

typedef struct export_ctx {
    ty_tmx_writer *w;
    ty_error e;
    ty_cli *cli;        /* for the status line (a file, not standard output), or NULL */
    const char *output;
    size_t n;
} export_ctx;

static ty_status write_unit(const ty_unit *u, void *ud)
{
    export_ctx *c = ud;
    if (c->cli && ++c->n % 4096 == 0)
        ty_cli_status(c->cli, 0.1, "%s: %zu units written", c->output, c->n);
    return ty_tmx_writer_add(c->w, u, &c->e);
}

/* The header's srclang: the Japanese language code the memory recorded for its documents (the
 * first one, or the one --document names), so that it agrees with the units' xml:lang. */
typedef struct srclang_ctx {
    const char *document;
    char code[64];
} srclang_ctx;

static ty_status take_srclang(const ty_tm_document *d, void *ud)
{
    srclang_ctx *s = ud;
    size_t i;

    if (s->code[0] || !d->ja_lang || !*d->ja_lang ||
        (s->document && strcmp(s->document, d->name) != 0))
        return TY_OK;
    for (i = 0; d->ja_lang[i] && i + 1 < sizeof s->code; i++)
        s->code[i] = d->ja_lang[i] == '_' ? '-' : d->ja_lang[i]; /* as the writer reads it */
    s->code[i] = '\0';
    return TY_OK;
}

/* --format xlsx: the review sheet. */
static int export_sheet(ty_cli *c, const char *db, const char *output, const char *document)
{
    ty_review_sheet_opts so;
    ty_tm *tm = NULL;
    ty_error e;
    size_t rows = 0;
    int rc;

    if (!strcmp(output, "-"))
        return ty_cli_usage(c, "--format xlsx writes a file, not standard output");
    if ((rc = ty_cli_output(c, output, db)) != TY_EXIT_OK ||
        (rc = ty_cli_tm_open(c, db, 0, &tm)) != TY_EXIT_OK)
        return rc;
    ty_review_sheet_opts_init(&so);
    so.document = document;
    ty_error_clear(&e);
    if (ty_review_sheet_write(tm, output, &so, &rows, &e) != TY_OK)
        rc = ty_cli_fail(c, &e);
    else
        fprintf(c->err, "taiyaku: exported %zu bead(s) to %s\n", rows, output);
    ty_tm_close(tm);
    return rc;
}

static int run(ty_cli *c)
{
    const char *db = NULL, *output = NULL;
    ty_tm_export_opts eo;
    ty_tmx_write_opts wo;
    ty_tm *tm = NULL;
    ty_tmx_write_counts counts;
    export_ctx x;
    srclang_ctx sl;
    ty_error e;
    size_t n = 0;
    int k, rc, filtered = 0;
    static const char *const formats[] = {"tmx", "xlsx", NULL};
    int format = 0;

    ty_tm_export_opts_init(&eo);
    ty_tmx_write_opts_init(&wo);
    wo.keep_unit_langs = 1;
    while ((k = ty_cli_next(c)) > 0) {
        switch (k) {
        case 'd': db = c->arg; break;
        case 'o': output = c->arg; break;
        case 'f':
            if (ty_cli_choice(c, "format", c->arg, formats, &format))
                return TY_EXIT_USAGE;
            break;
        case OPT_DOC:
            if (ty_cli_utf8(c, "the document name", c->arg))
                return TY_EXIT_USAGE;
            eo.document = c->arg;
            break;
        case OPT_MIN:
            if (ty_cli_fraction(c, &eo.min_confidence))
                return TY_EXIT_USAGE;
            filtered = 1;
            break;
        case OPT_SINCE:
            if (ty_tm_time_check(c->arg, &e) != TY_OK)
                return ty_cli_usage(c, "--since: %s", e.message);
            eo.since = c->arg;
            filtered = 1;
            break;
        case OPT_REVIEWED:
            eo.reviewed_only = 1;
            filtered = 1;
            break;
        }
    }
    if (k < 0)
        return c->rc;
    if (ty_cli_require(c, db, "--db MEMORY") || ty_cli_require(c, output, "-o OUT.tmx") ||
        ty_cli_operands(c, 0, 0, NULL))
        return TY_EXIT_USAGE;
    if (format == 1) {
        if (filtered)
            return ty_cli_usage(c, "--format xlsx takes only --document as a filter");
        return export_sheet(c, db, output, eo.document);
    }
    if ((rc = ty_cli_output(c, output, db)) != TY_EXIT_OK ||
        (rc = ty_cli_tm_open(c, db, 0, &tm)) != TY_EXIT_OK)
        return rc;
    ty_error_clear(&e);
    ty_error_clear(&x.e);
    memset(&sl, 0, sizeof sl);
    x.w = NULL;
    x.cli = strcmp(output, "-") != 0 ? c : NULL; /* the TMX may go to the same terminal */
    x.output = output;
    x.n = 0;
    sl.document = eo.document;
    if (ty_tm_documents(tm, take_srclang, &sl, &e) != TY_OK) {
        ty_tm_close(tm);
        return ty_cli_fail(c, &e);
    }
    if (sl.code[0])
        wo.srclang = sl.code;
    if (ty_tmx_writer_open(output, &wo, &x.w, &e) != TY_OK && wo.srclang) {
        wo.srclang = NULL; /* a recorded code the writer refuses: its own then */
        ty_error_clear(&e);
    }
    if (!x.w && ty_tmx_writer_open(output, &wo, &x.w, &e) != TY_OK) {
        ty_tm_close(tm);
        return ty_cli_fail(c, &e);
    }
    ty_status exported = ty_tm_export(tm, &eo, write_unit, &x, &n, &e);
    ty_cli_status_clear(c);
    if (exported != TY_OK) {
        ty_tmx_writer_abort(x.w);
        ty_tm_close(tm);
        return x.e.status != TY_OK ? ty_cli_fail_writing(c, output, &x.e) : ty_cli_fail(c, &e);
    }
    ty_tm_close(tm);
    counts = *ty_tmx_writer_counts(x.w);
    if (ty_tmx_writer_close(x.w, &e) != TY_OK)
        return ty_cli_fail_writing(c, output, &e);
    if (counts.replaced)
        fprintf(c->err, "taiyaku: %s: warning: %zu character(s) XML 1.0 forbids written as "
                        "U+FFFD\n", output, counts.replaced);
    fprintf(c->err, "taiyaku: exported %zu unit(s) to %s\n", counts.units, output);
    return TY_EXIT_OK;
}
