/* test_match.c — fuzzy scoring: tokens, the bit-parallel Levenshtein distance (checked against
 * a plain dynamic program on fixed and pseudo-random inputs, short and longer than 64),
 * numbers and the number penalty, scores with known values, and the English word count
 * without ICU (ty__en_words) against ICU's. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tm/tm.h"

/* The textbook O(mn) distance, to check the bit-parallel one against. */
static size_t plain_distance(const uint64_t *a, size_t m, const uint64_t *b, size_t n)
{
    size_t *row = malloc((n + 1) * sizeof *row), d;
    for (size_t j = 0; j <= n; j++)
        row[j] = j;
    for (size_t i = 1; i <= m; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= n; j++) {
            size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            diag = up;
            row[j] = best;
        }
    }
    d = row[n];
    free(row);
    return d;
}

static size_t lev_str(const char *a, const char *b)
{
    size_t m = strlen(a), n = strlen(b), d;
    uint64_t *x = malloc((m + 1) * sizeof *x), *y = malloc((n + 1) * sizeof *y);
    ty__lev *lev;
    for (size_t i = 0; i < m; i++)
        x[i] = (unsigned char)a[i];
    for (size_t i = 0; i < n; i++)
        y[i] = (unsigned char)b[i];
    lev = ty__lev_new(x, m);
    d = ty__lev_distance(lev, y, n);
    ty__lev_free(lev);
    free(x);
    free(y);
    return d;
}

static const struct {
    const char *a, *b;
    size_t d;
} distances[] = {
    {"kitten", "sitting", 3}, {"", "abc", 3},       {"abc", "", 3},
    {"abc", "abc", 0},        {"flaw", "lawn", 2},  {"a", "b", 1},
    {"ab", "ba", 2},          {"intention", "execution", 5},
};

static uint32_t rng = 12345;
static uint32_t next_rand(void)
{
    rng = rng * 1103515245u + 12345u;
    return (rng >> 16) & 0x7fff;
}

/* 300 random pairs of up to max_m tokens (64: one block of the bit-parallel distance) */
static void random_pairs(size_t max_m)
{
    int bad = 0;
    for (int t = 0; t < 300; t++) {
        size_t m = next_rand() % (max_m + 1), n;
        uint64_t *a = malloc((m + 1) * sizeof *a), *b = malloc((m + 40) * sizeof *b);
        ty__lev *lev;
        for (size_t i = 0; i < m; i++)
            a[i] = next_rand() % 6; /* a small alphabet makes many near-matches */
        n = 0;
        for (size_t i = 0; i < m && n < m + 30; i++) { /* an edited copy */
            uint32_t r = next_rand() % 20;
            if (r == 0)
                continue;
            if (r == 1)
                b[n++] = next_rand() % 6;
            b[n++] = r == 2 ? next_rand() % 6 : a[i];
        }
        lev = ty__lev_new(a, m);
        if (ty__lev_distance(lev, b, n) != plain_distance(a, m, b, n)) {
            if (!bad)
                ty_diag("pair %d (m=%zu n=%zu) differs", t, m, n);
            bad++;
        }
        ty__lev_free(lev);
        free(a);
        free(b);
    }
    ty_is_int(bad, 0, "bit-parallel distance equals the plain DP on 300 random pairs up to %zu "
                      "tokens", max_m);
}

