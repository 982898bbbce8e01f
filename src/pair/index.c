/*
 * index.c — the archive's key table and inverted index (ty__parchive): a dense id per distinct
 * key, how many documents of each language hold it, each document's keys as sorted ids, and
 * each key's documents per language (postings). It neither weighs nor scores (score.c).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/u64map.h"
#include "pair.h"

void ty__parchive_free(ty__parchive *a)
{
    free(a->keys);
    for (int l = 0; l < 2; l++) {
        free(a->ids[l]);
        free(a->ids_at[l]);
        free(a->post[l]);
        free(a->post_at[l]);
    }
    memset(a, 0, sizeof *a);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static int wanted(uint64_t key, int use_names)
{
    return use_names || TY__PK_KIND(key) != TY__PK_FILE;
}

/* Dense ids are given in key order, so that a document's keys (sorted) have increasing ids:
 * no per-document sort. */
ty_status ty__parchive_build(ty__parchive *a, const ty_pair_doc *const *ja, size_t nja,
                             const ty_pair_doc *const *en, size_t nen, int use_names,
                             ty_error *err)
{
    ty__u64map map = {0};
    size_t cap = 0;
    ty_status st = TY_OK;

    memset(a, 0, sizeof *a);
    a->n[0] = nja;
    a->n[1] = nen;
    a->docs[0] = ja;
    a->docs[1] = en;
    /* the vocabulary, sorted */
    for (int l = 0; l < 2; l++)
        for (size_t d = 0; d < a->n[l]; d++) {
            const ty_pair_doc *doc = a->docs[l][d];
            for (size_t i = 0; i < doc->nkeys; i++) {
                int created = 0;
                if (!wanted(doc->keys[i], use_names))
                    continue;
                if (!ty__u64map_insert(&map, doc->keys[i], 0, &created))
                    goto nomem;
                if (!created)
                    continue;
                if (a->nkeys == cap) {
                    size_t c = cap ? 2 * cap : 4096;
                    ty__pkey *k = realloc(a->keys, c * sizeof *k);
                    if (!k)
                        goto nomem;
                    a->keys = k;
                    cap = c;
                }
                memset(&a->keys[a->nkeys], 0, sizeof a->keys[0]);
                a->keys[a->nkeys++].key = doc->keys[i];
            }
        }
    if (a->nkeys)
        qsort(a->keys, a->nkeys, sizeof *a->keys, cmp_u64); /* key is the first member */
    for (size_t k = 0; k < a->nkeys; k++)
        *ty__u64map_find(&map, a->keys[k].key) = (uint32_t)k;
    /* each document's ids, and the document frequencies */
    for (int l = 0; l < 2; l++) {
        size_t total = 0, at = 0;
        for (size_t d = 0; d < a->n[l]; d++)
            total += a->docs[l][d]->nkeys;
        if (!(a->ids_at[l] = malloc((a->n[l] + 1) * sizeof *a->ids_at[l])) ||
            !(a->ids[l] = malloc((total ? total : 1) * sizeof *a->ids[l])))
            goto nomem;
        for (size_t d = 0; d < a->n[l]; d++) {
            const ty_pair_doc *doc = a->docs[l][d];
            a->ids_at[l][d] = at;
            for (size_t i = 0; i < doc->nkeys; i++) {
                uint32_t id;
                if (!wanted(doc->keys[i], use_names))
                    continue;
                id = *ty__u64map_find(&map, doc->keys[i]);
                a->keys[id].df[l]++; /* keys are distinct within a document */
                a->ids[l][at++] = id;
            }
        }
        a->ids_at[l][a->n[l]] = at;
    }
    for (int l = 0; l < 2; l++) {
        size_t *fill;
        if (!(a->post_at[l] = calloc(a->nkeys + 1, sizeof *a->post_at[l])) ||
            !(a->post[l] = malloc((a->ids_at[l][a->n[l]] + 1) * sizeof *a->post[l])))
            goto nomem;
        for (size_t k = 0; k < a->nkeys; k++)
            a->post_at[l][k + 1] = a->post_at[l][k] + a->keys[k].df[l];
        if (!(fill = malloc((a->nkeys + 1) * sizeof *fill)))
            goto nomem;
        memcpy(fill, a->post_at[l], (a->nkeys + 1) * sizeof *fill);
        for (size_t d = 0; d < a->n[l]; d++)
            for (size_t i = a->ids_at[l][d]; i < a->ids_at[l][d + 1]; i++)
                a->post[l][fill[a->ids[l][i]]++] = (uint32_t)d;
        free(fill);
    }
    goto done;
nomem:
    st = ty__nomem(err);
    ty__parchive_free(a);
done:
    ty__u64map_free(&map);
    return st;
}
