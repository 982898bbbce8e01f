/*
 * anchor-bench.c — measurement driver for the anchor extractors (not a test: it prints
 * figures). Modes:
 *   anchor-bench stats CORPUS [--no-lexicon]   how often a gold bead's two sides share keys of
 *        each kind, against the neighbouring non-aligned pairs (the confusions a DP meets) and
 *        against random pairs from the same document: the anchor precision table
 *   anchor-bench speed CORPUS N [--no-lexicon] extraction time over N sentences per side
 *        (the corpus .seg files repeated), in sentences per second
 *   anchor-bench load CACHE_DIR                lexicon load times: cold (build + write the
 *        cache), warm (mmap the cache), corrupt (rebuild)
 *   anchor-bench misses CORPUS KIND            the gold beads whose sides both have keys of
 *        KIND (number, latin, lexicon, name) but share none
 *   anchor-bench pair JA EN                    the keys each kind gives two texts, and the
 *        shared ones (debugging)
 *   anchor-bench katakana CORPUS [-v]          the name keys of each katakana word of a gold
 *        bead's Japanese, one word at a time: how often its own bead's English has one (recall)
 *        and how often an English sentence of another bead of the document does (the links
 *        a match makes between different beads); -v lists the words without a match
 * It reads ../shared/corpus-style files: NAME.ja.seg, NAME.en.seg, NAME.gold.
 */
#include "config.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "anchors/anchors.h"
#include "anchors/names.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU time of this process: the machine is shared, so wall time alone is noisy. */
static double cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- reading the corpus --------------------------------------------------------------- */

typedef struct lines {
    char **v;
    size_t n, cap;
} lines;

static void lines_push(lines *l, const char *s, size_t n)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 256;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        if (!l->v)
            exit(2);
    }
    l->v[l->n] = strndup(s, n);
    if (!l->v[l->n])
        exit(2);
    l->n++;
}

static void lines_free(lines *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static int read_lines(const char *path, lines *l)
{
    FILE *f = fopen(path, "r");
    char *buf = NULL;
    size_t cap = 0;
    ssize_t k;
    if (!f)
        return -1;
    while ((k = getline(&buf, &cap, f)) >= 0) {
        while (k > 0 && (buf[k - 1] == '\n' || buf[k - 1] == '\r'))
            k--;
        lines_push(l, buf, (size_t)k);
    }
    free(buf);
    fclose(f);
    return 0;
}

typedef struct bead {
    size_t ja[4], nja, en[4], nen;
} bead;

static size_t parse_side(const char *s, size_t *v)
{
    size_t n = 0;
    while (*s && *s != ']') {
        char *end;
        unsigned long x = strtoul(s, &end, 10);
        if (end == s) {
            s++;
            continue;
        }
        if (n < 4)
            v[n++] = x;
        s = end;
    }
    return n;
}

static bead *read_gold(const char *path, size_t *count)
{
    lines l = {0};
    bead *b;
    if (read_lines(path, &l) != 0)
        return NULL;
    b = calloc(l.n + 1, sizeof *b);
    *count = 0;
    for (size_t i = 0; b && i < l.n; i++) {
        const char *colon = strstr(l.v[i], "]:[");
        if (!colon)
            continue;
        b[*count].nja = parse_side(l.v[i] + 1, b[*count].ja);
        b[*count].nen = parse_side(colon + 3, b[*count].en);
        (*count)++;
    }
    lines_free(&l);
    return b;
}

/* One document of the corpus: its name, gold beads and the segments of its two sides. */
typedef struct doc {
    char base[1024];
    bead *b;
    size_t nb;
    lines ja, en;
} doc;

/* Read the document of corpus file `file` when it is a NAME.gold (d->b NULL or a side empty
 * when unreadable); 0 for other files. */
static int read_doc(const char *dir, const char *file, doc *d)
{
    char path[4096];
    size_t len = strlen(file);
    memset(d, 0, sizeof *d);
    if (len < 6 || strcmp(file + len - 5, ".gold") != 0)
        return 0;
    snprintf(d->base, sizeof d->base, "%.*s", (int)(len - 5), file);
    snprintf(path, sizeof path, "%s/%s.gold", dir, d->base);
    d->b = read_gold(path, &d->nb);
    snprintf(path, sizeof path, "%s/%s.ja.seg", dir, d->base);
    read_lines(path, &d->ja);
    snprintf(path, sizeof path, "%s/%s.en.seg", dir, d->base);
    read_lines(path, &d->en);
    return 1;
}

/* ---- extraction ----------------------------------------------------------------------- */

static ty_anchor_set *extract_all(ty_anchor_ctx *ctx, ty_lang lang, const lines *l)
{
    ty_anchor_set *sets = calloc(l->n + 1, sizeof *sets);
    for (size_t i = 0; sets && i < l->n; i++)
        if (ty__anchors_extract(ctx, lang, l->v[i], strlen(l->v[i]), &sets[i]) != TY_OK) {
            fprintf(stderr, "extraction failed\n");
            exit(2);
        }
    return sets;
}

static void side_union(const ty_anchor_set *sets, const size_t *idx, size_t n, ty_anchor_set *out)
{
    out->n = 0;
    for (size_t k = 0; k < n; k++)
        for (size_t j = 0; j < sets[idx[k]].n; j++)
            ty__anchor_set_push(out, sets[idx[k]].v[j].kind, sets[idx[k]].v[j].key);
    ty__anchor_set_sort(out);
}

static size_t kind_count(const ty_anchor_set *s, uint8_t kind)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += s->v[i].kind == kind;
    return n;
}

