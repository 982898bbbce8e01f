/*
 * anchors.h — private contract between the anchor modules (anchor_set.c, extract.c,
 * numbers.c, names.c, lexicon.c) and their users (the aligner, the memory's number check).
 * Not installed.
 *
 * Every piece of anchor evidence in a segment is reduced to a 32-bit key of a kind, such that
 * a Japanese segment and its English translation share keys: the number 2024 has the same key
 * whether it was written 令和6年, ２０２４ or 2024; a lexicon entry contributes, on the Japanese
 * side, the keys of its English gloss words (stemmed) and, on the English side, every content
 * word's stem key; a katakana name and a capitalized English word share a coarse phonetic key
 * (ブリンケン → "blnkn" ← Blinken). The aligner scores a bead by the (weighted) overlap of the
 * key multisets of its two sides. Keys are sorted (by kind, then key) and duplicates kept.
 *
 * Numbers are rare and precise; lexicon keys are many and only informative weighted by rarity;
 * Latin keys are rare on the Japanese side, and every English token is keyed (keys found on
 * one side only can be dropped). What each kind is worth on the corpus: tests/bench/
 * anchor-stats.sh and doc/performance.md.
 */
#ifndef TY_ANCHORS_H
#define TY_ANCHORS_H

#include <stddef.h>
#include <stdint.h>

#include "taiyaku.h"

typedef enum ty_anchor_kind {
    TY_ANCHOR_NUMBER = 0, /* numbers, dates, times, era years, normalized across scripts */
    TY_ANCHOR_LATIN,      /* Latin-script tokens shared by both sides (G7, WPS, URLs) */
    TY_ANCHOR_LEXICON,    /* JMdict/ENAMDICT/glossary: ja headword glosses ↔ en content words */
    TY_ANCHOR_NAME,       /* katakana names ↔ capitalized English words (phonetic key) */
    TY_ANCHOR_KINDS
} ty_anchor_kind;

typedef struct ty_anchor {
    uint32_t key;
    uint8_t kind; /* ty_anchor_kind */
} ty_anchor;

/* A growable array of anchors. Zero-initialize; free with ty__anchor_set_free. */
typedef struct ty_anchor_set {
    ty_anchor *v;
    size_t n, cap;
} ty_anchor_set;

/* Append one key (TY_ERR_NOMEM, or TY_ERR_TOOBIG past 2^20 keys). */
ty_status ty__anchor_set_push(ty_anchor_set *set, uint8_t kind, uint32_t key);
void ty__anchor_set_sort(ty_anchor_set *set);
/* Sort v[0, n) by kind, then key, with `scratch` (cap entries) or a temporary buffer. */
void ty__anchor_sort_range(ty_anchor *v, size_t n, uint32_t *scratch, size_t cap);
void ty__anchor_set_free(ty_anchor_set *set);

/* How many keys of `kind` two sorted sets share, counted as a multiset intersection. */
size_t ty__anchor_set_shared(const ty_anchor_set *a, const ty_anchor_set *b, uint8_t kind);

/* The anchors of every segment of one document, each segment's as ty__anchors_extract gives
 * them for its text alone into an empty set, less the dictionaries' keys (TY_ANCHOR_LEXICON):
 * what a context without a lexicon gives, in the same order. Segment i's are [off[i],
 * off[i + 1]). The aligner keeps them for the pair check (batch/agree.c), which would
 * otherwise extract every paired segment again. Zero-initialize; free with
 * ty__doc_anchors_free. */
typedef struct ty__doc_anchors {
    const ty_doc *doc; /* the document they were read from: compared, never read */
    uint32_t *key;     /* key[k], kind[k]: anchor k (two arrays: 5 bytes an anchor, not 8) */
    uint8_t *kind;
    size_t *off;
    size_t nseg, n, cap, capseg;
} ty__doc_anchors;
/* Append the next segment's anchors, v[0, n) less those of TY_ANCHOR_LEXICON
 * (TY_ERR_NOMEM). */
ty_status ty__doc_anchors_push(ty__doc_anchors *d, const ty_anchor *v, size_t n);
void ty__doc_anchors_free(ty__doc_anchors *d);

/* The key of a normalized string of a kind (32-bit FNV-1a over the kind byte and the bytes).
 * Every extractor keys through it, so equal (kind, string) pairs give equal keys. */
uint32_t ty__anchor_key(uint8_t kind, const char *s, size_t len);

/* "number", "latin", "lexicon", "name": for diagnostics and benchmarks. */
const char *ty__anchor_kind_name(uint8_t kind);

/* Everything the extractors open once and reuse (ICU transliterator, number parsers, the
 * lexicon). `lexicon` may be NULL (then no TY_ANCHOR_LEXICON keys). */
typedef struct ty_anchor_ctx ty_anchor_ctx;
ty_status ty__anchor_ctx_new(const ty_lexicon *lexicon, ty_anchor_ctx **out, ty_error *err);
void ty__anchor_ctx_free(ty_anchor_ctx *ctx);

/* Append the anchors of one segment's text (UTF-8; the original text, not the normalized
 * copy) to `out`, then sort it. */
ty_status ty__anchors_extract(ty_anchor_ctx *ctx, ty_lang lang, const char *text, size_t len,
                              ty_anchor_set *out);

/* The text decoded into code points with their classes (anchors/chars.h), owned by the
 * context and valid until its next call; NULL when out of memory. For readers that walk the
 * same classes as the extractors (consistency/quantities.c). */
struct ty__chars;
const struct ty__chars *ty__anchors_decode(ty_anchor_ctx *ctx, const char *text, size_t len);

/* Append only the TY_ANCHOR_NUMBER keys (numbers, months, times) of a text, then sort the
 * set: what the translation memory compares to penalize a changed number. */
ty_status ty__anchors_numbers(ty_anchor_ctx *ctx, ty_lang lang, const char *text, size_t len,
                              ty_anchor_set *out);

#endif
