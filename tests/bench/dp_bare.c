/*
 * dp_bare.c — the reference for align-speed.sh: a bare banded Viterbi DP over the 8 bead
 * shapes of taiyaku's aligner (1:1 1:0 0:1 1:2 2:1 2:2 1:3 3:1) on two files of one sentence
 * a line, scored by a Gale & Church length term alone (no anchors, no structure, no
 * posteriors, one pass), inside a band of HALF_WIDTH (default 8) cells on each side of the
 * diagonal, with a backtrack. It is what the alignment would cost with nothing but the DP:
 * the floor a whole `taiyaku align` process is measured against. Prints "SECONDS_WALL
 * SECONDS_CPU CELLS BEADS". Benchmark helper only; it does not align well.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static const unsigned char sh_ja[8] = {1, 1, 0, 1, 2, 2, 1, 3};
static const unsigned char sh_en[8] = {1, 0, 1, 2, 1, 2, 3, 1};
static const double sh_prior[8] = {0.86, 0.02, 0.02, 0.035, 0.035, 0.01, 0.01, 0.01};

static double now(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Code points per line of `path` into a new array (*n lines); cum[i]: total of lines < i. */
static double *read_lengths(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 1024, len = 0;
    double *cum = malloc(cap * sizeof *cum);
    int c;

    if (!f || !cum) {
        if (f)
            fclose(f);
        free(cum);
        return NULL;
    }
    cum[0] = 0;
    *n = 0;
    while ((c = getc(f)) != EOF) {
        if (c == '\n') {
            if (*n + 2 > cap) {
                double *p = realloc(cum, (cap *= 2) * sizeof *cum);
                if (!p) {
                    free(cum);
                    fclose(f);
                    return NULL;
                }
                cum = p;
            }
            cum[*n + 1] = cum[*n] + (double)len;
            ++*n;
            len = 0;
        } else if ((c & 0xC0) != 0x80) {
            len++;
        }
    }
    fclose(f);
    return cum;
}

int main(int argc, char **argv)
{
    double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    size_t n = 0, m = 0, half = argc > 3 ? (size_t)atol(argv[3]) : 8, width, cells, beads = 0;
    double *ja = NULL, *en = NULL, *vit = NULL, ratio, logprior[8];
    uint8_t *bp = NULL;
    int rc = 1;

    if (argc < 3 || argc > 4 || half == 0) {
        fprintf(stderr, "usage: dp_bare JA EN [HALF_WIDTH]\n");
        return 64;
    }
    if (!(ja = read_lengths(argv[1], &n)) || !(en = read_lengths(argv[2], &m)) || !n || !m) {
        fprintf(stderr, "dp_bare: cannot read %s and %s (or one is empty)\n", argv[1], argv[2]);
        goto done;
    }
    width = 2 * half + 1;
    cells = (n + 1) * width;
    vit = malloc(cells * sizeof *vit);
    bp = malloc(cells);
    if (!vit || !bp)
        goto done;
    ratio = en[m] / ja[n];
    for (int s = 0; s < 8; s++)
        logprior[s] = log(sh_prior[s]);
    /* row i holds columns diag(i) - half .. diag(i) + half */
#define DIAG(i) ((long)((double)(i) * (double)m / (double)n))
#define CELL(i, j) ((size_t)(i) * width + (size_t)((j) - DIAG(i) + (long)half))
#define IN(i, j) ((j) >= 0 && (j) <= (long)m && (j) >= DIAG(i) - (long)half && (j) <= DIAG(i) + (long)half)
    for (long i = 0; i <= (long)n; i++) {
        for (long j = DIAG(i) - (long)half; j <= DIAG(i) + (long)half; j++) {
            double best = -INFINITY;
            unsigned bs = 0;
            if (j < 0 || j > (long)m)
                continue;
            for (unsigned s = 0; s < 8; s++) {
                long pi = i - sh_ja[s], pj = j - sh_en[s];
                double a, b, d, sco;
                if (pi < 0 || pj < 0 || !IN(pi, pj))
                    continue;
                a = ja[i] - ja[pi];
                b = en[j] - en[pj];
                d = (log(b + 8) - log(ratio * a + 8)) / 0.35;
                sco = logprior[s] - 0.5 * d * d;
                if (vit[CELL(pi, pj)] + sco > best) {
                    best = vit[CELL(pi, pj)] + sco;
                    bs = s;
                }
            }
            vit[CELL(i, j)] = (i == 0 && j == 0) ? 0 : best;
            bp[CELL(i, j)] = (uint8_t)bs;
        }
    }
    if (!IN((long)n, (long)m) || vit[CELL(n, m)] == -INFINITY) {
        fprintf(stderr, "dp_bare: the band does not reach the end (%zu x %zu lines)\n", n, m);
        goto done;
    }
    for (long i = (long)n, j = (long)m; i > 0 || j > 0; beads++) {
        unsigned s = bp[CELL(i, j)];
        i -= sh_ja[s];
        j -= sh_en[s];
    }
    printf("%.3f %.3f %zu %zu\n", now(CLOCK_MONOTONIC) - w0, now(CLOCK_PROCESS_CPUTIME_ID) - c0,
           cells, beads);
    rc = 0;
done:
    free(ja);
    free(en);
    free(vit);
    free(bp);
    return rc;
}
