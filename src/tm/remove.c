/*
 * remove.c — taking a document out of a memory, in one transaction (its own, or that of an
 * import that replaces the document: store.c): its provenance rows;
 * the units no other document holds (their texts, their postings (plist.c) and their trigrams'
 * document frequencies, subtracted in one sorted pass; below schema step 8 their FTS5 entries
 * too, deleted with the very texts they were indexed with, as a contentless FTS5 table
 * requires); the counts, best confidences and shapes
 * of the units it shared; and its row in `documents`. When fewer units stay than go, the search
 * indexes are built anew from those that stay instead (ty__tm_build_search). Adding is
 * store.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "tm.h"

typedef ty__remover remover;

/* Run a bound write statement and reset it. */
static ty_status run(remover *r, sqlite3_stmt *st, const char *what, ty_error *err)
{
    ty_status rc = TY_OK;
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = ty__tm_fail(r->tm, err, what);
    sqlite3_reset(st);
    return rc;
}

/* Take unit `id`'s trigrams out of the posting lists (and FTS5 indexes) and count them. */
static ty_status unindex_unit(remover *r, long long id, ty_error *err)
{
    const size_t pad = sizeof TY__TM_PAD - 1;
    ty_status rc = TY_OK;
    int step;

    sqlite3_bind_int64(r->text, 1, id);
    if ((step = sqlite3_step(r->text)) != SQLITE_ROW) {
        sqlite3_reset(r->text);
        return step == SQLITE_DONE
                   ? ty__fail(err, TY_ERR_FORMAT, r->tm->path, -1, -1, "unit %lld has no text",
                              id)
                   : ty__tm_fail(r->tm, err, "reading a unit");
    }
    for (int l = 0; l < 2 && rc == TY_OK; l++) {
        const char *t = (const char *)sqlite3_column_text(r->text, l);
        size_t n = (size_t)sqlite3_column_bytes(r->text, l);
        if (n + pad + 1 > r->cap) {
            char *p = realloc(r->buf, n + pad + 1);
            if (!p) {
                rc = ty__nomem(err);
                break;
            }
            r->buf = p;
            r->cap = n + pad + 1;
        }
        /* the very text it was indexed with (index.c), as a contentless table requires */
        memcpy(r->buf, t ? t : "", n);
        memcpy(r->buf + n, TY__TM_PAD, pad + 1);
        if (r->fts[l]) {
            sqlite3_bind_int64(r->fts[l], 1, id);
            sqlite3_bind_text(r->fts[l], 2, r->buf, (int)(n + pad), SQLITE_STATIC);
            if ((rc = run(r, r->fts[l], "removing a unit from the search index", err)) != TY_OK)
                break;
        }
        if (r->plist &&
            (rc = ty__plist_batch_add(r->plist, r->tm, l, id, 0, r->buf, n + pad, err)) != TY_OK)
            break;
        if (ty__gram_counter_add(r->gc[l], r->buf, n + pad) != 0) {
            rc = ty__nomem(err);
            break;
        }
        ty__gram_counter_next_unit(r->gc[l]);
        if (ty__gram_counter_full(r->gc[l]))
            rc = ty__gram_counter_flush_sub(r->gc[l], r->tm, l, err);
    }
    sqlite3_reset(r->text);
    return rc;
}

ty_status ty__remover_delete_unit(remover *r, long long id, int unindex, ty_error *err)
{
    ty_status rc;

    if (unindex && (rc = unindex_unit(r, id, err)) != TY_OK)
        return rc;
    sqlite3_bind_int64(r->del_text, 1, id);
    if ((rc = run(r, r->del_text, "removing a unit's text", err)) != TY_OK)
        return rc;
    sqlite3_bind_int64(r->del_unit, 1, id);
    return run(r, r->del_unit, "removing a unit", err);
}

void ty__remover_free(remover *r)
{
    sqlite3_stmt *sts[] = {r->text, r->fts[0], r->fts[1], r->del_text, r->del_unit};
    for (size_t i = 0; i < sizeof sts / sizeof sts[0]; i++)
        sqlite3_finalize(sts[i]);
    for (int l = 0; l < 2; l++)
        ty__gram_counter_free(r->gc[l]);
    ty__plist_batch_free(r->plist);
    free(r->buf);
}

ty_status ty__remover_flush(remover *r, ty_error *err)
{
    ty_status rc = TY_OK;
    for (int l = 0; l < 2 && rc == TY_OK; l++)
        rc = ty__gram_counter_flush_sub(r->gc[l], r->tm, l, err);
    if (rc == TY_OK && r->plist)
        rc = ty__plist_batch_flush(r->plist, r->tm, err);
    return rc;
}

