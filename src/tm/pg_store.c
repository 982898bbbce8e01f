/*
 * pg_store.c — an import into a memory in PostgreSQL. The units the shared code prepared
 * (store.c: normalized, hashed, measured) stream with COPY into a temporary table of the
 * import's transaction; the commit merges them in a few statements: identical pairs stored
 * once with a count (as the SQLite memory does), new units numbered in the order of their first
 * occurrence, provenance, trigram document frequencies, the document row. Writers take one
 * table lock (SHARE ROW EXCLUSIVE on documents) for the merge only, so concurrent imports end
 * as if run one after the other, and readers (ACCESS SHARE) are never blocked. A transaction
 * the server aborts for a serialization failure or a deadlock is merged again. It does not
 * look anything up (pg_lookup.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "pg.h"

typedef struct pg_import {
    ty_tm *tm;
    char *name, *when;
    char *buf; /* COPY data not yet sent */
    size_t n, cap;
    int copying;
    int32_t *grams; /* scratch: a side's trigrams */
    size_t ngrams, gcap;
    int gfailed;
} pg_import;

#define COPY_CHUNK ((size_t)1 << 18)

static const char *const sql_stage =
    "BEGIN; SET LOCAL work_mem = '256MB';"
    "CREATE TEMP TABLE stage(position bigint, ja text, en text, ja_norm text, en_norm text, "
    "ja_hash bigint, en_hash bigint, ja_len integer, en_len integer, confidence double "
    "precision, shape text, tuid text, props text, ja_lang text, en_lang text, ja_grams "
    "integer[], en_grams integer[]) ON COMMIT DROP";

static int grow(pg_import *p, size_t more)
{
    if (p->n + more <= p->cap)
        return 0;
    size_t cap = p->cap ? p->cap : COPY_CHUNK * 2;
    while (cap < p->n + more)
        cap *= 2;
    char *b = realloc(p->buf, cap);
    if (!b)
        return -1;
    p->buf = b;
    p->cap = cap;
    return 0;
}

/* Append a COPY text field (escaped; NULL as \N) and its separator. */
static int field(pg_import *p, const char *s, size_t len, char sep)
{
    if (grow(p, 2 * len + 3) != 0)
        return -1;
    if (!s) {
        memcpy(p->buf + p->n, "\\N", 2);
        p->n += 2;
    } else
        for (size_t i = 0; i < len; i++) {
            char c = s[i], e = c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n'
                                                  : c == '\r' ? 'r' : 0;
            if (e) {
                p->buf[p->n++] = '\\';
                p->buf[p->n++] = e;
            } else
                p->buf[p->n++] = c;
        }
    p->buf[p->n++] = sep;
    return 0;
}

static int field_str(pg_import *p, const char *s, char sep)
{
    return field(p, s, s ? strlen(s) : 0, sep);
}

static int field_num(pg_import *p, long long v, char sep)
{
    char b[32];
    return field(p, b, (size_t)snprintf(b, sizeof b, "%lld", v), sep);
}

static void add_gram(void *user, const char *gram, size_t len, uint64_t key)
{
    pg_import *p = user;
    (void)gram;
    (void)len;
    if (p->gfailed)
        return;
    if (p->ngrams == p->gcap) {
        size_t cap = p->gcap ? 2 * p->gcap : 256;
        int32_t *v = realloc(p->grams, cap * sizeof *v);
        if (!v) {
            p->gfailed = 1;
            return;
        }
        p->grams = v;
        p->gcap = cap;
    }
    p->grams[p->ngrams++] = ty__pg_gram(key);
}

