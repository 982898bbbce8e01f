/*
 * icu_bare.c — the bound for segment-speed.sh: ICU's bare sentence iterator ("ja", or "en"
 * as the segmenter opens it), opened once and reused, over a file read in 1 MiB blocks and
 * converted to UTF-16 a line at a time into one reused buffer (u_strFromUTF8WithSub),
 * boundaries counted and nothing else: what any segmenter built on the iterator pays at
 * least, reading included, with no memory to fault in beyond the two buffers. Prints
 * "SECONDS_WALL SECONDS_CPU BOUNDARIES" (from the start of main). Benchmark helper only.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unicode/ubrk.h>
#include <unicode/ustring.h>

static double now(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The boundaries ICU finds in each line of buf[0, n), counted into *count; the bytes after
 * the last line break are left for the next block unless `last`. Returns the bytes used. */
static long lines(UBreakIterator *bi, const char *buf, long n, int last, UChar **u, long *ucap,
                  long *count, UErrorCode *ue)
{
    long i = 0;
    int32_t ulen, p;

    while (i < n && U_SUCCESS(*ue)) {
        const char *nl = memchr(buf + i, '\n', (size_t)(n - i));
        long e = nl ? (long)(nl - buf) : n;
        if (!nl && !last)
            break;
        if (e > i) {
            if (e - i + 1 > *ucap) {
                free(*u);
                *ucap = 2 * (e - i + 1);
                if (!(*u = malloc((size_t)*ucap * sizeof **u))) {
                    *ue = U_MEMORY_ALLOCATION_ERROR;
                    break;
                }
            }
            u_strFromUTF8WithSub(*u, (int32_t)*ucap, &ulen, buf + i, (int32_t)(e - i), 0xFFFD,
                                 NULL, ue);
            ubrk_setText(bi, *u, ulen, ue);
            if (U_FAILURE(*ue))
                break;
            for (p = ubrk_first(bi); p != UBRK_DONE; p = ubrk_next(bi))
                (*count)++;
        }
        i = e + 1;
    }
    return i < n ? i : n;
}

int main(int argc, char **argv)
{
    double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    FILE *f;
    char *buf = NULL;
    UChar *u = NULL;
    long have = 0, cap = 1L << 20, ucap = 0, count = 0;
    size_t got;
    UErrorCode ue = U_ZERO_ERROR;
    UBreakIterator *bi = NULL;
    int rc = 1;

    if (argc != 3 || !(f = fopen(argv[2], "rb"))) {
        fprintf(stderr, "usage: icu_bare ja|en FILE\n");
        return 64;
    }
    bi = ubrk_open(UBRK_SENTENCE, argv[1][0] == 'j' ? "ja" : "en", NULL, 0, &ue);
    if (!(buf = malloc((size_t)cap)))
        goto done;
    while (U_SUCCESS(ue)) {
        long used;
        if (have == cap) { /* a line longer than the block */
            char *nb = realloc(buf, (size_t)cap * 2);
            if (!nb)
                goto done;
            buf = nb;
            cap *= 2;
        }
        got = fread(buf + have, 1, (size_t)(cap - have), f);
        have += (long)got;
        used = lines(bi, buf, have, got == 0, &u, &ucap, &count, &ue);
        memmove(buf, buf + used, (size_t)(have - used));
        have -= used;
        if (got == 0)
            break;
    }
    if (U_FAILURE(ue) || ferror(f))
        goto done;
    printf("%.3f %.3f %ld\n", now(CLOCK_MONOTONIC) - w0, now(CLOCK_PROCESS_CPUTIME_ID) - c0, count);
    rc = 0;
done:
    if (rc)
        fprintf(stderr, "icu_bare: %s: cannot read or iterate (%s)\n", argv[2], u_errorName(ue));
    ubrk_close(bi);
    free(u);
    free(buf);
    fclose(f);
    return rc;
}
