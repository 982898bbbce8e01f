/*
 * alloc.c — growing arrays by doubling and allocating large blocks with huge-page advice.
 * It does not track or pool allocations (arena.c does for reports).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "alloc.h"

void ty__advise_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
    long page = sysconf(_SC_PAGESIZE);
    uintptr_t a, b;
    if (n < ((size_t)4 << 20) || page <= 0)
        return;
    a = ((uintptr_t)p + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
    b = ((uintptr_t)p + n) & ~((uintptr_t)page - 1);
    if (b > a)
        (void)madvise((void *)a, b - a, MADV_HUGEPAGE);
#else
    (void)p;
    (void)n;
#endif
}

void *ty__big_alloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p)
        ty__advise_huge(p, n);
    return p;
}

int ty__grow(void **p, size_t *cap, size_t need, size_t elem)
{
    size_t ncap = *cap ? *cap : 64;
    void *np;

    if (need <= *cap)
        return 0;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2 / elem)
            return -1;
        ncap *= 2;
    }
    if (!(np = realloc(*p, ncap * elem)))
        return -1;
    ty__advise_huge(np, ncap * elem);
    *p = np;
    *cap = ncap;
    return 0;
}
