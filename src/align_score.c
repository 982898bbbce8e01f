/*
 * align_score.c — the bead model: the log score of a bead is
 *     log P(shape) + log LR(lengths) + log LR(anchors) + log LR(structure),
 * each LR comparing "the two sides translate each other" with "the two sides are unrelated
 * segments of these documents". A 1:0 / 0:1 bead scores its prior alone (its sides are not
 * compared with anything). Per-document statistics (length ratio and spread, flag rates,
 * key rarity) come from the caller; this file only evaluates. Anchor evidence is cached per
 * segment pair over the search corridor so that a many-segment bead sums cached pairs.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "align.h"

/* ---- per-document statistics ----------------------------------------------------------- */

void ty__model_length_stats(ty__model *m, const ty__side *en)
{
    for (size_t k = 1; k <= TY__MAX_SIDE; k++) {
        double sum = 0, sum2 = 0, cnt = 0;
        for (size_t j = 0; j + k <= en->n; j++) {
            double v = log((double)(en->cum[j + k] - en->cum[j]) + m->smooth);
            sum += v;
            sum2 += v * v;
            cnt++;
        }
        if (cnt < 2) { /* too few units to know: a broad default around 100 characters */
            m->mu[k] = log(100.0 * (double)k + m->smooth);
            m->tau[k] = 1.0;
            continue;
        }
        double mean = sum / cnt, var = sum2 / cnt - mean * mean;
        m->mu[k] = mean;
        /* a floor keeps a document of equal-length segments from looking infinitely sure */
        m->tau[k] = sqrt(var > 0.09 ? var : 0.09);
    }
}

void ty__model_features(ty__model *m, const ty__side *ja, const ty__side *en,
                        const double copy[TY__FEATURES])
{
    for (int f = 0; f < TY__FEATURES; f++) {
        double cja = 0, cen = 0;
        for (size_t i = 0; i < ja->n; i++)
            cja += (ja->u[i].flags >> f) & 1;
        for (size_t j = 0; j < en->n; j++)
            cen += (en->u[j].flags >> f) & 1;
        memset(m->feat[f], 0, sizeof m->feat[f]);
        if (cja == 0 || cen == 0 || cja == (double)ja->n || cen == (double)en->n)
            continue; /* a flag one side never (or always) has tells nothing */
        /* In a translation the English flag copies the Japanese one with probability r, and
         * is otherwise drawn at the English side's rate p, as it is for unrelated segments. */
        double p = cen / (double)en->n, r = copy[f];
        m->feat[f][1][1] = log((r + (1 - r) * p) / p);
        m->feat[f][1][0] = log(1 - r);
        m->feat[f][0][1] = log(1 - r);
        m->feat[f][0][0] = log((r + (1 - r) * (1 - p)) / (1 - p));
    }
}

double ty__score_length(const ty__model *m, uint64_t a_len, uint64_t b_len, unsigned b_units)
{
    double u = log(m->c * (double)a_len + m->smooth), v = log((double)b_len + m->smooth);
    double d = (v - u) / m->sigma, e = (v - m->mu[b_units]) / m->tau[b_units];
    return -0.5 * d * d - log(m->sigma) + 0.5 * e * e + log(m->tau[b_units]);
}

unsigned ty__side_flags(const ty__side *s, size_t first, unsigned k, unsigned *crossed)
{
    unsigned f = s->u[first].flags, line = f & TY__U_LINE, any = line;

    for (unsigned x = 1; x < k; x++) {
        unsigned g = s->u[first + x].flags;
        *crossed += (g & TY__U_PARA) != 0;
        line &= g;
        any |= g & TY__U_LINE;
    }
    return (f & (TY__U_PARA | TY__U_LABEL)) | line |
           (s->u[first + k - 1].flags & TY__U_QUESTION) | (line != any ? TY__U_MIXED : 0);
}

double ty__score_structure(const ty__model *m, const ty__side *ja, size_t i0, unsigned a,
                           const ty__side *en, size_t j0, unsigned b)
{
    unsigned crossed = 0;
    unsigned fa = ty__side_flags(ja, i0, a, &crossed), fb = ty__side_flags(en, j0, b, &crossed);
    double s = crossed * m->log_cross;

    for (int f = 0; f < TY__FEATURES; f++)
        s += m->feat[f][(fa >> f) & 1][(fb >> f) & 1];
    /* a heading merged with a sentence is as unlikely as a heading that was not kept */
    if ((fa | fb) & TY__U_MIXED)
        s += m->feat[1][1][0];
    return s;
}

/* ---- anchors, cached per segment pair -------------------------------------------------- */

static double neg_total(const ty__keys *keys, int side, const uint32_t *k, size_t n)
{
    double t = 0;
    for (size_t x = 0; x < n; x++)
        t -= keys->neg[side][k[x]];
    return t;
}

/* Shared keys of units i (ja) and j (en): out[0] the summed weights, out[1] / out[2] the
 * missing-key penalties (>= 0) of the ja / en keys that the other unit does hold, out[3] how
 * many keys with a weight they share. */
