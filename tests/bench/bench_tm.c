/*
 * bench_tm.c — the translation-memory benchmark driver (tests/bench/tm-bench.sh runs it).
 *   bench_tm gen CORPUS N OUT.tmx [SEED]
 *                                     N units made from the corpus's gold sentence pairs with
 *                                     variations (copies, changed numbers, edited characters
 *                                     and words, spliced halves): near-duplicates as in a real
 *                                     memory; written with the TMX writer. Another SEED (a
 *                                     number, default 0) makes other variations.
 *   bench_tm lookup CORPUS DB Q       Q exact, Q fuzzy (new variations), Q concordance
 *                                     lookups of 3-8 and of 1-2 characters; prints times
 *   bench_tm recall CORPUS DB Q       Q fuzzy lookups against a full scan of the memory
 *   bench_tm variations CORPUS Q      the Japanese of the Q new variations `lookup` makes, one
 *                                     a line (a query file for `queries`)
 *   bench_tm queries DB FILE [en]     a lookup (top 5 at >= 70%) of each line of FILE on one
 *                                     handle, as the server makes them: each lookup's results
 *                                     (unit:score) on standard output, so that two builds can
 *                                     be compared, and on standard error the CPU a lookup, the
 *                                     postings its trigram budget reads and its exact matches
 *   bench_tm compare CORPUS DB1 DB2 Q Q fuzzy lookups (Japanese, then English) in two memories
 *                                     of the same units (an SQLite file and a PostgreSQL
 *                                     database): DB2's times, and how many top-5 score lists
 *                                     are the same in both
 * Prints figures; asserts nothing. Deterministic (fixed seeds).
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "taiyaku.h"
#include "tm/tm.h"

/* ---- corpus pairs ---- */

typedef struct pair {
    char *ja, *en;
} pair;

static pair *pairs;
static size_t npairs;

static char **read_lines(const char *path, size_t *n)
{
    FILE *f = fopen(path, "r");
    char **v = NULL, *line = NULL;
    size_t cap = 0, lcap = 0;
    ssize_t len;

    *n = 0;
    if (!f)
        return NULL;
    while ((len = getline(&line, &lcap, f)) >= 0) {
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if (*n == cap) {
            cap = cap ? 2 * cap : 256;
            v = realloc(v, cap * sizeof *v);
        }
        v[(*n)++] = strdup(line);
    }
    free(line);
    fclose(f);
    return v;
}

/* Join lines listed as "[1,2]" (Japanese without a separator, English with a space). */
static char *join(char **lines, size_t n, const char *list, const char *sep)
{
    char buf[8192] = "";
    const char *p = list;
    while (*p && *p != ']') {
        char *end;
        long i = strtol(p, &end, 10);
        if (end == p) {
            p++;
            continue;
        }
        if (i >= 0 && (size_t)i < n) {
            if (buf[0])
                strncat(buf, sep, sizeof buf - strlen(buf) - 1);
            strncat(buf, lines[i], sizeof buf - strlen(buf) - 1);
        }
        p = end;
    }
    return buf[0] ? strdup(buf) : NULL;
}

static void load_corpus(const char *dir)
{
    char pat[1024];
    glob_t g;
    size_t cap = 0;

    snprintf(pat, sizeof pat, "%s/*.gold", dir);
    if (glob(pat, 0, NULL, &g) != 0) {
        fprintf(stderr, "bench_tm: no corpus at %s\n", dir);
        exit(2);
    }
    for (size_t k = 0; k < g.gl_pathc; k++) {
        char base[1024], path[1100];
        size_t nj, ne, ng;
        char **ja, **en, **gold;
        snprintf(base, sizeof base, "%.*s", (int)(strlen(g.gl_pathv[k]) - 5), g.gl_pathv[k]);
        snprintf(path, sizeof path, "%s.ja.seg", base);
        ja = read_lines(path, &nj);
        snprintf(path, sizeof path, "%s.en.seg", base);
        en = read_lines(path, &ne);
        gold = read_lines(g.gl_pathv[k], &ng);
        for (size_t i = 0; i < ng; i++) {
            char *colon = strstr(gold[i], "]:[");
            char *a, *b;
            if (!colon)
                continue;
            a = join(ja, nj, gold[i] + 1, "");
            b = join(en, ne, colon + 3, " ");
            if (a && b) {
                if (npairs == cap) {
                    cap = cap ? 2 * cap : 1024;
                    pairs = realloc(pairs, cap * sizeof *pairs);
                }
                pairs[npairs].ja = a;
                pairs[npairs].en = b;
                npairs++;
            } else {
                free(a);
                free(b);
            }
        }
    }
    globfree(&g);
    if (npairs == 0) {
        fprintf(stderr, "bench_tm: no sentence pairs in %s\n", dir);
        exit(2);
    }
}

