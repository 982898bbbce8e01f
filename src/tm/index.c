/*
 * index.c — the search side of storing a unit: its postings with its length (plist.c: written
 * at the end of the import, or built anew when the import brings more units than the memory
 * held) and its trigrams into the document-frequency counter that goes to `grams` at the end
 * of the import; in a memory below schema step 8 (made by ty__tm_open_at, or being upgraded)
 * its normalized texts (with TY__TM_PAD) into the FTS5 trigram tables too. Also the rebuild
 * of all of them from unit_text (schema step 2, a removal of most units, a repair), and the
 * units whose indexing was deferred (ty_tm_index_defer: a batch) left pending, then folded in
 * together. It does not store the unit itself (store.c does).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "tm.h"

ty_status ty__tm_fts_present(ty_tm *tm, int *yes, ty_error *err)
{
    return ty__tm_table_present(tm, "fts_ja", &tm->fts, yes, err);
}

static ty_status init(ty__indexer *ix, ty_tm *tm, long long held, int fold, ty_error *err);

ty_status ty__indexer_init(ty__indexer *ix, ty_tm *tm, long long held, ty_error *err)
{
    return init(ix, tm, held, 1, err);
}

/* ty__indexer_init; `fold`: fold the pending units in first (not when folding them). */
static ty_status init(ty__indexer *ix, ty_tm *tm, long long held, int fold, ty_error *err)
{
    static const char *const sql[2] = {"INSERT INTO fts_ja(rowid, text) VALUES(?1, ?2)",
                                       "INSERT INTO fts_en(rowid, text) VALUES(?1, ?2)"};
    ty_status rc;
    int plist, fts;

    memset(ix, 0, sizeof *ix);
    ix->tm = tm;
    ix->held = held;
    if ((rc = ty__plist_present(tm, &plist, err)) != TY_OK ||
        (rc = ty__tm_fts_present(tm, &fts, err)) != TY_OK)
        return rc;
    ix->deferred = plist && tm->defer_index;
    if (plist && !ix->deferred && fold && (rc = ty__tm_fold_pending(tm, err)) != TY_OK)
        return rc;
    if (plist && !ix->deferred && !(ix->plist = ty__plist_batch_new(1)))
        return ty__nomem(err);
    for (int l = 0; l < 2; l++) {
        if (fts && (rc = ty__tm_kept(tm, sql[l], &ix->fts[l], err)) != TY_OK)
            goto fail;
        if (!ix->deferred && !(ix->gc[l] = ty__gram_counter_new())) {
            rc = ty__nomem(err);
            goto fail;
        }
    }
    return TY_OK;
fail:
    ty__indexer_free(ix);
    return rc;
}

void ty__indexer_free(ty__indexer *ix)
{
    for (int l = 0; l < 2; l++) {
        if (ix->fts[l])
            sqlite3_reset(ix->fts[l]); /* kept by the handle */
        ty__gram_counter_free(ix->gc[l]);
        free(ix->buf[l]);
    }
    ty__plist_batch_free(ix->plist);
    ty__plist_builder_free(ix->builder);
    memset(ix, 0, sizeof *ix);
}

