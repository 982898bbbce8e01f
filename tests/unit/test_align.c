/*
 * test_align.c — unit tests of ty_align: bead invariants (every segment once, in order,
 * confidences in [0,1]) on generated parallel documents, splits and merges, omissions and an
 * extra section, empty and one-sentence documents, the corridor search against the full
 * search, the narrowing of a corridor to a path's likely cells, the DP's posteriors (which
 * leave out cells far from every likely path) against a full forward-backward, the scratch
 * buffers' growth, option checking and bead-set parsing, formulas (greetings, self-introductions)
 * left out of a transcript's translation, and the transcript phenomena of cues.c and
 * score.c: enumeration markers, near-repetitions, a short announcement folded into the next
 * sentence, a second short English sentence, and a numbered sentence that is not left out;
 * the rare-content counts and the learned lexicon's links to a bead's own English side
 * (learn.c); a side's units as sets of key ids (sides.c); and the map from posterior to
 * reported confidence (confidence.c).
 * Documents are built with ty_doc_from_lines (and ty_segment_lines where speaker labels
 * matter).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "align/align.h"
#include "anchors/anchors.h"
#include "base/sort.h"
#include "taiyaku.h"
#include "tap.h"

/* ---- generated documents ---------------------------------------------------------------- */

typedef struct buf {
    char *s;
    size_t n, cap;
} buf;

static void put(buf *b, const char *s)
{
    size_t k = strlen(s);
    if (b->n + k + 1 > b->cap) {
        b->cap = 2 * (b->n + k + 1);
        b->s = realloc(b->s, b->cap);
        if (!b->s)
            abort();
    }
    memcpy(b->s + b->n, s, k + 1);
    b->n += k;
}

static unsigned rnd(unsigned *st)
{
    *st = *st * 1103515245u + 12345u;
    return (*st >> 16) & 0x7fff;
}

/* Sentence `i` of a generated pair in Japanese (en = 0) or English: a number the two sides
 * share, and a length that varies (English about 3 times the Japanese characters, fixed parts
 * and variable parts alike). */
static void sentence(buf *b, int en, unsigned i, unsigned len)
{
    static const char *const part[2][4] = {
        {"この報告は", "件の案件について", "事案", "述べた。"},
        {"This report describes the ", " cases and matters that were reported in full detail",
         " issues", "."}};
    char num[32];

    snprintf(num, sizeof num, "%u", 1000 + 37 * i);
    put(b, part[en][0]);
    put(b, num);
    put(b, part[en][1]);
    for (unsigned k = 0; k < len; k++)
        put(b, part[en][2]);
    put(b, part[en][3]);
}

/* A pair of n sentences each, 1:1 except where `kind` says: 'm' merges English sentences i
 * and i+1 into one line (a 2:1 bead), 'd' drops Japanese sentence i (0:1), 'x' inserts
 * `extra` unrelated English sentences after sentence i, 'n' adds a second number that both
 * sides of sentence i hold. */
static void make_pair(unsigned n, const char *kind, unsigned extra, buf *ja, buf *en)
{
    unsigned st = 42;
    for (unsigned i = 0; i < n; i++) {
        unsigned len = 1 + rnd(&st) % 12;
        char k = kind ? kind[i % strlen(kind)] : '.';
        char num[48];
        snprintf(num, sizeof num, "%u", 5000 + 11 * i);
        if (k != 'd') {
            sentence(ja, 0, i, len);
            if (k == 'n')
                put(ja, num);
            put(ja, "\n");
        }
        sentence(en, 1, i, len);
        if (k == 'n') {
            put(en, " ");
            put(en, num);
        }
        put(en, k == 'm' ? " " : "\n");
        if (k == 'x') {
            for (unsigned x = 0; x < extra; x++)
                put(en, "Completely unrelated filler text appears here without any figures at all.\n");
        }
    }
}

static ty_doc *doc(ty_lang lang, const char *s)
{
    ty_doc *d = NULL;
    ty_error e;
    if (ty_doc_from_lines(lang, s, strlen(s), lang == TY_LANG_JA ? "ja" : "en", &d, &e) != TY_OK) {
        printf("# ty_doc_from_lines: %s\n", e.message);
        exit(99);
    }
    return d;
}

/* Every segment of both documents in exactly one bead, in order; confidences in [0, 1]. */
static int covers(const ty_alignment *al, size_t nja, size_t nen)
{
    size_t i = 0, j = 0;
    for (size_t k = 0; k < ty_alignment_count(al); k++) {
        const ty_bead *b = ty_alignment_bead(al, k);
        if (b->ja_first != i || b->en_first != j || (b->ja_count == 0 && b->en_count == 0) ||
            !(b->confidence >= 0 && b->confidence <= 1) || !ty_bead_shape_name(b))
            return 0;
        i += b->ja_count;
        j += b->en_count;
    }
    return i == nja && j == nen;
}

static size_t count_shape(const ty_alignment *al, const char *shape)
{
    size_t n = 0;
    for (size_t k = 0; k < ty_alignment_count(al); k++)
        n += !strcmp(ty_bead_shape_name(ty_alignment_bead(al, k)), shape);
    return n;
}

static int has_bead(const ty_alignment *al, size_t jf, size_t jc, size_t ef, size_t ec)
{
    for (size_t k = 0; k < ty_alignment_count(al); k++) {
        const ty_bead *b = ty_alignment_bead(al, k);
        if (b->ja_first == jf && b->ja_count == jc && b->en_first == ef && b->en_count == ec)
            return 1;
    }
    return 0;
}

/* ty__work_grow keeps a buffer's contents as it grows; ty__work_get gives room only. */
static void test_work_grow(void)
{
    static const size_t sizes[] = {16, 17, 4096, 100000, 64};
    ty__work w = {0};
    size_t have = 0;
    int kept = 1;

    for (size_t c = 0; c < sizeof sizes / sizeof sizes[0]; c++) {
        unsigned char *p = ty__work_grow(&w, TY__W_PE, sizes[c]);
        if (!p) {
            ty_ok(0, "work_grow to %zu bytes", sizes[c]);
            continue;
        }
        for (size_t k = 0; k < have && k < sizes[c]; k++)
            kept &= p[k] == (unsigned char)(k * 7 + 1);
        for (size_t k = 0; k < sizes[c]; k++)
            p[k] = (unsigned char)(k * 7 + 1);
        have = sizes[c] > have ? sizes[c] : have;
        ty_ok(kept && w.cap[TY__W_PE] >= sizes[c], "work_grow to %zu bytes: room, contents kept",
              sizes[c]);
    }
    ty__work_free(&w);
}

/* ---- the DP's posteriors against a full forward-backward -------------------------------- */

/* The sides and model of a generated pair, as ty_align builds them for level 0 of pass 1
 * (anchors without a lexicon, default options). */
static void dp_setup(ty_doc *dj, ty_doc *de, ty__keys *keys, ty__side *ja, ty__side *en,
                     ty__model *m)
{
    ty_align_opts o;
    ty_anchor_ctx *ctx = NULL;
    ty_error e;
    double total = 0, copy[TY__FEATURES], carry[TY__KINDS];

    ty_align_opts_init(&o);
    if (ty__anchor_ctx_new(NULL, &ctx, &e) != TY_OK ||
        ty__side_from_doc(dj, ctx, 0, keys, ja, NULL, &e) != TY_OK ||
        ty__side_from_doc(de, ctx, 0, keys, en, NULL, &e) != TY_OK) {
        printf("# sides: %s\n", e.message);
        exit(99);
    }
    ty__anchor_ctx_free(ctx);
    carry[TY_ANCHOR_NUMBER] = o.carry_number;
    carry[TY_ANCHOR_LATIN] = o.carry_latin;
    carry[TY_ANCHOR_LEXICON] = o.carry_lexicon;
    carry[TY_ANCHOR_NAME] = o.carry_name;
    carry[TY__KIND_LEARNED] = o.carry_learned;
    if (ty__keys_weigh(keys, ja, en, carry) != TY_OK)
        exit(99);
    ty__side_prune(ja, keys);
    ty__side_prune(en, keys);
    memset(m, 0, sizeof *m);
    for (int s = 0; s < TY_BEAD_SHAPES; s++)
        total += o.prior[s];
    for (int s = 0; s < TY_BEAD_SHAPES; s++)
        m->logprior[s] = log(o.prior[s] / total);
    m->c = (double)en->cum[en->n] / (double)ja->cum[ja->n];
    m->sigma = o.length_sigma;
    m->smooth = o.length_smooth;
    m->log_cross = log(o.cross_paragraph);
    m->log_formula = log(o.formula_drop);
    m->log_formula_join = log(0.1);
    m->keys = keys;
    copy[0] = o.agree_paragraph;
    copy[1] = o.agree_heading;
    copy[2] = o.agree_label;
    copy[3] = o.agree_question;
    copy[4] = o.agree_enum;
    ty__model_length_stats(m, en);
    ty__model_features(m, ja, en, copy);
}

/* log(exp(a) + exp(b)) */
static double lse2(double a, double b)
{
    double mx = a > b ? a : b;
    return mx == -INFINITY ? mx : mx + log(exp(a - mx) + exp(b - mx));
}

/* The cell of (i, j), which is in band b. */
static size_t in_band(const ty__band *b, size_t i, size_t j)
{
    return b->off[i] + (j - b->lo[i]);
}

/* The cell of (i, j) in band b, or SIZE_MAX outside it. */
static size_t band_cell(const ty__band *b, size_t i, size_t j)
{
    return (j < b->lo[i] || j > b->hi[i]) ? SIZE_MAX : in_band(b, i, j);
}

/* Forward-backward over every cell of the band, as the DP computes it but leaving no cell
 * out (the forward sums from the double scores, the backward ones from the scores rounded to
 * float): al, be and sc (per cell and shape, -INFINITY where no bead), the expected shape
 * counts. */
static void dp_reference(const ty__side *ja, const ty__side *en, const ty__model *m,
                         const ty__band *b, double inv_t, double *al, double *be, double *sc,
                         double expected[TY_BEAD_SHAPES])
{
    ty__work w = {0};
    ty__scorer scorer;
    size_t cells = b->off[b->n + 1];

    if (ty__scorer_init(&scorer, m, ja, en, b, &w) != TY_OK)
        exit(99);
    for (size_t i = 0; i <= b->n; i++)
        for (size_t j = b->lo[i]; j <= b->hi[i]; j++) {
            size_t c = in_band(b, i, j), pc[TY_BEAD_SHAPES];
            unsigned mask = 0;
            double v[TY_BEAD_SHAPES];
            for (unsigned s = 0; s < TY_BEAD_SHAPES; s++) {
                size_t a = ty__shape_ja[s], e = ty__shape_en[s];
                pc[s] = a <= i && e <= j ? band_cell(b, i - a, j - e) : SIZE_MAX;
                if (pc[s] != SIZE_MAX && al[pc[s]] != -INFINITY)
                    mask |= 1u << s;
            }
            ty__score_cell(&scorer, i, j, mask, v);
            al[c] = i == 0 && j == 0 ? 0 : -INFINITY;
            for (unsigned s = 0; s < TY_BEAD_SHAPES; s++) {
                sc[c * TY_BEAD_SHAPES + s] = (mask >> s) & 1u ? v[s] : -INFINITY;
                if ((mask >> s) & 1u)
                    al[c] = lse2(al[c], al[pc[s]] + v[s] * inv_t);
            }
        }
    for (size_t c = 0; c < cells; c++)
        be[c] = c + 1 == cells ? 0 : -INFINITY;
    for (size_t i = b->n + 1; i-- > 0;)
        for (size_t j = b->hi[i] + 1; j-- > b->lo[i];)
            for (unsigned s = 0; s < TY_BEAD_SHAPES; s++) {
                size_t a = ty__shape_ja[s], e = ty__shape_en[s], nc;
                if (i + a > b->n || j + e > b->m || (nc = band_cell(b, i + a, j + e)) == SIZE_MAX ||
                    sc[nc * TY_BEAD_SHAPES + s] == -INFINITY)
                    continue;
                be[in_band(b, i, j)] =
                    lse2(be[in_band(b, i, j)], be[nc] + (float)sc[nc * TY_BEAD_SHAPES + s] * inv_t);
            }
    for (unsigned s = 0; s < TY_BEAD_SHAPES; s++)
        expected[s] = 0;
    for (size_t i = 0; i <= b->n; i++)
        for (size_t j = b->lo[i]; j <= b->hi[i]; j++)
            for (unsigned s = 0; s < TY_BEAD_SHAPES; s++) {
                size_t c = in_band(b, i, j), a = ty__shape_ja[s], e = ty__shape_en[s];
                if (sc[c * TY_BEAD_SHAPES + s] == -INFINITY ||
                    (e == 0 && (ja->u[i - 1].flags & TY__U_DROPPABLE)) ||
                    (a == 0 && (en->u[j - 1].flags & TY__U_DROPPABLE)))
                    continue;
                expected[s] += exp(al[band_cell(b, i - a, j - e)] +
                                   (float)sc[c * TY_BEAD_SHAPES + s] * inv_t + be[c] - al[cells - 1]);
            }
    ty__scorer_free(&scorer);
    ty__work_free(&w);
}

