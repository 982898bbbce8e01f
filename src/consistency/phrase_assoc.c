/*
 * phrase_assoc.c — which n-grams of the other language render a phrase, and in which units.
 *
 * Input: the units whose phrase-language side contains the phrase (S, |S| units), their
 * other-language words, and the memory (N units). Output: renderings r1, r2, … and, for each
 * unit, the first rendering found in it (or none: a paraphrase, an omission, a misalignment).
 * E, the expected length of a rendering in words, is the phrase's words times the units' ratio
 * of other-language words to phrase-language words.
 *
 * The search is greedy, one rendering per round, over the units R not yet explained (R = S at
 * first):
 *  1. Seed. Count every word n-gram g of the units of R (or of an even sample of 2,000 of
 *     them) whose length is within a factor 4 of E, that does not cross punctuation
 *     (phrase_tokens.c), starts and ends on a word associated with the phrase (content_word)
 *     and, in Japanese, starts and ends like a phrase without cutting a compound (国際|秩序).
 *     a = units of R containing g, G = a plus the other units of the memory containing g,
 *     estimated from an even sample of the memory (phrase_background.c; exact in a small memory).
 *     The seed is the g with the largest log-likelihood ratio
 *         G2 = 2 sum O ln(O/E)  over the 2x2 table  [a, |R|-a ; G-a, N'-|R|-G+a]
 *     (Dunning 1993; N' = N minus the units explained), among the positively associated ones:
 *     it prefers n-grams found in most units of R and rarely elsewhere; between n-grams found
 *     in the same units, the longest. Candidates are tried in decreasing a (400 at most), and
 *     the search stops when even G = a could not beat the best.
 *  2. Extension. A seed may be only part of the rendering (the words shared by all variants:
 *     "free and open international order" of "... based on the rule of law" and "... grounded
 *     in the rule of law"). It is extended, left or right, by 1-3 words ending on a word
 *     associated with the phrase ("based", not "the"), when the extended n-gram is found in
 *     more than half the units the n-gram was found in; the extension found in most units wins
 *     and the step repeats, up to 2 E + 2 words. So the majority continuation becomes the
 *     rendering and the others stay for the next rounds, while articles and context words that
 *     vary do not split a rendering.
 *  3. Acceptance. The rendering is kept when it is found in two units or more (in one unit
 *     nothing tells which of its n-grams renders the phrase, unless it is the whole text, as
 *     for a heading), when its uses (occurrences of its units) reach min_uses, when
 *     G2 >= 3.84 (p < 0.05 for one degree of freedom: a phrase found in 4 of a small memory's
 *     18 units cannot do better than 9.5) and when its Dice coefficient 2a / (|R| + G)
 *     reaches min_dice. A variant (any rendering after the first) must also share an anchor
 *     with the phrase — a lexicon entry, a name, a number or a Latin token, as the aligner
 *     matches them — when the first rendering does: "Heian period" shares 平安 and 時代 with
 *     平安時代, a stretch of context that happens to recur in two units ("craftsmanship of the
 *     clothing") does not. A refused variant's seed is not tried again. The units of a kept
 *     rendering leave R.
 * Throughout, units that are copies of one text (one's text a part of the other's, and longer
 * than a rendering can grow: a sentence alone and inside a longer unit, as two versions of a
 * document segment it) count as one text: an n-gram found only in copies is no seed, an
 * extension only copies share is not made, and a rendering only copies hold is refused.
 * What is left of R when no rendering is accepted are the units without a known rendering.
 * G2 and Dice of each rendering are reported, with G counted in the memory (the trigram index). It
 * does not read units or build reports (phrase.c does).
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "consistency.h"
#include "base/error.h"

#define SAMPLE_MAX 2000             /* units of R whose n-grams are counted for seeds */
#define TABLE_MAX ((size_t)1 << 23) /* n-grams counted per round, at most */
#define LLR_MIN 3.84                /* chi-square, 1 degree of freedom, p = 0.05 */
#define EXTEND_SHARE 0.5  /* an extension keeps more than this share of the rendering's units */
#define EXTEND_MAX 3      /* words added in one step */
#define MAX_WORDS 24      /* longest rendering, in words */
#define MAX_EVALUATED 400 /* seed candidates scored per round, most units first */
#define MAX_REFUSED 8     /* variants refused for want of anchors before the search stops */
#define TEXTS_MAX 32 /* units compared for copies of one text (two_texts) */
#define FEW_UNITS 5       /* a rendering found in fewer units must share an anchor with the
                             phrase, when there is a lexicon and the phrase has anchors */

/* ---- how many units of the memory contain an n-gram (cached per context) ---- */

typedef struct gcount {
    uint32_t count, limit;  /* count == limit: at least that many (limit 0: not counted) */
    uint32_t bound, blimit; /* at most `bound` (ty__units_with_bound; blimit 0: none) */
} gcount;

struct ty__gcache {
    ty__u64map map; /* n-gram hash → index + 1 in v */
    gcount *v;
    size_t n, cap;
};

struct ty__gcache *ty__gcache_new(void)
{
    return calloc(1, sizeof(struct ty__gcache));
}

void ty__gcache_free(struct ty__gcache *g)
{
    if (g) {
        ty__u64map_free(&g->map);
        free(g->v);
        free(g);
    }
}

/* The cache's entry for n-gram hash h (a new one, empty, when there is none); NULL when out of
 * memory. */
static gcount *gcache_entry(struct ty__gcache *g, uint64_t h)
{
    uint32_t *slot = ty__u64map_find(&g->map, h);

    if (slot)
        return &g->v[*slot - 1];
    if (ty__grow((void **)&g->v, &g->cap, g->n + 1, sizeof *g->v) ||
        !(slot = ty__u64map_insert(&g->map, h, 0, NULL)))
        return NULL;
    *slot = (uint32_t)++g->n;
    memset(&g->v[g->n - 1], 0, sizeof *g->v);
    return &g->v[g->n - 1];
}

