/*
 * chars.h — private to the anchor extractors (extract.c, numbers.c, names.c, lexicon.c):
 * a segment's text decoded once into code points, each with a coarse class computed by ICU,
 * so every extractor walks the same arrays instead of decoding UTF-8 again. Not installed.
 */
#ifndef TY_ANCHORS_CHARS_H
#define TY_ANCHORS_CHARS_H

#include <stddef.h>
#include <stdint.h>

#include <unicode/utypes.h>

/* The class of a code point, as the extractors need it (from ICU properties). */
enum {
    TY__C_OTHER = 1, /* symbols, controls, undecodable bytes */
    TY__C_SPACE,     /* white space */
    TY__C_PUNCT,     /* punctuation, including ・ and ー-less marks */
    TY__C_DIGIT,     /* decimal digits of any script (ASCII, full-width, …) */
    TY__C_KNUM,      /* Han numerals: 〇一…九 十 百 千 万 億 兆 (values from ICU) */
    TY__C_NUMSYM,    /* other numeric symbols with a small integer value: ① Ⅱ ⑶ */
    TY__C_HAN,       /* other Han characters, and 々 */
    TY__C_HIRA,      /* hiragana */
    TY__C_KATA,      /* katakana, half-width katakana and the prolonged sound mark ー */
    TY__C_LATIN      /* letters of the Latin script, full-width included */
};

/* One segment's code points. off[i] is the byte offset of cp[i] in `text`, off[n] the length
 * read. num[i] is the numeric value of a DIGIT, KNUM or NUMSYM code point (else -1). */
typedef struct ty__chars {
    const char *text;
    UChar32 *cp;
    uint32_t *off;
    uint8_t *cls;
    double *num;
    size_t n, cap;
} ty__chars;

/* Latin tokens longer than this (in UTF-16 code units before folding, bytes after) are cut
 * there. */
#define TY__MAX_TOKEN 256

/* Case-fold and NFKC-normalize a run of code points to lowercase UTF-8 in out (NUL-terminated,
 * truncated to cap). Returns the byte length, 0 when nothing is left. ASCII fast path; ICU for
 * the rest. */
size_t ty__fold_utf8(const UChar32 *cp, size_t n, char *out, size_t cap);

#endif
