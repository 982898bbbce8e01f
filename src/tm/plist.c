/*
 * plist.c — the memory's own posting lists for the fuzzy candidate search (schema step 7):
 * per language and trigram, one row of `postings` whose blob lists the units holding it with
 * each unit's length, plus the small `postings_delta` table of changes not yet merged into the
 * blobs. Here: the blob's coding, the mark of the units not indexed yet (postings_state.pending,
 * tm.h), reading a trigram's list (blob and delta merged, ids ascending), and writing the
 * trigrams of units added or removed (a batch: delta rows for a few, straight into the blobs
 * for many, the delta merged when it outgrows its bound), all inside the caller's
 * transaction. Building every list anew and checking them against the units is plist_build.c.
 * It does not choose which trigrams a lookup reads (lookup.c).
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/sort.h"
#include "base/u64map.h"
#include "tm.h"

/* ---- the blob: (id - previous id, length) as unsigned LEB128 varints ---- */

/* Read a varint at p[*i, n); -1 when it runs past the end. */
static int get_varint(const unsigned char *p, size_t n, size_t *i, uint64_t *v)
{
    uint64_t x = 0;
    for (int shift = 0; *i < n && shift < 64; shift += 7) {
        unsigned char b = p[(*i)++];
        x |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *v = x;
            return 0;
        }
    }
    return -1;
}

int ty__plist_decode(const void *blob, size_t n, ty__plist *out)
{
    const unsigned char *p = blob;
    size_t i = 0;
    uint64_t id = 0;

    out->n = 0;
    while (i < n) {
        uint64_t d, len;
        if (get_varint(p, n, &i, &d) != 0 || get_varint(p, n, &i, &len) != 0 ||
            (out->n > 0 && d == 0) || len > INT64_MAX)
            return -1;
        id += d;
        if (id < d || id > INT64_MAX) /* wrapped, or past the ids SQLite can hold */
            return -1;
        if (ty__plist_push(out, (long long)id, (long long)len) != 0)
            return -2;
    }
    return 0;
}

int ty__plist_push(ty__plist *l, long long id, long long len)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 256;
        ty__posting *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n].id = id;
    l->v[l->n].len = len;
    l->n++;
    return 0;
}

void ty__plist_free(ty__plist *l)
{
    free(l->v);
    memset(l, 0, sizeof *l);
}

unsigned char *ty__plist_encode(const ty__plist *l, size_t *size)
{
    unsigned char *b = malloc(l->n * 20 + 1);
    size_t n = 0;
    long long prev = 0;

    if (!b)
        return NULL;
    for (size_t i = 0; i < l->n; i++) {
        n += ty__plist_varint(b + n, (uint64_t)(l->v[i].id - prev));
        n += ty__plist_varint(b + n, (uint64_t)(l->v[i].len < 0 ? 0 : l->v[i].len));
        prev = l->v[i].id;
    }
    *size = n;
    return b;
}

/* ---- whether the memory has them ---- */

ty_status ty__plist_present(ty_tm *tm, int *yes, ty_error *err)
{
    return ty__tm_table_present(tm, "postings", &tm->plist, yes, err);
}

ty_status ty__plist_pending(ty_tm *tm, long long *first, ty_error *err)
{
    ty_status rc;
    int plist;

    *first = 0;
    if ((rc = ty__plist_present(tm, &plist, err)) != TY_OK || !plist)
        return rc;
    if (!tm->pending_col) {
        long long n = 0;
        if ((rc = ty__tm_query_int(tm,
                                   "SELECT count(*) FROM pragma_table_info('postings_state') "
                                   "WHERE name = 'pending'",
                                   &n, err)) != TY_OK)
            return rc;
        tm->pending_col = n ? 1 : -1;
    }
    if (tm->pending_col < 0)
        return TY_OK;
    return ty__tm_kept_int(tm, "SELECT pending FROM postings_state", 0, first, err);
}

/* ---- reading one trigram's list ---- */

