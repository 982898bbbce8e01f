/*
 * phrases.c — ty_phrases_find: the recurring Japanese phrases of a memory, each with its
 * rendering report (phrase.c).
 *
 * 1. Words. Every distinct unit's Japanese is split into words (ICU's dictionary word
 *    boundaries, phrase_tokens.c), documents newest first, until mine_units distinct
 *    units are read (within a document too: a memory imported from one large TMX). Fewer
 *    documents than min_documents: nothing can recur, and nothing is split.
 * 2. Frequent n-grams, level by level (Apriori): a word n-gram of length k can only occur in
 *    min_documents documents if both of its (k-1)-grams do, so level k counts only the
 *    positions where the two (k-1)-grams inside were frequent. The count is of distinct
 *    documents (each n-gram remembers the last document that counted it). N-grams never cross
 *    punctuation, brackets or spaces.
 * 3. Phrases, not fragments. A frequent n-gram is a candidate when it has min_words words and
 *    min_chars characters and starts and ends like a phrase (ty__ja_bounded: not on a particle
 *    or an ending, not inside a verb) without cutting a compound that ICU split (ty__ja_whole:
 *    not 時代後期 of 平安時代後期, 者の皆様 of 関係者の皆様, ドルの緊急 of 200万ドルの緊急…).
 *    Candidates are taken longest first; one is left out when
 *    a phrase already taken contains it and is found in at least ABSORB (80%) of its documents,
 *    so 法の支配に基づく自由で開かれた国際秩序 hides 自由で開かれた国際秩序 unless the latter
 *    clearly recurs on its own.
 * 4. Order and reports: most documents first (then uses, then longer), or least consistent
 *    first (the lowest dominant share), the phrases whose dominant rendering is not credibly
 *    their own after those (sort_by_share); each phrase gets its rendering report.
 * It does not print (the CLI and report_html.c do).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "consistency.h"
#include "base/error.h"

#define ABSORB 0.8
#define CREDIBLE_DICE 0.25  /* see credible() */
#define CREDIBLE_LENGTH 2.0 /* times the expected length: see credible() */

struct ty_phrases {
    ty_phrase_report **v;
    size_t n, found;
};

void ty_phrases_opts_init(ty_phrases_opts *opts)
{
    opts->min_documents = 3;
    opts->min_chars = 4;
    opts->min_words = 2;
    opts->max_words = 16;
    opts->max_phrases = 100;
    opts->mine_units = 200000;
    opts->order = TY_PHRASES_BY_DOCUMENTS;
    ty_phrase_opts_init(&opts->phrase);
}

size_t ty_phrases_count(const ty_phrases *p)
{
    return p ? p->n : 0;
}

const ty_phrase_report *ty_phrases_get(const ty_phrases *p, size_t i)
{
    return p && i < p->n ? p->v[i] : NULL;
}

size_t ty_phrases_found(const ty_phrases *p)
{
    return p ? p->found : 0;
}

void ty_phrases_free(ty_phrases *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++)
        ty_phrase_report_free(p->v[i]);
    free(p->v);
    free(p);
}

/* ---- the units, their words, and which document holds which unit ---- */

typedef struct dunit {
    ty__toks t;
    uint64_t *h; /* per word: the hash of the current level's n-gram starting there (0: none) */
    uint8_t *m;  /* per word: the longest frequent n-gram starting there */
} dunit;

/* An occurrence: a unit (index in corpus.u) in a document (an ordinal: only equality matters). */
typedef struct pair {
    uint32_t unit, doc;
} pair;

typedef struct corpus {
    dunit *u;
    size_t n;
    pair *pairs; /* document order, each (document, unit) once */
    size_t np, pcap;
} corpus;

static void corpus_free(corpus *c)
{
    for (size_t i = 0; i < c->n; i++) {
        ty__toks_free(&c->u[i].t);
        free(c->u[i].h);
        free(c->u[i].m);
    }
    free(c->u);
    free(c->pairs);
    memset(c, 0, sizeof *c);
}

typedef struct idx_entry {
    long long id;
    uint32_t index;
} idx_entry;

