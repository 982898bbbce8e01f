/*
 * dp.c — dynamic programming over beads inside a corridor: the best path (Viterbi) and,
 * on request, forward-backward posteriors, which give each bead of the path its confidence and
 * the expected count of each bead shape. Also builds corridors (the whole matrix, or a band
 * around a coarser path). Memory is linear in the corridor's cell count. How the corridor is
 * chosen is explained in align.c; bead scores come from score.c.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "align.h"
#include "base/error.h"
#include "base/task.h"

/* The path "touches" the corridor when it comes this close to an edge that is not the
 * matrix's own edge. */
#define TY__TOUCH_MARGIN 2
/* The backward sums and the expected counts leave out the cells whose best path scores more
 * than this many nats (at the posteriors' temperature) below the best path's (back_viterbi):
 * more than TY__MASS_FLOOR, so that every likely cell is kept. */
#define TY__PRUNE (TY__MASS_FLOOR + 10)
/* With two threads, the caller scores (and runs the Viterbi pass over) this share of the
 * cells, in 1/1024ths: it also runs the Viterbi pass over the other thread's rows as they
 * come; with posteriors, the other thread also runs the backward Viterbi pass. With the
 * expected counts (pass 1's level 0, the first call to reach the end of the scores' buffer:
 * the other thread's rows fault its fresh pages in), the caller takes more. */
#define TY__DP_SPLIT 420
#define TY__DP_SPLIT_POST 520
#define TY__DP_SPLIT_COUNTS 568
/* With two threads, the caller finds the likely columns and adds the expected counts' terms
 * of this share of the cells (in 1/1024ths), the other thread does the others' (and stores
 * their terms); without counts, the caller's share is smaller: it also computes the path's
 * confidences. */
#define TY__POST_SPLIT 560
#define TY__POST_SPLIT_NO_COUNTS 128
/* When the caller has caught up with the other thread's rows, it waits for about this many
 * more cells of them (a wake-up costs several microseconds). */
#define TY__DP_AHEAD 4096

static ty_status band_alloc(size_t n, ty__band *b)
{
    memset(b, 0, sizeof *b);
    b->lo = malloc((n + 1) * sizeof *b->lo);
    b->hi = malloc((n + 1) * sizeof *b->hi);
    b->off = malloc((n + 2) * sizeof *b->off);
    if (!b->lo || !b->hi || !b->off) {
        ty__band_free(b);
        return TY_ERR_NOMEM;
    }
    return TY_OK;
}

static void band_offsets(ty__band *b)
{
    b->off[0] = 0;
    for (size_t i = 0; i <= b->n; i++)
        b->off[i + 1] = b->off[i] + (b->hi[i] - b->lo[i] + 1);
}

ty_status ty__band_full(size_t n, size_t m, ty__band *b)
{
    if (band_alloc(n, b) != TY_OK)
        return TY_ERR_NOMEM;
    b->n = n;
    b->m = m;
    for (size_t i = 0; i <= n; i++) {
        b->lo[i] = 0;
        b->hi[i] = m;
    }
    band_offsets(b);
    return TY_OK;
}