/* Whether two paths of ty__dp are the same: beads, confidences, expected counts, touches and
 * likely columns (rows 0..n), compared exactly. */
static int same_path(const ty__path *a, const ty__path *b, size_t n)
{
    if (a->n != b->n || a->n_touch != b->n_touch || a->touched != b->touched ||
        memcmp(a->expected, b->expected, sizeof a->expected) != 0 ||
        (a->n_touch && memcmp(a->touch_rows, b->touch_rows, a->n_touch * sizeof *a->touch_rows)) ||
        !a->mass_lo != !b->mass_lo)
        return 0;
    for (size_t k = 0; k < a->n; k++)
        if (a->bead[k].ja_first != b->bead[k].ja_first ||
            a->bead[k].ja_count != b->bead[k].ja_count ||
            a->bead[k].en_first != b->bead[k].en_first ||
            a->bead[k].en_count != b->bead[k].en_count ||
            a->bead[k].confidence != b->bead[k].confidence)
            return 0;
    for (size_t i = 0; a->mass_lo && i <= n; i++)
        if (a->mass_lo[i] != b->mass_lo[i] || a->mass_hi[i] != b->mass_hi[i])
            return 0;
    return 1;
}

/* ty__dp on two threads (the second scoring the last rows, then running the backward sums)
 * gives what it gives on one, in each mode, on a pair whose cells are few. */
static void dp_threads(const ty__side *ja, const ty__side *en, const ty__model *m,
                       const ty__band *band, double temperature, const char *name)
{
    static const char *const mode[] = {"Viterbi", "confidences", "counts"};

    for (int post = TY__POST_NONE; post <= TY__POST_COUNTS; post++) {
        ty__work one = {0}, two = {0};
        ty__path p1 = {0}, p2 = {0};
        ty_error e;
        two.threads = 2;
        two.thread_cells = 1;
        int ok = ty__dp(ja, en, m, band, post, temperature, &one, &p1, &e) == TY_OK &&
                 ty__dp(ja, en, m, band, post, temperature, &two, &p2, &e) == TY_OK;
        ty_ok(ok && same_path(&p1, &p2, band->n), "dp on two threads, %s, %s: the same path",
              name, mode[post]);
        ty__path_free(&p1);
        ty__path_free(&p2);
        ty__work_free(&one);
        ty__work_free(&two);
    }
}

/* The pair cache is filled from the postings of the English keys with a cursor per key that
 * skips the postings left of each row's span: over a narrow corridor, where the cursors skip
 * many, every bead scores what it scores over the whole matrix, where they skip none. The
 * sentences hold an article number, 1 or 2, so each of those keys has a posting every other
 * English unit, and a number of their own. */
static void test_pair_cache_corridor(void)
{
    buf bja = {0}, ben = {0};
    ty__keys keys = {0};
    ty__side ja = {0}, en = {0};
    ty__model m;
    ty__band full = {0}, narrow = {0};
    ty__work w1 = {0}, w2 = {0};
    ty__scorer s1, s2;
    size_t n = 150, *hw = malloc((n + 1) * sizeof *hw), *pos = malloc(2 * (n + 1) * sizeof *pos);
    size_t cells = 0, differ = 0;

    for (unsigned i = 0; i < n; i++) {
        char line[160];
        snprintf(line, sizeof line, "第%u条は%u件の事案について述べた。\n", i % 2 + 1, 2000 + 41 * i);
        put(&bja, line);
        snprintf(line, sizeof line, "Article %u covers %u cases in full.\n", i % 2 + 1, 2000 + 41 * i);
        put(&ben, line);
    }
    ty_doc *dj = doc(TY_LANG_JA, bja.s), *de = doc(TY_LANG_EN, ben.s);
    dp_setup(dj, de, &keys, &ja, &en, &m);
    for (size_t i = 0; hw && pos && i <= n; i++) {
        hw[i] = 2;
        pos[2 * i] = pos[2 * i + 1] = i;
    }
    if (!hw || !pos || ja.n != n || en.n != n || ty__band_full(n, n, &full) != TY_OK ||
        ty__band_around(n, n, pos, n + 1, 1, hw, &narrow) != TY_OK ||
        ty__scorer_init(&s1, &m, &ja, &en, &full, &w1) != TY_OK ||
        ty__scorer_init(&s2, &m, &ja, &en, &narrow, &w2) != TY_OK)
        exit(99);
    for (size_t i = 0; i <= n; i++)
        for (size_t j = narrow.lo[i]; j <= narrow.hi[i]; j++) {
            double v1[TY_BEAD_SHAPES], v2[TY_BEAD_SHAPES];
            unsigned mask = 0;
            for (unsigned s = 0; s < TY_BEAD_SHAPES; s++) {
                size_t a = ty__shape_ja[s], e = ty__shape_en[s];
                if (a <= i && e <= j && band_cell(&narrow, i - a, j - e) != SIZE_MAX)
                    mask |= 1u << s;
            }
            ty__score_cell(&s1, i, j, mask, v1);
            ty__score_cell(&s2, i, j, mask, v2);
            for (unsigned s = 0; s < TY_BEAD_SHAPES; s++)
                differ += (mask >> s) & 1u && memcmp(&v1[s], &v2[s], sizeof v1[s]) != 0;
            cells++;
        }
    ty_ok(cells > 4 * n && differ == 0,
          "pair cache over a corridor of +-2: the beads of its %zu cells score as over the "
          "whole matrix (%zu differ)", cells, differ);
    ty__scorer_free(&s1);
    ty__scorer_free(&s2);
    ty__work_free(&w1);
    ty__work_free(&w2);
    ty__band_free(&full);
    ty__band_free(&narrow);
    free(hw);
    free(pos);
    ty__side_free(&ja);
    ty__side_free(&en);
    ty__keys_free(&keys);
    ty_doc_free(dj);
    ty_doc_free(de);
    free(bja.s);
    free(ben.s);
}

/* ty__dp leaves the cells far from every likely path out of its posteriors' sums: its
 * confidences, expected shape counts and likely columns are those of a forward-backward
 * over every cell, on pairs where most cells are left out. */
static void test_dp_posteriors(void)
{
    static const struct {
        const char *name, *kind;
        unsigned n;
        double temperature;
        size_t corridor; /* half width around the diagonal (0: the whole matrix) */
    } t[] = {
        {"splits", "....m", 90, 1.0, 0},
        {"omissions, temperature 2", "......d", 90, 2.0, 0},
        {"splits and omissions in a corridor", "..m...d..", 160, 1.0, 16},
        {"splits, some pairs holding two numbers", ".n.m.nn.", 100, 1.0, 0},
    };
    for (size_t c = 0; c < sizeof t / sizeof t[0]; c++) {
        buf bja = {0}, ben = {0};
        ty__keys keys = {0};
        ty__side ja = {0}, en = {0};
        ty__model m;
        ty__band band = {0};
        ty__work w = {0};
        ty__path path = {0};
        ty_error e;
        double expected[TY_BEAD_SHAPES], inv_t = 1 / t[c].temperature, worst = 0;
        int same_counts = 1, same_mass = 1;
        size_t far = 0, *pos = NULL;

        make_pair(t[c].n, t[c].kind, 0, &bja, &ben);
        ty_doc *dj = doc(TY_LANG_JA, bja.s), *de = doc(TY_LANG_EN, ben.s);
        dp_setup(dj, de, &keys, &ja, &en, &m);
        if (t[c].corridor) {
            size_t *hw = malloc((ja.n + 1) * sizeof *hw);
            pos = malloc(2 * (ja.n + 1) * sizeof *pos);
            for (size_t i = 0; hw && pos && i <= ja.n; i++) {
                hw[i] = t[c].corridor;
                pos[2 * i] = i;
                pos[2 * i + 1] = i * en.n / ja.n;
            }
            if (!hw || !pos || ty__band_around(ja.n, en.n, pos, ja.n + 1, 1, hw, &band) != TY_OK)
                exit(99);
            free(hw);
        } else if (ty__band_full(ja.n, en.n, &band) != TY_OK) {
            exit(99);
        }
        size_t cells = band.off[band.n + 1];
        double *al = malloc(cells * sizeof *al), *be = malloc(cells * sizeof *be);
        double *sc = malloc(cells * TY_BEAD_SHAPES * sizeof *sc);
        if (!al || !be || !sc)
            exit(99);
        ty_is_int(ty__dp(&ja, &en, &m, &band, TY__POST_COUNTS, t[c].temperature, &w, &path, &e),
                  TY_OK, "dp posteriors, %s: aligned", t[c].name);
        dp_reference(&ja, &en, &m, &band, inv_t, al, be, sc, expected);
        dp_threads(&ja, &en, &m, &band, t[c].temperature, t[c].name);
        double z = al[cells - 1];
        for (size_t k = 0; k < path.n; k++) {
            const ty_bead *bd = &path.bead[k];
            size_t i = bd->ja_first + bd->ja_count, j = bd->en_first + bd->en_count, s = 0;
            while (ty__shape_ja[s] != bd->ja_count || ty__shape_en[s] != bd->en_count)
                s++;
            double p = exp(al[band_cell(&band, bd->ja_first, bd->en_first)] +
                           (float)sc[band_cell(&band, i, j) * TY_BEAD_SHAPES + s] * inv_t +
                           be[band_cell(&band, i, j)] - z);
            p = p > 1 ? 1 : p;
            worst = fabs(p - bd->confidence) > worst ? fabs(p - bd->confidence) : worst;
        }
        for (unsigned s = 0; s < TY_BEAD_SHAPES; s++)
            same_counts &= fabs(path.expected[s] - expected[s]) <= 1e-9 * (1 + expected[s]);
        for (size_t i = 0; i <= band.n; i++) {
            size_t lo = SIZE_MAX, hi = 0;
            for (size_t j = band.lo[i]; j <= band.hi[i]; j++) {
                double post = al[in_band(&band, i, j)] + be[in_band(&band, i, j)] - z;
                far += post < -2 * TY__MASS_FLOOR;
                if (post >= -TY__MASS_FLOOR) {
                    lo = j < lo ? j : lo;
                    hi = j;
                }
            }
            /* (a row whose likely cells come near a corridor edge is not known) */
            if (path.mass_lo[i] <= path.mass_hi[i])
                same_mass &= path.mass_lo[i] == lo && path.mass_hi[i] == hi;
            else
                same_mass &= lo == SIZE_MAX || (band.lo[i] > 0 && lo < band.lo[i] + 2) ||
                             (band.hi[i] < band.m && hi + 2 > band.hi[i]);
        }
        ty_ok(far > cells / 2, "dp posteriors, %s: most cells (%zu of %zu) far from every likely path",
              t[c].name, far, cells);
        ty_ok(path.n > 0 && worst <= 1e-12, "dp posteriors, %s: the path's confidences (worst difference %g)",
              t[c].name, worst);
        ty_ok(same_counts, "dp posteriors, %s: the expected shape counts", t[c].name);
        ty_ok(same_mass, "dp posteriors, %s: each row's likely columns", t[c].name);
        ty__path_free(&path);
        ty__work_free(&w);
        ty__band_free(&band);
        ty__side_free(&ja);
        ty__side_free(&en);
        ty__keys_free(&keys);
        ty_doc_free(dj);
        ty_doc_free(de);
        free(al);
        free(be);
        free(sc);
        free(pos);
        free(bja.s);
        free(ben.s);
    }
}

