/*
 * align_map.c — the aligner's one hash map: uint64 keys to uint32 values, open addressing
 * with linear probing, doubled at half load, used to intern anchor keys and to count
 * co-occurrences for the learned lexicon (no deletion); and the sort of the short key lists.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "align.h"

/* The map never grows beyond this many slots (2^28: 3.2 GB would be needed anyway). */
#define TY__MAP_MAX_CAP ((size_t)1 << 28)

static size_t mix(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return (size_t)k;
}

uint64_t ty__hash_bytes(const void *p, size_t n, uint64_t seed)
{
    const unsigned char *s = p;
    uint64_t h = 0xcbf29ce484222325ULL ^ seed;

    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    return (uint64_t)mix(h);
}

uint32_t *ty__map_find(const ty__map *m, uint64_t key)
{
    if (m->cap == 0)
        return NULL;
    for (size_t i = mix(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->used[i])
            return NULL;
        if (m->key[i] == key)
            return &m->val[i];
    }
}

static int grow(ty__map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    ty__map nm = {NULL, NULL, NULL, 0, cap};

    if (cap > TY__MAP_MAX_CAP)
        return -1;
    nm.key = malloc(cap * sizeof *nm.key);
    nm.val = malloc(cap * sizeof *nm.val);
    nm.used = calloc(cap, 1);
    if (!nm.key || !nm.val || !nm.used) {
        ty__map_free(&nm);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->used[i])
            continue;
        size_t j = mix(m->key[i]) & (cap - 1);
        while (nm.used[j])
            j = (j + 1) & (cap - 1);
        nm.used[j] = 1;
        nm.key[j] = m->key[i];
        nm.val[j] = m->val[i];
    }
    nm.n = m->n;
    ty__map_free(m);
    *m = nm;
    return 0;
}

uint32_t *ty__map_slot(ty__map *m, uint64_t key, uint32_t init, int *created)
{
    size_t i;

    *created = 0;
    if (2 * (m->n + 1) > m->cap && grow(m) != 0)
        return NULL;
    for (i = mix(key) & (m->cap - 1); m->used[i]; i = (i + 1) & (m->cap - 1))
        if (m->key[i] == key)
            return &m->val[i];
    m->used[i] = 1;
    m->key[i] = key;
    m->val[i] = init;
    m->n++;
    *created = 1;
    return &m->val[i];
}

void ty__map_free(ty__map *m)
{
    free(m->key);
    free(m->val);
    free(m->used);
    memset(m, 0, sizeof *m);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

void ty__sort_u32(uint32_t *v, size_t n)
{
    if (n > 32) {
        qsort(v, n, sizeof *v, cmp_u32);
        return;
    }
    for (size_t i = 1; i < n; i++) { /* a unit's keys: insertion sort beats qsort here */
        uint32_t x = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}
