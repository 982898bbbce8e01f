/*
 * segment.c — sentence segmentation. ICU's sentence break iterator ("ja", and plain "en":
 * our abbreviation rules replace en@ss=standard, whose suppressions also swallowed real
 * sentence ends such as "... Nagatsune GOJO. It was ..."), opened once per segmenter and
 * run paragraph by paragraph over UTF-16 in a reused buffer, proposes boundaries; the rules
 * below accept or veto them, and add the ones ICU does not see:
 *   - paragraphs (blank-line separated) and lines without sentence-final punctuation
 *     (headings, date lines, list items) end segments; other line breaks are joined;
 *   - no break inside a matched pair of brackets or quotes, and none inside or right after
 *     a speaker label (【上川外務大臣】, "Minister Kamikawa:") that begins a line;
 *   - after an abbreviation or an initial a sentence ends only when the next word is one
 *     that starts sentences; after '.' never before a lower-case letter on the same line;
 *   - Japanese: "…" ends a sentence, a particle after a closing quote does not start one;
 *   - legal headings ("Article 5.") end at their number.
 * It does not decode (text/text.c) nor store text (doc.c builds the document).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "abbrev.h"
#include "window.h"
#include "doc.h"
#include "base/error.h"
#include "base/alloc.h"
#include "base/sort.h"
#include "base/unicode.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <tmmintrin.h>
#define TY_HAVE_SSSE3_PATH 1
#endif

/* A bracket pair spanning more bytes than this does not hold breaks (a stray bracket must
 * not swallow a paragraph). */
#define MAX_PAIR_SPAN 3000
/* Open brackets remembered while matching (older ones are forgotten). */
#define MAX_OPEN 64
/* A speaker label is at most this many bytes. */
#define MAX_LABEL 160
/* Paragraphs up to this many bytes are handed to ICU as UTF-16. */
#define MAX_U16_PARA ((size_t)1 << 22)
/* An English label has at most this many words. */
#define MAX_LABEL_WORDS 10
/* A paragraph of more lines than this is decided in parts (paragraph_part), each ending an
 * eighth of this before the last line read (tests set it smaller: ty__segmenter_set_window). */
#define WINDOW_LINES 65536

/* Positions in a paragraph's work areas are 32-bit (a text is at most INT32_MAX bytes: ICU's
 * limit), and a line is 8 bytes (its end is where the next line's break begins: end_of_line), so
 * that a paragraph of many short lines costs little more than its text. */
struct line {
    uint32_t start; /* the line, without its line break, is [start, end_of_line) */
    uint32_t label; /* bit 31: a segment ends with this line ("hard"); bits 0-30: the end of the
                       speaker label at the line's start, from `start`, or 0 */
};
#define LINE_HARD 0x80000000u

struct span {
    uint32_t open, close; /* a matched pair: open bracket at `open`, closer ends at `close` */
};

struct ty_segmenter {
    ty_lang lang;
    UBreakIterator *bi;
    UText *ut;
    ty__abbrevs *abbrevs;
    /* per-paragraph work areas, reused across paragraphs and texts */
    UChar *u16;
    size_t u16cap;
    int32_t ulen;   /* units in u16 (to_utf16), or -1: the paragraph is read through ut */
    int u16_bad;    /* u16 holds U+FFFD for ill-formed UTF-8: offsets are found by decoding */
    uint32_t *hot;  /* where brackets and quotes may be (to_utf16), as match_brackets scans */
    size_t nhot, hotcap;
    struct line *lines;
    size_t nlines, linecap;
    size_t last_end; /* the end of the paragraph's last line */
    struct span *pairs;
    size_t npairs, paircap;
    uint32_t *cands; /* candidate boundaries */
    size_t ncands, candcap;
    size_t window_lines; /* WINDOW_LINES, or what a test set */
    size_t window;       /* the lines a paragraph may gather before paragraph_part decides some */
    int ssse3;           /* the processor has SSSE3 (to_utf16's five characters a step) */
};

/* One run of ty_segment_text (segments into a document) or ty_segment_each (segments handed
 * to a callback one at a time). */
struct run {
    ty_segmenter *seg;
    const char *s;
    size_t len;
    ty_doc *doc;       /* ty_segment_text */
    ty_segment_fn fn;  /* ty_segment_each */
    void *ud;
    char *buf;         /* ty_segment_each: the segment's joined text */
    size_t bufcap;
    int borrow;        /* ty_segment_each: a segment on one line is handed over in place */
    size_t para;      /* index of the next paragraph */
    const char *name; /* the text's name, for messages */
    ty_error *err;
    /* where the next '\r', '.' and 0xE2 bytes are (seek_byte) */
    struct seek {
        size_t from, at; /* no such byte in [from, at); at `at` one (hit) or not yet looked */
        int hit;
    } cr, dot, e2;
};

/* seek_byte looks this far ahead at least: far enough that a byte rare in the text is looked
 * for once in many lines or paragraphs, near enough that the bytes it reads are still in the
 * cache when the lines are segmented. */
#define SEEK_AHEAD ((size_t)1 << 16)

/* The first byte c in s[i, lim) of the run's text (i <= lim <= len), or lim when there is none.
 * *k remembers the last search, which looked at least SEEK_AHEAD bytes ahead, so that a byte
 * that is rare in the text is not looked for line by line or paragraph by paragraph. */
static size_t seek_byte(const struct run *r, struct seek *k, int c, size_t i, size_t lim)
{
    const char *p;
    size_t end;

    if (i >= k->from && i <= k->at && (k->hit || lim <= k->at))
        return k->at < lim ? k->at : lim;
    end = r->len - i > SEEK_AHEAD ? i + SEEK_AHEAD : r->len;
    if (end < lim)
        end = lim;
    p = end > i ? memchr(r->s + i, c, end - i) : NULL;
    k->from = i;
    k->hit = p != NULL;
    k->at = p ? (size_t)(p - r->s) : end;
    return k->at < lim ? k->at : lim;
}

/* ---- characters ------------------------------------------------------------------------ */

static int is_upper_ascii(unsigned char c)
{
    return c >= 'A' && c <= 'Z';
}

