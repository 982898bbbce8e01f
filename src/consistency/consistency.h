/*
 * consistency.h — private to the consistency modules (consistency*.c, units.c,
 * phrase*.c, phrases.c, report_html.c): a bump allocator for reports, reading units with every
 * provenance from a memory, word tokens with normalized keys for n-gram counting, and counting
 * the units whose text contains a string. Not installed; the public API is the "Consistency"
 * section of taiyaku.h.
 */
#ifndef TY_CONSISTENCY_H
#define TY_CONSISTENCY_H

#include <stddef.h>
#include <stdint.h>

#include "anchors/anchors.h"
#include "base/arena.h"
#include "base/u64map.h"
#include "segment/doc.h"
#include "tm/tm.h"

/* ---- reading units (units.c) ---- */

/* What the consistency code reads of a unit besides its public ty_tm_entry. */
typedef struct ty__entry_norm {
    const char *norm[2]; /* normalized Japanese / English (ty_normalize of the originals) */
    long long first_doc; /* the document id and position of its first occurrence */
    long long first_pos;
} ty__entry_norm;

typedef struct ty__entry_reader {
    ty_tm *tm;
    sqlite3_stmt *unit, *occ, *occ_doc;
} ty__entry_reader;

ty_status ty__entry_reader_init(ty__entry_reader *r, ty_tm *tm, ty_error *err);
void ty__entry_reader_done(ty__entry_reader *r);

/* Read unit `id` into *e (texts, count, best confidence) and *norm, its strings in `a`.
 * Occurrences: every one when `only_doc` is NULL; else only those in documents named
 * `only_doc`; with `max_conf` >= 0 only those whose confidence is known and below it. */
ty_status ty__entry_read(ty__entry_reader *r, long long id, const char *only_doc, double max_conf,
                         ty__arena *a, ty_tm_entry *e, ty__entry_norm *norm, ty_error *err);

/* Whether some document of the memory has this name (TY_ERR_NOTFOUND, naming it, if not). */
ty_status ty__document_exists(ty_tm *tm, const char *name, ty_error *err);

/* Number of units in the memory. */
ty_status ty__units_total(ty_tm *tm, long long *n, ty_error *err);

/* Units whose normalized text in `lang` contains norm[0, n) (a normalized string): up to
 * `limit` ids in *ids (malloc'd, ascending), their number in *count. */
ty_status ty__units_containing(ty_tm *tm, ty_lang lang, const char *norm, size_t n, size_t limit,
                               long long **ids, size_t *count, ty_error *err);

/* How many units contain norm[0, n) in `lang`, counting at most `limit` (then *count = limit).
 * Strings of 1–2 characters are estimated from the trigram table (every trigram that starts
 * with them), which can count a unit twice: an upper bound, as the caller needs. */
ty_status ty__units_count(ty_tm *tm, ty_lang lang, const char *norm, size_t n, size_t limit,
                          size_t *count, ty_error *err);

/* ---- the numbers check (check_numbers.c) ---- */

/* TY_CHECK_NUMBERS over the memory, or the units of documents named `only_doc`; adds to
 * counts->findings[TY_CHECK_NUMBERS]. */
ty_status ty__check_numbers(ty_tm *tm, ty__entry_reader *rd, const char *only_doc, ty_check_fn fn,
                            void *ud, ty_check_counts *counts, ty_error *err);

/* ---- word tokens with normalized keys (phrase_tokens.c) ---- */

/* Token flags. */
enum {
    TY__TOK_HIRA = 1,     /* every character is hiragana (a particle, an ending) */
    TY__TOK_HAN1 = 2,     /* a single Han character */
    TY__TOK_PARTICLE = 4, /* a Japanese case particle (の に を が …, see phrase_tokens.c) */
    TY__TOK_STOP = 8,     /* an n-gram may not continue past this token (punctuation follows) */
    TY__TOK_JOINED = 16,  /* nothing (not even a space) lies between it and the next token */
    TY__TOK_LETTERS = 32, /* it has a letter that is not hiragana (Han, katakana, Latin) */
    TY__TOK_NUMBER = 64,  /* ICU's word rule says it is a number (digits) */
    TY__TOK_SOME_HIRA = 128,   /* it has a hiragana character (an inflected word: 基づく) */
    TY__TOK_KANJI_START = 256, /* its first character is Han or katakana */
    TY__TOK_KANJI_END = 512    /* its last character is Han or katakana */
};

typedef struct ty__tok {
    uint32_t start, end;   /* the word in the original text (bytes) */
    uint32_t nstart, nend; /* the normalized word in the token list's `norm` stream */
    uint32_t nchars;       /* characters of the normalized word */
    uint32_t flags;
    uint64_t hash; /* of the normalized word */
    uint64_t gap;  /* of the normalized text between it and the next word */
} ty__tok;

/* The words of one text, and their normalized text: words and the gaps between them, so that
 * the key of words i..j is norm[v[i].nstart, v[j].nend), a substring of ty_normalize(text). */
typedef struct ty__toks {
    ty__tok *v;
    size_t n, cap;
    char *norm;
    size_t nlen, ncap;
} ty__toks;
void ty__toks_free(ty__toks *t);

