/*
 * cues.c — discourse cues the aligner reads from a segment's text: an enumeration marker
 * ("２点目です。", "１点目は、…についてです。", "まず、…" / "Secondly, …", "The first …"), which a
 * translation keeps on the sentence that carries the point even when it folds a short
 * Japanese announcement into the next sentence; a near-repetition of one of the few
 * segments before it on the same side (a speaker restating a sentence, a transcript's copy
 * error), which translations give once; and a quotation (「…」 / “…”), whose marks a translation
 * keeps. It does not score anything (score.c does).
 */
#define _GNU_SOURCE /* memmem */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "align.h"
#include "base/sort.h"

/* A repetition is looked for among this many segments before it, */
#define TY__REPEAT_WINDOW 4
/* in segments of at least this many characters (short formulas recur by nature), */
#define TY__REPEAT_MIN_CHARS 12
/* sharing at least this share of their character bigrams (Dice), or, in Japanese, holding
 * this share of its own bigrams in the earlier one. */
#define TY__REPEAT_DICE 0.8

/* The segment's text after its speaker label. */
static void body(const ty_segment *seg, const char **s, size_t *n)
{
    *s = seg->text;
    *n = seg->len;
    if (seg->label && seg->label_len <= seg->len) {
        *s += seg->label_len;
        *n -= seg->label_len;
    }
    while (*n && (unsigned char)**s < 0x80 && isspace((unsigned char)**s))
        (*s)++, (*n)--;
}

static int starts_with(const char *s, size_t n, const char *p)
{
    size_t k = strlen(p);
    return n >= k && memcmp(s, p, k) == 0;
}

/* Japanese: "N点目" anywhere (a digit in any script or a kanji numeral before it), "もう１点",
 * or a sentence that opens with まず、/次に、/最後に、/第N に、. */
static int enum_ja(const char *s, size_t n)
{
    static const char *const openers[] = {"まず、", "次に、", "最後に、", "第一に", "第二に",
                                          "第三に", NULL};
    static const char ten[] = "点目", mou[] = "もう";
    const uint8_t *p = (const uint8_t *)s;
    int32_t i = 0, end = n > INT32_MAX ? INT32_MAX : (int32_t)n, prev = -1;
    UChar32 c, last = 0;

    for (size_t k = 0; openers[k]; k++)
        if (starts_with(s, n, openers[k]))
            return 1;
    while (i < end) {
        int32_t at = i;
        U8_NEXT(p, i, end, c);
        if (c < 0)
            continue;
        if (c == 0x70B9 /* 点 */ && prev >= 0 &&
            (u_isdigit(last) || u_getNumericValue(last) != U_NO_NUMERIC_VALUE)) {
            if ((size_t)at + sizeof ten - 1 <= n && memcmp(s + at, ten, sizeof ten - 1) == 0)
                return 1;
            /* もう１点 */
            int32_t q = prev;
            if (q >= (int32_t)(sizeof mou - 1) &&
                memcmp(s + q - (sizeof mou - 1), mou, sizeof mou - 1) == 0)
                return 1;
        }
        prev = at;
        last = c;
    }
    return 0;
}

/* Whether word s[0, n) is one of list (ASCII case ignored). */
static int word_in(const char *s, size_t n, const char *const *list)
{
    for (size_t k = 0; list[k]; k++)
        if (strlen(list[k]) == n && strncasecmp(s, list[k], n) == 0)
            return 1;
    return 0;
}

/* English: a sentence that opens with an ordinal ("First,", "Secondly,", "Finally,", "The
 * second …"), or names a point by its rank ("… and the first one is about …", "my second
 * question is …"). */
