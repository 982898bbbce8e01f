/*
 * sort.c — sorting short arrays of 32- and 64-bit integers without qsort's indirect
 * comparisons.
 */
#include "config.h"

#include "sort.h"

/* A quicksort (median of three, recursing into the smaller part) with insertion sort for
 * runs of 24 or fewer, for integers of type T. */
#define TY__SORT_DEFINE(NAME, T)                                                              \
    void NAME(T *v, size_t n)                                                                 \
    {                                                                                         \
        while (n > 24) {                                                                      \
            T a = v[0], b = v[n / 2], c = v[n - 1];                                           \
            T pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);      \
            size_t i = 0, j = n - 1;                                                          \
            for (;;) {                                                                        \
                while (v[i] < pivot)                                                          \
                    i++;                                                                      \
                while (v[j] > pivot)                                                          \
                    j--;                                                                      \
                if (i >= j)                                                                   \
                    break;                                                                    \
                T t = v[i];                                                                   \
                v[i++] = v[j];                                                                \
                v[j--] = t;                                                                   \
            }                                                                                 \
            /* recurse into the smaller part, loop on the larger */                           \
            if (j + 1 < n - j - 1) {                                                          \
                NAME(v, j + 1);                                                               \
                v += j + 1;                                                                   \
                n -= j + 1;                                                                   \
            } else {                                                                          \
                NAME(v + j + 1, n - j - 1);                                                   \
                n = j + 1;                                                                    \
            }                                                                                 \
        }                                                                                     \
        for (size_t i = 1; i < n; i++) {                                                      \
            T x = v[i];                                                                       \
            size_t j = i;                                                                     \
            while (j > 0 && v[j - 1] > x) {                                                   \
                v[j] = v[j - 1];                                                              \
                j--;                                                                          \
            }                                                                                 \
            v[j] = x;                                                                         \
        }                                                                                     \
    }

TY__SORT_DEFINE(ty__sort_u32, uint32_t)
TY__SORT_DEFINE(ty__sort_u64, uint64_t)
