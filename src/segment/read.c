/*
 * read.c — ty_document_read and friends: a document of any format becomes a ty_doc. The
 * file is read whole (mapped, when ty_document_each streams a large plain-text file), its
 * format detected (formats/detect.c) or given, plain text decoded and segmented as before;
 * the other formats' readers (formats/) give blocks, from which the boilerplate lines are
 * dropped (the drop list, and lines repeated across the documents of one run), and the blocks
 * left are segmented one paragraph each; every segment then gets its heading level, article
 * number and position in the file. ty_document_each hands the
 * segments over one at a time as the segmenter finds them: no document is built there, for
 * plain text nor for the other formats' blocks. It does not parse any format (formats/ does)
 * nor split sentences (segment.c does).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "doc.h"
#include "base/alloc.h"
#include "base/error.h"
#include "base/task.h"
#include "base/u64map.h"
#include "base/unicode.h"
#include "formats/formats.h"
#include "text/text.h"

/* Lines longer than this are never boilerplate (and are not normalized to be checked). */
#define DROP_MAX_LINE 400
/* Lines longer than this are not counted as repeated across documents. */
#define REPEAT_MAX_LINE 200
/* Two documents smaller than this together are read on one thread (ty_read_opts.threads):
 * below it a thread's start costs about what it saves (doc/performance.md). */
#define READ_THREAD_BYTES ((size_t)64 << 10)

void ty_read_opts_init(ty_read_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->format = TY_FORMAT_AUTO;
    ty_decode_opts_init(&opts->decode);
}

/* One document of a run between reading and segmenting. */
typedef struct src_doc {
    const char *name;
    ty_lang lang;
    ty_format format;
    ty_text *text;     /* TY_FORMAT_TEXT */
    ty__blocks blocks; /* the other formats */
} src_doc;

static void src_free(src_doc *d)
{
    ty_text_free(d->text);
    ty__blocks_free(&d->blocks);
}

/* Read bytes (owned: freed here) of one document into d. */
static ty_status read_src(char *buf, size_t len, const ty_read_opts *o, src_doc *d,
                          ty_error *err)
{
    ty__reader_opts ro;
    ty_status st;

    d->format = o->format == TY_FORMAT_AUTO ? ty_format_detect(buf, len) : o->format;
    if (d->format == TY_FORMAT_TEXT)
        return ty__text_decode_owned(buf, len, d->name, &o->decode, &d->text, err);
    memset(&ro, 0, sizeof ro);
    ro.name = d->name;
    ro.lang = d->lang;
    ro.decode = o->decode;
    ro.content = o->content;
    ty__blocks_init(&d->blocks);
    switch (d->format) {
    case TY_FORMAT_HTML: /* takes buf */
        st = ty__read_html(buf, len, &ro, &d->blocks, err);
        buf = NULL;
        break;
    case TY_FORMAT_DOCX: st = ty__read_docx(buf, len, &ro, &d->blocks, err); break;
    case TY_FORMAT_PDF: st = ty__read_pdf(buf, len, &ro, &d->blocks, err); break;
    case TY_FORMAT_LAWXML: st = ty__read_lawxml(buf, len, &ro, &d->blocks, err); break;
    default: st = ty__fail(err, TY_ERR_INVALID, d->name, -1, -1, "unknown input format %d",
                           (int)d->format);
    }
    free(buf);
    return st;
}

/* ---- lines of blocks ----------------------------------------------------------------- */

/* Calls fn(ctx, block, line_start, line_end) for each non-blank line of each block. */
typedef ty_status (*line_fn)(void *ctx, size_t block, size_t b, size_t e, ty_error *err);

static int blank(const char *s, size_t b, size_t e)
{
    for (size_t n; b < e; b += n)
        if ((n = ty__space_len(s, e, b)) == 0)
            return 0;
    return 1;
}

