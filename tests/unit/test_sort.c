/* test_sort.c — base/sort.c's integer sorts against qsort: empty, one, short runs (insertion
 * sort only), long runs (the quicksort) already in order, reversed, all equal, few distinct
 * values, and pseudo-random ones over the whole range of the type. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "base/sort.h"

enum { ASCENDING, DESCENDING, EQUAL, FEW, RANDOM };

static const struct {
    size_t n;
    int kind;
    const char *what;
} cases[] = {
    {0, RANDOM, "empty"},           {1, RANDOM, "one"},
    {2, DESCENDING, "two reversed"}, {24, RANDOM, "24 (insertion sort only)"},
    {25, RANDOM, "25 (one partition)"}, {1000, ASCENDING, "1000 in order"},
    {1000, DESCENDING, "1000 reversed"}, {1000, EQUAL, "1000 equal"},
    {1000, FEW, "1000 of 3 values"}, {5000, RANDOM, "5000 random"},
    {100003, RANDOM, "100003 random"},
};

static uint64_t rng = 0x9e3779b97f4a7c15ull;

/* an LCG, its high bits folded in */
static uint64_t next(void)
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return rng ^ (rng >> 29);
}

static uint64_t value(int kind, size_t i, size_t n)
{
    switch (kind) {
    case ASCENDING: return i;
    case DESCENDING: return n - i;
    case EQUAL: return 7;
    case FEW: return next() % 3;
    default: return next();
    }
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int main(void)
{
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        size_t n = cases[c].n;
        uint32_t *a32 = malloc((n + 1) * sizeof *a32), *b32 = malloc((n + 1) * sizeof *b32);
        uint64_t *a64 = malloc((n + 1) * sizeof *a64), *b64 = malloc((n + 1) * sizeof *b64);
        if (!a32 || !b32 || !a64 || !b64)
            return 1;
        for (size_t i = 0; i < n; i++) {
            a64[i] = b64[i] = value(cases[c].kind, i, n);
            /* the high half too, so that 32 bits alone would not order the 64-bit values */
            a32[i] = b32[i] = (uint32_t)(a64[i] >> 32) ^ (uint32_t)a64[i];
        }
        ty__sort_u32(a32, n);
        qsort(b32, n, sizeof *b32, cmp_u32);
        ty_ok(n == 0 || memcmp(a32, b32, n * sizeof *a32) == 0, "u32, %s: as qsort orders it",
              cases[c].what);
        ty__sort_u64(a64, n);
        qsort(b64, n, sizeof *b64, cmp_u64);
        ty_ok(n == 0 || memcmp(a64, b64, n * sizeof *a64) == 0, "u64, %s: as qsort orders it",
              cases[c].what);
        free(a32);
        free(b32);
        free(a64);
        free(b64);
    }
    return ty_done();
}
