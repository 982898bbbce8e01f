/*
 * agree_bead.c — the anchors of one paired bead added to an alignment summary's counts: numbers
 * and dates of both sides, Latin tokens and katakana names of the Japanese side, and those the
 * sides share (agree.c, for the beads of an alignment), and the same for paired units given as
 * texts (ty_pair_tally, for a TMX being imported). It neither finishes nor judges a summary
 * (agree.c, check.c).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "anchors/anchors.h"
#include "base/error.h"
#include "batch.h"

static size_t kind_count(const ty_anchor_set *s, uint8_t kind)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += s->v[i].kind == kind;
    return n;
}

/* Only the kinds compared: on the English side every capitalized word and every token has a
 * name or Latin key, so those count from the Japanese side. */
void ty__agree_bead(ty_alignment_summary *s, const ty_anchor_set *ja, const ty_anchor_set *en)
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
    ty__agree_bead(s, &ag->a, &ag->b);
    return TY_OK;
}