static int is_alpha_ascii(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static int is_digit_ascii(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int isalnum_ascii(unsigned char c)
{
    return is_alpha_ascii(c) || is_digit_ascii(c);
}

/* Whether c opens (1) or closes (-1) a bracket or quote, and its pair id in *id. */
static int bracket(UChar32 c, int *id)
{
    static const UChar32 pairs[][2] = {
        {0x300C, 0x300D}, /* 「」 */ {0x300E, 0x300F}, /* 『』 */ {0xFF08, 0xFF09}, /* （） */
        {'(', ')'},       {0xFF3B, 0xFF3D}, /* ［］ */ {'[', ']'},
        {0x201C, 0x201D}, /* “” */ {0x3010, 0x3011}, /* 【】 */ {0x3008, 0x3009}, /* 〈〉 */
        {0x300A, 0x300B}, /* 《》 */ {0x3014, 0x3015}, /* 〔〕 */ {0xFF5B, 0xFF5D}, /* ｛｝ */
    };
    for (int k = 0; k < (int)(sizeof pairs / sizeof pairs[0]); k++) {
        if (c == pairs[k][0] || c == pairs[k][1]) {
            *id = k;
            return c == pairs[k][0] ? 1 : -1;
        }
    }
    return 0;
}

static int is_opener(UChar32 c)
{
    int8_t t;
    if (c == '"' || c == '\'')
        return 1;
    t = u_charType(c);
    return t == U_START_PUNCTUATION || t == U_INITIAL_PUNCTUATION;
}

/* ICU counts opening brackets right after sentence-final punctuation as part of the
 * sentence ("。|「" becomes "。「|"): move such a boundary back before them. */
static size_t before_openers(const char *s, size_t a, size_t b)
{
    while (b > a) {
        size_t n;
        UChar32 c;
        int8_t t;
        /* the usual characters before a boundary without ICU's property lookup: ASCII (whose
         * only openers are ( [ {) and 。 */
        if ((unsigned char)s[b - 1] < 0x80) {
            if (s[b - 1] != '(' && s[b - 1] != '[' && s[b - 1] != '{')
                break;
            b--;
            continue;
        }
        if (b >= a + 3 && !memcmp(s + b - 3, "\xE3\x80\x82", 3))
            break;
        c = ty__char_before(s, b, &n);
        t = c < 0 ? 0 : u_charType(c);
        if (t != U_START_PUNCTUATION && t != U_INITIAL_PUNCTUATION)
            break;
        b -= n;
    }
    return b;
}

/* Whether the character at s[i] (i < end) is surely neither white space nor one of
 * ty__invisible_len's, by its first bytes alone: printable ASCII, or a lead byte that none of
 * them has (only C2, E1, E2, EF and E3 80 80, U+3000, lead non-ASCII ones). */
static inline int surely_visible(const unsigned char *u, size_t i, size_t end)
{
    unsigned char c = u[i];
    return (c > ' ' && c < 0x80) || (c >= 0xC3 && c <= 0xDF) || (c >= 0xE4 && c <= 0xEE) ||
           c >= 0xF0 || (c == 0xE3 && i + 2 < end && (u[i + 1] != 0x80 || u[i + 2] != 0x80));
}

/* Start of the white space and invisible characters that end s[a, b) (b itself when none). */
static size_t trim_back(const char *s, size_t a, size_t b)
{
    while (b > a) {
        unsigned char c = (unsigned char)s[b - 1];
        size_t n;
        UChar32 cp;
        if (c < 0x80) {
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v')
                break;
            b--;
            continue;
        }
        /* a three-byte character that surely_visible clears (its trail bytes checked, as
         * ty__char_before would) */
        if (b - a >= 3 && ((unsigned char)s[b - 2] & 0xC0) == 0x80 && (c & 0xC0) == 0x80 &&
            (unsigned char)s[b - 3] >= 0xE3 && (unsigned char)s[b - 3] <= 0xEE &&
            surely_visible((const unsigned char *)s, b - 3, b))
            break;
        if (b - a >= 3 && ty__invisible_len(s, b, b - 3)) {
            b -= 3;
            continue;
        }
        cp = ty__char_before(s, b, &n);
        if (cp < 0 || !ty__white_space(cp))
            break;
        b -= n;
    }
    return b;
}

static size_t skip_space(const char *s, size_t i, size_t end)
{
    size_t n;
    while (i < end && !surely_visible((const unsigned char *)s, i, end) &&
           ((n = ty__space_len(s, end, i)) > 0 || (n = ty__invisible_len(s, end, i)) > 0))
        i += n;
    return i;
}

/* ---- brackets -------------------------------------------------------------------------- */

/* Whether the character at s[i] (i < b, lead byte E2, E3 or EF) may be a bracket or quote of
 * bracket():
 * U+2018–201D (E2 80 98–9D), U+3008–3015 (E3 80 88–95), （）［］ (EF BC 88/89/BB/BD) and
 * ｛｝ (EF BD 9B/9D). Otherwise *n is the length of the character to skip (1 for a byte
 * that is not a well-formed sequence). Byte tests only: this runs on many characters. */
static int bracket_bytes(const char *s, size_t i, size_t b, size_t *n)
{
    const unsigned char *u = (const unsigned char *)s + i;

    *n = 1;
    if (i + 3 > b || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80)
        return 0;
    *n = 3;
    switch (u[0]) {
    case 0xE2: return u[1] == 0x80 && u[2] >= 0x98 && u[2] <= 0x9D;
    case 0xE3: return u[1] == 0x80 && u[2] >= 0x88 && u[2] <= 0x95;
    case 0xEF:
        return (u[1] == 0xBC && (u[2] == 0x88 || u[2] == 0x89 || u[2] == 0xBB || u[2] == 0xBD)) ||
               (u[1] == 0xBD && (u[2] == 0x9B || u[2] == 0x9D));
    default: return 0;
    }
}

/* Whether the quote mark s[i, i+n) of s[a, b) opens (1: after white space or an opening
 * bracket, before a non-space), closes (-1: after a non-space, before white space,
 * punctuation or the end), or neither (0: an apostrophe, as in "Japan's"). */
static int quote_dir(const char *s, size_t a, size_t b, size_t i, size_t n)
{
    UChar32 prev = -1, next = -1;
    size_t m;
    int after_space, before_space;

    if (i > a)
        prev = ty__char_before(s, i, &m);
    if (i + n < b)
        next = ty__char_at(s, b, i + n, &m);
    after_space = prev < 0 || ty__white_space(prev) || is_opener(prev);
    before_space = next < 0 || ty__white_space(next);
    if (after_space && !before_space)
        return 1;
    if (!after_space && (before_space || !u_isalnum(next)))
        return -1;
    return 0;
}

/* A byte that every bracket or quote contains: the ASCII ones themselves (1), the second
 * byte of the others (2: E2 80 .., E3 80 .., EF BC .., EF BD ..). match_brackets looks only
 * at these, without decoding characters. */
static const unsigned char hot[256] = {['"'] = 1, ['\''] = 1, ['('] = 1, [')'] = 1,
                                       ['['] = 1, [']'] = 1, [0x80] = 2, [0xBC] = 2,
                                       [0xBD] = 2};

/* Matched pairs of s[a, b), outermost only, sorted. A closer pairs with the nearest open
 * bracket of its kind (open brackets above it are left unmatched); straight double quotes
 * open after white space or an opening bracket and close elsewhere. The hot bytes are the
 * ones to_utf16 found when it converted the paragraph (`listed`), or else found here, skipping
 * the other bytes in a loop of its own. */
static int match_brackets(ty_segmenter *seg, const char *s, size_t a, size_t b, int listed)
{
    struct {
        size_t at;
        int id;
    } open[MAX_OPEN];
    int nopen = 0;
    const unsigned char *u = (const unsigned char *)s;
    size_t next = 0;

    seg->npairs = 0;
    for (size_t j = a; j < b; j++) {
        unsigned char c;
        size_t i, n = 1, close;
        UChar32 cp;
        int id = -1, dir, k;

        if (listed) {
            while (next < seg->nhot && seg->hot[next] < j)
                next++;
            if (next == seg->nhot)
                break;
            j = seg->hot[next++];
        } else {
            while (j < b && !hot[u[j]])
                j++;
            if (j == b)
                break;
        }
        i = j;
        cp = c = u[j];
        if (hot[c] == 2) { /* the character starts one byte before */
            if (j == a || !bracket_bytes(s, j - 1, b, &n))
                continue;
            i = j - 1;
            c = u[i];
        }
        if (c == '"' || c == '\'') {
            id = c == '"' ? 100 : 101;
            dir = quote_dir(s, a, b, i, 1);
        } else if (c == '(' || c == ')' || c == '[' || c == ']') {
            dir = bracket(cp, &id);
        } else {
            cp = ty__char_at(s, b, i, &n);
            if (cp == 0x2018 || cp == 0x2019) { /* ‘’, and ’ is also the apostrophe */
                id = 101;
                dir = quote_dir(s, a, b, i, n);
                if ((cp == 0x2018 && dir < 0) || (cp == 0x2019 && dir > 0))
                    dir = 0;
            } else {
                dir = cp < 0 ? 0 : bracket(cp, &id);
            }
        }
        if (dir > 0) {
            if (nopen == MAX_OPEN) {
                memmove(open, open + 1, sizeof open[0] * (MAX_OPEN - 1));
                nopen--;
            }
            open[nopen].at = i;
            open[nopen++].id = id;
        } else if (dir < 0) {
            for (k = nopen - 1; k >= 0 && open[k].id != id; k--)
                ;
            close = i + n;
            if (k >= 0) {
                size_t o = open[k].at;
                nopen = k;
                if (close - o <= MAX_PAIR_SPAN) {
                    while (seg->npairs > 0 && seg->pairs[seg->npairs - 1].open > o)
                        seg->npairs--;
                    if (seg->npairs == seg->paircap &&
                        ty__grow((void **)&seg->pairs, &seg->paircap, seg->npairs + 1,
                             sizeof *seg->pairs) != 0)
                        return -1;
                    seg->pairs[seg->npairs].open = o;
                    seg->pairs[seg->npairs++].close = close;
                }
            }
        }
        j = i + n - 1;
    }
    return 0;
}

/* ---- speaker labels and headings ------------------------------------------------------- */

static int is_label_connector(const char *w, size_t n)
{
    static const char *const words[] = {"and", "de", "for", "of", "on", "the", "to", "van",
                                        "von"};
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (strlen(words[k]) == n && !memcmp(words[k], w, n))
            return 1;
    return 0;
}

/* The end of a speaker label starting at s[i] (line end `e`), or 0. Labels: 【…】 and an
 * English name or title ending with ':' ("Reporter:", "Minister Kamikawa:",
 * "Ms. KAMIKAWA Yoko, Minister for Foreign Affairs:") followed by white space. */
static size_t label_at(const ty_segmenter *seg, const char *s, size_t i, size_t e)
{
    size_t lim = e - i > MAX_LABEL ? i + MAX_LABEL : e, j, words = 0;

    if (i + 3 <= e && !memcmp(s + i, "\xE3\x80\x90", 3)) { /* 【 */
        for (j = i + 3; j + 3 <= lim; j++)
            if (!memcmp(s + j, "\xE3\x80\x91", 3)) /* 】 */
                return j + 3 > i + 6 ? j + 3 : 0;
        return 0;
    }
    if (!is_upper_ascii((unsigned char)s[i]))
        return 0;
    for (j = i; j < lim;) {
        size_t w = j, wend;
        while (j < lim && s[j] != ' ' && s[j] != ':' && s[j] != ',')
            j++;
        wend = j;
        if (wend == w)
            return 0;
        words++;
        if (words > MAX_LABEL_WORDS)
            return 0;
        for (size_t k = w; k < wend; k++) {
            unsigned char c = (unsigned char)s[k];
            if (c == '.') {
                if (k + 1 != wend || !ty__abbrevs_has(seg->abbrevs, s + w, wend - w))
                    return 0;
            } else if (!is_alpha_ascii(c) && c != '-' && c != '\'' && c < 0x80) {
                return 0;
            }
        }
        if (!is_upper_ascii((unsigned char)s[w]) && (unsigned char)s[w] < 0x80 &&
            !is_label_connector(s + w, wend - w))
            return 0;
        if (j < lim && s[j] == ',')
            j++;
        if (j < lim && s[j] == ':') {
            if (j + 1 < e && ty__space_len(s, e, j + 1) == 0)
                return 0;
            return j + 1;
        }
        if (j >= lim || s[j] != ' ')
            return 0;
        j++;
    }
    return 0;
}

static size_t line_label(const void *ctx, const char *s, size_t b, size_t e)
{
    const ty_segmenter *seg = ctx;
    size_t end = b < e ? label_at(seg, s, b, e) : 0;
    /* a label alone on its line is a line of its own, not the label of nothing */
    return end && skip_space(s, end, e) < e ? end : 0;
}

ty_status ty_segment_lines(ty_segmenter *seg, const char *utf8, size_t len, const char *name,
                           ty_doc **out, ty_error *err)
{
    return ty__doc_from_lines(seg->lang, utf8, len, name, line_label, seg, out, err);
}

/* Whether a legal heading starts at s[i]: "Article 5." / "Section 2." / "Chapter III."
 * (the segment ends after the period). Returns the end of the heading, or 0. */
static size_t heading_at(const char *s, size_t i, size_t e)
{
    static const char *const words[] = {"Article ", "Section ", "Chapter ", "ARTICLE ",
                                        "SECTION ", "CHAPTER "};
    if (i >= e || (s[i] != 'A' && s[i] != 'S' && s[i] != 'C'))
        return 0;
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        size_t n = strlen(words[k]), j = i + n, d;
        if (e - i <= n || memcmp(s + i, words[k], n))
            continue;
        for (d = j; d < e && (is_digit_ascii((unsigned char)s[d]) ||
                              strchr("IVXLC", s[d]) != NULL);
             d++)
            ;
        if (d > j && d < e && s[d] == '.' && (d + 1 == e || s[d + 1] == ' '))
            return d + 1;
    }
    return 0;
}

/* ---- the decision at one candidate boundary -------------------------------------------- */

/* The ASCII token that ends at the period s[p] (inclusive), back to white space, a bracket,
 * a quote, a hyphen or a slash. */
static size_t token_start(const char *s, size_t a, size_t p)
{
    size_t t = p;
    while (t > a && (is_alpha_ascii((unsigned char)s[t - 1]) || s[t - 1] == '.'))
        t--;
    return t;
}

/* Whether the token s[t, p] (p is its final period) is an abbreviation or an initial. */
static int is_abbrev(const ty_segmenter *seg, const char *s, size_t t, size_t p)
{
    size_t n = p + 1 - t, k;

    if (n < 2)
        return 0;
    if (n == 2 && is_upper_ascii((unsigned char)s[t])) /* an initial: "J." */
        return 1;
    if (ty__abbrevs_has(seg->abbrevs, s + t, n))
        return 1;
    /* dotted single letters: "U.S.A.", "a.k.a." */
    for (k = t; k + 1 <= p; k += 2)
        if (!is_alpha_ascii((unsigned char)s[k]) || s[k + 1] != '.')
            return 0;
    return k == p + 1 && n >= 4;
}

/* Whether the text at s[b] clearly starts a sentence after an abbreviation: a closed-class
 * word ("The", "We", "However"), or a letter that is not Latin (Japanese text). */
static int starts_sentence(const char *s, size_t b, size_t end)
{
    size_t w, n;
    UChar32 c;

    while (b < end) {
        c = ty__char_at(s, end, b, &n);
        if (c < 0 || !is_opener(c))
            break;
        b += n;
    }
    if (b >= end)
        return 1;
    c = ty__char_at(s, end, b, &n);
    if (c >= 0x80)
        return u_isalpha(c) && !u_islower(c) && !u_isupper(c);
    if (!is_upper_ascii((unsigned char)c))
        return 0;
    for (w = b; w < end && is_alpha_ascii((unsigned char)s[w]); w++)
        ;
    if (w - b == 1 && w < end && s[w] == '.') /* another initial */
        return 0;
    return ty__is_starter_word(s + b, w - b);
}

/* terminal_at not yet looked for (emit) */
#define TERM_UNKNOWN ((size_t)-2)

/* Where the sentence-final punctuation of s[a, e) is: the index of its last terminal
 * character (closing brackets and quotes after it skipped), or (size_t)-1 when s[a, e)
 * does not end with one. */
static size_t terminal_at(const char *s, size_t a, size_t e)
{
    size_t i = e, n;
    UChar32 c;

    while (i > a) {
        /* the usual characters without ICU's property lookups: ASCII (closers " ' ) ] },
         * terminals . ! ?) and 。 */
        if ((unsigned char)s[i - 1] < 0x80) {
            char b = s[--i];
            if (b == '"' || b == '\'' || b == ')' || b == ']' || b == '}')
                continue;
            return b == '.' || b == '!' || b == '?' ? i : (size_t)-1;
        }
        if (i >= a + 3 && !memcmp(s + i - 3, "\xE3\x80\x82", 3))
            return i - 3;
        c = ty__char_before(s, i, &n);
        i -= n;
        if (c >= 0 && ty__is_closer(c))
            continue;
        if (c == 0x2026 || c == 0x2025 || (c >= 0 && u_hasBinaryProperty(c, UCHAR_S_TERM)))
            return i;
        return (size_t)-1;
    }
    return (size_t)-1;
}

/* Japanese particles that continue a sentence after a closing quote: 「…。」と述べた. */
static int is_quote_particle(UChar32 c)
{
    static const UChar32 particles[] = {0x3068 /* と */, 0x3063 /* っ */, 0x3092 /* を */,
                                        0x304C /* が */, 0x306B /* に */, 0x306F /* は */,
                                        0x306E /* の */, 0x3084 /* や */, 0x3078 /* へ */};
    for (size_t k = 0; k < sizeof particles / sizeof particles[0]; k++)
        if (c == particles[k])
            return 1;
    return 0;
}

static int has_linebreak(const char *s, size_t a, size_t b)
{
    return memchr(s + a, '\n', b - a) || memchr(s + a, '\r', b - a);
}

/* Whether the paragraph may break at s[b] (the start of the next sentence) given the
 * current segment [start, e) (e: trim_back(s, start, b)) whose label ends at label_end;
 * line_end is the end of the line holding b and line_hard whether a segment ends with that
 * line. Sets *term to terminal_at(s, start, e) when it finds it, for emit. */
static int may_break(const ty_segmenter *seg, const char *s, size_t start, size_t label_end,
                     size_t b, size_t e, size_t pe, size_t *pair, size_t line_end,
                     int line_hard, size_t *term)
{
    size_t p, n;
    UChar32 next, last;

    if (e <= start || e <= label_end || b >= pe)
        return 0;
    while (*pair < seg->npairs && seg->pairs[*pair].close < e)
        (*pair)++;
    if (*pair < seg->npairs && seg->pairs[*pair].open < e && e < seg->pairs[*pair].close)
        return 0;
    if ((*term = p = terminal_at(s, start, e)) == (size_t)-1)
        return 0;
    next = ty__char_at(s, pe, b, &n);
    last = ty__char_before(s, e, &n);
    if ((p + 1 < e && ty__is_closer(last)) || last == 0x2026 || last == 0x2025) {
        if (is_quote_particle(next)) /* 「…。」と述べた, そうですね…と */
            return 0;
    }
    /* 'Why?' he asked. */
    if (p + 1 < e && ty__is_closer(last) && (s[p] == '?' || s[p] == '!') && next >= 0 &&
        u_islower(next))
        return 0;
    if (s[p] == '.') {
        size_t t = token_start(s, start, p);
        int abbrev = t < p && is_abbrev(seg, s, t, p);
        /* a period at the end of a line ends the sentence unless it ends an abbreviation */
        if (next >= 0 && u_islower(next) && (abbrev || !has_linebreak(s, e, b)))
            return 0;
        if (abbrev && !starts_sentence(s, b, pe))
            return 0;
    }
    /* "Yahoo!" in a title line: '!' on a word, and no sentence-final punctuation after it */
    if (s[p] == '!' && p > start && isalnum_ascii((unsigned char)s[p - 1]) && line_hard &&
        !has_linebreak(s, e, b) && terminal_at(s, b, trim_back(s, b, line_end)) == (size_t)-1)
        return 0;
    return 1;
}

/* ---- paragraphs ------------------------------------------------------------------------ */

/* Append a position to one of the paragraph's position lists. */
static int push_pos(uint32_t **list, size_t *n, size_t *cap, size_t at)
{
    if (*n == *cap && ty__grow((void **)list, cap, *n + 1, sizeof **list) != 0)
        return -1;
    (*list)[(*n)++] = (uint32_t)at;
    return 0;
}

static int add_cand(ty_segmenter *seg, size_t b)
{
    return push_pos(&seg->cands, &seg->ncands, &seg->candcap, b);
}

/* The end of line i of the paragraph: lines are consecutive (a blank line ends a paragraph),
 * so it is where the next line's break (LF, CR or CRLF) begins. */
static size_t end_of_line(const ty_segmenter *seg, const char *s, size_t i)
{
    size_t nx;

    if (i + 1 >= seg->nlines)
        return seg->last_end;
    nx = seg->lines[i + 1].start;
    return nx >= 2 && s[nx - 1] == '\n' && s[nx - 2] == '\r' ? nx - 2 : nx - 1;
}

/* The end of the speaker label at the start of line l, or 0. */
static size_t label_end_of(const struct line *l)
{
    uint32_t rel = l->label & ~LINE_HARD;
    return rel ? l->start + rel : 0;
}

/* Whether line i (not the last) continues into line i+1 although it does not end with
 * sentence-final punctuation. */
static int continues(const ty_segmenter *seg, const char *s, size_t i)
{
    const struct line *l = &seg->lines[i], *nx = &seg->lines[i + 1];
    size_t le = end_of_line(seg, s, i), nxe = end_of_line(seg, s, i + 1);
    size_t e = trim_back(s, l->start, le), b = skip_space(s, nx->start, nxe), n;
    UChar32 last, first;

    if (e <= l->start || b >= nxe)
        return 0;
    if (label_end_of(l) && e <= label_end_of(l)) /* a label alone on its line */
        return 1;
    if (label_end_of(nx)) /* the next line starts with a speaker label */
        return 0;
    last = ty__char_before(s, e, &n);
    first = ty__char_at(s, nxe, b, &n);
    if (last == ':' || last == 0xFF1A) /* introduces a list */
        return 0;
    if (last == ',' || last == ';' || last == 0x3001 || last == 0xFF0C) /* 、， */
        return 1;
    if (first >= 0 && (u_islower(first) || first == 0x3001 || first == 0x3002))
        return 1;
    return 0;
}

/* Find each line's speaker label, and which lines end a segment: those without
 * sentence-final punctuation that do not continue, unless their end is inside a bracket
 * pair. */
static void mark_lines(ty_segmenter *seg, const char *s)
{
    size_t k = 0;

    for (size_t i = 0; i < seg->nlines; i++) {
        struct line *l = &seg->lines[i];
        size_t le = end_of_line(seg, s, i), b = skip_space(s, l->start, le);
        size_t lab = label_at(seg, s, b, le);
        l->label = lab ? (uint32_t)(lab - l->start) : 0;
    }
    for (size_t i = 0; i + 1 < seg->nlines; i++) {
        struct line *l = &seg->lines[i];
        size_t e = trim_back(s, l->start, end_of_line(seg, s, i));
        while (k < seg->npairs && seg->pairs[k].close < e)
            k++;
        if (k < seg->npairs && seg->pairs[k].open < e && e < seg->pairs[k].close)
            continue;
        if (terminal_at(s, l->start, e) != (size_t)-1)
            continue;
        if (!continues(seg, s, i))
            l->label |= LINE_HARD;
    }
}

/* ty_segment_each: the segment [start, e) as ty__doc_add would store it (line breaks joined),
 * to the callback; nothing is kept. A segment on one line (`one_line`: no line break inside)
 * is handed over in place when the run borrows. */
static ty_status hand_over(struct run *r, size_t start, size_t e, size_t label_len,
                          ty_seg_kind kind, int one_line)
{
    ty_segment seg;

    if (e - start > TY__DOC_MAX_SEGMENT)
        return ty__fail(r->err, TY_ERR_TOOBIG, r->name, -1, (long long)start,
                        "a segment of %zu bytes is over the %zu-byte limit", e - start,
                        TY__DOC_MAX_SEGMENT);
    /* every field set one by one: a memset of the whole, once per segment, costs more */
    seg.norm = NULL;
    seg.norm_len = 0;
    seg.heading = 0;
    seg.article = 0;
    if (r->borrow && one_line) {
        seg.text = r->s + start;
        seg.len = e - start;
        seg.label_len = label_len;
    } else {
        if (e - start + 1 > r->bufcap &&
            ty__grow((void **)&r->buf, &r->bufcap, e - start + 1, 1) != 0)
            return ty__nomem(r->err);
        seg.label_len = ty__join_lines(r->seg->lang, r->buf, 0, r->s, start, start + label_len);
        seg.len = ty__join_lines(r->seg->lang, r->buf, seg.label_len, r->s, start + label_len, e);
        r->buf[seg.len] = '\0';
        seg.text = r->buf;
    }
    seg.label = seg.label_len ? seg.text : NULL;
    seg.start = start;
    seg.end = e;
    seg.paragraph = r->para;
    seg.kind = kind;
    seg.source.offset = seg.source.page = seg.source.line = seg.source.block = -1;
    return r->fn(&seg, r->ud);
}

/* The segment [start, e), e already trimmed (trim_back); term is terminal_at(s, start, e) when
 * the caller found it, else TERM_UNKNOWN; one_line when no line break is inside it. */
static ty_status emit(struct run *r, size_t start, size_t e, size_t label_end, size_t term,
                      int one_line)
{
    const char *s = r->s;
    ty_seg_kind kind;

    if (e <= start)
        return TY_OK;
    if (term == TERM_UNKNOWN)
        term = terminal_at(s, start, e);
    kind = term != (size_t)-1 ? TY_SEG_SENTENCE : TY_SEG_LINE;
    if (r->seg->lang == TY_LANG_JA && e >= start + 3 &&
        (!memcmp(s + e - 3, "\xE3\x80\x8D", 3) || !memcmp(s + e - 3, "\xE3\x80\x8F", 3)))
        kind = TY_SEG_SENTENCE; /* a sentence-final 」 or 』 */
    if (!r->fn)
        return ty__doc_add(r->doc, s, start, e, label_end > start ? label_end - start : 0,
                           r->para, kind, r->err);
    return hand_over(r, start, e, label_end > start ? label_end - start : 0, kind, one_line);
}

/* The label that begins at `start` if it is the start of line li, else 0. */
static size_t label_for(const ty_segmenter *seg, const char *s, size_t li, size_t start)
{
    const struct line *l = &seg->lines[li];
    return (label_end_of(l) && skip_space(s, l->start, end_of_line(seg, s, li)) == start)
               ? label_end_of(l)
               : 0;
}

/* Japanese "…" / "‥" end sentences (ICU does not break after them): a candidate after each
 * run of them and any closing brackets, unless punctuation follows. */
static int ellipsis_candidates(struct run *r, size_t ps, size_t pe)
{
    ty_segmenter *seg = r->seg;
    const char *s = r->s, *p = s + ps;
    size_t at;

    while ((at = seek_byte(r, &r->e2, 0xE2, (size_t)(p - s), pe)) < pe) {
        size_t n;
        UChar32 c;
        int run = 0;

        p = s + at;
        while (at < pe && ((c = ty__char_at(s, pe, at, &n)) == 0x2026 || c == 0x2025)) {
            at += n;
            run = 1;
        }
        if (!run) {
            p++;
            continue;
        }
        while (at < pe && (c = ty__char_at(s, pe, at, &n)) >= 0 && ty__is_closer(c))
            at += n;
        if (at < pe && (c = ty__char_at(s, pe, at, &n)) >= 0 && !u_ispunct(c) &&
            !ty__white_space(c) && add_cand(seg, at) != 0)
            return -1;
        p = s + at;
    }
    return 0;
}

/* Whether the three-byte character u is one of the brackets and quotes bracket_bytes finds:
 * U+2018-201D, U+3008-3015, U+FF08, FF09, FF3B, FF3D, FF5B, FF5D. */
static inline int bracket_unit(UChar u)
{
    return (UChar)(u - 0x3008) <= 0x0D || (UChar)(u - 0x2018) <= 5 ||
           (u >= 0xFF08 && (u <= 0xFF09 || u == 0xFF3B || u == 0xFF3D || u == 0xFF5B ||
                            u == 0xFF5D));
}

/* Where match_brackets must look, in order (see hot[]). */
static int add_hot(ty_segmenter *seg, size_t at)
{
    return push_pos(&seg->hot, &seg->nhot, &seg->hotcap, at);
}

#if defined(__SSE2__)
/* The ASCII bytes that the 16 at q begin with, up to 16: all 16 bytes widened to UTF-16 at u
 * (the caller has room for 16 units), and the places of the brackets and quotes among the
 * ASCII ones (hot[] 1, at offsets `at` onwards) added to the hot list, looked up at once.
 * Returns how many bytes are ASCII; -1 when memory runs out. */
static inline int ascii_prefix16(ty_segmenter *seg, const unsigned char *q, UChar *u, size_t at)
{
    const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)q), zero = _mm_setzero_si128();
    unsigned high = (unsigned)_mm_movemask_epi8(x), m;

    _mm_storeu_si128((__m128i *)(void *)u, _mm_unpacklo_epi8(x, zero));
    _mm_storeu_si128((__m128i *)(void *)(u + 8), _mm_unpackhi_epi8(x, zero));
    /* " ' ( ) [ ]: '(' and ')' differ in bit 0 alone; only the bytes before the first high one */
    m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\''))),
            _mm_or_si128(_mm_cmpeq_epi8(_mm_or_si128(x, _mm_set1_epi8(1)), _mm_set1_epi8(')')),
                         _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('[')),
                                      _mm_cmpeq_epi8(x, _mm_set1_epi8(']')))))) &
        ((high & -high) - 1);
    for (; m; m &= m - 1)
        if (add_hot(seg, at + (size_t)__builtin_ctz(m)) != 0)
            return -1;
    return high ? __builtin_ctz(high) : 16;
}
#endif

