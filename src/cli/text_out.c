/*
 * text_out.c — text written for a terminal or a line-based format (see text_out.h): runs of
 * plain characters go out in one fwrite; control characters, separators and ill-formed UTF-8
 * are replaced or escaped one by one. It does not write JSON (json_out.c).
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "text_out.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

size_t ty_cli_char_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    size_t len;

    if (c < 0x80)
        return 1;
    len = c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
    if (!len || len > n)
        return 0;
    if (c == 0xE0)
        lo = 0xA0; /* overlong */
    else if (c == 0xED)
        hi = 0x9F; /* surrogates */
    else if (c == 0xF0)
        lo = 0x90; /* overlong */
    else if (c == 0xF4)
        hi = 0x8F; /* above U+10FFFF */
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t k = 2; k < len; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    return len;
}

/* The code point of a well-formed character of `len` bytes. */
static unsigned long code_point(const unsigned char *s, size_t len)
{
    unsigned long c = len == 1 ? s[0] : s[0] & (0x7F >> len);
    for (size_t k = 1; k < len; k++)
        c = c << 6 | (s[k] & 0x3F);
    return c;
}

/* Eight bytes at s as a number (in the machine's byte order: may_need answers alike in
 * either). */
static inline uint64_t load8(const unsigned char *s)
{
    uint64_t w;
    memcpy(&w, s, 8);
    return w;
}

/* The end of the run of printable ASCII characters that needs nothing in `mode` from s[i],
 * eight bytes at a time while none of them is a control character, DEL, a byte >= 0x80 or (when
 * escaping) a backslash, then byte by byte. */
static size_t plain_ascii(const unsigned char *s, size_t i, size_t n, ty_cli_text_mode mode)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;

    while (i + 8 <= n) {
        uint64_t w, del, bs;
        memcpy(&w, s + i, 8);
        del = w ^ (0x7F * ones);
        bs = w ^ (0x5C * ones);
        if ((w & high) || ((w - 0x20 * ones) & ~w & high) || ((del - ones) & ~del & high) ||
            (mode == TY_CLI_ESCAPE && ((bs - ones) & ~bs & high)))
            break;
        i += 8;
    }
    while (i < n && s[i] >= 0x20 && s[i] < 0x7F && (s[i] != '\\' || mode != TY_CLI_ESCAPE))
        i++;
    return i;
}

/* Whether s (eight readable bytes) begins with two well-formed three-byte characters whose
 * lead bytes are E3-EC or EE-EF, which take any trail bytes: the six bytes' top bits tested
 * with one 64-bit mask (the same in either byte order), then the two lead bytes. */
static int two_plain_three_byte(const unsigned char *s)
{
    static const unsigned char mask[8] = {0xF0, 0xC0, 0xC0, 0xF0, 0xC0, 0xC0, 0, 0},
                               want[8] = {0xE0, 0x80, 0x80, 0xE0, 0x80, 0x80, 0, 0};
    uint64_t w, m, v;

    memcpy(&w, s, 8);
    memcpy(&m, mask, 8);
    memcpy(&v, want, 8);
    return (w & m) == v && ((0xDFF8u >> (s[0] & 0xF)) & (0xDFF8u >> (s[3] & 0xF)) & 1);
}

/* Whether the eight bytes of w may hold a character that needs something in well-formed
 * UTF-8 outside TY_CLI_ESCAPE: a byte below 0x20 or DEL (C0 controls), C2 (the lead byte of the
 * C1 controls) or E2 (of U+2028, U+2029; C2 and E2 differ in bit 5 alone). A byte past one of
 * these may be flagged too (the borrow of the zero-byte tests); none of them is missed. */
static inline int may_need(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ull;
    uint64_t del = w ^ (0x7F * ones), ce = (w | 0x20 * ones) ^ (0xE2 * ones);

    return ((((w - 0x20 * ones) & ~w) | ((del - ones) & ~del) | ((ce - ones) & ~ce)) &
            (0x80 * ones)) != 0;
}

