/*
 * doc.c — the document model: paragraphs and segments, their text (byte-exact, line breaks
 * joined), spans and normalized copies, all stored in two arenas (no allocation per segment
 * kept); ty_doc_from_lines for pre-split input; ty_doc_join. It does not split sentences
 * (segment.c does, through the builder in doc.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "doc.h"
#include "base/error.h"
#include "base/alloc.h"
#include "base/unicode.h"
#include "text/text.h"

/* Documents hold at most this many bytes of input (the arenas index with size_t, and every
 * growth below doubles). */
#define TY_DOC_MAX_INPUT ((size_t)1 << 40)

struct ty_doc {
    ty_lang lang;
    char *name;
    ty_segment *segs;
    size_t nsegs, segcap;
    size_t nparas;
    char *text;     /* every segment's text, each followed by a NUL */
    size_t textlen, textcap;
    char *norm;     /* normalized texts that differ from their text, each NUL-terminated */
    size_t normlen, normcap;
    size_t inputlen; /* the input's size: segments lie inside it */
    int finished;
    ty_format format;  /* what it was read from (ty_document_read) */
    char encoding[64];
    size_t replacements, dropped;
    int scripts_kept;          /* 1 once ty__doc_keep_scripts has tallied `scripts` */
    ty_script_counts scripts;
};

/* ---- character classes ----------------------------------------------------------------- */

int ty__ends_sentence(const char *s, size_t len)
{
    size_t i = len;
    while (i > 0) {
        size_t n;
        UChar32 c = ty__char_before(s, i, &n);
        i -= n;
        if (c < 0 || ty__space_len(s, len, i) > 0)
            continue;
        if (ty__is_closer(c))
            continue;
        return c == 0x2026 || c == 0x2025 || u_hasBinaryProperty(c, UCHAR_S_TERM);
    }
    return 0;
}

/* ---- building -------------------------------------------------------------------------- */

ty_status ty__doc_new(ty_lang lang, const char *name, size_t size_hint, ty_doc **out,
                      ty_error *err)
{
    ty_doc *doc;

    *out = NULL;
    if (size_hint > TY_DOC_MAX_INPUT)
        return ty__fail(err, TY_ERR_TOOBIG, name, -1, -1,
                        "input of %zu bytes is over the %zu-byte limit", size_hint,
                        TY_DOC_MAX_INPUT);
    doc = calloc(1, sizeof *doc);
    if (!doc)
        return ty__nomem(err);
    doc->lang = lang;
    doc->format = TY_FORMAT_TEXT;
    if (name && !(doc->name = strdup(name)))
        goto nomem;
    /* Segments are non-empty, disjoint spans of the input and joining never lengthens one,
     * so the text arena never needs more than the input's size plus one NUL per segment:
     * twice the input. Pages are only touched as they are written, so the reserve costs
     * address space, not memory; and the arena never moves, so pointers into it are
     * final as soon as a segment is added. */
    doc->inputlen = size_hint;
    doc->textcap = 2 * size_hint + 1;
    doc->normcap = size_hint + size_hint / 8 + 64;
    if (!(doc->text = ty__big_alloc(doc->textcap)) || !(doc->norm = ty__big_alloc(doc->normcap)))
        goto nomem;
    /* The segment array too is reserved once, for a segment per 16 input bytes (Japanese
     * sentences average 60-150 bytes), so that a large input is not copied a dozen times by
     * doubling. Beyond 4M segments it grows by doubling. */
    doc->segcap = size_hint / 16 + 64;
    if (doc->segcap > ((size_t)1 << 22))
        doc->segcap = (size_t)1 << 22;
    if (!(doc->segs = ty__big_alloc(doc->segcap * sizeof *doc->segs)))
        goto nomem;
    *out = doc;
    return TY_OK;
nomem:
    ty_doc_free(doc);
    return ty__nomem(err);
}

static int is_ascii_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

