/*
 * cmd_remove.c — `taiyaku remove`: take documents out of a translation memory (by id, or by a
 * name only one document has), each in one transaction. It does not add (`taiyaku import`).
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "tm_cli.h"

static const char help[] =
    "usage: taiyaku remove --db MEMORY DOCUMENT...\n"
    "\n"
    "Take documents out of a translation memory: their provenance, the units no other\n"
    "document holds, and their place in the search indexes. Units other documents also hold\n"
    "stay, counted once less. DOCUMENT is an id (a number; `taiyaku stats --documents` lists\n"
    "them) or a name that only one document has. Each document goes in one transaction; the\n"
    "first one that cannot be removed stops the command (exit 2), and those before it stay\n"
    "removed. Importing the same content again afterwards adds it anew.\n"
    "\n"
    "Options:\n"
    "  -d, --db FILE      the translation memory (required)\n"
    "  -h, --help         this help\n";

typedef struct find_ctx {
    const char *name; /* the name looked for, or NULL: the id */
    long long id;
    size_t found;
    char ids[128];  /* the ids found, for the message when a name is not unique */
    char *doc_name; /* the name of the (last) document found, malloc'd */
} find_ctx;

static ty_status match(const ty_tm_document *d, void *ud)
{
    find_ctx *c = ud;
    size_t len;

    if (c->name ? strcmp(d->name, c->name) != 0 : d->id != c->id)
        return TY_OK;
    free(c->doc_name);
    if (!(c->doc_name = strdup(d->name)))
        return TY_ERR_NOMEM;
    c->id = d->id;
    len = strlen(c->ids);
    if (len + 24 < sizeof c->ids)
        snprintf(c->ids + len, sizeof c->ids - len, "%s%lld", c->found ? ", " : "", d->id);
    c->found++;
    return TY_OK;
}

/* The document DOCUMENT names: an id (a number), or the name of exactly one document. */
static int resolve(ty_tm *tm, const char *db, const char *arg, find_ctx *c, FILE *err)
{
    ty_error e;
    ty_status st;
    long v;

    memset(c, 0, sizeof *c);
    if (ty_cli_parse_long(arg, 1, 0x7fffffffL, &v) == 0)
        c->id = v;
    else
        c->name = arg;
    ty_error_clear(&e);
    if ((st = ty_tm_documents(tm, match, c, &e)) != TY_OK) {
        if (st == TY_ERR_NOMEM)
            fprintf(err, "taiyaku: out of memory\n");
        return st == TY_ERR_NOMEM ? TY_EXIT_ERROR : ty_cli_fail(err, &e);
    }
    if (c->found == 0) {
        if (c->name)
            fprintf(err, "taiyaku: %s: no document named '%s'\n", db, arg);
        else
            fprintf(err, "taiyaku: %s: no document %s\n", db, arg);
        return TY_EXIT_ERROR;
    }
    if (c->found > 1) {
        fprintf(err, "taiyaku: %s: %zu documents are named '%s' (ids %s): give an id\n", db,
                c->found, arg, c->ids);
        return TY_EXIT_ERROR;
    }
    return TY_EXIT_OK;
}

int ty_cmd_remove(int argc, char **argv, FILE *out, FILE *err)
{
    static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *db = NULL;
    int c, rc = TY_EXIT_OK;
    ty_tm *tm = NULL;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'h': fputs(help, out); return TY_EXIT_OK;
        case ':': return ty_cli_usage_error(err, "remove", "option '%s' needs a value", argv[optind - 1]);
        default: return ty_cli_usage_error(err, "remove", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (!db)
        return ty_cli_usage_error(err, "remove", "--db MEMORY is required");
    if (optind == argc)
        return ty_cli_usage_error(err, "remove", "expected at least one DOCUMENT (an id or a name)");
    if ((rc = ty_cli_tm_open(db, 0, &tm, err)) != TY_EXIT_OK)
        return rc;
    for (int i = optind; i < argc && rc == TY_EXIT_OK; i++) {
        ty_tm_remove_stats st;
        ty_error e;
        find_ctx fc;
        if ((rc = resolve(tm, db, argv[i], &fc, err)) == TY_EXIT_OK) {
            ty_error_clear(&e);
            if (ty_tm_remove_document(tm, fc.id, &st, &e) != TY_OK)
                rc = ty_cli_fail(err, &e);
            else
                fprintf(out, "removed document %lld (%s): %zu occurrences; units: %zu deleted, "
                             "%zu kept (held by other documents)\n",
                        fc.id, fc.doc_name, st.occurrences, st.deleted, st.kept);
        }
        free(fc.doc_name);
    }
    ty_tm_close(tm);
    if (fflush(out) != 0 || ferror(out)) {
        fprintf(err, "taiyaku: error writing output\n");
        return TY_EXIT_ERROR;
    }
    return rc;
}
