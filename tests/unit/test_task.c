/* test_task.c — base/task.c: a task runs on its thread or, when told not to start one, at the
 * join; a consumer that waits on a ty__progress sees everything the producer wrote before
 * publishing the count it waited for, whether it waits at every step, in strides or never
 * (the producer already done), and wakes when the producer publishes past what it needs. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "base/task.h"

#define N 20000

typedef struct job {
    ty__progress p;
    uint32_t *v;
    size_t n, step; /* publish every `step` items (and at the end) */
    int runs;
} job;

static uint32_t item(size_t i)
{
    return (uint32_t)(i * 2654435761u + 12345u);
}

static void produce(void *arg)
{
    job *j = arg;

    j->runs++;
    for (size_t i = 0; i < j->n; i++) {
        j->v[i] = item(i);
        if ((i + 1) % j->step == 0 || i + 1 == j->n)
            ty__progress_set(&j->p, i + 1);
    }
}

/* The consumer reads each item once a count covering it is published, asking for `ahead`
 * items at a time; returns the items that were wrong. */
static size_t consume(job *j, ty__task *t, size_t ahead)
{
    size_t bad = 0, ready = 0;

    for (size_t i = 0; i < j->n; i++) {
        if (i >= ready) {
            size_t want = i + ahead < j->n ? i + ahead : j->n;
            if (t->started) {
                ready = ty__progress_wait(&j->p, want);
                if (ready < want)
                    bad++;
            } else {
                ty__task_join(t);
                ready = j->n;
            }
        }
        bad += j->v[i] != item(i);
    }
    return bad;
}

int main(void)
{
    static const struct {
        size_t step, ahead;
        int thread;
        const char *what;
    } t[] = {
        {1, 1, 1, "published and awaited one at a time"},
        {1, 4096, 1, "published one at a time, awaited in strides"},
        {97, 1, 1, "published in strides of 97, awaited one at a time"},
        {N, 1, 1, "published once at the end"},
        {1, 1, 0, "no thread: run at the first wait"},
    };
    uint32_t *v = malloc(N * sizeof *v);

    if (!v)
        return 99;
    for (size_t c = 0; c < sizeof t / sizeof t[0]; c++) {
        for (int round = 0; round < 20; round++) {
            job j = {.v = v, .n = N, .step = t[c].step};
            ty__task task = {0};
            size_t bad;
            memset(v, 0, N * sizeof *v);
            if (ty__progress_init(&j.p, 0) != 0)
                return 99;
            ty__task_start(&task, t[c].thread, produce, &j);
            bad = consume(&j, &task, t[c].ahead);
            ty__task_join(&task);
            ty__progress_destroy(&j.p);
            if (bad || j.runs != 1 || round == 19) {
                ty_ok(bad == 0 && j.runs == 1, "%s: %zu items wrong, run %d times (round %d)",
                      t[c].what, bad, j.runs, round);
                if (bad || j.runs != 1)
                    break;
            }
        }
    }
    /* a count already published: no wait */
    {
        ty__progress p;
        ty_ok(ty__progress_init(&p, 5) == 0, "progress starting at 5: made");
        ty_is_int((long long)ty__progress_wait(&p, 3), 5, "waiting for 3 when 5 are done returns 5");
        ty__progress_set(&p, 9);
        ty_is_int((long long)ty__progress_wait(&p, 9), 9, "waiting for 9 after 9 are published");
        ty__progress_destroy(&p);
    }
    free(v);
    return ty_done();
}
