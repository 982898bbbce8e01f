/*
 * names.h — private: katakana names and loanwords ↔ English words through a coarse phonetic
 * key (names.c). Not installed.
 */
#ifndef TY_NAMES_H
#define TY_NAMES_H

#include <unicode/utrans.h>

#include "anchors.h"
#include "chars.h"

/* ICU's transliterators that anchors use, built once for the process: ty__translit_new gives
 * the caller its own clone (utrans_close it), or NULL when ICU cannot build it. */
typedef enum ty__translit {
    TY__TRANSLIT_KATAKANA, /* "Katakana-Latin; Latin-ASCII": katakana names */
    TY__TRANSLIT_KANA,     /* "Hiragana-Latin; Katakana-Latin; Latin-ASCII": EDICT readings */
    TY__TRANSLITS
} ty__translit;

UTransliterator *ty__translit_new(ty__translit which);

/* The ICU Katakana-Latin transliterator and a cache of the keys of the katakana words seen. */
typedef struct ty__names ty__names;

ty_status ty__names_new(ty__names **out, ty_error *err);
void ty__names_free(ty__names *nm);

/* Append the TY_ANCHOR_NAME keys of one segment: in Japanese, one per katakana word (runs split
 * at ・ and ＝); in English, one per capitalized word or lowercase word of 5+ letters, and one
 * per run of 2-3 capitalized words written together (Saudi Arabia → "saudiarabia"). */
ty_status ty__names_extract(ty__names *nm, ty_lang lang, const ty__chars *t, ty_anchor_set *out);

/* The phonetic skeleton of an ASCII word (letters only are read, case ignored). Flags:
 * TY__SK_ROMAJI: the word is a transliteration of katakana (else English spelling);
 * TY__SK_KEEP_R: an English r before a consonant is kept (Portugal as ポルトガル writes it,
 * not as パートナー drops it). Writes a
 * NUL-terminated key to out (cap >= 2) and returns its length, 0 when the word is too short to
 * be a key. Exposed for the unit test. */
#define TY__SK_ROMAJI 1
#define TY__SK_KEEP_R 2
size_t ty__name_skeleton(const char *w, size_t n, int flags, char *out, size_t cap);

#endif