ty_status ty__band_around(size_t n, size_t m, const size_t *pos, size_t np, size_t scale,
                          const size_t *half_width, ty__band *b)
{
    if (band_alloc(n, b) != TY_OK)
        return TY_ERR_NOMEM;
    b->n = n;
    b->m = m;
    for (size_t i = 0; i <= n; i++) {
        b->lo[i] = SIZE_MAX;
        b->hi[i] = 0;
    }
    for (size_t k = 0; k + 1 < np; k++) {
        size_t r0 = pos[2 * k] * scale, r1 = pos[2 * k + 2] * scale;
        size_t c0 = pos[2 * k + 1] * scale, c1 = pos[2 * k + 3] * scale;
        r0 = r0 < n ? r0 : n;
        r1 = r1 < n ? r1 : n;
        c0 = c0 < m ? c0 : m;
        c1 = c1 < m ? c1 : m;
        for (size_t r = r0; r <= r1; r++) {
            if (c0 < b->lo[r])
                b->lo[r] = c0;
            if (c1 > b->hi[r])
                b->hi[r] = c1;
        }
    }
    b->lo[0] = 0;
    if (b->hi[n] < m || b->lo[n] == SIZE_MAX)
        b->hi[n] = m;
    for (size_t i = 0; i <= n; i++) {
        if (b->lo[i] == SIZE_MAX) { /* a row the path skipped (cannot happen for a full path) */
            b->lo[i] = i ? b->hi[i - 1] : 0;
            b->hi[i] = b->lo[i];
        }
    }
    /* where the path runs along a row (English sentences left out), the coarser level may
     * have put the run a row or two off, on one side of a coarse unit's boundary or the
     * other: the `scale` rows on each side of a run span its columns too */
    for (size_t i = 0; i <= n; i++) /* (rows before a run: already tested) */
        if (b->hi[i] - b->lo[i] > 4 * scale + 4)
            for (size_t r = i > scale ? i - scale : 0; r < i; r++)
                b->hi[r] = b->hi[r] > b->hi[i] ? b->hi[r] : b->hi[i];
    for (size_t i = n + 1; i-- > 0;) /* (rows after a run: already tested) */
        if (b->hi[i] - b->lo[i] > 4 * scale + 4)
            for (size_t r = i + 1; r <= i + scale && r <= n; r++)
                b->lo[r] = b->lo[r] < b->lo[i] ? b->lo[r] : b->lo[i];
    for (size_t i = 0; i <= n; i++) {
        size_t w = half_width[i];
        b->lo[i] = b->lo[i] > w ? b->lo[i] - w : 0;
        b->hi[i] = m - b->hi[i] > w ? b->hi[i] + w : m;
    }
    b->lo[n] = b->lo[n] < m ? b->lo[n] : m;
    for (size_t i = n; i-- > 0;)
        if (b->lo[i] > b->lo[i + 1])
            b->lo[i] = b->lo[i + 1];
    for (size_t i = 1; i <= n; i++)
        if (b->hi[i] < b->hi[i - 1])
            b->hi[i] = b->hi[i - 1];
    band_offsets(b);
    return TY_OK;
}

void ty__band_free(ty__band *b)
{
    free(b->lo);
    free(b->hi);
    free(b->off);
    memset(b, 0, sizeof *b);
}

void ty__band_narrow(ty__band *b, const size_t *lo, const size_t *hi, size_t margin)
{
    for (size_t i = 0; i <= b->n; i++) {
        if (lo[i] > hi[i])
            continue;
        size_t l = lo[i] > margin ? lo[i] - margin : 0, h = hi[i] + margin;
        l = l > b->lo[i] ? l : b->lo[i];
        h = h < b->hi[i] ? h : b->hi[i];
        if (l <= h) {
            b->lo[i] = l;
            b->hi[i] = h;
        }
    }
    for (size_t i = b->n; i-- > 0;)
        if (b->lo[i] > b->lo[i + 1])
            b->lo[i] = b->lo[i + 1];
    for (size_t i = 1; i <= b->n; i++)
        if (b->hi[i] < b->hi[i - 1])
            b->hi[i] = b->hi[i - 1];
    band_offsets(b);
}

void ty__path_free(ty__path *p)
{
    free(p->bead);
    free(p->touch_rows);
    free(p->mass_lo);
    free(p->mass_hi);
    memset(p, 0, sizeof *p);
}

/* log(sum of exp(v[k])), v's maximum being mx (-INFINITY for none). */
static double log_sum_exp(const double *v, unsigned n, double mx)
{
    double s = 0;

    if (mx == -INFINITY)
        return -INFINITY;
    for (unsigned k = 0; k < n; k++)
        s += exp(v[k] - mx);
    return mx + log(s);
}

/* The cell of (i, j), or SIZE_MAX outside the corridor. */
static size_t cell(const ty__band *b, size_t i, size_t j)
{
    return (j < b->lo[i] || j > b->hi[i]) ? SIZE_MAX : b->off[i] + (j - b->lo[i]);
}

/* The spans of the rows a bead ending in row i starts from (step -1) or of those a bead
 * starting in row i ends in (step 1): row i + step * a, for a = 0..TY__MAX_SIDE, its first
 * column lo[a], last hi[a] and first cell off[a]; a row outside the matrix gets an empty span
 * (lo 1, hi 0). */