ty_status ty__indexer_add(ty__indexer *ix, long long id, const char *const norm[2],
                          const size_t len[2], const long long ulen[2], ty_error *err)
{
    const size_t pad = sizeof TY__TM_PAD - 1;
    size_t n[2];
    ty_status rc;

    for (int l = 0; l < 2; l++) {
        n[l] = len[l] + pad;
        if (n[l] + 1 > ix->cap[l]) {
            char *p = realloc(ix->buf[l], n[l] + 1);
            if (!p)
                return ty__nomem(err);
            ix->buf[l] = p;
            ix->cap[l] = n[l] + 1;
        }
        memcpy(ix->buf[l], norm[l], len[l]);
        memcpy(ix->buf[l] + len[l], TY__TM_PAD, pad + 1);
    }
    for (int l = 0; l < 2 && ix->fts[l]; l++) {
        sqlite3_bind_int64(ix->fts[l], 1, id);
        sqlite3_bind_text(ix->fts[l], 2, ix->buf[l], (int)n[l], SQLITE_STATIC);
        if (sqlite3_step(ix->fts[l]) != SQLITE_DONE) {
            rc = ty__tm_fail(ix->tm, err, "indexing a unit");
            sqlite3_reset(ix->fts[l]);
            return rc;
        }
        sqlite3_reset(ix->fts[l]);
    }
    if (ix->deferred) { /* indexed when the pending units are folded in */
        if (!ix->first_pending)
            ix->first_pending = id;
        return TY_OK;
    }
    /* an import larger than the memory: the lists are built anew at its end (plist_build.c),
     * which costs less than merging its postings into them; the build is split into parts by
     * the trigram positions of the units added (the trigram counts do not count them) */
    ix->added++;
    for (int l = 0; l < 2; l++) {
        size_t chars = 0;
        for (size_t i = 0; i < n[l]; i++)
            chars += ((unsigned char)ix->buf[l][i] & 0xc0) != 0x80;
        ix->positions += chars > 2 ? chars - 2 : 0;
    }
    if (ix->plist && !ix->rebuild && ix->held >= 0 && ix->added > (size_t)ix->held &&
        ix->added >= ix->tm->bulk_min) {
        ix->rebuild = 1;
        ty__plist_batch_drop(ix->plist);
        /* into an empty memory: the lists are built beside the import, from the units
         * stored so far (this one too) and those that follow */
        if (ix->held == 0 && (rc = ty__plist_builder_start(ix->tm, &ix->builder, err)) != TY_OK)
            return rc;
    } else if (ix->builder && ty__plist_builder_add(ix->builder, id, norm, len, ulen) != 0) {
        return ty__nomem(err);
    }
    /* more postings than one part of the build holds: built from the units at the end, in
     * parts, so that the memory it takes stays bounded */
    if (ix->builder && ty__plist_parts(ix->tm, ix->positions) > 1) {
        ty__plist_builder_free(ix->builder);
        ix->builder = NULL;
    }
    for (int l = 0; l < 2 && ix->plist && !ix->rebuild; l++)
        if ((rc = ty__plist_batch_add(ix->plist, ix->tm, l, id, ulen[l], ix->buf[l], n[l],
                                      err)) != TY_OK)
            return rc;
    /* the lists built anew give the trigram counts too */
    for (int l = 0; l < 2 && !ix->rebuild; l++) {
        if (ty__gram_counter_add(ix->gc[l], ix->buf[l], n[l]) != 0)
            return ty__nomem(err);
        ty__gram_counter_next_unit(ix->gc[l]);
        if (ty__gram_counter_full(ix->gc[l]) &&
            (rc = ty__gram_counter_flush(ix->gc[l], ix->tm, l, err)) != TY_OK)
            return rc;
    }
    return TY_OK;
}

ty_status ty__indexer_finish(ty__indexer *ix, ty_error *err)
{
    ty_status rc;

    if (ix->deferred) {
        sqlite3_stmt *st;
        if (!ix->first_pending)
            return TY_OK;
        /* the first of a run of deferred imports marks where the pending units begin */
        if ((rc = ty__tm_kept(ix->tm, "UPDATE postings_state SET pending = ?1 WHERE pending = 0",
                              &st, err)) != TY_OK)
            return rc;
        sqlite3_bind_int64(st, 1, ix->first_pending);
        return ty__tm_run(ix->tm, st, "marking the units pending", err);
    }
    if (ix->builder) {
        ty__plist_builder *b = ix->builder;
        int built = 0;
        ix->builder = NULL;
        if ((rc = ty__plist_builder_finish(b, ix->tm, &built, err)) != TY_OK || built)
            return rc;
    }
    if (ix->rebuild)
        /* and the counts (never inside a group) */
        return ty__plist_rebuild_more(ix->tm, 1, ix->positions, err);
    if (ix->plist && (rc = ty__plist_batch_flush(ix->plist, ix->tm, err)) != TY_OK)
        return rc;
    if (ix->tm->group)
        return TY_OK; /* the group's commit writes them (ty__indexer_group) */
    for (int l = 0; l < 2; l++)
        if ((rc = ty__gram_counter_flush(ix->gc[l], ix->tm, l, err)) != TY_OK)
            return rc;
    return TY_OK;
}

ty_status ty__indexer_group(ty__indexer *ix, int sign, ty_error *err)
{
    ty_tm *tm = ix->tm;

    if (ix->deferred)
        return TY_OK; /* no counts: they come with the fold */
    for (int l = 0; l < 2; l++)
        if (!tm->group_grams[l] && !(tm->group_grams[l] = ty__gram_counter_new()))
            return ty__nomem(err);
    if (ty__gram_counter_merge(tm->group_grams[0], ix->gc[0], sign) != 0)
        return ty__nomem(err);
    if (ty__gram_counter_merge(tm->group_grams[1], ix->gc[1], sign) != 0) {
        ty__gram_counter_merge(tm->group_grams[0], ix->gc[0], -sign);
        return ty__nomem(err);
    }
    return TY_OK;
}

