/*
 * numbers.c — number anchors: the values written in a segment, normalized so that a Japanese
 * sentence and its English translation give the same keys (see numbers.h for the key forms).
 *
 * Japanese: digit runs of any script with separators and decimals (1,000 / １，０００ / 2.7),
 * Han numerals (八, 二千二十四, 三十五万, 二〇二四) and mixed forms (270万, 3万5000), circled
 * and Roman numeral symbols (①, Ⅱ); dates (3月 gives a month key), era years (令和6年 → 2024,
 * from ICU's Japanese calendar), times (15時47分 → t3:47). A lone Han digit (一, 三) counts only
 * after 第 or before a counter (一人, 三日), since 一方, 統一, 九州 are words, not numbers.
 * English: digit runs (1,000, 2.7, 3rd, 1990s) with scale words (2.7 million), number words
 * (eight, twenty-one, a hundred, two thousand and five), ordinals (third, twenty-first,
 * secondly), month names, times (3:47 p.m., 10 a.m.), Roman numerals (Chapter III).
 * "one", "first" and "zero" alone are not anchors (one of the pillars, first of all).
 * Digits glued to a Latin word (G7, CV-22, COVID-19) belong to the Latin token, not here.
 * All values come from ICU (u_charDigitValue / u_getNumericValue), never from a table here.
 */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/ustring.h>

#include "base/error.h"
#include "numbers.h"

/* The categories of the English words the scanner knows (a small hash table, so each word of
 * a text costs one probe). */
enum {
    W_NONE = 0, W_UNIT, W_TEN, W_ORD, W_TEN_ORD, W_ADVERB, W_SCALE, W_MONTH, W_MONTH_ABBR,
    W_ROMAN_HEAD, W_ARTICLE, W_AND
};
#define TY__WORDS 512

typedef struct ty__word {
    const char *w;
    uint8_t cat;
    double value;
} ty__word;

struct ty__numbers {
    ty__word words[TY__WORDS];
};

/* The era table, read from ICU once for the process on first need (opening ICU's calendar
 * costs more than a whole short document's extraction) and never freed; empty when ICU has
 * no Japanese calendar. */
static pthread_once_t eras_once = PTHREAD_ONCE_INIT;
static ty__era *eras;
static size_t n_eras;

static void init_words(ty__numbers *nb);

ty_status ty__numbers_new(ty__numbers **out, ty_error *err)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return ty__nomem(err);
    init_words(*out);
    return TY_OK;
}

void ty__numbers_free(ty__numbers *nb)
{
    free(nb);
}

/* The era names and start years from ICU's Japanese calendar (about 240 eras since 大化). */
static void load_eras(void)
{
    static const UChar pattern[] = {'G', 0};
    UErrorCode e = U_ZERO_ERROR;
    UDateFormat *df = NULL;
    UCalendar *cal = NULL;
    int32_t count;

    df = udat_open(UDAT_PATTERN, UDAT_PATTERN, "ja_JP@calendar=japanese", NULL, 0, pattern, 1,
                   &e);
    cal = ucal_open(NULL, 0, "ja_JP@calendar=japanese", UCAL_TRADITIONAL, &e);
    if (U_FAILURE(e))
        goto cleanup;
    count = udat_countSymbols(df, UDAT_ERAS);
    if (count <= 0 || count > 1000)
        goto cleanup;
    eras = calloc((size_t)count, sizeof *eras);
    if (!eras)
        goto cleanup;
    for (int32_t k = 0; k < count; k++) {
        UChar name[32];
        int32_t len, i = 0;
        ty__era *era = &eras[n_eras];
        e = U_ZERO_ERROR;
        len = udat_getSymbols(df, UDAT_ERAS, k, name, 32, &e);
        if (U_FAILURE(e) || len <= 0 || len > 31)
            continue;
        era->len = 0;
        while (i < len && era->len < TY__ERA_MAXLEN) {
            UChar32 c;
            U16_NEXT(name, i, len, c);
            era->name[era->len++] = c;
        }
        if (i < len)
            continue;
        ucal_clear(cal);
        ucal_set(cal, UCAL_ERA, k);
        ucal_set(cal, UCAL_YEAR, 1);
        ucal_set(cal, UCAL_MONTH, UCAL_DECEMBER);
        ucal_set(cal, UCAL_DATE, 31);
        era->start = ucal_get(cal, UCAL_EXTENDED_YEAR, &e);
        if (U_SUCCESS(e))
            n_eras++;
    }
cleanup:
    if (df)
        udat_close(df);
    if (cal)
        ucal_close(cal);
}

