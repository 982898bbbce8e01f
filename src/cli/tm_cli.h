/*
 * tm_cli.h — private to the translation-memory subcommands (import, export, lookup, concord,
 * stats, remove): opening the --db memory with a one-line error, the colour decision, and printing
 * unit texts on one line. Uses only taiyaku.h.
 */
#ifndef TY_TM_CLI_H
#define TY_TM_CLI_H

#include <stdio.h>

#include "cli.h"

/* Open the memory `db` for subcommand `cmd`; on failure print "taiyaku: FILE: why" and return
 * TY_EXIT_ERROR, else TY_EXIT_OK. */
int ty_cli_tm_open(const char *db, int flags, ty_tm **tm, FILE *err);

/* Whether to colour `out`: `when` is "auto" (a terminal, and NO_COLOR unset), "always" or
 * "never". Returns 1 / 0, or -1 for another value. */
int ty_cli_colour(const char *when, FILE *out);

/* Write s[0, n) on one line: line breaks, tabs and other control characters as spaces. */
void ty_cli_put_flat(FILE *out, const char *s, size_t n);

/* argv[first, argc) joined with spaces (malloc'd), or NULL when out of memory. */
char *ty_cli_join_args(int argc, char **argv, int first);

/* Parse a whole decimal number in [lo, hi]; 0 on success. */
int ty_cli_parse_long(const char *s, long lo, long hi, long *out);

/* The import time for new documents: $SOURCE_DATE_EPOCH as "YYYY-MM-DDThh:mm:ssZ" in buf when
 * it is set (reproducible runs), else NULL (now). */
const char *ty_cli_import_time(char *buf, size_t size);

#endif