/* The delta rows of (lang, key): adds and removals, by unit. */
static ty_status read_delta(ty_tm *tm, int lang, uint64_t key, ty__plist *add, ty__plist *del,
                            ty_error *err)
{
    sqlite3_stmt *st;
    ty_status rc;
    int step;

    if ((rc = ty__tm_stmt(tm, TY__SQL_PLIST_DELTA, &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_int(st, 1, lang);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)key);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        long long op = sqlite3_column_int64(st, 2);
        ty__plist *to = op > 0 ? add : op < 0 ? del : NULL;
        if (to && ty__plist_push(to, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1)) !=
                      0) {
            sqlite3_reset(st);
            return ty__nomem(err);
        }
    }
    sqlite3_reset(st);
    return step == SQLITE_DONE ? TY_OK : ty__tm_fail(tm, err, "reading the postings' changes");
}

/* The id of l's entry k, or past every id when there is none: one comparison per posting
 * whether or not the trigram has changes. */
static long long id_at(const ty__plist *l, size_t k)
{
    return k < l->n ? l->v[k].id : LLONG_MAX;
}

/* Postings go to the callback this many at a time. */
#define RUN 256

/* Where merge_to's postings go: a run filled, then handed on. */
typedef struct runs {
    ty__posting v[RUN];
    ty__plist_each each;
    void *user;
} runs;

/* Put (id, len) at r->v[*k], handing the run on first when it is full. */
static inline int run_put(runs *r, size_t *k, long long id, long long len)
{
    if (*k == RUN) {
        if (r->each(r->user, r->v, RUN) != 0)
            return -1;
        *k = 0;
    }
    r->v[*k].id = id;
    r->v[(*k)++].len = len;
    return 0;
}

/* Read a varint at p[*i, n) (-1: cut short, or past INT64_MAX): one and two bytes inline. */
static inline int get_short(const unsigned char *p, size_t n, size_t *i, uint64_t *v)
{
    if (*i < n && p[*i] < 0x80) {
        *v = p[(*i)++];
        return 0;
    }
    if (*i + 1 < n && p[*i + 1] < 0x80) {
        *v = (uint64_t)(p[*i] & 0x7f) | (uint64_t)p[*i + 1] << 7;
        *i += 2;
        return 0;
    }
    return get_varint(p, n, i, v) != 0 || *v > INT64_MAX ? -1 : 0;
}

/* Hand the merge of the blob's postings (less `del`) and `add` (both by id) to r. Varints of
 * one and two bytes, most of them, are read inline, and a posting is compared with the next
 * change (added or removed) once. */
static int merge_to(const unsigned char *p, size_t n, const ty__plist *add, const ty__plist *del,
                    runs *r, int *bad)
{
    size_t i = 0, a = 0, d = 0, k = 0;
    long long next_add = id_at(add, 0), next_del = id_at(del, 0);
    long long next = next_add < next_del ? next_add : next_del;
    uint64_t id = 0;

    while (i < n) {
        uint64_t dd, len;
        int first = i == 0;
        if (get_short(p, n, &i, &dd) != 0 || get_short(p, n, &i, &len) != 0 ||
            (!first && dd == 0))
            goto damaged;
        id += dd; /* both at most INT64_MAX: no wrap */
        if (id > INT64_MAX)
            goto damaged;
        if ((long long)id >= next) {
            while (next_add < (long long)id) {
                if (run_put(r, &k, next_add, add->v[a].len) != 0)
                    return -1;
                next_add = id_at(add, ++a);
            }
            while (next_del < (long long)id)
                next_del = id_at(del, ++d);
            /* (LLONG_MAX is past every change, and an id SQLite can hold) */
            int removed = d < del->n && next_del == (long long)id;
            if (!removed && a < add->n && next_add == (long long)id)
                next_add = id_at(add, ++a); /* listed twice: once */
            next = next_add < next_del ? next_add : next_del;
            if (removed)
                continue;
        }
        if (run_put(r, &k, (long long)id, (long long)len) != 0)
            return -1;
    }
    for (; a < add->n; a++)
        if (run_put(r, &k, add->v[a].id, add->v[a].len) != 0)
            return -1;
    return k > 0 ? r->each(r->user, r->v, k) : 0;
damaged:
    *bad = 1;
    return 0;
}

