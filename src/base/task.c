/*
 * task.c — one piece of work on a second thread, and the progress another thread reads as
 * it goes (task.h).
 */
#include "config.h"

#include "base/task.h"

static void *run(void *p)
{
    ty__task *t = p;
    t->fn(t->arg);
    return NULL;
}

void ty__task_start(ty__task *t, int thread, void (*fn)(void *), void *arg)
{
    t->fn = fn;
    t->arg = arg;
    t->started = thread && pthread_create(&t->thread, NULL, run, t) == 0;
}

void ty__task_join(ty__task *t)
{
    if (t->started)
        pthread_join(t->thread, NULL);
    else if (t->fn)
        t->fn(t->arg);
    t->started = 0;
    t->fn = NULL;
}

int ty__progress_init(ty__progress *p, size_t done)
{
    atomic_init(&p->done, done);
    atomic_init(&p->want, 0);
    if (pthread_mutex_init(&p->mu, NULL) != 0)
        return -1;
    if (pthread_cond_init(&p->cv, NULL) != 0) {
        pthread_mutex_destroy(&p->mu);
        return -1;
    }
    return 0;
}

void ty__progress_destroy(ty__progress *p)
{
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
}

/* The count and `want` are sequentially consistent: either the producer sees the want a
 * consumer stored before it looked at the count (and wakes it, under the mutex the consumer
 * holds until it sleeps), or the consumer sees the count. */
void ty__progress_set(ty__progress *p, size_t done)
{
    size_t want;

    atomic_store(&p->done, done);
    want = atomic_load(&p->want);
    if (want && done >= want) {
        pthread_mutex_lock(&p->mu);
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
    }
}

size_t ty__progress_wait(ty__progress *p, size_t n)
{
    size_t done = atomic_load(&p->done);

    if (done >= n)
        return done;
    pthread_mutex_lock(&p->mu);
    atomic_store(&p->want, n);
    while ((done = atomic_load(&p->done)) < n)
        pthread_cond_wait(&p->cv, &p->mu);
    atomic_store(&p->want, 0);
    pthread_mutex_unlock(&p->mu);
    return done;
}
