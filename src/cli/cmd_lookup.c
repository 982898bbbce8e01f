/*
 * cmd_lookup.c — `taiyaku lookup`: exact and fuzzy matches from a translation memory for a
 * text given as an argument or for each line of standard input, as aligned text (colour on
 * a terminal) or JSON lines. Matching itself is the library's (ty_tm_lookup).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "json_out.h"
#include "tm_cli.h"

enum { OPT_JSON = 256 };

static const ty_cli_option options[] = {
    TY_CLI_DB_OPTION,
    {"from", 'f', "ja|en", "the language of TEXT (default ja)"},
    {"min", 'm', "N", "lowest score shown, 1..100 (default 70)"},
    {"max", 'n', "N", "most matches per query (default 5)"},
    {"json", OPT_JSON, NULL,
     "one JSON object per query: {\"query\", \"from\", \"matches\": [{\"score\", "
     "\"numbers_differ\", \"ja\", \"en\", \"count\", \"confidence\", \"document\", "
     "\"position\", \"unit\"}]} (position 0-based)"},
    TY_CLI_COLOR_OPTIONS,
    {NULL, 0, NULL, NULL}};

static int run(ty_cli *c);

const ty_cli_command ty_cmd_lookup = {
    .name = "lookup",
    .summary = "exact and fuzzy matches from a translation memory, with a score",
    .usage = "--db MEMORY [OPTIONS] [TEXT...]",
    .description = "Look TEXT up in a translation memory (the words of TEXT joined by spaces; "
                   "without TEXT, each line of standard input is a query). Exact matches (the "
                   "same text after normalization: NFKC, case, white space) come first at 100%, "
                   "then fuzzy matches with their score: 100 x (1 - d / max(m, n)) rounded down, "
                   "d the edit distance in characters (Japanese) or words (English) and m, n the "
                   "lengths, minus 2 points per number that differs (at most 10; such a match is "
                   "never above 99% and is marked). Equal scores are ranked by how often the unit "
                   "occurs, then newest first.",
    .options = options,
    .run = run,
};

typedef struct lookup_args {
    ty_tm_lookup_opts o;
    int json, colour;
} lookup_args;

static const char *score_colour(int score)
{
    return score == 100 ? "\033[1;32m" : score >= 85 ? "\033[32m" : "\033[33m";
}

static void print_text(FILE *out, const char *s)
{
    ty_cli_put_flat(out, s, strlen(s));
}

static void print_human(FILE *out, const char *query, const ty_tm_matches *m,
                        const lookup_args *a)
{
    size_t n = ty_tm_matches_count(m);
    const char *dim = a->colour ? "\033[2m" : "", *off = a->colour ? "\033[0m" : "";

    fputs("> ", out);
    print_text(out, query);
    fputc('\n', out);
    if (n == 0)
        fprintf(out, "  %sno match at %d%% or more%s\n", dim, a->o.min_score, off);
    for (size_t i = 0; i < n; i++) {
        const ty_tm_match *x = ty_tm_matches_get(m, i);
        const char *src = a->o.from == TY_LANG_JA ? x->ja : x->en;
        const char *tgt = a->o.from == TY_LANG_JA ? x->en : x->ja;
        fprintf(out, "  %s%3d%%%s  ", a->colour ? score_colour(x->score) : "", x->score, off);
        print_text(out, src);
        if (x->numbers_differ)
            fprintf(out, "  %s[numbers differ]%s", a->colour ? "\033[1;31m" : "", off);
        fputs("\n        ", out);
        print_text(out, tgt);
        fprintf(out, "\n        %s", dim);
        print_text(out, x->document);
        fprintf(out, ":%lld", x->position + 1);
        if (x->count > 1)
            fprintf(out, " · %zu times", x->count);
        if (x->confidence >= 0)
            fprintf(out, " · confidence %.2f", x->confidence);
        fprintf(out, "%s\n", off);
    }
}

static void print_json(FILE *out, const char *query, const ty_tm_matches *m,
                       const lookup_args *a)
{
    size_t n = ty_tm_matches_count(m);

    fputs("{\"query\":", out);
    ty_cli_json_string(out, query);
    fprintf(out, ",\"from\":\"%s\",\"matches\":[", a->o.from == TY_LANG_JA ? "ja" : "en");
    for (size_t i = 0; i < n; i++) {
        const ty_tm_match *x = ty_tm_matches_get(m, i);
        fprintf(out, "%s{\"score\":%d,\"numbers_differ\":%s,\"ja\":", i ? "," : "", x->score,
                x->numbers_differ ? "true" : "false");
        ty_cli_json_string(out, x->ja);
        fputs(",\"en\":", out);
        ty_cli_json_string(out, x->en);
        fprintf(out, ",\"count\":%zu,\"confidence\":", x->count);
        if (x->confidence >= 0)
            fprintf(out, "%.3f", x->confidence);
        else
            fputs("null", out);
        fputs(",\"document\":", out);
        ty_cli_json_string(out, x->document);
        fprintf(out, ",\"position\":%lld,\"unit\":%lld}", x->position, x->unit);
    }
    fputs("]}\n", out);
}

static int one(ty_cli *c, ty_tm *tm, const char *query, const lookup_args *a)
{
    ty_tm_matches *m = NULL;
    ty_error e;

    ty_error_clear(&e);
    if (ty_tm_lookup(tm, query, &a->o, &m, &e) != TY_OK)
        return ty_cli_fail(c, &e);
    if (a->json)
        print_json(c->out, query, m, a);
    else
        print_human(c->out, query, m, a);
    ty_tm_matches_free(m);
    return TY_EXIT_OK;
}

/* Each non-blank line of standard input is a query. */
static int from_stdin(ty_cli *c, ty_tm *tm, const lookup_args *a)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int rc = TY_EXIT_OK;
    long no = 0;

    while (rc == TY_EXIT_OK && (len = getline(&line, &cap, stdin)) >= 0) {
        no++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (strlen(line) != (size_t)len) {
            rc = ty_cli_error(c, "stdin:%ld: a NUL byte in the query", no);
            break;
        }
        if (strspn(line, " \t") == (size_t)len)
            continue;
        if (ty_utf8_check(line, (size_t)len) < (size_t)len) {
            rc = ty_cli_error(c, "stdin:%ld: the query is not valid UTF-8 (byte %zu)", no,
                              ty_utf8_check(line, (size_t)len));
            break;
        }
        rc = one(c, tm, line, a);
        if (!a->json && rc == TY_EXIT_OK)
            fputc('\n', c->out);
    }
    free(line);
    return rc;
}

