/*
 * doc.c — taiyaku-doc, a build-time program: writes the man page, the bash completion and
 * the README's command table from the command records (commands.c, cmd_NAME.c) that `taiyaku
 * --help` and `taiyaku CMD --help` are printed from, so none of them can say something the
 * program does not. It is not installed and does not run any command.
 *
 *   taiyaku-doc man           the man page taiyaku(1) on standard output
 *   taiyaku-doc completion    the bash completion script on standard output
 *   taiyaku-doc readme FILE   FILE with the lines between "<!-- commands" and
 *                             "<!-- /commands" replaced by the command table
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "help_text.h"

/* ---- the man page ---------------------------------------------------------------------------- */

/* Text for roff: backslashes and minus signs escaped, and a control character at the start of
 * a line made text. */
static void roff(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i == 0 && (s[i] == '.' || s[i] == '\''))
            fputs("\\&", f);
        if (s[i] == '\\')
            fputs("\\e", f);
        else if (s[i] == '-')
            fputs("\\-", f);
        else
            fputc(s[i], f);
    }
}

static void roff_s(FILE *f, const char *s)
{
    roff(f, s, strlen(s));
}

/* A text in the markup of help_text.h. `nested`: inside an option's .TP paragraph. */
static void man_text(FILE *f, const char *text, int nested)
{
    ty_help_reader r;
    ty_help_item it;
    int first = 1, in_list = 0, in_nf = 0;

    ty_help_begin(&r, text);
    while (ty_help_next(&r, &it)) {
        if (in_nf && it.kind != TY_HELP_VERBATIM) {
            fputs(".fi\n", f);
            in_nf = 0;
        }
        if (in_list && (it.kind != TY_HELP_TERM || it.new_paragraph)) {
            fputs(nested ? ".RE\n" : ".PP\n", f);
            in_list = 0;
        }
        if (!first && it.new_paragraph)
            fputs(nested ? ".IP\n" : ".PP\n", f);
        else if (!first && it.kind == TY_HELP_PROSE)
            fputs(".br\n", f);
        first = 0;
        switch (it.kind) {
        case TY_HELP_TERM:
            if (nested && !in_list)
                fputs(".RS\n", f);
            in_list = 1;
            fputs(".TP\n\\fB", f);
            roff(f, it.term, it.term_len);
            fputs("\\fR\n", f);
            break;
        case TY_HELP_VERBATIM:
            if (!in_nf)
                fputs(".nf\n", f);
            in_nf = 1;
            break;
        case TY_HELP_PROSE: break;
        }
        roff(f, it.text, it.len);
        fputc('\n', f);
    }
    if (in_nf)
        fputs(".fi\n", f);
    if (in_list && nested)
        fputs(".RE\n", f);
}

static void man_option(FILE *f, const ty_cli_option *o)
{
    fputs(".TP\n", f);
    if (o->key > 0 && o->key < 256)
        fprintf(f, "\\fB\\-%c\\fR, ", o->key);
    fputs("\\fB\\-\\-", f);
    roff_s(f, o->name);
    fputs("\\fR", f);
    if (o->arg) {
        fputs(" \\fI", f);
        roff_s(f, o->arg);
        fputs("\\fR", f);
    }
    fputc('\n', f);
    man_text(f, o->help, 1);
}

/* "\fBtaiyaku NAME\fR USAGE" for each usage line, with `sep` between them. */
static void man_usage(FILE *f, const char *name, const char *usage, const char *sep)
{
    const char *nl;

    for (int first = 1; *usage; usage = *nl ? nl + 1 : nl, first = 0) {
        nl = strchr(usage, '\n');
        if (!nl)
            nl = usage + strlen(usage);
        fputs(first ? "" : sep, f);
        fputs("\\fBtaiyaku", f);
        if (name) {
            fputc(' ', f);
            roff_s(f, name);
        }
        fputs("\\fR ", f);
        roff(f, usage, (size_t)(nl - usage));
        fputc('\n', f);
    }
}