size_t ty__numbers_eras(ty__numbers *nb, const ty__era **out)
{
    (void)nb;
    pthread_once(&eras_once, load_eras);
    *out = eras;
    return n_eras;
}

/* The start year of the era whose name ends just before position i, or 0. */
static int era_before(const ty__chars *t, size_t i)
{
    pthread_once(&eras_once, load_eras);
    for (size_t k = 0; k < n_eras; k++) {
        const ty__era *era = &eras[k];
        size_t j;
        if (era->len > i)
            continue;
        for (j = 0; j < era->len; j++)
            if (t->cp[i - era->len + j] != era->name[j])
                break;
        if (j == era->len)
            return era->start;
    }
    return 0;
}

/* ---- keys ----------------------------------------------------------------------------- */

static ty_status emit_str(ty_anchor_set *out, const char *s, int n)
{
    if (n <= 0)
        return TY_OK;
    return ty__anchor_set_push(out, TY_ANCHOR_NUMBER, ty__anchor_key(TY_ANCHOR_NUMBER, s, (size_t)n));
}

static ty_status emit_number(ty_anchor_set *out, double v)
{
    char b[48];
    if (!(v >= 0) || v > 1e18)
        return TY_OK;
    if (v < 1e12 && v == floor(v) && !signbit(v)) {
        /* a whole number below 10^12, as "%.12g" writes it, without printf's cost (a
         * lookup extracts the numbers of every candidate it scores) */
        char d[12];
        int k = 0;
        uint64_t x = (uint64_t)v;
        do
            d[k++] = (char)('0' + x % 10);
        while ((x /= 10) > 0);
        b[0] = 'n';
        for (int i = 0; i < k; i++)
            b[1 + i] = d[k - 1 - i];
        return emit_str(out, b, k + 1);
    }
    return emit_str(out, b, snprintf(b, sizeof b, "n%.12g", v));
}

static ty_status emit_month(ty_anchor_set *out, int m)
{
    char b[16];
    return emit_str(out, b, snprintf(b, sizeof b, "m%d", m));
}

static ty_status emit_time(ty_anchor_set *out, int h, int m)
{
    char b[24];
    return emit_str(out, b, snprintf(b, sizeof b, "t%d:%02d", h % 12, m));
}

/* ---- shared scanning helpers ---------------------------------------------------------- */

static UChar32 cp_at(const ty__chars *t, size_t i)
{
    return i < t->n ? t->cp[i] : 0;
}

static uint8_t cls_at(const ty__chars *t, size_t i)
{
    return i < t->n ? t->cls[i] : 0;
}

static int is_integral(double v)
{
    return v == floor(v);
}

/* A digit run glued to a Latin word (G7, CV-22, COVID-19, www.x.jp/2024) is part of that token. */
int ty__num_latin_glued(const ty__chars *t, size_t i)
{
    if (i == 0)
        return 0;
    if (t->cls[i - 1] == TY__C_LATIN)
        return 1;
    if (i >= 2 && t->cls[i - 2] == TY__C_LATIN &&
        (t->cp[i - 1] == '-' || t->cp[i - 1] == '_' || t->cp[i - 1] == '/' ||
         t->cp[i - 1] == '.' || t->cp[i - 1] == 0xff0d))
        return 1;
    return 0;
}

