/*
 * check.c — is this pair a pair? The languages of its two sides (mostly Japanese letters on
 * one, Latin on the other; swapped sides are told apart from a side in neither language), the
 * summary of its alignment (beads by shape, mean confidence, beads below 0.9, unpaired
 * segments), and the verdict on it: a pair mostly unpaired or aligned with low confidence is
 * not a translation of each other. The same summary is tallied from the units of an alignment
 * file (a TMX that `taiyaku align` or `batch` wrote) as they are read, for `import`. It aligns
 * and stores nothing; what to do with a verdict (swap back, refuse, store anyway) is the
 * caller's.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "align/align.h"
#include "base/error.h"
#include "batch.h"
#include "segment/doc.h"
#include "taiyaku.h"

void ty_pair_check_opts_init(ty_pair_check_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->min_mean_confidence = 0.75;
    opts->max_unpaired = 0.5;
    opts->min_unit_confidence = 0.89;
    opts->min_score = TY_PAIR_MIN_SCORE;
}

const char *ty_pair_check_text(ty_pair_check check)
{
    switch (check) {
    case TY_PAIR_OK: return "a pair";
    case TY_PAIR_SWAPPED: return "the Japanese side is English and the English side Japanese";
    case TY_PAIR_NOT_JAPANESE: return "the Japanese side is not Japanese";
    case TY_PAIR_NOT_ENGLISH: return "the English side is not English";
    case TY_PAIR_NOT_TRANSLATION: return "not a translation of each other?";
    }
    return "?";
}

/* A side without letters (empty, digits only) says nothing about its language: it is not
 * judged here (an empty document is its reader's or aligner's matter). */
static int has_letters(const ty_script_counts *c)
{
    return c->japanese + c->latin + c->other > 0;
}

ty_pair_check ty_pair_check_langs(const ty_script_counts *ja, const ty_script_counts *en)
{
    ty_lang a = TY_LANG_JA, b = TY_LANG_EN;
    int ka = has_letters(ja) ? ty_lang_guess(ja, &a, NULL) : 0;
    int kb = has_letters(en) ? ty_lang_guess(en, &b, NULL) : 0;

    if (ka == 0 && kb == 0 && a == TY_LANG_EN && b == TY_LANG_JA)
        return TY_PAIR_SWAPPED;
    if (ka != 0 || a != TY_LANG_JA)
        return TY_PAIR_NOT_JAPANESE;
    if (kb != 0 || b != TY_LANG_EN)
        return TY_PAIR_NOT_ENGLISH;
    return TY_PAIR_OK;
}

ty_pair_check ty_pair_check_texts(const ty_text *ja, const ty_text *en)
{
    ty_script_counts a, b;
    size_t n;
    const char *s = ty_text_utf8(ja, &n);

    ty_script_count(s, n, &a);
    s = ty_text_utf8(en, &n);
    ty_script_count(s, n, &b);
    return ty_pair_check_langs(&a, &b);
}

void ty__doc_scripts(const ty_doc *doc, ty_script_counts *counts)
{
    /* the reading may have tallied them already, on the thread that read the document */
    if (!ty__doc_kept_scripts(doc, counts))
        ty__doc_tally_scripts(doc, counts);
}

ty_pair_check ty_pair_check_docs(const ty_doc *ja, const ty_doc *en)
{
    ty_script_counts a, b;

    ty__doc_scripts(ja, &a);
    ty__doc_scripts(en, &b);
    return ty_pair_check_langs(&a, &b);
}

/* One bead of `ja` and `en` segments with `confidence` (< 0: unknown, not in the mean). */
static void summary_add(ty_alignment_summary *s, size_t ja, size_t en, double confidence,
                        double *sum, size_t *scored)
{
    for (int k = 0; k < TY_BEAD_SHAPES; k++)
        if (ja == ty__shape_ja[k] && en == ty__shape_en[k])
            s->shapes[k]++;
    s->beads++;
    s->ja_segments += ja;
    s->en_segments += en;
    if (confidence >= 0) {
        *sum += confidence;
        (*scored)++;
        s->low += confidence < 0.9;
    }
}

/* The shares from the counts; `unpaired` segments of all. */
static void summary_finish(ty_alignment_summary *s, double sum, size_t scored, size_t unpaired)
{
    size_t segments = s->ja_segments + s->en_segments;
    s->agreement = s->anchored_agreeing = -1;
    s->mean_confidence = scored ? sum / (double)scored : 0;
    s->low_share = scored ? (double)s->low / (double)scored : 0;
    s->unpaired_share = segments ? (double)unpaired / (double)segments : 0;
}