size_t ty__join_lines(ty_lang lang, char *dst, size_t o, const char *src, size_t start,
                      size_t end)
{
    size_t i = start;

    while (i < end) {
        const char *nl = memchr(src + i, '\n', end - i);
        const char *cr = memchr(src + i, '\r', (nl ? (size_t)(nl - src) : end) - i);
        size_t at = cr ? (size_t)(cr - src) : nl ? (size_t)(nl - src) : end, bl;

        memcpy(dst + o, src + i, at - i);
        o += at - i;
        if (at == end)
            break;
        bl = ty__linebreak_len(src, end, at);
        if (lang == TY_LANG_EN) {
            if (o > 0 && dst[o - 1] != ' ' && at + bl < end && src[at + bl] != ' ')
                dst[o++] = ' ';
        } else if (o > 0 && at + bl < end && is_ascii_alnum((unsigned char)dst[o - 1]) &&
                   is_ascii_alnum((unsigned char)src[at + bl])) {
            dst[o++] = ' ';
        }
        i = at + bl;
    }
    return o;
}

/* Copy src[start, end) to the current segment's text in the arena, which already holds `o`
 * bytes, joining line breaks; returns the segment's new length. */
static size_t copy_joined(ty_doc *doc, const char *src, size_t start, size_t end, size_t o)
{
    return ty__join_lines(doc->lang, doc->text + doc->textlen, o, src, start, end);
}

/* Grow the norm arena to hold `need` bytes, moving the pointers into it. */
static int grow_norm(ty_doc *doc, size_t need)
{
    uintptr_t base = (uintptr_t)doc->norm, end = base + doc->normlen;
    size_t i, cap = doc->normcap;

    if (need <= cap)
        return 0;
    while (cap < need) {
        if (cap > SIZE_MAX / 2)
            return -1;
        cap *= 2;
    }
    /* pointers into the arena become offsets + 1 while it moves; NULL marks a norm that
     * shares its segment's text */
    for (i = 0; i < doc->nsegs; i++) {
        uintptr_t p = (uintptr_t)doc->segs[i].norm;
        doc->segs[i].norm = (p >= base && p < end) ? (const char *)(p - base + 1) : NULL;
    }
    if (ty__grow((void **)&doc->norm, &doc->normcap, need, 1) != 0)
        cap = 0;
    for (i = 0; i < doc->nsegs; i++) {
        ty_segment *s = &doc->segs[i];
        s->norm = s->norm ? doc->norm + ((uintptr_t)s->norm - 1) : s->text;
    }
    return cap ? 0 : -1;
}

ty_status ty__doc_add(ty_doc *doc, const char *src, size_t start, size_t end, size_t label_len,
                      size_t paragraph, ty_seg_kind kind, ty_error *err)
{
    ty_segment *s;
    char *n;
    size_t nlen = 0;

    if (doc->finished || end <= start || end > doc->inputlen || label_len > end - start ||
        (doc->nsegs > 0 && (paragraph < doc->segs[doc->nsegs - 1].paragraph ||
                            start < doc->segs[doc->nsegs - 1].end)))
        return ty__fail(err, TY_ERR_INTERNAL, doc->name, -1, (long long)start,
                        "segment [%zu, %zu) empty or out of order", start, end);
    if (end - start > TY__DOC_MAX_SEGMENT)
        return ty__fail(err, TY_ERR_TOOBIG, doc->name, -1, (long long)start,
                        "a segment of %zu bytes is over the %zu-byte limit", end - start,
                        TY__DOC_MAX_SEGMENT);
    if (doc->nsegs == doc->segcap &&
        ty__grow((void **)&doc->segs, &doc->segcap, doc->nsegs + 1, sizeof *doc->segs) != 0)
        return ty__nomem(err);
    s = &doc->segs[doc->nsegs];
    memset(s, 0, sizeof *s);
    s->start = start;
    s->end = end;
    s->paragraph = paragraph;
    s->kind = kind;
    s->source.offset = -1;
    s->source.page = s->source.line = s->source.block = -1;
    s->text = doc->text + doc->textlen;
    s->label_len = copy_joined(doc, src, start, start + label_len, 0);
    s->len = copy_joined(doc, src, start + label_len, end, s->label_len);
    s->label = s->label_len ? s->text : NULL;
    doc->textlen += s->len;
    doc->text[doc->textlen++] = '\0';

    /* the normalized copy, shared with the text when it is the same (most Japanese; told
     * without normalizing for the most common characters) */
    if (ty__normal_as_is(s->text, s->len)) {
        s->norm = s->text;
        s->norm_len = s->len;
        n = NULL;
    } else if (!(n = ty_normalize(s->text, s->len, &nlen))) {
        return ty__nomem(err);
    } else if (nlen == s->len && !memcmp(n, s->text, nlen)) {
        s->norm_len = nlen;
        s->norm = s->text;
    } else {
        s->norm_len = nlen;
        if (grow_norm(doc, doc->normlen + nlen + 1) != 0) {
            free(n);
            return ty__nomem(err);
        }
        s->norm = doc->norm + doc->normlen;
        memcpy(doc->norm + doc->normlen, n, nlen + 1);
        doc->normlen += nlen + 1;
    }
    free(n);
    doc->nsegs++;
    if (paragraph + 1 > doc->nparas)
        doc->nparas = paragraph + 1;
    return TY_OK;
}