static int enum_en(const char *s, size_t n)
{
    static const char *const ordinal[] = {"first", "second", "third", "fourth", "fifth",
                                          "last", NULL};
    static const char *const adverb[] = {"firstly", "secondly", "thirdly", "fourthly",
                                         "fifthly", "finally", "lastly", "next", NULL};
    static const char *const det[] = {"the", "my", "our", NULL};
    static const char *const point[] = {"one", "of", "question", "questions", "point",
                                        "points", "is", "concerns", "topic", "announcement",
                                        "issue", NULL};
    size_t b[3] = {0, 0, 0}, e[3] = {0, 0, 0}, w = 0;
    int words = 0;

    while (w < n) { /* a window of three words: determiner, ordinal, what it ranks */
        while (w < n && !isalpha((unsigned char)s[w]))
            w++;
        size_t from = w;
        while (w < n && isalpha((unsigned char)s[w]))
            w++;
        if (w == from)
            break;
        b[0] = b[1], e[0] = e[1], b[1] = b[2], e[1] = e[2], b[2] = from, e[2] = w;
        words++;
        if (words == 1 && (word_in(s + from, w - from, adverb) ||
                           (word_in(s + from, w - from, ordinal) && w < n && s[w] == ',')))
            return 1;
        if (words >= 3 && word_in(s + b[0], e[0] - b[0], det) &&
            word_in(s + b[1], e[1] - b[1], ordinal) && word_in(s + b[2], e[2] - b[2], point))
            return 1;
    }
    return 0;
}

/* What test `ja` or `en`, by the segment's language, says of its body. */
static int by_lang(ty_lang lang, const ty_segment *seg, int (*ja)(const char *, size_t),
                   int (*en)(const char *, size_t))
{
    const char *s;
    size_t n;

    body(seg, &s, &n);
    return lang == TY_LANG_JA ? ja(s, n) : en(s, n);
}

int ty__enum_marker(ty_lang lang, const ty_segment *seg)
{
    return by_lang(lang, seg, enum_ja, enum_en);
}

/* English: a sentence that points back to the one before it (see align.h): an auxiliary
 * then also ("… aircraft have also been …", "The Ministry will also …") adds to what the
 * sentence before said, however long its subject. */
static int continues_en(const char *s, size_t n)
{
    static const char *const first[] = {"this", "these", "it", "its", "they", "their", "such",
                                        "therefore", "thus", "accordingly", "however",
                                        "furthermore", "moreover", "also", "hence", NULL};
    static const char *const soon[] = {"also", "therefore", "this", "these", NULL};
    static const char *const phrases[] = {"at the same time", "in addition", "in this regard",
                                          "in that regard", "on the other hand", "as a result",
                                          "to this end", "for this reason", "in response",
                                          NULL};
    static const char *const aux[] = {"have", "has", "had", "will", "would", "is", "are", "was",
                                      "were", "can", "could", "should", "must", "may", NULL};
    size_t w = 0, prev = 0, prev_n = 0; /* the word before this one */

    for (size_t k = 0; phrases[k]; k++)
        if (n > strlen(phrases[k]) && strncasecmp(s, phrases[k], strlen(phrases[k])) == 0 &&
            s[strlen(phrases[k])] == ',')
            return 1;
    for (int words = 1; words <= 8 && w < n; words++) {
        while (w < n && !isalpha((unsigned char)s[w]))
            w++;
        size_t from = w;
        while (w < n && (isalpha((unsigned char)s[w]) || s[w] == '\''))
            w++;
        if (w == from)
            break;
        if (words <= 4 && ((words == 1 && word_in(s + from, w - from, first)) ||
                           word_in(s + from, w - from, soon)))
            return 1;
        if (w - from == 4 && strncasecmp(s + from, "also", 4) == 0 && prev_n &&
            word_in(s + prev, prev_n, aux))
            return 1;
        prev = from;
        prev_n = w - from;
    }
    return 0;
}

/* Japanese: a sentence that opens with a demonstrative (これ, この, こうした, その, それ) or
 * a connective (また、, さらに, 一方, すなわち, そのため, したがって, なお、, ただし, 同時に). */
static int continues_ja(const char *s, size_t n)
{
    static const char *const openers[] = {"これ", "この", "こうした", "こう", "その", "それ",
                                          "また、", "さらに", "更に", "一方", "すなわち",
                                          "したがって", "従って", "なお、", "ただし",
                                          "同時に", NULL};
    for (size_t k = 0; openers[k]; k++)
        if (starts_with(s, n, openers[k]))
            return 1;
    return 0;
}

