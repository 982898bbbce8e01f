/*
 * cmd_pair.c — `taiyaku pair`: which document of a Japanese folder translates which document
 * of an English one (ty_pair_dirs), printed one line per document. It aligns nothing (`batch`
 * does).
 */
#include "config.h"

#include <string.h>

#include "archive_cli.h"
#include "commands.h"
#include "json_out.h"
#include "lexicon_cli.h"
#include "tm_cli.h"

enum { OPT_JSON = 256 };

static const ty_cli_option options[] = {
    {"json", OPT_JSON, NULL,
     "one JSON object a line: {\"ja\":PATH,\"en\":PATH,\"score\":X}, null for a missing side"},
    TY_CLI_JOBS_OPTION,
    TY_CLI_PAIRING_OPTIONS,
    {"encoding", 'e', "NAME", "the files' encoding (default: detected for each file)"},
    TY_CLI_LEXICON_OPTIONS,
    {NULL, 0, NULL, NULL}};

static int run(ty_cli *c);

const ty_cli_command ty_cmd_pair = {
    .name = "pair",
    .summary = "which document of a Japanese folder translates which of an English one",
    .usage = "[OPTIONS] JA_DIR EN_DIR",
    .description =
        "Find which English document translates which Japanese one, in two folders walked "
        "recursively, whatever the file names. Each pair is a line JA_PATH<TAB>EN_PATH<TAB>SCORE "
        "(score 0 to 1), pairs first; a document left without a counterpart is a line with an "
        "empty side and score 0. The output is what 'taiyaku batch --pairs' reads.\n"
        "\n"
        "The evidence is what the documents contain: numbers, dates and era dates, times, "
        "amounts, Latin-script tokens, katakana names and dictionary words, each weighted by "
        "how rare it is in the archive (a date two documents share says much, \"2024\" "
        "little); the documents' lengths; and the numbers, dates and words of the file names. "
        "Each document's candidates come from the documents that share its rarest evidence "
        "(never all pairs compared); the pairs are the one-to-one choice of the highest total "
        "score, and a pair is kept only above --min-score and when no other choice comes "
        "within --margin of it, so look-alikes (press conferences of one series) that the "
        "evidence cannot tell apart stay unpaired rather than guessed.",
    .options = options,
    .notes = "A file that cannot be read or has no text is named in a warning and left out; a "
             "file in the other language's folder is named and paired as the language it is "
             "written in.",
    .run = run,
};

static void put_path(FILE *out, const char *s, int json)
{
    if (json)
        ty_cli_json_string(out, s);
    else if (s)
        ty_cli_put_flat(out, s, strlen(s));
}

static int run(ty_cli *c)
{
    ty_pair_dirs_opts o;
    ty_cli_lexicon lex;
    ty_path_pairs *pairs = NULL;
    ty_error e;
    size_t jobs = ty_cli_cores();
    int k, r, json = 0, rc;

    ty_pair_dirs_opts_init(&o);
    ty_error_clear(&e);
    if ((rc = ty_cli_lexicon_init(c, &lex)) != TY_EXIT_OK)
        return rc;
    while ((k = ty_cli_next(c)) > 0) {
        switch (k) {
        case OPT_JSON: json = 1; break;
        case 'e': o.decode.encoding = c->arg; break;
        default:
            if (ty_cli_lexicon_option(c, &lex, k))
                break;
            if ((r = ty_cli_archive_option(c, k, &jobs, &o.pair)) == TY_EXIT_USAGE) {
                rc = r;
                goto done;
            }
        }
    }
    if (k < 0) {
        rc = c->rc;
        goto done;
    }
    if ((rc = ty_cli_operands(c, 2, 2, "two folders, JA_DIR and EN_DIR")) != 0)
        goto done;
    if ((rc = ty_cli_lexicon_load(c, &lex)) != TY_EXIT_OK)
        goto done;
    o.pair.jobs = jobs;
    o.lexicon = lex.lexicon;
    o.warn = ty_cli_archive_warn;
    o.userdata = c;
    if (ty_pair_dirs(c->args[0], c->args[1], &o, &pairs, &e) != TY_OK) {
        rc = ty_cli_fail(c, &e);
        goto done;
    }
    for (size_t i = 0; i < ty_path_pairs_count(pairs); i++) {
        const ty_path_pair *p = ty_path_pairs_get(pairs, i);
        if (json) {
            fputs("{\"ja\":", c->out);
            put_path(c->out, p->ja, 1);
            fputs(",\"en\":", c->out);
            put_path(c->out, p->en, 1);
            fprintf(c->out, ",\"score\":%.3f}\n", p->score);
        } else {
            put_path(c->out, p->ja, 0);
            fputc('\t', c->out);
            put_path(c->out, p->en, 0);
            if (p->ja && p->en)
                fprintf(c->out, "\t%.3f\n", p->score);
            else
                fputs("\t0\n", c->out);
        }
    }
    rc = TY_EXIT_OK;
done:
    ty_path_pairs_free(pairs);
    ty_cli_lexicon_done(&lex);
    return rc;
}
