/*
 * uchars.h — private: character predicates for the hot loops (normalization, segmentation),
 * where ICU's property lookup per character shows in profiles. Not installed.
 */
#ifndef TY_UCHARS_H
#define TY_UCHARS_H

#include <unicode/umachine.h>

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

#endif
