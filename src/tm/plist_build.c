/*
 * plist_build.c — every posting list of a memory (plist.c) computed from its units: built anew
 * (schema step 7, an import larger than the memory, a removal of most of it, a repair) or
 * compared with the stored lists and the trigram counts of `grams` (ty_tm_verify, naming the
 * trigram and unit that differ). The
 * units are read in id order and each list's blob is coded as it grows, so the lists come out
 * sorted without sorting the postings (nor a unit's trigrams); when they would take more than
 * tm->build_bytes (TY__TM_BUILD_BYTES), the trigrams are split into parts by a hash and the
 * units read once a part. It does not read the lists for lookups (plist.c).
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "tm.h"

/* A trigram's list being coded: its first bytes in the entry itself, so that most Japanese
 * trigrams (a few postings each) touch one cache line and allocate nothing; longer lists in
 * buf. One entry is one 64-byte line (the table is aligned to it). */
#define INLINE 24

typedef struct entry {
    uint64_t key; /* 0: empty slot */
    long long last;
    unsigned char *buf;   /* NULL: the list is in `in` */
    uint32_t size, cap;   /* cap: of buf */
    uint32_t n;
    int lang;
    unsigned char in[INLINE];
} entry;
_Static_assert(sizeof(entry) == 64, "an entry is one cache line");

/* The coded list of e. */
static const unsigned char *data(const entry *e)
{
    return e->buf ? e->buf : e->in;
}

typedef struct table {
    entry *v;
    size_t cap, n;
} table;

static size_t slot_of(uint64_t key, int lang, size_t mask)
{
    key ^= (uint64_t)lang * 0x9e3779b97f4a7c15ull;
    key ^= key >> 29;
    key *= 0xbf58476d1ce4e5b9ull;
    key ^= key >> 32;
    return (size_t)key & mask;
}

static void table_free(table *t)
{
    for (size_t i = 0; i < t->cap; i++)
        free(t->v[i].buf);
    free(t->v);
    memset(t, 0, sizeof *t);
}

/* Room for n entries (a power of two), zeroed, aligned to the cache line. */
static entry *entries(size_t n)
{
    entry *v = aligned_alloc(64, n * sizeof *v);
    if (v)
        memset(v, 0, n * sizeof *v);
    return v;
}

/* The slot of key's entry in t (t->cap > 0), or the empty slot where it goes, from slot j. */
static size_t probe_at(const table *t, size_t j, uint64_t key, int lang)
{
    size_t mask = t->cap - 1;
    for (; t->v[j].key; j = (j + 1) & mask)
        if (t->v[j].key == key && t->v[j].lang == lang)
            break;
    return j;
}

static size_t probe(const table *t, uint64_t key, int lang)
{
    return probe_at(t, slot_of(key, lang, t->cap - 1), key, lang);
}

static entry *table_find(const table *t, uint64_t key, int lang)
{
    size_t j;
    if (!t->cap)
        return NULL;
    j = probe(t, key, lang);
    return t->v[j].key ? &t->v[j] : NULL;
}

/* Room in t for `more` new entries, so that adding them moves no entry. */
static int reserve(table *t, size_t more)
{
    size_t cap = t->cap ? t->cap : 1 << 16;
    table bigger;

    while (2 * (t->n + more) > cap)
        cap *= 2;
    if (cap == t->cap)
        return 0;
    bigger = (table){entries(cap), cap, t->n};
    if (!bigger.v)
        return -1;
    for (size_t i = 0; i < t->cap; i++)
        if (t->v[i].key)
            bigger.v[probe(&bigger, t->v[i].key, t->v[i].lang)] = t->v[i];
    free(t->v);
    *t = bigger;
    return 0;
}

/* Two varints take at most 20 bytes: they are written in place, without a copy. */
static int append(entry *e, long long id, long long len)
{
    unsigned char *at;

    if (e->size + 20 > (e->buf ? e->cap : INLINE)) {
        size_t cap = e->buf ? 2 * (size_t)e->cap : 64;
        unsigned char *b;
        if (cap > UINT32_MAX || !(b = realloc(e->buf, cap)))
            return -1;
        if (!e->buf)
            memcpy(b, e->in, e->size);
        e->buf = b;
        e->cap = (uint32_t)cap;
    }
    at = e->buf ? e->buf : e->in;
    e->size += (uint32_t)ty__plist_varint(at + e->size, (uint64_t)(id - e->last));
    e->size += (uint32_t)ty__plist_varint(at + e->size, (uint64_t)(len < 0 ? 0 : len));
    e->last = id;
    e->n++;
    return 0;
}

