/*
 * agree.c — do the two sides of an aligned pair carry the same anchors? For each paired bead
 * (both sides non-empty), the numbers and dates of its two sides, and the Latin tokens and
 * katakana names of its Japanese side, are compared as anchors/ keys them: a translation
 * repeats its original's dates, numbers and names; a look-alike document of the same series
 * (same speaker, same structure, another day) does not. The dictionaries' keys are left out,
 * so the evidence is the same with and without them. It fills the anchor fields of an
 * alignment summary, from two documents and their alignment or from paired units' texts (a
 * TMX being imported); judging them is check.c's.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "anchors/anchors.h"
#include "base/error.h"
#include "batch.h"

/* Append the anchors of segments [first, first + count) of `doc` to `set`. */
static ty_status bead_side(ty_anchor_ctx *ctx, const ty_doc *doc, size_t first, size_t count,
                           ty_anchor_set *set)
{
    ty_status st = TY_OK;

    set->n = 0;
    for (size_t i = first; i < first + count && st == TY_OK; i++) {
        const ty_segment *g = ty_doc_segment(doc, i);
        st = ty__anchors_extract(ctx, ty_doc_lang(doc), g->text, g->len, set);
    }
    return st;
}

static size_t kind_count(const ty_anchor_set *s, uint8_t kind)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += s->v[i].kind == kind;
    return n;
}

/* Only the kinds compared: on the English side every capitalized word and every token has a
 * name or Latin key, so those count from the Japanese side. */
static void bead_add(ty_alignment_summary *s, const ty_anchor_set *ja, const ty_anchor_set *en)
{
    size_t nj = kind_count(ja, TY_ANCHOR_NUMBER), ne = kind_count(en, TY_ANCHOR_NUMBER);
    size_t ns = ty__anchor_set_shared(ja, en, TY_ANCHOR_NUMBER);
    size_t lj = kind_count(ja, TY_ANCHOR_LATIN) + kind_count(ja, TY_ANCHOR_NAME);
    size_t ls = ty__anchor_set_shared(ja, en, TY_ANCHOR_LATIN) +
                ty__anchor_set_shared(ja, en, TY_ANCHOR_NAME);

    s->numbers[0] += nj;
    s->numbers[1] += ne;
    s->numbers_shared += ns;
    s->names += lj;
    s->names_shared += ls;
    if (nj + ne + lj > 0) {
        s->anchored++;
        s->agreeing += ns + ls > 0;
    }
}

ty_status ty_alignment_summarize_pair(const ty_doc *ja, const ty_doc *en,
                                      const ty_alignment *al, ty_alignment_summary *s,
                                      ty_error *err)
{
    ty_anchor_ctx *ctx = NULL;
    ty_anchor_set a = {NULL, 0, 0}, b = {NULL, 0, 0};
    ty_status st;

    ty_alignment_summarize(al, s);
    if ((st = ty__anchor_ctx_new(NULL, &ctx, err)) != TY_OK)
        return st;
    for (size_t i = 0, n = ty_alignment_count(al); i < n && st == TY_OK; i++) {
        const ty_bead *d = ty_alignment_bead(al, i);
        if (!d->ja_count || !d->en_count)
            continue;
        if ((st = bead_side(ctx, ja, d->ja_first, d->ja_count, &a)) == TY_OK &&
            (st = bead_side(ctx, en, d->en_first, d->en_count, &b)) == TY_OK)
            bead_add(s, &a, &b);
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

struct ty__agree {
    ty_anchor_ctx *ctx;
    ty_anchor_set a, b;
};

ty_status ty__agree_new(ty__agree **out, ty_error *err)
{
    ty__agree *ag = calloc(1, sizeof *ag);
    ty_status st;

    *out = NULL;
    if (!ag)
        return ty__nomem(err);
    if ((st = ty__anchor_ctx_new(NULL, &ag->ctx, err)) != TY_OK) {
        free(ag);
        return st;
    }
    *out = ag;
    return TY_OK;
}

void ty__agree_free(ty__agree *ag)
{
    if (!ag)
        return;
    ty__anchor_set_free(&ag->a);
    ty__anchor_set_free(&ag->b);
    ty__anchor_ctx_free(ag->ctx);
    free(ag);
}

ty_status ty__agree_texts(ty__agree *ag, ty_alignment_summary *s, const char *ja,
                          const char *en, ty_error *err)
{
    ty_status st;

    ag->a.n = ag->b.n = 0;
    if ((st = ty__anchors_extract(ag->ctx, TY_LANG_JA, ja, strlen(ja), &ag->a)) != TY_OK ||
        (st = ty__anchors_extract(ag->ctx, TY_LANG_EN, en, strlen(en), &ag->b)) != TY_OK)
        return ty__fail(err, st, NULL, -1, -1, "reading the anchors of a unit");
    bead_add(s, &ag->a, &ag->b);
    return TY_OK;
}