/* Whether a figure v counted up to vlimit (0: none) tells the figure up to `limit`; then *out. */
static int cached(uint32_t v, uint32_t vlimit, size_t limit, size_t *out)
{
    if (vlimit == 0 || (v >= vlimit && vlimit < limit))
        return 0;
    *out = v < limit ? v : limit;
    return 1;
}

/* Units containing key[0, n) (hash h) in `lang`, counting up to `limit`; with `exact` NULL the
 * count, else at least the count where the memory can tell at less cost (*exact: the count
 * itself). */
static ty_status global_units(ty__phrase_ctx *c, ty_lang lang, uint64_t h, const char *key,
                              size_t n, size_t limit, size_t *count, int *exact, ty_error *err)
{
    gcount *e;
    size_t got;
    int is_count = 1;
    ty_status rc;

    if (limit > UINT32_MAX - 1)
        limit = UINT32_MAX - 1;
    if (!(e = gcache_entry(c->gc[lang], h)))
        return ty__nomem(err);
    if (cached(e->count, e->limit, limit, count)) {
        if (exact)
            *exact = 1;
        return TY_OK;
    }
    if (exact && cached(e->bound, e->blimit, limit, count)) {
        *exact = 0;
        return TY_OK;
    }
    rc = exact ? ty__units_with_bound(c->tm, lang, key, n, limit, &got, &is_count, err)
               : ty__units_with_count(c->tm, lang, key, n, limit, &got, err);
    if (rc != TY_OK)
        return rc;
    if (exact)
        *exact = is_count;
    if (is_count) {
        e->count = (uint32_t)got;
        e->limit = (uint32_t)limit;
    } else {
        e->bound = (uint32_t)got;
        e->blimit = (uint32_t)limit;
    }
    *count = got;
    return TY_OK;
}

/* ---- n-grams ---- */

/* The hash of words [i, i+len) of t, or 0 when they cross a stop. */
static uint64_t ngram_hash(const ty__toks *t, size_t i, size_t len)
{
    uint64_t h = ty__ngram_first(&t->v[i]);
    for (size_t k = i + 1; k < i + len; k++) {
        if (t->v[k - 1].flags & TY__TOK_STOP)
            return 0;
        h = ty__ngram_next(h, &t->v[k - 1], &t->v[k]);
    }
    return h;
}

/* An n-gram being looked for: its hash, length and first word's hash (a quick filter). */
typedef struct gram {
    uint64_t hash, first;
    uint32_t len;
} gram;

static gram gram_at(const ty__toks *t, uint32_t tok, uint32_t len, uint64_t h)
{
    gram g = {h, t->v[tok].hash, len};
    return g;
}

/* The first start of g in t, or -1. */
static long find_ngram(const ty__toks *t, const gram *g)
{
    for (size_t i = 0; i + g->len <= t->n; i++)
        if (t->v[i].hash == g->first && ngram_hash(t, i, g->len) == g->hash)
            return (long)i;
    return -1;
}

typedef struct ngram {
    uint64_t hash;
    uint32_t unit, tok, len; /* first occurrence */
    uint32_t last;           /* 1 + the last unit counted */
    uint32_t a, uses;
} ngram;

/* The n-grams of one round: a map from hash to index + 1 in v. */
typedef struct table {
    ty__u64map map;
    ngram *v;
    size_t n, cap;
} table;

/* ---- the search ---- */

typedef struct search {
    ty__phrase_ctx *c;
    ty_lang lang; /* of the renderings */
    ty__sunit *u;
    size_t n;
    size_t *r; /* units not yet explained (indices in u) */
    size_t nr;
    size_t explained;  /* units of S explained so far */
    size_t nmin, nmax; /* n-gram lengths counted for seeds */
    size_t ext_max;    /* the longest a rendering grows to by extension */
    const ty_phrase_opts *o;
    table tab;
    ty__u64map words; /* word hash → 1: associated with the phrase, 2: not */
    ty__u64map wa;    /* word hash → index + 1 in wcount: units of S containing the word */
    uint32_t *wcount;
    size_t nw, wcap;
    int counted;
    const ty_anchor_set *anchors; /* the phrase's */
    int guard;                    /* the first rendering shares an anchor with the phrase */
    ty_anchor_set ra;             /* a rendering's anchors */
    ty__u64map banned;            /* seeds whose rendering was refused (hash → 1) */
    const ty__bg *bg;             /* the memory's background sample, */
    uint8_t *mask;                /* with the phrase's units masked, */
    double bg_rest;               /* leaving this many */
    size_t nbanned;
    const ngram **sorted; /* seed candidates of R (seed_candidates), */
    size_t nsorted;
    size_t sorted_nr; /* when R had this many units, */
    double scale;     /* units of R per unit sampled */
} search;

static const char *key_of(const search *s, uint32_t unit, uint32_t tok, uint32_t len, size_t *n)
{
    const ty__toks *t = &s->u[unit].other;
    *n = t->v[tok + len - 1].nend - t->v[tok].nstart;
    return t->norm + t->v[tok].nstart;
}

/* G2 of the table [a, b; c, d] when a is above its expectation, else 0. */
static double llr(double a, double b, double c, double d)
{
    double n = a + b + c + d, o[4] = {a, b, c, d};
    double e[4] = {(a + b) * (a + c) / n, (a + b) * (b + d) / n, (c + d) * (a + c) / n,
                   (c + d) * (b + d) / n};
    double g = 0;
    if (n <= 0 || a * d <= b * c)
        return 0;
    for (int i = 0; i < 4; i++)
        if (o[i] > 0 && e[i] > 0)
            g += o[i] * log(o[i] / e[i]);
    return 2 * g;
}

/* G2 and Dice of an n-gram in a units of R when G units of the memory contain it, counting
 * `explained_with` of those in the units already explained. */
