/*
 * read_ahead.c — ty_tmx_read: the file read on the calling thread (reader.c), or, with
 * read_ahead set, parsed on a thread of its own, which copies each unit (and each warning) in
 * order into batches; the calling thread takes the batches and runs the callbacks, as it does
 * without it. An import's storing and the parsing then run on two processors. At most QUEUE
 * batches wait, so the memory it takes does not grow with the file.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "base/alloc.h"
#include "base/error.h"
#include "formats/xml_init.h"
#include "tmx.h"

#define BATCH_BYTES ((size_t)1 << 18)
#define BATCH_RECS 1024
#define QUEUE 8

/* The counts of ty_tmx_stats. */
typedef struct counts {
    size_t tus, units, one_language, no_ja_en, empty, bad, extra_tuvs;
} counts;

static counts counts_of(const ty_tmx_stats *s)
{
    return (counts){s->tus, s->units, s->one_language, s->no_ja_en, s->empty, s->bad,
                    s->extra_tuvs};
}

/* A unit or a warning in a batch. A unit's strings are offsets into the batch's bytes, plus
 * one (0: NULL); its props are n pairs of such offsets from props in the batch's poff. */
typedef struct rec {
    size_t id, ja, en, ja_lang, en_lang, shape;
    double confidence;
    size_t props, nprops;
    size_t warning; /* 0, or the warning's index in the batch's warnings plus one */
    counts seen; /* a unit's: the reader's counts when it was handed over */
} rec;

typedef struct batch {
    struct batch *next;
    rec *v;
    size_t n, cap;
    char *bytes;
    size_t used, size;
    size_t *poff;
    size_t np, pcap;
    ty_error *w;
    size_t nw, wcap;
} batch;

typedef struct ahead {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    batch *head, *tail; /* the queue */
    size_t queued;
    batch *spare; /* batches handed over, to be filled again */
    batch *cur;   /* the batch the reading thread fills */
    int done;     /* the reading thread has sent its last batch */
    int stop;     /* the caller's callback failed: the reading stops */
    int stopped;  /* the reading thread's: stop, as send last saw it */
    int oom;      /* the reading thread could not copy a unit */
    const char *path;
    ty_tmx_read_opts o; /* the reading thread's options */
    ty_tmx_stats stats; /* and its results */
    ty_error err;
    ty_status st;
} ahead;

static void batch_free(batch *b)
{
    if (b) {
        free(b->v);
        free(b->bytes);
        free(b->poff);
        free(b->w);
        free(b);
    }
}

/* Offset (plus one) of a copy of s in b's bytes; 0 for NULL, and on failure (*failed set). */
static size_t put(batch *b, const char *s, int *failed)
{
    size_t n, at;

    if (!s)
        return 0;
    n = strlen(s) + 1;
    if (b->used + n > b->size) {
        size_t size = b->size ? b->size : BATCH_BYTES;
        char *p;
        while (b->used + n > size)
            size *= 2;
        if (!(p = realloc(b->bytes, size))) {
            *failed = 1;
            return 0;
        }
        b->bytes = p;
        b->size = size;
    }
    at = b->used;
    memcpy(b->bytes + at, s, n);
    b->used += n;
    return at + 1;
}

/* The batch being filled to the queue (waiting while QUEUE wait); 0, or -1 once the caller
 * stopped. */
static int send(ahead *a)
{
    batch *b = a->cur;
    int stop;

    a->cur = NULL;
    pthread_mutex_lock(&a->mu);
    while (a->queued >= QUEUE && !a->stop)
        pthread_cond_wait(&a->cv, &a->mu);
    stop = a->stopped = a->stop;
    if (b && !stop) {
        b->next = NULL;
        if (a->tail)
            a->tail->next = b;
        else
            a->head = b;
        a->tail = b;
        a->queued++;
        pthread_cond_broadcast(&a->cv);
    } else if (b) {
        b->next = a->spare;
        a->spare = b;
    }
    pthread_mutex_unlock(&a->mu);
    return stop ? -1 : 0;
}

/* A record at the end of the batch being filled (a spare or a new batch when there is none);
 * NULL when out of memory. */
