/*
 * cmd_lookup.c — `taiyaku lookup`: exact and fuzzy matches from a translation memory for a
 * text given as an argument or for each line of standard input, as aligned text (colour on
 * a terminal) or JSON lines. Matching itself is the library's (ty_tm_lookup).
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "json_out.h"
#include "tm_cli.h"

static const char help[] =
    "usage: taiyaku lookup --db MEMORY [OPTIONS] [TEXT...]\n"
    "\n"
    "Look TEXT up in a translation memory (the words of TEXT joined by spaces; without TEXT,\n"
    "each line of standard input is a query). Exact matches (the same text after\n"
    "normalization: NFKC, case, white space) come first at 100%, then fuzzy matches with\n"
    "their score: 100 x (1 - d / max(m, n)) rounded down, d the edit distance in characters\n"
    "(Japanese) or words (English) and m, n the lengths, minus 2 points per number that\n"
    "differs (at most 10; such a match is never above 99% and is marked). Equal scores are\n"
    "ranked by how often the unit occurs, then newest first.\n"
    "\n"
    "Options:\n"
    "  -d, --db FILE         the translation memory (required)\n"
    "  -f, --from ja|en      the language of TEXT (default ja)\n"
    "  -m, --min N           lowest score shown, 1..100 (default 70)\n"
    "  -n, --max N           most matches per query (default 5)\n"
    "      --json            one JSON object per query: {\"query\", \"from\", \"matches\": [{\"score\",\n"
    "                        \"numbers_differ\", \"ja\", \"en\", \"count\", \"confidence\",\n"
    "                        \"document\", \"position\", \"unit\"}]} (position 0-based)\n"
    "      --color WHEN      auto (default: on a terminal), always, never\n"
    "  -h, --help            this help\n";

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

static int one(ty_tm *tm, const char *query, const lookup_args *a, FILE *out, FILE *err)
{
    ty_tm_matches *m = NULL;
    ty_error e;

    ty_error_clear(&e);
    if (ty_tm_lookup(tm, query, &a->o, &m, &e) != TY_OK)
        return ty_cli_fail(err, &e);
    if (a->json)
        print_json(out, query, m, a);
    else
        print_human(out, query, m, a);
    ty_tm_matches_free(m);
    return TY_EXIT_OK;
}

/* Each non-blank line of standard input is a query. */
static int from_stdin(ty_tm *tm, const lookup_args *a, FILE *out, FILE *err)
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
            fprintf(err, "taiyaku: stdin:%ld: a NUL byte in the query\n", no);
            rc = TY_EXIT_ERROR;
            break;
        }
        if (strspn(line, " \t") == (size_t)len)
            continue;
        rc = one(tm, line, a, out, err);
        if (!a->json && rc == TY_EXIT_OK)
            fputc('\n', out);
    }
    free(line);
    return rc;
}

int ty_cmd_lookup(int argc, char **argv, FILE *out, FILE *err)
{
    enum { OPT_JSON = 256, OPT_COLOR };
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},   {"from", required_argument, NULL, 'f'},
        {"min", required_argument, NULL, 'm'},  {"max", required_argument, NULL, 'n'},
        {"json", no_argument, NULL, OPT_JSON},  {"color", required_argument, NULL, OPT_COLOR},
        {"colour", required_argument, NULL, OPT_COLOR},
        {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0}};
    const char *db = NULL, *when = "auto";
    lookup_args a;
    ty_tm *tm = NULL;
    long v;
    int c, rc;

    memset(&a, 0, sizeof a);
    ty_tm_lookup_opts_init(&a.o);
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:f:m:n:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'f':
            if (ty_lang_parse(optarg, &a.o.from) != 0)
                return ty_cli_usage_error(err, "lookup", "unknown language '%s' (ja or en)", optarg);
            break;
        case 'm':
            if (ty_cli_parse_long(optarg, 1, 100, &v) != 0)
                return ty_cli_usage_error(err, "lookup", "--min wants a number from 1 to 100, not '%s'", optarg);
            a.o.min_score = (int)v;
            break;
        case 'n':
            if (ty_cli_parse_long(optarg, 1, 1000, &v) != 0)
                return ty_cli_usage_error(err, "lookup", "--max wants a number from 1 to 1000, not '%s'", optarg);
            a.o.max_results = (size_t)v;
            break;
        case OPT_JSON: a.json = 1; break;
        case OPT_COLOR: when = optarg; break;
        case 'h': fputs(help, out); return TY_EXIT_OK;
        case ':': return ty_cli_usage_error(err, "lookup", "option '%s' needs a value", argv[optind - 1]);
        default: return ty_cli_usage_error(err, "lookup", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (!db)
        return ty_cli_usage_error(err, "lookup", "--db MEMORY is required");
    if ((a.colour = ty_cli_colour(when, out)) < 0)
        return ty_cli_usage_error(err, "lookup", "--color wants auto, always or never, not '%s'", when);
    if ((rc = ty_cli_tm_open(db, 0, &tm, err)) != TY_EXIT_OK)
        return rc;
    if (optind == argc) {
        rc = from_stdin(tm, &a, out, err);
    } else {
        char *q = ty_cli_join_args(argc, argv, optind);
        if (!q) {
            ty_tm_close(tm);
            fprintf(err, "taiyaku: out of memory\n");
            return TY_EXIT_ERROR;
        }
        rc = one(tm, q, &a, out, err);
        free(q);
    }
    ty_tm_close(tm);
    if (rc == TY_EXIT_OK && (fflush(out) != 0 || ferror(out))) {
        fprintf(err, "taiyaku: error writing output\n");
        rc = TY_EXIT_ERROR;
    }
    return rc;
}