static void score(const search *s, size_t a, size_t G, size_t explained_with, double *g2,
                  double *dice)
{
    double nr = (double)s->nr, total = (double)s->c->total - (double)s->explained;
    double gr = (double)G - (double)explained_with;
    if (gr < (double)a)
        gr = (double)a;
    if (total < nr + gr - (double)a)
        total = nr + gr - (double)a;
    *g2 = llr((double)a, nr - (double)a, gr - (double)a, total - nr - gr + (double)a);
    *dice = 2.0 * (double)a / (nr + gr);
}

/* Whether Japanese words i..j can be a rendering: a phrase of whole words. */
static int ja_rendering(const ty__toks *t, size_t i, size_t j)
{
    return ty__ja_bounded(t, i, j) && ty__ja_whole(t, i, j);
}

/* Count the n-grams of (a sample of) R into s->tab. */
static ty_status count_ngrams(search *s, size_t *sampled, ty_error *err)
{
    size_t step = s->nr > SAMPLE_MAX ? (s->nr + SAMPLE_MAX - 1) / SAMPLE_MAX : 1;

    ty__u64map_clear(&s->tab.map);
    s->tab.n = 0;
    *sampled = 0;
    for (size_t k = 0; k < s->nr; k += step) {
        uint32_t ui = (uint32_t)s->r[k];
        const ty__toks *t = &s->u[ui].other;
        (*sampled)++;
        for (size_t i = 0; i < t->n; i++) {
            uint64_t h = ty__ngram_first(&t->v[i]);
            for (size_t len = 1; len <= s->nmax && i + len <= t->n; len++) {
                size_t j = i + len - 1;
                if (len > 1)
                    h = ty__ngram_next(h, &t->v[j - 1], &t->v[j]);
                if (len >= s->nmin && (s->lang != TY_LANG_JA || ja_rendering(t, i, j))) {
                    uint32_t *slot = ty__u64map_insert(&s->tab.map, h, 0, NULL);
                    ngram *g;
                    if (!slot)
                        return ty__nomem(err);
                    if (!*slot) {
                        if (s->tab.n >= TABLE_MAX)
                            break;
                        if (ty__grow((void **)&s->tab.v, &s->tab.cap, s->tab.n + 1,
                                     sizeof *s->tab.v))
                            return ty__nomem(err);
                        g = &s->tab.v[s->tab.n++];
                        memset(g, 0, sizeof *g);
                        g->hash = h;
                        g->unit = ui;
                        g->tok = (uint32_t)i;
                        g->len = (uint32_t)len;
                        *slot = (uint32_t)s->tab.n;
                    }
                    g = &s->tab.v[*slot - 1];
                    if (g->last != ui + 1) {
                        g->last = ui + 1;
                        g->a++;
                        g->uses += (uint32_t)s->u[ui].uses;
                    }
                }
                if (t->v[j].flags & TY__TOK_STOP)
                    break;
            }
        }
    }
    return TY_OK;
}

static int by_support(const void *a, const void *b)
{
    const ngram *x = *(const ngram *const *)a, *y = *(const ngram *const *)b;
    if (x->a != y->a)
        return x->a > y->a ? -1 : 1;
    if (x->len != y->len) /* longest first: on a tie in G2 the first stays */
        return x->len > y->len ? -1 : 1;
    return (x->hash > y->hash) - (x->hash < y->hash);
}

/* Units of R containing (h, len), and their uses; units of S explained before that contain it
 * are counted in *explained_with when not NULL. */
static void support(const search *s, const gram *g, size_t *a, size_t *uses, size_t *explained_with)
{
    *a = *uses = 0;
    for (size_t k = 0; k < s->nr; k++)
        if (find_ngram(&s->u[s->r[k]].other, g) >= 0) {
            (*a)++;
            *uses += s->u[s->r[k]].uses;
        }
    if (explained_with) {
        *explained_with = 0;
        for (size_t i = 0; i < s->n; i++)
            if (s->u[i].rendering >= 0 && find_ngram(&s->u[i].other, g) >= 0)
                (*explained_with)++;
    }
}

/* The seed of this round, or none (*best = NULL). */
static ty_status content_word(search *s, const ty__toks *t, size_t i, int *yes, ty_error *err);

/* Whether an n-gram found in `a` units can be told to be the rendering: in one unit every
 * n-gram is as likely as any other, unless it is the unit's whole text (a heading such as
 * 冒頭発言 / Opening Remarks, repeated in every transcript). */
static int located(const search *s, uint32_t unit, size_t a, size_t len)
{
    return a >= 2 || len == s->u[unit].other.n;
}

/* Whether units x and y are copies of one text: one's other-language text is a part of the
 * other's (a sentence alone and inside a longer unit, as two versions of a document segment
 * it), and longer than a rendering can grow (ext_max words: a heading inside a sentence,
 * "Yasaka-jinja Shrine", is a rendering used twice). Equal texts are not copies: they are one
 * sentence written again for another source (the same question from two reporters), and the
 * background tells which of their words recur elsewhere. */
static int copies(const search *s, size_t x, size_t y)
{
    const ty__toks *a = &s->u[x].other, *b = &s->u[y].other;
    if (a->nlen == b->nlen)
        return 0;
    if (a->nlen < b->nlen) {
        const ty__toks *t = a;
        a = b;
        b = t;
    }
    return b->n > s->ext_max && strstr(a->norm, b->norm) != NULL;
}

/* Whether units u[0, n) hold two texts that are not copies of each other (the first
 * TEXTS_MAX of them are compared). Words that recur only in copies of one text are that text's,
 * not the phrase's rendering: every n-gram of it recurs as much. */
static int two_texts(const search *s, const size_t *u, size_t n)
{
    if (n > TEXTS_MAX)
        n = TEXTS_MAX;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (u[i] != u[j] && !copies(s, u[i], u[j]))
                return 1;
    return 0;
}

/* Whether n-gram g is found in two texts of R that are not copies (two_texts). */
static int in_two_texts(const search *s, const gram *g)
{
    size_t u[TEXTS_MAX], n = 0;
    for (size_t k = 0; k < s->nr && n < TEXTS_MAX; k++)
        if (find_ngram(&s->u[s->r[k]].other, g) >= 0)
            u[n++] = s->r[k];
    return two_texts(s, u, n);
}

