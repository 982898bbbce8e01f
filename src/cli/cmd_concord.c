/*
 * cmd_concord.c — `taiyaku concord`: every unit of a memory whose Japanese or English contains
 * a text, as a keyword-in-context (KWIC) line with the match aligned in one column and the
 * other language beside it (the match in colour on a terminal), or as JSON. The search is
 * the library's (ty_tm_concord).
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "json_out.h"
#include "tm_cli.h"

enum { OPT_JSON = 256 };

static const ty_cli_option options[] = {
    TY_CLI_DB_OPTION,
    {"lang", 'l', "ja|en", "search only this side (default both)"},
    {"max", 'n', "N", "at most N units (default 20; 0: all)"},
    {"context", 'w', "N", "columns of context on each side (default 30)"},
    {"json", OPT_JSON, NULL,
     "one JSON object: {\"pattern\", \"hits\": [{\"unit\", \"lang\", \"ja\", \"en\", "
     "\"spans\": [[start, end], ...] (byte offsets in the found side), \"count\", "
     "\"document\", \"position\"}], \"more\"}"},
    TY_CLI_COLOR_OPTIONS,
    {NULL, 0, NULL, NULL}};

static int run(ty_cli *c);

const ty_cli_command ty_cmd_concord = {
    .name = "concord",
    .summary = "concordance: every unit containing a text, in context (KWIC)",
    .usage = "--db MEMORY [OPTIONS] TEXT...",
    .description = "Show the units whose Japanese or English contains TEXT (the words of TEXT "
                   "joined by spaces), newest first: one line per unit with TEXT aligned in one "
                   "column between its left and right context, then \" | \" and the other "
                   "language. The comparison is on normalized text (NFKC, case, white space), so "
                   "'gdp' finds ＧＤＰ; any length works, from one character (法) up.",
    .options = options,
    .run = run,
};

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

static int run(ty_cli *c)
{
    const char *db = NULL, *when = "auto";
    ty_tm_concord_opts o;
    ty_tm_hits *hits = NULL;
    ty_tm *tm = NULL;
    ty_error e;
    ty_lang l;
    char *pattern;
    long v;
    int k, rc, json = 0, colour, more = 0;

    ty_tm_concord_opts_init(&o);
    while ((k = ty_cli_next(c)) > 0) {
        switch (k) {
        case 'd': db = c->arg; break;
        case 'l':
            if (ty_cli_lang(c, &l))
                return TY_EXIT_USAGE;
            o.lang = (int)l;
            break;
        case 'n':
            if (ty_cli_number(c, 0, 1000000000L, &v))
                return TY_EXIT_USAGE;
            o.max_results = (size_t)v;
            break;
        case 'w':
            if (ty_cli_number(c, 0, 1000, &v))
                return TY_EXIT_USAGE;
            o.context = (size_t)v;
            break;
        case OPT_JSON: json = 1; break;
        case TY_CLI_COLOR: when = c->arg; break;
        }
    }
    if (k < 0)
        return c->rc;
    if (ty_cli_require(c, db, "--db MEMORY") ||
        ty_cli_operands(c, 1, INT_MAX, "the TEXT to look for") ||
        ty_cli_colour(c, when, &colour))
        return TY_EXIT_USAGE;
    for (int i = 0; i < c->nargs; i++)
        if (ty_cli_utf8(c, "the text to look for", c->args[i]))
            return TY_EXIT_USAGE;
    if (!(pattern = ty_cli_join_args(c)))
        return ty_cli_oom(c);
    if ((rc = ty_cli_tm_open(c, db, 0, &tm)) != TY_EXIT_OK) {
        free(pattern);
        return rc;
    }
    ty_error_clear(&e);
    if (ty_tm_concord(tm, pattern, &o, &hits, &more, &e) != TY_OK) {
        rc = ty_cli_fail(c, &e);
    } else if (json) {
        print_json(c->out, pattern, hits, more);
    } else {
        for (size_t i = 0; i < ty_tm_hits_count(hits); i++)
            print_kwic(c->out, ty_tm_hits_get(hits, i), colour);
        if (more)
            fprintf(c->out, "(more: -n 0 shows all)\n");
    }
    ty_tm_hits_free(hits);
    ty_tm_close(tm);
    free(pattern);
    return rc;
}
