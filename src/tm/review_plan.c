/*
 * review_plan.c — what a review edit does to a document's beads, worked out on the beads alone:
 * which run of beads it replaces and by which new ones, or why it does not apply. It touches
 * no database (review.c carries a plan out) and knows nothing of texts or units. Messages
 * count beads from 0, as `taiyaku align` counts segments.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "tm.h"

static const char *const op_names[TY_REVIEW_OPS] = {"join",   "split",  "move",
                                                    "unpair", "pair",   "accept",
                                                    "reject", "pin",    "unpin"};

const char *ty_review_op_name(ty_review_op op)
{
    return (unsigned)op < TY_REVIEW_OPS ? op_names[op] : NULL;
}

int ty_review_op_parse(const char *s, ty_review_op *op)
{
    for (int i = 0; s && i < TY_REVIEW_OPS; i++)
        if (!strcmp(s, op_names[i])) {
            *op = (ty_review_op)i;
            return 0;
        }
    return -1;
}

const char *ty_bead_status_name(ty_bead_status status)
{
    switch (status) {
    case TY_BEAD_ALIGNED: return "aligned";
    case TY_BEAD_REVIEWED: return "reviewed";
    case TY_BEAD_REJECTED: return "rejected";
    }
    return NULL;
}

void ty_review_edit_init(ty_review_edit *edit)
{
    memset(edit, 0, sizeof *edit);
    edit->direction = 1;
    edit->lang = TY_LANG_JA;
    edit->version = -1;
}

static ty_status invalid(ty_error *err, const char *msg, size_t bead)
{
    return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "bead %zu: %s", bead, msg);
}

/* A bead an edit makes: reviewed, confidence 1, with these counts (firsts set by renumber). */
static ty_tm_bead made(size_t ja_count, size_t en_count)
{
    ty_tm_bead b = {0, ja_count, 0, en_count, 1, TY_BEAD_REVIEWED, 0, 0};
    return b;
}

/* Lay the new beads' sentences out one after another from where the old run began. */
static void renumber(const ty_tm_bead *first_old, ty_tm_bead *out, size_t nout)
{
    size_t ja = first_old->ja_first, en = first_old->en_first;
    for (size_t i = 0; i < nout; i++) {
        out[i].ja_first = ja;
        out[i].en_first = en;
        ja += out[i].ja_count;
        en += out[i].en_count;
    }
}

static int one_sided(const ty_tm_bead *b)
{
    return (b->ja_count == 0) != (b->en_count == 0);
}

void ty__review_span(const ty_review_edit *e, size_t *lo, size_t *hi)
{
    size_t k = e->bead;

    if (e->op == TY_REVIEW_PAIR) {
        *lo = k < e->other ? k : e->other;
        *hi = (k < e->other ? e->other : k) + 1;
    } else {
        *lo = k > 0 ? k - 1 : 0;
        *hi = k + 2;
    }
    if (*hi < *lo) /* k at SIZE_MAX: no such bead, which the plan says */
        *hi = *lo;
}