typedef struct tally {
    size_t pairs, hit[TY_ANCHOR_KINDS], keys_ja[TY_ANCHOR_KINDS], keys_en[TY_ANCHOR_KINDS];
    size_t shared[TY_ANCHOR_KINDS];
} tally;

/* Document frequencies of the English keys of one document: a sorted array of
 * (kind << 32 | key) with counts, so a shared key can be weighted by its rarity the way an
 * aligner would (idf = log(segments / df)). */
typedef struct dfmap {
    uint64_t *k;
    uint32_t *df;
    size_t n, docs;
} dfmap;

static int u64cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void df_build(dfmap *m, const ty_anchor_set *sets, size_t n)
{
    size_t total = 0, at = 0;
    for (size_t i = 0; i < n; i++)
        total += sets[i].n;
    uint64_t *all = malloc((total + 1) * sizeof *all);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < sets[i].n; j++) {
            uint64_t v = (uint64_t)sets[i].v[j].kind << 32 | sets[i].v[j].key;
            if (j > 0 && sets[i].v[j - 1].kind == sets[i].v[j].kind &&
                sets[i].v[j - 1].key == sets[i].v[j].key)
                continue; /* once per segment */
            all[at++] = v;
        }
    qsort(all, at, sizeof *all, u64cmp);
    m->k = malloc((at + 1) * sizeof *m->k);
    m->df = malloc((at + 1) * sizeof *m->df);
    m->n = 0;
    m->docs = n;
    for (size_t i = 0; i < at; i++) {
        if (m->n && m->k[m->n - 1] == all[i]) {
            m->df[m->n - 1]++;
            continue;
        }
        m->k[m->n] = all[i];
        m->df[m->n++] = 1;
    }
    free(all);
}

