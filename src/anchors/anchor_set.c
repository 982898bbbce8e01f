/*
 * anchor_set.c — the anchor sets every extractor appends to (push, sort by kind then key,
 * shared keys of a kind), the 32-bit key of a (kind, string) pair, and the NFKC case fold of
 * a run of code points that the extractors key through. It extracts nothing itself
 * (extract.c, numbers.c, names.c, lexicon.c do).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "anchors.h"
#include "base/sort.h"
#include "chars.h"

/* Keys per segment: a cap on the set's growth (a segment of 256 KiB has fewer). */
#define TY__MAX_KEYS (1u << 20)

/* Sets are sorted without qsort: segments have tens of keys, and qsort's indirect comparisons
 * would cost more than the extraction itself. The keys are bucketed by kind (there are four)
 * and each bucket's keys sorted as plain integers. */

ty_status ty__anchor_set_push(ty_anchor_set *set, uint8_t kind, uint32_t key)
{
    if (set->n == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 16;
        ty_anchor *v;
        if (set->n >= TY__MAX_KEYS)
            return TY_ERR_TOOBIG;
        v = realloc(set->v, cap * sizeof *v);
        if (!v)
            return TY_ERR_NOMEM;
        set->v = v;
        set->cap = cap;
    }
    set->v[set->n].key = key;
    set->v[set->n].kind = kind;
    set->n++;
    return TY_OK;
}

static int anchor_cmp(const void *a, const void *b)
{
    const ty_anchor *x = a, *y = b;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}

void ty__anchor_sort_range(ty_anchor *v, size_t n, uint32_t *scratch, size_t cap)
{
    size_t count[TY_ANCHOR_KINDS] = {0}, at[TY_ANCHOR_KINDS], pos = 0;
    uint32_t *keys;

    if (n < 2)
        return;
    for (size_t i = 0; i < n; i++) {
        if (v[i].kind >= TY_ANCHOR_KINDS) {
            qsort(v, n, sizeof *v, anchor_cmp); /* not a kind of ours: sort it anyway */
            return;
        }
        count[v[i].kind]++;
    }
    keys = n <= cap ? scratch : malloc(n * sizeof *keys);
    if (!keys) {
        qsort(v, n, sizeof *v, anchor_cmp);
        return;
    }
    for (uint8_t k = 0; k < TY_ANCHOR_KINDS; k++) {
        at[k] = pos;
        pos += count[k];
    }
    for (size_t i = 0; i < n; i++)
        keys[at[v[i].kind]++] = v[i].key;
    pos = 0;
    for (uint8_t k = 0; k < TY_ANCHOR_KINDS; k++) {
        ty__sort_u32(keys + pos, count[k]);
        for (size_t j = pos; j < pos + count[k]; j++) {
            v[j].key = keys[j];
            v[j].kind = k;
        }
        pos += count[k];
    }
    if (keys != scratch)
        free(keys);
}

void ty__anchor_set_sort(ty_anchor_set *set)
{
    uint32_t scratch[256];
    ty__anchor_sort_range(set->v, set->n, scratch, 256);
}

void ty__anchor_set_free(ty_anchor_set *set)
{
    if (!set)
        return;
    free(set->v);
    set->v = NULL;
    set->n = set->cap = 0;
}

ty_status ty__doc_anchors_push(ty__doc_anchors *d, const ty_anchor *v, size_t n)
{
    if (d->nseg + 2 > d->capseg) {
        size_t cap = d->capseg ? 2 * d->capseg : 256;
        size_t *off = realloc(d->off, cap * sizeof *off);
        if (!off)
            return TY_ERR_NOMEM;
        if (!d->capseg)
            off[0] = 0;
        d->off = off;
        d->capseg = cap;
    }
    if (d->n + n > d->cap) {
        size_t cap = d->cap ? d->cap : 1024;
        while (cap < d->n + n)
            cap *= 2;
        uint32_t *key = realloc(d->key, cap * sizeof *key);
        if (key)
            d->key = key;
        uint8_t *kind = key ? realloc(d->kind, cap) : NULL;
        if (!kind)
            return TY_ERR_NOMEM;
        d->kind = kind;
        d->cap = cap;
    }
    for (size_t i = 0; i < n; i++)
        if (v[i].kind != TY_ANCHOR_LEXICON) {
            d->key[d->n] = v[i].key;
            d->kind[d->n++] = v[i].kind;
        }
    d->off[++d->nseg] = d->n;
    return TY_OK;
}