static ty_status each_line(const ty__blocks *bl, line_fn fn, void *ctx, ty_error *err)
{
    for (size_t k = 0; k < bl->n; k++) {
        size_t i = bl->v[k].start, end = bl->v[k].end;
        while (i < end) {
            const char *nl = memchr(bl->text + i, '\n', end - i);
            size_t e = nl ? (size_t)(nl - bl->text) : end;
            ty_status st;
            if (!blank(bl->text, i, e) && (st = fn(ctx, k, i, e, err)) != TY_OK)
                return st;
            i = e + 1;
        }
    }
    return TY_OK;
}

/* The key of a line for the repeated-line count: its normalized text's hash; 0 when the
 * line is too long to be boilerplate. */
static uint64_t line_key(const char *s, size_t n, int *nomem)
{
    char *norm;
    size_t nl;
    uint64_t k;

    *nomem = 0;
    if (n > REPEAT_MAX_LINE)
        return 0;
    if (!(norm = ty_normalize(s, n, &nl))) {
        *nomem = 1;
        return 0;
    }
    k = nl ? ty__hash_bytes(norm, nl, 0x6c696e65) | 1 : 0;
    free(norm);
    return k;
}

/* Repeated lines: per key, how many documents of a language have it. */
typedef struct repeat {
    ty__u64map count[2]; /* per language: key -> documents */
    ty__u64map seen;     /* keys of the document being counted */
    const ty__blocks *bl;
    ty_lang lang;
} repeat;

static ty_status count_line(void *ctx, size_t block, size_t b, size_t e, ty_error *err)
{
    repeat *r = ctx;
    int nomem, created = 0;
    uint64_t key = line_key(r->bl->text + b, e - b, &nomem);
    uint32_t *c;

    (void)block;
    if (nomem)
        return ty__nomem(err);
    if (!key)
        return TY_OK;
    if (!ty__u64map_insert(&r->seen, key, 1, &created))
        return ty__nomem(err);
    if (!created)
        return TY_OK; /* counted once a document */
    if (!(c = ty__u64map_insert(&r->count[r->lang], key, 0, NULL)))
        return ty__nomem(err);
    (*c)++;
    return TY_OK;
}

/* ---- from blocks to a document --------------------------------------------------------- */

/* A stretch of the segmenter's text and where it is in the blocks' text. */
typedef struct piece {
    size_t at, src;
} piece;

typedef struct builder {
    const ty__blocks *bl;
    const ty_droplist *drop;
    const ty__u64map *repeated; /* keys counted in `threshold` or more documents; NULL */
    uint32_t threshold;
    char *text; /* the segmenter's text: kept lines, blocks separated by a blank line */
    size_t len, cap;
    piece *pieces;
    size_t npieces, pcap;
    ty__block *kept; /* per paragraph of the segmenter's text: its block */
    size_t nkept, kcap;
    size_t last_block; /* the block of the last kept line, or SIZE_MAX */
    size_t dropped;
} builder;

static int dropped_line(builder *B, const char *s, size_t n, int *nomem)
{
    char *norm;
    size_t nl;
    int hit = 0;

    *nomem = 0;
    if (B->repeated) {
        uint64_t key = line_key(s, n, nomem);
        const uint32_t *c = key ? ty__u64map_find(B->repeated, key) : NULL;
        if (*nomem)
            return 0;
        if (c && *c >= B->threshold)
            return 1;
    }
    if (!B->drop || n > DROP_MAX_LINE)
        return 0;
    if (!(norm = ty_normalize(s, n, &nl))) {
        *nomem = 1;
        return 0;
    }
    hit = ty__droplist_has(B->drop, norm, nl);
    free(norm);
    return hit;
}

