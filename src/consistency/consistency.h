/*
 * consistency.h — private to the consistency modules (src/consistency/): reading units with
 * every provenance from a memory, running checks (findings, ids, what is left out, the unit
 * checks), word tokens with normalized keys for n-gram counting, and phrase reports. Not
 * installed; the public API is the "Consistency" section of taiyaku.h.
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

/* The same for units ids[0, n) into e[i], norm[i] (a memory in another backend reads them in
 * few requests, not one a unit). */
ty_status ty__entries_read(ty__entry_reader *r, const long long *ids, size_t n,
                           const char *only_doc, double max_conf, ty__arena *a, ty_tm_entry *e,
                           ty__entry_norm *norm, ty_error *err);

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

/* The same two (a thin dispatch: an SQLite memory is searched by the two above, a memory in
 * another backend through its `containing` entry, its estimate for 1–2 characters computed
 * from the texts as the trigram table would give it). */
ty_status ty__units_with(ty_tm *tm, ty_lang lang, const char *norm, size_t n, size_t limit,
                         long long **ids, size_t *count, ty_error *err);
ty_status ty__units_with_count(ty_tm *tm, ty_lang lang, const char *norm, size_t n, size_t limit,
                               size_t *count, ty_error *err);
/* At least ty__units_with_count's count, at less cost where the memory can tell: in an SQLite
 * memory with posting lists, for 3+ characters, the units its rarest trigram's list holds
 * (ty__plist_bound); *exact when it is the count itself. */
ty_status ty__units_with_bound(ty_tm *tm, ty_lang lang, const char *norm, size_t n, size_t limit,
                               size_t *count, int *exact, ty_error *err);

/* Read a whole file (at most `max` bytes: else TY_ERR_TOOBIG saying "WHAT of more than N MiB")
 * into *out, malloc'd and NUL-terminated (files.c). */
ty_status ty__file_read(const char *path, size_t max, const char *what, char **out, size_t *len,
                        ty_error *err);

/* The lines of a file read with ty__file_read: zero-initialize, then call ty__next_line until
 * text is NULL. Each line is NUL-terminated in place (its line end removed), UTF-8 checked
 * (TY_ERR_ENCODING naming the file and line); blank lines and lines starting with '#' are
 * skipped, and so is a BOM. */
typedef struct ty__line {
    char *text;       /* NULL at the end */
    size_t len;
    long number;      /* 1-based */
    long long offset; /* of its first byte in the file */
    size_t at;        /* where the next line starts */
} ty__line;
ty_status ty__next_line(const char *path, char *buf, size_t len, ty__line *l, ty_error *err);
/* Split a line at its tabs (in place) into f[0, max): the number of fields, or max + 1 when
 * there are more. */
size_t ty__split_tabs(char *line, char **f, size_t max);

/* ---- running checks: findings, ids, what is left out (finding.c, ignore.c) ---- */

struct ty__unit_checks;

/* One run of checks: where findings go and what is left out of them. */
typedef struct ty__checker {
    ty_tm *tm;              /* NULL: a new translation checked without a memory */
    ty_check_opts o;
    ty_check_fn fn;
    void *ud;
    ty_check_counts *counts;
    ty__u64map ignored;     /* accepted finding ids (ignore file, memory) */
    ty__entry_reader rd;    /* reading units of tm */
    int rd_open;
    ty__arena a;            /* the current finding's strings, cleared per unit or group */
    struct ty__unit_checks *uc; /* the unit checks' state (check_unit.c) */
    struct sqlite3_stmt *near;  /* ty__unit_neighbours' query, prepared once a run */
    ty_error *err;          /* the run's error record (never NULL) */
    ty_error local_err;     /* the record when the caller gives none */
    ty_check_counts local_counts;
} ty__checker;

/* Start a run; `counts` and `err` may be NULL (the checker's own are used). On failure the
 * checker is done and c->err holds why. */
ty_status ty__checker_init(ty__checker *c, ty_tm *tm, const ty_check_opts *o, ty_check_fn fn,
                           void *ud, ty_check_counts *counts, ty_error *err);
void ty__checker_done(ty__checker *c);
/* What a run returns for status rc: a failure without a message (out of memory inside a
 * check) gets one; a callback's own status is passed on as it is. */
