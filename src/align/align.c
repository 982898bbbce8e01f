/*
 * align.c — ty_align(): Japanese–English sentence alignment by dynamic programming over beads
 * (1:1, 1:0, 0:1, 1:2, 2:1, 2:2, 1:3, 3:1), scored by lengths, anchors and structure, with a
 * posterior confidence per bead. This file holds the two passes and the corridor search; the
 * options and bead shapes are in beads.c, the model in score.c, the DP in dp.c, the units in
 * sides.c, the learned lexicon in learn.c. It does not read files or segment text.
 *
 * THE CORRIDOR. A full DP needs (n+1)(m+1) cells; above opts.full_cells (250,000: every
 * document of the dev corpus, and any pair up to ~500 x 500 segments) we search a corridor
 * instead, found by recursive downsampling (as vecalign does): both sides are coarsened by
 * merging neighbouring units pairwise (lengths add, anchor keys unite, keeping the 24 rarest)
 * until the coarse matrix fits in full_cells; the coarsest level is aligned whole; each finer
 * level is aligned inside the band that the coarser path covers (scaled by 2) plus
 * opts.corridor (6) units on each side. Coarse units carry their rarest anchors, so an
 * inserted section or a long omission is found at a coarse level, where it is a few units
 * long, rather than by a wide band. Where a level's best path comes within 2 cells of the
 * band's edge, the evidence there disagreed with the coarser level: the corridor is doubled
 * around those rows and just that stretch (four new widths on each side, between two points
 * of the path) is aligned again, up to 6 times (64x wider) -- the corridor is widened only
 * where the evidence is weak. Cells per level are O(n * corridor) and the levels halve, so
 * time and memory grow linearly with the document (tests/bench/align-speed.sh). Pass 2
 * searches opts.corridor units around pass 1's path, widened the same way.
 *
 * THE TWO PASSES. Pass 1 uses the document pair's total length ratio, the default spread
 * and shape priors, and the anchors from anchors/anchors.h. Its confident beads (posterior >=
 * learn_min_confidence, posteriors at temperature 1) then give per-document estimates: the
 * length ratio (sum over sum), the spread (1.4826 x median absolute deviation of the log
 * ratios), the shape probabilities (posterior expected counts), the probability that a
 * translation keeps a heading / label / question / paragraph start, and the carry
 * probability of each anchor kind (the share of a confident bead's keys that its other side
 * holds), each shrunk towards its default by prior_strength pseudo-beads; and a lexicon
 * learned from the pair (learn.c). Pass 2 aligns again with all of these, and its
 * forward-backward posteriors are the confidences.
 *
 * ANCHORS. Each side of a bead is the union of its segments' anchor keys. A key both sides
 * hold counts log(q / rate), the rate being how often the key occurs in a segment of the
 * document (geometric mean of the two sides), less half the log of the two sides' effective
 * numbers of segments (a key is that much likelier to be found by chance on a larger side:
 * twice in two sentences of equal length, hardly more in a sentence and a short one such as
 * "２点目です。"); a key one side holds and the other side of the bead does not (while the
 * other document does hold it) counts log((1 - q) / (1 - rate)), and so do the number,
 * Latin, name and learned keys of a segment left out (1:0, 0:1): a sentence whose figures
 * and names the other document holds is seldom untranslated. Keys held by one document only
 * weigh nothing and are dropped.
 *
 * RARE CONTENT (without dictionaries). A sentence's content words that no other sentence of
 * its document holds (hapax kanji bigrams, lone kanji and katakana words; English words of 3+
 * letters: learn.c, ty__rare_counts) go into its translation and nowhere else, so the two
 * sides of a bead hold about as many of them, in the documents' ratio: log(R_en + 2) ~
 * N(log(rc R_ja + 2), 0.5^2) for a translation against the spread of b random English units,
 * a second length model of the words that carry the content, nearly independent of the
 * character lengths (correlation 0.09 on the corpus's gold 1:1 beads). It tells a 2:2 from
 * two 1:1 beads and a 1:2 from a 1:1 and a 0:1 where nothing else does. Headings and lines
 * (titles, date lines) are left out of it, and it is off with dictionaries, whose keys are
 * the same kanji words (doc/performance.md).
 *
 * CONTINUING SENTENCES. A translator who renders one Japanese sentence as two English ones
 * opens the second so that it points back ("This is the consistent policy of the
 * Government.", "It also concluded …", "I will therefore …"; cues.c, TY__U_CONT), and a
 * Japanese sentence that opens so (これにより、…, また、…) has a translation that does too.
 * Each English unit's flag is scored by its place in the bead: after the first of its side
 * it continues with probability .35, first after a Japanese unit that continues with .42,
 * otherwise at the document's own rate of such sentences (the reference, 0). In the
 * corpus's gold these rates are .45 and .65 in the transcripts, .47 after a continuing
 * Japanese unit in the other pairs, against .08-.13 otherwise; the flag also marks
 * sentences that do not continue, and the rounder .44 / .5 measured a bead worse each. A
 * plain unit after the first costs nothing: the flag is often missed (a pointer back deep in
 * the sentence, "… the aircraft of the Self-Defense Force also …"), and charging it measured
 * worse (doc/performance.md).
 *
 * QUOTATIONS. A translation keeps the quotation marks of what it renders: 「たびレジ」 /
 * “Tabireg”, 「神皇正統記」 / "Jinno-shotoki", 「東山」 / 'Higashiyama' (cues.c, TY__U_QUOTE).
 * A bead's sides quote or not (any of their units), scored as the structure flags are, with
 * the copy probability .6 against the English side's rate of quoting units (level 0 only).

 * THREADS. With opts.threads above 1 and a pair of TY__SIDE_THREAD_MIN segments or more,
 * the English side's units are read on a second thread while this one reads the Japanese
 * side, each with an anchor context of its own; the English keys go into a table of their
 * own and are moved into the pair's after (ty__side_rekey, in the order they were met), so
 * that every key gets the id reading the two sides in turn gives and the output is the same
 * for any number of threads. The English side's coarse levels and its learned keys
 * (learn.c) are made on a second thread too; its repetition marks (the English side weighs
 * more) on this one while the second reads it.
 *
 * THE WEIGHTS (ty_align_opts_init) and how they were set. There are no free "weights": every
 * term is the log of a probability or a likelihood ratio, and the numbers below are the few
 * probabilities the model needs. They were set from published figures and from what the
 * model means, not fitted to the dev corpus:
 *  - shape priors: Gale & Church's European figures (1:1 .89, 1:0/0:1 .01, 2:1/1:2 .09 in
 *    all, 2:2 .01) flattened towards the rarer shapes (1:1 .86, 1:0/0:1 .02 each, 1:2/2:1
 *    .035 each, 2:2/1:3/3:1 .01 each) because ministry transcripts split and drop more; they
 *    are re-estimated per document in pass 2 with 20 pseudo-beads of weight;
 *  - length: the sd of the log length ratio, 0.35, the middle of the range the literature
 *    and ALIGNMENT-NOTES.md report for ja-en (0.27-0.39); 8 characters of smoothing (about
 *    3 Japanese characters, a short heading) so that very short segments weigh less;
 *  - anchors: the probability that a number survives translation (.8), a Latin token (.7), a
 *    katakana name (.5), a word of a dictionary gloss (.3: a headword has several glosses and
 *    the translator uses at most one) or of the learned lexicon (.3); pass 2 uses the
 *    document's own estimates for the first four;
 *  - structure: a translation keeps a heading as a heading with probability .95, a speaker
 *    label, a question mark, a paragraph start and an enumeration marker with .85 (otherwise
 *    the flag is as random), and a many-segment side crosses a paragraph boundary with
 *    probability .1; an enumeration marker ("２点目です。", cues.c) counts on a side when any
 *    of its segments has one, since translators fold a short announcement of the point into
 *    the next sentence ("Secondly, …");
 *  - formulas (formula.c: a greeting alone, a self-introduction repeating the speaker
 *    label, a language switch or navigation line, a bracketed note) and near-repetitions of
 *    one of the 4 sentences before (cues.c: a restatement, a transcript's copy error; the
 *    later copy): left out with probability .3 (formula_drop); either is joined to a
 *    content sentence, and a formula paired alone with content, with probability .1 of
 *    that; the next unit may carry the label and paragraph start of a formula (or a run of
 *    formulas) that was left out (whichever agrees better);
 *  - continuing sentences: .35 and .42 (see above);
 *  - quotations: .6, below the .87 of the corpus's gold beads (P(English quotes | Japanese
 *    quotes); .015 otherwise): what is quoted is often a name or Latin key already, counted
 *    there, and quotations a sentence boundary splits go unflagged; .45-.6 align the corpus
 *    alike, .75 and .85 worse, and so does re-estimating it per document;
 *  - rare content: the spread 0.5 of its log ratio (the corpus's gold 1:1 beads: 0.38,
 *    heavy-tailed; 0.45-0.6 align the corpus alike, 0.33 worse) and 2 tokens of smoothing;
 *  - temperature 2: the anchor and structure terms are not independent (one date gives a
 *    day, a month and a year key), so the summed log-LRs are over-confident; halving them
 *    is the usual correction, and it changes only the confidences, never the path.
 *    tests/bench/calibration prints the resulting calibration table on the corpus.
 * The learned lexicon's limits (2 links per Japanese token, 32 keys per segment, 2,000
 * learning beads) and the corridor width bound time and memory on long documents (what they
 * cost in quality: doc/performance.md).
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "align.h"
#include "anchors/anchors.h"
#include "base/error.h"
#include "base/task.h"

/* Coarse levels at most (2^40 segments would be needed to use them all). */
#define TY__MAX_LEVELS 40
/* Corridor re-runs of one level where its path touches the edge. */
#define TY__MAX_WIDEN 6
/* Rare content (see the top comment): the spread of log(R_en + s) - log(rc R_ja + s) in a
 * translation, and s. */
