/*
 * alloc.h — private: growing arrays and large blocks. Not installed.
 */
#ifndef TY_BASE_ALLOC_H
#define TY_BASE_ALLOC_H

#include <stddef.h>

/* Ask the kernel to back a large block with transparent huge pages where it can: on a 50 MB
 * input, page faults on fresh memory otherwise cost as much as the work done in it. Advice
 * only (errors ignored); a no-op below 4 MiB or where madvise has no MADV_HUGEPAGE. */
void ty__advise_huge(void *p, size_t n);

/* malloc (at least one byte) with the same advice for large blocks. */
void *ty__big_alloc(size_t n);

/* Grow *p, an array of *cap elements of `elem` bytes, to hold at least `need` (doubling from
 * 64). Returns 0, or -1 when out of memory or too large (then *p and *cap are unchanged). */
int ty__grow(void **p, size_t *cap, size_t need, size_t elem);

#endif
