/*
 * cli.c — ty_cli_main: global options (--help, --version) and dispatch to the subcommands.
 * Each subcommand parses its own options (getopt_long, reset per call) in cmd_NAME.c.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "cli.h"

static const struct {
    const char *name;
    ty_cmd_fn fn;
    const char *summary;
} commands[] = {
    {"segment", ty_cmd_segment, "split a document into sentences"},
    {"align", ty_cmd_align, "align the sentences of a Japanese and an English document"},
    {"tmx", ty_cmd_tmx, "read, filter, convert and summarize TMX files"},
    {"import", ty_cmd_import, "add TMX files to a translation memory"},
    {"export", ty_cmd_export, "write a translation memory (or part of it) as TMX"},
    {"lookup", ty_cmd_lookup, "exact and fuzzy matches from a translation memory"},
    {"concord", ty_cmd_concord, "concordance: units containing a text, in context"},
    {"stats", ty_cmd_stats, "what a translation memory holds; --verify checks it"},
    {"remove", ty_cmd_remove, "take documents out of a translation memory"},
    {"check", ty_cmd_check, "consistency findings in a translation memory (exit 1 if any)"},
    {"phrase", ty_cmd_phrase, "how a phrase is rendered across a translation memory"},
    {"phrases", ty_cmd_phrases, "recurring phrases of a memory and how consistently rendered"},
    /* new subcommands go here, one line each */
};

static void usage(FILE *f)
{
    fprintf(f, "usage: taiyaku COMMAND [OPTIONS] [ARGS]\n"
               "       taiyaku --help | --version\n\n"
               "Japanese-English sentence alignment and translation memories.\n\n"
               "Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nRun 'taiyaku COMMAND --help' for a command's options.\n");
}

int ty_cli_fail(FILE *err, const ty_error *e)
{
    char buf[2048];
    fprintf(err, "taiyaku: %s\n", ty_error_format(e, buf, sizeof buf));
    return TY_EXIT_ERROR;
}

int ty_cli_usage_error(FILE *err, const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(err, "taiyaku %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(err, fmt, ap);
    va_end(ap);
    fprintf(err, " (see 'taiyaku %s --help')\n", cmd);
    return TY_EXIT_USAGE;
}

int ty_cli_main(int argc, char **argv, FILE *out, FILE *err)
{
    if (argc < 2) {
        usage(err);
        return TY_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(out);
        return TY_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        fprintf(out, "taiyaku %s\n", ty_version());
        return TY_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1, out, err);
    fprintf(err, "taiyaku: unknown command '%s' (see 'taiyaku --help')\n", argv[1]);
    return TY_EXIT_USAGE;
}