ty_status ty__plist_read_runs(ty_tm *tm, int lang, uint64_t key, ty__plist_each each, void *user,
                              ty_error *err)
{
    ty__plist add = {0}, del = {0};
    sqlite3_stmt *st;
    ty_status rc;
    int step, bad = 0, stop = 0;
    runs *r = malloc(sizeof *r);

    if (!r)
        return ty__nomem(err);
    r->each = each;
    r->user = user;
    if ((rc = read_delta(tm, lang, key, &add, &del, err)) != TY_OK)
        goto done;
    if ((rc = ty__tm_stmt(tm, TY__SQL_PLIST, &st, err)) != TY_OK)
        goto done;
    sqlite3_bind_int(st, 1, lang);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)key);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        stop = merge_to(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0), &add,
                        &del, r, &bad);
    else if (step == SQLITE_DONE)
        stop = merge_to(NULL, 0, &add, &del, r, &bad);
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "reading the postings");
    else if (stop)
        rc = ty__nomem(err);
    else if (bad)
        rc = ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1,
                      "the postings of a trigram are damaged (run stats --verify)");
done:
    ty__plist_free(&add);
    ty__plist_free(&del);
    free(r);
    return rc;
}

/* ty__plist_read's callback behind a run's. */
typedef struct one_by_one {
    int (*fn)(void *user, long long id, long long len);
    void *user;
} one_by_one;

static int each_one(void *user, const ty__posting *v, size_t n)
{
    one_by_one *o = user;
    for (size_t i = 0; i < n; i++)
        if (o->fn(o->user, v[i].id, v[i].len) != 0)
            return -1;
    return 0;
}

ty_status ty__plist_read(ty_tm *tm, int lang, uint64_t key,
                         int (*fn)(void *user, long long id, long long len), void *user,
                         ty_error *err)
{
    one_by_one o = {fn, user};
    return ty__plist_read_runs(tm, lang, key, each_one, &o, err);
}

static int collect(void *user, long long id, long long len)
{
    return ty__plist_push(user, id, len);
}

ty_status ty__plist_load(ty_tm *tm, int lang, uint64_t key, ty__plist *out, ty_error *err)
{
    out->n = 0;
    return ty__plist_read(tm, lang, key, collect, out, err);
}

/* ---- writing ---- */

/* Replace (lang, key)'s blob with blob[0, size), which holds `count` postings (no row when
 * it holds none). */
