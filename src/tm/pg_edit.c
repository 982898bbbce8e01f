/*
 * pg_edit.c — what a review edit that replaces a run of beads writes in a PostgreSQL memory
 * (the backend's run_take, sentence_range, attach_* and units_drop entries, tm.h), inside the
 * edit's transaction under the writers' lock (pg_review.c): the run's occurrences and beads
 * taken out (their units set aside by pg_remove.c), and the new beads' pairs added to the
 * document as an import's units are: identical pairs stored once with a count, new units
 * numbered after every id held or retired, their rows, narrow texts, postings rows (one per
 * trigram, as an import's are) and trigram counts. The units arrive prepared by store.c
 * (normalized, hashed, measured), a few at a time, so they are sent as array parameters
 * rather than with COPY. Which beads an edit replaces, their keys and their texts are
 * review.c's; it does not plan anything.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "base/sort.h"
#include "pg.h"

static const char what_units[] = "the edit was rolled back: storing the units";

ty_status ty__pg_run_take(ty_tm *tm, long long doc, long long lo, long long hi, long long *n,
                          ty_error *err)
{
    static const char what[] = "the edit was rolled back: removing beads";
    char v[3][24];
    const char *p[3] = {v[0], v[1], hi < 0 ? NULL : v[2]};
    PGresult *r;
    ty_status rc;

    snprintf(v[0], sizeof v[0], "%lld", doc);
    snprintf(v[1], sizeof v[1], "%lld", lo);
    snprintf(v[2], sizeof v[2], "%lld", hi);
    if ((rc = ty__pg_occurrences_take(tm, doc, lo, hi, what, n, err)) != TY_OK)
        return rc;
    if (!(r = ty__pg_run(tm, what,
                         "DELETE FROM beads WHERE document = $1::bigint AND idx >= $2::bigint "
                         "AND ($3::bigint IS NULL OR idx < $3::bigint)",
                         3, p, err)))
        return TY_ERR_POSTGRES;
    PQclear(r);
    return TY_OK;
}

ty_status ty__pg_units_drop(ty_tm *tm, ty_error *err)
{
    size_t kept = 0, deleted = 0;
    return ty__pg_units_release(tm, "the edit was rolled back: removing units", &kept, &deleted,
                                err);
}

ty_status ty__pg_sentence_range(ty_tm *tm, long long doc, int lang, long long first,
                                long long end, ty__sentence_fn fn, void *user, ty_error *err)
{
    char v[4][24];
    const char *p[4] = {v[0], v[1], v[2], v[3]};
    PGresult *r;
    ty_status rc = TY_OK;

    snprintf(v[0], sizeof v[0], "%lld", doc);
    snprintf(v[1], sizeof v[1], "%d", lang);
    snprintf(v[2], sizeof v[2], "%lld", first);
    snprintf(v[3], sizeof v[3], "%lld", end);
    if (!(r = ty__pg_run(tm, "reading sentences",
                         TY__SQL_SENTENCE_RANGE("$1::bigint", "$2::smallint", "$3::bigint",
                                                "$4::bigint"),
                         4, p, err)))
        return TY_ERR_POSTGRES;
    for (int i = 0; i < PQntuples(r) && rc == TY_OK; i++)
        rc = fn(user, lang, ty__pg_ll(r, i, 0), ty__pg_cell(r, i, 1), 0, err);
    PQclear(r);
    return rc;
}

/* ---- units added to a document inside the edit's transaction ---- */

/* A unit as store.c prepared it, its strings copied. */
typedef struct edit_unit {
    long long position, id;
    char *s[10]; /* ja, en, ja_norm, en_norm (NULL: as the text), shape, tuid, props, ja_lang,
                    en_lang, the confidence as text (NULL: unknown) */
    uint64_t hash[2];
    size_t len[2];
    int is_new, first; /* a new unit; the first of the units with its pair */
} edit_unit;

