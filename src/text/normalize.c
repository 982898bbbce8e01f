/*
 * normalize.c — ty_normalize: the matching form of a string. NFKC with case folding (ICU's
 * cached "nfkc_cf" instance: full-width ＡＢＣ１２３ → abc123, half-width ｶﾀｶﾅ → カタカナ,
 * Straße → strasse), white-space runs (any Unicode White_Space, U+3000 included) folded to
 * one ASCII space, trimmed. Runs on every segment, so short strings stay on the stack, and
 * pure ASCII and text made of the common Japanese characters (kana, kanji, full-width forms,
 * the common punctuation) take paths without ICU. It does not segment or tokenize.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "taiyaku.h"
#include "base/unicode.h"
#include "text.h"

enum { STACK_UNITS = 512 };
/* the longest string normalized (ICU lengths are int32_t; NFKC may expand 18 times) */
#define NORM_MAX ((size_t)1 << 26)

static int is_ascii(const char *s, size_t len)
{
    const uint64_t hi = 0x8080808080808080ull;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & hi)
            return 0;
    }
    for (; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    return 1;
}

/* The bytes of w (eight ASCII bytes) that are A-Z, lowercased; *odd gets whether one is a
 * control character (below 0x20), *spaces a 0x80 bit on each space. */
static uint64_t lower8(uint64_t w, int *odd, uint64_t *spaces)
{
    const uint64_t ones = 0x0101010101010101ull, hi = 0x8080808080808080ull;
    uint64_t upper = (w + 0x3f * ones) & ~(w + 0x25 * ones) & hi; /* 'A' or more, below '[' */
    uint64_t y = w ^ (0x20 * ones);

    *odd |= ((w - 0x20 * ones) & ~w & hi) != 0;
    *spaces = ~(((y & ~hi) + ~hi) | y) & hi;
    return w | (upper >> 2);
}

/* ASCII: NFKC_Casefold only lowercases A-Z; white space per ICU. A string without control
 * characters whose spaces stand alone between words (most English sentences) is lowercased
 * eight bytes at a time; any other goes a byte at a time. */
