/*
 * score.c — the bead model: the log score of a bead is
 *     log P(shape) + log LR(lengths) + log LR(anchors) + log LR(structure),
 * each LR comparing "the two sides translate each other" with "the two sides are unrelated
 * segments of these documents". A 1:0 / 0:1 bead scores its prior (higher for a formula or a
 * repetition) and the missing penalty of its precise keys: a sentence whose numbers, Latin
 * tokens, names or learned words the other document holds is seldom left out. Per-document statistics (length ratio and spread, flag rates,
 * key rarity) come from the caller; this file only evaluates. Anchor evidence is cached per
 * segment pair over the search corridor so that a many-segment bead sums cached pairs.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "align.h"
#include "anchors/anchors.h"
#include "base/task.h"

/* For score_shape and its helpers: inlined into each shape's copy of it (ty__score_cell). */
#define TY__INLINE static inline __attribute__((always_inline))

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
    for (size_t k = 1; k <= TY__MAX_SIDE; k++)
        m->len_norm[k] = log(m->tau[k] / m->sigma);
    /* the same for the rare content (counts of b units), with the same floor */
    for (size_t k = 1; k <= TY__MAX_SIDE && m->rc > 0; k++) {
        double sum = 0, sum2 = 0, cnt = 0;
        for (size_t j = 0; j + k <= en->n; j++) {
            unsigned r = 0;
            for (size_t x = j; x < j + k; x++)
                r += en->u[x].rare;
            double v = log((double)r + m->rsmooth);
            sum += v;
            sum2 += v * v;
            cnt++;
        }
        double mean = cnt ? sum / cnt : log(m->rsmooth), var = cnt ? sum2 / cnt - mean * mean : 1;
        m->rmu[k] = mean;
        m->rtau[k] = sqrt(var > 0.09 ? var : 0.09);
        m->rare_norm[k] = log(m->rtau[k] / m->rsigma);
    }
}

void ty__flag_lr(const ty__side *ja, const ty__side *en, unsigned flag, double r,
                 double out[2][2])
{
    double cja = 0, cen = 0;

    for (size_t i = 0; i < ja->n; i++)
        cja += (ja->u[i].flags & flag) != 0;
    for (size_t j = 0; j < en->n; j++)
        cen += (en->u[j].flags & flag) != 0;
    memset(out, 0, 4 * sizeof out[0][0]);
    if (cja == 0 || cen == 0 || cja == (double)ja->n || cen == (double)en->n)
        return; /* a flag one side never (or always) has tells nothing */
    /* In a translation the English flag copies the Japanese one with probability r, and is
     * otherwise drawn at the English side's rate p, as it is for unrelated segments. */
    double p = cen / (double)en->n;
    out[1][1] = log((r + (1 - r) * p) / p);
    out[1][0] = log(1 - r);
    out[0][1] = log(1 - r);
    out[0][0] = log((r + (1 - r) * (1 - p)) / (1 - p));
}

void ty__model_features(ty__model *m, const ty__side *ja, const ty__side *en,
                        const double copy[TY__FEATURES])
{
    for (int f = 0; f < TY__FEATURES; f++)
        ty__flag_lr(ja, en, 1u << f, copy[f], m->feat[f]);
}

unsigned ty__side_flags(const ty__side *s, size_t first, unsigned k, unsigned *crossed)
{
    unsigned f = s->u[first].flags, line = f & TY__U_LINE, any = line, enm = f & TY__U_ENUM;
    unsigned q = f & TY__U_QUESTION;

    for (unsigned x = 1; x < k; x++) {
        unsigned g = s->u[first + x].flags;
        *crossed += (g & TY__U_PARA) != 0;
        line &= g;
        any |= g & TY__U_LINE;
        enm |= g & TY__U_ENUM;
        q |= g & TY__U_QUESTION;
    }
    return (f & (TY__U_PARA | TY__U_LABEL | TY__U_TURN)) | line | enm |
           q | (line != any ? TY__U_MIXED : 0);
}

/* The structure log-LR of a bead whose sides have flags fa and fb (ty__side_flags) and which
 * crosses `crossed` paragraph boundaries inside its sides. */
static double structure_of(const ty__model *m, unsigned fa, unsigned fb, unsigned crossed)
{
    double s = crossed * m->log_cross;

    for (int f = 0; f < TY__FEATURES; f++) {
        unsigned x = (fa >> f) & 1, y = (fb >> f) & 1;
        double v = m->feat[f][x][y];
        /* after a formula that was left out, its label and paragraph start may have moved to
         * this unit: it has them or not, whichever agrees better with the other side */
        if ((1u << f) == TY__U_LABEL || (1u << f) == TY__U_PARA) {
            if ((fa & TY__U_TURN) && m->feat[f][!x][y] > v)
                v = m->feat[f][!x][y];
            if ((fb & TY__U_TURN) && m->feat[f][x][!y] > v)
                v = m->feat[f][x][!y];
        }
        s += v;
    }
    /* a heading merged with a sentence is as unlikely as a heading that was not kept */
    if ((fa | fb) & TY__U_MIXED)
        s += m->feat[1][1][0];
    return s;
}

/* Side flags in 7 bits (TY__U_TURN moved next to TY__U_MIXED) and back; bit 7 of a group's
 * packed flags: some unit quotes (TY__U_QUOTE). */
#define TY__FL_PACK(f) (((f) & 63u) | (((f) >> 1) & 64u))
#define TY__FL_UNPACK(c) (((c) & 63u) | (((c) & 64u) << 1))
#define TY__FL_QUOTE 128u
#define TY__FL_COMBOS 256u

/* The packed flags of the group of k units starting at each unit of `s`, with the paragraph
 * boundaries inside it << 8: out[(k - 1) * (n + 1) + first]. */