/* Which speaker label starts a normalized text. */
static void labels(void)
{
    static const struct {
        ty_lang lang;
        const char *text, *label;
    } t[] = {
        {TY_LANG_JA, "【上川外務大臣】おはようございます。", "【上川外務大臣】"},
        {TY_LANG_JA, "【記者】 一点伺います。", "【記者】 "},
        {TY_LANG_JA, "【記者】", ""},     /* nothing after it */
        {TY_LANG_JA, "本日は【注】を参照。", ""},
        /* English labels are left in (case-folded, they look like any colon) */
        {TY_LANG_EN, "minister kamikawa: thank you.", ""},
        {TY_LANG_EN, "the reason is simple: we act.", ""},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        ty_is_int((long long)ty__label_prefix(t[i].lang, t[i].text, strlen(t[i].text)),
                  (long long)strlen(t[i].label), "label of '%s' is '%s'", t[i].text, t[i].label);
}

/* Numbers are compared as the aligner reads them, whatever script writes them. */
static void numbers(ty__matcher *m)
{
    static const struct {
        ty_lang lang;
        const char *a, *b; /* normalized */
        size_t diff;
    } t[] = {
        {TY_LANG_JA, "1,000人", "1000人", 0},
        {TY_LANG_JA, "1,000人", "千人", 0},
        {TY_LANG_JA, "1,000人", "2,000人", 1},
        {TY_LANG_JA, "三人", "五人", 1},
        {TY_LANG_JA, "二千二十四年", "2024年", 0},
        {TY_LANG_JA, "3.50ドル", "3.5ドル", 0},
        {TY_LANG_JA, "2024年5月1日", "2024年5月2日", 1},
        {TY_LANG_JA, "2024年5月1日", "2024年6月1日", 1},
        {TY_LANG_JA, "第3回会合", "第3回会合と第4回会合", 1},
        {TY_LANG_JA, "予算は未定", "予算は未定", 0},
        {TY_LANG_EN, "eight people", "8 people", 0},
        /* the memory's texts are case-folded and English month names count only capitalized
         * (src/anchors/numbers.c: "may"), so a changed month is only an edited word here */
        {TY_LANG_EN, "on march 8", "on april 8", 0},
        {TY_LANG_EN, "on march 8", "on march 9", 1},
        {TY_LANG_EN, "1,000 people", "2,000 people", 1},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        ty__tm_numbers na, nb;
        int ok = ty__tm_numbers_extract(m, t[i].lang, t[i].a, strlen(t[i].a), &na) == 0 &&
                 ty__tm_numbers_extract(m, t[i].lang, t[i].b, strlen(t[i].b), &nb) == 0;
        ty_ok(ok && ty__tm_numbers_diff(&na, &nb) == t[i].diff, "numbers of '%s' and '%s': %zu differ",
              t[i].a, t[i].b, t[i].diff);
        if (ok) {
            ty__tm_numbers_free(&na);
            ty__tm_numbers_free(&nb);
        }
    }
}

static const struct {
    ty_lang lang;
    const char *a, *b; /* already normalized */
    int score, numdiff;
} scores[] = {
    /* 12 characters, one substituted: floor(100*11/12) = 91, one number differs: -2 */
    {TY_LANG_JA, "予算は1,000円です。", "予算は2,000円です。", 89, 1},
    /* the same number written differently: no penalty; 6 vs 5 chars, d = 1: 83 */
    {TY_LANG_JA, "1,000人", "1000人", 83, 0},
    /* 9 words (the period is a token), one differs: 88, minus 2 */
    {TY_LANG_EN, "the meeting will be held on may 1.", "the meeting will be held on may 2.", 86, 1},
    /* words, not characters: one word of 6 replaced: floor(100*5/6) = 83 */
    {TY_LANG_EN, "we support the rule of law", "we support the reign of law", 83, 0},
    {TY_LANG_EN, "the rule of law", "the rule of law", 100, 0},
    /* 法の支配に基づく (8 chars) vs 法の支配に基づいた (9): d = 2, floor(100*7/9) = 77 */
    {TY_LANG_JA, "法の支配に基づく", "法の支配に基づいた", 77, 0},
    /* speaker labels are set aside; a different (or no) label keeps it below 100 */
    {TY_LANG_JA, "【山本外務大臣】現時点で邦人は8名です。", "現時点で邦人は8名です。", 99, 0},
    {TY_LANG_JA, "【山本外務大臣】現時点で邦人は8名です。", "【記者】現時点で邦人は8名です。", 99, 0},
    {TY_LANG_JA, "【記者】現時点で邦人は8名です。", "【記者】現時点で邦人は8名です。", 100, 0},
    /* English labels count as words: 6 tokens against 4, d = 2: floor(100*4/6) = 66 */
    {TY_LANG_EN, "reporter: we will continue.", "we will continue.", 66, 0},
    /* an extra number on one side only counts */
    {TY_LANG_JA, "第3回会合", "第3回会合2", 83 - 2, 1},
};

/* Japanese tokens are code points, U+FFFD for each ill-formed sequence as ICU's U8_NEXT reads
 * them (the maximal subpart), the texts cut anywhere. */
static void ja_tokens(ty__matcher *m)
{
    static const struct {
        const char *s;
        const char *want; /* the code points in hex, space separated */
    } cases[] = {
        {"", ""},
        {"a法", "61 6cd5"},
        {"\xe3\x80\x90x\xe3\x80\x91", "3010 78 3011"},
        {"\xef\xbf\xbd\xee\x80\x80", "fffd e000"},      /* EE, EF: any trail bytes */
        {"\xe0\xa0\x80\xe0\x80\x80", "800 fffd fffd fffd"}, /* E0 80: overlong */
        {"\xed\x9f\xbf\xed\xa0\x80", "d7ff fffd fffd fffd"}, /* ED A0: a surrogate */
        {"\xe6\xb3", "fffd"},                               /* cut after two bytes */
        {"\xe6", "fffd"},
        {"\xe6\xb3x", "fffd 78"},
        {"\xe6x\xb3", "fffd 78 fffd"},
        {"\xc3\xa9\xc0\x80", "e9 fffd fffd"},               /* C0: overlong */
        {"\xf0\x9f\x98\x80\xf0\x9f\x98", "1f600 fffd"},
        {"\x80\xbf", "fffd fffd"},
    };
    ty__tokens t = {0};

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char got[128] = "";
        int rc = ty__tokenize(m, TY_LANG_JA, cases[i].s, strlen(cases[i].s), &t);
        for (size_t k = 0; rc == 0 && k < t.n; k++)
            snprintf(got + strlen(got), sizeof got - strlen(got), "%s%llx", k ? " " : "",
                     (unsigned long long)t.v[k]);
        ty_is_int(rc, 0, "tokens of case %zu", i);
        ty_is_str(got, cases[i].want, "tokens of case %zu", i);
    }
    ty__tokens_free(&t);
}

