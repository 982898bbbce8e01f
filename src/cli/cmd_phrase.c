/*
 * cmd_phrase.c — `taiyaku phrase` (how one phrase is rendered across a memory) and
 * `taiyaku phrases` (the recurring Japanese phrases of a memory and how consistently each is
 * rendered): option parsing and the choice of output (text, JSON, TSV, an HTML page). The
 * reports are the library's (ty_phrase_report_new, ty_phrases_find); printing is in
 * cons_print.c.
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "cons_print.h"
#include "lexicon_cli.h"
#include "tm_cli.h"

enum { OUT_TEXT, OUT_JSON, OUT_TSV, OUT_TBX };

enum {
    OPT_JSON = 256,
    OPT_TSV,
    OPT_HTML,
    OPT_MIN_USES,
    OPT_MAX_UNITS,
    OPT_MIN_CHARS,
    OPT_MIN_WORDS,
    OPT_MAX_WORDS,
    OPT_MINE_UNITS,
    OPT_DEPRECATED_BELOW
};

/* The options both commands have, for their option tables (after their own; the end of the
 * table included). */
#define COMMON_OPTIONS                                                                          \
    {"min-uses", OPT_MIN_USES, "N", "uses a rendering needs (default 2)"},                      \
        {"html", OPT_HTML, "FILE", "also write a self-contained HTML report to FILE"},          \
        TY_CLI_COLOR_OPTIONS, TY_CLI_LEXICON_OPTIONS, {NULL, 0, NULL, NULL}

/* What the lexicon does in both reports. */
#define LEXICON_NOTE                                                                            \
    "With a lexicon (the system dictionaries unless --no-lexicon, and the -x glossaries), a "   \
    "variant rendering must share a glossary or dictionary entry, a name or a number with the " \
    "phrase when the dominant one does."

static const ty_cli_option phrase_options[] = {
    TY_CLI_DB_OPTION,
    {"from", 'f', "ja|en", "the phrase's language (default ja)"},
    {"all", 'a', NULL, "list every location (default: 8 per rendering, 20 deviations)"},
    {"max-units", OPT_MAX_UNITS, "N",
     "read at most N units containing the phrase (default 20000)"},
    {"json", OPT_JSON, NULL,
     "one JSON object: phrase, counts, renderings (text, norm, units, uses, documents, share, "
     "dice, llr) and every use (unit, document, position, rendering index or null, ja, en, "
     "spans)"},
    {"tsv", OPT_TSV, NULL,
     "one row per use: phrase, document, position, rendering (empty when none), ja, en"},
    COMMON_OPTIONS};

static const ty_cli_option phrases_options[] = {
    TY_CLI_DB_OPTION,
    {"min-docs", 'D', "N", "documents a phrase must occur in (default 3)"},
    {"min-chars", OPT_MIN_CHARS, "N", "characters a phrase must have (default 4)"},
    {"min-words", OPT_MIN_WORDS, "N", "words a phrase must have (default 2)"},
    {"max-words", OPT_MAX_WORDS, "N", "words a phrase may have (default 16)"},
    {"max", 'n', "N", "show at most N phrases (default 100; 0: all)"},
    {"mine-units", OPT_MINE_UNITS, "N",
     "look for phrases in at most N distinct units, the newest documents first (default "
     "200000: time and memory grow with it)"},
    {"sort", 's', "docs|share",
     "docs: most documents first (default); share: least consistent first (lowest dominant "
     "share)"},
    {"json", OPT_JSON, NULL,
     "one JSON object: {\"found\", \"phrases\": [report as in 'phrase --json', with only the "
     "uses without a rendering]}"},
    {"tsv", OPT_TSV, NULL,
     "one row per phrase: phrase, documents, uses, dominant, share, variants (\"text (29%); "
     "...\"), unmatched"},
    {"format", 'F', "text|json|tsv|tbx",
     "the output: text (default), json, tsv (as --json, --tsv), or tbx: a TBX-Basic glossary of "
     "the phrases, each with its dominant rendering (preferred) and the others (admitted, or "
     "deprecated below --deprecated-below), which 'taiyaku check --glossary' reads"},
    {"output", 'o', "FILE",
     "tbx: write the glossary to FILE (written whole, then renamed into place; default: "
     "standard output)"},
    {"deprecated-below", OPT_DEPRECATED_BELOW, "X",
     "tbx: a variant used in less than this share of the uses is deprecated (default 0.1)"},
    COMMON_OPTIONS};