static rec *next_rec(ahead *a)
{
    batch *b = a->cur;

    if (b && (b->n >= BATCH_RECS || b->used >= BATCH_BYTES) && send(a) != 0)
        return NULL;
    if (!a->cur) {
        pthread_mutex_lock(&a->mu);
        if ((a->cur = a->spare)) {
            a->spare = a->cur->next;
            a->cur->n = a->cur->used = a->cur->np = a->cur->nw = 0;
        }
        pthread_mutex_unlock(&a->mu);
        if (!a->cur && !(a->cur = calloc(1, sizeof *a->cur)))
            return NULL;
    }
    b = a->cur;
    if (ty__grow((void **)&b->v, &b->cap, b->n + 1, sizeof *b->v) != 0)
        return NULL;
    memset(&b->v[b->n], 0, sizeof b->v[b->n]);
    return &b->v[b->n++];
}

static ty_status copy_unit(const ty_unit *u, void *ud)
{
    ahead *a = ud;
    rec *r = next_rec(a);
    batch *b = a->cur;
    int failed = 0;

    if (!r) {
        a->oom = !a->stopped;
        return TY_ERR_NOMEM;
    }
    r->id = put(b, u->id, &failed);
    r->ja = put(b, u->ja, &failed);
    r->en = put(b, u->en, &failed);
    r->ja_lang = put(b, u->ja_lang, &failed);
    r->en_lang = put(b, u->en_lang, &failed);
    r->shape = put(b, u->shape, &failed);
    r->confidence = u->confidence;
    r->seen = counts_of(&a->stats);
    r->props = b->np;
    r->nprops = u->nprops;
    if (ty__grow((void **)&b->poff, &b->pcap, b->np + 2 * u->nprops, sizeof *b->poff) != 0)
        failed = 1;
    for (size_t i = 0; i < u->nprops && !failed; i++) {
        b->poff[b->np++] = put(b, u->props[i].type, &failed);
        b->poff[b->np++] = put(b, u->props[i].value, &failed);
    }
    if (failed) {
        b->n--;
        a->oom = 1;
        return TY_ERR_NOMEM;
    }
    return TY_OK;
}

static void copy_warning(const ty_error *w, void *ud)
{
    ahead *a = ud;
    rec *r = next_rec(a);
    batch *b = a->cur;

    if (!r) {
        a->oom = !a->stopped; /* then the reading fails at its end; stopped, not told */
        return;
    }
    if (ty__grow((void **)&b->w, &b->wcap, b->nw + 1, sizeof *b->w) != 0) {
        b->n--;
        a->oom = 1;
        return;
    }
    b->w[b->nw++] = *w;
    r->warning = b->nw;
}

static void *read_thread(void *arg)
{
    ahead *a = arg;

    a->st = ty__tmx_read_file(a->path, &a->o, copy_unit, a, &a->stats, &a->err);
    if (a->cur)
        send(a);
    pthread_mutex_lock(&a->mu);
    a->done = 1;
    pthread_cond_broadcast(&a->cv);
    pthread_mutex_unlock(&a->mu);
    return NULL;
}

/* The next batch of the queue, NULL after the last. */
static batch *take(ahead *a)
{
    batch *b;

    pthread_mutex_lock(&a->mu);
    while (!a->head && !a->done)
        pthread_cond_wait(&a->cv, &a->mu);
    if ((b = a->head)) {
        if (!(a->head = b->next))
            a->tail = NULL;
        a->queued--;
        pthread_cond_broadcast(&a->cv);
    }
    pthread_mutex_unlock(&a->mu);
    return b;
}

static const char *at(const batch *b, size_t off)
{
    return off ? b->bytes + off - 1 : NULL;
}

/* Hand the records of b to the callbacks; a status other than TY_OK is the callback's, and
 * *last then the unit it failed on (NULL: out of memory here). */
