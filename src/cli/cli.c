/*
 * cli.c — ty_cli_main: the program's own options (--help, --version) and the dispatch to a
 * subcommand, which runs in the frame (frame.h). It holds no subcommand's options or work.
 */
#include "config.h"

#include <string.h>

#include "cli.h"
#include "commands.h"
#include "help_text.h"

static void print_help(FILE *f)
{
    const ty_cli_program *p = &ty_cli_program_text;
    const char *u = p->usage, *nl;
    size_t w = 0;

    for (int first = 1; *u; u = *nl ? nl + 1 : nl, first = 0) {
        nl = strchr(u, '\n');
        if (!nl)
            nl = u + strlen(u);
        fprintf(f, "%s taiyaku %.*s\n", first ? "usage:" : "      ", (int)(nl - u), u);
    }
    fprintf(f, "\n%s.\n\n", p->summary);
    ty_help_print(f, p->description, 0, TY_CLI_WIDTH);
    fputs("\nCommands:\n", f);
    for (size_t i = 0; ty_cli_commands[i]; i++)
        if (strlen(ty_cli_commands[i]->name) > w)
            w = strlen(ty_cli_commands[i]->name);
    for (size_t i = 0; ty_cli_commands[i]; i++) {
        fprintf(f, "  %-*s  ", (int)w, ty_cli_commands[i]->name);
        ty_help_print(f, ty_cli_commands[i]->summary, w + 4, TY_CLI_WIDTH);
    }
    fputs("\nRun 'taiyaku COMMAND --help' for a command's options.\n", f);
    for (const ty_cli_section *s = p->sections; s->title; s++) {
        fprintf(f, "\n%s:\n  ", s->title);
        ty_help_print(f, s->text, 2, TY_CLI_WIDTH);
    }
}

int ty_cli_main(int argc, char **argv, FILE *out, FILE *err)
{
    const ty_cli_command *cmd;
    ty_cli c;
    int rc = TY_EXIT_OK;

    ty_cli_init(&c, NULL, argc, argv, out, err);
    if (argc < 2) {
        print_help(err);
        rc = TY_EXIT_USAGE;
    } else if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
               !strcmp(argv[1], "help")) {
        print_help(out);
    } else if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        fprintf(out, "taiyaku %s\n", ty_version());
    } else if ((cmd = ty_cli_find_command(argv[1]))) {
        return ty_cli_run(cmd, argc - 1, argv + 1, out, err);
    } else {
        rc = ty_cli_usage(&c, "unknown command '%s'", argv[1]);
    }
    return ty_cli_end(&c, rc);
}