static int run_phrase(ty_cli *c);
static int run_phrases(ty_cli *c);

const ty_cli_command ty_cmd_phrase = {
    .name = "phrase",
    .summary = "how a phrase is rendered across a memory, and which units deviate",
    .usage = "--db MEMORY [OPTIONS] PHRASE...",
    .description = "How PHRASE (the words given, joined by spaces) is rendered across the memory: "
                   "the units whose Japanese contains it (with --from en: whose English contains "
                   "it as whole words), the renderings their other side shares — the dominant one "
                   "first, with the share of the uses it covers and where it is used — and the "
                   "uses where no known rendering appears (a paraphrase, an omission, a "
                   "misalignment), with their document, position and texts. Renderings are the "
                   "other language's word n-grams most associated with the phrase (log-likelihood "
                   "and Dice against the whole memory), extended to the words that follow them in "
                   "most uses; a rendering must recur (--min-uses). Texts are compared normalized "
                   "(NFKC, case, white space). Positions count from 1 (JSON: from 0).\n"
                   "\n"
                   LEXICON_NOTE,
    .options = phrase_options,
    .run = run_phrase,
};

const ty_cli_command ty_cmd_phrases = {
    .name = "phrases",
    .summary = "recurring phrases of a memory and how consistently each is rendered",
    .usage = "--db MEMORY [OPTIONS]",
    .description = "Find the Japanese phrases that recur across the memory's documents and show "
                   "how each is rendered: the phrase, its documents and uses, the dominant "
                   "rendering with its share, the variants with theirs, and the share (and "
                   "locations) of uses with no known rendering. A phrase is a maximal run of "
                   "words (ICU's dictionary word boundaries) that does not cross punctuation and "
                   "starts and ends on a word with a letter other than hiragana (not on a "
                   "particle or an inflection); a phrase inside a longer one is shown only when "
                   "it recurs clearly more on its own. The phrases are looked for in the "
                   "newest documents, up to 200,000 distinct units (--mine-units), so that time "
                   "and memory stay bounded; each one's report covers the whole memory. This is "
                   "the report to read first.\n"
                   "\n"
                   LEXICON_NOTE,
    .options = phrases_options,
    .run = run_phrases,
};

/* What both commands share. */
typedef struct common {
    const char *db, *html, *when;
    int format;
    ty_phrase_opts po;
    ty_cli_lexicon lex;
} common;

/* Before the options. Returns an exit code. */
static int common_init(ty_cli *c, common *o)
{
    memset(o, 0, sizeof *o);
    o->when = "auto";
    o->format = OUT_TEXT;
    ty_phrase_opts_init(&o->po);
    return ty_cli_lexicon_init(c, &o->lex);
}

/* Take an option both commands have: 1 taken, 0 not one of them, TY_EXIT_USAGE after a
 * message. */
static int common_option(ty_cli *c, common *o, int key)
{
    long v;

    switch (key) {
    case 'd': o->db = c->arg; return 1;
    case OPT_JSON: o->format = OUT_JSON; return 1;
    case OPT_TSV: o->format = OUT_TSV; return 1;
    case OPT_HTML: o->html = c->arg; return 1;
    case TY_CLI_COLOR: o->when = c->arg; return 1;
    case OPT_MIN_USES:
        if (ty_cli_number(c, 1, 1000000, &v))
            return TY_EXIT_USAGE;
        o->po.min_uses = (size_t)v;
        return 1;
    default: return ty_cli_lexicon_option(c, &o->lex, key);
    }
}

/* After the options and their checks: the colour decided, the lexicon loaded, the memory
 * opened (read-only, with `flags` besides). Returns an exit code. */
static int common_open(ty_cli *c, common *o, int flags, int *colour, ty_tm **tm)
{
    int rc;

    if (ty_cli_colour(c, o->when, colour))
        return TY_EXIT_USAGE;
    if ((rc = ty_cli_output(c, o->html, o->db)) != TY_EXIT_OK)
        return rc;
    if ((rc = ty_cli_lexicon_load(c, &o->lex)) != TY_EXIT_OK)
        return rc;
    o->po.lexicon = o->lex.lexicon;
    return ty_cli_tm_open(c, o->db, TY_TM_READONLY | flags, tm);
}

static int write_html(ty_cli *c, const char *path, const char *title,
                      const ty_phrase_report *const *v, size_t n)
{
    ty_error e;
    ty_error_clear(&e);
    if (ty_phrase_reports_write_html(path, title, v, n, &e) != TY_OK)
        return ty_cli_fail(c, &e);
    return TY_EXIT_OK;
}