size_t ty__num_skip_token(const ty__chars *t, size_t i)
{
    while (i < t->n && (t->cls[i] == TY__C_DIGIT || t->cls[i] == TY__C_LATIN))
        i++;
    return i;
}

/* Digits of any script from i, with thousands separators (, ，) and a decimal part (. ．).
 * Returns the end; the value in *v. */
size_t ty__num_digits(const ty__chars *t, size_t i, double *v)
{
    double x = 0, frac = 0, scale = 1;

    while (cls_at(t, i) == TY__C_DIGIT)
        x = x * 10 + t->num[i++];
    while ((cp_at(t, i) == ',' || cp_at(t, i) == 0xff0c) && cls_at(t, i + 1) == TY__C_DIGIT &&
           cls_at(t, i + 2) == TY__C_DIGIT && cls_at(t, i + 3) == TY__C_DIGIT &&
           cls_at(t, i + 4) != TY__C_DIGIT) {
        x = x * 1000 + t->num[i + 1] * 100 + t->num[i + 2] * 10 + t->num[i + 3];
        i += 4;
    }
    if ((cp_at(t, i) == '.' || cp_at(t, i) == 0xff0e) && cls_at(t, i + 1) == TY__C_DIGIT) {
        i++;
        while (cls_at(t, i) == TY__C_DIGIT && scale < 1e12) {
            frac = frac * 10 + t->num[i++];
            scale *= 10;
        }
        while (cls_at(t, i) == TY__C_DIGIT)
            i++;
        x += frac / scale;
    }
    *v = x;
    return i;
}

/* ---- Japanese ------------------------------------------------------------------------- */

/* A Japanese number expression from i: digit runs and Han numerals with the multipliers
 * 十 百 千 (within a group) and 万 億 兆 (groups). Returns 0 when nothing was read. */
int ty__num_ja(const ty__chars *t, size_t i, ty__ja_num *p)
{
    double total = 0, section = 0, cur = -1, last_small = 1e9;
    size_t j = i;

    memset(p, 0, sizeof *p);
    while (j < t->n) {
        uint8_t k = t->cls[j];
        if (k == TY__C_DIGIT) {
            if (cur >= 0)
                break;
            j = ty__num_digits(t, j, &cur);
            p->digits++;
        } else if (k == TY__C_KNUM) {
            double v = t->num[j];
            if (v < 10) {
                if (cur >= 0)
                    break;
                cur = 0;
                while (cls_at(t, j) == TY__C_KNUM && t->num[j] < 10)
                    cur = cur * 10 + t->num[j++];
            } else if (v <= 1000) {
                if (v >= last_small || cur >= 10) /* 千百 is 1100; 百千 is two numbers */
                    break;
                last_small = v;
                section += (cur >= 0 ? cur : 1) * v;
                cur = -1;
                j++;
            } else {
                if (cur < 0 && section == 0)
                    break;
                total += (section + (cur >= 0 ? cur : 0)) * v;
                last_small = 1e9;
                section = 0;
                cur = -1;
                p->scaled = 1;
                j++;
            }
            p->kanji++;
        } else {
            break;
        }
    }
    if (j == i)
        return 0;
    p->value = total + section + (cur >= 0 ? cur : 0);
    p->end = j;
    return 1;
}

