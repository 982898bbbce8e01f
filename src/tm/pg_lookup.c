/*
 * pg_lookup.c — what a lookup reads from a memory in PostgreSQL: the units whose normalized
 * side has a hash (exact matches), fuzzy candidates (the units holding the query's rarest
 * trigrams — chosen by their document frequencies in `grams` under the same postings budget
 * as the SQLite memory — within the length window, ranked by how many of them they hold, read
 * from the postings table), and a unit's texts and provenance. Scoring and ranking
 * are the shared code's (lookup.c, match.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "pg.h"

ty_status ty__pg_exact_ids(ty_tm *tm, ty_lang lang, uint64_t hash, long long *ids, size_t max,
                           size_t *n, ty_error *err)
{
    char h[32], lim[32];
    const char *p[2] = {h, lim};
    PGresult *r;

    snprintf(h, sizeof h, "%lld", (long long)hash);
    snprintf(lim, sizeof lim, "%zu", max);
    r = ty__pg_run(tm, "exact lookup",
                   lang == TY_LANG_JA
                       ? "SELECT id FROM units WHERE ja_hash = $1 ORDER BY count DESC, id DESC "
                         "LIMIT $2"
                       : "SELECT id FROM units WHERE en_hash = $1 ORDER BY count DESC, id DESC "
                         "LIMIT $2",
                   2, p, err);
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

/* The document frequency of each of q's trigrams; q sorted rarest first. */
static ty_status frequencies(ty_tm *tm, ty_lang lang, ty__qgrams *q, ty_error *err)
{
    const char *p[2] = {lang == TY_LANG_JA ? "0" : "1", NULL};
    char *arr = int_array(q, 0, q->n, 0);
    PGresult *r;

    if (!arr)
        return ty__nomem(err);
    p[1] = arr;
    r = ty__pg_run(tm, "reading trigram counts",
                   "SELECT gram, df FROM grams WHERE lang = $1 AND gram = ANY($2::integer[])", 2,
                   p, err);
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

/* The units sharing the most selected trigrams ($1) of side $5 — the 5,000 best, as many as
 * the SQLite memory's lookups check the length of — then those of length [$2, $3], the best $4,
 * with their normalized texts and occurrences. */
#define SQL_CANDS(L)                                                                            \
    "WITH t AS (SELECT u AS id, count(*) AS shared FROM postings, unnest(ids) u WHERE lang = $5 " \
    "AND gram = ANY($1::integer[]) GROUP BY u ORDER BY shared DESC, u DESC LIMIT 5000) "         \
    "SELECT x.id, coalesce(x." L "_norm, x." L "), x.count, t.shared FROM t JOIN units x ON "    \
    "x.id = t.id WHERE x." L "_len BETWEEN $2 AND $3 ORDER BY t.shared DESC, t.id DESC LIMIT $4"
static const char *const sql_cands_ja = SQL_CANDS("ja");
static const char *const sql_cands_en = SQL_CANDS("en");

ty_status ty__pg_candidates(ty_tm *tm, ty_lang lang, const char *norm, size_t len, size_t lo,
                            size_t hi, size_t max, ty__cand **out, size_t *n, ty_error *err)
{
    ty__qgrams q = {0};
    char los[32], his[32], lim[32], *sel = NULL;
    const char *p[5] = {NULL, los, his, lim, lang == TY_LANG_JA ? "0" : "1"};
    PGresult *r = NULL;
    ty__cand *c = NULL;
    size_t k;
    ty_status rc;

    *out = NULL;
    *n = 0;
    if ((rc = ty__qgrams_collect(norm, len, &q, err)) != TY_OK ||
        (rc = frequencies(tm, lang, &q, err)) != TY_OK)
        goto done;
    k = ty__grams_budget(&q);
    if (!(sel = int_array(&q, 0, k, 1))) {
        rc = ty__nomem(err);
        goto done;
    }
    if (!strcmp(sel, "{}"))
        goto done; /* no trigram of the query is in any unit */
    p[0] = sel;
    snprintf(los, sizeof los, "%zu", lo);
    snprintf(his, sizeof his, "%zu", hi);
    snprintf(lim, sizeof lim, "%zu", max);
    r = ty__pg_run(tm, "reading the trigram index",
                   lang == TY_LANG_JA ? sql_cands_ja : sql_cands_en, 5, p, err);
    if (!r) {
        rc = TY_ERR_POSTGRES;
        goto done;
    }
    if (PQntuples(r) > 0 && !(c = calloc((size_t)PQntuples(r), sizeof *c))) {
        rc = ty__nomem(err);
        goto done;
    }
    for (int i = 0; i < PQntuples(r); i++) {
        c[i].id = strtoll(PQgetvalue(r, i, 0), NULL, 10);
        c[i].occurrences = strtoll(PQgetvalue(r, i, 2), NULL, 10);
        c[i].count = atoi(PQgetvalue(r, i, 3));
        if (!(c[i].norm = strdup(PQgetvalue(r, i, 1)))) {
            for (int j = 0; j < i; j++)
                free(c[j].norm);
            free(c);
            c = NULL;
            rc = ty__nomem(err);
            goto done;
        }
    }
    *out = c;
    *n = (size_t)PQntuples(r);
done:
    PQclear(r);
    free(sel);
    ty__qgrams_free(&q);
    return rc;
}

ty_status ty__pg_unit_read(ty_tm *tm, long long id, int details, ty__unit_info *out,
                           ty_error *err)
{
    char ids[32];
    const char *p[1] = {ids};
    PGresult *r;

    snprintf(ids, sizeof ids, "%lld", id);
    r = ty__pg_run(tm, "reading a unit",
                   "SELECT u.ja, u.en, coalesce(u.ja_norm, u.ja), coalesce(u.en_norm, u.en), "
                   "u.count, u.confidence, f.name, f.position FROM units u LEFT JOIN LATERAL "
                   "(SELECT d.name, o.position FROM occurrences o JOIN documents d ON d.id = "
                   "o.document WHERE o.unit = u.id ORDER BY o.document, o.position LIMIT 1) f "
                   "ON true WHERE u.id = $1",
                   1, p, err);
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
