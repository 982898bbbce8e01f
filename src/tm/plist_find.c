/*
 * plist_find.c — the units whose normalized text in one language contains a string, read from
 * the posting lists (plist.c): for 3+ characters the lists of the string's trigrams (blob and
 * delta) intersected rarest first, each unit left then checked on its normalized text; for
 * 1–2 characters the union of the lists of every trigram that starts with the string (every
 * character of a unit's padded text starts one), or, when there are too many such trigrams (a
 * common character, so hits are dense), a scan of the texts that stops at the limit. A memory
 * without posting lists (below schema step 7, opened by ty__tm_open_at) is scanned. By id,
 * ascending or descending, up to a limit. Concordance (concord.c) and the consistency checks
 * (consistency/units.c) read it; a memory in PostgreSQL is not read here (its backend's find).
 */
#define _GNU_SOURCE /* memmem */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/utf8.h>

#include "base/alloc.h"
#include "base/error.h"
#include "tm.h"

/* 1–2 characters: above this many distinct trigrams starting with them, scan instead. */
#define PREFIX_GRAMS_MAX 300
/* 3+ characters: the next rarest list is intersected while it is at most this many times
 * longer than what is left; past that, reading the texts left costs less than the list. */
#define INTERSECT_RATIO 256

typedef struct idvec {
    long long *v;
    size_t n, cap;
} idvec;

static int push_fn(void *user, long long id, long long len)
{
    idvec *l = user;
    (void)len;
    if (ty__grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v))
        return -1;
    l->v[l->n++] = id;
    return 0;
}

