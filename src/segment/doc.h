/*
 * doc.h — private: the builder behind ty_doc, used by doc.c (ty_doc_from_lines) and
 * segment.c (ty_segment_text). Not installed. A document is built by appending segments in
 * order, then finished once (which lays out the text pointers and computes the normalized
 * copies); only a finished document is handed to callers.
 */
#ifndef TY_DOC_H
#define TY_DOC_H

#include <unicode/umachine.h>

#include "base/alloc.h"
#include "base/unicode.h"
#include "taiyaku.h"

/* An empty document. `size_hint` is the input's size in bytes (sizes the text arena once).
 * `name` is copied (may be NULL). */
ty_status ty__doc_new(ty_lang lang, const char *name, size_t size_hint, ty_doc **out,
                      ty_error *err);

/* Append the segment src[start, end) of paragraph `paragraph` (non-decreasing across calls).
 * The first `label_len` bytes of the span are its speaker label (0: none). Line breaks
 * inside the span (LF, CRLF, CR) are joined as the language joins them: one space in
 * English; nothing in Japanese, except a space between two ASCII letters or digits. */
ty_status ty__doc_add(ty_doc *doc, const char *src, size_t start, size_t end, size_t label_len,
                      size_t paragraph, ty_seg_kind kind, ty_error *err);

/* Append src[start, end) to dst, which holds `o` bytes (room for end - start more), joining
 * its line breaks as ty__doc_add does; returns the new length. */
size_t ty__join_lines(ty_lang lang, char *dst, size_t o, const char *src, size_t start,
                      size_t end);

/* ty_segment_each, with `borrow` as ty_read_opts.borrow says. */
ty_status ty__segment_each(ty_segmenter *seg, const ty_text *text, ty_segment_fn fn,
                           void *userdata, int borrow, ty_error *err);

/* The longest segment a document holds (ty_normalize's limit), in bytes. */
#define TY__DOC_MAX_SEGMENT ((size_t)1 << 26)

/* A document already split, one segment per line (ty_doc_from_lines); when `label` is not
 * NULL, label(ctx, utf8, b, e) gives the end of the speaker label at the start of the line
 * [b, e), or 0 (ty_segment_lines). */
typedef size_t (*ty__label_fn)(const void *ctx, const char *s, size_t b, size_t e);
ty_status ty__doc_from_lines(ty_lang lang, const char *utf8, size_t len, const char *name,
                             ty__label_fn label, const void *ctx, ty_doc **out, ty_error *err);

/* Set where segment i came from (ty_document_read). */
void ty__doc_set_origin(ty_doc *doc, size_t i, int heading, long article, const ty_source *src);
/* Set what the document was read from (ty_document_read). `encoding` is copied. */
void ty__doc_set_info(ty_doc *doc, ty_format format, const char *encoding, size_t replacements,
                      size_t dropped);

/* The document's letters by script: ty_script_count over its segments, added up. */
void ty__doc_tally_scripts(const ty_doc *doc, ty_script_counts *counts);
/* Tally them once and keep them in the document (ty_read_opts.scripts), for
 * ty__doc_kept_scripts. */
void ty__doc_keep_scripts(ty_doc *doc);
/* The kept tally into counts: 1, or 0 when none was kept. */
int ty__doc_kept_scripts(const ty_doc *doc, ty_script_counts *counts);

/* Lay out the segments' pointers and compute their normalized copies. Call once, last. */
ty_status ty__doc_finish(ty_doc *doc, ty_error *err);

/* Whether s[0, len) — trailing white space ignored — ends with sentence-final punctuation
 * (. ! ? 。 ． ！ ？ … ‥ and their variants), possibly followed by closing brackets and
 * quotes. */
int ty__ends_sentence(const char *s, size_t len);

#endif
