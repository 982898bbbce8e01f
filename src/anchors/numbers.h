/*
 * numbers.h — private: number, date, time and era-year anchors (numbers.c), and the pieces of
 * number reading that the consistency check's quantity reader (consistency/quantities.c) shares
 * with them. Not installed.
 */
#ifndef TY_NUMBERS_H
#define TY_NUMBERS_H

#include "anchors.h"
#include "chars.h"

/* What the number scanner keeps between segments: the Japanese era table, built from ICU's
 * Japanese calendar the first time a segment has an era year (令和6年). */
typedef struct ty__numbers ty__numbers;

ty_status ty__numbers_new(ty__numbers **out, ty_error *err);
void ty__numbers_free(ty__numbers *nb);

/* Append the TY_ANCHOR_NUMBER keys of one segment. Keys (strings hashed with ty__anchor_key):
 *   "nVALUE"   a number: 1000 for 1,000 / １，０００ / 千 / a thousand; 2700000 for 270万 and
 *              2.7 million; 2024 for 令和6年 and 2024; decimals as "n2.5"
 *   "mMONTH"   a month: 3月 / March
 *   "tH:MM"    a time of day on a 12-hour clock: 15時47分 / 3:47 p.m. → "t3:47"
 * The day of a date is a plain number (1月12日 / January 12 → "m1", "n12"). */
ty_status ty__numbers_extract(ty__numbers *nb, ty_lang lang, const ty__chars *t,
                              ty_anchor_set *out);

/* ---- the pieces of number reading (all on decoded text, from code point i) ---- */

/* A Japanese era from ICU's Japanese calendar. */
#define TY__ERA_MAXLEN 6
typedef struct ty__era {
    UChar32 name[TY__ERA_MAXLEN];
    size_t len;
    int start; /* the Gregorian year of the era's first year */
} ty__era;
/* The eras (about 240 since 大化), in ICU's order (chronological), loaded on first use; 0 when
 * ICU has no Japanese calendar. */
size_t ty__numbers_eras(ty__numbers *nb, const ty__era **eras);

/* Whether a digit run at i is glued to a Latin word (G7, CV-22, COVID-19, www.x.jp/2024). */
int ty__num_latin_glued(const ty__chars *t, size_t i);
/* The end of the Latin-and-digit token at i. */
size_t ty__num_skip_token(const ty__chars *t, size_t i);
/* Digits of any script with thousands separators and a decimal part: the end, the value in *v. */
size_t ty__num_digits(const ty__chars *t, size_t i, double *v);

/* A Japanese number: digit runs and Han numerals with 十 百 千 within a group and 万 億 兆
 * between groups (270万, 3万5000, 二千二十四). */
typedef struct ty__ja_num {
    double value;
    size_t end;
    int digits; /* digit runs seen */
    int kanji;  /* Han numerals seen */
    int scaled; /* 万, 億 or 兆 seen */
} ty__ja_num;
/* 0 when nothing was read. */
int ty__num_ja(const ty__chars *t, size_t i, ty__ja_num *p);

/* The ASCII word at i lowercased into w (cap bytes): its end, or i (w empty) when none. */
size_t ty__num_word_at(const ty__chars *t, size_t i, char *w, size_t cap);
/* Past spaces (and one hyphen before a letter when `hyphen`). */
size_t ty__num_skip_space(const ty__chars *t, size_t i, int hyphen);
/* "a.m.", "p.m.", "am", "pm" after spaces: the end, or 0. */
size_t ty__num_ampm(const ty__chars *t, size_t i);
/* An English number in words (twenty-one, a hundred, two thousand and five, third, secondly):
 * its end (i when none), *v the value, *strong nonzero when it is worth an anchor (>= 2, or
 * with a scale). */
size_t ty__num_words(const ty__numbers *nb, const ty__chars *t, size_t i, double *v, int *strong);
/* The value of the Roman numeral (I..XXXIX, capitals) spanning [i, e), or 0. */
int ty__num_roman(const ty__chars *t, size_t i, size_t e);

#endif