static void score_pair(const ty__keys *keys, const ty__side *ja, size_t i, const ty__side *en,
                       size_t j, float out[TY__PAIR])
{
    const uint32_t *ka = ja->key + ja->u[i].key_off, *kb = en->key + en->u[j].key_off;
    size_t na = ja->u[i].key_n, nb = en->u[j].key_n, x = 0, y = 0;
    double pos = 0, mja = 0, men = 0, cnt = 0;

    while (x < na && y < nb) {
        if (ka[x] < kb[y]) {
            x++;
        } else if (kb[y] < ka[x]) {
            y++;
        } else {
            uint32_t k = ka[x];
            pos += keys->pos[k];
            cnt += keys->pos[k] > 0;
            mja -= keys->neg[0][k];
            men -= keys->neg[1][k];
            x++;
            y++;
        }
    }
    out[0] = (float)pos;
    out[1] = (float)mja;
    out[2] = (float)men;
    out[3] = (float)cnt;
}

/* Whether unit i of `s` holds key k. */
static int has_key(const ty__side *s, size_t i, uint32_t k)
{
    const uint32_t *v = s->key + s->u[i].key_off;
    size_t lo = 0, hi = s->u[i].key_n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < k)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->u[i].key_n && v[lo] == k;
}

/* For every group of g (2 or 3) units of `s` starting at each unit: the keys held by more
 * than one of its units. */
static ty_status build_dups(const ty__side *s, unsigned g, size_t **offp, struct ty__dup **dp)
{
    size_t n = s->n, cnt = 0, cap = 64;
    size_t *off = malloc((n + 1) * sizeof *off);
    struct ty__dup *d = malloc(cap * sizeof *d);

    if (!off || !d)
        goto nomem;
    for (size_t j = 0; j < n; j++) {
        off[j] = cnt;
        if (j + g > n)
            continue;
        /* walk the first unit's keys and, for g = 3, the second's too */
        for (unsigned x = 0; x + 1 < g; x++) {
            const uint32_t *k = s->key + s->u[j + x].key_off;
            for (size_t y = 0; y < s->u[j + x].key_n; y++) {
                uint32_t extra = 0;
                int seen = 0;
                for (unsigned z = 0; z < x; z++)
                    seen |= has_key(s, j + z, k[y]);
                if (seen)
                    continue; /* counted from the first unit holding it */
                for (unsigned z = x + 1; z < g; z++)
                    extra += (uint32_t)has_key(s, j + z, k[y]);
                if (!extra)
                    continue;
                if (cnt == cap) {
                    struct ty__dup *nd = realloc(d, (cap *= 2) * sizeof *d);
                    if (!nd)
                        goto nomem;
                    d = nd;
                }
                d[cnt].key = k[y];
                d[cnt++].extra = extra;
            }
        }
    }
    off[n] = cnt;
    *offp = off;
    *dp = d;
    return TY_OK;
nomem:
    free(off);
    free(d);
    return TY_ERR_NOMEM;
}

ty_status ty__scorer_init(ty__scorer *sc, const ty__model *m, const ty__side *ja,
                          const ty__side *en, const ty__band *b)
{
    size_t n = ja->n, cells = 0;

    memset(sc, 0, sizeof *sc);
    sc->m = m;
    sc->ja = ja;
    sc->en = en;
    sc->negja = malloc((n ? n : 1) * sizeof *sc->negja);
    sc->negen = malloc((en->n ? en->n : 1) * sizeof *sc->negen);
    sc->plo = malloc((n + 1) * sizeof *sc->plo);
    sc->phi = malloc((n + 1) * sizeof *sc->phi);
    sc->poff = malloc((n + 1) * sizeof *sc->poff);
    if (!sc->negja || !sc->negen || !sc->plo || !sc->phi || !sc->poff)
        goto nomem;
    for (size_t i = 0; i < n; i++)
        sc->negja[i] = (float)neg_total(m->keys, 0, ja->key + ja->u[i].key_off, ja->u[i].key_n);
    for (size_t j = 0; j < en->n; j++)
        sc->negen[j] = (float)neg_total(m->keys, 1, en->key + en->u[j].key_off, en->u[j].key_n);
    for (int side = 0; side < 2; side++)
        for (unsigned g = 2; g <= TY__MAX_SIDE; g++)
            if (build_dups(side ? en : ja, g, &sc->goff[side][g - 2], &sc->dup[side][g - 2]) !=
                TY_OK)
                goto nomem;
    /* pair (i, j) is used by beads ending at (I, J), i < I <= i + 3, j < J <= j + 3 */
    for (size_t i = 0; i < n; i++) {
        size_t last = i + TY__MAX_SIDE < n ? i + TY__MAX_SIDE : n;
        size_t lo = b->lo[i + 1] > TY__MAX_SIDE ? b->lo[i + 1] - TY__MAX_SIDE : 0;
        size_t hi = b->hi[last];
        sc->poff[i] = cells;
        sc->plo[i] = lo;
        sc->phi[i] = hi; /* exclusive */
        if (hi > en->n)
            sc->phi[i] = en->n;
        if (sc->phi[i] > lo)
            cells += sc->phi[i] - lo;
        else
            sc->phi[i] = lo;
    }
    sc->poff[n] = cells;
    sc->pc = malloc((cells ? cells : 1) * TY__PAIR * sizeof *sc->pc);
    if (!sc->pc)
        goto nomem;
    for (size_t i = 0; i < n; i++)
        for (size_t j = sc->plo[i]; j < sc->phi[i]; j++)
            score_pair(m->keys, ja, i, en, j, sc->pc + TY__PAIR * (sc->poff[i] + j - sc->plo[i]));
    return TY_OK;
nomem:
    ty__scorer_free(sc);
    return TY_ERR_NOMEM;
}