void ty__doc_set_origin(ty_doc *doc, size_t i, int heading, long article, const ty_source *src)
{
    if (!doc || i >= doc->nsegs)
        return;
    doc->segs[i].heading = heading;
    doc->segs[i].article = article;
    if (src)
        doc->segs[i].source = *src;
}

void ty__doc_set_info(ty_doc *doc, ty_format format, const char *encoding, size_t replacements,
                      size_t dropped)
{
    doc->format = format;
    snprintf(doc->encoding, sizeof doc->encoding, "%s", encoding ? encoding : "");
    doc->replacements = replacements;
    doc->dropped = dropped;
}

ty_status ty__doc_finish(ty_doc *doc, ty_error *err)
{
    if (doc->finished)
        return ty__fail(err, TY_ERR_INTERNAL, doc->name, -1, -1, "document finished twice");
    doc->finished = 1;
    return TY_OK;
}

void ty__doc_tally_scripts(const ty_doc *doc, ty_script_counts *counts)
{
    ty_script_counts one;

    memset(counts, 0, sizeof *counts);
    for (size_t i = 0; doc && i < doc->nsegs; i++) {
        ty_script_count(doc->segs[i].text, doc->segs[i].len, &one);
        counts->japanese += one.japanese;
        counts->latin += one.latin;
        counts->other += one.other;
    }
}

void ty__doc_keep_scripts(ty_doc *doc)
{
    ty__doc_tally_scripts(doc, &doc->scripts);
    doc->scripts_kept = 1;
}

int ty__doc_kept_scripts(const ty_doc *doc, ty_script_counts *counts)
{
    if (!doc || !doc->scripts_kept)
        return 0;
    *counts = doc->scripts;
    return 1;
}

/* ---- accessors ------------------------------------------------------------------------- */

size_t ty_doc_count(const ty_doc *doc)
{
    return doc ? doc->nsegs : 0;
}

const ty_segment *ty_doc_segment(const ty_doc *doc, size_t i)
{
    return (doc && i < doc->nsegs) ? &doc->segs[i] : NULL;
}

size_t ty_doc_paragraphs(const ty_doc *doc)
{
    return doc ? doc->nparas : 0;
}

ty_lang ty_doc_lang(const ty_doc *doc)
{
    return doc ? doc->lang : TY_LANG_JA;
}

ty_format ty_doc_format(const ty_doc *doc)
{
    return doc ? doc->format : TY_FORMAT_TEXT;
}

const char *ty_doc_encoding(const ty_doc *doc)
{
    return doc ? doc->encoding : "";
}

