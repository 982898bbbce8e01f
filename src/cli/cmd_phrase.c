/*
 * cmd_phrase.c — `taiyaku phrase` (how one phrase is rendered across a memory) and
 * `taiyaku phrases` (the recurring Japanese phrases of a memory and how consistently each is
 * rendered): option parsing and the choice of output (text, JSON, TSV, an HTML page). The
 * reports are the library's (ty_phrase_report_new, ty_phrases_find); printing is in
 * cons_print.c.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cons_print.h"
#include "json_out.h"
#include "tm_cli.h"

#define LEXICON_HELP                                                                               \
    "  -x, --lexicon FILE    add a glossary (UTF-8 'Japanese<TAB>English' lines, repeatable):\n"   \
    "                        a variant rendering must share a glossary or dictionary entry,\n"     \
    "                        a name or a number with the phrase when the dominant one does\n"      \
    "      --no-lexicon      do not load the system dictionaries (EDICT, ENAMDICT)\n"              \
    "      --lexicon-cache DIR  where the dictionaries' index cache lives\n"

static const char phrase_help[] =
    "usage: taiyaku phrase --db MEMORY [OPTIONS] PHRASE...\n"
    "\n"
    "How PHRASE (the words given, joined by spaces) is rendered across the memory: the units\n"
    "whose Japanese contains it (with --from en: whose English contains it as whole words),\n"
    "the renderings their other side shares — the dominant one first, with the share of the\n"
    "uses it covers and where it is used — and the uses where no known rendering appears\n"
    "(a paraphrase, an omission, a misalignment), with their document, position and texts.\n"
    "Renderings are the other language's word n-grams most associated with the phrase\n"
    "(log-likelihood and Dice against the whole memory), extended to the words that follow\n"
    "them in most uses; a rendering must recur (--min-uses). Texts are compared normalized\n"
    "(NFKC, case, white space). Positions count from 1 (JSON: from 0).\n"
    "\n"
    "Options:\n"
    "  -d, --db FILE         the translation memory (required)\n"
    "  -f, --from ja|en      the phrase's language (default ja)\n"
    "  -a, --all             list every location (default: 8 per rendering, 20 deviations)\n"
    "      --min-uses N      uses a rendering needs (default 2)\n"
    "      --max-units N     read at most N units containing the phrase (default 20000)\n"
    "      --json            one JSON object: phrase, counts, renderings (text, norm, units,\n"
    "                        uses, documents, share, dice, llr) and every use (unit,\n"
    "                        document, position, rendering index or null, ja, en, spans)\n"
    "      --tsv             one row per use: phrase, document, position, rendering (empty\n"
    "                        when none), ja, en\n"
    "      --html FILE       also write a self-contained HTML report to FILE\n"
    "      --color WHEN      auto (default: on a terminal), always, never\n" LEXICON_HELP
    "  -h, --help            this help\n";

static const char phrases_help[] =
    "usage: taiyaku phrases --db MEMORY [OPTIONS]\n"
    "\n"
    "Find the Japanese phrases that recur across the memory's documents and show how each is\n"
    "rendered: the phrase, its documents and uses, the dominant rendering with its share,\n"
    "the variants with theirs, and the share (and locations) of uses with no known\n"
    "rendering. A phrase is a maximal run of words (ICU's dictionary word boundaries) that\n"
    "does not cross punctuation and starts and ends on a word with a letter other than\n"
    "hiragana (not on a particle or an inflection); a phrase inside a longer one is shown\n"
    "only when it recurs clearly more on its own. This is the report to read first.\n"
    "\n"
    "Options:\n"
    "  -d, --db FILE         the translation memory (required)\n"
    "  -D, --min-docs N      documents a phrase must occur in (default 3)\n"
    "      --min-chars N     characters a phrase must have (default 4)\n"
    "      --min-words N     words a phrase must have (default 2)\n"
    "      --max-words N     words a phrase may have (default 16)\n"
    "  -n, --max N           show at most N phrases (default 100; 0: all)\n"
    "  -s, --sort ORDER      docs: most documents first (default); share: least\n"
    "                        consistent first (lowest dominant share)\n"
    "      --min-uses N      uses a rendering needs (default 2)\n"
    "      --json            one JSON object: {\"found\", \"phrases\": [report as in\n"
    "                        'phrase --json', with only the uses without a rendering]}\n"
    "      --tsv             one row per phrase: phrase, documents, uses, dominant, share,\n"
    "                        variants (\"text (29%); ...\"), unmatched\n"
    "      --html FILE       also write a self-contained HTML report to FILE\n"
    "      --color WHEN      auto (default: on a terminal), always, never\n" LEXICON_HELP
    "  -h, --help            this help\n";

enum { OUT_TEXT, OUT_JSON, OUT_TSV };

enum {
    OPT_JSON = 256,
    OPT_TSV,
    OPT_HTML,
    OPT_COLOR,
    OPT_MIN_USES,
    OPT_MAX_UNITS,
    OPT_MIN_CHARS,
    OPT_MIN_WORDS,
    OPT_MAX_WORDS,
    OPT_NO_LEXICON,
    OPT_LEXICON_CACHE
};

/* The options both commands have (getopt_long entries, the table's end included). */
#define COMMON_LONGOPTS                                                                            \
    {"db", required_argument, NULL, 'd'}, {"min-uses", required_argument, NULL, OPT_MIN_USES},     \
        {"json", no_argument, NULL, OPT_JSON}, {"tsv", no_argument, NULL, OPT_TSV},                \
        {"html", required_argument, NULL, OPT_HTML},                                               \
        {"color", required_argument, NULL, OPT_COLOR}, {"lexicon", required_argument, NULL, 'x'},  \
        {"no-lexicon", no_argument, NULL, OPT_NO_LEXICON},                                         \
        {"lexicon-cache", required_argument, NULL, OPT_LEXICON_CACHE},                             \
        {"help", no_argument, NULL, 'h'},                                                          \
    {                                                                                              \
        NULL, 0, NULL, 0                                                                           \
    }