static int by_id(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

static int by_key(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* ---- a scan of the texts ---- */

static const char *const scan_sql[2][2] = {
    {"SELECT id FROM unit_text WHERE instr(coalesce(ja_norm, ja), ?1) > 0 ORDER BY id LIMIT ?2",
     "SELECT id FROM unit_text WHERE instr(coalesce(ja_norm, ja), ?1) > 0 "
     "ORDER BY id DESC LIMIT ?2"},
    {"SELECT id FROM unit_text WHERE instr(coalesce(en_norm, en), ?1) > 0 ORDER BY id LIMIT ?2",
     "SELECT id FROM unit_text WHERE instr(coalesce(en_norm, en), ?1) > 0 "
     "ORDER BY id DESC LIMIT ?2"}};

static ty_status scan(ty_tm *tm, int lang, const char *p, size_t n, int desc, long long limit,
                      int (*fn)(void *user, long long id), void *user, ty_error *err)
{
    sqlite3_stmt *st;
    ty_status rc;
    int step;

    if ((rc = ty__tm_prepare(tm, scan_sql[lang][desc], &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_text(st, 1, p, (int)n, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, limit);
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        if (fn(user, sqlite3_column_int64(st, 0)) != 0) {
            sqlite3_finalize(st);
            return ty__nomem(err);
        }
    if (step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "searching the memory");
    sqlite3_finalize(st);
    return rc;
}

/* ---- 3+ characters ---- */

/* How many units (lang, key)'s list holds at most: its blob's count and the delta's adds. */
static ty_status list_bound(ty_tm *tm, int lang, uint64_t key, long long *n, ty_error *err)
{
    sqlite3_stmt *st;
    ty_status rc;

    if ((rc = ty__tm_stmt(tm, TY__SQL_PLIST_BOUND, &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_int(st, 1, lang);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)key);
    if (sqlite3_step(st) == SQLITE_ROW)
        *n = sqlite3_column_int64(st, 0);
    else
        rc = ty__tm_fail(tm, err, "reading the postings");
    sqlite3_reset(st);
    return rc;
}

/* Keep, of c (ascending), the ids a list (read in ascending order) holds. */
typedef struct meet {
    idvec *c;
    size_t i, kept;
} meet;

static int meet_fn(void *user, long long id, long long len)
{
    meet *m = user;
    (void)len;
    while (m->i < m->c->n && m->c->v[m->i] < id)
        m->i++;
    if (m->i < m->c->n && m->c->v[m->i] == id) {
        m->c->v[m->kept++] = id;
        m->i++;
    }
    return 0;
}

typedef struct bound_key {
    uint64_t key;
    long long n;
} bound_key;

static int by_bound(const void *a, const void *b)
{
    long long x = ((const bound_key *)a)->n, y = ((const bound_key *)b)->n;
    return x < y ? -1 : x > y;
}

/* The units holding every trigram of p, as far as intersecting is worth it (ascending). */
static ty_status candidates(ty_tm *tm, int lang, const char *p, size_t n, idvec *c,
                            ty_error *err)
{
    ty__qgrams q = {0};
    bound_key *b = NULL;
    ty_status rc;

    if ((rc = ty__qgrams_collect(p, n, &q, err)) != TY_OK)
        return rc;
    if (!(b = malloc(q.n * sizeof *b))) {
        rc = ty__nomem(err);
        goto done;
    }
    for (size_t i = 0; i < q.n; i++) {
        b[i].key = q.v[i].key;
        if ((rc = list_bound(tm, lang, q.v[i].key, &b[i].n, err)) != TY_OK)
            goto done;
        if (b[i].n == 0)
            goto done; /* no unit holds this trigram */
    }
    qsort(b, q.n, sizeof *b, by_bound);
    if ((rc = ty__plist_read(tm, lang, b[0].key, push_fn, c, err)) != TY_OK)
        goto done;
    for (size_t i = 1; i < q.n && c->n > 0 && b[i].n <= (long long)c->n * INTERSECT_RATIO;
         i++) {
        meet m = {c, 0, 0};
        if ((rc = ty__plist_read(tm, lang, b[i].key, meet_fn, &m, err)) != TY_OK)
            goto done;
        c->n = m.kept;
    }
done:
    free(b);
    ty__qgrams_free(&q);
    return rc;
}

/* Whether unit `id`'s normalized text in `lang` contains p[0, n). */
static ty_status holds(ty_tm *tm, int lang, long long id, const char *p, size_t n, int *yes,
                       ty_error *err)
{
    sqlite3_stmt *st;
    ty_status rc;
    int step;

    *yes = 0;
    if ((rc = ty__tm_stmt(tm, lang == TY_LANG_JA ? TY__SQL_NORM_JA : TY__SQL_NORM_EN, &st,
                          err)) != TY_OK)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    if ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const void *t = sqlite3_column_text(st, 0);
        *yes = t && memmem(t, (size_t)sqlite3_column_bytes(st, 0), p, n) != NULL;
    }
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return ty__tm_fail(tm, err, "reading a unit's text");
    return TY_OK;
}

/* ---- 1–2 characters ---- */

/* The trigrams starting with p[0, n) (1–2 characters): keys in [*lo, *hi). */
static void prefix_range(const char *p, size_t n, uint64_t *lo, uint64_t *hi)
{
    int32_t i = 0, len = (int32_t)n;
    int k = 0;

    *lo = 0;
    while (i < len && k < 2) {
        UChar32 c;
        U8_NEXT(p, i, len, c);
        if (c < 0)
            c = 0xFFFD;
        *lo |= (uint64_t)c << (21 * (2 - k));
        k++;
    }
    *hi = *lo + ((uint64_t)1 << (21 * (3 - k)));
}

/* The units holding p (1–2 characters), ascending; *many when more than PREFIX_GRAMS_MAX
 * trigrams start with it (c left empty). */
static ty_status prefix_units(ty_tm *tm, int lang, const char *p, size_t n, idvec *c, int *many,
                              ty_error *err)
{
    /* each table's keys in the range, at most one more than the bound (a UNION of the two
     * would read every key in the range before its LIMIT) */
    static const char *const sql[2] = {
        "SELECT gram FROM postings WHERE lang = ?1 AND gram >= ?2 AND gram < ?3 LIMIT ?4",
        "SELECT DISTINCT gram FROM postings_delta WHERE lang = ?1 AND gram >= ?2 AND gram < ?3 "
        "AND op > 0 LIMIT ?4"};
    uint64_t lo, hi, keys[2 * (PREFIX_GRAMS_MAX + 1)];
    size_t nkeys = 0, k = 0;
    ty_status rc;

    *many = 0;
    prefix_range(p, n, &lo, &hi);
    for (int t = 0; t < 2; t++) {
        sqlite3_stmt *st;
        int step;
        if ((rc = ty__tm_prepare(tm, sql[t], &st, err)) != TY_OK)
            return rc;
        sqlite3_bind_int(st, 1, lang);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)lo);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)hi);
        sqlite3_bind_int(st, 4, PREFIX_GRAMS_MAX + 1);
        while ((step = sqlite3_step(st)) == SQLITE_ROW)
            keys[nkeys++] = (uint64_t)sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        if (step != SQLITE_DONE)
            return ty__tm_fail(tm, err, "reading the postings");
    }
    if (nkeys > 1)
        qsort(keys, nkeys, sizeof *keys, by_key);
    for (size_t i = 0; i < nkeys; i++)
        if (k == 0 || keys[i] != keys[k - 1])
            keys[k++] = keys[i];
    nkeys = k;
    k = 0;
    if (nkeys > PREFIX_GRAMS_MAX) {
        *many = 1;
        return TY_OK;
    }
    for (size_t i = 0; i < nkeys; i++)
        if ((rc = ty__plist_read(tm, lang, keys[i], push_fn, c, err)) != TY_OK)
            return rc;
    if (c->n > 1)
        qsort(c->v, c->n, sizeof *c->v, by_id);
    for (size_t i = 0; i < c->n; i++)
        if (k == 0 || c->v[i] != c->v[k - 1])
            c->v[k++] = c->v[i];
    c->n = k;
    return TY_OK;
}

/* ---- both ---- */

ty_status ty__plist_find(ty_tm *tm, int lang, const char *p, size_t n, int desc, long long limit,
                         int (*fn)(void *user, long long id), void *user, ty_error *err)
{
    idvec c = {0};
    size_t nchars = 0;
    long long given = 0;
    int plist, many = 0, began = 0;
    ty_status rc;

    desc = desc != 0;
    for (size_t i = 0; i < n; i++)
        nchars += ((unsigned char)p[i] & 0xc0) != 0x80;
    if (n == 0 || limit == 0)
        return TY_OK;
    if ((rc = ty__tm_read_begin(tm, &began, err)) != TY_OK)
        return rc;
    if ((rc = ty__plist_present(tm, &plist, err)) != TY_OK)
        goto done;
    if (!plist) {
        rc = scan(tm, lang, p, n, desc, limit, fn, user, err);
        goto done;
    }
    rc = nchars >= 3 ? candidates(tm, lang, p, n, &c, err)
                     : prefix_units(tm, lang, p, n, &c, &many, err);
    if (rc != TY_OK)
        goto done;
    if (many) {
        rc = scan(tm, lang, p, n, desc, limit, fn, user, err);
        goto done;
    }
    for (size_t k = 0; k < c.n && (limit < 0 || given < limit); k++) {
        long long id = c.v[desc ? c.n - 1 - k : k];
        int yes = 1;
        if (nchars >= 3 && (rc = holds(tm, lang, id, p, n, &yes, err)) != TY_OK)
            goto done;
        if (!yes)
            continue;
        if (fn(user, id) != 0) {
            rc = ty__nomem(err);
            goto done;
        }
        given++;
    }
done:
    ty__tm_read_end(tm, began);
    free(c.v);
    return rc;
}

ty_status ty__plist_bound(ty_tm *tm, int lang, const char *p, size_t n, long long *bound,
                          ty_error *err)
{
    ty__qgrams q = {0};
    size_t nchars = 0;
    int plist = 0, began = 0;
    ty_status rc;

    *bound = -1;
    for (size_t i = 0; i < n; i++)
        nchars += ((unsigned char)p[i] & 0xc0) != 0x80;
    if (nchars < 3)
        return TY_OK;
    if ((rc = ty__tm_read_begin(tm, &began, err)) != TY_OK)
        return rc;
    if ((rc = ty__plist_present(tm, &plist, err)) == TY_OK && plist &&
        (rc = ty__qgrams_collect(p, n, &q, err)) == TY_OK) {
        for (size_t i = 0; i < q.n && rc == TY_OK; i++) {
            long long k = 0;
            if ((rc = list_bound(tm, lang, q.v[i].key, &k, err)) == TY_OK &&
                (*bound < 0 || k < *bound))
                *bound = k;
        }
    }
    ty__tm_read_end(tm, began);
    ty__qgrams_free(&q);
    if (rc != TY_OK)
        *bound = -1;
    return rc;
}
