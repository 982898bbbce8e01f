/*
 * cmd_export.c — `taiyaku export`: a translation memory (or part of it) written as TMX 1.4b
 * through the streaming TMX writer. It does not read TMX (`taiyaku import` does).
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "tm_cli.h"

static const char help[] =
    "usage: taiyaku export --db MEMORY -o OUT.tmx [OPTIONS]\n"
    "\n"
    "Write the memory's units as TMX 1.4b, in the order they were stored. Each unit keeps its\n"
    "first id, its languages, its best confidence (x-confidence), its bead shape (x-shape)\n"
    "and the props and notes it was imported with; x-document props name every document it\n"
    "occurs in and x-count says how often, when more than once. OUT is written to a temporary\n"
    "file and renamed, so it is never left half-written; '-' writes standard output.\n"
    "\n"
    "Options:\n"
    "  -d, --db FILE             the translation memory (required)\n"
    "  -o, --output FILE         the TMX to write (required)\n"
    "      --document NAME       only units occurring in documents of this name\n"
    "      --min-confidence X    only units whose confidence is known and at least X (0..1)\n"
    "      --since DATE          only units occurring in documents imported at or after DATE\n"
    "                            (UTC: 2024-05-01 or 2024-05-01T09:30:00Z)\n"
    "  -h, --help                this help\n";

typedef struct export_ctx {
    ty_tmx_writer *w;
    ty_error e;
} export_ctx;

static ty_status write_unit(const ty_unit *u, void *ud)
{
    export_ctx *c = ud;
    return ty_tmx_writer_add(c->w, u, &c->e);
}

int ty_cmd_export(int argc, char **argv, FILE *out, FILE *err)
{
    enum { OPT_DOC = 256, OPT_MIN, OPT_SINCE };
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"output", required_argument, NULL, 'o'},
        {"document", required_argument, NULL, OPT_DOC},
        {"min-confidence", required_argument, NULL, OPT_MIN},
        {"since", required_argument, NULL, OPT_SINCE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *db = NULL, *output = NULL;
    ty_tm_export_opts eo;
    ty_tmx_write_opts wo;
    ty_tm *tm = NULL;
    ty_tmx_write_counts counts;
    export_ctx c;
    ty_error e;
    size_t n = 0;
    char *end;
    int ch, rc;

    ty_tm_export_opts_init(&eo);
    ty_tmx_write_opts_init(&wo);
    wo.keep_unit_langs = 1;
    optind = 0;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, ":d:o:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'd': db = optarg; break;
        case 'o': output = optarg; break;
        case OPT_DOC: eo.document = optarg; break;
        case OPT_MIN:
            eo.min_confidence = strtod(optarg, &end);
            if (end == optarg || *end || eo.min_confidence < 0 || eo.min_confidence > 1)
                return ty_cli_usage_error(err, "export", "--min-confidence wants a number from 0 to 1, not '%s'", optarg);
            break;
        case OPT_SINCE: eo.since = optarg; break;
        case 'h': fputs(help, out); return TY_EXIT_OK;
        case ':': return ty_cli_usage_error(err, "export", "option '%s' needs a value", argv[optind - 1]);
        default: return ty_cli_usage_error(err, "export", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (!db)
        return ty_cli_usage_error(err, "export", "--db MEMORY is required");
    if (!output)
        return ty_cli_usage_error(err, "export", "-o OUT.tmx is required");
    if (optind != argc)
        return ty_cli_usage_error(err, "export", "unexpected argument '%s'", argv[optind]);
    if ((rc = ty_cli_tm_open(db, 0, &tm, err)) != TY_EXIT_OK)
        return rc;
    ty_error_clear(&e);
    ty_error_clear(&c.e);
    if (ty_tmx_writer_open(output, &wo, &c.w, &e) != TY_OK) {
        ty_tm_close(tm);
        return ty_cli_fail(err, &e);
    }
    if (ty_tm_export(tm, &eo, write_unit, &c, &n, &e) != TY_OK) {
        ty_tmx_writer_abort(c.w);
        ty_tm_close(tm);
        return ty_cli_fail(err, c.e.status != TY_OK ? &c.e : &e);
    }
    ty_tm_close(tm);
    counts = *ty_tmx_writer_counts(c.w);
    if (ty_tmx_writer_close(c.w, &e) != TY_OK)
        return ty_cli_fail(err, &e);
    if (counts.replaced)
        fprintf(err, "taiyaku: %s: warning: %zu character(s) XML 1.0 forbids written as U+FFFD\n",
                output, counts.replaced);
    fprintf(err, "taiyaku: exported %zu unit(s) to %s\n", counts.units, output);
    return TY_EXIT_OK;
}