/* Whether n-gram g starts and ends on words associated with the phrase. */
static ty_status content_ends(search *s, const ngram *g, int *yes, ty_error *err)
{
    const ty__toks *t = &s->u[g->unit].other;
    ty_status rc = content_word(s, t, g->tok, yes, err);
    if (rc == TY_OK && *yes && g->len > 1)
        rc = content_word(s, t, g->tok + g->len - 1, yes, err);
    return rc;
}

/* Units outside the phrase's that contain g, estimated from the background sample (as a
 * substring of their normalized text, as the trigram index would count them). */
static size_t background(const search *s, const ngram *g)
{
    size_t klen;
    const char *key = key_of(s, g->unit, g->tok, g->len, &klen);
    size_t n = ty__bg_substring(s->bg, key, klen, s->mask);
    double rest = (double)s->c->total - (double)s->n;
    return s->bg_rest > 0 && rest > 0 ? (size_t)((double)n / s->bg_rest * rest + 0.5) : 0;
}

/* The n-grams of R that can seed a rendering (found in enough uses, located), by support, in
 * s->sorted: counted and sorted once for each R. A refused seed leaves R as it was, and R
 * only shrinks, so the same number of units is the same R. */
static ty_status seed_candidates(search *s, ty_error *err)
{
    size_t sampled;
    ty_status rc;

    if (s->sorted && s->sorted_nr == s->nr)
        return TY_OK;
    if ((rc = count_ngrams(s, &sampled, err)) != TY_OK)
        return rc;
    s->scale = (double)s->nr / (double)sampled;
    free(s->sorted);
    if (!(s->sorted = malloc((s->tab.n + 1) * sizeof *s->sorted)))
        return ty__nomem(err);
    s->nsorted = 0;
    for (size_t i = 0; i < s->tab.n; i++) {
        const ngram *g = &s->tab.v[i];
        if ((double)g->uses * s->scale >= (double)s->o->min_uses &&
            located(s, g->unit, g->a, g->len))
            s->sorted[s->nsorted++] = g;
    }
    qsort(s->sorted, s->nsorted, sizeof *s->sorted, by_support);
    s->sorted_nr = s->nr;
    return TY_OK;
}

static ty_status find_seed(search *s, const ngram **best, ty_error *err)
{
    const ngram **cand = NULL;
    size_t nc = 0;
    double best_g2 = 0, scale;
    ty_status rc;

    *best = NULL;
    if ((rc = seed_candidates(s, err)) != TY_OK)
        return rc;
    scale = s->scale;
    if (!(cand = malloc((s->nsorted + 1) * sizeof *cand)))
        return ty__nomem(err);
    for (size_t i = 0; i < s->nsorted; i++)
        if (!ty__u64map_find(&s->banned, s->sorted[i]->hash))
            cand[nc++] = s->sorted[i];
    for (size_t i = 0; i < nc && i < MAX_EVALUATED; i++) {
        const ngram *g = cand[i];
        size_t a = (size_t)((double)g->a * scale + 0.5), G;
        double g2, dice, bound;
        int ends;
        if (a > s->nr)
            a = s->nr;
        score(s, a, a, 0, &bound, &dice);
        if (bound <= best_g2)
            break;
        if ((rc = content_ends(s, g, &ends, err)) != TY_OK)
            break;
        if (!ends)
            continue;
        /* G for R: a, plus the units outside the phrase's that contain g, estimated from the
         * background sample (the exact figure is counted for the rendering chosen) */
        G = a + background(s, g);
        score(s, a, G, 0, &g2, &dice);
        /* on a tie (n-grams found in the same units), the longest, tried first, stays; an
         * n-gram of a few units that are copies of one text is no seed (two_texts) */
        if (g2 > best_g2 * (1 + 1e-9) &&
            (a < 2 || a >= TEXTS_MAX ||
             in_two_texts(s, &(gram){g->hash, s->u[g->unit].other.v[g->tok].hash, g->len}))) {
            best_g2 = g2;
            *best = g;
        }
    }
    free(cand);
    return rc;
}

/* Whether word i of t can end a rendering: a word associated with the phrase — its share of
 * the phrase's units is at least twice its share of the other units (lift >= 2), with
 * G2 >= 3.84 (p < 0.05) — so "based" or "grounded" qualifies and "the", "a", "of" do not,
 * in a memory of any size. Japanese words must also have a letter other than hiragana. */
/* Units of S containing each word: s->wa (word hash → index + 1 in s->wcount). */
static ty_status count_words(search *s, ty_error *err)
{
    uint32_t *last = NULL;
    size_t cap = 0;

    for (size_t k = 0; k < s->n; k++) {
        const ty__toks *u = &s->u[k].other;
        for (size_t j = 0; j < u->n; j++) {
            uint32_t *slot = ty__u64map_insert(&s->wa, u->v[j].hash, 0, NULL);
            if (!slot)
                goto nomem;
            if (!*slot) {
                if (ty__grow((void **)&s->wcount, &s->wcap, s->nw + 1, sizeof *s->wcount) ||
                    ty__grow((void **)&last, &cap, s->nw + 1, sizeof *last))
                    goto nomem;
                s->wcount[s->nw] = 0;
                last[s->nw] = 0;
                *slot = (uint32_t)++s->nw;
            }
            if (last[*slot - 1] != k + 1) {
                last[*slot - 1] = (uint32_t)(k + 1);
                s->wcount[*slot - 1]++;
            }
        }
    }
    free(last);
    s->counted = 1;
    return TY_OK;
nomem:
    free(last);
    return ty__nomem(err);
}

/* Whether English word i of t is a function word: an article, pronoun, preposition,
 * conjunction, auxiliary or a word such as "including", which a few uses of a phrase in a
 * small memory can make look associated with it ("Kanto and", "close communication with",
 * "This assistance will"), but which never starts or ends a rendering. */
