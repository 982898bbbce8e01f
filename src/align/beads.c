/*
 * beads.c — bead shapes (how many segments each side of a shape holds, their names, a bead
 * set parsed from "1:1,1:2") and the aligner's options: their defaults (why each default is
 * what it is: align.c's top comment) and their check. It aligns nothing.
 */
#include "config.h"

#include <string.h>

#include "align.h"
#include "base/error.h"

const unsigned char ty__shape_ja[TY_BEAD_SHAPES] = {1, 1, 0, 1, 2, 2, 1, 3};
const unsigned char ty__shape_en[TY_BEAD_SHAPES] = {1, 0, 1, 2, 1, 2, 3, 1};
static const char *const shape_names[TY_BEAD_SHAPES] = {"1:1", "1:0", "0:1", "1:2",
                                                        "2:1", "2:2", "1:3", "3:1"};

const char *ty_bead_shape_name(const ty_bead *bead)
{
    for (int s = 0; s < TY_BEAD_SHAPES; s++)
        if (bead->ja_count == ty__shape_ja[s] && bead->en_count == ty__shape_en[s])
            return shape_names[s];
    return NULL;
}

void ty_align_opts_init(ty_align_opts *o)
{
    static const double prior[TY_BEAD_SHAPES] = {.86, .02, .02, .035, .035, .01, .01, .01};

    memset(o, 0, sizeof *o);
    o->beads = TY_BEADS_ALL;
    memcpy(o->prior, prior, sizeof prior);
    o->prior_strength = 20;
    o->ratio = 0;
    o->length_sigma = 0.35;
    o->length_smooth = 8;
    o->count_spaces = 0;
    o->carry_number = 0.8;
    o->carry_latin = 0.7;
    o->carry_lexicon = 0.3;
    o->carry_name = 0.5;
    o->carry_learned = 0.3;
    o->agree_heading = 0.95;
    o->agree_label = 0.85;
    o->agree_question = 0.85;
    o->agree_paragraph = 0.85;
    o->agree_enum = 0.85;
    o->cross_paragraph = 0.1;
    o->formula_drop = 0.3;
    o->temperature = 2;
    o->learn_lexicon = 1;
    o->learn_min_confidence = 0.9;
    o->corridor = 6;
    o->full_cells = 250000;
    o->lexicon = NULL;
    o->threads = 1;
}

ty_status ty_align_beads_parse(const char *spec, unsigned *mask, ty_error *err)
{
    unsigned m = 0;
    const char *p = spec;

    while (p && *p) {
        size_t n = strcspn(p, ",");
        int s = 0;
        while (s < TY_BEAD_SHAPES && !(strlen(shape_names[s]) == n && !strncmp(p, shape_names[s], n)))
            s++;
        if (s == TY_BEAD_SHAPES)
            return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                            "unknown bead shape '%.*s' (1:1 1:0 0:1 1:2 2:1 2:2 1:3 3:1)",
                            (int)(n > 20 ? 20 : n), p);
        m |= 1u << s;
        p += n;
        if (*p == ',')
            p++;
    }
    if (!m)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "empty bead set");
    *mask = m;
    return TY_OK;
}

static int is_prob(double p)
{
    return p > 0 && p < 1;
}

ty_status ty__align_opts_check(const ty_align_opts *o, ty_error *err)
{
    const double probs[] = {o->carry_number,    o->carry_latin,    o->carry_lexicon,
                            o->carry_name,      o->carry_learned,  o->agree_heading,
                            o->agree_label,     o->agree_question, o->agree_paragraph,
                            o->agree_enum,
                            o->cross_paragraph, o->learn_min_confidence};
    int any = 0;

    for (size_t k = 0; k < sizeof probs / sizeof probs[0]; k++)
        if (!is_prob(probs[k]))
            return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                            "alignment option out of range: probabilities must be in (0, 1)");
    if (!(o->formula_drop == 0 || is_prob(o->formula_drop)))
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                        "alignment option out of range: formula_drop must be 0 or in (0, 1)");
    for (int s = 0; s < TY_BEAD_SHAPES; s++) {
        if ((o->beads >> s) & 1u) {
            if (!(o->prior[s] > 0))
                return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                                "the prior of bead shape %s must be positive", shape_names[s]);
            any = 1;
        }
    }
    if (!any || (o->beads & ~TY_BEADS_ALL))
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "invalid bead set");
    if (!(o->length_sigma > 0) || !(o->length_smooth >= 0) || !(o->temperature > 0) ||
        !(o->prior_strength >= 0) || !(o->ratio >= 0) || o->corridor < 1 || o->full_cells < 1 ||
        o->threads > TY__MAX_THREADS)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "alignment option out of range");
    return TY_OK;
}
