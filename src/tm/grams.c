/*
 * grams.c — trigrams as the memory's posting lists hold them (three consecutive code points of
 * the normalized text, as FTS5's trigram tokenizer saw them below schema 8), and the in-memory
 * document-frequency counter that an import fills and adds to the `grams` table at its end.
 * It does not read the lists (plist.c, plist_find.c, lookup.c do).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/utf8.h>

#include "base/error.h"
#include "tm.h"

size_t ty__tm_trigrams(const char *s, size_t n,
                       void (*fn)(void *user, const char *gram, size_t len, uint64_t key),
                       void *user)
{
    size_t start[3] = {0, 0, 0}, count = 0;
    uint64_t cps = 0;
    int32_t i = 0, len = n > INT32_MAX ? INT32_MAX : (int32_t)n;

    while (i < len) {
        UChar32 c;
        int32_t at = i;
        U8_NEXT(s, i, len, c);
        if (c < 0)
            c = 0xFFFD;
        cps = ((cps << 21) | (uint64_t)c) & ((1ull << 63) - 1);
        start[count % 3] = (size_t)at;
        count++;
        if (count >= 3 && fn) {
            size_t first = start[count % 3]; /* the oldest of the three */
            fn(user, s + first, (size_t)i - first, cps);
        }
    }
    return count;
}

/* ---- the counter: open addressing on the packed key ---- */

typedef struct gram_entry {
    uint64_t key;       /* 0: empty (a key is never 0: text has no U+0000) */
    uint32_t df;
    uint32_t last_unit; /* the unit that counted it last, so a unit counts a trigram once */
} gram_entry;

struct ty__gram_counter {
    gram_entry *v;
    size_t cap, n;
    uint32_t unit;
};

/* Flush when this many distinct trigrams are held (about 64 MB). */
#define GC_FLUSH_AT ((size_t)1 << 22)

ty__gram_counter *ty__gram_counter_new(void)
{
    ty__gram_counter *gc = calloc(1, sizeof *gc);
    if (!gc)
        return NULL;
    gc->cap = 1 << 12;
    if (!(gc->v = calloc(gc->cap, sizeof *gc->v))) {
        free(gc);
        return NULL;
    }
    gc->unit = 1;
    return gc;
}

void ty__gram_counter_free(ty__gram_counter *gc)
{
    if (!gc)
        return;
    free(gc->v);
    free(gc);
}

static size_t slot_of(uint64_t key, size_t mask)
{
    key ^= key >> 29;
    key *= 0xbf58476d1ce4e5b9ull;
    key ^= key >> 32;
    return (size_t)key & mask;
}

static int grow(ty__gram_counter *gc)
{
    size_t cap = gc->cap * 2, mask = cap - 1;
    gram_entry *v = calloc(cap, sizeof *v);
    if (!v)
        return -1;
    for (size_t i = 0; i < gc->cap; i++) {
        if (!gc->v[i].key)
            continue;
        size_t j = slot_of(gc->v[i].key, mask);
        while (v[j].key)
            j = (j + 1) & mask;
        v[j] = gc->v[i];
    }
    free(gc->v);
    gc->v = v;
    gc->cap = cap;
    return 0;
}

typedef struct add_ctx {
    ty__gram_counter *gc;
    int failed;
} add_ctx;

static void count_one(void *user, const char *gram, size_t len, uint64_t key)
{
    add_ctx *ctx = user;
    ty__gram_counter *gc = ctx->gc;
    size_t mask, j;

    (void)gram;
    (void)len;
    if (ctx->failed)
        return;
    if (2 * (gc->n + 1) > gc->cap && grow(gc) != 0) {
        ctx->failed = 1;
        return;
    }
    mask = gc->cap - 1;
    j = slot_of(key, mask);
    while (gc->v[j].key && gc->v[j].key != key)
        j = (j + 1) & mask;
    if (!gc->v[j].key) {
        gc->v[j].key = key;
        gc->n++;
    }
    if (gc->v[j].last_unit != gc->unit) {
        gc->v[j].last_unit = gc->unit;
        gc->v[j].df++;
    }
}

