/*
 * abbrev.h — private: the set of abbreviations that do not end an English sentence
 * (src/abbrev-en.txt compiled in, plus user files), and the closed list of words that
 * start sentences. Used by segment.c only. Not installed.
 */
#ifndef TY_ABBREV_H
#define TY_ABBREV_H

#include <stddef.h>

#include "taiyaku.h"

/* Abbreviations are at most this many bytes; a set holds at most TY__ABBREV_MAX of them. */
#define TY__ABBREV_LEN 32
#define TY__ABBREV_MAX 100000

typedef struct ty__abbrevs ty__abbrevs;

/* A set holding the built-in English list. */
ty_status ty__abbrevs_new(ty__abbrevs **out, ty_error *err);
void ty__abbrevs_free(ty__abbrevs *set);

/* Add the entries of a list: one abbreviation per line ("U.S.", "Art."; a missing final
 * period is added), '#' starts a comment, blank lines are skipped. `name` and line numbers
 * go into error messages (an entry with white space inside, over TY__ABBREV_LEN bytes, or
 * not valid UTF-8). */
ty_status ty__abbrevs_add_text(ty__abbrevs *set, const char *text, size_t len,
                               const char *name, ty_error *err);

/* Whether the token s[0, len) (ending with '.') is a listed abbreviation. An entry that
 * starts with a lower-case letter also matches the token capitalized ("e.g." — "E.g."). */
int ty__abbrevs_has(const ty__abbrevs *set, const char *s, size_t len);

/* Whether the ASCII word s[0, len) is a closed-class word (article, pronoun, preposition,
 * conjunction, sentence adverb, auxiliary) that typically starts an English sentence:
 * "The", "We", "At", "However", … Compared case-insensitively. */
int ty__is_starter_word(const char *s, size_t len);

#endif