#if defined(TY_HAVE_SSSE3_PATH)
/* The first `lanes` (1-5) three-byte characters of the 16 bytes at q (ty__three_byte_places
 * found them in place) to UTF-16 at u (8 units stored) with two byte shuffles; the brackets and
 * quotes among them (bracket_unit's) found by 16-bit compares and added to the hot list at
 * offsets `at` onwards. 0, or -1 when memory runs out. */
__attribute__((target("ssse3"))) static inline int three_byte_step(ty_segmenter *seg,
                                                                   const unsigned char *q,
                                                                   UChar *u, size_t at,
                                                                   int lanes)
{
    /* each 16-bit lane k: the lead byte in its high half (lead), the second byte high and the
     * third low (trail) */
    const __m128i lead = _mm_setr_epi8(-1, 0, -1, 3, -1, 6, -1, 9, -1, 12, -1, -1, -1, -1, -1, -1);
    const __m128i trail = _mm_setr_epi8(2, 1, 5, 4, 8, 7, 11, 10, 14, 13, -1, -1, -1, -1, -1, -1);
    const __m128i bias = _mm_set1_epi16((short)0x8000);
    const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)q);
    const __m128i hi = _mm_shuffle_epi8(x, lead), lo = _mm_shuffle_epi8(x, trail);
    const __m128i v =
        _mm_or_si128(_mm_slli_epi16(_mm_and_si128(hi, _mm_set1_epi16(0x0F00)), 4),
                     _mm_or_si128(_mm_srli_epi16(_mm_and_si128(lo, _mm_set1_epi16(0x3F00)), 2),
                                  _mm_and_si128(lo, _mm_set1_epi16(0x003F))));
    /* v - base below span, unsigned: a signed compare of both sides biased by 0x8000 */
