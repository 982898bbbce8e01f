/*
 * cmd_check.c — `taiyaku check`: the consistency findings of a memory (ty_consistency_check),
 * or of a new translation checked against a memory (ty_check_pair: the two documents are read,
 * segmented and aligned here), collected, sorted (errors first, then by rank) and printed for
 * people, as one JSON object or as an HTML page, with an exit status that can gate a workflow:
 * 0 no finding at warning or above (info only, or none), 1 a warning or an error, 2 error. It
 * also records accepted findings in the memory
 * (--ignore-add, --ignore-remove, --ignore-list). The checks are the library's.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "cons_print.h"
#include "json_out.h"
#include "lexicon_cli.h"
#include "read_cli.h"
#include "tm_cli.h"

enum {
    OPT_JSON = 256,
    OPT_HTML,
    OPT_REGEX,
    OPT_IGNORE,
    OPT_IGNORE_ADD,
    OPT_IGNORE_REMOVE,
    OPT_IGNORE_LIST,
    OPT_NOTE,
    OPT_BY,
    OPT_ESTABLISHED
};

static const ty_cli_option options[] = {
    {"db", 'd', "MEMORY",
     "the translation memory (an SQLite file): the memory checked, or the one a new "
     "translation is checked against"},
    {"document", 'D', "NAME",
     "only findings about units of the documents named NAME (a repeated text is reported with "
     "all its units, wherever they are)"},
    {"checks", 'c', "LIST", "which checks, comma-separated (default all)"},
    {"min-severity", 'S', "info|warning|error",
     "leave out findings below this severity (default info: all)"},
    {"glossary", 'g', "FILE",
     "key terms: TBX (TBX-Basic and other dialects) or TSV 'ja<TAB>en[<TAB>status[<TAB>note]]' "
     "(repeatable)"},
    {"regex", OPT_REGEX, "FILE",
     "user checks: lines 'NAME<TAB>JA-PATTERN<TAB>EN-PATTERN[<TAB>SEVERITY]' (ICU regular "
     "expressions)"},
    {"ignore", OPT_IGNORE, "FILE", "leave out the findings whose ids the file lists (one a line)"},
    {"ignore-add", OPT_IGNORE_ADD, "ID",
     "record finding ID in the memory as accepted (repeatable; no check runs)"},
    {"ignore-remove", OPT_IGNORE_REMOVE, "ID", "report finding ID again (repeatable)"},
    {"ignore-list", OPT_IGNORE_LIST, NULL, "list the memory's accepted findings"},
    {"note", OPT_NOTE, "TEXT", "with --ignore-add: why it is accepted"},
    {"by", OPT_BY, "NAME", "with --ignore-add: who accepts it (default $USER)"},
    {"min-confidence", 'm', "X", "the confidence threshold, 0 to 1 (default 0.5)"},
    {"established", OPT_ESTABLISHED, "X",
     "new translations: the share of uses that makes a rendering of the memory established "
     "(default 0.6)"},
    {"segmented", 's', NULL,
     "new translations: the files are one segment per line, a blank line between paragraphs"},
    TY_CLI_READ_OPTIONS,
    {"json", OPT_JSON, NULL,
     "one JSON object: {\"findings\": [{\"id\", \"kind\", \"severity\", \"rank\", \"message\", "
     "\"rule\", \"expected\", \"units\": [{\"unit\", \"ja\", \"en\", \"count\", \"confidence\", "
     "\"occurrences\": [{\"document\", \"position\" (from 0), \"confidence\", \"ja_segments\", "
     "\"en_segments\"}], \"rendering\"}], \"spans\": [{\"unit\", \"lang\", \"start\", \"end\", "
     "\"text\"}]}], \"counts\": {...}}"},
    {"html", OPT_HTML, "FILE", "also write the findings as a self-contained HTML page"},
    {"max", 'n', "N", "print at most N findings (default 0: all; the counts are of all)"},
    TY_CLI_COLOR_OPTIONS,
    TY_CLI_LEXICON_OPTIONS,
    {NULL, 0, NULL, NULL}};

static int run(ty_cli *c);

const ty_cli_command ty_cmd_check = {
    .name = "check",
    .summary = "consistency and QA findings of a memory, or of a new translation against it",
    .usage = "--db MEMORY [OPTIONS]\n[--db MEMORY] [OPTIONS] NEW.ja NEW.en\n"
             "--db MEMORY --ignore-add ID [--note TEXT]",
    .description =
        "Check a translation memory, or a new translation (NEW.ja and its English NEW.en, "
        "aligned here and not stored) against one, and print the findings, errors first, each "
        "with its severity, kind, what is wrong, its id, and its units with their documents and "
        "positions (NAME:POSITION, from 1). The checks (--checks):\n"
        "same-ja\tone Japanese text (normalized: NFKC, case, white space) translated by "
        "different English texts; info when they differ only in brackets, articles, plurals "
        "or one renders a part of the other\n"
        "same-en\tone English text translating different Japanese texts (info)\n"
        "numbers\ta number, date, time, duration or amount a reader would check, on one side "
        "only (warning) or different on the two sides (error), read across scripts and "
        "conversions (1,000 = 千; 令和6年 = 2024; 1時間30分 = 90 minutes; 1,500万 = 15 million; "
        "22日 = September 22; 来年 = 2025); numbers in names, words under 100 and ordinals "
        "are info\n"
        "untranslated\tEnglish that is the Japanese, or Japanese left in the English\n"
        "tokens\tURLs, e-mail addresses and codes (A/RES/76/1) that differ\n"
        "brackets\tunpaired brackets and quotation marks\n"
        "repeated\tan English word twice in a row\n"
        "spaces\tdouble spaces, leading or trailing white space (info)\n"
        "regex\tthe --regex rules\n"
        "term-missing\ta --glossary term in the Japanese, none of its English terms in the "
        "English\n"
        "term-forbidden\ta deprecated or forbidden English term\n"
        "phrase\t(new translations) a recurring phrase of the memory whose established "
        "rendering the new English does not use\n"
        "memory\t(new translations) a unit whose Japanese the memory holds with another "
        "English\n"
        "confidence\tan alignment confidence below --min-confidence\n"
        "Every finding has an id that stays the same across runs and re-imports: "
        "--ignore-add ID accepts it (it is not reported again by this memory's checks), and "
        "--ignore FILE leaves out the ids a file lists.\n"
        "Exit status: 0 no finding at warning or above (info only, or none), 1 a warning or an "
        "error, 2 error.",
    .options = options,
    .notes = "New translations are read in any format 'taiyaku segment' reads, split "
             "into sentences and aligned with the lexicon options; without --db only the unit "
             "checks run.",
    .run = run,
};

typedef struct args {
    const char *db, *when, *html, *ignore_file, *note, *by;
    const char **glossaries, **regexes, **ignore_add, **ignore_remove;
    size_t nglossaries, nregexes, nadd, nremove;
    int json, list;
    long max;
    ty_check_opts o;
    ty_cli_read rd; /* new translations: --segmented, --input-format, --encoding, ... */
    ty_cli_lexicon lex;
} args;

