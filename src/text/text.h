/*
 * text.h — private to the text stage (text.c, decode.c, convert.c, detect.c, read_file.c,
 * map_file.c, offsets.c), ty__read_bytes and the file mapping for the document readers
 * (segment/read.c) and the offset map for them and the HTML reader: the ty_text structure,
 * the ICU conversion entry point and encoding detection. Not installed; other stages use the
 * public ty_text_* accessors.
 */
#ifndef TY_TEXT_H
#define TY_TEXT_H

#include <stddef.h>

#include "taiyaku.h"

/* ty_script_count as ICU's properties give it, a character at a time: the reference its
 * faster paths are tested against (tests/unit/test_pair.c). */
void ty__script_count_icu(const char *utf8, size_t len, ty_script_counts *c);

/* Whether ty_normalize(s, len) gives s itself, told without ICU: 1 when s holds only printable
 * ASCII other than A-Z, single spaces between other characters, and kana, the CJK ideographs
 * of Unicode 1.1 and the common Japanese punctuation (、。々「」『』【】), which NFKC with case
 * folding leaves as they are (tests/unit/test_normalize.c checks each against ICU); 0 when s
 * may change (it may not). */
int ty__normal_as_is(const char *s, size_t len);
/* ty_normalize through ICU whatever the text: the reference its paths without ICU (ASCII, the
 * common Japanese characters) are tested against (tests/unit/test_normalize.c). */
char *ty__normalize_icu(const char *utf8, size_t len, size_t *out_len);

/* Inputs larger than this fail with TY_ERR_TOOBIG. */
#define TY__TEXT_MAX ((size_t)1 << 30)

/* A point where the decoded text and the original bytes are in step: the character at UTF-8
 * offset u8 starts at source offset src. For stateful encodings (ISO-2022-JP) esc is the
 * offset of the last escape sequence before src (replayed before re-decoding), or
 * TY__NO_ESC. */
typedef struct ty__checkpoint {
    size_t u8, src, esc;
} ty__checkpoint;
#define TY__NO_ESC ((size_t)-1)

struct ty_text {
    char *mem;           /* the allocation behind utf8 (freed, or unmapped when maplen) */
    size_t maplen;       /* mem is a file's mapping of this many bytes (ty__text_decode_mapped) */
    char *utf8;          /* decoded UTF-8, NUL-terminated, no BOM */
    size_t len;          /* bytes in utf8 */
    char *name;          /* input name for messages, or NULL */
    char encoding[64];   /* display name of the source encoding */
    size_t replacements; /* U+FFFD substitutions (lenient) */
    /* Map back to the original bytes. When src is NULL the map is the identity shifted by
     * bom (UTF-8 input). Otherwise src keeps the original bytes and cps the checkpoints;
     * an offset between two checkpoints is found by re-decoding from the earlier one. */
    size_t bom;
    char *src;
    int src_borrowed; /* src is the caller's (detection trials), not freed with the text */
    size_t src_len;
    char cnv[128]; /* ICU converter name to re-decode src with */
    int lenient;
    ty__checkpoint *cps;
    size_t ncps;
};

/* Decode src[0, len) with the ICU converter `cnv_name` into a new text.
 * `display` is the encoding's name for messages and ty_text_encoding (NULL: derive it).
 * The text keeps the original bytes for its offset map: when adopt is not NULL, *adopt must
 * be src (malloc'd) and on success the text takes it over (*adopt set to NULL); when adopt is
 * NULL the text borrows src (src_borrowed), which must then outlive it or be replaced.
 * An unknown converter name fails with TY_ERR_INVALID. */
ty_status ty__text_convert(const char *src, size_t len, char **adopt, const char *cnv_name,
                           const char *display, const char *name, int lenient, ty_text **out,
                           ty_error *err);

/* The original byte offset of UTF-8 offset u (< text->len) in a text with kept source bytes:
 * re-decodes from the nearest checkpoint. -1 if the re-decoding fails (a bug). */
long long ty__text_remap(const ty_text *text, size_t u);