static int idx_cmp(const void *a, const void *b)
{
    const idx_entry *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

/* The occurrences being read (read_pairs). */
typedef struct pairs_read {
    corpus *c;
    ty__u64map seen;
    idx_entry *v;
    size_t k, cap;
    long long last_doc, prev_unit;
    uint32_t ndocs;
    size_t max; /* distinct units to read */
} pairs_read;

/* One occurrence (document, unit): 0 go on, 1 enough documents read, -1 out of memory. */
static int pair_fn(void *user, long long doc, long long unit)
{
    pairs_read *pr = user;
    corpus *c = pr->c;
    uint32_t *slot;

    if (doc != pr->last_doc) {
        if (pr->k >= pr->max)
            return 1;
        pr->last_doc = doc;
        pr->prev_unit = -1;
        pr->ndocs++;
    }
    if (unit == pr->prev_unit)
        return 0;
    pr->prev_unit = unit;
    if (!(slot = ty__u64map_insert(&pr->seen, (uint64_t)unit, 0, NULL)) ||
        ty__grow((void **)&c->pairs, &c->pcap, c->np + 1, sizeof *c->pairs))
        return -1;
    if (!*slot) {
        if (pr->k >= pr->max) /* in a document (one large import) too */
            return 1;
        if (ty__grow((void **)&pr->v, &pr->cap, pr->k + 1, sizeof *pr->v))
            return -1;
        pr->v[pr->k].id = unit;
        pr->v[pr->k].index = (uint32_t)pr->k;
        *slot = (uint32_t)++pr->k;
    }
    c->pairs[c->np].unit = *slot - 1;
    c->pairs[c->np].doc = pr->ndocs;
    c->np++;
    return 0;
}

/* The occurrences (document, unit) of the newest documents that fit, in document order; the
 * documents read in *ndocs. */
static ty_status read_pairs(ty_tm *tm, corpus *c, size_t max, idx_entry **ids, size_t *nids,
                            uint32_t *ndocs, ty_error *err)
{
    static const char sql[] = "SELECT o.document, o.unit FROM occurrences o"
                              " ORDER BY o.document DESC, o.unit";
    sqlite3_stmt *st = NULL;
    pairs_read pr;
    ty_status rc = TY_OK;
    int step, v = 0;

    memset(&pr, 0, sizeof pr);
    pr.c = c;
    pr.max = max;
    pr.last_doc = pr.prev_unit = -1;
    if (tm->be) {
        rc = tm->be->doc_units(tm, pair_fn, &pr, err);
    } else if ((rc = ty__tm_prepare(tm, sql, &st, err)) == TY_OK) {
        while ((step = sqlite3_step(st)) == SQLITE_ROW &&
               (v = pair_fn(&pr, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1))) == 0)
            ;
        if (v < 0)
            rc = ty__nomem(err);
        else if (step != SQLITE_DONE && step != SQLITE_ROW)
            rc = ty__tm_fail(tm, err, "reading the occurrences");
        sqlite3_finalize(st);
    }
    ty__u64map_free(&pr.seen);
    if (rc != TY_OK) {
        free(pr.v);
        return rc;
    }
    *ids = pr.v;
    *nids = pr.k;
    *ndocs = pr.ndocs;
    return TY_OK;
}

/* Tokenize a unit's Japanese into its place (read_words). */
typedef struct words_read {
    ty__phrase_ctx *pc;
    corpus *c;
    const idx_entry *ids;
    ty_error *err;
    ty_status rc;
} words_read;

static ty_status unit_words(ty__phrase_ctx *pc, dunit *u, const char *ja, size_t len,
                            ty_error *err)
{
    ty_status rc = ty__tokenize_words(pc->tk[TY_LANG_JA], ja ? ja : "", ja ? len : 0, &u->t, err);
    if (rc == TY_OK && u->t.n) {
        u->h = calloc(u->t.n, sizeof *u->h);
        u->m = calloc(u->t.n, 1);
        if (!u->h || !u->m)
            rc = ty__nomem(err);
    }
    return rc;
}

static int words_fn(void *user, size_t i, const char *text, size_t len)
{
    words_read *w = user;
    if (w->rc == TY_OK)
        w->rc = unit_words(w->pc, &w->c->u[w->ids[i].index], text, len, w->err);
    return 0;
}

