/*
 * lang.c — language codes in TMX: checking the ones taiyaku writes (BCP 47 shape, no '_',
 * which OmegaT silently skips) and comparing the ones it reads (any case, '-' or '_'). It
 * does not validate subtags against the IANA registry.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tmx.h"

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

int ty__tmx_lang_check(const char *code, int allow_all, char *why, size_t size)
{
    size_t sub = 0, nsub = 0, letters = 0;

    if (!code || !*code) {
        snprintf(why, size, "empty language code");
        return -1;
    }
    if (allow_all && !strcmp(code, "*all*"))
        return 0;
    if (strchr(code, '_')) {
        char fixed[64];
        size_t i;
        for (i = 0; code[i] && i + 1 < sizeof fixed; i++)
            fixed[i] = code[i] == '_' ? '-' : code[i];
        fixed[i] = '\0';
        snprintf(why, size,
                 "language code '%s' has '_': write '%s' (OmegaT and others skip units "
                 "with '_' codes)", code, fixed);
        return -1;
    }
    if (strlen(code) > 35) {
        snprintf(why, size, "language code '%.40s…' is too long", code);
        return -1;
    }
    for (const char *p = code;; p++) {
        if (*p == '-' || *p == '\0') {
            int ok = sub >= 1 && sub <= 8;
            if (nsub == 0) /* primary subtag: 2-8 letters, or the prefixes x and i */
                ok = ok && letters == sub && (sub >= 2 || lower(code[0]) == 'x' ||
                                              lower(code[0]) == 'i');
            if (!ok) {
                snprintf(why, size,
                         "language code '%s' is not a BCP 47 tag such as ja-JP, en-US or en",
                         code);
                return -1;
            }
            nsub++;
            sub = letters = 0;
            if (*p == '\0')
                break;
            continue;
        }
        if (!is_alpha(*p) && !is_digit(*p)) {
            snprintf(why, size,
                     "language code '%s' has '%c': only letters, digits and '-' are allowed",
                     code, *p);
            return -1;
        }
        sub++;
        letters += is_alpha(*p);
    }
    return 0;
}

int ty__tmx_lang_equal(const char *a, const char *b)
{
    for (;; a++, b++) {
        char x = *a == '_' ? '-' : lower(*a), y = *b == '_' ? '-' : lower(*b);
        if (x != y)
            return 0;
        if (!x)
            return 1;
    }
}

int ty__tmx_lang_primary(const char *code, const char *two, const char *three)
{
    size_t n = 0;

    if (!code)
        return 0;
    while (code[n] && code[n] != '-' && code[n] != '_')
        n++;
    for (int k = 0; k < 2; k++) {
        const char *want = k ? three : two;
        size_t i;
        if (!want || strlen(want) != n)
            continue;
        for (i = 0; i < n && lower(code[i]) == want[i]; i++)
            ;
        if (i == n)
            return 1;
    }
    return 0;
}