ty_status ty__review_plan(const ty_tm_bead *win, size_t base, size_t n, const ty_review_edit *e,
                          size_t *first, size_t *nold, ty_tm_bead **out, size_t *nout,
                          ty_error *err)
{
    size_t k = e->bead, cap;
    ty_tm_bead *v, b;

    *out = NULL;
    *nout = 0;
    if ((unsigned)e->op >= TY_REVIEW_OPS)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "unknown review operation %d",
                        (int)e->op);
    if (k >= n)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                        "bead %zu: no such bead (the document has %zu, from 0)", k, n);
    if (e->op == TY_REVIEW_PAIR && e->other >= n)
        return invalid(err, "the other bead does not exist", e->other);
    b = win[k - base];
    cap = b.ja_count + b.en_count +
          (e->op == TY_REVIEW_PAIR ? (k < e->other ? e->other - k : k - e->other) + 1 : 2);
    if (!(v = calloc(cap, sizeof *v)))
        return ty__nomem(err);
    *first = k;
    *nold = 1;
    switch (e->op) {
    case TY_REVIEW_JOIN: {
        size_t o = k + (size_t)(e->direction < 0 ? -1 : 1);
        if ((e->direction < 0 && k == 0) || (e->direction >= 0 && o >= n)) {
            free(v);
            return invalid(err, e->direction < 0 ? "there is no bead before it to join"
                                                 : "there is no bead after it to join",
                           k);
        }
        *first = o < k ? o : k;
        *nold = 2;
        v[0] = made(win[o - base].ja_count + b.ja_count, win[o - base].en_count + b.en_count);
        *nout = 1;
        break;
    }
    case TY_REVIEW_SPLIT:
        if (e->ja_split > b.ja_count || e->en_split > b.en_count ||
            e->ja_split + e->en_split == 0 ||
            e->ja_split + e->en_split == b.ja_count + b.en_count) {
            free(v);
            return invalid(err,
                           "a split must leave a sentence in each part (and cannot take more "
                           "sentences than the bead has)",
                           k);
        }
        v[0] = made(e->ja_split, e->en_split);
        v[1] = made(b.ja_count - e->ja_split, b.en_count - e->en_split);
        *nout = 2;
        break;
    case TY_REVIEW_MOVE: {
        int en = e->lang == TY_LANG_EN;
        size_t have = en ? b.en_count : b.ja_count, o = k + (size_t)(e->direction < 0 ? -1 : 1);
        ty_tm_bead lo, hi;
        if (have == 0) {
            free(v);
            return invalid(err, en ? "it has no English sentence to move"
                                   : "it has no Japanese sentence to move",
                           k);
        }
        if ((e->direction < 0 && k == 0) || (e->direction >= 0 && o >= n)) {
            free(v);
            return invalid(err, "there is no neighbouring bead on that side", k);
        }
        *first = o < k ? o : k;
        *nold = 2;
        lo = win[*first - base];
        hi = win[*first + 1 - base];
        /* one sentence crosses the boundary between lo and hi */
        if (e->direction < 0) {
            *(en ? &lo.en_count : &lo.ja_count) += 1;
            *(en ? &hi.en_count : &hi.ja_count) -= 1;
        } else {
            *(en ? &lo.en_count : &lo.ja_count) -= 1;
            *(en ? &hi.en_count : &hi.ja_count) += 1;
        }
        if (lo.ja_count + lo.en_count)
            v[(*nout)++] = made(lo.ja_count, lo.en_count);
        if (hi.ja_count + hi.en_count)
            v[(*nout)++] = made(hi.ja_count, hi.en_count);
        break;
    }
    case TY_REVIEW_UNPAIR:
        if (b.ja_count == 0 || b.en_count == 0) {
            free(v);
            return invalid(err, "it is not a pair", k);
        }
        for (size_t i = 0; i < b.ja_count; i++)
            v[(*nout)++] = made(1, 0);
        for (size_t i = 0; i < b.en_count; i++)
            v[(*nout)++] = made(0, 1);
        break;
    case TY_REVIEW_PAIR: {
        size_t lo = k < e->other ? k : e->other, hi = k < e->other ? e->other : k;
        size_t before = 0, after = 0;
        int hi_en;
        if (!(win[lo - base].ja_count + win[lo - base].en_count == 1 &&
              win[hi - base].ja_count + win[hi - base].en_count == 1 &&
              (win[lo - base].ja_count == 1) != (win[hi - base].ja_count == 1))) {
            free(v);
            return invalid(err,
                           "pairing needs one unpaired Japanese and one unpaired English "
                           "sentence",
                           k);
        }
        for (size_t i = lo + 1; i < hi; i++)
            if (!one_sided(&win[i - base])) {
                free(v);
                return invalid(err, "a pair lies between the two sentences", i);
            }
        /* between them: the beads on hi's side come before the pair, those on lo's after */
        hi_en = win[hi - base].en_count == 1;
        for (size_t i = lo + 1; i < hi; i++)
            if ((win[i - base].en_count > 0) == hi_en)
                before++;
        for (size_t i = lo + 1, a = 0, c = 0; i < hi; i++) {
            ty_tm_bead x = win[i - base];
            if ((x.en_count > 0) == hi_en)
                v[a++] = x;
            else
                v[before + 1 + c++] = x;
            after = c;
        }
        v[before] = made(1, 1);
        *first = lo;
        *nold = hi - lo + 1;
        *nout = before + 1 + after;
        break;
    }
    case TY_REVIEW_ACCEPT:
    case TY_REVIEW_REJECT:
    case TY_REVIEW_PIN:
    case TY_REVIEW_UNPIN:
        if (e->op == TY_REVIEW_PIN && (b.ja_count == 0 || b.en_count == 0)) {
            free(v);
            return invalid(err, "only a pair can be pinned", k);
        }
        v[0] = b;
        v[0].unit = 0;
        if (e->op == TY_REVIEW_ACCEPT || e->op == TY_REVIEW_PIN)
            v[0].status = TY_BEAD_REVIEWED;
        else if (e->op == TY_REVIEW_REJECT)
            v[0].status = TY_BEAD_REJECTED;
        /* a rejected pair is wrong: it no longer holds a re-alignment fixed */
        v[0].pinned = e->op == TY_REVIEW_PIN                                   ? 1
                      : e->op == TY_REVIEW_UNPIN || e->op == TY_REVIEW_REJECT ? 0
                                                                               : b.pinned;
        *nout = 1;
        break;
    case TY_REVIEW_OPS:
        break;
    }
    renumber(&win[*first - base], v, *nout);
    *out = v;
    return TY_OK;
}
