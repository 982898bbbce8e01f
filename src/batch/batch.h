/*
 * batch.h — private to the batch stage (walk.c, read.c, path_pairs.c, pair_dirs.c, check.c,
 * batch.c, report_html.c): walking folders, reading a document whatever its format, and the
 * list of path pairs. Not installed; the public API is in taiyaku.h.
 */
#ifndef TY_BATCH_H
#define TY_BATCH_H

#include <stddef.h>

#include "taiyaku.h"

/* ---- walking a folder (walk.c) ---- */

typedef struct ty__files {
    char **v; /* paths relative to the folder, sorted */
    size_t n, cap;
} ty__files;
ty_status ty__walk(const char *root, ty__files *out, ty_error *err);
void ty__files_free(ty__files *f);

/* ---- reading a document (read.c) ---- */

/* What a thread needs to read documents: a segmenter per language. */
typedef struct ty__reader {
    ty_segmenter *seg[2];
} ty__reader;
ty_status ty__reader_init(ty__reader *r, ty_error *err);
void ty__reader_done(ty__reader *r);

/* Read a document file whatever its format (ty_document_read) and segment it in `lang`. */
ty_status ty__read_doc(ty__reader *r, const char *path, ty_lang lang,
                       const ty_decode_opts *dopts, ty_doc **out, ty_error *err);
/* The language a document is written in, or -1 (with err filled, naming `path`) when it has
 * no letters or mostly letters of neither language. */
int ty__doc_lang(const ty_doc *doc, const char *path, ty_lang *lang, ty_error *err);

/* ---- is this pair a pair? (check.c) ---- */

/* The letters of a document's segments, by script. */
void ty__doc_scripts(const ty_doc *doc, ty_script_counts *counts);
/* The anchor shares of a summary from its anchor counts (agree.c). */
void ty__agreement_finish(ty_alignment_summary *s);
/* Whether a batch indexes its pending units after a group's commit (batch.c): `indexed` units
 * in the memory at its last fold, `pending` added since, `since` seconds since that fold. */
int ty__batch_fold_due(long long indexed, long long pending, double since);

/* A paired bead's anchor sets added to a summary's anchor counts (agree_bead.c). */
struct ty_anchor_set;
void ty__agree_bead(ty_alignment_summary *s, const struct ty_anchor_set *ja,
                    const struct ty_anchor_set *en);
/* The anchors of paired units given as texts (a TMX's units: ty_pair_tally), added as a
 * bead's are (agree_bead.c). */
typedef struct ty__agree ty__agree;
ty_status ty__agree_new(ty__agree **out, ty_error *err);
void ty__agree_free(ty__agree *ag);
ty_status ty__agree_texts(ty__agree *ag, ty_alignment_summary *s, const char *ja,
                          const char *en, ty_error *err);

/* ---- the list of path pairs (path_pairs.c) ---- */

struct ty_path_pairs {
    ty_path_pair *v;
    size_t n, cap;
};
/* Append a pair (the strings are copied; NULL for a missing side). -1 when out of memory. */
int ty__path_pairs_add(ty_path_pairs *p, const char *ja, const char *en, const char *ja_name,
                       const char *en_name, double score);

#endif