static int by_lang_key(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    if (x->lang != y->lang)
        return x->lang < y->lang ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}

/* The trigram of `key` as text, its padding shown as \n. */
static void gram_text(uint64_t key, char out[32])
{
    char g[13];
    size_t n = ty__tm_gram_unpack(key, g), k = 0;
    for (size_t i = 0; i < n && k + 3 < 32; i++) {
        if (g[i] == '\n') {
            out[k++] = '\\';
            out[k++] = 'n';
        } else {
            out[k++] = g[i];
        }
    }
    out[k] = '\0';
}

static const char *const lang_name[2] = {"ja", "en"};

/* One unit's side being added to the lists of a part: its trigrams, then their entries. */
typedef struct gram {
    uint64_t key;
    size_t hash; /* slot_of(key, lang, all bits) */
    entry *e;
} gram;

typedef struct adding {
    size_t part, parts;
    int lang, failed;
    gram *v;
    size_t n, cap;
} adding;

/* A trigram of the unit's side, when it is in the part. */
static void add_gram(void *user, const char *text, size_t len, uint64_t key)
{
    adding *a = user;
    size_t hash = slot_of(key, a->lang, ~(size_t)0);

    (void)text;
    (void)len;
    if (a->failed || (a->parts > 1 && hash % a->parts != a->part))
        return;
    if (ty__grow((void **)&a->v, &a->cap, a->n + 1, sizeof *a->v) != 0) {
        a->failed = 1;
        return;
    }
    a->v[a->n++] = (gram){key, hash, NULL};
}

/* The side's trigrams' lists get unit `id` once each (units come in id order, so a list whose
 * last id is the unit's has it already: no sorting of the unit's trigrams). The entries are
 * asked for all at once, then the ends of their lists, then written: the cache misses of a
 * unit's trigrams (some 40 Japanese, 110 English, in lists far apart) overlap instead of
 * following one another. */
static int add_side(table *t, adding *a, long long id, long long len)
{
    size_t mask;

    if (reserve(t, a->n) != 0)
        return -1;
    mask = t->cap - 1;
    for (size_t i = 0; i < a->n; i++)
        __builtin_prefetch(&t->v[a->v[i].hash & mask], 1);
    for (size_t i = 0; i < a->n; i++) {
        entry *e = &t->v[probe_at(t, a->v[i].hash & mask, a->v[i].key, a->lang)];
        if (!e->key) {
            e->key = a->v[i].key;
            e->lang = a->lang;
            t->n++;
        } else if (e->buf) {
            __builtin_prefetch(e->buf + e->size, 1);
        }
        a->v[i].e = e;
    }
    for (size_t i = 0; i < a->n; i++) {
        entry *e = a->v[i].e;
        if ((e->n == 0 || e->last != id) && append(e, id, len) != 0)
            return -1;
    }
    return 0;
}

/* The normalized texts and lengths of every unit below id ?1, in id order. */
static const char units_sql[] =
    "SELECT t.id, coalesce(t.ja_norm, t.ja), coalesce(t.en_norm, t.en), u.ja_len, u.en_len "
    "FROM unit_text t JOIN units u ON u.id = t.id WHERE t.id < ?1 ORDER BY t.id";

/* Hand fn each unit below id `below`, in id order: its id, normalized texts (never NULL) with
 * their bytes, and stored lengths. fn's nonzero stops the walk as out of memory. */
