/*
 * arena.h — private: a bump allocator for everything a report or a finding points to. Not
 * installed.
 */
#ifndef TY_BASE_ARENA_H
#define TY_BASE_ARENA_H

#include <stddef.h>

/* Zero-initialize; ty__arena_clear frees every block. */
typedef struct ty__arena {
    struct ty__arena_block *head;
    size_t used;  /* bytes handed out, all blocks */
    size_t limit; /* 0: none; else allocations past it fail (a cap on a report's size) */
} ty__arena;

/* `size` bytes aligned for any type, or NULL when out of memory or past the limit. */
void *ty__arena_alloc(ty__arena *a, size_t size);
char *ty__arena_strndup(ty__arena *a, const char *s, size_t n);
char *ty__arena_strdup(ty__arena *a, const char *s);
/* Free every block (the arena can be used again). */
void ty__arena_clear(ty__arena *a);

#endif
