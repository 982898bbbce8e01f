/*
 * postings.c — reading a trigram's postings (the ids of the units that hold it) from the FTS5
 * index inside FTS5: an auxiliary function, ty_postings, that walks each phrase of its query
 * with xQueryPhrase and hands every rowid to a callback, so that a lookup steps its statement
 * once per trigram instead of once per posting. It reads what `SELECT rowid … MATCH` reads, in
 * the same order (rowid ascending). It does not choose the trigrams or count them (lookup.c).
 */
#include "config.h"

#include "base/error.h"
#include "tm.h"

/* The pointer type bound to the function's argument (sqlite3_bind_pointer). */
#define SINK_TYPE "ty_postings_sink"

static int each_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *user)
{
    const ty__postings_sink *s = user;
    return s->fn(s->user, (long long)api->xRowid(fts), -1) == 0 ? SQLITE_OK : SQLITE_NOMEM;
}

static void postings_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                        int nval, sqlite3_value **val)
{
    ty__postings_sink *s = nval == 1 ? sqlite3_value_pointer(val[0], SINK_TYPE) : NULL;

    if (!s) {
        sqlite3_result_error(ctx, "ty_postings: no sink bound", -1);
        return;
    }
    for (int i = 0; i < api->xPhraseCount(fts); i++) {
        int rc = api->xQueryPhrase(fts, i, s, each_row);
        if (rc == SQLITE_NOMEM) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
        if (rc != SQLITE_OK) {
            sqlite3_result_error_code(ctx, rc);
            return;
        }
    }
    sqlite3_result_int(ctx, 1);
}

ty_status ty__tm_postings_ready(ty_tm *tm, ty_error *err)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st;
    ty_status rc;

    if (tm->postings_fn)
        return TY_OK;
    if ((rc = ty__tm_prepare(tm, "SELECT fts5(?1)", &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    if (!api || api->iVersion < 2)
        return ty__fail(err, TY_ERR_SQLITE, tm->path, -1, -1, "SQLite has no FTS5 interface");
    if (api->xCreateFunction(api, "ty_postings", NULL, postings_fn, NULL) != SQLITE_OK)
        return ty__tm_fail(tm, err, "registering the postings reader");
    tm->postings_fn = 1;
    return TY_OK;
}

void ty__tm_postings_bind(sqlite3_stmt *st, int arg, ty__postings_sink *s)
{
    sqlite3_bind_pointer(st, arg, s, SINK_TYPE, NULL);
}
