/*
 * u64map.c — the uint64 -> uint32 hash map (interned anchor keys, co-occurrence counts, n-gram
 * tables of the phrase reports) and the byte hash for its string keys.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "u64map.h"

/* The map never grows beyond this many slots (2^28: 3.2 GB would be needed anyway). */
#define MAP_MAX_CAP ((size_t)1 << 28)

uint64_t ty__mix64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

static size_t mix(uint64_t k)
{
    return (size_t)ty__mix64(k);
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

uint32_t *ty__u64map_find(const ty__u64map *m, uint64_t key)
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

static int grow(ty__u64map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    ty__u64map nm = {NULL, NULL, NULL, 0, cap};

    if (cap > MAP_MAX_CAP)
        return -1;
    nm.key = malloc(cap * sizeof *nm.key);
    nm.val = malloc(cap * sizeof *nm.val);
    nm.used = calloc(cap, 1);
    if (!nm.key || !nm.val || !nm.used) {
        ty__u64map_free(&nm);
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
    ty__u64map_free(m);
    *m = nm;
    return 0;
}

uint32_t *ty__u64map_insert(ty__u64map *m, uint64_t key, uint32_t init, int *created)
{
    size_t i;

    if (created)
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
    if (created)
        *created = 1;
    return &m->val[i];
}

void ty__u64map_clear(ty__u64map *m)
{
    if (m->used)
        memset(m->used, 0, m->cap);
    m->n = 0;
}

void ty__u64map_free(ty__u64map *m)
{
    free(m->key);
    free(m->val);
    free(m->used);
    memset(m, 0, sizeof *m);
}