static int function_word(const ty__toks *t, size_t i)
{
    static const char *const words[] = {
        "a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "by", "for",
        "with", "from", "as", "into", "onto", "about", "over", "under", "than", "that", "this",
        "these", "those", "it", "its", "we", "i", "you", "he", "she", "they", "our", "your",
        "their", "his", "her", "my", "me", "us", "them", "which", "who", "whom", "whose", "is",
        "are", "was", "were", "be", "been", "being", "am", "will", "would", "shall", "should",
        "can", "could", "may", "might", "must", "has", "have", "had", "do", "does", "did", "not",
        "also", "such", "including", "totaling", "totalling", "regarding", "concerning", "so",
        "there", "here", "if", "when", "while", "where", "all", "any", "each", "some", NULL};
    const ty__tok *w = &t->v[i];
    size_t n = w->nend - w->nstart;
    for (size_t k = 0; words[k]; k++)
        if (strlen(words[k]) == n && !memcmp(words[k], t->norm + w->nstart, n))
            return 1;
    return 0;
}

/* Whether English word i of t opens a sentence as a connector or a fronted adverb ("First,",
 * "However,", "Secondly,"): such a word with a comma after it belongs to the sentence's
 * structure, not to any phrase's rendering ("First, the earthquake"). */
static int connector(const ty__toks *t, size_t i)
{
    static const char *const words[] = {
        "first", "firstly", "second", "secondly", "third", "thirdly", "next", "then", "finally",
        "lastly", "however", "moreover", "furthermore", "therefore", "thus", "meanwhile",
        "additionally", "nevertheless", "nonetheless", "besides", "instead", "indeed", "still",
        "yet", "today", "currently", "now", NULL};
    const ty__tok *w = &t->v[i];
    size_t n = w->nend - w->nstart;
    if (t->norm[w->nend] != ',')
        return 0;
    for (size_t k = 0; words[k]; k++)
        if (strlen(words[k]) == n && !memcmp(words[k], t->norm + w->nstart, n))
            return 1;
    return 0;
}

/* Whether word i of t can start or end a rendering: a word associated with the phrase — its
 * share of the phrase's units is at least twice its share of the other units (lift >= 2), with
 * G2 >= 3.84 (p < 0.05); the other units' share counts the word as a substring
 * (phrase_background.c), as the trigram index finds it — so "based" or "grounded" is and
 * "the", "a", "of", "as" are not. Japanese words must also have a letter other than hiragana. */
static ty_status content_word(search *s, const ty__toks *t, size_t i, int *yes, ty_error *err)
{
    const ty__tok *w = &t->v[i];
    uint64_t h = ty__ngram_first(w);
    uint32_t *slot;
    size_t a;
    double n = (double)s->n, rest = (double)s->c->total - (double)s->n, pin, pout, c;
    ty_status rc;

    *yes = 0;
    if (s->lang == TY_LANG_JA && !(w->flags & TY__TOK_LETTERS))
        return TY_OK;
    if (s->lang == TY_LANG_EN && (function_word(t, i) || connector(t, i)))
        return TY_OK;
    if ((slot = ty__u64map_find(&s->words, h)) != NULL) {
        *yes = *slot == 1;
        return TY_OK;
    }
    if (!s->counted && (rc = count_words(s, err)) != TY_OK)
        return rc;
    slot = ty__u64map_find(&s->wa, w->hash);
    a = slot ? s->wcount[*slot - 1] : 1;
    pin = (double)a / n;
    pout = s->bg_rest > 0 ? (double)ty__bg_substring(s->bg, t->norm + w->nstart,
                                                     w->nend - w->nstart, s->mask) /
                                s->bg_rest
                          : 0;
    c = pout * rest; /* units outside the phrase's with the word, estimated */
    *yes = rest <= 0 ||
           ((pout == 0 || pin / pout >= 2) && llr((double)a, n - (double)a, c, rest - c) >= 3.84);
    if (!(slot = ty__u64map_insert(&s->words, h, 0, NULL)))
        return ty__nomem(err);
    *slot = *yes ? 1 : 2;
    return TY_OK;
}

/* Whether words [first, first+count) of unit `unit` share an anchor key of any kind with the
 * phrase (as the aligner matches them: lexicon entries, names, numbers, Latin tokens). */
static ty_status shares_anchor(search *s, uint32_t unit, size_t first, size_t count, int *yes,
                               ty_error *err)
{
    const ty__toks *t = &s->u[unit].other;
    size_t a = t->v[first].start, b = t->v[first + count - 1].end;
    ty_status rc;

    *yes = 0;
    s->ra.n = 0;
    if ((rc = ty__anchors_extract(s->c->anchors, s->lang, s->u[unit].text + a, b - a, &s->ra)))
        return rc == TY_ERR_NOMEM ? ty__nomem(err) : ty__fail(err, rc, NULL, -1, -1, "anchors");
    for (int k = 0; k < TY_ANCHOR_KINDS && !*yes; k++)
        *yes = ty__anchor_set_shared(s->anchors, &s->ra, (uint8_t)k) > 0;
    return TY_OK;
}

/* A possible extension seen in one unit. */
typedef struct ext {
    uint64_t hash;
    uint32_t unit, tok, len;
    int right;
} ext;

static int ext_cmp(const void *a, const void *b)
{
    const ext *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return (x->unit > y->unit) - (x->unit < y->unit);
}

/* The extensions of the rendering at `at` in unit ui: by 1 to EXTEND_MAX words on each side,
 * ending on a content word. */