/* may_need for the sixteen bytes at s, exactly (where SSE2 is missing, as two eights). */
static inline int may_need16(const unsigned char *s)
{
#if defined(__SSE2__)
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)s);
    __m128i c0 = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1F)), x);
    __m128i del = _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F));
    __m128i ce = _mm_cmpeq_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)), _mm_set1_epi8(-0x1E));
    return _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(c0, del), ce)) != 0;
#else
    return may_need(load8(s)) || may_need(load8(s + 8));
#endif
}

/* Whether the well-formed UTF-8 character that starts with byte c at s[i] (i < n) is one that
 * put_text changes in a mode that keeps C0 control `keep` (' ': none): a C0 control, DEL, a C1
 * control (C2 80-9F) or U+2028, U+2029 (E2 80 A8, A9). */
static inline int needs_at(const unsigned char *s, size_t i, size_t n, unsigned char keep)
{
    unsigned char c = s[i];

    if (c < 0x20 ? c != keep : c == 0x7F)
        return 1;
    return (c == 0xC2 && i + 1 < n && (s[i + 1] & 0xE0) == 0x80) ||
           (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] | 1) == 0xA9);
}

#if defined(__SSE2__)
/* The bytes of x that may start a character that needs something outside TY_CLI_ESCAPE, as
 * may_need16 finds them, except `keep` (a tab in TY_CLI_LINE; else a space, never flagged). */
static inline __m128i maybe16(__m128i x, __m128i keep)
{
    /* C2 and E2 differ in bit 5 alone */
    return _mm_or_si128(
        _mm_andnot_si128(_mm_cmpeq_epi8(x, keep),
                         _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1F)), x)),
        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F)),
                     _mm_cmpeq_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)),
                                    _mm_set1_epi8((char)0xE2))));
}
#endif

/* Whether well-formed UTF-8 s[0, n) holds a character that put_text changes in `mode`
 * (TY_CLI_FLAT or TY_CLI_LINE; TY_CLI_LINE keeps tabs). Sixteen bytes at a time (SSE2; text
 * shorter than that one byte at a time) are passed over when none of them is a C0 control, DEL,
 * C2 or E2 (the lead bytes of the C1 controls and of U+2028, U+2029); the others are looked at
 * one at a time. Most text has none, and is then written in one piece. */
static int needs_any(const unsigned char *s, size_t n, ty_cli_text_mode mode)
{
    const unsigned char keep = mode == TY_CLI_LINE ? '\t' : ' ';
    size_t i = 0;

#if defined(__SSE2__)
    const __m128i tab = _mm_set1_epi8((char)keep);

    /* the last sixteen bytes overlap the ones before them when n is not a multiple of 16 */
    for (size_t at = 0; n >= 16 && i < n; i = at + 16) {
        const __m128i x = _mm_loadu_si128(
            (const __m128i *)(const void *)(s + (at = i + 16 <= n ? i : n - 16)));
        if (_mm_movemask_epi8(maybe16(x, tab)))
            for (size_t k = at; k < at + 16; k++)
                if (needs_at(s, k, n, keep))
                    return 1;
    }
#endif
    for (; i < n; i++)
        if (needs_at(s, i, n, keep))
            return 1;
    return 0;
}

/* ty_cli_put_text and ty_cli_put_valid: with `valid`, runs of eight and sixteen bytes that
 * may_need clears are passed over without looking at their characters. */
