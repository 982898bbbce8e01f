/*
 * taiyaku.h — the public API of libtaiyaku (対訳): Japanese–English sentence alignment
 * and translation memories.
 *
 * This is the only public header. Every exported symbol starts with "ty_".
 *
 * Conventions (they hold for every function below unless its comment says otherwise):
 *  - Text is UTF-8 in every public type.
 *  - Objects that own memory have ty_X_new / ty_X_free (or a constructor that returns one
 *    through an out-parameter); every ty_X_free(NULL) is a no-op.
 *  - Fallible calls return ty_status and, when `err` is not NULL, fill it with a message and
 *    the position (file, line, byte offset) of the problem. The library never prints and
 *    never exits.
 *  - Pointers returned by const accessors are owned by the object and live until it is freed.
 *  - Strings returned as `char *` are the caller's to free with free().
 */
#ifndef TAIYAKU_H
#define TAIYAKU_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------
 * Status codes and errors
 * ---------------------------------------------------------------------------------------- */

typedef enum ty_status {
    TY_OK = 0,
    TY_ERR_NOMEM,    /* out of memory */
    TY_ERR_INVALID,  /* a bad argument or option value */
    TY_ERR_IO,       /* a file could not be opened, read or written */
    TY_ERR_ENCODING, /* bytes that do not decode in the input's encoding */
    TY_ERR_FORMAT,   /* input that is not in the expected format */
    TY_ERR_TOOBIG,   /* input over a documented size cap */
    TY_ERR_ICU,      /* ICU reported a failure */
    TY_ERR_XML,      /* libxml2 reported a failure, or malformed XML */
    TY_ERR_SQLITE,   /* SQLite reported a failure */
    TY_ERR_NOTFOUND, /* a named thing (file, document, entry) does not exist */
    TY_ERR_INTERNAL  /* a bug: an invariant did not hold */
} ty_status;

/* A short static description of a status ("out of memory", …). Never NULL. */
const char *ty_strerror(ty_status status);

/* The error record filled by fallible calls. Positions that do not apply are -1 / "". */
typedef struct ty_error {
    ty_status status;
    char message[512]; /* one line, no trailing newline */
    char file[1024];   /* the file the problem is in, or "" */
    long line;         /* 1-based line, or -1 */
    long long offset;  /* 0-based byte offset in the file's original bytes, or -1 */
} ty_error;

/* Reset an error record to "no error". */
void ty_error_clear(ty_error *err);

/* Format an error as one line: "FILE:LINE: byte OFFSET: MESSAGE" (parts that do not apply are
 * left out) into buf (always NUL-terminated). Returns buf. */
char *ty_error_format(const ty_error *err, char *buf, size_t size);

/* The library version, "MAJOR.MINOR.PATCH". */
const char *ty_version(void);

/* ------------------------------------------------------------------------------------------
 * Text: reading files and decoding them to UTF-8 (src/text.c)
 * ---------------------------------------------------------------------------------------- */

/* Decoded text: UTF-8, NUL-terminated, without a BOM. Line ends are kept as in the input. */
typedef struct ty_text ty_text;

typedef struct ty_decode_opts {
    const char *encoding; /* an ICU converter name ("UTF-8", "Shift_JIS", "EUC-JP", …);
                             NULL detects (BOM, then ICU charset detection) */
    int lenient;          /* nonzero: replace undecodable bytes with U+FFFD (counted) instead
                             of failing */
} ty_decode_opts;

/* Decode `len` bytes. `name` names the input in error messages (may be NULL).
 * Undecodable bytes fail with TY_ERR_ENCODING and the byte offset of the first one. */
ty_status ty_text_decode(const void *bytes, size_t len, const char *name,
                         const ty_decode_opts *opts, ty_text **out, ty_error *err);

/* Read and decode a file ("-" reads standard input). */
ty_status ty_text_read_file(const char *path, const ty_decode_opts *opts, ty_text **out,
                            ty_error *err);

const char *ty_text_utf8(const ty_text *text, size_t *len);
const char *ty_text_name(const ty_text *text);
/* The encoding the input was decoded from (canonical ICU name, e.g. "Shift_JIS"). */
const char *ty_text_encoding(const ty_text *text);
/* How many undecodable byte sequences were replaced with U+FFFD (lenient mode only). */
size_t ty_text_replacements(const ty_text *text);
/* The byte offset in the original input of a byte offset in the decoded UTF-8. */
long long ty_text_source_offset(const ty_text *text, size_t utf8_offset);
void ty_text_free(ty_text *text);

/* Normalize for matching: NFKC, case-folded, runs of white space folded to one ASCII space,
 * leading/trailing space removed. Returns a malloc'd NUL-terminated string, or NULL when out
 * of memory. `out_len` may be NULL. */
char *ty_normalize(const char *utf8, size_t len, size_t *out_len);