static double df_weight(const dfmap *m, uint8_t kind, uint32_t key)
{
    uint64_t v = (uint64_t)kind << 32 | key;
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (m->k[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    double df = lo < m->n && m->k[lo] == v ? m->df[lo] : 1;
    return log((m->docs + 1.0) / df);
}

/* The idf-weighted overlap of one kind, each shared key counted once. */
static double weighted_shared(const ty_anchor_set *a, const ty_anchor_set *b, uint8_t kind,
                              const dfmap *m)
{
    size_t i = 0, j = 0;
    double w = 0;
    while (i < a->n && j < b->n) {
        const ty_anchor *x = &a->v[i], *y = &b->v[j];
        if (x->kind < y->kind || (x->kind == y->kind && x->key < y->key)) {
            i++;
        } else if (x->kind > y->kind || x->key > y->key) {
            j++;
        } else {
            if (x->kind == kind)
                w += df_weight(m, kind, x->key);
            while (i < a->n && a->v[i].kind == x->kind && a->v[i].key == x->key)
                i++;
            while (j < b->n && b->v[j].kind == y->kind && b->v[j].key == y->key)
                j++;
        }
    }
    return w;
}

/* Pairwise discrimination: does the gold pair score higher than a neighbour pair? */
typedef struct duel {
    double win[TY_ANCHOR_KINDS], tie[TY_ANCHOR_KINDS], n;
} duel;

static void duel_count(duel *d, const double *gold, const double *other)
{
    d->n++;
    for (int k = 0; k < TY_ANCHOR_KINDS; k++) {
        if (gold[k] > other[k] + 1e-9)
            d->win[k]++;
        else if (gold[k] > other[k] - 1e-9)
            d->tie[k]++;
    }
}

static void count_pair(tally *t, const ty_anchor_set *a, const ty_anchor_set *b)
{
    t->pairs++;
    for (uint8_t k = 0; k < TY_ANCHOR_KINDS; k++) {
        size_t s = ty__anchor_set_shared(a, b, k);
        t->hit[k] += s > 0;
        t->shared[k] += s;
        t->keys_ja[k] += kind_count(a, k);
        t->keys_en[k] += kind_count(b, k);
    }
}

/* With `misses` set to a kind, stats() prints the gold beads whose two sides both have keys of
 * that kind but share none (to read what an extractor misses). */
static int misses = -1;

static void print_side(const char *tag, const lines *l, const size_t *idx, size_t n)
{
    printf("  %s:", tag);
    for (size_t k = 0; k < n; k++)
        printf(" %s", l->v[idx[k]]);
    printf("\n");
}

static int stats(const char *dir, const ty_lexicon *lex)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    tally gold = {0}, near = {0}, rnd = {0};
    duel dw = {{0}, {0}, 0};
    ty_anchor_ctx *ctx = NULL;
    ty_error err;
    unsigned seed = 12345;

    if (!d) {
        perror(dir);
        return 2;
    }
    if (ty__anchor_ctx_new(lex, &ctx, &err) != TY_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 2;
    }
    while ((de = readdir(d))) {
        doc dc;
        if (!read_doc(dir, de->d_name, &dc))
            continue;
        const char *base = dc.base;
        size_t nb = dc.nb;
        lines ja = dc.ja, en = dc.en;
        bead *b = dc.b;
        if (!b || !ja.n || !en.n) {
            free(b);
            lines_free(&ja);
            lines_free(&en);
            continue;
        }
        ty_anchor_set *sj = extract_all(ctx, TY_LANG_JA, &ja), *se = extract_all(ctx, TY_LANG_EN, &en);
        ty_anchor_set a = {0}, c = {0};
        dfmap m;
        df_build(&m, se, en.n);
        for (size_t i = 0; i < nb; i++) {
            double wg[TY_ANCHOR_KINDS], wn[TY_ANCHOR_KINDS];
            if (!b[i].nja || !b[i].nen)
                continue;
            side_union(sj, b[i].ja, b[i].nja, &a);
            side_union(se, b[i].en, b[i].nen, &c);
            count_pair(&gold, &a, &c);
            for (uint8_t k = 0; k < TY_ANCHOR_KINDS; k++)
                wg[k] = weighted_shared(&a, &c, k, &m);
            if (misses >= 0 && kind_count(&a, (uint8_t)misses) && kind_count(&c, (uint8_t)misses) &&
                !ty__anchor_set_shared(&a, &c, (uint8_t)misses)) {
                printf("%s bead %zu:\n", base, i);
                print_side("ja", &ja, b[i].ja, b[i].nja);
                print_side("en", &en, b[i].en, b[i].nen);
            }
            /* the neighbours: this Japanese side with the English of the next and previous
             * beads that have one */
            for (int dir2 = -1; dir2 <= 1; dir2 += 2) {
                long j = (long)i + dir2;
                while (j >= 0 && j < (long)nb && !b[j].nen)
                    j += dir2;
                if (j < 0 || j >= (long)nb)
                    continue;
                side_union(se, b[j].en, b[j].nen, &c);
                count_pair(&near, &a, &c);
                for (uint8_t k = 0; k < TY_ANCHOR_KINDS; k++)
                    wn[k] = weighted_shared(&a, &c, k, &m);
                duel_count(&dw, wg, wn);
            }
            size_t r = (size_t)rand_r(&seed) % nb;
            if (r + 2 < i || r > i + 2) {
                if (b[r].nen) {
                    side_union(se, b[r].en, b[r].nen, &c);
                    count_pair(&rnd, &a, &c);
                }
            }
        }
        ty__anchor_set_free(&a);
        ty__anchor_set_free(&c);
        free(m.k);
        free(m.df);
        for (size_t i = 0; i < ja.n; i++)
            ty__anchor_set_free(&sj[i]);
        for (size_t i = 0; i < en.n; i++)
            ty__anchor_set_free(&se[i]);
        free(sj);
        free(se);
        free(b);
        lines_free(&ja);
        lines_free(&en);
    }
    closedir(d);
    ty__anchor_ctx_free(ctx);
    printf("anchor evidence on %s (%zu gold beads with two sides; %zu neighbour pairs, %zu random "
           "pairs)\n", dir, gold.pairs, near.pairs, rnd.pairs);
    printf("%-8s %7s %7s %7s %9s %9s %9s %7s %7s %7s %7s\n", "kind", "gold%", "near%", "rand%",
           "LR(near)", "LR(rand)", "prec", "win%", "lose%", "ja/seg", "en/seg");
    for (uint8_t k = 0; k < TY_ANCHOR_KINDS; k++) {
        double g = 100.0 * gold.hit[k] / gold.pairs, n = 100.0 * near.hit[k] / near.pairs,
               r = 100.0 * rnd.hit[k] / rnd.pairs;
        printf("%-8s %7.1f %7.1f %7.1f %9.1f %9.1f %9.3f %7.1f %7.1f %7.2f %7.2f\n",
               ty__anchor_kind_name(k), g, n, r, n > 0 ? g / n : 0, r > 0 ? g / r : 0,
               gold.hit[k] + near.hit[k] / 2.0 > 0
                   ? gold.hit[k] / (gold.hit[k] + near.hit[k] / 2.0)
                   : 0,
               100.0 * dw.win[k] / dw.n, 100.0 * (dw.n - dw.win[k] - dw.tie[k]) / dw.n,
               (double)gold.keys_ja[k] / gold.pairs, (double)gold.keys_en[k] / gold.pairs);
    }
    printf("(gold%%/near%%/rand%%: pairs sharing >= 1 key of the kind; LR: gold rate over the "
           "other rate; prec: gold hits / (gold hits + neighbour hits per pair); win%%/lose%%: "
           "the gold pair's idf-weighted overlap beats / loses to a neighbour pair's)\n");
    return 0;
}

/* ---- speed ---------------------------------------------------------------------------- */

static int speed(const char *dir, size_t want, const ty_lexicon *lex)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    lines ja = {0}, en = {0};
    ty_anchor_ctx *ctx = NULL;
    ty_anchor_set set = {0};
    ty_error err;
    size_t keys[2] = {0, 0}, bytes[2] = {0, 0};
    double t0, c0, t[2], c[2];

    if (!d) {
        perror(dir);
        return 2;
    }
    while ((de = readdir(d))) {
        char path[4096];
        size_t len = strlen(de->d_name);
        if (len > 7 && strcmp(de->d_name + len - 7, ".ja.seg") == 0) {
            snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
            read_lines(path, &ja);
        } else if (len > 7 && strcmp(de->d_name + len - 7, ".en.seg") == 0) {
            snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
            read_lines(path, &en);
        }
    }
    closedir(d);
    if (!ja.n || !en.n)
        return 2;
    t0 = now();
    c0 = cpu();
    if (ty__anchor_ctx_new(lex, &ctx, &err) != TY_OK ||
        ty__anchors_extract(ctx, TY_LANG_JA, "ガザ", strlen("ガザ"), &set) != TY_OK) {
        fprintf(stderr, "cannot set up the extraction\n");
        return 2;
    }
    double tctx = now() - t0, cctx = cpu() - c0; /* with the katakana transliterator opened */
    for (int side = 0; side < 2; side++) {
        const lines *l = side ? &en : &ja;
        t0 = now();
        c0 = cpu();
        for (size_t i = 0; i < want; i++) {
            const char *s = l->v[i % l->n];
            set.n = 0;
            if (ty__anchors_extract(ctx, side ? TY_LANG_EN : TY_LANG_JA, s, strlen(s), &set))
                return 2;
            keys[side] += set.n;
            bytes[side] += strlen(s);
        }
        t[side] = now() - t0;
        c[side] = cpu() - c0;
    }
    printf("setup (context, ICU transliterator): %.1f ms wall, %.1f ms cpu\n", tctx * 1e3,
           cctx * 1e3);
    for (int side = 0; side < 2; side++)
        printf("%s: %zu sentences (%.1f MB) in %.3f s wall, %.3f s cpu = %.0f sentences/s (cpu), "
               "%.1f keys/sentence\n",
               side ? "en" : "ja", want, bytes[side] / 1e6, t[side], c[side], want / c[side],
               (double)keys[side] / want);
    printf("extraction of %zu+%zu sentences: %.3f s wall, %.3f s cpu (setup not included)\n",
           want, want, t[0] + t[1], c[0] + c[1]);
    ty__anchor_set_free(&set);
    ty__anchor_ctx_free(ctx);
    lines_free(&ja);
    lines_free(&en);
    return 0;
}

