/*
 * gumbo_bare.c — the bound for the HTML reader's speed: gumbo alone parsing a UTF-8 page into
 * its tree and freeing it, best of 3. Prints "SECONDS CPU-SECONDS" for formats-speed.sh.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gumbo.h>

int main(int argc, char **argv)
{
    FILE *f;
    char *buf;
    long n;
    double best = 1e9, best_cpu = 1e9;

    if (argc != 2 || !(f = fopen(argv[1], "rb")))
        return 64;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (n < 0 || !(buf = malloc((size_t)n + 1)) || fread(buf, 1, (size_t)n, f) != (size_t)n)
        return 2;
    fclose(f);
    for (int run = 0; run < 3; run++) {
        struct timespec a, b;
        clock_t c0 = clock();
        GumboOutput *g;
        clock_gettime(CLOCK_MONOTONIC, &a);
        g = gumbo_parse_with_options(&kGumboDefaultOptions, buf, (size_t)n);
        gumbo_destroy_output(&kGumboDefaultOptions, g);
        clock_gettime(CLOCK_MONOTONIC, &b);
        double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
        double c = (double)(clock() - c0) / CLOCKS_PER_SEC;
        if (s < best)
            best = s;
        if (c < best_cpu)
            best_cpu = c;
    }
    printf("%.3f %.3f\n", best, best_cpu);
    free(buf);
    return 0;
}
