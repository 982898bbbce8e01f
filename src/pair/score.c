/*
 * score.c — which English documents may translate which Japanese ones, and how well: the
 * weight of every key (how rare it is in each language's half of the archive), the candidates
 * of each document (the other side's documents that share its rarest keys, found through the
 * inverted index, never by comparing all pairs), and each candidate pair's features and score.
 * The one-to-one choice among the candidates is assign.c's.
 *
 * Weights. A key that n_ja of N_ja Japanese and n_en of N_en English documents hold says, when
 * a pair shares it, w = f_kind * (ln(N_ja / n_ja) + ln(N_en / n_en)) / 2: a date two documents
 * share says much, "2024" little. A key only one language holds cannot be shared and weighs 0
 * (most English words as Latin tokens). As a fact (a number, date, Latin token or name) a key
 * also has wf = ln(N / n), N and n over both languages, which counts even when the other
 * language does not hold it: a translation keeps the facts of its original, and a look-alike
 * of the same series (another press conference of the same minister) differs in just those.
 *
 * Features of a candidate pair (ty__pedge): content, the weight of the keys it shares over the
 * geometric mean of what either document could share (a cosine in [0, 1]); fact_ja, the
 * weighted share of the Japanese document's facts that the English one holds; fact_en, the
 * same for the English document's numbers and dates; length, the log ratio of their lengths
 * less the archive's typical ratio.
 */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "anchors/anchors.h"
#include "base/alloc.h"
#include "base/error.h"
#include "pair.h"

/* How much a shared key of each kind says, relative to the others. */
static const float kind_factor[TY__PK_KINDS] = {
    [TY_ANCHOR_NUMBER] = 1.0f, [TY_ANCHOR_LATIN] = 1.0f, [TY_ANCHOR_LEXICON] = 0.5f,
    [TY_ANCHOR_NAME] = 1.0f,   [TY__PK_DATE] = 1.5f,     [TY__PK_FILE] = 1.0f};

/* A document's keys that look for candidates (its weightiest: rarest in both languages), and
 * the commonest such a key may be (held by at most this many documents of the other language,
 * or 2 % of them). */
#define TY__PAIR_PROBE_KEYS 128
/* The scoring's constants (doc/performance.md says how they were chosen): a prior weight of
 * agreeing facts (one rare fact, about), the spread of the log length and segment ratios,
 * the factor for each of (at most two) own facts when both documents hold some and none is
 * found, and the factor when only one holds some and none is found. */
#define TY__PAIR_FACT_PRIOR 5.0
#define TY__PAIR_LENGTH_SD 0.8
#define TY__PAIR_SEGMENTS_SD 0.3
#define TY__PAIR_CONTRADICTION 0.2
#define TY__PAIR_UNMATCHED 0.4
#define TY__PAIR_PROBE_DF 48

static int is_fact(unsigned kind)
{
    return kind == TY_ANCHOR_NUMBER || kind == TY__PK_DATE || kind == TY_ANCHOR_LATIN ||
           kind == TY_ANCHOR_NAME;
}

/* Facts the English side is judged by: numbers and dates (every capitalized English word is
 * a "name" key and every word a Latin one, most of which no Japanese text can hold). */
static int is_en_fact(unsigned kind)
{
    return kind == TY_ANCHOR_NUMBER || kind == TY__PK_DATE;
}

static void weigh(ty__parchive *a)
{
    double nj = (double)a->n[0], ne = (double)a->n[1];
    for (size_t k = 0; k < a->nkeys; k++) {
        ty__pkey *p = &a->keys[k];
        unsigned kind = TY__PK_KIND(p->key);
        p->w = 0;
        if (p->df[0] && p->df[1])
            p->w = kind_factor[kind] * 0.5f *
                   (float)(log((nj + 1) / p->df[0]) + log((ne + 1) / p->df[1]));
        p->wf = (float)log((nj + ne + 2) / (double)(p->df[0] + p->df[1]));
    }
}

typedef struct pscore {
    ty__parchive *a;
    size_t per_doc;
    double *could[2];  /* per document: the weight of its keys the other language holds */
    double *facts[2];  /* per document: the fact weight it is judged by */
} pscore;

typedef struct pworker {
    pscore *s;
    int lang;
    size_t first, last; /* documents [first, last) of `lang` */
    float *acc;         /* per document of the other language */
    uint32_t *touched;
    ty__pedges edges;
    uint32_t *probe;
    int failed;
    pthread_t thread;
} pworker;

static int push_edge(ty__pedges *e, uint32_t ja, uint32_t en)
{
    if (e->n == e->cap && ty__grow((void **)&e->v, &e->cap, e->n + 1, sizeof *e->v))
        return -1;
    memset(&e->v[e->n], 0, sizeof e->v[0]);
    e->v[e->n].ja = ja;
    e->v[e->n].en = en;
    e->n++;
    return 0;
}

