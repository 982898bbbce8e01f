/*
 * bulk_index.c — an FTS5 trigram index (fts_ja or fts_en) of an import larger than the memory,
 * built anew on a thread of its own (an import has two: one per language). The worker, with
 * its own SQLite connection, fills the index of a private temporary database (SQLite unlinks
 * it as soon as it is opened, so nothing is left behind even by kill -9): first with the units
 * the memory held (read through another, read-only connection, which sees the memory as it was
 * before the import), then with the import's, while the importing thread stores them; at the
 * end the importing thread replaces the memory's index tables (fts_xx_data, fts_xx_idx) with
 * the worker's, inside the import's transaction. An FTS5
 * index is exactly the rows of those two tables (the settings in fts_*_config are the memory's
 * own and are not copied), so the copy is the index of every unit. Adding only the import's
 * units to a non-empty index would need FTS5's segments merged, which is why the whole index is
 * built: worth it only when the import brings more units than the memory held.
 *
 * Units are held (not indexed) until there are TY__TM_BULK_MIN of them and more than the memory
 * held: a smaller import never starts a thread, and gives its held units back to
 * ty__fts_bulk_finish's caller.
 *
 * The connection that copied must be reopened after the commit (ty__tm_reconnect): FTS5 keeps
 * an index's structure cached per connection and does not see that connection's own writes to
 * the tables behind it.
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "tm.h"

/* A batch of units: records of (int64 id, uint32 length, the text). */
typedef struct batch {
    char *buf;
    size_t n, cap;
    struct batch *next;
} batch;

#define BATCH_BYTES ((size_t)256 * 1024)
#define QUEUE_MAX 8 /* full batches waiting for the worker */
#define RECORD_HEAD (sizeof(int64_t) + sizeof(uint32_t))

struct ty__fts_bulk {
    char *path;  /* the memory (to read the units it held) */
    size_t held; /* how many it held */
    int lang;    /* TY_LANG_JA: fts_ja, TY_LANG_EN: fts_en */
    sqlite3 *db;
    sqlite3_stmt *ins;
    pthread_t thread;
    int started;
    pthread_mutex_t mu;
    pthread_cond_t ready, room;
    batch *head, *tail, *spare, *cur;
    size_t queued, units;
    int done, failed;
    char msg[256];
};

static void batches_free(batch *b)
{
    while (b) {
        batch *next = b->next;
        free(b->buf);
        free(b);
        b = next;
    }
}

static const char *lang_name(int lang)
{
    return lang == TY_LANG_EN ? "en" : "ja";
}

ty__fts_bulk *ty__fts_bulk_new(ty_tm *tm, size_t held, int lang)
{
    ty__fts_bulk *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->held = held;
    b->lang = lang;
    if (!(b->path = strdup(ty__tm_file(tm))) || pthread_mutex_init(&b->mu, NULL) != 0) {
        free(b->path);
        free(b);
        return NULL;
    }
    if (pthread_cond_init(&b->ready, NULL) != 0) {
        pthread_mutex_destroy(&b->mu);
        free(b->path);
        free(b);
        return NULL;
    }
    if (pthread_cond_init(&b->room, NULL) != 0) {
        pthread_cond_destroy(&b->ready);
        pthread_mutex_destroy(&b->mu);
        free(b->path);
        free(b);
        return NULL;
    }
    return b;
}

/* Record the worker's first failure, "WHAT: WHY" (call with the lock held). */
static void fail_locked(ty__fts_bulk *b, const char *what, const char *why)
{
    if (b->failed)
        return;
    b->failed = 1;
    snprintf(b->msg, sizeof b->msg, "%s: %s", what, why);
}

static void fail(ty__fts_bulk *b, const char *what, const char *why)
{
    pthread_mutex_lock(&b->mu);
    fail_locked(b, what, why);
    pthread_cond_broadcast(&b->room);
    pthread_mutex_unlock(&b->mu);
}