/* Index every unit from id `first` on (their texts as stored) through ix. */
static ty_status add_units_from(ty__indexer *ix, long long first, ty_error *err)
{
    sqlite3_stmt *st = NULL;
    ty_status rc;
    int step;

    if ((rc = ty__tm_prepare(ix->tm,
                             "SELECT t.id, coalesce(t.ja_norm, t.ja), coalesce(t.en_norm, t.en), "
                             "u.ja_len, u.en_len FROM unit_text t LEFT JOIN units u ON u.id = t.id "
                             "WHERE t.id >= ?1 ORDER BY t.id",
                             &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_int64(st, 1, first);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *norm[2];
        size_t len[2];
        long long ulen[2];
        for (int l = 0; l < 2; l++) {
            norm[l] = (const char *)sqlite3_column_text(st, 1 + l);
            len[l] = (size_t)sqlite3_column_bytes(st, 1 + l);
            ulen[l] = sqlite3_column_int64(st, 3 + l);
            if (!norm[l])
                norm[l] = "";
        }
        if ((rc = ty__indexer_add(ix, sqlite3_column_int64(st, 0), norm, len, ulen, err)) !=
            TY_OK)
            break;
    }
    if (rc == TY_OK && step != SQLITE_DONE)
        rc = ty__tm_fail(ix->tm, err, "reading units");
    sqlite3_finalize(st);
    return rc;
}

ty_status ty__tm_build_search(ty_tm *tm, ty_error *err)
{
    ty__indexer ix;
    int defer = tm->defer_index;
    ty_status rc;

    /* every unit is indexed here, also while the handle defers indexing (a removal in a
     * batch): none is left pending */
    tm->defer_index = 0;
    rc = ty__indexer_init(&ix, tm, -1, err);
    tm->defer_index = defer;
    if (rc != TY_OK)
        return rc;
    if ((rc = ty__tm_exec(tm,
                          ix.fts[0] ? "DELETE FROM grams;"
                                      "INSERT INTO fts_ja(fts_ja) VALUES('delete-all');"
                                      "INSERT INTO fts_en(fts_en) VALUES('delete-all');"
                                    : "DELETE FROM grams",
                          err)) == TY_OK) {
        ix.rebuild = ix.plist != NULL; /* every list anew at the end */
        if ((rc = add_units_from(&ix, INT64_MIN, err)) == TY_OK)
            rc = ty__indexer_finish(&ix, err);
    }
    ty__indexer_free(&ix);
    return rc;
}

/* Index the units from `first` on through an indexer: their postings to the delta (or the
 * blobs, when many) and their trigram counts to `grams`. */
static ty_status fold_units(ty_tm *tm, long long first, ty_error *err)
{
    ty__indexer ix;
    ty_status rc;

    if ((rc = init(&ix, tm, -1, 0, err)) != TY_OK)
        return rc;
    ix.deferred = 0;
    if (!ix.plist && !(ix.plist = ty__plist_batch_new(1)))
        rc = ty__nomem(err);
    for (int l = 0; l < 2 && rc == TY_OK; l++)
        if (!ix.gc[l] && !(ix.gc[l] = ty__gram_counter_new()))
            rc = ty__nomem(err);
    if (rc == TY_OK)
        rc = add_units_from(&ix, first, err);
    /* the counts go to `grams` now, inside a group too (its own imports' counts stay apart) */
    if (rc == TY_OK)
        rc = ty__plist_batch_flush(ix.plist, tm, err);
    for (int l = 0; l < 2 && rc == TY_OK; l++)
        rc = ty__gram_counter_flush(ix.gc[l], tm, l, err);
    ty__indexer_free(&ix);
    return rc;
}

ty_status ty__tm_fold_pending(ty_tm *tm, ty_error *err)
{
    long long first = 0, indexed = 0, pending = 0;
    sqlite3_stmt *st;
    ty_status rc = TY_OK;

    if (tm->be || (rc = ty__plist_pending(tm, &first, err)) != TY_OK || first <= 0)
        return tm->be ? TY_OK : rc;
    if ((rc = ty__tm_kept_int(tm, "SELECT count(*) FROM units WHERE id < ?1", first, &indexed,
                              err)) != TY_OK ||
        (rc = ty__tm_kept_int(tm, "SELECT count(*) FROM units WHERE id >= ?1", first, &pending,
                              err)) != TY_OK)
        return rc;
    /* more pending units than indexed ones: every list built anew costs less than merging,
     * at most twice the pending units' work (never inside a group, whose trigram counts are
     * written at its commit) */
    if (!tm->group && pending > indexed)
        rc = ty__plist_rebuild(tm, 1, err);
    else if (pending > 0)
        rc = fold_units(tm, first, err);
    if (rc != TY_OK ||
        (rc = ty__tm_kept(tm, "UPDATE postings_state SET pending = 0", &st, err)) != TY_OK)
        return rc;
    return ty__tm_run(tm, st, "clearing the pending mark", err);
}