static ty_status extensions_in(search *s, uint32_t ui, long at, uint32_t len, ext **v, size_t *n,
                               size_t *cap, ty_error *err)
{
    const ty__toks *t = &s->u[ui].other;
    ty_status rc = TY_OK;

    for (int right = 1; right >= 0 && rc == TY_OK; right--)
        for (size_t add = 1; add <= EXTEND_MAX && len + add <= s->ext_max; add++) {
            size_t start = right ? (size_t)at : (size_t)at - add, edge;
            uint64_t eh;
            int content;
            if ((!right && (size_t)at < add) || start + len + add > t->n ||
                !(eh = ngram_hash(t, start, len + add)))
                break;
            edge = right ? start + len + add - 1 : start;
            if ((rc = content_word(s, t, edge, &content, err)) != TY_OK || !content)
                continue;
            if (s->lang == TY_LANG_JA && !ja_rendering(t, start, start + len + add - 1))
                continue;
            if (ty__grow((void **)v, cap, *n + 1, sizeof **v))
                return ty__nomem(err);
            (*v)[*n].hash = eh;
            (*v)[*n].unit = ui;
            (*v)[*n].tok = (uint32_t)start;
            (*v)[*n].len = len + (uint32_t)add;
            (*v)[*n].right = right;
            (*n)++;
        }
    return rc;
}

/* The extensions seen, grouped: v[first] stands for its group. */
typedef struct ext_group {
    size_t first, a, uses;
    int right;
    uint32_t len;
    uint64_t hash;
} ext_group;

/* Most units first, then the fewest words added, then right before left. */
static int group_cmp(const void *pa, const void *pb)
{
    const ext_group *x = pa, *y = pb;
    if (x->a != y->a)
        return x->a > y->a ? -1 : 1;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    if (x->right != y->right)
        return x->right > y->right ? -1 : 1;
    return (x->hash > y->hash) - (x->hash < y->hash);
}

/* Whether the units of extensions v[0, n) hold two texts that are not copies. */
static int group_texts(const search *s, const ext *v, size_t n)
{
    size_t u[TEXTS_MAX], k = 0;
    for (size_t i = 0; i < n && k < TEXTS_MAX; i++)
        if (i == 0 || v[i].unit != v[i - 1].unit)
            u[k++] = v[i].unit;
    return two_texts(s, u, k);
}

/* One extension step of the rendering g first found at (unit, tok), found in `support` units
 * of R; *grew when it grew. */
static ty_status extend_once(search *s, gram *g, uint32_t *unit, uint32_t *tok, size_t support,
                             int *grew, ty_error *err)
{
    ext *v = NULL;
    ext_group *gr = NULL;
    size_t n = 0, cap = 0, ng = 0, gcap = 0;
    ty_status rc = TY_OK;

    *grew = 0;
    for (size_t k = 0; k < s->nr && rc == TY_OK; k++) {
        uint32_t ui = (uint32_t)s->r[k];
        long at = find_ngram(&s->u[ui].other, g);
        if (at >= 0)
            rc = extensions_in(s, ui, at, g->len, &v, &n, &cap, err);
    }
    if (rc == TY_OK && n > 1)
        qsort(v, n, sizeof *v, ext_cmp);
    for (size_t i = 0; i < n && rc == TY_OK;) {
        size_t j = i, a = 0, uses = 0;
        for (; j < n && v[j].hash == v[i].hash; j++)
            if (j == i || v[j].unit != v[j - 1].unit) {
                a++;
                uses += s->u[v[j].unit].uses;
            }
        if ((double)a > EXTEND_SHARE * (double)support && uses >= s->o->min_uses && a >= 2 &&
            group_texts(s, v + i, j - i)) {
            if (ty__grow((void **)&gr, &gcap, ng + 1, sizeof *gr))
                rc = ty__nomem(err);
            else
                gr[ng++] = (ext_group){i, a, uses, v[i].right, v[i].len, v[i].hash};
        }
        i = j;
    }
    if (rc == TY_OK && ng > 1)
        qsort(gr, ng, sizeof *gr, group_cmp);
    if (ng > 0) {
        const ext *e = &v[gr[0].first];
        *g = gram_at(&s->u[e->unit].other, e->tok, e->len, e->hash);
        *unit = e->unit;
        *tok = e->tok;
        *grew = 1;
    }
    free(v);
    free(gr);
    return rc;
}

/* Whether the n-gram follows a number directly (no punctuation between) in most of the units
 * of R that hold it. */
static int after_number(const search *s, const gram *g)
{
    size_t a = 0, num = 0;
    for (size_t k = 0; k < s->nr; k++) {
        const ty__toks *t = &s->u[s->r[k]].other;
        long at = find_ngram(t, g);
        if (at < 0)
            continue;
        a++;
        num += at > 0 && (t->v[at - 1].flags & TY__TOK_NUMBER) &&
               !(t->v[at - 1].flags & TY__TOK_STOP); /* "(1) Emergency…" is a list */
    }
    return a && 2 * num > a;
}

static int phrase_has_number(const search *s)
{
    for (size_t k = 0; s->anchors && k < s->anchors->n; k++)
        if (s->anchors->v[k].kind == TY_ANCHOR_NUMBER)
            return 1;
    return 0;
}

/* Whether the rendering g at (unit, tok), found in `a` units of R, is refused whatever its
 * count in the memory: found only in copies of one text, the unit of a figure, or without the
 * anchors it needs; *shared: whether it shares an anchor with the phrase. */
static ty_status refused(search *s, const gram *g, uint32_t unit, uint32_t tok, size_t a,
                         size_t nfound, int *no, int *shared, ty_error *err)
{
    ty_status rc;

    *no = 1;
    *shared = 0;
    if (a >= 2 && !in_two_texts(s, g))
        return TY_OK; /* found only in copies of one text */
    if (after_number(s, g) && !phrase_has_number(s))
        return TY_OK; /* the unit of a figure ("10:25 a.m.", "5 million"), not the phrase's */
    if (s->anchors && s->anchors->n) {
        if ((rc = shares_anchor(s, unit, tok, g->len, shared, err)) != TY_OK)
            return rc;
        if (!*shared && a < FEW_UNITS && s->o->lexicon)
            return TY_OK; /* a few units prove nothing: the words around the phrase recur too */
        if (nfound > 0 && s->guard && !*shared)
            return TY_OK; /* a variant without the evidence the dominant rendering has */
    }
    *no = 0;
    return TY_OK;
}

