/*
 * help_text.h — private to the taiyaku program: the small markup the command table's texts are
 * written in (descriptions, option help, notes), read item by item, and its layout for a
 * terminal. The same items make the man page (doc.c), so the two layouts cannot say different
 * things. It knows nothing of commands or options.
 *
 * The markup: paragraphs are separated by a blank line ("\n\n"); inside a paragraph each line
 * ("\n") is one item:
 *   "TERM\tTEXT"  a definition: TERM, then TEXT with a hanging indent; the TEXTs of consecutive
 *                 definitions start in one column
 *   " TEXT"       a line kept exactly as written (an example command), never filled
 *   "TEXT"        prose, filled to the width
 */
#ifndef TY_CLI_HELP_TEXT_H
#define TY_CLI_HELP_TEXT_H

#include <stddef.h>
#include <stdio.h>

typedef enum { TY_HELP_PROSE, TY_HELP_TERM, TY_HELP_VERBATIM } ty_help_kind;

typedef struct ty_help_item {
    ty_help_kind kind;
    int new_paragraph;  /* a blank line comes before it (never for the first item) */
    const char *term;   /* TY_HELP_TERM: the term, term_len bytes */
    size_t term_len;
    size_t term_width;  /* TY_HELP_TERM: the widest term of its run of definitions, in columns */
    const char *text;   /* the text, len bytes (a verbatim line with its leading spaces) */
    size_t len;
} ty_help_item;

/* Reading a text item by item: ty_help_begin, then ty_help_next until it returns 0. */
typedef struct ty_help_reader {
    const char *p;     /* the next item */
    int in_run;        /* the last item was a definition */
    size_t run_width;  /* the widest term of the current run of definitions */
} ty_help_reader;

void ty_help_begin(ty_help_reader *r, const char *text);
/* The next item into *it; 0 at the end of the text. */
int ty_help_next(ty_help_reader *r, ty_help_item *it);

/* Columns that n bytes of UTF-8 take on a terminal: one per character, two for characters from
 * U+2E80 up (CJK, kana, fullwidth forms: the only such characters the texts hold). */
size_t ty_help_width(const char *s, size_t n);

/* Write `text` laid out for a terminal `width` columns wide, every line starting at column
 * `indent`; the cursor is at column `indent` when it is called and at the start of a line
 * when it returns. */
void ty_help_print(FILE *out, const char *text, size_t indent, size_t width);

#endif