#define BELOW(base, span)                                                                  \
    _mm_cmplt_epi16(_mm_xor_si128(_mm_sub_epi16(v, _mm_set1_epi16((short)(base))), bias), \
                    _mm_set1_epi16((short)(0x8000 + (span))))
#define IS(c) _mm_cmpeq_epi16(v, _mm_set1_epi16((short)(c)))
    const __m128i hit =
        _mm_or_si128(_mm_or_si128(BELOW(0x3008, 14), BELOW(0x2018, 6)),
                     _mm_or_si128(_mm_or_si128(BELOW(0xFF08, 2), IS(0xFF3B)),
                                  _mm_or_si128(IS(0xFF3D), _mm_or_si128(IS(0xFF5B), IS(0xFF5D)))));
#undef IS
#undef BELOW
    /* a bit a lane, for the first `lanes` */
    unsigned m = (unsigned)_mm_movemask_epi8(hit) & 0x2AAu & ((1u << (2 * lanes)) - 1);

    _mm_storeu_si128((__m128i *)(void *)u, v);
    for (; m; m &= m - 1)
        if (add_hot(seg, at + 3 * ((size_t)__builtin_ctz(m) >> 1) + 1) != 0)
            return -1;
    return 0;
}

/* A run of three-byte characters from b[0] on, as ty__three_byte_places accepts them, while 16
 * bytes are left (n: what is left of the paragraph): five a step (three_byte_step), each step
 * advancing by 15 bytes, so that the next load waits on nothing the step computed; the run's
 * last one to four characters in one more step. Returns the characters converted (0 when
 * b[0] does not begin one), or -1 when memory runs out. */