enum { S_JA, S_EN, S_JA_NORM, S_EN_NORM, S_SHAPE, S_TUID, S_PROPS, S_JA_LANG, S_EN_LANG, S_CONF };

typedef struct attached {
    ty_tm *tm;
    long long doc;
    edit_unit *v;
    size_t n, cap;
} attached;

/* A growing text: an array parameter being written ("{" to start, cells, then "}"). */
typedef struct text {
    char *p;
    size_t n, cap;
    int failed;
} text;

enum { MAX_COLS = 12 };

/* The columns of a statement's array parameters. */
typedef struct cols {
    text t[MAX_COLS];
    int n;
} cols;

static void add(text *t, const char *s, size_t n)
{
    if (t->failed || ty__grow((void **)&t->p, &t->cap, t->n + n + 1, 1) != 0) {
        t->failed = 1;
        return;
    }
    memcpy(t->p + t->n, s, n);
    t->n += n;
    t->p[t->n] = '\0';
}

/* An array element: quoted, its quotes and backslashes escaped; NULL unquoted. */
static void add_elem(text *t, const char *s)
{
    if (t->n == 0)
        add(t, "{", 1);
    else
        add(t, ",", 1);
    if (!s) {
        add(t, "NULL", 4);
        return;
    }
    add(t, "\"", 1);
    for (const char *q = s; *q; q++) {
        size_t k = strcspn(q, "\"\\");
        add(t, q, k);
        q += k;
        if (!*q)
            break;
        add(t, "\\", 1);
        add(t, q, 1);
    }
    add(t, "\"", 1);
}

static void cell(cols *c, int k, const char *s)
{
    add_elem(&c->t[k], s);
}

static void cell_ll(cols *c, int k, long long v)
{
    char b[32];
    snprintf(b, sizeof b, "%lld", v);
    add_elem(&c->t[k], b);
}

static void cols_free(cols *c)
{
    for (int k = 0; k < c->n; k++)
        free(c->t[k].p);
    memset(c->t, 0, sizeof c->t);
}

/* Run sql with the columns' arrays as $2, $3, … (and `first` as $1 unless NULL); nothing
 * to run when the columns are empty. */
static ty_status run_cols(ty_tm *tm, const char *sql, const char *first, cols *c, ty_error *err)
{
    const char *p[MAX_COLS + 1];
    int np = 0;
    ty_status rc = TY_OK;
    PGresult *r;

    if (c->t[0].n == 0)
        goto done;
    if (first)
        p[np++] = first;
    for (int k = 0; k < c->n; k++) {
        add(&c->t[k], "}", 1);
        if (c->t[k].failed)
            rc = TY_ERR_NOMEM;
        p[np++] = c->t[k].p;
    }
    if (rc != TY_OK)
        rc = ty__nomem(err);
    else if (!(r = ty__pg_run(tm, what_units, sql, np, p, err)))
        rc = TY_ERR_POSTGRES;
    else
        PQclear(r);
done:
    cols_free(c);
    return rc;
}

static char *dup_or_null(const char *s, int *bad)
{
    char *d = s ? strdup(s) : NULL;
    if (s && !d)
        *bad = 1;
    return d;
}

ty_status ty__pg_attach_begin(ty_tm *tm, const char *name, const char *when, void **imp,
                              ty_error *err)
{
    attached *a = calloc(1, sizeof *a);

    (void)when;
    if (!a)
        return ty__nomem(err);
    a->tm = tm;
    a->doc = strtoll(name, NULL, 10);
    *imp = a;
    return TY_OK;
}

