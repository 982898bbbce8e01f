/*
 * cmd_stats.c — `taiyaku stats`: what a translation memory holds (schema, documents, units,
 * occurrences, size), its documents, and a full check of the database. It does not change the
 * memory (beyond a schema upgrade on open).
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "json_out.h"
#include "tm_cli.h"

static const char help[] =
    "usage: taiyaku stats --db MEMORY [OPTIONS]\n"
    "\n"
    "Print what a translation memory holds: its schema version, documents, distinct units,\n"
    "occurrences (units counted every time they were imported) and file size.\n"
    "\n"
    "Options:\n"
    "  -d, --db FILE      the translation memory (required)\n"
    "      --documents    also list the documents: id, import time (UTC), units, languages,\n"
    "                     name\n"
    "      --verify       check the database (SQLite's integrity check, the search indexes,\n"
    "                     counts and provenance); exit 2 with the first problem found\n"
    "      --json         one JSON object instead of text\n"
    "  -h, --help         this help\n";

typedef struct list_ctx {
    FILE *out;
    int json;
    long long n;
} list_ctx;

static ty_status print_doc(const ty_tm_document *d, void *ud)
{
    list_ctx *c = ud;
    if (c->json) {
        fprintf(c->out, "%s{\"id\":%lld,\"name\":", c->n ? "," : "", d->id);
        ty_cli_json_string(c->out, d->name);
        fputs(",\"imported_at\":", c->out);
        ty_cli_json_string(c->out, d->imported_at);
        fprintf(c->out, ",\"units\":%lld,\"ja_lang\":", d->units);
        ty_cli_json_string(c->out, d->ja_lang);
        fputs(",\"en_lang\":", c->out);
        ty_cli_json_string(c->out, d->en_lang);
        fputs(",\"hash\":", c->out);
        ty_cli_json_string(c->out, d->hash);
        fputc('}', c->out);
    } else {
        fprintf(c->out, "%6lld  %s  %8lld  %s/%s  ", d->id, d->imported_at, d->units, d->ja_lang,
                d->en_lang);
        ty_cli_put_flat(c->out, d->name, strlen(d->name));
        fputc('\n', c->out);
    }
    c->n++;
    return TY_OK;
}

int ty_cmd_stats(int argc, char **argv, FILE *out, FILE *err)
{
    enum { OPT_DOCS = 256, OPT_VERIFY, OPT_JSON };
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'}, {"documents", no_argument, NULL, OPT_DOCS},
        {"verify", no_argument, NULL, OPT_VERIFY}, {"json", no_argument, NULL, OPT_JSON},
        {"help", no_argument, NULL, 'h'},     {NULL, 0, NULL, 0}};
    const char *db = NULL;
    int c, rc, docs = 0, verify = 0, json = 0;
    ty_tm *tm = NULL;
    ty_tm_info info;
    ty_error e;
    list_ctx lc;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case OPT_DOCS: docs = 1; break;
        case OPT_VERIFY: verify = 1; break;
        case OPT_JSON: json = 1; break;
        case 'h': fputs(help, out); return TY_EXIT_OK;
        case ':': return ty_cli_usage_error(err, "stats", "option '%s' needs a value", argv[optind - 1]);
        default: return ty_cli_usage_error(err, "stats", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (!db)
        return ty_cli_usage_error(err, "stats", "--db MEMORY is required");
    if (optind != argc)
        return ty_cli_usage_error(err, "stats", "unexpected argument '%s'", argv[optind]);
    if ((rc = ty_cli_tm_open(db, 0, &tm, err)) != TY_EXIT_OK)
        return rc;
    ty_error_clear(&e);
    if (ty_tm_get_info(tm, &info, &e) != TY_OK || (verify && ty_tm_verify(tm, &e) != TY_OK)) {
        ty_tm_close(tm);
        return ty_cli_fail(err, &e);
    }
    if (json)
        fprintf(out,
                "{\"schema\":%d,\"documents\":%lld,\"units\":%lld,\"occurrences\":%lld,"
                "\"bytes\":%lld%s",
                info.schema, info.documents, info.units, info.occurrences, info.bytes,
                verify ? ",\"verified\":true" : "");
    else
        fprintf(out,
                "schema %d\ndocuments %lld\nunits %lld\noccurrences %lld\nbytes %lld\n%s",
                info.schema, info.documents, info.units, info.occurrences, info.bytes,
                verify ? "verified ok\n" : "");
    if (docs) {
        memset(&lc, 0, sizeof lc);
        lc.out = out;
        lc.json = json;
        fputs(json ? ",\"document_list\":[" : "\n    id  imported             units  langs  name\n", out);
        if (ty_tm_documents(tm, print_doc, &lc, &e) != TY_OK) {
            ty_tm_close(tm);
            return ty_cli_fail(err, &e);
        }
        if (json)
            fputc(']', out);
    }
    if (json)
        fputs("}\n", out);
    ty_tm_close(tm);
    if (fflush(out) != 0 || ferror(out)) {
        fprintf(err, "taiyaku: error writing output\n");
        return TY_EXIT_ERROR;
    }
    return TY_EXIT_OK;
}
