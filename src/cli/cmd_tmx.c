/*
 * cmd_tmx.c — `taiyaku tmx`: TMX files on their own. `cat` prints the units (TSV or JSON
 * lines), `copy` reads and rewrites a TMX (codes fixed, filtered, markup kept or flattened),
 * `stats` tells what a TMX holds. It does not align (`taiyaku align -o X.tmx` writes TMX from
 * documents) and does not import into a memory.
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "json_out.h"
#include "tm_cli.h"
#include "text_out.h"

enum { O_MARKUP = 256, O_FLATTEN, O_MIN, O_SELJA, O_SELEN, O_JA, O_EN, O_SRC };

static const ty_cli_option options[] = {
    {"format", 'f', "tsv|jsonl", "cat's output (default tsv)"},
    {"markup", O_MARKUP, NULL,
     "cat: keep inline markup (<bpt>, <ph>, …) as XML; by default the text is flattened "
     "(native codes left out)"},
    {"flatten", O_FLATTEN, NULL, "copy: write plain text, dropping inline markup"},
    {"min-confidence", O_MIN, "X",
     "cat, copy: leave out units whose x-confidence is below X (units without one are kept)"},
    {"select-ja", O_SELJA, "CODE",
     "read only <tuv>s with this code as Japanese (e.g. ja-JP when a file has several Japanese "
     "variants); default: any ja code"},
    {"select-en", O_SELEN, "CODE", "the same for English (e.g. en-GB)"},
    {"output", 'o', "FILE", "copy: the TMX to write ('-' for standard output)"},
    {"ja-lang", O_JA, "CODE", "copy: write this code on every Japanese side (e.g. ja-JP)"},
    {"en-lang", O_EN, "CODE", "copy: write this code on every English side (e.g. en-US)"},
    {"srclang", O_SRC, "CODE",
     "copy: the header's srclang, or '*all*' (default: the input's; the Japanese code when "
     "--ja-lang or --en-lang is given)"},
    {"quiet", 'q', NULL, "no warning per skipped <tu> (the totals are still printed)"},
    {NULL, 0, NULL, NULL}};

/* The subcommands: the first operand. */
enum { CAT, COPY, STATS };
static const char *const verbs[] = {"cat", "copy", "stats", NULL};

static int run(ty_cli *c);

const ty_cli_command ty_cmd_tmx = {
    .name = "tmx",
    .summary = "read any TMX 1.1–1.4b (sides by xml:lang): print, convert, summarize",
    .usage = "cat [OPTIONS] FILE.tmx\n"
             "copy [OPTIONS] IN.tmx -o OUT.tmx\n"
             "stats [OPTIONS] FILE.tmx...",
    .description = "Read TMX 1.1 to 1.4b files from any tool. A unit is a <tu> with a Japanese "
                   "and an English <tuv>, told apart by their language codes (ja, ja-JP, JA_jp, … "
                   "and en, en-US, …), not by their order; other languages are ignored. A <tu> "
                   "without both is skipped with a warning naming its line. FILE may be '-' for "
                   "standard input.\n"
                   "\n"
                   "cat\tprint the units: Japanese<TAB>English per line (tsv; tabs, line breaks "
                   "and backslashes in the text written as \\t \\n \\\\, other control "
                   "characters and U+2028, U+2029 as \\uXXXX), or one JSON object "
                   "per unit with its id, texts, language codes, confidence, shape and props "
                   "(jsonl)\n"
                   "copy\tread IN and write it again as TMX 1.4b: props, notes and inline markup "
                   "kept, language codes kept ('_' written as '-'), tuids made unique, white "
                   "space folded; with the options below, filtered or recoded. OUT is written to "
                   "a temporary file and renamed, so it is never left half-written\n"
                   "stats\twhat each file holds: header, units, skipped <tu>s and why, language "
                   "codes, confidence bands, bead shapes, characters",
    .options = options,
    .verbs = verbs,
    .run = run,
};

/* Which subcommands each option applies to (options not listed: all of them). */
static const struct {
    int key, verbs;
} applies[] = {
    {'f', 1 << CAT}, {O_MARKUP, 1 << CAT}, {O_MIN, 1 << CAT | 1 << COPY},
    {O_FLATTEN, 1 << COPY}, {'o', 1 << COPY}, {O_JA, 1 << COPY}, {O_EN, 1 << COPY},
    {O_SRC, 1 << COPY},
};
static const char *const formats[] = {"tsv", "jsonl", NULL};

