/*
 * pg_verify.c — ty_tm_verify for a memory in PostgreSQL (taiyaku stats --verify), in one
 * read-only snapshot: the counts and provenance that tie the tables together (as verify.c
 * checks them in an SQLite memory), the trigram frequencies against the postings, the
 * lengths the postings hold against the units', and every unit's normalized copies, hashes
 * and lengths recomputed from its texts with verify.c's check. The server's own storage is
 * the server's to check (amcheck, pg_checksums). It does not repair anything.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "pg.h"

/* After the ties every backend checks (verify.c): the postings against the frequencies. */
static const ty__tm_check checks[] = {
    {"SELECT 'trigram ' || coalesce(g.gram, p.gram) || ' counted in ' || coalesce(g.df, 0) || "
     "' units, indexed in ' || coalesce(p.n, 0) FROM grams g FULL JOIN (SELECT lang, gram, "
     "sum(length(entries) / " TY__PG_ENTRY_S ") AS n FROM postings GROUP BY lang, gram) p ON "
     "p.lang = g.lang AND p.gram = g.gram WHERE g.df IS DISTINCT FROM p.n LIMIT 1",
     "search index"},
    {"SELECT 'trigram ' || p.gram || ' gives unit ' || x.id || ' the length ' || x.len || "
     "', not ' || least(CASE WHEN p.lang = 0 THEN u.ja_len ELSE u.en_len END, "
     TY__PG_LEN_MAX_S ") FROM postings p, LATERAL (SELECT (get_byte(p.entries, k) << 24) | "
     "(get_byte(p.entries, k + 1) << 16) | (get_byte(p.entries, k + 2) << 8) | "
     "get_byte(p.entries, k + 3) AS id, (get_byte(p.entries, k + 4) << 8) | "
     "get_byte(p.entries, k + 5) AS len FROM generate_series(0, length(p.entries) - "
     TY__PG_ENTRY_S ", " TY__PG_ENTRY_S ") AS k) x LEFT JOIN units u ON u.id = x.id WHERE "
     "x.len IS DISTINCT FROM least(CASE WHEN p.lang = 0 THEN u.ja_len ELSE u.en_len END, "
     TY__PG_LEN_MAX_S ") OR length(p.entries) % " TY__PG_ENTRY_S " <> 0 LIMIT 1",
     "search index"},
};

/* Every unit's texts; the first damaged one in *bad (its id) and why. */
static ty_status check_texts(ty_tm *tm, long long *bad, char *why, size_t size, ty_error *err)
{
    PGconn *c = ty__pg_conn(tm);
    ty__tokens words = {0};
    PGresult *r;
    ty_status rc = TY_OK;

    *bad = 0;
    if (!tm->matcher && (rc = ty__matcher_new(&tm->matcher, err)) != TY_OK)
        return rc;
    if (!PQsendQuery(c, "SELECT id, ja_hash, en_hash, ja_len, en_len, ja, en, ja_norm, en_norm "
                        "FROM units ORDER BY id") ||
        !PQsetSingleRowMode(c))
        return ty__pg_fail(tm, NULL, "texts", err);
    while ((r = PQgetResult(c))) {
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_SINGLE_TUPLE && rc == TY_OK && !*bad) {
            for (int l = 0; l < 2 && !*bad && rc == TY_OK; l++) {
                int n = ty__tm_check_text(
                    tm->matcher, &words, l, PQgetvalue(r, 0, 5 + l),
                    (size_t)PQgetlength(r, 0, 5 + l),
                    PQgetisnull(r, 0, 7 + l) ? NULL : PQgetvalue(r, 0, 7 + l),
                    (size_t)PQgetlength(r, 0, 7 + l), strtoll(PQgetvalue(r, 0, 1 + l), NULL, 10),
                    strtoll(PQgetvalue(r, 0, 3 + l), NULL, 10), why, size);
                if (n < 0)
                    rc = ty__nomem(err);
                else if (n > 0)
                    *bad = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
            }
        } else if (st != PGRES_SINGLE_TUPLE && st != PGRES_TUPLES_OK && rc == TY_OK)
            rc = ty__pg_fail(tm, r, "texts", err);
        PQclear(r);
    }
    ty__tokens_free(&words);
    return rc;
}

ty_status ty__pg_verify(ty_tm *tm, ty_error *err)
{
    char why[200];
    long long bad = 0;
    ty_status rc;

    if ((rc = ty__pg_exec(tm, "verifying",
                          "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err)) != TY_OK)
        return rc;
    for (size_t i = 0; i < TY__TM_TIES + sizeof checks / sizeof checks[0] && rc == TY_OK; i++) {
        const ty__tm_check *k = i < TY__TM_TIES ? &ty__tm_ties[i] : &checks[i - TY__TM_TIES];
        PGresult *r = ty__pg_run(tm, k->what, k->sql, 0, NULL, err);
        if (!r)
            rc = TY_ERR_POSTGRES;
        else if (PQntuples(r) > 0)
            rc = ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1, "%s: %s", k->what,
                          PQgetvalue(r, 0, 0));
        PQclear(r);
    }
    if (rc == TY_OK && (rc = check_texts(tm, &bad, why, sizeof why, err)) == TY_OK && bad) {
        ty__unit_info ui;
        memset(&ui, 0, sizeof ui);
        if (ty__pg_unit_read(tm, bad, 1, &ui, NULL) == TY_OK && ui.position >= 0)
            rc = ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1,
                          "texts: unit %lld (document '%s', position %lld): %s", bad,
                          ui.document, ui.position + 1, why);
        else
            rc = ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1, "texts: unit %lld: %s", bad, why);
        ty__unit_info_free(&ui);
    }
    PQclear(PQexec(ty__pg_conn(tm), "COMMIT"));
    return rc;
}