static char *normalize_ascii(const char *s, size_t len, size_t *out_len)
{
    char *out = malloc(len + 1);
    size_t n = 0, i = 0;
    uint64_t spaces;
    int space = 0, odd = len > 0 && (s[0] == ' ' || s[len - 1] == ' ');

    if (!out)
        return NULL;
    for (; i + 8 <= len && !odd; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        w = lower8(w, &odd, &spaces);
        /* two spaces side by side, in the eight or across the eight before */
        odd |= (spaces & (spaces >> 8)) != 0 || (i > 0 && s[i - 1] == ' ' && s[i] == ' ');
        memcpy(out + i, &w, 8);
    }
    for (; i < len && !odd; i++) {
        unsigned char c = (unsigned char)s[i];
        odd = c < 0x20 || (c == ' ' && i > 0 && s[i - 1] == ' ');
        out[i] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    if (!odd) {
        out[len] = '\0';
        if (out_len)
            *out_len = len;
        return out;
    }
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 && ty__white_space(c)) {
            space = n > 0;
            continue;
        }
        if (space)
            out[n++] = ' ';
        space = 0;
        out[n++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    out[n] = '\0';
    if (out_len)
        *out_len = n;
    return out;
}

/* Whether the well-formed three-byte character at u (lead byte E3 to E9) is one that NFKC with
 * case folding leaves as it is and that is not white space: kana, the CJK ideographs of
 * Unicode 1.1 and 、。々「」『』【】. */
static int kept3(const unsigned char *u)
{
    unsigned cp = ((u[0] & 0x0fu) << 12) | ((u[1] & 0x3fu) << 6) | (u[2] & 0x3fu);
    return (cp >= 0x4e00 && cp <= 0x9fa5) || (cp >= 0x3041 && cp <= 0x3096) ||
           (cp >= 0x30a1 && cp <= 0x30fe) || (cp >= 0x300c && cp <= 0x3011) || cp == 0x3001 ||
           cp == 0x3002 || cp == 0x3005 || cp == 0x309d || cp == 0x309e;
}

/* The length of the well-formed three-byte character at u[0, n) with lead byte E3 to E9, or
 * 0 when the bytes there are not one. */
static size_t is_three(const unsigned char *u, size_t n)
{
    return n >= 3 && u[0] >= 0xe3 && u[0] <= 0xe9 && (u[1] & 0xc0) == 0x80 &&
                   (u[2] & 0xc0) == 0x80
               ? 3
               : 0;
}

int ty__normal_as_is(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;

    for (size_t i = 0; i < len;) {
        unsigned c = u[i];
        if (c == ' ') { /* one space between two other characters */
            if (i == 0 || i + 1 == len || u[i + 1] == ' ')
                return 0;
            i++;
            continue;
        }
        if (c < 0x80) {
            if (c < 0x21 || c > 0x7e || (c >= 'A' && c <= 'Z'))
                return 0;
            i++;
            continue;
        }
        if (!is_three(u + i, len - i) || !kept3(u + i))
            return 0;
        i += 3;
    }
    return 1;
}

/* The ASCII character a full-width form at u[0, n) stands for (U+FF01-FF5E: EF BC 81-BF and
 * EF BD 80-9E, which NFKC makes ASCII 0x21-0x7E), or 0. */
static unsigned fullwidth(const unsigned char *u, size_t n)
{
    if (n < 3 || u[0] != 0xef)
        return 0;
    if (u[1] == 0xbc && u[2] >= 0x81 && u[2] <= 0xbf)
        return u[2] - 0x81u + 0x21u;
    if (u[1] == 0xbd && u[2] >= 0x80 && u[2] <= 0x9e)
        return u[2] - 0x80u + 0x60u;
    return 0;
}

/* ty_normalize without ICU for text made only of the characters most Japanese text is made
 * of: those ty__normal_as_is keeps, the full-width forms of ASCII (A-Z then folded), and
 * white space among ASCII's and U+3000. None of them composes with another. Returns 1 with
 * *out (malloc'd) and *out_len set, 0 when s holds any other character, -1 when out of
 * memory. */
static int normalize_common(const char *s, size_t len, char **out, size_t *out_len)
{
    const unsigned char *u = (const unsigned char *)s;
    char *o = malloc(len + 1); /* never longer: a full-width form becomes one byte */
    size_t n = 0, i = 0;
    int space = 0;

    if (!o)
        return -1;
    while (i < len) {
        unsigned c = u[i], a; /* a: the ASCII it becomes, 0: its three bytes kept */
        size_t k = 1;
        if (c < 0x80) {
            if (c <= 0x20 || c == 0x7f) {
                if (!ty__white_space(c))
                    break; /* a control character: ICU's */
                space = n > 0;
                i++;
                continue;
            }
            a = c;
        } else if (is_three(u + i, len - i) && kept3(u + i)) {
            a = 0;
            k = 3;
        } else if (c == 0xe3 && len - i >= 3 && u[i + 1] == 0x80 && u[i + 2] == 0x80) {
            space = n > 0; /* U+3000 */
            i += 3;
            continue;
        } else if ((a = fullwidth(u + i, len - i)) != 0) {
            k = 3;
        } else {
            break;
        }
        if (space)
            o[n++] = ' ';
        space = 0;
        if (a) {
            o[n++] = (char)(a >= 'A' && a <= 'Z' ? a + ('a' - 'A') : a);
        } else {
            memcpy(o + n, u + i, 3);
            n += 3;
        }
        i += k;
    }
    if (i < len) {
        free(o);
        return 0;
    }
    o[n] = '\0';
    *out = o;
    if (out_len)
        *out_len = n;
    return 1;
}

/* u[0, n) (already normalized) to UTF-8 with white space folded: a malloc'd exact copy. */
static char *fold_to_utf8(const UChar *u, int32_t n, size_t *out_len)
{
    char stack[3 * STACK_UNITS + 1];
    char *heap = NULL, *buf = stack, *out;
    size_t cap = 3 * (size_t)n + 1, len = 0;
    int space = 0;

    if (cap > sizeof stack) {
        if (!(heap = malloc(cap)))
            return NULL;
        buf = heap;
    }
    for (int32_t i = 0; i < n;) {
        UChar32 c;
        U16_NEXT(u, i, n, c);
        if (ty__white_space(c)) {
            space = len > 0;
            continue;
        }
        if (space)
            buf[len++] = ' ';
        space = 0;
        if (U_IS_SURROGATE(c))
            c = 0xFFFD;
        U8_APPEND_UNSAFE(buf, len, c);
    }
    buf[len] = '\0';
    if (heap) {
        out = realloc(heap, len + 1); /* shrink to fit: normalized copies are kept */
        if (!out)
            out = heap;
    } else {
        if (!(out = malloc(len + 1)))
            return NULL;
        memcpy(out, stack, len + 1);
    }
    if (out_len)
        *out_len = len;
    return out;
}

char *ty_normalize(const char *utf8, size_t len, size_t *out_len)
{
    char *out = NULL;

    if (!utf8)
        len = 0;
    if (is_ascii(utf8 ? utf8 : "", len))
        return normalize_ascii(utf8 ? utf8 : "", len, out_len);
    if (len > NORM_MAX)
        return NULL;
    switch (normalize_common(utf8, len, &out, out_len)) {
    case 1: return out;
    case -1: return NULL;
    default: return ty__normalize_icu(utf8, len, out_len);
    }
}

char *ty__normalize_icu(const char *utf8, size_t len, size_t *out_len)
{
    UChar s16[STACK_UNITS], n16[2 * STACK_UNITS];
    UChar *u = s16, *nu = n16;
    int32_t ulen = 0, nlen = 0;
    UErrorCode ue = U_ZERO_ERROR;
    const UNormalizer2 *nfkc_cf;
    char *out = NULL;

    if (!utf8)
        len = 0;
    if (len > NORM_MAX)
        return NULL;
    nfkc_cf = unorm2_getNFKCCasefoldInstance(&ue);
    if (U_FAILURE(ue))
        return NULL;
    /* to UTF-16 (ill-formed bytes become U+FFFD) */
    u_strFromUTF8WithSub(u, STACK_UNITS, &ulen, utf8, (int32_t)len, 0xFFFD, NULL, &ue);
    if (ue == U_BUFFER_OVERFLOW_ERROR) {
        ue = U_ZERO_ERROR;
        if (!(u = malloc(((size_t)ulen + 1) * sizeof *u)))
            goto done;
        u_strFromUTF8WithSub(u, ulen + 1, &ulen, utf8, (int32_t)len, 0xFFFD, NULL, &ue);
    }
    if (U_FAILURE(ue))
        goto done;
    nlen = unorm2_normalize(nfkc_cf, u, ulen, nu, 2 * STACK_UNITS, &ue);
    if (ue == U_BUFFER_OVERFLOW_ERROR) {
        ue = U_ZERO_ERROR;
        if (!(nu = malloc(((size_t)nlen + 1) * sizeof *nu)))
            goto done;
        nlen = unorm2_normalize(nfkc_cf, u, ulen, nu, nlen + 1, &ue);
    }
    if (U_FAILURE(ue))
        goto done;
    out = fold_to_utf8(nu, nlen, out_len);
done:
    if (u != s16)
        free(u);
    if (nu != n16)
        free(nu);
    return out;
}
