/*
 * db.c — the memory's SQLite connection helpers every other tm file uses: SQLite errors as
 * one-line ty_error messages (with what they mean to a user: locked, damaged, disk full),
 * preparing and running statements, read transactions, one integer from a query, and the
 * per-handle cache of statements that lookups and concordances run many times, and the file a
 * handle has open. It does not open or create a memory (open.c does).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "tm.h"

static ty_status status_of(int code)
{
    switch (code & 0xff) {
    case SQLITE_NOMEM: return TY_ERR_NOMEM;
    case SQLITE_NOTADB: return TY_ERR_FORMAT;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM: return TY_ERR_IO;
    default: return TY_ERR_SQLITE;
    }
}

static const char *explain(int code)
{
    switch (code & 0xff) {
    case SQLITE_NOTADB: return "not a taiyaku translation memory (not an SQLite database)";
    case SQLITE_CORRUPT: return "the translation memory is damaged";
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return "the translation memory is locked by another process";
    case SQLITE_READONLY: return "the translation memory cannot be written";
    case SQLITE_FULL: return "the disk is full";
    default: return NULL;
    }
}

const char *ty__tm_file(const ty_tm *tm)
{
    return tm->hidden ? tm->hidden : tm->path;
}

ty_status ty__tm_fail_db(sqlite3 *db, const char *path, ty_error *err, const char *what)
{
    int code = db ? sqlite3_extended_errcode(db) : SQLITE_NOMEM;
    const char *msg = db ? sqlite3_errmsg(db) : "out of memory";
    const char *why = explain(code);

    if (why)
        return ty__fail(err, status_of(code), path, -1, -1, "%s%s%s (%s)", what ? what : "",
                        what ? ": " : "", why, msg);
    return ty__fail(err, status_of(code), path, -1, -1, "%s%s%s", what ? what : "",
                    what ? ": " : "", msg);
}

ty_status ty__tm_fail(ty_tm *tm, ty_error *err, const char *what)
{
    return ty__tm_fail_db(tm->db, tm->path, err, what);
}

ty_status ty__tm_step_row(ty_tm *tm, sqlite3_stmt *st, const char *what, ty_error *err,
                          const char *fmt, ...)
{
    char message[256];
    va_list ap;
    int step = sqlite3_step(st);

    if (step == SQLITE_ROW)
        return TY_OK;
    if (step != SQLITE_DONE)
        return ty__tm_fail(tm, err, what);
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    return ty__fail(err, TY_ERR_NOTFOUND, tm->path, -1, -1, "%s", message);
}

ty_status ty__tm_prepare(ty_tm *tm, const char *sql, sqlite3_stmt **st, ty_error *err)
{
    if (sqlite3_prepare_v2(tm->db, sql, -1, st, NULL) != SQLITE_OK) {
        *st = NULL;
        return ty__tm_fail(tm, err, NULL);
    }
    return TY_OK;
}

ty_status ty__tm_kept(ty_tm *tm, const char *sql, sqlite3_stmt **st, ty_error *err)
{
    size_t i = 0;
    ty_status rc;

    while (i < TY__TM_KEPT && tm->kept[i].sql && tm->kept[i].sql != sql)
        i++;
    if (i == TY__TM_KEPT)
        return ty__fail(err, TY_ERR_INTERNAL, tm->path, -1, -1,
                        "more than %d statements kept on one handle", TY__TM_KEPT);
    if (!tm->kept[i].sql) {
        if ((rc = ty__tm_prepare(tm, sql, &tm->kept[i].st, err)) != TY_OK)
            return rc;
        tm->kept[i].sql = sql;
    }
    *st = tm->kept[i].st;
    sqlite3_reset(*st);
    sqlite3_clear_bindings(*st);
    return TY_OK;
}

ty_status ty__tm_kept_int(ty_tm *tm, const char *sql, long long arg, long long *v,
                         ty_error *err)
{
    sqlite3_stmt *st;
    ty_status rc;

    if ((rc = ty__tm_kept(tm, sql, &st, err)) != TY_OK)
        return rc;
    if (sqlite3_bind_parameter_count(st) > 0)
        sqlite3_bind_int64(st, 1, arg);
    if (sqlite3_step(st) == SQLITE_ROW)
        *v = sqlite3_column_int64(st, 0);
    else
        rc = ty__tm_fail(tm, err, NULL);
    sqlite3_reset(st);
    return rc;
}

void ty__tm_kept_drop(ty_tm *tm)
{
    for (size_t i = 0; i < TY__TM_KEPT; i++) {
        sqlite3_finalize(tm->kept[i].st);
        tm->kept[i].sql = NULL;
        tm->kept[i].st = NULL;
    }
}

ty_status ty__tm_may_write(ty_tm *tm, ty_error *err)
{
    if (tm->readonly)
        return ty__fail(err, TY_ERR_IO, tm->path, -1, -1, "%s", tm->readonly_why);
    if (tm->importing || tm->group)
        return ty__fail(err, TY_ERR_INVALID, tm->path, -1, -1,
                        "an import or a group of imports is open on this handle");
    return TY_OK;
}

ty_status ty__tm_exec(ty_tm *tm, const char *sql, ty_error *err)
{
    if (sqlite3_exec(tm->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return ty__tm_fail(tm, err, NULL);
    return TY_OK;
}

ty_status ty__tm_read_begin(ty_tm *tm, int *began, ty_error *err)
{
    *began = 0;
    if (tm->be)
        return TY_OK; /* each of its queries reads one snapshot */
    if (!sqlite3_get_autocommit(tm->db))
        return TY_OK; /* inside an import: its transaction serves */
    if (sqlite3_exec(tm->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return ty__tm_fail(tm, err, NULL);
    *began = 1;
    return TY_OK;
}

void ty__tm_read_end(ty_tm *tm, int began)
{
    if (began)
        sqlite3_exec(tm->db, "COMMIT", NULL, NULL, NULL);
}

/* One integer from a query (a pragma). */
ty_status ty__tm_query_int(ty_tm *tm, const char *sql, long long *v, ty_error *err)
{
    sqlite3_stmt *st;
    ty_status rc;

    if ((rc = ty__tm_prepare(tm, sql, &st, err)) != TY_OK)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        *v = sqlite3_column_int64(st, 0);
    else
        rc = ty__tm_fail(tm, err, NULL);
    sqlite3_finalize(st);
    return rc;
}

static const char *const sql[TY__SQL_COUNT] = {
    [TY__SQL_TEXT] = "SELECT ja, en, coalesce(ja_norm, ja), coalesce(en_norm, en) "
                     "FROM unit_text WHERE id = ?1",
    [TY__SQL_META] = "SELECT count, confidence FROM units WHERE id = ?1",
    [TY__SQL_FIRST] = "SELECT d.name, " TY__TM_SHOWN_POSITION("o") " FROM occurrences o "
                      "JOIN documents d "
                      "ON d.id = o.document WHERE o.unit = ?1 "
                      "ORDER BY o.document, o.position LIMIT 1",
    [TY__SQL_EXACT_JA] = "SELECT id FROM units WHERE ja_hash = ?1 ORDER BY count DESC, id DESC",
    [TY__SQL_EXACT_EN] = "SELECT id FROM units WHERE en_hash = ?1 ORDER BY count DESC, id DESC",
    [TY__SQL_DF] = "SELECT df FROM grams WHERE lang = ?1 AND gram = ?2",
    [TY__SQL_POSTINGS_JA] = "SELECT ty_postings(fts_ja, ?2) FROM fts_ja WHERE fts_ja MATCH ?1 LIMIT 1",
    [TY__SQL_POSTINGS_EN] = "SELECT ty_postings(fts_en, ?2) FROM fts_en WHERE fts_en MATCH ?1 LIMIT 1",
    [TY__SQL_LEN] = "SELECT ja_len, en_len FROM units WHERE id = ?1",
    [TY__SQL_NORM_JA] = "SELECT coalesce(ja_norm, ja) FROM unit_text WHERE id = ?1",
    [TY__SQL_NORM_EN] = "SELECT coalesce(en_norm, en) FROM unit_text WHERE id = ?1",
    [TY__SQL_PLIST] = "SELECT ids FROM postings WHERE lang = ?1 AND gram = ?2",
    [TY__SQL_PLIST_DELTA] = "SELECT unit, len, op FROM postings_delta WHERE lang = ?1 AND gram = ?2 "
                            "ORDER BY unit",
    [TY__SQL_PLIST_BOUND] = "SELECT coalesce((SELECT n FROM postings WHERE lang = ?1 AND gram = ?2), 0)"
                            " + (SELECT count(*) FROM postings_delta WHERE lang = ?1 AND gram = ?2"
                            " AND op > 0)",
};

ty_status ty__tm_table_present(ty_tm *tm, const char *name, int *cached, int *yes,
                               ty_error *err)
{
    sqlite3_stmt *st;
    ty_status rc;

    if (*cached == 0) {
        if ((rc = ty__tm_prepare(tm, "SELECT count(*) FROM sqlite_schema WHERE name = ?1", &st,
                                 err)) != TY_OK)
            return rc;
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            *cached = sqlite3_column_int64(st, 0) > 0 ? 1 : -1;
        else
            rc = ty__tm_fail(tm, err, "reading the schema");
        sqlite3_finalize(st);
        if (rc != TY_OK)
            return rc;
    }
    *yes = *cached > 0;
    return TY_OK;
}

_Static_assert(TY__SQL_COUNT <= TY__SQL_CACHE, "ty_tm.cache holds every enum ty__sql");

ty_status ty__tm_stmt(ty_tm *tm, enum ty__sql which, sqlite3_stmt **st, ty_error *err)
{
    ty_status rc;

    if (!tm->cache[which] && (rc = ty__tm_prepare(tm, sql[which], &tm->cache[which], err)) != TY_OK)
        return rc;
    *st = tm->cache[which];
    sqlite3_reset(*st);
    sqlite3_clear_bindings(*st);
    return TY_OK;
}