#define TY__RARE_SIGMA 0.5
#define TY__RARE_SMOOTH 2.0
/* Continuing sentences (see the top comment): the probability that an English sentence after
 * the first of a bead's side continues ("This is …"), that the first one does after a
 * Japanese sentence that continues (これにより、…), and the bounds of a document's own rate
 * of such sentences. */
#define TY__CONT_JOIN 0.35
#define TY__CONT_AFTER 0.42
#define TY__CONT_MIN 0.02
#define TY__CONT_MAX 0.3
/* Quotations (see the top comment): the probability that a translation quotes where the
 * Japanese does, as the quote flags' log-LR assumes it. */
#define TY__QUOTE_COPY 0.6
/* Segments in the pair (both sides) from which the English side is read on a second thread:
 * below it, the thread's start and second anchor context cost about what it saves. */
#define TY__SIDE_THREAD_MIN 512
/* Estimates from fewer confident beads than this are not made. */
#define TY__MIN_CONFIDENT 5

struct ty_alignment {
    ty_bead *bead;
    size_t n;
    double *x; /* TY__CAL_FEATURES per bead (confidence.c) */
    unsigned char *pinned; /* per bead, 1 for a pin (ty_align_pinned); NULL: none is */
    ty__doc_anchors anchors[2]; /* the two documents' anchors as ty_align read them */
};

size_t ty_alignment_count(const ty_alignment *al)
{
    return al ? al->n : 0;
}

const ty_bead *ty_alignment_bead(const ty_alignment *al, size_t i)
{
    return (al && i < al->n) ? &al->bead[i] : NULL;
}

int ty_alignment_bead_pinned(const ty_alignment *al, size_t i)
{
    return al && i < al->n && al->pinned ? al->pinned[i] : 0;
}

