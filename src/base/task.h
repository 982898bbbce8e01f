/*
 * task.h — private: one piece of work on a second thread, joined later; run on the caller's
 * thread instead when no thread can be started (the result is the same, only later). Not
 * installed.
 */
#ifndef TY_BASE_TASK_H
#define TY_BASE_TASK_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

typedef struct ty__task {
    pthread_t thread;
    int started; /* 1 while a thread runs fn */
    void (*fn)(void *);
    void *arg;
} ty__task;

/* Start fn(arg) on a new thread when `thread` is not 0, else (or when the thread cannot be
 * started) leave it for ty__task_join to run. */
void ty__task_start(ty__task *t, int thread, void (*fn)(void *), void *arg);
/* Wait for fn(arg) to have run (running it here if it has not). */
void ty__task_join(ty__task *t);

/* How far one thread has come through a piece of work that another thread reads as it goes
 * (rows of a table, say): the producer publishes a count that only grows, the consumer
 * waits until it reaches what it needs. Everything the producer wrote before publishing a
 * count is visible to a consumer that has seen that count. */
typedef struct ty__progress {
    /* (a cache line of its own: the producer's stores to it do not evict the data around
     * the consumer's, nor the other way round) */
    _Alignas(64) atomic_size_t done; /* the count published */
    atomic_size_t want; /* what a waiting consumer needs (0: none waits) */
    pthread_mutex_t mu;
    pthread_cond_t cv;
} ty__progress;

/* Start at count `done`; 0, or nonzero when the mutex or condition cannot be made. */
int ty__progress_init(ty__progress *p, size_t done);
void ty__progress_destroy(ty__progress *p);
/* Publish count `done` (not below the last one), waking a consumer that waits for it. */
void ty__progress_set(ty__progress *p, size_t done);
/* Wait until the count published is at least n; returns the count seen (n or more). */
size_t ty__progress_wait(ty__progress *p, size_t n);

#endif