/* Counters after which a lone Han digit is a number (三人, 一日, 五か国). */
static int counter_at(const ty__chars *t, size_t j)
{
    static const UChar32 single[] = {
        0x5e74, 0x6708, 0x65e5, 0x6642, 0x4eba, 0x540d, 0x56de, 0x5ea6, 0x3064, 0x500b,
        0x4ef6, 0x70b9, 0x6b73, 0x624d, 0x7ae0, 0x9805, 0x53f7, 0x500d, 0x968e, 0x679a,
        0x53f0, 0x4f4d, 0x4e16, 0x4ee3, 0x671f, 0x5468, 0x96bb, 0x7968, 0x5272, 0x7537,
        0x5973, 0x7573};
    /* 年月日時人名回度つ個 件点歳才章項号倍階枚 台位世代期周隻票割男 女畳 (not 条: 五条 and
     * 四条 are places and families; 第五条 counts through 第) */
    static const UChar32 ka[] = {0x304b, 0x30ab, 0x30f6, 0x30b1, 0x30f5, 0x7b87}; /* かカヶケヵ箇 */
    static const UChar32 after_ka[] = {0x56fd, 0x6708, 0x6240};                  /* 国月所 */
    UChar32 c = cp_at(t, j);

    for (size_t k = 0; k < sizeof single / sizeof *single; k++)
        if (c == single[k])
            return 1;
    for (size_t k = 0; k < sizeof ka / sizeof *ka; k++)
        if (c == ka[k])
            for (size_t m = 0; m < sizeof after_ka / sizeof *after_ka; m++)
                if (cp_at(t, j + 1) == after_ka[m])
                    return 1;
    return 0;
}

#define JA_NEN 0x5e74   /* 年 */
#define JA_TSUKI 0x6708 /* 月 */
#define JA_JI 0x6642    /* 時 */
#define JA_KAN 0x9593   /* 間 */
#define JA_FUN 0x5206   /* 分 */
#define JA_HAN 0x534a   /* 半 */
#define JA_DAI 0x7b2c   /* 第 */
#define JA_GEN 0x5143   /* 元 */

static ty_status scan_ja(const ty__chars *t, ty_anchor_set *out)
{
    size_t i = 0;
    ty_status st = TY_OK;

    while (i < t->n && !st) {
        uint8_t k = t->cls[i];
        ty__ja_num p;
        int start;

        if (k == TY__C_NUMSYM) {
            st = emit_number(out, t->num[i++]);
            continue;
        }
        if (t->cp[i] == JA_GEN && cp_at(t, i + 1) == JA_NEN && i > 0 &&
            t->cls[i - 1] == TY__C_HAN && (start = era_before(t, i)) > 0) {
            st = emit_number(out, start); /* 令和元年 */
            i += 2;
            continue;
        }
        if (k != TY__C_DIGIT && k != TY__C_KNUM) {
            i++;
            continue;
        }
        if (k == TY__C_DIGIT && ty__num_latin_glued(t, i)) {
            i = ty__num_skip_token(t, i);
            continue;
        }
        if (!ty__num_ja(t, i, &p)) {
            i++;
            continue;
        }
        if (p.digits == 0 && p.end - i == 1 && !(i > 0 && t->cp[i - 1] == JA_DAI) &&
            !counter_at(t, p.end)) {
            i = p.end; /* 一方, 統一, 九州: a word, not a number */
            continue;
        }
        UChar32 c1 = cp_at(t, p.end), c2 = cp_at(t, p.end + 1);
        if (c1 == JA_NEN && is_integral(p.value) && i > 0 && t->cls[i - 1] == TY__C_HAN &&
            (start = era_before(t, i)) > 0) {
            st = emit_number(out, start + p.value - 1); /* 令和6年 → 2024 */
            i = p.end + 1;
        } else if (c1 == JA_TSUKI && is_integral(p.value) && p.value >= 1 && p.value <= 12) {
            st = emit_month(out, (int)p.value);
            i = p.end + 1;
        } else if (c1 == JA_JI && c2 != JA_KAN && is_integral(p.value) && p.value <= 24) {
            int minutes = 0;
            size_t j = p.end + 1;
            ty__ja_num m;
            if (cp_at(t, j) == JA_HAN) {
                minutes = 30;
                j++;
            } else if (ty__num_ja(t, j, &m) && cp_at(t, m.end) == JA_FUN && is_integral(m.value) &&
                       m.value < 60) {
                minutes = (int)m.value;
                j = m.end + 1;
            }
            st = emit_time(out, (int)p.value, minutes);
            i = j;
        } else {
            st = emit_number(out, p.value);
            i = p.end;
        }
    }
    return st;
}

