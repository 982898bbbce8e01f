/*
 * test_numbers.c — number anchors (src/anchors/numbers.c): the exact keys each form gives, in both
 * languages, and translation pairs that must (or must not) share a number key.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "anchors/anchors.h"
#include "tap.h"

static ty_anchor_ctx *ctx;

/* The sorted NUMBER keys of a text. */
static size_t number_keys(ty_lang lang, const char *text, uint32_t *keys, size_t cap)
{
    ty_anchor_set set = {0};
    size_t n = 0;
    if (ty__anchors_extract(ctx, lang, text, strlen(text), &set) != TY_OK)
        return (size_t)-1;
    for (size_t i = 0; i < set.n; i++)
        if (set.v[i].kind == TY_ANCHOR_NUMBER && n < cap)
            keys[n++] = set.v[i].key;
    ty__anchor_set_free(&set);
    return n;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The keys named in a space-separated list of normalized strings ("n2024 m3 t3:47"). */
static size_t expected_keys(const char *spec, uint32_t *keys, size_t cap)
{
    size_t n = 0;
    while (*spec && n < cap) {
        size_t len = strcspn(spec, " ");
        if (len)
            keys[n++] = ty__anchor_key(TY_ANCHOR_NUMBER, spec, len);
        spec += len;
        while (*spec == ' ')
            spec++;
    }
    qsort(keys, n, sizeof *keys, cmp_u32);
    return n;
}

static const struct {
    ty_lang lang;
    const char *text, *want;
} exact[] = {
    /* Japanese: digits, separators, decimals, percentages */
    {TY_LANG_JA, "1,000人が参加した。", "n1000"},
    {TY_LANG_JA, "１，０００人が参加した。", "n1000"},
    {TY_LANG_JA, "成長率は2.5％だった。", "n2.5"},
    {TY_LANG_JA, "成長率は２．５パーセントだった。", "n2.5"},
    /* Han numerals and mixed forms */
    {TY_LANG_JA, "八人の閣僚", "n8"},
    {TY_LANG_JA, "二千二十四年", "n2024"},
    {TY_LANG_JA, "二〇二四年", "n2024"},
    {TY_LANG_JA, "三十五万人", "n350000"},
    {TY_LANG_JA, "約270万人", "n2700000"},
    {TY_LANG_JA, "200万ドルの緊急無償資金協力", "n2000000"},
    {TY_LANG_JA, "3万5000人", "n35000"},
    {TY_LANG_JA, "1億2000万円", "n120000000"},
    /* the largest whole number written digit by digit, then the ones printf writes */
    {TY_LANG_JA, "1234億5678万9012円", "n123456789012"},
    {TY_LANG_JA, "1兆円", "n1e+12"},
    {TY_LANG_JA, "1兆2345億円", "n1.2345e+12"},
    {TY_LANG_JA, "0.25％", "n0.25"},
    {TY_LANG_JA, "十日", "n10"},
    /* lone Han digits that are words, not numbers */
    {TY_LANG_JA, "一方で、統一的な取組を一層進める。", ""},
    {TY_LANG_JA, "九州と四国を訪れた。", ""},
    {TY_LANG_JA, "三人で一日を過ごした。", "n3 n1"},
    {TY_LANG_JA, "五条為康の二男", "n2"},
    {TY_LANG_JA, "南八畳間", "n8"},
    /* ordinals */
    {TY_LANG_JA, "第3次行動計画", "n3"},
    {TY_LANG_JA, "第一条", "n1"},
    {TY_LANG_JA, "2点目です。", "n2"},
    {TY_LANG_JA, "①", "n1"},
    /* dates, era years, times */
    {TY_LANG_JA, "1月12日", "m1 n12"},
    {TY_LANG_JA, "（令和6年3月8日（金曜日）10時25分）", "n2024 m3 n8 t10:25"},
    {TY_LANG_JA, "令和元年", "n2019"},
    {TY_LANG_JA, "平成30年度", "n2018"},
    {TY_LANG_JA, "昭和64年", "n1989"},
    {TY_LANG_JA, "文治元年", "n1185"},
    {TY_LANG_JA, "15時47分", "t3:47"},
    {TY_LANG_JA, "午後3時半", "t3:30"},
    {TY_LANG_JA, "10時間の会議", "n10"},
    {TY_LANG_JA, "2024年", "n2024"},
    /* digits that belong to a Latin token */
    {TY_LANG_JA, "G7広島サミットとCV-22", ""},
    /* English: digits */
    {TY_LANG_EN, "1,000 people took part.", "n1000"},
    {TY_LANG_EN, "Growth was 2.5%.", "n2.5"},
    {TY_LANG_EN, "approximately 80,000 people", "n80000"},
    {TY_LANG_EN, "in the 1990s", "n1990"},
    {TY_LANG_EN, "the 3rd plan", "n3"},
    {TY_LANG_EN, "2.7 million", "n2700000"},
    {TY_LANG_EN, "2 million U.S. dollars", "n2000000"},
    /* number words */
    {TY_LANG_EN, "eight ministers", "n8"},
    {TY_LANG_EN, "twenty-one", "n21"},
    {TY_LANG_EN, "thirty five", "n35"},
    {TY_LANG_EN, "a hundred days", "n100"},
    {TY_LANG_EN, "one hundred", "n100"},
    {TY_LANG_EN, "two hundred and fifty", "n250"},
    {TY_LANG_EN, "ten thousand", "n10000"},
    {TY_LANG_EN, "one of the pillars", ""},
    {TY_LANG_EN, "First of all, one more thing.", ""},
    {TY_LANG_EN, "zero", ""},
    /* ordinals */
    {TY_LANG_EN, "the third National Action Plan", "n3"},
    {TY_LANG_EN, "the twenty-first century", "n21"},
    {TY_LANG_EN, "Secondly, today", "n2"},
    {TY_LANG_EN, "CHAPTER III. RIGHTS", "n3"},
    {TY_LANG_EN, "Article I", "n1"},
    {TY_LANG_EN, "I think so.", ""},
    /* dates and times */
    {TY_LANG_EN, "January 12", "m1 n12"},
    {TY_LANG_EN, "Friday, March 8, 2024, 10:25 a.m.", "m3 n8 n2024 t10:25"},
    {TY_LANG_EN, "3:47 p.m.", "t3:47"},
    {TY_LANG_EN, "at 3 p.m. today", "t3:00"},
    {TY_LANG_EN, "15:47", "t3:47"},
    {TY_LANG_EN, "on May 3", "m5 n3"},
    {TY_LANG_EN, "May I ask a question?", ""},
    {TY_LANG_EN, "Sept. 1", "m9 n1"},
    /* Latin tokens keep their digits */
    {TY_LANG_EN, "the G7 summit and the CV-22 and COVID-19", ""},
};

static const struct {
    const char *ja, *en;
    int share;
} pairs[] = {
    {"令和6年", "in 2024", 1},
    {"1,000人", "１，０００ people", 1},
    {"八人の閣僚", "eight ministers", 1},
    {"二千二十四年", "the year 2024", 1},
    {"三十五万人", "350,000 people", 1},
    {"約270万人", "about 2.7 million", 1},
    {"200万ドル", "2 million U.S. dollars", 1},
    {"第3次行動計画", "the third National Action Plan", 1},
    {"1月12日", "January 12", 1},
    {"15時47分", "3:47 p.m.", 1},
    {"10時25分", "10:25 a.m.", 1},
    {"平成元年", "1989", 1},
    {"五条為康の二男", "the second son of Tameyasu GOJO", 1},
    {"第二章", "CHAPTER II", 1},
    {"50％", "fifty percent", 1},
    {"1,000人", "2,000 people", 0},
    {"八人", "9 people", 0},
    {"3月", "3 people", 0},
    {"10時25分", "10:26 a.m.", 0},
    {"一方で", "one of the pillars", 0},
    {"G7", "7 countries", 0},
};

int main(void)
{
    ty_error err;
    uint32_t got[64], want[64];

    if (ty__anchor_ctx_new(NULL, &ctx, &err) != TY_OK) {
        ty_ok(0, "context: %s", err.message);
        return ty_done();
    }
    for (size_t i = 0; i < sizeof exact / sizeof *exact; i++) {
        size_t ng = number_keys(exact[i].lang, exact[i].text, got, 64);
        size_t nw = expected_keys(exact[i].want, want, 64);
        int same = ng == nw;
        qsort(got, ng, sizeof *got, cmp_u32);
        for (size_t k = 0; same && k < ng; k++)
            same = got[k] == want[k];
        if (!ty_ok(same, "%s \"%s\" -> {%s}", exact[i].lang == TY_LANG_JA ? "ja" : "en",
                   exact[i].text, exact[i].want))
            ty_diag("got %zu keys, want %zu", ng, nw);
    }
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        size_t na = number_keys(TY_LANG_JA, pairs[i].ja, got, 64);
        size_t nb = number_keys(TY_LANG_EN, pairs[i].en, want, 64);
        int shared = 0;
        for (size_t a = 0; a < na; a++)
            for (size_t b = 0; b < nb; b++)
                shared |= got[a] == want[b];
        ty_ok(shared == pairs[i].share, "\"%s\" and \"%s\" %s a number key", pairs[i].ja,
              pairs[i].en, pairs[i].share ? "share" : "do not share");
    }
    ty__anchor_ctx_free(ctx);
    return ty_done();
}
