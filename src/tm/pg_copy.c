/*
 * pg_copy.c — what a copy of a whole memory (copy.c) reads from a memory in PostgreSQL and
 * writes into one besides its imports: a document's occurrences in the order of their
 * positions, the accepted findings (check_ignored) read and added, and emptying the memory
 * when a copy into it failed part way. It does not decide what is copied (copy.c does).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "pg.h"

/* A nullable text cell. */
static const char *cell(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

ty_status ty__pg_occurrences(ty_tm *tm, long long doc, ty__occ_fn fn, void *user, ty_error *err)
{
    char id[32];
    const char *p[1] = {id};
    ty_status rc = TY_OK;
    PGresult *r;

    snprintf(id, sizeof id, "%lld", doc);
    r = ty__pg_run(tm, "reading a document's units",
                   "SELECT o.position, u.ja, u.en, o.confidence, o.shape, o.tuid, o.props, "
                   "o.ja_lang, o.en_lang FROM occurrences o JOIN units u ON u.id = o.unit "
                   "WHERE o.document = $1 ORDER BY o.position",
                   1, p, err);
    if (!r)
        return TY_ERR_POSTGRES;
    for (int i = 0; i < PQntuples(r) && rc == TY_OK; i++) {
        ty__occ o;
        memset(&o, 0, sizeof o);
        o.position = strtoll(PQgetvalue(r, i, 0), NULL, 10);
        o.unit.ja = PQgetvalue(r, i, 1);
        o.unit.en = PQgetvalue(r, i, 2);
        o.unit.confidence = PQgetisnull(r, i, 3) ? -1 : strtod(PQgetvalue(r, i, 3), NULL);
        o.unit.shape = cell(r, i, 4);
        o.unit.id = cell(r, i, 5);
        o.props = cell(r, i, 6);
        o.unit.ja_lang = cell(r, i, 7);
        o.unit.en_lang = cell(r, i, 8);
        rc = fn(&o, user, err);
    }
    PQclear(r);
    return rc;
}

ty_status ty__pg_ignored(ty_tm *tm, int by_added, ty__ignored_fn fn, void *user, ty_error *err)
{
    PGresult *r = ty__pg_run(tm, "reading the accepted findings",
                             by_added ? "SELECT id, note, who, added_at FROM check_ignored "
                                        "ORDER BY added_at COLLATE \"C\", id COLLATE \"C\""
                                      : "SELECT id, note, who, added_at FROM check_ignored "
                                        "ORDER BY id COLLATE \"C\"",
                             0, NULL, err);
    ty_status rc = TY_OK;

    if (!r)
        return TY_ERR_POSTGRES;
    for (int i = 0; i < PQntuples(r) && rc == TY_OK; i++) {
        ty__ignored row = {PQgetvalue(r, i, 0), cell(r, i, 1), cell(r, i, 2),
                           PQgetvalue(r, i, 3)};
        rc = fn(&row, user, err);
    }
    PQclear(r);
    return rc;
}

ty_status ty__pg_ignored_put(ty_tm *tm, const ty__ignored *row, int replace, ty_error *err)
{
    const char *p[4] = {row->id, row->note, row->who, row->added_at};
    PGresult *r = ty__pg_run(tm, "adding an accepted finding",
                             replace ? "INSERT INTO check_ignored(id, note, who, added_at) "
                                       "VALUES($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET "
                                       "note = EXCLUDED.note, who = EXCLUDED.who, "
                                       "added_at = EXCLUDED.added_at"
                                     : "INSERT INTO check_ignored(id, note, who, added_at) "
                                       "VALUES($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING",
                             4, p, err);
    if (!r)
        return TY_ERR_POSTGRES;
    PQclear(r);
    return TY_OK;
}

ty_status ty__pg_ignored_remove(ty_tm *tm, const char *id, int *removed, ty_error *err)
{
    const char *p[1] = {id};
    PGresult *r = ty__pg_run(tm, "removing an accepted finding",
                             "DELETE FROM check_ignored WHERE id = $1", 1, p, err);
    if (!r)
        return TY_ERR_POSTGRES;
    *removed = atoi(PQcmdTuples(r)) > 0;
    PQclear(r);
    return TY_OK;
}

ty_status ty__pg_empty(ty_tm *tm, ty_error *err)
{
    return ty__pg_exec(tm, "emptying the memory",
                       "TRUNCATE documents, units, norm_ja, norm_en, postings, occurrences, alignments, "
                       "sentences, beads, edits, "
                       "grams, retired, check_ignored",
                       err);
}