static ty_status each_unit(ty_tm *tm, long long below,
                           int (*fn)(void *ud, long long id, const char *const text[2],
                                     const size_t len[2], const long long ulen[2]),
                           void *ud, ty_error *err)
{
    sqlite3_stmt *st = NULL;
    ty_status rc;
    int step;

    if ((rc = ty__tm_prepare(tm, units_sql, &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_int64(st, 1, below);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *text[2];
        size_t len[2];
        long long ulen[2];
        for (int l = 0; l < 2; l++) {
            text[l] = (const char *)sqlite3_column_text(st, 1 + l);
            len[l] = (size_t)sqlite3_column_bytes(st, 1 + l);
            ulen[l] = sqlite3_column_int64(st, 3 + l);
            if (!text[l])
                text[l] = "";
        }
        if (fn(ud, sqlite3_column_int64(st, 0), text, len, ulen) != 0) {
            sqlite3_finalize(st);
            return ty__nomem(err);
        }
    }
    if (step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "reading units");
    sqlite3_finalize(st);
    return rc;
}

/* What fill adds each unit with. */
typedef struct filling {
    table *t;
    adding a;
    char *buf;
    size_t cap;
} filling;

static int fill_unit(void *ud, long long id, const char *const text[2], const size_t len[2],
                     const long long ulen[2])
{
    const size_t pad = sizeof TY__TM_PAD - 1;
    filling *f = ud;

    for (int l = 0; l < 2; l++) {
        if (len[l] + pad > f->cap) {
            char *p = realloc(f->buf, len[l] + pad);
            if (!p)
                return -1;
            f->buf = p;
            f->cap = len[l] + pad;
        }
        memcpy(f->buf, text[l], len[l]);
        memcpy(f->buf + len[l], TY__TM_PAD, pad); /* the text as index.c indexes it */
        f->a.lang = l;
        f->a.n = 0;
        ty__tm_trigrams(f->buf, len[l] + pad, add_gram, &f->a);
        if (f->a.failed || add_side(f->t, &f->a, id, ulen[l]) != 0)
            return -1;
    }
    return 0;
}

/* Fill t with the lists of the trigrams of part `part` of `parts`, from every unit below id
 * `below`. */
static ty_status fill(ty_tm *tm, size_t part, size_t parts, table *t, long long below,
                      ty_error *err)
{
    filling f = {t, {part, parts, 0, 0, NULL, 0, 0}, NULL, 0};
    ty_status rc = each_unit(tm, below, fill_unit, &f, err);

    free(f.buf);
    free(f.a.v);
    return rc;
}

/* Into how many parts the trigrams are split: the postings `grams` counts and `more`, about 3
 * bytes each. */
static ty_status parts_of(ty_tm *tm, size_t more, size_t *parts, ty_error *err)
{
    long long postings = 0;
    ty_status rc = ty__tm_query_int(tm, "SELECT coalesce(sum(df), 0) FROM grams", &postings, err);
    if (rc == TY_OK)
        *parts = ty__plist_parts(tm, (size_t)(postings > 0 ? postings : 0) + more);
    tm->build_parts = *parts;
    return rc;
}

size_t ty__plist_parts(const ty_tm *tm, size_t postings)
{
    return postings * 3 / (tm->build_bytes ? tm->build_bytes : TY__TM_BUILD_BYTES) + 1;
}

/* The table's entries, sorted, in its array's front; returns how many. */
static size_t sorted(table *t)
{
    size_t n = 0;
    for (size_t i = 0; i < t->cap; i++)
        if (t->v[i].key) {
            entry e = t->v[i];
            t->v[i].key = 0;
            t->v[i].buf = NULL;
            t->v[n++] = e;
        }
    if (n > 1)
        qsort(t->v, n, sizeof *t->v, by_lang_key);
    return n;
}

/* Write e's trigram count to `grams` (its text as the key: grams.c). */
static ty_status count_gram(ty_tm *tm, sqlite3_stmt *st, const entry *e, ty_error *err)
{
    char g[13];
    size_t len = ty__tm_gram_unpack(e->key, g);

    sqlite3_bind_int(st, 1, e->lang);
    sqlite3_bind_text(st, 2, g, (int)len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)e->n);
    return ty__tm_run(tm, st, "writing the trigram counts", err);
}

/* The lists (and with `grams` the trigram counts) emptied, and the statements that write them
 * anew (*count NULL without `grams`). */
static ty_status writing(ty_tm *tm, int grams, sqlite3_stmt **put, sqlite3_stmt **count,
                         ty_error *err)
{
    ty_status rc;

    *put = *count = NULL;
    if ((rc = ty__tm_exec(tm,
                          grams ? "DELETE FROM postings; DELETE FROM postings_delta; "
                                  "UPDATE postings_state SET delta = 0; DELETE FROM grams;"
                                : "DELETE FROM postings; DELETE FROM postings_delta; "
                                  "UPDATE postings_state SET delta = 0;",
                          err)) != TY_OK ||
        (rc = ty__tm_prepare(tm, "INSERT INTO postings(lang, gram, n, ids) VALUES(?1, ?2, ?3, ?4)",
                             put, err)) != TY_OK ||
        (grams && (rc = ty__tm_prepare(tm, "INSERT INTO grams(lang, gram, df) VALUES(?1, ?2, ?3)",
                                       count, err)) != TY_OK)) {
        sqlite3_finalize(*put);
        *put = NULL;
    }
    return rc;
}

/* Write the lists of t in key order (and their counts, with `count`); empties t. */
static ty_status write_table(ty_tm *tm, table *t, sqlite3_stmt *put, sqlite3_stmt *count,
                             ty_error *err)
{
    size_t n = sorted(t);
    ty_status rc = TY_OK;

    for (size_t i = 0; i < n && rc == TY_OK; i++) {
        sqlite3_bind_int(put, 1, t->v[i].lang);
        sqlite3_bind_int64(put, 2, (sqlite3_int64)t->v[i].key);
        sqlite3_bind_int64(put, 3, (sqlite3_int64)t->v[i].n);
        sqlite3_bind_blob(put, 4, data(&t->v[i]), (int)t->v[i].size, SQLITE_STATIC);
        rc = ty__tm_run(tm, put, "writing the postings", err);
        if (rc == TY_OK && count)
            rc = count_gram(tm, count, &t->v[i], err);
        free(t->v[i].buf);
        t->v[i].buf = NULL;
    }
    table_free(t);
    return rc;
}

ty_status ty__plist_rebuild(ty_tm *tm, int grams, ty_error *err)
{
    return ty__plist_rebuild_more(tm, grams, 0, err);
}

ty_status ty__plist_rebuild_more(ty_tm *tm, int grams, size_t more, ty_error *err)
{
    sqlite3_stmt *put = NULL, *count = NULL;
    size_t parts = 1;
    ty_status rc;

    /* parts first: they are sized by the counts `grams` holds before they are written anew */
    tm->build_thread = 0;
    if ((rc = parts_of(tm, more, &parts, err)) != TY_OK ||
        (rc = writing(tm, grams, &put, &count, err)) != TY_OK)
        return rc;
    for (size_t p = 0; p < parts && rc == TY_OK; p++) {
        table t = {0};
        if ((rc = fill(tm, p, parts, &t, INT64_MAX, err)) == TY_OK)
            rc = write_table(tm, &t, put, count, err);
        table_free(&t);
    }
    sqlite3_finalize(put);
    sqlite3_finalize(count);
    return rc;
}

/* ---- the build beside an import ---- */

/* Units go to the builder's thread in chunks of about CHUNK bytes, at most QUEUE of them
 * waiting: the import waits when the thread is that far behind. */
#define CHUNK ((size_t)1 << 20)
#define QUEUE 8

/* A unit in a chunk: this header, then its two texts, to the next multiple of 8. */
typedef struct unit_rec {
    long long id, len[2];
    size_t n[2];
} unit_rec;

typedef struct chunk {
    struct chunk *next;
    size_t size, cap;
    unsigned char *p;
} chunk;

struct ty__plist_builder {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    chunk *head, *tail; /* the queue */
    size_t queued;
    chunk *spare;     /* chunks built, to be filled again (their pages are there already) */
    chunk *cur;       /* the chunk being filled */
    int done, failed; /* no more units; the thread ran out of memory */
    int joined;
    table t;
};

static void chunk_free(chunk *c)
{
    if (c) {
        free(c->p);
        free(c);
    }
}

/* The units of chunk c into b's table. */
static int build_chunk(ty__plist_builder *b, const chunk *c, adding *a)
{
    for (size_t o = 0; o < c->size;) {
        const unit_rec *u = (const unit_rec *)(c->p + o);
        const char *text = (const char *)(u + 1);
        for (int l = 0; l < 2; l++) {
            a->lang = l;
            a->n = 0;
            ty__tm_trigrams(text, u->n[l], add_gram, a);
            if (a->failed || add_side(&b->t, a, u->id, u->len[l]) != 0)
                return -1;
            text += u->n[l];
        }
        o += (sizeof *u + u->n[0] + u->n[1] + 7) & ~(size_t)7;
    }
    return 0;
}

static void *build_thread(void *arg)
{
    ty__plist_builder *b = arg;
    adding a = {0, 1, 0, 0, NULL, 0, 0};

    for (;;) {
        chunk *c;
        pthread_mutex_lock(&b->mu);
        while (!b->head && !b->done)
            pthread_cond_wait(&b->cv, &b->mu);
        if (!(c = b->head)) {
            pthread_mutex_unlock(&b->mu);
            break;
        }
        if (!(b->head = c->next))
            b->tail = NULL;
        b->queued--;
        pthread_cond_broadcast(&b->cv);
        pthread_mutex_unlock(&b->mu);
        if (!b->failed && build_chunk(b, c, &a) != 0) {
            b->failed = 1; /* the units that follow are taken and dropped */
            table_free(&b->t);
        }
        pthread_mutex_lock(&b->mu);
        c->size = 0;
        c->next = b->spare;
        b->spare = c;
        pthread_mutex_unlock(&b->mu);
    }
    free(a.v);
    return NULL;
}

static ty__plist_builder *builder_new(void)
{
    ty__plist_builder *b = calloc(1, sizeof *b);

    if (!b)
        return NULL;
    if (pthread_mutex_init(&b->mu, NULL) != 0) {
        free(b);
        return NULL;
    }
    if (pthread_cond_init(&b->cv, NULL) != 0) {
        pthread_mutex_destroy(&b->mu);
        free(b);
        return NULL;
    }
    if (pthread_create(&b->thread, NULL, build_thread, b) != 0) {
        pthread_cond_destroy(&b->cv);
        pthread_mutex_destroy(&b->mu);
        free(b);
        return NULL;
    }
    return b;
}

/* The chunk being filled to the queue (waiting while it is full). */
static void send(ty__plist_builder *b)
{
    chunk *c = b->cur;

    b->cur = NULL;
    if (!c)
        return;
    c->next = NULL;
    pthread_mutex_lock(&b->mu);
    while (b->queued >= QUEUE)
        pthread_cond_wait(&b->cv, &b->mu);
    if (b->tail)
        b->tail->next = c;
    else
        b->head = c;
    b->tail = c;
    b->queued++;
    pthread_cond_broadcast(&b->cv);
    pthread_mutex_unlock(&b->mu);
}

int ty__plist_builder_add(ty__plist_builder *b, long long id, const char *const text[2],
                          const size_t len[2], const long long ulen[2])
{
    const size_t pad = sizeof TY__TM_PAD - 1;
    size_t n[2] = {len[0] + pad, len[1] + pad},
           need = (sizeof(unit_rec) + n[0] + n[1] + 7) & ~(size_t)7;
    unit_rec u = {id, {ulen[0], ulen[1]}, {n[0], n[1]}};
    unsigned char *at;

    if (b->cur && b->cur->size + need > b->cur->cap)
        send(b);
    if (!b->cur && need <= CHUNK) {
        pthread_mutex_lock(&b->mu);
        if ((b->cur = b->spare))
            b->spare = b->cur->next;
        pthread_mutex_unlock(&b->mu);
    }
    if (!b->cur) {
        if (!(b->cur = calloc(1, sizeof *b->cur)) ||
            !(b->cur->p = malloc(b->cur->cap = need > CHUNK ? need : CHUNK))) {
            chunk_free(b->cur);
            b->cur = NULL;
            return -1;
        }
    }
    at = b->cur->p + b->cur->size;
    memcpy(at, &u, sizeof u);
    at += sizeof u;
    for (int l = 0; l < 2; l++) { /* the text as index.c indexes it */
        if (len[l])
            memcpy(at, text[l], len[l]);
        memcpy(at + len[l], TY__TM_PAD, pad);
        at += n[l];
    }
    b->cur->size += need;
    return 0;
}

static int builder_unit(void *ud, long long id, const char *const text[2], const size_t len[2],
                        const long long ulen[2])
{
    return ty__plist_builder_add(ud, id, text, len, ulen);
}

ty_status ty__plist_builder_start(ty_tm *tm, ty__plist_builder **out, ty_error *err)
{
    if (!(*out = builder_new()))
        return TY_OK;
    return each_unit(tm, INT64_MAX, builder_unit, *out, err);
}

/* The thread stopped once it has built what it was given; the table is then b's alone. */
static void builder_join(ty__plist_builder *b)
{
    if (b->joined)
        return;
    b->joined = 1;
    send(b);
    pthread_mutex_lock(&b->mu);
    b->done = 1;
    pthread_cond_broadcast(&b->cv);
    pthread_mutex_unlock(&b->mu);
    pthread_join(b->thread, NULL);
}

void ty__plist_builder_free(ty__plist_builder *b)
{
    if (!b)
        return;
    builder_join(b);
    pthread_cond_destroy(&b->cv);
    pthread_mutex_destroy(&b->mu);
    while (b->spare) {
        chunk *c = b->spare;
        b->spare = c->next;
        chunk_free(c);
    }
    table_free(&b->t);
    free(b);
}

ty_status ty__plist_builder_finish(ty__plist_builder *b, ty_tm *tm, int *built, ty_error *err)
{
    sqlite3_stmt *put = NULL, *count = NULL;
    ty_status rc = TY_OK;

    builder_join(b);
    *built = !b->failed;
    if (*built && (rc = writing(tm, 1, &put, &count, err)) == TY_OK)
        rc = write_table(tm, &b->t, put, count, err);
    if (*built) {
        tm->build_parts = 1;
        tm->build_thread = 1;
    }
    sqlite3_finalize(put);
    sqlite3_finalize(count);
    ty__plist_builder_free(b);
    return rc;
}

/* The error for trigram g's list holding unit `id`, which does not hold it or, from `pending`
 * on (> 0), is marked as not indexed yet. */
static ty_status listed(ty_tm *tm, const char *g, int lang, long long id, long long pending,
                        ty_error *err)
{
    if (pending > 0 && id >= pending)
        return ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1,
                        "postings: trigram '%s' (%s) lists unit %lld, but the units from %lld on "
                        "are marked as not indexed yet (postings_state.pending)",
                        g, lang_name[lang], id, pending);
    return ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1,
                    "postings: trigram '%s' (%s) lists unit %lld, which does not hold it", g,
                    lang_name[lang], id);
}

