/*
 * sort.h — private: sorting arrays of 32-bit integers (anchor keys, a unit's key list) and of
 * 64-bit ones (a lookup's candidates as packed keys), where the arrays are short and qsort's
 * indirect comparisons would cost more than the work around them. Not installed.
 */
#ifndef TY_BASE_SORT_H
#define TY_BASE_SORT_H

#include <stddef.h>
#include <stdint.h>

/* Sort v[0, n) in increasing order. */
void ty__sort_u32(uint32_t *v, size_t n);
void ty__sort_u64(uint64_t *v, size_t n);

#endif
