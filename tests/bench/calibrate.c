/*
 * calibrate.c — fits and checks the map from a bead's posterior to the confidence ty_align
 * reports (src/align/confidence.c), on a folder of pairs with gold beads (shared/corpus:
 * NAME.ja.seg, NAME.en.seg, NAME.gold). Every pair is aligned from its gold segmentation
 * twice, with the installed dictionaries (EDICT/ENAMDICT) and without, and each bead is right
 * when it is exactly a gold bead.
 *   calibrate fit CORPUS [FILE]
 *                           fits the map's weights on all the beads (logistic regression by
 *                           Newton's method, a ridge of 1 on all but the constant, the
 *                           constant at most logit(0.895)) and prints
 *                           them as confidence.c holds them; with FILE (src/align/confidence.c),
 *                           also writes them into its `weights` line (through a temporary
 *                           file, renamed when complete): the refit after the aligner changes
 *                           is `calibrate fit CORPUS src/align/confidence.c` and a rebuild
 *   calibrate lodo CORPUS   leave one document out: each document's beads get the confidence
 *                           of a map fitted on the other documents' beads (both runs); prints,
 *                           with and without dictionaries, per 0.1 bin of confidence the beads,
 *                           the share right with its 95% interval, and whether the share is
 *                           within 5 points of the bin's centre, and the mean log loss; then
 *                           the same table for the
 *                           confidences ty_align reports (in-sample: its weights were fitted on
 *                           these documents); then the transcripts' figures (documents with 3
 *                           or more speaker labels: the press conferences), held out by
 *                           document and by a map fitted on the other documents only (a genre
 *                           the map has not seen, as the team's held-out transcripts are);
 *                           the last line sums up the held-out figures
 *   calibrate dump CORPUS   one line a bead: document, dictionaries used, right, reported
 *                           confidence, features (for trying other maps outside C)
 *   calibrate wrong CORPUS [MIN]
 *                           the beads that are wrong although their held-out confidence (as
 *                           `lodo` gives it) is at least MIN (0.9 if not given): one line each,
 *                           document, run (lexicon / none), the bead as `taiyaku align -f beads`
 *                           writes it, held-out and in-sample confidence, and the gold beads
 *                           that share a segment with it; then how many, per run. These are the
 *                           beads that keep the >= 0.9 bin from its claim
 * Not a test: it prints figures (tests/bench/calibration runs it; make bench).
 */
#include "config.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "align/align.h"
#include "taiyaku.h"

#define NF TY__CAL_FEATURES
#define MAX_DOCS 4096

/* One bead of one run: its document, whether the run used the dictionaries, its features,
 * the confidence ty_align reported, whether it is a gold bead, and its segments (ja_first,
 * ja_count, en_first, en_count). */
typedef struct row {
    int doc, lexicon, right;
    double x[NF], reported;
    size_t seg[4];
} row;

/* Each document's gold beads (as read_gold gives them), for `wrong`. */
static size_t *golds[MAX_DOCS], ngolds[MAX_DOCS];
/* Whether a document is a transcript: 3 or more of its Japanese segments open with a speaker
 * label (the press conferences; the team's held-out set is of them). */
static int transcript[MAX_DOCS];

typedef struct rows {
    row *v;
    size_t n, cap;
} rows;

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "calibrate: out of memory\n");
        exit(2);
    }
    return q;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0, k;

    if (!f)
        return NULL;
    do {
        if (n + 65536 > cap)
            buf = xrealloc(buf, cap = 2 * cap + 65536);
        k = fread(buf + n, 1, cap - n, f);
        n += k;
    } while (k > 0);
    fclose(f);
    *len = n;
    return buf;
}

/* base.ja.seg or base.en.seg as `taiyaku align --segmented` reads it: one segment a line,
 * speaker labels found. */