static void man(FILE *f)
{
    static const ty_cli_option help = {"help", 'h', NULL, "this help"};
    const ty_cli_program *p = &ty_cli_program_text;

    fputs(".\\\" -*- coding: UTF-8 -*-\n"
          ".\\\" taiyaku(1), written by taiyaku-doc (src/cli/doc.c) from the command records\n"
          ".\\\" that taiyaku --help prints; edit those (src/cli/cmd_*.c), not this file.\n", f);
    fprintf(f, ".TH TAIYAKU 1 \"\" \"taiyaku %s\" \"User Commands\"\n", ty_version());
    fputs(".SH NAME\ntaiyaku \\- ", f);
    roff_s(f, p->summary);
    fputs("\n.SH SYNOPSIS\n.nf\n", f);
    man_usage(f, NULL, p->usage, "");
    for (size_t i = 0; ty_cli_commands[i]; i++)
        man_usage(f, ty_cli_commands[i]->name, ty_cli_commands[i]->usage, "");
    fputs(".fi\n.SH DESCRIPTION\n", f);
    man_text(f, p->description, 0);
    fputs(".PP\nEvery command prints its part of this page with \\fB\\-\\-help\\fR.\n", f);
    fputs(".SH COMMANDS\n", f);
    for (size_t i = 0; ty_cli_commands[i]; i++) {
        const ty_cli_command *cmd = ty_cli_commands[i];
        fputs(".SS ", f);
        roff_s(f, cmd->name);
        fputs("\n", f);
        man_usage(f, cmd->name, cmd->usage, ".br\n");
        fputs(".PP\n", f);
        man_text(f, cmd->description, 0);
        fputs(".PP\nOptions:\n", f);
        for (const ty_cli_option *o = cmd->options; o->name; o++)
            if (o->help)
                man_option(f, o);
        man_option(f, &help);
        if (cmd->notes) {
            fputs(".PP\n", f);
            man_text(f, cmd->notes, 0);
        }
    }
    for (const ty_cli_section *s = p->sections; s->title; s++) {
        fputs(".SH ", f);
        for (const char *t = s->title; *t; t++)
            fputc(toupper((unsigned char)*t), f);
        fputc('\n', f);
        man_text(f, s->text, 0);
    }
}

/* ---- bash completion ----------------------------------------------------------------------- */

/* Whether an option's value is one of a few words ("ja|en"): all lowercase, '|' between. */
static int is_word_list(const char *arg)
{
    if (!strchr(arg, '|'))
        return 0;
    for (; *arg; arg++)
        if (!islower((unsigned char)*arg) && !isdigit((unsigned char)*arg) && *arg != '|')
            return 0;
    return 1;
}

static void completion_values(FILE *f, const ty_cli_option *o)
{
    fputs("        ", f);
    if (o->key > 0 && o->key < 256)
        fprintf(f, "-%c | ", o->key);
    fprintf(f, "--%s) ", o->name);
    if (is_word_list(o->arg)) {
        fputs("COMPREPLY=($(compgen -W '", f);
        for (const char *a = o->arg; *a; a++)
            fputc(*a == '|' ? ' ' : *a, f);
        fputs("' -- \"$cur\")); ", f);
    } else if (strstr(o->arg, "DIR")) {
        fputs("COMPREPLY=($(compgen -d -- \"$cur\")); ", f);
    } else if (!strstr(o->arg, "FILE")) {
        fputs("compopt +o default 2>/dev/null; ", f); /* a value no list can offer */
    }
    fputs("return ;;\n", f); /* a FILE: bash's own file name completion (-o default) */
}

