/*
 * unicode.h — private: small Unicode helpers over UTF-8 bytes (stepping over characters,
 * white space and line breaks, closing punctuation, counting characters), and the White_Space
 * predicate the hot loops (normalization, segmentation) use instead of ICU's property lookup.
 * Not installed.
 */
#ifndef TY_BASE_UNICODE_H
#define TY_BASE_UNICODE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <unicode/umachine.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Exactly Unicode's White_Space property (ICU's u_isUWhiteSpace; stable since Unicode 6.3,
 * which dropped U+180E), without the property lookup: tests/unit/test_normalize.c compares
 * the two over every code point. */
static inline int ty__white_space(UChar32 c)
{
    if (c <= 0x20)
        return c == 0x20 || (c >= 0x09 && c <= 0x0D);
    if (c < 0x85)
        return 0;
    return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* The length of the invisible character at s[i] (i < end) that the segmenter takes for white
 * space at a segment's edges and in a blank line, 0 when there is none: U+200B ZERO WIDTH
 * SPACE (E2 80 8B), U+2060 WORD JOINER (E2 81 A0) and U+FEFF ZERO WIDTH NO-BREAK SPACE (EF BB
 * BF, a byte order mark left inside a text by concatenated files or pasted with one). */
static inline size_t ty__invisible_len(const char *s, size_t end, size_t i)
{
    const unsigned char *u = (const unsigned char *)s + i;
    if (i + 3 > end)
        return 0;
    if (u[0] == 0xE2)
        return (u[1] == 0x80 && u[2] == 0x8B) || (u[1] == 0x81 && u[2] == 0xA0) ? 3 : 0;
    return u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF ? 3 : 0;
}

/* Eight bytes at p as a little-endian number (p need not be aligned). */
static inline uint64_t ty__le64(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

/* Whether w (ty__le64) begins with two well-formed three-byte characters whose lead bytes are
 * E1-EC or EE-EF (all of Japanese text's but a few; E0 and ED, whose second byte has a
 * narrower range, are left to the caller): two characters tested at once, no table needed. */
static inline int ty__two_three_byte(uint64_t w)
{
    return (w & 0xC0C0F0C0C0F0ull) == 0x8080E08080E0ull &&
           ((0xDFFEu >> (w & 0xF)) & (0xDFFEu >> (w >> 24 & 0xF)) & 1);
}

/* Which of the first 15 of the 16 bytes at p are in place for five three-byte characters as
 * ty__two_three_byte accepts them (lead bytes E1-EC or EE-EF, trail bytes 80-BF): bit k set
 * when byte k is what its place asks for, each byte masked and compared with its place's
 * pattern, all at once. Always 0 where SSE2 is missing. */
static inline unsigned ty__three_byte_places(const unsigned char *p)
{
#if defined(__SSE2__)
    const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    const __m128i good = _mm_cmpeq_epi8(
        _mm_and_si128(x, _mm_setr_epi8(-16, -64, -64, -16, -64, -64, -16, -64, -64, -16, -64, -64,
                                       -16, -64, -64, 0)),
        _mm_setr_epi8(-32, -128, -128, -32, -128, -128, -32, -128, -128, -32, -128, -128, -32,
                      -128, -128, 0));
    /* E0 and ED at a lead byte's place (never equal at a trail byte's: 0 there) */
    const __m128i bad = _mm_or_si128(
        _mm_cmpeq_epi8(x, _mm_setr_epi8(-32, 0, 0, -32, 0, 0, -32, 0, 0, -32, 0, 0, -32, 0, 0, 1)),
        _mm_cmpeq_epi8(x, _mm_setr_epi8(-19, 0, 0, -19, 0, 0, -19, 0, 0, -19, 0, 0, -19, 0, 0, 1)));
    return (unsigned)_mm_movemask_epi8(_mm_andnot_si128(bad, good)) & 0x7FFF;
#else
    (void)p;
    return 0;
#endif
}

/* Whether the first 15 of the 16 bytes at p are five three-byte characters as
 * ty__two_three_byte accepts them. Always 0 (callers go on with ty__two_three_byte) where SSE2
 * is missing. */
static inline int ty__five_three_byte(const unsigned char *p)
{
    return ty__three_byte_places(p) == 0x7FFF;
}

/* Whether the 16 bytes at p are ASCII without NUL. Always 0 where SSE2 is missing. */
static inline int ty__ascii16(const unsigned char *p)
{
#if defined(__SSE2__)
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    return _mm_movemask_epi8(_mm_or_si128(x, _mm_cmpeq_epi8(x, _mm_setzero_si128()))) == 0;
#else
    (void)p;
    return 0;
#endif
}

/* The length of a prefix of s[0, n) that is well-formed UTF-8 without a NUL byte, ending at a
 * character's start, as found in blocks of 64 bytes without a branch on what the bytes are
 * (SSSE3, chosen at run time); the caller checks the rest, from there on, itself. Not always the
 * longest such prefix: the block that holds a bad byte, the last bytes (less than a block) and
 * a character cut by the end of the last good block are left to the caller; 0 where SSSE3 is
 * missing. *high is set to 1 when a byte >= 0x80 is in the prefix (else left as it is). */
size_t ty__utf8_valid_prefix(const unsigned char *s, size_t n, int *high);

/* The code points of the two characters ty__two_three_byte accepted. */
static inline UChar ty__three_byte_first(uint64_t w)
{
    return (UChar)((w & 0xF) << 12 | (w >> 2 & 0xFC0) | (w >> 16 & 0x3F));
}
static inline UChar ty__three_byte_second(uint64_t w)
{
    return (UChar)((w >> 24 & 0xF) << 12 | (w >> 26 & 0xFC0) | (w >> 40 & 0x3F));
}

/* The code point at s[i] (i < len) and its length in *n; -1 (with *n >= 1) for an
 * ill-formed sequence. */
UChar32 ty__char_at(const char *s, size_t len, size_t i, size_t *n);
/* The code point that ends just before s[i] (i > 0) and its length; -1 (with *n == 1) when
 * the bytes before i are not a well-formed character. */
UChar32 ty__char_before(const char *s, size_t i, size_t *n);

/* The byte length of the line break at s[i] (LF, CR or CRLF), 0 when s[i] is not one. */
size_t ty__linebreak_len(const char *s, size_t len, size_t i);

/* The byte length of the white-space character at s[i] (ASCII space, tab, form feed,
 * vertical tab, and any Unicode white space such as U+3000 and U+00A0; line breaks
 * included), 0 when s[i] does not start one. */
size_t ty__space_len(const char *s, size_t len, size_t i);

/* Whether c is a closing bracket or quote (general category Pe or Pf, or an ASCII quote). */
int ty__is_closer(UChar32 c);

/* The number of characters (lead bytes) in UTF-8 s[0, n). */
size_t ty__utf8_chars(const char *s, size_t n);

#endif