/* ty__en_words against ICU's words (ty__tokenize): edge cases with their counts, random
 * strings of the characters the rules treat apart, and every line of the corpus's English
 * documents, normalized as the memory stores it. */
static const struct {
    const char *s;
    size_t words;
} en_counts[] = {
    {"", 0},
    {"   ", 0},
    {"the rule of law.", 5},
    {"u.s. policy", 3},            /* u.s then . (WB6 needs a letter after the period) */
    {"3.14 and 1,000,000", 3},
    {"1,000.", 2},
    {"don't", 1},
    {"'quoted'", 3},
    {"a..b", 4},
    {"a:b", 3},                    /* no MidLetter colon in ICU's rules */
    {"snake_case_9 _x_ __", 3},
    {"a.1 1.a 1;2 a;b", 10},
    {"no. 16782)", 4},
    {"(no. 16782)", 5},
    {"e-mail a@b.c", 4},           /* '@' is a letter to ICU: a@b.c is one word */
    {"@ @@ a@ @1 .@.", 7},
    {"x\xc3\xa9t\xc3\xa9", 1},     /* not ASCII: ICU counts it */
    {"tab\there", 2},
    {"a  b", 2},
    {"!?$%", 4},
};

static void en_word_counts(ty__matcher *m)
{
    ty__tokens t = {0}, scratch = {0};
    static const char alphabet[] = "aZq09_.',;: -!$(@\"/é";
    const char *top = getenv("top_srcdir");
    char dir[4096], path[4300], line[8192];
    DIR *d;
    struct dirent *de;
    size_t lines = 0, differ = 0, n;
    int bad = 0;

    for (size_t i = 0; i < sizeof en_counts / sizeof en_counts[0]; i++) {
        const char *s = en_counts[i].s;
        int ok = ty__en_words(m, s, strlen(s), &scratch, &n) == 0;
        ty_ok(ok && n == en_counts[i].words, "'%s': %zu words (got %zu)", s, en_counts[i].words,
              ok ? n : 0);
        ok = ty__tokenize(m, TY_LANG_EN, s, strlen(s), &t) == 0;
        ty_ok(ok && t.n == en_counts[i].words, "'%s': ICU finds %zu too (%zu)", s,
              en_counts[i].words, ok ? t.n : 0);
    }
    for (int r = 0; r < 20000; r++) {
        char s[40];
        size_t len = next_rand() % 16, k = 0;
        for (size_t i = 0; i < len; i++) {
            size_t c = next_rand() % (sizeof alphabet - 1);
            s[k++] = alphabet[c];
        }
        s[k] = '\0';
        if (ty__en_words(m, s, k, &scratch, &n) != 0 ||
            ty__tokenize(m, TY_LANG_EN, s, k, &t) != 0 || n != t.n) {
            if (!bad++)
                ty_diag("random '%s': %zu words, ICU %zu", s, n, t.n);
        }
    }
    ty_ok(!bad, "20000 random strings: the count is ICU's (%d differ)", bad);

    snprintf(dir, sizeof dir, "%s/../shared/corpus", top ? top : ".");
    if (!(d = opendir(dir))) {
        ty_skip("corpus lines: the count is ICU's", "../shared/corpus is absent");
    } else {
        while ((de = readdir(d))) {
            size_t nl = strlen(de->d_name);
            FILE *f;
            if (nl < 8 || strcmp(de->d_name + nl - 7, ".en.txt"))
                continue;
            snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
            if (!(f = fopen(path, "rb")))
                continue;
            while (fgets(line, sizeof line, f)) {
                size_t nlen = 0;
                char *norm = ty_normalize(line, strlen(line), &nlen);
                if (!norm)
                    continue;
                lines++;
                if (ty__en_words(m, norm, nlen, &scratch, &n) != 0 ||
                    ty__tokenize(m, TY_LANG_EN, norm, nlen, &t) != 0 || n != t.n) {
                    if (!differ++)
                        ty_diag("%s: '%s': %zu words, ICU %zu", de->d_name, norm, n, t.n);
                }
                free(norm);
            }
            fclose(f);
        }
        closedir(d);
        ty_ok(lines > 1000 && !differ, "%zu corpus lines: the count is ICU's (%zu differ)", lines,
              differ);
    }
    ty__tokens_free(&t);
    ty__tokens_free(&scratch);
}