static void completion(FILE *f)
{
    fputs("# bash completion for taiyaku(1), written by taiyaku-doc (src/cli/doc.c) from the\n"
          "# command records that taiyaku --help prints; edit those (src/cli/cmd_*.c), not this.\n"
          "_taiyaku()\n"
          "{\n"
          "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}\n"
          "    local opts='' verbs=''\n"
          "    COMPREPLY=()\n"
          "    if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
          "        COMPREPLY=($(compgen -W '",
          f);
    for (size_t i = 0; ty_cli_commands[i]; i++)
        fprintf(f, "%s ", ty_cli_commands[i]->name);
    fputs("--help --version' -- \"$cur\"))\n"
          "        return\n"
          "    fi\n"
          "    case ${COMP_WORDS[1]} in\n",
          f);
    for (size_t i = 0; ty_cli_commands[i]; i++) {
        const ty_cli_command *cmd = ty_cli_commands[i];
        fprintf(f, "    %s)\n        opts='", cmd->name);
        for (const ty_cli_option *o = cmd->options; o->name; o++)
            if (o->help)
                fprintf(f, "--%s ", o->name);
        fputs("--help'\n", f);
        if (cmd->verbs) {
            fputs("        verbs='", f);
            for (size_t k = 0; cmd->verbs[k]; k++)
                fprintf(f, "%s%s", k ? " " : "", cmd->verbs[k]);
            fputs("'\n", f);
        }
        fputs("        case $prev in\n", f);
        for (const ty_cli_option *o = cmd->options; o->name; o++)
            if (o->help && o->arg)
                completion_values(f, o);
        fputs("        esac\n        ;;\n", f);
    }
    fputs("    *) return ;;\n"
          "    esac\n"
          "    case $cur in\n"
          "    -*) COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\")) ;;\n"
          "    *)\n"
          "        if [ -n \"$verbs\" ] && [ \"$COMP_CWORD\" -eq 2 ]; then\n"
          "            COMPREPLY=($(compgen -W \"$verbs\" -- \"$cur\"))\n"
          "        fi\n"
          "        ;;\n"
          "    esac\n"
          "}\n"
          "complete -o default -F _taiyaku taiyaku\n",
          f);
}

/* ---- the README's table ---------------------------------------------------------------------- */

/* Text for a Markdown table cell: '|' escaped (also inside code spans, as GitHub wants). */
static void cell(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '|')
            fputc('\\', f);
        fputc(s[i], f);
    }
}

static void readme_table(FILE *f)
{
    fputs("| command | job |\n|---|---|\n", f);
    for (size_t i = 0; ty_cli_commands[i]; i++) {
        const ty_cli_command *cmd = ty_cli_commands[i];
        const char *u = cmd->usage, *nl;
        fputs("| ", f);
        for (int first = 1; *u; u = *nl ? nl + 1 : nl, first = 0) {
            nl = strchr(u, '\n');
            if (!nl)
                nl = u + strlen(u);
            fprintf(f, "%s`taiyaku %s ", first ? "" : "<br>", cmd->name);
            cell(f, u, (size_t)(nl - u));
            fputc('`', f);
        }
        fputs(" | ", f);
        cell(f, cmd->summary, strlen(cmd->summary));
        fputs(" |\n", f);
    }
}

/* FILE with the lines between the markers replaced by the table. */
static int readme(FILE *f, const char *path, FILE *err)
{
    FILE *in = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    int state = 0; /* 0 before the table, 1 inside it, 2 after it */

    if (!in) {
        fprintf(err, "taiyaku-doc: %s: cannot open\n", path);
        return 2;
    }
    while (getline(&line, &cap, in) >= 0) {
        if (state == 1 && !strncmp(line, "<!-- /commands", 14))
            state = 2;
        if (state != 1)
            fputs(line, f);
        if (state == 0 && !strncmp(line, "<!-- commands", 13)) {
            readme_table(f);
            state = 1;
        }
    }
    free(line);
    fclose(in);
    if (state != 2) {
        fprintf(err, "taiyaku-doc: %s: no '<!-- commands' ... '<!-- /commands' lines\n", path);
        return 2;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int rc = 0;

    if (argc == 2 && !strcmp(argv[1], "man"))
        man(stdout);
    else if (argc == 2 && !strcmp(argv[1], "completion"))
        completion(stdout);
    else if (argc == 3 && !strcmp(argv[1], "readme"))
        rc = readme(stdout, argv[2], stderr);
    else {
        fputs("usage: taiyaku-doc man | completion | readme FILE\n", stderr);
        return 64;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("taiyaku-doc: error writing output\n", stderr);
        return 2;
    }
    return rc;
}
