/*
 * align_tmx.h — private to the taiyaku program: the TMX output of `taiyaku align` (-o FILE,
 * --format tmx and their options), kept out of cmd_align.c so that the command only wires it
 * in: its entries in the option table, one call per option, a check after parsing, and the
 * write.
 */
#ifndef TY_ALIGN_TMX_H
#define TY_ALIGN_TMX_H

#include "frame.h"

/* Keys of the long-only options. */
enum {
    TY_ALIGN_TMX_SRCLANG = 0x1300,
    TY_ALIGN_TMX_JA_LANG,
    TY_ALIGN_TMX_EN_LANG,
    TY_ALIGN_TMX_KEEP_UNPAIRED,
    TY_ALIGN_TMX_MIN_CONFIDENCE
};

/* The options, for align's option table (after its --format, whose help names tmx). */
#define TY_ALIGN_TMX_OPTIONS                                                                    \
    {"output", 'o', "FILE",                                                                     \
     "write TMX 1.4b to FILE (through a temporary file, renamed when complete): one unit per "  \
     "bead with both sides, with props for the confidence, the shape, the documents and the "   \
     "segments"},                                                                               \
        {"ja-lang", TY_ALIGN_TMX_JA_LANG, "CODE",                                               \
         "the Japanese side's language code (default ja-JP)"},                                  \
        {"en-lang", TY_ALIGN_TMX_EN_LANG, "CODE",                                               \
         "the English side's language code (default en-US)"},                                  \
        {"srclang", TY_ALIGN_TMX_SRCLANG, "CODE",                                               \
         "the header's source language, or '*all*' (default: --ja-lang)"},                      \
        {"keep-unpaired", TY_ALIGN_TMX_KEEP_UNPAIRED, NULL,                                     \
         "write untranslated segments (1:0, 0:1 beads) as notes on the next unit instead of "   \
         "leaving them out"},                                                                   \
        {"min-confidence", TY_ALIGN_TMX_MIN_CONFIDENCE, "X",                                    \
         "leave out beads whose confidence is below X (0 to 1)"}

typedef struct ty_cli_align_tmx {
    const char *output;   /* -o FILE, or NULL */
    int min_conf_given, keep_unpaired_given, langs_given;
    ty_tmx_write_opts opts;
} ty_cli_align_tmx;

void ty_cli_align_tmx_init(ty_cli_align_tmx *t);

/* Take the current option (key, c->arg) when it is one of ours: 1 taken, 0 not ours,
 * TY_EXIT_USAGE (after a message) for a bad value. */
int ty_cli_align_tmx_option(ty_cli *c, ty_cli_align_tmx *t, int key);

/* After parsing, with the --format given (or NULL): 1 when TMX is to be written, 0 when not,
 * TY_EXIT_USAGE (after a message) for options that do not go together. */
int ty_cli_align_tmx_wanted(ty_cli *c, const ty_cli_align_tmx *t, const char *format);

/* Write the alignment as TMX and say on c->err what was left out. Returns an exit code. */
int ty_cli_align_tmx_write(ty_cli *c, const ty_cli_align_tmx *t, const ty_doc *ja,
                           const ty_doc *en, const ty_alignment *al);

#endif
