/*
 * phrase_tokens.c — the words of a text for phrase counting: ICU word boundaries (with ICU's
 * dictionary for Japanese), each word's normalized form (NFKC with case folding, as
 * ty_normalize does) and hash, the normalized gap to the next word, and flags from ICU
 * character properties (script, general category) that say where a phrase may start, end or
 * not continue. Also the n-gram hash chain and the Japanese phrase-boundary rule.
 * It does not count or choose anything (phrase.c, phrases.c do).
 *
 * Where an n-gram may not continue (TY__TOK_STOP): in Japanese, across anything between two
 * words (punctuation, brackets, spaces, symbols); in English, across anything but white space,
 * dashes, commas, '&' and '/' ("peace, stability and prosperity" is one n-gram; a full stop,
 * colon, bracket or quote ends it).
 *
 * Japanese boundaries: a phrase starts on a word that has a letter other than hiragana (Han,
 * katakana, Latin) and ends on a word without hiragana — never on a particle or an
 * inflection (基づく, 申し上げ: the phrases reported are terms, which end on a noun), nor on a
 * number or right next to one (1|月|10|日 holds no phrase: dates and counts are not
 * phrasing) — and does not end on a one-character Han word followed directly by hiragana that does
 * not begin with a case particle (の に を が は で と も へ や): that is a verb or adjective stem
 * whose ending ICU's dictionary split off (開|か|れ|た), while 法|の or 豪|の end a noun.
 * Nor does a phrase start on a suffix (関係者|等|の|分野, 佐藤|氏) or end on the tail of a list
 * (シェルター|等), nor start with a predicate: a verbal noun followed by a form of する
 * (発生|し|た|地震: the earthquake's place and time lie before it, outside the phrase).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

#include "consistency.h"
#include "base/error.h"

struct ty__tokenizer {
    ty_lang lang;
    UBreakIterator *bi;
    const UNormalizer2 *nfkc;
    UChar *u16;     /* the text in UTF-16 */
    int32_t *u8off; /* UTF-8 offset of each UTF-16 index (and of the end) */
    size_t ucap;
    UChar *nbuf; /* normalization output */
    size_t ncap;
    char *obuf; /* its UTF-8 */
    size_t ocap;
};

/* One-character Han words that lean on the word before them (suffixes: 関係者|等, 佐藤|氏,
 * 具体|的): a phrase does not start on one. */
static const UChar32 suffixes[] = {0x7b49, 0x6c0f, 0x69d8, 0x9054, 0x7684,
                                   0x6027, 0x5316, 0x8005, 0x969b};
/* One-character Han words that end a list or a count (シェルター|等, 国連|他): a phrase ending on
 * one is the tail of a longer list, not a term. */
static const UChar32 list_tails[] = {0x7b49, 0x4ed6};
/* The first characters of the forms of する that follow a verbal noun (発生|し|た, 滞在|する,
 * 発表|さ|れ|た, 実施|せ|ず). */
static const UChar32 suru_starts[] = {0x3057, 0x3059, 0x3055, 0x305b};

/* The first characters of Japanese case particles (see the top comment). */
static const UChar32 particle_starts[] = {0x306e, 0x306b, 0x3092, 0x304c, 0x306f,
                                          0x3067, 0x3068, 0x3082, 0x3078, 0x3084};

ty_status ty__tokenizer_new(ty_lang lang, ty__tokenizer **out, ty_error *err)
{
    UErrorCode e = U_ZERO_ERROR;
    ty__tokenizer *tk = calloc(1, sizeof *tk);

    *out = NULL;
    if (!tk)
        return ty__nomem(err);
    tk->lang = lang;
    tk->bi = ubrk_open(UBRK_WORD, lang == TY_LANG_JA ? "ja" : "en", NULL, 0, &e);
    if (U_SUCCESS(e))
        tk->nfkc = unorm2_getNFKCCasefoldInstance(&e);
    if (U_FAILURE(e)) {
        ty__tokenizer_free(tk);
        return ty__fail(err, TY_ERR_ICU, NULL, -1, -1, "cannot open the ICU word iterator: %s",
                        u_errorName(e));
    }
    *out = tk;
    return TY_OK;
}