/* What both commands share. */
typedef struct common {
    const char *cmd, *help;
    const char *db, *html, *color;
    int format;
    ty_phrase_opts po;
    const char *glossaries[16];
    size_t nglossaries;
    int no_lexicon;
    const char *cache;
    ty_lexicon *lexicon;
} common;

enum { OPT_OURS = 0, OPT_DONE = 1, OPT_USAGE = -1, OPT_HELP = 2 };

/* Handle an option both commands have: OPT_DONE when handled, OPT_HELP after printing the
 * help, OPT_USAGE after a usage error, OPT_OURS when the command handles it. */
static int common_option(int c, char **argv, common *o, FILE *out, FILE *err)
{
    long v;
    switch (c) {
    case 'd':
        o->db = optarg;
        return OPT_DONE;
    case OPT_JSON:
        o->format = OUT_JSON;
        return OPT_DONE;
    case OPT_TSV:
        o->format = OUT_TSV;
        return OPT_DONE;
    case OPT_HTML:
        o->html = optarg;
        return OPT_DONE;
    case OPT_COLOR:
        o->color = optarg;
        return OPT_DONE;
    case 'x':
        if (o->nglossaries == sizeof o->glossaries / sizeof *o->glossaries)
            return ty_cli_usage_error(err, o->cmd, "at most 16 glossaries"), OPT_USAGE;
        o->glossaries[o->nglossaries++] = optarg;
        return OPT_DONE;
    case OPT_NO_LEXICON:
        o->no_lexicon = 1;
        return OPT_DONE;
    case OPT_LEXICON_CACHE:
        o->cache = optarg;
        return OPT_DONE;
    case OPT_MIN_USES:
        if (ty_cli_parse_long(optarg, 1, 1000000, &v))
            return ty_cli_usage_error(err, o->cmd, "--min-uses wants a number >= 1"), OPT_USAGE;
        o->po.min_uses = (size_t)v;
        return OPT_DONE;
    case 'h':
        fputs(o->help, out);
        return OPT_HELP;
    case ':':
        ty_cli_usage_error(err, o->cmd, "%s needs a value", argv[optind - 1]);
        return OPT_USAGE;
    case '?':
        ty_cli_usage_error(err, o->cmd, "unknown option %s", argv[optind - 1]);
        return OPT_USAGE;
    default:
        return OPT_OURS;
    }
}

/* After the options: --db given, the colour decided, the lexicon loaded, the memory opened
 * (read-only). */
