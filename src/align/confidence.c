/*
 * confidence.c — turns the model's posterior of each bead into the confidence ty_align
 * reports: the probability that the bead is exactly right, from a logistic map of the
 * posterior's log-odds, of what kind of bead it is (a 1:0 / 0:1 bead, a bead with several
 * segments on a side, a paired bead that an unpaired neighbour may belong to), of whether a
 * bilingual lexicon was used, of whether the bead's lengths disagree, and of how much of its
 * document the model is unsure of. The posterior alone is not that probability: the model's
 * terms are not independent (it is over-confident on some kinds of bead and under-confident
 * on others).
 *
 * A bead whose lengths disagree (z^2 >= 2 under the pass's length model) owes its posterior
 * to its keys, and those keys are not independent evidence (a date gives a day, a month and
 * a year key; the learned lexicon was learned from pass 1's beads, so a stretch pass 1 got
 * wrong teaches keys that confirm it): such a bead is right less often than its posterior
 * says, the more so the higher the posterior.
 *
 * The two ways a translator most often splits or merges sentences leave a paired bead with
 * an unpaired neighbour where the aligner misses them: an English sentence that continues
 * the one before it ("This measure is based on …", "There will also be …") left out after
 * it (a 1:2 read as 1:1 + 0:1), and a Japanese sentence left out before it (an announcement
 * such as 「２点目です。」 folded into the next English sentence: a 2:1 read as 1:0 +
 * 1:1). Such a bead is right less often than its posterior says. One next to another
 * unpaired sentence (an English one after it that does not continue it, a Japanese one
 * after it, a greeting or a repetition left out before it: TY__U_DROPPABLE) is not: that
 * sentence is more often really untranslated.
 *
 * A 1:1 bead is right less often in a document whose translation is free (sentences merged,
 * split, left out, redistributed) than in one that follows its original sentence by
 * sentence, at the same posterior: the model's shape priors and length model are the corpus's,
 * and the harder the document, the more of its 1:1 beads stand where a 1:2, a 2:1 or a 2:2
 * belongs. The share of the document's beads whose posterior is below 0.9 measures that
 * freedom (ty__cal_unsure); the map lowers a 1:1 bead by it.
 *
 * The map's constant is held at or below logit(0.895) when it is fitted: a 1:1 bead whose
 * posterior is 0.5 (the model splits it evenly with a rival) never reaches 0.9 without a
 * lexicon, whatever the rest of its document.
 *
 * The map's weights were fitted on the development corpus by tests/bench/calibrate (`fit`),
 * which also measures them document by document held out (`lodo`); README and
 * doc/performance.md say how. It does not align (align.c) nor compute posteriors (dp.c).
 */
#include "config.h"

#include <math.h>

#include "align.h"

/* The weights, in the order of ty__cal_features: fitted by `tests/bench/calibrate fit` on the
 * pairs of shared/corpus, each aligned from its gold segmentation with EDICT/ENAMDICT and
 * without, against their gold beads; `calibrate fit CORPUS src/align/confidence.c` writes
 * them here. */
static const double weights[TY__CAL_FEATURES] = {
    2.1447, 1.0446, -0.4376, -1.3163, -0.6585, -2.1099, -1.2770, -1.0185
};

/* The square of the bead's length deviation in units of the length model's spread: (log(B +
 * s) - log(c A + s)) / sigma, as score.c's length term has it for one bead; 0 for a 1:0 / 0:1
 * bead. */
static double length_z2(const ty__cal_ctx *cx, const ty_bead *b)
{
    if (!b->ja_count || !b->en_count || !(cx->sigma > 0))
        return 0;
    double la = (double)(cx->ja->cum[b->ja_first + b->ja_count] - cx->ja->cum[b->ja_first]);
    double lb = (double)(cx->en->cum[b->en_first + b->en_count] - cx->en->cum[b->en_first]);
    double z = (log(lb + cx->smooth) - log(cx->c * la + cx->smooth)) / cx->sigma;
    return z * z;
}

void ty__cal_features(const ty_bead *bead, size_t k, size_t n, double posterior,
                      const ty__cal_ctx *cx, double x[TY__CAL_FEATURES])
{
    const ty_bead *b = &bead[k];
    int null = !b->ja_count || !b->en_count;
    int many = b->ja_count > 1 || b->en_count > 1;
    int sides = cx && cx->ja && cx->en;
    double p = posterior < 1e-4 ? 1e-4 : posterior > 1 - 1e-4 ? 1 - 1e-4 : posterior;

    x[0] = 1;
    x[1] = log(p / (1 - p));
    x[2] = cx && cx->lexicon ? 1 : 0;
    x[3] = null;
    x[4] = many;
    /* (the flags are the sides'; without them any Japanese sentence left out counts) */
    x[5] = !null && ((k > 0 && !bead[k - 1].en_count &&
                      !(sides && (cx->ja->u[bead[k - 1].ja_first].flags & TY__U_DROPPABLE))) ||
                     (k + 1 < n && !bead[k + 1].ja_count && sides &&
                      (cx->en->u[bead[k + 1].en_first].flags & TY__U_CONT)));
    x[6] = sides && length_z2(cx, b) >= 2 ? posterior : 0;
    x[7] = cx && b->ja_count == 1 && b->en_count == 1 ? cx->unsure : 0;
}

/* A short document's share says little of its translation: the share is estimated with
 * UNSURE_WEIGHT beads of the corpus's share (0.1109 over its 5,655 beads) added. */
#define UNSURE_PRIOR 0.11
#define UNSURE_WEIGHT 20

double ty__cal_unsure(const ty_bead *bead, size_t n)
{
    size_t unsure = 0;

    for (size_t k = 0; k < n; k++)
        unsure += bead[k].confidence < 0.9;
    return ((double)unsure + UNSURE_WEIGHT * UNSURE_PRIOR) / ((double)n + UNSURE_WEIGHT);
}

double ty__cal_apply(const double *w, const double x[TY__CAL_FEATURES])
{
    double z = 0;

    for (int f = 0; f < TY__CAL_FEATURES; f++)
        z += (w ? w[f] : weights[f]) * x[f];
    return 1 / (1 + exp(-z));
}