/* ---- lexicon loading ------------------------------------------------------------------ */

static int load(const char *cache)
{
    static const char *const names[] = {TY_LEXICON_DEFAULT_DIR "/edict",
                                        TY_LEXICON_DEFAULT_DIR "/enamdict"};
    const char *paths[2];
    size_t n = 0;
    ty_lexicon *lex = NULL;
    ty_error err;
    double t0;
    char file[4096];
    DIR *d;
    struct dirent *de;

    for (int i = 0; i < 2; i++)
        if (access(names[i], R_OK) == 0)
            paths[n++] = names[i];
    if (n == 0) {
        printf("no EDICT/ENAMDICT under %s (apt-get install edict enamdict)\n",
               TY_LEXICON_DEFAULT_DIR);
        return 0;
    }
    for (int round = 0; round < 4; round++) {
        const char *what[] = {"cold (parse, build, write cache)", "warm (mmap cache)",
                              "warm again", "corrupt cache (rebuild)"};
        if (round == 3 && (d = opendir(cache))) {
            while ((de = readdir(d)))
                if (strncmp(de->d_name, "lexicon-", 8) == 0) {
                    FILE *f;
                    snprintf(file, sizeof file, "%s/%s", cache, de->d_name);
                    if ((f = fopen(file, "r+b"))) {
                        fseek(f, 4096, SEEK_SET);
                        fputs("corrupt", f);
                        fclose(f);
                    }
                }
            closedir(d);
        }
        t0 = now();
        double c0 = cpu();
        if (ty_lexicon_load_files(&lex, paths, n, cache, &err) != TY_OK) {
            char buf[1200];
            fprintf(stderr, "%s\n", ty_error_format(&err, buf, sizeof buf));
            return 2;
        }
        printf("%-34s %8.1f ms wall %8.1f ms cpu  %zu headwords, %zu lines skipped\n",
               what[round], (now() - t0) * 1e3, (cpu() - c0) * 1e3, ty_lexicon_size(lex),
               ty_lexicon_skipped(lex));
        ty_lexicon_free(lex);
    }
    return 0;
}

