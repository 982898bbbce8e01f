/*
 * assign.c — the one-to-one choice of pairs among the scored candidates: the assignment that
 * maximizes the sum of the chosen pairs' scores (the Hungarian method on each connected
 * component of the candidate graph, candidates below the threshold left out), and then a
 * margin: a chosen pair is kept only when the best assignment without it is worse by at least
 * the margin, so that of two look-alikes the evidence cannot tell apart neither is guessed. A
 * component too large for the Hungarian method (TY__PAIR_EXACT nodes) is assigned greedily,
 * best pair first, with the margin against each document's best alternative. It scores
 * nothing itself (score.c).
 */
#define _GNU_SOURCE /* qsort_r */
#include "config.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "pair.h"

/* The largest component (documents of both languages) solved exactly. */
#define TY__PAIR_EXACT 64

static size_t find(size_t *parent, size_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

/* Minimum-cost assignment of the n rows to distinct columns of an n x m cost matrix (n <= m;
 * row-major, 1-based as the classic formulation: a[i * (m + 1) + j]). row_of[j] = the row
 * given column j, or 0. Returns the total, or DBL_MAX when out of memory. */
static double hungarian(const double *a, size_t n, size_t m, size_t *row_of)
{
    double *u = calloc(n + 1, sizeof *u), *v = calloc(m + 1, sizeof *v);
    double *minv = malloc((m + 1) * sizeof *minv), total = 0;
    size_t *way = malloc((m + 1) * sizeof *way);
    unsigned char *used = malloc(m + 1);

    if (!u || !v || !minv || !way || !used) {
        total = DBL_MAX;
        goto done;
    }
    memset(row_of, 0, (m + 1) * sizeof *row_of);
    for (size_t i = 1; i <= n; i++) {
        size_t j0 = 0;
        row_of[0] = i;
        for (size_t j = 0; j <= m; j++) {
            minv[j] = DBL_MAX;
            used[j] = 0;
        }
        do {
            size_t i0 = row_of[j0], j1 = 0;
            double delta = DBL_MAX;
            used[j0] = 1;
            for (size_t j = 1; j <= m; j++) {
                if (used[j])
                    continue;
                double cur = a[i0 * (m + 1) + j] - u[i0] - v[j];
                if (cur < minv[j]) {
                    minv[j] = cur;
                    way[j] = j0;
                }
                if (minv[j] < delta) {
                    delta = minv[j];
                    j1 = j;
                }
            }
            for (size_t j = 0; j <= m; j++) {
                if (used[j]) {
                    u[row_of[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
        } while (row_of[j0] != 0);
        do {
            size_t j1 = way[j0];
            row_of[j0] = row_of[j1];
            j0 = j1;
        } while (j0);
    }
    for (size_t j = 1; j <= m; j++)
        if (row_of[j])
            total += a[row_of[j] * (m + 1) + j];
done:
    free(u);
    free(v);
    free(minv);
    free(way);
    free(used);
    return total;
}

static int cmp_score_desc(const void *x, const void *y, void *edges)
{
    const ty__pedge *v = edges;
    float a = v[*(const size_t *)x].score, b = v[*(const size_t *)y].score;
    if (a != b)
        return a > b ? -1 : 1;
    return *(const size_t *)x < *(const size_t *)y ? -1 : 1;
}

typedef struct work {
    const ty__pedges *edges;
    double min_score, margin;
    long *partner;      /* per Japanese document */
    double *score;
    size_t *loc[2];     /* per document: its 1-based index in the current component, or 0 */
    double *cost;       /* (rows + 1) x (cols + 1) */
    size_t *row_of;
    size_t cost_cap, row_cap;
} work;

/* The component's cost matrix: -score per edge (all but `skip`), 0 elsewhere (no pair). */
static void fill(work *w, const size_t *ce, size_t n, size_t nr, size_t nc, int transpose,
                 size_t skip)
{
    size_t rows = transpose ? nc : nr, cols = transpose ? nr : nc;
    memset(w->cost, 0, (rows + 1) * (cols + 1) * sizeof *w->cost);
    for (size_t k = 0; k < n; k++) {
        const ty__pedge *e = &w->edges->v[ce[k]];
        size_t r = w->loc[0][e->ja], c = w->loc[1][e->en];
        if (ce[k] == skip)
            continue;
        if (transpose) {
            size_t t = r;
            r = c;
            c = t;
        }
        w->cost[r * (cols + 1) + c] = -(double)e->score;
    }
}

/* Assign one component exactly: edges ce[0, n) over nr Japanese and nc English documents. */
static int exact(work *w, const size_t *ce, size_t n, size_t nr, size_t nc)
{
    int transpose = nc < nr;
    size_t rows = transpose ? nc : nr, cols = transpose ? nr : nc;
    double best;

    fill(w, ce, n, nr, nc, transpose, (size_t)-1);
    if ((best = hungarian(w->cost, rows, cols, w->row_of)) == DBL_MAX)
        return -1;
    /* the chosen edges: those whose cell is an edge */
    for (size_t k = 0; k < n; k++) {
        const ty__pedge *e = &w->edges->v[ce[k]];
        size_t r = w->loc[0][e->ja], c = w->loc[1][e->en];
        if (transpose ? w->row_of[r] != c : w->row_of[c] != r)
            continue;
        w->partner[e->ja] = (long)e->en;
        w->score[e->ja] = e->score;
    }
    /* the margin: each chosen pair against the best assignment without it */
    for (size_t k = 0; k < n; k++) {
        const ty__pedge *e = &w->edges->v[ce[k]];
        double without;
        if (w->partner[e->ja] != (long)e->en)
            continue;
        if (n == 1) {
            without = 0;
        } else {
            fill(w, ce, n, nr, nc, transpose, ce[k]);
            if ((without = hungarian(w->cost, rows, cols, w->row_of)) == DBL_MAX)
                return -1;
        }
        if (without - best < w->margin)
            w->partner[e->ja] = -2; /* decided below: unpaired */
    }
    for (size_t k = 0; k < n; k++)
        if (w->partner[w->edges->v[ce[k]].ja] == -2)
            w->partner[w->edges->v[ce[k]].ja] = -1;
    return 0;
}

/* Assign one large component greedily, best pair first; a pair is kept when no other edge of
 * either of its documents comes within the margin of it. */
static void greedy(work *w, size_t *ce, size_t n, unsigned char *taken_en)
{
    const ty__pedge *v = w->edges->v;
    qsort_r(ce, n, sizeof *ce, cmp_score_desc, (void *)v);
    for (size_t k = 0; k < n; k++) {
        const ty__pedge *e = &v[ce[k]];
        int ok = 1;
        if (w->partner[e->ja] != -1 || taken_en[e->en])
            continue;
        w->partner[e->ja] = (long)e->en;
        w->score[e->ja] = e->score;
        taken_en[e->en] = 1;
        for (size_t i = 0; i < n && ok; i++) {
            const ty__pedge *f = &v[ce[i]];
            if (i != k && (f->ja == e->ja || f->en == e->en) && e->score - f->score < w->margin)
                ok = 0;
        }
        if (!ok)
            w->partner[e->ja] = -3; /* taken, but left unpaired */
    }
    for (size_t k = 0; k < n; k++)
        if (w->partner[v[ce[k]].ja] == -3)
            w->partner[v[ce[k]].ja] = -1;
}

static int cmp_by_root(const void *x, const void *y, void *roots)
{
    const size_t *r = roots;
    size_t a = r[*(const size_t *)x], b = r[*(const size_t *)y];
    if (a != b)
        return a < b ? -1 : 1;
    return *(const size_t *)x < *(const size_t *)y ? -1 : 1;
}

ty_status ty__pair_assign(const ty__pedges *edges, size_t nja, size_t nen, double min_score,
                          double margin, long *ja_partner, double *ja_score, ty_error *err)
{
    work w;
    size_t *parent = malloc((nja + nen + 1) * sizeof *parent);
    size_t *idx = malloc((edges->n + 1) * sizeof *idx), *root = NULL, n = 0;
    unsigned char *taken_en = calloc(nen + 1, 1);
    ty_status st = TY_OK;

    memset(&w, 0, sizeof w);
    w.edges = edges;
    w.min_score = min_score;
    w.margin = margin;
    w.partner = ja_partner;
    w.score = ja_score;
    w.loc[0] = calloc(nja + 1, sizeof *w.loc[0]);
    w.loc[1] = calloc(nen + 1, sizeof *w.loc[1]);
    root = malloc((edges->n + 1) * sizeof *root);
    if (!parent || !idx || !taken_en || !w.loc[0] || !w.loc[1] || !root)
        goto nomem;
    for (size_t j = 0; j < nja; j++) {
        ja_partner[j] = -1;
        ja_score[j] = 0;
    }
    for (size_t i = 0; i < nja + nen; i++)
        parent[i] = i;
    for (size_t i = 0; i < edges->n; i++) {
        const ty__pedge *e = &edges->v[i];
        if (e->score < min_score || e->score <= 0)
            continue;
        idx[n++] = i;
        size_t a = find(parent, e->ja), b = find(parent, nja + e->en);
        if (a != b)
            parent[a] = b;
    }
    for (size_t i = 0; i < edges->n; i++)
        root[i] = find(parent, edges->v[i].ja);
    qsort_r(idx, n, sizeof *idx, cmp_by_root, root);
    for (size_t s = 0; s < n;) {
        size_t t = s, nr = 0, nc = 0;
        while (t < n && root[idx[t]] == root[idx[s]])
            t++;
        for (size_t k = s; k < t; k++) {
            const ty__pedge *e = &edges->v[idx[k]];
            if (!w.loc[0][e->ja])
                w.loc[0][e->ja] = ++nr;
            if (!w.loc[1][e->en])
                w.loc[1][e->en] = ++nc;
        }
        if (nr + nc <= TY__PAIR_EXACT) {
            size_t need = (nr + 1) * (nc + 1), rows = nr > nc ? nr : nc;
            if (need > w.cost_cap) {
                double *c = realloc(w.cost, need * sizeof *c);
                if (!c)
                    goto nomem;
                w.cost = c;
                w.cost_cap = need;
            }
            if (rows + 1 > w.row_cap) {
                size_t *r = realloc(w.row_of, (rows + 1) * sizeof *r);
                if (!r)
                    goto nomem;
                w.row_of = r;
                w.row_cap = rows + 1;
            }
            if (exact(&w, idx + s, t - s, nr, nc) != 0)
                goto nomem;
        } else {
            greedy(&w, idx + s, t - s, taken_en);
        }
        for (size_t k = s; k < t; k++) {
            w.loc[0][edges->v[idx[k]].ja] = 0;
            w.loc[1][edges->v[idx[k]].en] = 0;
        }
        s = t;
    }
    goto done;
nomem:
    st = ty__nomem(err);
done:
    free(parent);
    free(idx);
    free(root);
    free(taken_en);
    free(w.loc[0]);
    free(w.loc[1]);
    free(w.cost);
    free(w.row_of);
    return st;
}