static void put(FILE *out, const char *s)
{
    ty_cli_put_flat(out, s, strlen(s));
}

/* ---- text ---- */

/* s with the finding's spans of unit `unit`, side `lang`, marked. */
static void put_marked(FILE *out, const ty_check_finding *f, size_t unit, ty_lang lang,
                       const char *s, const ty_cli_style *st)
{
    size_t n = strlen(s), at = 0;
    const ty_check_span *next;
    while ((next = ty_check_span_next(f, unit, lang, at)) != NULL && next->end <= n) {
        ty_cli_put_flat(out, s + at, next->start - at);
        fputs(st->mark, out);
        ty_cli_put_flat(out, s + next->start, next->end - next->start);
        fputs(st->off, out);
        at = next->end;
    }
    ty_cli_put_flat(out, s + at, n - at);
}

static const char *sev_label(ty_severity s)
{
    return s == TY_SEVERITY_ERROR ? "ERROR" : s == TY_SEVERITY_WARNING ? "WARNING" : "info";
}

static void print_finding(FILE *out, const ty_check_finding *f, const ty_cli_style *st)
{
    int same = f->kind == TY_CHECK_SAME_JA || f->kind == TY_CHECK_SAME_EN;
    ty_lang repeated = f->kind == TY_CHECK_SAME_EN ? TY_LANG_EN : TY_LANG_JA;

    fprintf(out, "%s%s%s  %s  ", f->severity == TY_SEVERITY_INFO ? st->dim : st->warn,
            sev_label(f->severity), st->off, ty_check_kind_name(f->kind));
    put(out, f->message ? f->message : "");
    fprintf(out, "  %s[%s]%s\n", st->dim, f->id, st->off);
    if (same) {
        fputs("  ", out);
        put(out, repeated == TY_LANG_JA ? f->units[0].ja : f->units[0].en);
        fputc('\n', out);
        for (size_t i = 0; i < f->nunits; i++) {
            const ty_tm_entry *e = &f->units[i];
            if (i == 0 || f->rendering[i] != f->rendering[i - 1]) {
                fprintf(out, "  [%zu] ", f->rendering[i] + 1);
                put(out, repeated == TY_LANG_JA ? e->en : e->ja);
                fputc('\n', out);
            }
            fprintf(out, "      %s", st->dim);
            ty_cli_print_locations(out, e->occ, e->nocc, 12);
            fprintf(out, "%s\n", st->off);
        }
        return;
    }
    for (size_t i = 0; i < f->nunits; i++) {
        const ty_tm_entry *e = &f->units[i];
        fputs("  ja  ", out);
        put_marked(out, f, i, TY_LANG_JA, e->ja, st);
        fputs("\n  en  ", out);
        put_marked(out, f, i, TY_LANG_EN, e->en, st);
        fprintf(out, "\n      %s", st->dim);
        ty_cli_print_locations(out, e->occ, e->nocc, 12);
        fprintf(out, "%s\n", st->off);
    }
}