static ty_status store_blob(ty_tm *tm, int lang, uint64_t key, const unsigned char *blob,
                           size_t size, size_t count, ty_error *err)
{
    static const char put[] =
        "INSERT OR REPLACE INTO postings(lang, gram, n, ids) VALUES(?1, ?2, ?3, ?4)";
    static const char drop[] = "DELETE FROM postings WHERE lang = ?1 AND gram = ?2";
    sqlite3_stmt *st;
    ty_status rc;

    if ((rc = ty__tm_kept(tm, count ? put : drop, &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_int(st, 1, lang);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)key);
    if (count) {
        sqlite3_bind_int64(st, 3, (sqlite3_int64)count);
        sqlite3_bind_blob(st, 4, blob, (int)size, SQLITE_STATIC);
    }
    return ty__tm_run(tm, st, "writing the postings", err);
}

/* Replace (lang, key)'s blob with list l (no row when it is empty). */
static ty_status store(ty_tm *tm, int lang, uint64_t key, const ty__plist *l, ty_error *err)
{
    unsigned char *b = NULL;
    size_t size = 0;
    ty_status rc;

    if (l->n && !(b = ty__plist_encode(l, &size)))
        return ty__nomem(err);
    rc = store_blob(tm, lang, key, b, size, l->n, err);
    free(b);
    return rc;
}

ty_status ty__plist_store(ty_tm *tm, int lang, uint64_t key, const ty__plist *l, ty_error *err)
{
    return store(tm, lang, key, l, err);
}

/* One change of a batch, or of the delta table being merged. */
typedef struct change {
    uint64_t key;
    long long id;
    int32_t len;
    int8_t lang, op;
} change;

static int by_gram_unit(const void *a, const void *b)
{
    const change *x = a, *y = b;
    if (x->lang != y->lang)
        return x->lang < y->lang ? -1 : 1;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* A change's gram and language as one key that sorts as by_gram_unit does (a packed trigram
 * has 63 bits: ty__tm_trigrams). */
static inline uint64_t gram_of(const change *c)
{
    return c->key | (uint64_t)(c->lang != 0) << 63;
}

/* Sort v[0, n) by gram and unit (by_gram_unit's order) into *out (malloc'd; v is left as it
 * was): each change is counted into its gram's bucket through a hash map, the distinct grams
 * are sorted, and the changes are placed bucket by bucket in the order they came, so that a
 * batch whose units come in ascending order (an import's) needs no comparison sort of its
 * millions of changes; a bucket whose units do not ascend (a removal's may not) is sorted on
 * its own. -1 when out of memory (nothing changed). */
static int sort_grouped(const change *v, size_t n, change **out)
{
    ty__u64map map = {0};
    uint32_t *bucket = malloc(n * sizeof *bucket), *slot;
    uint64_t *grams = NULL;
    size_t *count = NULL, ngrams = 0;
    change *w = malloc(n * sizeof *w);
    int ok = bucket && w;

    for (size_t i = 0; ok && i < n; i++) {
        if (!(slot = ty__u64map_insert(&map, gram_of(&v[i]), (uint32_t)map.n, NULL)))
            ok = 0; /* out of memory (or past the map's 2^27 grams) */
        else
            bucket[i] = *slot;
    }
    ngrams = map.n;
    ok = ok && (grams = malloc((ngrams ? ngrams : 1) * sizeof *grams)) &&
         (count = calloc(ngrams ? ngrams : 1, sizeof *count));
    if (ok) {
        /* the grams in order, and where each one's bucket starts */
        for (size_t i = 0, k = 0; i < map.cap; i++)
            if (map.used[i])
                grams[k++] = map.key[i];
        ty__sort_u64(grams, ngrams);
        for (size_t i = 0; i < n; i++)
            count[bucket[i]]++;
        size_t at = 0;
        for (size_t k = 0; k < ngrams; k++) { /* count[b] becomes bucket b's first place */
            uint32_t b = *ty__u64map_find(&map, grams[k]);
            size_t c = count[b];
            count[b] = at;
            at += c;
        }
        for (size_t i = 0; i < n; i++)
            w[count[bucket[i]]++] = v[i];
        /* count[b] is now the end of bucket b: the buckets lie in gram order */
        for (size_t k = 0, from = 0; k < ngrams; k++) {
            uint32_t b = *ty__u64map_find(&map, grams[k]);
            size_t to = count[b];
            for (size_t i = from + 1; i < to; i++)
                if (w[i].id < w[i - 1].id) {
                    qsort(w + from, to - from, sizeof *w, by_gram_unit);
                    break;
                }
            from = to;
        }
    }
    ty__u64map_free(&map);
    free(bucket);
    free(grams);
    free(count);
    if (!ok) {
        free(w);
        return -1;
    }
    *out = w;
    return 0;
}

/* Where apply_all writes a gram's new blob (kept from gram to gram). */
typedef struct blob_buf {
    unsigned char *b;
    size_t cap;
} blob_buf;

/* Blob p[0, np) (a gram's list) with changes c[0, n) (sorted by unit, one gram) applied,
 * written into out->b as *size bytes holding *count postings, without decoding the list into
 * postings: an old posting whose delta stays the same is copied as its bytes are, in runs, so
 * that units appended to a long list (an import's) cost a scan of it and one copy. 0, or -1
 * when p is damaged, -2 out of memory. */
static int merge_blob(const unsigned char *p, size_t np, const change *c, size_t n,
                      blob_buf *out, size_t *size, size_t *count)
{
    /* a re-written delta is at most 10 bytes longer than its old one, and only a change
     * makes one: each change at most 20 bytes of its own and 10 more */
    size_t need = np + 30 * n + 1, o = 0, i = 0, j = 0, vs = 0, ve = 0, cnt = 0;
    uint64_t old = 0, prev = 0; /* the last id read from p, the last id written */
    unsigned char *b;

    if (!p) /* (a list of no bytes, which SQLite may give as NULL) */
        p = (const unsigned char *)"";
    if (need > out->cap) {
        size_t cap = need > 2 * out->cap ? need : 2 * out->cap;
        if (!(b = realloc(out->b, cap)))
            return -2;
        out->b = b;
        out->cap = cap;
    }
    b = out->b;
    for (;;) {
        uint64_t d = 0, len = 0, id = 0;
        size_t at = i;
        int more = i < np;
        if (more) {
            if (get_varint(p, np, &i, &d) != 0 || get_varint(p, np, &i, &len) != 0 ||
                (at > 0 && d == 0) || len > INT64_MAX)
                return -1;
            id = old + d;
            if (id < d || id > INT64_MAX) /* wrapped, or past the ids SQLite can hold */
                return -1;
        }
        /* the changes before it (when the list has ended, all that are left): units added */
        for (; j < n && (!more || (uint64_t)c[j].id < id); j++) {
            if (c[j].op <= 0)
                continue; /* the removal of a unit the list does not hold */
            memcpy(b + o, p + vs, ve - vs);
            o += ve - vs;
            vs = ve;
            o += ty__plist_varint(b + o, (uint64_t)c[j].id - prev);
            o += ty__plist_varint(b + o, (uint64_t)(c[j].len < 0 ? 0 : c[j].len));
            prev = (uint64_t)c[j].id;
            cnt++;
        }
        if (!more)
            break;
        if (prev == old && !(j < n && (uint64_t)c[j].id == id)) {
            ve = i; /* kept, with the same delta */
            prev = id;
            cnt++;
        } else {
            memcpy(b + o, p + vs, ve - vs);
            o += ve - vs;
            if (j < n && (uint64_t)c[j].id == id) { /* replaced (op > 0) or removed */
                if (c[j].op > 0) {
                    o += ty__plist_varint(b + o, id - prev);
                    o += ty__plist_varint(b + o, (uint64_t)(c[j].len < 0 ? 0 : c[j].len));
                    prev = id;
                    cnt++;
                }
                j++;
            } else { /* kept, after a change: its delta anew */
                o += ty__plist_varint(b + o, id - prev);
                o += ty__plist_varint(b + o, len);
                prev = id;
                cnt++;
            }
            vs = ve = i;
        }
        old = id;
    }
    memcpy(b + o, p + vs, ve - vs);
    o += ve - vs;
    *size = o;
    *count = cnt;
    return 0;
}

/* Apply changes c[0, n) (sorted by gram and unit, one gram) to that gram's blob. */
static ty_status apply(ty_tm *tm, const change *c, size_t n, blob_buf *buf, ty_error *err)
{
    sqlite3_stmt *st;
    ty_status rc;
    size_t size = 0, count = 0;
    int step, r = 0;

    if ((rc = ty__tm_stmt(tm, TY__SQL_PLIST, &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_int(st, 1, c[0].lang);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)c[0].key);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        r = merge_blob(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0), c, n,
                       buf, &size, &count);
    else if (step == SQLITE_DONE)
        r = merge_blob(NULL, 0, c, n, buf, &size, &count);
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return ty__tm_fail(tm, err, "reading the postings");
    if (r == -2)
        return ty__nomem(err);
    if (r == -1)
        return ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1,
                        "the postings of a trigram are damaged (run stats --verify)");
    return store_blob(tm, c[0].lang, c[0].key, buf->b, size, count, err);
}