/* Candidates of one document: the other side's documents that share its weightiest keys, the
 * best `per_doc` by shared weight. */
static int candidates_of(pworker *w, size_t d)
{
    const ty__parchive *a = w->s->a;
    int l = w->lang, o = 1 - l;
    size_t cap = a->n[o] / 50 > TY__PAIR_PROBE_DF ? a->n[o] / 50 : TY__PAIR_PROBE_DF;
    size_t nprobe = 0, ntouched = 0;

    for (size_t i = a->ids_at[l][d]; i < a->ids_at[l][d + 1]; i++) {
        uint32_t id = a->ids[l][i];
        const ty__pkey *k = &a->keys[id];
        if (k->w <= 0 || k->df[o] > cap)
            continue;
        /* keep the TY__PAIR_PROBE_KEYS weightiest (rarest in both languages): insertion into
         * a short sorted list */
        if (nprobe == TY__PAIR_PROBE_KEYS && a->keys[w->probe[nprobe - 1]].w >= k->w)
            continue;
        size_t at = nprobe < TY__PAIR_PROBE_KEYS ? nprobe++ : nprobe - 1;
        while (at > 0 && a->keys[w->probe[at - 1]].w < k->w) {
            w->probe[at] = w->probe[at - 1];
            at--;
        }
        w->probe[at] = id;
    }
    for (size_t p = 0; p < nprobe; p++) {
        uint32_t id = w->probe[p];
        float kw = a->keys[id].w;
        for (size_t i = a->post_at[o][id]; i < a->post_at[o][id + 1]; i++) {
            uint32_t y = a->post[o][i];
            if (w->acc[y] == 0)
                w->touched[ntouched++] = y;
            w->acc[y] += kw;
        }
    }
    /* the best per_doc of the touched documents: a partial selection */
    for (size_t c = 0; c < w->s->per_doc && c < ntouched; c++) {
        size_t best = c;
        for (size_t i = c + 1; i < ntouched; i++)
            if (w->acc[w->touched[i]] > w->acc[w->touched[best]] ||
                (w->acc[w->touched[i]] == w->acc[w->touched[best]] &&
                 w->touched[i] < w->touched[best]))
                best = i;
        uint32_t t = w->touched[c];
        w->touched[c] = w->touched[best];
        w->touched[best] = t;
        if (push_edge(&w->edges, l ? w->touched[c] : (uint32_t)d, l ? (uint32_t)d : w->touched[c]))
            return -1;
    }
    for (size_t i = 0; i < ntouched; i++)
        w->acc[w->touched[i]] = 0;
    return 0;
}

static void *candidates_run(void *arg)
{
    pworker *w = arg;
    for (size_t d = w->first; d < w->last && !w->failed; d++)
        if (candidates_of(w, d) != 0)
            w->failed = 1;
    return NULL;
}

static int cmp_edge(const void *x, const void *y)
{
    const ty__pedge *a = x, *b = y;
    if (a->ja != b->ja)
        return a->ja < b->ja ? -1 : 1;
    return a->en < b->en ? -1 : a->en > b->en;
}

/* The features of one candidate pair: a merge of the two sorted key-id lists. */
static void features(const pscore *s, ty__pedge *e)
{
    const ty__parchive *a = s->a;
    const uint32_t *x = a->ids[0] + a->ids_at[0][e->ja], *xe = a->ids[0] + a->ids_at[0][e->ja + 1];
    const uint32_t *y = a->ids[1] + a->ids_at[1][e->en], *ye = a->ids[1] + a->ids_at[1][e->en + 1];
    double shared = 0, fja = 0, fen = 0, cj, ce, len_j, len_e;

    e->own_ja = e->own_ja_found = e->own_en = e->own_en_found = 0;
    while (x < xe || y < ye) {
        if (y >= ye || (x < xe && *x < *y)) {
            const ty__pkey *k = &a->keys[*x++];
            e->own_ja += k->df[0] == 1 && is_en_fact(TY__PK_KIND(k->key));
        } else if (x >= xe || *y < *x) {
            const ty__pkey *k = &a->keys[*y++];
            e->own_en += k->df[1] == 1 && is_en_fact(TY__PK_KIND(k->key));
        } else {
            const ty__pkey *k = &a->keys[*x];
            unsigned kind = TY__PK_KIND(k->key);
            if (is_en_fact(kind)) {
                e->own_ja += k->df[0] == 1;
                e->own_ja_found += k->df[0] == 1;
                e->own_en += k->df[1] == 1;
                e->own_en_found += k->df[1] == 1;
            }
            shared += k->w;
            if (is_fact(kind))
                fja += k->wf;
            if (is_en_fact(kind))
                fen += k->wf;
            x++;
            y++;
        }
    }
    cj = s->could[0][e->ja];
    ce = s->could[1][e->en];
    e->content = cj > 0 && ce > 0 ? (float)(shared / sqrt(cj * ce)) : 0;
    e->facts_ja = (float)s->facts[0][e->ja];
    e->facts_en = (float)s->facts[1][e->en];
    e->fact_ja = s->facts[0][e->ja] > 0 ? (float)(fja / s->facts[0][e->ja]) : 1;
    e->fact_en = s->facts[1][e->en] > 0 ? (float)(fen / s->facts[1][e->en]) : 1;
    len_j = (double)a->docs[0][e->ja]->chars + 1;
    len_e = (double)a->docs[1][e->en]->chars + 1;
    e->length = (float)log(len_e / len_j);
    e->segments = (float)log(((double)a->docs[1][e->en]->segments + 1) /
                             ((double)a->docs[0][e->ja]->segments + 1));
}

