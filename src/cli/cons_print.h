/*
 * cons_print.h — private to the consistency subcommands (check, phrase, phrases): printing
 * provenances, units and phrase reports for people (text), for tools (JSON, TSV). Uses only
 * taiyaku.h.
 */
#ifndef TY_CONS_PRINT_H
#define TY_CONS_PRINT_H

#include <stdio.h>

#include "taiyaku.h"

/* Colours, or "" when off. */
typedef struct ty_cli_style {
    const char *bold, *dim, *mark, *warn, *off;
} ty_cli_style;
void ty_cli_style_init(ty_cli_style *s, int colour);

/* "NAME:POSITION" with the position 1-based, as the other memory commands print it. */
void ty_cli_print_location(FILE *out, const ty_tm_occurrence *o);
/* Up to `max` locations of a unit's occurrences separated by two spaces, then "+N more"
 * (max 0: all). */
void ty_cli_print_locations(FILE *out, const ty_tm_occurrence *occ, size_t n, size_t max);

/* JSON objects (no trailing newline); an entry's "rendering" only when rendering >= 0. */
void ty_cli_json_occurrence(FILE *out, const ty_tm_occurrence *o);
void ty_cli_json_entry(FILE *out, const ty_tm_entry *e, long rendering);

/* A phrase report for people: the renderings with shares and where they are used (up to
 * `max_locations` each, 0: all), then the uses without a known rendering with their texts. */
void ty_cli_phrase_text(FILE *out, const ty_phrase_report *r, size_t max_locations,
                        const ty_cli_style *st);
/* One line of the phrases table (the phrase, its documents and uses, then a line per
 * rendering and one for the uses without a known rendering). */
void ty_cli_phrase_summary(FILE *out, const ty_phrase_report *r, const ty_cli_style *st);
void ty_cli_phrase_json(FILE *out, const ty_phrase_report *r, int with_uses);
/* TSV rows: per use (phrase) or per phrase (phrases); `header` prints the column names. */
void ty_cli_phrase_tsv_uses(FILE *out, const ty_phrase_report *r, int header);
void ty_cli_phrase_tsv_row(FILE *out, const ty_phrase_report *r, int header);

#endif
