/*
 * pg_remove.c — taking a document out of a memory in PostgreSQL, in one transaction under the
 * imports' table lock (readers are not blocked; its own, or the merge's of an import that
 * replaces the document, pg_store.c): its provenance, the counts, confidence and
 * shape of the units other documents also hold (as remove.c recomputes them in an SQLite
 * memory), and the units only it held: their rows, their narrow texts, their entries in the
 * postings (the rows that hold them are rewritten without them, or deleted when emptied) and
 * their trigram counts; the ids retired as an SQLite memory retires them. The same two steps
 * (a range of a document's occurrences taken out, then their units released) serve a review
 * edit that replaces a run of beads (pg_edit.c), inside its transaction. It does not find the
 * document by name (the CLI does, through ty_tm_documents).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "pg.h"

/* A posting entry to take out: unit `id` under trigram `gram` of side `lang`. */
typedef struct drop {
    int lang;
    int32_t gram;
    uint32_t id;
} drop;

typedef struct remover {
    ty_tm *tm;
    drop *v;
    size_t n, cap;
    int lang;          /* the side whose trigrams add_gram is collecting */
    uint32_t id;       /* the unit they are of */
    size_t from;       /* the unit's first entry in v (its trigrams made distinct) */
    int failed;
    char *text;        /* a statement's array parameters being written */
    size_t tlen, tcap;
} remover;

static void add_gram(void *user, const char *gram, size_t len, uint64_t key)
{
    remover *r = user;
    (void)gram;
    (void)len;
    if (r->failed || ty__grow((void **)&r->v, &r->cap, r->n + 1, sizeof *r->v) != 0) {
        r->failed = 1;
        return;
    }
    r->v[r->n++] = (drop){r->lang, ty__pg_gram(key), r->id};
}