/* Compare the stored list of e's trigram with e's (the units below `pending`, when > 0). */
static ty_status compare(ty_tm *tm, const entry *e, ty__plist *want, ty__plist *have,
                         long long pending, ty_error *err)
{
    char g[32];
    ty_status rc;
    size_t i;

    want->n = 0;
    if (ty__plist_decode(data(e), e->size, want) != 0)
        return ty__nomem(err);
    if ((rc = ty__plist_load(tm, e->lang, e->key, have, err)) != TY_OK)
        return rc;
    for (i = 0; i < want->n && i < have->n; i++)
        if (want->v[i].id != have->v[i].id || want->v[i].len != have->v[i].len)
            break;
    if (i == want->n && i == have->n)
        return TY_OK;
    gram_text(e->key, g);
    if (i < want->n && i < have->n && want->v[i].id == have->v[i].id)
        return ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1,
                        "postings: trigram '%s' (%s) gives unit %lld the length %lld, the unit's "
                        "is %lld",
                        g, lang_name[e->lang], have->v[i].id, have->v[i].len, want->v[i].len);
    if (i < want->n && (i == have->n || want->v[i].id < have->v[i].id))
        return ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1,
                        "postings: trigram '%s' (%s) does not list unit %lld, which holds it", g,
                        lang_name[e->lang], want->v[i].id);
    return listed(tm, g, e->lang, have->v[i].id, pending, err);
}