static ty_doc *read_doc(const char *base, ty_lang lang)
{
    char path[4200];
    size_t len;
    char *text;
    ty_doc *d = NULL;
    ty_segmenter *sg = NULL;
    ty_error err;

    snprintf(path, sizeof path, "%s.%s.seg", base, lang == TY_LANG_JA ? "ja" : "en");
    if (!(text = slurp(path, &len)) || ty_segmenter_new(lang, &sg, &err) != TY_OK ||
        ty_segment_lines(sg, text, len, path, &d, &err) != TY_OK) {
        fprintf(stderr, "calibrate: cannot read %s\n", path);
        exit(2);
    }
    ty_segmenter_free(sg);
    free(text);
    return d;
}

/* The gold beads of base.gold as (ja_first, ja_count, en_first, en_count); the beads of a
 * gold file are contiguous and in order, so a side's first index and count say it all. */
static size_t *read_gold(const char *base, size_t *count)
{
    char path[4200];
    size_t len, n = 0, cap = 0, *g = NULL, side[2], cnt[2];
    char *text, *p;

    snprintf(path, sizeof path, "%s.gold", base);
    if (!(text = slurp(path, &len))) {
        fprintf(stderr, "calibrate: cannot read %s\n", path);
        exit(2);
    }
    text = xrealloc(text, len + 1);
    text[len] = 0;
    for (p = text; *p;) {
        char *eol = strchr(p, '\n');
        int s = -1;
        if (eol)
            *eol = 0;
        cnt[0] = cnt[1] = 0;
        side[0] = side[1] = 0;
        for (char *q = p; *q; q++) {
            if (*q == '[')
                s++;
            else if (s >= 0 && s < 2 && *q >= '0' && *q <= '9') {
                size_t v = strtoul(q, &q, 10);
                if (!cnt[s]++)
                    side[s] = v;
                q--;
            }
        }
        if (s >= 1) {
            if (n + 4 > cap)
                g = xrealloc(g, (cap = 2 * cap + 64) * sizeof *g);
            g[n++] = side[0], g[n++] = cnt[0], g[n++] = side[1], g[n++] = cnt[1];
        }
        p = eol ? eol + 1 : p + strlen(p);
    }
    free(text);
    *count = n / 4;
    return g;
}