static void put_text(FILE *out, const char *text, size_t n, ty_cli_text_mode mode, int valid)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t run = 0, i = 0;

    valid = valid && mode != TY_CLI_ESCAPE;
    while (i < n) {
        unsigned char c = s[i];
        size_t len;
        unsigned long cp;
        if (valid && c >= 0x80 && i + 8 <= n && !may_need(load8(s + i))) {
            size_t j = i + 8;
            while (j + 16 <= n && !may_need16(s + j))
                j += 16;
            while (j + 8 <= n && !may_need(load8(s + j)))
                j += 8;
            while (j < n && j > i && (s[j] & 0xC0) == 0x80) /* back to a character's start */
                j--;
            if (j > i) {
                i = j;
                continue;
            }
        }
        if (c >= 0x20 && c < 0x7F && (c != '\\' || mode != TY_CLI_ESCAPE)) {
            i = plain_ascii(s, i + 1, n, mode);
            continue;
        }
        /* the common case in Japanese: well-formed three-byte characters led by E3-EC or EE-EF
         * (never C1 controls nor U+2028, U+2029), two at a time while they last */
        if (c >= 0xE3 && i + 8 <= n) {
            size_t i0 = i;
            while (i + 8 <= n && two_plain_three_byte(s + i))
                i += 6;
            if (i > i0)
                continue;
        }
        /* a well-formed three-byte character that needs nothing
         * (not E0 or ED, whose second byte has a narrower range, nor U+2028, U+2029) */
        if (c >= 0xE1 && c != 0xED && c <= 0xEF && i + 2 < n && (s[i + 1] & 0xC0) == 0x80 &&
            (s[i + 2] & 0xC0) == 0x80 &&
            !(c == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))) {
            i += 3;
            continue;
        }
        len = ty_cli_char_len(s + i, n - i);
        cp = len ? code_point(s + i, len) : 0xFFFD;
        if (len > 1 && !(cp >= 0x80 && cp <= 0x9F) && cp != 0x2028 && cp != 0x2029) {
            i += len;
            continue;
        }
        if (len == 1 && c == '\t' && mode == TY_CLI_LINE) {
            i++;
            continue;
        }
        fwrite(s + run, 1, i - run, out);
        if (!len)
            fputs("\xEF\xBF\xBD", out); /* U+FFFD */
        else if (mode != TY_CLI_ESCAPE)
            fputc(' ', out);
        else if (c == '\\' || c == '\t' || c == '\n' || c == '\r')
            fputs(c == '\\' ? "\\\\" : c == '\t' ? "\\t" : c == '\n' ? "\\n" : "\\r", out);
        else
            fprintf(out, "\\u%04lx", cp);
        i += len ? len : 1;
        run = i;
    }
    fwrite(s + run, 1, n - run, out);
}

void ty_cli_put_text(FILE *out, const char *s, size_t n, ty_cli_text_mode mode)
{
    put_text(out, s, n, mode, 0);
}

int ty_cli_copy_plain(char *dst, const char *src, size_t n, ty_cli_text_mode mode)
{
    const unsigned char *s = (const unsigned char *)src;

    if (mode == TY_CLI_ESCAPE)
        return 0;
#if defined(__SSE2__)
    if (n >= 16) {
        /* copied sixteen bytes at a time (the last sixteen overlapping) while the bytes that
         * may need something are gathered; only text that holds one is looked at again */
        const __m128i keep = _mm_set1_epi8(mode == TY_CLI_LINE ? '\t' : ' ');
        __m128i maybe = _mm_setzero_si128(), x;
        size_t i;
        for (i = 0; i + 16 <= n; i += 16) {
            x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            _mm_storeu_si128((__m128i *)(void *)(dst + i), x);
            maybe = _mm_or_si128(maybe, maybe16(x, keep));
        }
        if (i < n) {
            x = _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16));
            _mm_storeu_si128((__m128i *)(void *)(dst + n - 16), x);
            maybe = _mm_or_si128(maybe, maybe16(x, keep));
        }
        return !_mm_movemask_epi8(maybe) || !needs_any(s, n, mode);
    }
#endif
    memcpy(dst, s, n);
    return !needs_any(s, n, mode);
}

void ty_cli_put_valid(FILE *out, const char *s, size_t n, ty_cli_text_mode mode)
{
    if (mode != TY_CLI_ESCAPE && !needs_any((const unsigned char *)s, n, mode))
        fwrite(s, 1, n, out);
    else
        put_text(out, s, n, mode, 1);
}

void ty_cli_put_flat(FILE *out, const char *s, size_t n)
{
    ty_cli_put_text(out, s, n, TY_CLI_FLAT);
}
