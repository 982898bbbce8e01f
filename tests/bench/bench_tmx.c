/*
 * bench_tmx.c — the measurement driver of tests/bench/tmx-speed.sh. `write FILE N` writes N
 * generated units shaped like `taiyaku align -o` output (a Japanese and an English sentence
 * of press-conference length, confidence, shape, document and segment props) through the
 * streaming writer; `write FILE N ids` the same units with tuids of their own ("1", "2", …:
 * what an export of a memory imported from TMX writes, each one checked to be new);
 * `read FILE` reads them back with ty_tmx_read. Each prints one line: units,
 * file size, wall and CPU seconds, peak resident memory. Prints figures, asserts nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "taiyaku.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void report(const char *what, const char *path, size_t units, double t0)
{
    struct rusage ru;
    struct stat st;
    double wall = now() - t0;
    getrusage(RUSAGE_SELF, &ru);
    printf("%-5s %zu units, %.0f MB, %.2f s wall, %.2f s CPU, peak RSS %.1f MB\n", what, units,
           stat(path, &st) == 0 ? (double)st.st_size / 1e6 : 0.0, wall,
           (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
               (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6,
           (double)ru.ru_maxrss / 1024.0);
}

static int fail(const ty_error *e)
{
    char buf[2048];
    fprintf(stderr, "bench_tmx: %s\n", ty_error_format(e, buf, sizeof buf));
    return 1;
}

/* Decimal digits of v at the end of buf (no printf: the driver should cost little). */
static const char *num(char *buf, size_t size, size_t v)
{
    char *p = buf + size - 1;
    *p = '\0';
    do
        *--p = (char)('0' + v % 10);
    while ((v /= 10) > 0);
    return p;
}

static int bench_write(const char *path, size_t n, int ids)
{
    static const char *const ja[] = {
        "日本政府は、被災者支援のため、300万ドルの緊急無償資金協力を実施することを決定しました。",
        "来週21日、東京において日豪外務・防衛閣僚協議を開催します。",
        "【記者】今回の会合について伺います。今後の見通しはいかがでしょうか。",
    };
    static const char *const en[] = {
        "The Government of Japan has decided to extend Emergency Grant Aid of 3 million U.S. "
        "dollars to support the people affected.",
        "On the 21st of next week, the Japan-Australia Foreign and Defence Ministerial "
        "Consultations will be held in Tokyo.",
        "Reporter: I would like to ask about this meeting. What is the outlook?",
    };
    ty_tmx_write_opts o;
    ty_tmx_writer *w;
    ty_error e;
    char js[32], es[32], id[32];
    ty_prop props[4] = {{"x-ja-document", "press.ja.txt"}, {"x-en-document", "press.en.txt"},
                        {"x-ja-segments", NULL}, {"x-en-segments", NULL}};
    ty_unit u;
    double t0 = now();

    ty_tmx_write_opts_init(&o);
    o.creation_time = 0;
    if (ty_tmx_writer_open(path, &o, &w, &e) != TY_OK)
        return fail(&e);
    memset(&u, 0, sizeof u);
    u.props = props;
    u.nprops = 4;
    for (size_t i = 0; i < n; i++) {
        u.ja = ja[i % 3];
        u.en = en[i % 3];
        props[2].value = num(js, sizeof js, i);
        props[3].value = num(es, sizeof es, i);
        u.confidence = (double)(i % 1000) / 1000.0;
        u.shape = i % 7 ? "1:1" : "1:2";
        if (ids) {
            snprintf(id, sizeof id, "%zu", i + 1);
            u.id = id;
        }
        if (ty_tmx_writer_add(w, &u, &e) != TY_OK) {
            ty_tmx_writer_abort(w);
            return fail(&e);
        }
    }
    if (ty_tmx_writer_close(w, &e) != TY_OK)
        return fail(&e);
    report(ids ? "write, own tuids" : "write", path, n, t0);
    return 0;
}

static ty_status count(const ty_unit *u, void *ud)
{
    size_t *n = ud;
    n[0]++;
    n[1] += strlen(u->ja) + strlen(u->en);
    return TY_OK;
}

static int bench_read(const char *path)
{
    size_t n[2] = {0, 0};
    ty_error e;
    double t0 = now();
    if (ty_tmx_read(path, NULL, count, n, NULL, &e) != TY_OK)
        return fail(&e);
    report("read", path, n[0], t0);
    return 0;
}

static ty_status tally_unit(const ty_unit *u, void *ud)
{
    ty_error e;
    return ty_pair_tally_add(ud, u, &e);
}

static int bench_tally(char **files, int n)
{
    for (int i = 0; i < n; i++) {
        ty_pair_tally *t = ty_pair_tally_new();
        ty_alignment_summary s;
        ty_error e;
        if (!t || ty_tmx_read(files[i], NULL, tally_unit, t, NULL, &e) != TY_OK) {
            ty_pair_tally_free(t);
            return t ? fail(&e) : 2;
        }
        if (ty_pair_tally_summary(t, &s))
            printf("%s\t%d\t%.4f\t%.4f\t%.4f\n", files[i], (int)ty_pair_tally_langs(t),
                   s.mean_confidence, s.unpaired_share, ty_pair_score(&s));
        ty_pair_tally_free(t);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && !strcmp(argv[1], "tally"))
        return bench_tally(argv + 2, argc - 2);
    if ((argc == 4 || (argc == 5 && !strcmp(argv[4], "ids"))) && !strcmp(argv[1], "write"))
        return bench_write(argv[2], (size_t)strtoull(argv[3], NULL, 10), argc == 5);
    if (argc == 3 && !strcmp(argv[1], "read"))
        return bench_read(argv[2]);
    fprintf(stderr, "usage: bench_tmx write FILE N [ids] | bench_tmx read FILE | bench_tmx tally FILE...\n");
    return 64;
}