/* Apply changes c[0, n) (sorted) to the blobs, gram by gram. */
static ty_status apply_all(ty_tm *tm, const change *c, size_t n, ty_error *err)
{
    blob_buf buf = {NULL, 0};
    ty_status rc = TY_OK;

    for (size_t i = 0; i < n && rc == TY_OK;) {
        size_t j = i + 1;
        while (j < n && c[j].lang == c[i].lang && c[j].key == c[i].key)
            j++;
        rc = apply(tm, c + i, j - i, &buf, err);
        i = j;
    }
    free(buf.b);
    return rc;
}

ty_status ty__plist_merge_delta(ty_tm *tm, ty_error *err)
{
    sqlite3_stmt *st = NULL;
    change *c = NULL;
    size_t n = 0, cap = 0;
    ty_status rc;
    int step;

    if ((rc = ty__tm_prepare(tm,
                             "SELECT lang, gram, unit, len, op FROM postings_delta "
                             "WHERE op <> 0 ORDER BY lang, gram, unit",
                             &st, err)) != TY_OK)
        return rc;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            size_t ncap = cap ? 2 * cap : 1024;
            change *v = realloc(c, ncap * sizeof *v);
            if (!v) {
                rc = ty__nomem(err);
                goto done;
            }
            c = v;
            cap = ncap;
        }
        c[n].lang = (int8_t)sqlite3_column_int(st, 0);
        c[n].key = (uint64_t)sqlite3_column_int64(st, 1);
        c[n].id = sqlite3_column_int64(st, 2);
        c[n].len = (int32_t)sqlite3_column_int64(st, 3);
        c[n].op = sqlite3_column_int64(st, 4) > 0 ? 1 : -1;
        n++;
    }
    if (step != SQLITE_DONE) {
        rc = ty__tm_fail(tm, err, "reading the postings' changes");
        goto done;
    }
    sqlite3_finalize(st);
    st = NULL;
    /* the delta's rows are read: from here on the blobs alone hold the lists */
    if ((rc = ty__tm_exec(tm, "DELETE FROM postings_delta; UPDATE postings_state SET delta = 0",
                          err)) == TY_OK)
        rc = apply_all(tm, c, n, err);