/* The stored trigrams of part `part` that no unit holds must list nothing. */
static ty_status strays(ty_tm *tm, size_t part, size_t parts, const table *t, ty__plist *have,
                        long long pending, ty_error *err)
{
    sqlite3_stmt *st;
    ty_status rc;
    int step;

    if ((rc = ty__tm_prepare(tm,
                             "SELECT lang, gram FROM postings UNION "
                             "SELECT lang, gram FROM postings_delta WHERE op > 0",
                             &st, err)) != TY_OK)
        return rc;
    while (rc == TY_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        int l = sqlite3_column_int(st, 0);
        uint64_t key = (uint64_t)sqlite3_column_int64(st, 1);
        char g[32];
        if (l < 0 || l > 1) {
            rc = ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1,
                          "postings: a list of language %d", l);
            break;
        }
        if ((parts > 1 && slot_of(key, l, ~(size_t)0) % parts != part) || table_find(t, key, l))
            continue;
        if ((rc = ty__plist_load(tm, l, key, have, err)) != TY_OK || have->n == 0)
            continue;
        gram_text(key, g);
        rc = listed(tm, g, l, have->v[0].id, pending, err);
    }
    if (rc == TY_OK && step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "reading the postings");
    sqlite3_finalize(st);
    return rc;
}

