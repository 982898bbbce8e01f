/*
 * confidence.c — turns the model's posterior of each bead into the confidence ty_align
 * reports: the probability that the bead is exactly right, from a logistic map of the
 * posterior's log-odds and of what kind of bead it is (a 1:0 / 0:1 bead, a bead with several
 * segments on a side, a 1:1 bead next to a 1:0 / 0:1 one) and whether a bilingual lexicon
 * was used. The posterior alone is not that probability: the model's terms are not
 * independent (it is over-confident on some kinds of bead and under-confident on others).
 * The map's weights were fitted on the development corpus by tests/bench/calibrate (`fit`),
 * which also measures them document by document held out (`lodo`); README and
 * doc/performance.md say how. It does not align (align.c) nor compute posteriors (dp.c).
 */
#include "config.h"

#include <math.h>

#include "align.h"

/* The weights, in the order of ty__cal_features: fitted by `tests/bench/calibrate fit` on the
 * 42 pairs of shared/corpus, each aligned from its gold segmentation with EDICT/ENAMDICT and
 * without (5,660 beads), against their gold beads. */
static const double weights[TY__CAL_FEATURES] = {1.5403, 0.9253, -0.2022, -0.8595, -0.2174, -0.2039};

void ty__cal_features(const ty_bead *bead, size_t k, size_t n, double posterior, int lexicon,
                      double x[TY__CAL_FEATURES])
{
    const ty_bead *b = &bead[k];
    int null = !b->ja_count || !b->en_count;
    int many = b->ja_count > 1 || b->en_count > 1;
    int next = 0;
    double p = posterior < 1e-4 ? 1e-4 : posterior > 1 - 1e-4 ? 1 - 1e-4 : posterior;

    for (size_t o = k ? k - 1 : k; o <= k + 1 && o < n; o++)
        next |= o != k && (!bead[o].ja_count || !bead[o].en_count);
    x[0] = 1;
    x[1] = log(p / (1 - p));
    x[2] = lexicon ? 1 : 0;
    x[3] = null;
    x[4] = many;
    x[5] = !null && !many && next;
}

double ty__cal_apply(const double *w, const double x[TY__CAL_FEATURES])
{
    double z = 0;

    for (int f = 0; f < TY__CAL_FEATURES; f++)
        z += (w ? w[f] : weights[f]) * x[f];
    return 1 / (1 + exp(-z));
}