__attribute__((target("ssse3"))) static int32_t three_byte_run_ssse3(ty_segmenter *seg,
                                                                     const unsigned char *b,
                                                                     int32_t n, UChar *u,
                                                                     size_t at)
{
    int32_t i = 0;

    while (i + 16 <= n) {
        unsigned ok = ty__three_byte_places(b + i);
        int k;
        if (ok == 0x7FFF) {
            if (three_byte_step(seg, b + i, u + i / 3, at + (size_t)i, 5) != 0)
                return -1;
            i += 15;
            continue;
        }
        k = __builtin_ctz(~ok) / 3; /* the characters before the first byte out of place */
        if (k > 0 && three_byte_step(seg, b + i, u + i / 3, at + (size_t)i, k) != 0)
            return -1;
        i += 3 * k;
        break;
    }
    return i / 3;
}
#endif

/* The paragraph s[ps, pe) to UTF-16 in seg->u16 (seg->ulen units), in the same pass noting
 * where its brackets and quotes may be (seg->hot), so that match_brackets need not scan its
 * bytes again. ASCII and well-formed three-byte characters are converted inline, the rest by
 * ICU's U8_NEXT_OR_FFFD. An ill-formed sequence becomes one U+FFFD, as the offset walk in
 * icu_candidates assumes, and sets seg->u16_bad (the hot list is then incomplete: brackets
 * are found by scanning). */
