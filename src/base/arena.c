/*
 * arena.c — a bump allocator: everything one report or finding points to, freed at once.
 */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define ARENA_BLOCK ((size_t)64 * 1024)

struct ty__arena_block {
    struct ty__arena_block *next;
    size_t size, used;
    max_align_t data[];
};

void *ty__arena_alloc(ty__arena *a, size_t size)
{
    struct ty__arena_block *b = a->head;
    size_t need = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);

    if (need < size || (a->limit && a->used + need > a->limit))
        return NULL;
    if (!b || b->size - b->used < need) {
        size_t cap = need > ARENA_BLOCK / 4 ? need : ARENA_BLOCK;
        if (!(b = malloc(sizeof *b + cap)))
            return NULL;
        b->size = cap;
        b->used = 0;
        /* a big allocation gets its own block behind the current one, so the rest of the
         * current block stays usable */
        if (need > ARENA_BLOCK / 4 && a->head) {
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    void *p = (char *)b->data + b->used;
    b->used += need;
    a->used += need;
    return p;
}

char *ty__arena_strndup(ty__arena *a, const char *s, size_t n)
{
    char *p = ty__arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *ty__arena_strdup(ty__arena *a, const char *s)
{
    return ty__arena_strndup(a, s, strlen(s));
}

void ty__arena_clear(ty__arena *a)
{
    struct ty__arena_block *b = a->head;
    while (b) {
        struct ty__arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->used = 0;
}
