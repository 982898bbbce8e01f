/*
 * cli.h — private to the taiyaku program: the subcommand table and shared CLI helpers.
 * The CLI uses only the public API in taiyaku.h.
 */
#ifndef TY_CLI_H
#define TY_CLI_H

#include <stdio.h>

#include "taiyaku.h"

/* Exit codes of the program (and of ty_cli_main). */
enum {
    TY_EXIT_OK = 0,
    TY_EXIT_FINDINGS = 1, /* the command worked and found something to report (check) */
    TY_EXIT_ERROR = 2,    /* bad input, I/O failure, … : one line on stderr says what */
    TY_EXIT_USAGE = 64    /* bad command line */
};

/* The whole program, callable in-process (tests, fuzzers). argv[0] is the program name. */
int ty_cli_main(int argc, char **argv, FILE *out, FILE *err);

/* One subcommand: argv[0] is the subcommand's name. */
typedef int (*ty_cmd_fn)(int argc, char **argv, FILE *out, FILE *err);

/* Print "taiyaku: <error as one line>" to err and return TY_EXIT_ERROR. */
int ty_cli_fail(FILE *err, const ty_error *e);
/* Print "taiyaku CMD: <message>" and a hint to run --help; return TY_EXIT_USAGE. */
int ty_cli_usage_error(FILE *err, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Subcommands, one file each (src/cli/cmd_NAME.c). */
int ty_cmd_segment(int argc, char **argv, FILE *out, FILE *err);
int ty_cmd_align(int argc, char **argv, FILE *out, FILE *err);
int ty_cmd_tmx(int argc, char **argv, FILE *out, FILE *err);
int ty_cmd_import(int argc, char **argv, FILE *out, FILE *err);
int ty_cmd_export(int argc, char **argv, FILE *out, FILE *err);
int ty_cmd_lookup(int argc, char **argv, FILE *out, FILE *err);
int ty_cmd_concord(int argc, char **argv, FILE *out, FILE *err);
int ty_cmd_stats(int argc, char **argv, FILE *out, FILE *err);
int ty_cmd_remove(int argc, char **argv, FILE *out, FILE *err);
int ty_cmd_check(int argc, char **argv, FILE *out, FILE *err);
int ty_cmd_phrase(int argc, char **argv, FILE *out, FILE *err);
int ty_cmd_phrases(int argc, char **argv, FILE *out, FILE *err);

#endif
