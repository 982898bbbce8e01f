/*
 * extract.c — the anchor context and ty__anchors_extract: decodes a segment once into code
 * points with ICU classes (chars.h), runs the number, Latin-token, name and lexicon
 * extractors over them, and sorts the keys. The Latin-token kind itself is here (G7, WPS,
 * CV-22, URLs, e-mail addresses, keyed NFKC-case-folded so Ｇ７ = G7, and the section
 * headings of a press conference, 質疑応答 = Questions and Answers); the anchor sets and
 * keys are in anchor_set.c. It does not weigh anything: the aligner decides what a shared
 * key is worth.
 */
#include "config.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "anchors.h"
#include "base/error.h"
#include "chars.h"
#include "lexicon.h"
#include "names.h"
#include "numbers.h"
#include "word_cache.h"

/* Only the first TY__MAX_SEGMENT bytes of a segment are read for anchors (a "segment" longer
 * than this is not a sentence, and its evidence would not change the alignment). */
#define TY__MAX_SEGMENT (256u * 1024u)
/* Runs of keys up to this long are sorted in the context's scratch array. */
#define TY__SORT_SCRATCH 1024

struct ty_anchor_ctx {
    const ty_lexicon *lexicon;
    ty__numbers *numbers;
    ty__names *names;
    ty__word_cache *stems; /* English words' lexicon keys */
    ty__chars chars;
    uint32_t scratch[TY__SORT_SCRATCH];
};

/* ---- decoding and classes ------------------------------------------------------------- */

static uint8_t classify(UChar32 c)
{
    UErrorCode e = U_ZERO_ERROR;
    UScriptCode sc;
    double v;

    if (c < 0)
        return TY__C_OTHER;
    if (u_charDigitValue(c) >= 0)
        return TY__C_DIGIT;
    if (u_isUWhiteSpace(c))
        return TY__C_SPACE;
    sc = uscript_getScript(c, &e);
    v = u_getNumericValue(c);
    if (sc == USCRIPT_HAN) {
        if (v != U_NO_NUMERIC_VALUE &&
            ((v >= 0 && v <= 10 && v == (int)v) || v == 100 || v == 1000 || v == 1e4 ||
             v == 1e8 || v == 1e12))
            return TY__C_KNUM;
        return TY__C_HAN;
    }
    if (v != U_NO_NUMERIC_VALUE && v >= 1 && v <= 50 && v == (int)v)
        return TY__C_NUMSYM;
    if (u_ispunct(c))
        return TY__C_PUNCT;
    if (sc == USCRIPT_HIRAGANA)
        return TY__C_HIRA;
    if (sc == USCRIPT_KATAKANA)
        return TY__C_KATA;
    if (sc == USCRIPT_COMMON && u_charType(c) == U_MODIFIER_LETTER &&
        uscript_hasScript(c, USCRIPT_KATAKANA))
        return TY__C_KATA; /* ー */
    if (sc == USCRIPT_LATIN && u_isalpha(c))
        return TY__C_LATIN;
    if (sc == USCRIPT_HAN || c == 0x3005)
        return TY__C_HAN;
    return TY__C_OTHER;
}

/* The class of each BMP code point, 0 = not computed yet: one table for the process, filled
 * as code points are met (a class depends on ICU's properties alone), so that a context costs
 * nothing to create. Two threads meeting a code point at once store the same value. */
static _Atomic uint8_t bmp_class[0x10000];

static uint8_t class_of(UChar32 c)
{
    if (c >= 0 && c < 0x80) {
        if (c >= '0' && c <= '9')
            return TY__C_DIGIT;
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            return TY__C_LATIN;
        if (c == ' ' || (c >= 0x09 && c <= 0x0d))
            return TY__C_SPACE;
    }
    if (c >= 0 && c <= 0xffff) {
        uint8_t k = atomic_load_explicit(&bmp_class[c], memory_order_relaxed);
        if (!k) {
            k = classify(c);
            atomic_store_explicit(&bmp_class[c], k, memory_order_relaxed);
        }
        return k;
    }
    return classify(c);
}

