/*
 * cons_print.c — printing for the consistency subcommands (see cons_print.h): locations as
 * NAME:POSITION (1-based, as lookup prints them), units and provenances as JSON (positions
 * 0-based), and phrase reports as text, JSON and TSV. It does not decide anything.
 */
#include "config.h"

#include <string.h>

#include "cons_print.h"
#include "json_out.h"
#include "tm_cli.h"

void ty_cli_style_init(ty_cli_style *s, int colour)
{
    s->bold = colour ? "\033[1m" : "";
    s->dim = colour ? "\033[2m" : "";
    s->mark = colour ? "\033[1;31m" : "";
    s->warn = colour ? "\033[1;33m" : "";
    s->off = colour ? "\033[0m" : "";
}

static void put_flat(FILE *out, const char *s)
{
    ty_cli_put_flat(out, s, strlen(s));
}

void ty_cli_print_location(FILE *out, const ty_tm_occurrence *o)
{
    put_flat(out, o->document);
    fprintf(out, ":%lld", o->position + 1);
}

void ty_cli_print_locations(FILE *out, const ty_tm_occurrence *occ, size_t n, size_t max)
{
    for (size_t i = 0; i < n; i++) {
        if (max && i == max) {
            fprintf(out, "  +%zu more", n - max);
            break;
        }
        if (i)
            fputs("  ", out);
        ty_cli_print_location(out, &occ[i]);
    }
}

static void json_double(FILE *out, const char *key, double v)
{
    if (v < 0)
        fprintf(out, ",\"%s\":null", key);
    else
        fprintf(out, ",\"%s\":%.4f", key, v);
}

void ty_cli_json_occurrence(FILE *out, const ty_tm_occurrence *o)
{
    fputs("{\"document\":", out);
    ty_cli_json_string(out, o->document);
    fprintf(out, ",\"position\":%lld", o->position);
    json_double(out, "confidence", o->confidence);
    fputs(",\"ja_segments\":", out);
    ty_cli_json_string(out, o->ja_segments);
    fputs(",\"en_segments\":", out);
    ty_cli_json_string(out, o->en_segments);
    fputc('}', out);
}

void ty_cli_json_entry(FILE *out, const ty_tm_entry *e, long rendering)
{
    fprintf(out, "{\"unit\":%lld,\"ja\":", e->id);
    ty_cli_json_string(out, e->ja);
    fputs(",\"en\":", out);
    ty_cli_json_string(out, e->en);
    fprintf(out, ",\"count\":%zu", e->count);
    json_double(out, "confidence", e->confidence);
    fputs(",\"occurrences\":[", out);
    for (size_t i = 0; i < e->nocc; i++) {
        if (i)
            fputc(',', out);
        ty_cli_json_occurrence(out, &e->occ[i]);
    }
    fputc(']', out);
    if (rendering >= 0)
        fprintf(out, ",\"rendering\":%ld", rendering);
    fputc('}', out);
}

/* ---- phrase reports as text ---- */

static int percent(double share)
{
    return (int)(share * 100 + 0.5);
}

static const char *phrase_side(const ty_phrase_use *u, ty_lang from)
{
    return from == TY_LANG_JA ? u->unit->ja : u->unit->en;
}

static const char *other_side(const ty_phrase_use *u, ty_lang from)
{
    return from == TY_LANG_JA ? u->unit->en : u->unit->ja;
}

/* s with [a, b) marked. */
static void put_marked(FILE *out, const char *s, size_t a, size_t b, const ty_cli_style *st)
{
    size_t n = strlen(s);
    if (b <= a || b > n) {
        ty_cli_put_flat(out, s, n);
        return;
    }
    ty_cli_put_flat(out, s, a);
    fputs(st->mark, out);
    ty_cli_put_flat(out, s + a, b - a);
    fputs(st->off, out);
    ty_cli_put_flat(out, s + b, n - b);
}