static ty_status keep_line(void *ctx, size_t block, size_t b, size_t e, ty_error *err)
{
    builder *B = ctx;
    int nomem;

    if (dropped_line(B, B->bl->text + b, e - b, &nomem)) {
        B->dropped++;
        return TY_OK;
    }
    if (nomem)
        return ty__nomem(err);
    if (ty__grow((void **)&B->text, &B->cap, B->len + (e - b) + 3, 1) != 0 ||
        (B->npieces == B->pcap &&
         ty__grow((void **)&B->pieces, &B->pcap, B->npieces + 1, sizeof *B->pieces) != 0))
        return ty__nomem(err);
    if (block != B->last_block) {
        if (B->nkept == B->kcap &&
            ty__grow((void **)&B->kept, &B->kcap, B->nkept + 1, sizeof *B->kept) != 0)
            return ty__nomem(err);
        B->kept[B->nkept++] = B->bl->v[block];
        if (B->len > 0) {
            B->text[B->len++] = '\n';
            B->text[B->len++] = '\n';
        }
        B->last_block = block;
    } else {
        B->text[B->len++] = '\n';
    }
    B->pieces[B->npieces].at = B->len;
    B->pieces[B->npieces++].src = b;
    memcpy(B->text + B->len, B->bl->text + b, e - b);
    B->len += e - b;
    B->text[B->len] = '\0';
    return TY_OK;
}