/* ---- one pair ------------------------------------------------------------------------- */

static int pair(const char *ja, const char *en, const ty_lexicon *lex)
{
    ty_anchor_ctx *ctx;
    ty_anchor_set a = {0}, b = {0};
    ty_error err;
    if (ty__anchor_ctx_new(lex, &ctx, &err) != TY_OK)
        return 2;
    ty__anchors_extract(ctx, TY_LANG_JA, ja, strlen(ja), &a);
    ty__anchors_extract(ctx, TY_LANG_EN, en, strlen(en), &b);
    for (uint8_t k = 0; k < TY_ANCHOR_KINDS; k++)
        printf("%-8s ja %zu en %zu shared %zu\n", ty__anchor_kind_name(k), kind_count(&a, k),
               kind_count(&b, k), ty__anchor_set_shared(&a, &b, k));
    ty__anchor_set_free(&a);
    ty__anchor_set_free(&b);
    ty__anchor_ctx_free(ctx);
    return 0;
}

/* ---- katakana words --------------------------------------------------------------------- */

/* The next katakana word of s (UTF-8) from *at: a run of U+30A1..U+30FA and ー of at least two
 * kana; its bytes in [*b, *e). 0 when none is left. */
static int next_katakana(const char *s, size_t *at, size_t *b, size_t *e)
{
    size_t i = *at, n = strlen(s);
    while (i + 3 <= n) {
        size_t j = i, kana = 0;
        while (j + 3 <= n && (unsigned char)s[j] == 0xe3) {
            unsigned cp = ((unsigned)(s[j] & 0x0f) << 12) | ((unsigned)(s[j + 1] & 0x3f) << 6) |
                          (unsigned)(s[j + 2] & 0x3f);
            if (!((cp >= 0x30a1 && cp <= 0x30fa) || cp == 0x30fc))
                break;
            kana += cp != 0x30fc;
            j += 3;
        }
        if (j > i && kana >= 2) {
            *b = i, *e = j, *at = j;
            return 1;
        }
        i = j > i ? j : i + 1;
    }
    *at = n;
    return 0;
}

