/*
 * frame.h — private to the taiyaku program: the frame every subcommand runs in.
 *
 * A subcommand is a record (ty_cli_command): its name, one-line summary, usage, description
 * and options, and the function that does its work. The frame parses the options from that
 * record (getopt_long, reset on every run), prints `--help` from it, words every usage error
 * the same way, and ends every run by flushing the output and reporting a failed write as
 * "taiyaku: error writing output: …" (exit 2). The same records generate the man page, the
 * README's command table and the bash completion (doc.c), so none of them can drift.
 *
 * A subcommand's run function looks like this:
 *
 *     int k;
 *     while ((k = ty_cli_next(c)) > 0)
 *         switch (k) { case 'd': db = c->arg; break; ... }
 *     if (k < 0)
 *         return c->rc;                 (--help was printed, or a usage error)
 *     ... c->args[0 .. c->nargs) are the operands ...
 *
 * The frame does not know which subcommands exist (commands.c lists them) and does none of
 * their work.
 */
#ifndef TY_CLI_FRAME_H
#define TY_CLI_FRAME_H

#include <getopt.h>
#include <stdio.h>

#include "taiyaku.h"

/* Exit codes of the program (and of ty_cli_main). */
enum {
    TY_EXIT_OK = 0,
    TY_EXIT_FINDINGS = 1, /* the command worked and found something to report (check) */
    TY_EXIT_ERROR = 2,    /* bad input, I/O failure, … : one line on stderr says what */
    TY_EXIT_USAGE = 64    /* bad command line */
};

/* Where the help texts are laid out to. */
#define TY_CLI_WIDTH 80

/* One option. `key` is its short option's character, or a value of 256 and up for an option
 * that has only a long name (each command numbers its own; the shared ones are 0x1000 and up).
 * `arg` names its value ("FILE", "ja|en": words separated by '|' are the only values it
 * takes), NULL for a flag. `help` is in the markup of help_text.h; NULL hides the option (an
 * alias such as --colour: taken, never shown). */
typedef struct ty_cli_option {
    const char *name;
    int key;
    const char *arg;
    const char *help;
} ty_cli_option;

typedef struct ty_cli ty_cli;

typedef struct ty_cli_command {
    const char *name;             /* the word after "taiyaku" */
    const char *summary;          /* one line, no final period */
    const char *usage;            /* what follows "taiyaku NAME ", one usage a line */
    const char *description;      /* help_text.h markup */
    const ty_cli_option *options; /* ends with a NULL name; -h, --help is the frame's */
    const char *notes;            /* after the options (help_text.h markup), or NULL */
    const char *const *verbs;     /* what the first operand may be (NULL-ended), or NULL */
    int (*run)(ty_cli *c);
} ty_cli_command;

/* Most options a command may have. */
#define TY_CLI_MAX_OPTIONS 40

/* One run of a command. The public fields are for the command; the rest is the frame's. */
struct ty_cli {
    FILE *out, *err;
    const ty_cli_command *cmd;    /* NULL for the program's own options (cli.c) */
    const char *arg;              /* the value of the option ty_cli_next returned, or NULL */
    const ty_cli_option *option;  /* that option */
    char **args;                  /* once ty_cli_next returned 0: the operands */
    int nargs;
    int rc;                       /* once ty_cli_next returned -1: what the command returns */

    int argc;
    char **argv;
    int started, reported;
    int status_tty;    /* standard error is a terminal: 1 yes, 0 no, -1 not asked yet */
    int status_drawn;  /* a status line stands on it (ty_cli_status) */
    double status_at;  /* the monotonic time it was drawn */
    struct option longopts[TY_CLI_MAX_OPTIONS + 2];
    char shortopts[3 * TY_CLI_MAX_OPTIONS + 4];
};

/* Run `cmd` on argv[0, argc) (argv[0] is its name) and return its exit code, after the frame's
 * end (ty_cli_end). */
int ty_cli_run(const ty_cli_command *cmd, int argc, char **argv, FILE *out, FILE *err);

/* Start a run by hand (cli.c, for the program's own options); end it with ty_cli_end. */
void ty_cli_init(ty_cli *c, const ty_cli_command *cmd, int argc, char **argv, FILE *out,
                 FILE *err);
/* Flush the output. When a write failed and nothing else was reported, say so in one line,
 * "taiyaku: error writing output: REASON", and return TY_EXIT_ERROR; else return rc. */
int ty_cli_end(ty_cli *c, int rc);