/* ---- English -------------------------------------------------------------------------- */

/* The word (Latin letters) at i, lowercased ASCII into w (cap 24); returns its end, or i (and
 * w empty) when there is none or it is not plain ASCII. */
size_t ty__num_word_at(const ty__chars *t, size_t i, char *w, size_t cap)
{
    size_t j = i, n = 0;
    while (j < t->n && t->cls[j] == TY__C_LATIN) {
        UChar32 c = t->cp[j];
        if (c >= 0x80 || n + 1 >= cap) {
            w[0] = '\0';
            return i;
        }
        w[n++] = (char)(c | 0x20);
        j++;
    }
    w[n] = '\0';
    return j;
}

/* Skip spaces (and one hyphen when `hyphen`) from i. */
size_t ty__num_skip_space(const ty__chars *t, size_t i, int hyphen)
{
    while (i < t->n && t->cls[i] == TY__C_SPACE)
        i++;
    if (hyphen && i < t->n && (t->cp[i] == '-' || t->cp[i] == 0x2010) &&
        cls_at(t, i + 1) == TY__C_LATIN)
        i++;
    return i;
}

#define COUNT(a) (sizeof(a) / sizeof *(a))

static const char *const units[] = {
    "zero",    "one",     "two",       "three",    "four",     "five",    "six",
    "seven",   "eight",   "nine",      "ten",      "eleven",   "twelve",  "thirteen",
    "fourteen", "fifteen", "sixteen",  "seventeen", "eighteen", "nineteen"};
static const char *const tens[] = {"twenty", "thirty", "forty", "fifty",
                                   "sixty",  "seventy", "eighty", "ninety"};
static const char *const ordinals[] = {
    "zeroth",      "first",       "second",     "third",       "fourth",
    "fifth",       "sixth",       "seventh",    "eighth",      "ninth",
    "tenth",       "eleventh",    "twelfth",    "thirteenth",  "fourteenth",
    "fifteenth",   "sixteenth",   "seventeenth", "eighteenth", "nineteenth"};
static const char *const tens_ord[] = {"twentieth", "thirtieth", "fortieth", "fiftieth",
                                       "sixtieth",  "seventieth", "eightieth", "ninetieth"};
static const char *const adverbs[] = {"firstly", "secondly", "thirdly", "fourthly", "fifthly"};
static const char *const scales[] = {"hundred", "thousand", "million", "billion", "trillion"};
static const double scale_values[] = {100, 1e3, 1e6, 1e9, 1e12};
static const char *const months[] = {"january", "february", "march",     "april",
                                     "may",     "june",     "july",      "august",
                                     "september", "october", "november", "december"};