static int by_int(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

/* The distinct trigrams of a normalized text as an int4[] literal field. */
static int field_grams(pg_import *p, const char *norm, size_t len, char sep)
{
    size_t k = 0;

    p->ngrams = 0;
    ty__tm_trigrams(norm, len, add_gram, p);
    if (p->gfailed)
        return -1;
    qsort(p->grams, p->ngrams, sizeof *p->grams, by_int);
    for (size_t i = 0; i < p->ngrams; i++)
        if (k == 0 || p->grams[i] != p->grams[k - 1])
            p->grams[k++] = p->grams[i];
    if (grow(p, 12 * k + 3) != 0)
        return -1;
    p->buf[p->n++] = '{';
    for (size_t i = 0; i < k; i++)
        p->n += (size_t)sprintf(p->buf + p->n, i ? ",%d" : "%d", (int)p->grams[i]);
    p->buf[p->n++] = '}';
    p->buf[p->n++] = sep;
    return 0;
}

static void import_free(pg_import *p)
{
    free(p->name);
    free(p->when);
    free(p->buf);
    free(p->grams);
    free(p);
}

static void rollback(pg_import *p)
{
    PGconn *c = ty__pg_conn(p->tm);

    if (p->copying) {
        PQputCopyEnd(c, "import abandoned");
        PQclear(PQgetResult(c));
        p->copying = 0;
    }
    PQclear(PQexec(c, "ROLLBACK"));
}

void ty__pg_import_abort(void *imp)
{
    if (!imp)
        return;
    rollback(imp);
    import_free(imp);
}

ty_status ty__pg_import_begin(ty_tm *tm, const char *name, const char *when, void **imp,
                              ty_error *err)
{
    PGconn *c = ty__pg_conn(tm);
    pg_import *p = calloc(1, sizeof *p);
    PGresult *r;

    *imp = NULL;
    if (!p || !(p->name = strdup(name)) || !(p->when = strdup(when))) {
        if (p)
            import_free(p);
        return ty__nomem(err);
    }
    p->tm = tm;
    r = PQexec(c, sql_stage);
    if (PQresultStatus(r) == PGRES_COMMAND_OK) {
        PQclear(r);
        r = PQexec(c, "COPY stage FROM STDIN");
    }
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        ty_status rc = ty__pg_fail(tm, r, "starting the import", err);
        PQclear(r);
        PQclear(PQexec(c, "ROLLBACK"));
        import_free(p);
        return rc;
    }
    PQclear(r);
    p->copying = 1;
    *imp = p;
    return TY_OK;
}

static ty_status send(pg_import *p, ty_error *err)
{
    if (p->n && PQputCopyData(ty__pg_conn(p->tm), p->buf, (int)p->n) != 1)
        return ty__pg_fail(p->tm, NULL, "the import was rolled back", err);
    p->n = 0;
    return TY_OK;
}

ty_status ty__pg_import_unit(void *imp, const ty__stage_unit *s, ty_error *err)
{
    pg_import *p = imp;
    const ty_unit *u = s->unit;
    const char *ja_norm = strcmp(s->norm[0], u->ja) ? s->norm[0] : NULL;
    const char *en_norm = strcmp(s->norm[1], u->en) ? s->norm[1] : NULL;
    char conf[40];

    snprintf(conf, sizeof conf, "%.17g", u->confidence);
    if (field_num(p, (long long)s->position, '\t') || field_str(p, u->ja, '\t') ||
        field_str(p, u->en, '\t') || field_str(p, ja_norm, '\t') || field_str(p, en_norm, '\t') ||
        field_num(p, (long long)s->hash[0], '\t') || field_num(p, (long long)s->hash[1], '\t') ||
        field_num(p, (long long)s->ja_len, '\t') || field_num(p, (long long)s->en_len, '\t') ||
        field_str(p, u->confidence < 0 ? NULL : conf, '\t') || field_str(p, u->shape, '\t') ||
        field_str(p, u->id, '\t') || field_str(p, s->props, '\t') ||
        field_str(p, s->ja_lang, '\t') || field_str(p, s->en_lang, '\t') ||
        field_grams(p, s->norm[0], s->norm_len[0], '\t') ||
        field_grams(p, s->norm[1], s->norm_len[1], '\n'))
        return ty__nomem(err);
    return p->n >= COPY_CHUNK ? send(p, err) : TY_OK;
}