static void row_spans(const ty__band *b, size_t i, int step, size_t lo[TY__MAX_SIDE + 1],
                      size_t hi[TY__MAX_SIDE + 1], size_t off[TY__MAX_SIDE + 1])
{
    for (size_t a = 0; a <= TY__MAX_SIDE; a++) {
        size_t r = step < 0 ? i - a : i + a;
        if (step < 0 ? a > i : r > b->n) {
            lo[a] = 1;
            hi[a] = 0;
            off[a] = 0;
            continue;
        }
        lo[a] = b->lo[r];
        hi[a] = b->hi[r];
        off[a] = b->off[r];
    }
}

static ty_status backtrack(const ty__band *b, const uint8_t *bp, ty__path *out)
{
    size_t i = b->n, j = b->m, k = 0;

    while (i > 0 || j > 0) {
        unsigned s = bp[cell(b, i, j)];
        i -= ty__shape_ja[s];
        j -= ty__shape_en[s];
        k++;
    }
    out->n = k;
    out->bead = malloc((k ? k : 1) * sizeof *out->bead);
    if (!out->bead)
        return TY_ERR_NOMEM;
    for (i = b->n, j = b->m; k-- > 0;) {
        unsigned s = bp[cell(b, i, j)];
        ty_bead *bd = &out->bead[k];
        bd->ja_count = ty__shape_ja[s];
        bd->en_count = ty__shape_en[s];
        bd->ja_first = i - bd->ja_count;
        bd->en_first = j - bd->en_count;
        bd->confidence = 1.0;
        i = bd->ja_first;
        j = bd->en_first;
    }
    return TY_OK;
}

static ty_status find_touches(const ty__band *b, ty__path *out)
{
    out->touch_rows = malloc((out->n + 1) * sizeof *out->touch_rows);
    if (!out->touch_rows)
        return TY_ERR_NOMEM;
    for (size_t k = 0; k < out->n; k++) {
        size_t i = out->bead[k].ja_first + out->bead[k].ja_count;
        size_t j = out->bead[k].en_first + out->bead[k].en_count;
        if ((b->lo[i] > 0 && j < b->lo[i] + TY__TOUCH_MARGIN) ||
            (b->hi[i] < b->m && j + TY__TOUCH_MARGIN > b->hi[i]))
            out->touch_rows[out->n_touch++] = i;
    }
    out->touched = out->n_touch > 0;
    return TY_OK;
}

/* Whether the best path through a cell, vit + be, is within TY__PRUNE nats (at the
 * posteriors' temperature) of the best path's, top. */
static inline uint8_t likely(double vit, double be, double top, double inv_t)
{
    return (vit + be - top) * inv_t >= -TY__PRUNE;
}

/* The backward Viterbi pass over rows hi down to lo (the rows above hi done before), from the
 * bead scores ss[] rounded to float, as the backward sums read them: be[c], the best score of
 * a path from cell c to the end (the backward sums overwrite be[] later). With `keep`, also
 * keep[c]: whether the best path through c (the forward Viterbi score vit[c] plus be[c]) is
 * likely against the best path's, top. A cell's predecessor and successor on its best path
 * are as good as it, so every kept cell but the first and last has a kept one of each. */
static void back_viterbi(const ty__band *b, const double *ss, double *be, size_t lo, size_t hi,
                         const double *vit, double top, double inv_t, uint8_t *keep)
{
    size_t end = cell(b, b->n, b->m);

    for (size_t i = hi + 1; i-- > lo;) {
        size_t nlo[TY__MAX_SIDE + 1], nhi[TY__MAX_SIDE + 1], noff[TY__MAX_SIDE + 1];
        row_spans(b, i, 1, nlo, nhi, noff);
        for (size_t j = b->hi[i] + 1; j-- > b->lo[i];) {
            size_t c = b->off[i] + (j - b->lo[i]);
            double best = c == end ? 0 : -INFINITY;
            for (unsigned s = 0; s < TY_BEAD_SHAPES; s++) {
                size_t a = ty__shape_ja[s], nj = j + ty__shape_en[s], nc;
                if (nj < nlo[a] || nj > nhi[a])
                    continue;
                nc = noff[a] + (nj - nlo[a]);
                double x = be[nc] + (float)ss[nc * TY_BEAD_SHAPES + s]; /* (-INFINITY: no bead) */
                best = x > best ? x : best;
            }
            be[c] = best;
            if (keep)
                keep[c] = likely(vit[c], best, top, inv_t);
        }
    }
}

