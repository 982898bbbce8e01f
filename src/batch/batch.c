/*
 * batch.c — ty_batch_run: many document pairs into one memory. `jobs` threads each take the
 * next pair, read both files, check their languages (swapped sides are swapped back), segment
 * them, and align them unless the memory holds their content already; then the pair is judged
 * (ty_pair_check_alignment). The calling thread is the only writer: it takes the pairs in
 * list order, stores each (ty_tm_add_alignment, all or nothing; a pair whose files changed
 * replaces its earlier version in the same transaction, ty_tm_replace_alignment), adds it to
 * the run's TMX file, and reports it once it is committed. Pairs are committed in groups (ty_tm_group_begin_bare): at most
 * TY__BATCH_GROUP pairs, the first of them waiting at most TY__BATCH_GROUP_SECONDS, which
 * spares the writer the most of what a commit costs; a pair that fails to store takes its
 * group back, and the pairs before it are stored again (restore). A pair the memory refuses
 * for its own content (a text over its limit) is reported as failed and the run goes on; any
 * other failure to store stops the run. Threads run at most a
 * window of pairs ahead of the writer, so memory stays bounded. A killed run loses only the
 * pairs not yet committed (those being aligned and those of the open group); the next run
 * skips those the memory holds. It neither pairs folders (pair_dirs.c) nor formats reports
 * (report_html.c, the program).
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/error.h"
#include "batch.h"

/* How many pairs the threads may run ahead of the writer, per thread. */
#define TY__BATCH_AHEAD 4
/* How often (seconds) the writer reports progress while it waits. */
#define TY__BATCH_TICK 0.25
/* A group of pairs committed together (ty_tm_group_begin): at most this many pairs, and its
 * first pair waits at most this long (seconds) for the others. */
#define TY__BATCH_GROUP 8
#define TY__BATCH_GROUP_SECONDS 0.25
/* The units stored are indexed (ty_tm_index_fold) at the end of the run and, after a group's
 * commit, once this many seconds have passed since the last time and at least
 * max(TY__BATCH_FOLD_UNITS, the units indexed / TY__BATCH_FOLD_SHARE) units are pending: a
 * fold's cost grows with the units it indexes (and the delta's pages they touch), so the folds
 * are counted in units, not by the clock, and a loaded machine does not fold more often. Other
 * processes' fuzzy lookups miss at most that many of a run's new units, for at least that
 * long. */
#define TY__BATCH_FOLD_SECONDS 10.0
#define TY__BATCH_FOLD_UNITS 4096
#define TY__BATCH_FOLD_SHARE 8

void ty_batch_opts_init(ty_batch_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->jobs = 1;
    ty_decode_opts_init(&opts->decode);
    ty_align_opts_init(&opts->align);
    ty_pair_check_opts_init(&opts->check);
    ty_tmx_write_opts_init(&opts->tmx);
}

const char *ty_batch_status_name(ty_batch_status s)
{
    switch (s) {
    case TY_BATCH_STORED: return "stored";
    case TY_BATCH_REPLACED: return "replaced";
    case TY_BATCH_UNCHANGED: return "unchanged";
    case TY_BATCH_REFUSED: return "refused";
    case TY_BATCH_FAILED: return "failed";
    case TY_BATCH_STATUSES: break;
    }
    return "?";
}

/* Worst first: failed, refused, then aligned pairs by mean confidence, then the pairs not
 * aligned (the memory held them); then list order. */
static int rank(const ty_batch_result *r)
{
    return r->status == TY_BATCH_FAILED ? 0 : r->status == TY_BATCH_REFUSED ? 1 : 2;
}

