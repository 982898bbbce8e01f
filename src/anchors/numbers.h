/*
 * numbers.h — private: number, date, time and era-year anchors (numbers.c). Not installed.
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

#endif