/* ---- the cases -------------------------------------------------------------------------- */

static const struct {
    const char *name;
    unsigned n;        /* sentences generated */
    const char *kind;  /* see make_pair */
    unsigned extra;
    size_t min_11;     /* at least this many 1:1 beads */
    const char *shape; /* and at least `min_shape` beads of this shape */
    size_t min_shape;
} cases[] = {
    {"parallel", 40, NULL, 0, 40, "1:1", 40},
    {"every 5th English line holds two sentences", 40, "....m", 0, 26, "2:1", 7},
    {"every 7th Japanese sentence missing", 42, "......d", 0, 36, "0:1", 6},
    {"an extra section of 30 English sentences", 60, NULL, 0, 59, "0:1", 0},
    {"one sentence each", 1, NULL, 0, 1, "1:1", 1},
};

static void test_cases(void)
{
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        buf ja = {0}, en = {0};
        ty_alignment *al = NULL;
        ty_error e;
        char kind[128] = "";

        if (c == 3) { /* the extra section goes after sentence 29 */
            memset(kind, '.', 60);
            kind[29] = 'x';
            kind[60] = 0;
        }
        make_pair(cases[c].n, c == 3 ? kind : cases[c].kind, c == 3 ? 30 : cases[c].extra, &ja,
                  &en);
        ty_doc *dj = doc(TY_LANG_JA, ja.s), *de = doc(TY_LANG_EN, en.s);
        ty_status st = ty_align(dj, de, NULL, &al, &e);
        ty_is_int(st, TY_OK, "%s: aligns", cases[c].name);
        ty_ok(al && covers(al, ty_doc_count(dj), ty_doc_count(de)), "%s: covers both sides in order",
              cases[c].name);
        ty_ok(al && count_shape(al, "1:1") >= cases[c].min_11, "%s: >= %zu 1:1 beads (%zu)",
              cases[c].name, cases[c].min_11, al ? count_shape(al, "1:1") : 0);
        ty_ok(al && count_shape(al, cases[c].shape) >= cases[c].min_shape,
              "%s: >= %zu %s beads (%zu)", cases[c].name, cases[c].min_shape, cases[c].shape,
              al ? count_shape(al, cases[c].shape) : 0);
        for (size_t k = 0; al && k < ty_alignment_count(al); k++) {
            const ty_bead *b = ty_alignment_bead(al, k);
            if (b->ja_count != 1 || b->en_count != 1)
                ty_diag("  %s bead at %zu:%zu (%.3f)", ty_bead_shape_name(b), b->ja_first,
                        b->en_first, b->confidence);
        }
        if (c == 3)
            ty_ok(al && count_shape(al, "0:1") >= 28 && has_bead(al, 30, 1, 60, 1),
                  "extra section: the English insertion is 0:1 and sentence 30 pairs with 60");
        ty_alignment_free(al);
        ty_doc_free(dj);
        ty_doc_free(de);
        free(ja.s);
        free(en.s);
    }
}

/* Beads of the parallel pair are confident; the merged ones are found at their place. */
static void test_confidence_and_merge(void)
{
    buf ja = {0}, en = {0};
    ty_alignment *al = NULL;
    ty_error e;
    size_t confident = 0;

    make_pair(30, "..m", 0, &ja, &en);
    ty_doc *dj = doc(TY_LANG_JA, ja.s), *de = doc(TY_LANG_EN, en.s);
    ty_is_int(ty_align(dj, de, NULL, &al, &e), TY_OK, "merge pair aligns");
    /* Japanese 2 and 3 are in English line 2 */
    ty_ok(has_bead(al, 2, 2, 2, 1), "a merged English line is a 2:1 bead");
    for (size_t k = 0; k < ty_alignment_count(al); k++)
        confident += ty_alignment_bead(al, k)->confidence >= 0.9;
    ty_ok(confident * 10 >= ty_alignment_count(al) * 7, "most beads confident (%zu of %zu)",
          confident, ty_alignment_count(al));
    ty_alignment_free(al);
    ty_doc_free(dj);
    ty_doc_free(de);
    free(ja.s);
    free(en.s);
}

/* The corridor search finds what the full search finds, also where the corridor must be
 * widened (an extra section of 30 English sentences, a corridor of 2). */
static void test_corridor(void)
{
    static const struct {
        const char *name, *kind;
        unsigned n, extra;
        size_t corridor;
    } t[] = {
        {"400 sentences with splits and omissions", "....m......d.........", 400, 0, 4},
        {"300 sentences and an extra section", NULL, 300, 30, 2},
    };
    for (size_t c = 0; c < sizeof t / sizeof t[0]; c++) {
        buf ja = {0}, en = {0};
        ty_alignment *full = NULL, *band = NULL;
        ty_align_opts o;
        ty_error e;
        char kind[301];
        int same;

        if (!t[c].kind) { /* the extra section after sentence 150 */
            memset(kind, '.', 300);
            kind[150] = 'x';
            kind[300] = 0;
        }
        make_pair(t[c].n, t[c].kind ? t[c].kind : kind, t[c].extra, &ja, &en);
        ty_doc *dj = doc(TY_LANG_JA, ja.s), *de = doc(TY_LANG_EN, en.s);
        ty_align_opts_init(&o);
        ty_is_int(ty_align(dj, de, &o, &full, &e), TY_OK, "%s, full search", t[c].name);
        o.full_cells = 2000; /* forces 4-5 coarse levels */
        o.corridor = t[c].corridor;
        ty_is_int(ty_align(dj, de, &o, &band, &e), TY_OK, "%s, corridor search", t[c].name);
        same = full && band && ty_alignment_count(full) == ty_alignment_count(band);
        for (size_t k = 0; same && k < ty_alignment_count(full); k++) {
            const ty_bead *a = ty_alignment_bead(full, k), *b = ty_alignment_bead(band, k);
            same = a->ja_first == b->ja_first && a->ja_count == b->ja_count &&
                   a->en_first == b->en_first && a->en_count == b->en_count;
        }
        ty_ok(same, "%s: corridor and full search give the same beads", t[c].name);
        ty_ok(band && covers(band, ty_doc_count(dj), ty_doc_count(de)), "%s: corridor beads cover both sides",
              t[c].name);
        ty_alignment_free(full);
        ty_alignment_free(band);
        ty_doc_free(dj);
        ty_doc_free(de);
        free(ja.s);
        free(en.s);
    }
}

/* ty__band_narrow on a corridor of 5 rows (n = 4) over 11 columns (m = 10): each row keeps
 * its part of the given columns plus the margin, a row without them (lo > hi) or whose part
 * would be empty keeps its own, and rows widen again where lo or hi would decrease. */
static void test_band_narrow(void)
{
    static const size_t steps[5][2] = {{0, 4}, {0, 5}, {6, 8}, {6, 9}, {6, 10}};
    static const size_t diagonal[5][2] = {{0, 2}, {0, 4}, {2, 6}, {4, 8}, {6, 10}};
    static const struct {
        const char *what;
        const size_t (*start)[2]; /* the corridor before (NULL: every column of every row) */
        size_t lo[5], hi[5], margin;
        size_t want[5][2];
    } t[] = {
        {"every row known, margin 1", NULL,
         {0, 2, 4, 6, 8}, {0, 3, 5, 7, 10}, 1,
         {{0, 1}, {1, 4}, {3, 6}, {5, 8}, {7, 10}}},
        {"margin 0, the columns kept as given", NULL,
         {0, 2, 4, 6, 8}, {0, 3, 5, 7, 10}, 0,
         {{0, 0}, {2, 3}, {4, 5}, {6, 7}, {8, 10}}},
        {"a row not known keeps its columns; the rows around widen to it", NULL,
         {0, 2, SIZE_MAX, 6, 8}, {0, 3, 0, 7, 10}, 1,
         {{0, 1}, {0, 4}, {0, 10}, {5, 10}, {7, 10}}},
        {"columns outside a row's corridor leave it as it was", steps,
         {0, 1, 0, 7, 9}, {1, 2, 2, 7, 10}, 1,
         {{0, 2}, {0, 3}, {6, 8}, {6, 8}, {8, 10}}},
        {"never wider than the corridor was", diagonal,
         {0, 1, 3, 5, 9}, {1, 3, 5, 7, 10}, 3,
         {{0, 2}, {0, 4}, {2, 6}, {4, 8}, {6, 10}}},
    };
    for (size_t c = 0; c < sizeof t / sizeof t[0]; c++) {
        ty__band b;
        size_t cells = 0;
        int same = 1, offsets = 1;
        if (ty__band_full(4, 10, &b) != TY_OK) {
            ty_ok(0, "%s: a corridor", t[c].what);
            continue;
        }
        for (size_t i = 0; t[c].start && i <= 4; i++) {
            b.lo[i] = t[c].start[i][0];
            b.hi[i] = t[c].start[i][1];
        }
        ty__band_narrow(&b, t[c].lo, t[c].hi, t[c].margin);
        for (size_t i = 0; i <= 4; i++) {
            same &= b.lo[i] == t[c].want[i][0] && b.hi[i] == t[c].want[i][1];
            offsets &= b.off[i] == cells;
            cells += b.hi[i] - b.lo[i] + 1;
        }
        ty_ok(same, "band_narrow, %s: the rows' columns", t[c].what);
        ty_ok(offsets && b.off[5] == cells, "band_narrow, %s: the rows' first cells", t[c].what);
        ty__band_free(&b);
    }
}

static void test_empty(void)
{
    static const struct {
        const char *ja, *en;
        size_t beads;
        const char *shape;
    } t[] = {
        {"", "", 0, NULL},
        {"", "One.\nTwo.\n", 2, "0:1"},
        {"一。\n二。\n三。\n", "", 3, "1:0"},
        {"\n\n\n", "  \n", 0, NULL},
    };
    for (size_t c = 0; c < sizeof t / sizeof t[0]; c++) {
        ty_doc *dj = doc(TY_LANG_JA, t[c].ja), *de = doc(TY_LANG_EN, t[c].en);
        ty_alignment *al = NULL;
        ty_error e;
        ty_is_int(ty_align(dj, de, NULL, &al, &e), TY_OK, "empty case %zu aligns", c);
        ty_is_int((long long)ty_alignment_count(al), (long long)t[c].beads, "empty case %zu: beads", c);
        ty_ok(!t[c].shape || count_shape(al, t[c].shape) == t[c].beads, "empty case %zu: all %s", c,
              t[c].shape ? t[c].shape : "-");
        ty_alignment_free(al);
        ty_doc_free(dj);
        ty_doc_free(de);
    }
}