/* grams counts e's trigram in as many units as hold it. */
static ty_status counted(ty_tm *tm, const entry *e, ty_error *err)
{
    sqlite3_stmt *st;
    char g[13], shown[32];
    size_t len = ty__tm_gram_unpack(e->key, g);
    long long df = 0;
    ty_status rc;
    int step;

    if ((rc = ty__tm_stmt(tm, TY__SQL_DF, &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_int(st, 1, e->lang);
    sqlite3_bind_text(st, 2, g, (int)len, SQLITE_STATIC);
    if ((step = sqlite3_step(st)) == SQLITE_ROW)
        df = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return ty__tm_fail(tm, err, "reading trigram counts");
    if (df == (long long)e->n)
        return TY_OK;
    gram_text(e->key, shown);
    return ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1,
                    "trigram counts: trigram '%s' (%s) is in %zu units, counted in %lld", shown,
                    lang_name[e->lang], (size_t)e->n, df);
}

ty_status ty__plist_verify(ty_tm *tm, ty_error *err)
{
    ty__plist want = {0}, have = {0};
    size_t parts = 1, grams = 0;
    long long counts = 0, pending = 0;
    ty_status rc;
    int yes;

    if ((rc = ty__plist_present(tm, &yes, err)) != TY_OK || !yes ||
        (rc = parts_of(tm, 0, &parts, err)) != TY_OK ||
        (rc = ty__plist_pending(tm, &pending, err)) != TY_OK)
        return rc;
    if (pending < 0)
        return ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1,
                        "postings: the first unit not indexed is marked as %lld "
                        "(postings_state.pending)",
                        pending);
    /* units marked pending are in neither the lists nor the counts */
    for (size_t p = 0; p < parts && rc == TY_OK; p++) {
        table t = {0};
        if ((rc = fill(tm, p, parts, &t, pending > 0 ? pending : INT64_MAX, err)) == TY_OK) {
            size_t n;
            /* strays first: sorting moves the entries the hash table finds them by */
            rc = strays(tm, p, parts, &t, &have, pending, err);
            n = sorted(&t);
            grams += n;
            for (size_t i = 0; i < n && rc == TY_OK; i++)
                if ((rc = compare(tm, &t.v[i], &want, &have, pending, err)) == TY_OK)
                    rc = counted(tm, &t.v[i], err);
            for (size_t i = 0; i < n; i++) {
                free(t.v[i].buf);
                t.v[i].buf = NULL;
            }
        }
        table_free(&t);
    }
    ty__plist_free(&want);
    ty__plist_free(&have);
    /* every trigram counted is held by some unit */
    if (rc == TY_OK &&
        (rc = ty__tm_query_int(tm, "SELECT count(*) FROM grams", &counts, err)) == TY_OK &&
        counts != (long long)grams)
        rc = ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1,
                      "trigram counts: %lld trigrams are counted, the units hold %zu", counts,
                      grams);
    return rc;
}
