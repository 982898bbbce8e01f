/*
 * work.c — the scratch space the scorer and the DP reuse across the levels and windows of one
 * alignment: a few slots, each a buffer that only grows; and how many threads an alignment
 * may use.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "align.h"

void *ty__work_get(ty__work *w, int slot, size_t bytes)
{
    if (bytes > w->cap[slot]) {
        size_t cap = bytes + bytes / 4 + 64;
        free(w->p[slot]);
        w->cap[slot] = 0;
        if (!(w->p[slot] = malloc(cap)))
            return NULL;
        w->cap[slot] = cap;
    }
    return w->p[slot];
}

void *ty__work_grow(ty__work *w, int slot, size_t bytes)
{
    if (bytes > w->cap[slot]) {
        size_t cap = bytes + bytes / 2 + 64;
        void *p = realloc(w->p[slot], cap);
        if (!p)
            return NULL;
        w->p[slot] = p;
        w->cap[slot] = cap;
    }
    return w->p[slot];
}

void ty__work_free(ty__work *w)
{
    for (int k = 0; k < TY__W_SLOTS; k++)
        free(w->p[k]);
    memset(w, 0, sizeof *w);
}

int ty__work_two_threads(const ty__work *w, const ty__band *b)
{
    return w->threads > 1 && b->n > 1 &&
           b->off[b->n + 1] >= (w->thread_cells ? w->thread_cells : TY__DP_THREAD_CELLS);
}

size_t ty__align_threads(const ty_align_opts *o)
{
    long n;

    if (o->threads > 0)
        return o->threads;
    n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > TY__MAX_THREADS ? TY__MAX_THREADS : (size_t)n;
}