/* The blocks' offset of an offset in the builder's text. */
static size_t blocks_offset(const builder *B, size_t at)
{
    size_t lo = 0, hi = B->npieces;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (B->pieces[mid].at <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? B->pieces[lo - 1].src + (at - B->pieces[lo - 1].at) : 0;
}

/* The blocks' kept lines as the segmenter's text (B set up for it, its text the text's
 * now); the blocks' text and list are freed (their marks stay, for positions). */
static ty_status blocks_text(src_doc *d, const ty_droplist *drop, const ty__u64map *repeated,
                             uint32_t threshold, builder *B, ty_text **text, ty_error *err)
{
    ty_decode_opts utf8;
    ty_status st;

    memset(B, 0, sizeof *B);
    B->bl = &d->blocks;
    B->drop = d->format == TY_FORMAT_LAWXML ? NULL : drop;
    B->repeated = d->format == TY_FORMAT_LAWXML ? NULL : repeated;
    B->threshold = threshold;
    B->last_block = SIZE_MAX;
    /* sized once, at most the blocks' text with two separators per block and a block per
     * paragraph: buffers that grow by doubling leave their old copies in the heap */
    B->cap = d->blocks.len + 2 * d->blocks.n + 3;
    B->kcap = d->blocks.n + 1;
    if (!(B->text = ty__big_alloc(B->cap)) ||
        !(B->kept = ty__big_alloc(B->kcap * sizeof *B->kept)))
        return ty__nomem(err);
    if ((st = each_line(&d->blocks, keep_line, B, err)) != TY_OK)
        return st;
    if (B->len == 0)
        return ty__fail(err, TY_ERR_FORMAT, d->name, -1, -1,
                        "no text left once %zu boilerplate line(s) are dropped", B->dropped);
    /* the blocks' text is all in B->text now and their headings in B->kept: their memory
     * goes to the segmenter */
    free(d->blocks.text);
    free(d->blocks.v);
    d->blocks.text = NULL;
    d->blocks.v = NULL;
    d->blocks.len = d->blocks.cap = d->blocks.n = d->blocks.vcap = 0;
    ty_decode_opts_init(&utf8);
    utf8.encoding = "UTF-8";
    st = ty__text_decode_owned(B->text, B->len, d->name, &utf8, text, err);
    B->text = NULL; /* the text's now, or freed */
    return st;
}

/* A document whose blocks hold only characters the segmenter takes for blanks (U+FEFF, for
 * one) gives no segment: it is a document without text, as one without blocks is. */
static ty_status no_segments(const src_doc *d, ty_error *err)
{
    return ty__fail(err, TY_ERR_FORMAT, d->name, -1, -1,
                    "no text in the document: only blanks and invisible characters");
}

static void builder_free(builder *B)
{
    free(B->text);
    free(B->pieces);
    free(B->kept);
}

/* A segment's heading, article and place in the file, from the blocks it came from. */
static void blocks_origin(const builder *B, const ty__blocks *bl, const ty_segment *s,
                          int *heading, long *article, ty_source *src)
{
    ty__pos pos = ty__blocks_pos(bl, blocks_offset(B, s->start));
    const ty__block *k = s->paragraph < B->nkept ? &B->kept[s->paragraph] : NULL;

    src->offset = pos.offset;
    src->page = pos.page;
    src->line = pos.line;
    src->block = pos.block;
    *heading = k ? k->heading : 0;
    *article = k ? k->article : 0;
}

static ty_status from_blocks(src_doc *d, ty_segmenter *seg, const ty_droplist *drop,
                             const ty__u64map *repeated, uint32_t threshold, ty_doc **out,
                             ty_error *err)
{
    builder B;
    ty_text *text = NULL;
    ty_doc *doc = NULL;
    ty_status st;

    if ((st = blocks_text(d, drop, repeated, threshold, &B, &text, err)) != TY_OK ||
        (st = ty_segment_text(seg, text, &doc, err)) != TY_OK)
        goto done;
    if (ty_doc_count(doc) == 0) {
        st = no_segments(d, err);
        goto done;
    }
    for (size_t i = 0; i < ty_doc_count(doc); i++) {
        ty_source src;
        int heading;
        long article;
        blocks_origin(&B, &d->blocks, ty_doc_segment(doc, i), &heading, &article, &src);
        ty__doc_set_origin(doc, i, heading, article, &src);
    }
    ty__doc_set_info(doc, d->format, d->blocks.encoding, d->blocks.replacements, B.dropped);
    *out = doc;
    doc = NULL;
done:
    ty_doc_free(doc);
    ty_text_free(text);
    builder_free(&B);
    return st;
}

static ty_status from_text(src_doc *d, ty_segmenter *seg, int segmented, ty_doc **out,
                           ty_error *err)
{
    ty_doc *doc = NULL;
    ty_status st;
    size_t len;
    const char *utf8 = ty_text_utf8(d->text, &len);
    ty__offset_map map;

    st = segmented ? ty_segment_lines(seg, utf8, len, d->name, &doc, err)
                   : ty_segment_text(seg, d->text, &doc, err);
    if (st != TY_OK)
        return st;
    ty__offset_map_open(&map, d->text);
    for (size_t i = 0; i < ty_doc_count(doc); i++) {
        const ty_segment *s = ty_doc_segment(doc, i);
        ty_source src = {ty__offset_map_get(&map, s->start), -1, -1, -1};
        ty__doc_set_origin(doc, i, 0, 0, &src);
    }
    ty__offset_map_close(&map);
    ty__doc_set_info(doc, TY_FORMAT_TEXT, ty_text_encoding(d->text),
                     ty_text_replacements(d->text), 0);
    *out = doc;
    return TY_OK;
}

/* ---- the public API -------------------------------------------------------------------- */

/* Segment one document read (from_text or from_blocks), its scripts tallied when asked. */
static ty_status segment_one(src_doc *d, ty_segmenter *seg, const ty_droplist *drop,
                             const ty__u64map *repeated, uint32_t threshold,
                             const ty_read_opts *o, ty_doc **out, ty_error *err)
{
    ty_status st = d->format == TY_FORMAT_TEXT
                       ? from_text(d, seg, o->segmented, out, err)
                       : from_blocks(d, seg, drop, repeated, threshold, out, err);
    if (st == TY_OK && o->scripts)
        ty__doc_keep_scripts(*out);
    return st;
}

/* Segment the documents read: the run's repeated lines and the drop list out first. */
static ty_status segment_all(src_doc *src, size_t n, const ty_read_opts *o, ty_doc **docs,
                             ty_error *err)
{
    ty_segmenter *own[2] = {NULL, NULL};
    ty_droplist *builtin = NULL;
    const ty_droplist *drop = o->drop;
    repeat R;
    size_t per_lang[2] = {0, 0};
    uint32_t threshold[2] = {UINT32_MAX, UINT32_MAX};
    ty_status st = TY_OK;
    size_t i;

    memset(&R, 0, sizeof R);
    for (i = 0; i < n; i++)
        docs[i] = NULL;
    /* lines repeated across the run's documents of one language */
    for (i = 0; i < n; i++)
        if (src[i].format != TY_FORMAT_TEXT && src[i].format != TY_FORMAT_LAWXML)
            per_lang[src[i].lang]++;
    for (int l = 0; l < 2; l++) {
        size_t t = o->repeated ? o->repeated : (per_lang[l] + 1) / 2;
        if (!o->repeated && t < 3)
            t = 3;
        if (o->repeated != 1 && per_lang[l] >= t)
            threshold[l] = (uint32_t)t;
    }
    for (i = 0; i < n && st == TY_OK; i++) {
        if (src[i].format == TY_FORMAT_TEXT || src[i].format == TY_FORMAT_LAWXML ||
            threshold[src[i].lang] == UINT32_MAX)
            continue;
        R.bl = &src[i].blocks;
        R.lang = src[i].lang;
        ty__u64map_clear(&R.seen);
        st = each_line(R.bl, count_line, &R, err);
    }
    if (st == TY_OK && !drop && (st = ty_droplist_new(&builtin, err)) == TY_OK)
        drop = builtin;
    for (i = 0; i < n && st == TY_OK; i++) {
        ty_segmenter *seg = o->segmenter;
        if (!seg && !own[src[i].lang])
            st = ty_segmenter_new(src[i].lang, &own[src[i].lang], err);
        if (!seg)
            seg = own[src[i].lang];
        if (st != TY_OK)
            break;
        st = segment_one(&src[i], seg, drop,
                         threshold[src[i].lang] == UINT32_MAX ? NULL : &R.count[src[i].lang],
                         threshold[src[i].lang], o, &docs[i], err);
    }
    if (st != TY_OK)
        for (i = 0; i < n; i++) {
            ty_doc_free(docs[i]);
            docs[i] = NULL;
        }
    ty__u64map_free(&R.count[0]);
    ty__u64map_free(&R.count[1]);
    ty__u64map_free(&R.seen);
    ty_droplist_free(builtin);
    ty_segmenter_free(own[0]);
    ty_segmenter_free(own[1]);
    return st;
}

/* ---- two documents at once ------------------------------------------------------------- */

/* One document of a call read and segmented on its own thread (read_two). */
typedef struct read_job {
    const char *path;
    const ty_read_opts *o;
    src_doc d;
    ty_doc *doc;
    int reading; /* 1: st is the reading's, 0: the segmenting's */
    ty_status st;
    ty_error err;
} read_job;

static void read_job_run(void *arg)
{
    read_job *j = arg;
    ty_droplist *builtin = NULL;
    ty_segmenter *seg = NULL;
    char *buf;
    size_t len;

    ty_error_clear(&j->err);
    j->reading = 1;
    if ((j->st = ty__read_bytes(j->path, &buf, &len, &j->err)) != TY_OK ||
        (j->st = read_src(buf, len, j->o, &j->d, &j->err)) != TY_OK)
        return;
    j->reading = 0;
    /* the document's own drop list and segmenter: nothing is shared with the other thread but
     * the caller's drop list, which is only read */
    if ((j->d.format == TY_FORMAT_TEXT || j->o->drop ||
         (j->st = ty_droplist_new(&builtin, &j->err)) == TY_OK) &&
        (j->st = ty_segmenter_new(j->d.lang, &seg, &j->err)) == TY_OK)
        j->st = segment_one(&j->d, seg, j->o->drop ? j->o->drop : builtin, NULL, UINT32_MAX,
                            j->o, &j->doc, &j->err);
    ty_segmenter_free(seg);
    ty_droplist_free(builtin);
}

/* Whether the call's documents are read on two threads: two documents in different languages,
 * so that no line is counted across them (a repeated line needs two documents of one
 * language) and each has a segmenter of its own, both files large enough that a thread pays
 * for its start (standard input's size is not known: it is read on the caller's thread). */
static int two_threads(size_t n, const char *const *paths, const ty_lang *langs,
                       const ty_read_opts *o)
{
    size_t total = 0;

    if (o->threads < 2 || o->segmenter || n != 2 || langs[0] == langs[1])
        return 0;
    for (size_t i = 0; i < n; i++) {
        struct stat sb;
        if ((langs[i] != TY_LANG_JA && langs[i] != TY_LANG_EN) || !strcmp(paths[i], "-") ||
            stat(paths[i], &sb) != 0 || !S_ISREG(sb.st_mode))
            return 0;
        total += (size_t)sb.st_size;
    }
    return total >= READ_THREAD_BYTES;
}

/* The two documents at once: the first on the caller's thread, the second on another. The
 * error is the one reading them one after the other gives: the first document's reading, the
 * second's, then the first's segmenting, the second's. */
static ty_status read_two(const char *const *paths, const ty_lang *langs, const ty_read_opts *o,
                          ty_doc **docs, ty_error *err)
{
    read_job j[2];
    ty__task task;
    const read_job *bad = NULL;

    memset(j, 0, sizeof j);
    memset(&task, 0, sizeof task);
    for (int k = 0; k < 2; k++) {
        j[k].path = paths[k];
        j[k].o = o;
        j[k].d.name = strcmp(paths[k], "-") ? paths[k] : "<stdin>";
        j[k].d.lang = langs[k];
    }
    ty__task_start(&task, 1, read_job_run, &j[1]);
    read_job_run(&j[0]);
    ty__task_join(&task);
    for (int k = 0; k < 2 && !bad; k++)
        if (j[k].st != TY_OK && j[k].reading)
            bad = &j[k];
    for (int k = 0; k < 2 && !bad; k++)
        if (j[k].st != TY_OK)
            bad = &j[k];
    for (int k = 0; k < 2; k++) {
        src_free(&j[k].d);
        docs[k] = bad ? NULL : j[k].doc;
        if (bad)
            ty_doc_free(j[k].doc);
    }
    if (!bad)
        return TY_OK;
    if (err)
        *err = bad->err;
    return bad->st;
}

ty_status ty_documents_read(size_t n, const char *const *paths, const ty_lang *langs,
                            const ty_read_opts *opts, ty_doc **docs, ty_error *err)
{
    ty_read_opts dflt;
    src_doc *src;
    ty_status st = TY_OK;

    if (!paths || !langs || !docs)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "ty_documents_read: NULL argument");
    if (!opts) {
        ty_read_opts_init(&dflt);
        opts = &dflt;
    }
    if (two_threads(n, paths, langs, opts))
        return read_two(paths, langs, opts, docs, err);
    if (!(src = calloc(n ? n : 1, sizeof *src)))
        return ty__nomem(err);
    for (size_t i = 0; i < n && st == TY_OK; i++) {
        char *buf;
        size_t len;
        src[i].name = strcmp(paths[i], "-") ? paths[i] : "<stdin>";
        src[i].lang = langs[i];
        if (langs[i] != TY_LANG_JA && langs[i] != TY_LANG_EN)
            st = ty__fail(err, TY_ERR_INVALID, src[i].name, -1, -1, "unknown language %d",
                          (int)langs[i]);
        else if ((st = ty__read_bytes(paths[i], &buf, &len, err)) == TY_OK)
            st = read_src(buf, len, opts, &src[i], err);
    }
    if (st == TY_OK)
        st = segment_all(src, n, opts, docs, err);
    for (size_t i = 0; i < n; i++)
        src_free(&src[i]);
    free(src);
    return st;
}

