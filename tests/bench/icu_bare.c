/*
 * icu_bare.c — the reference for segment-speed.sh: ICU's bare sentence iterator ("ja" or
 * "en@ss=standard"), opened once, over a whole file converted to UTF-16 once, boundaries
 * counted and nothing else (the figure the issue quotes: ~140 MB/s ja, ~120 MB/s en on an
 * idle machine). Prints "SECONDS_WALL SECONDS_CPU BOUNDARIES". Benchmark helper only.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <unicode/ubrk.h>
#include <unicode/ustring.h>

static double now(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    FILE *f;
    char *buf = NULL;
    UChar *u = NULL;
    long n;
    int32_t ulen = 0, p;
    long count = 0;
    UErrorCode ue = U_ZERO_ERROR;
    UBreakIterator *bi = NULL;
    int rc = 1;

    if (argc != 3 || !(f = fopen(argv[2], "rb"))) {
        fprintf(stderr, "usage: icu_bare ja|en FILE\n");
        return 64;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || n > INT32_MAX / 2 ||
        fseek(f, 0, SEEK_SET) != 0 || !(buf = malloc((size_t)n + 1)) ||
        !(u = malloc(((size_t)n + 1) * sizeof *u)) || fread(buf, 1, (size_t)n, f) != (size_t)n)
        goto done;
    bi = ubrk_open(UBRK_SENTENCE, argv[1][0] == 'j' ? "ja" : "en@ss=standard", NULL, 0, &ue);
    u_strFromUTF8WithSub(u, (int32_t)n + 1, &ulen, buf, (int32_t)n, 0xFFFD, NULL, &ue);
    ubrk_setText(bi, u, ulen, &ue);
    if (U_FAILURE(ue))
        goto done;
    for (p = ubrk_first(bi); p != UBRK_DONE; p = ubrk_next(bi))
        count++;
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