typedef struct fworker {
    const pscore *s;
    ty__pedge *v;
    size_t n;
    pthread_t thread;
} fworker;

static void *features_run(void *arg)
{
    fworker *w = arg;
    for (size_t i = 0; i < w->n; i++)
        features(w->s, &w->v[i]);
    return NULL;
}

/* The features of every edge, on `jobs` threads. -1 when out of memory. */
static int score_all(const pscore *s, ty__pedges *e, size_t jobs)
{
    fworker *w = calloc(jobs, sizeof *w);
    size_t started = 0;

    if (!w)
        return -1;
    for (size_t j = 0; j < jobs; j++) {
        w[j].s = s;
        w[j].v = e->v + e->n * j / jobs;
        w[j].n = e->n * (j + 1) / jobs - e->n * j / jobs;
    }
    for (size_t j = 1; j < jobs; j++) {
        if (pthread_create(&w[j].thread, NULL, features_run, &w[j]) != 0)
            break;
        started = j;
    }
    features_run(&w[0]);
    for (size_t j = 1; j <= started; j++)
        pthread_join(w[j].thread, NULL);
    for (size_t j = started + 1; j < jobs; j++)
        features_run(&w[j]); /* threads that could not start */
    free(w);
    return 0;
}

static int cmp_float(const void *x, const void *y)
{
    float a = *(const float *)x, b = *(const float *)y;
    return a < b ? -1 : a > b;
}

/* The archive's typical log ratio of lengths (which 0) or of segments (1): the median over the
 * pairs whose content is the best of both their documents (most of them are translations). */
static float typical(const ty__pedges *e, size_t nja, size_t nen, int which)
{
    float *best[2], *v, m = 0;
    size_t n = 0;

    best[0] = calloc(nja + 1, sizeof(float));
    best[1] = calloc(nen + 1, sizeof(float));
    v = malloc((e->n + 1) * sizeof *v);
    if (!best[0] || !best[1] || !v)
        goto done;
    for (size_t i = 0; i < e->n; i++) {
        if (e->v[i].content > best[0][e->v[i].ja])
            best[0][e->v[i].ja] = e->v[i].content;
        if (e->v[i].content > best[1][e->v[i].en])
            best[1][e->v[i].en] = e->v[i].content;
    }
    for (size_t i = 0; i < e->n; i++)
        if (e->v[i].content > 0 && e->v[i].content == best[0][e->v[i].ja] &&
            e->v[i].content == best[1][e->v[i].en])
            v[n++] = which ? e->v[i].segments : e->v[i].length;
    if (n) {
        qsort(v, n, sizeof *v, cmp_float);
        m = v[n / 2];
    }
done:
    free(best[0]);
    free(best[1]);
    free(v);
    return m;
}

/* The score the assignment maximizes, in [0, 1]: the content shared, scaled down where the
 * facts disagree, where the lengths or the numbers of segments do not fit a translation, and
 * where the numbers and dates that only one document of a language holds -- what tells a
 * press conference from the one a week later -- are not found on the other side (the square
 * root of found + 1 of held + 1), most of all when none is found and both hold some. */
static float edge_score(const ty__pedge *e)
{
    double fj = (e->fact_ja * e->facts_ja + TY__PAIR_FACT_PRIOR) / (e->facts_ja + TY__PAIR_FACT_PRIOR);
    double fe = (e->fact_en * e->facts_en + TY__PAIR_FACT_PRIOR) / (e->facts_en + TY__PAIR_FACT_PRIOR);
    double f = fj < fe ? fj : fe;
    double dl = e->length / TY__PAIR_LENGTH_SD, ds = e->segments / TY__PAIR_SEGMENTS_SD;
    unsigned own = e->own_ja + e->own_en, found = e->own_ja_found + e->own_en_found;
    double s = e->content * (0.25 + 0.75 * f) * exp(-0.5 * (dl * dl + ds * ds));

    s *= sqrt((found + 1.0) / (own + 1.0));
    if (found == 0 && e->own_ja && e->own_en) /* each has its own: two documents, two dates */
        s *= own > 1 ? TY__PAIR_CONTRADICTION * TY__PAIR_CONTRADICTION : TY__PAIR_CONTRADICTION;
    else if (found == 0 && own > 0) /* one has its own: perhaps an untranslated passage */
        s *= TY__PAIR_UNMATCHED;
    return (float)s;
}