size_t ty_doc_replacements(const ty_doc *doc)
{
    return doc ? doc->replacements : 0;
}

size_t ty_doc_dropped(const ty_doc *doc)
{
    return doc ? doc->dropped : 0;
}

const char *ty_doc_name(const ty_doc *doc)
{
    return (doc && doc->name) ? doc->name : "";
}

char *ty_doc_join(const ty_doc *doc, size_t first, size_t count)
{
    size_t n = doc ? doc->nsegs : 0, total = 1, o = 0;
    size_t sep = (doc && doc->lang == TY_LANG_EN) ? 1 : 0;
    char *out;

    if (first > n)
        first = n;
    if (count > n - first)
        count = n - first;
    for (size_t i = first; i < first + count; i++)
        total += doc->segs[i].len + sep;
    if (!(out = malloc(total)))
        return NULL;
    for (size_t i = first; i < first + count; i++) {
        if (i > first && sep)
            out[o++] = ' ';
        memcpy(out + o, doc->segs[i].text, doc->segs[i].len);
        o += doc->segs[i].len;
    }
    out[o] = '\0';
    return out;
}

void ty_doc_free(ty_doc *doc)
{
    if (!doc)
        return;
    free(doc->name);
    free(doc->segs);
    free(doc->text);
    free(doc->norm);
    free(doc);
}

int ty_lang_parse(const char *s, ty_lang *out)
{
    if (!s)
        return -1;
    if (!strcasecmp(s, "ja"))
        *out = TY_LANG_JA;
    else if (!strcasecmp(s, "en"))
        *out = TY_LANG_EN;
    else
        return -1;
    return 0;
}

/* ---- pre-split input ------------------------------------------------------------------- */

static int blank(const char *s, size_t a, size_t b)
{
    for (size_t i = a, n; i < b; i += n)
        if ((n = ty__space_len(s, b, i)) == 0 && (n = ty__invisible_len(s, b, i)) == 0)
            return 0;
    return 1;
}

ty_status ty_doc_from_lines(ty_lang lang, const char *utf8, size_t len, const char *name,
                            ty_doc **out, ty_error *err)
{
    return ty__doc_from_lines(lang, utf8, len, name, NULL, NULL, out, err);
}

ty_status ty__doc_from_lines(ty_lang lang, const char *utf8, size_t len, const char *name,
                             ty__label_fn label, const void *ctx, ty_doc **out, ty_error *err)
{
    ty_doc *doc = NULL;
    ty_status st;
    size_t i = 0, para = 0;
    int in_para = 0;

    *out = NULL;
    if ((st = ty__doc_new(lang, name, len, &doc, err)) != TY_OK)
        return st;
    while (i < len) {
        const char *nl = memchr(utf8 + i, '\n', len - i);
        const char *cr = memchr(utf8 + i, '\r', (nl ? (size_t)(nl - utf8) : len) - i);
        size_t e = cr ? (size_t)(cr - utf8) : nl ? (size_t)(nl - utf8) : len;

        if (blank(utf8, i, e)) {
            if (in_para)
                para++;
            in_para = 0;
        } else {
            ty_seg_kind kind =
                ty__ends_sentence(utf8 + i, e - i) ? TY_SEG_SENTENCE : TY_SEG_LINE;
            size_t b = i, lab = 0;
            while (b < e && ty__space_len(utf8, e, b) > 0)
                b += ty__space_len(utf8, e, b);
            if (label && (lab = label(ctx, utf8, b, e)) > 0)
                lab -= i;
            if ((st = ty__doc_add(doc, utf8, i, e, lab, para, kind, err)) != TY_OK)
                goto fail;
            in_para = 1;
        }
        i = e + ty__linebreak_len(utf8, len, e);
    }
    if ((st = ty__doc_finish(doc, err)) != TY_OK)
        goto fail;
    *out = doc;
    return TY_OK;
fail:
    ty_doc_free(doc);
    return st;
}