void ty_alignment_summarize(const ty_alignment *al, ty_alignment_summary *s)
{
    size_t n = ty_alignment_count(al), unpaired = 0, scored = 0;
    double sum = 0;

    memset(s, 0, sizeof *s);
    for (size_t i = 0; i < n; i++) {
        const ty_bead *b = ty_alignment_bead(al, i);
        summary_add(s, b->ja_count, b->en_count, b->confidence, &sum, &scored);
        if (!b->ja_count || !b->en_count)
            unpaired += b->ja_count + b->en_count;
    }
    summary_finish(s, sum, scored, unpaired);
}

/* ---- the same from the units of an alignment file ---- */

/* The segments of one document pair (a run of units with the same x-ja-document,
 * x-en-document and x-document): one past the last index seen and how many of them are in
 * paired units, per side. */
typedef struct tally_run {
    char *doc[3];
    size_t end[2], paired[2];
} tally_run;

struct ty_pair_tally {
    ty_script_counts letters[2];
    ty_alignment_summary s;
    size_t units, scored, unpaired[2];
    double sum;
    tally_run run;
    ty__agree *agree; /* the paired units' anchors, made at the first of them */
};

ty_pair_tally *ty_pair_tally_new(void)
{
    return calloc(1, sizeof(ty_pair_tally));
}

void ty_pair_tally_free(ty_pair_tally *t)
{
    if (!t)
        return;
    for (int k = 0; k < 3; k++)
        free(t->run.doc[k]);
    ty__agree_free(t->agree);
    free(t);
}

/* Segment positions as the writer writes them: "4" or "4-6". 0 when it is neither. */
static int parse_positions(const char *v, size_t *first, size_t *count)
{
    char *end;
    unsigned long long a, b;

    if (*v < '0' || *v > '9')
        return 0;
    a = strtoull(v, &end, 10);
    b = a;
    if (*end == '-') {
        if (end[1] < '0' || end[1] > '9')
            return 0;
        b = strtoull(end + 1, &end, 10);
    }
    if (*end || b < a || b - a >= 1u << 20)
        return 0;
    *first = (size_t)a;
    *count = (size_t)(b - a + 1);
    return 1;
}

static const char *prop(const ty_unit *u, const char *type)
{
    for (size_t i = 0; i < u->nprops; i++)
        if (u->props[i].type && !strcmp(u->props[i].type, type))
            return u->props[i].value ? u->props[i].value : "";
    return NULL;
}

/* Close the current run: its segments not in paired units are unpaired. */
static void run_close(ty_pair_tally *t)
{
    for (int k = 0; k < 2; k++) {
        if (t->run.end[k] > t->run.paired[k])
            t->unpaired[k] += t->run.end[k] - t->run.paired[k];
        t->run.end[k] = t->run.paired[k] = 0;
    }
}

static int same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Start a new run when the unit's documents are not the current run's. -1: out of memory. */
static int run_follow(ty_pair_tally *t, const ty_unit *u)
{
    const char *doc[3] = {prop(u, "x-ja-document"), prop(u, "x-en-document"),
                          prop(u, "x-document")};

    if (same(doc[0], t->run.doc[0]) && same(doc[1], t->run.doc[1]) &&
        same(doc[2], t->run.doc[2]))
        return 0;
    run_close(t);
    for (int k = 0; k < 3; k++) {
        char *c = doc[k] ? strdup(doc[k]) : NULL;
        if (doc[k] && !c)
            return -1;
        free(t->run.doc[k]);
        t->run.doc[k] = c;
    }
    return 0;
}

/* Segments [first, first + count) of side k seen, in a paired unit or not. */
static void run_see(ty_pair_tally *t, int k, size_t first, size_t count, int paired)
{
    if (first + count > t->run.end[k])
        t->run.end[k] = first + count;
    if (paired)
        t->run.paired[k] += count;
}