void ty__scorer_free(ty__scorer *sc)
{
    free(sc->negja);
    free(sc->negen);
    free(sc->plo);
    free(sc->phi);
    free(sc->poff);
    free(sc->pc);
    for (int side = 0; side < 2; side++) {
        for (int g = 0; g < 2; g++) {
            free(sc->goff[side][g]);
            free(sc->dup[side][g]);
        }
    }
    memset(sc, 0, sizeof *sc);
}

/* Correct the pair sums acc[] (shared weight, ja-missing and en-missing matched, shared count)
 * and the missing total *miss of `side` for the keys that several units of its group of g
 * units at `first` hold (see ty__scorer). A key held by c units of an English group and by
 * some Japanese units was matched c times by each of those; a key held by c units of a
 * Japanese group was matched c times if any English unit holds it. */
static void dup_correct(const ty__scorer *sc, int side, size_t first, unsigned g,
                        const ty__side *other, size_t ofirst, unsigned on, double acc[TY__PAIR],
                        double *miss)
{
    const ty__keys *keys = sc->m->keys;
    const struct ty__dup *d = sc->dup[side][g - 2];
    const size_t *off = sc->goff[side][g - 2];

    for (size_t x = off[first]; x < off[first + 1]; x++) {
        uint32_t k = d[x].key;
        double e = d[x].extra;
        *miss += e * keys->neg[side][k];
        for (size_t o = ofirst; o < ofirst + on; o++) {
            if (!has_key(other, o, k))
                continue;
            acc[0] -= e * keys->pos[k];
            acc[1] += e * keys->neg[0][k];
            acc[2] += e * keys->neg[1][k];
            acc[3] -= e * (keys->pos[k] > 0);
            if (side == 0)
                break;
        }
    }
}

/* The anchor log-LR of ja units [i0, i0+a) against en units [j0, j0+b): the keys the two
 * sides share (each side taken as the union of its units' keys), minus the missing ones. */
static double score_anchors(const ty__scorer *sc, size_t i0, unsigned a, size_t j0, unsigned b)
{
    double acc[TY__PAIR] = {0, 0, 0, 0}, nja = 0, nen = 0, pos;
    float tmp[TY__PAIR];

    for (size_t i = i0; i < i0 + a; i++) {
        nja += sc->negja[i];
        for (size_t j = j0; j < j0 + b; j++) {
            const float *p = tmp;
            if (j >= sc->plo[i] && j < sc->phi[i])
                p = sc->pc + TY__PAIR * (sc->poff[i] + j - sc->plo[i]);
            else
                score_pair(sc->m->keys, sc->ja, i, sc->en, j, tmp);
            for (int x = 0; x < TY__PAIR; x++)
                acc[x] += p[x];
        }
    }
    for (size_t j = j0; j < j0 + b; j++)
        nen += sc->negen[j];
    if (b > 1)
        dup_correct(sc, 1, j0, b, sc->ja, i0, a, acc, &nen);
    if (a > 1)
        dup_correct(sc, 0, i0, a, sc->en, j0, b, acc, &nja);
    /* a key found somewhere in b English units is b times likelier by chance (and a times for
     * a Japanese units), so each shared key counts log(ab)/2 less than in a 1:1 bead */
    pos = acc[0] - 0.5 * log((double)(a * b)) * acc[3];
    return pos - (nja > acc[1] ? nja - acc[1] : 0) - (nen > acc[2] ? nen - acc[2] : 0);
}

double ty__score_bead(const ty__scorer *sc, size_t I, size_t J, unsigned shape)
{
    const ty__model *m = sc->m;
    unsigned a = ty__shape_ja[shape], b = ty__shape_en[shape];
    double s = m->logprior[shape];

    if (a == 0 || b == 0)
        return s;
    s += ty__score_length(m, sc->ja->cum[I] - sc->ja->cum[I - a],
                          sc->en->cum[J] - sc->en->cum[J - b], b);
    s += ty__score_structure(m, sc->ja, I - a, a, sc->en, J - b, b);
    if (m->keys->n)
        s += score_anchors(sc, I - a, a, J - b, b);
    return s;
}