const struct ty__doc_anchors *ty__alignment_anchors(const ty_alignment *al, const ty_doc *doc)
{
    for (int s = 0; al && doc && s < 2; s++)
        if (al->anchors[s].doc == doc && al->anchors[s].nseg == ty_doc_count(doc))
            return &al->anchors[s];
    return NULL;
}

const double *ty__alignment_features(const ty_alignment *al, size_t k)
{
    return (al && k < al->n) ? &al->x[k * TY__CAL_FEATURES] : NULL;
}

ty_status ty__alignment_adopt(ty_bead *beads, double *x, unsigned char *pinned, size_t n,
                              ty_alignment **out, ty_error *err)
{
    if (!(*out = calloc(1, sizeof **out))) {
        free(beads);
        free(x);
        free(pinned);
        return ty__nomem(err);
    }
    (*out)->bead = beads;
    (*out)->x = x;
    (*out)->pinned = pinned;
    (*out)->n = n;
    return TY_OK;
}

void ty_alignment_free(ty_alignment *al)
{
    if (!al)
        return;
    free(al->bead);
    free(al->x);
    free(al->pinned);
    ty__doc_anchors_free(&al->anchors[0]);
    ty__doc_anchors_free(&al->anchors[1]);
    free(al);
}

/* Everything one alignment needs. */
typedef struct aligner {
    const ty_align_opts *o;
    ty__keys keys;
    ty__side ja[TY__MAX_LEVELS + 1], en[TY__MAX_LEVELS + 1];
    int levels; /* levels in use, the finest (segments) being 0 */
    ty__work work;
    ty__doc_anchors anchors[2]; /* handed to the alignment */
    double c, sigma, prior[TY_BEAD_SHAPES], copy[TY__FEATURES], carry[TY__KINDS];
    double rc; /* rare content: English over Japanese, the documents' totals (0: unused) */
    double cont_rate; /* the share of the English sentences that continue (TY__U_CONT) */
    int two;          /* the English side's work on a second thread (see THREADS) */
} aligner;

/* Coarse levels only look for the corridor: a fine 2:2 is a coarse 1:1, so these do. */
#define TY__COARSE_BEADS                                                                      \
    ((1u << TY_BEAD_1_1) | (1u << TY_BEAD_1_0) | (1u << TY_BEAD_0_1) | (1u << TY_BEAD_1_2) |    \
     (1u << TY_BEAD_2_1))

static void model_for(const aligner *A, int level, ty__model *m)
{
    unsigned beads = level ? TY__COARSE_BEADS : A->o->beads;
    double total = 0;

    memset(m, 0, sizeof *m);
    for (int s = 0; s < TY_BEAD_SHAPES; s++)
        if ((beads >> s) & 1u)
            total += A->prior[s];
    for (int s = 0; s < TY_BEAD_SHAPES; s++)
        m->logprior[s] = ((beads >> s) & 1u) ? log(A->prior[s] / total) : -INFINITY;
    m->c = A->c;
    m->sigma = A->sigma;
    m->smooth = A->o->length_smooth;
    m->rc = A->rc;
    m->rsigma = TY__RARE_SIGMA;
    m->rsmooth = TY__RARE_SMOOTH;
    m->log_cross = log(A->o->cross_paragraph);
    m->log_formula = A->o->formula_drop > 0 ? log(A->o->formula_drop) : -INFINITY;
    /* a formula joined to a content sentence, or alone on a side against content: 1 in 10 of
     * the formulas that are not kept as their own segment (none of the dropped greetings of
     * the MOFA transcripts we read was merged); off with formula_drop */
    m->log_formula_join = A->o->formula_drop > 0 ? log(0.1) : 0;
    /* an English sentence that continues is a bead's first with the document's own rate, or
     * with TY__CONT_AFTER when the bead's Japanese side opens with one that continues too; a
     * later one with TY__CONT_JOIN (only at level 0: coarse units carry no such flag) */
    if (level == 0 && A->cont_rate > 0) {
        m->cont_join[1] = log(TY__CONT_JOIN / A->cont_rate);
        m->cont_after[1] = log(TY__CONT_AFTER / A->cont_rate);
        m->cont_after[0] = log((1 - TY__CONT_AFTER) / (1 - A->cont_rate));
    }
    if (level == 0) /* (coarse units carry no quotation flag) */
        ty__flag_lr(&A->ja[0], &A->en[0], TY__U_QUOTE, TY__QUOTE_COPY, m->quote);
    m->keys = &A->keys;
    ty__model_length_stats(m, &A->en[level]);
    ty__model_features(m, &A->ja[level], &A->en[level], A->copy);
}

/* DP positions of a path: (0,0) then the end of each bead. */
static size_t *path_positions(const ty__path *p)
{
    size_t *pos = malloc(2 * (p->n + 1) * sizeof *pos);
    if (!pos)
        return NULL;
    pos[0] = pos[1] = 0;
    for (size_t k = 0; k < p->n; k++) {
        pos[2 * k + 2] = p->bead[k].ja_first + p->bead[k].ja_count;
        pos[2 * k + 3] = p->bead[k].en_first + p->bead[k].en_count;
    }
    return pos;
}

/* A view of units [first, first + n) of `s` (sharing its arrays). */
static ty__side side_view(const ty__side *s, size_t first, size_t n)
{
    ty__side v = *s;
    v.n = n;
    v.u = s->u + first;
    v.cum = s->cum + first;
    return v;
}

/* Re-align the part of *path between its positions pa and pb (indices into pos[], pairs
 * i, j) inside a corridor of hw[] around it, and splice the result in. The rows where the new
 * part touches its corridor are appended to touch[*ntouch]. */