static void print_uses_of(FILE *out, const ty_phrase_report *r, long rendering, size_t max)
{
    size_t shown = 0, total = 0;
    for (size_t i = 0; i < r->nuses; i++) {
        if (r->uses[i].rendering != rendering)
            continue;
        if (!max || shown < max) {
            fputs(shown ? "  " : "", out);
            ty_cli_print_location(out, r->uses[i].occ);
            shown++;
        }
        total++;
    }
    if (total > shown)
        fprintf(out, "  +%zu more", total - shown);
}

static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

void ty_cli_phrase_text(FILE *out, const ty_phrase_report *r, size_t max_locations,
                        const ty_cli_style *st)
{
    fprintf(out, "%s", st->bold);
    put_flat(out, r->phrase);
    fprintf(out, "%s\n", st->off);
    if (r->units == 0) {
        fputs("no unit of the memory contains it\n", out);
        return;
    }
    fprintf(out, "%zu %s, %zu %s in %zu %s%s\n\n", r->units, plural(r->units, "unit", "units"),
            r->nuses, plural(r->nuses, "use", "uses"), r->documents,
            plural(r->documents, "document", "documents"),
            r->truncated ? " (more units contain it: raise --max-units)" : "");
    for (size_t k = 0; k < r->nrenderings; k++) {
        const ty_phrase_rendering *x = &r->renderings[k];
        fprintf(out, "  %3d%%  %s", percent(x->share), st->bold);
        put_flat(out, x->text);
        fprintf(out, "%s\n        %s%zu %s in %zu %s: ", st->off, st->dim, x->uses,
                plural(x->uses, "use", "uses"), x->documents,
                plural(x->documents, "document", "documents"));
        print_uses_of(out, r, (long)k, max_locations);
        fprintf(out, "%s\n", st->off);
    }
    if (r->unmatched == 0)
        return;
    fprintf(out, "  %3d%%  %sno known rendering%s: %zu %s\n",
            percent((double)r->unmatched / (double)r->nuses), st->warn, st->off, r->unmatched,
            plural(r->unmatched, "use", "uses"));
    for (size_t i = 0, shown = 0; i < r->nuses; i++) {
        const ty_phrase_use *u = &r->uses[i];
        if (u->rendering >= 0)
            continue;
        if (max_locations && shown++ == max_locations) {
            fprintf(out, "        +%zu more (--all)\n", r->unmatched - max_locations);
            break;
        }
        fprintf(out, "        %s", st->dim);
        ty_cli_print_location(out, u->occ);
        fprintf(out, "%s\n          ", st->off);
        put_marked(out, phrase_side(u, r->from), u->phrase_start, u->phrase_end, st);
        fputs("\n          ", out);
        put_flat(out, other_side(u, r->from));
        fputc('\n', out);
    }
}

void ty_cli_phrase_summary(FILE *out, const ty_phrase_report *r, const ty_cli_style *st)
{
    fputs(st->bold, out);
    put_flat(out, r->phrase);
    fprintf(out, "%s  %s%zu %s, %zu %s%s\n", st->off, st->dim, r->documents,
            plural(r->documents, "document", "documents"), r->nuses,
            plural(r->nuses, "use", "uses"), st->off);
    for (size_t k = 0; k < r->nrenderings; k++) {
        fprintf(out, "  %3d%%  ", percent(r->renderings[k].share));
        put_flat(out, r->renderings[k].text);
        fputc('\n', out);
    }
    if (r->unmatched) {
        fprintf(out, "  %3d%%  %sno known rendering%s: ",
                percent((double)r->unmatched / (double)r->nuses), st->warn, st->off);
        print_uses_of(out, r, -1, 6);
        fputc('\n', out);
    }
}

/* ---- JSON and TSV ---- */