static int to_utf16(ty_segmenter *seg, const char *s, size_t ps, size_t pe)
{
    const unsigned char *b = (const unsigned char *)s + ps;
    int32_t i = 0, o = 0, n = (int32_t)(pe - ps);
    UChar *u;

    if (ty__grow((void **)&seg->u16, &seg->u16cap, (size_t)n + 1, sizeof *seg->u16) != 0)
        return -1;
    u = seg->u16;
    seg->nhot = 0;
    seg->u16_bad = 0;
    while (i < n) {
        unsigned c0 = b[i], c1, c2;
        UChar32 c;
        if (c0 < 0x80) {
            /* ASCII sixteen bytes at a time while there are (SSE2), a shorter run in one step;
             * else eight bytes at a time, the brackets among them looked up only when the
             * bytes hold one */
#if defined(__SSE2__)
            if (i + 16 <= n) {
                int k;
                /* a whole sixteen advances by a constant, so that the next load need not wait
                 * for this one's bytes; the run's last step by what it found */
                do {
                    if ((k = ascii_prefix16(seg, b + i, u + o, ps + (size_t)i)) < 0)
                        return -1;
                    if (k < 16) {
                        o += k;
                        i += k;
                        break;
                    }
                    o += 16;
                    i += 16;
                } while (i + 16 <= n);
                continue;
            }
#endif
            while (i + 8 <= n) {
                uint64_t w = ty__le64(b + i);
                const unsigned char *q = b + i;
                if (w & 0x8080808080808080ull)
                    break;
                for (int k = 0; k < 8; k++)
                    u[o + k] = (UChar)q[k];
                if (hot[q[0]] | hot[q[1]] | hot[q[2]] | hot[q[3]] | hot[q[4]] | hot[q[5]] |
                    hot[q[6]] | hot[q[7]])
                    for (int k = 0; k < 8; k++)
                        if (hot[q[k]] && add_hot(seg, ps + (size_t)i + (size_t)k) != 0)
                            return -1;
                o += 8;
                i += 8;
            }
            if (i >= n || (c0 = b[i]) >= 0x80)
                continue;
            u[o++] = (UChar)c0;
            if (hot[c0] && add_hot(seg, ps + (size_t)i) != 0)
                return -1;
            i++;
            continue;
        }
        /* Japanese text: two three-byte characters at a time while there are */
        if (c0 >= 0xE1 && i + 8 <= n) {
            int32_t i0 = i;
            uint64_t w;
#if defined(TY_HAVE_SSSE3_PATH)
            /* five at a time while there are, and the run's end */
            if (seg->ssse3 && i + 16 <= n) {
                int32_t k = three_byte_run_ssse3(seg, b + i, n - i, u + o, ps + (size_t)i);
                if (k < 0)
                    return -1;
                o += k;
                i += 3 * k;
                if (k > 0)
                    continue;
            }
#endif
            while (i + 8 <= n && ty__two_three_byte(w = ty__le64(b + i))) {
                UChar u0 = ty__three_byte_first(w), u1 = ty__three_byte_second(w);
                u[o] = u0;
                u[o + 1] = u1;
                if ((bracket_unit(u0) && add_hot(seg, ps + (size_t)i + 1) != 0) ||
                    (bracket_unit(u1) && add_hot(seg, ps + (size_t)i + 4) != 0))
                    return -1;
                o += 2;
                i += 6;
            }
            if (i > i0)
                continue;
        }
        /* one three-byte character (ICU's table checks the second byte after E0 and ED) */
        if (i + 2 < n && (c0 & 0xF0) == 0xE0 && ((c1 = b[i + 1]) & 0xC0) == 0x80 &&
            ((c2 = b[i + 2]) & 0xC0) == 0x80 &&
            ((c0 != 0xE0 && c0 != 0xED) || U8_IS_VALID_LEAD3_AND_T1(c0, c1))) {
            UChar u0 = (UChar)((c0 & 0x0F) << 12 | (c1 & 0x3F) << 6 | (c2 & 0x3F));
            u[o++] = u0;
            if (bracket_unit(u0) && add_hot(seg, ps + (size_t)i + 1) != 0)
                return -1;
            i += 3;
            continue;
        }
        U8_NEXT_OR_FFFD(b, i, n, c);
        if (c == 0xFFFD) /* a well-formed U+FFFD took the three-byte path */
            seg->u16_bad = 1;
        U16_APPEND_UNSAFE(u, o, c);
    }
    seg->ulen = o;
    return 0;
}

/* The UTF-8 offset of UTF-16 index `to` of u, walking from index *u16 at UTF-8 offset *u8 (the
 * UTF-16 came from well-formed UTF-8: each unit tells how many bytes its character had). */
static void u16_walk(const UChar *u, int32_t to, int32_t *u16, int32_t *u8)
{
    const uint64_t lanes = 0x0001000100010001ull, top = 0x8000 * lanes, k = 0x7FFF * lanes;
    int32_t i = *u16, o = *u8;

#if defined(__SSE2__)
    while (i + 8 <= to) {
        /* eight units at once: each is 3 bytes, less one when below U+0800 or a surrogate
         * (half of a four-byte character), less one more when ASCII; the lessening summed in
         * 16-bit lanes, at most 2 a lane a step, for at most 8192 steps before it is added up */
        const __m128i zero = _mm_setzero_si128();
        __m128i less = zero;
        int32_t steps = 0, sum[4];
        do {
            const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
            const __m128i hi5 = _mm_and_si128(x, _mm_set1_epi16((short)0xF800));
            less = _mm_add_epi16(
                less, _mm_add_epi16(
                          _mm_cmpeq_epi16(_mm_and_si128(x, _mm_set1_epi16((short)0xFF80)), zero),
                          _mm_or_si128(_mm_cmpeq_epi16(hi5, zero),
                                       _mm_cmpeq_epi16(hi5, _mm_set1_epi16((short)0xD800)))));
            steps++;
            i += 8;
        } while (i + 8 <= to && steps < 8192);
        _mm_storeu_si128((__m128i *)(void *)sum, _mm_madd_epi16(less, _mm_set1_epi16(1)));
        o += 24 * steps + sum[0] + sum[1] + sum[2] + sum[3];
    }
#endif
    while (i < to) {
        UChar c = u[i];
        if (i + 4 <= to) {
            /* four units at once: all ASCII, or all three-byte characters (each unit's top five
             * bits, v, neither 0, below U+0800, nor 27, a surrogate) */
            uint64_t w, v;
            memcpy(&w, u + i, 8);
            v = (w & 0xF800 * lanes) >> 11;
            if ((c < 0x80 && !(w & 0xFF80 * lanes)) ||
                (c >= 0x800 && ((v + k) & ((v ^ 27 * lanes) + k) & top) == top)) {
                o += c < 0x80 ? 4 : 12;
                i += 4;
                continue;
            }
        }
        i++;
        o += c < 0x80 ? 1 : c < 0x800 ? 2 : U16_IS_SURROGATE(c) ? 2 : 3;
    }
    *u16 = i;
    *u8 = o;
}