void ty__tokenizer_free(ty__tokenizer *tk)
{
    if (!tk)
        return;
    if (tk->bi)
        ubrk_close(tk->bi);
    free(tk->u16);
    free(tk->u8off);
    free(tk->nbuf);
    free(tk->obuf);
    free(tk);
}

void ty__toks_free(ty__toks *t)
{
    free(t->v);
    free(t->norm);
    memset(t, 0, sizeof *t);
}

/* Decode text to UTF-16 with the UTF-8 offset of every UTF-16 index. Returns the length or -1
 * (out of memory). Ill-formed bytes become U+FFFD. */
static int32_t to_utf16(ty__tokenizer *tk, const char *text, size_t len)
{
    int32_t i = 0, n = 0;

    size_t cap = tk->ucap;

    if (ty__grow((void **)&tk->u16, &tk->ucap, len + 1, sizeof *tk->u16))
        return -1;
    if (!tk->u8off || cap != tk->ucap) {
        int32_t *off = realloc(tk->u8off, tk->ucap * sizeof *off);
        if (!off) {
            free(tk->u8off);
            tk->u8off = NULL;
            return -1;
        }
        tk->u8off = off;
    }
    while (i < (int32_t)len) {
        int32_t start = i;
        UChar32 c;
        U8_NEXT(text, i, (int32_t)len, c);
        if (c < 0)
            c = 0xfffd;
        tk->u8off[n] = start;
        if (U_IS_BMP(c)) {
            tk->u16[n++] = (UChar)c;
        } else {
            tk->u16[n] = U16_LEAD(c);
            tk->u16[n + 1] = U16_TRAIL(c);
            tk->u8off[n + 1] = start;
            n += 2;
        }
    }
    tk->u8off[n] = (int32_t)len;
    return n;
}

/* The BMP ranges whose characters normalization leaves alone (NFKC with case folding maps
 * each to itself, and each has a boundary before it: nothing before it composes with it, so
 * a run of them is its own normalization): the Japanese punctuation, kana and the unified
 * ideographs most texts are made of. The tests check them against ICU. */
static const uint16_t inert_ranges[][2] = {{0x3001, 0x3003}, {0x3005, 0x3011}, {0x3041, 0x3096},
                                           {0x309d, 0x309e}, {0x30a1, 0x30fa}, {0x30fc, 0x30fe},
                                           {0x4e00, 0x9fff}};

int ty__norm_kept(UChar32 c)
{
    if (c < 0x80)
        return !(c >= 'A' && c <= 'Z');
    for (size_t i = 0; i < sizeof inert_ranges / sizeof *inert_ranges; i++)
        if (c >= inert_ranges[i][0] && c <= inert_ranges[i][1])
            return 1;
    return 0;
}

/* The normalized form of src[0, n) into dst (room for 3 bytes a UTF-16 unit) when every
 * character of it is ASCII or kept (ty__norm_kept): capitals lowered, the rest as they are.
 * Returns its length in bytes, or -1 when a character needs ICU. */