ty_status ty_document_read(const char *path, ty_lang lang, const ty_read_opts *opts,
                           ty_doc **out, ty_error *err)
{
    if (!out)
        return ty__fail(err, TY_ERR_INVALID, path, -1, -1, "ty_document_read: NULL argument");
    *out = NULL;
    if (!path)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "ty_document_read: no file");
    return ty_documents_read(1, &path, &lang, opts, out, err);
}

ty_status ty_document_read_mem(const void *bytes, size_t len, const char *name, ty_lang lang,
                               const ty_read_opts *opts, ty_doc **out, ty_error *err)
{
    ty_read_opts dflt;
    src_doc src;
    char *buf;
    ty_status st;

    if (!out)
        return ty__fail(err, TY_ERR_INVALID, name, -1, -1, "ty_document_read_mem: NULL argument");
    *out = NULL;
    if (!bytes && len > 0)
        return ty__fail(err, TY_ERR_INVALID, name, -1, -1, "ty_document_read_mem: no bytes");
    if (lang != TY_LANG_JA && lang != TY_LANG_EN)
        return ty__fail(err, TY_ERR_INVALID, name, -1, -1, "unknown language %d", (int)lang);
    if (len > TY__TEXT_MAX)
        return ty__fail(err, TY_ERR_TOOBIG, name, -1, -1, "input is over the %zu MiB limit",
                        TY__TEXT_MAX >> 20);
    if (!opts) {
        ty_read_opts_init(&dflt);
        opts = &dflt;
    }
    if (!(buf = malloc(len + 1)))
        return ty__nomem(err);
    if (len)
        memcpy(buf, bytes, len);
    memset(&src, 0, sizeof src);
    src.name = name;
    src.lang = lang;
    if ((st = read_src(buf, len, opts, &src, err)) == TY_OK)
        st = segment_all(&src, 1, opts, out, err);
    src_free(&src);
    return st;
}

