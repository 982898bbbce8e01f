/*
 * formats.h — private contract between the document readers (html.c, docx.c, pdf.c,
 * lawxml.c), their shared builder (blocks.c), the boilerplate list (drop.c) and their one
 * user, src/segment/read.c. Not installed.
 *
 * A reader turns the bytes of a file into blocks: paragraphs, headings, list items, table
 * cells, each a run of UTF-8 text with its position in the file. A block holds no blank line
 * (segment/read.c joins blocks with one, so that the segmenter sees one paragraph per block);
 * a line break inside a block is a hard break (an HTML <br>, a .docx w:br). Readers do not
 * split sentences and do not decide what is boilerplate.
 */
#ifndef TY_FORMATS_H
#define TY_FORMATS_H

#include <stddef.h>

#include "taiyaku.h"

/* A position in the file; -1 where it does not apply (ty_source). */
typedef struct ty__pos {
    long long offset; /* byte offset in the reader's input */
    long page, line, block;
} ty__pos;

/* Where the text from `at` on (an offset in the blocks' text) came from. */
typedef struct ty__mark {
    size_t at;
    ty__pos pos;
} ty__mark;

typedef struct ty__block {
    size_t start, end; /* the block's text: [start, end) of ty__blocks.text */
    int heading;       /* 1-6, or 0 */
    long article;      /* law XML article title: number * 1000 + branch; else 0 */
} ty__block;

typedef struct ty__blocks {
    char *text; /* the blocks' text, back to back, NUL-terminated */
    size_t len, cap;
    ty__block *v;
    size_t n, vcap;
    ty__mark *marks; /* sorted by `at` */
    size_t nmarks, mcap;
    char encoding[64]; /* what the input was decoded from, or "" */
    size_t replacements;
    /* the open block */
    int open, space, heading;
    long article;
    size_t line_start; /* where the open block's current line starts */
} ty__blocks;

void ty__blocks_init(ty__blocks *b);
void ty__blocks_free(ty__blocks *b);

/* Room for `text` more bytes of text, `blocks` blocks and `marks` marks, when a reader
 * knows bounds: a buffer grown by doubling is copied each time, and the copies left in the
 * heap count in the program's memory. Only what is written is touched. */
ty_status ty__blocks_reserve(ty__blocks *b, size_t text, size_t blocks, size_t marks,
                            ty_error *err);
/* Open a block (closing the one open). `heading` 0-6. */
ty_status ty__blocks_open(ty__blocks *b, int heading, ty_error *err);
/* Record that the text appended next comes from `pos`. */
ty_status ty__blocks_mark(ty__blocks *b, const ty__pos *pos, ty_error *err);
/* Append text to the open block (opening one when none is). With `collapse`, runs of white
 * space (ASCII and Unicode White_Space) become one space and leading space is dropped, as
 * HTML renders text; without it only line breaks become spaces. */
ty_status ty__blocks_text(ty__blocks *b, const char *s, size_t n, int collapse, ty_error *err);
/* A hard line break in the open block (nothing at the start of a line). */
ty_status ty__blocks_break(ty__blocks *b, ty_error *err);
/* Close the open block: trailing space is trimmed, a block with no text left is dropped. */
ty_status ty__blocks_close(ty__blocks *b, ty_error *err);
/* The last mark at or before `at` (a pos of -1s when none). */
ty__pos ty__blocks_pos(const ty__blocks *b, size_t at);

/* What a reader is given besides the bytes. */
typedef struct ty__reader_opts {
    const char *name;       /* for messages */
    ty_lang lang;
    ty_decode_opts decode;  /* HTML */
    const char *content;    /* HTML: "#id", ".class" or a tag name */
} ty__reader_opts;

/* The readers. Each fills `out` (initialized by the caller, freed by the caller on success
 * and failure). Errors name ro->name and, where they can, the offset or page. The HTML
 * reader takes `bytes` (malloc'd) and frees them, so that a page is decoded in place. */
ty_status ty__read_html(char *bytes, size_t len, const ty__reader_opts *ro, ty__blocks *out,
                        ty_error *err);
ty_status ty__read_docx(const char *bytes, size_t len, const ty__reader_opts *ro,
                        ty__blocks *out, ty_error *err);
ty_status ty__read_pdf(const char *bytes, size_t len, const ty__reader_opts *ro,
                       ty__blocks *out, ty_error *err);
ty_status ty__read_lawxml(const char *bytes, size_t len, const ty__reader_opts *ro,
                          ty__blocks *out, ty_error *err);

/* Whether a normalized line (ty_normalize's output) is on the list. */
int ty__droplist_has(const ty_droplist *drop, const char *norm, size_t len);

#endif