static int is_gold(const size_t *g, size_t ng, const ty_bead *b)
{
    for (size_t k = 0; k < ng; k++) {
        const size_t *e = g + 4 * k;
        /* an empty side's first index is where the bead stands: compare it only when both
         * sides are non-empty, or by the other side's position */
        if (e[1] == b->ja_count && e[3] == b->en_count &&
            (!e[1] || e[0] == b->ja_first) && (!e[3] || e[2] == b->en_first) &&
            (e[1] || e[3]))
            return 1;
    }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Align every pair of dir twice and collect the beads; the document names into names[]. */
static size_t collect(const char *dir, rows *out, char **names)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    size_t ndocs = 0;
    ty_lexicon *lex = NULL;
    ty_error err;

    if (!d) {
        fprintf(stderr, "calibrate: cannot open %s\n", dir);
        exit(2);
    }
    while ((de = readdir(d)) && ndocs < MAX_DOCS) {
        size_t l = strlen(de->d_name);
        if (l > 5 && !strcmp(de->d_name + l - 5, ".gold"))
            names[ndocs++] = strndup(de->d_name, l - 5);
    }
    closedir(d);
    qsort(names, ndocs, sizeof *names, cmp_str);
    if (ty_lexicon_load_default(&lex, NULL, &err) != TY_OK) {
        fprintf(stderr, "calibrate: %s\n", err.message);
        exit(2);
    }
    if (ty_lexicon_size(lex) == 0)
        printf("calibrate: note: no dictionaries in %s, both runs are without\n",
               TY_LEXICON_DEFAULT_DIR);
    for (size_t k = 0; k < ndocs; k++) {
        char base[4096];
        size_t ng;
        snprintf(base, sizeof base, "%s/%s", dir, names[k]);
        ty_doc *ja = read_doc(base, TY_LANG_JA), *en = read_doc(base, TY_LANG_EN);
        size_t *gold = read_gold(base, &ng), labels = 0;
        for (size_t i = 0; i < ty_doc_count(ja); i++)
            labels += ty_doc_segment(ja, i)->label != NULL;
        transcript[k] = labels >= 3;
        for (int lexicon = 1; lexicon >= 0; lexicon--) {
            ty_align_opts o;
            ty_alignment *al = NULL;
            ty_align_opts_init(&o);
            o.lexicon = lexicon ? lex : NULL;
            if (ty_align(ja, en, &o, &al, &err) != TY_OK) {
                fprintf(stderr, "calibrate: %s: %s\n", names[k], err.message);
                exit(2);
            }
            for (size_t b = 0; b < ty_alignment_count(al); b++) {
                row *r;
                if (out->n == out->cap)
                    out->v = xrealloc(out->v, (out->cap = 2 * out->cap + 1024) * sizeof *out->v);
                r = &out->v[out->n++];
                r->doc = (int)k;
                r->lexicon = lexicon;
                r->reported = ty_alignment_bead(al, b)->confidence;
                r->right = is_gold(gold, ng, ty_alignment_bead(al, b));
                memcpy(r->x, ty__alignment_features(al, b), sizeof r->x);
                const ty_bead *bd = ty_alignment_bead(al, b);
                r->seg[0] = bd->ja_first, r->seg[1] = bd->ja_count;
                r->seg[2] = bd->en_first, r->seg[3] = bd->en_count;
            }
            ty_alignment_free(al);
        }
        golds[k] = gold;
        ngolds[k] = ng;
        ty_doc_free(ja);
        ty_doc_free(en);
    }
    ty_lexicon_free(lex);
    return ndocs;
}

/* Solve a x = b (n x n, Gaussian elimination with partial pivoting) into b. */
static void solve(double a[NF][NF], double b[NF])
{
    for (int c = 0; c < NF; c++) {
        int p = c;
        for (int r = c + 1; r < NF; r++)
            if (fabs(a[r][c]) > fabs(a[p][c]))
                p = r;
        for (int k = 0; k < NF; k++) {
            double t = a[c][k];
            a[c][k] = a[p][k];
            a[p][k] = t;
        }
        double t = b[c];
        b[c] = b[p];
        b[p] = t;
        for (int r = 0; r < NF; r++) {
            if (r == c || a[c][c] == 0)
                continue;
            double f = a[r][c] / a[c][c];
            for (int k = c; k < NF; k++)
                a[r][k] -= f * a[c][k];
            b[r] -= f * b[c];
        }
    }
    for (int c = 0; c < NF; c++)
        b[c] = a[c][c] != 0 ? b[c] / a[c][c] : 0;
}

/* Newton steps of a logistic regression of right on x over the rows of the documents d with
 * use[d] (NULL: all), a ridge of 1 on all weights but the constant, from w; with held, the
 * constant stays at w[0]. */
static void fit_newton(const rows *rs, const unsigned char *use, double w[NF], int held)
{
    for (int it = 0; it < 50; it++) {
        double h[NF][NF] = {{0}}, g[NF] = {0}, step = 0;
        for (size_t k = 0; k < rs->n; k++) {
            const row *r = &rs->v[k];
            if (use && !use[r->doc])
                continue;
            double p = ty__cal_apply(w, r->x), v = p * (1 - p);
            for (int a = 0; a < NF; a++) {
                g[a] += (p - r->right) * r->x[a];
                for (int b = 0; b < NF; b++)
                    h[a][b] += v * r->x[a] * r->x[b];
            }
        }
        for (int a = 1; a < NF; a++) { /* the ridge */
            g[a] += w[a];
            h[a][a] += 1;
        }
        if (held) { /* no step for the constant */
            for (int a = 0; a < NF; a++)
                h[0][a] = h[a][0] = 0;
            h[0][0] = 1;
            g[0] = 0;
        }
        solve(h, g);
        for (int a = 0; a < NF; a++) {
            w[a] -= g[a];
            step = fabs(g[a]) > step ? fabs(g[a]) : step;
        }
        if (step < 1e-9)
            break;
    }
}

