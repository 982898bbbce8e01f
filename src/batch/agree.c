/*
 * agree.c — do the two sides of an aligned pair carry the same anchors? For each paired bead
 * (both sides non-empty), the numbers and dates of its two sides, and the Latin tokens and
 * katakana names of its Japanese side, are compared as anchors/ keys them: a translation
 * repeats its original's dates, numbers and names; a look-alike document of the same series
 * (same speaker, same structure, another day) does not. The dictionaries' keys are left out,
 * so the evidence is the same with and without them. It fills the anchor fields of an
 * alignment summary from two documents and their alignment (a bead's anchors are counted by
 * agree_bead.c), reading them from the alignment when ty_align kept them; judging them is
 * check.c's.
 */
#include "config.h"

#include <string.h>

#include "align/align.h"
#include "anchors/anchors.h"
#include "base/error.h"
#include "batch.h"

/* The anchors of segments [first, first + count) of `doc` in `set`: those the aligner kept
 * (`kept`), appended as ty__anchors_extract appends a segment's (the set sorted as a whole
 * when it held some already), or else extracted with `ctx`. */
static ty_status bead_side(ty_anchor_ctx *ctx, const ty__doc_anchors *kept, const ty_doc *doc,
                           size_t first, size_t count, ty_anchor_set *set)
{
    ty_status st = TY_OK;

    set->n = 0;
    for (size_t i = first; i < first + count && st == TY_OK; i++) {
        const ty_segment *g = ty_doc_segment(doc, i);
        size_t start = set->n;
        if (!kept) {
            st = ty__anchors_extract(ctx, ty_doc_lang(doc), g->text, g->len, set);
            continue;
        }
        for (size_t k = kept->off[i]; k < kept->off[i + 1] && st == TY_OK; k++)
            st = ty__anchor_set_push(set, kept->kind[k], kept->key[k]);
        if (start > 0)
            ty__anchor_set_sort(set);
    }
    return st;
}

ty_status ty_alignment_summarize_pair(const ty_doc *ja, const ty_doc *en,
                                      const ty_alignment *al, ty_alignment_summary *s,
                                      ty_error *err)
{
    const ty__doc_anchors *ka = ty__alignment_anchors(al, ja), *kb = ty__alignment_anchors(al, en);
    ty_anchor_ctx *ctx = NULL;
    ty_anchor_set a = {NULL, 0, 0}, b = {NULL, 0, 0};
    ty_status st;

    ty_alignment_summarize(al, s);
    if ((!ka || !kb) && (st = ty__anchor_ctx_new(NULL, &ctx, err)) != TY_OK)
        return st;
    for (size_t i = 0, n = ty_alignment_count(al); i < n && st == TY_OK; i++) {
        const ty_bead *d = ty_alignment_bead(al, i);
        if (!d->ja_count || !d->en_count)
            continue;
        if ((st = bead_side(ctx, ka, ja, d->ja_first, d->ja_count, &a)) == TY_OK &&
            (st = bead_side(ctx, kb, en, d->en_first, d->en_count, &b)) == TY_OK)
            ty__agree_bead(s, &a, &b);
    }
    if (st == TY_OK)
        ty__agreement_finish(s);
    else
        ty__fail(err, st, ty_doc_name(ja), -1, -1, "reading the anchors of the pair");
    ty__anchor_set_free(&a);
    ty__anchor_set_free(&b);
    ty__anchor_ctx_free(ctx);
    return st;
}