static int run_phrase(ty_cli *c)
{
    common o;
    ty_phrase_report *r = NULL;
    ty_tm *tm = NULL;
    ty_error e;
    char *phrase = NULL;
    int k, all = 0, colour, rc;
    long v;

    if ((rc = common_init(c, &o)) != TY_EXIT_OK)
        return rc;
    while ((k = ty_cli_next(c)) > 0) {
        if ((rc = common_option(c, &o, k)) == 1)
            continue;
        if (rc != 0)
            goto done;
        switch (k) {
        case 'f':
            if ((rc = ty_cli_lang(c, &o.po.from)) != 0)
                goto done;
            break;
        case 'a': all = 1; break;
        case OPT_MAX_UNITS:
            if ((rc = ty_cli_number(c, 1, 100000000, &v)) != 0)
                goto done;
            o.po.max_units = (size_t)v;
            break;
        }
    }
    rc = c->rc;
    if (k < 0)
        goto done;
    rc = TY_EXIT_USAGE;
    if (ty_cli_require(c, o.db, "--db MEMORY") || ty_cli_operands(c, 1, INT_MAX, "a PHRASE"))
        goto done;
    for (int i = 0; i < c->nargs; i++)
        if (ty_cli_utf8(c, "the phrase", c->args[i]))
            goto done;
    /* a report reads each page of its units once: briefly, so that none stays mapped */
    if ((rc = common_open(c, &o, TY_TM_BRIEF, &colour, &tm)) != TY_EXIT_OK)
        goto done;
    if (!(phrase = ty_cli_join_args(c))) {
        rc = ty_cli_oom(c);
        goto done;
    }
    ty_error_clear(&e);
    if (ty_phrase_report_new(tm, phrase, &o.po, &r, &e) != TY_OK) {
        rc = ty_cli_fail(c, &e);
        goto done;
    }
    if (o.format == OUT_JSON) {
        ty_cli_phrase_json(c->out, r, 1);
        fputc('\n', c->out);
    } else if (o.format == OUT_TSV) {
        ty_cli_phrase_tsv_uses(c->out, r, 1);
    } else {
        ty_cli_style st;
        ty_cli_style_init(&st, colour);
        ty_cli_phrase_text(c->out, r, all ? 0 : 8, &st);
    }
    if (o.html) {
        const ty_phrase_report *one = r;
        rc = write_html(c, o.html, NULL, &one, 1);
    }
done:
    ty_phrase_report_free(r);
    ty_tm_close(tm);
    ty_cli_lexicon_done(&o.lex);
    free(phrase);
    return rc;
}

/* phrases --format tbx: the reports as a glossary. */
static int write_tbx(ty_cli *c, const char *db, const char *path, const ty_phrases *p,
                     double deprecated_below)
{
    ty_glossary *g = NULL;
    size_t n = ty_phrases_count(p);
    const ty_phrase_report **v = malloc((n + 1) * sizeof *v);
    char title[512];
    ty_error e;
    int rc = TY_EXIT_OK;

    ty_error_clear(&e);
    if (!v)
        return ty_cli_oom(c);
    for (size_t i = 0; i < n; i++)
        v[i] = ty_phrases_get(p, i);
    snprintf(title, sizeof title, "Recurring phrases of %s", db);
    if (ty_glossary_new(&g, &e) != TY_OK ||
        ty_glossary_add_phrases(g, v, n, deprecated_below, &e) != TY_OK ||
        ty_glossary_write_tbx(g, path ? path : "-", title, &e) != TY_OK)
        rc = ty_cli_fail_writing(c, path ? path : "-", &e);
    ty_glossary_free(g);
    free(v);
    return rc;
}