ty_status ty__remover_init(remover *r, ty_tm *tm, ty_error *err)
{
    ty_status rc;
    int plist, fts;

    memset(r, 0, sizeof *r);
    r->tm = tm;
    ty__unit_memo_free(&tm->memo); /* it may name the units removed */
    /* the units removed leave lists and counts that hold every unit they should */
    if ((rc = ty__plist_present(tm, &plist, err)) != TY_OK ||
        (rc = ty__tm_fts_present(tm, &fts, err)) != TY_OK ||
        (rc = ty__tm_fold_pending(tm, err)) != TY_OK)
        return rc;
    if (!(r->gc[0] = ty__gram_counter_new()) || !(r->gc[1] = ty__gram_counter_new()) ||
        (plist && !(r->plist = ty__plist_batch_new(-1))))
        rc = ty__nomem(err);
    else if ((rc = ty__tm_prepare(tm,
                                  "SELECT coalesce(ja_norm, ja), coalesce(en_norm, en) "
                                  "FROM unit_text WHERE id = ?1",
                                  &r->text, err)) == TY_OK &&
             (!fts || (rc = ty__tm_prepare(tm,
                                           "INSERT INTO fts_ja(fts_ja, rowid, text) "
                                           "VALUES('delete', ?1, ?2)",
                                           &r->fts[0], err)) == TY_OK) &&
             (!fts || (rc = ty__tm_prepare(tm,
                                           "INSERT INTO fts_en(fts_en, rowid, text) "
                                           "VALUES('delete', ?1, ?2)",
                                           &r->fts[1], err)) == TY_OK) &&
             (rc = ty__tm_prepare(tm, "DELETE FROM unit_text WHERE id = ?1", &r->del_text,
                                  err)) == TY_OK)
        rc = ty__tm_prepare(tm, "DELETE FROM units WHERE id = ?1", &r->del_unit, err);
    if (rc != TY_OK)
        ty__remover_free(r);
    return rc;
}

/* The units of document `doc` and how many times it holds each. */
typedef struct held {
    long long unit, times, left; /* left: its count once the document is gone */
} held;

