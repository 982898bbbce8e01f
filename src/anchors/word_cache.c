/*
 * word_cache.c — the cache of word_cache.h: open addressing (linear probing) on the 64-bit
 * FNV-1a hash of a word's bytes, the word itself compared. It starts small (a context may see
 * one short segment: a fuzz input, a query) and doubles when half full, up to 32,768 slots;
 * then it is emptied when half full (a document meets some thousands of distinct words; a
 * longer one starts again from its current words). A slot is its head (hash, length, the
 * word) and then its keys, `width` of them.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "word_cache.h"

#define TY__WORD_CACHE_FIRST 256   /* slots at first (a power of two) */
#define TY__WORD_CACHE_SLOTS 32768 /* slots at most (a power of two) */

typedef struct word_head {
    uint64_t hash; /* 0 = empty */
    uint8_t n;
    char w[TY__WORD_CACHE_LEN];
} word_head;

struct ty__word_cache {
    size_t used, cap, stride;
    unsigned char *slots;
};

static word_head *slot_at(const ty__word_cache *c, size_t at)
{
    return (word_head *)(c->slots + at * c->stride);
}

/* Twice the slots, the words kept; 0 when memory is short (the cache is then emptied). */
static int grow(ty__word_cache *c)
{
    size_t cap = 2 * c->cap, mask = cap - 1;
    unsigned char *slots = calloc(cap, c->stride), *old = c->slots;

    if (!slots)
        return 0;
    for (size_t i = 0; i < c->cap; i++) {
        const word_head *s = (const word_head *)(old + i * c->stride);
        size_t at = (size_t)s->hash & mask;
        if (!s->hash)
            continue;
        while (((word_head *)(slots + at * c->stride))->hash)
            at = (at + 1) & mask;
        memcpy(slots + at * c->stride, s, c->stride);
    }
    c->slots = slots;
    c->cap = cap;
    free(old);
    return 1;
}

ty__word_keys *ty__word_cache_entry(ty__word_cache **cache, unsigned width, const char *w,
                                    size_t n, int *fresh)
{
    ty__word_cache *c = *cache;
    uint64_t h = 1469598103934665603ull;
    size_t at;
    word_head *s;

    *fresh = 0;
    if (n > TY__WORD_CACHE_LEN || width < 1 || width > 15)
        return NULL;
    if (!c) {
        size_t stride = sizeof(word_head) + sizeof(ty__word_keys) + width * sizeof(uint32_t);
        stride = (stride + 7) & ~(size_t)7;
        if (!(c = calloc(1, sizeof *c)) ||
            !(c->slots = calloc(TY__WORD_CACHE_FIRST, stride))) {
            free(c);
            return NULL;
        }
        c->cap = TY__WORD_CACHE_FIRST;
        c->stride = stride;
        *cache = c;
    }
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)w[i]) * 1099511628211ull;
    h = h ? h : 1;
    for (at = (size_t)h & (c->cap - 1);; at = (at + 1) & (c->cap - 1)) {
        s = slot_at(c, at);
        if (!s->hash)
            break;
        if (s->hash == h && s->n == n && memcmp(s->w, w, n) == 0)
            return (ty__word_keys *)(s + 1);
    }
    if (c->used >= c->cap / 2) {
        if (c->cap == TY__WORD_CACHE_SLOTS || !grow(c)) {
            memset(c->slots, 0, c->cap * c->stride);
            c->used = 0;
        }
        for (at = (size_t)h & (c->cap - 1); slot_at(c, at)->hash; at = (at + 1) & (c->cap - 1))
            ;
        s = slot_at(c, at);
    }
    s->hash = h;
    s->n = (uint8_t)n;
    memcpy(s->w, w, n);
    c->used++;
    *fresh = 1;
    ((ty__word_keys *)(s + 1))->n = 0;
    return (ty__word_keys *)(s + 1);
}

void ty__word_cache_free(ty__word_cache *cache)
{
    if (!cache)
        return;
    free(cache->slots);
    free(cache);
}