/* ICU's boundaries inside s[ps, pe) as candidates. A paragraph is converted to UTF-16 in
 * a reused buffer (to_utf16: ICU iterates UTF-16 fastest; its offsets are mapped back to
 * UTF-8 in one forward walk); one longer than MAX_U16_PARA bytes is read in place through a
 * UTF-8 UText instead (seg->ulen < 0), so memory stays bounded. */
static ty_status icu_candidates(struct run *r, size_t ps, size_t pe)
{
    ty_segmenter *seg = r->seg;
    const char *p = r->s + ps;
    size_t plen = pe - ps;
    int32_t ulen = seg->ulen, b, u16 = 0, u8 = 0;
    UErrorCode ue = U_ZERO_ERROR;

    if (ulen >= 0) {
        ubrk_setText(seg->bi, seg->u16, ulen, &ue);
    } else {
        seg->ut = utext_openUTF8(seg->ut, p, (int64_t)plen, &ue);
        ubrk_setUText(seg->bi, seg->ut, &ue);
        ulen = (int32_t)plen; /* UText offsets are UTF-8 offsets */
    }
    if (U_FAILURE(ue))
        return ty__fail(r->err, TY_ERR_ICU, r->name, -1, (long long)ps,
                        "ICU's sentence iterator failed: %s", u_errorName(ue));
    for (b = ubrk_following(seg->bi, 0); b != UBRK_DONE && b < ulen; b = ubrk_next(seg->bi)) {
        if (seg->ulen < 0 || (size_t)ulen == plen) { /* same offsets */
            u8 = b;
        } else if (!seg->u16_bad) {
            u16_walk(seg->u16, b, &u16, &u8);
        } else {
            while (u16 < b) {
                UChar32 c;
                U8_NEXT(p, u8, (int32_t)plen, c);
                u16 += (c < 0 || c <= 0xFFFF) ? 1 : 2;
            }
        }
        if (add_cand(seg, before_openers(r->s, ps, ps + (size_t)u8)) != 0)
            return ty__nomem(r->err);
    }
    return TY_OK;
}

/* The paragraph's candidate boundaries in order, with its brackets matched and its lines
 * marked. */
static ty_status prepare(struct run *r)
{
    ty_segmenter *seg = r->seg;
    const char *s = r->s;
    size_t ps = seg->lines[0].start, pe = seg->last_end;
    ty_status st;
    int listed = 0;

    seg->ulen = -1;
    if (pe - ps <= MAX_U16_PARA) {
        if (to_utf16(seg, s, ps, pe) != 0)
            return ty__nomem(r->err);
        listed = !seg->u16_bad;
    }
    if (match_brackets(seg, s, ps, pe, listed) != 0)
        return ty__nomem(r->err);
    mark_lines(seg, s);

    /* candidates: ICU's boundaries, hard line ends, abbreviation ends ICU passed over,
     * legal headings */
    seg->ncands = 0;
    if ((st = icu_candidates(r, ps, pe)) != TY_OK)
        return st;
    for (size_t i = 0; i < seg->nlines; i++) {
        const struct line *l = &seg->lines[i];
        size_t le = end_of_line(seg, s, i), b = skip_space(s, l->start, le), h;
        if ((l->label & LINE_HARD) && i + 1 < seg->nlines &&
            add_cand(seg, seg->lines[i + 1].start) != 0)
            return ty__nomem(r->err);
        if ((h = heading_at(s, b, le)) != 0 && add_cand(seg, h) != 0)
            return ty__nomem(r->err);
    }
    for (size_t at = seek_byte(r, &r->dot, '.', ps, pe); at + 1 < pe;
         at = seek_byte(r, &r->dot, '.', at + 1, pe)) {
        size_t t = token_start(s, ps, at);
        if (ty__space_len(s, pe, at + 1) > 0 && t < at && is_abbrev(seg, s, t, at) &&
            add_cand(seg, skip_space(s, at + 1, pe)) != 0)
            return ty__nomem(r->err);
    }
    if (seg->lang == TY_LANG_JA && ellipsis_candidates(r, ps, pe) != 0)
        return ty__nomem(r->err);
    /* a few sorted runs of a handful each: qsort's calls through a comparison cost more than
     * the sorting */
    ty__sort_u32(seg->cands, seg->ncands);
    return TY_OK;
}

/* The index of the paragraph's line that holds position `at`, looking from line i on. */
static size_t line_of(const ty_segmenter *seg, size_t i, size_t at)
{
    while (i + 1 < seg->nlines && seg->lines[i + 1].start <= at)
        i++;
    return i;
}

/* Whether a segment that starts on line i and ends at e (trimmed: no line break ends it)
 * has no line break inside. */
static int one_line(const ty_segmenter *seg, size_t i, size_t e)
{
    return i + 1 >= seg->nlines || seg->lines[i + 1].start >= e;
}

/* Decide the prepared paragraph's boundaries, candidate by candidate. With `stop` SIZE_MAX
 * every segment is emitted, the last one too. Otherwise the walk ends at the first boundary
 * past `stop`: when `dry` it emits nothing and sets *cut to the last boundary at most `stop`
 * that begins a line (left as it is when there is none); else it emits the segments up to
 * the boundary `stop` and ends there. The walk is deterministic, so a dry walk and the walk
 * after it decide alike. */
static ty_status walk(struct run *r, size_t stop, int dry, size_t *cut)
{
    ty_segmenter *seg = r->seg;
    const char *s = r->s;
    size_t ps = seg->lines[0].start, pe = seg->last_end;
    size_t start, label_end, pair = 0, li = 0, ls = 0, c, e;
    ty_status st;

    start = skip_space(s, ps, pe);
    ls = line_of(seg, 0, start);
    label_end = label_for(seg, s, 0, start);
    for (c = 0; c < seg->ncands; c++) {
        size_t b = seg->cands[c], h, term = TERM_UNKNOWN;
        int hard = 0;
        if (c > 0 && b == seg->cands[c - 1])
            continue;
        while (li + 1 < seg->nlines && seg->lines[li + 1].start <= b) {
            hard = (seg->lines[li].label & LINE_HARD) && seg->lines[li + 1].start == b;
            li++;
        }
        h = heading_at(s, start, end_of_line(seg, s, li));
        e = trim_back(s, start, b);
        if (!hard && !(h && e == h) &&
            !may_break(seg, s, start, label_end, b, e, pe, &pair, end_of_line(seg, s, li),
                       (seg->lines[li].label & LINE_HARD) || li + 1 == seg->nlines, &term))
            continue;
        if (e <= start)
            continue;
        if (stop != SIZE_MAX && b > stop)
            return TY_OK;
        if (dry) {
            if (seg->lines[li].start == b)
                *cut = b;
        } else {
            if ((st = emit(r, start, e, label_end, term, one_line(seg, ls, e))) != TY_OK)
                return st;
            if (b == stop)
                return TY_OK;
        }
        start = skip_space(s, b, pe);
        ls = line_of(seg, li, start);
        label_end = label_for(seg, s, li, start);
    }
    if (stop != SIZE_MAX)
        return TY_OK;
    e = trim_back(s, start, pe);
    if ((st = emit(r, start, e, label_end, TERM_UNKNOWN, one_line(seg, ls, e))) != TY_OK)
        return st;
    r->para++;
    return TY_OK;
}