/* keep[] as back_viterbi gives it, from a be[] it made without. */
static void keep_flags(size_t cells, const double *vit, const double *be, double top,
                       double inv_t, uint8_t *keep)
{
    for (size_t c = 0; c < cells; c++)
        keep[c] = likely(vit[c], be[c], top, inv_t);
}

/* The cell where the bead of shape s ending at cell c (column j) starts, the spans of the
 * rows above being plo and poff (row_spans); SIZE_MAX when that bead has no score or its start
 * is not kept. */
static inline size_t kept_start(const double *ss, const uint8_t *keep, size_t c, size_t j,
                                unsigned s, const size_t *plo, const size_t *poff)
{
    size_t a = ty__shape_ja[s], pc;

    /* (a scored bead starts inside the corridor: the forward pass checked) */
    if (ss[c * TY_BEAD_SHAPES + s] == -INFINITY)
        return SIZE_MAX;
    pc = poff[a] + (j - ty__shape_en[s] - plo[a]);
    return keep[pc] ? pc : SIZE_MAX;
}

/* Forward pass over the kept cells, from the scores in double (the others get -INFINITY). */
static void forward_sums(const ty__band *b, const double *ss, const uint8_t *keep, double inv_t,
                         double *al)
{
    double v[TY_BEAD_SHAPES];

    for (size_t i = 0; i <= b->n; i++) {
        size_t plo[TY__MAX_SIDE + 1], phi[TY__MAX_SIDE + 1], poff[TY__MAX_SIDE + 1];
        row_spans(b, i, -1, plo, phi, poff);
        for (size_t j = b->lo[i], c = b->off[i]; j <= b->hi[i]; j++, c++) {
            double mx = -INFINITY;
            unsigned nv = 0;
            if (!keep[c] || (i == 0 && j == 0)) {
                al[c] = keep[c] ? 0 : -INFINITY;
                continue;
            }
            for (unsigned s = 0; s < TY_BEAD_SHAPES; s++) {
                size_t pc = kept_start(ss, keep, c, j, s, plo, poff);
                if (pc == SIZE_MAX)
                    continue;
                v[nv] = al[pc] + ss[c * TY_BEAD_SHAPES + s] * inv_t;
                if (v[nv] > mx)
                    mx = v[nv];
                nv++;
            }
            al[c] = log_sum_exp(v, nv, mx);
        }
    }
}

/* Backward pass over the kept cells, from the scores rounded to float, into be[] (the end
 * cell 0, the cells not kept -INFINITY); it reads nothing the forward pass writes, so the two
 * may run at the same time. */
typedef struct sums_job {
    const ty__band *b;
    const double *ss;
    const uint8_t *keep;
    double inv_t, *be;
} sums_job;

static void backward_sums(void *arg)
{
    const sums_job *jb = arg;
    const ty__band *b = jb->b;
    const double *ss = jb->ss;
    const uint8_t *keep = jb->keep;
    double v[TY_BEAD_SHAPES], *be = jb->be;
    size_t end = cell(b, b->n, b->m);

    for (size_t i = b->n + 1; i-- > 0;) {
        size_t nlo[TY__MAX_SIDE + 1], nhi[TY__MAX_SIDE + 1], noff[TY__MAX_SIDE + 1];
        row_spans(b, i, 1, nlo, nhi, noff);
        for (size_t j = b->hi[i] + 1; j-- > b->lo[i];) {
            size_t c = b->off[i] + (j - b->lo[i]);
            unsigned nv = 0;
            if (c == end) {
                be[c] = 0;
                continue;
            }
            if (!keep[c]) {
                be[c] = -INFINITY;
                continue;
            }
            double mx = -INFINITY;
            for (unsigned s = 0; s < TY_BEAD_SHAPES; s++) {
                size_t a = ty__shape_ja[s], nj = j + ty__shape_en[s], nc;
                if (nj < nlo[a] || nj > nhi[a])
                    continue;
                nc = noff[a] + (nj - nlo[a]);
                if (!keep[nc] || ss[nc * TY_BEAD_SHAPES + s] == -INFINITY)
                    continue;
                v[nv] = be[nc] + (float)ss[nc * TY_BEAD_SHAPES + s] * jb->inv_t;
                if (v[nv] > mx)
                    mx = v[nv];
                nv++;
            }
            be[c] = log_sum_exp(v, nv, mx);
        }
    }
}

