/*
 * u64map.h — private: the one hash map of the library, from 64-bit keys to 32-bit values
 * (open addressing, linear probing, doubled at half load, no deletion), and the byte hash
 * that makes string keys. Not installed.
 */
#ifndef TY_BASE_U64MAP_H
#define TY_BASE_U64MAP_H

#include <stddef.h>
#include <stdint.h>

/* Zero-initialize; free with ty__u64map_free. Iterate over the slots i < cap with used[i]. */
typedef struct ty__u64map {
    uint64_t *key;
    uint32_t *val;
    unsigned char *used;
    size_t n, cap;
} ty__u64map;

/* The value slot of `key`, or NULL when absent. */
uint32_t *ty__u64map_find(const ty__u64map *m, uint64_t key);
/* The value slot of `key`, inserted with value `init` when absent (then *created, when
 * `created` is not NULL, is set to 1, else 0). NULL when out of memory or past 2^28 slots. */
uint32_t *ty__u64map_insert(ty__u64map *m, uint64_t key, uint32_t init, int *created);
/* Empty the map, keeping its memory. */
void ty__u64map_clear(ty__u64map *m);
void ty__u64map_free(ty__u64map *m);

/* A 64-bit integer's bits mixed (MurmurHash3's finalizer): every input bit changes about
 * half of the output bits. */
uint64_t ty__mix64(uint64_t k);

/* A 64-bit hash of bytes (FNV-1a, then mixed), for string keys. */
uint64_t ty__hash_bytes(const void *p, size_t n, uint64_t seed);

#endif