/* ---- one segment at a time ------------------------------------------------------------ */

/* ty_document_each over plain text: each segment gets its offset in the file. */
typedef struct each_run {
    ty_segment_fn fn;
    void *ud;
    ty__offset_map map;
    long long shift; /* UTF-8 input: a segment's offset in the file is its start plus this (the
                        BOM); otherwise -1, and the map finds it */
} each_run;

static ty_status each_text_segment(const ty_segment *s, void *ud)
{
    each_run *x = ud;
    ty_segment c = *s;

    c.source.offset = x->shift >= 0 ? (long long)s->start + x->shift
                                    : ty__offset_map_get(&x->map, s->start);
    return x->fn(&c, x->ud);
}

static void set_info(ty_read_info *info, ty_format format, const char *encoding,
                     size_t replacements, size_t dropped)
{
    if (!info)
        return;
    memset(info, 0, sizeof *info);
    info->format = format;
    snprintf(info->encoding, sizeof info->encoding, "%.*s", (int)sizeof info->encoding - 1,
             encoding ? encoding : "");
    info->replacements = replacements;
    info->dropped = dropped;
}

/* ty_document_each over the other formats' blocks: each segment gets its heading, article
 * and place in the file as ty_document_read gives them. */
typedef struct each_blocks {
    ty_segment_fn fn;
    void *ud;
    const builder *B;
    const ty__blocks *bl;
    size_t n; /* segments handed over */
} each_blocks;