static uint16_t *side_group_flags(const ty__side *s)
{
    size_t n = s->n;
    uint16_t *out = calloc(TY__MAX_SIDE * (n + 1), sizeof *out);

    if (!out)
        return NULL;
    for (unsigned k = 1; k <= TY__MAX_SIDE; k++)
        for (size_t i = 0; i + k <= n; i++) {
            unsigned crossed = 0, f = ty__side_flags(s, i, k, &crossed), q = 0;
            for (size_t x = i; x < i + k; x++)
                q |= s->u[x].flags & TY__U_QUOTE;
            out[(k - 1) * (n + 1) + i] =
                (uint16_t)(TY__FL_PACK(f) | (q ? TY__FL_QUOTE : 0) | crossed << 8);
        }
    return out;
}

/* The structure log-LR of ja units [i0, i0+a) and en units [j0, j0+b), the quotation flags'
 * included, from the sides' group flags: a (boundaries, ja flags, en flags) is evaluated
 * again only when another one has taken its slot in the scorer's cache. */
TY__INLINE double structure_cached(ty__scorer *sc, size_t i0, unsigned a, size_t j0, unsigned b)
{
    unsigned ga = sc->gflags[0][(a - 1) * (sc->ja->n + 1) + i0];
    unsigned gb = sc->gflags[1][(b - 1) * (sc->en->n + 1) + j0];
    unsigned fa = ga & 0xFFu, fb = gb & 0xFFu, crossed = (ga >> 8) + (gb >> 8);
    size_t x = ((size_t)crossed * TY__FL_COMBOS + fa) * TY__FL_COMBOS + fb;

    struct ty__stab *e = &sc->stab[(x * 2654435761u >> 7) & (TY__STAB_SLOTS - 1)];

    if (e->key != x + 1) {
        /* a translation keeps the quotation marks of what it renders */
        e->v = structure_of(sc->m, TY__FL_UNPACK(fa), TY__FL_UNPACK(fb), crossed) +
               sc->m->quote[(fa & TY__FL_QUOTE) != 0][(fb & TY__FL_QUOTE) != 0];
        e->key = (uint32_t)(x + 1);
    }
    return e->v;
}

/* ---- anchors, cached per segment pair -------------------------------------------------- */

/* What a left-out unit's keys cost: the missing penalty of those of the precise kinds
 * (numbers, Latin tokens, names, learned words). Lexicon keys are left out: every English
 * content word is one, so an English-only explanatory sentence would seem to hold content. */
static double null_total(const ty__keys *keys, int side, const uint32_t *k, size_t n)
{
    double t = 0;
    for (size_t x = 0; x < n; x++)
        if (keys->kind[k[x]] != TY_ANCHOR_LEXICON)
            t += keys->neg[side][k[x]];
    return t;
}

static double neg_total(const ty__keys *keys, int side, const uint32_t *k, size_t n)
{
    double t = 0;
    for (size_t x = 0; x < n; x++)
        t -= keys->neg[side][k[x]];
    return t;
}

/* Add key k's weights to acc[] (shared weight, ja-missing and en-missing matched, shared
 * count), times e. */
static void add_key(const ty__keys *keys, uint32_t k, double e, double acc[TY__PAIR])
{
    acc[0] += e * keys->pos[k];
    acc[1] -= e * keys->neg[0][k];
    acc[2] -= e * keys->neg[1][k];
    acc[3] += e * (keys->pos[k] > 0);
}

/* The keys that sorted sets a[0, na) and b[0, nb) share, into out (at most cap). */
static size_t intersect(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                        uint32_t *out, size_t cap)
{
    size_t x = 0, y = 0, n = 0;

    while (x < na && y < nb && n < cap) {
        if (a[x] < b[y])
            x++;
        else if (b[y] < a[x])
            y++;
        else
            out[n++] = a[x++], y++;
    }
    return n;
}

/* A growing list of duplicate keys (room for 64 from the start). */
typedef struct dup_list {
    struct ty__dup *d;
    size_t n, cap;
} dup_list;

static int dup_grow(dup_list *l)
{
    struct ty__dup *nd = realloc(l->d, 2 * l->cap * sizeof *nd);
    if (!nd)
        return 0;
    l->d = nd;
    l->cap *= 2;
    return 1;
}

TY__INLINE int dup_push(dup_list *l, uint32_t key, uint32_t extra)
{
    if (l->n == l->cap && !dup_grow(l))
        return 0;
    l->d[l->n].key = key;
    l->d[l->n++].extra = extra;
    return 1;
}

/* For every group of 2 and of 3 units of `s` starting at each unit: the keys held by more
 * than one of its units, sorted, with (units holding it - 1), and their total missing
 * penalty, added in key order: off[0], d[0], neg[0] for the groups of 2, [1] for those of
 * 3. With units A, B, C, a key that two of them hold is in one of the lists A∩B, A∩C and
 * B∩C, a key that all three hold in all three lists; the intersections are found with
 * `mark` (one byte per key id, all zero on entry, and so again on success). */