static void test_options(void)
{
    static const struct {
        const char *spec;
        ty_status st;
        unsigned mask;
    } beads[] = {
        {"1:1,1:0,0:1", TY_OK, 7},
        {"3:1", TY_OK, 1u << TY_BEAD_3_1},
        {"1:1,4:1", TY_ERR_INVALID, 0},
        {"", TY_ERR_INVALID, 0},
        {"1:1,,2:1", TY_ERR_INVALID, 0},
    };
    ty_align_opts o;
    ty_error e;
    ty_alignment *al = (ty_alignment *)&o;

    for (size_t c = 0; c < sizeof beads / sizeof beads[0]; c++) {
        unsigned m = 0;
        ty_is_int(ty_align_beads_parse(beads[c].spec, &m, &e), beads[c].st, "beads '%s'",
                  beads[c].spec);
        if (beads[c].st == TY_OK)
            ty_is_int(m, beads[c].mask, "beads '%s' mask", beads[c].spec);
    }
    ty_doc *dj = doc(TY_LANG_JA, "一。\n二。\n"), *de = doc(TY_LANG_EN, "One.\n");
    ty_align_opts_init(&o);
    o.beads = 1u << TY_BEAD_1_1;
    ty_is_int(ty_align(dj, de, &o, &al, &e), TY_ERR_INVALID, "1:1 only cannot align 2 with 1");
    ty_ok(al == NULL && strstr(e.message, "bead") != NULL, "and says why: %s", e.message);
    ty_align_opts_init(&o);
    o.temperature = 0;
    ty_is_int(ty_align(dj, de, &o, &al, &e), TY_ERR_INVALID, "temperature 0 is refused");
    ty_align_opts_init(&o);
    o.carry_number = 1.5;
    ty_is_int(ty_align(dj, de, &o, &al, &e), TY_ERR_INVALID, "a probability of 1.5 is refused");
    ty_align_opts_init(&o);
    ty_is_int((int)o.threads, 1, "one thread by default");
    o.threads = TY__MAX_THREADS + 1;
    ty_is_int(ty_align(dj, de, &o, &al, &e), TY_ERR_INVALID, "more threads than %d are refused",
              TY__MAX_THREADS);
    o.threads = 0;
    ty_ok(ty__align_threads(&o) >= 1 && ty__align_threads(&o) <= TY__MAX_THREADS,
          "threads 0 resolves to the processors online: %zu", ty__align_threads(&o));
    o.threads = 3;
    ty_is_int((int)ty__align_threads(&o), 3, "threads 3 stays 3");
    ty_align_opts_init(&o);
    o.formula_drop = 1;
    ty_is_int(ty_align(dj, de, &o, &al, &e), TY_ERR_INVALID, "formula_drop 1 is refused");
    o.formula_drop = 0;
    ty_is_int(ty_align(dj, de, &o, &al, &e), TY_OK, "formula_drop 0 (formulas off) is taken");
    ty_alignment_free(al);
    al = NULL;
    ty_is_int(ty_align(de, dj, NULL, &al, &e), TY_ERR_INVALID, "swapped languages are refused");
    ty_is_int(ty_align(dj, NULL, NULL, &al, &e), TY_ERR_INVALID, "a missing document is refused");
    ty_align_opts_init(&o);
    o.beads = (1u << TY_BEAD_2_1) | (1u << TY_BEAD_1_1);
    ty_is_int(ty_align(dj, de, &o, &al, &e), TY_OK, "a 2:1-only alignment when allowed");
    ty_ok(al && ty_alignment_count(al) == 1 && has_bead(al, 0, 2, 0, 1), "is one 2:1 bead");
    ty_alignment_free(al);
    ty_alignment_free(NULL);
    ty_doc_free(dj);
    ty_doc_free(de);
}

static ty_doc *labelled_doc(ty_lang lang, const char *s)
{
    ty_segmenter *sg = NULL;
    ty_doc *d = NULL;
    ty_error e;
    if (ty_segmenter_new(lang, &sg, &e) != TY_OK || ty_segment_lines(sg, s, strlen(s), "t", &d, &e) != TY_OK) {
        printf("# ty_segment_lines: %s\n", e.message);
        exit(99);
    }
    ty_segmenter_free(sg);
    return d;
}

/* One segment of a language and what a predicate on segments should say of it. */
typedef struct line_case {
    ty_lang lang;
    const char *line;
    int want;
} line_case;

/* Check pred on each line of t[0, n) (each read as a labelled one-segment document). */
static void check_lines(const char *what, int (*pred)(ty_lang, const ty_segment *),
                        const line_case *t, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        ty_doc *d = labelled_doc(t[k].lang, t[k].line);
        ty_is_int(ty_doc_count(d) == 1 ? pred(t[k].lang, ty_doc_segment(d, 0)) : -1, t[k].want,
                  "%s? %s", what, t[k].line);
        ty_doc_free(d);
    }
}

/* Which segments are formulas a translation may leave out (src/align/formula.c). */
static void test_formula_table(void)
{
    static const line_case t[] = {
        {TY_LANG_JA, "【外務大臣】おはようございます。", 1},
        {TY_LANG_JA, "おはようございます", 1},
        {TY_LANG_JA, "よろしくお願いいたします。", 1},
        {TY_LANG_JA, "【共同通信　田中記者】共同通信の田中です。", 1},
        {TY_LANG_JA, "【NHK　鈴木記者】NHKです。", 1},
        {TY_LANG_JA, "日本語", 1},
        {TY_LANG_JA, "【外務報道官】皆様、こんにちは。", 1},
        {TY_LANG_JA, "皆様、本日は二点申し上げます。", 0},
        {TY_LANG_JA, "【共同通信　田中記者】朝日新聞の佐藤です。", 0}, /* not the label's */
        {TY_LANG_JA, "共同通信の田中です。", 0},                      /* no label to repeat */
        {TY_LANG_JA, "【外務大臣】おはようございます。本日は二点申し上げます。", 0},
        {TY_LANG_JA, "私からは以上です。", 0},
        {TY_LANG_EN, "Good morning.", 1},
        {TY_LANG_EN, "Minister Kamikawa: Thank you very much.", 1},
        {TY_LANG_EN, "Japanese", 1},
        {TY_LANG_EN, "Press Conferences", 1},
        {TY_LANG_EN, "[Translator's note: The Japanese title of the Agreement literally means \"Facilitation Agreement.\"]", 1},
        {TY_LANG_EN, "Press Conference by the Foreign Minister", 0},
        {TY_LANG_EN, "Thank you for the question about Japan.", 0},
        {TY_LANG_EN, "Reporter: I have a question.", 0},
    };
    check_lines("formula", ty__formula, t, sizeof t / sizeof t[0]);
}

/* A transcript whose English leaves out the minister's greeting and a reporter's
 * self-introduction: each is a 1:0 bead, and the sentence after it pairs 1:1 with the
 * English sentence that now carries the speaker label. */
static void test_formula_dropped(void)
{
    static const char ja[] =
        "外務大臣会見記録\n\n"
        "【外務大臣】おはようございます。\n"
        "本日、政府は、台風の被害を受けた国に対し、三百万ドルの緊急無償資金協力を実施することを決定しました。\n"
        "この資金は、国際機関を通じて、食料や飲料水の配布に充てられます。\n\n"
        "【共同通信　田中記者】共同通信の田中です。\n"
        "今回の支援について伺います。\n"
        "追加の支援は検討していますか。\n\n"
        "【外務大臣】被害の状況を見極めながら、適切に検討してまいります。\n";
    static const char en[] =
        "Press Conference by the Foreign Minister\n\n"
        "Minister: Today, the Government decided to extend Emergency Grant Aid of 3 million dollars to the country affected by the typhoon.\n"
        "The funds will be used through international organizations to distribute food and drinking water.\n\n"
        "Reporter: I have a question about this assistance.\n"
        "Are you considering additional assistance?\n\n"
        "Minister: We will consider it as appropriate while assessing the damage.\n";
    ty_doc *dj = labelled_doc(TY_LANG_JA, ja), *de = labelled_doc(TY_LANG_EN, en);
    ty_alignment *al = NULL;
    ty_error e;

    ty_is_int(ty_align(dj, de, NULL, &al, &e), TY_OK, "transcript with dropped formulas aligns");
    ty_ok(al && has_bead(al, 1, 1, 1, 0), "the greeting is left out (1:0)");
    ty_ok(al && has_bead(al, 2, 1, 1, 1), "the sentence after it pairs with the labelled English one");
    ty_ok(al && has_bead(al, 4, 1, 3, 0), "the self-introduction is left out (1:0)");
    ty_ok(al && has_bead(al, 5, 1, 3, 1), "the question pairs with the reporter's English one");
    for (size_t k = 0; al && k < ty_alignment_count(al); k++) {
        const ty_bead *b = ty_alignment_bead(al, k);
        ty_diag("  %s bead at %zu:%zu (%.3f)", ty_bead_shape_name(b), b->ja_first, b->en_first,
                b->confidence);
    }
    ty_alignment_free(al);
    ty_doc_free(dj);
    ty_doc_free(de);
}

/* Enumeration markers (cues.c). */
static void test_enum_table(void)
{
    static const line_case t[] = {
        {TY_LANG_JA, "２点目です。", 1},
        {TY_LANG_JA, "2点目は、フィリピンへの緊急援助です。", 1},
        {TY_LANG_JA, "【日本テレビ　小川記者】１点目は、北朝鮮についてです。", 1},
        {TY_LANG_JA, "これが１点目です。", 1},
        {TY_LANG_JA, "もう１点は、香港についてです。", 1},
        {TY_LANG_JA, "三点目は、中東情勢です。", 1},
        {TY_LANG_JA, "まず、中国湖北省武漢市からの邦人の帰国についてです。", 1},
        {TY_LANG_JA, "最後に、一言申し上げます。", 1},
        {TY_LANG_JA, "まずは、日本に親族がいる方々を念頭に置いております。", 0},
        {TY_LANG_JA, "第２回日中ハイレベル対話を行う予定です。", 0},
        {TY_LANG_JA, "冒頭、２点申し上げます。", 0},
        {TY_LANG_EN, "Secondly, I will visit Italy.", 1},
        {TY_LANG_EN, "First, the third aircraft arrived at Haneda.", 1},
        {TY_LANG_EN, "Minister Hayashi: Finally, I would like to say a word.", 1},
        {TY_LANG_EN, "The first concerns the departure of Japanese nationals.", 1},
        {TY_LANG_EN, "Ogawa, NTV: I have two questions, and the first one is about North Korea.", 1},
        {TY_LANG_EN, "Meanwhile, so my first question is whether you will announce it.", 1},
        {TY_LANG_EN, "It was held for the first time in Tokyo.", 0},
        {TY_LANG_EN, "First-ever talks were held.", 0},
        {TY_LANG_EN, "I will attend the second meeting of the consultation.", 0},
        {TY_LANG_EN, "Japan is the second largest donor.", 0},
    };
    check_lines("enumeration marker", ty__enum_marker, t, sizeof t / sizeof t[0]);
}

/* Sentences that continue the one before them (cues.c). */
static void test_continues_table(void)
{
    static const line_case t[] = {
        {TY_LANG_EN, "This is the consistent policy of the Government.", 1},
        {TY_LANG_EN, "Minister Kono: It also concluded that the impact is negligible.", 1},
        {TY_LANG_EN, "I will therefore refrain from making any prejudgments.", 1},
        {TY_LANG_EN, "All of these launches violate the resolutions.", 1},
        {TY_LANG_EN, "We also hope to advance concrete cooperation.", 1},
        {TY_LANG_EN, "In addition, the Government decided to extend aid.", 1},
        {TY_LANG_EN, "At the same time, I will firmly assert our position.", 1},
        {TY_LANG_EN, "However, no decision has been made.", 1},
        {TY_LANG_EN, "In response to a request from the Government, Japan provided tents.", 0},
        {TY_LANG_EN, "In addition to the G20 Summit, TICAD7 will take place.", 0},
        {TY_LANG_EN, "The G7 agreed on calling on all parties to comply with international law.", 0},
        {TY_LANG_EN, "Self-Defense Force aircraft have been transporting relief supplies.", 0},
        {TY_LANG_EN, "Self-Defense Force transport aircraft have also been transporting supplies.", 1},
        {TY_LANG_EN, "The Ministry of Foreign Affairs will also dispatch a team.", 1},
        {TY_LANG_EN, "The Government of Indonesia and the United Nations have also asked for tents.", 0},
        {TY_LANG_EN, "Japan will host the meeting, and the G7 leaders will also attend it.", 0},
        {TY_LANG_EN, "Thisbe is a name.", 0},
        {TY_LANG_EN, "This Week's Schedule", 0}, /* a heading */
        {TY_LANG_JA, "これにより、両国間の防衛協力が一層円滑になります。", 1},
        {TY_LANG_JA, "【外務大臣】また、首脳会合を年１回開催することでも一致しました。", 1},
        {TY_LANG_JA, "すなわち、戦略的互恵関係を包括的に推進するというものです。", 1},
        {TY_LANG_JA, "同時に、懸案についても主張してまいります。", 1},
        {TY_LANG_JA, "本協定は、部隊の地位等を定めるものです。", 0},
        {TY_LANG_JA, "またとない機会です", 0}, /* a heading, and no また、 */
        {TY_LANG_JA, "政府は、本日、上陸を拒否することといたしました。", 0},
    };
    check_lines("continues", ty__continues, t, sizeof t / sizeof t[0]);
}