/* Tokenize the Japanese of every unit in ids (index order). */
static ty_status read_words(ty__phrase_ctx *pc, corpus *c, idx_entry *ids, size_t n, ty_error *err)
{
    sqlite3_stmt *st = NULL;
    ty_status rc;

    if (!(c->u = calloc(n + 1, sizeof *c->u)))
        return ty__nomem(err);
    c->n = n;
    if (n > 1)
        qsort(ids, n, sizeof *ids, idx_cmp);
    if (pc->tm->be) {
        words_read w = {pc, c, ids, err, TY_OK};
        long long *v = malloc((n + 1) * sizeof *v);
        if (!v)
            return ty__nomem(err);
        for (size_t i = 0; i < n; i++)
            v[i] = ids[i].id;
        rc = pc->tm->be->texts_of(pc->tm, TY_LANG_JA, v, n, words_fn, &w, err);
        free(v);
        return rc != TY_OK ? rc : w.rc;
    }
    if ((rc = ty__tm_prepare(pc->tm, "SELECT ja FROM unit_text WHERE id = ?1", &st, err)))
        return rc;
    for (size_t i = 0; i < n && rc == TY_OK; i++) {
        sqlite3_bind_int64(st, 1, ids[i].id);
        if (sqlite3_step(st) != SQLITE_ROW) {
            rc = ty__tm_fail(pc->tm, err, "reading a unit");
            break;
        }
        rc = unit_words(pc, &c->u[ids[i].index], (const char *)sqlite3_column_text(st, 0),
                        (size_t)sqlite3_column_bytes(st, 0), err);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return rc;
}

/* ---- frequent n-grams, level by level ---- */

typedef struct fgram {
    uint64_t hash;
    uint32_t unit, tok, len;
    uint32_t df, uses, last_doc;
} fgram;

typedef struct level {
    ty__u64map map; /* hash → index + 1 in v */
    fgram *v;
    size_t n, cap;
} level;

/* Compute the level-k hashes (0 where no candidate starts; with `allowed`, also where the
 * n-gram is not in it). */
static void level_hashes(corpus *c, size_t k, const ty__u64map *allowed)
{
    for (size_t ui = 0; ui < c->n; ui++) {
        dunit *u = &c->u[ui];
        for (size_t i = 0; i < u->t.n; i++) {
            const ty__tok *t = u->t.v;
            if (k == 1) {
                u->h[i] = ty__ngram_first(&t[i]);
            } else if (u->h[i] && i + k <= u->t.n && u->m[i] >= k - 1 && u->m[i + 1] >= k - 1 &&
                       !(t[i + k - 2].flags & TY__TOK_STOP)) {
                u->h[i] = ty__ngram_next(u->h[i], &t[i + k - 2], &t[i + k - 1]);
            } else {
                u->h[i] = 0;
            }
            if (allowed && u->h[i] && !ty__u64map_find(allowed, u->h[i]))
                u->h[i] = 0;
        }
    }
}

/* Count the level's n-grams by distinct document. */
static ty_status level_count(corpus *c, size_t k, level *lv, ty_error *err)
{
    ty__u64map_clear(&lv->map);
    lv->n = 0;
    for (size_t p = 0; p < c->np; p++) {
        uint32_t ui = c->pairs[p].unit, doc = c->pairs[p].doc;
        dunit *u = &c->u[ui];
        for (size_t i = 0; i < u->t.n; i++) {
            uint32_t *slot;
            fgram *g;
            if (!u->h[i])
                continue;
            if (!(slot = ty__u64map_insert(&lv->map, u->h[i], 0, NULL)))
                return ty__nomem(err);
            if (!*slot) {
                if (ty__grow((void **)&lv->v, &lv->cap, lv->n + 1, sizeof *lv->v))
                    return ty__nomem(err);
                g = &lv->v[lv->n++];
                memset(g, 0, sizeof *g);
                g->hash = u->h[i];
                g->unit = ui;
                g->tok = (uint32_t)i;
                g->len = (uint32_t)k;
                *slot = (uint32_t)lv->n;
            }
            g = &lv->v[*slot - 1];
            g->uses++;
            if (g->last_doc != doc) {
                g->last_doc = doc;
                g->df++;
            }
        }
    }
    return TY_OK;
}

/* Mark where a frequent level-k n-gram starts; keep the frequent ones in *out. */
static ty_status level_keep(corpus *c, size_t k, level *lv, size_t min_df, fgram **out,
                            size_t *nout, size_t *cap, size_t *kept, ty_error *err)
{
    *kept = 0;
    for (size_t ui = 0; ui < c->n; ui++) {
        dunit *u = &c->u[ui];
        for (size_t i = 0; i < u->t.n; i++) {
            uint32_t *slot;
            if (!u->h[i])
                continue;
            slot = ty__u64map_find(&lv->map, u->h[i]);
            if (slot && lv->v[*slot - 1].df >= min_df)
                u->m[i] = (uint8_t)k;
            else
                u->h[i] = 0;
        }
    }
    for (size_t j = 0; j < lv->n; j++)
        if (lv->v[j].df >= min_df) {
            if (ty__grow((void **)out, cap, *nout + 1, sizeof **out))
                return ty__nomem(err);
            (*out)[(*nout)++] = lv->v[j];
            (*kept)++;
        }
    return TY_OK;
}

/* ---- phrases from the frequent n-grams ---- */

typedef struct cand {
    fgram g;
    size_t chars;
    const char *key;
    size_t klen;
} cand;

static int by_length(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->g.len != y->g.len)
        return x->g.len > y->g.len ? -1 : 1;
    if (x->g.df != y->g.df)
        return x->g.df > y->g.df ? -1 : 1;
    return (x->g.hash > y->g.hash) - (x->g.hash < y->g.hash);
}

