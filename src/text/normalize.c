/*
 * normalize.c — ty_normalize: the matching form of a string. NFKC with case folding (ICU's
 * cached "nfkc_cf" instance: full-width ＡＢＣ１２３ → abc123, half-width ｶﾀｶﾅ → カタカナ,
 * Straße → strasse), white-space runs (any Unicode White_Space, U+3000 included) folded to
 * one ASCII space, trimmed. Runs on every segment, so short strings stay on the stack and
 * pure ASCII takes a path without ICU normalization. It does not segment or tokenize.
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

int ty__normal_as_is(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;

    for (size_t i = 0; i < len;) {
        unsigned c = u[i], cp;
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
        if (c < 0xe3 || c > 0xe9 || len - i < 3 || (u[i + 1] & 0xc0) != 0x80 ||
            (u[i + 2] & 0xc0) != 0x80)
            return 0;
        cp = ((c & 0x0fu) << 12) | ((u[i + 1] & 0x3fu) << 6) | (u[i + 2] & 0x3fu);
        if (!((cp >= 0x4e00 && cp <= 0x9fa5) || (cp >= 0x3041 && cp <= 0x3096) ||
              (cp >= 0x30a1 && cp <= 0x30fe) || (cp >= 0x300c && cp <= 0x3011) ||
              cp == 0x3001 || cp == 0x3002 || cp == 0x3005 || cp == 0x309d || cp == 0x309e))
            return 0;
        i += 3;
    }
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
    UChar s16[STACK_UNITS], n16[2 * STACK_UNITS];
    UChar *u = s16, *nu = n16;
    int32_t ulen = 0, nlen = 0;
    UErrorCode ue = U_ZERO_ERROR;
    const UNormalizer2 *nfkc_cf;
    char *out = NULL;

    if (!utf8)
        len = 0;
    if (is_ascii(utf8 ? utf8 : "", len))
        return normalize_ascii(utf8 ? utf8 : "", len, out_len);
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