ty_status ty__pg_attach_unit(void *imp, const ty__stage_unit *s, ty_error *err)
{
    attached *a = imp;
    const ty_unit *u = s->unit;
    edit_unit *e;
    char conf[40];
    int bad = 0;

    if (ty__grow((void **)&a->v, &a->cap, a->n + 1, sizeof *a->v) != 0)
        return ty__nomem(err);
    e = &a->v[a->n++];
    memset(e, 0, sizeof *e);
    snprintf(conf, sizeof conf, "%.17g", u->confidence);
    e->position = (long long)s->position;
    e->s[S_JA] = dup_or_null(u->ja, &bad);
    e->s[S_EN] = dup_or_null(u->en, &bad);
    e->s[S_JA_NORM] = dup_or_null(strcmp(s->norm[0], u->ja) ? s->norm[0] : NULL, &bad);
    e->s[S_EN_NORM] = dup_or_null(strcmp(s->norm[1], u->en) ? s->norm[1] : NULL, &bad);
    e->s[S_SHAPE] = dup_or_null(u->shape, &bad);
    e->s[S_TUID] = dup_or_null(u->id, &bad);
    e->s[S_PROPS] = dup_or_null(s->props, &bad);
    e->s[S_JA_LANG] = dup_or_null(s->ja_lang, &bad);
    e->s[S_EN_LANG] = dup_or_null(s->en_lang, &bad);
    e->s[S_CONF] = dup_or_null(u->confidence < 0 ? NULL : conf, &bad);
    e->hash[0] = s->hash[0];
    e->hash[1] = s->hash[1];
    e->len[0] = s->ja_len;
    e->len[1] = s->en_len;
    return bad ? ty__nomem(err) : TY_OK;
}

void ty__pg_attach_abort(void *imp)
{
    attached *a = imp;

    if (!a)
        return;
    for (size_t i = 0; i < a->n; i++)
        for (int k = 0; k < 10; k++)
            free(a->v[i].s[k]);
    free(a->v);
    free(a);
}

/* The normalized text of side l of e. */
static const char *norm_of(const edit_unit *e, int l)
{
    return e->s[S_JA_NORM + l] ? e->s[S_JA_NORM + l] : e->s[S_JA + l];
}


/* Run sql with n parameters, discarding its result. */
static ty_status run(ty_tm *tm, const char *sql, int n, const char *const *p, ty_error *err)
{
    PGresult *r = ty__pg_run(tm, what_units, sql, n, p, err);
    if (!r)
        return TY_ERR_POSTGRES;
    PQclear(r);
    return TY_OK;
}

/* Whether two units hold the same pair. */
static int same_pair(const edit_unit *x, const edit_unit *y)
{
    return x->hash[0] == y->hash[0] && x->hash[1] == y->hash[1] &&
           !strcmp(x->s[S_JA], y->s[S_JA]) && !strcmp(x->s[S_EN], y->s[S_EN]);
}

/* Each unit's id: the stored unit with its pair, an earlier one of these with it, or a new
 * one numbered from *base (the first id above every one held or retired) in the order of the
 * units (their positions). */
static ty_status number(attached *a, long long *base, ty_error *err)
{
    cols c = {.n = 4};
    const char *p[4];
    PGresult *r;
    long long next;
    ty_status rc = TY_OK;

    if (!(r = ty__pg_run(a->tm, what_units,
                         "SELECT greatest((SELECT coalesce(max(id), 0) FROM units), (SELECT "
                         "coalesce(max(last), 0) FROM retired WHERE what = 'unit')) + 1",
                         0, NULL, err)))
        return TY_ERR_POSTGRES;
    next = *base = ty__pg_ll(r, 0, 0);
    PQclear(r);
    for (size_t i = 0; i < a->n; i++) {
        cell_ll(&c, 0, (long long)a->v[i].hash[0]);
        cell_ll(&c, 1, (long long)a->v[i].hash[1]);
        cell(&c, 2, a->v[i].s[S_JA]);
        cell(&c, 3, a->v[i].s[S_EN]);
    }
    for (int k = 0; k < 4; k++) {
        add(&c.t[k], "}", 1);
        if (c.t[k].failed)
            rc = TY_ERR_NOMEM;
        p[k] = c.t[k].p;
    }
    r = NULL;
    if (rc != TY_OK)
        rc = ty__nomem(err);
    else if (!(r = ty__pg_run(a->tm, what_units,
                              "SELECT x.i, u.id FROM unnest($1::bigint[], $2::bigint[], "
                              "$3::text[], $4::text[]) WITH ORDINALITY AS x(jh, eh, ja, en, i) "
                              "JOIN units u ON u.ja_hash = x.jh AND u.en_hash = x.eh AND "
                              "u.ja = x.ja AND u.en = x.en",
                              4, p, err)))
        rc = TY_ERR_POSTGRES;
    for (int i = 0; r && i < PQntuples(r); i++) {
        long long k = ty__pg_ll(r, i, 0) - 1;
        if (k >= 0 && (size_t)k < a->n)
            a->v[k].id = ty__pg_ll(r, i, 1);
    }
    PQclear(r);
    cols_free(&c);
    for (size_t i = 0; i < a->n && rc == TY_OK; i++) {
        edit_unit *e = &a->v[i];
        size_t j = 0;
        if (e->id)
            continue;
        while (j < i && !(a->v[j].is_new && same_pair(&a->v[j], e)))
            j++;
        if (j < i) {
            e->id = a->v[j].id;
            e->is_new = 1;
        } else {
            e->id = next++;
            e->is_new = e->first = 1;
        }
    }
    return rc;
}