/* Detect the encoding of src[0, len) (no BOM, not valid UTF-8) and decode it: ICU charset
 * detection proposes candidates, each is decoded strictly and the one that decodes cleanly
 * and looks most like Japanese wins. `adopt` as for ty__text_convert. */
ty_status ty__text_detect(const char *src, size_t len, char **adopt, const char *name, int lenient,
                          ty_text **out, ty_error *err);

/* The display name of an ICU converter name ("Shift_JIS", "EUC-JP", "UTF-16LE", …) into buf. */
void ty__encoding_display(const char *cnv_name, char *buf, size_t size);

/* Decode bytes in `buf` (len bytes, allocated with room for at least len + 1). Ownership of
 * buf passes to this call whatever it returns. */
ty_status ty__text_decode_owned(char *buf, size_t len, const char *name, const ty_decode_opts *opts,
                                ty_text **out, ty_error *err);

/* Read a whole file ("-": standard input) into a malloc'd buffer with a spare byte after
 * its `len` bytes. Errors (missing, a directory, unreadable, over TY__TEXT_MAX) name the
 * file ("<stdin>"). */
ty_status ty__read_bytes(const char *path, char **buf, size_t *len, ty_error *err);

/* A whole regular file mapped read-only (ty__map_bytes): bytes[0, len) are the
 * file's, bytes[len] is 0 (the rest of its last page, or a page mapped after it). The pages
 * come from the page cache without being zeroed and copied first, as a read into fresh
 * memory needs. A file that another process truncates while it is mapped raises SIGBUS. */
typedef struct ty__mapped {
    char *bytes; /* NULL: not mapped; read-only */
    size_t len, maplen;
} ty__mapped;

/* Files smaller than this are read, not mapped. */
#define TY__MAP_MIN ((size_t)1 << 16)

/* Map `path` when it is a regular file of TY__MAP_MIN to TY__TEXT_MAX bytes; otherwise (standard
 * input, a pipe, a small or too large file, a failed mmap) m->bytes is NULL and the caller reads
 * it with ty__read_bytes, which reports what is wrong with it. Never fails. */
void ty__map_bytes(const char *path, ty__mapped *m);
void ty__unmap_bytes(ty__mapped *m);

/* Decode a mapping (taken: unmapped here, or by ty_text_free when the text keeps it). Valid
 * UTF-8 with no encoding given (and not ISO-2022-JP) becomes the text in place; anything else
 * is copied and decoded as ty__text_decode_owned does. */
ty_status ty__text_decode_mapped(ty__mapped *m, const char *name, const ty_decode_opts *opts,
                                 ty_text **out, ty_error *err);

/* A new, empty text named `name` (copied; may be NULL), or NULL when out of memory. */
ty_text *ty__text_alloc(const char *name);

/* "0xE3 0x81": the first bytes (at most 8) of b[0, n) for a message, into buf. */
void ty__hex_bytes(const char *b, size_t n, char *buf, size_t size);

/* 1-based line number of byte offset `off` in UTF-8 (or ASCII-compatible) bytes s: LF, CRLF
 * and lone CR each end a line. */
long ty__line_of(const char *s, size_t off);

/* Maps increasing UTF-8 offsets of a decoded text to offsets in its original bytes in one
 * forward pass (offsets.c): the text between two offsets is encoded again and its bytes
 * counted, which is exact for the encodings that round-trip (Shift_JIS/CP932, EUC-JP,
 * UTF-16). Texts that do not (ISO-2022-JP's escapes, lenient replacements) and offsets that
 * go backwards map through ty_text_source_offset, which decodes again from a checkpoint. */
typedef struct ty__offset_map {
    const ty_text *t;
    struct UConverter *u8, *cnv; /* NULL: map through ty_text_source_offset */
    int off;                     /* set when re-encoding failed: map through it from then on */
    size_t at;                   /* UTF-8 offset reached */
    long long src;               /* its source offset */
} ty__offset_map;

void ty__offset_map_open(ty__offset_map *m, const ty_text *t);
long long ty__offset_map_get(ty__offset_map *m, size_t u);
void ty__offset_map_close(ty__offset_map *m);

#endif
