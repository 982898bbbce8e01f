/*
 * pg_send.c — COPY data sent to the server by a thread of its own, so that the caller goes on
 * preparing rows while the server ingests the ones before (an import into an empty memory,
 * pg_store.c: the client parsing and the server writing at the same time, each on a core).
 * The caller queues chunks of COPY text, each for one of the tables it named; the thread runs
 * a COPY statement for a run of chunks of one table, and the next when the table changes.
 * While the thread runs, it alone uses the connection. A failure (the server's message kept
 * on the connection or in the result) stops it: the chunks after are dropped, and the caller
 * learns it at its next put or at the finish.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "pg.h"

#define QUEUE 8 /* chunks waiting at most: the memory a slow server makes the client hold */

struct ty__pg_sender {
    PGconn *conn;
    const char *const *copy; /* the COPY statement of each table */
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct chunk {
        int table;
        char *buf;
        size_t n;
    } queue[QUEUE];
    size_t head, count;
    int done, abandon, failed;
    PGresult *failure; /* the failed statement's result, or NULL (the connection's message) */
};

/* End the COPY in progress: 0, or -1 with s->failure set. */
static int end_copy(ty__pg_sender *s, int abandon)
{
    PGresult *r;
    int rc = 0;

    if (PQputCopyEnd(s->conn, abandon ? "import abandoned" : NULL) != 1)
        rc = -1;
    r = PQgetResult(s->conn);
    if (rc == 0 && !abandon && PQresultStatus(r) != PGRES_COMMAND_OK) {
        s->failure = r;
        r = NULL;
        rc = -1;
    }
    PQclear(r);
    while ((r = PQgetResult(s->conn)))
        PQclear(r);
    return rc;
}

static void *run(void *arg)
{
    ty__pg_sender *s = arg;
    int open = -1, failed = 0;

    for (;;) {
        struct chunk c;
        pthread_mutex_lock(&s->mu);
        while (!s->count && !s->done)
            pthread_cond_wait(&s->cv, &s->mu);
        if (!s->count) { /* done, every chunk sent */
            int abandon = s->abandon;
            pthread_mutex_unlock(&s->mu);
            if (open >= 0 && end_copy(s, abandon || failed) != 0 && !failed)
                failed = 1;
            break;
        }
        c = s->queue[s->head];
        s->head = (s->head + 1) % QUEUE;
        s->count--;
        pthread_cond_broadcast(&s->cv);
        pthread_mutex_unlock(&s->mu);
        if (!failed && open != c.table && open >= 0) {
            failed = end_copy(s, 0) != 0;
            open = -1;
        }
        if (!failed && open < 0) {
            PGresult *r = PQexec(s->conn, s->copy[c.table]);
            if (PQresultStatus(r) == PGRES_COPY_IN) {
                PQclear(r);
                open = c.table;
            } else {
                s->failure = r;
                failed = 1;
            }
        }
        if (!failed && PQputCopyData(s->conn, c.buf, (int)c.n) != 1) {
            failed = 1;
            end_copy(s, 1);
            open = -1;
        }
        free(c.buf);
        if (failed) {
            pthread_mutex_lock(&s->mu);
            s->failed = 1;
            pthread_cond_broadcast(&s->cv);
            pthread_mutex_unlock(&s->mu);
        }
    }
    pthread_mutex_lock(&s->mu);
    s->failed |= failed;
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

ty__pg_sender *ty__pg_sender_start(PGconn *conn, const char *const *copy)
{
    ty__pg_sender *s = calloc(1, sizeof *s);

    if (!s)
        return NULL;
    s->conn = conn;
    s->copy = copy;
    if (pthread_mutex_init(&s->mu, NULL) != 0) {
        free(s);
        return NULL;
    }
    if (pthread_cond_init(&s->cv, NULL) != 0) {
        pthread_mutex_destroy(&s->mu);
        free(s);
        return NULL;
    }
    if (pthread_create(&s->thread, NULL, run, s) != 0) {
        pthread_cond_destroy(&s->cv);
        pthread_mutex_destroy(&s->mu);
        free(s);
        return NULL;
    }
    return s;
}

int ty__pg_sender_put(ty__pg_sender *s, int table, char *buf, size_t n)
{
    int failed;

    pthread_mutex_lock(&s->mu);
    while (s->count == QUEUE && !s->failed)
        pthread_cond_wait(&s->cv, &s->mu);
    if (!(failed = s->failed)) {
        s->queue[(s->head + s->count) % QUEUE] = (struct chunk){table, buf, n};
        s->count++;
        pthread_cond_broadcast(&s->cv);
    }
    pthread_mutex_unlock(&s->mu);
    if (failed)
        free(buf);
    return failed ? -1 : 0;
}

int ty__pg_sender_finish(ty__pg_sender *s, int abandon, PGresult **failure)
{
    int failed;

    pthread_mutex_lock(&s->mu);
    s->done = 1;
    s->abandon = abandon;
    if (abandon) /* what is queued is not sent */
        for (; s->count; s->count--, s->head = (s->head + 1) % QUEUE)
            free(s->queue[s->head].buf);
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->thread, NULL);
    failed = s->failed;
    for (; s->count; s->count--, s->head = (s->head + 1) % QUEUE) /* dropped after a failure */
        free(s->queue[s->head].buf);
    if (failure)
        *failure = s->failure;
    else
        PQclear(s->failure);
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->mu);
    free(s);
    return failed ? -1 : 0;
}