static int32_t fast_norm(char *dst, const UChar *src, int32_t n, int fold_space)
{
    int32_t len = 0;

    for (int32_t i = 0; i < n; i++) {
        UChar c = src[i];
        if (c < 0x80) {
            if (fold_space && u_isUWhiteSpace(c)) {
                if (len == 0 || dst[len - 1] != ' ')
                    dst[len++] = ' ';
            } else {
                dst[len++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
            }
        } else if (c >= 0x3000 && ty__norm_kept(c)) {
            U8_APPEND_UNSAFE(dst, len, c);
        } else {
            return -1;
        }
    }
    return len;
}

/* Append the normalized form of u16[a, b) to out->norm; with `fold_space`, white-space runs
 * become one ' '. Returns 0, or -1 when out of memory. */
static int append_norm(ty__tokenizer *tk, ty__toks *out, int32_t a, int32_t b, int fold_space)
{
    UErrorCode e = U_ZERO_ERROR;
    const UChar *src = tk->u16 + a;
    int32_t n = b - a, m, len = 0;

    if (n <= 0)
        return 0;
    if (ty__grow((void **)&out->norm, &out->ncap, out->nlen + (size_t)n * 3 + 1, 1))
        return -1;
    if ((len = fast_norm(out->norm + out->nlen, src, n, fold_space)) >= 0) {
        out->nlen += (size_t)len;
        out->norm[out->nlen] = '\0';
        return 0;
    }
    len = 0;
    if (unorm2_spanQuickCheckYes(tk->nfkc, src, n, &e) == n && U_SUCCESS(e)) {
        m = n;
    } else {
        e = U_ZERO_ERROR;
        if (ty__grow((void **)&tk->nbuf, &tk->ncap, (size_t)n * 18 + 1, sizeof *tk->nbuf))
            return -1;
        m = unorm2_normalize(tk->nfkc, src, n, tk->nbuf, (int32_t)tk->ncap, &e);
        if (U_FAILURE(e))
            return -1;
        src = tk->nbuf;
    }
    if (ty__grow((void **)&tk->obuf, &tk->ocap, (size_t)m * 3 + 1, 1))
        return -1;
    for (int32_t i = 0; i < m;) {
        UChar32 c;
        U16_NEXT(src, i, m, c);
        if (fold_space && u_isUWhiteSpace(c)) {
            if (len == 0 || tk->obuf[len - 1] != ' ')
                tk->obuf[len++] = ' ';
            continue;
        }
        U8_APPEND_UNSAFE(tk->obuf, len, c);
    }
    if (ty__grow((void **)&out->norm, &out->ncap, out->nlen + (size_t)len + 1, 1))
        return -1;
    memcpy(out->norm + out->nlen, tk->obuf, (size_t)len);
    out->nlen += (size_t)len;
    out->norm[out->nlen] = '\0';
    return 0;
}

static int in_list(UChar32 c, const UChar32 *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (c == v[i])
            return 1;
    return 0;
}
#define IN_LIST(c, v) in_list(c, v, sizeof v / sizeof *v)

/* The flags of an ASCII word: it has letters when it has a letter or digit (Latin or Common
 * script, none of the Japanese flags apply). Returns -1 when s[0, n) is not all ASCII. */
static int32_t ascii_flags(const UChar *s, int32_t n)
{
    int32_t f = 0;
    for (int32_t i = 0; i < n; i++) {
        if (s[i] >= 0x80)
            return -1;
        if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
            (s[i] >= '0' && s[i] <= '9'))
            f = TY__TOK_LETTERS;
    }
    return f;
}

static uint32_t word_flags(const UChar *s, int32_t n)
{
    uint32_t f = TY__TOK_HIRA;
    int32_t i = 0, chars = 0, ascii = ascii_flags(s, n);
    UChar32 first = 0;

    if (ascii >= 0)
        return (uint32_t)ascii;

    while (i < n) {
        UErrorCode e = U_ZERO_ERROR;
        UChar32 c;
        UScriptCode sc;
        int kanji;
        U16_NEXT(s, i, n, c);
        sc = uscript_getScript(c, &e);
        kanji = sc == USCRIPT_HAN || sc == USCRIPT_KATAKANA;
        if (chars++ == 0) {
            first = c;
            if (kanji)
                f |= TY__TOK_KANJI_START;
        }
        if (kanji)
            f |= TY__TOK_KANJI_END;
        else
            f &= ~(uint32_t)TY__TOK_KANJI_END;
        if (sc != USCRIPT_HIRAGANA)
            f &= ~(uint32_t)TY__TOK_HIRA;
        else
            f |= TY__TOK_SOME_HIRA;
        if ((u_isalpha(c) && sc != USCRIPT_HIRAGANA) || u_isdigit(c))
            f |= TY__TOK_LETTERS;
    }
    if (chars == 1) {
        UErrorCode e = U_ZERO_ERROR;
        if (uscript_getScript(first, &e) == USCRIPT_HAN)
            f |= TY__TOK_HAN1;
    }
    if ((f & TY__TOK_HIRA) && IN_LIST(first, particle_starts))
        f |= TY__TOK_PARTICLE;
    if ((f & TY__TOK_HIRA) && IN_LIST(first, suru_starts))
        f |= TY__TOK_SURU;
    if ((f & TY__TOK_HAN1) && IN_LIST(first, suffixes))
        f |= TY__TOK_SUFFIX;
    if ((f & TY__TOK_HAN1) && IN_LIST(first, list_tails))
        f |= TY__TOK_LIST_TAIL;
    return f;
}