static ty_status build_dups(const ty__side *s, const ty__keys *keys, int side, uint8_t *mark,
                            size_t *off[2], struct ty__dup *d[2], float *neg[2])
{
    size_t n = s->n, *ac_off = malloc((n + 1) * sizeof *ac_off);
    dup_list l[2] = {{malloc(64 * sizeof *l->d), 0, 64}, {malloc(64 * sizeof *l->d), 0, 64}};
    dup_list ac = {malloc(64 * sizeof *ac.d), 0, 64};

    for (int g = 0; g < 2; g++) {
        off[g] = malloc((n + 1) * sizeof **off);
        neg[g] = calloc(n + 1, sizeof **neg);
    }
    if (!ac_off || !l[0].d || !l[1].d || !ac.d || !off[0] || !off[1] || !neg[0] || !neg[1])
        goto nomem;
    /* the groups of 2 (A∩B), and A∩C for the groups of 3 */
    for (size_t j = 0; j < n; j++) {
        const uint32_t *k = s->key + s->u[j].key_off;
        off[0][j] = l[0].n;
        ac_off[j] = ac.n;
        for (size_t x = 0; x < s->u[j].key_n; x++)
            mark[k[x]] = 1;
        for (unsigned g = 1; g <= 2 && j + g < n; g++) {
            const uint32_t *o = s->key + s->u[j + g].key_off;
            for (size_t y = 0; y < s->u[j + g].key_n; y++) {
                if (!mark[o[y]])
                    continue;
                if (!dup_push(g == 1 ? &l[0] : &ac, o[y], 1))
                    goto nomem;
                if (g == 1)
                    neg[0][j] += keys->neg[side][o[y]]; /* held twice: once extra */
            }
        }
        for (size_t x = 0; x < s->u[j].key_n; x++)
            mark[k[x]] = 0;
    }
    off[0][n] = l[0].n;
    ac_off[n] = ac.n;
    /* the groups of 3: A∩B, A∩C and B∩C merged */
    for (size_t j = 0; j < n; j++) {
        off[1][j] = l[1].n;
        if (j + 3 > n)
            continue;
        const struct ty__dup *v[3] = {l[0].d + off[0][j], ac.d + ac_off[j], l[0].d + off[0][j + 1]};
        size_t at[3] = {0, 0, 0};
        size_t len[3] = {off[0][j + 1] - off[0][j], ac_off[j + 1] - ac_off[j],
                         off[0][j + 2] - off[0][j + 1]};
        for (;;) {
            uint32_t key = UINT32_MAX, lists = 0, held;
            for (unsigned x = 0; x < 3; x++)
                if (at[x] < len[x] && v[x][at[x]].key < key)
                    key = v[x][at[x]].key;
            if (key == UINT32_MAX)
                break;
            for (unsigned x = 0; x < 3; x++)
                if (at[x] < len[x] && v[x][at[x]].key == key)
                    at[x]++, lists++;
            held = lists == 3 ? 3 : 2;
            if (!dup_push(&l[1], key, held - 1))
                goto nomem;
            neg[1][j] += (float)((held - 1) * keys->neg[side][key]);
        }
    }
    off[1][n] = l[1].n;
    free(ac_off);
    free(ac.d);
    d[0] = l[0].d;
    d[1] = l[1].d;
    return TY_OK;
nomem:
    free(ac_off);
    free(ac.d);
    for (int g = 0; g < 2; g++) {
        free(off[g]);
        free(l[g].d);
        free(neg[g]);
        off[g] = NULL;
        neg[g] = NULL;
    }
    return TY_ERR_NOMEM;
}

/* Whether the sorted set v[0, n) holds key k. */
static int holds(const uint32_t *v, size_t n, uint32_t k)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < k)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && v[lo] == k;
}

/* The index in d[from, to) (sorted by key) of key k, or `to` when absent. */
static size_t dup_find(const struct ty__dup *d, size_t from, size_t to, uint32_t k)
{
    size_t lo = from, hi = to;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d[mid].key < k)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < to && d[lo].key == k ? lo : to;
}

/* Set out[] to the weights of the keys of d[from, to) that the sorted set v[0, n) holds,
 * times their extra, added in key order: the shorter list is walked and the other
 * searched, so the sums are the same either way. */
static void dups_held(const ty__keys *keys, const struct ty__dup *d, size_t from, size_t to,
                      const uint32_t *v, size_t n, float out[TY__PAIR])
{
    double acc[TY__PAIR] = {0, 0, 0, 0};

    if (n < to - from) {
        for (size_t y = 0; y < n; y++) {
            size_t x = dup_find(d, from, to, v[y]);
            if (x < to)
                add_key(keys, d[x].key, d[x].extra, acc);
        }
    } else {
        for (size_t x = from; x < to; x++)
            if (holds(v, n, d[x].key))
                add_key(keys, d[x].key, d[x].extra, acc);
    }
    for (int t = 0; t < TY__PAIR; t++)
        out[t] = (float)acc[t];
}

/* Set out[] to the weights of the keys of d[from, to) that `mark` flags, times their extra,
 * added in key order as dups_held adds them. */
static void dups_marked(const ty__keys *keys, const struct ty__dup *d, size_t from, size_t to,
                        const uint8_t *mark, float out[TY__PAIR])
{
    double acc[TY__PAIR] = {0, 0, 0, 0};

    for (size_t x = from; x < to; x++)
        if (mark[d[x].key])
            add_key(keys, d[x].key, d[x].extra, acc);
    for (int t = 0; t < TY__PAIR; t++)
        out[t] = (float)acc[t];
}

/* The cached entry of pair (i, j): the pair's shared keys, then the keys of unit i that
 * several units of the English group of 2 at j hold, then the keys of unit j that both units
 * of the Japanese group of 2 at i hold. A group of 2's duplicates are in both its units, so
 * those that the other unit holds are among the pair's shared keys. (Groups of 3 are used
 * by one bead each: score_anchors computes theirs.) For a pair outside the cache; the cache
 * is filled by shared_entry, which gives the same values. */
static void pair_entry(const ty__scorer *sc, size_t i, size_t j, float out[TY__ENTRY])
{
    const ty__keys *keys = sc->m->keys;
    const ty__unit *a = &sc->ja->u[i], *b = &sc->en->u[j];
    uint32_t sh[TY__SHARED_MAX];
    double acc[TY__PAIR] = {0, 0, 0, 0};
    size_t n = intersect(sc->ja->key + a->key_off, a->key_n, sc->en->key + b->key_off,
                         b->key_n, sh, TY__SHARED_MAX);

    memset(out, 0, TY__ENTRY * sizeof *out);
    for (size_t x = 0; x < n; x++)
        add_key(keys, sh[x], 1, acc);
    for (int t = 0; t < TY__PAIR; t++)
        out[t] = (float)acc[t];
    if (n == 0)
        return;
    if (j + 2 <= sc->en->n)
        dups_held(keys, sc->dup[1][0], sc->goff[1][0][j], sc->goff[1][0][j + 1], sh, n,
                  out + TY__PAIR);
    if (i + 2 <= sc->ja->n)
        dups_held(keys, sc->dup[0][0], sc->goff[0][0][i], sc->goff[0][0][i + 1], sh, n,
                  out + 2 * TY__PAIR);
}

/* pair_entry's values for pair (i, j) from the keys the two units share, sh[0, n) in key
 * order, with `mark` flagging the keys of unit i (bit 0) and the duplicates of the Japanese
 * group of 2 at i (bit 1): every sum has the same keys added in the same order. */