static int by_drop(const void *a, const void *b)
{
    const drop *x = a, *y = b;
    if (x->lang != y->lang)
        return x->lang < y->lang ? -1 : 1;
    if (x->gram != y->gram)
        return x->gram < y->gram ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* The distinct trigrams of unit id's normalized side `lang` (as pg_store.c indexed them). */
static int collect(remover *r, int lang, uint32_t id, const char *norm)
{
    size_t k;

    r->lang = lang;
    r->id = id;
    r->from = r->n;
    ty__tm_trigrams(norm, strlen(norm), add_gram, r);
    if (r->failed)
        return -1;
    if (r->n > r->from) /* a text of fewer than three characters has none (r->v may be NULL) */
        qsort(r->v + r->from, r->n - r->from, sizeof *r->v, by_drop);
    k = r->from;
    for (size_t i = r->from; i < r->n; i++)
        if (k == r->from || r->v[i].gram != r->v[k - 1].gram)
            r->v[k++] = r->v[i];
    r->n = k;
    return 0;
}

/* Append printf-style text to r->text. */
static int put(remover *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int put(remover *r, const char *fmt, ...)
{
    va_list ap;
    int k;

    for (;;) {
        size_t room = r->tcap - r->tlen;
        va_start(ap, fmt);
        k = vsnprintf(r->text ? r->text + r->tlen : NULL, room, fmt, ap);
        va_end(ap);
        if (k < 0)
            return -1;
        if ((size_t)k < room) {
            r->tlen += (size_t)k;
            return 0;
        }
        if (ty__grow((void **)&r->text, &r->tcap, r->tlen + (size_t)k + 1, 1) != 0)
            return -1;
    }
}

/* A one-row, one-column count from sql with n parameters. */
static ty_status count_of(ty_tm *tm, const char *what, const char *sql, int n,
                          const char *const *p, long long *v, ty_error *err)
{
    PGresult *res = ty__pg_run(tm, what, sql, n, p, err);

    if (!res)
        return TY_ERR_POSTGRES;
    *v = PQntuples(res) ? strtoll(PQgetvalue(res, 0, 0), NULL, 10) : 0;
    PQclear(res);
    return TY_OK;
}

static ty_status run(ty_tm *tm, const char *what, const char *sql, int n, const char *const *p,
                     ty_error *err)
{
    PGresult *res = ty__pg_run(tm, what, sql, n, p, err);
    if (!res)
        return TY_ERR_POSTGRES;
    PQclear(res);
    return TY_OK;
}

static uint32_t be32(const unsigned char *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* Rewrite the postings rows that hold the entries r->v[0, n) and lower the trigram counts.
 * The statements' parameters are arrays (text form), written one after the other into
 * r->text, NUL-separated: the (lang, gram) pairs to read; then the rows to rewrite (langs,
 * grams, firsts, entries in hex); then the counts to lower (langs, grams, how many). */
static ty_status postings(remover *r, const char *what, ty_error *err)
{
    static const char hex[] = "0123456789abcdef";
    ty_tm *tm = r->tm;
    const char *p[4];
    PGresult *res = NULL;
    char maxid[24];
    size_t off[8], nrows = 0, di = 0;
    uint32_t top = 0;
    ty_status rc = TY_OK;

    if (r->n == 0)
        return TY_OK;
    qsort(r->v, r->n, sizeof *r->v, by_drop);
    for (size_t i = 0; i < r->n; i++)
        if (r->v[i].id > top)
            top = r->v[i].id;
    /* the distinct (lang, gram) pairs: the rows to read */
    r->tlen = 0;
    for (int a = 0; a < 2; a++) {
        off[a] = r->tlen;
        if (put(r, "{") != 0)
            return ty__nomem(err);
        for (size_t i = 0, k = 0; i < r->n; i++)
            if (i == 0 || by_drop(&(drop){r->v[i].lang, r->v[i].gram, 0},
                                  &(drop){r->v[i - 1].lang, r->v[i - 1].gram, 0}) != 0)
                if (put(r, "%s%d", k++ ? "," : "", a ? (int)r->v[i].gram : r->v[i].lang) != 0)
                    return ty__nomem(err);
        if (put(r, "}%c", 0) != 0)
            return ty__nomem(err);
    }
    snprintf(maxid, sizeof maxid, "%u", top);
    p[0] = r->text + off[0];
    p[1] = r->text + off[1];
    p[2] = maxid;
    res = PQexecParams(ty__pg_conn(tm),
                       "SELECT p.lang, p.gram, p.first, p.entries FROM postings p JOIN "
                       "unnest($1::int2[], $2::int4[]) AS x(lang, gram) ON p.lang = x.lang AND "
                       "p.gram = x.gram WHERE p.first <= $3::bigint ORDER BY 1, 2, 3 FOR UPDATE",
                       3, NULL, p, NULL, NULL, 1);
    if (!res || PQresultStatus(res) != PGRES_TUPLES_OK) {
        rc = ty__pg_fail(tm, res, what, err);
        goto done;
    }
    /* each row keeps the entries not taken out; an entry is in the row of its trigram with
     * the largest first id at or below it */
    r->tlen = 0;
    for (int a = 0; a < 4; a++) {
        off[a] = r->tlen;
        if (put(r, "{") != 0) {
            rc = ty__nomem(err);
            goto done;
        }
        nrows = 0;
        di = 0;
        for (int row = 0; row < PQntuples(res); row++) {
            const unsigned char *v = (const unsigned char *)PQgetvalue(res, row, 0);
            int lang = v[0] << 8 | v[1];
            int32_t gram = (int32_t)be32((const unsigned char *)PQgetvalue(res, row, 1));
            const unsigned char *f = (const unsigned char *)PQgetvalue(res, row, 2);
            uint32_t first = be32(f + 4); /* ids fit in 32 bits (the entries hold them so) */
            uint32_t next = UINT32_MAX;
            const unsigned char *e = (const unsigned char *)PQgetvalue(res, row, 3);
            size_t ne = (size_t)PQgetlength(res, row, 3) / TY__PG_ENTRY, kept = 0, hit = 0;
            if (row + 1 < PQntuples(res)) {
                const unsigned char *v2 = (const unsigned char *)PQgetvalue(res, row + 1, 0);
                if ((v2[0] << 8 | v2[1]) == lang &&
                    (int32_t)be32((const unsigned char *)PQgetvalue(res, row + 1, 1)) == gram)
                    next = be32((const unsigned char *)PQgetvalue(res, row + 1, 2) + 4);
            }
            while (di < r->n && by_drop(&r->v[di], &(drop){lang, gram, first}) < 0)
                di++;
            /* the entries of this row not taken out, written as hex when a = 3 */
            if (a == 3 && put(r, "%s\"\\\\x", nrows ? "," : "") != 0) {
                rc = ty__nomem(err);
                goto done;
            }
            for (size_t j = 0, d = di; j < ne; j++) {
                uint32_t id = be32(e + j * TY__PG_ENTRY);
                while (d < r->n && r->v[d].lang == lang && r->v[d].gram == gram &&
                       r->v[d].id < id)
                    d++;
                if (d < r->n && r->v[d].lang == lang && r->v[d].gram == gram &&
                    r->v[d].id == id && id < next) {
                    hit++;
                    continue;
                }
                kept++;
                if (a == 3) {
                    if (ty__grow((void **)&r->text, &r->tcap,
                                 r->tlen + 2 * TY__PG_ENTRY + 1, 1) != 0) {
                        rc = ty__nomem(err);
                        goto done;
                    }
                    for (size_t b = 0; b < TY__PG_ENTRY; b++) {
                        r->text[r->tlen++] = hex[e[j * TY__PG_ENTRY + b] >> 4];
                        r->text[r->tlen++] = hex[e[j * TY__PG_ENTRY + b] & 15];
                    }
                }
            }
            if (!hit) { /* a row of this trigram that holds none of them: left as it is */
                if (a == 3)
                    r->tlen -= 2 * TY__PG_ENTRY * kept + 4 + (nrows ? 1 : 0);
                continue;
            }
            if ((a == 0 && put(r, "%s%d", nrows ? "," : "", lang) != 0) ||
                (a == 1 && put(r, "%s%d", nrows ? "," : "", (int)gram) != 0) ||
                (a == 2 && put(r, "%s%u", nrows ? "," : "", first) != 0) ||
                (a == 3 && put(r, "\"") != 0)) {
                rc = ty__nomem(err);
                goto done;
            }
            nrows++;
        }
        if (put(r, "}%c", 0) != 0) {
            rc = ty__nomem(err);
            goto done;
        }
    }
    for (int a = 0; a < 4; a++)
        p[a] = r->text + off[a];
    if ((rc = run(tm, what,
                  "UPDATE postings p SET entries = x.e FROM unnest($1::int2[], $2::int4[], "
                  "$3::bigint[], $4::bytea[]) AS x(lang, gram, first, e) WHERE p.lang = x.lang "
                  "AND p.gram = x.gram AND p.first = x.first",
                  4, p, err)) != TY_OK ||
        (rc = run(tm, what,
                  "DELETE FROM postings p USING unnest($1::int2[], $2::int4[], $3::bigint[]) "
                  "AS x(lang, gram, first) WHERE p.lang = x.lang AND p.gram = x.gram AND "
                  "p.first = x.first AND length(p.entries) = 0",
                  3, p, err)) != TY_OK)
        goto done;
    /* the trigram counts: one unit less for each entry taken out */
    r->tlen = 0;
    for (int a = 0; a < 3; a++) {
        off[a] = r->tlen;
        if (put(r, "{") != 0) {
            rc = ty__nomem(err);
            goto done;
        }
        for (size_t i = 0, k = 0; i < r->n;) {
            size_t j = i;
            while (j < r->n && r->v[j].lang == r->v[i].lang && r->v[j].gram == r->v[i].gram)
                j++;
            if (put(r, "%s%lld", k++ ? "," : "",
                    a == 0   ? (long long)r->v[i].lang
                    : a == 1 ? (long long)r->v[i].gram
                             : (long long)(j - i)) != 0) {
                rc = ty__nomem(err);
                goto done;
            }
            i = j;
        }
        if (put(r, "}%c", 0) != 0) {
            rc = ty__nomem(err);
            goto done;
        }
    }
    for (int a = 0; a < 3; a++)
        p[a] = r->text + off[a];
    if ((rc = run(tm, what,
                  "UPDATE grams g SET df = g.df - x.k FROM unnest($1::int2[], $2::int4[], "
                  "$3::bigint[]) AS x(lang, gram, k) WHERE g.lang = x.lang AND g.gram = x.gram",
                  3, p, err)) != TY_OK)
        goto done;
    rc = run(tm, what,
             "DELETE FROM grams g USING unnest($1::int2[], $2::int4[]) AS x(lang, gram) "
             "WHERE g.lang = x.lang AND g.gram = x.gram AND g.df <= 0",
             2, p, err);
done:
    PQclear(res);
    return rc;
}

ty_status ty__pg_occurrences_take(ty_tm *tm, long long doc, long long lo, long long hi,
                                  const char *what, long long *n, ty_error *err)
{
    char v[3][24];
    const char *p[3] = {v[0], v[1], hi < 0 ? NULL : v[2]};
    ty_status rc;

    snprintf(v[0], sizeof v[0], "%lld", doc);
    snprintf(v[1], sizeof v[1], "%lld", lo);
    snprintf(v[2], sizeof v[2], "%lld", hi);
    /* the units and how often, kept until ty__pg_units_release */
    if ((rc = run(tm, what,
                  "CREATE TEMP TABLE gone ON COMMIT DROP AS SELECT unit, count(*) AS n FROM "
                  "occurrences WHERE document = $1::bigint AND position >= $2::bigint AND "
                  "($3::bigint IS NULL OR position < $3::bigint) GROUP BY unit",
                  3, p, err)) != TY_OK)
        return rc;
    return count_of(tm, what,
                    "WITH d AS (DELETE FROM occurrences WHERE document = $1::bigint AND position "
                    ">= $2::bigint AND ($3::bigint IS NULL OR position < $3::bigint) RETURNING 1) "
                    "SELECT count(*) FROM d",
                    3, p, n, err);
}

ty_status ty__pg_units_release(ty_tm *tm, const char *what, size_t *kept, size_t *deleted,
                               ty_error *err)
{
    remover r;
    char id[24];
    const char *p[1] = {id};
    long long v = 0, last = 0;
    PGresult *res = NULL;
    ty_status rc;

    memset(&r, 0, sizeof r);
    r.tm = tm;
    /* those left with none: the units the occurrences taken out were all of */
    if ((rc = ty__pg_exec(tm, what,
                          "CREATE TEMP TABLE dead ON COMMIT DROP AS SELECT g.unit AS id FROM "
                          "gone g JOIN units u ON u.id = g.unit WHERE u.count <= g.n",
                          err)) != TY_OK)
        return rc;
    if (!(res = ty__pg_run(tm, what,
                           "SELECT d.id, coalesce(u.ja_norm, u.ja), coalesce(u.en_norm, u.en) "
                           "FROM dead d JOIN units u ON u.id = d.id ORDER BY d.id",
                           0, NULL, err))) {
        rc = TY_ERR_POSTGRES;
        goto done;
    }
    for (int i = 0; i < PQntuples(res); i++) {
        uint32_t u = (uint32_t)strtoul(PQgetvalue(res, i, 0), NULL, 10);
        if (collect(&r, 0, u, PQgetvalue(res, i, 1)) != 0 ||
            collect(&r, 1, u, PQgetvalue(res, i, 2)) != 0) {
            rc = ty__nomem(err);
            goto done;
        }
        last = (long long)u;
    }
    *deleted = (size_t)PQntuples(res);
    if ((rc = count_of(tm, what,
                       "WITH k AS (UPDATE units u SET count = u.count - g.n, confidence = "
                       "(SELECT max(confidence) FROM occurrences WHERE unit = u.id), shape = "
                       "(SELECT shape FROM occurrences WHERE unit = u.id ORDER BY document, "
                       "position LIMIT 1) FROM gone g WHERE g.unit = u.id AND u.count > g.n "
                       "RETURNING 1) SELECT count(*) FROM k",
                       0, NULL, &v, err)) != TY_OK)
        goto done;
    *kept = (size_t)v;
    if ((rc = ty__pg_exec(tm, what,
                          "UPDATE norm_ja n SET count = n.count - g.n FROM gone g WHERE "
                          "g.unit = n.id AND n.id NOT IN (SELECT id FROM dead);"
                          "UPDATE norm_en n SET count = n.count - g.n FROM gone g WHERE "
                          "g.unit = n.id AND n.id NOT IN (SELECT id FROM dead);"
                          "DELETE FROM norm_ja WHERE id IN (SELECT id FROM dead);"
                          "DELETE FROM norm_en WHERE id IN (SELECT id FROM dead);"
                          "DELETE FROM units WHERE id IN (SELECT id FROM dead);"
                          "DROP TABLE gone, dead",
                          err)) != TY_OK ||
        (rc = postings(&r, what, err)) != TY_OK)
        goto done;
    if (last > 0) {
        snprintf(id, sizeof id, "%lld", last);
        rc = run(tm, what,
                 "INSERT INTO retired(what, last) VALUES('unit', $1::bigint) ON CONFLICT "
                 "(what) DO UPDATE SET last = greatest(retired.last, excluded.last)",
                 1, p, err);
    }
done:
    PQclear(res);
    free(r.v);
    free(r.text);
    return rc;
}

ty_status ty__pg_remove_in(ty_tm *tm, long long doc, const char *what,
                          ty_tm_remove_stats *stats, ty_error *err)
{
    ty_tm_remove_stats st = {doc, 0, 0, 0};
    char id[24];
    const char *p[1] = {id};
    long long v = 0;
    ty_status rc;

    snprintf(id, sizeof id, "%lld", doc);
    if ((rc = count_of(tm, what, "SELECT count(*) FROM documents WHERE id = $1", 1, p, &v,
                       err)) != TY_OK)
        return rc;
    if (!v)
        return ty__fail(err, TY_ERR_NOTFOUND, tm->path, -1, -1, "no document %lld", doc);
    if ((rc = ty__pg_occurrences_take(tm, doc, 0, -1, what, &v, err)) != TY_OK)
        return rc;
    st.occurrences = (size_t)v;
    if ((rc = ty__pg_units_release(tm, what, &st.kept, &st.deleted, err)) != TY_OK ||
        (rc = run(tm, what, "DELETE FROM documents WHERE id = $1::bigint", 1, p, err)) !=
            TY_OK ||
        (rc = run(tm, what,
                  "WITH a AS (DELETE FROM alignments WHERE document = $1::bigint), "
                  "s AS (DELETE FROM sentences WHERE document = $1::bigint), "
                  "b AS (DELETE FROM beads WHERE document = $1::bigint) "
                  "DELETE FROM edits WHERE document = $1::bigint",
                  1, p, err)) != TY_OK ||
        (rc = run(tm, what,
                  "INSERT INTO retired(what, last) VALUES('document', $1::bigint) ON CONFLICT "
                  "(what) DO UPDATE SET last = greatest(retired.last, excluded.last)",
                  1, p, err)) != TY_OK)
        return rc;
    if (stats)
        *stats = st;
    return TY_OK;
}

ty_status ty__pg_remove_document(ty_tm *tm, long long doc, ty_tm_remove_stats *stats,
                                 ty_error *err)
{
    static const char what[] = "removing a document";
    ty_tm_remove_stats st;
    ty_status rc;

    if ((rc = ty__pg_exec(tm, what, "BEGIN; LOCK TABLE documents IN SHARE ROW EXCLUSIVE MODE",
                          err)) != TY_OK)
        return rc;
    if ((rc = ty__pg_remove_in(tm, doc, what, &st, err)) != TY_OK ||
        (rc = ty__pg_exec(tm, what, "COMMIT", err)) != TY_OK) {
        PQclear(PQexec(ty__pg_conn(tm), "ROLLBACK"));
        return rc;
    }
    if (stats)
        *stats = st;
    return TY_OK;
}