static void print_counts(FILE *out, const ty_check_counts *k, const ty_check_opts *o)
{
    size_t total = 0;
    for (int i = 0; i < TY_CHECK_KINDS; i++)
        total += k->findings[i];
    if (total == 0) {
        fprintf(out, "no findings (%zu units checked", k->units);
    } else {
        int first = 1;
        fprintf(out, "%zu %s: %zu error%s, %zu warning%s, %zu info (", total,
                total == 1 ? "finding" : "findings", k->severities[TY_SEVERITY_ERROR],
                k->severities[TY_SEVERITY_ERROR] == 1 ? "" : "s",
                k->severities[TY_SEVERITY_WARNING],
                k->severities[TY_SEVERITY_WARNING] == 1 ? "" : "s",
                k->severities[TY_SEVERITY_INFO]);
        for (int i = 0; i < TY_CHECK_KINDS; i++)
            if (k->findings[i]) {
                fprintf(out, "%s%zu %s", first ? "" : ", ", k->findings[i],
                        ty_check_kind_name((ty_check_kind)i));
                first = 0;
            }
        fprintf(out, "); %zu units checked", k->units);
    }
    if (k->ignored)
        fprintf(out, "; %zu accepted left out", k->ignored);
    if (k->below)
        fprintf(out, "; %zu below %s left out", k->below, ty_severity_name(o->min_severity));
    fputs(total ? "\n" : ")\n", out);
}

/* ---- JSON ---- */

static void json_finding(FILE *out, const ty_check_finding *f)
{
    fprintf(out, "{\"id\":\"%s\",\"kind\":\"%s\",\"severity\":\"%s\",\"rank\":%.3f,\"message\":",
            f->id, ty_check_kind_name(f->kind), ty_severity_name(f->severity), f->rank);
    ty_cli_json_string(out, f->message);
    fputs(",\"rule\":", out);
    ty_cli_json_string(out, f->rule);
    fputs(",\"expected\":", out);
    ty_cli_json_string(out, f->expected);
    fputs(",\"units\":[", out);
    for (size_t i = 0; i < f->nunits; i++) {
        if (i)
            fputc(',', out);
        ty_cli_json_entry(out, &f->units[i], f->rendering ? (long)f->rendering[i] : -1);
    }
    fputs("],\"spans\":[", out);
    for (size_t i = 0; i < f->nspans; i++) {
        const ty_check_span *x = &f->spans[i];
        fprintf(out, "%s{\"unit\":%zu,\"lang\":\"%s\",\"start\":%zu,\"end\":%zu,\"text\":",
                i ? "," : "", x->unit, x->lang == TY_LANG_JA ? "ja" : "en", x->start, x->end);
        ty_cli_json_string(out, x->text);
        fputc('}', out);
    }
    fputs("]}", out);
}

static void json_counts(FILE *out, const ty_check_counts *k)
{
    fputs("\"counts\":{", out);
    for (int i = 0; i < TY_CHECK_KINDS; i++)
        fprintf(out, "\"%s\":%zu,", ty_check_kind_name((ty_check_kind)i), k->findings[i]);
    for (int s = TY_SEVERITY_INFO; s <= TY_SEVERITY_ERROR; s++)
        fprintf(out, "\"%s\":%zu,", ty_severity_name((ty_severity)s), k->severities[s]);
    fprintf(out, "\"units\":%zu,\"ignored\":%zu,\"below\":%zu}", k->units, k->ignored, k->below);
}

