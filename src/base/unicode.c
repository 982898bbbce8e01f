/*
 * unicode.c — small Unicode helpers over UTF-8 bytes: stepping over characters, white space
 * and line breaks, closing punctuation, counting characters. It does not normalize
 * (text/normalize.c) or segment (segment/).
 */
#include "config.h"

#include <stdint.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "taiyaku.h"
#include "unicode.h"

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