/* The next option: its key (c->arg its value, c->option its entry); 0 when the options are
 * over (c->args, c->nargs the operands); -1 when the command is to return c->rc at once: after
 * printing --help (TY_EXIT_OK) or a usage error (TY_EXIT_USAGE). Options and operands may
 * be mixed; "--" ends the options. */
int ty_cli_next(ty_cli *c);

/* The command's --help, laid out from its record. */
void ty_cli_print_help(FILE *out, const ty_cli_command *cmd);
/* "  -l, --lang ja|en" without the leading spaces into buf; returns buf. */
char *ty_cli_option_label(const ty_cli_option *o, char *buf, size_t size);

/* ---- messages: one line each on c->err (control characters in them written as spaces); each
 * returns the exit code that goes with it ---- */

/* "taiyaku CMD: MESSAGE (see 'taiyaku CMD --help')"; TY_EXIT_USAGE. */
int ty_cli_usage(ty_cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "taiyaku: <the error as one line>"; TY_EXIT_ERROR. */
int ty_cli_fail(ty_cli *c, const ty_error *e);
/* The same for an error of a writer whose output is `path`: when that is standard output
 * ("-") and the write failed, it is worded as every other failed write on standard output. */
int ty_cli_fail_writing(ty_cli *c, const char *path, const ty_error *e);
/* "taiyaku: MESSAGE"; TY_EXIT_ERROR. */
int ty_cli_error(ty_cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "taiyaku: MESSAGE" (a warning: the run goes on). */
void ty_cli_warn(ty_cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "taiyaku: out of memory"; TY_EXIT_ERROR. */
int ty_cli_oom(ty_cli *c);

/* ---- a status line for long work, on a terminal only ---- */

/* Seconds on the monotonic clock (for rates and redraw intervals). */
double ty_cli_seconds(void);
/* Whether standard error is a terminal, where ty_cli_status draws. */
int ty_cli_status_on(ty_cli *c);
/* Draw "taiyaku: MESSAGE" on standard error in place of the status line before it, when it
 * is a terminal (else nothing): "FILE: 120000 units read". With `every` > 0, only when that
 * many seconds have passed since the last one was drawn. The messages above, ty_cli_end and
 * ty_cli_status_clear take it away first; a command clears it before writing on standard
 * output (the two may be one terminal). */
void ty_cli_status(ty_cli *c, double every, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ty_cli_status_clear(ty_cli *c);

/* ---- checks after the options; each returns 0, or TY_EXIT_USAGE after its message ---- */

/* `value` must be set: "WHAT is required" (what: "--db MEMORY"). */
int ty_cli_require(ty_cli *c, const void *value, const char *what);
/* min to max operands: "expected WHAT", or "unexpected argument 'X'" when max is 0. */
int ty_cli_operands(ty_cli *c, int min, int max, const char *what);

/* `s` (an operand or an option's value: a query, a document's name) is well-formed UTF-8:
 * "WHAT is not valid UTF-8 (byte N)". */
int ty_cli_utf8(ty_cli *c, const char *what, const char *s);

/* ---- option values (the current option's c->arg); 0, or TY_EXIT_USAGE after a message ---- */

/* A whole number in [lo, hi]: "--min wants a number from 1 to 100, not '101'". */
int ty_cli_number(ty_cli *c, long lo, long hi, long *v);
/* A number in [0, 1]: "--min-confidence wants a number from 0 to 1, not '2'". */
int ty_cli_fraction(ty_cli *c, double *v);
/* ja or en: "unknown language 'fr' (ja or en)". */
int ty_cli_lang(ty_cli *c, ty_lang *lang);
/* `value` (an option's value) is one of `choices` (NULL-terminated): *index its place; else
 * "unknown NOUN 'X' (A, B or C)". */
int ty_cli_choice(ty_cli *c, const char *noun, const char *value, const char *const *choices,
                  int *index);
/* Whether to colour the output for --color WHEN: auto (a terminal, and NO_COLOR unset),
 * always or never; else "unknown colour mode 'X' (auto, always or never)". */
int ty_cli_colour(ty_cli *c, const char *when, int *colour);

/* A whole decimal number in [lo, hi]; 0 on success (no message). */
int ty_cli_parse_long(const char *s, long lo, long hi, long *out);

/* The --color option, shared by the commands that colour their output: an entry for the
 * option table, its key, and the value it takes by default. */
#define TY_CLI_COLOR 0x1100
#define TY_CLI_COLOR_OPTIONS                                                                    \
    {"color", TY_CLI_COLOR, "WHEN", "auto (default: on a terminal), always, never"},            \
        {"colour", TY_CLI_COLOR, "WHEN", NULL}

#endif