/* Most per-<tu> warnings printed per file before they are only counted. */
#define MAX_WARNINGS 20
/* Distinct values tallied by stats before the rest go to "other". */
#define MAX_TALLY 16

typedef struct tally {
    char *key[MAX_TALLY];
    size_t count[MAX_TALLY], n, other;
} tally;

typedef struct tmx_args {
    int verb;                          /* CAT, COPY or STATS */
    const char *output;
    int jsonl, markup, flatten, quiet;
    double min_conf;
    ty_tmx_read_opts ropts;
    ty_tmx_write_opts wopts;
    int ja_lang_set, en_lang_set, srclang_set;
    unsigned given;                    /* bit i: the option applies[i] was given */
} tmx_args;

/* What one run over a file needs in its callbacks. */
typedef struct run_ctx {
    ty_cli *cli;
    FILE *out, *err;
    const tmx_args *a;
    const char *file;
    const ty_tmx_stats *stats; /* filled by the reader as it goes (the header comes first) */
    size_t warnings, filtered;
    ty_tmx_writer *w;          /* copy */
    size_t units, bad_markup;  /* copy: units read, and left out for their markup */
    ty_error werr;             /* copy: the writer's failure */
    char srclang[64];          /* copy: the srclang written */
    /* stats */
    tally langs, shapes;
    size_t known, high, mid, low;
    double conf_sum;
    unsigned long long ja_chars, en_chars;
} run_ctx;

/* ---- shared ------------------------------------------------------------------------------ */

static void on_warning(const ty_error *w, void *ud)
{
    run_ctx *c = ud;
    if (c->a->quiet || c->warnings++ >= MAX_WARNINGS)
        return;
    ty_cli_warn(c->cli, "%s:%ld: warning: %s", w->file, w->line, w->message);
}

static void print_skipped(run_ctx *c, const ty_tmx_stats *s)
{
    size_t skipped = s->one_language + s->no_ja_en + s->empty + s->bad;
    if (!skipped)
        return;
    fprintf(c->err,
            "taiyaku: %s: warning: %zu <tu> skipped (one language %zu, no Japanese or English "
            "%zu, empty %zu, bad %zu)%s\n",
            c->file, skipped, s->one_language, s->no_ja_en, s->empty, s->bad,
            c->warnings > MAX_WARNINGS && !c->a->quiet ? "; only the first 20 were listed" : "");
}

static int below_min(const run_ctx *c, const ty_unit *u)
{
    return u->confidence >= 0 && u->confidence < c->a->min_conf;
}

/* ---- cat --------------------------------------------------------------------------------- */

static void tsv_text(FILE *out, const char *s)
{
    ty_cli_put_text(out, s, strlen(s), TY_CLI_ESCAPE);
}

static ty_status cat_unit(const ty_unit *u, void *ud)
{
    run_ctx *c = ud;
    FILE *out = c->out;

    if (below_min(c, u)) {
        c->filtered++;
        return TY_OK;
    }
    if (!c->a->jsonl) {
        tsv_text(out, u->ja);
        fputc('\t', out);
        tsv_text(out, u->en);
        fputc('\n', out);
        return ferror(out) ? TY_ERR_IO : TY_OK;
    }
    fputs("{\"id\":", out);
    ty_cli_json_string(out, u->id);
    fputs(",\"ja\":", out);
    ty_cli_json_string(out, u->ja);
    fputs(",\"en\":", out);
    ty_cli_json_string(out, u->en);
    fputs(",\"ja_lang\":", out);
    ty_cli_json_string(out, u->ja_lang);
    fputs(",\"en_lang\":", out);
    ty_cli_json_string(out, u->en_lang);
    if (u->confidence >= 0)
        fprintf(out, ",\"confidence\":%.3f", u->confidence);
    else
        fputs(",\"confidence\":null", out);
    fputs(",\"shape\":", out);
    ty_cli_json_string(out, u->shape);
    fputs(",\"props\":[", out);
    for (size_t i = 0; i < u->nprops; i++) {
        fputs(i ? ",{\"type\":" : "{\"type\":", out);
        ty_cli_json_string(out, u->props[i].type);
        fputs(",\"value\":", out);
        ty_cli_json_string(out, u->props[i].value);
        fputc('}', out);
    }
    fputs("]}\n", out);
    return ferror(out) ? TY_ERR_IO : TY_OK;
}

