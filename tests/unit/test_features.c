/*
 * test_features.c — the anchor context and set helpers (src/anchors/extract.c): Latin-token keys
 * (case-folded, NFKC so Ｇ７ = G7, URLs and e-mail addresses whole), sorting, shared counts, and
 * extraction on empty, invalid and oversized input.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "anchors/anchors.h"
#include "tap.h"

static ty_anchor_ctx *ctx;

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The sorted LATIN keys of a text. */
static size_t latin_keys(ty_lang lang, const char *text, uint32_t *keys, size_t cap)
{
    ty_anchor_set set = {0};
    size_t n = 0;
    if (ty__anchors_extract(ctx, lang, text, strlen(text), &set) != TY_OK)
        return (size_t)-1;
    for (size_t i = 0; i < set.n; i++)
        if (set.v[i].kind == TY_ANCHOR_LATIN && n < cap)
            keys[n++] = set.v[i].key;
    ty__anchor_set_free(&set);
    qsort(keys, n, sizeof *keys, cmp_u32);
    return n;
}

/* Sorted by kind, then key, as ty__anchor_set_shared reads a set. */
static int set_sorted(const ty_anchor_set *s)
{
    for (size_t i = 1; i < s->n; i++)
        if (s->v[i - 1].kind > s->v[i].kind ||
            (s->v[i - 1].kind == s->v[i].kind && s->v[i - 1].key > s->v[i].key))
            return 0;
    return 1;
}

static size_t expected(const char *spec, uint32_t *keys, size_t cap)
{
    size_t n = 0;
    while (*spec && n < cap) {
        size_t len = strcspn(spec, " ");
        if (len)
            keys[n++] = ty__anchor_key(TY_ANCHOR_LATIN, spec, len);
        spec += len;
        while (*spec == ' ')
            spec++;
    }
    qsort(keys, n, sizeof *keys, cmp_u32);
    return n;
}

static const struct {
    ty_lang lang;
    const char *text, *want; /* the folded tokens, space-separated */
} tokens[] = {
    {TY_LANG_JA, "WPSを外交の柱に", "wps"},
    {TY_LANG_JA, "Ｇ７広島サミット", "g7"},
    {TY_LANG_JA, "ＡＳＥＡＮとＣＶ－２２", "asean cv-22 cv"},
    {TY_LANG_JA, "詳細はhttps://www.mofa.go.jp/press/をご覧ください。", "https://www.mofa.go.jp/press"},
    {TY_LANG_JA, "連絡先：press@mofa.go.jp。", "press@mofa.go.jp"},
    {TY_LANG_JA, "ＮＨＫの報道", "nhk"},
    {TY_LANG_JA, "大阪・関西万博（Expo 2025）", "expo"},
    {TY_LANG_JA, "2024年3月8日", ""},
    {TY_LANG_EN, "the G7's leaders", "the g7 leaders"},
    {TY_LANG_EN, "WPS, ASEAN and CV-22.", "wps asean and cv-22 cv"},
    {TY_LANG_EN, "after the J-League resumed", "after the j-league j league resumed"},
    {TY_LANG_EN, "see https://www.mofa.go.jp/press/.", "see https://www.mofa.go.jp/press"},
    {TY_LANG_EN, "Write to press@mofa.go.jp.", "write to press@mofa.go.jp"},
    {TY_LANG_EN, "the U.S. and 2024", "the u.s and"},
    {TY_LANG_EN, "Café Müller", "café müller"},
};

static const struct {
    const char *ja, *en;
    int share;
} pairs[] = {
    {"Ｇ７首脳", "G7 leaders", 1},
    {"ＷＰＳ", "Women, Peace and Security (WPS)", 1},
    {"NHKによれば", "according to NHK", 1},
    {"G7", "G20", 0},
    {"Ｊリーグ", "the J-League", 1},
    {"CV-22", "CV", 1},
    {"G7", "G-20", 0},
    /* the section headings of a press conference */
    {"質疑応答", "Question-and-Answer Session", 1},
    {"【質疑応答】", "Questions and Answers", 1},
    {"冒頭発言", "Opening Remarks", 1},
    {"冒頭発言", "Questions and Answers", 0},
    {"質疑応答", "Reporter: I have a question and an answer to check.", 0},
    {"冒頭発言", "That concludes my opening remarks.", 0},
    {"【記者】冒頭発言にあった支援について伺います。", "Opening Remarks", 0},
};