static ty_status rerun_window(aligner *A, int lv, const ty__model *m, int posterior,
                              double temperature, const size_t *pos, size_t pa, size_t pb,
                              const size_t *hw, ty__path *path, size_t *touch, size_t *ntouch,
                              ty_error *err)
{
    size_t i0 = pos[2 * pa], j0 = pos[2 * pa + 1], n = pos[2 * pb] - i0, mm = pos[2 * pb + 1] - j0;
    ty__side ja = side_view(&A->ja[lv], i0, n), en = side_view(&A->en[lv], j0, mm);
    size_t *lpos = malloc(2 * (pb - pa + 1) * sizeof *lpos);
    ty__band band = {0};
    ty__path part = {0};
    ty_bead *beads = NULL;
    ty_status st = TY_OK;

    if (!lpos)
        return ty__nomem(err);
    for (size_t k = pa; k <= pb; k++) {
        lpos[2 * (k - pa)] = pos[2 * k] - i0;
        lpos[2 * (k - pa) + 1] = pos[2 * k + 1] - j0;
    }
    if ((st = ty__band_around(n, mm, lpos, pb - pa + 1, 1, hw + i0, &band)) != TY_OK) {
        ty__nomem(err);
        goto done;
    }
    if ((st = ty__dp(&ja, &en, m, &band, posterior, temperature, &A->work, &part, err)) != TY_OK)
        goto done;
    if (!(beads = malloc((pa + part.n + (path->n - pb) + 1) * sizeof *beads))) {
        st = ty__nomem(err);
        goto done;
    }
    memcpy(beads, path->bead, pa * sizeof *beads);
    for (size_t k = 0; k < part.n; k++) {
        beads[pa + k] = part.bead[k];
        beads[pa + k].ja_first += i0;
        beads[pa + k].en_first += j0;
    }
    memcpy(beads + pa + part.n, path->bead + pb, (path->n - pb) * sizeof *beads);
    /* the window's likely cells replace those of its rows; its first and last rows, which
     * it shares with the path around it, get the union (not known when either is not) */
    for (size_t r = 0; path->mass_lo && part.mass_lo && r <= n; r++) {
        size_t *lo = &path->mass_lo[i0 + r], *hi = &path->mass_hi[i0 + r];
        int edge = r == 0 || r == n;
        if (part.mass_lo[r] > part.mass_hi[r] || (edge && *lo > *hi)) {
            *lo = SIZE_MAX;
            *hi = 0;
        } else if (edge) {
            *lo = part.mass_lo[r] + j0 < *lo ? part.mass_lo[r] + j0 : *lo;
            *hi = part.mass_hi[r] + j0 > *hi ? part.mass_hi[r] + j0 : *hi;
        } else {
            *lo = part.mass_lo[r] + j0;
            *hi = part.mass_hi[r] + j0;
        }
    }
    free(path->bead);
    path->bead = beads;
    path->n = pa + part.n + (path->n - pb);
    for (size_t t = 0; t < part.n_touch; t++)
        touch[(*ntouch)++] = part.touch_rows[t] + i0;
done:
    ty__path_free(&part);
    ty__band_free(&band);
    free(lpos);
    return st;
}

/* Align level `lv` inside *band (built by the caller). Where the path comes near the
 * corridor's edge, the corridor is doubled there and that stretch of the document (with a
 * margin of four new widths on each side, between two fixed points of the path) is aligned
 * again, up to TY__MAX_WIDEN times. */
static ty_status run_level(aligner *A, int lv, int posterior, double temperature,
                           ty__band *band, ty__path *path, ty_error *err)
{
    const ty__side *ja = &A->ja[lv], *en = &A->en[lv];
    size_t *hw = NULL, *pos = NULL, *touch = NULL, ntouch = 0, n = ja->n;
    ty__model m;
    ty_status st;

    model_for(A, lv, &m);
    if ((st = ty__dp(ja, en, &m, band, posterior, temperature, &A->work, path, err)) != TY_OK)
        return st;
    for (int round = 0; path->n_touch && round < TY__MAX_WIDEN; round++) {
        size_t np, k = 0;
        if (!hw) {
            if (!(hw = malloc(2 * (n + 1) * sizeof *hw))) {
                st = ty__nomem(err);
                goto done;
            }
            for (size_t i = 0; i <= n; i++)
                hw[i] = A->o->corridor;
        }
        /* twice the width this round had, over twice the new width around each touch */
        memcpy(hw + n + 1, hw, (n + 1) * sizeof *hw);
        for (size_t t = 0; t < path->n_touch; t++) {
            size_t r = path->touch_rows[t], w = 2 * hw[n + 1 + r];
            size_t from = r > 2 * w ? r - 2 * w : 0, to = r + 2 * w < n ? r + 2 * w : n;
            for (size_t i = from; i <= to; i++)
                if (hw[i] < w)
                    hw[i] = w;
        }
        free(pos);
        free(touch);
        np = path->n + 1;
        pos = path_positions(path);
        touch = malloc((n + en->n + 1) * sizeof *touch); /* at most one per bead */
        if (!pos || !touch) {
            st = ty__nomem(err);
            goto done;
        }
        ntouch = 0;
        /* windows around the touched rows (sorted), merged when they overlap; positions are
         * visited once, left to right, so windows re-aligned earlier are not revisited */
        for (size_t t = 0; t < path->n_touch;) {
            size_t r = path->touch_rows[t], w = 4 * hw[r];
            size_t a = r > w ? r - w : 0, b = r + w < n ? r + w : n, pa, pb;
            while (++t < path->n_touch && path->touch_rows[t] <= b + w)
                b = path->touch_rows[t] + w < n ? path->touch_rows[t] + w : n;
            while (k + 1 < np && pos[2 * (k + 1)] <= a)
                k++;
            pa = k;
            for (pb = pa + 1; pb + 1 < np && pos[2 * pb] < b;)
                pb++;
            /* beads before pa keep their index; later ones move with the splice */
            size_t before = path->n;
            if ((st = rerun_window(A, lv, &m, posterior == TY__POST_NONE ? TY__POST_NONE
                                                                         : TY__POST_CONFIDENCE,
                                   temperature, pos, pa, pb, hw, path, touch, &ntouch, err)) != TY_OK)
                goto done;
            /* re-derive the positions after the splice for the next window */
            free(pos);
            if (!(pos = path_positions(path))) {
                st = ty__nomem(err);
                goto done;
            }
            np = path->n + 1;
            k = pb + path->n - before;
        }
        free(path->touch_rows);
        path->touch_rows = touch;
        path->n_touch = ntouch;
        path->touched = ntouch > 0;
        touch = NULL;
    }
done:
    free(hw);
    free(pos);
    free(touch);
    return st;
}