static void shared_entry(const ty__scorer *sc, size_t i, size_t j, const uint32_t *sh,
                         size_t n, const uint8_t *mark, float out[TY__ENTRY])
{
    const ty__keys *keys = sc->m->keys;
    double acc[TY__PAIR] = {0, 0, 0, 0}, dja[TY__PAIR] = {0, 0, 0, 0};

    memset(out, 0, TY__ENTRY * sizeof *out);
    for (size_t x = 0; x < n; x++) {
        add_key(keys, sh[x], 1, acc);
        if (mark[sh[x]] & 2)
            add_key(keys, sh[x], 1, dja);
    }
    for (int t = 0; t < TY__PAIR; t++)
        out[t] = (float)acc[t];
    if (n == 0)
        return;
    if (j + 2 <= sc->en->n) /* (they are all in unit j: those unit i holds) */
        dups_marked(keys, sc->dup[1][0], sc->goff[1][0][j], sc->goff[1][0][j + 1], mark,
                    out + TY__PAIR);
    if (i + 2 <= sc->ja->n)
        for (int t = 0; t < TY__PAIR; t++)
            out[2 * TY__PAIR + t] = (float)dja[t];
}

/* The English units holding each key (postings, in unit order): those of key k are
 * post[beg[k], end[k]). */
typedef struct postings {
    uint32_t *beg, *end, *post;
} postings;

/* The postings of `en`'s keys (nk key ids), in buf: 2 * (nk + 1) + (keys of en) entries. */
static void build_postings(const ty__side *en, size_t nk, uint32_t *buf, postings *p)
{
    uint32_t *beg = buf, *end = beg + nk + 1, *post = end + nk + 1;

    memset(end, 0, (nk + 1) * sizeof *end);
    for (size_t j = 0; j < en->n; j++)
        for (size_t x = 0; x < en->u[j].key_n; x++)
            end[en->key[en->u[j].key_off + x]]++;
    for (size_t k = 0, at = 0; k < nk; k++) {
        beg[k] = (uint32_t)at;
        at += end[k];
        end[k] = beg[k];
    }
    for (size_t j = 0; j < en->n; j++)
        for (size_t x = 0; x < en->u[j].key_n; x++)
            post[end[en->key[en->u[j].key_off + x]]++] = (uint32_t)j;
    p->beg = beg;
    p->end = end;
    p->post = post;
}

/* One thread's share of the pair cache: rows [from, to), with a cursor per key into the
 * postings (cur, starting at their beginnings), scratch for one row's hits (hitj, hitk, byj:
 * as many as the English side has keys; cnt: its units + 2), `mark` (all zero, and so again
 * after), and its entries in work slot `slot`, numbered from 1 (entry 0: all zero). */
typedef struct rows_job {
    ty__scorer *sc;
    const uint32_t *end, *post;
    uint32_t *cur, *hitj, *hitk, *byj, *cnt;
    uint8_t *mark;
    ty__work *w;
    int slot;
    size_t from, to, used; /* used: entries made, entry 0 included */
    ty_status st;
} rows_job;

/* Fill rows [from, to) of the pair cache. Row i walks the postings of unit i's keys, in key
 * order, from a cursor per key that only moves forward (the rows' spans do not move left),
 * and sorts the hits by unit (stably: each unit's shared keys stay in key order). A pair that
 * shares keys gets an entry of its own, the others entry 0 (all zero). */
static void fill_rows(void *arg)
{
    rows_job *jb = arg;
    ty__scorer *sc = jb->sc;
    const ty__side *ja = sc->ja;
    const uint32_t *end = jb->end, *post = jb->post;
    uint32_t *hitj = jb->hitj, *hitk = jb->hitk, *byj = jb->byj, *cnt = jb->cnt;
    uint8_t *mark = jb->mark;
    ty__work *w = jb->w;
    float *pe = ty__work_get(w, jb->slot, TY__ENTRY * sizeof *pe);

    jb->used = 1;
    jb->st = TY_ERR_NOMEM;
    if (!pe)
        return;
    memset(pe, 0, TY__ENTRY * sizeof *pe);
    for (size_t i = jb->from; i < jb->to; i++) {
        const uint32_t *k = ja->key + ja->u[i].key_off;
        size_t lo = sc->plo[i], hi = sc->phi[i], nh = 0;
        uint32_t *row = sc->pc + sc->poff[i];
        if (i + 1 < jb->to) /* (the next row's postings: most are cache misses) */
            for (size_t x = 0; x < ja->u[i + 1].key_n; x++)
                __builtin_prefetch(&post[jb->cur[ja->key[ja->u[i + 1].key_off + x]]]);
        for (size_t x = 0; x < ja->u[i].key_n; x++) {
            uint32_t kx = k[x], e = end[kx], p = jb->cur[kx];
            mark[kx] = 1;
            while (p < e && post[p] < lo)
                p++;
            jb->cur[kx] = p;
            for (; p < e && post[p] < hi; p++) {
                hitj[nh] = post[p] - (uint32_t)lo;
                hitk[nh++] = kx;
            }
        }
        if (i + 2 <= ja->n)
            for (size_t x = sc->goff[0][0][i]; x < sc->goff[0][0][i + 1]; x++)
                mark[sc->dup[0][0][x].key] |= 2;
        memset(cnt, 0, (hi - lo + 1) * sizeof *cnt);
        for (size_t h = 0; h < nh; h++)
            cnt[hitj[h] + 1]++;
        for (size_t j = 1; j <= hi - lo; j++)
            cnt[j] += cnt[j - 1];
        for (size_t h = 0; h < nh; h++)
            byj[cnt[hitj[h]]++] = hitk[h];
        /* (cnt[j] is now where unit lo + j's keys end) */
        for (size_t j = lo, from = 0; j < hi; from = cnt[j - lo], j++) {
            row[j - lo] = 0;
            if (cnt[j - lo] == from)
                continue;
            if ((jb->used + 1) * TY__ENTRY * sizeof *pe > w->cap[jb->slot] &&
                !(pe = ty__work_grow(w, jb->slot, (jb->used + 1) * TY__ENTRY * sizeof *pe)))
                return;
            row[j - lo] = (uint32_t)jb->used;
            shared_entry(sc, i, j, byj + from, cnt[j - lo] - from, mark,
                         pe + TY__ENTRY * jb->used++);
        }
        for (size_t x = 0; x < ja->u[i].key_n; x++) /* (the duplicates are among them) */
            mark[k[x]] = 0;
    }
    jb->st = TY_OK;
}

