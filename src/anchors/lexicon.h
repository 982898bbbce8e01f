/*
 * lexicon.h — private: the bilingual lexicon behind TY_ANCHOR_LEXICON. lexicon.c reads the
 * sources (EDICT/ENAMDICT, TSV glossaries) and manages the cache file; lexicon_index.c builds
 * and searches the compact index; stem.c reduces English words to the keys both sides share.
 * Not installed.
 */
#ifndef TY_LEXICON_H
#define TY_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "anchors.h"
#include "chars.h"

/* ---- English words (stem.c) ------------------------------------------------------------ */

/* The stem of one lowercase word (ASCII letters; other bytes are kept as they are) into out,
 * NUL-terminated: plural, -ed, -ing, -ly and a few derivational suffixes removed, so
 * "affairs"/"affair", "cooperation"/"cooperate" meet. Returns its length, or 0 for a stop
 * word ("the", "which", …) or a word of fewer than 3 letters. */
size_t ty__en_stem(const char *w, size_t n, char *out, size_t cap);

/* The TY_ANCHOR_LEXICON key of a lowercase English word; 0 when it gives none (stop word). */
int ty__en_word_key(const char *w, size_t n, uint32_t *key);

/* ty__en_word_key through an anchor context's cache (word_cache.h): a document repeats its
 * words, and each stem costs a stop-word search and a dozen suffix tests. */
struct ty__word_cache;
int ty__en_word_key_cached(struct ty__word_cache **cache, const char *w, size_t n,
                           uint32_t *key);

/* Fold a romanized Japanese word as ENAMDICT and ICU spell long vowels to the usual English
 * spelling (Kyouto → kyoto, Oono → ono, Yuuki → yuki, hououdou → hoodo), in place, lowercasing
 * and dropping what is not a letter (ten'in → tenin). Returns the new length. */
size_t ty__romaji_fold(char *w, size_t n);

/* ---- the index (lexicon_index.c) ------------------------------------------------------ */

/* Entries collected from sources before they become an index: headword → gloss keys. */
typedef struct ty__lexbuild ty__lexbuild;

ty__lexbuild *ty__lexbuild_new(void);
void ty__lexbuild_free(ty__lexbuild *b);
/* Add the keys of one source line for one headword (UTF-8). Keys beyond the per-headword cap
 * are dropped when the index is built (the first sources' lines first). */
ty_status ty__lexbuild_add(ty__lexbuild *b, const char *hw, size_t hw_len, const uint32_t *keys,
                           size_t nkeys);
size_t ty__lexbuild_count(const ty__lexbuild *b);
/* Forget the entries added after the first n (a source that failed half-way). */
void ty__lexbuild_truncate(ty__lexbuild *b, size_t n);

/* An index image: a header, a hash table of headwords, a prefix filter and the records. The
 * same bytes live in a cache file (mmap'd) or in memory. */
typedef struct ty__lexidx ty__lexidx;

/* Build an image from the collected entries; `signature` identifies the sources (stored in the
 * header and compared when a cache file is opened). */
ty_status ty__lexidx_build(ty__lexbuild *b, uint64_t signature, ty__lexidx **out);
/* Write an image to `path` atomically (a temporary file in the same directory, then rename). */
ty_status ty__lexidx_write(const ty__lexidx *idx, const char *path, ty_error *err);
/* Map a cache file and validate it (magic, version, sizes, checksums, signature). Returns
 * TY_ERR_NOTFOUND when there is no file, TY_ERR_FORMAT when it is not a valid image for
 * `signature`: the caller rebuilds it then. */
ty_status ty__lexidx_open(const char *path, uint64_t signature, ty__lexidx **out);
size_t ty__lexidx_count(const ty__lexidx *idx);
void ty__lexidx_free(ty__lexidx *idx);

/* The longest headword of `idx` starting at code point i of t (whose bytes are t->text).
 * Returns its length in code points (0: none) and its keys through *keys / *nkeys (pointing
 * into the image; read them with memcpy, they are not aligned). */
size_t ty__lexidx_longest(const ty__lexidx *idx, const ty__chars *t, size_t i,
                          const uint8_t **keys, size_t *nkeys);

/* ---- the lexicon (lexicon.c) ---------------------------------------------------------- */

/* Append the TY_ANCHOR_LEXICON keys of one segment: in Japanese the gloss keys of the longest
 * headwords found left to right; in English the stem key of every content word (through the
 * context's *stems). */
ty_status ty__lexicon_extract(const ty_lexicon *lex, ty_lang lang, const ty__chars *t,
                              struct ty__word_cache **stems, ty_anchor_set *out);

#endif
