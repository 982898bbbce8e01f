/*
 * unit.c — reading units back for lookups and concordances: the per-handle cache of
 * prepared statements they run many times, and a unit's texts and provenance. It does not
 * search (lookup.c, concord.c do).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "tm.h"

void ty__unit_info_free(ty__unit_info *u)
{
    free(u->ja);
    free(u->en);
    free(u->ja_norm);
    free(u->en_norm);
    free(u->document);
    memset(u, 0, sizeof *u);
}

static char *dup_col(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return strdup(s ? s : "");
}

ty_status ty__tm_unit_read(ty_tm *tm, long long id, int details, ty__unit_info *out,
                           ty_error *err)
{
    sqlite3_stmt *st;
    ty_status rc;
    int step;

    memset(out, 0, sizeof *out);
    out->confidence = -1;
    out->position = -1;
    if (tm->be)
        return tm->be->unit_read(tm, id, details, out, err);
    if ((rc = ty__tm_stmt(tm, TY__SQL_TEXT, &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    if ((rc = ty__tm_step_row(tm, st, "reading a unit", err, "unit %lld has no text", id)) !=
        TY_OK)
        goto done;
    out->ja = dup_col(st, 0);
    out->en = dup_col(st, 1);
    out->ja_norm = dup_col(st, 2);
    out->en_norm = dup_col(st, 3);
    sqlite3_reset(st);
    if (!out->ja || !out->en || !out->ja_norm || !out->en_norm) {
        rc = ty__nomem(err);
        goto done;
    }
    if (!details)
        return TY_OK;
    if ((rc = ty__tm_stmt(tm, TY__SQL_META, &st, err)) != TY_OK)
        goto done;
    sqlite3_bind_int64(st, 1, id);
    if ((step = sqlite3_step(st)) == SQLITE_ROW) {
        out->count = (size_t)sqlite3_column_int64(st, 0);
        if (sqlite3_column_type(st, 1) != SQLITE_NULL)
            out->confidence = sqlite3_column_double(st, 1);
    } else if (step != SQLITE_DONE) {
        rc = ty__tm_fail(tm, err, "reading a unit");
        goto done;
    }
    sqlite3_reset(st);
    if ((rc = ty__tm_stmt(tm, TY__SQL_FIRST, &st, err)) != TY_OK)
        goto done;
    sqlite3_bind_int64(st, 1, id);
    if ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (!(out->document = dup_col(st, 0))) {
            rc = ty__nomem(err);
            goto done;
        }
        out->position = sqlite3_column_int64(st, 1);
    } else if (step != SQLITE_DONE) {
        rc = ty__tm_fail(tm, err, "reading a provenance");
        goto done;
    }
    sqlite3_reset(st);
    if (!out->document && !(out->document = strdup(""))) {
        rc = ty__nomem(err);
        goto done;
    }
    return TY_OK;
done:
    sqlite3_reset(st);
    ty__unit_info_free(out);
    return rc;
}

char *ty__fts_quote(const char *s, size_t n)
{
    size_t q = 0, o = 0;
    char *out;

    for (size_t i = 0; i < n; i++)
        q += s[i] == '"';
    if (!(out = malloc(n + q + 3)))
        return NULL;
    out[o++] = '"';
    for (size_t i = 0; i < n; i++) {
        out[o++] = s[i];
        if (s[i] == '"')
            out[o++] = '"';
    }
    out[o++] = '"';
    out[o] = '\0';
    return out;
}