ty_status ty_pair_tally_add(ty_pair_tally *t, const ty_unit *u, ty_error *err)
{
    static const char *const seg_prop[2] = {"x-ja-segments", "x-en-segments"};
    static const char *const unpaired_prop[2] = {"x-unpaired-ja", "x-unpaired-en"};
    const char *text[2] = {u->ja, u->en};
    const char *pos[2] = {prop(u, seg_prop[0]), prop(u, seg_prop[1])};
    size_t count[2] = {1, 1}, first;
    unsigned a, b;

    for (int k = 0; k < 2; k++) {
        ty_script_counts c;
        ty_script_count(text[k], strlen(text[k]), &c);
        t->letters[k].japanese += c.japanese;
        t->letters[k].latin += c.latin;
        t->letters[k].other += c.other;
    }
    t->units++;
    if (u->confidence < 0 || !pos[0] || !pos[1])
        return TY_OK; /* not a unit of an alignment */
    if (run_follow(t, u) != 0)
        return ty__nomem(err);
    if (u->shape && sscanf(u->shape, "%u:%u", &a, &b) == 2 && a <= 3 && b <= 3)
        count[0] = a, count[1] = b;
    for (int k = 0; k < 2; k++)
        if (parse_positions(pos[k], &first, &count[k]))
            run_see(t, k, first, count[k], 1);
    for (size_t i = 0; i < u->nprops; i++)
        for (int k = 0; k < 2; k++) {
            size_t n;
            if (u->props[i].type && !strcmp(u->props[i].type, unpaired_prop[k]) &&
                u->props[i].value && parse_positions(u->props[i].value, &first, &n))
                run_see(t, k, first, n, 0);
        }
    summary_add(&t->s, count[0], count[1], u->confidence, &t->sum, &t->scored);
    if (!*text[0] || !*text[1])
        return TY_OK;
    if (!t->agree && ty__agree_new(&t->agree, err) != TY_OK)
        return err ? err->status : TY_ERR_NOMEM;
    return ty__agree_texts(t->agree, &t->s, text[0], text[1], err);
}

ty_pair_check ty_pair_tally_langs(const ty_pair_tally *t)
{
    return ty_pair_check_langs(&t->letters[0], &t->letters[1]);
}

int ty_pair_tally_summary(const ty_pair_tally *t, ty_alignment_summary *s)
{
    ty_pair_tally c = *t;

    run_close(&c);
    *s = c.s;
    /* each unpaired segment is a 1:0 or 0:1 bead of unknown confidence, as the aligner would
     * have it */
    s->shapes[TY_BEAD_1_0] += c.unpaired[0];
    s->shapes[TY_BEAD_0_1] += c.unpaired[1];
    s->beads += c.unpaired[0] + c.unpaired[1];
    s->ja_segments += c.unpaired[0];
    s->en_segments += c.unpaired[1];
    summary_finish(s, c.sum, c.scored, c.unpaired[0] + c.unpaired[1]);
    ty__agreement_finish(s);
    return c.scored > 0;
}

/* How much the anchors of the paired beads agree; -1 without anchors. */
static double agreement(const ty_alignment_summary *s)
{
    size_t anchors = s->numbers[0] + s->numbers[1] + s->names;
    return anchors ? (double)(2 * s->numbers_shared + s->names_shared) / (double)anchors : -1;
}

void ty__agreement_finish(ty_alignment_summary *s)
{
    s->agreement = agreement(s);
    s->anchored_agreeing = s->anchored ? (double)s->agreeing / (double)s->anchored : -1;
}

double ty_pair_score(const ty_alignment_summary *s)
{
    double a = agreement(s);
    if (s->numbers[0] + s->numbers[1] + s->names < TY_PAIR_MIN_ANCHORS || !s->beads)
        return -1;
    return (2 * s->mean_confidence * (1 - s->unpaired_share) + a) / 3;
}

/* The verdict on a summary whose mean must reach `min_confidence`, and its score (when its
 * anchors are known) `min_score`. */
static ty_pair_check judge(const ty_alignment_summary *s, double min_confidence,
                           double max_unpaired, double min_score)
{
    double score = ty_pair_score(s);
    if (s->beads == 0 || s->unpaired_share > max_unpaired || s->mean_confidence < min_confidence ||
        (score >= 0 && score < min_score))
        return TY_PAIR_NOT_TRANSLATION;
    return TY_PAIR_OK;
}

ty_pair_check ty_pair_check_alignment(const ty_alignment_summary *s, const ty_pair_check_opts *o)
{
    ty_pair_check_opts d;
    if (!o) {
        ty_pair_check_opts_init(&d);
        o = &d;
    }
    return judge(s, o->min_mean_confidence, o->max_unpaired, o->min_score);
}

ty_pair_check ty_pair_tally_check(const ty_pair_tally *t, const ty_pair_check_opts *o,
                                  ty_alignment_summary *s)
{
    ty_pair_check_opts d;
    if (!o) {
        ty_pair_check_opts_init(&d);
        o = &d;
    }
    if (!ty_pair_tally_summary(t, s))
        return TY_PAIR_OK;
    /* with anchors enough for a score, as align and batch judge a pair; else by the units'
     * mean, which runs higher than the beads' (a TMX holds the paired beads only) */
    return judge(s, ty_pair_score(s) >= 0 ? o->min_mean_confidence : o->min_unit_confidence,
                 o->max_unpaired, o->min_score);
}
