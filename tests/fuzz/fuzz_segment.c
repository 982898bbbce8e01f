/*
 * fuzz_segment.c — fuzz target for decoding (lenient, detected) + sentence segmentation in
 * both languages (src/segment/segment.c, doc.c), and for ty_doc_from_lines and
 * ty_segment_lines (pre-split lines, with speaker labels) on the same text.
 * Checks, for every document:
 *  - segments are in order, non-empty, non-overlapping and inside the text; paragraph
 *    indexes never decrease and stay below ty_doc_paragraphs;
 *  - no text is dropped: every character outside all segments is white space, and each
 *    segment's text equals its span with white space ignored (line breaks are only joined);
 *  - text and norm are NUL-terminated; a label is a prefix of its segment's text;
 *  - ty_doc_join of all segments has the right length;
 *  - ty_segment_each hands over exactly the segments ty_segment_text keeps (text, label,
 *    span, paragraph, kind), and stops at once when its callback says so.
 * A violation aborts. Linked with tests/fuzz/replay.c for make check, with libFuzzer by
 * tests/fuzz/run-libfuzzer.sh.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "taiyaku.h"

#define CHECK(cond)                                                                            \
    do {                                                                                       \
        if (!(cond))                                                                           \
            abort();                                                                           \
    } while (0)

/* The next non-white-space character of s[*i, n) (advancing *i past it), or -2 at the end. */
static UChar32 next_ink(const char *s, int64_t *i, int64_t n)
{
    while (*i < n) {
        UChar32 c;
        U8_NEXT(s, *i, n, c);
        if (c < 0 || !u_isUWhiteSpace(c))
            return c;
    }
    return -2;
}

/* s[a, b) and t[0, tn) are equal once white space is removed. */
static int same_ink(const char *s, size_t a, size_t b, const char *t, size_t tn)
{
    int64_t i = (int64_t)a, j = 0;
    for (;;) {
        UChar32 x = next_ink(s, &i, (int64_t)b), y = next_ink(t, &j, (int64_t)tn);
        if (x != y)
            return 0;
        if (x == -2)
            return 1;
    }
}

static void check_doc(const ty_doc *doc, const char *s, size_t len, ty_lang lang)
{
    size_t n = ty_doc_count(doc), prev_end = 0, prev_para = 0, total = 0;
    char *joined;

    CHECK(ty_doc_lang(doc) == lang);
    CHECK((n == 0) == (ty_doc_paragraphs(doc) == 0));
    for (size_t i = 0; i < n; i++) {
        const ty_segment *g = ty_doc_segment(doc, i);
        CHECK(g && g->start < g->end && g->end <= len && g->start >= prev_end);
        CHECK(g->paragraph >= prev_para && g->paragraph < ty_doc_paragraphs(doc));
        CHECK(same_ink(s, prev_end, g->start, "", 0)); /* only white space between */
        CHECK(same_ink(s, g->start, g->end, g->text, g->len));
        CHECK(g->len > 0 && g->text[g->len] == '\0');
        CHECK(g->norm && g->norm[g->norm_len] == '\0');
        CHECK((g->label == NULL) == (g->label_len == 0));
        CHECK(!g->label || (g->label == g->text && g->label_len <= g->len));
        CHECK(g->kind == TY_SEG_SENTENCE || g->kind == TY_SEG_LINE);
        prev_end = g->end;
        prev_para = g->paragraph;
        total += g->len + (i > 0 && lang == TY_LANG_EN);
    }
    CHECK(same_ink(s, prev_end, len, "", 0));
    CHECK(ty_doc_segment(doc, n) == NULL);
    joined = ty_doc_join(doc, 0, n);
    CHECK(joined && strlen(joined) <= total);
    free(joined);
}

/* ty_segment_each against the document: segment `at` of `doc` is next. */
typedef struct each_check {
    const ty_doc *doc;
    size_t at, stop; /* stop after this many (SIZE_MAX: never) */
} each_check;

static ty_status each_same(const ty_segment *s, void *ud)
{
    each_check *x = ud;
    const ty_segment *g = ty_doc_segment(x->doc, x->at++);

    CHECK(g && s->len == g->len && !memcmp(s->text, g->text, s->len) && !s->text[s->len]);
    CHECK(s->label_len == g->label_len && (s->label == NULL) == (g->label == NULL));
    CHECK(s->start == g->start && s->end == g->end && s->paragraph == g->paragraph);
    CHECK(s->kind == g->kind && s->source.offset == -1);
    return x->at == x->stop ? TY_ERR_IO : TY_OK;
}

static void check_each(ty_segmenter *seg, const ty_text *text, const ty_doc *doc)
{
    each_check x = {doc, 0, SIZE_MAX};
    ty_error e;

    CHECK(ty_segment_each(seg, text, each_same, &x, &e) == TY_OK);
    CHECK(x.at == ty_doc_count(doc));
    if (x.at > 1) { /* a callback's status stops it there */
        x.at = 0;
        x.stop = 1;
        ty_error_clear(&e);
        CHECK(ty_segment_each(seg, text, each_same, &x, &e) == TY_ERR_IO);
        CHECK(x.at == 1 && e.status == TY_OK);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ty_segmenter *seg[2];
    ty_decode_opts opts = {NULL, 1};
    ty_text *text = NULL;
    ty_error e;
    const char *s;
    size_t len;

    if (!seg[0]) {
        CHECK(ty_segmenter_new(TY_LANG_JA, &seg[0], &e) == TY_OK);
        CHECK(ty_segmenter_new(TY_LANG_EN, &seg[1], &e) == TY_OK);
    }
    if (ty_text_decode(data, size, "fuzz", &opts, &text, &e) != TY_OK) {
        CHECK(e.status == TY_ERR_TOOBIG || e.status == TY_ERR_NOMEM);
        return 0;
    }
    s = ty_text_utf8(text, &len);
    for (int k = 0; k < 2; k++) {
        ty_lang lang = k ? TY_LANG_EN : TY_LANG_JA;
        ty_doc *doc = NULL;
        CHECK(ty_segment_text(seg[k], text, &doc, &e) == TY_OK);
        check_doc(doc, s, len, lang);
        check_each(seg[k], text, doc);
        ty_doc_free(doc);
        CHECK(ty_doc_from_lines(lang, s, len, "fuzz", &doc, &e) == TY_OK);
        check_doc(doc, s, len, lang);
        ty_doc_free(doc);
        CHECK(ty_segment_lines(seg[k], s, len, "fuzz", &doc, &e) == TY_OK);
        check_doc(doc, s, len, lang);
        ty_doc_free(doc);
    }
    ty_text_free(text);
    return 0;
}
