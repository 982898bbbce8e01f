/*
 * task.c — one piece of work on a second thread (task.h).
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