int ty__continues(ty_lang lang, const ty_segment *seg)
{
    return seg->kind != TY_SEG_LINE && by_lang(lang, seg, continues_ja, continues_en);
}

/* ---- quotations ------------------------------------------------------------------------- */

/* Japanese: a span in 「…」 or 『…』. */
static int quotes_ja(const char *s, size_t n)
{
    static const char *const pairs[][2] = {{"「", "」"}, {"『", "』"}};

    for (size_t k = 0; k < 2; k++) {
        const char *o = memmem(s, n, pairs[k][0], 3);
        if (o && memmem(o + 3, (size_t)(s + n - (o + 3)), pairs[k][1], 3) > (const void *)(o + 3))
            return 1;
    }
    return 0;
}

/* The width of the quotation mark at s[0, left): 1 for " and ', 3 for “ ” ‘ ’, 0 for none;
 * *dbl tells which. */
static size_t quote_mark(const char *s, size_t left, int *dbl)
{
    if (s[0] == '"' || s[0] == '\'') {
        *dbl = s[0] == '"';
        return 1;
    }
    if (left >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
        (unsigned char)s[2] >= 0x98 && (unsigned char)s[2] <= 0x9D &&
        (unsigned char)s[2] != 0x9A && (unsigned char)s[2] != 0x9B) {
        *dbl = (unsigned char)s[2] >= 0x9C;
        return 3;
    }
    return 0;
}

/* English: a span in “…” or "…", or in ‘…’ or '…' that opens a word (after the start, a
 * space or a bracket, before a letter or digit) and closes one (after a letter, digit or
 * punctuation, before a non-letter): the apostrophes of "Japan’s" and "countries' " open
 * nothing. */
static int quotes_en(const char *s, size_t n)
{
    int open = 0; /* 1: in “ or ", 2: in ‘ or ' */

    for (size_t i = 0; i < n; i++) {
        int dbl = 0;
        size_t w;
        if (s[i] != '"' && s[i] != '\'' && (unsigned char)s[i] != 0xE2)
            continue;
        if (!(w = quote_mark(s + i, n - i, &dbl)))
            continue;
        unsigned char after = i + w < n ? (unsigned char)s[i + w] : ' ';
        unsigned char before = i ? (unsigned char)s[i - 1] : ' ';
        if (open == 1 && dbl)
            return 1;
        if (open == 2 && !dbl && !isalnum(after) && !isspace(before))
            return 1;
        if (!open && dbl && !isspace(after))
            open = 1;
        else if (!open && !dbl && isalnum(after) &&
                 (i == 0 || isspace(before) || before == '(' || before == '['))
            open = 2;
        i += w - 1;
    }
    return 0;
}

int ty__quotes(ty_lang lang, const ty_segment *seg)
{
    return by_lang(lang, seg, quotes_ja, quotes_en);
}

/* ---- repetitions ------------------------------------------------------------------------- */

/* The sorted distinct hashes of a segment's body tokens into out (at most cap); returns how
 * many. Japanese: character bigrams of letters and ideographs; English: words, ASCII
 * lowercased. A token with a digit has an odd hash, any other an even one. *chars counts the
 * letters seen. */
