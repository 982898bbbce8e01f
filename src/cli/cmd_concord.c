/*
 * cmd_concord.c — `taiyaku concord`: every unit of a memory whose Japanese or English contains
 * a text, as a keyword-in-context (KWIC) line with the match aligned in one column and the
 * other language beside it (the match in colour on a terminal), or as JSON. The search is
 * the library's (ty_tm_concord).
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "json_out.h"
#include "tm_cli.h"

static const char help[] =
    "usage: taiyaku concord --db MEMORY [OPTIONS] TEXT...\n"
    "\n"
    "Show the units whose Japanese or English contains TEXT (the words of TEXT joined by\n"
    "spaces), newest first: one line per unit with TEXT aligned in one column between its\n"
    "left and right context, then \" | \" and the other language. The comparison is on\n"
    "normalized text (NFKC, case, white space), so 'gdp' finds ＧＤＰ; any length works, from\n"
    "one character (法) up.\n"
    "\n"
    "Options:\n"
    "  -d, --db FILE        the translation memory (required)\n"
    "  -l, --lang ja|en     search only this side (default both)\n"
    "  -n, --max N          at most N units (default 20; 0: all)\n"
    "  -w, --context N      columns of context on each side (default 30)\n"
    "      --json           one JSON object: {\"pattern\", \"hits\": [{\"unit\", \"lang\", \"ja\",\n"
    "                       \"en\", \"spans\": [[start, end], ...] (byte offsets in the found\n"
    "                       side), \"count\", \"document\", \"position\"}], \"more\"}\n"
    "      --color WHEN     auto (default: on a terminal), always, never\n"
    "  -h, --help           this help\n";

static void print_kwic(FILE *out, const ty_tm_hit *h, int colour)
{
    const char *s = h->lang == TY_LANG_JA ? h->ja : h->en;
    const char *other = h->lang == TY_LANG_JA ? h->en : h->ja;
    size_t at = h->left;

    for (size_t i = 0; i < h->pad; i++)
        fputc(' ', out);
    /* the context window, every match in it highlighted */
    for (size_t k = 0; k < h->nspans && at < h->right; k++) {
        size_t b = h->spans[2 * k], e = h->spans[2 * k + 1];
        if (e <= at)
            continue;
        if (b > h->right)
            break;
        if (b < at)
            b = at;
        if (e > h->right)
            e = h->right;
        ty_cli_put_flat(out, s + at, b - at);
        if (colour)
            fputs("\033[1;31m", out);
        ty_cli_put_flat(out, s + b, e - b);
        if (colour)
            fputs("\033[0m", out);
        at = e;
    }
    if (at < h->right)
        ty_cli_put_flat(out, s + at, h->right - at);
    fputs(colour ? " \033[2m|\033[0m " : " | ", out);
    ty_cli_put_flat(out, other, strlen(other));
    fputc('\n', out);
}

static void print_json(FILE *out, const char *pattern, const ty_tm_hits *hits, int more)
{
    size_t n = ty_tm_hits_count(hits);

    fputs("{\"pattern\":", out);
    ty_cli_json_string(out, pattern);
    fputs(",\"hits\":[", out);
    for (size_t i = 0; i < n; i++) {
        const ty_tm_hit *h = ty_tm_hits_get(hits, i);
        fprintf(out, "%s{\"unit\":%lld,\"lang\":\"%s\",\"ja\":", i ? "," : "", h->unit,
                h->lang == TY_LANG_JA ? "ja" : "en");
        ty_cli_json_string(out, h->ja);
        fputs(",\"en\":", out);
        ty_cli_json_string(out, h->en);
        fputs(",\"spans\":[", out);
        for (size_t k = 0; k < h->nspans; k++)
            fprintf(out, "%s[%zu,%zu]", k ? "," : "", h->spans[2 * k], h->spans[2 * k + 1]);
        fprintf(out, "],\"count\":%zu,\"document\":", h->count);
        ty_cli_json_string(out, h->document);
        fprintf(out, ",\"position\":%lld}", h->position);
    }
    fprintf(out, "],\"more\":%s}\n", more ? "true" : "false");
}

int ty_cmd_concord(int argc, char **argv, FILE *out, FILE *err)
{
    enum { OPT_JSON = 256, OPT_COLOR };
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},     {"lang", required_argument, NULL, 'l'},
        {"max", required_argument, NULL, 'n'},    {"context", required_argument, NULL, 'w'},
        {"json", no_argument, NULL, OPT_JSON},    {"color", required_argument, NULL, OPT_COLOR},
        {"colour", required_argument, NULL, OPT_COLOR},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    const char *db = NULL, *when = "auto";
    ty_tm_concord_opts o;
    ty_tm_hits *hits = NULL;
    ty_tm *tm = NULL;
    ty_error e;
    char *pattern;
    long v;
    int c, rc, json = 0, colour, more = 0;

    ty_tm_concord_opts_init(&o);
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:l:n:w:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'l': {
            ty_lang l;
            if (ty_lang_parse(optarg, &l) != 0)
                return ty_cli_usage_error(err, "concord", "unknown language '%s' (ja or en)", optarg);
            o.lang = (int)l;
            break;
        }
        case 'n':
            if (ty_cli_parse_long(optarg, 0, 1000000000L, &v) != 0)
                return ty_cli_usage_error(err, "concord", "--max wants a number (0: all), not '%s'", optarg);
            o.max_results = (size_t)v;
            break;
        case 'w':
            if (ty_cli_parse_long(optarg, 0, 1000, &v) != 0)
                return ty_cli_usage_error(err, "concord", "--context wants a number from 0 to 1000, not '%s'", optarg);
            o.context = (size_t)v;
            break;
        case OPT_JSON: json = 1; break;
        case OPT_COLOR: when = optarg; break;
        case 'h': fputs(help, out); return TY_EXIT_OK;
        case ':': return ty_cli_usage_error(err, "concord", "option '%s' needs a value", argv[optind - 1]);
        default: return ty_cli_usage_error(err, "concord", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (!db)
        return ty_cli_usage_error(err, "concord", "--db MEMORY is required");
    if (optind == argc)
        return ty_cli_usage_error(err, "concord", "expected the TEXT to look for");
    if ((colour = ty_cli_colour(when, out)) < 0)
        return ty_cli_usage_error(err, "concord", "--color wants auto, always or never, not '%s'", when);
    if (!(pattern = ty_cli_join_args(argc, argv, optind))) {
        fprintf(err, "taiyaku: out of memory\n");
        return TY_EXIT_ERROR;
    }
    if ((rc = ty_cli_tm_open(db, 0, &tm, err)) != TY_EXIT_OK) {
        free(pattern);
        return rc;
    }
    ty_error_clear(&e);
    if (ty_tm_concord(tm, pattern, &o, &hits, &more, &e) != TY_OK) {
        rc = ty_cli_fail(err, &e);
    } else {
        if (json) {
            print_json(out, pattern, hits, more);
        } else {
            for (size_t i = 0; i < ty_tm_hits_count(hits); i++)
                print_kwic(out, ty_tm_hits_get(hits, i), colour);
            if (more)
                fprintf(out, "(more: -n 0 shows all)\n");
        }
        if (fflush(out) != 0 || ferror(out)) {
            fprintf(err, "taiyaku: error writing output\n");
            rc = TY_EXIT_ERROR;
        }
    }
    ty_tm_hits_free(hits);
    ty_tm_close(tm);
    free(pattern);
    return rc;
}