/* ---- copy -------------------------------------------------------------------------------- */

/* Open the output once the input's header is known: its srclang is the default, unless the
 * codes are changed. */
static ty_status copy_open(run_ctx *c)
{
    ty_tmx_write_opts o = c->a->wopts;

    if (!c->a->srclang_set && !c->a->ja_lang_set && !c->a->en_lang_set && c->stats->srclang[0]) {
        size_t i;
        for (i = 0; c->stats->srclang[i] && i + 1 < sizeof c->srclang; i++)
            c->srclang[i] = c->stats->srclang[i] == '_' ? '-' : c->stats->srclang[i];
        c->srclang[i] = '\0';
        o.srclang = c->srclang;
        if (ty_tmx_writer_open(c->a->output, &o, &c->w, &c->werr) == TY_OK)
            return TY_OK;
        o.srclang = NULL; /* not a usable code: the Japanese one */
        ty_error_clear(&c->werr);
    }
    return ty_tmx_writer_open(c->a->output, &o, &c->w, &c->werr);
}

static ty_status copy_unit(const ty_unit *u, void *ud)
{
    run_ctx *c = ud;
    ty_unit v = *u;
    ty_status st;

    if (!c->w && (st = copy_open(c)) != TY_OK)
        return st;
    if (c->a->ja_lang_set)
        v.ja_lang = NULL; /* the writer's code */
    if (c->a->en_lang_set)
        v.en_lang = NULL;
    c->units++;
    st = ty_tmx_writer_add(c->w, &v, &c->werr);
    if (st == TY_ERR_FORMAT) { /* inline markup that is XML but not TMX: that unit only */
        c->bad_markup++;
        if (!c->a->quiet && c->warnings++ < MAX_WARNINGS)
            ty_cli_warn(c->cli, "%s: warning: unit %zu%s%s%s: %s; left out (--flatten keeps its "
                                "text)", c->file, c->units, u->id ? " (tuid \"" : "",
                        u->id ? u->id : "", u->id ? "\")" : "", c->werr.message);
        ty_error_clear(&c->werr);
        st = TY_OK;
    }
    return st;
}

static void print_write_counts(run_ctx *c, const ty_tmx_write_counts *k)
{
    const char *name = strcmp(c->a->output, "-") ? c->a->output : "(stdout)";
    if (k->low_confidence)
        fprintf(c->err, "taiyaku: %s: %zu unit(s) under --min-confidence left out\n", name,
                k->low_confidence);
    if (k->one_sided)
        fprintf(c->err, "taiyaku: %s: warning: %zu unit(s) with an empty side left out\n", name,
                k->one_sided);
    if (k->replaced)
        fprintf(c->err,
                "taiyaku: %s: warning: %zu character(s) XML 1.0 forbids written as U+FFFD\n",
                name, k->replaced);
    if (k->ids_replaced)
        fprintf(c->err, "taiyaku: %s: warning: %zu duplicate or overlong tuid(s) renumbered\n",
                name, k->ids_replaced);
    if (k->langs_fixed)
        fprintf(c->err, "taiyaku: %s: %zu unit(s) had '_' in a language code: written with '-'\n",
                name, k->langs_fixed);
}

/* ---- stats ------------------------------------------------------------------------------- */

static int tally_add(tally *t, const char *key)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->key[i], key)) {
            t->count[i]++;
            return 0;
        }
    if (t->n == MAX_TALLY) {
        t->other++;
        return 0;
    }
    if (!(t->key[t->n] = strdup(key)))
        return -1;
    t->count[t->n++] = 1;
    return 0;
}

static void tally_print(FILE *out, const tally *t)
{
    if (!t->n)
        fputs("none", out);
    for (size_t i = 0; i < t->n; i++)
        fprintf(out, "%s%s %zu", i ? ", " : "", t->key[i], t->count[i]);
    if (t->other)
        fprintf(out, ", other %zu", t->other);
    fputc('\n', out);
}

static void tally_free(tally *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->key[i]);
    memset(t, 0, sizeof *t);
}

