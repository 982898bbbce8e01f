/*
 * pg_review.c — what a review edit writes in a PostgreSQL memory (the backend's edit_* and
 * beads_mark entries, tm.h): its transaction under the writers' lock, the beads' new marks,
 * the edit log and the document's version. Which beads an edit touches and what they become
 * is review.c's (the same code as for an SQLite memory); this file only stores.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "pg.h"

ty_status ty__pg_edit_begin(ty_tm *tm, ty_error *err)
{
    ((ty__pg *)tm->be_data)->retry = 0;
    /* an edit's statements touch a few rows, but the planner's estimates for the units'
     * recounts pass jit_above_cost: compiling them cost more than running them */
    return ty__pg_exec(tm, "the edit was not made",
                       "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL jit = off; "
                       "LOCK TABLE documents IN SHARE ROW EXCLUSIVE MODE",
                       err);
}

int ty__pg_edit_retry(const ty_tm *tm)
{
    return ((const ty__pg *)tm->be_data)->retry;
}

ty_status ty__pg_edit_end(ty_tm *tm, int commit, ty_error *err)
{
    ty_status rc;

    if (!commit) {
        PQclear(PQexec(ty__pg_conn(tm), "ROLLBACK"));
        return TY_OK;
    }
    if ((rc = ty__pg_exec(tm, "the edit was rolled back", "COMMIT", err)) != TY_OK)
        PQclear(PQexec(ty__pg_conn(tm), "ROLLBACK"));
    return rc;
}

/* The statuses (pinned 0) or the pins (1) of b[0, n) as an array literal, malloc'd; NULL when
 * out of memory. */
static char *marks(const ty_tm_bead *b, size_t n, int pinned)
{
    long long *v = malloc((n ? n : 1) * sizeof *v);
    char *s;

    if (!v)
        return NULL;
    for (size_t i = 0; i < n; i++)
        v[i] = pinned ? b[i].pinned : (long long)b[i].status;
    s = ty__pg_id_array(v, n);
    free(v);
    return s;
}

ty_status ty__pg_beads_mark(ty_tm *tm, long long doc, const long long *keys, const ty_tm_bead *b,
                            size_t n, ty_error *err)
{
    char d[32], *k = ty__pg_id_array(keys, n), *st = marks(b, n, 0), *pin = marks(b, n, 1);
    const char *p[4] = {d, k, st, pin};
    PGresult *r = NULL;
    ty_status rc = TY_OK;

    snprintf(d, sizeof d, "%lld", doc);
    if (!k || !st || !pin)
        rc = ty__nomem(err);
    else if (!(r = ty__pg_run(tm, "the edit was rolled back: marking beads",
                              "UPDATE beads b SET status = x.s, pinned = x.p FROM "
                              "unnest($2::bigint[], $3::smallint[], $4::smallint[]) AS x(k, s, p) "
                              "WHERE b.document = $1::bigint AND b.idx = x.k",
                              4, p, err)))
        rc = TY_ERR_POSTGRES;
    else if (strtoull(PQcmdTuples(r), NULL, 10) != n)
        rc = ty__fail(err, TY_ERR_CONFLICT, tm->path, -1, -1,
                      "document %lld changed meanwhile: read it again", doc);
    PQclear(r);
    free(k);
    free(st);
    free(pin);
    return rc;
}

ty_status ty__pg_edit_last(ty_tm *tm, long long doc, ty__edit_fn fn, void *user, int *found,
                           ty_error *err)
{
    char d[32];
    const char *p[1] = {d};
    PGresult *r;
    ty_status rc = TY_OK;

    snprintf(d, sizeof d, "%lld", doc);
    if (!(r = ty__pg_run(tm, "reading the edits",
                         "SELECT id, at, who, op, first, before, after, undone FROM edits "
                         "WHERE document = $1::bigint AND undone = 0 AND op <> 'undo' "
                         "ORDER BY id DESC LIMIT 1",
                         1, p, err)))
        return TY_ERR_POSTGRES;
    if ((*found = PQntuples(r) > 0)) {
        ty__edit_row e;
        e.id = ty__pg_ll(r, 0, 0);
        e.at = PQgetvalue(r, 0, 1);
        e.who = PQgetvalue(r, 0, 2);
        e.op = PQgetvalue(r, 0, 3);
        e.first = ty__pg_ll(r, 0, 4);
        e.before = PQgetvalue(r, 0, 5);
        e.after = PQgetvalue(r, 0, 6);
        e.undone = (int)ty__pg_ll(r, 0, 7);
        rc = fn(user, &e, err);
    }
    PQclear(r);
    return rc;
}

/* Run sql with the document's id (d) as $1 and x as $2, as recording an edit. */
static ty_status run2(ty_tm *tm, const char *sql, const char *d, long long x, ty_error *err)
{
    char v[32];
    const char *p[2] = {d, v};
    PGresult *r;

    snprintf(v, sizeof v, "%lld", x);
    if (!(r = ty__pg_run(tm, "the edit was rolled back: recording it", sql, 2, p, err)))
        return TY_ERR_POSTGRES;
    PQclear(r);
    return TY_OK;
}

ty_status ty__pg_edit_record(ty_tm *tm, long long doc, const ty__edit_row *e, long long undoes,
                             long long added, long long *version, ty_error *err)
{
    static const char what[] = "the edit was rolled back: recording it";
    char d[32], f[32];
    const char *p[6] = {d, e->who ? e->who : "", e->op, f, e->before, e->after};
    PGresult *r;

    snprintf(d, sizeof d, "%lld", doc);
    snprintf(f, sizeof f, "%lld", e->first);
    /* the time as SQLite's strftime('%Y-%m-%dT%H:%M:%SZ', 'now') writes it */
    if (!(r = ty__pg_run(tm, what,
                         "INSERT INTO edits(document, at, who, op, first, before, after) "
                         "VALUES($1::bigint, to_char(now() AT TIME ZONE 'UTC', "
                         "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), $2, $3, $4::bigint, $5, $6)",
                         6, p, err)))
        return TY_ERR_POSTGRES;
    PQclear(r);
    if ((undoes > 0 && run2(tm, "UPDATE edits SET undone = 1 WHERE id = $2::bigint AND "
                                "document = $1::bigint",
                            d, undoes, err) != TY_OK) ||
        run2(tm, "UPDATE documents SET units = units + $2::bigint WHERE id = $1::bigint", d,
             added, err) != TY_OK)
        return TY_ERR_POSTGRES;
    if (!(r = ty__pg_run(tm, what,
                         "UPDATE alignments SET version = version + 1 WHERE document = "
                         "$1::bigint RETURNING version",
                         1, p, err)))
        return TY_ERR_POSTGRES;
    if (version)
        *version = PQntuples(r) ? ty__pg_ll(r, 0, 0) : 0;
    PQclear(r);
    return TY_OK;
}