int ty__gram_counter_add(ty__gram_counter *gc, const char *text, size_t len)
{
    add_ctx ctx = {gc, 0};
    ty__tm_trigrams(text, len, count_one, &ctx);
    return ctx.failed ? -1 : 0;
}

int ty__gram_counter_merge(ty__gram_counter *dst, const ty__gram_counter *src, int sign)
{
    size_t mask;

    /* room first, so that adding cannot fail half-way */
    while (sign > 0 && 2 * (dst->n + src->n) > dst->cap)
        if (grow(dst) != 0)
            return -1;
    mask = dst->cap - 1;
    for (size_t i = 0; i < src->cap; i++) {
        size_t j;
        if (!src->v[i].key)
            continue;
        j = slot_of(src->v[i].key, mask);
        while (dst->v[j].key && dst->v[j].key != src->v[i].key)
            j = (j + 1) & mask;
        if (sign < 0) {
            if (dst->v[j].key)
                dst->v[j].df -= src->v[i].df;
            continue;
        }
        if (!dst->v[j].key) {
            dst->v[j].key = src->v[i].key;
            dst->n++;
        }
        dst->v[j].df += src->v[i].df;
    }
    return 0;
}

void ty__gram_counter_next_unit(ty__gram_counter *gc)
{
    if (++gc->unit == 0)
        gc->unit = 1;
}

size_t ty__tm_gram_unpack(uint64_t key, char out[13])
{
    size_t len = 0;
    for (int k = 2; k >= 0; k--) {
        UChar32 c = (UChar32)((key >> (21 * k)) & 0x1fffff);
        U8_APPEND_UNSAFE(out, len, c);
    }
    out[len] = '\0';
    return len;
}

static int by_packed_key(const void *a, const void *b)
{
    uint64_t x = ((const gram_entry *)a)->key, y = ((const gram_entry *)b)->key;
    return x < y ? -1 : x > y;
}

/* Add (sign 1) or subtract (sign -1) the counts; trigrams left in no unit go. */
static ty_status flush(ty__gram_counter *gc, ty_tm *tm, int lang, int sign, ty_error *err)
{
    static const char sql_add[] =
        "INSERT INTO grams(lang, gram, df) VALUES(?1, ?2, ?3) "
        "ON CONFLICT(lang, gram) DO UPDATE SET df = df + excluded.df";
    /* a trigram left in no unit goes where its count is updated: no scan of the table */
    static const char sql_sub[] =
        "UPDATE grams SET df = df - ?3 WHERE lang = ?1 AND gram = ?2 RETURNING df";
    static const char sql_drop[] = "DELETE FROM grams WHERE lang = ?1 AND gram = ?2";
    sqlite3_stmt *st = NULL, *drop = NULL;
    size_t n = 0;
    ty_status rc;

    /* the counts an import adds: a statement the handle keeps; a removal's: its own */
    if ((rc = sign > 0 ? ty__tm_kept(tm, sql_add, &st, err)
                       : ty__tm_prepare(tm, sql_sub, &st, err)) != TY_OK ||
        (sign < 0 && (rc = ty__tm_prepare(tm, sql_drop, &drop, err)) != TY_OK))
        goto done;
    /* In the table's order: a packed key orders as its UTF-8 does (code point by code point),
     * so the B-tree grows at its end (full pages, each one written once) instead of at
     * random places. The hash table is emptied below anyway. */
    for (size_t i = 0; i < gc->cap; i++)
        if (gc->v[i].key && gc->v[i].df) /* 0: merged in, then taken out again */
            gc->v[n++] = gc->v[i];
    qsort(gc->v, n, sizeof *gc->v, by_packed_key);
    sqlite3_bind_int(st, 1, lang);
    if (drop)
        sqlite3_bind_int(drop, 1, lang);
    for (size_t i = 0; i < n; i++) {
        char gram[13];
        size_t len;
        int step, gone = 0;
        len = ty__tm_gram_unpack(gc->v[i].key, gram);
        sqlite3_bind_text(st, 2, gram, (int)len, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, gc->v[i].df);
        if ((step = sqlite3_step(st)) == SQLITE_ROW) {
            gone = sqlite3_column_int64(st, 0) <= 0;
            step = sqlite3_step(st);
        }
        sqlite3_reset(st);
        if (step != SQLITE_DONE) {
            rc = ty__tm_fail(tm, err, "updating trigram counts");
            goto done;
        }
        if (gone) {
            sqlite3_bind_text(drop, 2, gram, (int)len, SQLITE_STATIC);
            if ((rc = ty__tm_run(tm, drop, "dropping a trigram count", err)) != TY_OK)
                goto done;
        }
    }
done:
    memset(gc->v, 0, gc->cap * sizeof *gc->v);
    gc->n = 0;
    if (sign > 0)
        sqlite3_reset(st); /* kept by the handle */
    else
        sqlite3_finalize(st);
    sqlite3_finalize(drop);
    return rc;
}