/* Quotations (cues.c): 「…」 or 『…』; “…”, "…", or ‘…’ and '…' opening and closing a word */
static void test_quotes_table(void)
{
    static const line_case t[] = {
        {TY_LANG_JA, "現地に渡航される方は、「たびレジ」に登録していただくようお願いします。", 1},
        {TY_LANG_JA, "『神皇正統記』の作者。", 1},
        {TY_LANG_JA, "【記者】「どうするのか」と問われた。", 1},
        {TY_LANG_JA, "北畠家は村上源氏庶流。", 0},
        {TY_LANG_JA, "「惣年寄義ハ古来より六町之〆括り取捌役ニ而勤来、", 0}, /* not closed here */
        {TY_LANG_JA, "」と述べた。", 0},
        {TY_LANG_EN, "I ask those traveling to the area to register with \u201cTabireg.\u201d", 1},
        {TY_LANG_EN, "He authored \"Jinno-shotoki\".", 1},
        {TY_LANG_EN, "This 'Karaku meisho zue' states that the names are unclear.", 1},
        {TY_LANG_EN, "It was called \u2018Sanju-Roppo\u2019 in the Edo period.", 1},
        {TY_LANG_EN, "Japan\u2019s cooperation and the countries' positions were noted.", 0},
        {TY_LANG_EN, "Minister: That's all from me.", 0},
        {TY_LANG_EN, "He said \" nothing more.", 0},
    };
    check_lines("quotes", ty__quotes, t, sizeof t / sizeof t[0]);
}

/* Questions (sides.c): a question mark in either language; in Japanese also か。 and a request
 * for an answer, which transcripts end with 。 */
static void test_question_table(void)
{
    static const line_case t[] = {
        {TY_LANG_JA, "今後の見通しはいかがでしょうか。", 1},
        {TY_LANG_JA, "【記者】追加の支援は検討していますか。", 1},
        {TY_LANG_JA, "中東情勢への影響をどう見ておられますか？", 1},
        {TY_LANG_JA, "協議の成果についてお聞かせください。", 1},
        {TY_LANG_JA, "事実関係を教えてください。", 1},
        {TY_LANG_JA, "「どうするのか」と問われた。", 0},
        {TY_LANG_JA, "御理解ください。", 0},
        {TY_LANG_JA, "韓国情勢について伺います。", 0},
        {TY_LANG_JA, "【記者】改めて抱負をお願いします。", 1},
        {TY_LANG_JA, "香港の措置について、この点についてもお願いいたします。", 1},
        {TY_LANG_JA, "海外に渡航される方は、「たびレジ」に登録していただくようお願いします。", 0},
        {TY_LANG_JA, "よろしくお願いします。", 0},
        {TY_LANG_JA, "今後の対応について検討するか", 0}, /* a heading: no 。 */
        {TY_LANG_EN, "How do you see its impact on the situation?", 1},
        {TY_LANG_EN, "Reporter: Could you tell us about the outcome (of the talks)?", 1},
        {TY_LANG_EN, "He asked, \"Why now?\"", 1},
        {TY_LANG_EN, "I would like to ask about the situation in the ROK.", 0},
    };
    check_lines("question", ty__question, t, sizeof t / sizeof t[0]);
}

/* Near-repetitions (cues.c): which segments of a document are flagged. */
static void test_repeats(void)
{
    static const struct {
        ty_lang lang;
        const char *text;
        const char *flagged; /* '1' per flagged segment */
    } t[] = {
        {TY_LANG_JA,
         "これを踏まえ、専門家レベルでの科学的な議論を、これまでに三回にわたり実施してきております。\n"
         "これを踏まえ、専門家レベルでの科学的な議論を、これまでに三回にわたり実施してきております。\n",
         "01"},
        {TY_LANG_JA, "以上です。\n以上です。\n", "00"}, /* short formulas recur by nature */
        {TY_LANG_JA,
         "政府は、国際機関を通じて緊急無償資金協力を実施することを決定しました。\n一。\n二。\n三。\n四。\n"
         "政府は、国際機関を通じて緊急無償資金協力を実施することを決定しました。\n",
         "000000"}, /* five segments later: not a restatement */
        {TY_LANG_JA, "ガザ地区からの邦人等の退避\nガザ地区からの邦人等の退避\n", "00"}, /* headings */
        {TY_LANG_EN,
         "However, he separated from both of the Princes and arrived in Hitachi alone.\n"
         "Meanwhile, the Princes reached Ise.\n"
         "However, he separated from both of the Princes and arrived in Hitachi Province alone.\n",
         "001"},
        {TY_LANG_EN,
         "The Government will continue to provide assistance to the affected people.\n"
         "The Government decided to extend Emergency Grant Aid of 2 million dollars.\n",
         "00"},
        /* Japanese: a shorter restatement of the sentence before, most of its bigrams in it */
        {TY_LANG_JA,
         "引き続き、米国等と緊密に連携しながら、全ての拉致被害者の一日も早い帰国の実現に向けて、全力で取り組んでまいります。\n"
         "全ての拉致被害者の一日も早い帰国の実現に向けて、全力を尽くします。\n",
         "01"},
        /* … but not a sentence that holds the one before and says more */
        {TY_LANG_JA,
         "ガザ地区からの邦人等の退避についてです。\n"
         "まず、ガザ地区からの邦人等の退避について、現地の状況とあわせて御報告いたします。\n",
         "00"},
        /* nor one with a number the other lacks, however alike */
        {TY_LANG_JA,
         "調布は長さ5丈2尺・広さ2尺4寸で1端となし、正丁2名分の調とする。\n"
         "調布は長さ4丈2尺・広さ2尺4寸で1端となし、正丁1名分の調とする。\n",
         "00"},
        /* English words are too common for containment: only near-copies count */
        {TY_LANG_EN,
         "It was an old family of court nobles who served in Kyoto.\n"
         "It was an old family.\n",
         "00"},
    };
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
        ty_doc *d = doc(t[k].lang, t[k].text);
        size_t n = ty_doc_count(d);
        uint16_t flags[8] = {0};
        char got[9] = "";
        ty_is_int(n <= 8 ? (int)ty__mark_repeats(d, flags) : -1, TY_OK, "repeats case %zu: marks", k);
        for (size_t i = 0; i < n && i < 8; i++)
            got[i] = (flags[i] & TY__U_REPEAT) ? '1' : '0';
        ty_is_str(got, t[k].flagged, "repeats case %zu", k);
        ty_doc_free(d);
    }
}

/* Align a labelled Japanese and English transcript and check beads given as "ja:jc:en:ec"
 * (first and count on each side) are in the alignment. */
static void expect_beads(const char *name, const char *ja, const char *en, const char *const *beads)
{
    ty_doc *dj = labelled_doc(TY_LANG_JA, ja), *de = labelled_doc(TY_LANG_EN, en);
    ty_alignment *al = NULL;
    ty_error e;

    ty_is_int(ty_align(dj, de, NULL, &al, &e), TY_OK, "%s: aligns", name);
    for (size_t k = 0; beads[k]; k++) {
        size_t jf, jc, ef, ec;
        if (sscanf(beads[k], "%zu:%zu:%zu:%zu", &jf, &jc, &ef, &ec) != 4)
            abort();
        ty_ok(al && has_bead(al, jf, jc, ef, ec), "%s: bead %zu+%zu : %zu+%zu", name, jf, jc, ef, ec);
    }
    for (size_t k = 0; al && k < ty_alignment_count(al); k++) {
        const ty_bead *b = ty_alignment_bead(al, k);
        ty_diag("  %s bead at %zu:%zu (%.3f)", ty_bead_shape_name(b), b->ja_first, b->en_first,
                b->confidence);
    }
    ty_alignment_free(al);
    ty_doc_free(dj);
    ty_doc_free(de);
}

