/*
 * pair.h — private to document pairing (evidence.c, index.c, score.c, assign.c, pair.c): a
 * document's evidence, the archive's key table and the candidate pairs with what they share.
 * Not installed; the public API is ty_pair_* in taiyaku.h.
 *
 * A document is reduced to a sorted set of 64-bit keys, (kind << 32) | key: the anchors of its
 * segments (anchors/anchors.h: numbers, Latin tokens, lexicon glosses, katakana names), the
 * dates it names (a month and a day written together, one key), and tokens of its file name. A Japanese
 * document and its English version share keys; how much a shared key says depends on how
 * many documents of the archive hold it (score.c).
 */
#ifndef TY_PAIR_H
#define TY_PAIR_H

#include <stddef.h>
#include <stdint.h>

#include "taiyaku.h"

/* Key kinds: the four anchor kinds (TY_ANCHOR_*, 0-3), then these. */
enum {
    TY__PK_DATE = 4, /* a month and a day written together (dates.c) */
    TY__PK_FILE = 5, /* a token of the file name (digit runs, dates in them, words) */
    TY__PK_KINDS = 6
};
#define TY__PK_KIND(k) ((unsigned)((k) >> 32))

struct ty_pair_doc {
    ty_lang lang;
    char *name;      /* as given (a path relative to the archive's folder) */
    uint64_t *keys;  /* sorted, distinct */
    size_t nkeys;
    size_t chars;    /* code points of the segments, white space excluded */
    size_t segments;
};

/* The (month, day) dates a text names ("5月21日", "May 21", "21 May"), each passed to emit
 * (dates.c). */
void ty__pair_dates(ty_lang lang, const char *text, size_t len,
                    void (*emit)(void *user, int month, int day), void *user);

/* ---- the archive (index.c): every key's document frequency per language, dense ids ---- */

typedef struct ty__pkey {
    uint64_t key;
    uint32_t df[2];  /* Japanese / English documents holding it */
    float w;         /* what sharing it says (score.c) */
    float wf;        /* what it says as a fact one side holds and the other lacks */
} ty__pkey;

typedef struct ty__parchive {
    size_t n[2];
    const ty_pair_doc *const *docs[2];
    ty__pkey *keys;          /* by dense id */
    size_t nkeys;
    uint32_t *ids[2];        /* per document, its keys' dense ids, sorted: CSR over docs */
    size_t *ids_at[2];       /* n + 1 offsets into ids */
    uint32_t *post[2];       /* per key id, the documents holding it: CSR over key ids */
    size_t *post_at[2];      /* nkeys + 1 offsets */
} ty__parchive;

ty_status ty__parchive_build(ty__parchive *a, const ty_pair_doc *const *ja, size_t nja,
                             const ty_pair_doc *const *en, size_t nen, int use_names,
                             ty_error *err);
void ty__parchive_free(ty__parchive *a);

/* ---- candidates and their scores (score.c) ---- */

typedef struct ty__pedge {
    uint32_t ja, en;
    float content;  /* idf-weighted cosine of the keys both could share: [0, 1] */
    float fact_ja;  /* weighted share of the Japanese document's facts the English holds */
    float fact_en;  /* the same the other way (numbers and dates only) */
    float length;   /* log(English chars / Japanese chars) minus the archive's median */
    float segments; /* the same for their numbers of segments (sentences, headings) */
    float facts_ja, facts_en; /* the fact weights fact_ja and fact_en are shares of */
    uint32_t own_ja, own_ja_found; /* numbers and dates no other Japanese document holds, and
                                      how many of them the English one holds */
    uint32_t own_en, own_en_found; /* the same the other way */
    float score;    /* what the assignment maximizes (score.c) */
} ty__pedge;

typedef struct ty__pedges {
    ty__pedge *v;
    size_t n, cap;
} ty__pedges;

/* Weigh the keys, find each document's candidates through the rare keys it holds (at most
 * `per_doc` from each side) and score them, on `jobs` threads. Edges sorted by (ja, en). */
ty_status ty__pair_candidates(ty__parchive *a, size_t per_doc, size_t jobs, ty__pedges *out,
                              ty_error *err);

/* ---- the one-to-one assignment (assign.c) ---- */

/* For each Japanese document, its English partner (index) or -1, and the pair's score. */
ty_status ty__pair_assign(const ty__pedges *edges, size_t nja, size_t nen, double min_score,
                          double margin, long *ja_partner, double *ja_score, ty_error *err);

#endif