/* How many of the units hold unit e->id's pair, and their best confidence (in conf as text;
 * "" when none is known), as an import counts identical pairs. */
static size_t tally(const attached *a, const edit_unit *e, char *conf, size_t size)
{
    double best = -1;
    size_t n = 0;

    for (size_t i = 0; i < a->n; i++) {
        const char *c = a->v[i].s[S_CONF];
        if (a->v[i].id != e->id)
            continue;
        n++;
        if (c && strtod(c, NULL) > best)
            best = strtod(c, NULL);
    }
    conf[0] = '\0';
    if (best >= 0)
        snprintf(conf, size, "%.17g", best);
    return n;
}

/* The new units' rows and narrow texts (ids from `base` on); the stored ones' counts (theirs
 * and their narrow texts') and confidence raised; the occurrences. */
static ty_status units_put(attached *a, long long base, ty_error *err)
{
    char doc[32], from[32];
    const char *p[1] = {from};
    cols nu = {.n = 12}, old = {.n = 3}, occ = {.n = 8};
    ty_status rc;

    snprintf(doc, sizeof doc, "%lld", a->doc);
    snprintf(from, sizeof from, "%lld", base);
    for (size_t i = 0; i < a->n; i++) {
        const edit_unit *e = &a->v[i];
        char conf[40];
        size_t n;
        int seen = 0;
        cell_ll(&occ, 0, e->position);
        cell_ll(&occ, 1, e->id);
        cell(&occ, 2, e->s[S_CONF]);
        cell(&occ, 3, e->s[S_SHAPE]);
        cell(&occ, 4, e->s[S_TUID]);
        cell(&occ, 5, e->s[S_PROPS]);
        cell(&occ, 6, e->s[S_JA_LANG]);
        cell(&occ, 7, e->s[S_EN_LANG]);
        for (size_t j = 0; j < i && !seen; j++)
            seen = a->v[j].id == e->id;
        if (seen)
            continue;
        n = tally(a, e, conf, sizeof conf);
        if (!e->is_new) {
            cell_ll(&old, 0, e->id);
            cell_ll(&old, 1, (long long)n);
            cell(&old, 2, conf[0] ? conf : NULL);
            continue;
        }
        /* as an import stores it: the first occurrence's shape, the best confidence */
        cell_ll(&nu, 0, e->id);
        cell_ll(&nu, 1, (long long)e->hash[0]);
        cell_ll(&nu, 2, (long long)e->hash[1]);
        cell_ll(&nu, 3, (long long)e->len[0]);
        cell_ll(&nu, 4, (long long)e->len[1]);
        cell(&nu, 5, conf[0] ? conf : NULL);
        cell(&nu, 6, e->s[S_SHAPE]);
        cell_ll(&nu, 7, (long long)n);
        for (int k = 0; k < 4; k++)
            cell(&nu, 8 + k, e->s[S_JA + k]);
    }
    if ((rc = run_cols(a->tm,
                       "INSERT INTO units(id, ja_hash, en_hash, ja_len, en_len, confidence, "
                       "shape, count, ja, en, ja_norm, en_norm) SELECT * FROM unnest($1::bigint[], "
                       "$2::bigint[], $3::bigint[], $4::int[], $5::int[], $6::float8[], "
                       "$7::text[], $8::bigint[], $9::text[], $10::text[], $11::text[], "
                       "$12::text[])",
                       NULL, &nu, err)) != TY_OK)
        return rc;
    if (a->n && (rc = run(a->tm,
                          "INSERT INTO norm_ja(id, count, norm) SELECT id, count, "
                          "coalesce(ja_norm, ja) FROM units WHERE id >= $1::bigint ORDER BY id",
                          1, p, err)) != TY_OK)
        return rc;
    if (a->n && (rc = run(a->tm,
                          "INSERT INTO norm_en(id, count, norm) SELECT id, count, "
                          "coalesce(en_norm, en) FROM units WHERE id >= $1::bigint ORDER BY id",
                          1, p, err)) != TY_OK)
        return rc;
    if ((rc = run_cols(a->tm,
                       "WITH x AS (SELECT * FROM unnest($1::bigint[], $2::bigint[], "
                       "$3::float8[]) AS x(id, n, c)), "
                       "j AS (UPDATE norm_ja n SET count = n.count + x.n FROM x WHERE n.id = x.id), "
                       "e AS (UPDATE norm_en n SET count = n.count + x.n FROM x WHERE n.id = x.id) "
                       "UPDATE units u SET count = u.count + x.n, confidence = CASE WHEN x.c IS "
                       "NULL THEN u.confidence WHEN u.confidence IS NULL OR x.c > u.confidence "
                       "THEN x.c ELSE u.confidence END FROM x WHERE u.id = x.id",
                       NULL, &old, err)) != TY_OK)
        return rc;
    return run_cols(a->tm,
                    "INSERT INTO occurrences(document, position, unit, confidence, shape, tuid, "
                    "props, ja_lang, en_lang) SELECT $1::bigint, * FROM unnest($2::bigint[], "
                    "$3::bigint[], $4::float8[], $5::text[], $6::text[], $7::text[], $8::text[], "
                    "$9::text[])",
                    doc, &occ, err);
}