static ty_status deliver(const batch *b, const ty_tmx_read_opts *o, ty_tmx_unit_fn fn,
                         void *userdata, ty_prop **props, size_t *cap, const rec **last)
{
    for (size_t i = 0; i < b->n; i++) {
        const rec *r = &b->v[i];
        ty_unit u;
        ty_status st;

        memset(&u, 0, sizeof u);
        if (r->warning) {
            if (o->warn)
                o->warn(&b->w[r->warning - 1], userdata);
            continue;
        }
        if (ty__grow((void **)props, cap, r->nprops, sizeof **props) != 0) {
            *last = NULL;
            return TY_ERR_NOMEM;
        }
        for (size_t k = 0; k < r->nprops; k++) {
            (*props)[k].type = at(b, b->poff[r->props + 2 * k]);
            (*props)[k].value = at(b, b->poff[r->props + 2 * k + 1]);
        }
        u.id = at(b, r->id);
        u.ja = at(b, r->ja);
        u.en = at(b, r->en);
        u.ja_lang = at(b, r->ja_lang);
        u.en_lang = at(b, r->en_lang);
        u.shape = at(b, r->shape);
        u.confidence = r->confidence;
        u.props = r->nprops ? *props : NULL;
        u.nprops = r->nprops;
        *last = r;
        if ((st = fn ? fn(&u, userdata) : TY_OK) != TY_OK)
            return st;
    }
    return TY_OK;
}

/* ty_tmx_read with read_ahead set. */
static ty_status read_ahead(const char *path, const ty_tmx_read_opts *opts, ty_tmx_unit_fn fn,
                            void *userdata, ty_tmx_stats *stats, ty_error *err)
{
    ahead *a = calloc(1, sizeof *a);
    pthread_t thread;
    ty_prop *props = NULL;
    size_t cap = 0;
    counts at_stop = {0};
    const rec *last = NULL;
    ty_status failed = TY_OK, st;
    batch *b;

    ty_tmx_read_opts inline_opts = *opts;

    inline_opts.read_ahead = 0;
    if (!a)
        return ty__nomem(err);
    a->path = path;
    a->o = inline_opts;
    a->o.warn = opts->warn ? copy_warning : NULL;
    ty__xml_init(); /* here, before the reading thread starts */
    if (pthread_mutex_init(&a->mu, NULL) != 0) {
        free(a);
        return ty__tmx_read_file(path, &inline_opts, fn, userdata, stats, err);
    }
    if (pthread_cond_init(&a->cv, NULL) != 0) {
        pthread_mutex_destroy(&a->mu);
        free(a);
        return ty__tmx_read_file(path, &inline_opts, fn, userdata, stats, err);
    }
    if (pthread_create(&thread, NULL, read_thread, a) != 0) { /* read here, then */
        pthread_cond_destroy(&a->cv);
        pthread_mutex_destroy(&a->mu);
        free(a);
        return ty__tmx_read_file(path, &inline_opts, fn, userdata, stats, err);
    }
    while ((b = take(a))) {
        if (failed == TY_OK &&
            (failed = deliver(b, opts, fn, userdata, &props, &cap, &last)) != TY_OK) {
            if (last)
                at_stop = last->seen;
            pthread_mutex_lock(&a->mu);
            a->stop = 1; /* the batches still sent are taken and dropped */
            pthread_cond_broadcast(&a->cv);
            pthread_mutex_unlock(&a->mu);
        }
        pthread_mutex_lock(&a->mu);
        b->next = a->spare;
        a->spare = b;
        pthread_mutex_unlock(&a->mu);
    }
    pthread_join(thread, NULL);
    if (stats) {
        *stats = a->stats;
        if (failed != TY_OK) { /* the counts when the callback failed */
            stats->tus = at_stop.tus;
            stats->units = at_stop.units;
            stats->one_language = at_stop.one_language;
            stats->no_ja_en = at_stop.no_ja_en;
            stats->empty = at_stop.empty, stats->bad = at_stop.bad;
            stats->extra_tuvs = at_stop.extra_tuvs;
        }
    }
    if (failed != TY_OK && !last)
        st = ty__nomem(err);
    else if (failed != TY_OK)
        st = failed; /* the callback's own: err is not touched */
    else if (a->oom)
        st = ty__nomem(err);
    else if ((st = a->st) != TY_OK && err)
        *err = a->err;
    while (a->spare) {
        b = a->spare;
        a->spare = b->next;
        batch_free(b);
    }
    batch_free(a->cur);
    pthread_cond_destroy(&a->cv);
    pthread_mutex_destroy(&a->mu);
    free(props);
    free(a);
    return st;
}

ty_status ty_tmx_read(const char *path, const ty_tmx_read_opts *opts, ty_tmx_unit_fn fn,
                      void *userdata, ty_tmx_stats *stats, ty_error *err)
{
    if (opts && opts->read_ahead)
        return read_ahead(path, opts, fn, userdata, stats, err);
    return ty__tmx_read_file(path, opts, fn, userdata, stats, err);
}