static ty_status units_of(ty_tm *tm, long long doc, held **out, size_t *n, ty_error *err)
{
    sqlite3_stmt *st = NULL;
    held *v = NULL;
    size_t k = 0, cap = 0;
    ty_status rc;
    int step;

    *out = NULL;
    *n = 0;
    if ((rc = ty__tm_prepare(tm,
                             "SELECT unit, count(*) FROM occurrences WHERE document = ?1 "
                             "GROUP BY unit ORDER BY unit",
                             &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_int64(st, 1, doc);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (k == cap) {
            held *nv = realloc(v, (cap = cap ? 2 * cap : 64) * sizeof *nv);
            if (!nv) {
                rc = ty__nomem(err);
                goto done;
            }
            v = nv;
        }
        v[k].unit = sqlite3_column_int64(st, 0);
        v[k].times = sqlite3_column_int64(st, 1);
        v[k].left = 0;
        k++;
    }
    if (step != SQLITE_DONE) {
        rc = ty__tm_fail(tm, err, "reading the document's units");
        goto done;
    }
    *out = v;
    *n = k;
    v = NULL;
done:
    sqlite3_finalize(st);
    free(v);
    return rc;
}

ty_status ty__tm_retire(ty_tm *tm, const char *what, long long id, ty_error *err)
{
    sqlite3_stmt *st = NULL;
    ty_status rc;

    if (id <= 0)
        return TY_OK;
    if ((rc = ty__tm_prepare(tm,
                             "INSERT INTO retired(what, last) VALUES(?1, ?2) "
                             "ON CONFLICT(what) DO UPDATE SET last = max(last, excluded.last)",
                             &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_text(st, 1, what, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "recording a removed id");
    sqlite3_finalize(st);
    return rc;
}

ty_status ty__tm_remove_in(ty_tm *tm, long long doc, ty_tm_remove_stats *stats, ty_error *err)
{
    static const char sql_keep[] =
        "UPDATE units SET count = count - ?2,"
        " confidence = (SELECT max(confidence) FROM occurrences WHERE unit = ?1),"
        " shape = (SELECT shape FROM occurrences WHERE unit = ?1"
        "          ORDER BY document, position LIMIT 1) "
        "WHERE id = ?1";
    ty_tm_remove_stats st = {doc, 0, 0, 0};
    sqlite3_stmt *keep = NULL, *del = NULL, *count = NULL;
    held *units = NULL;
    size_t n = 0;
    long long exists = 0, total = 0, going = 0, last_unit = 0;
    int rebuild;
    remover r;
    int have_remover = 0;
    ty_status rc;
    char sql[96];

    snprintf(sql, sizeof sql, "SELECT count(*) FROM documents WHERE id = %lld", doc);
    if ((rc = ty__tm_query_int(tm, sql, &exists, err)) != TY_OK)
        goto done;
    if (!exists) {
        rc = ty__fail(err, TY_ERR_NOTFOUND, tm->path, -1, -1, "no document %lld", doc);
        goto done;
    }
    if ((rc = units_of(tm, doc, &units, &n, err)) != TY_OK ||
        (rc = ty__remover_init(&r, tm, err)) != TY_OK)
        goto done;
    have_remover = 1;
    if ((rc = ty__tm_prepare(tm, "DELETE FROM occurrences WHERE document = ?1", &del, err)) !=
            TY_OK ||
        (rc = ty__tm_prepare(tm, sql_keep, &keep, err)) != TY_OK ||
        (rc = ty__tm_prepare(tm, "SELECT count FROM units WHERE id = ?1", &count, err)) != TY_OK)
        goto done;
    for (size_t i = 0; i < n; i++) {
        int step;
        sqlite3_bind_int64(count, 1, units[i].unit);
        if ((step = sqlite3_step(count)) == SQLITE_ROW)
            units[i].left = sqlite3_column_int64(count, 0) - units[i].times;
        sqlite3_reset(count);
        if (step != SQLITE_ROW) {
            rc = step == SQLITE_DONE ? ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1,
                                                "occurrence of missing unit %lld", units[i].unit)
                                     : ty__tm_fail(tm, err, "reading a unit's count");
            goto done;
        }
        if (units[i].left <= 0)
            going++;
    }
    /* When fewer units stay than go, indexing those that stay anew is the shorter way (a
     * document that brought most of the memory); otherwise each one that goes is taken out. */
    if ((rc = ty__tm_query_int(tm, "SELECT count(*) FROM units", &total, err)) != TY_OK)
        goto done;
    rebuild = total - going < going;
    sqlite3_bind_int64(del, 1, doc);
    if (sqlite3_step(del) != SQLITE_DONE) {
        rc = ty__tm_fail(tm, err, "removing the document's provenance");
        goto done;
    }
    st.occurrences = (size_t)sqlite3_changes(tm->db);
    for (size_t i = 0; i < n; i++) {
        if (units[i].left > 0) {
            sqlite3_bind_int64(keep, 1, units[i].unit);
            sqlite3_bind_int64(keep, 2, units[i].times);
            if (sqlite3_step(keep) != SQLITE_DONE) {
                sqlite3_reset(keep);
                rc = ty__tm_fail(tm, err, "counting a unit down");
                goto done;
            }
            sqlite3_reset(keep);
            st.kept++;
            continue;
        }
        if ((rc = ty__remover_delete_unit(&r, units[i].unit, !rebuild, err)) != TY_OK)
            goto done;
        if (units[i].unit > last_unit)
            last_unit = units[i].unit;
        st.deleted++;
    }
    if (rebuild)
        rc = ty__tm_build_search(tm, err);
    else
        rc = ty__remover_flush(&r, err);
    if (rc != TY_OK || (rc = ty__tm_structure_remove(tm, doc, err)) != TY_OK)
        goto done;
    snprintf(sql, sizeof sql, "DELETE FROM documents WHERE id = %lld", doc);
    if ((rc = ty__tm_exec(tm, sql, err)) == TY_OK &&
        (rc = ty__tm_retire(tm, "document", doc, err)) == TY_OK)
        rc = ty__tm_retire(tm, "unit", last_unit, err);
    if (rc == TY_OK && stats)
        *stats = st;
done:
    sqlite3_finalize(keep);
    sqlite3_finalize(del);
    sqlite3_finalize(count);
    if (have_remover)
        ty__remover_free(&r);
    free(units);
    return rc;
}

ty_status ty_tm_remove_document(ty_tm *tm, long long doc, ty_tm_remove_stats *stats,
                                ty_error *err)
{
    ty_tm_remove_stats st;
    ty_status rc;

    if (stats)
        memset(stats, 0, sizeof *stats);
    if ((rc = ty__tm_may_write(tm, err)) != TY_OK)
        return rc;
    if (tm->be)
        return tm->be->remove_document(tm, doc, stats, err);
    if ((rc = ty__tm_exec(tm, "BEGIN IMMEDIATE", err)) != TY_OK)
        return rc;
    if ((rc = ty__tm_remove_in(tm, doc, &st, err)) != TY_OK ||
        (rc = ty__tm_exec(tm, "COMMIT", err)) != TY_OK) {
        sqlite3_exec(tm->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    ty__plist_merge_due(tm);
    if (stats)
        *stats = st;
    return TY_OK;
}
