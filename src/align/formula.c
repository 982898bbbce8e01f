/*
 * formula.c — which segments are formulas a translation often leaves out: a greeting or
 * courtesy formula standing alone ("おはようございます。", "皆様、こんにちは。",
 * "よろしくお願いします。", "Good morning."), a reporter's self-introduction that only repeats
 * the speaker label ("【NHK　鈴木記者】NHKの鈴木です。"), a page's language switch or navigation
 * line ("Japanese", "日本語", "Press Conferences"), and a bracketed note ("[Translator's note:
 * …]").
 * Ministry transcripts drop these in the other language far more often than any other
 * sentence, and when a labelled one is dropped the label moves to the next sentence. The
 * aligner gives such a segment a higher probability of a 1:0 / 0:1 bead (opts.formula_drop)
 * and lets the segment after a labelled formula match a label on the other side (align.c).
 * The lists are general courtesy phrases of the genre, not taken from any document.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "align.h"

/* Courtesy formulas, compared with the segment's text once its label, white space, the final
 * punctuation and ASCII case are set aside. */
static const char *const ja_formulas[] = {
    "おはようございます", "こんにちは", "こんばんは", "よろしくお願いします",
    "よろしくお願いいたします", "よろしくお願い致します", "お願いします", "お願いいたします",
    "お願い致します", "ありがとうございます", "ありがとうございました", "どうもありがとうございます",
    "どうもありがとうございました", "失礼します", "失礼いたします", "どうも", "日本語", "英語", "english", NULL};
static const char *const en_formulas[] = {
    "good morning", "good afternoon", "good evening", "thank you", "thank you very much",
    "thanks", "thanks very much", "japanese", "english", "日本語", "press conferences",
    "press releases", "home", "top page", "back to top", "page top", NULL};
/* Forms of address that may open a greeting ("皆様、こんにちは。"). */
static const char *const ja_address[] = {"皆様、", "皆さま、", "皆さん、", "みなさん、", NULL};

/* The bytes of s[0, n) that count: leading and trailing white space and the trailing
 * sentence punctuation removed. */
static void trim(const char **s, size_t *n)
{
    const uint8_t *p = (const uint8_t *)*s;
    int32_t b = 0, e = *n > INT32_MAX ? INT32_MAX : (int32_t)*n;
    UChar32 c;

    while (b < e) {
        int32_t at = b;
        U8_NEXT(p, at, e, c);
        if (c < 0 || !u_isUWhiteSpace(c))
            break;
        b = at;
    }
    while (e > b) {
        int32_t at = e;
        U8_PREV(p, b, at, c);
        if (c < 0 || !(u_isUWhiteSpace(c) || c == '.' || c == '!' || c == 0x3002 ||
                       c == 0xFF01 || c == 0xFF0E || c == 0x2026))
            break;
        e = at;
    }
    *s += b;
    *n = (size_t)(e - b);
}

static int in_list(const char *const *list, const char *s, size_t n)
{
    for (size_t k = 0; list[k]; k++)
        if (strlen(list[k]) == n && strncasecmp(list[k], s, n) == 0)
            return 1;
    return 0;
}

/* Whether needle[0, n) occurs in hay[0, h). */
static int contains(const char *hay, size_t h, const char *needle, size_t n)
{
    if (n == 0 || n > h)
        return 0;
    for (size_t i = 0; i + n <= h; i++)
        if (memcmp(hay + i, needle, n) == 0)
            return 1;
    return 0;
}

/* "XのYです" / "Xです" where X and Y are in the label: a self-introduction. */
static int self_intro(const char *label, size_t ln, const char *s, size_t n)
{
    static const char desu[] = "です", no[] = "の";
    const size_t dn = sizeof desu - 1, nn = sizeof no - 1;

    if (n <= dn || memcmp(s + n - dn, desu, dn) != 0)
        return 0;
    n -= dn;
    if (contains(label, ln, s, n))
        return 1;
    for (size_t i = 1; i + nn < n; i++) /* every "の" that splits s into two label parts */
        if (memcmp(s + i, no, nn) == 0 && contains(label, ln, s, i) &&
            contains(label, ln, s + i + nn, n - i - nn))
            return 1;
    return 0;
}

int ty__formula(ty_lang lang, const ty_segment *seg)
{
    const char *s = seg->text;
    size_t n = seg->len;

    if (seg->label && seg->label_len <= n) {
        s += seg->label_len;
        n -= seg->label_len;
    }
    trim(&s, &n);
    if (lang == TY_LANG_EN && n >= 2 && s[0] == '[' && s[n - 1] == ']')
        return 1;
    if (n == 0 || n > 64)
        return 0;
    if (lang == TY_LANG_JA) {
        for (size_t k = 0; ja_address[k]; k++) {
            size_t a = strlen(ja_address[k]);
            if (n > a && memcmp(s, ja_address[k], a) == 0) {
                s += a;
                n -= a;
                break;
            }
        }
        return in_list(ja_formulas, s, n) ||
               (seg->label && self_intro(seg->label, seg->label_len, s, n));
    }
    return in_list(en_formulas, s, n);
}