/* Accept (or not) the rendering of this round, grown from `seed`, and explain its units: 0
 * when it is not associated with the phrase enough (G2, Dice) or not found in enough uses, -1
 * when it is but refused(), 1 when accepted. A refused rendering needs no exact count in the
 * memory (G): G2 and Dice only fall as G grows, so when a bound on G (the length of its
 * rarest trigram's list, ty__units_with_bound) passes, G passes too. */
static ty_status accept(search *s, const gram *g, uint32_t unit, uint32_t tok, const gram *seed,
                        ty__found **found, size_t *nfound, int *ok, ty_error *err)
{
    size_t a, uses, expl, G = 0, klen, k = 0, limit = 20 * s->n + 1000;
    double g2, dice;
    const char *key = key_of(s, unit, tok, g->len, &klen);
    ty__found *f;
    int no, shared, exact;
    ty_status rc;

    *ok = 0;
    support(s, g, &a, &uses, &expl);
    if (uses < s->o->min_uses || !located(s, unit, a, g->len))
        return TY_OK;
    if ((rc = refused(s, g, unit, tok, a, *nfound, &no, &shared, err)) != TY_OK)
        return rc;
    if (no) {
        if ((rc = global_units(s->c, s->lang, g->hash, key, klen, limit, &G, &exact, err)))
            return rc;
        score(s, a, G, expl, &g2, &dice);
        if (g2 >= LLR_MIN && dice >= s->o->min_dice)
            *ok = -1;
        if (*ok || exact)
            return TY_OK;
    }
    if ((rc = global_units(s->c, s->lang, g->hash, key, klen, limit, &G, NULL, err)) != TY_OK)
        return rc;
    score(s, a, G, expl, &g2, &dice);
    if (g2 < LLR_MIN || dice < s->o->min_dice)
        return TY_OK;
    if (no) {
        *ok = -1;
        return TY_OK;
    }
    if (s->anchors && s->anchors->n && *nfound == 0)
        s->guard = shared;
    if (!(f = realloc(*found, (*nfound + 1) * sizeof *f)))
        return ty__nomem(err);
    *found = f;
    f = &f[(*nfound)++];
    f->hash = g->hash;
    f->unit = unit;
    f->tok = tok;
    f->len = g->len;
    f->units = a;
    f->uses = uses;
    f->dice = dice;
    f->llr = g2;
    {
        long at = find_ngram(&s->u[unit].other, seed);
        f->seed_hash = at >= 0 ? seed->hash : g->hash;
        f->seed_tok = at >= 0 ? (uint32_t)at : tok;
        f->seed_len = at >= 0 ? seed->len : g->len;
    }
    for (size_t i = 0; i < s->nr; i++) {
        ty__sunit *u = &s->u[s->r[i]];
        long at = find_ngram(&u->other, g);
        if (at < 0) {
            s->r[k++] = s->r[i];
            continue;
        }
        u->rendering = (long)(*nfound - 1);
        u->rstart = (uint32_t)at;
        u->rlen = g->len;
    }
    s->explained += s->nr - k;
    s->nr = k;
    *ok = 1;
    return TY_OK;
}

/* When one rendering was found and it grew by a word or more that not all its uses share
 * ("candid exchange of views"), the units left may hold its core alone ("exchange of views"):
 * the longest part of it of two words or more, starting and ending on a content word, that some
 * of them hold becomes a rendering of those units (the report then merges the longer rendering
 * into it, phrase.c). With two renderings or more (based on / grounded in the rule of law), the
 * units left are deviations, as the search found them. */
static ty_status seed_cores(search *s, ty__found **found, size_t *nfound, ty_error *err)
{
    ty__found x;
    const ty__toks *t;
    ty_status rc = TY_OK;

    if (*nfound != 1 || (*found)[0].seed_hash == (*found)[0].hash ||
        *nfound >= s->o->max_renderings)
        return TY_OK;
    x = (*found)[0];
    t = &s->u[x.unit].other;
    for (uint32_t len = x.len - 1; len >= 2; len--)
        for (uint32_t at = x.tok; at + len <= x.tok + x.len; at++) {
            uint64_t h = ngram_hash(t, at, len);
            gram g;
            size_t k = 0, units = 0, uses = 0;
            int c1, c2;
            ty__found *f;
            if (!h)
                continue;
            g = gram_at(t, at, len, h);
            for (size_t r = 0; r < s->nr; r++)
                units += find_ngram(&s->u[s->r[r]].other, &g) >= 0;
            if (!units)
                continue;
            if ((rc = content_word(s, t, at, &c1, err)) != TY_OK ||
                (rc = content_word(s, t, at + len - 1, &c2, err)) != TY_OK)
                return rc;
            if (!c1 || !c2)
                continue;
            if (!(f = realloc(*found, (*nfound + 1) * sizeof *f)))
                return ty__nomem(err);
            *found = f;
            for (size_t r = 0; r < s->nr; r++) {
                ty__sunit *u = &s->u[s->r[r]];
                long p = find_ngram(&u->other, &g);
                if (p < 0) {
                    s->r[k++] = s->r[r];
                    continue;
                }
                u->rendering = (long)*nfound;
                u->rstart = (uint32_t)p;
                u->rlen = len;
                uses += u->uses;
            }
            f[*nfound] = (ty__found){h, x.unit, at, len, units, uses, 0, 0, h, at, len};
            (*nfound)++;
            s->explained += s->nr - k;
            s->nr = k;
            return TY_OK;
        }
    return TY_OK;
}

/* The units left whose phrase is most of their own side (私からは以上です。 / That is all from
 * me.): their whole other side, shared by at least min_uses uses, is a rendering too. One
 * unit's text says nothing about which of its n-grams renders a phrase, unless the phrase is
 * the text. */