/* The transcript phenomena the model has terms for (score.c, cues.c). */
static void test_transcript_phenomena(void)
{
    /* "２点目です。" folded into "Secondly, …": a 2:1 bead, not a 1:0 and a 1:1 */
    static const char ja1[] =
        "【外務大臣】冒頭、２点申し上げます。\n"
        "まず、ペルーにおける洪水被害に対し、八十万ドルの緊急無償資金協力を実施することを決定しました。\n"
        "本協力は、被災地における食料や水の分野での支援に充てられます。\n"
        "２点目です。\n"
        "私は、４月９日から１１日まで、イタリアを訪問し、ルッカで開催されるＧ７外相会合に出席いたします。\n"
        "今回の会合では、北朝鮮やシリアなどの地域情勢について、率直な議論を行いたいと考えております。\n";
    static const char en1[] =
        "Minister: I have two announcements. First, the Government decided to extend Emergency Grant Aid of 800,000 dollars in response to the floods in Peru.\n"
        "This assistance will be used in such sectors as food and water in the affected areas.\n"
        "Secondly, I will visit Italy from April 9 to 11 to attend the G7 Foreign Ministers' Meeting in Lucca.\n"
        "At this meeting, I would like to hold frank discussions on regional affairs, including North Korea and Syria.\n";
    static const char *const beads1[] = {"3:2:2:1", "5:1:3:1", NULL};
    /* the same sentence twice in the Japanese transcript, translated once: the later copy is
     * left out */
    static const char ja2[] =
        "【外務大臣】中国による日本産水産物の輸入停止措置は、科学的根拠に基づかないものです。\n"
        "これを踏まえ、専門家レベルでの科学的な議論を、これまでに三回にわたり実施してきております。\n"
        "これを踏まえ、専門家レベルでの科学的な議論を、これまでに三回にわたり実施してきております。\n"
        "引き続き、即時撤廃を強く求めてまいります。\n";
    static const char en2[] =
        "Minister: China's suspension of imports of Japanese marine products is not based on scientific evidence.\n"
        "Based on this, three rounds of scientific discussions at the expert level have been held so far.\n"
        "We will continue to strongly urge the immediate lifting of the measures.\n";
    static const char *const beads2[] = {"1:1:1:1", "2:1:2:0", "3:1:2:1", NULL};
    /* a sentence with a figure the English holds is not left out: with the 300 and the 15
     * it pairs with the English sentence that holds them */
    static const char ja3[] =
        "被災地域には、約３００名の邦人が滞在していたことが確認されています。\n"
        "このうち、これまでに約１５０名と連絡が取れております。\n"
        "引き続き、残りの方々との連絡に全力を挙げてまいります。\n";
    static const char en3[] =
        "Of the approximately 300 Japanese nationals confirmed to have been staying in the affected areas, we have so far been able to contact around 150.\n"
        "We will continue to do our utmost to contact the others.\n";
    static const char *const beads3[] = {"0:2:0:1", "2:1:1:1", NULL};
    /* a sentence restated more briefly, translated once: the restatement is left out, not
     * joined to the sentence it restates */
    static const char ja4[] =
        "【外務大臣】北朝鮮による拉致問題は、内閣の最重要課題です。\n"
        "被害者の御家族も高齢となる中、一刻の猶予もありません。\n"
        "引き続き、米国等と緊密に連携しながら、全ての拉致被害者の一日も早い帰国の実現に向けて、全力で取り組んでまいります。\n"
        "全ての拉致被害者の一日も早い帰国の実現に向けて、全力を尽くします。\n"
        "また、来週にはジュネーブで国連人権理事会が開催されます。\n";
    static const char en4[] =
        "Minister: The abduction issue by North Korea is the most important issue for the Cabinet.\n"
        "With the families of the victims ageing, there is no time to lose.\n"
        "We will continue to do our utmost to realize the return of all abductees at the earliest possible date, in close coordination with the United States and others.\n"
        "Next week, the UN Human Rights Council will be held in Geneva.\n";
    static const char *const beads4[] = {"2:1:2:1", "3:1:3:0", "4:1:3:1", NULL};
    /* a reporter's question, asked as a request to be told, becomes two English questions:
     * the question goes with the questions (1:2), not with the background before it */
    static const char ja5[] =
        "【外務大臣】私からは以上です。\n"
        "【記者】ウクライナ情勢について伺います。\n"
        "停戦に向けた協議の見通しはいかがでしょうか。\n"
        "【外務大臣】引き続き、G7と緊密に連携しながら、外交努力を続けてまいります。\n"
        "【記者】日露関係についてお伺いします。\n"
        "今月、モスクワで、北方四島における共同経済活動に関する日露の次官級協議が初めて開催されました。\n"
        "協議の成果と、来月にも予定される日露外相会談に向けた見通しについて、大臣のお考えをお聞かせください。\n"
        "【外務大臣】今回の協議では、幅広い分野について率直な意見交換を行いました。\n"
        "外相会談の日程は、現時点では何も決まっておりません。\n";
    static const char en5[] =
        "Minister: That is all from me.\n"
        "Reporter: I would like to ask about the situation in Ukraine.\n"
        "What is your outlook for the talks toward a ceasefire?\n"
        "Minister: We will continue our diplomatic efforts in close coordination with the G7.\n"
        "Reporter: On Japan-Russia relations, the first Vice-Ministerial Consultations on joint economic activities on the Four Northern Islands were held in Moscow this month.\n"
        "Could you tell us about the outcome?\n"
        "Also, what is your outlook for the Foreign Ministers' Meeting expected next month?\n"
        "Minister: At the consultations, we had a frank exchange of views on a wide range of areas.\n"
        "Nothing has been decided about the schedule of the Foreign Ministers' Meeting.\n";
    static const char *const beads5[] = {"2:1:2:1", "4:2:4:1", "6:1:5:2", "7:1:7:1", NULL};

    /* one Japanese sentence rendered as two English ones, the second pointing back ("This
     * is …"): it goes on the first one's bead (here a 2:2, the "２点目です。" folded in), not
     * left out */
    static const char ja6[] =
        "【外務大臣】冒頭、２点申し上げます。\n"
        "まず、本日、政府は、地震の被害を受けた国に対し、国際機関を通じて、二百万ドルの緊急無償資金協力を実施することを決定しました。\n"
        "本協力は、被災地における食料、飲料水、保健の分野での人道支援に充てられます。\n"
        "２点目です。\n"
        "拉致問題については、総理自身が相手国の指導者と直接向き合い、あらゆるチャンスを逃さず解決を図っていく決意であり、これは政府の一貫した方針です。\n"
        "被害者の御家族も御高齢となる中、もはや一刻の猶予も許されません。\n"
        "引き続き、米国等と緊密に連携しながら、全力で取り組んでまいります。\n"
        "【記者】来週の外相会合について伺います。\n"
        "会合ではどのような議題が取り上げられる見通しでしょうか。\n"
        "【外務大臣】地域情勢や経済安全保障について、率直な意見交換を行いたいと考えております。\n"
        "日程の詳細は、現在調整中です。\n";
    static const char en6[] =
        "Minister: I have two announcements.\n"
        "First, today the Government decided to extend Emergency Grant Aid of 2 million dollars through international organizations to the country affected by the earthquake.\n"
        "The assistance will be used for humanitarian assistance in such sectors as food, drinking water and health in the affected areas.\n"
        "Secondly, with regard to the abductions issue, the Prime Minister himself is determined to face the leader of the other country directly and resolve the issue without missing any opportunity.\n"
        "This is the consistent policy of the Government.\n"
        "With the families of the abductees growing older, there is not a single moment to lose.\n"
        "We will continue to do our utmost in close coordination with the United States and others.\n"
        "Reporter: I would like to ask about next week's Foreign Ministers' Meeting.\n"
        "What topics are expected to be taken up at the meeting?\n"
        "Minister: I would like to have a frank exchange of views on regional affairs and economic security.\n"
        "The details of the schedule are currently being coordinated.\n";
    static const char *const beads6[] = {"3:2:3:2", "5:1:5:1", NULL};
    /* the English sentence that quotes what the Japanese sentence quotes renders it, with the
     * note after it that explains the name, rather than being left out while the note takes
     * the Japanese sentence */
    static const char ja7[] =
        "【記者】旅券の申請手続について伺います。\n"
        "オンライン申請はいつから始まるのでしょうか。\n"
        "【外務大臣】来年三月から、全ての都道府県で旅券のオンライン申請が可能となる予定です。\n"
        "申請される方は、「マイナポータル」を御利用いただくようお願いします。\n"
        "【記者】ありがとうございました。\n";
    static const char en7[] =
        "Reporter: I would like to ask about passport applications.\n"
        "When will online applications begin?\n"
        "Minister: Online passport applications are expected to become available in all prefectures from March next year.\n"
        "I ask those who apply to use \u201cMynaportal.\u201d\n"
        "Mynaportal is the Government's online service for administrative procedures.\n"
        "Reporter: Thank you.\n";
    static const char *const beads7[] = {"3:1:3:2", NULL};

    expect_beads("enumeration", ja1, en1, beads1);
    expect_beads("repetition", ja2, en2, beads2);
    expect_beads("figures", ja3, en3, beads3);
    expect_beads("restatement", ja4, en4, beads4);
    expect_beads("question", ja5, en5, beads5);
    expect_beads("continuation", ja6, en6, beads6);
    expect_beads("quotation", ja7, en7, beads7);
}

/* Rare content (learn.c): per segment, its distinct tokens (kanji bigrams, a lone kanji,
 * katakana words, English words of 3+ letters) that no other segment of the document holds;
 * the punctuation Han shares with kana is no kanji. */
static void test_rare_counts(void)
{
    static const struct {
        ty_lang lang;
        const char *text;
        unsigned rare[6];
    } t[] = {
        /* 外務 務大 大臣 are in both of the first two; 会見 行 / 出席; ガザ 地区 情勢 */
        {TY_LANG_JA, "外務大臣が会見を行った。\n外務大臣が出席した。\nガザ地区の情勢について。\n", {2, 1, 3}},
        /* 日本 twice; 米国 once; no 本、 or 、米 */
        {TY_LANG_JA, "日本、米国。\n日本\n", {1, 0}},
        /* a repeated token counts once (会談, and 後 alone); hiragana only: none */
        {TY_LANG_JA, "会談の後、会談。\nそれでは。\n", {2, 0}},
        /* the, minister in both; words under 3 letters are not tokens */
        {TY_LANG_EN, "The Minister attended the meeting.\nThe Minister held talks.\nGo to it.\n", {2, 2, 0}},
    };
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
        ty_doc *d = doc(t[k].lang, t[k].text);
        ty__side side = {0};
        uint64_t total = 0, want = 0;
        size_t n = ty_doc_count(d);
        for (size_t i = 0; i < n; i++)
            if (ty__side_push(&side, 1, 0, NULL, 0) != TY_OK)
                exit(99);
        if (ty__side_finish(&side) != TY_OK)
            exit(99);
        ty_is_int(ty__rare_counts(d, &side, &total), TY_OK, "rare counts %zu: status", k);
        for (size_t i = 0; i < n; i++) {
            ty_is_int(side.u[i].rare, (int)t[k].rare[i], "rare counts %zu: segment %zu", k, i);
            want += t[k].rare[i];
        }
        ty_is_int((int)total, (int)want, "rare counts %zu: total", k);
        ty__side_free(&side);
        ty_doc_free(d);
    }
}

/* Whether Japanese unit i and English unit j of the sides share a learned key. */
static int share_learned(const ty__side *ja, const ty__side *en, const ty__keys *keys, size_t i,
                         size_t j)
{
    for (size_t x = 0; x < ja->u[i].key_n; x++)
        for (size_t y = 0; y < en->u[j].key_n; y++) {
            uint32_t k = ja->key[ja->u[i].key_off + x];
            if (k == en->key[en->u[j].key_off + y] && keys->kind[k] == TY__KIND_LEARNED)
                return 1;
        }
    return 0;
}

/* The learned lexicon (learn.c) from six 1:1 beads: キョウト in the first five Japanese
 * sentences, Kyoto in the first two English ones (2 co-occurrences, Dice 4/7: a link);
 * ナラ and Nara together in the last three (Dice 1). With own_bead, a Japanese unit's link to
 * a word of its own bead's English side counts only when it holds on the other beads with
 * Dice >= 0.6: キョウト -> kyoto does not (1 co-occurrence left, Dice 2/5), so unit 0 no
 * longer shares it with its own English side while unit 2, whose bead has no Kyoto, still
 * does with English unit 0; ナラ -> nara does (Dice 1 without any one bead). */
static void test_learned_own_bead(void)
{
    static const char *ja_text = "キョウトの話。\nキョウトへ。\nキョウトから。\nキョウトとナラへ。\n"
                                 "キョウトとナラで。\nナラへ。\n";
    static const char *en_text = "Kyoto appears first.\nKyoto returns quickly.\nNothing else here.\n"
                                 "Nara stays calm.\nNara remains open.\nNara again today.\n";
    static const struct {
        size_t i, j;
        int shared[2]; /* without, with own_bead */
    } t[] = {
        {0, 0, {1, 0}}, /* キョウト -> kyoto, learned from this very bead */
        {1, 1, {1, 0}},
        {2, 0, {1, 1}}, /* its own bead holds no Kyoto */
        {3, 3, {1, 1}}, /* ナラ -> nara holds on the other beads */
        {5, 5, {1, 1}},
        {2, 2, {0, 0}}, /* nothing learned links them */
    };
    ty_doc *jd = doc(TY_LANG_JA, ja_text), *ed = doc(TY_LANG_EN, en_text);
    ty_bead beads[6];
    ty__path path = {0};
    ty_error err;

    for (size_t k = 0; k < 6; k++)
        beads[k] = (ty_bead){.ja_first = k, .ja_count = 1, .en_first = k, .en_count = 1,
                             .confidence = 1.0};
    path.bead = beads;
    path.n = 6;
    for (int run = 0; run < 4; run++) { /* the English keys on a second thread or not */
        int own = run / 2, two = run % 2;
        ty__side sja = {0}, sen = {0};
        ty__keys keys = {0};
        for (size_t k = 0; k < 6; k++)
            if (ty__side_push(&sja, 10, 0, NULL, 0) != TY_OK ||
                ty__side_push(&sen, 20, 0, NULL, 0) != TY_OK)
                exit(99);
        if (ty__side_finish(&sja) != TY_OK || ty__side_finish(&sen) != TY_OK)
            exit(99);
        ty_is_int(ty__learn_lexicon(jd, ed, &path, 0.9, own, &keys, &sja, &sen, two, &err),
                  TY_OK, "learned, own_bead %d, two threads %d: status", own, two);
        for (size_t k = 0; k < sizeof t / sizeof t[0]; k++)
            ty_is_int(share_learned(&sja, &sen, &keys, t[k].i, t[k].j), t[k].shared[own],
                      "learned, own_bead %d, two threads %d: ja %zu and en %zu share a learned "
                      "key",
                      own, two, t[k].i, t[k].j);
        ty__side_free(&sja);
        ty__side_free(&sen);
        ty__keys_free(&keys);
    }
    ty_doc_free(jd);
    ty_doc_free(ed);
}

/* A side's units are sets of interned key ids (sides.c sorts a whole side's keys at once):
 * each unit holds, sorted and once each, the ids of its segment's anchors, whatever their
 * order and repeats in the text, on both sides of one key table; and each unit of the
 * coarser side, the keys of weight of the two it merges. */
