/*
 * word_cache.h — private to the anchor extractors: the keys of short words, cached per anchor
 * context (names.c's English name keys, stem.c's lexicon keys). A document repeats its words,
 * and a word's keys cost tens of operations each time they are made. Not thread-safe: one
 * cache per context. Not installed.
 */
#ifndef TY_ANCHORS_WORD_CACHE_H
#define TY_ANCHORS_WORD_CACHE_H

#include <stddef.h>
#include <stdint.h>

#define TY__WORD_CACHE_LEN 23 /* words of at most this many bytes are cached */

/* A word's keys (at most the cache's `width`), as its maker left them. */
typedef struct ty__word_keys {
    uint32_t n;
    uint32_t key[];
} ty__word_keys;

typedef struct ty__word_cache ty__word_cache;

/* The entry of the bytes w[0, n) in *cache, made at the first call with room for `width`
 * keys an entry (1 to 15; a cache is called with one width). *fresh is 1 when the word was
 * not there: the caller fills the entry's keys then. NULL when the word is too long to be
 * cached or memory is short: the caller makes its keys itself. */
ty__word_keys *ty__word_cache_entry(ty__word_cache **cache, unsigned width, const char *w,
                                    size_t n, int *fresh);
void ty__word_cache_free(ty__word_cache *cache);

#endif
