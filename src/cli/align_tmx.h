/*
 * align_tmx.h — private to the taiyaku program: the TMX output of `taiyaku align` (-o FILE,
 * --format tmx and their options), kept out of cmd_align.c so that the command only wires it
 * in: its long options, one call per option, a check after parsing, and the write.
 */
#ifndef TY_ALIGN_TMX_H
#define TY_ALIGN_TMX_H

#include <getopt.h>
#include <stdio.h>

#include "taiyaku.h"

/* getopt values of the long-only options (above any character). */
enum {
    TY_ALIGN_TMX_SRCLANG = 0x1000,
    TY_ALIGN_TMX_JA_LANG,
    TY_ALIGN_TMX_EN_LANG,
    TY_ALIGN_TMX_KEEP_UNPAIRED,
    TY_ALIGN_TMX_MIN_CONFIDENCE
};

/* Entries for the command's getopt_long table ('o' goes into its short options too). */
#define TY_ALIGN_TMX_LONGOPTS                                                                  \
    {"output", required_argument, NULL, 'o'},                                                  \
        {"srclang", required_argument, NULL, TY_ALIGN_TMX_SRCLANG},                            \
        {"ja-lang", required_argument, NULL, TY_ALIGN_TMX_JA_LANG},                            \
        {"en-lang", required_argument, NULL, TY_ALIGN_TMX_EN_LANG},                            \
        {"keep-unpaired", no_argument, NULL, TY_ALIGN_TMX_KEEP_UNPAIRED},                      \
        {"min-confidence", required_argument, NULL, TY_ALIGN_TMX_MIN_CONFIDENCE}

/* The lines of `taiyaku align --help` about TMX. */
#define TY_ALIGN_TMX_HELP                                                                      \
    "                         tmx    TMX 1.4b (to standard output; see -o)\n"                  \
    "  -o, --output FILE      write TMX 1.4b to FILE (through a temporary file, renamed when\n"  \
    "                         complete): one unit per bead with both sides, with props for\n"  \
    "                         the confidence, the shape, the documents and the segments\n"     \
    "      --ja-lang CODE     the Japanese side's language code (default ja-JP)\n"             \
    "      --en-lang CODE     the English side's language code (default en-US)\n"              \
    "      --srclang CODE     the header's source language, or '*all*' (default: --ja-lang)\n" \
    "      --keep-unpaired    write untranslated segments (1:0, 0:1 beads) as notes on the\n"  \
    "                         next unit instead of leaving them out\n"                         \
    "      --min-confidence X  leave out beads whose confidence is below X (0 to 1)\n"

typedef struct ty_cli_align_tmx {
    const char *output;   /* -o FILE, or NULL */
    int min_conf_given, keep_unpaired_given, langs_given;
    ty_tmx_write_opts opts;
} ty_cli_align_tmx;

void ty_cli_align_tmx_init(ty_cli_align_tmx *t);

/* Take option `c` when it is one of ours: 1 taken, 0 not ours, TY_EXIT_USAGE (after a
 * message) for a bad value. */
int ty_cli_align_tmx_option(ty_cli_align_tmx *t, int c, const char *arg, FILE *err);

/* After parsing, with the --format given (or NULL): 1 when TMX is to be written, 0 when not,
 * TY_EXIT_USAGE (after a message) for options that do not go together. */
int ty_cli_align_tmx_wanted(const ty_cli_align_tmx *t, const char *format, FILE *err);

/* Write the alignment as TMX and say on `err` what was left out. Returns an exit code. */
int ty_cli_align_tmx_write(const ty_cli_align_tmx *t, const ty_doc *ja, const ty_doc *en,
                           const ty_alignment *al, FILE *err);

#endif