/* The merge, in the import's transaction ($1 document id, $2 first new unit id). */
static const char *const sql_pairs =
    "CREATE TEMP TABLE pairs ON COMMIT DROP AS "
    "WITH g AS (SELECT min(position) AS first, ja_hash, en_hash, ja, en, count(*) AS n, "
    "max(confidence) AS conf FROM stage GROUP BY ja_hash, en_hash, ja, en) "
    "SELECT g.first, g.ja_hash, g.en_hash, g.ja, g.en, g.n, g.conf, u.id IS NULL AS new, "
    "coalesce(u.id, $1::bigint - 1 + row_number() OVER (PARTITION BY u.id IS NULL "
    "ORDER BY g.first)) AS unit "
    "FROM g LEFT JOIN units u ON u.ja_hash = g.ja_hash AND u.en_hash = g.en_hash "
    "AND u.ja = g.ja AND u.en = g.en";
static const char *const sql_merge[] = {
    "INSERT INTO units(id, ja_hash, en_hash, ja_len, en_len, confidence, shape, count, ja, en, "
    "ja_norm, en_norm) SELECT p.unit, s.ja_hash, s.en_hash, s.ja_len, s.en_len, p.conf, "
    "s.shape, p.n, s.ja, s.en, s.ja_norm, s.en_norm FROM pairs p JOIN stage s ON s.position = "
    "p.first WHERE p.new ORDER BY p.unit",
    "UPDATE units u SET count = u.count + p.n, confidence = CASE WHEN p.conf IS NULL THEN "
    "u.confidence WHEN u.confidence IS NULL OR p.conf > u.confidence THEN p.conf ELSE "
    "u.confidence END FROM pairs p WHERE NOT p.new AND u.id = p.unit",
    "INSERT INTO occurrences(document, position, unit, confidence, shape, tuid, props, "
    "ja_lang, en_lang) SELECT $1::bigint, s.position, p.unit, s.confidence, s.shape, s.tuid, "
    "s.props, s.ja_lang, s.en_lang FROM stage s JOIN pairs p ON p.ja_hash = s.ja_hash AND "
    "p.en_hash = s.en_hash AND p.ja = s.ja AND p.en = s.en ORDER BY s.position",
    "INSERT INTO postings(lang, gram, first, ids) SELECT 0, g, min(p.unit), array_agg(p.unit) "
    "FROM pairs p JOIN stage s ON s.position = p.first CROSS JOIN unnest(s.ja_grams) g WHERE "
    "p.new GROUP BY g",
    "INSERT INTO postings(lang, gram, first, ids) SELECT 1, g, min(p.unit), array_agg(p.unit) "
    "FROM pairs p JOIN stage s ON s.position = p.first CROSS JOIN unnest(s.en_grams) g WHERE "
    "p.new GROUP BY g",
    /* this import's rows: those whose first id is a new unit's ($1: the first new id) */
    "INSERT INTO grams(lang, gram, df) SELECT lang, gram, cardinality(ids) FROM postings WHERE "
    "first >= $1::bigint ORDER BY lang, gram ON CONFLICT (lang, gram) DO UPDATE SET df = "
    "grams.df + excluded.df",
};

static long long one_ll(const PGresult *r)
{
    return strtoll(PQgetvalue(r, 0, 0), NULL, 10);
}

/* One attempt at the merge, ending with COMMIT. *retry: the server aborted it for a
 * serialization failure or a deadlock (then the transaction is rolled back). *already: a
 * document with this content is there (its id in stats->document). */