static int run_phrases(ty_cli *c)
{
    static const char *const orders[] = {"docs", "share", NULL};
    static const char *const formats[] = {"text", "json", "tsv", "tbx", NULL};
    common o;
    ty_phrases_opts po;
    ty_phrases *p = NULL;
    ty_tm *tm = NULL;
    ty_error e;
    size_t n;
    int k, colour, rc, order, format;
    long v;
    const char *output = NULL;
    double deprecated_below = 0.1;

    ty_phrases_opts_init(&po);
    if ((rc = common_init(c, &o)) != TY_EXIT_OK)
        return rc;
    o.po = po.phrase;
    while ((k = ty_cli_next(c)) > 0) {
        size_t *target = k == 'D'             ? &po.min_documents
                         : k == OPT_MIN_CHARS ? &po.min_chars
                         : k == OPT_MIN_WORDS ? &po.min_words
                         : k == OPT_MAX_WORDS ? &po.max_words
                         : k == 'n'           ? &po.max_phrases
                         : k == OPT_MINE_UNITS ? &po.mine_units
                                              : NULL;
        if ((rc = common_option(c, &o, k)) == 1)
            continue;
        if (rc != 0)
            goto done;
        if (target) {
            long lo = k == 'n' || k == OPT_MIN_CHARS ? 0 : 1,
                 hi = k == OPT_MAX_WORDS ? 255 : k == OPT_MINE_UNITS ? 1000000000 : 1000000;
            if ((rc = ty_cli_number(c, lo, hi, &v)) != 0)
                goto done;
            *target = (size_t)v;
        } else if (k == 's') {
            if ((rc = ty_cli_choice(c, "sort order", c->arg, orders, &order)) != 0)
                goto done;
            po.order = order ? TY_PHRASES_BY_SHARE : TY_PHRASES_BY_DOCUMENTS;
        } else if (k == 'F') {
            if ((rc = ty_cli_choice(c, "format", c->arg, formats, &format)) != 0)
                goto done;
            o.format = format;
        } else if (k == 'o') {
            output = c->arg;
        } else if (k == OPT_DEPRECATED_BELOW) {
            if ((rc = ty_cli_fraction(c, &deprecated_below)) != 0)
                goto done;
        }
    }
    rc = c->rc;
    if (k < 0)
        goto done;
    rc = TY_EXIT_USAGE;
    if (ty_cli_require(c, o.db, "--db MEMORY") || ty_cli_operands(c, 0, 0, NULL))
        goto done;
    if (po.min_words > po.max_words) {
        rc = ty_cli_usage(c, "--min-words is above --max-words");
        goto done;
    }
    if (output && o.format != OUT_TBX) {
        rc = ty_cli_usage(c, "--output is for --format tbx (redirect the other formats)");
        goto done;
    }
    if ((rc = common_open(c, &o, 0, &colour, &tm)) != TY_EXIT_OK)
        goto done;
    po.phrase = o.po;
    ty_error_clear(&e);
    if (ty_phrases_find(tm, &po, &p, &e) != TY_OK) {
        rc = ty_cli_fail(c, &e);
        goto done;
    }
    n = ty_phrases_count(p);
    if (o.format == OUT_TBX) {
        rc = write_tbx(c, o.db, output, p, deprecated_below);
        if (rc == TY_EXIT_OK && o.html)
            goto html;
        goto done;
    }
    if (o.format == OUT_JSON) {
        fprintf(c->out, "{\"found\":%zu,\"phrases\":[", ty_phrases_found(p));
        for (size_t i = 0; i < n; i++) {
            fputs(i ? ",\n" : "\n", c->out);
            ty_cli_phrase_json(c->out, ty_phrases_get(p, i), 0);
        }
        fputs("]}\n", c->out);
    } else if (o.format == OUT_TSV) {
        for (size_t i = 0; i < n; i++)
            ty_cli_phrase_tsv_row(c->out, ty_phrases_get(p, i), i == 0);
    } else {
        ty_cli_style st;
        ty_cli_style_init(&st, colour);
        for (size_t i = 0; i < n; i++)
            ty_cli_phrase_summary(c->out, ty_phrases_get(p, i), &st);
        fprintf(c->out, "%s%zu %s in %zu or more documents", n ? "\n" : "", ty_phrases_found(p),
                ty_phrases_found(p) == 1 ? "phrase recurs" : "phrases recur", po.min_documents);
        if (n < ty_phrases_found(p))
            fprintf(c->out, "; the first %zu are shown (--max)", n);
        fputc('\n', c->out);
    }
html:
    if (o.html) {
        const ty_phrase_report **all = malloc((n + 1) * sizeof *all);
        if (!all) {
            rc = ty_cli_oom(c);
            goto done;
        }
        for (size_t i = 0; i < n; i++)
            all[i] = ty_phrases_get(p, i);
        rc = write_html(c, o.html, "Recurring phrases", all, n);
        free(all);
    }
done:
    ty_phrases_free(p);
    ty_tm_close(tm);
    ty_cli_lexicon_done(&o.lex);
    return rc;
}