static size_t tokens(const ty_segment *seg, ty_lang lang, uint32_t *out, size_t cap,
                     size_t *chars)
{
    const char *s;
    size_t n, k = 0, w = 0;
    int32_t i = 0, end;
    UChar32 c, last = -1;
    uint32_t word = 2166136261u;
    int in_word = 0, digit = 0, last_digit = 0;

    body(seg, &s, &n);
    end = n > INT32_MAX ? INT32_MAX : (int32_t)n;
    *chars = 0;
    while (i <= end && k < cap) {
        if (i == end) {
            c = ' ';
            i++;
        } else {
            U8_NEXT((const uint8_t *)s, i, end, c);
        }
        int letter, is_digit;
        if (c >= 0 && c < 0x80) { /* ASCII: ICU's letters and digits (L, Nd) are these */
            is_digit = c >= '0' && c <= '9';
            letter = is_digit || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            c = tolower(c);
        } else {
            letter = c >= 0 && u_isalnum(c);
            is_digit = letter && u_isdigit(c);
        }
        if (lang == TY_LANG_EN) {
            if (letter) {
                word = (word ^ (uint32_t)c) * 16777619u;
                in_word = 1;
                digit |= is_digit;
                ++*chars;
            } else if (in_word) {
                out[k++] = (word & ~1u) | (uint32_t)digit;
                word = 2166136261u;
                in_word = digit = 0;
            }
            continue;
        }
        if (!letter) {
            last = -1;
            continue;
        }
        ++*chars;
        if (last >= 0)
            out[k++] = (((uint32_t)last * 2654435761u ^ (uint32_t)c) & ~1u) |
                       (uint32_t)(last_digit | is_digit);
        last = c;
        last_digit = is_digit;
    }
    ty__sort_u32(out, k);
    for (size_t r = 0; r < k; r++)
        if (w == 0 || out[r] != out[w - 1])
            out[w++] = out[r];
    return w;
}

#define TY__BIGRAMS_MAX 256

/* Whether a segment of `a` tokens that shares `shared` with an earlier one of `b` restates it:
 * their Dice coefficient, or in Japanese the share of the later one's tokens (a shorter
 * restatement of the earlier sentence's end, "…帰国を実現すべく、全力で取り組んでまいります。"
 * "…帰国を実現すべく、全力を尽くします。"); English words are too common for their containment
 * to tell. */
static int restates(size_t shared, size_t a, size_t b, int ja)
{
    return 2.0 * (double)shared >= TY__REPEAT_DICE * (double)(a + b) ||
           (ja && (double)shared >= TY__REPEAT_DICE * (double)a);
}

ty_status ty__mark_repeats(const ty_doc *doc, uint16_t *flags)
{
    size_t n = ty_doc_count(doc);
    uint32_t(*g)[TY__BIGRAMS_MAX] = malloc((TY__REPEAT_WINDOW + 1) * sizeof *g);
    size_t cnt[TY__REPEAT_WINDOW + 1] = {0}, chars;
    int ja = ty_doc_lang(doc) == TY_LANG_JA;

    if (!g)
        return TY_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        size_t slot = i % (TY__REPEAT_WINDOW + 1);
        const ty_segment *seg = ty_doc_segment(doc, i);
        cnt[slot] = tokens(seg, ty_doc_lang(doc), g[slot], TY__BIGRAMS_MAX, &chars);
        if (chars < TY__REPEAT_MIN_CHARS || seg->kind == TY_SEG_LINE) {
            cnt[slot] = 0;
            continue;
        }
        for (size_t back = 1; back <= TY__REPEAT_WINDOW && back <= i; back++) {
            size_t o = (i - back) % (TY__REPEAT_WINDOW + 1), x = 0, y = 0, shared = 0;
            size_t new_digits = 0;
            size_t most = cnt[slot] < cnt[o] ? cnt[slot] : cnt[o];
            /* they share at most the smaller count: a pair that could not restate even so
             * is not merged */
            if (!cnt[o] || !restates(most, cnt[slot], cnt[o], ja))
                continue;
            while (x < cnt[slot] && y < cnt[o]) {
                if (g[slot][x] < g[o][y])
                    new_digits += g[slot][x++] & 1;
                else if (g[o][y] < g[slot][x])
                    y++;
                else
                    shared++, x++, y++;
            }
            while (x < cnt[slot])
                new_digits += g[slot][x++] & 1;
            /* a number the earlier segment lacks is news, not a restatement */
            if (new_digits)
                continue;
            if (restates(shared, cnt[slot], cnt[o], ja)) {
                flags[i] |= TY__U_REPEAT;
                break;
            }
        }
    }
    free(g);
    return TY_OK;
}