static ty_status each_block_segment(const ty_segment *s, void *ud)
{
    each_blocks *x = ud;
    ty_segment c = *s;

    blocks_origin(x->B, x->bl, s, &c.heading, &c.article, &c.source);
    x->n++;
    return x->fn(&c, x->ud);
}

/* One document of blocks segmented as found, with the drop list (a single document has no
 * lines repeated across a run): the blocks' text is held once, as the segmenter's text, and
 * no document is built. */
static ty_status stream_blocks(src_doc *d, ty_segmenter *seg, const ty_droplist *drop,
                               int borrow, ty_segment_fn fn, void *userdata, ty_read_info *info,
                               ty_error *err)
{
    ty_droplist *builtin = NULL;
    ty_text *text = NULL;
    each_blocks x;
    builder B;
    ty_status st;

    memset(&B, 0, sizeof B);
    if (!drop && (st = ty_droplist_new(&builtin, err)) != TY_OK)
        return st;
    st = blocks_text(d, drop ? drop : builtin, NULL, UINT32_MAX, &B, &text, err);
    ty_droplist_free(builtin);
    if (st != TY_OK)
        goto done;
    set_info(info, d->format, d->blocks.encoding, d->blocks.replacements, B.dropped);
    x.fn = fn;
    x.ud = userdata;
    x.B = &B;
    x.bl = &d->blocks;
    x.n = 0;
    if ((st = ty__segment_each(seg, text, each_block_segment, &x, borrow, err)) == TY_OK &&
        x.n == 0)
        st = no_segments(d, err);
done:
    ty_text_free(text);
    builder_free(&B);
    return st;
}

