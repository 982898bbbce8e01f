/*
 * commands.h — private to the taiyaku program: the subcommands' records, one file each
 * (cmd_NAME.c), and the program's own texts; commands.c lists them in the order `taiyaku
 * --help`, the man page, the README's table and the bash completion show them.
 */
#ifndef TY_CLI_COMMANDS_H
#define TY_CLI_COMMANDS_H

#include "frame.h"

extern const ty_cli_command ty_cmd_segment, ty_cmd_align, ty_cmd_tmx, ty_cmd_import,
    ty_cmd_export, ty_cmd_lookup, ty_cmd_concord, ty_cmd_stats, ty_cmd_remove, ty_cmd_check,
    ty_cmd_phrase, ty_cmd_phrases, ty_cmd_pair, ty_cmd_batch, ty_cmd_serve;
extern const ty_cli_command ty_cmd_review, ty_cmd_import_review;
extern const ty_cli_command ty_cmd_copy;

/* Every subcommand, NULL-terminated. */
extern const ty_cli_command *const ty_cli_commands[];

/* The subcommand named `name`, or NULL. */
const ty_cli_command *ty_cli_find_command(const char *name);

/* The program's own texts: what `taiyaku --help` and the man page say besides the commands. */
typedef struct ty_cli_section {
    const char *title; /* "Exit status" */
    const char *text;  /* help_text.h markup */
} ty_cli_section;

typedef struct ty_cli_program {
    const char *summary;              /* one line: the man page's NAME */
    const char *usage;                /* what follows "taiyaku ", one usage a line */
    const char *description;          /* help_text.h markup */
    const ty_cli_section *sections;   /* after the commands; ends with a NULL title */
} ty_cli_program;

extern const ty_cli_program ty_cli_program_text;

#endif