ty_status ty__gram_counter_flush(ty__gram_counter *gc, ty_tm *tm, int lang, ty_error *err)
{
    return flush(gc, tm, lang, 1, err);
}

ty_status ty__gram_counter_flush_sub(ty__gram_counter *gc, ty_tm *tm, int lang, ty_error *err)
{
    return flush(gc, tm, lang, -1, err);
}

int ty__gram_counter_full(const ty__gram_counter *gc)
{
    return gc->n >= GC_FLUSH_AT;
}

/* ---- the trigrams of a query, with their document frequencies ---- */

static void collect_gram(void *user, const char *gram, size_t len, uint64_t key)
{
    ty__qgrams *q = user;
    if (q->failed || len >= sizeof q->v[0].g)
        return;
    if (q->n == q->cap) {
        size_t cap = q->cap ? 2 * q->cap : 64;
        ty__qgram *v = realloc(q->v, cap * sizeof *v);
        if (!v) {
            q->failed = 1;
            return;
        }
        q->v = v;
        q->cap = cap;
    }
    q->v[q->n].key = key;
    memcpy(q->v[q->n].g, gram, len);
    q->v[q->n].g[len] = '\0';
    q->v[q->n].len = len;
    q->v[q->n].df = 0;
    q->n++;
}

static int by_key(const void *a, const void *b)
{
    uint64_t x = ((const ty__qgram *)a)->key, y = ((const ty__qgram *)b)->key;
    return x < y ? -1 : x > y;
}

static int by_df(const void *a, const void *b)
{
    long long x = ((const ty__qgram *)a)->df, y = ((const ty__qgram *)b)->df;
    return x < y ? -1 : x > y;
}

void ty__qgrams_free(ty__qgrams *q)
{
    free(q->v);
    memset(q, 0, sizeof *q);
}

ty_status ty__qgrams_collect(const char *norm, size_t len, ty__qgrams *q, ty_error *err)
{
    size_t k = 0;

    ty__tm_trigrams(norm, len, collect_gram, q);
    if (q->failed)
        return ty__nomem(err);
    if (q->n > 1)
        qsort(q->v, q->n, sizeof *q->v, by_key);
    for (size_t i = 0; i < q->n; i++)
        if (k == 0 || q->v[i].key != q->v[k - 1].key)
            q->v[k++] = q->v[i];
    q->n = k;
    return TY_OK;
}

ty_status ty__tm_query_grams(ty_tm *tm, int lang, const char *norm, size_t len, ty__qgrams *q,
                             ty_error *err)
{
    sqlite3_stmt *st;
    ty_status rc;

    if ((rc = ty__qgrams_collect(norm, len, q, err)) != TY_OK)
        return rc;
    if ((rc = ty__tm_stmt(tm, TY__SQL_DF, &st, err)) != TY_OK)
        return rc;
    for (size_t i = 0; i < q->n; i++) {
        int step;
        sqlite3_reset(st);
        sqlite3_bind_int(st, 1, lang);
        sqlite3_bind_text(st, 2, q->v[i].g, (int)q->v[i].len, SQLITE_STATIC);
        step = sqlite3_step(st);
        if (step == SQLITE_ROW)
            q->v[i].df = sqlite3_column_int64(st, 0);
        else if (step != SQLITE_DONE)
            return ty__tm_fail(tm, err, "reading trigram counts");
    }
    sqlite3_reset(st);
    if (q->n > 1)
        qsort(q->v, q->n, sizeof *q->v, by_df);
    return TY_OK;
}