/* Whether the text between two words ends an n-gram (see the top comment). */
static int gap_stops(ty_lang lang, const UChar *s, int32_t n)
{
    int32_t i = 0;

    if (lang == TY_LANG_JA)
        return n > 0;
    while (i < n) {
        UChar32 c;
        U16_NEXT(s, i, n, c);
        if (u_isUWhiteSpace(c) || u_charType(c) == U_DASH_PUNCTUATION || c == ',' || c == '&' ||
            c == '/')
            continue;
        return 1;
    }
    return 0;
}

/* Record the word u16[a, b) (and nothing yet about its gap); `status` is ICU's rule status.
 * With `spans` only its place in the text and in the normalized text. */
static int add_word(ty__tokenizer *tk, ty__toks *out, int32_t a, int32_t b, int32_t status,
                    int spans)
{
    ty__tok *t;
    size_t ns = out->nlen;

    if (ty__grow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v) ||
        append_norm(tk, out, a, b, 0))
        return -1;
    t = &out->v[out->n++];
    memset(t, 0, sizeof *t);
    t->start = (uint32_t)tk->u8off[a];
    t->end = (uint32_t)tk->u8off[b];
    t->nstart = (uint32_t)ns;
    t->nend = (uint32_t)out->nlen;
    if (spans)
        return 0;
    t->nchars = (uint32_t)ty__utf8_chars(out->norm + ns, out->nlen - ns);
    t->hash = ty__tm_hash64(out->norm + ns, out->nlen - ns);
    t->flags = word_flags(tk->u16 + a, b - a);
    if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT)
        t->flags |= TY__TOK_NUMBER;
    return 0;
}

/* The gap u16[a, b) after the last word, up to the word that starts at b (with `spans`, its
 * normalized text only). */
static int add_gap(ty__tokenizer *tk, ty__toks *out, int32_t a, int32_t b, int spans)
{
    ty__tok *t = &out->v[out->n - 1];
    size_t ns = out->nlen;

    if (append_norm(tk, out, a, b, 1))
        return -1;
    if (spans)
        return 0;
    t->gap = ty__tm_hash64(out->norm + ns, out->nlen - ns);
    if (a == b)
        t->flags |= TY__TOK_JOINED;
    if (gap_stops(tk->lang, tk->u16 + a, b - a))
        t->flags |= TY__TOK_STOP;
    return 0;
}