/* Run one batch's records through an insert (the worker's or the memory's own). */
static int index_batch(sqlite3_stmt *ins, const batch *bt)
{
    size_t o = 0;
    while (o < bt->n) {
        int64_t id;
        uint32_t len;
        int step;
        memcpy(&id, bt->buf + o, sizeof id);
        memcpy(&len, bt->buf + o + sizeof id, sizeof len);
        o += RECORD_HEAD;
        sqlite3_bind_int64(ins, 1, id);
        sqlite3_bind_text(ins, 2, bt->buf + o, (int)len, SQLITE_STATIC);
        step = sqlite3_step(ins);
        sqlite3_reset(ins);
        if (step != SQLITE_DONE)
            return -1;
        o += len;
    }
    return 0;
}

/* Index the units the memory held before the import (its last committed state). */
static int index_held(ty__fts_bulk *b)
{
    const size_t pad = sizeof TY__TM_PAD - 1;
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    char *buf = NULL, sql[96];
    size_t cap = 0;
    int step = SQLITE_ERROR, ok = 0;

    snprintf(sql, sizeof sql, "SELECT id, coalesce(%s_norm, %s) FROM unit_text ORDER BY id",
             lang_name(b->lang), lang_name(b->lang));
    if (sqlite3_open_v2(b->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
            SQLITE_OK ||
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fail(b, "reading the memory's units", db ? sqlite3_errmsg(db) : "out of memory");
        goto done;
    }
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 1);
        size_t n = (size_t)sqlite3_column_bytes(st, 1);
        if (n + pad + 1 > cap) {
            char *p = realloc(buf, n + pad + 1);
            if (!p) {
                fail(b, "reading the memory's units", "out of memory");
                goto done;
            }
            buf = p;
            cap = n + pad + 1;
        }
        memcpy(buf, t ? t : "", n);
        memcpy(buf + n, TY__TM_PAD, pad + 1);
        sqlite3_bind_int64(b->ins, 1, sqlite3_column_int64(st, 0));
        sqlite3_bind_text(b->ins, 2, buf, (int)(n + pad), SQLITE_STATIC);
        if (sqlite3_step(b->ins) != SQLITE_DONE) {
            sqlite3_reset(b->ins);
            fail(b, "building the search index", sqlite3_errmsg(b->db));
            goto done;
        }
        sqlite3_reset(b->ins);
    }
    if (step != SQLITE_DONE)
        fail(b, "reading the memory's units", sqlite3_errmsg(db));
    else
        ok = 1;
done:
    sqlite3_finalize(st);
    sqlite3_close_v2(db);
    free(buf);
    return ok ? 0 : -1;
}