static int common_open(common *o, FILE *out, FILE *err, int *colour, ty_tm **tm)
{
    ty_error e;

    if (!o->db)
        return ty_cli_usage_error(err, o->cmd, "--db is required");
    if ((*colour = ty_cli_colour(o->color, out)) < 0)
        return ty_cli_usage_error(err, o->cmd, "--color wants auto, always or never");
    ty_error_clear(&e);
    if (ty_cli_load_lexicon(o->no_lexicon, o->glossaries, o->nglossaries, o->cache, &o->lexicon,
                            &e) != TY_OK)
        return ty_cli_fail(err, &e);
    o->po.lexicon = o->lexicon;
    return ty_cli_tm_open(o->db, TY_TM_READONLY, tm, err);
}

static int write_html(const char *path, const char *title, const ty_phrase_report *const *v,
                      size_t n, FILE *err)
{
    ty_error e;
    ty_error_clear(&e);
    if (ty_phrase_reports_write_html(path, title, v, n, &e) != TY_OK)
        return ty_cli_fail(err, &e);
    return TY_EXIT_OK;
}

int ty_cmd_phrase(int argc, char **argv, FILE *out, FILE *err)
{
    static const struct option longopts[] = {{"from", required_argument, NULL, 'f'},
                                             {"all", no_argument, NULL, 'a'},
                                             {"max-units", required_argument, NULL, OPT_MAX_UNITS},
                                             COMMON_LONGOPTS};
    common o = {.cmd = "phrase", .help = phrase_help, .color = "auto", .format = OUT_TEXT};
    ty_phrase_report *r = NULL;
    ty_tm *tm = NULL;
    ty_error e;
    char *phrase = NULL;
    int c, all = 0, colour, rc;
    long v;

    ty_phrase_opts_init(&o.po);
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:f:x:ah", longopts, NULL)) != -1) {
        int handled = common_option(c, argv, &o, out, err);
        if (handled != OPT_OURS) {
            if (handled == OPT_DONE)
                continue;
            return handled == OPT_HELP ? TY_EXIT_OK : TY_EXIT_USAGE;
        }
        switch (c) {
        case 'f':
            if (ty_lang_parse(optarg, &o.po.from))
                return ty_cli_usage_error(err, "phrase", "--from wants ja or en");
            break;
        case 'a':
            all = 1;
            break;
        case OPT_MAX_UNITS:
            if (ty_cli_parse_long(optarg, 1, 100000000, &v))
                return ty_cli_usage_error(err, "phrase", "--max-units wants a number >= 1");
            o.po.max_units = (size_t)v;
            break;
        }
    }
    if (optind >= argc && o.db)
        return ty_cli_usage_error(err, "phrase", "no phrase given");
    if ((rc = common_open(&o, out, err, &colour, &tm)) != TY_EXIT_OK)
        goto done;
    if (!(phrase = ty_cli_join_args(argc, argv, optind))) {
        rc = TY_EXIT_ERROR;
        fputs("taiyaku: out of memory\n", err);
        goto done;
    }
    ty_error_clear(&e);
    if (ty_phrase_report_new(tm, phrase, &o.po, &r, &e) != TY_OK) {
        rc = ty_cli_fail(err, &e);
        goto done;
    }
    if (o.format == OUT_JSON) {
        ty_cli_phrase_json(out, r, 1);
        fputc('\n', out);
    } else if (o.format == OUT_TSV) {
        ty_cli_phrase_tsv_uses(out, r, 1);
    } else {
        ty_cli_style st;
        ty_cli_style_init(&st, colour);
        ty_cli_phrase_text(out, r, all ? 0 : 8, &st);
    }
    if (o.html) {
        const ty_phrase_report *one = r;
        rc = write_html(o.html, NULL, &one, 1, err);
    }
done:
    ty_phrase_report_free(r);
    ty_tm_close(tm);
    ty_lexicon_free(o.lexicon);
    free(phrase);
    return rc;
}