/* Fill the pair cache from the postings p (whose beginnings fill_rows moves on as cursors),
 * with `mark` (all zero; and so again after); with `mark2` (not NULL), the rows after the
 * first 17/32 of the pairs on a second thread (which also walks its cursors up from the
 * postings' beginnings), with that mark, scratch of its own and its entries in pe2. */
static ty_status fill_pairs(ty__scorer *sc, const postings *p, uint8_t *mark, uint8_t *mark2,
                            ty__work *w)
{
    const ty__side *ja = sc->ja, *en = sc->en;
    size_t nk = sc->m->keys->n, ne = 0, m = en->n, nj = mark2 ? 2 : 1, split = ja->n;
    size_t cells = sc->poff[ja->n];
    rows_job job[2];
    ty__task second = {0};
    uint32_t *buf;

    for (size_t j = 0; j < m; j++)
        ne += en->u[j].key_n;
    buf = ty__work_get(w, TY__W_ROWS, (nj * (3 * ne + m + 2) + nk + 1) * sizeof *buf);
    if (!buf)
        return TY_ERR_NOMEM;
    if (mark2)
        for (split = 0; split < ja->n && sc->poff[split] < cells / 32 * 17;)
            split++;
    for (size_t t = 0; t < nj; t++) {
        rows_job *jb = &job[t];
        uint32_t *at = buf + t * (3 * ne + m + 2);
        jb->sc = sc;
        jb->end = p->end;
        jb->post = p->post;
        jb->hitj = at;
        jb->hitk = at + ne;
        jb->byj = at + 2 * ne;
        jb->cnt = at + 3 * ne;
        jb->mark = t ? mark2 : mark;
        jb->w = w;
        jb->slot = t ? TY__W_PE2 : TY__W_PE;
        jb->from = t ? split : 0;
        jb->to = t ? ja->n : split;
        jb->cur = p->beg;
    }
    if (mark2) { /* (the second thread's cursors, from the postings' beginnings too) */
        job[1].cur = buf + nj * (3 * ne + m + 2);
        memcpy(job[1].cur, p->beg, (nk + 1) * sizeof *p->beg);
        ty__task_start(&second, 1, fill_rows, &job[1]);
    }
    fill_rows(&job[0]);
    ty__task_join(&second);
    sc->pe = w->p[TY__W_PE];
    sc->pe2 = mark2 ? w->p[TY__W_PE2] : NULL;
    sc->pe_split = mark2 ? split : SIZE_MAX;
    return job[0].st != TY_OK || (mark2 && job[1].st != TY_OK) ? TY_ERR_NOMEM : TY_OK;
}

/* Half the log of the effective number of units of the groups of 2 and 3 units of `s` starting
 * at each position: out[(k - 2) * (n + 1) + i], a group's length over that of its longest unit
 * (both smoothed). Two sentences of equal length count 2; a long sentence with a short one
 * ("２点目です。") hardly more than 1. */
static float *side_units(const ty__side *s, double smooth)
{
    size_t n = s->n;
    float *out = calloc(2 * (n + 1), sizeof *out);

    if (!out)
        return NULL;
    for (unsigned k = 2; k <= TY__MAX_SIDE; k++) {
        for (size_t i = 0; i + k <= n; i++) {
            double total = 0, longest = 0;
            for (unsigned x = 0; x < k; x++) {
                double l = (double)s->u[i + x].len + smooth;
                total += l;
                if (l > longest)
                    longest = l;
            }
            out[(k - 2) * (n + 1) + i] = (float)(0.5 * log(total / longest));
        }
    }
    return out;
}

/* The log of a side's smoothed lengths: out[(k - 1) * (n + 1) + e] = log(scale * (length
 * of units [e - k, e)) + smooth), for k = 1..3. */
static double *side_logs(const ty__side *s, double scale, double smooth)
{
    size_t n = s->n;
    double *out = malloc(TY__MAX_SIDE * (n + 1) * sizeof *out);

    if (!out)
        return NULL;
    for (size_t k = 1; k <= TY__MAX_SIDE; k++)
        for (size_t e = 0; e <= n; e++)
            out[(k - 1) * (n + 1) + e] =
                e >= k ? log(scale * (double)(s->cum[e] - s->cum[e - k]) + smooth) : 0;
    return out;
}

/* The log of a side's smoothed rare counts, as side_logs does for lengths; NAN for a group
 * holding a heading or line (a title, a date line: their rare content follows no ratio). */
static double *side_rare_logs(const ty__side *s, double scale, double smooth)
{
    size_t n = s->n;
    double *out = malloc(TY__MAX_SIDE * (n + 1) * sizeof *out);

    if (!out)
        return NULL;
    for (size_t k = 1; k <= TY__MAX_SIDE; k++) {
        for (size_t e = 0; e <= n; e++) {
            unsigned r = 0, line = 0;
            for (size_t x = e >= k ? e - k : e; x < e; x++) {
                r += s->u[x].rare;
                line |= s->u[x].flags & TY__U_LINE;
            }
            out[(k - 1) * (n + 1) + e] = line ? NAN : e >= k ? log(scale * (double)r + smooth) : 0;
        }
    }
    return out;
}

/* The English side's part of a scorer's set-up, which may run on a second thread beside the
 * Japanese side's: its per-unit tables, its duplicate lists (with `mark`, one byte per key id,
 * all zero) and the postings of its keys (in buf). */
typedef struct en_job {
    ty__scorer *sc;
    uint8_t *mark;
    uint32_t *buf;
    postings p;
    ty_status st;
} en_job;

