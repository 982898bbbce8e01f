/*
 * pg_read.c — what an export and a concordance fetch from a memory in PostgreSQL: the rows of
 * the units an export's filter admits with their occurrences, through a cursor in one
 * snapshot (a memory of any size, a batch of rows at a time), and the ids of the units whose
 * normalized text holds a pattern, newest first: for 3+ characters those holding its rarest
 * trigrams (the postings, tallied here) checked with strpos, for 1–2 a scan of the texts; the
 * same oldest first with the texts, for the consistency code's "units containing a string".
 * It does not build props or TMX units (export.c) nor locate matches in the text (concord.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/u64map.h"
#include "pg.h"

/* Rows an export fetches at a time. */
#define EXPORT_BATCH "2000"

/* A nullable text cell. */
static const char *cell(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

/* The units the filter admits (as export.c's SQL does for an SQLite memory: "since" and names
 * compare byte by byte), each row one of their occurrences, with whether a reviewer accepted
 * one of the unit's beads. */
static const char sql_export[] =
    "DECLARE ty_export NO SCROLL CURSOR FOR "
    "SELECT u.id, u.ja, u.en, u.confidence, u.shape, u.count, d.name, "
    "coalesce(o.ja_lang, d.ja_lang), coalesce(o.en_lang, d.en_lang), o.tuid, o.props, "
    "r.reviewed FROM units u CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM occurrences o4 "
    "JOIN beads b ON b.document = o4.document AND b.idx = o4.position WHERE o4.unit = u.id "
    "AND b.status = 1) AS reviewed) r LEFT JOIN occurrences o ON o.unit = u.id "
    "LEFT JOIN documents d ON d.id = o.document "
    "WHERE ($1::text IS NULL OR EXISTS (SELECT 1 FROM occurrences o2 JOIN documents d2 "
    "ON d2.id = o2.document WHERE o2.unit = u.id AND d2.name = $1::text)) "
    "AND ($2::float8 < 0 OR u.confidence >= $2::float8) "
    "AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM occurrences o3 JOIN documents d3 "
    "ON d3.id = o3.document WHERE o3.unit = u.id AND d3.imported_at COLLATE \"C\" >= $3::text)) "
    "AND (NOT $4::boolean OR r.reviewed) "
    "ORDER BY u.id, o.document, o.position";

ty_status ty__pg_export(ty_tm *tm, const ty__export_filter *f, ty__export_fn fn, void *user,
                        ty_error *err)
{
    char conf[64];
    const char *p[4] = {f->document, conf, f->since, f->reviewed_only ? "t" : "f"};
    ty_status rc;
    PGresult *r;
    int rows;

    snprintf(conf, sizeof conf, "%.17g", f->min_confidence);
    if ((rc = ty__pg_exec(tm, "reading units",
                          "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err)) != TY_OK)
        return rc;
    if (!(r = ty__pg_run(tm, "reading units", sql_export, 4, p, err))) {
        rc = TY_ERR_POSTGRES;
        goto done;
    }
    PQclear(r);
    do {
        if (!(r = ty__pg_run(tm, "reading units", "FETCH " EXPORT_BATCH " FROM ty_export", 0,
                             NULL, err))) {
            rc = TY_ERR_POSTGRES;
            goto done;
        }
        rows = PQntuples(r);
        for (int i = 0; i < rows && rc == TY_OK; i++) {
            ty__export_row row;
            memset(&row, 0, sizeof row);
            row.id = strtoll(PQgetvalue(r, i, 0), NULL, 10);
            row.ja = PQgetvalue(r, i, 1);
            row.en = PQgetvalue(r, i, 2);
            row.confidence = PQgetisnull(r, i, 3) ? -1 : strtod(PQgetvalue(r, i, 3), NULL);
            row.shape = cell(r, i, 4);
            row.count = strtoll(PQgetvalue(r, i, 5), NULL, 10);
            row.name = cell(r, i, 6);
            row.ja_lang = cell(r, i, 7);
            row.en_lang = cell(r, i, 8);
            row.tuid = cell(r, i, 9);
            row.props = cell(r, i, 10);
            row.reviewed = !strcmp(PQgetvalue(r, i, 11), "t");
            rc = fn(&row, user, err);
        }
        PQclear(r);
    } while (rc == TY_OK && rows > 0);
done:
    /* a read-only transaction: its end changes nothing, whether the export succeeded or not */
    PQclear(PQexec(ty__pg_conn(tm), "ROLLBACK"));
    return rc;
}

/* 1–2 character patterns (no trigram to narrow with): a scan of the texts; 3+ characters:
 * which of the units holding the pattern's rarest trigrams ($3) hold it. COLS, ORDER: the
 * newest first for a concordance (the ids), the oldest first with the texts for the
 * consistency code (ty__pg_containing). */
#define SCAN(TABLE, COLS, ORDER)                                                               \
    "SELECT " COLS " FROM " TABLE " WHERE strpos(norm, $1::text) > 0 ORDER BY id" ORDER        \
    " LIMIT $2::bigint"
#define CHECK(TABLE, COLS, ORDER)                                                              \
    "SELECT " COLS " FROM " TABLE " WHERE id = ANY($3::bigint[]) AND strpos(norm, $1::text) > 0" \
    " ORDER BY id" ORDER " LIMIT $2::bigint"
static const char *const sql_scan[2] = {SCAN("norm_ja", "id", " DESC"),
                                        SCAN("norm_en", "id", " DESC")};
static const char *const sql_check[2] = {CHECK("norm_ja", "id", " DESC"),
                                         CHECK("norm_en", "id", " DESC")};
static const char *const sql_scan_up[2] = {SCAN("norm_ja", "id, norm", ""),
                                           SCAN("norm_en", "id, norm", "")};
static const char *const sql_check_up[2] = {CHECK("norm_ja", "id, norm", ""),
                                            CHECK("norm_en", "id, norm", "")};
/* How many of a pattern's rarest trigrams narrow its candidates (as concord.c's AND_GRAMS). */
#define FIND_GRAMS 4
/* Candidates checked a request. */
#define FIND_CHUNK 2000

typedef struct tally {
    ty__u64map seen; /* unit id → how many of the trigrams it holds */
    int failed;
} tally;

static int tally_fn(void *user, long long id, long long len)
{
    tally *t = user;
    uint32_t *c = ty__u64map_insert(&t->seen, (uint64_t)id, 0, NULL);
    (void)len;
    if (!c)
        return t->failed = 1;
    ++*c;
    return 0;
}

static int by_id_desc(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x > y ? -1 : x < y;
}

/* The units holding all of the pattern's FIND_GRAMS rarest trigrams, newest first (malloc'd,
 * *n of them; none when one of them is in no unit). */
static ty_status candidates(ty_tm *tm, ty_lang lang, const char *pat, size_t n, long long **out,
                            size_t *nout, ty_error *err)
{
    ty__qgrams q = {0};
    tally t = {{0}, 0};
    long long *v = NULL;
    size_t k, m = 0;
    ty_status rc;

    *out = NULL;
    *nout = 0;
    if ((rc = ty__qgrams_collect(pat, n, &q, err)) != TY_OK ||
        (rc = ty__pg_gram_dfs(tm, lang, &q, err)) != TY_OK)
        goto done;
    if (q.n == 0 || q.v[0].df == 0)
        goto done;
    k = q.n < FIND_GRAMS ? q.n : FIND_GRAMS;
    if ((rc = ty__pg_postings(tm, lang, &q, k, tally_fn, &t, err)) != TY_OK)
        goto done;
    if (t.failed || !(v = malloc((t.seen.n ? t.seen.n : 1) * sizeof *v))) {
        rc = ty__nomem(err);
        goto done;
    }
    for (size_t i = 0; i < t.seen.cap; i++)
        if (t.seen.used[i] && t.seen.val[i] == k)
            v[m++] = (long long)t.seen.key[i];
    qsort(v, m, sizeof *v, by_id_desc);
    *out = v;
    *nout = m;
    v = NULL;
done:
    free(v);
    ty__u64map_free(&t.seen);
    ty__qgrams_free(&q);
    return rc;
}

ty_status ty__pg_find(ty_tm *tm, ty_lang lang, const char *pat, size_t n, size_t nchars,
                      long long limit, int (*fn)(void *user, long long id), void *user,
                      ty_error *err)
{
    char *pattern = malloc(n + 1), lim[32], *ids = NULL;
    const char *p[3] = {pattern, lim, NULL};
    long long *cand = NULL, found = 0;
    size_t ncand = 0;
    ty_status rc = TY_OK;
    PGresult *r = NULL;
    int l = lang == TY_LANG_EN;

    if (!pattern)
        return ty__nomem(err);
    memcpy(pattern, pat, n);
    pattern[n] = '\0';
    if (nchars < 3) {
        snprintf(lim, sizeof lim, "%lld", limit);
        if (limit < 0)
            p[1] = NULL;
        if (!(r = ty__pg_run(tm, "searching the memory", sql_scan[l], 2, p, err)))
            rc = TY_ERR_POSTGRES;
        for (int i = 0; rc == TY_OK && i < PQntuples(r); i++)
            if (fn(user, strtoll(PQgetvalue(r, i, 0), NULL, 10)) != 0)
                rc = ty__nomem(err);
        goto done;
    }
    if ((rc = candidates(tm, lang, pat, n, &cand, &ncand, err)) != TY_OK)
        goto done;
    /* newest first, a chunk at a time, until the limit */
    for (size_t at = 0; at < ncand && (limit < 0 || found < limit) && rc == TY_OK;
         at += FIND_CHUNK) {
        size_t k = ncand - at < FIND_CHUNK ? ncand - at : FIND_CHUNK;
        free(ids);
        if (!(ids = ty__pg_id_array(cand + at, k))) {
            rc = ty__nomem(err);
            break;
        }
        snprintf(lim, sizeof lim, "%lld", limit < 0 ? -1 : limit - found);
        p[1] = limit < 0 ? NULL : lim;
        p[2] = ids;
        PQclear(r);
        if (!(r = ty__pg_run(tm, "searching the memory", sql_check[l], 3, p, err))) {
            rc = TY_ERR_POSTGRES;
            break;
        }
        for (int i = 0; rc == TY_OK && i < PQntuples(r); i++, found++)
            if (fn(user, strtoll(PQgetvalue(r, i, 0), NULL, 10)) != 0)
                rc = ty__nomem(err);
    }
done:
    PQclear(r);
    free(pattern);
    free(ids);
    free(cand);
    return rc;
}

static int by_id_asc(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

ty_status ty__pg_containing(ty_tm *tm, ty_lang lang, const char *pat, size_t n, size_t nchars,
                            size_t limit,
                            int (*fn)(void *user, long long id, const char *norm, size_t len),
                            void *user, ty_error *err)
{
    char *pattern = malloc(n + 1), lim[32], *ids = NULL;
    const char *p[3] = {pattern, lim, NULL};
    long long *cand = NULL;
    size_t ncand = 0, found = 0;
    ty_status rc = TY_OK;
    PGresult *r = NULL;
    int l = lang == TY_LANG_EN, stop = 0;

    if (!pattern)
        return ty__nomem(err);
    memcpy(pattern, pat, n);
    pattern[n] = '\0';
    if (nchars >= 3) {
        if ((rc = candidates(tm, lang, pat, n, &cand, &ncand, err)) != TY_OK)
            goto done;
        if (ncand > 1)
            qsort(cand, ncand, sizeof *cand, by_id_asc);
    }
    /* 1–2 characters: one scan; 3+: the candidates a chunk at a time, until the limit */
    for (size_t at = 0; !stop && found < limit && rc == TY_OK && (nchars < 3 || at < ncand);
         at += FIND_CHUNK) {
        snprintf(lim, sizeof lim, "%zu", limit - found);
        if (nchars >= 3) {
            free(ids);
            ids = ty__pg_id_array(cand + at, ncand - at < FIND_CHUNK ? ncand - at : FIND_CHUNK);
            if (!(p[2] = ids)) {
                rc = ty__nomem(err);
                break;
            }
        }
        PQclear(r);
        if (!(r = ty__pg_run(tm, "searching the memory", nchars >= 3 ? sql_check_up[l]
                                                                      : sql_scan_up[l],
                             nchars >= 3 ? 3 : 2, p, err))) {
            rc = TY_ERR_POSTGRES;
            break;
        }
        for (int i = 0; rc == TY_OK && !stop && i < PQntuples(r); i++, found++) {
            int v = fn(user, strtoll(PQgetvalue(r, i, 0), NULL, 10), PQgetvalue(r, i, 1),
                       (size_t)PQgetlength(r, i, 1));
            if (v < 0)
                rc = ty__nomem(err);
            stop = v > 0;
        }
        if (nchars < 3)
            break;
    }
done:
    PQclear(r);
    free(pattern);
    free(ids);
    free(cand);
    return rc;
}