/* ---- variations ---- */

static uint64_t rs = 0x2545f4914f6cdd1dull;
static uint64_t rnd(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return rs;
}

typedef struct buf {
    char s[16384];
    size_t n;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->n + n >= sizeof b->s)
        n = sizeof b->s - 1 - b->n;
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

/* Byte length of the UTF-8 character at s. */
static size_t clen(const char *s)
{
    unsigned char c = (unsigned char)*s;
    return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

/* Replace each run of ASCII digits with nums[k] (k counts runs). */
static void renumber(buf *out, const char *s, const long *nums)
{
    size_t k = 0;
    out->n = 0;
    out->s[0] = '\0';
    while (*s) {
        if (*s >= '0' && *s <= '9') {
            char d[32];
            while ((*s >= '0' && *s <= '9') || *s == ',')
                s++;
            snprintf(d, sizeof d, "%ld", nums[k < 7 ? k : 7]);
            k++;
            put(out, d, strlen(d));
        } else {
            put(out, s, 1);
            s++;
        }
    }
}

/* Replace `edits` characters (Japanese) or words (English) with ones taken from a random
 * other pair. */
static void edit(buf *out, const char *s, int english, int edits)
{
    const char *donor = english ? pairs[rnd() % npairs].en : pairs[rnd() % npairs].ja;
    size_t len = strlen(s), dl = strlen(donor);
    out->n = 0;
    out->s[0] = '\0';
    for (size_t i = 0; i < len;) {
        size_t l = english ? strcspn(s + i, " ") : clen(s + i);
        if (l == 0)
            l = 1;
        if (edits > 0 && rnd() % 12 == 0 && dl > 0) {
            size_t at = rnd() % dl, dn;
            if (english) {
                while (at > 0 && donor[at - 1] != ' ')
                    at--;
                dn = strcspn(donor + at, " ");
            } else {
                while (at > 0 && ((unsigned char)donor[at] & 0xc0) == 0x80)
                    at--;
                dn = clen(donor + at);
            }
            put(out, donor + at, dn);
            edits--;
        } else {
            put(out, s + i, l);
        }
        i += l;
        if (english && s[i] == ' ') {
            put(out, " ", 1);
            i++;
        }
    }
}

/* Cut s at about fraction f of its characters; first (0) or second (1) part. */
static void half(buf *out, const char *s, double f, int second)
{
    size_t len = strlen(s), cut = (size_t)(f * (double)len);
    while (cut > 0 && cut < len && ((unsigned char)s[cut] & 0xc0) == 0x80)
        cut++;
    if (second)
        put(out, s + cut, len - cut);
    else
        put(out, s, cut);
}

/* One generated unit into ja/en. */
static void make_unit(buf *ja, buf *en)
{
    const pair *p = &pairs[rnd() % npairs];
    unsigned kind = (unsigned)(rnd() % 100);
    long nums[8];
    buf t1, t2;

    for (int i = 0; i < 8; i++)
        nums[i] = (long)(rnd() % 20000);
    ja->n = en->n = 0;
    ja->s[0] = en->s[0] = '\0';
    if (kind < 10) { /* a copy */
        put(ja, p->ja, strlen(p->ja));
        put(en, p->en, strlen(p->en));
    } else if (kind < 35) { /* other numbers (added when there are none) */
        renumber(ja, p->ja, nums);
        renumber(en, p->en, nums);
        if (!strpbrk(p->ja, "0123456789")) {
            char d[64];
            snprintf(d, sizeof d, "（第%ld回）", nums[0]);
            put(ja, d, strlen(d));
            snprintf(d, sizeof d, " (No. %ld)", nums[0]);
            put(en, d, strlen(d));
        }
    } else if (kind < 70) { /* a few characters / words edited */
        int e = 1 + (int)(rnd() % 4);
        edit(ja, p->ja, 0, e);
        edit(en, p->en, 1, e);
    } else { /* halves of two pairs, sometimes edited too */
        const pair *q = &pairs[rnd() % npairs];
        double f = 0.3 + (double)(rnd() % 40) / 100.0;
        t1.n = t2.n = 0;
        t1.s[0] = t2.s[0] = '\0';
        half(&t1, p->ja, f, 0);
        half(&t1, q->ja, f, 1);
        half(&t2, p->en, f, 0);
        half(&t2, q->en, f, 1);
        if (kind < 90) {
            *ja = t1;
            *en = t2;
        } else {
            edit(ja, t1.s, 0, 2);
            edit(en, t2.s, 1, 2);
        }
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this thread: steadier than wall time on a shared machine. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Lookups record wall and CPU milliseconds in these. */
static double *cpu_ms;

static void die(const ty_error *e)
{
    char b[2048];
    fprintf(stderr, "bench_tm: %s\n", ty_error_format(e, b, sizeof b));
    exit(2);
}

/* ---- gen ---- */

static int gen(const char *corpus, long n, const char *out, unsigned long seed)
{
    ty_tmx_writer *w = NULL;
    ty_error e;
    static buf ja, en;

    load_corpus(corpus);
    rs ^= seed * 0x9e3779b97f4a7c15ull;
    if (ty_tmx_writer_open(out, NULL, &w, &e) != TY_OK)
        die(&e);
    for (long i = 0; i < n; i++) {
        ty_unit u;
        make_unit(&ja, &en);
        memset(&u, 0, sizeof u);
        u.ja = ja.s;
        u.en = en.s;
        u.confidence = (double)(rnd() % 1000) / 1000.0;
        u.shape = "1:1";
        if (ty_tmx_writer_add(w, &u, &e) != TY_OK)
            die(&e);
    }
    if (ty_tmx_writer_close(w, &e) != TY_OK)
        die(&e);
    printf("generated %ld units from %zu corpus pairs\n", n, npairs);
    return 0;
}

/* ---- lookups ---- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report_to(FILE *f, const char *what, double *ms, int n, const char *extra)
{
    qsort(ms, (size_t)n, sizeof *ms, cmp_double);
    qsort(cpu_ms, (size_t)n, sizeof *cpu_ms, cmp_double);
    fprintf(f, "%-33s n=%d  median %.2f ms  p95 %.2f ms  max %.2f ms (CPU: %.2f / %.2f / %.2f)%s\n",
           what, n, ms[n / 2], ms[(int)(0.95 * (n - 1))], ms[n - 1], cpu_ms[n / 2],
           cpu_ms[(int)(0.95 * (n - 1))], cpu_ms[n - 1], extra);
}

static void report(const char *what, double *ms, int n, const char *extra)
{
    report_to(stdout, what, ms, n, extra);
}

/* A random substring of s of `chars` characters (no white space at either end). */
static int substring(const char *s, int chars, char *out, size_t size)
{
    size_t len = strlen(s), at, end;
    int k = 0;
    if (len == 0)
        return -1;
    at = rnd() % len;
    while (at > 0 && ((unsigned char)s[at] & 0xc0) == 0x80)
        at--;
    end = at;
    while (s[end] && k < chars) {
        end += clen(s + end);
        k++;
    }
    if (k < chars || end - at >= size || s[at] == ' ' || s[end - 1] == ' ')
        return -1;
    memcpy(out, s + at, end - at);
    out[end - at] = '\0';
    return 0;
}

static void concord_bench(ty_tm *tm, int q, int lo, int hi, const char *what)
{
    double *ms = malloc((size_t)q * sizeof *ms);
    long hits = 0;
    int n = 0;
    ty_tm_concord_opts o;
    ty_error e;
    char pat[64], extra[64];
    static buf ja, en;

    ty_tm_concord_opts_init(&o);
    while (n < q) {
        ty_tm_hits *h = NULL;
        int chars = lo + (int)(rnd() % (unsigned)(hi - lo + 1)), english = rnd() % 4 == 0;
        double t, c;
        make_unit(&ja, &en);
        if (substring(english ? en.s : ja.s, english ? chars + 2 : chars, pat, sizeof pat) != 0)
            continue;
        t = now();
        c = cpu_now();
        if (ty_tm_concord(tm, pat, &o, &h, NULL, &e) != TY_OK)
            die(&e);
        cpu_ms[n] = (cpu_now() - c) * 1000;
        ms[n++] = (now() - t) * 1000;
        hits += (long)ty_tm_hits_count(h);
        ty_tm_hits_free(h);
    }
    snprintf(extra, sizeof extra, "  (%.1f hits on average)", (double)hits / q);
    report(what, ms, n, extra);
    free(ms);
}

/* Look up q Japanese texts drawn from the memory's units [1, units] with options o; the
 * times go to ms[] and cpu_ms[]. Returns how many were found at 100%. */
static int time_stored(ty_tm *tm, const ty_tm_lookup_opts *o, long long units, int q, double *ms)
{
    ty_error e;
    int found = 0;

    for (int i = 0; i < q; i++) {
        ty__unit_info ui;
        ty_tm_matches *m = NULL;
        double t, c;
        if (ty__tm_unit_read(tm, 1 + (long long)(rnd() % (uint64_t)units), 0, &ui, &e) != TY_OK)
            die(&e);
        t = now();
        c = cpu_now();
        if (ty_tm_lookup(tm, ui.ja, o, &m, &e) != TY_OK)
            die(&e);
        ms[i] = (now() - t) * 1000;
        cpu_ms[i] = (cpu_now() - c) * 1000;
        found += ty_tm_matches_count(m) > 0 && ty_tm_matches_get(m, 0)->score == 100;
        ty_tm_matches_free(m);
        ty__unit_info_free(&ui);
    }
    return found;
}

static int lookup(const char *corpus, const char *db, int q)
{
    ty_tm *tm = NULL;
    ty_tm_lookup_opts o;
    ty_error e;
    double *ms = malloc((size_t)q * sizeof *ms);
    int found = 0, nres = 0;
    char extra[96];
    static buf ja, en;
    long long units = 0;

    load_corpus(corpus);
    rs = 0x9e3779b97f4a7c15ull; /* other variations than the memory's */
    cpu_ms = malloc((size_t)q * sizeof *cpu_ms);
    if (ty_tm_open(db, TY_TM_READONLY, &tm, &e) != TY_OK)
        die(&e);
    ty__tm_query_int(tm, "SELECT max(id) FROM units", &units, &e);
    ty_tm_lookup_opts_init(&o);
    /* exact: texts stored in the memory; then exact only, what a CAT tool asks first */
    found = time_stored(tm, &o, units, q, ms);
    snprintf(extra, sizeof extra, "  (%d of %d found at 100%%)", found, q);
    report("exact lookup (ja, top 5)", ms, q, extra);
    o.min_score = 100;
    time_stored(tm, &o, units, q, ms);
    report("exact-only lookup (--min 100)", ms, q, "");

    for (int lang = 0; lang < 2; lang++) {
        ty_tm_lookup_opts_init(&o);
        o.from = (ty_lang)lang;
        found = nres = 0;
        for (int i = 0; i < q; i++) {
            ty_tm_matches *m = NULL;
            double t, c;
            make_unit(&ja, &en);
            t = now();
            c = cpu_now();
            if (ty_tm_lookup(tm, lang ? en.s : ja.s, &o, &m, &e) != TY_OK)
                die(&e);
            ms[i] = (now() - t) * 1000;
            cpu_ms[i] = (cpu_now() - c) * 1000;
            found += ty_tm_matches_count(m) > 0;
            nres += (int)ty_tm_matches_count(m);
            ty_tm_matches_free(m);
        }
        snprintf(extra, sizeof extra, "  (%d of %d with matches, %.1f on average)", found, q,
                 (double)nres / q);
        report(lang ? "fuzzy top-5 >= 70% (en)" : "fuzzy top-5 >= 70% (ja)", ms, q, extra);
    }
    concord_bench(tm, q, 3, 8, "concordance 3-8 chars, first 20");
    concord_bench(tm, q, 1, 2, "concordance 1-2 chars, first 20");
    {
        static const char *const fixed[] = {"法", "支配", "の", "国際", "委員会", "the", "rule of law"};
        ty_tm_concord_opts co;
        ty_tm_concord_opts_init(&co);
        for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
            ty_tm_hits *h = NULL;
            double t = now();
            int more = 0;
            if (ty_tm_concord(tm, fixed[i], &co, &h, &more, &e) != TY_OK)
                die(&e);
            printf("concordance %-12s %.2f ms (%zu hits%s)\n", fixed[i], (now() - t) * 1000,
                   ty_tm_hits_count(h), more ? ", more" : "");
            ty_tm_hits_free(h);
        }
    }
    free(ms);
    ty_tm_close(tm);
    return 0;
}

/* ---- a query file ---- */

static int variations(const char *corpus, int q)
{
    static buf ja, en;

    load_corpus(corpus);
    rs = 0x9e3779b97f4a7c15ull; /* the queries of `lookup` */
    for (int i = 0; i < 2 * q; i++) {
        make_unit(&ja, &en);
        if (i >= q) /* lookup's fuzzy queries follow its q exact ones */
            printf("%s\n", ja.s);
    }
    return 0;
}

/* The postings the candidate budget reads for a query (what lookup.c's gather reads). */
static long long postings_read(ty_tm *tm, ty_lang lang, const char *text)
{
    ty__qgrams g = {0};
    ty_error e;
    long long sum = 0;
    size_t len, k;
    char *norm = ty_normalize(text, strlen(text), &len);

    if (!norm || ty__tm_query_grams(tm, (int)lang, norm, len, &g, &e) != TY_OK)
        die(&e);
    k = ty__grams_budget(&g);
    for (size_t i = 0; i < k; i++)
        sum += g.v[i].df;
    ty__qgrams_free(&g);
    free(norm);
    return sum;
}

static int queries(const char *db, const char *file, ty_lang lang)
{
    ty_tm *tm = NULL;
    ty_tm_lookup_opts o;
    ty_error e;
    size_t nq = 0;
    char **lines = read_lines(file, &nq);
    double *ms = malloc((nq ? nq : 1) * sizeof *ms), sum = 0;
    long long posts = 0;
    int exact = 0;

    cpu_ms = malloc((nq ? nq : 1) * sizeof *cpu_ms);
    if (!lines || nq == 0) {
        fprintf(stderr, "bench_tm: no queries in %s\n", file);
        return 2;
    }
    if (ty_tm_open(db, TY_TM_READONLY, &tm, &e) != TY_OK)
        die(&e);
    ty_tm_lookup_opts_init(&o);
    o.from = lang;
    for (size_t i = 0; i < nq; i++) {
        ty_tm_matches *m = NULL;
        double t = now(), c = cpu_now();
        if (ty_tm_lookup(tm, lines[i], &o, &m, &e) != TY_OK)
            die(&e);
        ms[i] = (now() - t) * 1000;
        cpu_ms[i] = (cpu_now() - c) * 1000;
        sum += cpu_ms[i];
        for (size_t k = 0; k < ty_tm_matches_count(m); k++) {
            const ty_tm_match *x = ty_tm_matches_get(m, k);
            printf("%s%lld:%d", k ? " " : "", x->unit, x->score);
            exact += k == 0 && x->score == 100;
        }
        printf("\n");
        ty_tm_matches_free(m);
        posts += postings_read(tm, lang, lines[i]);
    }
    fprintf(stderr, "queries: %zu lookups, CPU mean %.2f ms; %lld postings read on average; %d "
            "with an exact match\n", nq, sum / (double)nq, posts / (long long)nq, exact);
    report_to(stderr, "queries", ms, (int)nq, "");
    for (size_t i = 0; i < nq; i++)
        free(lines[i]);
    free(lines);
    free(ms);
    ty_tm_close(tm);
    return 0;
}

/* ---- recall against a full scan ---- */

static void recall_lang(ty_tm *tm, ty__matcher *mt, ty_lang lang, int q)
{
    static const char *const sql[2] = {"SELECT coalesce(ja_norm, ja) FROM unit_text",
                                       "SELECT coalesce(en_norm, en) FROM unit_text"};
    ty_tm_lookup_opts o;
    sqlite3_stmt *st = NULL;
    ty_error e;
    int want_total = 0, got_total = 0;
    double scan_ms = 0;
    static buf ja, en;

    ty_tm_lookup_opts_init(&o);
    o.from = lang;
    if (ty__tm_prepare(tm, sql[lang], &st, &e) != TY_OK)
        die(&e);
    for (int i = 0; i < q; i++) {
        ty_tm_matches *m = NULL;
        char *norm;
        int best[5] = {-1, -1, -1, -1, -1}, kbest = 0, got = 0;
        double t;
        make_unit(&ja, &en);
        norm = lang == TY_LANG_JA ? ty_normalize(ja.s, ja.n, NULL) : ty_normalize(en.s, en.n, NULL);
        /* the five best scores >= 70 by scanning everything */
        t = now();
        sqlite3_reset(st);
        while (sqlite3_step(st) == SQLITE_ROW) {
            int s = ty__match_score(mt, lang, norm, (const char *)sqlite3_column_text(st, 0), NULL);
            if (s < 70)
                continue;
            for (int k = 0; k < 5; k++)
                if (s > best[k]) {
                    memmove(best + k + 1, best + k, (size_t)(4 - k) * sizeof *best);
                    best[k] = s;
                    break;
                }
        }
        scan_ms += (now() - t) * 1000;
        for (int k = 0; k < 5; k++)
            kbest += best[k] >= 0;
        if (ty_tm_lookup(tm, lang == TY_LANG_JA ? ja.s : en.s, &o, &m, &e) != TY_OK)
            die(&e);
        /* count the lookup's results that reach the scan's k-th best score */
        for (size_t k = 0; k < ty_tm_matches_count(m) && (int)k < kbest; k++)
            got += ty_tm_matches_get(m, k)->score >= best[k];
        want_total += kbest;
        got_total += got;
        ty_tm_matches_free(m);
        free(norm);
    }
    printf("fuzzy recall vs full scan (%s): %d of %d top-5 scores reached (%.1f%%); "
           "a full scan takes %.0f ms per query\n",
           lang == TY_LANG_JA ? "ja" : "en", got_total, want_total,
           want_total ? 100.0 * got_total / want_total : 100.0, scan_ms / q);
    sqlite3_finalize(st);
}

static int recall(const char *corpus, const char *db, int q)
{
    ty_tm *tm = NULL;
    ty__matcher *mt = NULL;
    ty_error e;

    load_corpus(corpus);
    rs = 0xd1b54a32d192ed03ull;
    if (ty_tm_open(db, TY_TM_READONLY, &tm, &e) != TY_OK || ty__matcher_new(&mt, &e) != TY_OK)
        die(&e);
    recall_lang(tm, mt, TY_LANG_JA, q);
    recall_lang(tm, mt, TY_LANG_EN, q);
    ty__matcher_free(mt);
    ty_tm_close(tm);
    return 0;
}

/* ---- two memories of the same units ---- */

static int compare(const char *corpus, const char *db1, const char *db2, int q)
{
    ty_tm *tm[2] = {NULL, NULL};
    ty_tm_lookup_opts o;
    ty_error e;
    double *ms = malloc((size_t)q * sizeof *ms);
    static buf ja, en;
    char extra[128];

    load_corpus(corpus);
    rs = 0x9e3779b97f4a7c15ull; /* the queries of `lookup` */
    cpu_ms = malloc((size_t)q * sizeof *cpu_ms);
    if (ty_tm_open(db1, TY_TM_READONLY, &tm[0], &e) != TY_OK ||
        ty_tm_open(db2, TY_TM_READONLY, &tm[1], &e) != TY_OK)
        die(&e);
    for (int lang = 0; lang < 2; lang++) {
        int same = 0, scores = 0, found = 0;
        ty_tm_lookup_opts_init(&o);
        o.from = (ty_lang)lang;
        for (int i = 0; i < q; i++) {
            ty_tm_matches *m[2] = {NULL, NULL};
            const char *text;
            double t, c;
            make_unit(&ja, &en);
            text = lang ? en.s : ja.s;
            if (ty_tm_lookup(tm[0], text, &o, &m[0], &e) != TY_OK)
                die(&e);
            t = now();
            c = cpu_now();
            if (ty_tm_lookup(tm[1], text, &o, &m[1], &e) != TY_OK)
                die(&e);
            ms[i] = (now() - t) * 1000;
            cpu_ms[i] = (cpu_now() - c) * 1000;
            int eq = ty_tm_matches_count(m[0]) == ty_tm_matches_count(m[1]);
            for (size_t k = 0; eq && k < ty_tm_matches_count(m[0]); k++)
                eq = ty_tm_matches_get(m[0], k)->score == ty_tm_matches_get(m[1], k)->score;
            same += eq;
            scores += (int)ty_tm_matches_count(m[0]);
            found += ty_tm_matches_count(m[1]) > 0;
            ty_tm_matches_free(m[0]);
            ty_tm_matches_free(m[1]);
        }
        snprintf(extra, sizeof extra, "  (%d with matches; top-5 scores as in the first: %d of %d, %d scores)",
                 found, same, q, scores);
        report(lang ? "fuzzy top-5 >= 70% (en)" : "fuzzy top-5 >= 70% (ja)", ms, q, extra);
    }
    free(ms);
    ty_tm_close(tm[0]);
    ty_tm_close(tm[1]);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 6 && !strcmp(argv[1], "compare"))
        return compare(argv[2], argv[3], argv[4], atoi(argv[5]));
    if ((argc == 5 || argc == 6) && !strcmp(argv[1], "gen"))
        return gen(argv[2], atol(argv[3]), argv[4], argc == 6 ? strtoul(argv[5], NULL, 10) : 0);
    if (argc == 5 && !strcmp(argv[1], "lookup"))
        return lookup(argv[2], argv[3], atoi(argv[4]));
    if (argc == 4 && !strcmp(argv[1], "variations"))
        return variations(argv[2], atoi(argv[3]));
    if ((argc == 4 || argc == 5) && !strcmp(argv[1], "queries"))
        return queries(argv[2], argv[3], argc == 5 && !strcmp(argv[4], "en") ? TY_LANG_EN : TY_LANG_JA);
    if (argc == 5 && !strcmp(argv[1], "recall"))
        return recall(argv[2], argv[3], atoi(argv[4]));
    fprintf(stderr, "usage: bench_tm gen CORPUS N OUT.tmx [SEED] | lookup CORPUS DB Q | variations CORPUS Q | queries DB FILE [en] | compare CORPUS DB1 DB2 Q"
                    " | recall CORPUS DB Q\n");
    return 64;
}