/* For rows [from, to] of the corridor, from the forward sums al[] and the backward sums be[]
 * over the kept cells (z: the total): each row's likely columns (into mass_lo and mass_hi) and,
 * with `counts`, the terms of the expected shape counts from the beads ending in those rows,
 * in cell and shape order: added to sum[] (term NULL), or stored in term[] with their shapes
 * in shape[] (nterm of them; room for TY_BEAD_SHAPES a cell), for the caller to add in that
 * order after the terms of the rows before. */
typedef struct post_job {
    const ty__side *ja, *en;
    const ty__band *b;
    const double *ss, *al, *be;
    const uint8_t *keep;
    double inv_t, z;
    size_t from, to, *mass_lo, *mass_hi;
    int counts;
    double *sum, *term;
    uint8_t *shape;
    size_t nterm;
} post_job;

static void post_rows(void *arg)
{
    post_job *jb = arg;
    const ty__band *b = jb->b;
    const double *ss = jb->ss, *al = jb->al, *be = jb->be;
    const uint8_t *keep = jb->keep;
    size_t end = cell(b, b->n, b->m);

    for (size_t i = jb->from; i <= jb->to; i++) {
        size_t mlo = SIZE_MAX, mhi = 0;
        for (size_t j = b->hi[i] + 1; j-- > b->lo[i];) {
            size_t c = b->off[i] + (j - b->lo[i]);
            if (c == end) {
                mlo = mhi = j;
            } else if (keep[c] && al[c] + be[c] - jb->z >= -TY__MASS_FLOOR) {
                mlo = j;
                mhi = mhi > j ? mhi : j;
            }
        }
        /* likely cells near an edge the corridor put there may go on beyond it: the row's
         * likely columns are not known */
        if ((b->lo[i] > 0 && mlo < b->lo[i] + TY__TOUCH_MARGIN) ||
            (b->hi[i] < b->m && mhi + TY__TOUCH_MARGIN > b->hi[i])) {
            mlo = SIZE_MAX;
            mhi = 0;
        }
        jb->mass_lo[i] = mlo;
        jb->mass_hi[i] = mhi;
    }
    for (size_t i = jb->from; jb->counts && i <= jb->to; i++) {
        size_t plo[TY__MAX_SIDE + 1], phi[TY__MAX_SIDE + 1], poff[TY__MAX_SIDE + 1];
        row_spans(b, i, -1, plo, phi, poff);
        for (size_t j = b->lo[i], c = b->off[i]; j <= b->hi[i]; j++, c++) {
            for (unsigned s = 0; keep[c] && s < TY_BEAD_SHAPES; s++) {
                size_t a = ty__shape_ja[s], e = ty__shape_en[s];
                size_t pc = kept_start(ss, keep, c, j, s, plo, poff);
                if (pc == SIZE_MAX)
                    continue;
                /* a formula or a repetition left out says nothing about how often
                 * sentences are */
                if ((e == 0 && (jb->ja->u[i - 1].flags & TY__U_DROPPABLE)) ||
                    (a == 0 && (jb->en->u[j - 1].flags & TY__U_DROPPABLE)))
                    continue;
                double x = exp(al[pc] + (float)ss[c * TY_BEAD_SHAPES + s] * jb->inv_t + be[c] - jb->z);
                if (jb->term) {
                    jb->term[jb->nterm] = x;
                    jb->shape[jb->nterm++] = (uint8_t)s;
                } else {
                    jb->sum[s] += x;
                }
            }
        }
    }
}

/* From the forward sums al[] and the backward sums be[] over the kept cells: each row's likely
 * columns (out->mass_lo and mass_hi), the expected shape counts (with `counts`) and each path
 * bead's posterior. With `two`, the rows after the caller's share of the cells on a second
 * thread, their count terms stored in `terms` (with `counts`: room for TY_BEAD_SHAPES terms
 * and shapes a cell of those rows). */
