/*
 * cmd_stats.c — `taiyaku stats`: what a translation memory holds (schema, documents, units,
 * occurrences, size), its documents, and a full check of the database. It does not change the
 * memory (beyond a schema upgrade on open).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "json_out.h"
#include "tm_cli.h"

enum { OPT_DOCS = 256, OPT_VERIFY, OPT_JSON };

static const ty_cli_option options[] = {
    TY_CLI_DB_OPTION,
    {"documents", OPT_DOCS, NULL,
     "also list the documents: id, import time (UTC), units, languages, name"},
    {"verify", OPT_VERIFY, NULL,
     "check the database (SQLite's integrity check, the search indexes, counts and "
     "provenance); exit 2 with the first problem found"},
    {"json", OPT_JSON, NULL, "one JSON object instead of text"},
    {NULL, 0, NULL, NULL}};

static int run(ty_cli *c);

const ty_cli_command ty_cmd_stats = {
    .name = "stats",
    .summary = "what a memory holds; --verify checks it, --documents lists documents",
    .usage = "--db MEMORY [OPTIONS]",
    .description = "Print what a translation memory holds: its schema version, documents, "
                   "distinct units, occurrences (units counted every time they were imported) and "
                   "file size.",
    .options = options,
    .run = run,
};

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

static int run(ty_cli *c)
{
    const char *db = NULL;
    int k, rc, docs = 0, verify = 0, json = 0;
    ty_tm *tm = NULL;
    ty_tm_info info;
    ty_error e;
    list_ctx lc;
    FILE *out = c->out;

    while ((k = ty_cli_next(c)) > 0) {
        switch (k) {
        case 'd': db = c->arg; break;
        case OPT_DOCS: docs = 1; break;
        case OPT_VERIFY: verify = 1; break;
        case OPT_JSON: json = 1; break;
        }
    }
    if (k < 0)
        return c->rc;
    if (ty_cli_require(c, db, "--db MEMORY") || ty_cli_operands(c, 0, 0, NULL))
        return TY_EXIT_USAGE;
    if ((rc = ty_cli_tm_open(c, db, 0, &tm)) != TY_EXIT_OK)
        return rc;
    ty_error_clear(&e);
    if (verify) /* a minute for a memory of millions of units (not its name: a PostgreSQL
                   connection string may hold a password) */
        ty_cli_status(c, 0, "verifying the memory");
    if (ty_tm_get_info(tm, &info, &e) != TY_OK || (verify && ty_tm_verify(tm, &e) != TY_OK)) {
        ty_tm_close(tm);
        return ty_cli_fail(c, &e);
    }
    ty_cli_status_clear(c);
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
            return ty_cli_fail(c, &e);
        }
        if (json)
            fputc(']', out);
    }
    if (json)
        fputs("}\n", out);
    ty_tm_close(tm);
    return TY_EXIT_OK;
}