/* ---- accepted findings ---- */

static ty_status list_one(const ty_check_ignored *x, void *userdata)
{
    FILE *out = userdata;
    fprintf(out, "%s\t%s\t", x->id, x->added_at ? x->added_at : "");
    put(out, x->who ? x->who : "");
    fputc('\t', out);
    put(out, x->note ? x->note : "");
    fputc('\n', out);
    return ferror(out) ? TY_ERR_IO : TY_OK;
}

static int ignore_actions(ty_cli *c, args *a)
{
    ty_tm *tm = NULL;
    ty_error e;
    int rc;
    const char *by = a->by ? a->by : getenv("USER");

    ty_error_clear(&e);
    if ((rc = ty_cli_tm_open(c, a->db, a->nadd || a->nremove ? 0 : TY_TM_READONLY, &tm)) !=
        TY_EXIT_OK)
        return rc;
    for (size_t i = 0; i < a->nadd && rc == TY_EXIT_OK; i++) {
        if (ty_check_ignore_add(tm, a->ignore_add[i], a->note, by, &e) != TY_OK)
            rc = ty_cli_fail(c, &e);
        else
            fprintf(c->out, "accepted %s\n", a->ignore_add[i]);
    }
    for (size_t i = 0; i < a->nremove && rc == TY_EXIT_OK; i++) {
        if (ty_check_ignore_remove(tm, a->ignore_remove[i], &e) != TY_OK)
            rc = ty_cli_fail(c, &e);
        else
            fprintf(c->out, "reported again: %s\n", a->ignore_remove[i]);
    }
    if (rc == TY_EXIT_OK && a->list && ty_check_ignore_list(tm, list_one, c->out, &e) != TY_OK)
        rc = e.status != TY_OK ? ty_cli_fail(c, &e) : TY_EXIT_ERROR;
    ty_tm_close(tm);
    return rc;
}

/* ---- running ---- */

static int parse(ty_cli *c, args *a)
{
    int k, r;
    long v;

    while ((k = ty_cli_next(c)) > 0) {
        const char ***list = k == 'g'                 ? &a->glossaries
                             : k == OPT_REGEX         ? &a->regexes
                             : k == OPT_IGNORE_ADD    ? &a->ignore_add
                             : k == OPT_IGNORE_REMOVE ? &a->ignore_remove
                                                      : NULL;
        size_t *n = k == 'g'                 ? &a->nglossaries
                    : k == OPT_REGEX         ? &a->nregexes
                    : k == OPT_IGNORE_ADD    ? &a->nadd
                    : k == OPT_IGNORE_REMOVE ? &a->nremove
                                             : NULL;
        if (list) {
            (*list)[(*n)++] = c->arg;
            continue;
        }
        if (ty_cli_lexicon_option(c, &a->lex, k))
            continue;
        if ((r = ty_cli_read_option(c, &a->rd, k)) == TY_EXIT_USAGE)
            return r;
        if (r)
            continue;
        switch (k) {
        case 'd': a->db = c->arg; break;
        case 'D':
            if (ty_cli_utf8(c, "the document name", c->arg))
                return TY_EXIT_USAGE;
            a->o.document = c->arg;
            break;
        case 'c': {
            ty_error e;
            if (ty_check_kinds_parse(c->arg, &a->o.checks, &e) != TY_OK)
                return ty_cli_usage(c, "%s", e.message);
            break;
        }
        case 'S': {
            static const char *const sev[] = {"info", "warning", "error", NULL};
            int i;
            if (ty_cli_choice(c, "severity", c->arg, sev, &i))
                return TY_EXIT_USAGE;
            a->o.min_severity = (ty_severity)i;
            break;
        }
        case 'm':
            if (ty_cli_fraction(c, &a->o.min_confidence))
                return TY_EXIT_USAGE;
            break;
        case OPT_ESTABLISHED:
            if (ty_cli_fraction(c, &a->o.established))
                return TY_EXIT_USAGE;
            if (a->o.established <= 0)
                return ty_cli_usage(c, "--established wants a share above 0");
            break;
        case 'n':
            if (ty_cli_number(c, 0, 100000000, &v))
                return TY_EXIT_USAGE;
            a->max = v;
            break;
        case 's': a->rd.opts.segmented = 1; break;
        case OPT_IGNORE: a->o.ignore_file = c->arg; break;
        case OPT_IGNORE_LIST: a->list = 1; break;
        case OPT_NOTE: a->note = c->arg; break;
        case OPT_BY: a->by = c->arg; break;
        case OPT_JSON: a->json = 1; break;
        case OPT_HTML: a->html = c->arg; break;
        case TY_CLI_COLOR: a->when = c->arg; break;
        }
    }
    if (k < 0)
        return c->rc;
    if ((a->nadd || a->nremove || a->list) && !a->db)
        return ty_cli_usage(c, "--ignore-add, --ignore-remove and --ignore-list need --db");
    if ((a->nadd || a->nremove || a->list) && c->nargs)
        return ty_cli_usage(c, "unexpected argument '%s'", c->args[0]);
    if (!(a->nadd || a->nremove || a->list)) {
        if (c->nargs != 0 && c->nargs != 2)
            return ty_cli_usage(c, "expected no file (a memory check) or two, NEW.ja and NEW.en");
        if (c->nargs == 0 && ty_cli_require(c, a->db, "--db MEMORY"))
            return TY_EXIT_USAGE;
    }
    return -1;
}