void ty__doc_anchors_free(ty__doc_anchors *d)
{
    if (!d)
        return;
    free(d->key);
    free(d->kind);
    free(d->off);
    memset(d, 0, sizeof *d);
}

uint32_t ty__anchor_key(uint8_t kind, const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    h = (h ^ kind) * 16777619u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

const char *ty__anchor_kind_name(uint8_t kind)
{
    switch (kind) {
    case TY_ANCHOR_NUMBER: return "number";
    case TY_ANCHOR_LATIN: return "latin";
    case TY_ANCHOR_LEXICON: return "lexicon";
    case TY_ANCHOR_NAME: return "name";
    default: return "?";
    }
}

/* The range [*lo, *hi) of the anchors of `kind` in a sorted set. */
static void kind_range(const ty_anchor_set *s, uint8_t kind, size_t *lo, size_t *hi)
{
    size_t i = 0;
    while (i < s->n && s->v[i].kind < kind)
        i++;
    *lo = i;
    while (i < s->n && s->v[i].kind == kind)
        i++;
    *hi = i;
}

size_t ty__anchor_set_shared(const ty_anchor_set *a, const ty_anchor_set *b, uint8_t kind)
{
    size_t i, ie, j, je, n = 0;
    kind_range(a, kind, &i, &ie);
    kind_range(b, kind, &j, &je);
    while (i < ie && j < je) {
        if (a->v[i].key < b->v[j].key) {
            i++;
        } else if (a->v[i].key > b->v[j].key) {
            j++;
        } else {
            n++;
            i++;
            j++;
        }
    }
    return n;
}

size_t ty__fold_utf8(const UChar32 *cp, size_t n, char *out, size_t cap)
{
    UChar in[TY__MAX_TOKEN], norm[2 * TY__MAX_TOKEN];
    UErrorCode e = U_ZERO_ERROR;
    const UNormalizer2 *nfkc;
    int32_t m = 0, k, len;
    size_t i;

    if (cap == 0)
        return 0;
    for (i = 0; i < n && i + 1 < cap && cp[i] >= 0 && cp[i] < 0x80; i++) {
        UChar32 c = cp[i];
        out[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    if (i == n || i + 1 == cap) {
        out[i] = '\0';
        return i;
    }
    for (i = 0; i < n && m < TY__MAX_TOKEN - 2; i++) {
        UBool bad = 0;
        if (cp[i] < 0)
            continue;
        U16_APPEND(in, m, TY__MAX_TOKEN, cp[i], bad);
        (void)bad;
    }
    nfkc = unorm2_getNFKCCasefoldInstance(&e);
    k = U_SUCCESS(e) ? unorm2_normalize(nfkc, in, m, norm, 2 * TY__MAX_TOKEN, &e) : 0;
    if (U_FAILURE(e))
        k = 0;
    e = U_ZERO_ERROR;
    u_strToUTF8(out, (int32_t)cap - 1, &len, norm, k, &e);
    if (U_FAILURE(e) || e == U_STRING_NOT_TERMINATED_WARNING)
        len = e == U_STRING_NOT_TERMINATED_WARNING ? (int32_t)cap - 1 : 0;
    if (len < 0 || (size_t)len >= cap)
        len = 0;
    out[len] = '\0';
    return (size_t)len;
}
