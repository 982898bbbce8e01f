/*
 * pair_features.c — prints every candidate pair that pairing scores, with its features, for
 * tuning and for pair-quality.sh: `pair_features ARCHIVE` reads ARCHIVE/ja and ARCHIVE/en (the
 * files truth.tsv names, which make-archive.py wrote) and prints one line per candidate:
 * JA EN content fact_ja fact_en length score facts_ja facts_en. It uses the pairing's private functions
 * (src/pair/pair.h); it decides nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pair/pair.h"
#include "taiyaku.h"

static int load(const char *archive, const char *side, ty_lang lang, const char *rel,
                ty_segmenter *seg, ty_pair_extractor *x, ty_pair_doc **out)
{
    char path[4096];
    ty_text *t = NULL;
    ty_doc *d = NULL;
    ty_error e;
    int rc = 0;

    snprintf(path, sizeof path, "%s/%s/%s", archive, side, rel);
    if (ty_text_read_file(path, NULL, &t, &e) != TY_OK || ty_segment_text(seg, t, &d, &e) ||
        ty_pair_doc_new(x, d, rel, out, &e)) {
        fprintf(stderr, "%s: %s\n", path, e.message);
        rc = -1;
    }
    (void)lang;
    ty_doc_free(d);
    ty_text_free(t);
    return rc;
}

int main(int argc, char **argv)
{
    char line[8192], truth[4096];
    ty_pair_doc **docs[2];
    size_t n[2] = {0, 0};
    ty_segmenter *seg[2];
    ty_pair_extractor *x;
    ty_lexicon *lex = NULL;
    ty__parchive a;
    ty__pedges edges;
    ty_error e;
    FILE *f;

    if (argc != 2)
        return 64;
    snprintf(truth, sizeof truth, "%s/truth.tsv", argv[1]);
    if (!(f = fopen(truth, "r")))
        return 2;
    if (!getenv("TY_NO_LEXICON"))
        ty_lexicon_load_default(&lex, NULL, &e);
    if (ty_segmenter_new(TY_LANG_JA, &seg[0], &e) || ty_segmenter_new(TY_LANG_EN, &seg[1], &e) ||
        ty_pair_extractor_new(lex, &x, &e))
        return 2;
    docs[0] = calloc(100000, sizeof *docs[0]);
    docs[1] = calloc(100000, sizeof *docs[1]);
    while (fgets(line, sizeof line, f)) {
        char *tab = strchr(line, '\t'), *nl;
        if (!tab)
            continue;
        *tab = '\0';
        if ((nl = strchr(tab + 1, '\n')))
            *nl = '\0';
        if (*line && load(argv[1], "ja", TY_LANG_JA, line, seg[0], x, &docs[0][n[0]++]))
            return 2;
        if (tab[1] && load(argv[1], "en", TY_LANG_EN, tab + 1, seg[1], x, &docs[1][n[1]++]))
            return 2;
    }
    fclose(f);
    if (ty__parchive_build(&a, (const ty_pair_doc *const *)docs[0], n[0],
                           (const ty_pair_doc *const *)docs[1], n[1], 1, &e) ||
        ty__pair_candidates(&a, 8, 1, &edges, &e))
        return 2;
    for (size_t i = 0; i < edges.n; i++) {
        const ty__pedge *g = &edges.v[i];
        double sh[TY__PK_KINDS] = {0}, tj[TY__PK_KINDS] = {0}, te[TY__PK_KINDS] = {0};
        const uint32_t *xs = a.ids[0] + a.ids_at[0][g->ja], *xe = a.ids[0] + a.ids_at[0][g->ja + 1];
        const uint32_t *ys = a.ids[1] + a.ids_at[1][g->en], *ye = a.ids[1] + a.ids_at[1][g->en + 1];
        const uint32_t *xp = xs, *yp = ys;
        for (const uint32_t *p = xs; p < xe; p++)
            tj[TY__PK_KIND(a.keys[*p].key)] += a.keys[*p].wf;
        for (const uint32_t *p = ys; p < ye; p++)
            te[TY__PK_KIND(a.keys[*p].key)] += a.keys[*p].wf;
        while (xp < xe && yp < ye) {
            if (*xp < *yp)
                xp++;
            else if (*yp < *xp)
                yp++;
            else {
                sh[TY__PK_KIND(a.keys[*xp].key)] += a.keys[*xp].wf;
                xp++;
                yp++;
            }
        }
        printf("%s\t%s\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.2f\t%.2f", docs[0][g->ja]->name,
               docs[1][g->en]->name, g->content, g->fact_ja, g->fact_en, g->length, g->score,
               g->facts_ja, g->facts_en);
        for (int k = 0; k < TY__PK_KINDS; k++)
            printf("\t%.2f/%.2f/%.2f", sh[k], tj[k], te[k]);
        printf("\t%u/%u/%u/%u", g->own_ja_found, g->own_ja, g->own_en_found, g->own_en);
        printf("\t%zu/%zu", docs[0][g->ja]->segments, docs[1][g->en]->segments);
        if (getenv("TY_KEYS")) { /* every number and date key of either side: kind:dfja:dfen:side */
            const uint32_t *p = a.ids[0] + a.ids_at[0][g->ja], *q = a.ids[1] + a.ids_at[1][g->en];
            putchar('\t');
            while (p < xe || q < ye) {
                uint32_t id;
                int side;
                if (q >= ye || (p < xe && *p < *q)) {
                    id = *p++;
                    side = 1;
                } else if (p >= xe || *q < *p) {
                    id = *q++;
                    side = 2;
                } else {
                    id = *p++;
                    q++;
                    side = 3;
                }
                unsigned kind = TY__PK_KIND(a.keys[id].key);
                if (kind == 0 || kind == TY__PK_DATE || (kind != 2 && side != 2))
                    printf("%u:%u:%u:%d,", kind, a.keys[id].df[0], a.keys[id].df[1], side);
            }
        }
        putchar('\n');
    }
    return 0;
}
