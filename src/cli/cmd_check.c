/*
 * cmd_check.c — `taiyaku check`: the consistency findings of a memory (ty_consistency_check),
 * printed as they come, for people or as one JSON object, with an exit status that can gate a
 * workflow: 0 no findings, 1 findings, 2 error.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "cons_print.h"
#include "json_out.h"
#include "tm_cli.h"

enum { OPT_JSON = 256 };

static const ty_cli_option options[] = {
    TY_CLI_DB_OPTION,
    {"document", 'D', "NAME",
     "only findings about units of the documents named NAME (a repeated text is reported with "
     "all its units, wherever they are)"},
    {"checks", 'c', "LIST", "which checks, comma-separated (default all)"},
    {"min-confidence", 'm', "X", "the confidence threshold, 0 to 1 (default 0.5)"},
    {"json", OPT_JSON, NULL,
     "one JSON object: {\"findings\": [{\"kind\", \"units\": [{\"unit\", \"ja\", \"en\", "
     "\"count\", \"confidence\", \"occurrences\": [{\"document\", \"position\" (from 0), "
     "\"confidence\", \"ja_segments\", \"en_segments\"}], \"rendering\"}], \"numbers\": "
     "[{\"lang\", \"text\", \"start\", \"end\", \"count\"}]}], \"counts\": {...}}"},
    TY_CLI_COLOR_OPTIONS,
    {NULL, 0, NULL, NULL}};

static int run(ty_cli *c);

const ty_cli_command ty_cmd_check = {
    .name = "check",
    .summary = "consistency findings: differing renderings, numbers, low confidence",
    .usage = "--db MEMORY [OPTIONS]",
    .description = "Check a translation memory for inconsistencies and print each finding with "
                   "its units, their documents and positions (NAME:POSITION, counting from 1):\n"
                   "same-ja\tone Japanese text (normalized: NFKC, case, white space) translated "
                   "by different English texts, the most used rendering first\n"
                   "same-en\tone English text translating different Japanese texts\n"
                   "numbers\ta number, date or time on one side of a unit and not on the other, "
                   "after normalizing numbers across scripts as the aligner does (1,000 = "
                   "１，０００ = 千人; 8 = eight = 八つ; 令和6年 = 2024; 3月 = March); 0 and 1 are "
                   "left out, and so are digits inside a token of the other side (FY2024, G7)\n"
                   "confidence\tan occurrence whose alignment confidence is below "
                   "--min-confidence\n"
                   "Exit status: 0 no findings, 1 findings, 2 error.",
    .options = options,
    .run = run,
};

typedef struct printer {
    FILE *out;
    int json;
    size_t n;
    ty_cli_style st;
} printer;

static const char *lang_name(ty_lang l)
{
    return l == TY_LANG_JA ? "Japanese" : "English";
}

static void put(FILE *out, const char *s)
{
    ty_cli_put_flat(out, s, strlen(s));
}

static void print_same(printer *p, const ty_check_finding *f)
{
    ty_lang repeated = f->kind == TY_CHECK_SAME_JA ? TY_LANG_JA : TY_LANG_EN;
    const ty_tm_entry *first = &f->units[0];

    fprintf(p->out, "%s%s%s  ", p->st.warn, ty_check_kind_name(f->kind), p->st.off);
    put(p->out, repeated == TY_LANG_JA ? first->ja : first->en);
    fprintf(p->out, "\n  %s%zu %s renderings%s\n", p->st.dim, f->nrenderings,
            lang_name(repeated == TY_LANG_JA ? TY_LANG_EN : TY_LANG_JA), p->st.off);
    for (size_t i = 0; i < f->nunits; i++) {
        const ty_tm_entry *e = &f->units[i];
        if (i == 0 || f->rendering[i] != f->rendering[i - 1]) {
            fprintf(p->out, "  [%zu] ", f->rendering[i] + 1);
            put(p->out, repeated == TY_LANG_JA ? e->en : e->ja);
            fputc('\n', p->out);
        }
        fprintf(p->out, "      %s", p->st.dim);
        ty_cli_print_locations(p->out, e->occ, e->nocc, 12);
        fprintf(p->out, "%s\n", p->st.off);
    }
}

static void print_texts(printer *p, const ty_tm_entry *e)
{
    fputs("  ja  ", p->out);
    put(p->out, e->ja);
    fputs("\n  en  ", p->out);
    put(p->out, e->en);
    fprintf(p->out, "\n      %s", p->st.dim);
    ty_cli_print_locations(p->out, e->occ, e->nocc, 12);
    fprintf(p->out, "%s\n", p->st.off);
}

static void print_numbers(printer *p, const ty_check_finding *f)
{
    fprintf(p->out, "%snumbers%s  ", p->st.warn, p->st.off);
    for (size_t i = 0; i < f->nnumbers; i++) {
        const ty_check_number *m = &f->numbers[i];
        fputs(i ? "; " : "", p->out);
        put(p->out, *m->text ? m->text : "(a number)");
        fprintf(p->out, " in the %s only", lang_name(m->lang));
    }
    fputc('\n', p->out);
    print_texts(p, &f->units[0]);
}

static void print_confidence(printer *p, const ty_check_finding *f)
{
    const ty_tm_entry *e = &f->units[0];
    double low = 1;
    for (size_t i = 0; i < e->nocc; i++)
        if (e->occ[i].confidence < low)
            low = e->occ[i].confidence;
    fprintf(p->out, "%sconfidence%s  %.2f\n", p->st.warn, p->st.off, low);
    print_texts(p, e);
}

static void json_finding(printer *p, const ty_check_finding *f)
{
    fprintf(p->out, "%s{\"kind\":\"%s\",\"units\":[", p->n ? ",\n" : "\n",
            ty_check_kind_name(f->kind));
    for (size_t i = 0; i < f->nunits; i++) {
        if (i)
            fputc(',', p->out);
        ty_cli_json_entry(p->out, &f->units[i], f->rendering ? (long)f->rendering[i] : -1);
    }
    fputs("],\"numbers\":[", p->out);
    for (size_t i = 0; i < f->nnumbers; i++) {
        const ty_check_number *m = &f->numbers[i];
        fprintf(p->out, "%s{\"lang\":\"%s\",\"text\":", i ? "," : "",
                m->lang == TY_LANG_JA ? "ja" : "en");
        ty_cli_json_string(p->out, m->text);
        fprintf(p->out, ",\"start\":%zu,\"end\":%zu,\"count\":%zu}", m->start, m->end, m->count);
    }
    fputs("]}", p->out);
}

static ty_status on_finding(const ty_check_finding *f, void *userdata)
{
    printer *p = userdata;
    if (p->json) {
        json_finding(p, f);
    } else {
        if (p->n)
            fputc('\n', p->out);
        if (f->kind == TY_CHECK_SAME_JA || f->kind == TY_CHECK_SAME_EN)
            print_same(p, f);
        else if (f->kind == TY_CHECK_NUMBERS)
            print_numbers(p, f);
        else
            print_confidence(p, f);
    }
    p->n++;
    return ferror(p->out) ? TY_ERR_IO : TY_OK;
}

static void print_counts(printer *p, const ty_check_counts *c, size_t total)
{
    if (p->json) {
        fputs("],\"counts\":{", p->out);
        for (int k = 0; k < TY_CHECK_KINDS; k++)
            fprintf(p->out, "\"%s\":%zu,", ty_check_kind_name((ty_check_kind)k), c->findings[k]);
        fprintf(p->out, "\"units\":%zu}}\n", c->units);
        return;
    }
    if (total == 0) {
        fprintf(p->out, "no findings (%zu units checked)\n", c->units);
        return;
    }
    fprintf(p->out, "\n%zu %s:", total, total == 1 ? "finding" : "findings");
    for (int k = 0, first = 1; k < TY_CHECK_KINDS; k++)
        if (c->findings[k]) {
            fprintf(p->out, "%s %zu %s", first ? "" : ",", c->findings[k],
                    ty_check_kind_name((ty_check_kind)k));
            first = 0;
        }
    fprintf(p->out, " (%zu units checked)\n", c->units);
}

static int run(ty_cli *c)
{
    const char *db = NULL, *when = "auto";
    ty_check_opts o;
    ty_check_counts counts;
    printer p = {c->out, 0, 0, {0}};
    ty_tm *tm = NULL;
    ty_error e;
    size_t total = 0;
    int k, colour, rc;

    ty_check_opts_init(&o);
    ty_error_clear(&e);
    while ((k = ty_cli_next(c)) > 0) {
        switch (k) {
        case 'd': db = c->arg; break;
        case 'D':
            if (ty_cli_utf8(c, "the document name", c->arg))
                return TY_EXIT_USAGE;
            o.document = c->arg;
            break;
        case 'c':
            if (ty_check_kinds_parse(c->arg, &o.checks, &e) != TY_OK)
                return ty_cli_usage(c, "%s", e.message);
            break;
        case 'm':
            if (ty_cli_fraction(c, &o.min_confidence))
                return TY_EXIT_USAGE;
            break;
        case OPT_JSON: p.json = 1; break;
        case TY_CLI_COLOR: when = c->arg; break;
        }
    }
    if (k < 0)
        return c->rc;
    if (ty_cli_require(c, db, "--db MEMORY") || ty_cli_operands(c, 0, 0, NULL) ||
        ty_cli_colour(c, when, &colour))
        return TY_EXIT_USAGE;
    ty_cli_style_init(&p.st, colour && !p.json);
    if ((rc = ty_cli_tm_open(c, db, TY_TM_READONLY, &tm)) != TY_EXIT_OK)
        return rc;
    if (p.json)
        fputs("{\"findings\":[", c->out);
    if (ty_consistency_check(tm, &o, on_finding, &p, &counts, &e) != TY_OK) {
        if (p.json)
            fputs("]}\n", c->out);
        /* without an error of its own it stopped on a failed write: the frame says so */
        rc = e.status != TY_OK ? ty_cli_fail(c, &e) : TY_EXIT_ERROR;
        goto done;
    }
    for (int i = 0; i < TY_CHECK_KINDS; i++)
        total += counts.findings[i];
    print_counts(&p, &counts, total);
    rc = total ? TY_EXIT_FINDINGS : TY_EXIT_OK;
done:
    ty_tm_close(tm);
    return rc;
}