int main(void)
{
    ty_error err;
    uint32_t got[64], want[64];
    ty_anchor_set a = {0}, b = {0};

    if (ty__anchor_ctx_new(NULL, &ctx, &err) != TY_OK) {
        ty_ok(0, "context: %s", err.message);
        return ty_done();
    }
    for (size_t i = 0; i < sizeof tokens / sizeof *tokens; i++) {
        size_t ng = latin_keys(tokens[i].lang, tokens[i].text, got, 64);
        size_t nw = expected(tokens[i].want, want, 64);
        int same = ng == nw;
        for (size_t k = 0; same && k < ng; k++)
            same = got[k] == want[k];
        if (!ty_ok(same, "%s \"%s\" -> {%s}", tokens[i].lang == TY_LANG_JA ? "ja" : "en",
                   tokens[i].text, tokens[i].want))
            ty_diag("got %zu keys, want %zu", ng, nw);
    }
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        size_t na = latin_keys(TY_LANG_JA, pairs[i].ja, got, 64);
        size_t nb = latin_keys(TY_LANG_EN, pairs[i].en, want, 64);
        int shared = 0;
        for (size_t x = 0; x < na; x++)
            for (size_t y = 0; y < nb; y++)
                shared |= got[x] == want[y];
        ty_ok(shared == pairs[i].share, "\"%s\" and \"%s\" %s a Latin key", pairs[i].ja,
              pairs[i].en, pairs[i].share ? "share" : "do not share");
        /* the same through the sets as the aligner and the pair check read them: each one
         * sorted, the shared count a merge of the two */
        ty__anchors_extract(ctx, TY_LANG_JA, pairs[i].ja, strlen(pairs[i].ja), &a);
        ty__anchors_extract(ctx, TY_LANG_EN, pairs[i].en, strlen(pairs[i].en), &b);
        ty_ok(set_sorted(&a) && set_sorted(&b), "\"%s\" and \"%s\": sets sorted", pairs[i].ja,
              pairs[i].en);
        ty_is_int(ty__anchor_set_shared(&a, &b, TY_ANCHOR_LATIN) > 0, pairs[i].share,
                  "\"%s\" and \"%s\": shared count", pairs[i].ja, pairs[i].en);
        ty__anchor_set_free(&a);
        ty__anchor_set_free(&b);
    }

    /* sets: sorting (by kind, then key; duplicates kept) and shared counts */
    srand(7);
    for (int k = 0; k < 1000; k++)
        ty__anchor_set_push(&a, (uint8_t)(rand() % TY_ANCHOR_KINDS), (uint32_t)(rand() % 300));
    ty__anchor_set_sort(&a);
    int sorted = a.n == 1000;
    for (size_t i = 1; i < a.n; i++)
        sorted &= a.v[i - 1].kind < a.v[i].kind ||
                  (a.v[i - 1].kind == a.v[i].kind && a.v[i - 1].key <= a.v[i].key);
    ty_ok(sorted, "1000 random anchors sort by kind, then key");
    ty__anchor_set_free(&a);
    ty__anchor_set_push(&a, TY_ANCHOR_NUMBER, 5);
    ty__anchor_set_push(&a, TY_ANCHOR_NUMBER, 5);
    ty__anchor_set_push(&a, TY_ANCHOR_NAME, 9);
    ty__anchor_set_push(&a, TY_ANCHOR_LATIN, 9);
    ty__anchor_set_push(&b, TY_ANCHOR_NUMBER, 5);
    ty__anchor_set_push(&b, TY_ANCHOR_NAME, 9);
    ty__anchor_set_push(&b, TY_ANCHOR_NUMBER, 5);
    ty__anchor_set_push(&b, TY_ANCHOR_NUMBER, 5);
    ty__anchor_set_sort(&a);
    ty__anchor_set_sort(&b);
    ty_is_int((long long)ty__anchor_set_shared(&a, &b, TY_ANCHOR_NUMBER), 2,
              "shared numbers count as a multiset");
    ty_is_int((long long)ty__anchor_set_shared(&a, &b, TY_ANCHOR_NAME), 1, "shared names");
    ty_is_int((long long)ty__anchor_set_shared(&a, &b, TY_ANCHOR_LATIN), 0,
              "the same key of another kind is not shared");
    ty__anchor_set_free(&a);
    ty__anchor_set_free(&b);
    ty__anchor_set_free(NULL);

    /* extraction appends to what a set holds and sorts the whole */
    ty__anchors_extract(ctx, TY_LANG_EN, "Blinken met G7 leaders on March 8, 2024.", 40, &a);
    size_t first = a.n;
    ty__anchors_extract(ctx, TY_LANG_EN, "WPS 30 Gaza", 11, &a);
    sorted = a.n > first;
    for (size_t i = 1; i < a.n; i++)
        sorted &= a.v[i - 1].kind < a.v[i].kind ||
                  (a.v[i - 1].kind == a.v[i].kind && a.v[i - 1].key <= a.v[i].key);
    ty_ok(sorted, "a second extraction into the same set keeps it sorted (%zu + %zu keys)", first,
          a.n - first);
    ty__anchor_set_free(&a);

    /* awkward input */
    ty_is_int(ty__anchors_extract(ctx, TY_LANG_JA, "", 0, &a), TY_OK, "empty text");
    ty_is_int((long long)a.n, 0, "... gives no anchors");
    ty_is_int(ty__anchors_extract(ctx, TY_LANG_JA, NULL, 0, &a), TY_OK, "NULL text of length 0");
    ty_is_int(ty__anchors_extract(ctx, TY_LANG_EN, "\xff\xfe G7 \xc3", 7, &a), TY_OK,
              "invalid UTF-8 is read around");
    ty_ok(a.n == 1 && a.v[0].kind == TY_ANCHOR_LATIN, "... and G7 still found");
    ty__anchor_set_free(&a);
    size_t big = 3u * 1024 * 1024;
    char *text = malloc(big + 1);
    if (text) {
        for (size_t i = 0; i < big; i++)
            text[i] = "G7 12 Tokyo "[i % 12];
        text[big] = '\0';
        ty_is_int(ty__anchors_extract(ctx, TY_LANG_EN, text, big, &a), TY_OK,
                  "a 3 MB segment");
        ty_ok(a.n > 0 && a.n < big / 12 * 4, "... is read up to the cap (%zu keys)", a.n);
        ty__anchor_set_free(&a);
        free(text);
    }
    ty_is_int(ty__anchors_extract(NULL, TY_LANG_EN, "x", 1, &a), TY_ERR_INVALID, "no context");
    ty__anchor_ctx_free(ctx);
    ty__anchor_ctx_free(NULL);
    return ty_done();
}