int main(void)
{
    ty__matcher *m = NULL;
    ty__tokens t = {0};
    ty_error e;

    for (size_t i = 0; i < sizeof distances / sizeof distances[0]; i++)
        ty_is_int((long long)lev_str(distances[i].a, distances[i].b), (long long)distances[i].d,
                  "distance(%s, %s)", distances[i].a, distances[i].b);
    random_pairs(300);
    random_pairs(64);
    labels();

    ty_is_int(ty__matcher_new(&m, &e), TY_OK, "matcher opens");
    numbers(m);
    ja_tokens(m);
    en_word_counts(m);
    ty_ok(ty__tokenize(m, TY_LANG_JA, "法の支配", strlen("法の支配"), &t) == 0 && t.n == 4,
          "Japanese tokens are characters");
    ty_ok(ty__tokenize(m, TY_LANG_EN, "the rule of law.", 16, &t) == 0 && t.n == 5,
          "English tokens are words and punctuation, not spaces");
    ty_ok(ty__tokenize(m, TY_LANG_EN, "rule of law", 11, &t) == 0 && t.n == 3 &&
              t.v[0] != t.v[1] && t.v[1] != t.v[2],
          "different words, different symbols");
    for (size_t i = 0; i < sizeof scores / sizeof scores[0]; i++) {
        int nd = -1;
        ty_is_int(ty__match_score(m, scores[i].lang, scores[i].a, scores[i].b, &nd),
                  scores[i].score, "score(%s, %s)", scores[i].a, scores[i].b);
        ty_is_int(nd, scores[i].numdiff, "numbers differ flag (%s)", scores[i].a);
    }
    ty_is_int(ty__score(1, 1000, 1000, 0), 99, "one edit in 1000 rounds down to 99, never 100");
    ty_is_int(ty__score(0, 10, 10, 1), 98, "a number difference alone: 100 - 2, capped at 99");
    ty_is_int(ty__score(0, 10, 10, 9), 90, "the penalty is capped at 10 points");
    ty_is_int(ty__score(10, 10, 10, 3), 0, "never below 0");
    ty__tokens_free(&t);
    ty__matcher_free(m);
    return ty_done();
}
