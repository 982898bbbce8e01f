/*
 * pg_lookup.c — what a lookup reads from a memory in PostgreSQL: the units whose normalized
 * side has a hash (exact matches); for fuzzy matches the document frequencies of the query's
 * trigrams (`grams`), the postings of the trigrams the shared code selected (their entries
 * of ids and lengths as stored, one request) and the texts and counts of the candidates it
 * scores (from the narrow norm_ja or norm_en, one request); and a unit's texts and
 * provenance. Selecting, counting, ranking and scoring are the shared code's (lookup.c,
 * match.c), the same as for an SQLite memory.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "pg.h"

/* The units whose normalized side hashes to $1, most occurrences first, at most $2. */
static const char *const sql_exact[2] = {
    "SELECT id FROM units WHERE ja_hash = $1 ORDER BY count DESC, id DESC LIMIT $2",
    "SELECT id FROM units WHERE en_hash = $1 ORDER BY count DESC, id DESC LIMIT $2"};

ty_status ty__pg_exact_ids(ty_tm *tm, ty_lang lang, uint64_t hash, long long *ids, size_t max,
                           size_t *n, ty_error *err)
{
    char h[32], lim[32];
    const char *p[2] = {h, lim};
    PGresult *r;

    snprintf(h, sizeof h, "%lld", (long long)hash);
    snprintf(lim, sizeof lim, "%zu", max);
    r = ty__pg_prepared(tm, lang == TY_LANG_JA ? TY__PG_Q_EXACT_JA : TY__PG_Q_EXACT_EN,
                        "exact lookup", sql_exact[lang != TY_LANG_JA], 2, p, 0, err);
    if (!r)
        return TY_ERR_POSTGRES;
    *n = 0;
    for (int i = 0; i < PQntuples(r) && *n < max; i++)
        ids[(*n)++] = strtoll(PQgetvalue(r, i, 0), NULL, 10);
    PQclear(r);
    return TY_OK;
}

static int by_df(const void *a, const void *b)
{
    long long x = ((const ty__qgram *)a)->df, y = ((const ty__qgram *)b)->df;
    return x < y ? -1 : x > y;
}

/* "{a,b,c}" of the grams' int4 values; malloc'd. */
static char *int_array(const ty__qgrams *q, size_t from, size_t to, int only_present)
{
    char *s = malloc(12 * (to - from) + 3);
    size_t o = 0;

    if (!s)
        return NULL;
    s[o++] = '{';
    for (size_t i = from; i < to; i++)
        if (!only_present || q->v[i].df > 0)
            o += (size_t)sprintf(s + o, "%s%d", o > 1 ? "," : "", (int)ty__pg_gram(q->v[i].key));
    s[o++] = '}';
    s[o] = '\0';
    return s;
}

/* "{a,b,c}" of the candidates' ids; malloc'd. */
static char *id_array(const ty__cand *c, size_t n)
{
    char *s = malloc(21 * n + 3);
    size_t o = 0;

    if (!s)
        return NULL;
    s[o++] = '{';
    for (size_t i = 0; i < n; i++)
        o += (size_t)sprintf(s + o, "%s%lld", i ? "," : "", c[i].id);
    s[o++] = '}';
    s[o] = '\0';
    return s;
}