static void romanize(UTransliterator *tr, const char *w, size_t n, char *out, size_t cap)
{
    UChar buf[512];
    int32_t len = 0, limit;
    UErrorCode e = U_ZERO_ERROR;
    size_t a = 0;
    u_strFromUTF8(buf, 256, &len, w, (int32_t)n, &e);
    limit = len;
    if (tr && U_SUCCESS(e))
        utrans_transUChars(tr, buf, &len, 512, 0, &limit, &e);
    for (int32_t i = 0; U_SUCCESS(e) && i < len && a + 1 < cap; i++)
        if (buf[i] < 0x80)
            out[a++] = (char)buf[i];
    out[a] = '\0';
}

static int katakana(const char *dir, int verbose)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    ty_anchor_ctx *ctx = NULL;
    ty_error err;
    UTransliterator *tr = ty__translit_new(TY__TRANSLIT_KATAKANA);
    size_t words = 0, keyed = 0, own = 0, other = 0, other_sent = 0, only_other = 0;

    if (!d || ty__anchor_ctx_new(NULL, &ctx, &err) != TY_OK)
        return 2;
    while ((de = readdir(d))) {
        doc dc;
        if (!read_doc(dir, de->d_name, &dc))
            continue;
        ty_anchor_set *se = dc.en.n ? extract_all(ctx, TY_LANG_EN, &dc.en) : NULL;
        size_t *bead_of = calloc(dc.en.n + 1, sizeof *bead_of);
        for (size_t i = 0; dc.b && bead_of && i < dc.nb; i++)
            for (size_t k = 0; k < dc.b[i].nen; k++)
                if (dc.b[i].en[k] < dc.en.n)
                    bead_of[dc.b[i].en[k]] = i + 1;
        for (size_t i = 0; dc.b && se && bead_of && i < dc.nb; i++) {
            if (!dc.b[i].nja || !dc.b[i].nen)
                continue;
            for (size_t k = 0; k < dc.b[i].nja && dc.b[i].ja[k] < dc.ja.n; k++) {
                const char *s = dc.ja.v[dc.b[i].ja[k]];
                size_t at = 0, wb, we;
                while (next_katakana(s, &at, &wb, &we)) {
                    ty_anchor_set w = {0};
                    size_t in_own = 0, in_other = 0;
                    words++;
                    ty__anchors_extract(ctx, TY_LANG_JA, s + wb, we - wb, &w);
                    if (kind_count(&w, TY_ANCHOR_NAME)) {
                        keyed++;
                        for (size_t e = 0; e < dc.en.n; e++)
                            if (ty__anchor_set_shared(&w, &se[e], TY_ANCHOR_NAME))
                                *(bead_of[e] == i + 1 ? &in_own : &in_other) += 1;
                    }
                    own += in_own > 0;
                    other += in_other > 0;
                    other_sent += in_other;
                    only_other += !in_own && in_other;
                    if (verbose && !in_own) {
                        char r[256];
                        romanize(tr, s + wb, we - wb, r, sizeof r);
                        printf("%s %zu: %.*s %s%s |", dc.base, i, (int)(we - wb), s + wb, r,
                               in_other ? " (other bead)" : "");
                        for (size_t m = 0; m < dc.b[i].nen; m++)
                            printf(" %s", dc.en.v[dc.b[i].en[m]]);
                        printf("\n");
                    }
                    ty__anchor_set_free(&w);
                }
            }
        }
        for (size_t i = 0; se && i < dc.en.n; i++)
            ty__anchor_set_free(&se[i]);
        free(se);
        free(bead_of);
        free(dc.b);
        lines_free(&dc.ja);
        lines_free(&dc.en);
    }
    closedir(d);
    ty__anchor_ctx_free(ctx);
    if (tr)
        utrans_close(tr);
    printf("katakana words in gold beads: %zu, keyed %zu; a key in its own bead's English %zu "
           "(%.3f); in another bead's %zu (%.3f; %zu sentences), only there %zu\n",
           words, keyed, own, words ? (double)own / words : 0, other,
           words ? (double)other / words : 0, other_sent, only_other);
    return 0;
}