/* ------------------------------------------------------------------------------------------
 * Documents and sentence segmentation (src/doc.c, src/segment.c)
 * ---------------------------------------------------------------------------------------- */

typedef enum ty_lang { TY_LANG_JA = 0, TY_LANG_EN = 1 } ty_lang;

typedef enum ty_seg_kind {
    TY_SEG_SENTENCE = 0, /* ends with terminal punctuation */
    TY_SEG_LINE = 1      /* a heading, date line, list item: a line without terminal punct. */
} ty_seg_kind;

typedef struct ty_segment {
    const char *text;   /* the segment as in the input; line breaks inside it joined (a space
                           in English, nothing in Japanese); NUL-terminated */
    size_t len;         /* bytes in text */
    const char *norm;   /* ty_normalize(text) */
    size_t norm_len;
    const char *label;  /* speaker label at the start of the segment ("【上川外務大臣】",
                           "Minister Kamikawa:"), part of text too; NULL when none */
    size_t label_len;
    size_t start, end;  /* byte span [start, end) in the decoded UTF-8 input */
    size_t paragraph;   /* 0-based paragraph index */
    ty_seg_kind kind;
} ty_segment;

typedef struct ty_doc ty_doc;

size_t ty_doc_count(const ty_doc *doc);
const ty_segment *ty_doc_segment(const ty_doc *doc, size_t i);
size_t ty_doc_paragraphs(const ty_doc *doc);
ty_lang ty_doc_lang(const ty_doc *doc);
const char *ty_doc_name(const ty_doc *doc);
/* Segments [first, first+count) joined as the language joins sentences (a space in English,
 * nothing in Japanese). Malloc'd; NULL when out of memory. count 0 gives "". */
char *ty_doc_join(const ty_doc *doc, size_t first, size_t count);
void ty_doc_free(ty_doc *doc);

/* A document already split: one segment per line, blank lines between paragraphs
 * (the --segmented input). `name` is kept for messages. */
ty_status ty_doc_from_lines(ty_lang lang, const char *utf8, size_t len, const char *name,
                            ty_doc **out, ty_error *err);

typedef struct ty_segmenter ty_segmenter;

/* Open a segmenter for a language (opens the ICU iterator once; reuse it for many texts). */
ty_status ty_segmenter_new(ty_lang lang, ty_segmenter **out, ty_error *err);
/* Add abbreviations (one per line, '#' comments) that do not end an English sentence. */
ty_status ty_segmenter_add_abbrevs_file(ty_segmenter *seg, const char *path, ty_error *err);
/* Split decoded text into paragraphs and segments. */
ty_status ty_segment_text(ty_segmenter *seg, const ty_text *text, ty_doc **out, ty_error *err);
void ty_segmenter_free(ty_segmenter *seg);

/* Parse "ja"/"en" (case-insensitive). Returns 0 on success, -1 otherwise. */
int ty_lang_parse(const char *s, ty_lang *out);

/* ------------------------------------------------------------------------------------------
 * Alignment (src/align.c and the anchor modules)
 * ---------------------------------------------------------------------------------------- */

/* A bead: Japanese segments [ja_first, ja_first+ja_count) translate English segments
 * [en_first, en_first+en_count). One side may be empty (count 0; first is then the position
 * where it would be). */
typedef struct ty_bead {
    size_t ja_first, ja_count;
    size_t en_first, en_count;
    double confidence; /* in [0, 1]; see ty_align for what it means */
} ty_bead;

typedef struct ty_alignment ty_alignment;

size_t ty_alignment_count(const ty_alignment *al);
const ty_bead *ty_alignment_bead(const ty_alignment *al, size_t i);
void ty_alignment_free(ty_alignment *al);

/* The bilingual lexicon used for anchors: JMdict/EDICT and ENAMDICT files (EUC-JP, as Debian's
 * `edict` and `enamdict` packages install them under /usr/share/edict/) and user glossaries
 * (UTF-8 TSV: Japanese<TAB>English[; English…]). (src/lexicon.c) */
typedef struct ty_lexicon ty_lexicon;

/* ---- alignment options and ty_align(): defined by the aligner section below ---- */

/* ------------------------------------------------------------------------------------------
 * Translation units (shared by the TMX reader/writer and the memory)
 * ---------------------------------------------------------------------------------------- */

typedef struct ty_prop {
    const char *type;  /* the prop's type attribute ("x-confidence"), or "note" for <note> */
    const char *value;
} ty_prop;

typedef struct ty_unit {
    const char *id;      /* tuid, or NULL */
    const char *ja;      /* Japanese segment text */
    const char *en;      /* English segment text */
    const char *ja_lang; /* language code as written ("ja-JP") */
    const char *en_lang;
    double confidence;   /* alignment confidence in [0,1], or -1 when unknown */
    const char *shape;   /* bead shape "1:2", or NULL */
    const ty_prop *props;
    size_t nprops;
} ty_unit;

#ifdef __cplusplus
}
#endif
#endif /* TAIYAKU_H */