/* The trigrams of one side of a unit being collected. */
typedef struct grams {
    int32_t *v;
    size_t n, cap;
    int failed;
} grams;

static void add_gram(void *user, const char *gram, size_t len, uint64_t key)
{
    grams *g = user;
    (void)gram;
    (void)len;
    if (g->failed || ty__grow((void **)&g->v, &g->cap, g->n + 1, sizeof *g->v) != 0) {
        g->failed = 1;
        return;
    }
    g->v[g->n++] = ty__pg_gram(key);
}

/* The new units' postings rows, one per trigram of a side (first: its smallest id, entries
 * ascending, pg.h), and the trigram counts raised by as many. */
static ty_status postings_put(attached *a, ty_error *err)
{
    static const char hex[] = "0123456789abcdef";
    cols rows = {.n = 4}, dfs = {.n = 3};
    uint64_t *keys = NULL;
    size_t nkeys = 0, cap = 0;
    grams g = {0};
    text ent = {0};
    ty_status rc = TY_OK;

    for (int l = 0; l < 2 && rc == TY_OK; l++) {
        nkeys = 0;
        for (size_t i = 0; i < a->n; i++) {
            const char *norm = norm_of(&a->v[i], l);
            if (!a->v[i].first)
                continue;
            g.n = 0;
            ty__tm_trigrams(norm, strlen(norm), add_gram, &g);
            if (g.failed ||
                ty__grow((void **)&keys, &cap, nkeys + g.n + 1, sizeof *keys) != 0) {
                rc = ty__nomem(err);
                break;
            }
            /* the trigram above, the unit's place among these below: sorted, by trigram and
             * then by id */
            for (size_t j = 0; j < g.n; j++)
                keys[nkeys++] = (uint64_t)((uint32_t)g.v[j] ^ 0x80000000u) << 32 | (uint32_t)i;
        }
        if (rc != TY_OK)
            break;
        ty__sort_u64(keys, nkeys);
        for (size_t i = 0; i < nkeys;) {
            uint32_t gram = (uint32_t)(keys[i] >> 32) ^ 0x80000000u;
            size_t j = i, n = 0;
            ent.n = 0;
            add(&ent, "\\x", 2);
            for (; j < nkeys && (uint32_t)(keys[j] >> 32) == (uint32_t)(keys[i] >> 32); j++) {
                const edit_unit *e = &a->v[(uint32_t)keys[j]];
                unsigned char b[TY__PG_ENTRY];
                uint32_t id = (uint32_t)e->id;
                size_t len = e->len[l] < TY__PG_LEN_MAX ? e->len[l] : TY__PG_LEN_MAX;
                char h[2 * TY__PG_ENTRY];
                if (j > i && keys[j] == keys[j - 1])
                    continue; /* a trigram twice in one text */
                b[0] = (unsigned char)(id >> 24);
                b[1] = (unsigned char)(id >> 16);
                b[2] = (unsigned char)(id >> 8);
                b[3] = (unsigned char)id;
                b[4] = (unsigned char)(len >> 8);
                b[5] = (unsigned char)len;
                for (int k = 0; k < TY__PG_ENTRY; k++) {
                    h[2 * k] = hex[b[k] >> 4];
                    h[2 * k + 1] = hex[b[k] & 15];
                }
                add(&ent, h, sizeof h);
                n++;
            }
            cell_ll(&rows, 0, l);
            cell_ll(&rows, 1, (int32_t)gram);
            cell_ll(&rows, 2, a->v[(uint32_t)keys[i]].id);
            cell(&rows, 3, ent.failed ? "" : ent.p);
            cell_ll(&dfs, 0, l);
            cell_ll(&dfs, 1, (int32_t)gram);
            cell_ll(&dfs, 2, (long long)n);
            if (ent.failed)
                rc = ty__nomem(err);
            i = j;
        }
    }
    free(keys);
    free(g.v);
    free(ent.p);
    if (rc == TY_OK)
        rc = run_cols(a->tm,
                      "INSERT INTO postings(lang, gram, first, entries) SELECT * FROM "
                      "unnest($1::int2[], $2::int4[], $3::bigint[], $4::bytea[])",
                      NULL, &rows, err);
    else
        cols_free(&rows);
    if (rc == TY_OK)
        rc = run_cols(a->tm,
                      "INSERT INTO grams(lang, gram, df) SELECT * FROM unnest($1::int2[], "
                      "$2::int4[], $3::bigint[]) ORDER BY 1, 2 ON CONFLICT (lang, gram) DO "
                      "UPDATE SET df = grams.df + excluded.df",
                      NULL, &dfs, err);
    else
        cols_free(&dfs);
    return rc;
}

ty_status ty__pg_attach_commit(void *imp, const char *hex, const char *ja_lang,
                               const char *en_lang, ty_tm_import_stats *stats, ty_error *err)
{
    attached *a = imp;
    long long base = 0;
    size_t added = 0;
    ty_status rc = TY_OK;

    (void)hex;
    (void)ja_lang;
    (void)en_lang;
    if (a->n && (rc = number(a, &base, err)) == TY_OK &&
        (rc = units_put(a, base, err)) == TY_OK)
        rc = postings_put(a, err);
    for (size_t i = 0; i < a->n; i++)
        added += a->v[i].first;
    memset(stats, 0, sizeof *stats);
    stats->document = a->doc;
    stats->added = added;
    stats->merged = a->n - added;
    ty__pg_attach_abort(a);
    return rc;
}
