/*
 * quantities.h — private to the numbers check (numbers.c) and its tests: the quantities a
 * reader would check in one side of a unit, read with what a translator may do to them. Not
 * installed.
 *
 * The aligner's number anchors (anchors/numbers.c) answer "do these two sides share a
 * number?" with hashed keys; the check needs more: the value and its kind (a year, a month, a
 * time, a duration), how it is written (digits, words, inside a name), where it is, and what
 * the text around it says (来年, 旧暦, 失礼しました). This reader gives that, for both
 * languages, and the check (numbers.c) decides.
 */
#ifndef TY_QUANTITIES_H
#define TY_QUANTITIES_H

#include <stddef.h>
#include <stdint.h>

#include "taiyaku.h"

typedef enum ty__qkind {
    TY__Q_NUM = 0,  /* a count, an amount, a percentage, a plain number */
    TY__Q_YEAR,     /* a calendar year (Gregorian; era years converted: 令和6年 = 2024) */
    TY__Q_MONTH,    /* a month, 1..12 (3月, March) */
    TY__Q_DAY,      /* a day of a month (8日; the 8 of "March 8") */
    TY__Q_TIME,     /* a time of day, in minutes on a 12-hour clock (15時30分 = 3:30 p.m. = 210) */
    TY__Q_DURATION, /* hours and minutes, in minutes (1時間30分 = 90 minutes = 90) */
    TY__Q_KINDS
} ty__qkind;

enum {
    TY__QF_DIGITS = 1 << 0,   /* written with digits (of any width) */
    TY__QF_WORD = 1 << 1,     /* written in words: English number words, Han numerals */
    TY__QF_NAME = 1 << 2,     /* part of a word or a name (四日市, 三十六峰, 「八つ棟」, Second
                                 Thomas Shoal, the Seven Great Temples, Naomasa II) */
    TY__QF_PAREN = 1 << 3,    /* inside brackets */
    TY__QF_ERA = 1 << 4,      /* a Japanese era year (令和6年, 同37年, 元応3) */
    TY__QF_OLD = 1 << 5,      /* part of a date of the lunisolar calendar: a year before 1873,
                                 or marked 旧暦 */
    TY__QF_UNIT = 1 << 6,     /* a measure a translator converts (5丈1尺, 129里, 2石; 3 miles) */
    TY__QF_VAGUE = 1 << 7,    /* not an exact figure (数百, 20代, "hundreds", the 1990s) */
    TY__QF_ORDINAL = 1 << 8,  /* an ordinal or a Roman numeral written as a word (second, III) */
    TY__QF_DAYCOUNT = 1 << 9, /* a number of days (2日間) */
    TY__QF_SCALED = 1 << 10,  /* with a large scale word (万, 億, 兆, million, billion) */
    TY__QF_FRACTION = 1 << 11, /* a fraction's part (3分の1) */
    TY__QF_YEARCOUNT = 1 << 12, /* a number of years (2年間) */
    TY__QF_SMALLCOUNT = 1 << 13, /* two or three things counted (3か国, 2基) */
    TY__QF_PARTNER = 1 << 14, /* a word that may render a Japanese figure but says nothing by
                                 itself (both, pair, twice, bilateral: 両国, 二度, 2国間) */
    TY__QF_METRIC = 1 << 15   /* an English figure in a metric unit (6 km, 2.3m): the Japanese
                                 writes the same unit, or the same figure in another scale */
};

/* One quantity. */
typedef struct ty__qty {
    double value;    /* see ty__qkind */
    double alt;      /* another reading, or -1: 9割 = 90 (alt 9); 2時間 = 120 (alt 2) */
    uint8_t kind;
    uint16_t flags;
    uint32_t start, end; /* bytes of the text */
    int32_t date;    /* quantities written as one date (2024年3月8日, "March 8, 2024") share a
                        number >= 0; -1 when none */
    int32_t alt_of;  /* the same date or figure written again (1333年（元弘3）, 延元3年/建武5年,
                        5丈1尺（15.3m）): the index of the first quantity it repeats, or -1 */
} ty__qty;

/* What a text says about the quantities of its translation. */
enum {
    TY__QC_RELATIVE = 1, /* a relative date or reference (来年, 同日, 前条; "next year"), which a
                            translator may resolve to a year, a date, an article number */
    TY__QC_CORRECTION = 2 /* a speaker corrects a figure (約2時間…失礼しました、約3時間です):
                             quantities before `correction` may be left out */
};

/* A Japanese era: its name and years (Gregorian, the last one included). */
typedef struct ty__era_span {
    int first, last;
} ty__era_span;

/* The quantities of one text, in text order. */
typedef struct ty__qtys {
    ty__qty *v;
    size_t n, cap;
    unsigned context;       /* TY__QC_* */
    size_t correction;      /* TY__QC_CORRECTION: the byte offset of the correction */
    ty__era_span eras[8];   /* era names written without a year (元禄と文政の修理): their years */
    size_t neras;
} ty__qtys;

void ty__qtys_free(ty__qtys *q);

typedef struct ty__qreader ty__qreader;
ty_status ty__qreader_new(ty__qreader **out, ty_error *err);
void ty__qreader_free(ty__qreader *r);

/* The quantities of text[0, len) in `lang` (at most TY__Q_MAX_TEXT bytes are read). Numbers 0
 * and 1 are left out unless they are a month, a day, a time or a year (一つ, 一人, "one", "a"
 * have no number in their translation), and so are digits glued to a Latin word (G7, FY2024,
 * COVID-19: tokens). */
ty_status ty__qread(ty__qreader *r, ty_lang lang, const char *text, size_t len, ty__qtys *out);
#define TY__Q_MAX_TEXT ((size_t)1 << 16)

/* "number", "year", "month", "day", "time", "duration". */
const char *ty__qkind_name(int kind);

#endif