/* ty__tokenize_words, or with `spans` ty__tokenize_spans. */
static ty_status tokenize(ty__tokenizer *tk, const char *text, size_t len, ty__toks *out, int spans,
                          ty_error *err)
{
    UErrorCode e = U_ZERO_ERROR;
    int32_t n, start, end, last_end = -1;

    out->n = 0;
    out->nlen = 0;
    if (len > TY__TOK_MAX_TEXT) {
        len = TY__TOK_MAX_TEXT;
        while (len > 0 && ((unsigned char)text[len] & 0xc0) == 0x80)
            len--;
    }
    if ((n = to_utf16(tk, text, len)) < 0 || ty__grow((void **)&out->norm, &out->ncap, 1, 1))
        return ty__nomem(err);
    out->norm[0] = '\0';
    ubrk_setText(tk->bi, tk->u16, n, &e);
    if (U_FAILURE(e))
        return ty__fail(err, TY_ERR_ICU, NULL, -1, -1, "ICU word iterator: %s", u_errorName(e));
    for (start = ubrk_first(tk->bi); (end = ubrk_next(tk->bi)) != UBRK_DONE; start = end) {
        int32_t status = ubrk_getRuleStatus(tk->bi);
        if (status < UBRK_WORD_NONE_LIMIT)
            continue; /* spaces, punctuation, symbols: part of a gap */
        if (last_end >= 0 && add_gap(tk, out, last_end, start, spans))
            return ty__nomem(err);
        if (add_word(tk, out, start, end, status, spans))
            return ty__nomem(err);
        last_end = end;
    }
    if (last_end >= 0 && !spans) {
        ty__tok *t = &out->v[out->n - 1];
        t->flags |= TY__TOK_STOP;
        t->gap = 0;
    }
    return TY_OK;
}

ty_status ty__tokenize_words(ty__tokenizer *tk, const char *text, size_t len, ty__toks *out,
                             ty_error *err)
{
    return tokenize(tk, text, len, out, 0, err);
}

ty_status ty__tokenize_spans(ty__tokenizer *tk, const char *text, size_t len, ty__toks *out,
                             ty_error *err)
{
    return tokenize(tk, text, len, out, 1, err);
}

uint64_t ty__ngram_first(const ty__tok *t)
{
    return ty__mix64(t->hash + 0x9e3779b97f4a7c15ull);
}

uint64_t ty__ngram_next(uint64_t h, const ty__tok *prev, const ty__tok *t)
{
    h = ty__mix64(h ^ (prev->gap + 0x632be59bd9b4e019ull));
    return ty__mix64(h ^ t->hash);
}

int ty__ja_bounded(const ty__toks *t, size_t i, size_t j)
{
    const ty__tok *a = &t->v[i], *b = &t->v[j];

    if (!(a->flags & TY__TOK_LETTERS) || !(b->flags & TY__TOK_LETTERS) ||
        (b->flags & TY__TOK_SOME_HIRA) || ((a->flags | b->flags) & TY__TOK_NUMBER) ||
        ((a->flags & TY__TOK_SOME_HIRA) && !(a->flags & TY__TOK_KANJI_START)))
        return 0;
    if ((i > 0 && (t->v[i - 1].flags & TY__TOK_JOINED) && (t->v[i - 1].flags & TY__TOK_NUMBER)) ||
        (j + 1 < t->n && (b->flags & TY__TOK_JOINED) && (t->v[j + 1].flags & TY__TOK_NUMBER)))
        return 0;
    if ((b->flags & TY__TOK_HAN1) && (b->flags & TY__TOK_JOINED) && j + 1 < t->n &&
        (t->v[j + 1].flags & TY__TOK_HIRA) && !(t->v[j + 1].flags & TY__TOK_PARTICLE))
        return 0;
    if ((a->flags & TY__TOK_SUFFIX) || (b->flags & TY__TOK_LIST_TAIL))
        return 0;
    if (i < j && (a->flags & TY__TOK_KANJI_END) && (a->flags & TY__TOK_JOINED) &&
        (t->v[i + 1].flags & TY__TOK_SURU))
        return 0;
    return 1;
}

int ty__ja_whole(const ty__toks *t, size_t i, size_t j)
{
    const uint32_t join = TY__TOK_JOINED | TY__TOK_KANJI_END;
    if (i > 0 && (t->v[i - 1].flags & join) == join && (t->v[i].flags & TY__TOK_KANJI_START))
        return 0;
    if (j + 1 < t->n && (t->v[j].flags & join) == join && (t->v[j + 1].flags & TY__TOK_KANJI_START))
        return 0;
    return 1;
}