done:
    sqlite3_finalize(st);
    free(c);
    return rc;
}

struct ty__plist_batch {
    change *v;
    size_t n, cap;
    int op; /* 1: units added, -1: removed */
    /* one unit's distinct trigrams */
    uint64_t *keys;
    size_t nkeys, capkeys;
    int failed;
};

ty__plist_batch *ty__plist_batch_new(int op)
{
    ty__plist_batch *b = calloc(1, sizeof *b);
    if (b)
        b->op = op > 0 ? 1 : -1;
    return b;
}

void ty__plist_batch_free(ty__plist_batch *b)
{
    if (!b)
        return;
    free(b->v);
    free(b->keys);
    free(b);
}

static void take_key(void *user, const char *gram, size_t len, uint64_t key)
{
    ty__plist_batch *b = user;
    (void)gram;
    (void)len;
    if (b->failed)
        return;
    if (b->nkeys == b->capkeys) {
        size_t cap = b->capkeys ? 2 * b->capkeys : 256;
        uint64_t *v = realloc(b->keys, cap * sizeof *v);
        if (!v) {
            b->failed = 1;
            return;
        }
        b->keys = v;
        b->capkeys = cap;
    }
    b->keys[b->nkeys++] = key;
}

size_t ty__plist_unit_keys(const char *text, size_t n, uint64_t **keys, size_t *cap)
{
    ty__plist_batch b = {0};
    size_t k = 0;

    b.keys = *keys;
    b.capkeys = *cap;
    ty__tm_trigrams(text, n, take_key, &b);
    *keys = b.keys;
    *cap = b.capkeys;
    if (b.failed)
        return (size_t)-1;
    ty__sort_u64(b.keys, b.nkeys);
    for (size_t i = 0; i < b.nkeys; i++)
        if (k == 0 || b.keys[i] != b.keys[k - 1])
            b.keys[k++] = b.keys[i];
    return k;
}