static void test_side_sets(void)
{
    static const struct {
        ty_lang lang;
        const char *text;
    } t[] = {
        {TY_LANG_EN, "Blinken met Sullivan in 2024 and 2024.\nG7 G7 G7 Sullivan Blinken.\n"
                     "No names here.\nSullivan, Sullivan and G7 in July 2024.\n\n"
                     "The G20 and the G7 met Lavrov, Lavrov and Blinken.\n"},
        {TY_LANG_JA, "ブリンケン長官とサリバン補佐官が2024年に会談。\nG7のG7会合。\n\n"
                     "サリバン、ブリンケン、ブリンケン。\nこれは。\n"},
        /* coarse units of more than 24 keys of weight, some rarer than others */
        {TY_LANG_EN, "Figures 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24 and 25.\n"
                     "Figures 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 11, 12, 13 and 14.\n"
                     "Figures 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24 and 26.\n"
                     "Figures 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63 and 64.\n"
                     "Figures 20, 21, 22, 23, 24, 25, 26, 31, 32, 33, 34, 35, 36 and 37.\n"},
    };
    ty_anchor_ctx *ctx;
    ty__keys keys = {0};
    ty_error err;

    if (ty__anchor_ctx_new(NULL, &ctx, &err) != TY_OK) {
        ty_ok(0, "side sets: context: %s", err.message);
        return;
    }
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
        ty_doc *d = doc(t[k].lang, t[k].text);
        ty__side side = {0};
        size_t n = ty_doc_count(d);
        ty_is_int(ty__side_from_doc(d, ctx, 0, &keys, &side, NULL, &err), TY_OK,
                  "side sets %zu: status", k);
        ty_is_int((long long)side.n, (long long)n, "side sets %zu: one unit a segment", k);
        for (size_t i = 0; i < n && i < side.n; i++) {
            const ty_segment *sg = ty_doc_segment(d, i);
            ty_anchor_set set = {0};
            uint32_t want[256];
            size_t nw = 0, w = 0;
            if (ty__anchors_extract(ctx, t[k].lang, sg->text, sg->len, &set) != TY_OK)
                exit(99);
            for (size_t a = 0; a < set.n && nw < 256; a++)
                want[nw++] = ty__keys_intern(&keys, set.v[a].kind, set.v[a].key);
            ty__sort_u32(want, nw);
            for (size_t r = 0; r < nw; r++)
                if (w == 0 || want[r] != want[w - 1])
                    want[w++] = want[r];
            ty_ok(side.u[i].key_n == w &&
                      memcmp(side.key + side.u[i].key_off, want, w * sizeof *want) == 0,
                  "side sets %zu: unit %zu holds its %zu distinct ids, sorted", k, i, w);
            ty__anchor_set_free(&set);
        }
        /* a coarse unit: the keys of positive weight of its two units (24 at most here
         * too), sorted, once each */
        static const double carry[TY__KINDS] = {0.9, 0.9, 0.9, 0.9, 0.9};
        ty__side coarse = {0};
        ty_is_int(ty__keys_weigh(&keys, &side, &side, carry), TY_OK, "side sets %zu: weighed", k);
        ty_is_int(ty__side_coarsen(&side, &keys, &coarse), TY_OK, "side sets %zu: coarsened", k);
        for (size_t i = 0; i < coarse.n; i++) {
            const uint32_t *c = coarse.key + coarse.u[i].key_off;
            size_t want = 0, held = 0, sorted = 1;
            for (size_t id = 0; id < keys.n; id++) {
                int in = 0;
                for (size_t f = 2 * i; f < 2 * i + 2 && f < side.n; f++)
                    for (size_t x = 0; x < side.u[f].key_n; x++)
                        in |= side.key[side.u[f].key_off + x] == id;
                want += in && keys.pos[id] > 0;
                for (size_t x = 0; x < coarse.u[i].key_n; x++)
                    held += in && keys.pos[id] > 0 && c[x] == id;
            }
            for (size_t x = 1; x < coarse.u[i].key_n; x++)
                sorted &= c[x - 1] < c[x];
            ty_ok(sorted && held == coarse.u[i].key_n && held == (want < 24 ? want : 24),
                  "side sets %zu: coarse unit %zu holds its %zu keys of weight, sorted", k, i,
                  held);
            /* the ones left out weigh less than every one kept, or as much with a higher id */
            size_t wrong = 0;
            for (size_t id = 0; id < keys.n; id++) {
                int in = 0, kept = 0;
                for (size_t f = 2 * i; f < 2 * i + 2 && f < side.n; f++)
                    for (size_t x = 0; x < side.u[f].key_n; x++)
                        in |= side.key[side.u[f].key_off + x] == id;
                for (size_t x = 0; x < coarse.u[i].key_n; x++)
                    kept |= c[x] == id;
                if (!in || kept || !(keys.pos[id] > 0))
                    continue;
                for (size_t x = 0; x < coarse.u[i].key_n; x++)
                    wrong += keys.pos[c[x]] < keys.pos[id] ||
                             (keys.pos[c[x]] == keys.pos[id] && c[x] > id);
            }
            ty_ok(wrong == 0, "side sets %zu: coarse unit %zu keeps the rarest (%zu of %zu)", k,
                  i, held, want);
        }
        ty__side_free(&coarse);
        ty__side_free(&side);
        ty_doc_free(d);
    }
    ty__keys_free(&keys);
    ty__anchor_ctx_free(ctx);
}

/* Whether two sides hold the same units: lengths, flags, keys and cumulative lengths. */
static int same_side(const ty__side *a, const ty__side *b)
{
    if (a->n != b->n || a->nkey != b->nkey || memcmp(a->key, b->key, a->nkey * sizeof *a->key))
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->u[i].len != b->u[i].len || a->u[i].flags != b->u[i].flags ||
            a->u[i].key_off != b->u[i].key_off || a->u[i].key_n != b->u[i].key_n ||
            a->cum[i + 1] != b->cum[i + 1])
            return 0;
    return 1;
}

/* The English side read with a key table of its own (as on a second thread, with a context
 * of its own) and then moved to the pair's table by ty__side_rekey holds the units, ids and
 * kinds that reading it after the Japanese side in the pair's table gives: keys both sides
 * hold, keys of the English side only (met before and after shared ones), repeats, an
 * English side without keys, an empty one. */
static void test_side_rekey(void)
{
    static const struct {
        const char *ja, *en;
    } t[] = {
        {"ブリンケン長官とサリバン補佐官が2024年に会談。\nG7のG7会合。\n\nこれは。\n",
         "Lavrov met Blinken in 2024.\nThe G20 and the G7 met.\n\nSullivan, Sullivan and Kyoto "
         "in July 2024.\nNo names here.\n"},
        {"2024年7月1日。\n東京で。\n", "Tokyo, Osaka, Nagoya, G7, G20, 1 July 2024, 15%.\n"},
        {"2024年7月1日。\n", "no keys here.\n"},
        {"これは。\n", "Kyoto and 2025.\n"},
        {"2024年。\n", ""},
        {"これは。\n", "We will keep working closely with our partners in Kyoto.\nThank you.\n"
                       "We will keep working closely with our partners in Kyoto.\n"},
    };
    ty_anchor_ctx *ctx, *ctx2;
    ty_error err;

    if (ty__anchor_ctx_new(NULL, &ctx, &err) != TY_OK ||
        ty__anchor_ctx_new(NULL, &ctx2, &err) != TY_OK) {
        ty_ok(0, "side rekey: context: %s", err.message);
        return;
    }
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
        ty_doc *dj = doc(TY_LANG_JA, t[k].ja), *de = doc(TY_LANG_EN, t[k].en);
        ty__keys one = {0}, two = {0}, own = {0};
        ty__side ja1 = {0}, en1 = {0}, ja2 = {0}, en2 = {0};
        ty_is_int(ty__side_from_doc(dj, ctx, 0, &one, &ja1, NULL, &err), TY_OK,
                  "side rekey %zu: ja, one table", k);
        ty_is_int(ty__side_from_doc(de, ctx, 0, &one, &en1, NULL, &err), TY_OK,
                  "side rekey %zu: en after it", k);
        ty_is_int(ty__side_from_doc(dj, ctx, 0, &two, &ja2, NULL, &err), TY_OK,
                  "side rekey %zu: ja again", k);
        /* read without its repetition marks, which are made apart and added after */
        uint16_t rep[8] = {0};
        size_t nrep = 0;
        ty_is_int(ty__side_read(de, ctx2, 0, 0, &own, &en2, NULL, &err), TY_OK,
                  "side rekey %zu: en, a table of its own", k);
        ty_is_int(ty__mark_repeats(de, rep), TY_OK, "side rekey %zu: repetitions marked", k);
        for (size_t i = 0; i < en2.n && i < 8; i++) {
            ty_ok(!(en2.u[i].flags & TY__U_REPEAT), "side rekey %zu: unit %zu not marked yet", k,
                  i);
            en2.u[i].flags |= rep[i];
            nrep += (rep[i] & TY__U_REPEAT) != 0;
        }
        if (k == 5)
            ty_is_int((long long)nrep, 1, "side rekey %zu: one repetition", k);
        ty_is_int(ty__side_rekey(&en2, &own, &two), TY_OK, "side rekey %zu: moved", k);
        ty_ok(one.n == two.n && memcmp(one.kind, two.kind, one.n) == 0,
              "side rekey %zu: the same %zu ids of the same kinds", k, one.n);
        for (size_t i = 0; i < one.ids.cap; i++)
            if (one.ids.used[i]) {
                uint32_t *id = ty__u64map_find(&two.ids, one.ids.key[i]);
                if (!id || *id != one.ids.val[i]) {
                    ty_ok(0, "side rekey %zu: key %llx has id %u in both", k,
                          (unsigned long long)one.ids.key[i], one.ids.val[i]);
                    break;
                }
            }
        ty_ok(same_side(&ja1, &ja2) && same_side(&en1, &en2),
              "side rekey %zu: the same units, keys and lengths", k);
        ty_ok(en2.key != NULL && en2.cum != NULL, "side rekey %zu: key and cum arrays made", k);
        ty__side_free(&ja1);
        ty__side_free(&en1);
        ty__side_free(&ja2);
        ty__side_free(&en2);
        ty__keys_free(&one);
        ty__keys_free(&two);
        ty__keys_free(&own);
        ty_doc_free(dj);
        ty_doc_free(de);
    }
    ty__anchor_ctx_free(ctx);
    ty__anchor_ctx_free(ctx2);
}

/* The map from posterior to reported confidence (confidence.c), on a table of bead kinds in
 * their neighbourhood, over sides of four 20-character Japanese and 50-character English
 * units (lengths that agree at ratio 2.5): the confidence is a probability, rises with the
 * posterior, and a bead the model is unsure of (posterior 0.5) is not reported as one a
 * reviewer may skip. */