static int by_rank(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    int c;
    if (x->g.df != y->g.df)
        return x->g.df > y->g.df ? -1 : 1;
    if (x->g.uses != y->g.uses)
        return x->g.uses > y->g.uses ? -1 : 1;
    if (x->chars != y->chars)
        return x->chars > y->chars ? -1 : 1;
    c = memcmp(x->key, y->key, x->klen < y->klen ? x->klen : y->klen);
    return c ? c : (x->klen > y->klen) - (x->klen < y->klen);
}

/* Keep the candidates that are phrases and not inside a longer phrase (see the top comment). */
static ty_status choose(const corpus *c, const fgram *f, size_t nf, const ty_phrases_opts *o,
                        cand **out, size_t *nout, ty_error *err)
{
    cand *v = malloc((nf + 1) * sizeof *v);
    ty__u64map covered = {0}; /* hash of a sub-n-gram → the largest df of a phrase holding it */
    size_t n = 0, k = 0;

    if (!v)
        return ty__nomem(err);
    for (size_t i = 0; i < nf; i++) {
        const ty__toks *t = &c->u[f[i].unit].t;
        size_t a = f[i].tok, b = a + f[i].len - 1, chars = 0;
        if (f[i].len < o->min_words || !ty__ja_bounded(t, a, b) || !ty__ja_whole(t, a, b))
            continue;
        for (size_t j = a; j <= b; j++)
            chars += t->v[j].nchars;
        if (chars < o->min_chars)
            continue;
        v[n].g = f[i];
        v[n].chars = chars;
        v[n].key = t->norm + t->v[a].nstart;
        v[n].klen = t->v[b].nend - t->v[a].nstart;
        n++;
    }
    qsort(v, n, sizeof *v, by_length);
    for (size_t i = 0; i < n; i++) {
        const ty__toks *t = &c->u[v[i].g.unit].t;
        uint32_t *slot = ty__u64map_find(&covered, v[i].g.hash);
        if (slot && (double)*slot >= ABSORB * (double)v[i].g.df)
            continue;
        v[k++] = v[i];
        for (size_t a = v[i].g.tok; a < v[i].g.tok + v[i].g.len; a++) {
            uint64_t h = 0;
            for (size_t b = a; b < v[i].g.tok + v[i].g.len; b++) {
                h = b == a ? ty__ngram_first(&t->v[a]) : ty__ngram_next(h, &t->v[b - 1], &t->v[b]);
                if (!(slot = ty__u64map_insert(&covered, h, 0, NULL))) {
                    ty__u64map_free(&covered);
                    free(v);
                    return ty__nomem(err);
                }
                if (*slot < v[i].g.df)
                    *slot = v[i].g.df;
            }
        }
    }
    ty__u64map_free(&covered);
    qsort(v, k, sizeof *v, by_rank);
    *out = v;
    *nout = k;
    return TY_OK;
}

static double dominant_share(const ty_phrase_report *r)
{
    return r->nrenderings ? r->renderings[0].share : 0;
}

