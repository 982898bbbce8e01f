/*
 * pg_read.c — what an export and a concordance fetch from a memory in PostgreSQL: the rows of
 * the units an export's filter admits with their occurrences, through a cursor in one
 * snapshot (a memory of any size, a batch of rows at a time), and the ids of the units whose
 * normalized text holds a pattern, newest first. It does not build props or TMX units
 * (export.c) nor locate matches in the text (concord.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "pg.h"

/* Rows an export fetches at a time. */
#define EXPORT_BATCH "2000"

/* A nullable text cell. */
static const char *cell(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

/* The units the filter admits (as export.c's SQL does for an SQLite memory: "since" and names
 * compare byte by byte), each row one of their occurrences; a memory in PostgreSQL holds no
 * review state, so no unit is reviewed. */
static const char sql_export[] =
    "DECLARE ty_export NO SCROLL CURSOR FOR "
    "SELECT u.id, u.ja, u.en, u.confidence, u.shape, u.count, d.name, "
    "coalesce(o.ja_lang, d.ja_lang), coalesce(o.en_lang, d.en_lang), o.tuid, o.props "
    "FROM units u LEFT JOIN occurrences o ON o.unit = u.id "
    "LEFT JOIN documents d ON d.id = o.document "
    "WHERE ($1::text IS NULL OR EXISTS (SELECT 1 FROM occurrences o2 JOIN documents d2 "
    "ON d2.id = o2.document WHERE o2.unit = u.id AND d2.name = $1::text)) "
    "AND ($2::float8 < 0 OR u.confidence >= $2::float8) "
    "AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM occurrences o3 JOIN documents d3 "
    "ON d3.id = o3.document WHERE o3.unit = u.id AND d3.imported_at COLLATE \"C\" >= $3::text)) "
    "ORDER BY u.id, o.document, o.position";

ty_status ty__pg_export(ty_tm *tm, const ty__export_filter *f, ty__export_fn fn, void *user,
                        ty_error *err)
{
    char conf[64];
    const char *p[3] = {f->document, conf, f->since};
    ty_status rc;
    PGresult *r;
    int rows;

    if (f->reviewed_only)
        return TY_OK;
    snprintf(conf, sizeof conf, "%.17g", f->min_confidence);
    if ((rc = ty__pg_exec(tm, "reading units",
                          "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err)) != TY_OK)
        return rc;
    if (!(r = ty__pg_run(tm, "reading units", sql_export, 3, p, err))) {
        rc = TY_ERR_POSTGRES;
        goto done;
    }
    PQclear(r);
    do {
        if (!(r = ty__pg_run(tm, "reading units", "FETCH " EXPORT_BATCH " FROM ty_export", 0,
                             NULL, err))) {
            rc = TY_ERR_POSTGRES;
            goto done;
        }
        rows = PQntuples(r);
        for (int i = 0; i < rows && rc == TY_OK; i++) {
            ty__export_row row;
            memset(&row, 0, sizeof row);
            row.id = strtoll(PQgetvalue(r, i, 0), NULL, 10);
            row.ja = PQgetvalue(r, i, 1);
            row.en = PQgetvalue(r, i, 2);
            row.confidence = PQgetisnull(r, i, 3) ? -1 : strtod(PQgetvalue(r, i, 3), NULL);
            row.shape = cell(r, i, 4);
            row.count = strtoll(PQgetvalue(r, i, 5), NULL, 10);
            row.name = cell(r, i, 6);
            row.ja_lang = cell(r, i, 7);
            row.en_lang = cell(r, i, 8);
            row.tuid = cell(r, i, 9);
            row.props = cell(r, i, 10);
            rc = fn(&row, user, err);
        }
        PQclear(r);
    } while (rc == TY_OK && rows > 0);
done:
    /* a read-only transaction: its end changes nothing, whether the export succeeded or not */
    PQclear(PQexec(ty__pg_conn(tm), "ROLLBACK"));
    return rc;
}

static const char *const sql_find[2] = {
    "SELECT id FROM norm_ja WHERE strpos(norm, $1::text) > 0 ORDER BY id DESC LIMIT $2::bigint",
    "SELECT id FROM norm_en WHERE strpos(norm, $1::text) > 0 ORDER BY id DESC LIMIT $2::bigint"};

ty_status ty__pg_find(ty_tm *tm, ty_lang lang, const char *pat, size_t n, long long limit,
                      int (*fn)(void *user, long long id), void *user, ty_error *err)
{
    char *pattern = malloc(n + 1), lim[32];
    const char *p[2] = {pattern, limit < 0 ? NULL : lim};
    ty_status rc = TY_OK;
    PGresult *r;

    if (!pattern)
        return ty__nomem(err);
    memcpy(pattern, pat, n);
    pattern[n] = '\0';
    snprintf(lim, sizeof lim, "%lld", limit);
    r = ty__pg_run(tm, "searching the memory", sql_find[lang == TY_LANG_EN], 2, p, err);
    free(pattern);
    if (!r)
        return TY_ERR_POSTGRES;
    for (int i = 0; i < PQntuples(r) && rc == TY_OK; i++)
        if (fn(user, strtoll(PQgetvalue(r, i, 0), NULL, 10)) != 0)
            rc = ty__nomem(err);
    PQclear(r);
    return rc;
}