static void test_calibration_map(void)
{
    static const struct {
        const char *what;
        ty_bead beads[3]; /* the bead scored is the middle one */
        int lexicon;
    } kinds[] = {
        {"1:1 among 1:1", {{0, 1, 0, 1, 0}, {1, 1, 1, 1, 0}, {2, 1, 2, 1, 0}}, 1},
        {"1:1 among 1:1, no lexicon", {{0, 1, 0, 1, 0}, {1, 1, 1, 1, 0}, {2, 1, 2, 1, 0}}, 0},
        {"1:0", {{0, 1, 0, 1, 0}, {1, 1, 1, 0, 0}, {2, 1, 1, 1, 0}}, 1},
        {"0:1, no lexicon", {{0, 1, 0, 1, 0}, {1, 0, 1, 1, 0}, {1, 1, 2, 1, 0}}, 0},
        {"2:1", {{0, 1, 0, 1, 0}, {1, 2, 1, 1, 0}, {3, 1, 2, 1, 0}}, 1},
        {"1:2, no lexicon", {{0, 1, 0, 1, 0}, {1, 1, 1, 2, 0}, {2, 1, 3, 1, 0}}, 0},
        {"1:1 next to 0:1", {{0, 1, 0, 1, 0}, {1, 1, 1, 1, 0}, {2, 0, 2, 1, 0}}, 1},
    };
    static const double post[] = {0.5, 0.9, 0.99, 0.999, 0.9999};
    ty__side ja = {0}, en = {0};
    int built = 1;

    for (int i = 0; i < 4; i++)
        built &= ty__side_push(&ja, 20, 0, NULL, 0) == TY_OK &&
                 ty__side_push(&en, 50, 0, NULL, 0) == TY_OK;
    built &= ty__side_finish(&ja) == TY_OK && ty__side_finish(&en) == TY_OK;
    ty_ok(built, "calibration map: sides built");
    for (size_t c = 0; built && c < sizeof kinds / sizeof *kinds; c++) {
        double x[TY__CAL_FEATURES], prev = -1;
        ty__cal_ctx cx = {&ja, &en, 2.5, 0.35, 8, kinds[c].lexicon, 0};
        int ok = 1;
        for (size_t p = 0; p < sizeof post / sizeof *post; p++) {
            ty__cal_features(kinds[c].beads, 1, 3, post[p], &cx, x);
            double conf = ty__cal_apply(NULL, x);
            ok &= conf > 0 && conf < 1 && conf > prev && (p || conf < 0.9);
            prev = conf;
        }
        ty_ok(ok, "calibration %s: in (0,1), rising with the posterior, < 0.9 at 0.5 (%.4f at 0.9999)",
              kinds[c].what, prev);
        /* in a document the model is unsure of throughout: a 1:1 bead lower, others the same */
        ty__cal_ctx free_cx = cx;
        free_cx.unsure = 1;
        int one = kinds[c].beads[1].ja_count == 1 && kinds[c].beads[1].en_count == 1;
        ok = 1;
        for (size_t p = 0; p < sizeof post / sizeof *post; p++) {
            double y[TY__CAL_FEATURES];
            ty__cal_features(kinds[c].beads, 1, 3, post[p], &cx, x);
            ty__cal_features(kinds[c].beads, 1, 3, post[p], &free_cx, y);
            double a = ty__cal_apply(NULL, x), b = ty__cal_apply(NULL, y);
            ok &= one ? b < a : b == a;
        }
        ty_ok(ok, "calibration %s: %s in a document the model is unsure of", kinds[c].what,
              one ? "lower" : "the same");
    }
    ty__side_free(&ja);
    ty__side_free(&en);
}

/* The feature of the confidence map read from the sides (confidence.c): the posterior when
 * the bead's lengths disagree (z^2 >= 2 under the length model: c 2.5, sigma 0.35, smoothing
 * 8), else 0; 0 without sides. Japanese units of 20 characters; English units of 50, 400, 83
 * and 90. */
static void test_calibration_features(void)
{
    static const uint32_t en_len[] = {50, 400, 83, 90};
    static const struct {
        const char *what;
        ty_bead bead;
        double want; /* x[6] at posterior 0.8 */
    } t[] = {
        {"1:1, lengths agree (z 0)", {0, 1, 0, 1, 0}, 0},
        {"1:1, English 20x longer (z 5.6)", {1, 1, 1, 1, 0}, 0.8},
        {"1:1, z 1.29 (z^2 1.66 < 2)", {2, 1, 2, 1, 0}, 0},
        {"1:1, z 1.50 (z^2 2.24 >= 2)", {2, 1, 3, 1, 0}, 0.8},
        {"2:1, z -1.78", {0, 2, 0, 1, 0}, 0.8},
        {"1:2, z 5.9", {1, 1, 0, 2, 0}, 0.8},
        {"1:0: no lengths to compare", {0, 1, 0, 0, 0}, 0},
        {"0:1: no lengths to compare", {0, 0, 1, 1, 0}, 0},
    };
    ty__side ja = {0}, en = {0};
    int ok = 1;

    for (size_t i = 0; i < 3; i++)
        ok &= ty__side_push(&ja, 20, 0, NULL, 0) == TY_OK;
    for (size_t i = 0; i < 4; i++)
        ok &= ty__side_push(&en, en_len[i], 0, NULL, 0) == TY_OK;
    ok &= ty__side_finish(&ja) == TY_OK && ty__side_finish(&en) == TY_OK;
    ty_ok(ok, "calibration features: sides built");
    for (size_t c = 0; ok && c < sizeof t / sizeof *t; c++) {
        double x[TY__CAL_FEATURES];
        ty__cal_ctx cx = {&ja, &en, 2.5, 0.35, 8, 1, 0};
        ty__cal_features(&t[c].bead, 0, 1, 0.8, &cx, x);
        ty_ok(fabs(x[6] - t[c].want) < 1e-12 && x[2] == 1, "calibration features, %s: %.3f",
              t[c].what, x[6]);
        /* without sides (tests), it is 0 */
        cx = (ty__cal_ctx){NULL, NULL, 2.5, 0.35, 8, 0, 0};
        ty__cal_features(&t[c].bead, 0, 1, 0.8, &cx, x);
        ty_ok(x[6] == 0 && x[2] == 0, "calibration features, %s, no sides", t[c].what);
    }
    ty__side_free(&ja);
    ty__side_free(&en);
}

/* How much of its document the model is unsure of (confidence.c): ty__cal_unsure is the share
 * of the beads whose posterior is below 0.9, with 20 beads at the corpus's share 0.11 added,
 * and the map's last feature is that share for a 1:1 bead and 0 for any other shape or
 * without a context. */
static void test_calibration_unsure(void)
{
    static const struct {
        const char *what;
        double post[4];
        size_t n;
        double want;
    } shares[] = {
        {"no beads: the prior", {0}, 0, 0.11},
        {"one sure bead", {0.95}, 1, 2.2 / 21},
        {"one unsure bead", {0.5}, 1, 3.2 / 21},
        {"0.9 is sure, 0.8999 is not", {0.9, 0.8999, 1, 0.2}, 4, 4.2 / 24},
        {"all unsure", {0.1, 0.3, 0.5, 0.7}, 4, 6.2 / 24},
    };
    static const struct {
        const char *what;
        ty_bead bead;
        int ctx;
        double want; /* x[7] with a share of 0.25 */
    } feats[] = {
        {"1:1", {0, 1, 0, 1, 0}, 1, 0.25},
        {"1:1 without a context", {0, 1, 0, 1, 0}, 0, 0},
        {"1:0", {0, 1, 0, 0, 0}, 1, 0},
        {"0:1", {0, 0, 0, 1, 0}, 1, 0},
        {"2:1", {0, 2, 0, 1, 0}, 1, 0},
        {"1:2", {0, 1, 0, 2, 0}, 1, 0},
        {"2:2", {0, 2, 0, 2, 0}, 1, 0},
    };

    for (size_t c = 0; c < sizeof shares / sizeof *shares; c++) {
        ty_bead b[4] = {{0}};
        for (size_t k = 0; k < shares[c].n; k++)
            b[k] = (ty_bead){k, 1, k, 1, shares[c].post[k]};
        double got = ty__cal_unsure(b, shares[c].n);
        ty_ok(fabs(got - shares[c].want) < 1e-12, "calibration unsure share, %s: %.3f",
              shares[c].what, got);
    }
    for (size_t c = 0; c < sizeof feats / sizeof *feats; c++) {
        double x[TY__CAL_FEATURES];
        ty__cal_ctx cx = {NULL, NULL, 2.5, 0.35, 8, 0, 0.25};
        ty__cal_features(&feats[c].bead, 0, 1, 0.8, feats[c].ctx ? &cx : NULL, x);
        ty_ok(x[7] == feats[c].want, "calibration unsure feature, %s: %.3f", feats[c].what, x[7]);
    }
}

/* The feature of a paired bead that an unpaired neighbour may belong to (confidence.c x[5]):
 * the English sentence after it, left out, continues it (TY__U_CONT), or the Japanese
 * sentence before it was left out, unless that sentence is a formula or a repetition (often
 * really untranslated); the scored bead is beads[k] of n. Four Japanese units of 20
 * characters, the last a formula (a greeting), and four English ones of 50, the third of
 * which continues the one before it. */
static void test_calibration_neighbours(void)
{
    static const struct {
        const char *what;
        ty_bead beads[3];
        size_t k, n;
        int sides;
        double want;
    } t[] = {
        {"1:1, then the English sentence that continues it left out",
         {{0, 1, 0, 1, 0}, {1, 1, 1, 1, 0}, {2, 0, 2, 1, 0}}, 1, 3, 1, 1},
        {"1:1, then an English sentence that does not continue left out",
         {{0, 1, 0, 1, 0}, {1, 1, 2, 1, 0}, {2, 0, 3, 1, 0}}, 1, 3, 1, 0},
        {"1:1 after a Japanese sentence left out", {{0, 1, 0, 1, 0}, {1, 1, 1, 0, 0}, {2, 1, 1, 1, 0}},
         2, 3, 1, 1},
        {"2:1 after a Japanese sentence left out", {{0, 1, 0, 0, 0}, {1, 2, 0, 1, 0}, {3, 1, 1, 1, 0}},
         1, 3, 1, 1},
        {"1:1 after a greeting left out (a formula)", {{0, 1, 0, 1, 0}, {3, 1, 1, 0, 0},
                                                      {1, 1, 1, 1, 0}}, 2, 3, 1, 0},
        {"1:1 after the continuing English sentence left out",
         {{0, 1, 0, 1, 0}, {1, 0, 2, 1, 0}, {1, 1, 3, 1, 0}}, 2, 3, 1, 0},
        {"1:1, then a Japanese sentence left out", {{0, 1, 0, 1, 0}, {1, 1, 1, 1, 0}, {2, 1, 2, 0, 0}},
         1, 3, 1, 0},
        {"the continuing English sentence itself, left out",
         {{0, 1, 0, 1, 0}, {1, 1, 1, 1, 0}, {2, 0, 2, 1, 0}}, 2, 3, 1, 0},
        {"1:1 among 1:1", {{0, 1, 0, 1, 0}, {1, 1, 1, 1, 0}, {2, 1, 2, 1, 0}}, 1, 3, 1, 0},
        {"the first bead, then the continuing sentence left out",
         {{1, 1, 1, 1, 0}, {2, 0, 2, 1, 0}, {0}}, 0, 2, 1, 1},
        {"the last bead, after a Japanese sentence left out", {{0, 1, 0, 0, 0}, {1, 1, 0, 1, 0}, {0}},
         1, 2, 1, 1},
        {"no sides: the continuing sentence is not known", {{0, 1, 0, 1, 0}, {1, 1, 1, 1, 0},
                                                           {2, 0, 2, 1, 0}}, 1, 3, 0, 0},
        {"no sides: after a Japanese sentence left out", {{0, 1, 0, 1, 0}, {1, 1, 1, 0, 0},
                                                         {2, 1, 1, 1, 0}}, 2, 3, 0, 1},
    };
    ty__side ja = {0}, en = {0};
    int ok = 1;

    for (size_t i = 0; i < 4; i++)
        ok &= ty__side_push(&ja, 20, i == 3 ? TY__U_FORMULA : 0, NULL, 0) == TY_OK &&
              ty__side_push(&en, 50, i == 2 ? TY__U_CONT : 0, NULL, 0) == TY_OK;
    ok &= ty__side_finish(&ja) == TY_OK && ty__side_finish(&en) == TY_OK;
    ty_ok(ok, "calibration neighbours: sides built");
    for (size_t c = 0; ok && c < sizeof t / sizeof *t; c++) {
        double x[TY__CAL_FEATURES];
        ty__cal_ctx cx = {t[c].sides ? &ja : NULL, t[c].sides ? &en : NULL, 2.5, 0.35, 8, 1, 0};
        ty__cal_features(t[c].beads, t[c].k, t[c].n, 0.8, &cx, x);
        ty_ok(x[5] == t[c].want, "calibration neighbours, %s: %g", t[c].what, x[5]);
    }
    ty__side_free(&ja);
    ty__side_free(&en);
}

int main(void)
{
    test_cases();
    test_confidence_and_merge();
    test_corridor();
    test_band_narrow();
    test_dp_posteriors();
    test_pair_cache_corridor();
    test_work_grow();
    test_empty();
    test_options();
    test_formula_table();
    test_formula_dropped();
    test_enum_table();
    test_continues_table();
    test_quotes_table();
    test_question_table();
    test_repeats();
    test_transcript_phenomena();
    test_rare_counts();
    test_learned_own_bead();
    test_side_sets();
    test_side_rekey();
    test_calibration_map();
    test_calibration_features();
    test_calibration_neighbours();
    test_calibration_unsure();
    return ty_done();
}