static unsigned long long chars(const char *s)
{
    unsigned long long n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static ty_status stats_unit(const ty_unit *u, void *ud)
{
    run_ctx *c = ud;
    char pair[200];

    snprintf(pair, sizeof pair, "%s/%s", u->ja_lang, u->en_lang);
    if (tally_add(&c->langs, pair) != 0 || tally_add(&c->shapes, u->shape ? u->shape : "(none)") != 0)
        return TY_ERR_NOMEM;
    if (u->confidence >= 0) {
        c->known++;
        c->conf_sum += u->confidence;
        if (u->confidence >= 0.9)
            c->high++;
        else if (u->confidence >= 0.5)
            c->mid++;
        else
            c->low++;
    }
    c->ja_chars += chars(u->ja);
    c->en_chars += chars(u->en);
    return TY_OK;
}

static void print_stats(run_ctx *c, const ty_tmx_stats *s)
{
    FILE *out = c->out;
    fprintf(out, "%-14s %s\n", "file", c->file);
    fprintf(out, "%-14s %s\n", "tmx version", s->version[0] ? s->version : "(none)");
    fprintf(out, "%-14s %s %s\n", "creation tool", s->creationtool[0] ? s->creationtool : "(none)",
            s->creationtoolversion);
    fprintf(out, "%-14s %s\n", "srclang", s->srclang[0] ? s->srclang : "(none)");
    fprintf(out, "%-14s %zu\n", "tu elements", s->tus);
    fprintf(out, "%-14s %zu\n", "units", s->units);
    fprintf(out, "%-14s %zu (one language %zu, no Japanese or English %zu, empty %zu, bad %zu)\n",
            "skipped", s->one_language + s->no_ja_en + s->empty + s->bad, s->one_language,
            s->no_ja_en, s->empty, s->bad);
    fprintf(out, "%-14s %zu\n", "other tuvs", s->extra_tuvs);
    fprintf(out, "%-14s ", "codes ja/en");
    tally_print(out, &c->langs);
    if (c->known)
        fprintf(out, "%-14s %zu known: %zu >= 0.9, %zu in [0.5, 0.9), %zu < 0.5; mean %.3f\n",
                "confidence", c->known, c->high, c->mid, c->low, c->conf_sum / (double)c->known);
    else
        fprintf(out, "%-14s none\n", "confidence");
    fprintf(out, "%-14s ", "shapes");
    tally_print(out, &c->shapes);
    fprintf(out, "%-14s ja %llu, en %llu\n", "characters", c->ja_chars, c->en_chars);
}

/* ---- the command ------------------------------------------------------------------------- */

/* Returns -1 to go on, else the exit code. */
static int parse_args(ty_cli *c, tmx_args *a)
{
    ty_error e;
    int k;

    while ((k = ty_cli_next(c)) > 0) {
        for (size_t i = 0; i < sizeof applies / sizeof applies[0]; i++)
            if (applies[i].key == k)
                a->given |= 1u << i;
        switch (k) {
        case 'f':
            if (ty_cli_choice(c, "format", c->arg, formats, &a->jsonl))
                return TY_EXIT_USAGE;
            break;
        case O_MARKUP: a->markup = 1; break;
        case O_FLATTEN: a->flatten = 1; break;
        case O_MIN:
            if (ty_cli_fraction(c, &a->min_conf))
                return TY_EXIT_USAGE;
            break;
        case O_SELJA: a->ropts.ja_lang = c->arg; break;
        case O_SELEN: a->ropts.en_lang = c->arg; break;
        case 'o': a->output = c->arg; break;
        case O_JA: a->wopts.ja_lang = c->arg, a->ja_lang_set = 1; break;
        case O_EN: a->wopts.en_lang = c->arg, a->en_lang_set = 1; break;
        case O_SRC: a->wopts.srclang = c->arg, a->srclang_set = 1; break;
        case 'q': a->quiet = 1; break;
        }
        if ((k == O_JA || k == O_EN || k == O_SRC) &&
            ty_tmx_lang_check(c->arg, k == O_SRC, &e) != TY_OK)
            return ty_cli_usage(c, "--%s: %s", c->option->name, e.message);
    }
    if (k < 0)
        return c->rc;
    if (c->nargs == 0)
        return ty_cli_usage(c, "expected cat, copy or stats");
    if (ty_cli_choice(c, "subcommand", c->args[0], verbs, &a->verb))
        return TY_EXIT_USAGE;
    for (size_t i = 0; i < sizeof applies / sizeof applies[0]; i++)
        if ((a->given >> i & 1) && !(applies[i].verbs >> a->verb & 1)) {
            const char *name = "?";
            for (const ty_cli_option *o = options; o->name; o++)
                if (o->key == applies[i].key) {
                    name = o->name;
                    break;
                }
            return ty_cli_usage(c, "option '--%s' does not apply to 'tmx %s'", name,
                                verbs[a->verb]);
        }
    if (a->verb == COPY && !a->output)
        return ty_cli_usage(c, "copy needs -o OUT.tmx");
    if (a->verb == COPY && ty_cli_output(c, a->output, NULL) != TY_EXIT_OK)
        return TY_EXIT_ERROR;
    c->args++; /* the files */
    c->nargs--;
    if (a->verb == STATS ? ty_cli_operands(c, 1, INT_MAX, "at least one FILE.tmx")
                         : ty_cli_operands(c, 1, 1, "one FILE"))
        return TY_EXIT_USAGE;
    return -1;
}

/* One input file through the subcommand. Returns an exit code. */
static int run_file(ty_cli *cli, const tmx_args *a, const char *file)
{
    static const ty_tmx_unit_fn fns[] = {cat_unit, copy_unit, stats_unit};
    run_ctx c;
    ty_tmx_read_opts ro = a->ropts;
    ty_tmx_stats s;
    ty_error e;
    ty_status st;
    int rc = TY_EXIT_ERROR;

    memset(&c, 0, sizeof c);
    c.cli = cli, c.out = cli->out, c.err = cli->err, c.a = a, c.file = file, c.stats = &s;
    ty_error_clear(&e);
    ty_error_clear(&c.werr);
    ro.warn = on_warning;
    ro.keep_markup = a->verb == COPY ? !a->flatten : a->markup;
    st = ty_tmx_read(file, &ro, fns[a->verb], &c, &s, &e);
    if (st == TY_OK && a->verb == COPY && !c.w)
        st = copy_open(&c); /* no units: still an (empty) TMX */
    if (st != TY_OK) {
        ty_tmx_writer_abort(c.w);
        if (c.werr.status != TY_OK)
            rc = ty_cli_fail_writing(cli, a->output, &c.werr);
        else if (e.status != TY_OK)
            rc = ty_cli_fail(cli, &e);
        /* else cat stopped on a failed write to the output: the frame says so */
        goto done;
    }
    print_skipped(&c, &s);
    if (c.w) {
        ty_tmx_write_counts k = *ty_tmx_writer_counts(c.w);
        if (ty_tmx_writer_close(c.w, &c.werr) != TY_OK) {
            rc = ty_cli_fail_writing(cli, a->output, &c.werr);
            goto done;
        }
        print_write_counts(&c, &k);
        if (c.bad_markup)
            fprintf(c.err, "taiyaku: %s: warning: %zu unit(s) with markup that is not TMX inline "
                           "markup left out (--flatten keeps their text)\n", file, c.bad_markup);
    }
    if (c.filtered)
        fprintf(c.err, "taiyaku: %s: %zu unit(s) under --min-confidence left out\n", file,
                c.filtered);
    if (a->verb == STATS)
        print_stats(&c, &s);
    rc = TY_EXIT_OK;
done:
    tally_free(&c.langs);
    tally_free(&c.shapes);
    return rc;
}

static int run(ty_cli *c)
{
    tmx_args a;
    int rc;

    memset(&a, 0, sizeof a);
    ty_tmx_read_opts_init(&a.ropts);
    ty_tmx_write_opts_init(&a.wopts);
    if ((rc = parse_args(c, &a)) >= 0)
        return rc;
    a.wopts.min_confidence = a.min_conf;
    a.wopts.markup = !a.flatten;
    a.wopts.keep_unit_langs = 1;
    for (int i = 0; i < c->nargs; i++) {
        if ((rc = run_file(c, &a, c->args[i])) != TY_EXIT_OK)
            return rc;
        if (i + 1 < c->nargs)
            fputc('\n', c->out);
    }
    return TY_EXIT_OK;
}
