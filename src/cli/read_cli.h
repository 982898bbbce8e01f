/*
 * read_cli.h — private to the taiyaku program: the options of the commands that read
 * documents (segment, align) — --input-format, --content, --drop, --encoding, --lenient — and
 * the ty_read_opts they make. Uses only taiyaku.h and the frame.
 */
#ifndef TY_READ_CLI_H
#define TY_READ_CLI_H

#include "frame.h"

enum {
    TY_CLI_INPUT_FORMAT = 0x1400,
    TY_CLI_CONTENT,
    TY_CLI_DROP,
    TY_CLI_LENIENT
};

/* The options, for a command's option table. */
#define TY_CLI_READ_OPTIONS                                                                     \
    {"input-format", TY_CLI_INPUT_FORMAT, "auto|text|html|docx|pdf|lawxml",                     \
     "the inputs' format (default auto: by content; .docx, PDF, e-Gov law XML and HTML are "   \
     "recognized, anything else is text)"},                                                     \
        {"content", TY_CLI_CONTENT, "SELECTOR",                                                 \
         "HTML: the element that holds the document, '#ID', '.CLASS' or a tag name (default: " \
         "found by the page's structure and link density)"},                                   \
        {"drop", TY_CLI_DROP, "FILE",                                                           \
         "HTML, .docx, PDF: more boilerplate lines to drop, one a line ('#' comments; a final " \
         "'*' matches lines that start so), added to the built-in list"},                       \
        {"encoding", 'e', "NAME",                                                               \
         "text and HTML: the encoding (UTF-8, UTF-16LE, Shift_JIS, CP932, EUC-JP, "             \
         "ISO-2022-JP, …); default: detect (HTML: its BOM or <meta charset>, then detect)"},   \
        {"lenient", TY_CLI_LENIENT, NULL,                                                       \
         "replace undecodable bytes with U+FFFD and say how many, instead of failing"}

typedef struct ty_cli_read {
    ty_read_opts opts;
    const char *drop_file; /* --drop, or NULL */
    ty_droplist *drop;     /* after ty_cli_read_ready */
} ty_cli_read;

void ty_cli_read_init(ty_cli_read *r);
/* Take the current option when it is one of ours: 1 taken, 0 not ours, TY_EXIT_USAGE (after
 * a message) for a bad value. */
int ty_cli_read_option(ty_cli *c, ty_cli_read *r, int key);
/* After the options: load --drop. Returns an exit code. */
int ty_cli_read_ready(ty_cli *c, ty_cli_read *r);
/* Say on c->err what reading a document replaced (lenient decoding). */
void ty_cli_read_warn(ty_cli *c, const ty_doc *doc);
/* The same for a document read one segment at a time (ty_document_each). */
void ty_cli_read_warn_info(ty_cli *c, const char *name, const ty_read_info *info);
void ty_cli_read_done(ty_cli_read *r);

#endif