/* The most the map's constant may be: logit(0.895). Without a lexicon, a 1:1 bead whose
 * posterior is 0.5 (the model splits it evenly with a rival) gets the constant less the
 * unsure share's term, so it stays under 0.9 whatever its document (confidence.c; test_align's
 * calibration map holds it). */
#define MAX_CONSTANT 2.1447

/* The map's weights fitted on the rows of the documents d with use[d] (NULL: all): the
 * logistic regression, and again with the constant held at MAX_CONSTANT when it comes out
 * above. */
static void fit(const rows *rs, const unsigned char *use, double w[NF])
{
    memset(w, 0, NF * sizeof *w);
    fit_newton(rs, use, w, 0);
    if (w[0] > MAX_CONSTANT) {
        w[0] = MAX_CONSTANT;
        fit_newton(rs, use, w, 1);
    }
}

/* What confidence c cost a bead that was right or not: minus the log of the confidence given
 * to what happened (c kept within 1e-6 of 0 and 1). */
static double bead_loss(double c, int right)
{
    c = c < 1e-6 ? 1e-6 : c > 1 - 1e-6 ? 1 - 1e-6 : c;
    return -log(right ? c : 1 - c);
}

/* The table of confidences conf[k] (k over the rows of one run) against right. Returns the
 * bins with beads whose share right is more than 5 points from the centre (*off10: those of
 * them with 10 beads or more), and sets *hi to the share right of the beads with confidence
 * >= 0.9 and *loss to the mean log loss (nats a bead: a measure of the whole map that does
 * not depend on the bins). */
static int table(const char *title, const rows *rs, const double *conf, int lexicon, double *hi,
                 size_t *nhi, int *off10, double *loss)
{
    size_t n[10] = {0}, ok[10] = {0}, hn = 0, hok = 0;
    int off = 0;
    double ll = 0;

    *off10 = 0;
    for (size_t k = 0; k < rs->n; k++) {
        if (rs->v[k].lexicon != lexicon)
            continue;
        int b = conf[k] >= 1 ? 9 : (int)(conf[k] * 10);
        n[b]++;
        ok[b] += rs->v[k].right;
        if (conf[k] >= 0.9)
            hn++, hok += rs->v[k].right;
        ll += bead_loss(conf[k], rs->v[k].right);
    }
    printf("%s, %s: confidence bin, beads, right, share right (95%% interval), within 5 points "
           "of the bin's centre\n",
           title, lexicon ? "with dictionaries" : "without dictionaries");
    for (int b = 0; b < 10; b++) {
        double c = (b + 0.5) / 10;
        if (!n[b]) {
            printf("  [%.1f, %.1f%s      0      0   -\n", b / 10.0, (b + 1) / 10.0, b == 9 ? "]" : ")");
            continue;
        }
        /* Wilson's interval */
        double N = (double)n[b], p = ok[b] / N, z = 1.96, den = 1 + z * z / N;
        double mid = (p + z * z / (2 * N)) / den;
        double half = z * sqrt(p * (1 - p) / N + z * z / (4 * N * N)) / den;
        int within = fabs(p - c) <= 0.05 + 1e-9;
        off += !within;
        *off10 += !within && n[b] >= 10;
        printf("  [%.1f, %.1f%s  %5zu  %5zu   %.3f (%.3f-%.3f)  %s\n", b / 10.0, (b + 1) / 10.0,
               b == 9 ? "]" : ")", n[b], ok[b], p, mid - half, mid + half,
               within ? "yes" : (fabs(c - p) <= 0.05 + half ? "no (within its interval)" : "no"));
    }
    *hi = hn ? (double)hok / (double)hn : 0;
    *nhi = hn;
    *loss = ll / (double)(n[0] + n[1] + n[2] + n[3] + n[4] + n[5] + n[6] + n[7] + n[8] + n[9]);
    printf("  confidence >= 0.9: %zu beads, %.4f right; log loss %.4f a bead\n", hn, *hi, *loss);
    return off;
}