/* Whether the phrase's dominant rendering is credibly its own:
 * - found with the phrase in at least CREDIBLE_DICE of the units either is in (Dice). A
 *   rendering that recurs mostly without the phrase renders a part of it ("Reporter" for
 *   佐藤記者, "Edo period" for 江戸時代中期) or something more general. Renderings that were not
 *   scored (dice 0: a core or a whole text, phrase_assoc.c) pass;
 * - not longer than twice the expected length when only two units hold it: two texts of one
 *   office share whole formulas ("one of the Government's most important responsibilities"
 *   for 重要な責務), and nothing in two units tells which of its words render the phrase. */
static int credible(const ty_phrase_report *r)
{
    double d = r->nrenderings ? r->renderings[0].dice : 0, expected;
    size_t words;
    if (!r->nrenderings || (d != 0 && d < CREDIBLE_DICE))
        return 0;
    ty__phrase_lengths(r, &expected, &words);
    return r->renderings[0].units > 2 || (double)words <= CREDIBLE_LENGTH * expected;
}

/* A report with what the order by share needs to know about it. */
typedef struct ranked {
    ty_phrase_report *r;
    int credible;
} ranked;

/* Least consistent first: the lowest dominant share; phrases whose dominant rendering is not
 * credibly theirs after those, and phrases without any known rendering last (nothing says how
 * consistently they are rendered). */
static int by_share(const void *a, const void *b)
{
    const ranked *p = a, *q = b;
    const ty_phrase_report *x = p->r, *y = q->r;
    double sx = dominant_share(x), sy = dominant_share(y);
    if (!x->nrenderings != !y->nrenderings)
        return x->nrenderings ? -1 : 1;
    if (p->credible != q->credible)
        return p->credible ? -1 : 1;
    if (sx != sy)
        return sx < sy ? -1 : 1;
    if (x->documents != y->documents)
        return x->documents > y->documents ? -1 : 1;
    return strcmp(x->phrase, y->phrase);
}

static int by_dominant(const void *a, const void *b)
{
    const ranked *p = a, *q = b;
    int c = strcmp(p->r->renderings[0].norm, q->r->renderings[0].norm);
    return c ? c : strcmp(p->r->phrase, q->r->phrase);
}

/* Sort v[0, n) by share (by_share), a phrase being credible when its dominant rendering is
 * (credible()) and is not that of a phrase inside it: 平安時代末期 / "Heian period" is
 * 平安時代's rendering, and drops 末期 (a nested duplicate of one rendering). */
static ty_status sort_by_share(ty_phrase_report **v, size_t n, ty_error *err)
{
    ranked *w = malloc((n + 1) * sizeof *w);
    size_t k = 0;

    if (!w)
        return ty__nomem(err);
    for (size_t i = 0; i < n; i++)
        if (v[i]->nrenderings)
            w[k++] = (ranked){v[i], credible(v[i])};
    qsort(w, k, sizeof *w, by_dominant);
    for (size_t i = 0; i < k;) {
        size_t j = i;
        while (j < k && !strcmp(w[j].r->renderings[0].norm, w[i].r->renderings[0].norm))
            j++;
        for (size_t a = i; a < j; a++)
            for (size_t b = i; b < j; b++)
                if (a != b && strstr(w[a].r->phrase, w[b].r->phrase))
                    w[a].credible = 0;
        i = j;
    }
    for (size_t i = 0; i < n; i++)
        if (!v[i]->nrenderings)
            w[k++] = (ranked){v[i], 0};
    qsort(w, n, sizeof *w, by_share);
    for (size_t i = 0; i < n; i++)
        v[i] = w[i].r;
    free(w);
    return TY_OK;
}

/* The reports of the chosen phrases (all of them when sorting by share). */
static ty_status report_all(ty__phrase_ctx *pc, const cand *v, size_t n, const ty_phrases_opts *o,
                            ty_phrases *out, ty_error *err)
{
    ty_phrase_opts po = o->phrase;
    size_t want = o->order == TY_PHRASES_BY_DOCUMENTS && o->max_phrases && o->max_phrases < n
                      ? o->max_phrases
                      : n;
    ty_status rc = TY_OK;

    po.from = TY_LANG_JA;
    if (!(out->v = calloc(want + 1, sizeof *out->v)))
        return ty__nomem(err);
    for (size_t i = 0; i < want && rc == TY_OK; i++) {
        char *key = strndup(v[i].key, v[i].klen);
        if (!key)
            return ty__nomem(err);
        rc = ty__phrase_report(pc, key, &po, &out->v[out->n], err);
        free(key);
        if (rc == TY_OK)
            out->n++;
    }
    if (rc == TY_OK && o->order == TY_PHRASES_BY_SHARE &&
        (rc = sort_by_share(out->v, out->n, err)) == TY_OK) {
        while (o->max_phrases && out->n > o->max_phrases)
            ty_phrase_report_free(out->v[--out->n]);
    }
    return rc;
}