/* Replace *band, unless it is the whole matrix, with opts.corridor units around `path`,
 * narrowed where the path has posteriors to its likely cells and TY__MASS_MARGIN columns on
 * each side of them (the cells of `path` itself included). The cells left out held less than
 * exp(-TY__MASS_FLOOR) of pass 1's posterior each, below a double's precision next to the
 * path's; the margin is the DP's touch margin, so that a path of pass 2 touches the narrowed
 * corridor only where it leaves the cells that pass 1 found likely, and that stretch is
 * aligned again in a corridor twice as wide as pass 2's (run_level). */
#define TY__MASS_MARGIN 2
static ty_status corridor_around(aligner *A, ty__path *path, ty__band *band, ty_error *err)
{
    size_t n = A->ja[0].n, m = A->en[0].n, *hw, *pos;
    ty_status st = TY_OK;

    if (band->off[n + 1] == (n + 1) * (m + 1))
        return TY_OK;
    hw = malloc((n + 1) * sizeof *hw);
    pos = path_positions(path);
    if (hw && pos) {
        for (size_t i = 0; i <= n; i++)
            hw[i] = A->o->corridor;
        ty__band_free(band);
        st = ty__band_around(n, m, pos, path->n + 1, 1, hw, band);
    }
    if (!hw || !pos || st != TY_OK) {
        st = ty__nomem(err);
    } else if (path->mass_lo) {
        for (size_t k = 0; k <= path->n; k++) { /* (rows not known keep their columns) */
            size_t i = pos[2 * k], j = pos[2 * k + 1];
            if (path->mass_lo[i] > path->mass_hi[i])
                continue;
            path->mass_lo[i] = j < path->mass_lo[i] ? j : path->mass_lo[i];
            path->mass_hi[i] = j > path->mass_hi[i] ? j : path->mass_hi[i];
        }
        ty__band_narrow(band, path->mass_lo, path->mass_hi, TY__MASS_MARGIN);
    }
    free(hw);
    free(pos);
    return st;
}

/* One side's coarse levels 1 to `levels`, each from the one below it. */
typedef struct coarsen_job {
    ty__side *side; /* levels + 1 of them, the finest first */
    const ty__keys *keys;
    int levels;
    ty_status st;
} coarsen_job;

static void coarsen_levels(void *p)
{
    coarsen_job *j = p;

    for (int lv = 0; lv < j->levels && j->st == TY_OK; lv++)
        j->st = ty__side_coarsen(&j->side[lv], j->keys, &j->side[lv + 1]);
}