ty_status ty__pair_candidates(ty__parchive *a, size_t per_doc, size_t jobs, ty__pedges *out,
                              ty_error *err)
{
    pscore s;
    pworker *w = NULL;
    size_t nw = 0, total = 0, k;
    ty_status st = TY_OK;
    float typ_len, typ_seg;

    memset(out, 0, sizeof *out);
    memset(&s, 0, sizeof s);
    s.a = a;
    s.per_doc = per_doc ? per_doc : 1;
    weigh(a);
    for (int l = 0; l < 2; l++) {
        if (!(s.could[l] = calloc(a->n[l] + 1, sizeof(double))) ||
            !(s.facts[l] = calloc(a->n[l] + 1, sizeof(double))))
            goto nomem;
        for (size_t d = 0; d < a->n[l]; d++)
            for (size_t i = a->ids_at[l][d]; i < a->ids_at[l][d + 1]; i++) {
                const ty__pkey *p = &a->keys[a->ids[l][i]];
                unsigned kind = TY__PK_KIND(p->key);
                s.could[l][d] += p->w;
                if (l == 0 ? is_fact(kind) : is_en_fact(kind))
                    s.facts[l][d] += p->wf;
            }
    }
    if (jobs < 1)
        jobs = 1;
    if (!(w = calloc(2 * jobs, sizeof *w)))
        goto nomem;
    for (int l = 0; l < 2; l++)
        for (size_t j = 0; j < jobs; j++) {
            pworker *p = &w[nw++];
            p->s = &s;
            p->lang = l;
            p->first = a->n[l] * j / jobs;
            p->last = a->n[l] * (j + 1) / jobs;
            if (!(p->acc = calloc(a->n[1 - l] + 1, sizeof *p->acc)) ||
                !(p->touched = malloc((a->n[1 - l] + 1) * sizeof *p->touched)) ||
                !(p->probe = malloc(TY__PAIR_PROBE_KEYS * sizeof *p->probe)))
                goto nomem;
        }
    /* one thread per job, each taking a share of both languages' documents in turn */
    for (size_t j = 0; j < nw; j += jobs) {
        size_t started = 0;
        for (size_t t = 0; t < jobs; t++) {
            if (t + 1 < jobs && pthread_create(&w[j + t].thread, NULL, candidates_run, &w[j + t]) == 0)
                started++;
            else if (t + 1 < jobs)
                candidates_run(&w[j + t]);
        }
        candidates_run(&w[j + jobs - 1]);
        for (size_t t = 0; t < started; t++)
            pthread_join(w[j + t].thread, NULL);
    }
    for (size_t j = 0; j < nw; j++) {
        if (w[j].failed)
            goto nomem;
        total += w[j].edges.n;
    }
    if (!(out->v = malloc((total + 1) * sizeof *out->v)))
        goto nomem;
    out->cap = total + 1;
    for (size_t j = 0; j < nw; j++) {
        if (!w[j].edges.n) /* a worker with no candidate has no array */
            continue;
        memcpy(out->v + out->n, w[j].edges.v, w[j].edges.n * sizeof *out->v);
        out->n += w[j].edges.n;
    }
    qsort(out->v, out->n, sizeof *out->v, cmp_edge);
    k = 0;
    for (size_t i = 0; i < out->n; i++)
        if (k == 0 || cmp_edge(&out->v[i], &out->v[k - 1]) != 0)
            out->v[k++] = out->v[i];
    out->n = k;
    if (score_all(&s, out, jobs) != 0)
        goto nomem;
    typ_len = typical(out, a->n[0], a->n[1], 0);
    typ_seg = typical(out, a->n[0], a->n[1], 1);
    for (size_t i = 0; i < out->n; i++) {
        out->v[i].length -= typ_len;
        out->v[i].segments -= typ_seg;
        out->v[i].score = edge_score(&out->v[i]);
    }
    goto done;
nomem:
    st = ty__nomem(err);
    free(out->v);
    memset(out, 0, sizeof *out);
done:
    for (size_t j = 0; j < nw; j++) {
        free(w[j].acc);
        free(w[j].touched);
        free(w[j].probe);
        free(w[j].edges.v);
    }
    free(w);
    for (int l = 0; l < 2; l++) {
        free(s.could[l]);
        free(s.facts[l]);
    }
    return st;
}