/* Replace the initializer that follows WEIGHTS_LINE in `path` (up to its "};") by w, wrapped
 * at 100 columns; exit 2 naming the file when it cannot be read or written, or holds no such
 * initializer. */
#define WEIGHTS_LINE "static const double weights[TY__CAL_FEATURES] = {"
static void write_weights(const char *path, const double w[NF])
{
    size_t len, n, col;
    char *text = slurp(path, &len), *at, *end, tmp[4200];
    FILE *f;

    if (!text) {
        fprintf(stderr, "calibrate: cannot read %s\n", path);
        exit(2);
    }
    text = xrealloc(text, len + 1);
    text[len] = 0;
    if (!(at = strstr(text, WEIGHTS_LINE)) || !(end = strstr(at, "};"))) {
        fprintf(stderr, "calibrate: %s: no \"%s ... };\"\n", path, WEIGHTS_LINE);
        exit(2);
    }
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    if (!(f = fopen(tmp, "wb"))) {
        fprintf(stderr, "calibrate: cannot write %s\n", tmp);
        exit(2);
    }
    fwrite(text, 1, (size_t)(at - text), f);
    fputs(WEIGHTS_LINE "\n   ", f);
    col = 3;
    for (int a = 0; a < NF; a++) {
        char v[32];
        int l = snprintf(v, sizeof v, " %.4f%s", w[a], a + 1 < NF ? "," : "");
        if (col + (size_t)l > 100) {
            fputs("\n   ", f);
            col = 3;
        }
        fputs(v, f);
        col += (size_t)l;
    }
    fputs("\n}", f);
    n = len - (size_t)(end + 1 - text);
    if (fwrite(end + 1, 1, n, f) != n || fclose(f) != 0 || rename(tmp, path) != 0) {
        fprintf(stderr, "calibrate: cannot write %s\n", path);
        remove(tmp);
        exit(2);
    }
    free(text);
    printf("calibrate: wrote them into %s\n", path);
}

/* held[k]: row k's confidence under the map fitted on the other documents' rows. */
static double *held_out(const rows *rs, size_t ndocs)
{
    double *held = xrealloc(NULL, rs->n * sizeof *held), w[NF];
    unsigned char use[MAX_DOCS];

    memset(use, 1, ndocs);
    for (size_t d = 0; d < ndocs; d++) {
        use[d] = 0;
        fit(rs, use, w);
        use[d] = 1;
        for (size_t k = 0; k < rs->n; k++)
            if (rs->v[k].doc == (int)d)
                held[k] = ty__cal_apply(w, rs->v[k].x);
    }
    return held;
}

/* The share right of the transcripts' beads of one run with confidence conf[k] >= 0.9 (how
 * many into *n) and their mean log loss into *loss. */
static double transcripts_high(const rows *rs, const double *conf, int lexicon, size_t *n,
                               double *loss)
{
    size_t hn = 0, hok = 0, all = 0;
    double ll = 0;

    for (size_t k = 0; k < rs->n; k++) {
        const row *r = &rs->v[k];
        if (r->lexicon != lexicon || !transcript[r->doc])
            continue;
        ll += bead_loss(conf[k], r->right);
        all++;
        if (conf[k] >= 0.9)
            hn++, hok += r->right;
    }
    *n = hn;
    *loss = all ? ll / (double)all : 0;
    return hn ? (double)hok / (double)hn : 0;
}

/* The transcripts' beads held out by document (held), and scored by a map fitted on the
 * other documents only (no transcript among them: a new genre, as the team's held-out press
 * conferences are to a map fitted on Wikipedia and news). */
