/*
 * dates.c — the days of the year a text names, as (month, day): "5月21日", "５月２１日",
 * "五月二十一日" in Japanese, "May 21", "May 21st", "21 May", "Sept. 3" in English. Pairing
 * keys them (evidence.c): the date of a press conference is the fact that tells it from the
 * one a week later. Numbers themselves are the anchors' job (anchors/numbers.c), which key a
 * month and a day apart; this file only finds the two written together, and keeps nothing.
 */
#include "config.h"

#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "pair.h"

#define MONTH_MARK 0x6708 /* 月 */
#define DAY_MARK 0x65E5   /* 日 */

/* A Japanese number written just before byte offset `end` of s (digits of any script, or Han
 * numerals up to 99 such as 二十一), or -1. */
static int number_before(const char *s, int32_t end)
{
    int value = 0, scale = 1, units = -1, digits = 0;
    int32_t i = end;

    while (i > 0) {
        int32_t j = i;
        UChar32 c;
        int d;
        U8_PREV(s, 0, j, c);
        if (c < 0)
            break;
        if ((d = u_charDigitValue(c)) >= 0) {
            if (units >= 0 || digits == 2)
                return -1;
            value += d * scale;
            scale *= 10;
            digits++;
        } else if (c == 0x5341) { /* 十 */
            if (units >= 0 || digits > 1)
                return -1;
            units = digits ? value : 0; /* what was read after 十 */
            value = 0;
            scale = 1;
            digits = 0;
        } else {
            double v = u_getNumericValue(c);
            if (v == U_NO_NUMERIC_VALUE || v < 0 || v > 9 || v != (int)v || digits)
                break;
            value = (int)v;
            scale = 10;
            digits = 1;
        }
        i = j;
    }
    if (units >= 0) /* 十, 十二, 二十, 二十一: the tens digit (if any) is in `value` */
        return (value ? value : 1) * 10 + units;
    return digits ? value : -1;
}

/* The same after byte offset `start`, ending at a 日; -1 when there is none. */
static int number_then_day(const char *s, int32_t n, int32_t start)
{
    int32_t i = start, j;
    UChar32 c;
    while (i < n) {
        j = i;
        U8_NEXT(s, j, n, c);
        if (c == DAY_MARK)
            return i > start ? number_before(s, i) : -1;
        if (c < 0 || (u_charDigitValue(c) < 0 && c != 0x5341 &&
                      u_getNumericValue(c) == U_NO_NUMERIC_VALUE))
            return -1;
        i = j;
    }
    return -1;
}

static void dates_ja(const char *s, int32_t n, void (*emit)(void *, int, int), void *user)
{
    int32_t i = 0;
    while (i < n) {
        int32_t at = i;
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c == MONTH_MARK) {
            int m = number_before(s, at), d = number_then_day(s, n, i);
            if (m >= 1 && m <= 12 && d >= 1 && d <= 31)
                emit(user, m, d);
        }
    }
}

static int month_of(const char *w, size_t n)
{
    static const char *const names[] = {"january", "february", "march",     "april",
                                        "may",     "june",     "july",      "august",
                                        "september", "october", "november", "december"};
    if (n == 4 && !memcmp(w, "sept", 4))
        return 9;
    for (int m = 0; m < 12; m++) {
        size_t len = strlen(names[m]);
        if ((n == len || (n == 3 && m != 4)) && !memcmp(w, names[m], n))
            return m + 1;
    }
    return 0;
}

typedef struct word {
    char w[16];
    size_t n;
    int number; /* 1-31 written in digits (with st, nd, rd, th), else -1 */
} word;

/* The next ASCII word of s from *i (letters and digits; a trailing '.' of an abbreviation
 * skipped), lower-cased; 0 when there is none. */
static int next_word(const char *s, size_t n, size_t *i, word *out)
{
    size_t j;
    while (*i < n && !((s[*i] | 0x20) >= 'a' && (s[*i] | 0x20) <= 'z') &&
           !(s[*i] >= '0' && s[*i] <= '9'))
        (*i)++;
    if (*i >= n)
        return 0;
    out->n = 0;
    out->number = -1;
    for (j = *i; j < n && (((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z') ||
                           (s[j] >= '0' && s[j] <= '9'));
         j++)
        if (out->n < sizeof out->w - 1)
            out->w[out->n++] = (char)(s[j] >= 'A' && s[j] <= 'Z' ? s[j] | 0x20 : s[j]);
    out->w[out->n] = '\0';
    if (out->w[0] >= '0' && out->w[0] <= '9') {
        size_t k = 0;
        int v = 0;
        while (k < out->n && out->w[k] >= '0' && out->w[k] <= '9' && k < 3)
            v = v * 10 + (out->w[k++] - '0');
        if (k <= 2 && (k == out->n || !strcmp(out->w + k, "st") || !strcmp(out->w + k, "nd") ||
                       !strcmp(out->w + k, "rd") || !strcmp(out->w + k, "th")))
            out->number = v >= 1 && v <= 31 ? v : -1;
        /* a number glued to more digits or a decimal point is no day */
        if (j < n && (s[j] == '.' || s[j] == ':') && j + 1 < n && s[j + 1] >= '0' && s[j + 1] <= '9')
            out->number = -1;
    }
    *i = j;
    return 1;
}

static void dates_en(const char *s, size_t n, void (*emit)(void *, int, int), void *user)
{
    word prev = {{0}, 0, -1}, cur;
    size_t i = 0;
    int pending = 0; /* the month of the previous word, waiting for its day */

    while (next_word(s, n, &i, &cur)) {
        int m = cur.number < 0 ? month_of(cur.w, cur.n) : 0;
        if (pending && cur.number > 0)
            emit(user, pending, cur.number);
        else if (m && prev.number > 0)
            emit(user, m, prev.number); /* 21 May */
        pending = m;
        prev = cur;
    }
}

void ty__pair_dates(ty_lang lang, const char *text, size_t len,
                    void (*emit)(void *user, int month, int day), void *user)
{
    if (len > INT32_MAX)
        len = INT32_MAX;
    if (lang == TY_LANG_JA)
        dates_ja(text, (int32_t)len, emit, user);
    else
        dates_en(text, len, emit, user);
}