static void posteriors(const ty__side *ja, const ty__side *en, const ty__band *b,
                       const double *ss, const uint8_t *keep, const double *al,
                       const double *be, double inv_t, int counts, int two, void *terms,
                       ty__path *out)
{
    size_t end = cell(b, b->n, b->m), cells = b->off[b->n + 1], split = b->n + 1;
    double z = al[end];
    post_job mine = {ja, en, b, ss, al, be, keep, inv_t, z, 0, b->n, out->mass_lo,
                     out->mass_hi, counts, out->expected, NULL, NULL, 0};
    post_job other = mine;
    ty__task task = {0};

    memset(out->expected, 0, sizeof out->expected);
    if (two && b->n > 1) {
        split = 1;
        size_t share = counts ? TY__POST_SPLIT : TY__POST_SPLIT_NO_COUNTS;
        while (split < b->n && b->off[split] < cells / 1024 * share)
            split++;
        mine.to = split - 1;
        other.from = split;
        other.term = terms;
        if (terms)
            other.shape = (uint8_t *)(other.term + (cells - b->off[split]) * TY_BEAD_SHAPES);
        ty__task_start(&task, 1, post_rows, &other);
    }
    post_rows(&mine);
    for (size_t k = 0; k < out->n; k++) {
        const ty_bead *bd = &out->bead[k];
        size_t i = bd->ja_first + bd->ja_count, j = bd->en_first + bd->en_count;
        unsigned s = 0;
        while (s < TY_BEAD_SHAPES &&
               (ty__shape_ja[s] != bd->ja_count || ty__shape_en[s] != bd->en_count))
            s++;
        size_t c = cell(b, i, j), pc = cell(b, bd->ja_first, bd->en_first);
        double p = exp(al[pc] + (float)ss[c * TY_BEAD_SHAPES + s] * inv_t + be[c] - z);
        out->bead[k].confidence = p > 1 ? 1 : p < 0 ? 0 : p;
    }
    if (split <= b->n) { /* the other rows' terms, in their order */
        ty__task_join(&task);
        for (size_t k = 0; k < other.nterm; k++)
            out->expected[other.shape[k]] += other.term[k];
    }
}

/* Per shape, the columns of row i of the corridor whose bead of that shape starts inside it,
 * [jlo, jhi] (empty for a shape not `allowed`), that start's cell being jbase + j (modulo
 * SIZE_MAX + 1). */
static void shape_spans(const ty__band *b, size_t i, unsigned allowed,
                        size_t jlo[TY_BEAD_SHAPES], size_t jhi[TY_BEAD_SHAPES],
                        size_t jbase[TY_BEAD_SHAPES])
{
    size_t plo[TY__MAX_SIDE + 1], phi[TY__MAX_SIDE + 1], poff[TY__MAX_SIDE + 1];

    row_spans(b, i, -1, plo, phi, poff);
    for (unsigned s = 0; s < TY_BEAD_SHAPES; s++) {
        size_t a = ty__shape_ja[s], e = ty__shape_en[s];
        jlo[s] = (allowed >> s) & 1u ? plo[a] + e : 1;
        jhi[s] = (allowed >> s) & 1u ? phi[a] + e : 0;
        jbase[s] = poff[a] - plo[a] - e;
    }
}

/* The scores of the beads ending in rows [from, b->n] of the corridor, each allowed shape
 * whose bead starts inside it (the others -INFINITY), into
 * ss[(c - b->off[from]) * TY_BEAD_SHAPES + shape] for cell c: a second thread's share of
 * ty__dp's scoring, with a scorer of its own, each row published in `rows` (the count of rows
 * [0, i] scored) as it is done. With `be`, then the backward Viterbi pass (back_viterbi,
 * without keep) over `all`, every row's scores: its own rows first, the caller's once `mine`
 * says they are scored. A bead whose start cannot be reached keeps its score here, where the
 * caller's Viterbi pass gives its own rows -INFINITY: only the backward Viterbi scores of
 * cells that cannot be reached differ, and nothing reads those (a bead from a cell that can
 * be reached ends at one that can; a cell that cannot is not kept). */
typedef struct score_rows_job {
    ty__scorer sc;
    const ty__band *b;
    unsigned allowed;
    size_t from;
    double *ss;
    ty__progress rows, mine;
    const double *all;
    double *be;
} score_rows_job;