/* The phrases of the memory (steps 1 to 3), only n-grams in `allowed` when it is given. */
static ty_status mine(ty__phrase_ctx *pc, const ty_phrases_opts *o, const ty__u64map *allowed,
                      corpus *c, cand **cands, size_t *nc, ty_error *err)
{
    idx_entry *ids = NULL;
    size_t nids = 0, nf = 0, fcap = 0;
    fgram *f = NULL;
    level lv = {0};
    uint32_t ndocs = 0;
    ty_status rc;

    if ((rc = read_pairs(pc->tm, c, o->mine_units, &ids, &nids, &ndocs, err)) != TY_OK)
        goto done;
    if (ndocs < o->min_documents) /* nothing can recur in enough documents: no words needed */
        goto done;
    if ((rc = read_words(pc, c, ids, nids, err)) != TY_OK)
        goto done;
    for (size_t k = 1; k <= o->max_words; k++) {
        size_t kept;
        level_hashes(c, k, allowed);
        if ((rc = level_count(c, k, &lv, err)) != TY_OK ||
            (rc = level_keep(c, k, &lv, o->min_documents, &f, &nf, &fcap, &kept, err)) != TY_OK)
            goto done;
        if (!kept)
            break;
    }
    rc = choose(c, f, nf, o, cands, nc, err);
done:
    free(ids);
    free(f);
    ty__u64map_free(&lv.map);
    free(lv.v);
    return rc;
}

ty_status ty__phrases_mine(ty__phrase_ctx *pc, const ty_phrases_opts *o, const ty__u64map *allowed,
                           char ***keys, size_t *n, ty_error *err)
{
    corpus c = {0};
    cand *cands = NULL;
    size_t nc = 0;
    char **v = NULL;
    ty_status rc;

    *keys = NULL;
    *n = 0;
    if ((rc = mine(pc, o, allowed, &c, &cands, &nc, err)) == TY_OK) {
        if (!(v = calloc(nc + 1, sizeof *v)))
            rc = ty__nomem(err);
        for (size_t i = 0; i < nc && rc == TY_OK; i++)
            if (!(v[i] = strndup(cands[i].key, cands[i].klen)))
                rc = ty__nomem(err);
    }
    if (rc == TY_OK) {
        *keys = v;
        *n = nc;
    } else if (v) {
        for (size_t i = 0; i < nc; i++)
            free(v[i]);
        free(v);
    }
    corpus_free(&c);
    free(cands);
    return rc;
}

ty_status ty_phrases_find(ty_tm *tm, const ty_phrases_opts *opts, ty_phrases **out, ty_error *err)
{
    ty_phrases_opts o;
    ty__phrase_ctx pc;
    corpus c = {0};
    size_t nc = 0;
    cand *cands = NULL;
    ty_phrases *p = NULL;
    ty_status rc;

    *out = NULL;
    if (opts)
        o = *opts;
    else
        ty_phrases_opts_init(&o);
    if (!tm || o.min_documents < 1 || o.max_words < 1 || o.max_words > 255 ||
        o.min_words > o.max_words || o.mine_units < 1)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                        "bad phrase options (documents >= 1, 1 <= words <= 255, units >= 1)");
    if ((rc = ty__phrase_ctx_init(&pc, tm, o.phrase.lexicon, err)) != TY_OK)
        return rc;
    if ((rc = mine(&pc, &o, NULL, &c, &cands, &nc, err)) != TY_OK)
        goto done;
    if (!(p = calloc(1, sizeof *p))) {
        rc = ty__nomem(err);
        goto done;
    }
    p->found = nc;
    rc = report_all(&pc, cands, nc, &o, p, err);
done:
    ty__phrase_ctx_done(&pc);
    corpus_free(&c);
    free(cands);
    if (rc != TY_OK)
        ty_phrases_free(p);
    else
        *out = p;
    return rc;
}