static void en_setup(void *arg)
{
    en_job *jb = arg;
    ty__scorer *sc = jb->sc;
    const ty__model *m = sc->m;
    const ty__side *en = sc->en;

    jb->st = TY_ERR_NOMEM;
    sc->negen = malloc((en->n ? en->n : 1) * sizeof *sc->negen);
    sc->nullen = malloc((en->n ? en->n : 1) * sizeof *sc->nullen);
    sc->logen = side_logs(en, 1.0, m->smooth);
    sc->een = malloc(TY__MAX_SIDE * (en->n + 1) * sizeof *sc->een);
    sc->joinen = malloc((en->n ? en->n : 1) * sizeof *sc->joinen);
    sc->unitsen = side_units(en, m->smooth);
    sc->gflags[1] = side_group_flags(en);
    if (!sc->negen || !sc->nullen || !sc->logen || !sc->een || !sc->joinen || !sc->unitsen ||
        !sc->gflags[1] || (m->rc > 0 && !(sc->rareen = side_rare_logs(en, 1.0, m->rsmooth))))
        return;
    for (size_t k = 1; k <= TY__MAX_SIDE; k++)
        for (size_t e = 0; e <= en->n; e++) {
            double z = (sc->logen[(k - 1) * (en->n + 1) + e] - m->mu[k]) / m->tau[k];
            sc->een[(k - 1) * (en->n + 1) + e] = z * z;
        }
    for (size_t j = 0; j < en->n; j++) {
        const uint32_t *k = en->key + en->u[j].key_off;
        sc->joinen[j] = (en->u[j].flags & TY__U_DROPPABLE) ? m->log_formula_join : 0;
        sc->negen[j] = (float)neg_total(m->keys, 1, k, en->u[j].key_n);
        sc->nullen[j] = (float)null_total(m->keys, 1, k, en->u[j].key_n);
    }
    jb->st = build_dups(en, m->keys, 1, jb->mark, sc->goff[1], sc->dup[1], sc->gneg[1]);
    build_postings(en, m->keys->n, jb->buf, &jb->p);
}

ty_status ty__scorer_init(ty__scorer *sc, const ty__model *m, const ty__side *ja,
                          const ty__side *en, const ty__band *b, ty__work *w)
{
    size_t n = ja->n, cells = 0, nk = m->keys->n, ne = 0;
    uint8_t *mark, *mark2 = NULL;
    en_job job;
    ty__task en_part = {0};

    memset(sc, 0, sizeof *sc);
    sc->m = m;
    sc->ja = ja;
    sc->en = en;
    /* (`mark`, `mark2`: one byte per key id, all zero between uses) */
    for (size_t j = 0; j < en->n; j++)
        ne += en->u[j].key_n;
    mark = ty__work_get(w, TY__W_MARK, nk ? nk : 1);
    job.buf = ty__work_get(w, TY__W_POST, (2 * (nk + 1) + ne) * sizeof *job.buf);
    if (ty__work_two_threads(w, b) && !(mark2 = ty__work_get(w, TY__W_MARK2, nk ? nk : 1)))
        return TY_ERR_NOMEM;
    if (!mark || !job.buf)
        return TY_ERR_NOMEM;
    memset(mark, 0, nk);
    job.sc = sc;
    job.mark = mark;
    if (mark2) { /* the English side's part on a second thread (at the join, if none starts) */
        memset(mark2, 0, nk);
        job.mark = mark2;
    }
    ty__task_start(&en_part, mark2 != NULL, en_setup, &job);
    sc->negja = malloc((n ? n : 1) * sizeof *sc->negja);
    sc->nullja = malloc((n ? n : 1) * sizeof *sc->nullja);
    sc->plo = malloc((n + 1) * sizeof *sc->plo);
    sc->phi = malloc((n + 1) * sizeof *sc->phi);
    sc->poff = malloc((n + 1) * sizeof *sc->poff);
    sc->logja = side_logs(ja, m->c, m->smooth);
    sc->joinja = malloc((n ? n : 1) * sizeof *sc->joinja);
    if (m->rc > 0 && !(sc->rareja = side_rare_logs(ja, m->rc, m->rsmooth)))
        goto nomem;
    sc->unitsja = side_units(ja, m->smooth);
    sc->gflags[0] = side_group_flags(ja);
    if (!sc->negja || !sc->nullja || !sc->plo || !sc->phi || !sc->poff || !sc->logja ||
        !sc->unitsja || !sc->gflags[0] || !sc->joinja)
        goto nomem;
    sc->rows_for = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        const uint32_t *k = ja->key + ja->u[i].key_off;
        sc->joinja[i] = (ja->u[i].flags & TY__U_DROPPABLE) ? m->log_formula_join : 0;
        sc->negja[i] = (float)neg_total(m->keys, 0, k, ja->u[i].key_n);
        sc->nullja[i] = (float)null_total(m->keys, 0, k, ja->u[i].key_n);
    }
    if (build_dups(ja, m->keys, 0, mark, sc->goff[0], sc->dup[0], sc->gneg[0]) != TY_OK)
        goto nomem;
    ty__task_join(&en_part); /* (the English side's part here, if no thread started) */
    if (job.st != TY_OK)
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
    sc->pc = ty__work_get(w, TY__W_PC, (cells ? cells : 1) * sizeof *sc->pc);
    if (!sc->pc)
        goto nomem;
    if (fill_pairs(sc, &job.p, mark, mark2, w) != TY_OK)
        goto nomem;
    sc->mark = mark; /* all zero: no row marked (sc->row 0) */
    return TY_OK;
nomem:
    if (en_part.started)
        ty__task_join(&en_part);
    ty__scorer_free(sc);
    return TY_ERR_NOMEM;
}

void ty__scorer_free(ty__scorer *sc)
{
    free(sc->negja);
    free(sc->negen);
    free(sc->nullja);
    free(sc->nullen);
    free(sc->plo);
    free(sc->phi);
    free(sc->poff);
    free(sc->logja);
    free(sc->logen);
    free(sc->rareja);
    free(sc->rareen);
    free(sc->een);
    free(sc->joinja);
    free(sc->joinen);
    free(sc->unitsja);
    free(sc->unitsen);
    free(sc->gflags[0]);
    free(sc->gflags[1]);
    for (int side = 0; side < 2; side++) {
        for (int g = 0; g < 2; g++) {
            free(sc->goff[side][g]);
            free(sc->dup[side][g]);
            free(sc->gneg[side][g]);
        }
    }
    memset(sc, 0, sizeof *sc);
}