static int run(ty_cli *c)
{
    const char *db = NULL, *when = "auto";
    lookup_args a;
    ty_tm *tm = NULL;
    long v;
    int k, rc;

    memset(&a, 0, sizeof a);
    ty_tm_lookup_opts_init(&a.o);
    while ((k = ty_cli_next(c)) > 0) {
        switch (k) {
        case 'd': db = c->arg; break;
        case 'f':
            if (ty_cli_lang(c, &a.o.from))
                return TY_EXIT_USAGE;
            break;
        case 'm':
            if (ty_cli_number(c, 1, 100, &v))
                return TY_EXIT_USAGE;
            a.o.min_score = (int)v;
            break;
        case 'n':
            if (ty_cli_number(c, 1, 1000, &v))
                return TY_EXIT_USAGE;
            a.o.max_results = (size_t)v;
            break;
        case OPT_JSON: a.json = 1; break;
        case TY_CLI_COLOR: when = c->arg; break;
        }
    }
    if (k < 0)
        return c->rc;
    if (ty_cli_require(c, db, "--db MEMORY") || ty_cli_colour(c, when, &a.colour))
        return TY_EXIT_USAGE;
    for (int i = 0; i < c->nargs; i++)
        if (ty_cli_utf8(c, "the query", c->args[i]))
            return TY_EXIT_USAGE;
    /* queries given as arguments are one; standard input may bring many */
    if ((rc = ty_cli_tm_open(c, db, c->nargs > 0 ? TY_TM_BRIEF : 0, &tm)) != TY_EXIT_OK)
        return rc;
    if (c->nargs == 0) {
        rc = from_stdin(c, tm, &a);
    } else {
        char *q = ty_cli_join_args(c);
        rc = q ? one(c, tm, q, &a) : ty_cli_oom(c);
        free(q);
    }
    ty_tm_close(tm);
    return rc;
}
