/*
 * tm_bulk.c — the FTS5 trigram indexes of a large import into an empty memory, built on a
 * second thread. A worker with its own SQLite connection fills fts_ja and fts_en of a private
 * temporary database (SQLite unlinks it as soon as it is opened, so nothing is left behind even
 * by kill -9) while the importing thread stores the units; at the end the importing thread
 * copies the worker's index tables (fts_*_data, fts_*_idx) into the memory's, inside the
 * import's transaction. An FTS5 index is exactly the rows of those two tables (the settings in
 * fts_*_config are the memory's own and are not copied), so the copy into an empty index is
 * the index the import would have built itself; a non-empty one would need FTS5's segments
 * merged, so imports into a memory that holds units index on their own thread as before.
 *
 * Units are held (not indexed) until there are TY__TM_BULK_MIN of them: a small import never
 * starts a thread, and gives its held units back to ty__fts_bulk_finish's caller.
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

#include "error.h"
#include "tm.h"

/* A batch of units: records of (int64 id, uint32 len[2], the two texts). */
typedef struct batch {
    char *buf;
    size_t n, cap;
    struct batch *next;
} batch;

#define BATCH_BYTES ((size_t)256 * 1024)
#define QUEUE_MAX 8 /* full batches waiting for the worker */
#define RECORD_HEAD (sizeof(int64_t) + 2 * sizeof(uint32_t))

struct ty__fts_bulk {
    sqlite3 *db;
    sqlite3_stmt *ins[2];
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

ty__fts_bulk *ty__fts_bulk_new(void)
{
    ty__fts_bulk *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    if (pthread_mutex_init(&b->mu, NULL) != 0) {
        free(b);
        return NULL;
    }
    if (pthread_cond_init(&b->ready, NULL) != 0) {
        pthread_mutex_destroy(&b->mu);
        free(b);
        return NULL;
    }
    if (pthread_cond_init(&b->room, NULL) != 0) {
        pthread_cond_destroy(&b->ready);
        pthread_mutex_destroy(&b->mu);
        free(b);
        return NULL;
    }
    return b;
}

/* Record the worker's first failure (call with the lock held). */
static void fail_locked(ty__fts_bulk *b, const char *what)
{
    if (b->failed)
        return;
    b->failed = 1;
    snprintf(b->msg, sizeof b->msg, "%s: %s", what,
             b->db ? sqlite3_errmsg(b->db) : "out of memory");
}

static void fail(ty__fts_bulk *b, const char *what)
{
    pthread_mutex_lock(&b->mu);
    fail_locked(b, what);
    pthread_cond_broadcast(&b->room);
    pthread_mutex_unlock(&b->mu);
}

/* Run one batch's records through the two statements (the worker's or the memory's own). */
static int index_batch(sqlite3_stmt *const ins[2], const batch *bt)
{
    size_t o = 0;
    while (o < bt->n) {
        int64_t id;
        uint32_t len[2];
        memcpy(&id, bt->buf + o, sizeof id);
        memcpy(len, bt->buf + o + sizeof id, sizeof len);
        o += RECORD_HEAD;
        for (int l = 0; l < 2; l++) {
            int step;
            sqlite3_bind_int64(ins[l], 1, id);
            sqlite3_bind_text(ins[l], 2, bt->buf + o, (int)len[l], SQLITE_STATIC);
            step = sqlite3_step(ins[l]);
            sqlite3_reset(ins[l]);
            if (step != SQLITE_DONE)
                return -1;
            o += len[l];
        }
    }
    return 0;
}

static void *work(void *arg)
{
    ty__fts_bulk *b = arg;

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
            fail(b, "building the search index");
        pthread_mutex_lock(&b->mu);
        bt->n = 0;
        bt->next = b->spare;
        b->spare = bt;
        pthread_mutex_unlock(&b->mu);
    }
    pthread_mutex_lock(&b->mu);
    if (!b->failed && sqlite3_exec(b->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        fail_locked(b, "building the search index");
    pthread_mutex_unlock(&b->mu);
    return NULL;
}

/* Open the worker's temporary database and start it on the units held so far. */
static ty_status start(ty__fts_bulk *b, ty_tm *tm, ty_error *err)
{
    static const char *const ins[2] = {"INSERT INTO fts_ja(rowid, text) VALUES(?1, ?2)",
                                       "INSERT INTO fts_en(rowid, text) VALUES(?1, ?2)"};
    char sql[256];

    /* "": a private temporary database on disk, unlinked by SQLite once open */
    if (sqlite3_open_v2("", &b->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                        SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK)
        goto fail;
    if (sqlite3_exec(b->db,
                     "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; "
                     "PRAGMA locking_mode=EXCLUSIVE; PRAGMA cache_size=-65536",
                     NULL, NULL, NULL) != SQLITE_OK)
        goto fail;
    for (int l = 0; l < 2; l++) {
        snprintf(sql, sizeof sql, "CREATE VIRTUAL TABLE fts_%s USING fts5(%s)",
                 l ? "en" : "ja", TY__TM_FTS_ARGS);
        if (sqlite3_exec(b->db, sql, NULL, NULL, NULL) != SQLITE_OK ||
            sqlite3_prepare_v2(b->db, ins[l], -1, &b->ins[l], NULL) != SQLITE_OK)
            goto fail;
    }
    if (sqlite3_exec(b->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        goto fail;
    if (pthread_create(&b->thread, NULL, work, b) != 0)
        return ty__fail(err, TY_ERR_INTERNAL, tm->path, -1, -1,
                        "cannot start the indexing thread");
    b->started = 1;
    return TY_OK;
fail:
    return ty__fail(err, TY_ERR_SQLITE, tm->path, -1, -1,
                    "the temporary search index: %s",
                    b->db ? sqlite3_errmsg(b->db) : "out of memory");
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

ty_status ty__fts_bulk_add(ty__fts_bulk *b, ty_tm *tm, long long id, const char *const text[2],
                           const size_t len[2], ty_error *err)
{
    size_t need = RECORD_HEAD + len[0] + len[1];
    int64_t id64 = id;
    uint32_t l32[2] = {(uint32_t)len[0], (uint32_t)len[1]};
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
    memcpy(bt->buf + bt->n + sizeof id64, l32, sizeof l32);
    memcpy(bt->buf + bt->n + RECORD_HEAD, text[0], len[0]);
    memcpy(bt->buf + bt->n + RECORD_HEAD + len[0], text[1], len[1]);
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
    if (!b->started && b->units >= tm->bulk_min)
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

ty_status ty__fts_bulk_finish(ty__fts_bulk *b, ty_tm *tm, sqlite3_stmt *const own[2],
                              int *copied, ty_error *err)
{
    static const char *const tables[] = {"fts_ja_data", "fts_ja_idx", "fts_en_data",
                                         "fts_en_idx"};
    ty_status rc = TY_OK;

    *copied = 0;
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
    for (size_t i = 0; i < sizeof tables / sizeof tables[0] && rc == TY_OK; i++)
        rc = copy_table(b, tm, tables[i], err);
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
    for (int l = 0; l < 2; l++)
        sqlite3_finalize(b->ins[l]);
    sqlite3_close_v2(b->db);
    batches_free(b->head);
    batches_free(b->spare);
    batches_free(b->cur);
    pthread_cond_destroy(&b->room);
    pthread_cond_destroy(&b->ready);
    pthread_mutex_destroy(&b->mu);
    free(b);
}
