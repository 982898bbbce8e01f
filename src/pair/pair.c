/*
 * pair.c — ty_pair_docs: the public entry of document pairing. It builds the archive's index
 * (index.c), scores the candidates (score.c), assigns pairs one to one (assign.c) and lists
 * the result: every pair, then the documents left unpaired. It reads no files (the batch
 * stage walks folders and reads documents) and extracts nothing (evidence.c).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "pair.h"

struct ty_pairing {
    ty_doc_pair *v;
    size_t n;
};

void ty_pair_opts_init(ty_pair_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->use_names = 1;
    opts->min_score = 0.1;
    opts->margin = 0.02;
    opts->candidates = 8;
    opts->jobs = 1;
}

size_t ty_pairing_count(const ty_pairing *p)
{
    return p ? p->n : 0;
}

const ty_doc_pair *ty_pairing_get(const ty_pairing *p, size_t i)
{
    return p && i < p->n ? &p->v[i] : NULL;
}

void ty_pairing_free(ty_pairing *p)
{
    if (!p)
        return;
    free(p->v);
    free(p);
}

ty_status ty_pair_docs(const ty_pair_doc *const *ja, size_t nja, const ty_pair_doc *const *en,
                       size_t nen, const ty_pair_opts *opts, ty_pairing **out, ty_error *err)
{
    ty_pair_opts o;
    ty__parchive a;
    ty__pedges edges = {NULL, 0, 0};
    ty_pairing *p = NULL;
    long *partner = NULL;
    double *score = NULL;
    unsigned char *paired_en = NULL;
    ty_status st;

    *out = NULL;
    if (opts)
        o = *opts;
    else
        ty_pair_opts_init(&o);
    if (o.min_score < 0 || o.min_score > 1 || o.margin < 0 || o.margin > 1)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                        "pairing: min_score and margin must be in [0, 1]");
    for (size_t i = 0; i < nja; i++)
        if (ja[i]->lang != TY_LANG_JA)
            return ty__fail(err, TY_ERR_INVALID, ja[i]->name, -1, -1,
                            "pairing: an English document among the Japanese ones");
    for (size_t i = 0; i < nen; i++)
        if (en[i]->lang != TY_LANG_EN)
            return ty__fail(err, TY_ERR_INVALID, en[i]->name, -1, -1,
                            "pairing: a Japanese document among the English ones");
    if ((st = ty__parchive_build(&a, ja, nja, en, nen, o.use_names, err)) != TY_OK)
        return st;
    if ((st = ty__pair_candidates(&a, o.candidates, o.jobs, &edges, err)) != TY_OK)
        goto done;
    partner = malloc((nja + 1) * sizeof *partner);
    score = malloc((nja + 1) * sizeof *score);
    paired_en = calloc(nen + 1, 1);
    p = calloc(1, sizeof *p);
    if (!partner || !score || !paired_en || !p || !(p->v = malloc((nja + nen + 1) * sizeof *p->v))) {
        st = ty__nomem(err);
        goto done;
    }
    if ((st = ty__pair_assign(&edges, nja, nen, o.min_score, o.margin, partner, score, err)) !=
        TY_OK)
        goto done;
    for (size_t j = 0; j < nja; j++)
        if (partner[j] >= 0) {
            p->v[p->n++] = (ty_doc_pair){(long)j, partner[j], score[j]};
            paired_en[partner[j]] = 1;
        }
    for (size_t j = 0; j < nja; j++)
        if (partner[j] < 0)
            p->v[p->n++] = (ty_doc_pair){(long)j, -1, 0};
    for (size_t e = 0; e < nen; e++)
        if (!paired_en[e])
            p->v[p->n++] = (ty_doc_pair){-1, (long)e, 0};
    *out = p;
    p = NULL;
done:
    ty_pairing_free(p);
    free(partner);
    free(score);
    free(paired_en);
    free(edges.v);
    ty__parchive_free(&a);
    return st;
}