static void json_use(FILE *out, const ty_phrase_use *u)
{
    fprintf(out, "{\"unit\":%lld,\"document\":", u->unit->id);
    ty_cli_json_string(out, u->occ->document);
    fprintf(out, ",\"position\":%lld,\"rendering\":", u->occ->position);
    if (u->rendering >= 0)
        fprintf(out, "%ld", u->rendering);
    else
        fputs("null", out);
    fputs(",\"ja\":", out);
    ty_cli_json_string(out, u->unit->ja);
    fputs(",\"en\":", out);
    ty_cli_json_string(out, u->unit->en);
    fprintf(out, ",\"rendering_span\":[%zu,%zu],\"phrase_span\":[%zu,%zu]}", u->start, u->end,
            u->phrase_start, u->phrase_end);
}

void ty_cli_phrase_json(FILE *out, const ty_phrase_report *r, int with_uses)
{
    fputs("{\"phrase\":", out);
    ty_cli_json_string(out, r->phrase);
    fputs(",\"surface\":", out);
    ty_cli_json_string(out, r->surface);
    fprintf(out,
            ",\"from\":\"%s\",\"units\":%zu,\"uses\":%zu,\"documents\":%zu,"
            "\"truncated\":%s,\"renderings\":[",
            r->from == TY_LANG_JA ? "ja" : "en", r->units, r->nuses, r->documents,
            r->truncated ? "true" : "false");
    for (size_t k = 0; k < r->nrenderings; k++) {
        const ty_phrase_rendering *x = &r->renderings[k];
        fputs(k ? ",{\"text\":" : "{\"text\":", out);
        ty_cli_json_string(out, x->text);
        fputs(",\"norm\":", out);
        ty_cli_json_string(out, x->norm);
        fprintf(out,
                ",\"units\":%zu,\"uses\":%zu,\"documents\":%zu,\"share\":%.4f,"
                "\"dice\":%.4f,\"llr\":%.2f}",
                x->units, x->uses, x->documents, x->share, x->dice, x->llr);
    }
    fprintf(out, "],\"unmatched\":%zu,\"%s\":[", r->unmatched,
            with_uses ? "uses" : "unmatched_uses");
    for (size_t i = 0, k = 0; i < r->nuses; i++) {
        if (!with_uses && r->uses[i].rendering >= 0)
            continue;
        if (k++)
            fputc(',', out);
        json_use(out, &r->uses[i]);
    }
    fputs("]}", out);
}

/* A field: tabs and line breaks as spaces. */
static void tsv_field(FILE *out, const char *s)
{
    put_flat(out, s ? s : "");
}

void ty_cli_phrase_tsv_uses(FILE *out, const ty_phrase_report *r, int header)
{
    if (header)
        fputs("phrase\tdocument\tposition\trendering\tja\ten\n", out);
    for (size_t i = 0; i < r->nuses; i++) {
        const ty_phrase_use *u = &r->uses[i];
        tsv_field(out, r->phrase);
        fputc('\t', out);
        tsv_field(out, u->occ->document);
        fprintf(out, "\t%lld\t", u->occ->position + 1);
        tsv_field(out, u->rendering >= 0 ? r->renderings[u->rendering].text : "");
        fputc('\t', out);
        tsv_field(out, u->unit->ja);
        fputc('\t', out);
        tsv_field(out, u->unit->en);
        fputc('\n', out);
    }
}

void ty_cli_phrase_tsv_row(FILE *out, const ty_phrase_report *r, int header)
{
    if (header)
        fputs("phrase\tdocuments\tuses\tdominant\tshare\tvariants\tunmatched\n", out);
    tsv_field(out, r->phrase);
    fprintf(out, "\t%zu\t%zu\t", r->documents, r->nuses);
    tsv_field(out, r->nrenderings ? r->renderings[0].text : "");
    fprintf(out, "\t%.3f\t", r->nrenderings ? r->renderings[0].share : 0.0);
    for (size_t k = 1; k < r->nrenderings; k++) {
        fputs(k > 1 ? "; " : "", out);
        tsv_field(out, r->renderings[k].text);
        fprintf(out, " (%d%%)", percent(r->renderings[k].share));
    }
    fprintf(out, "\t%zu\n", r->unmatched);
}
