/*
 * bench_decode.c — decode-only speed and memory: reads and decodes FILE with
 * ty_text_read_file (as `taiyaku segment` does) REPS times and prints the best MB/s (of the
 * input bytes) and the process's peak resident memory; then times ty_normalize over the
 * decoded text's lines (a stand-in for segments). Speeds are of CPU time (best of REPS),
 * with the wall-clock figure beside it. Used by tests/bench/decode-speed.sh; prints figures,
 * asserts nothing.
 *   bench_decode FILE [ENCODING|-] [REPS]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "taiyaku.h"

/* CPU time of this process: on a shared machine it varies far less than wall time */
static double cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Normalize each line of the text: MB/s of decoded input. */
static double normalize_speed(const char *s, size_t len)
{
    double t0 = cpu();
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - s) : len;
        free(ty_normalize(s + i, end - i, NULL));
        i = end + 1;
    }
    return (double)len / 1e6 / (cpu() - t0);
}

int main(int argc, char **argv)
{
    ty_decode_opts o = {NULL, 0};
    int reps = argc > 3 ? atoi(argv[3]) : 3;
    double best = 1e30, best_wall = 1e30, norm = 0;
    long long in_len = 0;
    size_t out_len = 0;
    char enc[64] = "?";
    struct rusage ru;
    ty_error e;

    if (argc < 2) {
        fprintf(stderr, "usage: bench_decode FILE [ENCODING|-] [REPS]\n");
        return 64;
    }
    if (argc > 2 && strcmp(argv[2], "-") != 0)
        o.encoding = argv[2];
    for (int r = 0; r < (reps > 0 ? reps : 1); r++) {
        ty_text *t = NULL;
        double t0 = cpu(), w0 = now(), dt;
        const char *u;
        if (ty_text_read_file(argv[1], &o, &t, &e) != TY_OK) {
            char buf[2048];
            fprintf(stderr, "bench_decode: %s\n", ty_error_format(&e, buf, sizeof buf));
            return 2;
        }
        dt = cpu() - t0;
        if (dt < best)
            best = dt;
        if (now() - w0 < best_wall)
            best_wall = now() - w0;
        u = ty_text_utf8(t, &out_len);
        in_len = ty_text_source_offset(t, out_len);
        snprintf(enc, sizeof enc, "%s", ty_text_encoding(t));
        if (r == 0)
            norm = normalize_speed(u, out_len);
        ty_text_free(t);
    }
    getrusage(RUSAGE_SELF, &ru);
    printf("%-12s %5.1f MB in, %5.1f MB UTF-8 out: decode %6.1f MB/s (wall %6.1f), "
           "normalize %5.1f MB/s, peak RSS %5.1f MB (%.2fx input)\n",
           enc, (double)in_len / 1e6, (double)out_len / 1e6, (double)in_len / 1e6 / best,
           (double)in_len / 1e6 / best_wall, norm, (double)ru.ru_maxrss / 1024.0,
           (double)ru.ru_maxrss * 1024.0 / (double)in_len);
    return 0;
}
