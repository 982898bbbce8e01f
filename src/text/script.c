/*
 * script.c — ty_script_count and ty_lang_guess: how much of a text is written in Japanese
 * letters (Han, Hiragana, Katakana, as ICU's script property says) and how much in Latin
 * letters, and the language that makes it. It is what a pair check needs to see that the two
 * sides of a pair are swapped or not Japanese and English at all; it does not identify other
 * languages (Chinese counts as Japanese, French as English).
 */
#include "config.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "taiyaku.h"

void ty_script_count(const char *utf8, size_t len, ty_script_counts *c)
{
    int32_t i = 0, n = len > INT32_MAX ? INT32_MAX : (int32_t)len;

    c->japanese = c->latin = c->other = 0;
    while (i < n) {
        UChar32 ch;
        UErrorCode e = U_ZERO_ERROR;
        UScriptCode sc;
        U8_NEXT(utf8, i, n, ch);
        if (ch < 0x80) {
            if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z')
                c->latin++;
            continue;
        }
        if (ch < 0 || !u_isalpha(ch))
            continue;
        sc = uscript_getScript(ch, &e);
        if (sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA ||
            uscript_hasScript(ch, USCRIPT_KATAKANA) || uscript_hasScript(ch, USCRIPT_HIRAGANA))
            c->japanese++;
        else if (sc == USCRIPT_LATIN)
            c->latin++;
        else
            c->other++;
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