void ty__scorer_copy(const ty__scorer *sc, uint8_t *mark, ty__scorer *copy)
{
    *copy = *sc;
    copy->mark = mark;
    copy->row = 0;
    copy->rows_for = SIZE_MAX;
}

/* The cached entry of pair (i, j), or `tmp` filled for a pair outside the cache. */
TY__INLINE const float *entry(const ty__scorer *sc, size_t i, size_t j, float tmp[TY__ENTRY])
{
    size_t d = sc->rows_for - 1 - i; /* (row i of the beads ending in row rows_for) */

    if (j >= sc->rlo[d] && j < sc->rhi[d])
        return sc->rpe[d] + TY__ENTRY * sc->pc[sc->rbase[d] + j];
    pair_entry(sc, i, j, tmp);
    return tmp;
}

/* Flag (set) or unflag in sc->mark what the beads ending in row I need: the keys of
 * Japanese unit I - 1 (bit 0) and the duplicates of the Japanese group of 3 at I - 3 with
 * their extra, 1 or 2 (bits 1-2). */
static void row_marks(ty__scorer *sc, size_t I, int set)
{
    const ty__unit *u = &sc->ja->u[I - 1];
    const uint32_t *k = sc->ja->key + u->key_off;

    for (size_t x = 0; x < u->key_n; x++)
        sc->mark[k[x]] = (uint8_t)(set ? sc->mark[k[x]] | 1 : sc->mark[k[x]] & ~1u);
    if (I < 3)
        return;
    for (size_t x = sc->goff[0][1][I - 3]; x < sc->goff[0][1][I - 2]; x++) {
        const struct ty__dup *d = &sc->dup[0][1][x];
        sc->mark[d->key] =
            (uint8_t)(set ? sc->mark[d->key] | d->extra << 1 : sc->mark[d->key] & 1u);
    }
}

/* Subtract from acc[] the keys of unit u of `other` that several units of the group of 3 of
 * `side` at `first` hold, times their extra, added in key order (as dups_held adds them):
 * for a 1:3 bead the English group's duplicates that Japanese unit u holds, for a 3:1 bead
 * the keys of English unit u among the Japanese group's duplicates, both read from the
 * marks of the bead's row (row_marks). */
static void group3(const ty__scorer *sc, int side, size_t first, const ty__side *other,
                   size_t u, double acc[TY__PAIR])
{
    const ty__keys *keys = sc->m->keys;
    double sum[TY__PAIR] = {0, 0, 0, 0};

    if (side == 1) {
        for (size_t x = sc->goff[1][1][first]; x < sc->goff[1][1][first + 1]; x++)
            if (sc->mark[sc->dup[1][1][x].key] & 1)
                add_key(keys, sc->dup[1][1][x].key, sc->dup[1][1][x].extra, sum);
    } else {
        const uint32_t *k = other->key + other->u[u].key_off;
        for (size_t y = 0; y < other->u[u].key_n; y++)
            if (sc->mark[k[y]] >> 1)
                add_key(keys, k[y], sc->mark[k[y]] >> 1, sum);
    }
    for (int x = 0; x < TY__PAIR; x++)
        acc[x] -= (float)sum[x];
}

/* Keys that both the Japanese group of 2 at i and the English group of 2 at j hold several
 * times (a 2:2 bead counts them twice in its Japanese correction). */
static void dups_shared(const ty__scorer *sc, size_t i, size_t j, double acc[TY__PAIR])
{
    const ty__keys *keys = sc->m->keys;
    const struct ty__dup *a = sc->dup[0][0], *b = sc->dup[1][0];
    size_t x = sc->goff[0][0][i], xe = sc->goff[0][0][i + 1];
    size_t y = sc->goff[1][0][j], ye = sc->goff[1][0][j + 1];

    while (x < xe && y < ye) {
        if (a[x].key < b[y].key) {
            x++;
        } else if (b[y].key < a[x].key) {
            y++;
        } else {
            add_key(keys, a[x].key, 1, acc);
            x++;
            y++;
        }
    }
}

/* The anchor log-LR of ja units [i0, i0+a) against en units [j0, j0+b): the keys the two
 * sides share (each side taken as the union of its units' keys), minus the missing ones.
 * The pairs' sums are exact for 1:1; for a group, a key that c of its units hold was
 * matched c times by each unit of the other side holding it: the cached corrections remove
 * the extra matches (for the Japanese group, whether one or several English units hold it). */
TY__INLINE double score_anchors(const ty__scorer *sc, size_t i0, unsigned a, size_t j0, unsigned b)
{
    double acc[TY__PAIR] = {0, 0, 0, 0}, nja = 0, nen = 0, pos;
    float tmp[TY__ENTRY];

    for (size_t i = i0; i < i0 + a; i++) {
        nja += sc->negja[i];
        for (size_t j = j0; j < j0 + b; j++) {
            const float *p = entry(sc, i, j, tmp);
            /* (each acc[x] on its own, in the same order: the pair, then the corrections) */
            for (int x = 0; x < TY__PAIR; x++)
                acc[x] += p[x];
            if (b == 2 && j == j0) /* English group of 2 at j0, against unit i */
                for (int x = 0; x < TY__PAIR; x++)
                    acc[x] -= p[TY__PAIR + x];
            if (a == 2 && i == i0) /* Japanese group of 2 at i0, against unit j */
                for (int x = 0; x < TY__PAIR; x++)
                    acc[x] -= p[2 * TY__PAIR + x];
        }
    }
    for (size_t j = j0; j < j0 + b; j++)
        nen += sc->negen[j];
    if (b == 3) /* 1:3: the English group of 3 against unit i0 */
        group3(sc, 1, j0, sc->ja, i0, acc);
    if (a == 3) /* 3:1 */
        group3(sc, 0, i0, sc->en, j0, acc);
    if (b > 1)
        nen += sc->gneg[1][b - 2][j0];
    if (a > 1) {
        nja += sc->gneg[0][a - 2][i0];
        if (b > 1) /* a Japanese duplicate held by both English units was removed twice */
            dups_shared(sc, i0, j0, acc);
    }
    /* a key is found by chance in a side in proportion to the text it holds: in b English
     * sentences of equal length b times likelier than in one (and likewise for the Japanese
     * side), in a sentence and a short one hardly likelier; each shared key counts half the
     * log of the two sides' effective numbers of units less than in a 1:1 bead */
    pos = acc[0] - ((a > 1 ? sc->unitsja[(a - 2) * (sc->ja->n + 1) + i0] : 0) +
                    (b > 1 ? sc->unitsen[(b - 2) * (sc->en->n + 1) + j0] : 0)) * acc[3];
    return pos - (nja > acc[1] ? nja - acc[1] : 0) - (nen > acc[2] ? nen - acc[2] : 0);
}