static void score_rows(void *arg)
{
    score_rows_job *jb = arg;
    const ty__band *b = jb->b;

    for (size_t i = jb->from; i <= b->n; i++) {
        size_t jlo[TY_BEAD_SHAPES], jhi[TY_BEAD_SHAPES], jbase[TY_BEAD_SHAPES];
        double *out = jb->ss + (b->off[i] - b->off[jb->from]) * TY_BEAD_SHAPES;
        shape_spans(b, i, jb->allowed, jlo, jhi, jbase);
        for (size_t j = b->lo[i]; j <= b->hi[i]; j++, out += TY_BEAD_SHAPES) {
            unsigned mask = 0;
            for (unsigned s = 0; s < TY_BEAD_SHAPES; s++) {
                mask |= ((j >= jlo[s]) & (j <= jhi[s])) << s;
                out[s] = -INFINITY;
            }
            ty__score_cell(&jb->sc, i, j, mask, out);
        }
        ty__progress_set(&jb->rows, i + 1);
    }
    if (jb->be) {
        back_viterbi(b, jb->all, jb->be, jb->from, b->n, NULL, 0, 0, NULL);
        ty__progress_wait(&jb->mine, 1);
        back_viterbi(b, jb->all, jb->be, 0, jb->from - 1, NULL, 0, 0, NULL);
    }
}

