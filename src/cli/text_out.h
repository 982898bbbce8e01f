/*
 * text_out.h — private to the taiyaku program: text from documents and memories written for a
 * terminal or a line-based format (one record a line, TSV), where a control character would
 * act on the terminal (ESC, BEL, C1 controls) and a line or paragraph separator (U+0085,
 * U+2028, U+2029) would end a record early for some readers. JSON and TMX output escape
 * such characters themselves (json_out.c, the TMX writer) and keep them.
 */
#ifndef TY_TEXT_OUT_H
#define TY_TEXT_OUT_H

#include <stdio.h>

/* What a character that cannot be written as it is becomes. */
typedef enum ty_cli_text_mode {
    TY_CLI_FLAT,  /* one line: control characters (tabs and line breaks too) and separators
                     as a space */
    TY_CLI_LINE,  /* the same, but tabs are kept (text that is a line of its own) */
    TY_CLI_ESCAPE /* escaped: \\ \t \n \r, other control characters and separators as
                     \uXXXX (a TSV field that keeps everything) */
} ty_cli_text_mode;

/* Write s[0, n) in that mode. Bytes that are not UTF-8 are written as U+FFFD in every mode. */
void ty_cli_put_text(FILE *out, const char *s, size_t n, ty_cli_text_mode mode);

/* ty_cli_put_text for s[0, n) that is well-formed UTF-8 (text the library decoded, such as a
 * segment's): the same output, found faster. Bytes that are not UTF-8 may be written as they
 * are. */
void ty_cli_put_valid(FILE *out, const char *s, size_t n, ty_cli_text_mode mode);

/* Copy well-formed UTF-8 s[0, n) to dst (room for n bytes) and say whether ty_cli_put_valid
 * would write it as it is in `mode` (nothing in it to replace), in one pass over the bytes.
 * When not (0), dst holds some of the bytes, and s is to be written otherwise. */
int ty_cli_copy_plain(char *dst, const char *s, size_t n, ty_cli_text_mode mode);

/* The length in bytes of the well-formed UTF-8 character at s (n >= 1 bytes there; 1 for
 * ASCII), or 0 when the bytes there are not one. */
size_t ty_cli_char_len(const unsigned char *s, size_t n);

/* ty_cli_put_text(out, s, n, TY_CLI_FLAT). */
void ty_cli_put_flat(FILE *out, const char *s, size_t n);

#endif
