/*
 * commands.c — the list of taiyaku's subcommands (each record lives in its cmd_NAME.c) and the
 * program's own texts (its summary, usage, description, exit status and environment). Help,
 * the man page, the README's command table and the bash completion are all made from these.
 * It runs nothing.
 */
#include "config.h"

#include <string.h>

#include "commands.h"

const ty_cli_command *const ty_cli_commands[] = {
    &ty_cmd_segment, &ty_cmd_align, &ty_cmd_pair, &ty_cmd_batch, &ty_cmd_tmx,   &ty_cmd_import, &ty_cmd_export,
    &ty_cmd_lookup,  &ty_cmd_concord, &ty_cmd_stats, &ty_cmd_remove, &ty_cmd_copy, &ty_cmd_check,
    &ty_cmd_phrase,  &ty_cmd_phrases,
    &ty_cmd_review, &ty_cmd_import_review, &ty_cmd_serve,
    NULL, /* new subcommands go before this line, one record each */
};

const ty_cli_command *ty_cli_find_command(const char *name)
{
    for (size_t i = 0; ty_cli_commands[i]; i++)
        if (!strcmp(name, ty_cli_commands[i]->name))
            return ty_cli_commands[i];
    return NULL;
}

static const ty_cli_section sections[] = {
    {"Exit status",
     "0\tsuccess\n"
     "1\tthe command worked and found something to report (check)\n"
     "2\tan error: bad input, a file that cannot be read or written, output that cannot be "
     "written; one line on standard error says what, naming the file and the line or byte "
     "offset\n"
     "64\ta bad command line"},
    {"Environment",
     "SOURCE_DATE_EPOCH\tthe time written into TMX headers and recorded for imported documents, "
     "instead of now (reproducible runs)\n"
     "NO_COLOR\twhen set and not empty, --color auto does not colour\n"
     "XDG_CACHE_HOME\twhere the dictionaries' index cache lives ($XDG_CACHE_HOME/taiyaku; "
     "without it ~/.cache/taiyaku)"},
    {NULL, NULL},
};

const ty_cli_program ty_cli_program_text = {
    "Japanese-English sentence alignment and translation memories",
    "COMMAND [OPTIONS] [ARGS]\n--help | --version",
    "taiyaku takes the Japanese and English versions of the same document, splits both into "
    "sentences, pairs the sentences, and turns the pairs into a translation memory: a TMX 1.4b "
    "file that CAT tools import, and a SQLite database that translators query (exact, fuzzy "
    "and concordance lookup, consistency reports).",
    sections,
};
