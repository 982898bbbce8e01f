/*
 * results.c — ty_check_results: findings copied out of a check (each with its units,
 * occurrences, spans and strings, in one arena) so that they can be sorted for a reader —
 * errors first, then by rank — and written as a report. It finds nothing.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "consistency.h"
#include "base/alloc.h"
#include "base/error.h"

typedef struct item {
    ty_check_finding f;
    size_t order;
} item;

struct ty_check_results {
    item *v;
    size_t n, cap;
    ty__arena a;
};

ty_status ty_check_results_new(ty_check_results **out, ty_error *err)
{
    if (!(*out = calloc(1, sizeof **out)))
        return ty__nomem(err);
    return TY_OK;
}

void ty_check_results_free(ty_check_results *r)
{
    if (!r)
        return;
    free(r->v);
    ty__arena_clear(&r->a);
    free(r);
}

size_t ty_check_results_count(const ty_check_results *r)
{
    return r ? r->n : 0;
}

const ty_check_finding *ty_check_results_get(const ty_check_results *r, size_t i)
{
    return r && i < r->n ? &r->v[i].f : NULL;
}

/* A copy of s in a (NULL stays NULL); *bad set when out of memory. */
static const char *dup(ty__arena *a, const char *s, int *bad)
{
    char *d;
    if (!s)
        return NULL;
    if (!(d = ty__arena_strdup(a, s)))
        *bad = 1;
    return d;
}

static void *copy(ty__arena *a, const void *p, size_t n, int *bad)
{
    void *d;
    if (!p || !n)
        return NULL;
    if (!(d = ty__arena_alloc(a, n)))
        *bad = 1;
    else
        memcpy(d, p, n);
    return d;
}

ty_status ty_check_results_add(const ty_check_finding *f, void *results)
{
    ty_check_results *r = results;
    ty__arena *a = &r->a;
    ty_check_finding *d;
    ty_tm_entry *units;
    ty_check_span *spans;
    int bad = 0;

    if (ty__grow((void **)&r->v, &r->cap, r->n + 1, sizeof *r->v))
        return TY_ERR_NOMEM;
    d = &r->v[r->n].f;
    *d = *f;
    units = copy(a, f->units, f->nunits * sizeof *units, &bad);
    for (size_t i = 0; units && i < f->nunits; i++) {
        ty_tm_occurrence *occ = copy(a, f->units[i].occ, f->units[i].nocc * sizeof *occ, &bad);
        units[i].ja = dup(a, f->units[i].ja, &bad);
        units[i].en = dup(a, f->units[i].en, &bad);
        for (size_t o = 0; occ && o < f->units[i].nocc; o++) {
            occ[o].document = dup(a, occ[o].document, &bad);
            occ[o].ja_segments = dup(a, occ[o].ja_segments, &bad);
            occ[o].en_segments = dup(a, occ[o].en_segments, &bad);
        }
        units[i].occ = occ;
    }
    d->units = units;
    d->rendering = copy(a, f->rendering, f->nunits * sizeof *f->rendering, &bad);
    if (!f->rendering)
        d->rendering = NULL;
    spans = copy(a, f->spans, f->nspans * sizeof *spans, &bad);
    for (size_t i = 0; spans && i < f->nspans; i++)
        spans[i].text = dup(a, spans[i].text, &bad);
    d->spans = spans;
    d->id = dup(a, f->id, &bad);
    d->message = dup(a, f->message, &bad);
    d->rule = dup(a, f->rule, &bad);
    d->expected = dup(a, f->expected, &bad);
    if (bad)
        return TY_ERR_NOMEM;
    r->v[r->n].order = r->n;
    r->n++;
    return TY_OK;
}

static int by_importance(const void *a, const void *b)
{
    const item *x = a, *y = b;
    if (x->f.severity != y->f.severity)
        return x->f.severity > y->f.severity ? -1 : 1;
    if (x->f.rank != y->f.rank)
        return x->f.rank > y->f.rank ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

void ty_check_results_sort(ty_check_results *r)
{
    if (r && r->n > 1)
        qsort(r->v, r->n, sizeof *r->v, by_importance);
}