static void print_transcripts(const rows *rs, size_t ndocs, const double *held)
{
    unsigned char use[MAX_DOCS];
    size_t nt = 0, n[2][2];
    double w[NF], hi[2][2], ll[2][2];
    double *other = xrealloc(NULL, (rs->n ? rs->n : 1) * sizeof *other);

    for (size_t d = 0; d < ndocs; d++) {
        use[d] = !transcript[d];
        nt += (size_t)transcript[d];
    }
    if (!nt || nt == ndocs) {
        printf("calibration: transcripts (3 or more speaker labels): %zu of %zu documents, no "
               "figures across genres\n", nt, ndocs);
        free(other);
        return;
    }
    fit(rs, use, w);
    for (size_t k = 0; k < rs->n; k++)
        other[k] = ty__cal_apply(w, rs->v[k].x);
    for (int lexicon = 0; lexicon < 2; lexicon++) {
        hi[0][lexicon] = transcripts_high(rs, held, lexicon, &n[0][lexicon], &ll[0][lexicon]);
        hi[1][lexicon] = transcripts_high(rs, other, lexicon, &n[1][lexicon], &ll[1][lexicon]);
    }
    printf("calibration: the %zu transcripts (3 or more speaker labels), confidence >= 0.9 right: "
           "held out by document %.4f of %zu beads with dictionaries, %.4f of %zu without (log "
           "loss %.4f, %.4f); by a map fitted on the other %zu documents only %.4f of %zu, %.4f "
           "of %zu (log loss %.4f, %.4f)\n",
           nt, hi[0][1], n[0][1], hi[0][0], n[0][0], ll[0][1], ll[0][0], ndocs - nt, hi[1][1],
           n[1][1], hi[1][0], n[1][0], ll[1][1], ll[1][0]);
    free(other);
}

/* Print a bead (ja_first, ja_count, en_first, en_count) as `taiyaku align -f beads` does:
 * [3]:[4,5], [] for an empty side. */
static void print_bead(const size_t *b)
{
    for (int s = 0; s < 2; s++) {
        printf("%s[", s ? ":" : "");
        for (size_t i = 0; i < b[2 * s + 1]; i++)
            printf("%s%zu", i ? "," : "", b[2 * s] + i);
        printf("]");
    }
}

/* Whether the segment ranges [a, a + na) and [b, b + nb) share a segment. */
static int overlap(size_t a, size_t na, size_t b, size_t nb)
{
    return na && nb && a < b + nb && b < a + na;
}

/* `calibrate wrong`: the rows that are wrong with a held-out confidence of at least min. */
static void print_wrong(const rows *rs, size_t ndocs, char **names, double min)
{
    double *held = held_out(rs, ndocs);
    size_t n[2] = {0, 0};

    for (size_t k = 0; k < rs->n; k++) {
        const row *r = &rs->v[k];
        if (r->right || held[k] < min)
            continue;
        n[r->lexicon]++;
        printf("%s\t%s\t", names[r->doc], r->lexicon ? "lexicon" : "none");
        print_bead(r->seg);
        printf("\t%.3f\t%.3f\tgold", held[k], r->reported);
        for (size_t g = 0; g < ngolds[r->doc]; g++) {
            const size_t *e = golds[r->doc] + 4 * g;
            /* an unpaired bead (either one) stands at its empty side's position */
            int near = overlap(e[0], e[1], r->seg[0], r->seg[1]) ||
                       overlap(e[2], e[3], r->seg[2], r->seg[3]) ||
                       (!e[1] && overlap(e[2], e[3], r->seg[2], r->seg[3] + !r->seg[3])) ||
                       (!e[3] && overlap(e[0], e[1], r->seg[0], r->seg[1] + !r->seg[1]));
            if (near) {
                printf(" ");
                print_bead(e);
            }
        }
        printf("\n");
    }
    printf("calibrate: wrong beads with a held-out confidence of at least %.3f: %zu with "
           "dictionaries, %zu without\n", min, n[1], n[0]);
    free(held);
}