static ty_status merge(pg_import *p, const char *hex, const char *ja_lang, const char *en_lang,
                       ty_tm_import_stats *stats, int *retry, ty_error *err)
{
    ty_tm *tm = p->tm;
    PGconn *c = ty__pg_conn(tm);
    char doc[32], base[32], units[32];
    const char *dp[7];
    PGresult *r = NULL;
    long long added = 0, total = 0;
    ty_status rc = TY_OK;

    *retry = 0;
#define RUN(what, sql, n, params)                                                              \
    do {                                                                                       \
        PQclear(r);                                                                            \
        r = PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0);                              \
        if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {    \
            *retry = ty__pg_retryable(r);                                                      \
            rc = ty__pg_fail(tm, r, "the import was rolled back: " what, err);                 \
            goto done;                                                                         \
        }                                                                                      \
    } while (0)
    /* writers one at a time from here to the commit; readers go on */
    RUN("waiting for other writers", "LOCK TABLE documents IN SHARE ROW EXCLUSIVE MODE", 0, NULL);
    dp[0] = hex;
    RUN("reading documents", "SELECT id FROM documents WHERE hash = $1", 1, dp);
    if (PQntuples(r) > 0) {
        stats->document = one_ll(r);
        stats->already = 1;
        stats->added = stats->merged = stats->one_sided = 0;
        PQclear(r);
        PQclear(PQexec(c, "ROLLBACK"));
        return TY_OK;
    }
    RUN("numbering",
        "SELECT greatest((SELECT coalesce(max(id), 0) FROM documents), (SELECT coalesce(max(last), "
        "0) FROM retired WHERE what = 'document')) + 1, greatest((SELECT coalesce(max(id), 0) "
        "FROM units), (SELECT coalesce(max(last), 0) FROM retired WHERE what = 'unit')) + 1",
        0, NULL);
    snprintf(doc, sizeof doc, "%s", PQgetvalue(r, 0, 0));
    snprintf(base, sizeof base, "%s", PQgetvalue(r, 0, 1));
    dp[0] = base;
    RUN("grouping identical pairs", sql_pairs, 1, dp);
    RUN("counting", "SELECT count(*) FILTER (WHERE new), sum(n) FROM pairs", 0, NULL);
    added = one_ll(r);
    total = PQgetisnull(r, 0, 1) ? 0 : strtoll(PQgetvalue(r, 0, 1), NULL, 10);
    dp[0] = doc, dp[1] = base;
    for (size_t i = 0; i < sizeof sql_merge / sizeof sql_merge[0]; i++) /* $1: doc or base */
        RUN("storing the units", sql_merge[i], i == 2 || i == 5 ? 1 : 0, i == 5 ? dp + 1 : dp);
    snprintf(units, sizeof units, "%lld", total);
    dp[0] = doc, dp[1] = p->name, dp[2] = hex, dp[3] = ja_lang, dp[4] = en_lang;
    dp[5] = p->when, dp[6] = units;
    RUN("recording the document",
        "INSERT INTO documents(id, name, hash, ja_lang, en_lang, imported_at, units) "
        "VALUES($1, $2, $3, $4, $5, $6, $7)",
        7, dp);
    RUN("committing", "COMMIT", 0, NULL);
    stats->document = strtoll(doc, NULL, 10);
    stats->added = (size_t)added;
    stats->merged = (size_t)(total - added);
done:
    PQclear(r);
    if (rc != TY_OK) /* a retry starts again from the staged units */
        PQclear(PQexec(c, *retry ? "ROLLBACK TO SAVEPOINT staged" : "ROLLBACK"));
    return rc;
#undef RUN
}

ty_status ty__pg_import_commit(void *imp, const char *hex, const char *ja_lang,
                               const char *en_lang, ty_tm_import_stats *stats, ty_error *err)
{
    pg_import *p = imp;
    PGconn *c = ty__pg_conn(p->tm);
    PGresult *r;
    ty_status rc;
    int retry = 0;

    if ((rc = send(p, err)) != TY_OK)
        goto fail;
    p->copying = 0;
    if (PQputCopyEnd(c, NULL) != 1) {
        rc = ty__pg_fail(p->tm, NULL, "the import was rolled back", err);
        goto fail;
    }
    r = PQgetResult(c);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        rc = ty__pg_fail(p->tm, r, "the import was rolled back", err);
        PQclear(r);
        goto fail;
    }
    PQclear(r);
    while ((r = PQgetResult(c)))
        PQclear(r);
    /* a retried merge runs from a savepoint that keeps the staged units */
    if ((rc = ty__pg_exec(p->tm, "the import was rolled back", "SAVEPOINT staged", err)) != TY_OK)
        goto fail;
    for (int attempt = 0;; attempt++) {
        rc = merge(p, hex, ja_lang, en_lang, stats, &retry, err);
        if (rc == TY_OK || !retry)
            break;
        if (attempt + 1 >= TY__PG_RETRIES) {
            PQclear(PQexec(c, "ROLLBACK"));
            break;
        }
    }
    import_free(p);
    return rc;
fail:
    rollback(p);
    import_free(p);
    return rc;
}