typedef struct ty__tokenizer ty__tokenizer;
ty_status ty__tokenizer_new(ty_lang lang, ty__tokenizer **out, ty_error *err);
void ty__tokenizer_free(ty__tokenizer *tk);
/* Tokenize text[0, len) (at most TY__TOK_MAX_TEXT bytes are read). */
ty_status ty__tokenize_words(ty__tokenizer *tk, const char *text, size_t len, ty__toks *out,
                             ty_error *err);
#define TY__TOK_MAX_TEXT ((size_t)1 << 20)

/* The hash of words i..j (inclusive) is built by chaining: h = ty__ngram_first(tok i), then
 * h = ty__ngram_next(h, tok k-1, tok k) for k = i+1..j. Equal keys give equal hashes. */
uint64_t ty__ngram_first(const ty__tok *t);
uint64_t ty__ngram_next(uint64_t h, const ty__tok *prev, const ty__tok *t);

/* Whether Japanese words i..j can be a phrase (see phrase_tokens.c): they start on a word
 * with a letter other than hiragana and end on a word without hiragana, not on a number nor
 * next to one (1|月|10|日), and not on a one-character verb stem (開|か). */
int ty__ja_bounded(const ty__toks *t, size_t i, size_t j);

/* Whether Japanese words i..j do not cut a run of Han and katakana that ICU split (国際|秩序):
 * a rendering is whole words of the text. */
int ty__ja_whole(const ty__toks *t, size_t i, size_t j);

/* ---- phrase reports (phrase.c, phrase_assoc.c) ---- */

/* What phrase reports share: the memory, its size, a tokenizer per language and a cache of how
 * many units contain an n-gram (per language). One for `phrase`, one for all of `phrases`. */
typedef struct ty__phrase_ctx {
    ty_tm *tm;
    ty__entry_reader rd;
    ty__tokenizer *tk[2];
    long long total;          /* units in the memory */
    struct ty__gcache *gc[2]; /* n-gram hash → units containing it (phrase_assoc.c) */
    ty_anchor_ctx *anchors;   /* the aligner's anchors (with the options' lexicon) */
    struct ty__bg *bg[2];     /* background samples (phrase_background.c), built when needed */
} ty__phrase_ctx;

/* ---- background frequencies (phrase_background.c) ---- */

typedef struct ty__bg ty__bg;
/* The context's sample of the memory's texts in `lang`, built on first use. */
ty_status ty__bg_get(ty__phrase_ctx *c, ty_lang lang, ty__bg **out, ty_error *err);
void ty__bg_free(ty__bg *bg);
size_t ty__bg_size(const ty__bg *bg);
/* A mask of the sample's units whose ids are in ids[0, n) (sorts ids); malloc'd; *masked
 * receives how many. */
uint8_t *ty__bg_mask(const ty__bg *bg, long long *ids, size_t n, size_t *masked);
/* Sample units outside the mask whose normalized text contains s[0, n). */
size_t ty__bg_substring(const ty__bg *bg, const char *s, size_t n, const uint8_t *mask);

struct ty__gcache *ty__gcache_new(void);
void ty__gcache_free(struct ty__gcache *g);

ty_status ty__phrase_ctx_init(ty__phrase_ctx *c, ty_tm *tm, const ty_lexicon *lexicon,
                              ty_error *err);
void ty__phrase_ctx_done(ty__phrase_ctx *c);

/* The report for a phrase already normalized. */
ty_status ty__phrase_report(ty__phrase_ctx *c, const char *norm, const ty_phrase_opts *opts,
                            ty_phrase_report **out, ty_error *err);

/* One unit of a phrase, as the rendering search sees it: its other-language words, how many
 * uses it stands for, and (filled by the search) its rendering and where it is. */
typedef struct ty__sunit {
    long long id;     /* the unit's */
    const char *text; /* the other-language original text */
    ty__toks other;
    size_t uses;
    long rendering; /* -1: none */
    uint32_t rstart, rlen;
} ty__sunit;

/* A rendering found: words [tok, tok+len) of units[unit] (its first unit). */
typedef struct ty__found {
    uint64_t hash;
    uint32_t unit, tok, len;
    size_t units, uses;
    double dice, llr;
} ty__found;

/* Find the renderings of a phrase in its units (their `other` side in language `other`):
 * see phrase_assoc.c. `expected` is the expected length of a rendering in words; `anchors`
 * the phrase's anchors (sorted). Fills units[i].rendering / rstart / rlen and *found
 * (malloc'd, in the order found). */
ty_status ty__find_renderings(ty__phrase_ctx *c, ty_lang other, ty__sunit *units, size_t n,
                              double expected, const ty_anchor_set *anchors,
                              const ty_phrase_opts *opts, ty__found **found, size_t *nfound,
                              ty_error *err);

/* ---- writing an HTML page (report_html.c; the batch stage's report uses it too) ---- */

struct _xmlDoc;
/* Serialize an HTML page as UTF-8 to a temporary file that replaces path when complete. */
ty_status ty__html_write_atomically(const char *path, struct _xmlDoc *doc, ty_error *err);

#endif
