/*
 * unicode.c — small Unicode helpers over UTF-8 bytes: stepping over characters, white space
 * and line breaks, closing punctuation, counting characters. It does not normalize
 * (text/normalize.c) or segment (segment/).
 */
#include "config.h"

#include <stdatomic.h>
#include <stdint.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "taiyaku.h"
#include "unicode.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <tmmintrin.h>
#define TY_HAVE_SSSE3_PATH 1
#endif

size_t ty__linebreak_len(const char *s, size_t len, size_t i)
{
    if (i >= len)
        return 0;
    if (s[i] == '\n')
        return 1;
    if (s[i] == '\r')
        return (i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
    return 0;
}

UChar32 ty__char_at(const char *s, size_t len, size_t i, size_t *n)
{
    const unsigned char *u = (const unsigned char *)s + i;
    int32_t j = 0, w = (int32_t)(len - i < 4 ? len - i : 4);
    UChar32 c;

    /* ASCII, and three-byte characters whose lead byte allows any trail bytes */
    if (w >= 1 && u[0] < 0x80) {
        *n = 1;
        return u[0];
    }
    if (w >= 3 && u[0] >= 0xE1 && u[0] <= 0xEF && u[0] != 0xED && (u[1] & 0xC0) == 0x80 &&
        (u[2] & 0xC0) == 0x80) {
        *n = 3;
        return (UChar32)((u[0] & 0x0F) << 12 | (u[1] & 0x3F) << 6 | (u[2] & 0x3F));
    }
    U8_NEXT((const uint8_t *)s + i, j, w, c);
    *n = (size_t)j;
    return c;
}

UChar32 ty__char_before(const char *s, size_t i, size_t *n)
{
    size_t k = i - 1, m;
    UChar32 c;

    while (k > 0 && i - k < 4 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    c = ty__char_at(s, i, k, &m);
    if (k + m != i) { /* not one well-formed character: step back one byte */
        *n = 1;
        return -1;
    }
    *n = m;
    return c;
}

size_t ty__space_len(const char *s, size_t len, size_t i)
{
    unsigned char c;
    size_t n;
    UChar32 cp;

    if (i >= len)
        return 0;
    c = (unsigned char)s[i];
    if (c < 0x80)
        return (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
                   ? 1 : 0;
    cp = ty__char_at(s, len, i, &n);
    return (cp >= 0 && ty__white_space(cp)) ? n : 0;
}

int ty__is_closer(UChar32 c)
{
    int8_t t;
    /* ASCII, 、。, kana and CJK ideographs (U+3041-9FFF holds no Pe or Pf) without the
     * property lookup; test_normalize compares this with ICU on every code point */
    if (c < 0x80)
        return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}';
    if ((c >= 0x3041 && c <= 0x9FFF) || c == 0x3001 || c == 0x3002)
        return 0;
    t = u_charType(c);
    return t == U_END_PUNCTUATION || t == U_FINAL_PUNCTUATION;
}

size_t ty__utf8_chars(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xc0) != 0x80;
    return k;
}

size_t ty_utf8_check(const char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        int32_t j = 0, w = (int32_t)(len - i < 4 ? len - i : 4);
        UChar32 c;
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        U8_NEXT((const uint8_t *)s + i, j, w, c);
        if (c < 0)
            return i;
        i += (size_t)j;
    }
    return len;
}

#if defined(TY_HAVE_SSSE3_PATH)
/* What may be wrong where a byte follows another (Keiser and Lemire, "Validating UTF-8 in less
 * than one instruction per byte", 2021): three tables, indexed by the high and the low four
 * bits of the byte before and the high four bits of the byte, each give the faults that pair
 * may show; a fault is there when all three name it. Bit 7 (two continuation bytes in a row)
 * is no fault where the byte two or three before was a three- or four-byte lead. */
enum {
    U8_TOO_SHORT = 1 << 0,      /* a lead byte not followed by a continuation byte */
    U8_TOO_LONG = 1 << 1,       /* a continuation byte after ASCII */
    U8_OVERLONG_3 = 1 << 2,     /* E0 80-9F */
    U8_TOO_LARGE = 1 << 3,      /* above U+10FFFF: F4 90-BF, F5-FF */
    U8_SURROGATE = 1 << 4,      /* ED A0-BF */
    U8_OVERLONG_2 = 1 << 5,     /* C0, C1 */
    U8_TOO_LARGE_1000 = 1 << 6, /* F5-FF 80-8F; the same bit where the byte before is F0:
                                   F0 80-8F, overlong */
    U8_TWO_CONTS = 1 << 7,      /* a continuation byte after a continuation byte */
    U8_CARRY = U8_TOO_SHORT | U8_TOO_LONG | U8_TWO_CONTS
};

/* valid_prefix_ssse3 asks for the bytes this far ahead of the block it checks: on a file read
 * from memory for the first time (mapped), the hardware's own prefetching stops at each 4 KiB
 * page, and the check waits on the memory. */
#define PREFETCH_AHEAD 1024