static const char *const month_abbr[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
static const char *const roman_heads[] = {"chapter", "article", "part",  "section",
                                          "volume",  "book",    "phase", "war"};
static const char *const articles[] = {"a", "an"};
static const char *const ands[] = {"and"};

static uint32_t word_hash(const char *w)
{
    uint32_t h = 2166136261u;
    while (*w)
        h = (h ^ (unsigned char)*w++) * 16777619u;
    return h;
}

static void add_words(ty__numbers *nb, const char *const *list, size_t n, uint8_t cat,
                      double base, double step, const double *values)
{
    for (size_t k = 0; k < n; k++) {
        size_t at = word_hash(list[k]) & (TY__WORDS - 1);
        while (nb->words[at].w && strcmp(nb->words[at].w, list[k]) != 0)
            at = (at + 1) & (TY__WORDS - 1);
        if (nb->words[at].w)
            continue; /* "may": the month comes first */
        nb->words[at].w = list[k];
        nb->words[at].cat = cat;
        nb->words[at].value = values ? values[k] : base + step * (double)k;
    }
}

static void init_words(ty__numbers *nb)
{
    static const char *const sept[] = {"sept"};
    add_words(nb, units, COUNT(units), W_UNIT, 0, 1, NULL);
    add_words(nb, tens, COUNT(tens), W_TEN, 20, 10, NULL);
    add_words(nb, ordinals, COUNT(ordinals), W_ORD, 0, 1, NULL);
    add_words(nb, tens_ord, COUNT(tens_ord), W_TEN_ORD, 20, 10, NULL);
    add_words(nb, adverbs, COUNT(adverbs), W_ADVERB, 1, 1, NULL);
    add_words(nb, scales, COUNT(scales), W_SCALE, 0, 0, scale_values);
    add_words(nb, months, COUNT(months), W_MONTH, 1, 1, NULL);
    add_words(nb, month_abbr, COUNT(month_abbr), W_MONTH_ABBR, 1, 1, NULL);
    add_words(nb, sept, 1, W_MONTH_ABBR, 9, 0, NULL);
    add_words(nb, roman_heads, COUNT(roman_heads), W_ROMAN_HEAD, 0, 0, NULL);
    add_words(nb, articles, COUNT(articles), W_ARTICLE, 1, 0, NULL);
    add_words(nb, ands, COUNT(ands), W_AND, 0, 0, NULL);
}

/* The category of a lowercase word (W_NONE for most) and its value. */
static uint8_t word_cat(const ty__numbers *nb, const char *w, double *value)
{
    size_t at = word_hash(w) & (TY__WORDS - 1);
    while (nb->words[at].w) {
        if (strcmp(nb->words[at].w, w) == 0) {
            *value = nb->words[at].value;
            return nb->words[at].cat;
        }
        at = (at + 1) & (TY__WORDS - 1);
    }
    *value = 0;
    return W_NONE;
}

/* The category of the word after spaces from i (W_NONE when there is none). */
static uint8_t next_cat(const ty__numbers *nb, const ty__chars *t, size_t i, size_t *end,
                        double *value)
{
    char w[24];
    size_t ws = ty__num_skip_space(t, i, 0);
    *end = ty__num_word_at(t, ws, w, sizeof w);
    if (*end == ws) {
        *value = 0;
        return W_NONE;
    }
    return word_cat(nb, w, value);
}

/* Scale words after a digit run: 2.7 million, 3 hundred thousand. */
static size_t apply_scales(const ty__numbers *nb, const ty__chars *t, size_t j, double *v)
{
    double s;
    size_t we;
    while (next_cat(nb, t, j, &we, &s) == W_SCALE) {
        *v *= s;
        j = we;
    }
    return j;
}

/* "a.m." / "p.m." / "am" / "pm" from i (after spaces); returns the end or 0. */
size_t ty__num_ampm(const ty__chars *t, size_t i)
{
    UChar32 c;
    i = ty__num_skip_space(t, i, 0);
    c = cp_at(t, i) | 0x20;
    if (c != 'a' && c != 'p')
        return 0;
    i++;
    if (cp_at(t, i) == '.')
        i++;
    if (cp_at(t, i) == ' ')
        i++;
    if ((cp_at(t, i) | 0x20) != 'm')
        return 0;
    i++;
    if (cp_at(t, i) == '.')
        i++;
    else if (cls_at(t, i) == TY__C_LATIN)
        return 0;
    return i;
}

/* A number written in words from i: units, tens, hundred, scales, a final ordinal. Returns
 * the end (i when there is none); *v the value, *strong nonzero for a value worth an anchor
 * (>= 2, or with a scale: "a hundred", "one million"). */
size_t ty__num_words(const ty__numbers *nb, const ty__chars *t, size_t i, double *v,
                          int *strong)
{
    double total = 0, small = 0, x, x2;
    size_t j = i, end = i, we, ne;
    int any = 0, scaled = 0;

    for (;;) {
        char w[24];
        size_t ws = any ? ty__num_skip_space(t, j, 1) : j;
        uint8_t cat;
        we = ty__num_word_at(t, ws, w, sizeof w);
        if (we == ws)
            break;
        cat = word_cat(nb, w, &x);
        int r = (int)fmod(small, 100), k = x < 1000 ? (int)x : 0; /* scales are read as x */
        if (cat == W_ARTICLE && !any) {
            if (next_cat(nb, t, we, &ne, &x2) != W_SCALE)
                break;
            small = 1;
            any = 1;
            j = we;
            continue;
        }
        if (cat == W_UNIT) {
            if (any && !(r == 0 || (r >= 20 && r % 10 == 0 && k < 10)))
                break;
            small += k;
        } else if (cat == W_TEN) {
            if (r != 0)
                break;
            small += k;
        } else if (cat == W_SCALE && x == 100) {
            if (small >= 100)
                break;
            small = (small > 0 ? small : 1) * 100;
            scaled = 1;
        } else if (cat == W_SCALE) {
            total += (small > 0 ? small : 1) * x;
            small = 0;
            scaled = 1;
        } else if (cat == W_AND && any) {
            uint8_t c2 = next_cat(nb, t, we, &ne, &x2);
            if (c2 != W_UNIT && c2 != W_TEN)
                break;
            j = we;
            continue;
        } else if (cat == W_ORD || cat == W_TEN_ORD) {
            if ((cat == W_ORD && any && !(r == 0 || (r >= 20 && r % 10 == 0 && k < 10))) ||
                (cat == W_ORD && !any && k < 2) || (cat == W_TEN_ORD && r != 0))
                break;
            small += k;
            end = we;
            any = 1;
            break;
        } else if (cat == W_ADVERB && !any && k >= 2) {
            small = k;
            end = we;
            any = 1;
            break;
        } else {
            break;
        }
        any = 1;
        end = j = we;
    }
    *v = total + small;
    *strong = end > i && (scaled || *v >= 2);
    return end;
}

/* Roman numerals I..XXXIX, written in capitals. */
int ty__num_roman(const ty__chars *t, size_t i, size_t e)
{
    int v = 0, prev = 0;
    for (size_t j = e; j-- > i;) {
        int d = t->cp[j] == 'I' ? 1 : t->cp[j] == 'V' ? 5 : t->cp[j] == 'X' ? 10 : 0;
        if (!d)
            return 0;
        v += d < prev ? -d : d;
        if (d > prev)
            prev = d;
    }
    return v > 0 && v < 40 ? v : 0;
}

/* The lowercase word that ends just before i (after spaces), into w. */
static void word_before(const ty__chars *t, size_t i, char *w, size_t cap)
{
    size_t e = i, s;
    while (e > 0 && t->cls[e - 1] == TY__C_SPACE)
        e--;
    s = e;
    while (s > 0 && t->cls[s - 1] == TY__C_LATIN)
        s--;
    w[0] = '\0';
    if (s < e)
        ty__num_word_at(t, s, w, cap);
}

static int digit_near(const ty__chars *t, size_t ws, size_t we)
{
    size_t a = ty__num_skip_space(t, we, 0), b = ws;
    if (cls_at(t, a) == TY__C_DIGIT)
        return 1;
    while (b > 0 && (t->cls[b - 1] == TY__C_SPACE || t->cp[b - 1] == ','))
        b--;
    return b > 0 && t->cls[b - 1] == TY__C_DIGIT;
}

static ty_status scan_en_word(const ty__numbers *nb, const ty__chars *t, size_t *pi,
                              ty_anchor_set *out)
{
    size_t i = *pi, we, e;
    char w[24];
    double v;
    int strong, cap = t->cp[i] >= 'A' && t->cp[i] <= 'Z';
    uint8_t cat;

    we = ty__num_word_at(t, i, w, sizeof w);
    if (we == i) {
        while (i < t->n && t->cls[i] == TY__C_LATIN)
            i++;
        *pi = i;
        return TY_OK;
    }
    *pi = we;
    cat = word_cat(nb, w, &v);
    if (cat == W_NONE && !cap)
        return TY_OK;
    /* May is a month only next to a number (May 3, 3 May), an abbreviation with its dot */
    if (cap && cat == W_MONTH && (v != 5 || digit_near(t, i, we)))
        return emit_month(out, (int)v);
    if (cap && cat == W_MONTH_ABBR && (cp_at(t, we) == '.' || digit_near(t, i, we)) &&
        (v != 5 || digit_near(t, i, we)))
        return emit_month(out, (int)v);
    e = ty__num_words(nb, t, i, &v, &strong);
    if (e > i) {
        *pi = e;
        return strong ? emit_number(out, v) : TY_OK;
    }
    int k;
    if (cap && (k = ty__num_roman(t, i, we)) > 0) {
        char prev[24];
        double unused;
        word_before(t, i, prev, sizeof prev);
        if (we - i >= 2 || word_cat(nb, prev, &unused) == W_ROMAN_HEAD)
            return emit_number(out, k);
    }
    return TY_OK;
}

static ty_status scan_en(const ty__numbers *nb, const ty__chars *t, ty_anchor_set *out)
{
    size_t i = 0;
    ty_status st = TY_OK;

    while (i < t->n && !st) {
        uint8_t k = t->cls[i];
        if (k == TY__C_LATIN) {
            if (i > 0 && (t->cls[i - 1] == TY__C_LATIN || t->cls[i - 1] == TY__C_DIGIT)) {
                i++;
                continue;
            }
            st = scan_en_word(nb, t, &i, out);
            continue;
        }
        if (k == TY__C_NUMSYM) {
            st = emit_number(out, t->num[i++]);
            continue;
        }
        if (k != TY__C_DIGIT) {
            i++;
            continue;
        }
        if (ty__num_latin_glued(t, i)) {
            i = ty__num_skip_token(t, i);
            continue;
        }
        double v;
        size_t j = ty__num_digits(t, i, &v), e;
        if (cp_at(t, j) == ':' && cls_at(t, j + 1) == TY__C_DIGIT &&
            cls_at(t, j + 2) == TY__C_DIGIT && cls_at(t, j + 3) != TY__C_DIGIT &&
            is_integral(v) && v <= 24 && j - i <= 2) {
            int minutes = (int)(t->num[j + 1] * 10 + t->num[j + 2]);
            j += 3;
            if ((e = ty__num_ampm(t, j)) > 0)
                j = e;
            st = emit_time(out, (int)v, minutes);
            i = j;
            continue;
        }
        if (is_integral(v) && v >= 1 && v <= 12 && (e = ty__num_ampm(t, j)) > 0) {
            st = emit_time(out, (int)v, 0);
            i = e;
            continue;
        }
        if (cls_at(t, j) == TY__C_LATIN) {
            char w[24];
            size_t we = ty__num_word_at(t, j, w, sizeof w);
            if (we > j && (strcmp(w, "st") == 0 || strcmp(w, "nd") == 0 ||
                           strcmp(w, "rd") == 0 || strcmp(w, "th") == 0 || strcmp(w, "s") == 0))
                j = we;
        }
        j = apply_scales(nb, t, j, &v);
        st = emit_number(out, v);
        i = j;
    }
    return st;
}

ty_status ty__numbers_extract(ty__numbers *nb, ty_lang lang, const ty__chars *t,
                              ty_anchor_set *out)
{
    return lang == TY_LANG_JA ? scan_ja(t, out) : scan_en(nb, t, out);
}