static int load(ty_cli *c, args *a, ty_glossary **g, ty_check_rules **rules)
{
    ty_error e;
    ty_error_clear(&e);
    if (a->nglossaries) {
        if (ty_glossary_new(g, &e) != TY_OK)
            return ty_cli_fail(c, &e);
        for (size_t i = 0; i < a->nglossaries; i++)
            if (ty_glossary_read(*g, a->glossaries[i], &e) != TY_OK)
                return ty_cli_fail(c, &e);
        a->o.glossary = *g;
    }
    if (a->nregexes > 1)
        return ty_cli_usage(c, "--regex is given once");
    if (a->nregexes) {
        if (ty_check_rules_read(a->regexes[0], rules, &e) != TY_OK)
            return ty_cli_fail(c, &e);
        a->o.rules = *rules;
    }
    return TY_EXIT_OK;
}

/* Read, segment and align the new pair, then check it. */
static int check_pair(ty_cli *c, args *a, ty_tm *tm, ty_check_results *res, ty_check_counts *k,
                      ty_error *e)
{
    const char *paths[2] = {c->args[0], c->args[1]};
    const ty_lang langs[2] = {TY_LANG_JA, TY_LANG_EN};
    ty_doc *docs[2] = {NULL, NULL};
    ty_alignment *al = NULL;
    ty_align_opts ao;
    int rc;

    ty_align_opts_init(&ao);
    ao.lexicon = a->lex.lexicon;
    if ((rc = ty_cli_read_ready(c, &a->rd)) != TY_EXIT_OK)
        return rc;
    if (ty_documents_read(2, paths, langs, &a->rd.opts, docs, e) != TY_OK)
        return e->status != TY_OK ? ty_cli_fail(c, e) : ty_cli_oom(c);
    ty_cli_read_warn(c, docs[0]);
    ty_cli_read_warn(c, docs[1]);
    if (ty_align(docs[0], docs[1], &ao, &al, e) != TY_OK ||
        ty_check_pair(tm, docs[0], docs[1], al, &a->o, ty_check_results_add, res, k, e) != TY_OK)
        rc = e->status != TY_OK ? ty_cli_fail(c, e) : ty_cli_oom(c);
    ty_alignment_free(al);
    ty_doc_free(docs[0]);
    ty_doc_free(docs[1]);
    return rc;
}

static void print(ty_cli *c, args *a, const ty_check_results *res, const ty_check_counts *k,
                  int colour)
{
    size_t n = ty_check_results_count(res), shown = a->max && (size_t)a->max < n ? (size_t)a->max : n;
    ty_cli_style st;

    if (a->json) {
        fputs("{\"findings\":[", c->out);
        for (size_t i = 0; i < shown; i++) {
            fputs(i ? ",\n" : "\n", c->out);
            json_finding(c->out, ty_check_results_get(res, i));
        }
        fputs("],", c->out);
        json_counts(c->out, k);
        fputs("}\n", c->out);
        return;
    }
    ty_cli_style_init(&st, colour);
    for (size_t i = 0; i < shown; i++) {
        print_finding(c->out, ty_check_results_get(res, i), &st);
        fputc('\n', c->out);
    }
    if (shown < n)
        fprintf(c->out, "(%zu more findings: --max 0 shows all)\n", n - shown);
    print_counts(c->out, k, &a->o);
}