ty_status ty__plist_batch_add(ty__plist_batch *b, ty_tm *tm, int lang, long long id,
                              long long len, const char *text, size_t n, ty_error *err)
{
    size_t k = ty__plist_unit_keys(text, n, &b->keys, &b->capkeys);

    if (k == (size_t)-1)
        return ty__nomem(err);
    if (b->n + k > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        change *v;
        while (cap < b->n + k)
            cap *= 2;
        if (!(v = realloc(b->v, cap * sizeof *v)))
            return ty__nomem(err);
        b->v = v;
        b->cap = cap;
    }
    for (size_t i = 0; i < k; i++) {
        change *c = &b->v[b->n++];
        c->key = b->keys[i];
        c->id = id;
        c->len = len > INT32_MAX ? INT32_MAX : (int32_t)len;
        c->lang = (int8_t)lang;
        c->op = (int8_t)b->op;
    }
    if (b->n >= TY__TM_PLIST_BATCH)
        return ty__plist_batch_flush(b, tm, err);
    return TY_OK;
}

size_t ty__plist_batch_size(const ty__plist_batch *b)
{
    return b ? b->n : 0;
}

void ty__plist_batch_drop(ty__plist_batch *b)
{
    b->n = 0;
}

ty_status ty__plist_batch_flush(ty__plist_batch *b, ty_tm *tm, ty_error *err)
{
    static const char put[] =
        "INSERT INTO postings_delta(lang, gram, unit, len, op) VALUES(?1, ?2, ?3, ?4, ?5) "
        "ON CONFLICT(lang, gram, unit) DO UPDATE SET op = op + excluded.op, len = excluded.len";
    static const char grow[] = "UPDATE postings_state SET delta = delta + ?1 RETURNING delta";
    sqlite3_stmt *st;
    long long rows = 0;
    size_t n = b->n;
    ty_status rc = TY_OK;

    if (b->n == 0)
        return TY_OK;
    change *w;
    if (b->n <= tm->plist_grouped || sort_grouped(b->v, b->n, &w) != 0) {
        qsort(b->v, b->n, sizeof *b->v, by_gram_unit);
    } else {
        free(b->v);
        b->v = w;
        b->cap = b->n;
    }
    if (b->n > tm->plist_direct) { /* many: into the blobs, after what the delta holds */
        if ((rc = ty__plist_merge_delta(tm, err)) == TY_OK)
            rc = apply_all(tm, b->v, b->n, err);
        b->n = 0;
        return rc;
    }
    if ((rc = ty__tm_kept(tm, put, &st, err)) != TY_OK)
        return rc;
    for (size_t i = 0; i < b->n && rc == TY_OK; i++) {
        sqlite3_bind_int(st, 1, b->v[i].lang);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)b->v[i].key);
        sqlite3_bind_int64(st, 3, b->v[i].id);
        sqlite3_bind_int64(st, 4, b->v[i].len);
        sqlite3_bind_int(st, 5, b->v[i].op);
        rc = ty__tm_run(tm, st, "writing the postings' changes", err);
    }
    b->n = 0;
    if (rc == TY_OK && (rc = ty__tm_kept(tm, grow, &st, err)) == TY_OK) {
        sqlite3_bind_int64(st, 1, (sqlite3_int64)n);
        if (sqlite3_step(st) == SQLITE_ROW)
            rows = sqlite3_column_int64(st, 0);
        else
            rc = ty__tm_fail(tm, err, "counting the postings' changes");
        sqlite3_reset(st);
    }
    if (rc == TY_OK && rows > tm->delta_max)
        tm->merge_due = 1; /* after the caller's commit: ty__plist_merge_due */
    return rc;
}

void ty__plist_merge_due(ty_tm *tm)
{
    int code;

    if (!tm->merge_due || tm->group || tm->importing)
        return;
    tm->merge_due = 0;
    /* another writer at work: the next write past the bound merges */
    sqlite3_busy_timeout(tm->db, 0);
    code = sqlite3_exec(tm->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    sqlite3_busy_timeout(tm->db, TY__TM_BUSY_TIMEOUT_MS);
    if (code != SQLITE_OK)
        return;
    if (ty__plist_merge_delta(tm, NULL) != TY_OK ||
        sqlite3_exec(tm->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        sqlite3_exec(tm->db, "ROLLBACK", NULL, NULL, NULL);
}