ty_status ty_document_each(const char *path, ty_lang lang, const ty_read_opts *opts,
                           ty_segment_fn fn, void *userdata, ty_read_info *info, ty_error *err)
{
    ty_read_opts dflt;
    ty_segmenter *own = NULL;
    ty_doc *doc = NULL;
    src_doc src;
    ty__mapped map;
    char *buf;
    size_t len;
    ty_status st;

    if (!path || !fn)
        return ty__fail(err, TY_ERR_INVALID, path, -1, -1, "ty_document_each: NULL argument");
    if (lang != TY_LANG_JA && lang != TY_LANG_EN)
        return ty__fail(err, TY_ERR_INVALID, path, -1, -1, "unknown language %d", (int)lang);
    if (!opts) {
        ty_read_opts_init(&dflt);
        opts = &dflt;
    }
    memset(&src, 0, sizeof src);
    src.name = strcmp(path, "-") ? path : "<stdin>";
    src.lang = lang;
    /* a large plain-text file streamed is mapped, not read: a read fills fresh memory,
     * which the kernel first zeroes, then copies the file into it */
    if (opts->map)
        ty__map_bytes(path, &map);
    else
        memset(&map, 0, sizeof map);
    if (map.bytes && !opts->segmented &&
        (opts->format == TY_FORMAT_TEXT ||
         (opts->format == TY_FORMAT_AUTO &&
          ty_format_detect(map.bytes, map.len) == TY_FORMAT_TEXT))) {
        src.format = TY_FORMAT_TEXT;
        if ((st = ty__text_decode_mapped(&map, src.name, &opts->decode, &src.text, err)) != TY_OK)
            goto done;
    } else {
        ty__unmap_bytes(&map);
        if ((st = ty__read_bytes(path, &buf, &len, err)) != TY_OK ||
            (st = read_src(buf, len, opts, &src, err)) != TY_OK)
            goto done;
    }
    if (src.format == TY_FORMAT_TEXT && !opts->segmented) {
        /* segmented as found: no document is kept */
        ty_segmenter *seg = opts->segmenter;
        each_run x;
        if (!seg && (st = ty_segmenter_new(lang, &own, err)) != TY_OK)
            goto done;
        set_info(info, TY_FORMAT_TEXT, ty_text_encoding(src.text),
                 ty_text_replacements(src.text), 0);
        x.fn = fn;
        x.ud = userdata;
        ty__offset_map_open(&x.map, src.text);
        x.shift = src.text->src ? -1 : (long long)src.text->bom;
        st = ty__segment_each(seg ? seg : own, src.text, each_text_segment, &x, opts->borrow,
                              err);
        ty__offset_map_close(&x.map);
        goto done;
    }
    if (src.format != TY_FORMAT_TEXT) {
        ty_segmenter *seg = opts->segmenter;
        if (!seg && (st = ty_segmenter_new(lang, &own, err)) != TY_OK)
            goto done;
        st = stream_blocks(&src, seg ? seg : own, opts->drop, opts->borrow, fn, userdata, info,
                           err);
        goto done;
    }
    if ((st = segment_all(&src, 1, opts, &doc, err)) != TY_OK)
        goto done;
    src_free(&src);
    memset(&src, 0, sizeof src);
    set_info(info, ty_doc_format(doc), ty_doc_encoding(doc), ty_doc_replacements(doc),
             ty_doc_dropped(doc));
    for (size_t i = 0; i < ty_doc_count(doc) && st == TY_OK; i++)
        st = fn(ty_doc_segment(doc, i), userdata);
done:
    ty_doc_free(doc);
    ty_segmenter_free(own);
    src_free(&src);
    return st;
}