static ty_status paragraph(struct run *r)
{
    ty_status st = prepare(r);
    return st != TY_OK ? st : walk(r, SIZE_MAX, 0, NULL);
}

/* A paragraph of more than seg->window lines so far: the segments that end well before its
 * last line (an eighth of the window: more than any bracket pair or label spans) are decided and
 * emitted as the whole paragraph would decide them, up to a boundary that begins a line, and
 * their lines are dropped, so that the work areas stay bounded on any input. When no such
 * boundary exists yet the window grows. */
static ty_status paragraph_part(struct run *r)
{
    ty_segmenter *seg = r->seg;
    size_t cut = 0, j = 0, stop = seg->lines[seg->nlines - seg->window_lines / 8].start;
    ty_status st;

    if ((st = prepare(r)) != TY_OK || (st = walk(r, stop, 1, &cut)) != TY_OK)
        return st;
    if (cut <= seg->lines[0].start) {
        seg->window *= 2;
        return TY_OK;
    }
    if ((st = walk(r, cut, 0, NULL)) != TY_OK)
        return st;
    while (seg->lines[j].start < cut)
        j++;
    memmove(seg->lines, seg->lines + j, (seg->nlines - j) * sizeof *seg->lines);
    seg->nlines -= j;
    if (2 * seg->nlines > seg->window) /* little was decided: the next part waits longer */
        seg->window *= 2;
    return TY_OK;
}

/* ---- the public API -------------------------------------------------------------------- */

ty_status ty_segmenter_new(ty_lang lang, ty_segmenter **out, ty_error *err)
{
    ty_segmenter *seg;
    UErrorCode ue = U_ZERO_ERROR;
    ty_status st;

    *out = NULL;
    if (lang != TY_LANG_JA && lang != TY_LANG_EN)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "unknown language %d", (int)lang);
    if (!(seg = calloc(1, sizeof *seg)))
        return ty__nomem(err);
    seg->lang = lang;
    seg->window_lines = WINDOW_LINES;
#if defined(TY_HAVE_SSSE3_PATH)
    __builtin_cpu_init();
    seg->ssse3 = __builtin_cpu_supports("ssse3") != 0;
#endif
    if ((st = ty__abbrevs_new(&seg->abbrevs, err)) != TY_OK)
        goto fail;
    seg->bi = ubrk_open(UBRK_SENTENCE, lang == TY_LANG_JA ? "ja" : "en", NULL, 0,
                        &ue);
    if (U_FAILURE(ue)) {
        st = ty__fail(err, TY_ERR_ICU, NULL, -1, -1, "cannot open ICU's sentence iterator: %s",
                      u_errorName(ue));
        goto fail;
    }
    *out = seg;
    return TY_OK;
fail:
    ty_segmenter_free(seg);
    return st;
}

ty_status ty_segmenter_add_abbrevs_file(ty_segmenter *seg, const char *path, ty_error *err)
{
    ty_text *text = NULL;
    ty_decode_opts opts = {"UTF-8", 0};
    const char *utf8;
    size_t len;
    ty_status st;

    if (!seg || !path)
        return ty__fail(err, TY_ERR_INVALID, path, -1, -1, "no segmenter or no file");
    if ((st = ty_text_read_file(path, &opts, &text, err)) != TY_OK)
        return st;
    utf8 = ty_text_utf8(text, &len);
    st = ty__abbrevs_add_text(seg->abbrevs, utf8, len, path, err);
    ty_text_free(text);
    return st;
}

/* memchr(s, '\n', n), inline: lines are short, and memchr's call and its sorting of lengths
 * cost more than the search. */
static inline const char *find_lf(const char *s, size_t n)
{
    size_t i = 0;
#if defined(__SSE2__)
    for (; i + 16 <= n; i += 16) {
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
            _mm_loadu_si128((const __m128i *)(const void *)(s + i)), _mm_set1_epi8('\n')));
        if (m)
            return s + i + __builtin_ctz(m);
    }
#endif
    return memchr(s + i, '\n', n - i);
}

/* Split r->s into paragraphs (blank lines between them) and segment each. */
static ty_status split(struct run *r)
{
    ty_segmenter *seg = r->seg;
    ty_status st;
    size_t i = 0;

    seg->nlines = 0;
    seg->window = seg->window_lines;
    while (i <= r->len) {
        const char *nl = i < r->len ? find_lf(r->s + i, r->len - i) : NULL;
        size_t lim = nl ? (size_t)(nl - r->s) : r->len;
        size_t e = i < lim ? seek_byte(r, &r->cr, '\r', i, lim) : lim;
        int blank = skip_space(r->s, i, e) == e;

        if (!blank) {
            if (seg->nlines == seg->linecap &&
                ty__grow((void **)&seg->lines, &seg->linecap, seg->nlines + 1,
                         sizeof *seg->lines) != 0)
                return ty__nomem(r->err);
            seg->lines[seg->nlines].start = (uint32_t)i;
            seg->lines[seg->nlines++].label = 0;
            seg->last_end = e;
        }
        if ((blank || e == r->len) && seg->nlines > 0) {
            if ((st = paragraph(r)) != TY_OK)
                return st;
            seg->nlines = 0;
            seg->window = seg->window_lines;
        } else if (seg->nlines >= seg->window && (st = paragraph_part(r)) != TY_OK) {
            return st;
        }
        if (e == r->len)
            break;
        i = e + ty__linebreak_len(r->s, r->len, e);
    }
    return TY_OK;
}

/* Start a run over a text: its bytes, name and size checked. */
static ty_status run_init(struct run *r, ty_segmenter *seg, const ty_text *text, ty_error *err)
{
    memset(r, 0, sizeof *r);
    if (!seg || !text)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "no segmenter or no text");
    r->seg = seg;
    r->err = err;
    r->s = ty_text_utf8(text, &r->len);
    r->name = ty_text_name(text);
    r->cr.from = r->dot.from = r->e2.from = 1; /* nothing looked at yet: from > at */
    if (r->len > INT32_MAX) /* ICU's iterator positions are int32_t */
        return ty__fail(err, TY_ERR_TOOBIG, r->name, -1, -1,
                        "text of %zu bytes is over the segmenter's limit of %d bytes", r->len,
                        INT32_MAX);
    return TY_OK;
}

ty_status ty_segment_text(ty_segmenter *seg, const ty_text *text, ty_doc **out, ty_error *err)
{
    struct run r;
    ty_status st;

    *out = NULL;
    if ((st = run_init(&r, seg, text, err)) != TY_OK)
        return st;
    if ((st = ty__doc_new(seg->lang, r.name, r.len, &r.doc, err)) != TY_OK)
        return st;
    if ((st = split(&r)) != TY_OK || (st = ty__doc_finish(r.doc, err)) != TY_OK) {
        ty_doc_free(r.doc);
        return st;
    }
    *out = r.doc;
    return TY_OK;
}

ty_status ty__segment_each(ty_segmenter *seg, const ty_text *text, ty_segment_fn fn,
                           void *userdata, int borrow, ty_error *err)
{
    struct run r;
    ty_status st;

    if (!fn)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "no function to call");
    if ((st = run_init(&r, seg, text, err)) != TY_OK)
        return st;
    r.fn = fn;
    r.ud = userdata;
    r.borrow = borrow;
    st = split(&r);
    free(r.buf);
    return st;
}

ty_status ty_segment_each(ty_segmenter *seg, const ty_text *text, ty_segment_fn fn,
                          void *userdata, ty_error *err)
{
    return ty__segment_each(seg, text, fn, userdata, 0, err);
}

void ty__segmenter_set_window(ty_segmenter *seg, size_t lines)
{
    seg->window_lines = lines < 8 ? 8 : lines;
}

void ty_segmenter_free(ty_segmenter *seg)
{
    if (!seg)
        return;
    if (seg->bi)
        ubrk_close(seg->bi);
    utext_close(seg->ut);
    ty__abbrevs_free(seg->abbrevs);
    free(seg->lines);
    free(seg->pairs);
    free(seg->cands);
    free(seg->u16);
    free(seg->hot);
    free(seg);
}