/* The findings of a memory's check as they come, kept, and counted on the status line. */
typedef struct counting {
    ty_cli *c;
    ty_check_results *res;
    size_t n;
} counting;

static ty_status count_finding(const ty_check_finding *f, void *user)
{
    counting *cn = user;
    if (++cn->n % 1024 == 0)
        ty_cli_status(cn->c, 0.1, "checking the memory: %zu findings so far", cn->n);
    return ty_check_results_add(f, cn->res);
}

static int run(ty_cli *c)
{
    args a;
    ty_tm *tm = NULL;
    ty_glossary *g = NULL;
    ty_check_rules *rules = NULL;
    ty_check_results *res = NULL;
    ty_check_counts k;
    ty_error e;
    int rc, colour;
    size_t total = 0;

    memset(&a, 0, sizeof a);
    memset(&k, 0, sizeof k);
    ty_error_clear(&e);
    a.when = "auto";
    ty_check_opts_init(&a.o);
    ty_cli_read_init(&a.rd);
    if ((rc = ty_cli_lexicon_init(c, &a.lex)) != TY_EXIT_OK)
        return rc;
    a.glossaries = calloc((size_t)c->argc + 1, sizeof *a.glossaries);
    a.regexes = calloc((size_t)c->argc + 1, sizeof *a.regexes);
    a.ignore_add = calloc((size_t)c->argc + 1, sizeof *a.ignore_add);
    a.ignore_remove = calloc((size_t)c->argc + 1, sizeof *a.ignore_remove);
    if (!a.glossaries || !a.regexes || !a.ignore_add || !a.ignore_remove) {
        rc = ty_cli_oom(c);
        goto done;
    }
    if ((rc = parse(c, &a)) >= 0)
        goto done;
    if (ty_cli_colour(c, a.when, &colour)) {
        rc = TY_EXIT_USAGE;
        goto done;
    }
    if (a.nadd || a.nremove || a.list) {
        rc = ignore_actions(c, &a);
        goto done;
    }
    if ((rc = load(c, &a, &g, &rules)) != TY_EXIT_OK)
        goto done;
    if (c->nargs == 2 || (a.o.checks & (1u << TY_CHECK_PHRASE))) {
        if ((rc = ty_cli_lexicon_load(c, &a.lex)) != TY_EXIT_OK)
            goto done;
        a.o.lexicon = a.lex.lexicon;
    }
    /* writable when possible: an older memory's schema is brought up to date */
    if (a.db && (rc = ty_cli_tm_open(c, a.db, 0, &tm)) != TY_EXIT_OK)
        goto done;
    if (ty_check_results_new(&res, &e) != TY_OK) {
        rc = ty_cli_fail(c, &e);
        goto done;
    }
    if (c->nargs == 2) {
        if ((rc = check_pair(c, &a, tm, res, &k, &e)) != TY_EXIT_OK)
            goto done;
    } else {
        counting cn = {c, res, 0};
        ty_cli_status(c, 0, "checking the memory");
        if (ty_consistency_check(tm, &a.o, count_finding, &cn, &k, &e) != TY_OK) {
            rc = e.status != TY_OK ? ty_cli_fail(c, &e) : ty_cli_oom(c);
            goto done;
        }
        ty_cli_status_clear(c);
    }
    ty_check_results_sort(res);
    print(c, &a, res, &k, colour && !a.json);
    if (a.html && ty_check_results_write_html(res, a.html, NULL, &k, &e) != TY_OK) {
        rc = ty_cli_fail(c, &e);
        goto done;
    }
    /* info is worth a look and gates nothing: 1 only for a warning or an error */
    total = k.severities[TY_SEVERITY_WARNING] + k.severities[TY_SEVERITY_ERROR];
    rc = total ? TY_EXIT_FINDINGS : TY_EXIT_OK;
done:
    ty_check_results_free(res);
    ty_check_rules_free(rules);
    ty_glossary_free(g);
    ty_tm_close(tm);
    ty_cli_lexicon_done(&a.lex);
    ty_cli_read_done(&a.rd);
    free(a.glossaries);
    free(a.regexes);
    free(a.ignore_add);
    free(a.ignore_remove);
    return rc;
}