static void *work(void *arg)
{
    ty__fts_bulk *b = arg;

    if (b->held)
        index_held(b); /* a failure is recorded; the loop below then drops every batch */
    for (;;) {
        batch *bt;
        int failed;
        pthread_mutex_lock(&b->mu);
        while (!b->head && !b->done)
            pthread_cond_wait(&b->ready, &b->mu);
        if (!(bt = b->head)) {
            pthread_mutex_unlock(&b->mu);
            break;
        }
        if (!(b->head = bt->next))
            b->tail = NULL;
        b->queued--;
        failed = b->failed;
        pthread_cond_signal(&b->room);
        pthread_mutex_unlock(&b->mu);
        if (!failed && index_batch(b->ins, bt) != 0)
            fail(b, "building the search index", sqlite3_errmsg(b->db));
        pthread_mutex_lock(&b->mu);
        bt->n = 0;
        bt->next = b->spare;
        b->spare = bt;
        pthread_mutex_unlock(&b->mu);
    }
    pthread_mutex_lock(&b->mu);
    if (!b->failed && sqlite3_exec(b->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        fail_locked(b, "building the search index", sqlite3_errmsg(b->db));
    pthread_mutex_unlock(&b->mu);
    return NULL;
}

/* Open the worker's temporary database and start it on the units held so far. */
static ty_status start(ty__fts_bulk *b, ty_tm *tm, ty_error *err)
{
    char sql[256];

    /* "": a private temporary database on disk, unlinked by SQLite once open */
    if (sqlite3_open_v2("", &b->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                        SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK)
        goto fail;
    snprintf(sql, sizeof sql,
             "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE; "
             "PRAGMA cache_size=-65536; CREATE VIRTUAL TABLE fts_%s USING fts5(%s); BEGIN",
             lang_name(b->lang), TY__TM_FTS_ARGS);
    if (sqlite3_exec(b->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        goto fail;
    snprintf(sql, sizeof sql, "INSERT INTO fts_%s(rowid, text) VALUES(?1, ?2)",
             lang_name(b->lang));
    if (sqlite3_prepare_v2(b->db, sql, -1, &b->ins, NULL) != SQLITE_OK)
        goto fail;
    if (pthread_create(&b->thread, NULL, work, b) != 0) {
        b->failed = 1;
        snprintf(b->msg, sizeof b->msg, "cannot start the indexing thread");
        return ty__fail(err, TY_ERR_INTERNAL, tm->path, -1, -1, "%s", b->msg);
    }
    b->started = 1;
    return TY_OK;
fail:
    b->failed = 1; /* a commit after this error must not copy a half-made index */
    snprintf(b->msg, sizeof b->msg, "the temporary search index: %s",
             b->db ? sqlite3_errmsg(b->db) : "out of memory");
    return ty__fail(err, TY_ERR_SQLITE, tm->path, -1, -1, "%s", b->msg);
}

/* Queue the batch being filled (call with the lock held); waits while the queue is full. */
static void enqueue_locked(ty__fts_bulk *b)
{
    batch *bt = b->cur;
    b->cur = NULL;
    bt->next = NULL;
    if (b->tail)
        b->tail->next = bt;
    else
        b->head = bt;
    b->tail = bt;
    b->queued++;
    pthread_cond_signal(&b->ready);
}

ty_status ty__fts_bulk_add(ty__fts_bulk *b, ty_tm *tm, long long id, const char *text,
                           size_t len, ty_error *err)
{
    size_t need = RECORD_HEAD + len;
    int64_t id64 = id;
    uint32_t l32 = (uint32_t)len;
    batch *bt;

    if (!b->cur) {
        pthread_mutex_lock(&b->mu);
        while (b->started && b->queued >= QUEUE_MAX && !b->failed)
            pthread_cond_wait(&b->room, &b->mu);
        if ((b->cur = b->spare))
            b->spare = b->spare->next;
        pthread_mutex_unlock(&b->mu);
        if (!b->cur && !(b->cur = calloc(1, sizeof *b->cur)))
            return ty__nomem(err);
    }
    bt = b->cur;
    if (bt->n + need > bt->cap) {
        size_t cap = bt->cap ? bt->cap : BATCH_BYTES;
        char *p;
        while (cap < bt->n + need)
            cap *= 2;
        if (!(p = realloc(bt->buf, cap)))
            return ty__nomem(err);
        bt->buf = p;
        bt->cap = cap;
    }
    memcpy(bt->buf + bt->n, &id64, sizeof id64);
    memcpy(bt->buf + bt->n + sizeof id64, &l32, sizeof l32);
    memcpy(bt->buf + bt->n + RECORD_HEAD, text, len);
    bt->n += need;
    b->units++;
    if (bt->n >= BATCH_BYTES) {
        int failed;
        pthread_mutex_lock(&b->mu);
        enqueue_locked(b);
        failed = b->failed;
        pthread_mutex_unlock(&b->mu);
        if (failed)
            return ty__fail(err, TY_ERR_SQLITE, tm->path, -1, -1, "%s", b->msg);
    }
    if (!b->started && b->units >= tm->bulk_min && b->units > b->held)
        return start(b, tm, err);
    return TY_OK;
}

/* Copy one of the worker's tables into the memory's (emptied) table of the same name. */
static ty_status copy_table(ty__fts_bulk *b, ty_tm *tm, const char *name, ty_error *err)
{
    sqlite3_stmt *src = NULL, *dst = NULL;
    char sql[160];
    int ncol, step = SQLITE_DONE;
    ty_status rc;

    snprintf(sql, sizeof sql, "DELETE FROM main.%s", name);
    if ((rc = ty__tm_exec(tm, sql, err)) != TY_OK)
        return rc;
    snprintf(sql, sizeof sql, "SELECT * FROM %s", name);
    if (sqlite3_prepare_v2(b->db, sql, -1, &src, NULL) != SQLITE_OK) {
        rc = ty__fail(err, TY_ERR_SQLITE, tm->path, -1, -1, "the temporary search index: %s",
                      sqlite3_errmsg(b->db));
        goto done;
    }
    ncol = sqlite3_column_count(src);
    if (ncol < 1 || ncol > 8) {
        rc = ty__fail(err, TY_ERR_INTERNAL, tm->path, -1, -1, "unexpected FTS5 table %s", name);
        goto done;
    }
    snprintf(sql, sizeof sql, "INSERT INTO main.%s VALUES(?%.*s)", name, 2 * (ncol - 1),
             ",?,?,?,?,?,?,?");
    if ((rc = ty__tm_prepare(tm, sql, &dst, err)) != TY_OK)
        goto done;
    while ((step = sqlite3_step(src)) == SQLITE_ROW) {
        for (int i = 0; i < ncol; i++)
            sqlite3_bind_value(dst, i + 1, sqlite3_column_value(src, i));
        if (sqlite3_step(dst) != SQLITE_DONE) {
            rc = ty__tm_fail(tm, err, "copying the search index");
            goto done;
        }
        sqlite3_reset(dst);
    }
    if (step != SQLITE_DONE)
        rc = ty__fail(err, TY_ERR_SQLITE, tm->path, -1, -1, "the temporary search index: %s",
                      sqlite3_errmsg(b->db));
done:
    sqlite3_finalize(src);
    sqlite3_finalize(dst);
    return rc;
}

/* Stop the worker (if running) and wait for it. */
static void stop(ty__fts_bulk *b)
{
    if (!b->started)
        return;
    pthread_mutex_lock(&b->mu);
    if (b->cur && b->cur->n)
        enqueue_locked(b);
    b->done = 1;
    pthread_cond_broadcast(&b->ready);
    pthread_mutex_unlock(&b->mu);
    pthread_join(b->thread, NULL);
    b->started = 0;
}

ty_status ty__fts_bulk_finish(ty__fts_bulk *b, ty_tm *tm, sqlite3_stmt *own, int *copied,
                              ty_error *err)
{
    static const char *const tables[] = {"data", "idx"};
    ty_status rc = TY_OK;

    *copied = 0;
    if (b->failed && !b->started)
        return ty__fail(err, TY_ERR_SQLITE, tm->path, -1, -1, "%s", b->msg);
    if (!b->db) {
        /* never started: index the held units through the memory's own statements */
        batch *held = b->head;
        for (batch *bt = held; bt; bt = bt->next)
            if (index_batch(own, bt) != 0)
                return ty__tm_fail(tm, err, "indexing a unit");
        if (b->cur && index_batch(own, b->cur) != 0)
            return ty__tm_fail(tm, err, "indexing a unit");
        return TY_OK;
    }
    stop(b);
    if (b->failed)
        return ty__fail(err, TY_ERR_SQLITE, tm->path, -1, -1, "%s", b->msg);
    for (size_t i = 0; i < sizeof tables / sizeof tables[0] && rc == TY_OK; i++) {
        char name[32];
        snprintf(name, sizeof name, "fts_%s_%s", lang_name(b->lang), tables[i]);
        rc = copy_table(b, tm, name, err);
    }
    *copied = rc == TY_OK;
    return rc;
}

void ty__fts_bulk_free(ty__fts_bulk *b)
{
    if (!b)
        return;
    if (b->started) {
        pthread_mutex_lock(&b->mu);
        b->failed = 1; /* the worker drops what is left */
        pthread_mutex_unlock(&b->mu);
        stop(b);
    }
    sqlite3_finalize(b->ins);
    sqlite3_close_v2(b->db);
    batches_free(b->head);
    batches_free(b->spare);
    batches_free(b->cur);
    free(b->path);
    pthread_cond_destroy(&b->room);
    pthread_cond_destroy(&b->ready);
    pthread_mutex_destroy(&b->mu);
    free(b);
}
