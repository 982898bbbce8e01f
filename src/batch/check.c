/*
 * check.c — is this pair a pair? The languages of its two sides (mostly Japanese letters on
 * one, Latin on the other; swapped sides are told apart from a side in neither language), the
 * summary of its alignment (beads by shape, mean confidence, beads below 0.9, unpaired
 * segments), and the verdict on it: a pair mostly unpaired or aligned with low confidence is
 * not a translation of each other. It aligns and stores nothing; what to do with a verdict
 * (swap back, refuse, store anyway) is the caller's.
 */
#include "config.h"

#include <string.h>

#include "align/align.h"
#include "batch.h"
#include "taiyaku.h"

void ty_pair_check_opts_init(ty_pair_check_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->min_mean_confidence = 0.75;
    opts->max_unpaired = 0.5;
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
    ty_script_counts one;

    memset(counts, 0, sizeof *counts);
    for (size_t i = 0, n = ty_doc_count(doc); i < n; i++) {
        const ty_segment *g = ty_doc_segment(doc, i);
        ty_script_count(g->text, g->len, &one);
        counts->japanese += one.japanese;
        counts->latin += one.latin;
        counts->other += one.other;
    }
}

ty_pair_check ty_pair_check_docs(const ty_doc *ja, const ty_doc *en)
{
    ty_script_counts a, b;

    ty__doc_scripts(ja, &a);
    ty__doc_scripts(en, &b);
    return ty_pair_check_langs(&a, &b);
}

void ty_alignment_summarize(const ty_alignment *al, ty_alignment_summary *s)
{
    size_t n = ty_alignment_count(al), segments = 0, unpaired = 0;
    double sum = 0;

    memset(s, 0, sizeof *s);
    s->beads = n;
    for (size_t i = 0; i < n; i++) {
        const ty_bead *b = ty_alignment_bead(al, i);
        for (int k = 0; k < TY_BEAD_SHAPES; k++)
            if (b->ja_count == ty__shape_ja[k] && b->en_count == ty__shape_en[k])
                s->shapes[k]++;
        s->ja_segments += b->ja_count;
        s->en_segments += b->en_count;
        segments += b->ja_count + b->en_count;
        if (!b->ja_count || !b->en_count)
            unpaired += b->ja_count + b->en_count;
        sum += b->confidence;
        s->low += b->confidence < 0.9;
    }
    s->mean_confidence = n ? sum / (double)n : 0;
    s->low_share = n ? (double)s->low / (double)n : 0;
    s->unpaired_share = segments ? (double)unpaired / (double)segments : 0;
}

ty_pair_check ty_pair_check_alignment(const ty_alignment_summary *s, const ty_pair_check_opts *o)
{
    ty_pair_check_opts d;
    if (!o) {
        ty_pair_check_opts_init(&d);
        o = &d;
    }
    if (s->beads == 0 || s->unpaired_share > o->max_unpaired ||
        s->mean_confidence < o->min_mean_confidence)
        return TY_PAIR_NOT_TRANSLATION;
    return TY_PAIR_OK;
}
