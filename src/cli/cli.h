/*
 * cli.h — the taiyaku program as a function, for main.c, the tests and the fuzzers. The
 * program uses only the public API in taiyaku.h.
 */
#ifndef TY_CLI_H
#define TY_CLI_H

#include <stdio.h>

/* The whole program, callable in-process (tests, fuzzers) and many times in one process.
 * argv[0] is the program's name; output goes to `out`, messages to `err`. Returns the exit
 * code: 0 ok, 1 findings (check), 2 error, 64 bad command line. */
int ty_cli_main(int argc, char **argv, FILE *out, FILE *err);

#endif