static ty_status whole_texts(search *s, ty__found **found, size_t *nfound, ty_error *err)
{
    while (s->nr > 0 && *nfound < s->o->max_renderings) {
        size_t best = SIZE_MAX, best_uses = 0, k = 0;
        for (size_t i = 0; i < s->nr; i++) {
            const ty__sunit *u = &s->u[s->r[i]];
            size_t uses = 0;
            if (!u->mostly_phrase || !u->other.n)
                continue;
            for (size_t j = 0; j < s->nr; j++) {
                const ty__sunit *v = &s->u[s->r[j]];
                if (v->mostly_phrase && !strcmp(v->other.norm, u->other.norm))
                    uses += v->uses;
            }
            if (uses > best_uses) {
                best_uses = uses;
                best = i;
            }
        }
        if (best == SIZE_MAX || best_uses < s->o->min_uses) {
            break;
        } else {
            const ty__sunit *u = &s->u[s->r[best]];
            const char *norm = u->other.norm;
            uint32_t unit = (uint32_t)s->r[best], len = (uint32_t)u->other.n;
            uint64_t h = ty__ngram_first(&u->other.v[0]);
            ty__found *f = realloc(*found, (*nfound + 1) * sizeof *f);
            size_t units = 0;
            for (uint32_t t = 1; t < len; t++)
                h = ty__ngram_next(h, &u->other.v[t - 1], &u->other.v[t]);
            if (!f)
                return ty__nomem(err);
            *found = f;
            for (size_t i = 0; i < s->nr; i++) {
                ty__sunit *v = &s->u[s->r[i]];
                if (v->mostly_phrase && !strcmp(v->other.norm, norm)) {
                    v->rendering = (long)*nfound;
                    v->rstart = 0;
                    v->rlen = (uint32_t)v->other.n;
                    units++;
                } else {
                    s->r[k++] = s->r[i];
                }
            }
            f[*nfound] = (ty__found){h, unit, 0, len, units, best_uses, 0, 0, h, 0, len};
            (*nfound)++;
            s->explained += s->nr - k;
            s->nr = k;
            k = 0;
        }
    }
    return TY_OK;
}

/* The background sample, with the phrase's units masked. */
static ty_status background_init(search *s, ty_error *err)
{
    ty__bg *bg;
    long long *ids = malloc((s->n + 1) * sizeof *ids);
    size_t masked = 0;
    ty_status rc;

    if (!ids)
        return ty__nomem(err);
    for (size_t i = 0; i < s->n; i++)
        ids[i] = s->u[i].id;
    if ((rc = ty__bg_get(s->c, s->lang, &bg, err)) == TY_OK) {
        s->bg = bg;
        if (!(s->mask = ty__bg_mask(bg, ids, s->n, &masked)))
            rc = ty__nomem(err);
        s->bg_rest = (double)(ty__bg_size(bg) - masked);
    }
    free(ids);
    return rc;
}

ty_status ty__find_renderings(ty__phrase_ctx *c, ty_lang other, ty__sunit *units, size_t n,
                              double expected, const ty_anchor_set *anchors,
                              const ty_phrase_opts *opts, ty__found **found, size_t *nfound,
                              ty_error *err)
{
    search s;
    ty_status rc = TY_OK;

    *found = NULL;
    *nfound = 0;
    memset(&s, 0, sizeof s);
    s.c = c;
    s.lang = other;
    s.u = units;
    s.n = n;
    s.o = opts;
    s.anchors = anchors;
    if (expected < 1)
        expected = 1;
    s.nmin = (size_t)floor(expected / 4);
    if (s.nmin < 1)
        s.nmin = 1;
    s.nmax = (size_t)ceil(expected * 4) + 1;
    if (s.nmax > MAX_WORDS)
        s.nmax = MAX_WORDS;
    s.ext_max = (size_t)ceil(expected * 2) + 2;
    if (s.ext_max > s.nmax)
        s.ext_max = s.nmax;
    if (!(s.r = malloc((n + 1) * sizeof *s.r)))
        return ty__nomem(err);
    if ((rc = background_init(&s, err)) != TY_OK) {
        free(s.r);
        return rc;
    }
    for (size_t i = 0; i < n; i++) {
        units[i].rendering = -1;
        units[i].rstart = units[i].rlen = 0;
        s.r[i] = i;
    }
    s.nr = n;
    while (rc == TY_OK && s.nr > 0 && *nfound < opts->max_renderings) {
        const ngram *seed;
        gram g;
        uint64_t seed_hash;
        uint32_t unit, tok;
        size_t seed_a, seed_uses;
        int grew = 1, ok;
        gram seed_gram;

        if ((rc = find_seed(&s, &seed, err)) != TY_OK || !seed)
            break;
        seed_hash = seed->hash;
        g = gram_at(&units[seed->unit].other, seed->tok, seed->len, seed->hash);
        seed_gram = g;
        unit = seed->unit;
        tok = seed->tok;
        support(&s, &g, &seed_a, &seed_uses, NULL);
        while (grew && rc == TY_OK) {
            rc = extend_once(&s, &g, &unit, &tok, seed_a, &grew, err);
            if (grew)
                support(&s, &g, &seed_a, &seed_uses, NULL);
        }
        if (rc == TY_OK)
            rc = accept(&s, &g, unit, tok, &seed_gram, found, nfound, &ok, err);
        if (rc == TY_OK && ok < 0) {
            /* refused: look for another seed, a few times at most */
            uint32_t *slot = ty__u64map_insert(&s.banned, seed_hash, 0, NULL);
            if (!slot) {
                rc = ty__nomem(err);
                break;
            }
            *slot = 1;
            if (++s.nbanned > MAX_REFUSED)
                break;
            continue;
        }
        if (rc == TY_OK && !ok)
            break;
    }
    if (rc == TY_OK && s.nr > 0)
        rc = seed_cores(&s, found, nfound, err);
    if (rc == TY_OK && s.nr > 0)
        rc = whole_texts(&s, found, nfound, err);
    free(s.r);
    free(s.tab.v);
    free(s.sorted);
    ty__u64map_free(&s.tab.map);
    ty__u64map_free(&s.words);
    ty__u64map_free(&s.wa);
    free(s.wcount);
    ty__u64map_free(&s.banned);
    ty__anchor_set_free(&s.ra);
    free(s.mask);
    if (rc != TY_OK) {
        free(*found);
        *found = NULL;
        *nfound = 0;
    }
    return rc;
}
