/*
 * pg_verify.c — ty_tm_verify for a memory in PostgreSQL (taiyaku stats --verify), in one
 * read-only snapshot: the counts and provenance that tie the tables together (as verify.c
 * checks them in an SQLite memory), the trigram frequencies against the postings, the
 * lengths the postings hold against the units', the narrow copies of the normalized texts
 * and counts (norm_ja, norm_en) against `units`, and every unit's normalized copies, hashes
 * and lengths recomputed from its texts with verify.c's check. The server's own storage is
 * the server's to check (amcheck, pg_checksums). It does not repair anything.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "pg.h"

/* After the ties every backend checks (verify.c): the postings against the frequencies. The
 * entries are stored out of line (STORAGE EXTERNAL), where each get_byte would fetch the whole
 * value again: a subquery behind OFFSET 0 (kept apart from the outer query) makes one copy of
 * a row's entries in memory, which the LATERAL reads. */
static const ty__tm_check checks[] = {
    {"SELECT 'trigram ' || coalesce(g.gram, p.gram) || ' counted in ' || coalesce(g.df, 0) || "
     "' units, indexed in ' || coalesce(p.n, 0) FROM grams g FULL JOIN (SELECT lang, gram, "
     "sum(length(entries) / " TY__PG_ENTRY_S ") AS n FROM postings GROUP BY lang, gram) p ON "
     "p.lang = g.lang AND p.gram = g.gram WHERE g.df IS DISTINCT FROM p.n LIMIT 1",
     "search index"},
    {"SELECT 'trigram ' || p.gram || ' gives unit ' || x.id || ' the length ' || x.len || "
     "', not ' || least(CASE WHEN p.lang = 0 THEN u.ja_len ELSE u.en_len END, "
     TY__PG_LEN_MAX_S ") FROM (SELECT lang, gram, entries || '\\x'::bytea AS e FROM postings "
     "OFFSET 0) p, LATERAL (SELECT (get_byte(p.e, k) << 24) | (get_byte(p.e, k + 1) << 16) | "
     "(get_byte(p.e, k + 2) << 8) | get_byte(p.e, k + 3) AS id, (get_byte(p.e, k + 4) << 8) | "
     "get_byte(p.e, k + 5) AS len FROM generate_series(0, length(p.e) - " TY__PG_ENTRY_S ", "
     TY__PG_ENTRY_S ") AS k) x LEFT JOIN units u ON u.id = x.id WHERE x.len IS DISTINCT FROM "
     "least(CASE WHEN p.lang = 0 THEN u.ja_len ELSE u.en_len END, " TY__PG_LEN_MAX_S ") OR "
     "length(p.e) % " TY__PG_ENTRY_S " <> 0 LIMIT 1",
     "search index"},
};

/* After the units' own texts are found sound: the narrow copies lookups read (pg.h). */
static const ty__tm_check copies[] = {
    {"SELECT 'unit ' || coalesce(u.id, n.id) || ': ' || CASE WHEN u.id IS NULL THEN 'not in "
     "units but in norm_ja' WHEN n.id IS NULL THEN 'not in norm_ja' ELSE 'norm_ja holds another "
     "text or count' END FROM units u FULL JOIN norm_ja n ON n.id = u.id WHERE u.id IS NULL OR "
     "n.id IS NULL OR n.count <> u.count OR n.norm <> coalesce(u.ja_norm, u.ja) LIMIT 1",
     "search texts"},
    {"SELECT 'unit ' || coalesce(u.id, n.id) || ': ' || CASE WHEN u.id IS NULL THEN 'not in "
     "units but in norm_en' WHEN n.id IS NULL THEN 'not in norm_en' ELSE 'norm_en holds another "
     "text or count' END FROM units u FULL JOIN norm_en n ON n.id = u.id WHERE u.id IS NULL OR "
     "n.id IS NULL OR n.count <> u.count OR n.norm <> coalesce(u.en_norm, u.en) LIMIT 1",
     "search texts"},
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

static ty_status run_checks(ty_tm *tm, const ty__tm_check *k, size_t n, ty_error *err)
{
    ty_status rc = TY_OK;

    for (size_t i = 0; i < n && rc == TY_OK; i++) {
        PGresult *r = ty__pg_run(tm, k[i].what, k[i].sql, 0, NULL, err);
        if (!r)
            rc = TY_ERR_POSTGRES;
        else if (PQntuples(r) > 0)
            rc = ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1, "%s: %s", k[i].what,
                          PQgetvalue(r, 0, 0));
        PQclear(r);
    }
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
    if ((rc = run_checks(tm, ty__tm_ties, TY__TM_TIES, err)) == TY_OK)
        rc = run_checks(tm, checks, sizeof checks / sizeof checks[0], err);
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
    if (rc == TY_OK)
        rc = run_checks(tm, copies, sizeof copies / sizeof copies[0], err);
    PQclear(PQexec(ty__pg_conn(tm), "COMMIT"));
    return rc;
}