/* Pass 1: coarsen as needed, align the coarsest level whole, refine level by level. */
static ty_status search(aligner *A, double temperature, ty__band *band, ty__path *path,
                        ty_error *err)
{
    ty_status st = TY_OK;
    size_t *hw = NULL, *pos = NULL, nja = A->ja[0].n, nen = A->en[0].n;
    int lv = 0;

    A->work.threads = ty__align_threads(A->o);
    /* the levels needed (a coarser side has half the units, rounded up) */
    while (lv < TY__MAX_LEVELS &&
           (double)(nja + 1) * (double)(nen + 1) > (double)A->o->full_cells &&
           (nja > 1 || nen > 1)) {
        nja = (nja + 1) / 2;
        nen = (nen + 1) / 2;
        lv++;
    }
    if (lv > 0) { /* the English side's levels on a second thread */
        coarsen_job job[2] = {{A->ja, &A->keys, lv, TY_OK}, {A->en, &A->keys, lv, TY_OK}};
        ty__task task;
        ty__task_start(&task, A->two, coarsen_levels, &job[1]);
        coarsen_levels(&job[0]);
        ty__task_join(&task);
        if (job[0].st != TY_OK || job[1].st != TY_OK)
            return ty__nomem(err);
        A->levels = lv + 1;
    }
    if (lv > 0) {
        /* the finest level needs the most: reserve its buffers at once (fewer page faults
         * than growing them level by level); a failure here only means growing later */
        size_t cells = (A->ja[0].n + 1) * (2 * A->o->corridor + 8);
        (void)ty__work_get(&A->work, TY__W_VIT, cells * sizeof(double));
        (void)ty__work_get(&A->work, TY__W_BP, cells);
        (void)ty__work_get(&A->work, TY__W_SS, cells * TY_BEAD_SHAPES * sizeof(double));
        (void)ty__work_get(&A->work, TY__W_BE, cells * sizeof(double));
        (void)ty__work_get(&A->work, TY__W_PC, (cells + 6 * A->ja[0].n) * sizeof(uint32_t));
    }
    if (ty__band_full(A->ja[lv].n, A->en[lv].n, band) != TY_OK)
        return ty__nomem(err);
    if ((st = run_level(A, lv, lv == 0 ? TY__POST_COUNTS : TY__POST_NONE, temperature, band, path, err)) != TY_OK)
        return st;
    while (lv-- > 0) {
        size_t n = A->ja[lv].n;
        free(hw);
        free(pos);
        hw = malloc((n + 1) * sizeof *hw);
        pos = path_positions(path);
        if (!hw || !pos) {
            st = ty__nomem(err);
            break;
        }
        for (size_t i = 0; i <= n; i++)
            hw[i] = A->o->corridor;
        ty__band_free(band);
        if (ty__band_around(n, A->en[lv].n, pos, path->n + 1, 2, hw, band) != TY_OK) {
            st = ty__nomem(err);
            break;
        }
        ty__path_free(path);
        if ((st = run_level(A, lv, lv == 0 ? TY__POST_COUNTS : TY__POST_NONE, temperature, band, path, err)) != TY_OK)
            break;
    }
    free(hw);
    free(pos);
    return st;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Per-document estimates from pass 1's confident beads (see the top comment). */
static ty_status reestimate(aligner *A, const ty__path *p)
{
    const ty__side *ja = &A->ja[0], *en = &A->en[0];
    double a0 = A->o->prior_strength, sa = 0, sb = 0, n = 0, total = 0;
    double mism[TY__FEATURES] = {0}, rja[TY__FEATURES] = {0}, ren[TY__FEATURES] = {0};
    double *x = NULL;
    size_t nx = 0;

    for (int s = 0; s < TY_BEAD_SHAPES; s++)
        total += p->expected[s];
    for (int s = 0; s < TY_BEAD_SHAPES; s++)
        A->prior[s] = (p->expected[s] + a0 * A->o->prior[s]) / (total + a0);
    for (size_t k = 0; k < p->n; k++) {
        const ty_bead *b = &p->bead[k];
        if (b->confidence < A->o->learn_min_confidence || !b->ja_count || !b->en_count)
            continue;
        unsigned crossed = 0;
        unsigned fa = ty__side_flags(ja, b->ja_first, (unsigned)b->ja_count, &crossed);
        unsigned fb = ty__side_flags(en, b->en_first, (unsigned)b->en_count, &crossed);
        for (int f = 0; f < TY__FEATURES; f++) {
            mism[f] += ((fa ^ fb) >> f) & 1;
            rja[f] += (fa >> f) & 1;
            ren[f] += (fb >> f) & 1;
        }
        sa += (double)(ja->cum[b->ja_first + b->ja_count] - ja->cum[b->ja_first]);
        sb += (double)(en->cum[b->en_first + b->en_count] - en->cum[b->en_first]);
        n++;
    }
    if (n < TY__MIN_CONFIDENT || sa == 0 || sb == 0)
        return TY_OK;
    if (A->o->ratio == 0)
        A->c = sb / sa;
    for (int f = 0; f < TY__FEATURES; f++) {
        /* mismatches happen at rate (1 - r)(pj(1 - pe) + (1 - pj)pe) */
        double pj = rja[f] / n, pe = ren[f] / n, d = pj * (1 - pe) + (1 - pj) * pe, r;
        if (d <= 0)
            continue;
        r = 1 - (mism[f] / n) / d;
        r = r < 0.05 ? 0.05 : r > 0.99 ? 0.99 : r;
        A->copy[f] = (n * r + a0 * A->copy[f]) / (n + a0);
    }
    if (!(x = malloc((size_t)n * sizeof *x)))
        return TY_ERR_NOMEM;
    for (size_t k = 0; k < p->n; k++) {
        const ty_bead *b = &p->bead[k];
        if (b->confidence < A->o->learn_min_confidence || !b->ja_count || !b->en_count)
            continue;
        double la = (double)(ja->cum[b->ja_first + b->ja_count] - ja->cum[b->ja_first]);
        double lb = (double)(en->cum[b->en_first + b->en_count] - en->cum[b->en_first]);
        x[nx++] = log(lb + A->o->length_smooth) - log(A->c * la + A->o->length_smooth);
    }
    qsort(x, nx, sizeof *x, cmp_double);
    double med = x[nx / 2];
    for (size_t k = 0; k < nx; k++)
        x[k] = fabs(x[k] - med);
    qsort(x, nx, sizeof *x, cmp_double);
    double sd = 1.4826 * x[nx / 2], s0 = A->o->length_sigma;
    if (sd < 0.05)
        sd = 0.05;
    A->sigma = sqrt((n * sd * sd + a0 * s0 * s0) / (n + a0));
    free(x);
    return TY_OK;
}

/* The union of the key sets of units [first, first + count) into buf (sorted, unique). */
static size_t side_keys(const ty__side *s, size_t first, size_t count, uint32_t **buf,
                        size_t *cap)
{
    size_t n = 0, need = 0, w = 0;

    for (size_t i = first; i < first + count; i++)
        need += s->u[i].key_n;
    if (need > *cap) {
        uint32_t *b = realloc(*buf, need * sizeof *b);
        if (!b)
            return SIZE_MAX;
        *buf = b;
        *cap = need;
    }
    for (size_t i = first; i < first + count; i++) {
        if (s->u[i].key_n)
            memcpy(*buf + n, s->key + s->u[i].key_off, s->u[i].key_n * sizeof **buf);
        n += s->u[i].key_n;
    }
    ty__sort_u32(*buf, n);
    for (size_t r = 0; r < n; r++)
        if (w == 0 || (*buf)[r] != (*buf)[w - 1])
            (*buf)[w++] = (*buf)[r];
    return w;
}

/* The carry probability of each anchor kind: of the keys in a confident bead that the other
 * document holds somewhere, the share that the bead's other side holds. */
static ty_status estimate_carry(aligner *A, const ty__path *p)
{
    const ty__keys *K = &A->keys;
    double hit[TY__KINDS] = {0}, tot[TY__KINDS] = {0}, a0 = A->o->prior_strength;
    uint32_t *ka = NULL, *kb = NULL;
    size_t capa = 0, capb = 0;

    for (size_t k = 0; k < p->n; k++) {
        const ty_bead *b = &p->bead[k];
        if (b->confidence < A->o->learn_min_confidence || !b->ja_count || !b->en_count)
            continue;
        size_t na = side_keys(&A->ja[0], b->ja_first, b->ja_count, &ka, &capa);
        size_t nb = side_keys(&A->en[0], b->en_first, b->en_count, &kb, &capb);
        if (na == SIZE_MAX || nb == SIZE_MAX) {
            free(ka);
            free(kb);
            return TY_ERR_NOMEM;
        }
        for (size_t x = 0, y = 0; x < na || y < nb;) {
            int in_a = x < na && (y >= nb || ka[x] <= kb[y]);
            int in_b = y < nb && (x >= na || kb[y] <= ka[x]);
            uint32_t key = in_a ? ka[x] : kb[y];
            unsigned kind = K->kind[key];
            /* a key counts from each side where it is, when the other document has it */
            unsigned from = (in_a && K->df[1][key]) + (in_b && K->df[0][key]);
            tot[kind] += from;
            if (in_a && in_b)
                hit[kind] += from;
            x += in_a;
            y += in_b;
        }
    }
    free(ka);
    free(kb);
    for (int kind = 0; kind < TY__KIND_LEARNED; kind++) {
        double q = (hit[kind] + a0 * A->carry[kind]) / (tot[kind] + a0);
        A->carry[kind] = q < 0.02 ? 0.02 : q > 0.98 ? 0.98 : q;
    }
    return TY_OK;
}

static void aligner_free(aligner *A)
{
    for (int lv = 0; lv <= TY__MAX_LEVELS; lv++) {
        ty__side_free(&A->ja[lv]);
        ty__side_free(&A->en[lv]);
    }
    ty__keys_free(&A->keys);
    ty__work_free(&A->work);
    ty__doc_anchors_free(&A->anchors[0]);
    ty__doc_anchors_free(&A->anchors[1]);
}

/* One side's units read on a thread of its own: its anchor context, its key table (the
 * pair's for the first side, one of its own for a side read at the same time), its rare
 * content counts, its error. */
typedef struct side_job {
    const ty_align_opts *o;
    const ty_doc *doc;
    ty__keys *keys;
    ty__side *side;
    ty__doc_anchors *keep;
    int own_keys; /* keys is the job's own table: ty__side_rekey moves the units to the pair's;
                     and the caller marks the repetitions */
    int rare;     /* count the rare content too */
    uint64_t rare_total;
    ty_status st;
    ty_error err;
} side_job;

static void read_side(void *p)
{
    side_job *j = p;
    ty_anchor_ctx *ctx = NULL;

    if ((j->st = ty__anchor_ctx_new(j->o->lexicon, &ctx, &j->err)) != TY_OK)
        return;
    j->st = j->own_keys ? ty__side_read(j->doc, ctx, j->o->count_spaces, 0, j->keys, j->side,
                                        j->keep, &j->err)
                        : ty__side_from_doc(j->doc, ctx, j->o->count_spaces, j->keys, j->side,
                                            j->keep, &j->err);
    ty__anchor_ctx_free(ctx);
    /* the rare counts skip repetitions: a side without its marks yet counts after them */
    if (j->st == TY_OK && j->rare && !j->own_keys &&
        ty__rare_counts(j->doc, j->side, &j->rare_total) != TY_OK)
        j->st = ty__nomem(&j->err);
}

static ty_status build_sides(aligner *A, const ty_doc *ja, const ty_doc *en, ty_error *err)
{
    /* rare content only without dictionaries: with them, the kanji words it counts are
     * mostly lexicon keys already, and the two would count the same evidence twice */
    int rare = !(A->o->lexicon && ty_lexicon_size(A->o->lexicon) > 0);
    /* the English side on a second thread, with a key table of its own */
    int two = A->two;
    ty__keys own = {0};
    side_job job[2] = {
        {A->o, ja, &A->keys, &A->ja[0], &A->anchors[0], 0, rare, 0, TY_OK, {0}},
        {A->o, en, two ? &own : &A->keys, &A->en[0], &A->anchors[1], two, rare, 0, TY_OK, {0}}};
    ty__task task = {0};
    uint16_t *rep = NULL;
    ty_status st, rst = TY_OK;

    A->anchors[0].doc = ja;
    A->anchors[1].doc = en;
    if (two)
        ty__task_start(&task, 1, read_side, &job[1]);
    read_side(&job[0]);
    if (two) {
        /* the English side weighs more: its repetition marks are made here meanwhile */
        size_t n = ty_doc_count(en);
        if (!(rep = calloc(n ? n : 1, sizeof *rep)) || ty__mark_repeats(en, rep) != TY_OK)
            rst = TY_ERR_NOMEM;
        ty__task_join(&task);
    } else if (job[0].st == TY_OK) {
        read_side(&job[1]); /* after the Japanese side, in the pair's table */
    }
    /* the first side's error first, as one thread reading them in turn would report */
    for (int s = 1; s >= 0; s--)
        if (job[s].st != TY_OK && err)
            *err = job[s].err;
    st = job[0].st != TY_OK ? job[0].st : job[1].st;
    if (st == TY_OK && two) {
        if (rst == TY_OK)
            for (size_t i = 0; i < A->en[0].n; i++)
                A->en[0].u[i].flags |= rep[i];
        if (rst != TY_OK || (st = ty__side_rekey(&A->en[0], &own, &A->keys)) != TY_OK ||
            (rare && ty__rare_counts(en, &A->en[0], &job[1].rare_total) != TY_OK))
            st = ty__nomem(err);
    }
    free(rep);
    ty__keys_free(&own);
    if (st == TY_OK && ty__keys_weigh(&A->keys, &A->ja[0], &A->en[0], A->carry) != TY_OK)
        st = ty__nomem(err);
    if (st == TY_OK) {
        ty__side_prune(&A->ja[0], &A->keys);
        ty__side_prune(&A->en[0], &A->keys);
    }
    if (st == TY_OK) { /* the share of the English sentences that continue */
        size_t cont = 0, sent = 0;
        for (size_t j = 0; j < A->en[0].n; j++) {
            cont += (A->en[0].u[j].flags & TY__U_CONT) != 0;
            sent += !(A->en[0].u[j].flags & TY__U_LINE);
        }
        A->cont_rate = sent ? ((double)cont + 0.5) / ((double)sent + 1) : 0;
        A->cont_rate = A->cont_rate < TY__CONT_MIN ? TY__CONT_MIN
                       : A->cont_rate > TY__CONT_MAX ? TY__CONT_MAX : A->cont_rate;
    }
    if (st == TY_OK && rare)
        A->rc = job[0].rare_total && job[1].rare_total
                    ? (double)job[1].rare_total / (double)job[0].rare_total
                    : 0;
    return st;
}

ty_status ty_align(const ty_doc *ja, const ty_doc *en, const ty_align_opts *opts,
                   ty_alignment **out, ty_error *err)
{
    ty_align_opts defaults;
    aligner *A = NULL;
    ty__band band = {0};
    ty__path path = {0};
    ty_alignment *al = NULL;
    ty_status st;
    int learn;

    if (!out)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "ty_align: no output");
    *out = NULL;
    if (!ja || !en)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "ty_align: missing document");
    if (ty_doc_lang(ja) != TY_LANG_JA || ty_doc_lang(en) != TY_LANG_EN)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                        "ty_align: expected a Japanese and an English document, in that order");
    if (!opts) {
        ty_align_opts_init(&defaults);
        opts = &defaults;
    }
    if ((st = ty__align_opts_check(opts, err)) != TY_OK)
        return st;
    if (!(A = calloc(1, sizeof *A)))
        return ty__nomem(err);
    A->o = opts;
    A->levels = 1;
    A->sigma = opts->length_sigma;
    memcpy(A->prior, opts->prior, sizeof A->prior);
    A->copy[0] = opts->agree_paragraph; /* flag bit order: TY__U_PARA, LINE, LABEL, QUESTION, ENUM */
    A->copy[1] = opts->agree_heading;
    A->copy[2] = opts->agree_label;
    A->copy[3] = opts->agree_question;
    A->copy[4] = opts->agree_enum;
    A->carry[TY_ANCHOR_NUMBER] = opts->carry_number;
    A->carry[TY_ANCHOR_LATIN] = opts->carry_latin;
    A->carry[TY_ANCHOR_LEXICON] = opts->carry_lexicon;
    A->carry[TY_ANCHOR_NAME] = opts->carry_name;
    A->carry[TY__KIND_LEARNED] = opts->carry_learned;
    /* a second thread when the pair is large enough to pay for it */
    A->two =
        ty__align_threads(opts) > 1 && ty_doc_count(ja) + ty_doc_count(en) >= TY__SIDE_THREAD_MIN;
    if ((st = build_sides(A, ja, en, err)) != TY_OK)
        goto done;
    {
        double sa = (double)A->ja[0].cum[A->ja[0].n], sb = (double)A->en[0].cum[A->en[0].n];
        A->c = opts->ratio > 0 ? opts->ratio : (sa > 0 && sb > 0) ? sb / sa : 2.5;
    }
    learn = opts->learn_lexicon && A->ja[0].n > 0 && A->en[0].n > 0;
    /* pass 1's posteriors are the model's own (temperature 1) when they only pick the beads
     * to learn from */
    if ((st = search(A, learn ? 1.0 : opts->temperature, &band, &path, err)) != TY_OK)
        goto done;
    if (learn) {
        if ((st = reestimate(A, &path)) != TY_OK || (st = estimate_carry(A, &path)) != TY_OK ||
            (st = ty__learn_lexicon(ja, en, &path, opts->learn_min_confidence,
                                    !(opts->lexicon && ty_lexicon_size(opts->lexicon) > 0),
                                    &A->keys, &A->ja[0], &A->en[0], A->two, err)) != TY_OK ||
            (st = ty__keys_weigh(&A->keys, &A->ja[0], &A->en[0], A->carry)) != TY_OK) {
            if (st == TY_ERR_NOMEM)
                ty__nomem(err);
            goto done;
        }
        ty__side_prune(&A->ja[0], &A->keys);
        ty__side_prune(&A->en[0], &A->keys);
        /* pass 2 searches around pass 1's path */
        if ((st = corridor_around(A, &path, &band, err)) != TY_OK)
            goto done;
        ty__path_free(&path);
        if ((st = run_level(A, 0, TY__POST_CONFIDENCE, opts->temperature, &band, &path, err)) != TY_OK)
            goto done;
    }
    if (!(al = calloc(1, sizeof *al)) ||
        !(al->x = malloc((path.n ? path.n : 1) * TY__CAL_FEATURES * sizeof *al->x))) {
        free(al);
        al = NULL;
        st = ty__nomem(err);
        goto done;
    }
    /* the posterior becomes the reported confidence (confidence.c) */
    ty__cal_ctx cx = {&A->ja[0], &A->en[0], A->c, A->sigma, opts->length_smooth,
                      opts->lexicon && ty_lexicon_size(opts->lexicon) > 0,
                      ty__cal_unsure(path.bead, path.n)};
    for (size_t k = 0; k < path.n; k++) {
        double *x = &al->x[k * TY__CAL_FEATURES];
        ty__cal_features(path.bead, k, path.n, path.bead[k].confidence, &cx, x);
        path.bead[k].confidence = ty__cal_apply(NULL, x);
    }
    al->bead = path.bead;
    al->n = path.n;
    path.bead = NULL;
    memcpy(al->anchors, A->anchors, sizeof al->anchors);
    memset(A->anchors, 0, sizeof A->anchors);
    *out = al;
done:
    ty__path_free(&path);
    ty__band_free(&band);
    if (A)
        aligner_free(A);
    free(A);
    return st;
}