ty_status ty__checker_status(ty__checker *c, ty_status rc);

/* A finding's id: TY_CHECK_ID_LEN hex digits into id (17 bytes), a hash of the kind and key. */
void ty__finding_id(ty_check_kind kind, const char *key, size_t klen, char *id);

/* Report a finding (its strings may live in c->a): its id from its kind and `key` (what makes
 * it this finding: normalized texts and what was found), then left out when accepted or below
 * the minimum severity, else counted and passed to the callback. */
ty_status ty__emit(ty__checker *c, ty_check_finding *f, const char *key, size_t klen);

/* The accepted finding ids of the memory into *set (ignore.c). */
ty_status ty__ignored_load(ty_tm *tm, ty__u64map *set, ty_error *err);
/* The ids of an ignore file into *set. */
ty_status ty__ignore_file_read(const char *path, ty__u64map *set, ty_error *err);
/* The 64-bit value of a valid finding id. */
uint64_t ty__id_value(const char *id);

/* SAME_JA or SAME_EN among units e[0, n) (their normalized texts nm), as check.c reports them
 * for a memory: each text of side `lang` with two or more renderings. */
ty_status ty__check_same_entries(ty__checker *c, ty_tm_entry *e, ty__entry_norm *nm, size_t n,
                                 ty_lang lang);

/* The stretch [*start, *end) of an original text whose normalization is norm[a, b) (norm =
 * ty_normalize(orig)); 0, 0 when none is found. */
void ty__locate_norm(const char *orig, const char *norm, size_t a, size_t b, size_t *start,
                     size_t *end);

/* The units within TY__NEAR positions of a unit in a document: the texts of one side, those
 * before nearest first (units.c). */
enum { TY__NEAR = 8 };
typedef int (*ty__near_fn)(void *ud, const char *const *before, size_t nb,
                           const char *const *after, size_t na);
/* Call fn with the neighbours of unit id (a unit of c->tm) in each of its occurrences, until it
 * returns 1 (then *hit = 1); the texts live in c->a. No call for a unit not in the memory. */
ty_status ty__unit_neighbours(ty__checker *c, long long id, ty_lang lang, ty__near_fn fn, void *ud,
                              int *hit);

/* ---- the unit checks (check_unit.c, numbers.c, check_text.c, rules.c; glossary.h) ---- */

/* A unit as the unit checks see it. */
typedef struct ty__unit_in {
    long long id;            /* in the memory; -1 for a new translation's unit */
    const char *text[2];     /* original Japanese, English */
    const char *norm[2];     /* normalized (ty_normalize) */
    const ty_tm_entry *entry; /* with its occurrences; NULL: read from the memory when needed */
    const char *only_doc;    /* the occurrences to show: of this document only (NULL: all) */
} ty__unit_in;

ty_status ty__unit_checks_new(ty__checker *c, ty_error *err);
void ty__unit_checks_free(struct ty__unit_checks *uc);
/* Run the unit checks the options ask for on one unit. */
ty_status ty__check_unit(ty__checker *c, const ty__unit_in *u);
/* The unit checks over the memory's units (or those of documents named c->o.document), in
 * document order. */
ty_status ty__check_units(ty__checker *c);

/* A found stretch being collected for a finding. */
typedef struct ty__spans {
    ty_check_span *v;
    size_t n, cap;
} ty__spans;
/* Add a span of side `lang` of unit 0, its text copied into the checker's arena. */
ty_status ty__span_add(ty__checker *c, ty__spans *s, ty_lang lang, const char *text, size_t start,
                       size_t end);

/* A finding about one unit: the entry (read when u->entry is NULL), the spans, severity, rank,
 * message, rule and expected; key = kind detail (the unit's normalized texts are added). */
ty_status ty__emit_unit(ty__checker *c, const ty__unit_in *u, ty_check_kind kind, ty__spans *sp,
                        ty_severity sev, double rank, const char *message, const char *rule,
                        const char *expected, const char *detail);

/* numbers.c: the numbers check of one unit. */
struct ty__numbers_state;
ty_status ty__numbers_state_new(struct ty__numbers_state **out, ty_error *err);
void ty__numbers_state_free(struct ty__numbers_state *ns);
ty_status ty__check_numbers(ty__checker *c, struct ty__numbers_state *ns, const ty__unit_in *u);