int ty_cmd_phrases(int argc, char **argv, FILE *out, FILE *err)
{
    static const struct option longopts[] = {{"min-docs", required_argument, NULL, 'D'},
                                             {"min-chars", required_argument, NULL, OPT_MIN_CHARS},
                                             {"min-words", required_argument, NULL, OPT_MIN_WORDS},
                                             {"max-words", required_argument, NULL, OPT_MAX_WORDS},
                                             {"max", required_argument, NULL, 'n'},
                                             {"sort", required_argument, NULL, 's'},
                                             COMMON_LONGOPTS};
    common o = {.cmd = "phrases", .help = phrases_help, .color = "auto", .format = OUT_TEXT};
    ty_phrases_opts po;
    ty_phrases *p = NULL;
    ty_tm *tm = NULL;
    ty_error e;
    size_t n;
    int c, colour, rc;
    long v;

    ty_phrases_opts_init(&po);
    o.po = po.phrase;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:D:n:s:x:h", longopts, NULL)) != -1) {
        int handled = common_option(c, argv, &o, out, err);
        size_t *target = c == 'D'             ? &po.min_documents
                         : c == OPT_MIN_CHARS ? &po.min_chars
                         : c == OPT_MIN_WORDS ? &po.min_words
                         : c == OPT_MAX_WORDS ? &po.max_words
                         : c == 'n'           ? &po.max_phrases
                                              : NULL;
        if (handled != OPT_OURS) {
            if (handled == OPT_DONE)
                continue;
            return handled == OPT_HELP ? TY_EXIT_OK : TY_EXIT_USAGE;
        }
        if (target) {
            long lo = c == 'n' || c == OPT_MIN_CHARS ? 0 : 1,
                 hi = c == OPT_MAX_WORDS ? 255 : 1000000;
            if (ty_cli_parse_long(optarg, lo, hi, &v))
                return ty_cli_usage_error(err, "phrases", "%s wants a number from %ld to %ld",
                                          argv[optind - 1], lo, hi);
            *target = (size_t)v;
            continue;
        }
        switch (c) {
        case 's':
            if (!strcmp(optarg, "docs"))
                po.order = TY_PHRASES_BY_DOCUMENTS;
            else if (!strcmp(optarg, "share"))
                po.order = TY_PHRASES_BY_SHARE;
            else
                return ty_cli_usage_error(err, "phrases", "--sort wants docs or share");
            break;
        }
    }
    if (optind < argc)
        return ty_cli_usage_error(err, "phrases", "unexpected argument '%s'", argv[optind]);
    if (po.min_words > po.max_words)
        return ty_cli_usage_error(err, "phrases", "--min-words is above --max-words");
    if ((rc = common_open(&o, out, err, &colour, &tm)) != TY_EXIT_OK)
        goto done;
    po.phrase = o.po;
    ty_error_clear(&e);
    if (ty_phrases_find(tm, &po, &p, &e) != TY_OK) {
        rc = ty_cli_fail(err, &e);
        goto done;
    }
    n = ty_phrases_count(p);
    if (o.format == OUT_JSON) {
        fprintf(out, "{\"found\":%zu,\"phrases\":[", ty_phrases_found(p));
        for (size_t i = 0; i < n; i++) {
            fputs(i ? ",\n" : "\n", out);
            ty_cli_phrase_json(out, ty_phrases_get(p, i), 0);
        }
        fputs("]}\n", out);
    } else if (o.format == OUT_TSV) {
        for (size_t i = 0; i < n; i++)
            ty_cli_phrase_tsv_row(out, ty_phrases_get(p, i), i == 0);
    } else {
        ty_cli_style st;
        ty_cli_style_init(&st, colour);
        for (size_t i = 0; i < n; i++)
            ty_cli_phrase_summary(out, ty_phrases_get(p, i), &st);
        fprintf(out, "%s%zu %s in %zu or more documents", n ? "\n" : "", ty_phrases_found(p),
                ty_phrases_found(p) == 1 ? "phrase recurs" : "phrases recur", po.min_documents);
        if (n < ty_phrases_found(p))
            fprintf(out, "; the first %zu are shown (--max)", n);
        fputc('\n', out);
    }
    if (o.html) {
        const ty_phrase_report **all = malloc((n + 1) * sizeof *all);
        if (!all) {
            fputs("taiyaku: out of memory\n", err);
            rc = TY_EXIT_ERROR;
            goto done;
        }
        for (size_t i = 0; i < n; i++)
            all[i] = ty_phrases_get(p, i);
        rc = write_html(o.html, "Recurring phrases", all, n, err);
        free(all);
    }
done:
    ty_phrases_free(p);
    ty_tm_close(tm);
    ty_lexicon_free(o.lexicon);
    return rc;
}