int main(int argc, char **argv)
{
    static char *names[MAX_DOCS];
    rows rs = {0};
    double w[NF];
    size_t ndocs;

    double min = 0.9;

    if ((argc != 3 && !(argc == 4 && (!strcmp(argv[1], "fit") || !strcmp(argv[1], "wrong")))) ||
        (strcmp(argv[1], "fit") && strcmp(argv[1], "lodo") && strcmp(argv[1], "dump") &&
         strcmp(argv[1], "wrong"))) {
        fprintf(stderr, "usage: calibrate fit CORPUS [CONFIDENCE_C] | lodo CORPUS | dump CORPUS | "
                        "wrong CORPUS [MIN]\n");
        return 64;
    }
    if (argc == 4 && !strcmp(argv[1], "wrong")) {
        char *end;
        min = strtod(argv[3], &end);
        if (end == argv[3] || *end || !(min >= 0 && min <= 1)) {
            fprintf(stderr, "calibrate: MIN must be a number from 0 to 1, not \"%s\"\n", argv[3]);
            return 2;
        }
    }
    ndocs = collect(argv[2], &rs, names);
    if (!strcmp(argv[1], "wrong")) {
        print_wrong(&rs, ndocs, names, min);
        goto out;
    }
    if (!strcmp(argv[1], "dump")) {
        for (size_t k = 0; k < rs.n; k++) {
            printf("%s\t%d\t%d\t%.6f", names[rs.v[k].doc], rs.v[k].lexicon, rs.v[k].right, rs.v[k].reported);
            for (int a = 0; a < NF; a++)
                printf("\t%.6f", rs.v[k].x[a]);
            printf("\n");
        }
        goto out;
    }
    if (!strcmp(argv[1], "fit")) {
        fit(&rs, NULL, w);
        printf("calibrate: %zu documents, %zu beads; the weights:\n{", ndocs, rs.n);
        for (int a = 0; a < NF; a++)
            printf("%s%.4f", a ? ", " : "", w[a]);
        printf("}\n");
        if (argc == 4)
            write_weights(argv[3], w);
        goto out;
    }
    double *held = held_out(&rs, ndocs), *rep = xrealloc(NULL, rs.n * sizeof *rep);
    double hi[2], loss[2];
    size_t nhi[2];
    int off[2], off10[2];
    for (size_t k = 0; k < rs.n; k++)
        rep[k] = rs.v[k].reported;
    printf("calibration of %zu documents, %zu beads in two runs (leave one document out: each "
           "document's beads scored by a map fitted on the other %zu documents)\n",
           ndocs, rs.n, ndocs - 1);
    for (int lexicon = 1; lexicon >= 0; lexicon--)
        off[lexicon] = table("leave one document out", &rs, held, lexicon, &hi[lexicon], &nhi[lexicon],
                             &off10[lexicon], &loss[lexicon]);
    for (int lexicon = 1; lexicon >= 0; lexicon--) {
        double h, l;
        size_t nh;
        int o10;
        table("in-sample (as ty_align reports)", &rs, rep, lexicon, &h, &nh, &o10, &l);
    }
    print_transcripts(&rs, ndocs, held);
    printf("calibration: held out by document, confidence >= 0.9 right: %.4f of %zu beads with "
           "dictionaries, %.4f of %zu without; bins more than 5 points off: %d, %d (of 10 beads "
           "or more: %d, %d); log loss %.4f, %.4f\n",
           hi[1], nhi[1], hi[0], nhi[0], off[1], off[0], off10[1], off10[0], loss[1], loss[0]);
    free(held);
    free(rep);
out:
    for (size_t d = 0; d < ndocs; d++) {
        free(names[d]);
        free(golds[d]);
    }
    free(rs.v);
    return 0;
}