static ty_status decode(ty_anchor_ctx *ctx, const char *text, size_t len)
{
    ty__chars *t = &ctx->chars;
    int32_t i = 0, n;

    if (len > TY__MAX_SEGMENT)
        len = TY__MAX_SEGMENT;
    if (len + 1 > t->cap) {
        size_t cap = len + 1 < 256 ? 256 : len + 1;
        UChar32 *cp = realloc(t->cp, cap * sizeof *cp);
        if (cp)
            t->cp = cp;
        uint32_t *off = realloc(t->off, (cap + 1) * sizeof *off);
        if (off)
            t->off = off;
        uint8_t *cls = realloc(t->cls, cap * sizeof *cls);
        if (cls)
            t->cls = cls;
        double *num = realloc(t->num, cap * sizeof *num);
        if (num)
            t->num = num;
        if (!cp || !off || !cls || !num)
            return TY_ERR_NOMEM;
        t->cap = cap;
    }
    n = (int32_t)len;
    t->text = text;
    t->n = 0;
    while (i < n) {
        UChar32 c;
        uint8_t k;
        t->off[t->n] = (uint32_t)i;
        U8_NEXT(text, i, n, c);
        k = class_of(c);
        t->cp[t->n] = c;
        t->cls[t->n] = k;
        if (k == TY__C_DIGIT)
            t->num[t->n] = u_charDigitValue(c);
        else if (k == TY__C_KNUM || k == TY__C_NUMSYM)
            t->num[t->n] = u_getNumericValue(c);
        else
            t->num[t->n] = -1;
        t->n++;
    }
    t->off[t->n] = (uint32_t)n;
    return TY_OK;
}

/* ---- Latin tokens --------------------------------------------------------------------- */

/* A character that may join two parts of one token (CV-22, U.S, mofa.go.jp, a@b, x/y). */
static int is_joiner(UChar32 c)
{
    switch (c) {
    case '-': case '_': case '.': case '@': case '/': case ':': case '&': case '+': case '\'':
    case 0xff0d: case 0xff3f: case 0xff0e: case 0xff20: case 0xff0f: case 0xff1a: case 0xff06:
    case 0xff0b: case 0x2010: case 0x2011:
        return 1;
    default:
        return 0;
    }
}

static int is_alnum_class(uint8_t k)
{
    return k == TY__C_LATIN || k == TY__C_DIGIT;
}

/* A URL starting at i ("http://", "https://"): its end, through ASCII graphic characters,
 * without trailing punctuation or slash; 0 when there is none. */
static size_t url_end(const ty__chars *t, size_t i)
{
    static const char *const schemes[] = {"http://", "https://"};
    for (size_t s = 0; s < 2; s++) {
        size_t k = 0, j;
        while (schemes[s][k] && i + k < t->n && (t->cp[i + k] | 0x20) == schemes[s][k])
            k++;
        if (schemes[s][k])
            continue;
        j = i + k;
        while (j < t->n && t->cp[j] > 0x20 && t->cp[j] < 0x7f && t->cp[j] != '<' &&
               t->cp[j] != '>' && t->cp[j] != '"')
            j++;
        while (j > i + k && strchr(".,;:!?)]}'/", (int)t->cp[j - 1]))
            j--;
        return j > i + k ? j : 0;
    }
    return 0;
}

/* The end of the token starting at i (a URL, or alphanumeric runs joined by is_joiner);
 * *letters counts its Latin letters. */