ty_status ty__dp(const ty__side *ja, const ty__side *en, const ty__model *m, const ty__band *b,
                 int posterior, double temperature, ty__work *w, ty__path *out, ty_error *err)
{
    ty__scorer sc;
    size_t cells = b->off[b->n + 1], end = cell(b, b->n, b->m);
    double *vit = NULL, *be = NULL, *ss = NULL, inv_t = 1.0 / temperature;
    uint8_t *bp = NULL;
    unsigned allowed = 0; /* the shapes the model allows */
    static const double unreachable = -INFINITY;
    /* with a second thread: it scores rows [split, n], into pre[] from cell pre_c; rows
     * before `ready` are scored */
    size_t split = b->n + 1, pre_c = cells, ready = 0, ahead = 1;
    const double *pre = NULL;
    score_rows_job job;
    ty__task rows = {0};
    int threaded = 0;
    ty_status st;

    memset(out, 0, sizeof *out);
    if ((st = ty__scorer_init(&sc, m, ja, en, b, w)) != TY_OK)
        return ty__nomem(err);
    vit = ty__work_get(w, TY__W_VIT, cells * sizeof *vit);
    bp = ty__work_get(w, TY__W_BP, cells);
    if (posterior) {
        ss = ty__work_get(w, TY__W_SS, cells * TY_BEAD_SHAPES * sizeof *ss);
        be = ty__work_get(w, TY__W_BE, cells * sizeof *be);
    }
    if (!vit || !bp || (posterior && (!ss || !be))) {
        st = ty__nomem(err);
        goto done;
    }
    for (unsigned s = 0; s < TY_BEAD_SHAPES; s++)
        if (m->logprior[s] != -INFINITY)
            allowed |= 1u << s;
    if (ty__work_two_threads(w, b)) {
        size_t nk = m->keys->n ? m->keys->n : 1;
        size_t share = posterior == TY__POST_COUNTS ? TY__DP_SPLIT_COUNTS
                       : posterior                  ? TY__DP_SPLIT_POST
                                                    : TY__DP_SPLIT;
        uint8_t *mark = ty__work_get(w, TY__W_MARK2, nk);
        split = 1;
        while (split < b->n && b->off[split] < cells / 1024 * share)
            split++;
        pre_c = b->off[split];
        job.ss = posterior ? ss + pre_c * TY_BEAD_SHAPES
                           : ty__work_get(w, TY__W_SS, (cells - pre_c + 1) * TY_BEAD_SHAPES *
                                                           sizeof *job.ss);
        if (!mark || !job.ss || ty__progress_init(&job.rows, split) != 0) {
            st = ty__nomem(err);
            goto done;
        }
        if (ty__progress_init(&job.mine, 0) != 0) {
            ty__progress_destroy(&job.rows);
            st = ty__nomem(err);
            goto done;
        }
        threaded = 1;
        ahead = (size_t)((double)TY__DP_AHEAD * (double)(b->n + 1) / (double)cells) + 1;
        memset(mark, 0, nk);
        ty__scorer_copy(&sc, mark, &job.sc);
        job.b = b;
        job.allowed = allowed;
        job.from = split;
        job.all = ss;
        job.be = posterior ? be : NULL;
        pre = job.ss;
        /* (without a thread, the rows are scored when the first is needed: the same scores) */
        ty__task_start(&rows, 1, score_rows, &job);
    }
    for (size_t i = 0; i <= b->n; i++) {
        /* per shape, the columns of this row whose bead starts inside the corridor */
        size_t jlo[TY_BEAD_SHAPES], jhi[TY_BEAD_SHAPES], jbase[TY_BEAD_SHAPES];
        if (i == split)
            ty__progress_set(&job.mine, 1);
        if (i >= split && i >= ready) {
            if (rows.started) {
                size_t want = i + ahead < b->n + 1 ? i + ahead : b->n + 1;
                ready = ty__progress_wait(&job.rows, want);
            } else {
                ty__task_join(&rows);
                ready = b->n + 1;
            }
        }
        shape_spans(b, i, allowed, jlo, jhi, jbase);
        for (size_t j = b->lo[i], c = b->off[i]; j <= b->hi[i]; j++, c++) {
            double best = -INFINITY, sco[TY_BEAD_SHAPES];
            size_t pcs[TY_BEAD_SHAPES];
            unsigned bs = 0, mask = 0;
            /* the shapes whose bead ending here starts at a reachable cell of the corridor
             * (without branches: which they are changes from cell to cell) */
            for (unsigned s = 0; s < TY_BEAD_SHAPES; s++) {
                unsigned in = (j >= jlo[s]) & (j <= jhi[s]);
                const double *from = in ? &vit[jbase[s] + j] : &unreachable;
                pcs[s] = jbase[s] + j;
                mask |= (in & (*from != -INFINITY)) << s;
            }
            if (i < split)
                ty__score_cell(&sc, i, j, mask, sco);
            else
                memcpy(sco, pre + (c - pre_c) * TY_BEAD_SHAPES, sizeof sco);
            if (posterior && i < split) /* (the other thread's rows keep what it wrote) */
                for (unsigned s = 0; s < TY_BEAD_SHAPES; s++)
                    ss[c * TY_BEAD_SHAPES + s] = -INFINITY;
            for (unsigned left = mask; left; left &= left - 1) { /* in shape order */
                unsigned s = (unsigned)__builtin_ctz(left);
                size_t pc = pcs[s];
                double x = vit[pc] + sco[s];
                int better = x > best;
                best = better ? x : best;
                bs = better ? s : bs;
                if (posterior && i < split)
                    ss[c * TY_BEAD_SHAPES + s] = sco[s];
            }
            if (i == 0 && j == 0)
                best = 0;
            vit[c] = best;
            bp[c] = (uint8_t)bs;
        }
    }
    if (vit[end] == -INFINITY) {
        st = ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                      "the allowed bead shapes cannot align %zu Japanese with %zu English "
                      "segments (allow 1:0 and 0:1)",
                      ja->n, en->n);
        goto done;
    }
    if ((st = backtrack(b, bp, out)) != TY_OK || (st = find_touches(b, out)) != TY_OK) {
        ty__nomem(err);
        goto done;
    }
    if (posterior) {
        out->mass_lo = malloc((b->n + 1) * sizeof *out->mass_lo);
        out->mass_hi = malloc((b->n + 1) * sizeof *out->mass_hi);
        if (!out->mass_lo || !out->mass_hi) {
            st = ty__nomem(err);
            goto done;
        }
        /* (bp, read by backtrack, now holds which cells are kept; vit, read for them, the
         * forward sums) */
        if (threaded) {
            ty__task_join(&rows); /* (its backward Viterbi pass) */
            keep_flags(cells, vit, be, vit[end], inv_t, bp);
        } else {
            back_viterbi(b, ss, be, 0, b->n, vit, vit[end], inv_t, bp);
        }
        /* the backward sums on a second thread while this one runs the forward sums */
        sums_job bj = {b, ss, bp, inv_t, be};
        ty__task sums;
        ty__task_start(&sums, ty__work_two_threads(w, b), backward_sums, &bj);
        forward_sums(b, ss, bp, inv_t, vit);
        ty__task_join(&sums);
        void *terms = NULL;
        int counts = posterior == TY__POST_COUNTS, two = ty__work_two_threads(w, b);
        if (counts && two &&
            !(terms = ty__work_get(w, TY__W_TERMS, cells * TY_BEAD_SHAPES * (sizeof(double) + 1)))) {
            st = ty__nomem(err);
            goto done;
        }
        posteriors(ja, en, b, ss, bp, vit, be, inv_t, counts, two, terms, out);
    }
done:
    if (threaded) {
        ty__task_join(&rows);
        ty__progress_destroy(&job.rows);
        ty__progress_destroy(&job.mine);
    }
    if (st != TY_OK)
        ty__path_free(out);
    ty__scorer_free(&sc);
    return st;
}
