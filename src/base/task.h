/*
 * task.h — private: one piece of work on a second thread, joined later; run on the caller's
 * thread instead when no thread can be started (the result is the same, only later). Not
 * installed.
 */
#ifndef TY_BASE_TASK_H
#define TY_BASE_TASK_H

#include <pthread.h>

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

#endif