static size_t token_end(const ty__chars *t, size_t i, size_t *letters)
{
    size_t j = (t->cp[i] | 0x20) == 'h' ? url_end(t, i) : 0;

    *letters = j > 0;
    if (j > 0)
        return j;
    j = i;
    while (j < t->n) {
        if (is_alnum_class(t->cls[j])) {
            *letters += t->cls[j] == TY__C_LATIN;
            j++;
        } else if (is_joiner(t->cp[j]) && j + 1 < t->n && is_alnum_class(t->cls[j + 1])) {
            j++;
        } else {
            break;
        }
    }
    return j;
}

/* Key one folded token, unless it has no letter (numbers are the number kind's). */
static ty_status push_token(const char *s, size_t n, ty_anchor_set *out)
{
    for (size_t k = 0; k < n; k++)
        if ((unsigned char)s[k] >= 0x80 || ((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z'))
            return ty__anchor_set_push(out, TY_ANCHOR_LATIN, ty__anchor_key(TY_ANCHOR_LATIN, s, n));
    return TY_OK;
}

static ty_status latin_tokens(const ty__chars *t, ty_anchor_set *out)
{
    char buf[TY__MAX_TOKEN + 1];
    size_t i = 0;

    while (i < t->n) {
        size_t j, letters, n;
        if (!is_alnum_class(t->cls[i])) {
            i++;
            continue;
        }
        j = token_end(t, i, &letters);
        if (letters > 0) {
            ty_status st;
            n = ty__fold_utf8(t->cp + i, j - i, buf, sizeof buf);
            /* a possessive is not part of the name: Japan's, G7's */
            if (n > 2 && buf[n - 2] == '\'' && buf[n - 1] == 's')
                n -= 2;
            if ((st = push_token(buf, n, out)) != TY_OK)
                return st;
            /* the parts of a hyphenated token too: Ｊリーグ ~ J-League */
            if (memchr(buf, '-', n) && !memchr(buf, '/', n) && !memchr(buf, '@', n)) {
                for (size_t a = 0, b; a < n; a = b + 1) {
                    b = a;
                    while (b < n && buf[b] != '-')
                        b++;
                    if ((st = push_token(buf + a, b - a, out)) != TY_OK)
                        return st;
                }
            }
        }
        i = j;
    }
    return TY_OK;
}

/* ---- section headings ------------------------------------------------------------------ */

/* The sections of a press conference, which transcripts head in both languages ("冒頭発言" /
 * "Opening Remarks", "質疑応答" / "Questions and Answers"): a heading, the section's name and
 * at most TY__SECTION_EXTRA more bytes ("Question-and-Answer Session", "【冒頭発言】"), gets
 * the section's Latin key, which no token can have. A sentence that names a section ("…in your
 * opening remarks.") does not. */
#define TY__SECTION_EXTRA 10
static const struct {
    const char *key, *ja, *const en[3];
} sections[] = {
    {"\x01opening", "冒頭発言", {"opening remarks", "opening statement", NULL}},
    {"\x01qa", "質疑応答", {"question-and-answer", "questions and answers", "question and answer"}},
};

static int holds_heading(const char *low, size_t n, const char *name)
{
    size_t k = strlen(name);
    return n <= k + TY__SECTION_EXTRA && strstr(low, name) != NULL;
}

static ty_status section_keys(ty_lang lang, const char *text, size_t len, ty_anchor_set *out)
{
    char low[64];

    if (len >= sizeof low)
        return TY_OK;
    for (size_t k = 0; k < len; k++)
        low[k] = (char)((text[k] >= 'A' && text[k] <= 'Z') ? text[k] + 32 : text[k]);
    low[len] = '\0';
    for (size_t s = 0; s < sizeof sections / sizeof *sections; s++) {
        int hit = lang == TY_LANG_JA && holds_heading(low, len, sections[s].ja);
        for (size_t e = 0; lang != TY_LANG_JA && e < 3 && sections[s].en[e] && !hit; e++)
            hit = holds_heading(low, len, sections[s].en[e]);
        if (hit)
            return ty__anchor_set_push(
                out, TY_ANCHOR_LATIN,
                ty__anchor_key(TY_ANCHOR_LATIN, sections[s].key, strlen(sections[s].key)));
    }
    return TY_OK;
}

/* ---- the context and the extraction ---------------------------------------------------- */

ty_status ty__anchor_ctx_new(const ty_lexicon *lexicon, ty_anchor_ctx **out, ty_error *err)
{
    ty_anchor_ctx *ctx;
    ty_status st;

    *out = NULL;
    ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return ty__nomem(err);
    ctx->lexicon = lexicon;
    st = ty__numbers_new(&ctx->numbers, err);
    if (st)
        goto fail;
    st = ty__names_new(&ctx->names, err);
    if (st)
        goto fail;
    *out = ctx;
    return TY_OK;
fail:
    ty__anchor_ctx_free(ctx);
    return st;
}

void ty__anchor_ctx_free(ty_anchor_ctx *ctx)
{
    if (!ctx)
        return;
    ty__numbers_free(ctx->numbers);
    ty__names_free(ctx->names);
    ty__word_cache_free(ctx->stems);
    free(ctx->chars.cp);
    free(ctx->chars.off);
    free(ctx->chars.cls);
    free(ctx->chars.num);
    free(ctx);
}

/* Sort the keys an extractor just appended (from *mark on); returns its status. */
static ty_status sorted_run(ty_anchor_set *out, ty_status st, size_t *mark, uint32_t *scratch)
{
    if (out->n > *mark)
        ty__anchor_sort_range(out->v + *mark, out->n - *mark, scratch, TY__SORT_SCRATCH);
    *mark = out->n;
    return st;
}

const struct ty__chars *ty__anchors_decode(ty_anchor_ctx *ctx, const char *text, size_t len)
{
    if (!ctx || (!text && len) || decode(ctx, text ? text : "", len) != TY_OK)
        return NULL;
    return &ctx->chars;
}

ty_status ty__anchors_numbers(ty_anchor_ctx *ctx, ty_lang lang, const char *text, size_t len,
                              ty_anchor_set *out)
{
    ty_status st;

    if (!ctx || !out || (!text && len))
        return TY_ERR_INVALID;
    st = decode(ctx, text ? text : "", len);
    if (!st)
        st = ty__numbers_extract(ctx->numbers, lang, &ctx->chars, out);
    if (!st)
        ty__anchor_sort_range(out->v, out->n, ctx->scratch, TY__SORT_SCRATCH);
    return st;
}

ty_status ty__anchors_extract(ty_anchor_ctx *ctx, ty_lang lang, const char *text, size_t len,
                              ty_anchor_set *out)
{
    ty_status st;
    size_t start, mark;
    uint32_t *scratch;

    if (!ctx || !out || (!text && len))
        return TY_ERR_INVALID;
    start = mark = out->n;
    scratch = ctx->scratch;
    st = decode(ctx, text ? text : "", len);
    /* kind by kind, in the order of ty_anchor_kind, each run sorted alone: a set that was
     * empty is then sorted as a whole. Every Latin token counts (the aligner drops the keys
     * only one side has). */
    if (!st)
        st = sorted_run(out, ty__numbers_extract(ctx->numbers, lang, &ctx->chars, out), &mark, scratch);
    if (!st) { /* the section keys are Latin keys: one run with the tokens */
        st = latin_tokens(&ctx->chars, out);
        if (!st)
            st = section_keys(lang, text ? text : "", len, out);
        st = sorted_run(out, st, &mark, scratch);
    }
    if (!st && ctx->lexicon)
        st = sorted_run(out, ty__lexicon_extract(ctx->lexicon, lang, &ctx->chars, &ctx->stems, out),
                        &mark, scratch);
    if (!st)
        st = sorted_run(out, ty__names_extract(ctx->names, lang, &ctx->chars, out), &mark, scratch);
    if (start > 0)
        ty__anchor_sort_range(out->v, out->n, scratch, TY__SORT_SCRATCH);
    return st;
}