/* check_text.c: untranslated, tokens, brackets, repeated words, spaces. */
ty_status ty__check_text(ty__checker *c, const ty__unit_in *u);

/* rules.c: the user's regular expressions. */
ty_status ty__check_rules(ty__checker *c, const ty_check_rules *rules, const ty__unit_in *u);

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
    TY__TOK_KANJI_END = 512,   /* its last character is Han or katakana */
    TY__TOK_SURU = 1024,       /* hiragana that can begin a form of する (し す さ せ) */
    TY__TOK_SUFFIX = 2048,     /* a one-character Han suffix (等 氏 様 達 的 性 化 者 際) */
    TY__TOK_LIST_TAIL = 4096   /* a one-character Han word that ends a list (等 他) */
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
/* The same words and normalized text, with only each word's place in both (start, end,
 * nstart, nend): no hash, flags, character count or gap; for counting words, locating a
 * match and substring counts, at a fraction of the cost. */
ty_status ty__tokenize_spans(ty__tokenizer *tk, const char *text, size_t len, ty__toks *out,
                             ty_error *err);
#define TY__TOK_MAX_TEXT ((size_t)1 << 20)
/* Whether the tokens' normalized text copies code point c as it is, without ICU: ASCII but
 * the capitals (lowered the same way; no two ASCII characters compose), and ranges of kana,
 * Japanese punctuation and ideographs that normalization (NFKC with case folding) maps to
 * themselves and that nothing before them composes with. */
int ty__norm_kept(int32_t c);

/* The hash of words i..j (inclusive) is built by chaining: h = ty__ngram_first(tok i), then
 * h = ty__ngram_next(h, tok k-1, tok k) for k = i+1..j. Equal keys give equal hashes. */
uint64_t ty__ngram_first(const ty__tok *t);
uint64_t ty__ngram_next(uint64_t h, const ty__tok *prev, const ty__tok *t);

/* Whether Japanese words i..j can be a phrase (see phrase_tokens.c): they start on a word
 * with a letter other than hiragana and end on a word without hiragana, not on a number nor
 * next to one (1|月|10|日), and not on a one-character verb stem (開|か); they do not start on
 * a suffix (等|の|分野) or with a predicate (発生|し|た|地震), nor end on a list's tail (シェルター|等). */
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
/* The same count by a search through the whole sample (what ty__bg_substring does for a
 * needle of one byte; tests compare the two). */
size_t ty__bg_substring_scan(const ty__bg *bg, const char *s, size_t n, const uint8_t *mask);

struct ty__gcache *ty__gcache_new(void);
void ty__gcache_free(struct ty__gcache *g);

ty_status ty__phrase_ctx_init(ty__phrase_ctx *c, ty_tm *tm, const ty_lexicon *lexicon,
                              ty_error *err);
void ty__phrase_ctx_done(ty__phrase_ctx *c);

/* The recurring Japanese phrases of the memory (ty_phrases_find's, without their reports), as
 * normalized keys (malloc'd, each and the array), most documents first; with `allowed`, only
 * phrases whose every word n-gram hash is in it (the n-grams of a new document). */
ty_status ty__phrases_mine(ty__phrase_ctx *pc, const ty_phrases_opts *o, const ty__u64map *allowed,
                           char ***keys, size_t *n, ty_error *err);

/* The expected length of a rendering of the report's phrase and its dominant rendering's
 * length, in words (0: no rendering). */
void ty__phrase_lengths(const ty_phrase_report *report, double *expected, size_t *words);

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
    int mostly_phrase; /* the phrase is most of its own side (私からは以上です。): the whole
                          other side then renders it */
    long rendering; /* -1: none */
    uint32_t rstart, rlen;
} ty__sunit;

/* A rendering found: words [tok, tok+len) of units[unit] (its first unit). */
typedef struct ty__found {
    uint64_t hash;
    uint32_t unit, tok, len;
    size_t units, uses;
    double dice, llr;
    uint64_t seed_hash;     /* the n-gram it grew from (its own hash when it did not grow) */
    uint32_t seed_tok, seed_len; /* at words [seed_tok, seed_tok+seed_len) of units[unit] */
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