/* Whether any of units [first, first + k) of `s` is a formula. */
TY__INLINE int formula_in(const ty__side *s, size_t first, unsigned k)
{
    for (unsigned x = 0; x < k; x++)
        if (s->u[first + x].flags & TY__U_FORMULA)
            return 1;
    return 0;
}

/* The score of the bead of `shape`, a:b, ending at (I, J); inlined once per shape, so that
 * a and b are constants and the loops over a side's units unroll. */
TY__INLINE double score_shape(ty__scorer *sc, size_t I, size_t J, unsigned shape, unsigned a,
                              unsigned b)
{
    const ty__model *m = sc->m;
    double s = m->logprior[shape], u, v, d;

    if (a == 0 || b == 0) { /* a formula or a repetition is left out more often */
        const ty__unit *one = a ? &sc->ja->u[I - 1] : &sc->en->u[J - 1];
        if ((one->flags & TY__U_DROPPABLE) && m->log_formula > s)
            s = m->log_formula;
        return s + (a ? sc->nullja[I - 1] : sc->nullen[J - 1]);
    }
    /* a formula, or a repetition, has no content to merge into a neighbour's translation:
     * when the other side lacks it, it was left out (a 1:0 bead), not joined */
    for (unsigned x = 0; x < a && a > 1; x++)
        s += sc->joinja[I - a + x];
    for (unsigned x = 0; x < b && b > 1; x++)
        s += sc->joinen[J - b + x];
    /* an English sentence that points back ("This is …") more often goes on a Japanese
     * sentence's translation than opens one */
    for (unsigned x = 1; x < b; x++)
        s += m->cont_join[(sc->en->u[J - b + x].flags & TY__U_CONT) != 0];
    if (sc->ja->u[I - a].flags & TY__U_CONT)
        s += m->cont_after[(sc->en->u[J - b].flags & TY__U_CONT) != 0];
    /* nor to pair with content ("Japanese", a language switch, with 冒頭発言): a formula alone
     * on one side, against units none of which is a formula, pays as a joined formula does */
    if ((a == 1 && (sc->ja->u[I - 1].flags & TY__U_FORMULA) && !formula_in(sc->en, J - b, b)) ||
        (b == 1 && (sc->en->u[J - 1].flags & TY__U_FORMULA) && !formula_in(sc->ja, I - a, a)))
        s += m->log_formula_join;
    /* lengths: log(B+s) ~ N(log(cA+s), sigma^2) for a translation, N(mu_b, tau_b^2) for b
     * unrelated English units */
    u = sc->logja[(a - 1) * (sc->ja->n + 1) + I];
    v = sc->logen[(b - 1) * (sc->en->n + 1) + J];
    d = (v - u) / m->sigma;
    s += 0.5 * (sc->een[(b - 1) * (sc->en->n + 1) + J] - d * d) + m->len_norm[b];
    /* rare content: a translation carries the content words of the text it renders that the
     * rest of the document lacks, in proportion; independent of the lengths (not for
     * headings and lines) */
    if (sc->rareja) {
        u = sc->rareja[(a - 1) * (sc->ja->n + 1) + I];
        v = sc->rareen[(b - 1) * (sc->en->n + 1) + J];
        double e = (v - m->rmu[b]) / m->rtau[b];
        d = (v - u) / m->rsigma;
        if (!isnan(u) && !isnan(v))
            s += 0.5 * (e * e - d * d) + m->rare_norm[b];
    }
    s += structure_cached(sc, I - a, a, J - b, b);
    if (m->keys->n) {
        if ((a == 3 || b == 3) && sc->row != I) {
            if (sc->row)
                row_marks(sc, sc->row, 0);
            row_marks(sc, I, 1);
            sc->row = I;
        }
        s += score_anchors(sc, I - a, a, J - b, b);
    }
    return s;
}

/* Every bead shape with its Japanese and English counts, in shape order (beads.c's
 * ty__shape_ja and ty__shape_en), as constants. */
#define TY__SHAPES(X)                                                                          \
    X(TY_BEAD_1_1, 1, 1) X(TY_BEAD_1_0, 1, 0) X(TY_BEAD_0_1, 0, 1) X(TY_BEAD_1_2, 1, 2)      \
    X(TY_BEAD_2_1, 2, 1) X(TY_BEAD_2_2, 2, 2) X(TY_BEAD_1_3, 1, 3) X(TY_BEAD_3_1, 3, 1)
#define TY__SCORE_IF(S, A, B)                                                                  \
    if (mask & 1u << (S))                                                                      \
        out[S] = score_shape(sc, I, J, S, A, B);

void ty__score_cell(ty__scorer *sc, size_t I, size_t J, unsigned mask,
                    double out[TY_BEAD_SHAPES])
{
    if (sc->rows_for != I) {
        for (size_t d = 0; d < TY__MAX_SIDE && d < I; d++) {
            size_t i = I - 1 - d;
            sc->rlo[d] = sc->plo[i];
            sc->rhi[d] = sc->phi[i];
            sc->rbase[d] = sc->poff[i] - sc->plo[i];
            sc->rpe[d] = i < sc->pe_split ? sc->pe : sc->pe2;
        }
        sc->rows_for = I;
    }
    TY__SHAPES(TY__SCORE_IF)
}
