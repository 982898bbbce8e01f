/*
 * script.c — ty_script_count and ty_lang_guess: how much of a text is written in Japanese
 * letters (Han, Hiragana, Katakana, as ICU's script property says) and how much in Latin
 * letters, and the language that makes it. It is what a pair check needs to see that the two
 * sides of a pair are swapped or not Japanese and English at all; it does not identify other
 * languages (Chinese counts as Japanese, French as English).
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "text.h"

/* A character's letter class as ICU's properties give it: 0 not a letter, 1 Japanese (Han,
 * Hiragana, Katakana, or used in kana: the prolonged sound mark), 2 Latin, 3 another script. */
static int letter_class(UChar32 ch)
{
    UErrorCode e = U_ZERO_ERROR;
    UScriptCode sc;

    if (ch < 0)
        return 0; /* an ill-formed sequence */
    if (ch < 0x80)
        return ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') ? 2 : 0;
    if (!u_isalpha(ch))
        return 0;
    sc = uscript_getScript(ch, &e);
    if (sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA ||
        uscript_hasScript(ch, USCRIPT_KATAKANA) || uscript_hasScript(ch, USCRIPT_HIRAGANA))
        return 1;
    return sc == USCRIPT_LATIN ? 2 : 3;
}

static void count_class(ty_script_counts *c, int k)
{
    if (k == 1)
        c->japanese++;
    else if (k == 2)
        c->latin++;
    else if (k == 3)
        c->other++;
}

void ty__script_count_icu(const char *utf8, size_t len, ty_script_counts *c)
{
    int32_t i = 0, n = len > INT32_MAX ? INT32_MAX : (int32_t)len;

    c->japanese = c->latin = c->other = 0;
    while (i < n) {
        UChar32 ch;
        U8_NEXT(utf8, i, n, ch);
        count_class(c, letter_class(ch));
    }
}

/* The ASCII letters among eight bytes below 0x80: a byte folded to lower case is a letter when
 * adding 0x1F carries it to 0x80 or more (it is 'a' or more) and adding 0x05 does not (it is
 * below '{'); no byte carries into the next. (No popcount instruction: without -mpopcnt it
 * is a call into libgcc.) */
static size_t ascii_letters8(uint64_t w)
{
    uint64_t x = w | 0x2020202020202020ULL;
    uint64_t from_a = x + 0x1f1f1f1f1f1f1f1fULL, past_z = x + 0x0505050505050505ULL;
    uint64_t m = (from_a & ~past_z & 0x8080808080808080ULL) >> 7;
    return (size_t)((m * 0x0101010101010101ULL) >> 56); /* the eight 0/1 bytes added up */
}

/* Whether the well-formed three-byte character at s (U+3000 to U+9FFF: lead byte E3 to E9) is
 * kana (the prolonged sound mark and the iteration marks included) or a CJK ideograph of
 * Unicode 1.1: letters that ICU's properties class as Japanese (tests/unit/test_text.c checks
 * every code point against letter_class). */
static int japanese3(const unsigned char *s)
{
    unsigned cp = ((unsigned)(s[0] & 0x0f) << 12) | ((unsigned)(s[1] & 0x3f) << 6) | (s[2] & 0x3fu);
    return (cp >= 0x4e00 && cp <= 0x9fa5) || (cp >= 0x3041 && cp <= 0x3096) ||
           (cp >= 0x309d && cp <= 0x309f) || (cp >= 0x30a1 && cp <= 0x30fa) ||
           (cp >= 0x30fc && cp <= 0x30ff);
}

/* As ty__script_count_icu counts, with ASCII taken eight bytes at a time and the kana and
 * common kanji told by their code points, without ICU's look-ups. */
void ty_script_count(const char *utf8, size_t len, ty_script_counts *c)
{
    const unsigned char *s = (const unsigned char *)utf8;
    int32_t i = 0, n = len > INT32_MAX ? INT32_MAX : (int32_t)len;

    c->japanese = c->latin = c->other = 0;
    while (i < n) {
        UChar32 ch;
        if (s[i] < 0x80) {
            uint64_t w;
            while (n - i >= 8 && (memcpy(&w, s + i, 8), !(w & 0x8080808080808080ULL))) {
                c->latin += ascii_letters8(w);
                i += 8;
            }
            for (; i < n && s[i] < 0x80; i++)
                c->latin += ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z');
            continue;
        }
        if (s[i] >= 0xe3 && s[i] <= 0xe9 && n - i >= 3 && (s[i + 1] & 0xc0) == 0x80 &&
            (s[i + 2] & 0xc0) == 0x80 && japanese3(s + i)) {
            c->japanese++;
            i += 3;
            continue;
        }
        U8_NEXT(utf8, i, n, ch);
        count_class(c, letter_class(ch));
    }
}

int ty_lang_guess(const ty_script_counts *c, ty_lang *lang, double *japanese_share)
{
    size_t letters = c->japanese + c->latin + c->other;
    /* a Japanese character carries about as much as an English word of five letters */
    double ja = (double)c->japanese, la = (double)c->latin / 5.0;
    double share = ja + la > 0 ? ja / (ja + la) : 0;

    if (japanese_share)
        *japanese_share = share;
    if (letters == 0 || (c->other > c->japanese + c->latin))
        return -1;
    *lang = share >= 0.5 ? TY_LANG_JA : TY_LANG_EN;
    return 0;
}