__attribute__((target("ssse3"))) static size_t valid_prefix_ssse3(const unsigned char *s,
                                                                   size_t n, int *high)
{
    const __m128i byte_1_high = _mm_setr_epi8(
        U8_TOO_LONG, U8_TOO_LONG, U8_TOO_LONG, U8_TOO_LONG, U8_TOO_LONG, U8_TOO_LONG,
        U8_TOO_LONG, U8_TOO_LONG, (char)U8_TWO_CONTS, (char)U8_TWO_CONTS, (char)U8_TWO_CONTS,
        (char)U8_TWO_CONTS, U8_TOO_SHORT | U8_OVERLONG_2, U8_TOO_SHORT,
        U8_TOO_SHORT | U8_OVERLONG_3 | U8_SURROGATE,
        U8_TOO_SHORT | U8_TOO_LARGE | U8_TOO_LARGE_1000);
    const char big = U8_CARRY | U8_TOO_LARGE | U8_TOO_LARGE_1000;
    const __m128i byte_1_low = _mm_setr_epi8(
        (char)(U8_CARRY | U8_OVERLONG_3 | U8_OVERLONG_2 | U8_TOO_LARGE_1000),
        (char)(U8_CARRY | U8_OVERLONG_2), (char)U8_CARRY, (char)U8_CARRY,
        (char)(U8_CARRY | U8_TOO_LARGE), big, big, big, big, big, big, big, big,
        (char)(big | U8_SURROGATE), big, big);
    const char cont = (char)(U8_TOO_LONG | U8_OVERLONG_2 | U8_TWO_CONTS);
    const __m128i byte_2_high = _mm_setr_epi8(
        U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT,
        U8_TOO_SHORT, U8_TOO_SHORT, (char)(cont | U8_OVERLONG_3 | U8_TOO_LARGE_1000),
        (char)(cont | U8_OVERLONG_3 | U8_TOO_LARGE), (char)(cont | U8_SURROGATE | U8_TOO_LARGE),
        (char)(cont | U8_SURROGATE | U8_TOO_LARGE), U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT,
        U8_TOO_SHORT);
    const __m128i low4 = _mm_set1_epi8(0x0F), zero = _mm_setzero_si128();
    __m128i prev = zero, any = zero, seen = zero; /* any: the bytes of the good blocks OR'ed */
    size_t i = 0, good = 0;

    for (; i + 64 <= n; i += 64) {
        __m128i err = zero;
        _mm_prefetch((const char *)s + i + PREFETCH_AHEAD, _MM_HINT_T0);
        for (int k = 0; k < 4; k++) {
            const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 16 * k));
            const __m128i prev1 = _mm_alignr_epi8(x, prev, 15);
            const __m128i fault = _mm_and_si128(
                _mm_and_si128(
                    _mm_shuffle_epi8(byte_1_high,
                                     _mm_and_si128(_mm_srli_epi16(prev1, 4), low4)),
                    _mm_shuffle_epi8(byte_1_low, _mm_and_si128(prev1, low4))),
                _mm_shuffle_epi8(byte_2_high, _mm_and_si128(_mm_srli_epi16(x, 4), low4)));
            /* a continuation byte that a three- or four-byte lead two or three bytes before
             * asks for (E0-FF two before, F0-FF three before: the top bit after subtracting) */
            const __m128i must = _mm_and_si128(
                _mm_or_si128(_mm_subs_epu8(_mm_alignr_epi8(x, prev, 14), _mm_set1_epi8(0x60)),
                             _mm_subs_epu8(_mm_alignr_epi8(x, prev, 13), _mm_set1_epi8(0x70))),
                _mm_set1_epi8((char)0x80));
            err = _mm_or_si128(err, _mm_or_si128(_mm_xor_si128(must, fault),
                                                 _mm_cmpeq_epi8(x, zero)));
            seen = _mm_or_si128(seen, x);
            prev = x;
        }
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(err, zero)) != 0xFFFF)
            break;
        any = seen;
        good = i + 64;
    }
    if (_mm_movemask_epi8(any))
        *high = 1;
    /* back to the start of the last character before `good` when it is not ASCII: it may go
     * on past `good` (over at most three continuation bytes to its lead byte) */
    if (good > 0) {
        size_t k = good;
        while (k + 3 > good && (s[k - 1] & 0xC0) == 0x80)
            k--;
        good = s[k - 1] >= 0xC0 ? k - 1 : k;
    }
    return good;
}
#endif

size_t ty__utf8_valid_prefix(const unsigned char *s, size_t n, int *high)
{
#if defined(TY_HAVE_SSSE3_PATH)
    /* found once; documents are read on several threads at once (an atomic: the threads may
     * find it at the same time, each writing the same value) */
    static atomic_int ssse3 = -1;
    int have = atomic_load_explicit(&ssse3, memory_order_relaxed);
    if (have < 0) {
        __builtin_cpu_init();
        have = __builtin_cpu_supports("ssse3") ? 1 : 0;
        atomic_store_explicit(&ssse3, have, memory_order_relaxed);
    }
    if (have)
        return valid_prefix_ssse3(s, n, high);
#endif
    (void)s, (void)n, (void)high;
    return 0;
}