int main(int argc, char **argv)
{
    ty_lexicon *lex = NULL;
    ty_error err;
    int rc = 64, no_lex = argc > 1 && strcmp(argv[argc - 1], "--no-lexicon") == 0;

    if (argc >= 3 && strcmp(argv[1], "load") == 0)
        return load(argv[2]);
    if (argc >= 3 && strcmp(argv[1], "katakana") == 0)
        return katakana(argv[2], argc >= 4 && strcmp(argv[3], "-v") == 0);
    if (!no_lex && ty_lexicon_load_default(&lex, NULL, &err) != TY_OK) {
        fprintf(stderr, "lexicon: %s\n", err.message);
        return 2;
    }
    if (argc >= 3 && strcmp(argv[1], "stats") == 0) {
        rc = stats(argv[2], lex);
    } else if (argc >= 4 && strcmp(argv[1], "misses") == 0) {
        for (uint8_t k = 0; k < TY_ANCHOR_KINDS; k++)
            if (strcmp(argv[3], ty__anchor_kind_name(k)) == 0)
                misses = k;
        rc = misses >= 0 ? stats(argv[2], lex) : 64;
    }
    else if (argc >= 4 && strcmp(argv[1], "speed") == 0)
        rc = speed(argv[2], (size_t)strtoul(argv[3], NULL, 10), lex);
    else if (argc >= 4 && strcmp(argv[1], "pair") == 0)
        rc = pair(argv[2], argv[3], lex);
    else
        fprintf(stderr, "usage: anchor-bench stats CORPUS | misses CORPUS KIND | speed CORPUS N | "
                        "load CACHE_DIR | pair JA EN  [--no-lexicon] | katakana CORPUS [-v]\n");
    ty_lexicon_free(lex);
    return rc;
}