ty_status ty__pg_gram_dfs(ty_tm *tm, ty_lang lang, ty__qgrams *q, ty_error *err)
{
    const char *p[2] = {lang == TY_LANG_JA ? "0" : "1", NULL};
    char *arr = int_array(q, 0, q->n, 0);
    PGresult *r;

    if (!arr)
        return ty__nomem(err);
    p[1] = arr;
    r = ty__pg_prepared(tm, TY__PG_Q_DFS, "reading trigram counts",
                        "SELECT gram, df FROM grams WHERE lang = $1 AND gram = ANY($2::integer[])",
                        2, p, 0, err);
    free(arr);
    if (!r)
        return TY_ERR_POSTGRES;
    for (int i = 0; i < PQntuples(r); i++) {
        int g = atoi(PQgetvalue(r, i, 0));
        long long df = strtoll(PQgetvalue(r, i, 1), NULL, 10);
        for (size_t k = 0; k < q->n; k++)
            if ((int)ty__pg_gram(q->v[k].key) == g)
                q->v[k].df = df;
    }
    PQclear(r);
    if (q->n > 1)
        qsort(q->v, q->n, sizeof *q->v, by_df);
    return TY_OK;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Give fn each unit of a postings row's entries (pg.h). -1: not whole entries; 1: fn
 * failed. */
static int each_posting(const unsigned char *e, size_t n,
                        int (*fn)(void *, long long, long long), void *user)
{
    if (n % TY__PG_ENTRY)
        return -1;
    for (size_t at = 0; at < n; at += TY__PG_ENTRY) {
        long long len = (long long)((unsigned)e[at + 4] << 8 | e[at + 5]);
        if (fn(user, (long long)(int32_t)be32(e + at), len >= TY__PG_LEN_MAX ? -1 : len))
            return 1;
    }
    return 0;
}

ty_status ty__pg_postings(ty_tm *tm, ty_lang lang, const ty__qgrams *q, size_t k,
                          int (*fn)(void *user, long long id, long long len), void *user,
                          ty_error *err)
{
    const char *p[2] = {lang == TY_LANG_JA ? "0" : "1", NULL};
    char *sel = int_array(q, 0, k, 1);
    ty_status rc = TY_OK;
    PGresult *r;
    int rows;

    if (!sel)
        return ty__nomem(err);
    if (!strcmp(sel, "{}")) {
        free(sel);
        return TY_OK; /* no trigram of the query is in any unit */
    }
    p[1] = sel;
    /* binary: the entries arrive as stored, read in place */
    r = ty__pg_prepared(tm, TY__PG_Q_POSTINGS, "reading the trigram index",
                        "SELECT gram, entries FROM postings WHERE lang = $1 AND gram = "
                        "ANY($2::integer[]) ORDER BY gram, first",
                        2, p, 1, err);
    free(sel);
    if (!r)
        return TY_ERR_POSTGRES;
    rows = PQntuples(r);
    /* the trigrams in q's order (rarest first), each one's rows in the order of their ids */
    for (size_t i = 0; i < k && rc == TY_OK; i++) {
        int32_t g = ty__pg_gram(q->v[i].key);
        int lo = 0, hi = rows;
        if (q->v[i].df == 0)
            continue;
        while (lo < hi) { /* the first row of gram g: rows are sorted by gram */
            int mid = lo + (hi - lo) / 2;
            if ((int32_t)be32((const unsigned char *)PQgetvalue(r, mid, 0)) < g)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (int j = lo; j < rows && rc == TY_OK; j++) {
            int bad;
            if ((int32_t)be32((const unsigned char *)PQgetvalue(r, j, 0)) != g)
                break;
            bad = each_posting((const unsigned char *)PQgetvalue(r, j, 1),
                               (size_t)PQgetlength(r, j, 1), fn, user);
            if (bad > 0)
                rc = ty__nomem(err);
            else if (bad < 0)
                rc = ty__fail(err, TY_ERR_POSTGRES, tm->path, -1, -1,
                              "reading the trigram index: a postings row is damaged");
        }
    }
    PQclear(r);
    return rc;
}

/* Row i's first column: a unit id. */
static long long row_id(const PGresult *r, int i)
{
    return strtoll(PQgetvalue(r, i, 0), NULL, 10);
}

/* A candidate's id and its index in the caller's array, to find rows by id. */
typedef struct id_at {
    long long id;
    size_t at;
} id_at;

static int by_id(const void *a, const void *b)
{
    long long x = ((const id_at *)a)->id, y = ((const id_at *)b)->id;
    return x < y ? -1 : x > y;
}

/* c's ids with their indexes, sorted by id (malloc'd). */
static id_at *id_order(const ty__cand *c, size_t n)
{
    id_at *o = malloc((n ? n : 1) * sizeof *o);
    if (!o)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        o[i].id = c[i].id;
        o[i].at = i;
    }
    qsort(o, n, sizeof *o, by_id);
    return o;
}

/* The index in c of unit id (through `order`, id_order's), or n. */
static size_t find(const id_at *order, size_t n, long long id)
{
    id_at key = {id, 0};
    const id_at *hit = bsearch(&key, order, n, sizeof *order, by_id);
    return hit ? hit->at : n;
}

ty_status ty__pg_texts(ty_tm *tm, ty_lang lang, ty__cand *c, size_t n, ty_error *err)
{
    char *ids = id_array(c, n);
    const char *p[1] = {ids};
    id_at *order = id_order(c, n);
    ty_status rc = TY_OK;
    PGresult *r;

    if (!ids || !order) {
        free(ids);
        free(order);
        return ty__nomem(err);
    }
    r = lang == TY_LANG_JA
            ? ty__pg_prepared(tm, TY__PG_Q_TEXT_JA, "reading units",
                              "SELECT id, norm, count FROM norm_ja WHERE id = "
                              "ANY($1::bigint[])",
                              1, p, 0, err)
            : ty__pg_prepared(tm, TY__PG_Q_TEXT_EN, "reading units",
                              "SELECT id, norm, count FROM norm_en WHERE id = "
                              "ANY($1::bigint[])",
                              1, p, 0, err);
    free(ids);
    if (!r) {
        free(order);
        return TY_ERR_POSTGRES;
    }
    for (int i = 0; i < PQntuples(r) && rc == TY_OK; i++) {
        size_t at = find(order, n, row_id(r, i));
        if (at == n || c[at].norm)
            continue;
        c[at].occurrences = strtoll(PQgetvalue(r, i, 2), NULL, 10);
        if (!(c[at].norm = strdup(PQgetvalue(r, i, 1))))
            rc = ty__nomem(err);
    }
    PQclear(r);
    free(order);
    return rc;
}

ty_status ty__pg_unit_read(ty_tm *tm, long long id, int details, ty__unit_info *out,
                           ty_error *err)
{
    char ids[32];
    const char *p[1] = {ids};
    PGresult *r;

    snprintf(ids, sizeof ids, "%lld", id);
    /* the first occurrence through occurrences_unit: ordered by the primary key's columns
     * as they are (not "+ 0"), the planner may walk the primary key in order and filter on
     * the unit, a scan of the whole table for a unit of a large document. Prepared: a
     * lookup reads each match so, and the plan (the keys of units and documents,
     * occurrences_unit) does not depend on the unit */
    r = ty__pg_prepared(tm, TY__PG_Q_UNIT, "reading a unit",
                        "SELECT u.ja, u.en, coalesce(u.ja_norm, u.ja), coalesce(u.en_norm, "
                        "u.en), u.count, u.confidence, d.name, f.position FROM units u LEFT "
                        "JOIN LATERAL (SELECT o.document, " TY__TM_SHOWN_POSITION("o") " AS position "
                        "FROM occurrences o WHERE "
                        "o.unit = u.id ORDER BY o.document + 0, o.position + 0 LIMIT 1) f ON "
                        "true LEFT JOIN documents d ON d.id = f.document WHERE u.id = $1",
                        1, p, 0, err);
    if (!r)
        return TY_ERR_POSTGRES;
    if (PQntuples(r) != 1) {
        PQclear(r);
        return ty__fail(err, TY_ERR_NOTFOUND, tm->path, -1, -1, "unit %lld has no text", id);
    }
    out->ja = strdup(PQgetvalue(r, 0, 0));
    out->en = strdup(PQgetvalue(r, 0, 1));
    out->ja_norm = strdup(PQgetvalue(r, 0, 2));
    out->en_norm = strdup(PQgetvalue(r, 0, 3));
    if (details) {
        out->count = (size_t)strtoll(PQgetvalue(r, 0, 4), NULL, 10);
        if (!PQgetisnull(r, 0, 5))
            out->confidence = strtod(PQgetvalue(r, 0, 5), NULL);
        out->document = strdup(PQgetvalue(r, 0, 6));
        if (!PQgetisnull(r, 0, 7))
            out->position = strtoll(PQgetvalue(r, 0, 7), NULL, 10);
    }
    PQclear(r);
    if (!out->ja || !out->en || !out->ja_norm || !out->en_norm || (details && !out->document)) {
        ty__unit_info_free(out);
        return ty__nomem(err);
    }
    return TY_OK;
}