static int cmp_worst(const void *a, const void *b)
{
    const ty_batch_result *x = *(const ty_batch_result *const *)a;
    const ty_batch_result *y = *(const ty_batch_result *const *)b;
    if (rank(x) != rank(y))
        return rank(x) - rank(y);
    if (!x->summary.beads != !y->summary.beads)
        return x->summary.beads ? -1 : 1;
    if (x->summary.mean_confidence != y->summary.mean_confidence)
        return x->summary.mean_confidence < y->summary.mean_confidence ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

void ty_batch_results_sort(const ty_batch_result **results, size_t n)
{
    if (n > 1)
        qsort(results, n, sizeof *results, cmp_worst);
}

typedef struct slot {
    int state;           /* 0 waiting, 1 being read and aligned, 2 ready for the writer */
    ty_batch_result r;
    char *name;          /* the document's name in the memory: "JA | EN" */
    ty_doc *ja, *en;
    ty_alignment *al;
    char hash[33];
    int store;           /* aligned, judged a pair, not in the memory: to store */
    int for_tmx;         /* aligned (also or only) for the run's TMX file */
    double started;
} slot;

/* A document of the memory when the run began. */
typedef struct known_doc {
    long long id;
    char *name, *hash;
} known_doc;

typedef struct run {
    ty_tm *tm;
    const ty_path_pairs *pairs;
    const ty_batch_opts *o;
    slot *slots;
    size_t n, next, written, window;
    pthread_mutex_t mu;
    pthread_cond_t ready, room;
    int stop;
    known_doc *docs;    /* sorted by hash, for the threads (read-only while they run) */
    size_t ndocs, capdocs;
    char **tmx_paths;   /* per pair, with tmx_dir */
    double t0;
    double aligning_cpu; /* the threads', added as each ends (under mu) */
    size_t reported;     /* pairs reported: committed (the writer's) */
    size_t grouped;      /* pairs stored in the open group, not yet committed */
    double group_t0;     /* when the group's first pair was stored */
    double folded_t;     /* when the units stored were last indexed */
    long long indexed;   /* units in the memory when they were last indexed */
    long long pending;   /* units added since (by the pairs committed) */
    ty_batch_progress progress;
} run;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU seconds of the calling thread. */
static double thread_cpu(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
        return 0;
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_known(const void *a, const void *b)
{
    return strcmp(((const known_doc *)a)->hash, ((const known_doc *)b)->hash);
}

static ty_status collect(const ty_tm_document *d, void *user)
{
    run *r = user;
    known_doc *k;
    if (r->ndocs == r->capdocs) {
        size_t cap = r->capdocs ? 2 * r->capdocs : 256;
        known_doc *v = realloc(r->docs, cap * sizeof *v);
        if (!v)
            return TY_ERR_NOMEM;
        r->docs = v;
        r->capdocs = cap;
    }
    k = &r->docs[r->ndocs];
    k->id = d->id;
    k->name = strdup(d->name ? d->name : "");
    k->hash = strdup(d->hash ? d->hash : "");
    if (!k->name || !k->hash) {
        free(k->name);
        free(k->hash);
        return TY_ERR_NOMEM;
    }
    r->ndocs++;
    return TY_OK;
}

static int known_hash(const run *r, const char *hash)
{
    known_doc key = {0, NULL, (char *)hash};
    return r->ndocs && bsearch(&key, r->docs, r->ndocs, sizeof key, cmp_known) != NULL;
}

/* ---- the TMX file of each pair (tmx_dir) ---- */

static int mkdirs(const char *path) /* the folders above path */
{
    char *p = strdup(path);
    int rc = 0;
    if (!p)
        return -1;
    for (char *s = p + 1; *s && rc == 0; s++)
        if (*s == '/') {
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST)
                rc = -1;
            *s = '/';
        }
    free(p);
    return rc;
}

/* DIR/NAME with NAME's extension replaced by .tmx; a NAME that is absolute or climbs out
 * ("..") gives its base name only; a path used before in the run gets "-2", "-3", ... */
static char *tmx_path(const char *dir, const char *name, char **used, size_t nused)
{
    const char *rel = name, *slash, *dot;
    size_t len;
    char *p;

    if (rel[0] == '/' || strstr(rel, "..")) {
        slash = strrchr(rel, '/');
        rel = slash ? slash + 1 : rel;
    }
    while (rel[0] == '.' && rel[1] == '/')
        rel += 2;
    slash = strrchr(rel, '/');
    dot = strrchr(rel, '.');
    len = dot && (!slash || dot > slash + 1) ? (size_t)(dot - rel) : strlen(rel);
    for (int k = 1; k < 1000000; k++) {
        size_t size = strlen(dir) + len + 24;
        int dup = 0;
        if (!(p = malloc(size)))
            return NULL;
        if (k == 1)
            snprintf(p, size, "%s/%.*s.tmx", dir, (int)len, rel);
        else
            snprintf(p, size, "%s/%.*s-%d.tmx", dir, (int)len, rel, k);
        for (size_t i = 0; i < nused && !dup; i++)
            dup = used[i] && !strcmp(used[i], p);
        if (!dup)
            return p;
        free(p);
    }
    return NULL;
}

/* ---- one pair, on a thread ---- */

static void fail(slot *s, ty_batch_status status, const ty_error *e)
{
    s->r.status = status;
    s->r.error = *e;
}

static ty_tmx_write_opts pair_tmx_opts(const run *r, const slot *s)
{
    ty_tmx_write_opts t = r->o->tmx;
    t.ja_document = s->r.swapped ? s->r.pair->en_name : s->r.pair->ja_name;
    t.en_document = s->r.swapped ? s->r.pair->ja_name : s->r.pair->en_name;
    return t;
}

/* Read a pair's two documents, `ja` in Japanese and `en` in English. */
static ty_status read_pair(ty__reader *rd, const ty_decode_opts *decode, const char *ja,
                           const char *en, slot *s, ty_error *e)
{
    ty_status st;

    ty_doc_free(s->ja);
    ty_doc_free(s->en);
    s->ja = s->en = NULL;
    if ((st = ty__read_doc(rd, ja, TY_LANG_JA, decode, &s->ja, e)) == TY_OK)
        st = ty__read_doc(rd, en, TY_LANG_EN, decode, &s->en, e);
    return st;
}

static void process(run *r, ty__reader *rd, slot *s)
{
    const ty_path_pair *p = s->r.pair;
    const char *jp = p->ja, *ep = p->en;
    ty_pair_check k;
    ty_error e;
    int need_tmx = 0;

    ty_error_clear(&e);
    s->started = now();
    if (read_pair(rd, &r->o->decode, jp, ep, s, &e) != TY_OK) {
        fail(s, TY_BATCH_FAILED, &e);
        goto done;
    }
    k = ty_pair_check_docs(s->ja, s->en);
    if (k == TY_PAIR_SWAPPED && r->o->strict) {
        ty__fail(&e, TY_ERR_FORMAT, jp, -1, -1, "%s (and %s): strict: not swapped back",
                 ty_pair_check_text(k), ep);
        fail(s, TY_BATCH_FAILED, &e);
        goto done;
    }
    if (k == TY_PAIR_SWAPPED) { /* read again, each side segmented in its own language */
        s->r.swapped = 1;
        if (read_pair(rd, &r->o->decode, ep, jp, s, &e) != TY_OK) {
            fail(s, TY_BATCH_FAILED, &e);
            goto done;
        }
    } else if (k != TY_PAIR_OK && !r->o->force) {
        ty__fail(&e, TY_ERR_FORMAT, k == TY_PAIR_NOT_JAPANESE ? jp : ep, -1, -1, "%s",
                 ty_pair_check_text(k));
        fail(s, TY_BATCH_FAILED, &e);
        goto done;
    }
    if (!ty_doc_count(s->ja) || !ty_doc_count(s->en)) {
        ty__fail(&e, TY_ERR_FORMAT, ty_doc_count(s->ja) ? ty_doc_name(s->en) : ty_doc_name(s->ja),
                 -1, -1, "no text");
        fail(s, TY_BATCH_FAILED, &e);
        goto done;
    }
    s->r.summary.ja_segments = ty_doc_count(s->ja);
    s->r.summary.en_segments = ty_doc_count(s->en);
    ty_tm_alignment_hash(s->ja, s->en, s->hash);
    if (r->o->tmx_dir) {
        struct stat sb;
        need_tmx = stat(r->tmx_paths[s - r->slots], &sb) != 0;
    }
    s->for_tmx = r->o->tmx_file != NULL;
    if (known_hash(r, s->hash) && !need_tmx && !s->for_tmx) {
        s->r.status = TY_BATCH_UNCHANGED;
        goto done;
    }
    if (ty_align(s->ja, s->en, &r->o->align, &s->al, &e) != TY_OK) {
        fail(s, TY_BATCH_FAILED, &e);
        goto done;
    }
    if (ty_alignment_summarize_pair(s->ja, s->en, s->al, &s->r.summary, &e) != TY_OK) {
        fail(s, TY_BATCH_FAILED, &e);
        goto done;
    }
    if (ty_pair_check_alignment(&s->r.summary, &r->o->check) != TY_PAIR_OK && !r->o->force) {
        char why[80] = "";
        if (ty_pair_score(&s->r.summary) >= 0)
            snprintf(why, sizeof why, ", anchors agreeing %.2f: score %.2f",
                     s->r.summary.agreement, ty_pair_score(&s->r.summary));
        ty__fail(&e, TY_ERR_FORMAT, jp, -1, -1,
                 "%s (and %s): mean confidence %.2f, %.0f%% of the segments unpaired%s",
                 ty_pair_check_text(TY_PAIR_NOT_TRANSLATION), ep, s->r.summary.mean_confidence,
                 100 * s->r.summary.unpaired_share, why);
        fail(s, TY_BATCH_REFUSED, &e);
        s->for_tmx = 0;
        goto done;
    }
    if (need_tmx) {
        ty_tmx_write_opts t = pair_tmx_opts(r, s);
        const char *path = r->tmx_paths[s - r->slots];
        if (mkdirs(path) != 0 || ty_tmx_write_alignment(path, s->ja, s->en, s->al, &t, NULL, &e)) {
            if (e.status == TY_OK)
                ty__fail(&e, TY_ERR_IO, path, -1, -1, "cannot make its folder: %s",
                         strerror(errno));
            fail(s, TY_BATCH_FAILED, &e);
            goto done;
        }
    }
    if (known_hash(r, s->hash))
        s->r.status = TY_BATCH_UNCHANGED;
    else
        s->store = 1;
done:
    s->r.seconds = now() - s->started;
}

static void *worker(void *arg)
{
    run *r = arg;
    double cpu0 = thread_cpu();
    ty__reader rd;
    ty_error e;

    if (ty__reader_init(&rd, &e) != TY_OK)
        memset(&rd, 0, sizeof rd); /* each pair then fails on its own with the reason */
    for (;;) {
        size_t i;
        pthread_mutex_lock(&r->mu);
        while (!r->stop && r->next < r->n && r->next >= r->written + r->window)
            pthread_cond_wait(&r->room, &r->mu);
        if (r->stop || r->next >= r->n) {
            pthread_mutex_unlock(&r->mu);
            break;
        }
        i = r->next++;
        r->slots[i].state = 1;
        pthread_mutex_unlock(&r->mu);
        if (rd.seg[0]) {
            process(r, &rd, &r->slots[i]);
        } else {
            r->slots[i].r.status = TY_BATCH_FAILED;
            r->slots[i].r.error = e;
        }
        pthread_mutex_lock(&r->mu);
        r->slots[i].state = 2;
        pthread_cond_broadcast(&r->ready);
        pthread_mutex_unlock(&r->mu);
    }
    ty__reader_done(&rd);
    pthread_mutex_lock(&r->mu);
    r->aligning_cpu += thread_cpu() - cpu0;
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

/* ---- the writer ---- */

static void tick(run *r)
{
    r->progress.elapsed = now() - r->t0;
    if (r->o->on_progress)
        r->o->on_progress(&r->progress, r->o->userdata);
}

static char *doc_name(const ty_path_pair *p, int swapped)
{
    const char *a = swapped ? p->en_name : p->ja_name, *b = swapped ? p->ja_name : p->en_name;
    size_t len = strlen(a) + strlen(b) + 4;
    char *s = malloc(len);
    if (s)
        snprintf(s, len, "%s | %s", a, b);
    return s;
}

/* Whether k is an earlier version of pair s still in the memory (its name, other content). */
static int earlier(const known_doc *k, const slot *s)
{
    return k->id > 0 && !strcmp(k->name, s->name) && strcmp(k->hash, s->hash);
}

/* Whether the memory holds an earlier version of the pair. */
static int replaces(const run *r, const slot *s)
{
    for (size_t i = 0; i < r->ndocs; i++)
        if (earlier(&r->docs[i], s))
            return 1;
    return 0;
}

/* Whether the memory holds pair s's content under its name beside an earlier version (as a
 * run of a version that replaced a pair in two transactions could leave when stopped between
 * them). */
static int held_as_named(const run *r, const slot *s)
{
    for (size_t i = 0; i < r->ndocs; i++) {
        const known_doc *k = &r->docs[i];
        if (k->id > 0 && !strcmp(k->name, s->name) && !strcmp(k->hash, s->hash))
            return 1;
    }
    return 0;
}

/* The earlier versions of pair s (its name, other content) out of the memory, each removal a
 * transaction of its own, when the memory holds s's content already (held_as_named); *removed
 * is set when there was one. */
static ty_status drop_earlier(run *r, const slot *s, int *removed, ty_error *err)
{
    for (size_t i = 0; i < r->ndocs; i++) {
        known_doc *k = &r->docs[i];
        ty_status st;
        if (!earlier(k, s))
            continue;
        if ((st = ty_tm_remove_document(r->tm, k->id, NULL, err)) != TY_OK)
            return st;
        k->id = 0; /* removed */
        *removed = 1;
    }
    return TY_OK;
}

/* A pair's documents and alignment, kept until it is reported (a bare group that fails
 * takes its pairs back: restore). */
static void slot_clear(slot *s)
{
    ty_alignment_free(s->al);
    ty_doc_free(s->ja);
    ty_doc_free(s->en);
    free(s->name);
    s->al = NULL;
    s->ja = s->en = NULL;
    s->name = NULL;
}

/* Report pair `i` (after its group committed). */
static void report(run *r, size_t i, ty_batch_totals *totals)
{
    slot *s = &r->slots[i];
    ty_batch_status k = s->r.status;

    r->progress.done++;
    r->pending += (long long)s->r.import.added;
    r->progress.failed += k == TY_BATCH_FAILED || k == TY_BATCH_REFUSED;
    r->progress.sentences += s->r.summary.ja_segments + s->r.summary.en_segments;
    if (totals) {
        totals->pairs++;
        totals->by_status[k]++;
        totals->units_added += s->r.import.added;
        totals->sentences += s->r.summary.ja_segments + s->r.summary.en_segments;
    }
    if (r->o->on_result)
        r->o->on_result(&s->r, r->o->userdata);
    slot_clear(s);
    tick(r);
}

int ty__batch_fold_due(long long indexed, long long pending, double since)
{
    long long least = indexed / TY__BATCH_FOLD_SHARE;

    if (least < TY__BATCH_FOLD_UNITS)
        least = TY__BATCH_FOLD_UNITS;
    return pending >= least && since >= TY__BATCH_FOLD_SECONDS;
}

/* Index the pending units (ty_tm_index_fold). */
static ty_status fold(run *r, ty_error *err)
{
    ty_status st = ty_tm_index_fold(r->tm, err);

    r->folded_t = now();
    if (st == TY_OK) {
        r->indexed += r->pending;
        r->pending = 0;
    }
    return st;
}

/* Commit the open group and report the pairs before `upto` not reported yet: a pair is
 * reported only once it is on the disk (when the commit fails, those pairs are never
 * reported: the run stops). */
static ty_status flush(run *r, size_t upto, ty_batch_totals *totals, ty_error *err)
{
    ty_status st = ty_tm_group_commit(r->tm, err);

    r->grouped = 0;
    if (st != TY_OK) {
        r->reported = upto;
        return st;
    }
    for (; r->reported < upto; r->reported++)
        report(r, r->reported, totals);
    return ty__batch_fold_due(r->indexed, r->pending, now() - r->folded_t) ? fold(r, err) : TY_OK;
}

/* Wait until slot `s` is aligned, reporting progress meanwhile and committing the open group
 * when its time is up. */
static ty_status wait_ready(run *r, slot *s, ty_batch_totals *totals, ty_error *err)
{
    ty_status st = TY_OK;

    pthread_mutex_lock(&r->mu);
    while (s->state != 2 && st == TY_OK) {
        double wait = TY__BATCH_TICK, left = r->group_t0 + TY__BATCH_GROUP_SECONDS - now();
        struct timespec until;
        if (r->grouped && left < wait)
            wait = left > 0 ? left : 0;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += (long)(wait * 1e9);
        while (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        if (pthread_cond_timedwait(&r->ready, &r->mu, &until) == ETIMEDOUT) {
            pthread_mutex_unlock(&r->mu);
            if (r->grouped && now() - r->group_t0 >= TY__BATCH_GROUP_SECONDS)
                st = flush(r, s - r->slots, totals, err);
            tick(r);
            pthread_mutex_lock(&r->mu);
        }
    }
    pthread_mutex_unlock(&r->mu);
    return st;
}

/* After pair `upto` failed to store: the pairs of its group stored before it, which a bare
 * group's failure rolled back (ty_tm_group_begin_bare), stored again, each committed on its
 * own (a no-op for those still in the open group). Returns the first pair not in the memory
 * then: the pairs from there on are not reported, as after a kill. */
static size_t restore(run *r, size_t upto)
{
    for (size_t k = r->reported; k < upto; k++) {
        slot *s = &r->slots[k];
        ty_tm_docinfo info = {s->name, NULL, NULL, r->o->imported_at};
        ty_tm_import_stats again;
        ty_error ignored;
        if (!s->store || s->r.status != TY_BATCH_STORED)
            continue;
        ty_error_clear(&ignored);
        if (ty_tm_add_alignment(r->tm, s->ja, s->en, s->al, &info, &again, &ignored) != TY_OK)
            return k;
    }
    return upto;
}

/* Pair `i` failed to store for its own content (a text over the memory's limit, `err`): it is
 * reported as failed, the pairs of its group before it, which the failure rolled back, are
 * stored again, and the run goes on. A failure to store those again stops the run. */
static ty_status refused(run *r, size_t i, ty_batch_totals *totals, ty_error *err)
{
    slot *s = &r->slots[i];
    ty_error why;
    size_t k;
    ty_status st;

    /* the memory's message names the memory and the unit; the pair's files are named first */
    ty__fail(&why, err->status, s->r.pair->ja, -1, -1, "not stored (and %s): %s", s->r.pair->en,
             err->message);
    fail(s, TY_BATCH_FAILED, &why);
    s->store = 0;
    ty_error_clear(err);
    k = restore(r, i);
    if ((st = flush(r, k, totals, err)) != TY_OK)
        return st;
    if (k < i)
        return ty__fail(err, TY_ERR_IO, s->r.pair->ja, -1, -1,
                        "the pairs of its group before it could not be stored again");
    return flush(r, i + 1, totals, err);
}

/* The ids of the earlier versions of pair s (its name, other content) into ids[0, *n)
 * (malloc'd; NULL when there are none). -1 when out of memory. */
static int earlier_ids(const run *r, const slot *s, long long **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    for (size_t i = 0; i < r->ndocs; i++) {
        const known_doc *k = &r->docs[i];
        long long *v;
        if (!earlier(k, s))
            continue;
        if (!(v = realloc(*ids, (*n + 1) * sizeof *v))) {
            free(*ids);
            *ids = NULL;
            return -1;
        }
        *ids = v;
        v[(*n)++] = k->id;
    }
    return 0;
}

/* Store one pair (in the writer): the new version in and the earlier versions of it (same
 * name, other content) out, in one transaction (ty_tm_replace_alignment, outside a group): a
 * pair the memory refuses leaves the earlier version where it was, and a run stopped at any
 * moment leaves one version or the other. A failure of the memory stops the run. */
static ty_status store(run *r, slot *s, ty_tmx_writer *tw, ty_error *err)
{
    ty_tm_docinfo info = {NULL, NULL, NULL, r->o->imported_at};
    double t = now();
    ty_status st = TY_OK;

    if (s->store) {
        long long *ids;
        size_t n;
        info.name = s->name;
        if (earlier_ids(r, s, &ids, &n) != 0)
            return ty__nomem(err);
        st = ty_tm_replace_alignment(r->tm, s->ja, s->en, s->al, &info, ids, n, &s->r.import,
                                     err);
        free(ids);
        if (st != TY_OK)
            return st;
        for (size_t i = 0; i < r->ndocs && s->r.import.replaced; i++)
            if (earlier(&r->docs[i], s))
                r->docs[i].id = 0; /* removed */
        if (s->r.import.already)
            s->r.status = TY_BATCH_UNCHANGED; /* another pair of this run had the same content */
        else
            s->r.status = s->r.import.replaced ? TY_BATCH_REPLACED : TY_BATCH_STORED;
    }
    if (tw && s->for_tmx && s->al) {
        ty_tmx_write_opts o = pair_tmx_opts(r, s);
        if ((st = ty_tmx_writer_add_alignment(tw, s->ja, s->en, s->al, &o, NULL, err)) != TY_OK)
            return st;
    }
    s->r.seconds += now() - t;
    return TY_OK;
}

ty_status ty_batch_run(ty_tm *tm, const ty_path_pairs *pairs, const ty_batch_opts *opts,
                       ty_batch_totals *totals, ty_error *err)
{
    ty_batch_opts defaults;
    run r;
    pthread_t *threads = NULL;
    size_t started = 0;
    ty_tmx_writer *tw = NULL;
    ty_status st = TY_OK;
    ty_tm_info info;
    int sync = 0;
    double cpu0 = thread_cpu();

    if (!opts) {
        ty_batch_opts_init(&defaults);
        opts = &defaults;
    }
    if (totals)
        memset(totals, 0, sizeof *totals);
    if (!tm || !pairs)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "ty_batch_run: no memory or pairs");
    if (opts->tmx_dir && opts->tmx_file)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                        "a batch writes a TMX folder or one TMX file, not both");
    memset(&r, 0, sizeof r);
    r.tm = tm;
    r.pairs = pairs;
    r.o = opts;
    for (size_t i = 0; i < ty_path_pairs_count(pairs); i++) {
        const ty_path_pair *p = ty_path_pairs_get(pairs, i);
        r.n += p->ja && p->en;
    }
    r.window = (opts->jobs ? opts->jobs : 1) * TY__BATCH_AHEAD;
    r.t0 = now();
    r.progress.total = r.n;
    if (!(r.slots = calloc(r.n + 1, sizeof *r.slots)) ||
        (opts->tmx_dir && !(r.tmx_paths = calloc(r.n + 1, sizeof *r.tmx_paths)))) {
        st = ty__nomem(err);
        goto done;
    }
    for (size_t i = 0, at = 0; i < ty_path_pairs_count(pairs); i++) {
        const ty_path_pair *p = ty_path_pairs_get(pairs, i);
        if (!p->ja || !p->en)
            continue; /* a document without counterpart */
        r.slots[at].r.index = i;
        r.slots[at].r.pair = p;
        if (opts->tmx_dir &&
            !(r.tmx_paths[at] = tmx_path(opts->tmx_dir, p->ja_name, r.tmx_paths, at))) {
            st = ty__nomem(err);
            goto done;
        }
        at++;
    }
    if ((st = ty_tm_documents(tm, collect, &r, err)) != TY_OK) {
        if (st == TY_ERR_NOMEM)
            ty__nomem(err);
        goto done;
    }
    if (r.ndocs)
        qsort(r.docs, r.ndocs, sizeof *r.docs, cmp_known);
    /* what a killed run left pending is indexed first; this run's units are indexed in bulk */
    if ((st = ty_tm_index_fold(tm, err)) != TY_OK ||
        (st = ty_tm_get_info(tm, &info, err)) != TY_OK)
        goto done;
    ty_tm_index_defer(tm, 1);
    r.folded_t = now();
    r.indexed = info.units;
    if (opts->tmx_file && (st = ty_tmx_writer_open(opts->tmx_file, &opts->tmx, &tw, err)) != TY_OK)
        goto done;
    if (pthread_mutex_init(&r.mu, NULL) != 0 || pthread_cond_init(&r.ready, NULL) != 0 ||
        pthread_cond_init(&r.room, NULL) != 0) {
        st = ty__fail(err, TY_ERR_INTERNAL, NULL, -1, -1, "cannot make the threads' locks");
        goto done;
    }
    sync = 1;
    if (!(threads = calloc(opts->jobs ? opts->jobs : 1, sizeof *threads))) {
        st = ty__nomem(err);
        goto done;
    }
    for (size_t j = 0; j < (opts->jobs ? opts->jobs : 1); j++)
        if (pthread_create(&threads[started], NULL, worker, &r) == 0)
            started++;
    if (!started) {
        st = ty__fail(err, TY_ERR_INTERNAL, NULL, -1, -1, "cannot start a thread");
        goto done;
    }
    tick(&r);
    for (size_t i = 0; i < r.n && st == TY_OK; i++) {
        slot *s = &r.slots[i];
        int alone = 0;
        if ((st = wait_ready(&r, s, totals, err)) != TY_OK)
            break;
        if ((s->store || s->r.status == TY_BATCH_UNCHANGED) &&
            !(s->name = doc_name(s->r.pair, s->r.swapped)))
            st = ty__nomem(err);
        else if (s->store && (alone = replaces(&r, s)))
            st = flush(&r, i, totals, err); /* a replace runs outside a group */
        else if (!s->store && s->name && held_as_named(&r, s) && replaces(&r, s)) {
            int removed = 0; /* a stopped run's earlier version, left beside the new one */
            if ((st = flush(&r, i, totals, err)) == TY_OK)
                st = drop_earlier(&r, s, &removed, err);
        }
        else if (s->store && !r.grouped && (st = ty_tm_group_begin_bare(tm, err)) == TY_OK)
            r.group_t0 = now();
        if (st == TY_OK)
            st = store(&r, s, tw, err);
        if (st == TY_ERR_TOOBIG) /* this pair's own content: it fails alone, the run goes on */
            st = refused(&r, i, totals, err);
        r.grouped += st == TY_OK && s->store && !alone;
        pthread_mutex_lock(&r.mu);
        r.written = i + 1;
        if (st != TY_OK)
            r.stop = 1;
        pthread_cond_broadcast(&r.room);
        pthread_mutex_unlock(&r.mu);
        if (st == TY_OK && (!r.grouped || r.grouped >= TY__BATCH_GROUP ||
                            now() - r.group_t0 >= TY__BATCH_GROUP_SECONDS))
            st = flush(&r, i + 1, totals, err);
        else if (st != TY_OK) { /* the pairs stored before this one stay */
            ty_error ignored;
            ty_error_clear(&ignored);
            flush(&r, restore(&r, i), totals, &ignored);
        }
    }
    if (st == TY_OK)
        st = flush(&r, r.n, totals, err);
    if (st == TY_OK)
        st = ty_tm_index_fold(tm, err);
    if (tw) {
        ty_status ct = st == TY_OK ? ty_tmx_writer_close(tw, err) : TY_OK;
        if (st != TY_OK)
            ty_tmx_writer_abort(tw);
        tw = NULL;
        st = st == TY_OK ? ct : st;
    }
done:
    if (sync) {
        pthread_mutex_lock(&r.mu);
        r.stop = 1;
        pthread_cond_broadcast(&r.room);
        pthread_mutex_unlock(&r.mu);
    }
    for (size_t j = 0; j < started; j++)
        pthread_join(threads[j], NULL);
    if (st != TY_OK) { /* the pairs committed are indexed, or else by the next writer */
        ty_error ignored;
        ty_error_clear(&ignored);
        ty_tm_index_fold(tm, &ignored);
    }
    ty_tm_index_defer(tm, 0);
    if (totals) {
        totals->writer_cpu = thread_cpu() - cpu0;
        totals->aligning_cpu = r.aligning_cpu;
    }
    if (sync) {
        pthread_mutex_destroy(&r.mu);
        pthread_cond_destroy(&r.ready);
        pthread_cond_destroy(&r.room);
    }
    ty_tmx_writer_abort(tw);
    free(threads);
    for (size_t i = 0; i < r.n && r.slots; i++)
        slot_clear(&r.slots[i]);
    free(r.slots);
    for (size_t i = 0; i < r.n && r.tmx_paths; i++)
        free(r.tmx_paths[i]);
    free(r.tmx_paths);
    for (size_t i = 0; i < r.ndocs; i++) {
        free(r.docs[i].name);
        free(r.docs[i].hash);
    }
    free(r.docs);
    return st;
}
